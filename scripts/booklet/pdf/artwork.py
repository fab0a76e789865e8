"""Artwork of the printed outputs: the publication's drawing (its design's ``artwork``,
an SVG file of the publication) and QR codes.

Both are inline SVG, so nothing is fetched and the PDF does not depend on file paths.
The ``<title>`` of each drawing becomes the alternative text of its PDF figure, in the
book's language. A publication without artwork gets none: the builder has no drawing
of its own.
"""

from __future__ import annotations

import html
import io
import re

import segno

from ..design import Design

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_XML_DECL = re.compile(r"<\?xml[^>]*\?>", re.S)


def drawing(design: Design, title: str, mark: bool = False) -> str:
    """The design's artwork with *title* as its accessible name (``mark``: the small copy
    of the back cover and handout); '' when the design has no artwork."""
    svg = _XML_DECL.sub("", _COMMENT.sub("", design.artwork_svg)).strip()
    if not svg:
        return ""
    named = f"<title>{html.escape(title)}</title>"
    svg = _TITLE.sub(named, svg, count=1) if _TITLE.search(svg) else re.sub(
        r"(<svg\b[^>]*>)", lambda m: m.group(1) + named, svg, count=1)
    css_class = "artwork-drawing artwork-small" if mark else "artwork-drawing"
    return svg.replace("<svg ", f'<svg class="{css_class}" ', 1).strip()


def qr_svg(url: str, title: str) -> str:
    """A QR code of *url* as inline SVG (error correction M, no quiet zone: the box has one)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, border=0, scale=1, omitsize=True,
              title=title, svgclass="qr-code", lineclass=None, dark="#000")
    return out.getvalue().decode("utf-8").strip()
