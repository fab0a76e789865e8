"""What the EPUB pipeline passes between its steps: documents, resources, table of contents."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree as etree

#: ``part`` of a book.json document -> (``epub:type`` of its body, CSS class).
PART_TYPES: dict[str, str] = {
    "title": "frontmatter",
    "front-matter": "frontmatter",
    "chapter": "bodymatter",
    "back-matter": "backmatter",
}


@dataclass
class Document:
    """One XHTML content document of the spine: a book.json document, the cover or the nav."""

    uid: str
    href: str
    title: str
    part: str
    body: etree._Element
    sections: list[dict] = field(default_factory=list)
    linear: bool = True
    properties: list[str] = field(default_factory=list)

    def ids(self) -> list[str]:
        """Every id in the body, in document order."""
        return [node.get("id") for node in self.body.iter() if isinstance(node.tag, str) and node.get("id")]


@dataclass(frozen=True)
class Resource:
    """Any other file of the package (stylesheet, font, image, licence)."""

    uid: str
    href: str
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class TocEntry:
    """One entry of the table of contents: a document or a section within it."""

    uid: str
    title: str
    href: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class PageTarget:
    """A page of the printed edition and where it starts in the EPUB."""

    label: str
    href: str  # "<doc>.xhtml#page-<label>"
