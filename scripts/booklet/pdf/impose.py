"""Saddle-stitch imposition: the reading PDF, two A5 pages side by side on A4 landscape.

The pages are padded to a multiple of four with blank pages placed before the back
cover (the last page). Sheet *s* of *n* pages (1-based page numbers) carries, front
side ``n - 2s | 2s + 1`` and back side ``2s + 2 | n - 2s - 1``; printed duplex with
flip on the short edge, folded and stapled, the pages read in order. The PDF says so
in its viewer preferences (``/Duplex /DuplexFlipShortEdge``).
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject

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


def impose(source: Path, target: Path) -> int:
    """Write the imposed PDF of *source* to *target*; return its number of sheet sides."""
    reader = PdfReader(source)
    writer = PdfWriter()
    width, height = A4_LANDSCAPE
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=width, height=height)
        for number, on_left in ((left, True), (right, False)):
            if number is not None:
                _place(sheet, reader.pages[number - 1], on_left)
        writer.add_page(sheet)
    _describe(writer, reader)
    with target.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def _place(sheet: PageObject, page: PageObject, on_left: bool) -> None:
    """Put *page*'s trim box against the sheet's centre line, centred vertically."""
    box = page.trimbox
    width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    x = width / 2 - float(box.width) if on_left else width / 2
    y = (height - float(box.height)) / 2
    sheet.merge_transformed_page(
        page, Transformation().translate(x - float(box.left), y - float(box.bottom)))


def _describe(writer: PdfWriter, reader: PdfReader) -> None:
    """Carry the metadata over and ask for duplex printing flipped on the short edge."""
    info = reader.metadata or {}
    writer.add_metadata({key: str(value) for key, value in info.items()
                         if key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator",
                                    "/CreationDate", "/ModDate", "/Producer")})
    writer.create_viewer_preferences()
    writer._root_object[NameObject("/ViewerPreferences")][NameObject("/Duplex")] = \
        NameObject("/DuplexFlipShortEdge")
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang
