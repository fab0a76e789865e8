"""pypdf's internals, in one place: pages turned into form XObjects, text sizes read.

:func:`two_up` writes a PDF whose sheets carry two pages of another side by side (the
imposition of :mod:`booklet.pdf.impose`): each page becomes a form XObject (its content
stream, resources and trim box) drawn with a translation, so no content stream is parsed
or rewritten; it uses ``PdfWriter._add_object`` and ``_root_object``. :func:`text_sizes`
reads the size of every run of text (:mod:`booklet.pdf.typometrics`). Checked against
pypdf :data:`CHECKED` (pinned in ``pyproject.toml``); both refuse any other version.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pypdf
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           IndirectObject, NameObject, RectangleObject)

from . import require

#: The version these internals were checked against.
CHECKED = "7.1.1"
#: Page entries that tie a page to links, tags and the structure tree (not carried over).
DROPPED = ("/Annots", "/StructParents", "/Tabs")
Placed = tuple[IndirectObject, RectangleObject]
Order = Callable[[int], Sequence[tuple[int | None, int | None]]]


def check() -> None:
    """Refuse a pypdf other than :data:`CHECKED`."""
    require("pypdf", pypdf.__version__, CHECKED)


def two_up(source: Path | bytes, target: Path, order: Order, sheet: tuple[float, float]) -> int:
    """Write to *target* the sheets ``order(page count)`` gives ((left, right) page numbers
    from 1, None: blank), each page against the centre line of a *sheet* (width, height);
    return the number of sheet sides."""
    check()
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    writer = PdfWriter()
    count = len(reader.pages)
    forms = [_form(writer, page) for page in reader.pages]
    for left, right in order(count):
        _sheet(writer, sheet, forms[left - 1] if left else None, forms[right - 1] if right else None)
    for _ in range(count):  # the pages were only needed as sources of the forms
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


def _sheet(writer: PdfWriter, size: tuple[float, float], left: Placed | None,
           right: Placed | None) -> None:
    """One sheet side: *left* and *right* against the centre line, centred vertically."""
    width, height = size
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


def text_sizes(pdf: Path) -> Counter[float]:
    """Characters set at each font size (pt, rounded to 0.01) in *pdf*."""
    check()
    counts: Counter[float] = Counter()

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float
              ) -> None:
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        if text.strip():
            counts[round(size * scale, 2)] += len(text.strip())

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return counts
