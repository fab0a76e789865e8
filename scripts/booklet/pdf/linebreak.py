"""Line breaks chosen for the whole paragraph (total fit, as TeX does), imposed on WeasyPrint.

WeasyPrint breaks lines greedily: each line takes as many words as fit, and a long word
that does not fit leaves a loose line. :mod:`.fit` sends the paragraphs whose lines come
out loose here:

1. :func:`tokenize` cuts a paragraph (an lxml element) into *pieces*: runs of text
   between break opportunities -- word spaces, hyphenation points of the language's
   dictionary, and the breaks a line breaker finds after a dash or slash inside a word.
   A footnote (``span.footnote``) is opaque: it is part of the word before it.
2. one unbroken layout of a copy of the paragraph (``white-space: nowrap``; a mark
   after each footnote call, :func:`measuring_copy`) gives the edges of every
   character, and so of every piece (:func:`measure`); :func:`plan` chooses, over all the breaks at once, the lines whose word gaps are
   closest to the natural space (Knuth and Plass's total fit: the sum of each line's
   demerits is least; no line may end a fourth hyphen in a row).
3. :func:`impose` writes the plan into the paragraph: every word space that is not a
   chosen break becomes a no-break space (WeasyPrint stretches those like spaces),
   a soft hyphen marks each chosen hyphenation point, and the paragraph is set with
   ``hyphens: manual`` (:data:`PLANNED_CSS`). WeasyPrint's greedy breaker, left with the
   chosen breaks only, breaks there. :mod:`.fit` checks the result in a galley and keeps
   it only if it is what was planned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Kinds of the glue after a piece.
SPACE, HYPHEN, DASH, JOIN, END = "space", "hyphen", "dash", "join", "end"
#: Where a line breaker may break inside a word: after these characters...
BREAK_AFTER = "-\u2010\u2013\u2014/"
#: ...and before these.
BREAK_BEFORE = "\u2014"
#: Elements a paragraph may hold for its breaks to be planned (anything else: left alone).
INLINE = frozenset({"a", "em", "strong", "b", "i", "span", "cite", "abbr", "sup", "sub",
                    "small", "q", "s", "u", "mark", "dfn", "kbd", "var", "bdi", "time",
                    "code", "samp", "tt"})
#: Inline code: never hyphenated (the print stylesheet sets it ``hyphens: manual``).
CODE = frozenset({"code", "kbd", "samp", "tt"})
#: A footnote: its text goes to the foot of the page, its call stays in the line.
FOOTNOTE_CLASS = "footnote"
NBSP, SHY = "\u00a0", "\u00ad"
#: Characters across which no line breaker breaks: no-break spaces, word joiners.
GLUE = frozenset({NBSP, "\u202f", "\u2060", "\ufeff"})
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
#: The natural width of a space in the booklet's fonts, in em (for no-break spaces).
SPACE_EM = 0.26
#: Given to a paragraph whose breaks are imposed (see the module docstring).
PLANNED_CSS = "hyphens: manual"
#: Lets the measuring copy run on in one line.
MEASURING_CSS = "white-space: nowrap; hyphens: manual"


@dataclass(frozen=True)
class Span:
    """A range of the text (``attr`` ``text`` or ``tail``) of an lxml *node*."""

    node: Any
    attr: str
    start: int
    end: int


@dataclass
class Piece:
    """A run of text between two break opportunities, and the glue after it."""

    where: Span | None  # None: the empty mark after a footnote
    after: str = END
    spaces: list[Span] = field(default_factory=list)  # the white space of a SPACE glue

    @property
    def chars(self) -> int:
        return self.where.end - self.where.start if self.where is not None else 0

    @property
    def bound(self) -> int:
        """No-break spaces inside the piece: gaps justification stretches, never breaks."""
        if self.where is None:
            return 0
        return getattr(self.where.node, self.where.attr)[self.where.start:self.where.end].count(NBSP)


# ------------------------------------------------------------------------ tokenizing

def plannable(paragraph: Any) -> bool:
    """Whether *paragraph* holds only text and the inline elements of :data:`INLINE`."""
    for element in paragraph.iterdescendants():
        if not isinstance(element.tag, str):
            return False
        if _footnote(element) or any(_footnote(a) for a in element.iterancestors()
                                     if a is not paragraph):
            continue
        if element.tag not in INLINE:
            return False
    return True


def _footnote(element: Any) -> bool:
    return FOOTNOTE_CLASS in (element.get("class") or "").split()


def _chunks(paragraph: Any) -> Iterator[tuple[Any, str, bool] | None]:
    """The text of *paragraph* in reading order, as (node, attr, whether its words may be
    hyphenated: not in a link that shows an address, nor in code); None for a footnote."""
    def walk(element: Any, words: bool) -> Iterator[tuple[Any, str, bool] | None]:
        words = (words and "external" not in (element.get("class") or "").split()
                 and element.tag not in CODE)
        if element.text:
            yield element, "text", words
        for child in element:
            if _footnote(child):
                yield None
            else:
                yield from walk(child, words)
            if child.tail:
                yield child, "tail", words
    yield from walk(paragraph, True)


def tokenize(paragraph: Any, hyphenate: Callable[[str], Sequence[int]]) -> list[Piece]:
    """The pieces of *paragraph* (see the module docstring). *hyphenate* gives a word's
    hyphenation points (offsets into the word)."""
    pieces: list[Piece] = []
    pending: list[Span] = []  # white space seen since the last piece
    for chunk in _chunks(paragraph):
        if chunk is None:  # a footnote: an empty piece joined to the word before it
            _glue(pieces, pending)
            pieces.append(Piece(None))
            continue
        node, attr, words = chunk
        text = getattr(node, attr)
        hyphenate_here = hyphenate if words else _no_hyphens
        position = 0
        for match in WHITESPACE.finditer(text):
            _words(pieces, pending, node, attr, text, position, match.start(), hyphenate_here)
            pending.append(Span(node, attr, match.start(), match.end()))
            position = match.end()
        _words(pieces, pending, node, attr, text, position, len(text), hyphenate_here)
    return pieces


def _no_hyphens(word: str) -> list[int]:
    return []


def _glue(pieces: list[Piece], pending: list[Span]) -> None:
    """Close the glue after the last piece: a space if white space came, else a join."""
    if pieces:
        pieces[-1].after = SPACE if pending else JOIN
        pieces[-1].spaces = list(pending)
    pending.clear()


def _words(pieces: list[Piece], pending: list[Span], node: Any, attr: str, text: str,
           start: int, end: int, hyphenate: Callable[[str], Sequence[int]]) -> None:
    if start >= end:
        return
    _glue(pieces, pending)
    cuts = sorted(set(_cuts(text[start:end], hyphenate)))
    edges = [0, *(c for c, _ in cuts), end - start]
    kinds = [kind for _, kind in cuts] + [END]
    for (a, b), kind in zip(zip(edges, edges[1:]), kinds):
        pieces.append(Piece(Span(node, attr, start + a, start + b), kind))


def _cuts(word: str, hyphenate: Callable[[str], Sequence[int]]) -> Iterator[tuple[int, str]]:
    """(offset, kind) of the break opportunities inside a run of non-space text."""
    dashes = set()
    for i, char in enumerate(word[:-1]):
        after, before = word[i + 1], word[i - 1] if i else ""
        if char in GLUE or after in GLUE:
            continue  # a no-break space (or joiner) binds both its sides
        if (char in BREAK_AFTER and before and not (char in "-/" and after.isdigit())) \
                or after in BREAK_BEFORE:
            dashes.add(i + 1)
    yield from ((i, DASH) for i in dashes)
    for match in re.finditer(r"[^\W\d_]+", word):
        if any(match.start() < d < match.end() for d in dashes):
            continue
        for offset in hyphenate(match.group()):
            yield match.start() + offset, HYPHEN


# ------------------------------------------------------------------------- measuring

def measuring_copy(pieces: Sequence[Piece]) -> None:
    """Mark the place after each footnote call of a copy of the paragraph (in place):
    ``<span data-b="N">``, N the empty piece that follows the footnote."""
    marks = [number for number, piece in enumerate(pieces) if piece.where is None]
    for number, footnote in zip(marks, _footnotes_in_order(pieces), strict=True):
        _insert_after(footnote, _mark(number))


def _footnotes_in_order(pieces: Sequence[Piece]) -> list[Any]:
    root = next(p.where.node for p in pieces if p.where is not None)
    while root.getparent() is not None and root.tag != "p":
        root = root.getparent()
    return [e for e in root.iterdescendants() if isinstance(e.tag, str) and _footnote(e)
            and not any(_footnote(a) for a in e.iterancestors())]


def _mark(number: int, text: str = "") -> Any:
    from lxml.html import Element  # noqa: PLC0415 - lxml.html only where HTML is built
    span = Element("span", {"data-b": str(number)})
    span.text = text or None
    return span


def hyphen_probe() -> Any:
    """A span measuring the hyphen drawn at a break (``data-b="-1"``)."""
    return _mark(-1, "\u2010")


def _insert_after(element: Any, new: Any) -> None:
    new.tail, element.tail = element.tail, None
    element.addnext(new)


def measure(pieces: Sequence[Piece], line: Any) -> Measure | None:
    """Where each piece was set in the measuring copy's one line (*line*: a
    :class:`booklet.adapters.weasyprint.SetLine`), or None if its text is not the
    pieces' (text the stylesheet transforms, a right-to-left line)."""
    if line.rtl or -1 not in line.marks:
        return None
    left, right = [], []
    cursor = 0
    for number, piece in enumerate(pieces):
        if piece.where is None:
            if number not in line.marks:
                return None
            left.append(line.marks[number][0])
            right.append(line.marks[number][1])
            continue
        text = getattr(piece.where.node, piece.where.attr)[piece.where.start:piece.where.end]
        while cursor < len(line.text) and line.text[cursor] == " ":
            cursor += 1
        if line.text[cursor:cursor + len(text)] != text:
            return None
        left.append(line.left[cursor])
        right.append(line.right[cursor + len(text) - 1])
        cursor += len(text)
    if any(b < a for a, b in zip(left, left[1:])):
        return None
    hyphen = line.marks[-1]
    return Measure(left, right, line.start, line.width, hyphen[1] - hyphen[0], line.font_size,
                   [piece.chars for piece in pieces])


# -------------------------------------------------------------------------- planning

@dataclass(frozen=True)
class Measure:
    """Positions from the measuring layout, in px: piece N spans ``left[N]..right[N]``."""

    left: Sequence[float]
    right: Sequence[float]
    start: float  # the left edge of the paragraph's content box (the first line is indented)
    width: float  # the width of its lines
    hyphen: float  # the width of the hyphen drawn at a break
    font_size: float
    chars: Sequence[int] = ()  # the characters of each piece (letter spacing applies)
    word_spacing: float = 0.0  # em added to every word space (negative: narrower)
    letter_spacing: float = 0.0  # em added to every character


@dataclass(frozen=True)
class Limits:
    """Word gaps in em of the font size (the measure of :mod:`.typometrics`)."""

    ideal: float = 0.30
    tight: float = 0.22  # narrower gaps cost demerits (TeX's shrink of a 1/3 em space)
    wide: float = 0.55
    loose: float = 0.70
    max_hyphen_run: int = 3
    margin: float = 0.5  # px a planned line leaves free, for rounding


LIMITS = Limits()
#: Lines whose word gaps would exceed this (em) are not considered at all.
CUTOFF = 1.2


@dataclass(frozen=True)
class Line:
    end: int  # the last piece of the line
    gap: float  # the word gap once justified, em (0 for the last line)
    hyphenated: bool


class Sums:
    """Running totals over the pieces, so that a line's figures take constant time (the
    same for every spacing a paragraph is planned with).

    A no-break space inside a piece is a gap too (its natural width taken as
    :data:`SPACE_EM`); it counts from the line where its piece is."""

    def __init__(self, pieces: Sequence[Piece], m: Measure) -> None:
        self.spaces, self.natural, self.chars, self.bound = [0], [0.0], [0], [0]
        for k, piece in enumerate(pieces):
            space = piece.after == SPACE and k + 1 < len(pieces)
            self.spaces.append(self.spaces[-1] + space)
            self.natural.append(self.natural[-1] + (m.left[k + 1] - m.right[k] if space else 0.0))
            self.chars.append(self.chars[-1] + (m.chars[k] if m.chars else 0))
            self.bound.append(self.bound[-1] + piece.bound)


def _natural(pieces: Sequence[Piece], m: Measure, start: int, end: int,
             sums: Sums | None = None) -> tuple[float, int, float]:
    """(width, number of spaces, total natural space) of a line of pieces start..end."""
    sums = sums or Sums(pieces, m)
    width = m.right[end] - m.left[start] + (m.hyphen if pieces[end].after == HYPHEN else 0.0)
    bound = sums.bound[end + 1] - sums.bound[start]
    spaces = sums.spaces[end] - sums.spaces[start] + bound
    natural = sums.natural[end] - sums.natural[start] + bound * SPACE_EM * m.font_size
    spacing = (m.word_spacing + m.letter_spacing) * m.font_size
    letters = m.letter_spacing * m.font_size * (sums.chars[end + 1] - sums.chars[start])
    return width + spaces * spacing + letters, spaces, natural + spaces * spacing


def plan(pieces: Sequence[Piece], m: Measure, limits: Limits = LIMITS,
         sums: Sums | None = None) -> tuple[float, list[Line]] | None:
    """The best lines of the paragraph and their total demerits (the least), or None if
    no set of lines fits. *sums*: ``Sums(pieces, m)``, if already made."""
    n = len(pieces)
    if n == 0:
        return None
    dashes = [i for i, p in enumerate(pieces) if p.after == DASH]
    sums = sums or Sums(pieces, m)
    s_bound, s_spaces, s_natural, s_chars = sums.bound, sums.spaces, sums.natural, sums.chars
    breakable = [p.after in (SPACE, HYPHEN, DASH, END) for p in pieces]
    ends = [m.right[k] + (m.hyphen if p.after == HYPHEN else 0.0) for k, p in enumerate(pieces)]
    spacing = (m.word_spacing + m.letter_spacing) * m.font_size
    letters = m.letter_spacing * m.font_size
    bound_space = SPACE_EM * m.font_size
    # best[(last piece of a line, hyphen run)] = (demerits, previous state, line); lines
    # only go forward, so the states are settled in the order of their last piece.
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, Line | None]] = {
        (-1, 0): (0.0, None, None)}
    for state in ((last, run) for last in range(-1, n - 1)
                  for run in range(limits.max_hyphen_run + 1)):
        if state not in best:
            continue
        start, run = state[0] + 1, state[1]
        total = best[state][0]
        available = m.width - (m.left[0] - m.start if start == 0 else 0.0)  # indent
        left = m.left[start]
        for end in range(start, n):
            if not breakable[end]:
                continue
            # _natural(pieces, m, start, end, sums), inlined: the innermost loop
            bound = s_bound[end + 1] - s_bound[start]
            spaces = s_spaces[end] - s_spaces[start] + bound
            width = (ends[end] - left + spaces * spacing
                     + letters * (s_chars[end + 1] - s_chars[start]))
            natural = s_natural[end] - s_natural[start] + bound * bound_space + spaces * spacing
            if width > available + (0 if end == n - 1 else -limits.margin):
                if end != n - 1 and width > available:
                    break
                continue
            if end != n - 1 and (not spaces or (natural + available - width) / spaces
                                 > CUTOFF * m.font_size):
                continue  # far too short: not worth judging
            demerits, line = _line(pieces, m, limits, start, end, width, spaces, natural,
                                   available, dashes, run, sums)
            if line is None:
                continue
            key = (end, run + 1 if line.hyphenated else 0)
            if key not in best or total + demerits < best[key][0]:
                best[key] = (total + demerits, state, line)
    finals = [key for key in best if key[0] == n - 1]
    if not finals:
        return None
    key: tuple[int, int] | None = min(finals, key=lambda k: best[k][0])
    total = best[key][0]  # type: ignore[index]
    lines = []
    while key is not None and best[key][2] is not None:
        lines.append(best[key][2])
        key = best[key][1]
    return total, lines[::-1]


def _line(pieces: Sequence[Piece], m: Measure, limits: Limits, start: int, end: int,
          width: float, spaces: int, natural: float, available: float,
          dashes: Sequence[int], run: int, sums: Sums) -> tuple[float, Line | None]:
    """The demerits of a line start..end, and the line (None: not allowed)."""
    hyphenated = pieces[end].after == HYPHEN
    if hyphenated and run + 1 > limits.max_hyphen_run:
        return 0.0, None
    if end == len(pieces) - 1:
        return 0.0, Line(end, 0.0, False)
    if not spaces:
        return 0.0, None
    # A break a line breaker finds by itself (after a dash) must not fit on the line,
    # or WeasyPrint would take it instead of this one.
    following = next((d for d in dashes if d > end), None)
    if following is not None and _natural(pieces, m, start, following, sums)[0] <= available:
        return 0.0, None
    gap = (natural + available - width) / spaces / m.font_size
    badness = 100 * max(0.0, (gap - limits.ideal) / (limits.wide - limits.ideal)) ** 3
    demerits = (10 + badness) ** 2
    if gap < limits.tight:
        demerits += 5e4 * (limits.tight - gap) / 0.02
    if gap > limits.wide:
        demerits += 1e5
    if gap > limits.loose:
        demerits += 1e7
    if hyphenated:
        demerits += 3000 + 5000 * run
    if pieces[end].after == DASH:
        demerits += 1000
    return demerits, Line(end, gap, hyphenated)


# ------------------------------------------------------------------------- imposing

def impose(pieces: Sequence[Piece], breaks: Sequence[int]) -> None:
    """Write the breaks (piece numbers ending a line) into the paragraph (in place)."""
    chosen = set(breaks)
    edits: dict[tuple[int, str], tuple[Any, str, list[tuple[int, int, str]]]] = {}

    def edit(span: Span, start: int, end: int, text: str) -> None:
        entry = edits.setdefault((id(span.node), span.attr), (span.node, span.attr, []))
        entry[2].append((start, end, text))

    for number, piece in enumerate(pieces):
        if piece.after == SPACE and number not in chosen:
            for k, space in enumerate(piece.spaces):
                edit(space, space.start, space.end, NBSP if k == 0 else "")
        elif piece.after == HYPHEN and number in chosen and piece.where is not None:
            edit(piece.where, piece.where.end, piece.where.end, SHY)
    for node, attr, changes in edits.values():
        text = getattr(node, attr)
        for start, end, new in sorted(changes, reverse=True):
            text = text[:start] + new + text[end:]
        setattr(node, attr, text)


def breaks_of(lines: Sequence[Line]) -> list[int]:
    """The piece numbers that end a line, the last line's excepted."""
    return [line.end for line in lines[:-1]]
