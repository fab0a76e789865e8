"""One language's book laid out: prepare -> fit -> lay out -> write, as one object.

:func:`lay_out` is the one place a book is laid out. It gives a :class:`BookLayout`:
the fitted HTML and CSS, WeasyPrint's document, its page map and, once asked, the
reading PDF's bytes. The reading renderer writes the PDF and, beside ``book.json``,
the page map with the layout's :func:`key` and the PDF's digest (:mod:`.pagemap`).

The formats made from the reading PDF (the print and imposed PDFs) take it from
:func:`reading_pdf`: the file the reading renderer wrote, if its record carries the
current key (the book, the stylesheets, the settings and the code it was laid out
from: contents, not file times) and the file's digest; otherwise the book is laid out
here. The EPUB reads the page map file only (:func:`booklet.pdf.pagemap.load`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..adapters import weasyprint as wp
from ..context import RenderContext
from ..errors import RenderError
from . import engine, fit, pagemap, styles
from .. import fonts
from .prepare import Prepared, code_colours, prepare, script_font

log = logging.getLogger(__name__)

#: The book's stylesheets.
BOOK_SHEETS = ("book.css",)
#: Settings a book's layout does not depend on (other languages and formats, folders).
IGNORED_SETTINGS = frozenset({"formats", "languages", "strict", "origin", "project",
                              "source_dir", "locales_dir", "build_dir", "terms"})


@dataclass
class BookLayout:
    """The laid-out book of one language (see the module docstring)."""

    language: str
    key: str  # :func:`key` of the inputs it was laid out from
    prepared: Prepared
    fitted: fit.Fitted
    job: engine.Job  # the reading PDF's job: the fitted HTML and the whole stylesheet
    document: Any  # WeasyPrint's laid-out document (read through booklet.adapters.weasyprint)
    script_font: fonts.ScriptFont | None = None  # the language's font beside the families
    _pdf: bytes | None = field(default=None, repr=False)

    @property
    def pages(self) -> dict[str, int]:
        """Anchor id -> printed page number (the cover is page 1)."""
        return pagemap.anchors_by_page(self.document)

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def pdf(self) -> bytes:
        """The reading PDF (written once; every font checked to be one of ours)."""
        if self._pdf is None:
            self._pdf = engine.write(self.document, self.job)
            check_fonts(self.document, self.job, self.script_font)
        return self._pdf


def key(ctx: RenderContext) -> str:
    """What the book's layout depends on: ``book.json``, the print stylesheets, the
    settings (those of one language's book, not where the folders are: a build folder
    copied elsewhere keeps its layouts), the code that lays it out and the pinned
    WeasyPrint. Equal keys, equal pages."""
    digest = hashlib.sha256()
    digest.update(ctx.paths.book(ctx.language).read_bytes())
    settings = {f.name: getattr(ctx.config, f.name) for f in fields(ctx.config)
                if f.name not in IGNORED_SETTINGS}
    settings["design"] = ctx.config.design.to_data()  # its files' contents, not their paths
    digest.update(repr(sorted(settings.items(), key=lambda kv: kv[0])).encode())
    digest.update(wp.version_salt().encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*styles.DATA.glob("*"), *package.glob("pdf/*.py"),
                        *package.glob("adapters/*.py"), package / "hyphenation.py",
                        package / "fonts.py"]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def book_job(ctx: RenderContext, prepared: Prepared, what: str = "reading PDF") -> engine.Job:
    """The job of the book as prepared (before fitting)."""
    css = (styles.stylesheet(prepared.font_rules, *BOOK_SHEETS, extra=script_font(ctx),
                             code_colours=code_colours(ctx))
           + ctx.config.design.print_css())
    return engine.Job(prepared.html, css, prepared.base_url, prepared.policy, ctx.strict,
                      ctx.paths.book(ctx.language), what)


def lay_out(ctx: RenderContext) -> BookLayout:
    """Prepare, fit and lay out the book of ``ctx.language``."""
    prepared = prepare(ctx)
    job = book_job(ctx, prepared)
    trial = replace(job, strict=False, what="fitting trial")
    fitted, document = fit.fit_book(
        job.html, job.css,
        lambda html, css: engine.layout(replace(trial, html=html, css=job.css + css)),
        lambda html, css: engine.layout(replace(job, html=html, css=job.css + css)),
        fit.Choices(ctx.paths.fit_choices(ctx.language)))
    final = replace(job, html=fitted.html, css=job.css + fitted.css)
    return BookLayout(ctx.language, key(ctx), prepared, fitted, final, document,
                      script_font(ctx))


def save(ctx: RenderContext, book: BookLayout, pdf: bytes) -> None:
    """Record *book*'s page map, key and the digest of its reading PDF (written before)."""
    pagemap.save(ctx.paths, ctx.language, book.pages, book.key,
                 hashlib.sha256(pdf).hexdigest())


def reading_pdf(ctx: RenderContext) -> bytes:
    """The reading PDF of the current book: the saved file if its record is current,
    else laid out and written now."""
    record = pagemap.load_record(ctx.paths, ctx.language)
    target = ctx.paths.pdf(ctx.language)
    if record is not None and record.key == key(ctx) and target.is_file():
        data = target.read_bytes()
        if hashlib.sha256(data).hexdigest() == record.pdf_digest:
            return data
        log.info("%s: the reading PDF is not the one its layout record names", ctx.language)
    log.info("%s: laying out the book (no current reading PDF)", ctx.language)
    return lay_out(ctx).pdf()


def font_prefixes(extra: fonts.ScriptFont | None = None) -> tuple[str, ...]:
    """The PostScript name prefixes of the families a PDF may contain."""
    families = [*fonts.FAMILIES, *([extra.family] if extra is not None else [])]
    return tuple(family.replace(" ", "-") for family in families)


def check_fonts(document: Any, job: engine.Job, extra: fonts.ScriptFont | None = None) -> None:
    """Every font in the PDF is one of ours: no silent fallback to a system font."""
    allowed = font_prefixes(extra)
    foreign = [name for name in wp.font_names(document) if not name.startswith(allowed)]
    if foreign:
        raise RenderError(f"the {job.what} uses font(s) other than {', '.join(allowed)}: "
                          f"{', '.join(foreign)}", job.source,
                          hint="a character or style the configured fonts lack")
