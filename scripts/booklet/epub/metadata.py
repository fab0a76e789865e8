"""Package metadata: identity, dates, description, rights and EPUB Accessibility 1.1.

* The identifier is a name-based UUID (``uuid5``) of the publication name, the language
  and the edition date: the same edition in the same language always has the same
  identifier, and a new edition or language a new one. Never random.
* ``dc:date`` is the edition date; ``dcterms:modified`` is ``SOURCE_DATE_EPOCH`` when set,
  else the edition date at midnight UTC (so a rebuild changes nothing).
* The accessibility metadata states what the builder guarantees and the tests check
  (EPUBCheck, DAISY Ace): textual content with a described cover, structure, toc, reading
  order, page markers and page list of the print edition (``pageBreakSource``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ebooklib import epub

from .xhtml import XML_LANG

log = logging.getLogger(__name__)

#: The namespace of the name-based identifiers (itself a name-based UUID: stable forever).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:booklet:publication")
#: Licence of the text (see the colophon); language-neutral.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

SUMMARY = {
    "base": ("This publication meets the requirements of EPUB Accessibility 1.1 at WCAG 2.1 "
             "Level AA, as checked automatically (EPUBCheck and DAISY Ace) every time it is built. "
             "It has a table of contents, structured headings and a logical reading order; "
             "footnotes link to and from their references."),
    "pages": " Page markers and a page list follow the printed booklet of the same edition.",
    "images": " The only image, the cover, has a text alternative.",
    "end": (" Text size, fonts and colours can be changed in the reading system: no size, "
            "layout or colour is fixed."),
}


@dataclass(frozen=True)
class Edition:
    """What the package says about itself."""

    title: str
    subtitle: str
    language: str
    identifier: str
    publisher: str
    date: str
    modified: dt.datetime
    description: str
    page_source: str = ""
    rights: str = ""
    summary: str = ""
    summary_language: str = "en"


def identifier(name: str, language: str, edition_date: str, kind: str = "epub") -> str:
    """``urn:uuid:`` of *name*, *language*, *edition_date* and *kind* (``epub`` or ``print``)."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join([name, language, edition_date, kind]))}"


def modified(edition_date: str) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (UTC) if set, else the edition date at midnight UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    if edition_date:
        return dt.datetime.fromisoformat(edition_date[:10])
    log.warning("no edition date and no SOURCE_DATE_EPOCH: the EPUB is dated now")
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def summary(has_pages: bool, has_images: bool) -> str:
    text = SUMMARY["base"]
    if has_pages:
        text += SUMMARY["pages"]
    if has_images:
        text += SUMMARY["images"]
    return text + SUMMARY["end"]


def features(has_pages: bool, has_images: bool) -> list[str]:
    """schema:accessibilityFeature values (Accessibility Properties vocabulary)."""
    result = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images:
        result.append("alternativeText")
    if has_pages:
        result += ["pageBreakMarkers", "pageNavigation"]
    return result


def apply(book: epub.EpubBook, edition: Edition, has_pages: bool, has_images: bool) -> None:
    """Write *edition* and the accessibility metadata into *book*."""
    book.set_identifier(edition.identifier)
    book.title = edition.title
    book.add_metadata("DC", "title", edition.title, {"id": "title"})
    _refine(book, "title", "title-type", "main")
    if edition.subtitle:
        book.add_metadata("DC", "title", edition.subtitle, {"id": "subtitle"})
        _refine(book, "subtitle", "title-type", "subtitle")
    book.set_language(edition.language)
    for name, value in (("publisher", edition.publisher), ("date", edition.date),
                        ("description", edition.description), ("rights", edition.rights)):
        if value:
            book.add_metadata("DC", name, value)
    _meta(book, "schema:accessMode", ["textual", "visual"] if has_images else ["textual"])
    _meta(book, "schema:accessModeSufficient", ["textual"])
    _meta(book, "schema:accessibilityFeature", features(has_pages, has_images))
    _meta(book, "schema:accessibilityHazard", ["none"])
    extra = {XML_LANG: edition.summary_language} if edition.summary_language != edition.language else {}
    _meta(book, "schema:accessibilitySummary", [edition.summary], extra)
    _meta(book, "dcterms:conformsTo", [CONFORMANCE])
    if has_pages and edition.page_source:
        _meta(book, "pageBreakSource", [edition.page_source])


def cover(book: epub.EpubBook, image_uid: str) -> None:
    """The EPUB 2 cover hint many reading systems still use for thumbnails."""
    book.add_metadata(None, "meta", "", {"name": "cover", "content": image_uid})


def _meta(book: epub.EpubBook, prop: str, values: Iterable[str], extra: dict[str, Any] | None = None) -> None:
    for value in values:
        book.add_metadata(None, "meta", value, {"property": prop, **(extra or {})})


def _refine(book: epub.EpubBook, target: str, prop: str, value: str) -> None:
    book.add_metadata(None, "meta", value, {"refines": f"#{target}", "property": prop})
