"""The PDF renderers the pipeline calls, one per format, each taking a :class:`RenderContext`.

* :func:`render_reading` -- the A5 reading PDF (tagged PDF/UA-1), its page map and the
  PNG previews;
* :func:`render_print` -- the same pages with 3 mm bleed and crop marks outside it;
* :func:`render_imposed` -- the reading PDF imposed for saddle stitching on A4;
* :func:`render_handout` -- the A4 handout (at most two pages) with a QR code;
* :func:`page_map` -- anchor id -> printed page, for the EPUB page list.

All of a language's renderers share one preparation (:func:`prepare`, cached on the
context): hyphenation dictionaries registered, the print documents assembled and their
glyphs checked. Outputs are written atomically.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..atomic import atomic_output
from ..context import RenderContext
from ..errors import RenderError, ValidationError
from . import assemble, engine, fit, glyphs, handout, impose, pagemap, previews, styles
from .fetcher import URLPolicy

log = logging.getLogger(__name__)

MM = 72 / 25.4
#: The bleed of the print PDF's BleedBox, beyond the trim box on every side.
BLEED_MM = 3.0
#: Pages of the handout at most.
HANDOUT_PAGES = 2
#: The one font family prefix the PDFs may contain (no system fallback font).
FONT_PREFIX = "Noto"


@dataclass(frozen=True)
class Prepared:
    """A language's print documents, ready for WeasyPrint."""

    book_html: str
    handout_html: str | None
    policy: URLPolicy
    base_url: Path


# ----------------------------------------------------------------------- entry points

def render_reading(ctx: RenderContext) -> None:
    """The reading PDF, the page map and the previews of ``ctx.language``."""
    started = time.monotonic()
    document = reading_layout(ctx)
    job = _book_job(ctx, "book.css", what="reading PDF")
    data = engine.write(document, job)
    _check_fonts(document, job)
    target = ctx.paths.pdf(ctx.language)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    pages = pagemap.anchors_by_page(document)
    pagemap.save(ctx.paths, ctx.language, pages)
    _previews(ctx, target, pages)
    log.info("%s: reading PDF, %d pages, %.1f s", ctx.language, len(document.pages),
             time.monotonic() - started)


def render_print(ctx: RenderContext) -> None:
    """The print PDF: trim box A5, bleed box 3 mm beyond it, crop marks outside the bleed."""
    started = time.monotonic()
    job = _book_job(ctx, "book.css", "print.css", what="print PDF")
    document = engine.layout(job)
    data = engine.write(document, job, finisher=_set_bleed_box)
    _check_fonts(document, job)
    expected = ctx._cache.get("pdf.reading_pages")
    if expected is not None and expected != len(document.pages):
        raise ValidationError(f"the print PDF has {len(document.pages)} pages, the reading PDF "
                              f"{expected}", ctx.paths.pdf(ctx.language, "print"))
    with atomic_output(ctx.paths.pdf(ctx.language, "print")) as tmp:
        tmp.write_bytes(data)
    log.info("%s: print PDF, %d pages, %.1f s", ctx.language, len(document.pages),
             time.monotonic() - started)


def render_imposed(ctx: RenderContext) -> None:
    """The saddle-stitch imposition of the reading PDF (rendered first if missing)."""
    source = ctx.paths.pdf(ctx.language)
    if not source.is_file():
        render_reading(ctx)
    with atomic_output(ctx.paths.pdf(ctx.language, "imposed")) as tmp:
        sides = impose.impose(source, tmp)
    log.info("%s: imposed PDF, %d sheet sides", ctx.language, sides)


def render_handout(ctx: RenderContext) -> None:
    """The A4 handout with the QR code of the online edition."""
    started = time.monotonic()
    prepared = prepare(ctx)
    target = ctx.paths.handout(ctx.language)
    if prepared.handout_html is None:
        raise RenderError("this language has no handout document", ctx.paths.book(ctx.language),
                          hint=f"add the {ctx.config.handout!r} document to the sources")
    job = engine.Job(prepared.handout_html, styles.stylesheet("handout.css"), prepared.base_url,
                     prepared.policy, ctx.strict, _source(ctx, ctx.config.handout), "handout")
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
    if saved is not None and ctx.paths.page_map(ctx.language).stat().st_mtime >= \
            ctx.paths.book(ctx.language).stat().st_mtime:
        return saved
    pages = pagemap.anchors_by_page(reading_layout(ctx))
    pagemap.save(ctx.paths, ctx.language, pages)
    return pages


# --------------------------------------------------------------------------- helpers

def prepare(ctx: RenderContext) -> Prepared:
    """Register hyphenation, assemble the print documents and check their glyphs (cached)."""
    cached = ctx._cache.get("pdf.prepared")
    if cached is not None:
        return cached
    _register_hyphenation(ctx)
    base = ctx.paths.work(ctx.language)
    policy = URLPolicy.of(allowed_roots(ctx), ctx.paths.book(ctx.language))
    sources = assemble.Sources(base, policy)
    book = ctx.book
    book_html = assemble.book_document(book, sources)
    handout_html = handout.document(book, sources) if book.get("handout") else None
    where = {doc["id"]: _where(ctx, doc["name"]) for doc in book["docs"]}
    glyphs.check_document(book_html, where, ctx.paths.book(ctx.language), book["labels"])
    if handout_html is not None:
        glyphs.check_document(handout_html, {book["handout"]["id"]: _where(ctx, book["handout"]["name"])},
                              ctx.paths.book(ctx.language))
    prepared = Prepared(book_html, handout_html, policy, base)
    ctx._cache["pdf.prepared"] = prepared
    return prepared


def reading_layout(ctx: RenderContext) -> Any:
    """The laid-out reading document, paragraphs fitted (cached on the context)."""
    cached = ctx._cache.get("pdf.reading")
    if cached is None:
        job = _book_job(ctx, "book.css", what="reading PDF", fitted=False)
        cached, extra = fit.fit(job.html, lambda html, css: engine.layout(
            replace(job, html=html, css=job.css + css)))
        ctx._cache.update({"pdf.reading": cached, "pdf.fit_css": extra,
                           "pdf.reading_pages": len(cached.pages)})
    return cached


def fitted_css(ctx: RenderContext) -> str:
    """The per-paragraph rules :mod:`.fit` chose for the reading PDF (fitting it if needed)."""
    if "pdf.fit_css" not in ctx._cache:
        reading_layout(ctx)
    return ctx._cache["pdf.fit_css"]


def allowed_roots(ctx: RenderContext) -> list[Path]:
    """Folders a print document may read from: project, sources, build, styles, fonts."""
    config = ctx.config
    return [config.project, config.source_dir, config.build_dir, styles.DATA, *styles.font_roots()]


def _book_job(ctx: RenderContext, *sheets: str, what: str, fitted: bool = True) -> engine.Job:
    prepared = prepare(ctx)
    css = styles.stylesheet(*sheets) + (fitted_css(ctx) if fitted else "")
    return engine.Job(prepared.book_html, css, prepared.base_url, prepared.policy, ctx.strict,
                      ctx.paths.book(ctx.language), what)


def _register_hyphenation(ctx: RenderContext) -> None:
    try:
        from .. import hyphenation
    except ImportError as exc:  # the module is part of the package; say so if it is broken
        raise RenderError(f"hyphenation support is missing: {exc}") from exc
    hyphenation.register([ctx.language], ctx.paths.work(ctx.language).parent / "hyphen")


def _set_bleed_box(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: every page's BleedBox = TrimBox + :data:`BLEED_MM` on each side."""
    bleed = BLEED_MM * MM
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            x0, y0, x1, y1 = (float(v) for v in obj["TrimBox"])
            left, right = min(x0, x1), max(x0, x1)
            low, high = min(y0, y1), max(y0, y1)
            obj["BleedBox"] = type(obj["TrimBox"])([left - bleed, low - bleed, right + bleed,
                                                    high + bleed])


def _check_fonts(document: Any, job: engine.Job) -> None:
    """Every font in the PDF is one of ours: no silent fallback to a system font."""
    names = sorted({font.name.decode("latin-1").split("+", 1)[-1] for font in document.fonts.values()})
    foreign = [name for name in names if not name.startswith(FONT_PREFIX)]
    if foreign:
        raise RenderError(f"the {job.what} uses font(s) other than Noto: {', '.join(foreign)}",
                          job.source, hint="a character or style is missing from the booklet's fonts")


def _previews(ctx: RenderContext, pdf: Path, pages: dict[str, int]) -> None:
    chapters = [d["id"] for d in ctx.book["docs"] if d["part"] == "chapter"]
    right = pages.get(chapters[0], 5) if chapters else 5
    stem = f"{ctx.config.slug}-{ctx.language}"
    previews.write_previews(pdf, ctx.paths.previews, stem, right)


def _where(ctx: RenderContext, docname: str) -> str:
    source = _source(ctx, docname)
    try:
        shown = source.relative_to(ctx.config.project).as_posix()
    except ValueError:
        shown = str(source)
    if ctx.language != ctx.config.source_language:
        catalog = ctx.config.locales_dir / ctx.language / "LC_MESSAGES" / f"{docname}.po"
        try:
            shown += f", {catalog.relative_to(ctx.config.project).as_posix()}"
        except ValueError:
            shown += f", {catalog}"
    return f"{docname} ({shown})"


def _source(ctx: RenderContext, docname: str) -> Path:
    """The source file of *docname* (``docs/events.rst``), whatever its suffix."""
    folder = ctx.config.source_dir
    candidates = sorted(folder.glob(f"{docname}.*"))
    return next((c for c in candidates if c.suffix in (".rst", ".md", ".txt")),
                candidates[0] if candidates else folder / docname)


Renderer = Callable[[RenderContext], None]
