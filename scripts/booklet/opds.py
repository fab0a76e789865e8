"""The e-reader catalog: an OPDS 1.2 acquisition feed (Atom), ``build/html/opds.xml``.

E-reader apps that browse catalogs (KOReader, Thorium, Moon+ Reader...) open the feed's
address and list every language edition with its language, title, summary, publisher
and cover, and acquisition links to its EPUB and PDF. The feed is built with lxml, so
that any title (``&``, ``<``, quotes, any script) is escaped; its links are relative to
the feed (they work on any host and from ``file://``); its identifiers are derived from
the slug and language and its dates from the edition, so the same sources give the
same feed.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .atomic import write_bytes
from .config import Config, source_date_epoch

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS}
#: The feed's own media type (OPDS 1.2, 7.1.3).
FEED_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE, THUMBNAIL = "http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"
FEED_NAME = "opds.xml"
ID_NAMESPACE = uuid.UUID("5b6f1c1e-1990-4f0c-8d2a-0b5e0c0a1990")


@dataclass(frozen=True)
class Edition:
    """One language edition as the catalog lists it; paths are files in the website."""

    language: str
    title: str
    summary: str
    publisher: str
    issued: str  # YYYY-MM-DD or ''
    page: Path  # the edition's title page
    epub: Path | None
    pdf: Path | None
    cover: Path | None


def updated(config: Config) -> str:
    """The feed's date: SOURCE_DATE_EPOCH, else the edition date, else the epoch."""
    epoch = source_date_epoch()
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    elif config.edition_date is not None:
        moment = dt.datetime.combine(config.edition_date, dt.time(), dt.timezone.utc)
    else:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(config: Config, editions: Sequence[Edition], target: Path) -> bytes:
    """The acquisition feed listing *editions*, for the file *target* (links relative to it)."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    when = updated(config)
    _text(root, "id", f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, config.slug)}")
    _link(root, "self", target.name, FEED_TYPE)
    _link(root, "start", target.name, FEED_TYPE)
    _text(root, "title", config.name)
    _text(root, "updated", when)
    author = etree.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", config.publisher or config.name)
    for edition in editions:
        root.append(_entry(config, edition, target, when))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _entry(config: Config, edition: Edition, target: Path, when: str) -> etree._Element:
    entry = etree.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", edition.title)
    _text(entry, "id", f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{config.slug}/{edition.language}')}")
    _text(entry, "updated", when)
    author = etree.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", edition.publisher)
    etree.SubElement(entry, f"{{{DC}}}language").text = edition.language
    etree.SubElement(entry, f"{{{DC}}}publisher").text = edition.publisher
    if edition.issued:
        etree.SubElement(entry, f"{{{DC}}}issued").text = edition.issued
    if edition.summary:
        _text(entry, "summary", edition.summary).set("type", "text")
    _link(entry, "alternate", _href(edition.page, target), "text/html", edition.language)
    if edition.cover is not None:
        _link(entry, IMAGE, _href(edition.cover, target), "image/png")
        _link(entry, THUMBNAIL, _href(edition.cover, target), "image/png")
    for file, kind in ((edition.epub, "application/epub+zip"), (edition.pdf, "application/pdf")):
        if file is not None:
            link = _link(entry, ACQUISITION, _href(file, target), kind, edition.language)
            link.set("length", str(file.stat().st_size))
    return entry


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def _link(parent: etree._Element, rel: str, href: str, kind: str, hreflang: str = "") -> etree._Element:
    link = etree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=kind)
    if hreflang:
        link.set("hreflang", hreflang)
    return link


def _href(file: Path, target: Path) -> str:
    return Path(os.path.relpath(file, target.parent)).as_posix()


def write(config: Config, editions: Sequence[Edition], target: Path) -> None:
    write_bytes(target, feed(config, editions, target))
