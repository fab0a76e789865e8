"""Where every output and intermediate file lives: the one place for build paths.

``build/`` holds outputs only::

    build/html/<lang>/...             the website, one folder per language
    build/html/index.html             the language chooser
    build/html/download/              every PDF and EPUB, covers, share cards (booklet.downloads)
    build/html/opds.xml               the e-reader catalog (booklet.opds)
    build/pdf/<slug>-<lang>.pdf       reading PDF (and -print, -imposed variants)
    build/pdf/<slug>-handout-<lang>.pdf
    build/epub/<slug>-<lang>.epub
    build/previews/                   PNG previews
    build/manifest.json               every output with its fingerprint
    build/.work/<lang>/               Sphinx environment, doctrees, rendered chapters
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config

#: The folder of the edition's files inside the website (also their URL path segment).
DOWNLOADS = "download"


@dataclass(frozen=True)
class BuildPaths:
    """The layout of one project's ``build/`` directory."""

    config: Config

    @property
    def root(self) -> Path:
        return self.config.build_dir

    @property
    def html_root(self) -> Path:
        return self.root / "html"

    def html(self, lang: str) -> Path:
        return self.html_root / lang

    @property
    def downloads(self) -> Path:
        """The files offered on the website (:mod:`booklet.downloads`), inside it."""
        return self.html_root / DOWNLOADS

    @property
    def pdf_dir(self) -> Path:
        return self.root / "pdf"

    def pdf(self, lang: str, variant: str = "") -> Path:
        """``variant`` is '' (reading), 'print' or 'imposed'."""
        suffix = f"-{variant}" if variant else ""
        return self.pdf_dir / f"{self.config.slug}-{lang}{suffix}.pdf"

    def handout(self, lang: str) -> Path:
        return self.pdf_dir / f"{self.config.slug}-handout-{lang}.pdf"

    def epub(self, lang: str) -> Path:
        return self.root / "epub" / f"{self.config.slug}-{lang}.epub"

    @property
    def previews(self) -> Path:
        return self.root / "previews"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def work(self, lang: str) -> Path:
        """Per-language intermediate files (never an output)."""
        return self.root / ".work" / lang

    def doctrees(self, lang: str) -> Path:
        return self.work(lang) / "doctrees"

    def staging_html(self, lang: str) -> Path:
        """Sphinx's own output folder, kept between builds for incremental writes."""
        return self.work(lang) / "html"

    def book(self, lang: str) -> Path:
        """The rendered chapters of one language (see :mod:`booklet.sphinxext.bookdata`)."""
        return self.work(lang) / "book.json"

    def page_map(self, lang: str) -> Path:
        """Anchor id -> printed page number, written by the PDF renderer, read by the EPUB."""
        return self.work(lang) / "pages.json"

    def fit_choices(self, lang: str) -> Path:
        """Paragraph key -> the spacing adjustment :mod:`booklet.pdf.fit` chose for it."""
        return self.work(lang) / "fit.json"

    @property
    def epubcheck_results(self) -> Path:
        """EPUBCheck's messages by EPUB sha256, kept by ``booklet preflight`` (never an output)."""
        return self.root / ".work" / "epubcheck.json"

    def outputs(self, lang: str, fmt: str) -> list[Path]:
        """The files (or, for html, the folder) a job of format *fmt* produces."""
        return {
            "html": [self.html(lang)],
            "pdf": [self.pdf(lang)],
            "print": [self.pdf(lang, "print")],
            "imposed": [self.pdf(lang, "imposed")],
            "handout": [self.handout(lang)],
            "epub": [self.epub(lang)],
        }[fmt]
