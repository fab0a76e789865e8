"""The EPUB pipeline: a list of named steps, one short method each (after Sphinx's
``sphinx/builders/epub3.py``), run in order by :meth:`EpubBuilder.run`.

Inputs: ``book.json`` of the language (:attr:`RenderContext.book`), the page map of the
printed booklet (:mod:`booklet.epub.pages`), the publication's design (cover) and the fonts. Output:
``build/epub/<slug>-<lang>.epub``, written to a temporary name, checked, then moved into
place (:mod:`booklet.atomic`).
"""

from __future__ import annotations

import logging
import posixpath
import time
from pathlib import Path
from typing import Any

from .. import atomic, fonts
from ..context import RenderContext
from ..direction import direction
from ..errors import RenderError
from ..pdf import glyphs
from . import content, cover, metadata, navigation, package, pages, typography, xhtml
from .model import PART_TYPES, Document, PageTarget, Resource, TocEntry

log = logging.getLogger(__name__)

STYLESHEET = Path(__file__).resolve().parent.parent / "data" / "epub" / "book.css"
CSS_HREF = "css/book.css"
#: book.json parts that belong in the EPUB, in their order of appearance.
EPUB_PARTS = tuple(PART_TYPES)
#: Every edition shows at least one image: the cover (with its text as alternative).
HAS_IMAGES = True


class EpubBuilder:
    """Render one language's EPUB: ``EpubBuilder(ctx).run()``."""

    STEPS: tuple[str, ...] = (
        "load_book",
        "convert_documents",
        "rewrite_links",
        "collect_images",
        "make_cover",
        "make_navigation",
        "paginate",
        "make_styles",
        "describe",
        "write_package",
    )

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.book: dict[str, Any] = {}
        self.documents: list[Document] = []
        self.cover: Document | None = None
        self.nav: Document | None = None
        self.resources: dict[str, Resource] = {}
        self.toc: list[TocEntry] = []
        self.page_targets: list[PageTarget] = []
        self.edition: metadata.Edition | None = None

    # ------------------------------------------------------------------ driver
    def run(self) -> Path:
        for name in self.STEPS:
            started = time.monotonic()
            getattr(self, name)()
            log.debug("epub %s: %s %.2f s", self.ctx.language, name, time.monotonic() - started)
        return self.ctx.paths.epub(self.ctx.language)

    @property
    def meta(self) -> dict[str, Any]:
        return self.book["meta"]

    @property
    def labels(self) -> dict[str, str]:
        return self.book["labels"]

    @property
    def language(self) -> str:
        return self.meta.get("language_tag") or self.meta.get("language") or self.ctx.language

    def css(self, document: Document) -> list[str]:
        return [posixpath.relpath(CSS_HREF, posixpath.dirname(document.href) or ".")]

    # ------------------------------------------------------------------ steps
    def load_book(self) -> None:
        """Read book.json; keep the documents of the EPUB parts."""
        self.book = self.ctx.book
        docs = [d for d in self.book["docs"] if d["part"] in EPUB_PARTS]
        if not docs:
            raise RenderError("book.json has no documents for the EPUB",
                              self.ctx.paths.book(self.ctx.language))
        self.book = {**self.book, "docs": docs}

    def convert_documents(self) -> None:
        """Each document as well-formed XHTML with EPUB semantics; the draft notice if any."""
        self.documents = [content.convert(doc) for doc in self.book["docs"]]
        self._add_dedication()
        if self.meta.get("draft"):
            content.add_notice(self.documents[0], self.labels["draft_notice"])

    def rewrite_links(self) -> None:
        """Fragment links between documents become links between files."""
        index = content.anchor_index(self.documents)
        for document in self.documents:
            content.rewrite_links(document, index, self.ctx.strict)

    def collect_images(self) -> None:
        """Images of the documents are copied into the package."""
        base = self.ctx.paths.work(self.ctx.language)
        for document in self.documents:
            content.collect_images(document, base, self.resources, self.ctx.strict)

    def make_cover(self) -> None:
        """The cover image (composed like the print cover) and its page."""
        design = self.ctx.config.design
        subtitle = self.meta.get("subtitle") or ""
        edition = str(self.meta.get("edition") or self.meta.get("edition_year") or "")
        edition = edition if design.cover_edition else ""
        publisher = self.meta.get("publisher", "") if design.cover_publisher else ""
        alt = ". ".join(x.rstrip(".") for x in (self.meta["title"], subtitle, edition, publisher) if x)
        image = cover.resource(cover.image(design, self.meta["title"], subtitle, edition, publisher, alt))
        self.resources[image.href] = image
        self.cover = cover.page(self.labels["cover"], alt)

    def make_navigation(self) -> None:
        """The table of contents (nav and NCX) and the landmarks."""
        self.toc = navigation.with_hrefs(navigation.toc_entries(
            self.documents, self.ctx.config.contents_depth))
        first_chapter = next((d for d in self.documents if d.part == "chapter"), self.documents[0])
        title_page = next((d for d in self.documents if d.part == "title"), None)
        landmarks = [("cover", self.labels["cover"], cover.PAGE_HREF)]
        if title_page is not None:
            landmarks.append(("titlepage", self.labels["title_page"], title_page.href))
        landmarks += [("toc", self.labels["contents"], f"{navigation.NAV_HREF}#{navigation.TOC_ID}"),
                      ("bodymatter", self.labels["start"], first_chapter.href)]
        self.nav = navigation.nav_document(self.labels, self.toc, landmarks)

    def paginate(self) -> None:
        """Page-break markers and the page-list, from the print edition's page map."""
        page_map = pages.load(self.ctx)
        if not page_map:
            log.warning("%s: no page map of the printed booklet; the EPUB has no page list",
                        self.ctx.language)
            return
        spine = self.spine()
        missing = [d.body.get("id") for d in spine if d.body.get("id") not in page_map]
        if missing:
            log.warning("%s: the page map lacks %s (printed from other sources?); the EPUB has "
                        "no page list", self.ctx.language, ", ".join(missing))
            return
        breaks = pages.plan(pages.anchors(spine), page_map, max(page_map.values()))
        self.page_targets = pages.insert(spine, breaks)
        navigation.add_page_list(self.nav, self.labels["pages"], self.page_targets)

    def make_styles(self) -> None:
        """Fonts subset to the edition's text, their licences, and the stylesheet."""
        text = "".join(xhtml.text_of(d.body) for d in self.spine()) + "".join(self.labels.values())
        cache = self.ctx.paths.language_work(self.ctx.language).epub_fonts
        cache.mkdir(parents=True, exist_ok=True)
        extra = content.script_font(self.ctx)
        code = content.code_text(self.spine())
        source = self.ctx.paths.book(self.ctx.language)
        prose = content.prose_text(self.spine()) + "".join(self.labels.values())
        glyphs.check_text(prose, source, self.ctx.language, extra, "the EPUB")
        glyphs.check_text(code, source, self.ctx.language, extra, "the EPUB's code",
                          ((fonts.MONO, "normal"),))
        embedded, rules = typography.embed(text, cache, code=code, extra=extra)
        sheets = STYLESHEET.read_text(encoding="utf-8") + "\n" + content.element_styles(self.ctx)
        css = rules + "\n" + fonts.with_fallback(sheets, extra)
        for resource in [*embedded, Resource("css", CSS_HREF, "text/css", css.encode("utf-8"))]:
            self.resources[resource.href] = resource

    def describe(self) -> None:
        """The package metadata of this edition and language."""
        meta = self.meta
        date = meta.get("edition_date") or ""
        name = self.ctx.config.name or meta.get("name") or meta["title"]
        self.edition = metadata.Edition(
            title=meta["title"], subtitle=meta.get("subtitle", ""), language=self.language,
            identifier=metadata.identifier(name, self.language, date),
            publisher=meta.get("publisher", ""), rights=meta.get("rights", ""),
            date=date, modified=metadata.modified(date),
            description=_description(self.documents),
            page_source=metadata.identifier(name, self.language, date, "print"),
            summary=self.labels.get("accessibility_summary") or metadata.summary(
                bool(self.page_targets), HAS_IMAGES),
            summary_language=self.language if self.labels.get("accessibility_summary") else "en")

    def write_package(self) -> None:
        """ebooklib writes; the archive is re-zipped reproducibly, checked and moved into place."""
        serialized = [(doc, xhtml.serialize(self._page(doc))) for doc in self.spine()]
        toc = navigation.ncx_toc(self.toc)
        book = package.build_book(serialized, list(self.resources.values()), toc)
        metadata.apply(book, self.edition, bool(self.page_targets), HAS_IMAGES)
        metadata.cover(book, cover.IMAGE_UID)
        target = self.ctx.paths.epub(self.ctx.language)
        with atomic.atomic_output(target) as tmp:
            raw = tmp.with_name(tmp.name + ".ebooklib")
            try:
                package.write(book, raw, self.edition.modified)
                package.repack(raw, tmp, self.edition.modified, self.language)
            finally:
                raw.unlink(missing_ok=True)
            package.check(tmp)

    # ------------------------------------------------------------------ helpers
    def _add_dedication(self) -> None:
        """The publication's dedication (``[tool.booklet]``) on a title page without one."""
        title = next((d for d in self.documents if d.part == "title"), None)
        if title is None or not self.meta.get("dedication") or self.meta.get("dedication_in_text"):
            return
        section = title.body.find(xhtml.tag("section"))
        parent = section if section is not None else title.body
        parent.append(xhtml.element("p", {"class": "dedication"}, self.meta["dedication"]))

    def spine(self) -> list[Document]:
        """Cover, title page(s), contents, then the rest of the book."""
        titles = [d for d in self.documents if d.part == "title"]
        rest = [d for d in self.documents if d.part != "title"]
        return [d for d in (self.cover, *titles, self.nav, *rest) if d is not None]

    def _page(self, document: Document) -> xhtml.etree._ElementTree:
        body_type = PART_TYPES.get(document.part, "")
        if document.part == "nav":
            body_type = "frontmatter"
        css_class = {"cover": "cover", "nav": "nav"}.get(document.part, f"booklet-doc part-{document.part}")
        title = document.title or self.meta["title"]
        return xhtml.page(self.language, title, self.css(document), document.body, body_type, css_class,
                          direction(self.language))


def _title_paragraphs(documents: list[Document]) -> list[str]:
    title = next((d for d in documents if d.part == "title"), None)
    if title is None:
        return []
    return [" ".join("".join(p.itertext()).split()) for p in title.body.iter(xhtml.tag("p"))]


def _description(documents: list[Document]) -> str:
    """The title page's text after the heading: subtitle, edition line and dedication."""
    return " ".join(p if p.endswith((".", "!", "?")) else f"{p}." for p in _title_paragraphs(documents))
