"""XHTML for EPUB: namespaces, HTML fragments made well-formed, page skeletons, serialization.

Everything here works on :mod:`lxml.etree` elements in the XHTML namespace; documents are
serialized as XML (UTF-8, XML declaration, ``<!DOCTYPE html>``), never with HTML rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree as etree
import lxml.html

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: XHTML, "epub": OPS}
EPUB_TYPE = f"{{{OPS}}}type"
XML_LANG = f"{{{XML}}}lang"

#: Elements that never have content: serialized as ``<br/>``; every other empty element
#: gets an explicit end tag (``<span></span>``), which readers that parse XHTML as HTML need.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def tag(name: str) -> str:
    """The qualified XHTML name of *name* (``p`` -> ``{http://www.w3.org/1999/xhtml}p``)."""
    return f"{{{XHTML}}}{name}"


def local(element: etree._Element) -> str:
    """The local name of *element* (``p``), or '' for comments and processing instructions."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def element(name: str, attrib: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new XHTML element; ``epub:type`` may be given as the key ``epub:type``."""
    node = etree.Element(tag(name), nsmap=NSMAP)
    for key, value in (attrib or {}).items():
        node.set(EPUB_TYPE if key == "epub:type" else key, value)
    node.text = text
    return node


def sub(parent: etree._Element, name: str, attrib: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    node = element(name, attrib, text)
    parent.append(node)
    return node


def from_html(fragment: str) -> etree._Element:
    """Parse an HTML fragment (one root element) into XHTML-namespaced elements.

    Comments and processing instructions are dropped; attributes whose names are not XML
    names (possible in raw HTML) are dropped; characters XML cannot hold are removed.
    """
    root = lxml.html.fragment_fromstring(fragment)
    return _convert(root)


def _convert(source: etree._Element) -> etree._Element:
    target = etree.Element(tag(source.tag.lower()), nsmap=NSMAP)
    for key, value in source.attrib.items():
        if key == "epub:type":
            target.set(EPUB_TYPE, value)
        elif key == "xml:lang":
            target.set(XML_LANG, value)
        elif _XML_NAME.match(key):
            target.set(key, _clean(value))
    target.text = _clean(source.text)
    for child in source:
        if isinstance(child.tag, str):
            converted = _convert(child)
            converted.tail = _clean(child.tail)
            target.append(converted)
        elif child.tail:  # a dropped comment keeps the text after it
            _append_text(target, child.tail)
    return target


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + _clean(text)
    else:
        parent.text = (parent.text or "") + _clean(text)


def _clean(text: str | None) -> str | None:
    return _INVALID_XML_CHARS.sub("", text) if text else text


def has_class(node: etree._Element, name: str) -> bool:
    return name in (node.get("class") or "").split()


def add_type(node: etree._Element, *types: str) -> None:
    """Add ``epub:type`` values to *node*, keeping existing ones."""
    existing = (node.get(EPUB_TYPE) or "").split()
    node.set(EPUB_TYPE, " ".join(existing + [t for t in types if t not in existing]))


def page(language: str, title: str, stylesheets: Iterable[str], body: etree._Element,
         body_type: str = "", body_class: str = "", direction: str = "ltr") -> etree._ElementTree:
    """A complete XHTML content document around *body*'s children (``dir`` for rtl)."""
    html = etree.Element(tag("html"), nsmap=NSMAP)
    html.set("lang", language)
    html.set(XML_LANG, language)
    if direction == "rtl":
        html.set("dir", "rtl")
    head = sub(html, "head")
    sub(head, "meta", {"charset": "utf-8"})
    sub(head, "title", text=title)
    for href in stylesheets:
        sub(head, "link", {"rel": "stylesheet", "type": "text/css", "href": href})
    body.tag = tag("body")
    if body_type:
        add_type(body, body_type)
    if body_class:
        body.set("class", body_class)
    html.append(body)
    return etree.ElementTree(html)


def serialize(tree: etree._ElementTree) -> bytes:
    """The document as UTF-8 XML with ``<!DOCTYPE html>``; empty non-void elements closed."""
    for node in tree.getroot().iter():
        if isinstance(node.tag, str) and local(node) not in VOID and not len(node) and node.text is None:
            node.text = ""
    body = etree.tostring(tree.getroot(), encoding="unicode", method="xml")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n{body}\n'.encode()


def text_of(tree: etree._ElementTree | etree._Element) -> str:
    """All character data of a document or element, attributes with text included."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    parts = list(root.itertext())
    parts += [value for node in root.iter() if isinstance(node.tag, str)
              for key, value in node.attrib.items() if key in ("alt", "title", "aria-label")]
    return "".join(parts)
