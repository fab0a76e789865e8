"""Measuring the typesetting of a PDF: line length, hyphenation runs, word gaps.

The measurements are taken from the PDF itself, independently of the code that set it:
``pdftotext -bbox-layout`` gives the box of every word (from the glyphs' positions and
advances), grouped in lines and blocks, and pypdf the size of every run of text. Body
text is the most common line height in the document (footnotes, tables, headings and
running heads differ); the *body size* is the font size that sets the most characters.
A *justified* line is a body line that ends at the right edge of the text block of its
page. A *word gap* is the distance from the last glyph of one word to the first glyph of
the next, over the body size (em); pdftotext ends a word at a space and at a no-break
space (U+00A0) alike, so both are gaps. A line's gap is the widest of its word gaps. A
space inside inline code (two words set in a monospace font, which ``pdftohtml -xml``
names) is a character of the code, not a word gap.

Targets (:data:`TARGETS`) for a reading PDF:

* median characters per justified line between 50 and 75;
* no more than three hyphenated line ends in a row;
* no justified line with a word gap above 0.70 em, and at most 3 % above 0.55 em.

Run ``python -m booklet.pdf.typometrics [-v] FILE.pdf ...`` to print the figures (``-v``:
and the lines over the wide limit).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from ..errors import RenderError

NS = {"x": "http://www.w3.org/1999/xhtml"}
#: Hyphens that end a line broken inside a word (WeasyPrint draws U+2010).
HYPHENS = ("\u2010", "-", "\u00ad")
#: A justified line ends this close to the right edge of the text block (pt).
EDGE_TOLERANCE = 0.75
#: Body lines are within this much of the most common line height (pt).
HEIGHT_TOLERANCE = 0.25
#: A first line may start this far right of the text block's left edge (indent, pt).
MAX_INDENT = 20.0


@dataclass(frozen=True)
class Targets:
    min_median_chars: float = 50
    max_median_chars: float = 75
    max_hyphen_run: int = 3
    max_gap: float = 0.70  # em: no line above
    wide_gap: float = 0.55  # em: ...
    max_wide_share: float = 0.03  # ...at most this share of lines above


TARGETS = Targets()


@dataclass(frozen=True)
class Line:
    page: int
    block: int
    words: tuple[str, ...]
    lefts: tuple[float, ...]
    rights: tuple[float, ...]
    height: float
    code: tuple[bool, ...] = ()  # each word set in a monospace font

    @property
    def x_min(self) -> float:
        return self.lefts[0]

    @property
    def x_max(self) -> float:
        return self.rights[-1]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def gaps(self) -> list[float]:
        """The word gaps (spaces inside code left out)."""
        code = self.code or (False,) * len(self.words)
        return [b - a for a, b, left, right in zip(self.rights[:-1], self.lefts[1:], code[:-1],
                                                   code[1:], strict=True)
                if not (left and right)]

    @property
    def hyphenated(self) -> bool:
        return self.words[-1].endswith(HYPHENS) and len(self.words[-1]) > 1

    def gap(self, size: float) -> float:
        """The line's widest word gap in em of *size* (0 for a line of one word)."""
        return max(self.gaps, default=0.0) / size if size else 0.0


@dataclass(frozen=True)
class Report:
    """The measurements of one PDF (see the module docstring); gaps in em."""

    pages: int
    body_lines: int
    justified_lines: int
    median_chars: float
    hyphenated_ends: int
    max_hyphen_run: int
    body_size: float  # pt
    median_gap: float
    max_gap: float
    wide_lines: int  # justified lines with a gap above the wide limit
    wide_share: float
    over_max: int  # justified lines with a gap above the maximum

    def failures(self, targets: Targets = TARGETS) -> list[str]:
        """The targets this PDF misses, as sentences (empty when all are met)."""
        problems = []
        if not targets.min_median_chars <= self.median_chars <= targets.max_median_chars:
            problems.append(f"median {self.median_chars:.1f} characters per line, not within "
                            f"{targets.min_median_chars:g}-{targets.max_median_chars:g}")
        if self.max_hyphen_run > targets.max_hyphen_run:
            problems.append(f"{self.max_hyphen_run} hyphenated line ends in a row "
                            f"(at most {targets.max_hyphen_run})")
        if self.over_max:
            problems.append(f"{self.over_max} line(s) with word gaps over {targets.max_gap:g} em "
                            f"(widest {self.max_gap:.2f} em)")
        if self.wide_share > targets.max_wide_share:
            problems.append(f"{self.wide_share:.1%} of lines with word gaps over "
                            f"{targets.wide_gap:g} em (at most {targets.max_wide_share:.0%})")
        return problems

    def summary(self) -> str:
        """One line of the figures the targets are about."""
        return (f"max gap {self.max_gap:.3f} em, {self.wide_share:.1%} over 0.55 em "
                f"({self.wide_lines} of {self.justified_lines}), median {self.median_chars:g} "
                f"chars/line, max hyphen run {self.max_hyphen_run}")


def pdftotext() -> str:
    return _tool("pdftotext")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RenderError(f"{name} is not installed; it measures the typesetting",
                          hint="apt-get install poppler-utils")
    return found


def read_lines(pdf: Path) -> tuple[int, list[Line]]:
    """(number of pages, every text line of *pdf* in reading order)."""
    result = subprocess.run([pdftotext(), "-bbox-layout", str(pdf), "-"], check=True,
                            capture_output=True, timeout=300)
    root = etree.fromstring(result.stdout, etree.XMLParser(recover=True, huge_tree=True))
    pages = root.findall(".//x:page", NS)
    code = code_boxes(pdf)
    lines = []
    block_number = 0
    for page_number, page in enumerate(pages, start=1):
        for block in page.iterfind(".//x:block", NS):
            block_number += 1
            for line in block.iterfind("x:line", NS):
                words = line.findall("x:word", NS)
                if not words:
                    continue
                boxes = [tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                         for w in words]
                lines.append(Line(
                    page=page_number, block=block_number,
                    words=tuple(w.text or "" for w in words),
                    lefts=tuple(b[0] for b in boxes),
                    rights=tuple(b[2] for b in boxes),
                    height=round(float(line.get("yMax")) - float(line.get("yMin")), 2),
                    code=tuple(_in_code(b, code.get(page_number, ())) for b in boxes)))
    return len(pages), lines


#: Font families whose name says they are monospace.
MONOSPACE = ("Mono", "Courier", "Code")
Box = tuple[float, float, float, float]  # x min, y min, x max, y max (pt)


def code_boxes(pdf: Path) -> dict[int, list[Box]]:
    """The boxes of the runs of text set in a monospace font, by page (from ``pdftohtml
    -xml``, which names each run's font)."""
    result = subprocess.run([_tool("pdftohtml"), "-xml", "-i", "-zoom", "1", "-q", "-stdout",
                             str(pdf)], check=True, capture_output=True, timeout=300)
    root = etree.fromstring(result.stdout, etree.XMLParser(recover=True, huge_tree=True))
    monospace: set[str] = set()
    found: dict[int, list[Box]] = {}
    for page in root.iterfind("page"):
        for spec in page.iterfind("fontspec"):
            if any(name in spec.get("family", "") for name in MONOSPACE):
                monospace.add(spec.get("id"))
        for text in page.iterfind("text"):
            if text.get("font") in monospace:
                left, top = float(text.get("left")), float(text.get("top"))
                found.setdefault(int(page.get("number")), []).append(
                    (left, top, left + float(text.get("width")), top + float(text.get("height"))))
    return found


def _in_code(word: Box, code: Iterable[Box]) -> bool:
    """Whether the middle of *word* is inside one of the *code* runs (rounded to points)."""
    x, y = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return any(left - 0.5 <= x <= right + 0.5 and top - 1 <= y <= bottom + 1
               for left, top, right, bottom in code)


def body_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines of the most common height (the body text), contents leaders excluded."""
    if not lines:
        return []
    common = Counter(round(line.height, 1) for line in lines).most_common(1)[0][0]
    return [line for line in lines
            if abs(line.height - common) <= HEIGHT_TOLERANCE and not _leader(line)]


def _leader(line: Line) -> bool:
    """A contents line: a title, a leader of dots (pdftotext splits it) and a page number."""
    return "....." in line.text or sum(word == "." for word in line.words) >= 5


def justified(lines: Sequence[Line]) -> list[Line]:
    """Body lines that fill the text block of their page (left edge to right edge).

    The text block's right edge is where most body lines end (rounded to a point) on
    the pages of the same side (recto or verso: their margins differ), so a page of
    short lines (a list, a glossary) does not take the end of its longest for the edge,
    and one line drawn a little past the margin does not hide the others."""
    lefts: dict[int, float] = {}
    ends: dict[int, Counter[float]] = {}
    for line in lines:
        lefts[line.page] = min(lefts.get(line.page, line.x_min), line.x_min)
        ends.setdefault(line.page % 2, Counter())[round(line.x_max)] += 1
    rights = {side: max(k for k, n in counts.items() if n == max(counts.values()))
              for side, counts in ends.items()}
    return [line for line in lines if len(line.words) > 1
            and line.x_max >= rights[line.page % 2] - 0.5 - EDGE_TOLERANCE
            and line.x_min <= lefts[line.page] + MAX_INDENT]


def hyphen_runs(lines: Iterable[Line]) -> list[int]:
    """Lengths of the runs of consecutive hyphenated line ends within a block."""
    runs, current, block = [], 0, None
    for line in lines:
        if line.block != block:
            current, block = 0, line.block
        current = current + 1 if line.hyphenated else 0
        if current:
            runs.append(current)
    return runs


def body_size(pdf: Path) -> float:
    """The font size (pt) that sets the most characters of *pdf* (read with pypdf)."""
    from ..adapters import pypdf as pdflib  # noqa: PLC0415 - only the measure needs it

    counts = pdflib.text_sizes(pdf)
    if not counts:
        raise RenderError("the PDF has no text to measure", pdf)
    return counts.most_common(1)[0][0]


def measure(pdf: Path, targets: Targets = TARGETS) -> Report:
    """The typesetting figures of *pdf* (see the module docstring)."""
    pages, lines = read_lines(pdf)
    size = body_size(pdf)
    body = body_lines(lines)
    full = justified(body)
    gaps = [line.gap(size) for line in full]
    all_gaps = [gap / size for line in full for gap in line.gaps]
    wide = sum(gap > targets.wide_gap for gap in gaps)
    runs = hyphen_runs(body)
    return Report(
        pages=pages,
        body_lines=len(body),
        justified_lines=len(full),
        median_chars=statistics.median(len(line.text) for line in full) if full else 0.0,
        hyphenated_ends=sum(line.hyphenated for line in body),
        max_hyphen_run=max(runs, default=0),
        body_size=size,
        median_gap=round(statistics.median(all_gaps), 3) if all_gaps else 0.0,
        max_gap=round(max(gaps, default=0.0), 3),
        wide_lines=wide,
        wide_share=wide / len(full) if full else 0.0,
        over_max=sum(gap > targets.max_gap for gap in gaps),
    )


def wide_lines(pdf: Path, targets: Targets = TARGETS) -> list[tuple[float, Line]]:
    """(gap in em, line) of the justified lines over the wide limit (for inspection)."""
    _, lines = read_lines(pdf)
    size = body_size(pdf)
    return [(line.gap(size), line) for line in justified(body_lines(lines))
            if line.gap(size) > targets.wide_gap]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures of each PDF as JSON lines; exit 1 if one misses a target."""
    status = 0
    for name in [a for a in (argv if argv is not None else sys.argv[1:]) if a != "-v"]:
        report = measure(Path(name))
        failures = report.failures()
        status |= bool(failures)
        print(json.dumps({"file": name, **asdict(report), "failures": failures},
                         ensure_ascii=False))
        if "-v" in sys.argv:
            for gap, line in wide_lines(Path(name)):
                print(f"  {gap:.3f} em  page {line.page}: {line.text}")
    return status


if __name__ == "__main__":
    sys.exit(main())
