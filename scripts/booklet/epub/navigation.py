"""The EPUB 3 navigation document (toc, landmarks, page-list) and the NCX table of contents.

The toc lists every document of the book under its title, with its sections nested
below down to the contents depth (``contents-depth``, the document title being level 1;
the printed contents page lists the same), all in the edition's language. The landmarks (hidden) point to the
cover, the title page, the toc and the start of the text (the first chapter); the
page-list (hidden) to the page-break markers of :mod:`booklet.epub.pages`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from ebooklib import epub

from . import xhtml
from .model import Document, PageTarget, TocEntry

NAV_HREF = "nav.xhtml"
TOC_ID = "toc"
CONTENTS_ID = "booklet-contents"  # the id of the printed contents page (booklet.pdf.assemble)


#: Section levels listed by default (the document title is level 1).
DEFAULT_DEPTH = 2


def toc_entries(documents: Sequence[Document], depth: int = DEFAULT_DEPTH) -> list[TocEntry]:
    """One entry per document; its sections from level 2 to *depth* as children."""
    return [TocEntry(f"toc-{doc.uid}", doc.title, doc.href, _section_tree(doc, depth))
            for doc in documents]


def _section_tree(doc: Document, depth: int = DEFAULT_DEPTH) -> tuple[TocEntry, ...]:
    stack: list[tuple[int, list[TocEntry], list]] = [(1, [], [])]
    for section in doc.sections:
        level = int(section["level"])
        if level <= 1 or level > depth or not section.get("id"):
            continue
        while len(stack) > 1 and stack[-1][0] >= level:
            _close(stack)
        stack.append((level, [], [section]))
    while len(stack) > 1:
        _close(stack)
    return tuple(stack[0][1])


def _close(stack: list) -> None:
    _, children, (section,) = stack.pop()
    entry = TocEntry(f"toc-{section['id']}", section["title"], "", tuple(children))
    stack[-1][1].append(entry)


def with_hrefs(entries: Sequence[TocEntry], doc_href: str = "") -> list[TocEntry]:
    """Section entries (href '') get ``<doc>.xhtml#<section id>`` from their document."""
    result = []
    for entry in entries:
        href = entry.href or f"{doc_href}#{entry.uid.removeprefix('toc-')}"
        children = tuple(with_hrefs(entry.children, href.split("#")[0]))
        result.append(TocEntry(entry.uid, entry.title, href, children))
    return result


def nav_document(labels: dict[str, str], entries: Sequence[TocEntry],
                 landmarks: Sequence[tuple[str, str, str]]) -> Document:
    """``nav.xhtml`` with toc and landmarks (*landmarks*: (epub:type, label, href) triples).

    Its body has the id of the printed contents page, so that page's marker lands here.
    """
    body = xhtml.element("body", {"id": CONTENTS_ID})
    toc = xhtml.sub(body, "nav", {"epub:type": "toc", "role": "doc-toc", "id": TOC_ID,
                                  "aria-labelledby": "toc-heading"})
    xhtml.sub(toc, "h1", {"id": "toc-heading"}, labels["contents"])
    toc.append(_list(entries))
    if landmarks:
        nav = xhtml.sub(body, "nav", {"epub:type": "landmarks", "id": "landmarks", "hidden": "hidden"})
        items = xhtml.sub(nav, "ol")
        for kind, label, href in landmarks:
            xhtml.sub(xhtml.sub(items, "li"), "a", {"epub:type": kind, "href": _relative(href)}, label)
    return Document(uid="nav", href=NAV_HREF, title=labels["contents"], part="nav", body=body,
                    properties=["nav"])


def add_page_list(nav: Document, heading: str, pages: Sequence[PageTarget]) -> None:
    """Append the (hidden) page-list to the navigation document."""
    if not pages:
        return
    element = xhtml.sub(nav.body, "nav", {"epub:type": "page-list", "role": "doc-pagelist", "id": "page-list",
                                          "hidden": "hidden", "aria-labelledby": "page-list-heading"})
    xhtml.sub(element, "h2", {"id": "page-list-heading"}, heading)
    items = xhtml.sub(element, "ol")
    for target in pages:
        xhtml.sub(xhtml.sub(items, "li"), "a", {"href": _relative(target.href)}, target.label)


def _list(entries: Sequence[TocEntry]) -> xhtml.etree._Element:
    items = xhtml.element("ol")
    for entry in entries:
        item = xhtml.sub(items, "li")
        xhtml.sub(item, "a", {"href": _relative(entry.href)}, entry.title)
        if entry.children:
            item.append(_list(entry.children))
    return items


def _relative(href: str) -> str:
    return posixpath.relpath(href.split("#")[0], posixpath.dirname(NAV_HREF) or ".") + (
        f"#{href.split('#', 1)[1]}" if "#" in href else "")


def ncx_toc(entries: Sequence[TocEntry]) -> list:
    """The same entries as ebooklib ``Link`` objects (and ``(Link, children)`` tuples) for the NCX."""
    result: list = []
    for entry in entries:
        link = epub.Link(entry.href, entry.title, entry.uid)
        result.append((link, ncx_toc(entry.children)) if entry.children else link)
    return result
