"""Pre-press checks of a finished PDF that the PDF/X clauses do not cover.

* :func:`image_resolutions` -- every raster image drawn on a page and the resolution it
  prints at, from its pixel size and the transformation it is drawn with (forms
  followed), as print shops check against 300 dpi;
* :func:`short_backgrounds` -- paint that touches the trim but stops short of the
  bleed: the page is drawn at :data:`RESOLUTION`, and along each trim edge the strip
  just inside the trim is compared with the strip near the bleed box's edge.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from .previews import page_images

#: Pixels per inch of the page drawings :func:`short_backgrounds` compares.
RESOLUTION = 72
#: A pixel darker than this (in any channel) is paint; lighter than :data:`PAPER`, paper.
PAINT, PAPER = 235, 250
#: Painted pixels along an edge that make a short background (noise below it is ignored).
MIN_RUN = 6

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


@dataclass(frozen=True)
class Placed:
    """A raster image as drawn: page number, XObject name, pixels and printed size."""

    page: int
    name: str
    pixels: tuple[int, int]
    points: tuple[float, float]

    @property
    def dpi(self) -> float:
        """The lower of the horizontal and vertical resolutions, in dots per inch."""
        return min(px * 72 / pt if pt else math.inf for px, pt in zip(self.pixels, self.points))


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m x n: apply *m*, then *n* (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def image_resolutions(path: Path) -> list[Placed]:
    """Every image drawn in the PDF at *path* (see the module docstring)."""
    with pikepdf.open(path) as pdf:
        return [placed for number, page in enumerate(pdf.pages, start=1)
                for placed in _walk(page, page.obj.get("/Resources"), IDENTITY, number, 0)]


def _walk(content: pikepdf.Page | pikepdf.Stream, resources: pikepdf.Object | None,
          ctm: Matrix, page: int, depth: int) -> Iterator[Placed]:
    if depth > 8 or resources is None:
        return
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(content):
        operator = str(instruction.operator)
        if operator == "q":
            stack.append(ctm)
        elif operator == "Q" and stack:
            ctm = stack.pop()
        elif operator == "cm":
            ctm = _multiply(tuple(float(v) for v in instruction.operands), ctm)  # type: ignore[arg-type]
        elif operator == "Do":
            yield from _drawn(resources, str(instruction.operands[0]), ctm, page, depth)


def _drawn(resources: pikepdf.Object, name: str, ctm: Matrix, page: int,
           depth: int) -> Iterator[Placed]:
    xobject = resources.get("/XObject", {}).get(name)
    if xobject is None:
        return
    if xobject.get("/Subtype") == pikepdf.Name.Image and not xobject.get("/ImageMask", False):
        a, b, c, d, _, _ = ctm
        yield Placed(page, name[1:], (int(xobject.Width), int(xobject.Height)),
                     (math.hypot(a, b), math.hypot(c, d)))
    elif xobject.get("/Subtype") == pikepdf.Name.Form:
        matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
        yield from _walk(xobject, xobject.get("/Resources", resources),
                         _multiply(matrix, ctm), page, depth + 1)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ShortBackground:
    """Paint along the trim *side* of *page* that does not reach the bleed."""

    page: int
    side: str
    pixels: int


def short_backgrounds(path: Path) -> list[ShortBackground]:
    """Pages of the print PDF at *path* with paint at the trim and paper in the bleed."""
    with pikepdf.open(path) as pdf:
        boxes = [(_box(p.obj.MediaBox), _box(p.obj.get("/TrimBox")), _box(p.obj.get("/BleedBox")))
                 for p in pdf.pages]
    images = page_images(path, 1, len(boxes), RESOLUTION)
    found = []
    for number, (image, (media, trim, bleed)) in enumerate(zip(images, boxes), start=1):
        if trim is None or bleed is None or bleed == trim:
            continue
        for side, count in _edges(image, media, trim, bleed).items():
            if count >= MIN_RUN:
                found.append(ShortBackground(number, side, count))
    return found


def _box(value: object) -> tuple[float, float, float, float] | None:
    if not isinstance(value, pikepdf.Array):
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _edges(image: object, media: tuple[float, ...], trim: tuple[float, ...],
           bleed: tuple[float, ...]) -> dict[str, int]:
    """Per side, the pixels along the trim edge painted inside and paper in the bleed."""
    scale = RESOLUTION / 72

    def px(x: float, y: float) -> tuple[int, int]:  # PDF points -> image pixels (top-left origin)
        return round((x - media[0]) * scale), round((media[3] - y) * scale)

    inset, margin = 2 / scale, 2 / scale  # 2 px inside the trim; 2 px inside the bleed edge
    sides = {
        "left": [((trim[0] + inset, y), (bleed[0] + margin, y)) for y in _span(trim[1], trim[3], scale)],
        "right": [((trim[2] - inset, y), (bleed[2] - margin, y)) for y in _span(trim[1], trim[3], scale)],
        "bottom": [((x, trim[1] + inset), (x, bleed[1] + margin)) for x in _span(trim[0], trim[2], scale)],
        "top": [((x, trim[3] - inset), (x, bleed[3] - margin)) for x in _span(trim[0], trim[2], scale)],
    }
    pixels = image.load()  # type: ignore[attr-defined]
    width, height = image.size  # type: ignore[attr-defined]

    def colour(point: tuple[float, float]) -> tuple[int, ...]:
        x, y = px(*point)
        return pixels[min(max(x, 0), width - 1), min(max(y, 0), height - 1)]

    return {side: sum(1 for inner, outer in pairs
                      if min(colour(inner)) < PAINT and min(colour(outer)) > PAPER)
            for side, pairs in sides.items()}


def _span(start: float, end: float, scale: float) -> list[float]:
    """Points along an edge, one a pixel, leaving out 3 mm at each corner."""
    corner = 3 * 72 / 25.4
    step = 1 / scale
    count = int((end - start - 2 * corner) / step)
    return [start + corner + i * step for i in range(max(count, 0))]
