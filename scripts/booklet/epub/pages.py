"""The page-list: where each page of the printed booklet starts in the EPUB.

The reading PDF's renderer records the printed page of every anchor (``id``) of the
book (:mod:`booklet.pdf.pagemap`, stored as ``build/.work/<lang>/pages.json``); the
EPUB reads that file only (:func:`load`). It gets one page-break marker per printed
page::

    <span epub:type="pagebreak" role="doc-pagebreak" id="page-7" aria-label="7"></span>

placed by these rules (:func:`plan`):

1. a page on which an anchor starts gets its marker at the first such anchor in reading
   order (a document, a section, a footnote, a table ...);
2. a page on which no anchor starts (the text runs on from the previous page) gets its
   marker at the *nearest preceding anchor*: the last anchor that starts on an earlier
   page. Several markers can so share a place: "go to page 8" lands where page 7's
   section begins, the closest point the EPUB knows before page 8's text;
3. pages before the first anchor with a page (the cover is page 1 of the print) go to
   the start of the first document of the spine (the cover page);
4. anchors whose page is smaller than that of an anchor before them (a float placed
   later) are ignored, so the markers stay in reading order.

A marker goes inside a container anchor (``body``, ``section``, ``div``, ``aside``) as
its first child and just before any other element, outside any table structure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.etree as etree

from . import xhtml
from .model import Document, PageTarget

log = logging.getLogger(__name__)

CONTAINERS = {"body", "section", "div", "aside", "article", "nav", "header", "footer", "figure",
              "blockquote", "li", "dd"}
TABLE_PARTS = {"tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "col", "caption"}


@dataclass(frozen=True)
class Break:
    """Page *label* starts at the element with id *anchor*."""

    anchor: str
    label: str


def load(ctx: Any) -> dict[str, int] | None:
    """The page map of ``ctx.language`` (anchor -> printed page) that the reading PDF's
    renderer saved, or ``None`` if there is none or it is of an older layout of the book.
    Only the file is read: the book is never laid out here."""
    from ..pdf import layout, pagemap  # noqa: PLC0415 - the print side's record format

    record = pagemap.load_record(ctx.paths, ctx.language)
    if record is None:
        return None
    if record.key != layout.key(ctx):
        log.warning("%s: the page map %s is of an older layout of the book: build the pdf "
                    "format too", ctx.language, ctx.paths.page_map(ctx.language))
        return None
    return normalize(record.pages) or None


def normalize(pages: Mapping[str, Any]) -> dict[str, int]:
    """Keep anchor -> positive int entries (the JSON may hold numbers as strings)."""
    result = {}
    for anchor, page in pages.items():
        try:
            number = int(page)
        except (TypeError, ValueError):
            continue
        if number > 0:
            result[str(anchor)] = number
    return result


def plan(anchors: Sequence[str], pages: Mapping[str, int], last_page: int | None = None) -> list[Break]:
    """One :class:`Break` per page 1..last (see the module docstring), in reading order."""
    if not anchors:
        return []
    known = _monotonic((a, pages[a]) for a in anchors if a in pages)
    if not known:
        return []
    last = max(last_page or 0, known[-1][1])
    first_at: dict[int, str] = {}
    for anchor, page in known:
        first_at.setdefault(page, anchor)
    breaks = []
    for page in range(1, last + 1):
        breaks.append(Break(first_at.get(page) or _preceding(known, page) or anchors[0], str(page)))
    return breaks


def _monotonic(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    result: list[tuple[str, int]] = []
    for anchor, page in pairs:
        if result and page < result[-1][1]:
            log.debug("page map: %s on page %d after page %d; ignored", anchor, page, result[-1][1])
            continue
        result.append((anchor, page))
    return result


def _preceding(known: list[tuple[str, int]], page: int) -> str | None:
    earlier = [anchor for anchor, p in known if p < page]
    return earlier[-1] if earlier else None


def anchors(documents: Iterable[Document]) -> list[str]:
    """The ids a page can start at, in reading order; footnotes are left out (readers may
    show them only as pop-ups, and the call that leads to them comes first anyway)."""
    return [node.get("id") for doc in documents for node in doc.body.iter()
            if isinstance(node.tag, str) and node.get("id") and not _in_footnote(node)]


def _in_footnote(node: etree._Element) -> bool:
    for item in (node, *node.iterancestors()):
        if "footnote" in (item.get(xhtml.EPUB_TYPE) or "").split() or xhtml.has_class(item, "footnote-list"):
            return True
    return False


def marker_id(label: str) -> str:
    return f"page-{label}"


def insert(documents: Sequence[Document], breaks: Sequence[Break]) -> list[PageTarget]:
    """Put the markers of *breaks* into the documents; the page-list targets, in page order."""
    where = {anchor: doc for doc in documents for anchor in doc.ids()}
    placed: dict[str, list[Break]] = {}
    for item in breaks:
        placed.setdefault(item.anchor, []).append(item)
    targets = []
    for anchor, items in placed.items():
        doc = where[anchor]
        node = next(n for n in doc.body.iter() if isinstance(n.tag, str) and n.get("id") == anchor)
        _insert_markers(node, [_marker(item.label) for item in items])
    for item in breaks:
        targets.append(PageTarget(item.label, f"{where[item.anchor].href}#{marker_id(item.label)}"))
    return targets


def _marker(label: str) -> etree._Element:
    return xhtml.element("span", {"epub:type": "pagebreak", "role": "doc-pagebreak",
                                  "id": marker_id(label), "aria-label": label})


def _insert_markers(node: etree._Element, markers: list[etree._Element]) -> None:
    while xhtml.local(node) in TABLE_PARTS:
        node = node.getparent()  # inside a table: mark the table itself
    if xhtml.local(node) == "table":
        parent, index = node.getparent(), node.getparent().index(node)
    elif xhtml.local(node) in CONTAINERS:
        parent, index = node, 0
        if node.text:  # keep the container's leading text after the markers
            markers[-1].tail, node.text = node.text, None
    else:
        parent, index = node.getparent(), node.getparent().index(node)
    for offset, marker in enumerate(markers):
        parent.insert(index + offset, marker)
