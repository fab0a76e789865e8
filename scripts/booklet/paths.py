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
    build/gettext/                    message templates (``booklet gettext``)
    build/.work/<lang>/               one language's intermediate files (:class:`LanguageWork`)
    build/.work/{webfonts,pdf-fonts,epub-fonts?,hyphen}/  caches shared by the languages

No other module joins names onto a build folder: each asks :class:`BuildPaths` (or, inside
Sphinx, which knows only its output folder, :meth:`LanguageWork.of_staging_html`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config

#: The folder of the edition's files inside the website (also their URL path segment).
DOWNLOADS = "download"


@dataclass(frozen=True)
class LanguageWork:
    """``build/.work/<lang>/``: one language's intermediate files (never an output)."""

    folder: Path

    @classmethod
    def of_staging_html(cls, outdir: Path | str) -> LanguageWork:
        """The work folder of the language whose Sphinx output folder is *outdir*."""
        return cls(Path(outdir).parent)

    @property
    def staging_html(self) -> Path:
        """Sphinx's own output folder, kept between builds for incremental writes."""
        return self.folder / "html"

    @property
    def doctrees(self) -> Path:
        return self.folder / "doctrees"

    @property
    def environment(self) -> Path:
        """Sphinx's pickled environment: removed, the next parse reads every source again."""
        return self.doctrees / "environment.pickle"

    @property
    def bodies(self) -> Path:
        """The body of every page, as the builder wrote it (``<docname>.html``)."""
        return self.folder / "bodies"

    @property
    def book(self) -> Path:
        """The rendered chapters (see :mod:`booklet.sphinxext.bookdata`)."""
        return self.folder / "book.json"

    @property
    def translations_js(self) -> Path:
        """The search interface's messages, for languages Sphinx lacks."""
        return self.folder / "translations.js"

    @property
    def parse_stamp(self) -> Path:
        """The package digest and settings the last parse was made with."""
        return self.folder / "parsed-with"

    @property
    def page_map(self) -> Path:
        """Anchor id -> printed page number, written by the PDF renderer, read by the EPUB."""
        return self.folder / "pages.json"

    @property
    def fit_choices(self) -> Path:
        """Paragraph key -> the spacing adjustment :mod:`booklet.pdf.fit` chose for it."""
        return self.folder / "fit.json"

    @property
    def epub_fonts(self) -> Path:
        """The EPUB's static font instances, cut once and reused."""
        return self.folder / "epub-fonts"

    @property
    def shared(self) -> Path:
        """``build/.work``: caches shared by every language."""
        return self.folder.parent

    @property
    def web_fonts(self) -> Path:
        """The website's font subsets, shared by languages with the same characters."""
        return self.shared / "webfonts"


@dataclass(frozen=True)
class BuildPaths:
    """The layout of one project's ``build/`` directory."""

    config: Config

    @classmethod
    def of_folder(cls, config: Config, folder: Path) -> BuildPaths:
        """The layout of another build folder of the same project (a CI job's shard)."""
        return cls(replace(config, build_dir=folder))

    @property
    def root(self) -> Path:
        return self.config.build_dir

    @property
    def html_root(self) -> Path:
        return self.root / "html"

    def html(self, lang: str) -> Path:
        return self.html_root / lang

    @property
    def chooser(self) -> Path:
        """The language chooser, the website's front page."""
        return self.html_root / "index.html"

    @property
    def sitemap(self) -> Path:
        return self.html_root / "sitemap.xml"

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

    @property
    def gettext(self) -> Path:
        """The message templates ``booklet gettext`` extracts."""
        return self.root / "gettext"

    @property
    def shared_work(self) -> Path:
        """``build/.work``: caches shared by every language."""
        return self.root / ".work"

    @property
    def pdf_fonts(self) -> Path:
        """The PDFs' static font instances, cut once per build and shared."""
        return self.shared_work / "pdf-fonts"

    @property
    def hyphenation(self) -> Path:
        """Hyphenation dictionaries, compiled once and shared."""
        return self.shared_work / "hyphen"

    def language_work(self, lang: str) -> LanguageWork:
        return LanguageWork(self.shared_work / lang)

    def work(self, lang: str) -> Path:
        """Per-language intermediate files (never an output)."""
        return self.language_work(lang).folder

    def doctrees(self, lang: str) -> Path:
        return self.language_work(lang).doctrees

    def staging_html(self, lang: str) -> Path:
        """Sphinx's own output folder, kept between builds for incremental writes."""
        return self.language_work(lang).staging_html

    def book(self, lang: str) -> Path:
        """The rendered chapters of one language (see :mod:`booklet.sphinxext.bookdata`)."""
        return self.language_work(lang).book

    def page_map(self, lang: str) -> Path:
        """Anchor id -> printed page number, written by the PDF renderer, read by the EPUB."""
        return self.language_work(lang).page_map

    def fit_choices(self, lang: str) -> Path:
        """Paragraph key -> the spacing adjustment :mod:`booklet.pdf.fit` chose for it."""
        return self.language_work(lang).fit_choices

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
