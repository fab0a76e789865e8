"""Glyph coverage: every character of the text must be in the font that sets it.

WeasyPrint silently takes a missing glyph from any other installed font (or draws
.notdef), so the check runs before rendering, on the print HTML: each text node is set
in the family and style its elements give it (the same rules as ``book.css`` and
``handout.css``: :data:`SANS_TAGS`, :data:`SANS_CLASSES`, :data:`ITALIC_TAGS`).
Chapter titles are also repeated in the running heads, in Noto Sans, so headings are
checked against both families; interface labels are checked against both as well.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

import lxml.html
from fontTools.ttLib import TTFont
from lxml.html import HtmlElement

from .. import fonts
from ..errors import GlyphError

#: Elements whose text the stylesheets set in Noto Sans.
SANS_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "th", "caption"})
#: Classes whose text the stylesheets set in Noto Sans.
SANS_CLASSES = frozenset({"cover-edition", "cover-publisher", "edition", "publisher", "back-cover",
                          "sans", "draft-notice",
                          "handout-meta", "handout-qr", "url"})
#: Elements set in both families (repeated in a running head).
BOTH_TAGS = frozenset({"h1"})
ITALIC_TAGS = frozenset({"em", "i", "cite"})
#: Characters that are never drawn (controls, joiners, soft hyphen...) are not checked.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


@cache
def cmap(family: str, style: str) -> frozenset[int]:
    """The code points the face of *family* in *style* maps to a glyph."""
    face = next(f for f in fonts.faces([family]) if f.style == style)
    with TTFont(face.path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def families_of(element: HtmlElement) -> tuple[tuple[str, str], ...]:
    """The (family, style) pairs the text directly inside *element* is set in."""
    sans = both = italic = False
    for node in (element, *element.iterancestors()):
        classes = set((node.get("class") or "").split())
        sans = sans or node.tag in SANS_TAGS or bool(classes & SANS_CLASSES)
        both = both or node.tag in BOTH_TAGS
        italic = italic or node.tag in ITALIC_TAGS
    style = "italic" if italic else "normal"
    if both:
        return ((fonts.SERIF, style), (fonts.SANS, style))
    return ((fonts.SANS if sans else fonts.SERIF, style),)


def text_runs(root: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """(element, text) for every text node of *root* (``tail`` text belongs to the parent)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("style", "script", "title"):
            continue
        if element.tag.startswith("{") or element.tag in ("svg", "path", "g"):
            continue
        if element.text:
            yield element, element.text
        parent = element.getparent()
        if element.tail and parent is not None:
            yield parent, element.tail


def missing_in(text: str, faces: Iterable[tuple[str, str]]) -> set[str]:
    missing = set()
    for char in set(text):
        if char.isspace() or unicodedata.category(char) in INVISIBLE:
            continue
        if any(ord(char) not in cmap(family, style) for family, style in faces):
            missing.add(char)
    return missing


def check_document(document: str, where: Mapping[str, str], source: Path | str,
                   labels: Mapping[str, str] | None = None) -> None:
    """Raise :class:`GlyphError` listing each uncovered character and the documents using it.

    *where* maps an element id (a document's ``id``) to the name shown in the message.
    """
    root = lxml.html.document_fromstring(document)
    found: dict[str, set[str]] = defaultdict(set)
    for element, text in text_runs(root.body):
        for char in missing_in(text, families_of(element)):
            found[char].add(_doc_of(element, where))
    both = ((fonts.SERIF, "normal"), (fonts.SANS, "normal"))
    for name, text in (labels or {}).items():
        for char in missing_in(text, both):
            found[char].add(f"label {name!r}")
    if found:
        raise GlyphError(_message(found), source,
                         hint="use characters the fonts cover (Noto Serif, Noto Sans), or change "
                              "the fonts in booklet/fonts.py")


def _doc_of(element: HtmlElement, where: Mapping[str, str]) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("id") in where:
            return where[node.get("id")]
    return "the layout"


def _message(found: Mapping[str, set[str]]) -> str:
    lines = []
    for char in sorted(found):
        name = unicodedata.name(char, "unnamed")
        lines.append(f"  U+{ord(char):04X} {name} ({char!r}) in {', '.join(sorted(found[char]))}")
    return f"{len(found)} character(s) not covered by the font that sets them:\n" + "\n".join(lines)
