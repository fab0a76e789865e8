"""The print PDF made from the reading PDF: bleed and crop marks added around every page.

The book is laid out once, at its trimmed size. What a page draws beyond its edge (the
cover's colour runs :data:`BLEED_MM` past the trim, see ``book.css``) is already in its
content, outside the reading PDF's media box. So the print PDF needs no second layout:
each page's media box grows by :data:`MEDIA_MM`, the old media box becomes the TrimBox,
the BleedBox lies :data:`BLEED_MM` beyond it, and crop marks are drawn on the trim lines
from the media edge to half-way (so clear of the bleed), marked as artifacts so that
the document stays a well-tagged one. Tags, links, outline and metadata are kept.
Given an *identity*, the file is made a PDF/X-4 file as well (:mod:`.pdfx`).
"""

from __future__ import annotations

import io

import pikepdf

from . import pdfx

MM = 72 / 25.4
#: The bleed of the print PDF's BleedBox, beyond the trim box on every side.
BLEED_MM = 3.0
#: The media box's margin beyond the trim box: room for the crop marks.
MEDIA_MM = 12.0
#: Line width of the crop marks, in points.
MARK_WIDTH = 0.5


def add_bleed(reading: bytes, identity: pdfx.Identity | None = None) -> bytes:
    """The print PDF of the *reading* PDF's bytes (see the module docstring); PDF/X-4
    named by *identity* if given."""
    with pikepdf.open(io.BytesIO(reading)) as pdf:
        for page in pdf.pages:
            _extend(pdf, page)
        if identity is not None:
            pdfx.conform(pdf, identity)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve,
                 force_version=pdfx.PDF_VERSION if identity is not None else None)
    return out.getvalue()


def _extend(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    bleed, media = BLEED_MM * MM, MEDIA_MM * MM
    page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    page.obj.MediaBox = pikepdf.Array([x0 - media, y0 - media, x1 + media, y1 + media])
    if "/CropBox" in page.obj:
        del page.obj.CropBox
    # The page's own drawing may leave the graphics state changed: isolate it.
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"Q\n" + crop_marks(x0, y0, x1, y1)))


def crop_marks(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """Eight lines on the trim lines of box (*x0*, *y0*, *x1*, *y1*), outside it, from
    the media edge to half its margin: an artifact content sequence."""
    outer, inner = MEDIA_MM * MM, MEDIA_MM * MM / 2
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            lines.append((x + dx * outer, y, x + dx * inner, y))  # horizontal, beside the corner
            lines.append((x, y + dy * outer, x, y + dy * inner))  # vertical, above or below it
    paths = "".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S\n" for a, b, c, d in lines)
    return (f"/Artifact BMC\nq 0 G {MARK_WIDTH} w [] 0 d 0 J\n{paths}Q\nEMC\n").encode("ascii")
