"""WeasyPrint's internals, in one place: a line-breaking fix and the layout boxes read.

Checked against WeasyPrint :data:`CHECKED` (pinned in ``pyproject.toml``);
:func:`apply_fixes` refuses any other version (:func:`booklet.adapters.require`).

**The fix.** When a run of text ends with a space and is followed by an inline element
(a link, an emphasis), and the run's words fit on the line but not with the trailing
space, WeasyPrint 70's ``split_first_line`` takes the overflow for an unbreakable first
word and breaks after the *first* word of the run: a line holding only "Since" in the
middle of a justified paragraph. CSS lets collapsible trailing spaces hang, and
WeasyPrint's inline layout already allows for them (``trailing_whitespace_size``), so
when the run without its trailing spaces fits, the whole run is returned as fitting.
The patch replaces ``split_first_line`` in the three modules that call it;
``tests/test_pdf.py`` reproduces the case.

**The boxes read** (``Page._page_box``, ``LineBox``, ``TextBox.justification_spacing``,
``Document.fonts``): the justified lines of numbered paragraphs (:func:`paragraph_lines`),
the characters of a measuring copy and their edges (:func:`set_lines`, read
from Pango's clusters through a binding of its layout iterator), the anchors
of each page, the fonts of a document and the lines of each page.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import cffi
import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline, preferred
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text import line_break

from . import require

#: The version these internals were checked against.
CHECKED = "70.0"
VERSION = weasyprint.__version__
#: Word space of Noto Serif and Noto Sans, in em (``hmtx`` of U+0020: 260/1000).
SPACE_EM = 0.26
COLLAPSING = ("normal", "nowrap", "pre-line")
#: Pango units in a px (``PANGO_SCALE``).
PANGO_SCALE = 1024
#: Pango's cluster iterator, which WeasyPrint's bindings leave out (its types are theirs).
_ffi = cffi.FFI()
_ffi.include(weasyprint_ffi.ffi)
_ffi.cdef("""
    PangoLayoutIter * pango_layout_get_iter (PangoLayout *layout);
    void pango_layout_iter_free (PangoLayoutIter *iter);
    gboolean pango_layout_iter_next_cluster (PangoLayoutIter *iter);
    int pango_layout_iter_get_index (PangoLayoutIter *iter);
    void pango_layout_iter_get_cluster_extents (
        PangoLayoutIter *iter, PangoRectangle *ink_rect, PangoRectangle *logical_rect);
""")
_pango = weasyprint_ffi._dlopen(  # the names WeasyPrint looks Pango up by
    _ffi, "libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0",
    "libpango-1.0.dylib", "libpango-1.0-0.dll")
NBSP = "\u00a0"


def check() -> None:
    """Refuse a WeasyPrint other than :data:`CHECKED`."""
    require("weasyprint", VERSION, CHECKED)


# ------------------------------------------------------------------------ the fix

def _hanging_spaces(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def split_first_line(text: str, style: Any, context: Any, max_width: float | None,
                         justification_spacing: float, is_line_start: bool = True,
                         minimum: bool = False) -> Any:
        result = original(text, style, context, max_width, justification_spacing,
                          is_line_start, minimum)
        if (result[2] is None or max_width is None or not text.endswith(" ")
                or style["white_space"] not in COLLAPSING or not text.strip(" ")):
            return result
        visible = original(text.rstrip(" "), style, context, max_width, justification_spacing,
                           is_line_start, minimum)
        if visible[2] is not None or visible[3] > max_width:
            return result
        layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
        first_line, resume_index = layout.get_first_line()
        if resume_index is not None:
            return result
        return line_break.first_line_metrics(first_line, text, layout, None, True, style)

    split_first_line.booklet_patched = True  # type: ignore[attr-defined]
    return split_first_line


def apply_fixes() -> None:
    """Check the version and install the line-breaking fix (once)."""
    check()
    if getattr(line_break.split_first_line, "booklet_patched", False):
        return
    fixed = _hanging_spaces(line_break.split_first_line)
    for module in (line_break, inline, preferred):
        if hasattr(module, "split_first_line"):
            module.split_first_line = fixed


# ------------------------------------------------------------------- reading boxes

@dataclass(frozen=True)
class LineFacts:
    """A justified line of a numbered paragraph, as WeasyPrint set it."""

    paragraph: str
    spaces: int  # word spaces (and no-break spaces: WeasyPrint stretches both)
    gap: float  # average word gap of the line, px
    hyphenated: bool
    natural: float = 0.0  # average natural word space of the line's fonts, px
    font_size: float = 0.0  # px

    @property
    def gap_em(self) -> float:
        return self.gap / self.font_size if self.font_size else 0.0


def paragraph_lines(document: Any) -> dict[str, list[LineFacts]]:
    """The lines of every justified ``p[data-p]``, in order (its last line dropped)."""
    found: dict[str, list[LineFacts]] = {}
    for page in document.pages:
        for block in _blocks(page._page_box, _justified):
            key = block.element.get("data-p")
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    facts = _line_facts(key, line)
                    if facts is not None:
                        found.setdefault(key, []).append(facts)
    return {key: lines[:-1] for key, lines in found.items()}


def _justified(box: Any) -> bool:
    return bool(box.element.get("data-p")) and box.style["text_align_all"] == "justify"


def _blocks(box: Any, wanted: Callable[[Any], bool]) -> Iterator[Any]:
    """The outermost block boxes of elements *wanted* accepts."""
    if isinstance(box, boxes.BlockBox) and box.element is not None and wanted(box):
        yield box
        return
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.LineBox):
            yield from _blocks(child, wanted)


def _line_facts(key: str, line: Any) -> LineFacts | None:
    texts = [b for b in line.descendants() if isinstance(b, boxes.TextBox) and b.text]
    if not texts:
        return None
    spaces, width, unjustified = 0, 0.0, 0.0
    for i, box in enumerate(texts):
        text = box.text
        if i == 0:
            text = text.lstrip(" ")
        if i == len(texts) - 1:
            text = text.rstrip(" ")
        count = text.count(" ") + text.count(NBSP)
        style = box.style
        natural = SPACE_EM * style["font_size"] + style["word_spacing"] + 2 * _letter(style)
        spaces += count
        width += count * (natural + (box.justification_spacing or 0))
        unjustified += count * natural
    hyphen = texts[-1].style["hyphenate_character"]
    return LineFacts(key, spaces, width / spaces if spaces else 0.0,
                     bool(hyphen) and texts[-1].text.rstrip(" ").endswith(hyphen),
                     unjustified / spaces if spaces else 0.0, line.style["font_size"])


def _letter(style: Any) -> float:
    value = style["letter_spacing"]
    return 0.0 if value == "normal" else float(value)


@dataclass(frozen=True)
class SetLine:
    """A paragraph set on one unbroken line (a measuring copy): its text as drawn and the
    left and right edge of each character, in px; the edges of its ``span[data-b=N]``
    marks (``-1``: the hyphen probe); its content box's left edge and width; its font size."""

    text: str
    left: tuple[float, ...]
    right: tuple[float, ...]
    marks: dict[int, tuple[float, float]]
    start: float
    width: float
    font_size: float
    rtl: bool


def set_lines(document: Any, suffix: str) -> dict[str, SetLine]:
    """Each paragraph whose ``data-p`` ends with *suffix* and was set on one line, by
    ``data-p`` (see :class:`SetLine`). The characters' edges come from Pango's clusters
    (a ligature's width shared among its characters); generated content (``::before``,
    a footnote call) is left out of the text."""
    found: dict[str, SetLine] = {}
    for page in document.pages:
        for block in _blocks(page._page_box,
                             lambda box: (box.element.get("data-p") or "").endswith(suffix)):
            lines = [child for child in block.children if isinstance(child, boxes.LineBox)]
            if len(lines) != 1:
                continue
            text: list[str] = []
            left: list[float] = []
            right: list[float] = []
            marks: dict[int, tuple[float, float]] = {}
            _read_line(lines[0], text, left, right, marks)
            found[block.element.get("data-p")] = SetLine(
                "".join(text), tuple(left), tuple(right), marks, block.content_box_x(),
                block.width, block.style["font_size"], block.style["direction"] == "rtl")
    return found


def _read_line(box: Any, text: list[str], left: list[float], right: list[float],
               marks: dict[int, tuple[float, float]]) -> None:
    for child in getattr(box, "children", ()):
        number = _piece_number(child)
        if number is not None:
            marks.setdefault(number, (child.position_x, child.position_x + child.margin_width()))
        elif getattr(child, "pseudo_type", None):
            continue
        elif isinstance(child, boxes.TextBox):
            for char, (a, b) in zip(child.text, _character_edges(child), strict=True):
                text.append(char)
                left.append(child.position_x + a)
                right.append(child.position_x + b)
        elif isinstance(child, boxes.ParentBox):
            _read_line(child, text, left, right, marks)


def _piece_number(box: Any) -> int | None:
    if not isinstance(box, boxes.InlineBox) or box.element is None:
        return None
    if box.element_tag != "span" or getattr(box, "pseudo_type", None):
        return None
    value = box.element.get("data-b")
    return int(value) if value is not None else None


def _character_edges(box: Any) -> list[tuple[float, float]]:
    """The left and right edge of each character of a text box, from its start, in px."""
    layout = line_break.create_layout(box.text, box.style, None, None, 0)
    starts = list(itertools.accumulate((len(c.encode()) for c in box.text), initial=0))
    char_at = {offset: index for index, offset in enumerate(starts)}
    clusters = []
    iterator = _pango.pango_layout_get_iter(layout.layout)
    rectangle = _ffi.new("PangoRectangle *")
    try:
        while True:
            _pango.pango_layout_iter_get_cluster_extents(iterator, _ffi.NULL, rectangle)
            clusters.append((_pango.pango_layout_iter_get_index(iterator),
                             rectangle.x / PANGO_SCALE, rectangle.width / PANGO_SCALE))
            if not _pango.pango_layout_iter_next_cluster(iterator):
                break
    finally:
        _pango.pango_layout_iter_free(iterator)
    edges = [(0.0, 0.0)] * len(box.text)
    clusters.sort()
    for (index, x, width), following in zip(clusters, [*clusters[1:], (starts[-1], 0, 0)]):
        first, last = char_at.get(index), char_at.get(following[0])
        if first is None or last is None or last <= first:
            continue
        share = width / (last - first)
        for k in range(first, last):
            edges[k] = (x + share * (k - first), x + share * (k - first + 1))
    return edges


def anchors_by_page(document: Any) -> dict[str, int]:
    """Every anchor (``id``) of a laid-out document -> the number of its page (from 1)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return dict(sorted(pages.items()))


def font_names(document: Any) -> list[str]:
    """The names of the fonts a laid-out document uses, subset prefixes removed."""
    return sorted({font.name.decode("latin-1").split("+", 1)[-1]
                   for font in document.fonts.values()})


def lines_per_page(document: Any) -> list[int]:
    """The number of text lines on each page."""
    return [sum(isinstance(b, boxes.LineBox) for b in page._page_box.descendants())
            for page in document.pages]


def version_salt() -> str:
    """What cached layout decisions depend on of WeasyPrint."""
    return f"weasyprint {VERSION}"
