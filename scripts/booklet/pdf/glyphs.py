"""Glyph coverage: every character of the text must be in the font that sets it.

WeasyPrint silently takes a missing glyph from any other installed font (or draws
.notdef), so the check runs before rendering, on the print HTML: each text node is set
in the family and style its elements give it (the same rules as ``book.css`` and
``handout.css``: :data:`SANS_TAGS`, :data:`SANS_CLASSES`, :data:`ITALIC_TAGS`).
Code (:data:`MONO_TAGS`) is set in the monospace family. Chapter titles are also
repeated in the running heads, in Noto Sans, so headings are checked against both
families; interface labels are checked against both as well.

A language may have a script font (:class:`booklet.fonts.ScriptFont`, configured in
``[tool.booklet] fonts``): what it covers counts as covered. Characters still uncovered
are refused before layout, grouped by script, with the language named and the setting
that would cover them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from .. import fonts
from ..errors import GlyphError

#: Elements whose text the stylesheets set in Noto Sans.
SANS_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "th", "caption"})
#: Classes whose text the stylesheets set in Noto Sans.
SANS_CLASSES = frozenset({"cover-edition", "cover-publisher", "edition", "publisher", "back-cover",
                          "sans", "draft-notice",
                          "handout-meta", "handout-qr", "url"})
#: Elements the stylesheets set in the monospace family (code).
MONO_TAGS = frozenset({"pre", "code", "kbd", "samp", "tt"})
#: Elements set in both families (repeated in a running head).
BOTH_TAGS = frozenset({"h1"})
ITALIC_TAGS = frozenset({"em", "i", "cite"})
#: Characters that are never drawn (controls, joiners, soft hyphen...) are not checked.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


@cache
def cmap(family: str, style: str) -> frozenset[int]:
    """The code points the face of *family* in *style* maps to a glyph."""
    return fonts.cmap_of(fonts.face_for(family, style).path)


def families_of(element: HtmlElement) -> tuple[tuple[str, str], ...]:
    """The (family, style) pairs the text directly inside *element* is set in."""
    sans = both = italic = mono = False
    for node in (element, *element.iterancestors()):
        classes = set((node.get("class") or "").split())
        mono = mono or node.tag in MONO_TAGS
        sans = sans or node.tag in SANS_TAGS or bool(classes & SANS_CLASSES)
        both = both or node.tag in BOTH_TAGS
        italic = italic or node.tag in ITALIC_TAGS
    style = "italic" if italic else "normal"
    if mono:
        return ((fonts.MONO, style),)
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


def missing_in(text: str, faces: Iterable[tuple[str, str]],
               extra: fonts.ScriptFont | None = None) -> set[str]:
    """Characters of *text* that one of *faces* lacks (and the script font *extra* too)."""
    missing = set()
    beyond = extra.coverage if extra is not None else frozenset()
    for char in set(text):
        if char.isspace() or unicodedata.category(char) in INVISIBLE or ord(char) in beyond:
            continue
        if any(ord(char) not in cmap(family, style) for family, style in faces):
            missing.add(char)
    return missing


def check_document(document: str, where: Mapping[str, str], source: Path | str,
                   labels: Mapping[str, str] | None = None, language: str = "",
                   extra: fonts.ScriptFont | None = None) -> None:
    """Raise :class:`GlyphError` listing each uncovered character and the documents using it.

    *where* maps an element id (a document's ``id``) to the name shown in the message.
    """
    root = lxml.html.document_fromstring(document)
    found: dict[str, set[str]] = defaultdict(set)
    for element, text in text_runs(root.body):
        for char in missing_in(text, families_of(element), extra):
            found[char].add(_doc_of(element, where))
    both = ((fonts.SERIF, "normal"), (fonts.SANS, "normal"))
    for name, text in (labels or {}).items():
        for char in missing_in(text, both, extra):
            found[char].add(f"label {name!r}")
    if found:
        raise GlyphError(_message(found, language, extra), source, hint=_hint(found, language, extra))


#: The faces plain text is checked against by default: the serif and the sans.
PROSE = ((fonts.SERIF, "normal"), (fonts.SANS, "normal"))


def check_text(text: str, source: Path | str, language: str = "",
               extra: fonts.ScriptFont | None = None, what: str = "the text",
               faces: Iterable[tuple[str, str]] = PROSE) -> None:
    """:func:`check_document` for plain text set in *faces* (the EPUB's prose or code)."""
    missing = missing_in(text, faces, extra)
    if missing:
        found = {char: {what} for char in missing}
        raise GlyphError(_message(found, language, extra), source, hint=_hint(found, language, extra))


def script_of(char: str) -> str:
    """The script of *char*, from its Unicode name: ``Arabic``, ``CJK``, ``Devanagari``."""
    name = unicodedata.name(char, "UNKNOWN")
    word = name.split()[0]
    if word in ("LATIN", "CYRILLIC", "GREEK") or unicodedata.category(char)[0] not in "LM":
        return "symbols" if word not in ("LATIN", "CYRILLIC", "GREEK") else word.title()
    return "CJK" if word == "CJK" else word.title()


def _hint(found: Mapping[str, set[str]], language: str, extra: fonts.ScriptFont | None) -> str:
    scripts = sorted({script_of(c) for c in found} - {"Latin", "Cyrillic", "Greek", "symbols"})
    if scripts and language:
        now = f" (now {extra.spec!r}, which lacks them)" if extra is not None else ""
        return (f"the {', '.join(scripts)} script needs a font: set fonts = {{ {language} = "
                f"\"fontpkg-...\" }} (a fontpkg package, or a .ttf/.otf file or folder in the "
                f"project) in [tool.booklet]{now}")
    return "use characters the fonts cover (Noto Serif, Noto Sans, IBM Plex Mono for code), " \
           "or configure a font for the language in [tool.booklet] fonts"


def _doc_of(element: HtmlElement, where: Mapping[str, str]) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("id") in where:
            return where[node.get("id")]
    return "the layout"


#: Characters listed one by one at most; the rest are counted.
SHOWN = 12


def _message(found: Mapping[str, set[str]], language: str = "",
             extra: fonts.ScriptFont | None = None) -> str:
    lines = []
    by_script: dict[str, list[str]] = defaultdict(list)
    for char in sorted(found):
        by_script[script_of(char)].append(char)
    for script, chars in sorted(by_script.items()):
        lines.append(f"  {script} script:")
        for char in chars[:SHOWN]:
            name = unicodedata.name(char, "unnamed")
            lines.append(f"    U+{ord(char):04X} {name} ({char!r}) in {', '.join(sorted(found[char]))}")
        if len(chars) > SHOWN:
            lines.append(f"    ... and {len(chars) - SHOWN} more")
    who = f"language {language!r}: " if language else ""
    fonts_used = "Noto Serif, Noto Sans, IBM Plex Mono" + (f", {extra.family}" if extra else "")
    return (f"{who}{len(found)} character(s) not covered by the fonts ({fonts_used}):\n"
            + "\n".join(lines))
