"""The PDF renderers the pipeline calls, one per format, each taking a :class:`RenderContext`.

* :func:`render_reading` -- the A5 reading PDF (tagged PDF/UA-1), its page map and the
  PNG previews, from the book's :class:`~.layout.BookLayout`;
* :func:`render_print` -- the same PDF with 3 mm bleed and crop marks outside it
  (:mod:`.bleed`), as PDF/X-4 (:mod:`.pdfx`);
* :func:`render_imposed` -- the reading PDF imposed for saddle stitching on A4;
* :func:`render_handout` -- the A4 handout (at most two pages), with a QR code when
  ``base-url`` is set.

The book is laid out in one place (:func:`.layout.lay_out`: prepare, fit, lay out);
the print and imposed PDFs take the reading PDF from :func:`.layout.reading_pdf`.
Outputs are written atomically.
"""

from __future__ import annotations

import logging
import time

from ..atomic import atomic_output
from ..context import RenderContext
from ..errors import RenderError, ValidationError
from . import bleed, engine, impose, layout, pdfx, previews, styles
from .prepare import code_colours, prepare, script_font, source_file

log = logging.getLogger(__name__)

#: Pages of the handout at most.
HANDOUT_PAGES = 2


def render_reading(ctx: RenderContext) -> None:
    """The reading PDF, the page map and the previews of ``ctx.language``."""
    started = time.monotonic()
    book = layout.lay_out(ctx)
    data = book.pdf()
    target = ctx.paths.pdf(ctx.language)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    layout.save(ctx, book, data)
    stem = f"{ctx.config.slug}-{ctx.language}"
    previews.write_previews(target, ctx.paths.previews, stem, previews.full_spread(book.document))
    log.info("%s: reading PDF, %d pages, %.1f s", ctx.language, book.page_count,
             time.monotonic() - started)


def render_print(ctx: RenderContext) -> None:
    """The print PDF (PDF/X-4): trim box A5, bleed box 3 mm beyond it, crop marks outside
    the bleed.

    It is the reading PDF with bleed and crop marks added (:mod:`.bleed`): no second
    layout, the very same pages.
    """
    started = time.monotonic()
    reading = layout.reading_pdf(ctx)
    identity = pdfx.Identity(f"{ctx.config.slug}-{ctx.language}-print", reading)
    data = bleed.add_bleed(reading, identity)
    with atomic_output(ctx.paths.pdf(ctx.language, "print")) as tmp:
        tmp.write_bytes(data)
    log.info("%s: print PDF, %.1f s", ctx.language, time.monotonic() - started)


def render_imposed(ctx: RenderContext) -> None:
    """The saddle-stitch imposition of the reading PDF (:func:`.layout.reading_pdf`)."""
    started = time.monotonic()
    with atomic_output(ctx.paths.pdf(ctx.language, "imposed")) as tmp:
        sides = impose.impose(layout.reading_pdf(ctx), tmp)
    log.info("%s: imposed PDF, %d sheet sides, %.1f s", ctx.language, sides,
             time.monotonic() - started)


def render_handout(ctx: RenderContext) -> None:
    """The A4 handout, with the QR code of the online edition when ``base-url`` is set."""
    started = time.monotonic()
    target = ctx.paths.handout(ctx.language)
    if not ctx.book.get("handout"):
        raise RenderError("this language has no handout document", ctx.paths.book(ctx.language),
                          hint=f"add the {ctx.config.handout!r} document to the sources")
    prepared = prepare(ctx, "handout")
    source = source_file(ctx, ctx.config.handout)
    css = (styles.stylesheet(prepared.font_rules, "handout.css", extra=script_font(ctx),
                             code_colours=code_colours(ctx))
           + ctx.config.design.print_css())
    job = engine.Job(prepared.html, css, prepared.base_url, prepared.policy, ctx.strict, source,
                     "handout")
    document = engine.layout(job)
    if len(document.pages) > HANDOUT_PAGES:
        raise ValidationError(f"the handout has {len(document.pages)} pages, at most "
                              f"{HANDOUT_PAGES} are allowed", source,
                              hint="shorten the handout text")
    data = engine.write(document, job)
    layout.check_fonts(document, job, script_font(ctx))
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    log.info("%s: handout, %d pages, %.1f s", ctx.language, len(document.pages),
             time.monotonic() - started)
