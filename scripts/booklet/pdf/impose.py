"""Saddle-stitch imposition: the reading PDF, two A5 pages side by side on A4 landscape.

The pages are padded to a multiple of four with blank pages placed before the back
cover (the last page). Sheet *s* of *n* pages (1-based page numbers) carries, front
side ``n - 2s | 2s + 1`` and back side ``2s + 2 | n - 2s - 1``; printed duplex with
flip on the short edge, folded and stapled, the pages read in order. The PDF says so
in its viewer preferences (``/Duplex /DuplexFlipShortEdge``).

Each reading page becomes a form XObject (its content stream, resources and trim box)
drawn on the sheet with a translation, so no content stream is parsed or rewritten.
Links, tags and bookmarks of the reading PDF are not carried over: the imposed PDF is
for the printer only.
"""

from __future__ import annotations

from pathlib import Path

from ..adapters import pypdf as pdflib

MM = 72 / 25.4
A4_LANDSCAPE = (297 * MM, 210 * MM)


def padded_order(count: int) -> list[int | None]:
    """The reading order with blanks (``None``) before the back cover, to a multiple of 4."""
    pages: list[int | None] = list(range(1, count + 1))
    blanks = -count % 4
    if count > 1:
        return pages[:-1] + [None] * blanks + pages[-1:]
    return pages + [None] * blanks


def booklet_order(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers of each sheet side, in printing order."""
    pages = padded_order(count)
    n = len(pages)
    sides = []
    for sheet in range(n // 4):
        sides.append((pages[n - 1 - 2 * sheet], pages[2 * sheet]))
        sides.append((pages[2 * sheet + 1], pages[n - 2 - 2 * sheet]))
    return sides


def impose(source: Path | bytes, target: Path) -> int:
    """Write the imposed PDF of *source* (a file or PDF bytes) to *target*; return its sides."""
    return pdflib.two_up(source, target, booklet_order, A4_LANDSCAPE)
