"""The PDF renderers the pipeline calls, one per format, each taking a :class:`RenderContext`.

* :func:`render_reading` -- the A5 reading PDF (tagged PDF/UA-1), its page map and the
  PNG previews;
* :func:`render_print` -- the same PDF with 3 mm bleed and crop marks outside it
  (:mod:`.bleed`);
* :func:`render_imposed` -- the reading PDF imposed for saddle stitching on A4;
* :func:`render_handout` -- the A4 handout (at most two pages) with a QR code;
* :func:`page_map` -- anchor id -> printed page, for the EPUB page list.

The renderers of a document share its preparation (:func:`prepare`, cached on the
context): hyphenation dictionaries registered, the document assembled, its glyphs
checked and its static fonts cut. Outputs are written atomically.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import hyphenation
from ..adapters import weasyprint as wp
from ..atomic import atomic_output
from ..context import RenderContext
from ..errors import RenderError, ValidationError
from . import assemble, bleed, engine, fit, glyphs, handout, impose, pagemap, previews, styles
from .fetcher import URLPolicy

log = logging.getLogger(__name__)

#: Pages of the handout at most.
HANDOUT_PAGES = 2
#: The one font family prefix the PDFs may contain (no system fallback font).
FONT_PREFIX = "Noto"


@dataclass(frozen=True)
class Prepared:
    """One print document of a language (the book or the handout), ready for WeasyPrint."""

    html: str
    font_rules: str  # the ``@font-face`` rules of the static fonts made for this document
    policy: URLPolicy
    base_url: Path


# ----------------------------------------------------------------------- entry points

def render_reading(ctx: RenderContext) -> None:
    """The reading PDF, the page map and the previews of ``ctx.language``."""
    started = time.monotonic()
    document = book_layout(ctx)
    data = _write_reading(ctx)
    target = ctx.paths.pdf(ctx.language)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    pagemap.save(ctx.paths, ctx.language, pagemap.anchors_by_page(document))
    _previews(ctx, target, document)
    log.info("%s: reading PDF, %d pages, %.1f s", ctx.language, len(document.pages),
             time.monotonic() - started)


def render_print(ctx: RenderContext) -> None:
    """The print PDF: trim box A5, bleed box 3 mm beyond it, crop marks outside the bleed.

    It is the reading PDF with bleed and crop marks added (:mod:`.bleed`): no second
    layout, the very same pages.
    """
    started = time.monotonic()
    data = bleed.add_bleed(reading_bytes(ctx))
    with atomic_output(ctx.paths.pdf(ctx.language, "print")) as tmp:
        tmp.write_bytes(data)
    log.info("%s: print PDF, %.1f s", ctx.language, time.monotonic() - started)


def render_imposed(ctx: RenderContext) -> None:
    """The saddle-stitch imposition of the reading PDF (:func:`reading_bytes`)."""
    started = time.monotonic()
    with atomic_output(ctx.paths.pdf(ctx.language, "imposed")) as tmp:
        sides = impose.impose(reading_bytes(ctx), tmp)
    log.info("%s: imposed PDF, %d sheet sides, %.1f s", ctx.language, sides,
             time.monotonic() - started)


def render_handout(ctx: RenderContext) -> None:
    """The A4 handout with the QR code of the online edition."""
    started = time.monotonic()
    target = ctx.paths.handout(ctx.language)
    if not ctx.book["meta"].get("base_url"):
        raise RenderError("the handout needs the address of the online edition for its QR code",
                          ctx.config.origin, hint="set base-url in [tool.booklet]")
    if not ctx.book.get("handout"):
        raise RenderError("this language has no handout document", ctx.paths.book(ctx.language),
                          hint=f"add the {ctx.config.handout!r} document to the sources")
    prepared = prepare(ctx, "handout")
    job = engine.Job(prepared.html, styles.stylesheet(prepared.font_rules, "handout.css"),
                     prepared.base_url, prepared.policy, ctx.strict,
                     _source(ctx, ctx.config.handout), "handout")
    document = engine.layout(job)
    if len(document.pages) > HANDOUT_PAGES:
        raise ValidationError(f"the handout has {len(document.pages)} pages, at most "
                              f"{HANDOUT_PAGES} are allowed", _source(ctx, ctx.config.handout),
                              hint="shorten the handout text")
    data = engine.write(document, job)
    _check_fonts(document, job)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    log.info("%s: handout, %d pages, %.1f s", ctx.language, len(document.pages),
             time.monotonic() - started)


def page_map(ctx: RenderContext) -> dict[str, int]:
    """Anchor id -> printed page number of the reading PDF (laid out if not saved yet)."""
    saved = pagemap.load(ctx.paths, ctx.language)
    if saved is not None and _fresh(ctx, ctx.paths.page_map(ctx.language)):
        return saved
    pages = pagemap.anchors_by_page(book_layout(ctx))
    pagemap.save(ctx.paths, ctx.language, pages)
    return pages


# --------------------------------------------------------------------------- helpers

def prepare(ctx: RenderContext, which: str = "book") -> Prepared:
    """The *which* document (``book`` or ``handout``): hyphenation registered, the HTML
    assembled, its glyphs checked, its static fonts cut (cached on the context)."""
    key = f"pdf.prepared.{which}"
    if key in ctx._cache:
        return ctx._cache[key]
    _register_hyphenation(ctx)
    base = ctx.paths.work(ctx.language)
    policy = URLPolicy.of(allowed_roots(ctx), ctx.paths.book(ctx.language))
    book = ctx.book
    docs = book["docs"] if which == "book" else [book["handout"]]
    where = {doc["id"]: _where(ctx, doc["name"]) for doc in docs}
    files = {doc["id"]: _shown(ctx, _source(ctx, doc["name"])) for doc in docs}
    sources = assemble.Sources(base, policy, files)
    if which == "book":
        html = assemble.book_document(book, sources)
        glyphs.check_document(html, where, ctx.paths.book(ctx.language), book["labels"])
    else:
        html = handout.document(book, sources)
        glyphs.check_document(html, where, ctx.paths.book(ctx.language))
    font_rules = styles.static_fonts(html, base.parent / "pdf-fonts")
    ctx._cache[key] = prepared = Prepared(html, font_rules, policy, base)
    return prepared


def book_layout(ctx: RenderContext) -> Any:
    """The laid-out book, paragraphs fitted (cached on the context)."""
    cached = ctx._cache.get("pdf.book")
    if cached is None:
        job = _book_job(ctx, what="reading PDF", fitted=False)
        cached, extra = fit.fit(
            job.html, job.css,
            lambda html, css: engine.layout(replace(job, html=html, css=job.css + css)),
            lambda html, css: engine.layout(replace(job, html=html, css=job.css + css,
                                                    strict=False, what="fitting trial")),
            fit.Choices(ctx.paths.fit_choices(ctx.language)))
        ctx._cache.update({"pdf.book": cached, "pdf.fit_css": extra})
    return cached


def reading_bytes(ctx: RenderContext) -> bytes:
    """The reading PDF of the current parse, for the formats made from it: the file
    :func:`render_reading` wrote, or laid out and written now if it is older."""
    if "pdf.reading_bytes" not in ctx._cache and _fresh(ctx, ctx.paths.pdf(ctx.language)):
        return ctx.paths.pdf(ctx.language).read_bytes()
    return _write_reading(ctx)


def _write_reading(ctx: RenderContext) -> bytes:
    """The reading PDF's bytes from :func:`book_layout` (cached on the context)."""
    cached = ctx._cache.get("pdf.reading_bytes")
    if cached is None:
        document = book_layout(ctx)
        job = _book_job(ctx, what="reading PDF")
        cached = engine.write(document, job)
        _check_fonts(document, job)
        ctx._cache["pdf.reading_bytes"] = cached
    return cached


def fitted_css(ctx: RenderContext) -> str:
    """The per-paragraph rules :mod:`.fit` chose for the book (fitting it if needed)."""
    if "pdf.fit_css" not in ctx._cache:
        book_layout(ctx)
    return ctx._cache["pdf.fit_css"]


def _fresh(ctx: RenderContext, path: Path) -> bool:
    """Whether *path* was written from the current parse (not older than ``book.json``)."""
    try:
        return path.stat().st_mtime >= ctx.paths.book(ctx.language).stat().st_mtime
    except OSError:
        return False


def allowed_roots(ctx: RenderContext) -> list[Path]:
    """Folders a print document may read from: project, sources, build (fonts too), styles."""
    config = ctx.config
    return [config.project, config.source_dir, config.build_dir, styles.DATA]


#: The book's stylesheets.
BOOK_SHEETS = ("book.css",)


def _book_job(ctx: RenderContext, what: str, fitted: bool = True) -> engine.Job:
    prepared = prepare(ctx)
    css = styles.stylesheet(prepared.font_rules, *BOOK_SHEETS) + (fitted_css(ctx) if fitted else "")
    return engine.Job(prepared.html, css, prepared.base_url, prepared.policy, ctx.strict,
                      ctx.paths.book(ctx.language), what)


def _register_hyphenation(ctx: RenderContext) -> None:
    """Give pyphen, and so WeasyPrint, dictionaries for az, tr, tk (:mod:`booklet.hyphenation`)."""
    hyphenation.register([ctx.language], ctx.paths.work(ctx.language).parent / "hyphen")


def _check_fonts(document: Any, job: engine.Job) -> None:
    """Every font in the PDF is one of ours: no silent fallback to a system font."""
    names = wp.font_names(document)
    foreign = [name for name in names if not name.startswith(FONT_PREFIX)]
    if foreign:
        raise RenderError(f"the {job.what} uses font(s) other than Noto: {', '.join(foreign)}",
                          job.source, hint="a character or style the booklet's fonts lack")


def _previews(ctx: RenderContext, pdf: Path, document: Any) -> None:
    stem = f"{ctx.config.slug}-{ctx.language}"
    previews.write_previews(pdf, ctx.paths.previews, stem, previews.full_spread(document))


def _where(ctx: RenderContext, docname: str) -> str:
    """``events (docs/events.rst, locales/az/LC_MESSAGES/events.po)`` for messages."""
    shown = _shown(ctx, _source(ctx, docname))
    if ctx.language != ctx.config.source_language:
        catalog = ctx.config.locales_dir / ctx.language / "LC_MESSAGES" / f"{docname}.po"
        shown += f", {_shown(ctx, catalog)}"
    return f"{docname} ({shown})"


def _shown(ctx: RenderContext, path: Path) -> str:
    """*path* relative to the project if it is inside, else absolute."""
    try:
        return path.relative_to(ctx.config.project).as_posix()
    except ValueError:
        return str(path)


def _source(ctx: RenderContext, docname: str) -> Path:
    """The source file of *docname* (``docs/events.rst``), whatever its suffix."""
    folder = ctx.config.source_dir
    candidates = sorted(folder.glob(f"{docname}.*"))
    return next((c for c in candidates if c.suffix in (".rst", ".md", ".txt")),
                candidates[0] if candidates else folder / docname)

