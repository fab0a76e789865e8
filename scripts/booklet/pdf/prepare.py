"""The first step of every print document: its HTML and what WeasyPrint needs with it.

:func:`prepare` registers the hyphenation dictionaries, assembles the document (the
book or the handout) from ``book.json``, checks its glyphs and cuts its static fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import fonts, highlighting, hyphenation
from ..context import RenderContext
from . import assemble, glyphs, handout, styles
from .fetcher import URLPolicy


@dataclass(frozen=True)
class Prepared:
    """One print document of a language (the book or the handout), ready for WeasyPrint."""

    html: str
    font_rules: str  # the ``@font-face`` rules of the static fonts made for this document
    policy: URLPolicy
    base_url: Path


def prepare(ctx: RenderContext, which: str = "book") -> Prepared:
    """The *which* document (``book`` or ``handout``): hyphenation registered, the HTML
    assembled, its glyphs checked, its static fonts cut."""
    _register_hyphenation(ctx)
    base = ctx.paths.work(ctx.language)
    policy = URLPolicy.of(allowed_roots(ctx), ctx.paths.book(ctx.language))
    book = ctx.book
    docs = book["docs"] if which == "book" else [book["handout"]]
    where = {doc["id"]: _where(ctx, doc["name"]) for doc in docs}
    files = {doc["id"]: _shown(ctx, source_file(ctx, doc["name"])) for doc in docs}
    sources = assemble.Sources(base, policy, files)
    extra = script_font(ctx)
    design = ctx.config.design
    if which == "book":
        html = assemble.book_document(book, sources, design, ctx.config.contents_depth)
        glyphs.check_document(html, where, ctx.paths.book(ctx.language), book["labels"],
                              ctx.language, extra)
    else:
        html = handout.document(book, sources, design)
        glyphs.check_document(html, where, ctx.paths.book(ctx.language), None, ctx.language, extra)
    font_rules = styles.static_fonts(html + design.stylesheet_text, ctx.paths.pdf_fonts, extra)
    return Prepared(html, font_rules, policy, base)


def script_font(ctx: RenderContext) -> fonts.ScriptFont | None:
    """The font configured for the script of ``ctx.language`` (``[tool.booklet] fonts``)."""
    return fonts.script_font_for(ctx.config.fonts, ctx.language, ctx.config.project)


def code_colours(ctx: RenderContext) -> str:
    """The colours of highlighted code, as the language's website has them."""
    return highlighting.code_colours(ctx.paths.staging_html(ctx.language) / "_static" / "pygments.css")


def allowed_roots(ctx: RenderContext) -> list[Path]:
    """Folders a print document may read from: project, sources, build (fonts too), styles."""
    config = ctx.config
    return [config.project, config.source_dir, ctx.paths.root, styles.DATA]


def _register_hyphenation(ctx: RenderContext) -> None:
    """Give pyphen, and so WeasyPrint, dictionaries for az, tr, tk (:mod:`booklet.hyphenation`)."""
    hyphenation.register([ctx.language], ctx.paths.hyphenation)


def _where(ctx: RenderContext, docname: str) -> str:
    """``events (docs/events.rst, locales/az/LC_MESSAGES/events.po)`` for messages."""
    shown = _shown(ctx, source_file(ctx, docname))
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


def source_file(ctx: RenderContext, docname: str) -> Path:
    """The source file of *docname* (``docs/events.rst``), whatever its suffix."""
    folder = ctx.config.source_dir
    candidates = sorted(folder.glob(f"{docname}.*"))
    return next((c for c in candidates if c.suffix in (".rst", ".md", ".txt")),
                candidates[0] if candidates else folder / docname)

