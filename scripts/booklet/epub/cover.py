"""The cover: an SVG image composed like the printed cover, and the XHTML page showing it.

The image repeats the print cover (``booklet/data/print/book.css``, ``.cover``) on the A5
proportions, in tenths of a millimetre, in the publication's design
(:class:`booklet.design.Design`, the same data as the print cover): its cover colour, its
band, the title, subtitle, edition line and publisher in the edition's language, and its
artwork in the artwork box. The text is drawn as outlines from the embedded
Noto fonts (:func:`text_paths`), so the image looks the same in every reading system and
in library thumbnails, with no font to load. The page's ``img`` carries the same text as
its alternative.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from .. import fonts
from ..design import Design
from ..errors import GlyphError, SourceError
from . import xhtml
from .model import Document, Resource

IMAGE_HREF = "images/cover.svg"
IMAGE_UID = "cover-image"
PAGE_HREF = "cover.xhtml"
PAGE_ID = "booklet-cover"  # the print cover's id: page 1 of the page map lands here

WIDTH, HEIGHT = 1480, 2100  # A5 in 0.1 mm
#: The publisher's line stands this far above the bottom edge (book.css: .cover-publisher).
PUBLISHER_BOTTOM = 220
PT = 3.5278  # one point in 0.1 mm
#: The weight of the cover lettering (the variable fonts' default instance).
DEFAULT_WEIGHT = 400


@dataclass(frozen=True)
class Line:
    """A text block: *size* and *leading* in points, drawn centred between the margins."""

    text: str
    family: str
    size: float
    leading: float
    space_before: float  # 0.1 mm
    colour: str
    tracking: float = 0.0  # em


def image(design: Design, title: str, subtitle: str, edition: str, publisher: str,
          alt: str) -> bytes:
    """The cover as SVG, in *design* (the edition line and publisher as it says)."""
    colours = design.colours
    band = round(design.cover_band * 10)
    blocks = [Line(title, fonts.SERIF, 26, 32, 300, colours["cover-ink"]),
              Line(subtitle, fonts.SERIF, 14, 19, 50, colours["cover-ink"]),
              Line(edition if design.cover_edition else "", fonts.SANS, 8.5, 12, 70,
                   colours["cover-muted"], 0.06)]
    paths, y = [], 40.0
    for block in blocks:
        if not block.text:
            continue
        y += block.space_before
        d, y = text_paths(block, y, 140, WIDTH - 140)
        paths.append(f'<path fill="{block.colour}" d="{d}"/>')
    if design.cover_publisher and publisher:
        paths.append(_publisher(publisher, colours["cover-muted"]))
    band_rect = f'<rect width="{WIDTH}" height="{band}" fill="{colours["accent"]}"/>\n' if band else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="cover-title">\n'
            f'<title id="cover-title">{html.escape(alt)}</title>\n'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{colours["cover"]}"/>\n'
            f'{band_rect}' + "\n".join(paths) + "\n" + _artwork(design) + '</svg>\n').encode("utf-8")


def _publisher(text: str, colour: str) -> str:
    """The publisher's line(s), their last line ending PUBLISHER_BOTTOM above the bottom edge."""
    block = Line(text, fonts.SANS, 9, 12, 0, colour)
    font = _font(block.family, frozenset(unicodedata.normalize("NFC", text)))
    scale = block.size * PT / font["head"].unitsPerEm
    count = len(_break(unicodedata.normalize("NFC", text), font, scale, WIDTH - 280, 0.0))
    top = HEIGHT - PUBLISHER_BOTTOM - count * block.leading * PT
    d, _bottom = text_paths(block, top, 140, WIDTH - 140)
    return f'<path fill="{colour}" d="{d}"/>'


def _artwork(design: Design) -> str:
    """The design's artwork in its box (nothing without artwork)."""
    if design.artwork is None:
        return ""
    box = design.artwork_box
    svg = design.artwork_svg
    return (f'<svg x="{_number(box.left * 10)}" y="{_number(box.top * 10)}" '
            f'width="{_number(box.width * 10)}" height="{_number(box.height * 10)}" '
            f'viewBox="{_artwork_viewbox(svg)}">\n{_artwork_body(svg, design.artwork)}\n</svg>\n')


def page(label: str, alt: str) -> Document:
    """``cover.xhtml``: the cover image, full page."""
    body = xhtml.element("body", {"id": PAGE_ID})
    section = xhtml.sub(body, "div", {"class": "cover-image"})
    xhtml.sub(section, "img", {"src": IMAGE_HREF, "alt": alt, "role": "doc-cover"})
    return Document(uid="cover", href=PAGE_HREF, title=label, part="cover", body=body)


def resource(data: bytes) -> Resource:
    return Resource(IMAGE_UID, IMAGE_HREF, "image/svg+xml", data, ("cover-image",))


# --------------------------------------------------------------------------- text

@cache
def _font(family: str, chars: frozenset[str]) -> TTFont:
    """The upright regular of *family* (the variable font's default), cut to *chars*: a
    few glyphs load much faster than the whole variable font."""
    face = next(f for f in fonts.faces([family]) if f.style == "normal")
    return TTFont(io.BytesIO(fonts.instance_bytes(face, chars, DEFAULT_WEIGHT)), lazy=True)


def text_paths(block: Line, top: float, left: float, right: float) -> tuple[str, float]:
    """SVG path data of *block* set in lines centred between *left* and *right*; the new top."""
    font = _font(block.family, frozenset(unicodedata.normalize("NFC", block.text)))
    scale = block.size * PT / font["head"].unitsPerEm
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    hhea = font["hhea"]
    leading = block.leading * PT
    d = []
    for line in _break(unicodedata.normalize("NFC", block.text), font, scale, right - left, block.tracking):
        width = _width(line, font, scale, block.tracking)
        x = left + (right - left - width) / 2
        baseline = top + (leading - (hhea.ascent - hhea.descent) * scale) / 2 + hhea.ascent * scale
        for char in line:
            name = cmap.get(ord(char))
            if name is None:
                raise GlyphError(f"{block.family} has no glyph for {char!r} (U+{ord(char):04X})")
            pen = SVGPathPen(glyphs, ntos=_number)
            glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
            d.append(pen.getCommands())
            x += glyphs[name].width * scale + block.tracking * block.size * PT
        top += leading
    return "".join(d), top


def _break(text: str, font: TTFont, scale: float, width: float, tracking: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate, font, scale, tracking) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + ([current] if current else [])


def _width(text: str, font: TTFont, scale: float, tracking: float) -> float:
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    advance = sum(metrics[cmap[ord(c)]][0] for c in text if ord(c) in cmap)
    return advance * scale + tracking * scale * font["head"].unitsPerEm * max(len(text) - 1, 0)


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- artwork

_ROOT = re.compile(r"<svg\b[^>]*>(.*)</svg>", re.S)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_DROP = re.compile(r"<title>.*?</title>|<!--.*?-->", re.S)


def _artwork_viewbox(svg: str) -> str:
    found = _VIEWBOX.search(svg)
    return found.group(1) if found else "0 0 200 360"


def _artwork_body(svg: str, path: Path) -> str:
    found = _ROOT.search(svg)
    if not found:
        raise SourceError("the cover artwork is not an SVG drawing", path,
                          hint="set [tool.booklet.design] artwork to an .svg file")
    return _DROP.sub("", found.group(1)).strip()
