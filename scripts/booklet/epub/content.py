"""The book.json documents as EPUB content documents.

Each document's position-independent HTML (see :mod:`booklet.sphinxext.bookdata`) becomes
the ``<body>`` of ``text/<docid>.xhtml``: well-formed XHTML with EPUB structural semantics
(``epub:type`` beside the DPUB-ARIA roles Sphinx already writes), links between documents
rewritten to ``<docid>.xhtml#<id>`` and images copied into the package.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.etree as etree

from .. import fonts
from ..context import RenderContext
from ..elements import code_left_to_right, drop_other_format, mark_wide_tables
from ..errors import RenderError, SourceError
from ..highlighting import code_colours
from . import xhtml
from .model import Document, Resource

log = logging.getLogger(__name__)

ELEMENTS_CSS = Path(__file__).resolve().parent.parent / "data" / "epub" / "elements.css"
TEXT_DIR = "text"
IMAGE_DIR = "images"
#: Image types every EPUB 3 reading system supports (core media types).
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def element_styles(ctx: RenderContext) -> str:
    """How every Sphinx construct looks in the EPUB (``data/epub/elements.css``), with the
    colours of highlighted code as the language's website has them; appended after the
    book's stylesheet."""
    site_css = ctx.paths.staging_html(ctx.language) / "_static" / "pygments.css"
    return ELEMENTS_CSS.read_text(encoding="utf-8") + "\n" + code_colours(site_css)


def script_font(ctx: RenderContext) -> fonts.ScriptFont | None:
    """The font configured for the script of ``ctx.language`` (``[tool.booklet] fonts``)."""
    return fonts.script_font_for(ctx.config.fonts, ctx.language, ctx.config.project)


#: Elements set in the monospace family (as in print: booklet.pdf.glyphs.MONO_TAGS).
CODE_TAGS = ("pre", "code", "kbd", "samp", "tt")


def code_text(documents: Iterable[Document]) -> str:
    """The characters of every code element of *documents* (for the monospace font)."""
    return "".join("".join(node.itertext()) for document in documents
                   for node in document.body.iter(*map(xhtml.tag, CODE_TAGS)))


def prose_text(documents: Iterable[Document]) -> str:
    """The characters of *documents* outside code elements (set in the serif and sans)."""
    import copy

    parts = []
    for document in documents:
        body = copy.deepcopy(document.body)
        for node in list(body.iter(*map(xhtml.tag, CODE_TAGS))):
            if node.getparent() is not None:
                _remove(node)
        parts.append(xhtml.text_of(body))
    return "".join(parts)


def href_of(doc_id: str) -> str:
    """The package path of a document, relative to the package folder."""
    return f"{TEXT_DIR}/{doc_id}.xhtml"


def convert(doc: dict[str, Any]) -> Document:
    """A book.json document as a :class:`Document` with EPUB semantics (links not yet rewritten)."""
    body = xhtml.from_html(doc["html"] or f'<div class="booklet-doc" id="{doc["id"]}"></div>')
    _drop_empty_toctrees(body)
    drop_other_format(body)
    mark_wide_tables(body)
    code_left_to_right(body)
    _mark_footnotes(body)
    _drop_deprecated_roles(body)
    _label_asides(body)
    _mark_part(body, doc["part"])
    return Document(uid=f"doc-{doc['id']}", href=href_of(doc["id"]), title=doc["title"],
                    part=doc["part"], body=body, sections=list(doc.get("sections", [])))


def _drop_empty_toctrees(body: etree._Element) -> None:
    for node in list(body.iter(xhtml.tag("div"))):
        if xhtml.has_class(node, "toctree-wrapper") and not len(node) and not (node.text or "").strip():
            _remove(node)


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _mark_footnotes(body: etree._Element) -> None:
    """``aside epub:type="footnote"`` and ``a epub:type="noteref"``; the list is a plain div."""
    for node in body.iter(xhtml.tag("aside"), xhtml.tag("a")):
        if xhtml.local(node) == "aside" and xhtml.has_class(node, "footnote-list"):
            node.tag = xhtml.tag("div")
        elif xhtml.local(node) == "aside" and (xhtml.has_class(node, "footnote")
                                               or node.get("role") == "doc-footnote"):
            xhtml.add_type(node, "footnote")
            node.set("role", "doc-footnote")
        elif xhtml.local(node) == "a" and (xhtml.has_class(node, "footnote-reference")
                                           or node.get("role") == "doc-noteref"):
            xhtml.add_type(node, "noteref")
            node.set("role", "doc-noteref")


#: DPUB-ARIA roles EPUBCheck reports as deprecated (Sphinx writes them on the citations
#: of a ``role="list"``), and the role that replaces them there.
DEPRECATED_ROLES = frozenset({"doc-biblioentry", "doc-endnote"})


def _drop_deprecated_roles(body: etree._Element) -> None:
    for node in body.iter():
        if isinstance(node.tag, str) and node.get("role") in DEPRECATED_ROLES:
            parent = node.getparent()
            if parent is not None and parent.get("role") == "list":
                node.set("role", "listitem")
            else:
                del node.attrib["role"]


def _label_asides(body: etree._Element) -> None:
    """Each ``<aside>`` (a topic, a sidebar: a landmark) is labelled by its title, so that
    two of them on a page are told apart (axe's landmark-unique, which Ace runs)."""
    for number, aside in enumerate(body.iter(xhtml.tag("aside")), start=1):
        if aside.get("role") == "doc-footnote" or aside.get("aria-label") or aside.get("aria-labelledby"):
            continue
        title = next((p for p in aside.iter(xhtml.tag("p"))
                      if any(xhtml.has_class(p, c) for c in ("topic-title", "sidebar-title"))), None)
        if title is None:
            continue
        if not title.get("id"):
            title.set("id", f"{body.get('id') or 'doc'}--aside-{number}-title")
        aside.set("aria-labelledby", title.get("id"))


def _mark_part(body: etree._Element, part: str) -> None:
    """The title page and each chapter's outermost section say what they are."""
    section = body.find(xhtml.tag("section"))
    if section is None:
        return
    if part == "title":
        xhtml.add_type(section, "titlepage")
    elif part == "chapter":
        xhtml.add_type(section, "chapter")
        section.set("role", "doc-chapter")


def add_notice(document: Document, text: str) -> None:
    """Put a short note (the draft notice) at the top of *document*."""
    note = xhtml.element("div", {"class": "booklet-notice", "role": "note"}, text)
    first = document.body.find(xhtml.tag("section"))
    parent = first if first is not None else document.body
    heading = next((i for i, n in enumerate(parent) if xhtml.local(n) in ("h1", "h2")), -1)
    parent.insert(heading + 1, note)


# --------------------------------------------------------------------------- links

def anchor_index(documents: Iterable[Document]) -> dict[str, Document]:
    """Every id of the book -> the document holding it (ids are unique across the book)."""
    index: dict[str, Document] = {}
    for document in documents:
        for anchor in document.ids():
            if anchor in index and index[anchor] is not document:
                raise RenderError(f"id {anchor!r} occurs in {index[anchor].href} and {document.href}")
            index[anchor] = document
    return index


def rewrite_links(document: Document, index: dict[str, Document], strict: bool) -> None:
    """``#<docid>--<id>`` -> ``<docid>.xhtml#<docid>--<id>`` (same document: ``#<id>``)."""
    for anchor in list(document.body.iter(xhtml.tag("a"))):
        href = anchor.get("href")
        if not href or not href.startswith("#"):
            continue
        fragment = unquote(href[1:])
        target = index.get(fragment)
        if target is None:
            message = f"{document.href}: link to an unknown anchor #{fragment}"
            if strict:
                raise RenderError(message)
            log.warning("%s (link removed)", message)
            _unwrap(anchor)
            continue
        anchor.set("href", link(document, target, fragment))


def link(source: Document, target: Document, fragment: str) -> str:
    """A relative link from *source* to *fragment* in *target*."""
    if target is source:
        return f"#{fragment}"
    path = posixpath.relpath(target.href, posixpath.dirname(source.href) or ".")
    return path if fragment == target.body.get("id") else f"{path}#{fragment}"


def _unwrap(node: etree._Element) -> None:
    """Replace *node* by its content."""
    parent = node.getparent()
    index = parent.index(node)
    text = (node.text or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(list(node)):
        parent.insert(index + offset, child)
    _remove(node)


# --------------------------------------------------------------------------- images

def collect_images(document: Document, base: Path, store: dict[str, Resource], strict: bool) -> None:
    """Copy the images *document* shows into ``images/`` and point its ``src`` there."""
    for image in document.body.iter(xhtml.tag("img")):
        src = image.get("src", "")
        parts = urlsplit(src)
        if parts.scheme and parts.scheme != "file":
            _problem(f"{document.href}: remote image {src} (EPUBs here are self-contained)", strict)
            continue
        source = (base / unquote(parts.path)).resolve()
        if not source.is_file() or not source.is_relative_to(base.resolve()):
            raise SourceError(f"image not found: {src}", document.href)
        media_type = IMAGE_TYPES.get(source.suffix.lower()) or mimetypes.guess_type(source.name)[0]
        if media_type not in IMAGE_TYPES.values():
            raise SourceError(f"image type not usable in EPUB: {src}", document.href)
        name = f"{IMAGE_DIR}/{unquote(parts.path).replace('/', '-').lstrip('.-')}"
        uid = "img-" + "".join(c if c.isalnum() else "-" for c in name[len(IMAGE_DIR) + 1:])
        store.setdefault(name, Resource(uid, name, media_type, source.read_bytes()))
        image.set("src", posixpath.relpath(name, posixpath.dirname(document.href)))
        if image.get("alt") is None:
            _problem(f"{document.href}: image {src} has no alt text", strict)
            image.set("alt", "")


def _problem(message: str, strict: bool) -> None:
    if strict:
        raise RenderError(message)
    log.warning(message)
