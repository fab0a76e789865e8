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

import io
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           IndirectObject, NameObject, RectangleObject)

MM = 72 / 25.4
A4_LANDSCAPE = (297 * MM, 210 * MM)
#: Page entries that tie a reading page to links, tags and the structure tree.
DROPPED = ("/Annots", "/StructParents", "/Tabs")
Placed = tuple[IndirectObject, RectangleObject]


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
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    writer = PdfWriter()
    count = len(reader.pages)
    forms = [_form(writer, page) for page in reader.pages]
    for left, right in booklet_order(count):
        _sheet(writer, forms[left - 1] if left else None, forms[right - 1] if right else None)
    for _ in range(count):  # the reading pages were only needed as sources of the forms
        writer.remove_page(0)
    _describe(writer, reader)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def _form(writer: PdfWriter, page: PageObject) -> Placed:
    """A form XObject of *page*, copied into *writer*, and the page's trim box."""
    for key in DROPPED:
        page.pop(NameObject(key), None)
    copied = writer.add_page(page)
    box = copied.trimbox
    contents = copied.get_contents()
    stream = DecodedStreamObject()
    stream.set_data(contents.get_data() if contents is not None else b"")
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in
                                         (box.left, box.bottom, box.right, box.top)),
        NameObject("/Resources"): copied.get("/Resources", DictionaryObject()),
    })
    return writer._add_object(stream.flate_encode()), box


def _sheet(writer: PdfWriter, left: Placed | None, right: Placed | None) -> None:
    """One sheet side: *left* and *right* against the centre line, centred vertically."""
    width, height = A4_LANDSCAPE
    sheet = writer.add_blank_page(width, height)
    operators, xobjects = [], DictionaryObject()
    for name, placed, on_left in (("/L", left, True), ("/R", right, False)):
        if placed is None:
            continue
        form, box = placed
        x = width / 2 - float(box.width) if on_left else width / 2
        y = (height - float(box.height)) / 2
        xobjects[NameObject(name)] = form
        operators.append(f"q 1 0 0 1 {x - float(box.left):.4f} {y - float(box.bottom):.4f} cm "
                         f"{name} Do Q")
    content = DecodedStreamObject()
    content.set_data("\n".join(operators).encode("ascii"))
    sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})


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
