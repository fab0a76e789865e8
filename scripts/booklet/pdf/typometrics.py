"""Measuring the typesetting of a PDF: line length, hyphenation runs, loose lines.

The measurements are taken from the PDF itself (``pdftotext -bbox-layout``: the box of
every word, grouped in lines and blocks), so they describe what is printed. Body text
is the most common line height in the document (footnotes, tables, headings and running
heads differ). A *justified* line is a body line that ends at the right edge of the text
block of its page.

Targets (:data:`TARGETS`) for a reading PDF:

* median characters per justified line between 50 and 75;
* no more than three hyphenated line ends in a row;
* fewer than 3 % of justified lines whose word gaps average more than twice the
  document's median word gap.

Run ``python -m booklet.pdf.typometrics FILE.pdf ...`` to print the figures.
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
    loose_factor: float = 2.0
    max_loose_share: float = 0.03


TARGETS = Targets()


@dataclass(frozen=True)
class Line:
    page: int
    block: int
    words: tuple[str, ...]
    lefts: tuple[float, ...]
    rights: tuple[float, ...]
    height: float

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
        return [b - a for a, b in zip(self.rights[:-1], self.lefts[1:], strict=True)]

    @property
    def hyphenated(self) -> bool:
        return self.words[-1].endswith(HYPHENS) and len(self.words[-1]) > 1


@dataclass(frozen=True)
class Report:
    """The measurements of one PDF (see the module docstring)."""

    pages: int
    body_lines: int
    justified_lines: int
    median_chars: float
    hyphenated_ends: int
    max_hyphen_run: int
    median_gap: float
    loose_lines: int
    loose_share: float

    def failures(self, targets: Targets = TARGETS) -> list[str]:
        """The targets this PDF misses, as sentences (empty when all are met)."""
        problems = []
        if not targets.min_median_chars <= self.median_chars <= targets.max_median_chars:
            problems.append(f"median {self.median_chars:.1f} characters per line, not within "
                            f"{targets.min_median_chars:g}-{targets.max_median_chars:g}")
        if self.max_hyphen_run > targets.max_hyphen_run:
            problems.append(f"{self.max_hyphen_run} hyphenated line ends in a row "
                            f"(at most {targets.max_hyphen_run})")
        if self.loose_share >= targets.max_loose_share:
            problems.append(f"{self.loose_share:.1%} loose lines (word gaps over "
                            f"{targets.loose_factor:g}x the median), not under "
                            f"{targets.max_loose_share:.0%}")
        return problems


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if not found:
        raise RenderError("pdftotext is not installed; it measures the typesetting",
                          hint="apt-get install poppler-utils")
    return found


def read_lines(pdf: Path) -> tuple[int, list[Line]]:
    """(number of pages, every text line of *pdf* in reading order)."""
    result = subprocess.run([pdftotext(), "-bbox-layout", str(pdf), "-"], check=True,
                            capture_output=True, timeout=300)
    root = etree.fromstring(result.stdout, etree.XMLParser(recover=True, huge_tree=True))
    pages = root.findall(".//x:page", NS)
    lines = []
    block_number = 0
    for page_number, page in enumerate(pages, start=1):
        for block in page.iterfind(".//x:block", NS):
            block_number += 1
            for line in block.iterfind("x:line", NS):
                words = line.findall("x:word", NS)
                if not words:
                    continue
                lines.append(Line(
                    page=page_number, block=block_number,
                    words=tuple(w.text or "" for w in words),
                    lefts=tuple(float(w.get("xMin")) for w in words),
                    rights=tuple(float(w.get("xMax")) for w in words),
                    height=round(float(line.get("yMax")) - float(line.get("yMin")), 2)))
    return len(pages), lines


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
    """Body lines that fill the text block of their page (left edge to right edge)."""
    edges: dict[int, tuple[float, float]] = {}
    for line in lines:
        left, right = edges.get(line.page, (line.x_min, line.x_max))
        edges[line.page] = (min(left, line.x_min), max(right, line.x_max))
    return [line for line in lines if len(line.words) > 1
            and line.x_max >= edges[line.page][1] - EDGE_TOLERANCE
            and line.x_min <= edges[line.page][0] + MAX_INDENT]


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


def measure(pdf: Path, targets: Targets = TARGETS) -> Report:
    """The typesetting figures of *pdf* (see the module docstring)."""
    pages, lines = read_lines(pdf)
    body = body_lines(lines)
    full = justified(body)
    gaps = [gap for line in full for gap in line.gaps]
    median_gap = statistics.median(gaps) if gaps else 0.0
    loose = [line for line in full if line.gaps
             and statistics.fmean(line.gaps) > targets.loose_factor * median_gap]
    runs = hyphen_runs(body)
    return Report(
        pages=pages,
        body_lines=len(body),
        justified_lines=len(full),
        median_chars=statistics.median(len(line.text) for line in full) if full else 0.0,
        hyphenated_ends=sum(line.hyphenated for line in body),
        max_hyphen_run=max(runs, default=0),
        median_gap=round(median_gap, 3),
        loose_lines=len(loose),
        loose_share=len(loose) / len(full) if full else 0.0,
    )


def loose_lines(pdf: Path, targets: Targets = TARGETS) -> list[Line]:
    """The justified lines whose word gaps average over the limit (for inspection)."""
    _, lines = read_lines(pdf)
    full = justified(body_lines(lines))
    gaps = [gap for line in full for gap in line.gaps]
    limit = targets.loose_factor * (statistics.median(gaps) if gaps else 0.0)
    return [line for line in full if line.gaps and statistics.fmean(line.gaps) > limit]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures of each PDF as JSON lines; exit 1 if one misses a target."""
    status = 0
    for name in argv if argv is not None else sys.argv[1:]:
        report = measure(Path(name))
        failures = report.failures()
        status |= bool(failures)
        print(json.dumps({"file": name, **asdict(report), "failures": failures},
                         ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
