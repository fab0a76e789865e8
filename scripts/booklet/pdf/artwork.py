"""Artwork of the printed outputs: the red carnation (our own SVG drawing) and QR codes.

Both are inline SVG, so nothing is fetched and the PDF does not depend on file paths.
The ``<title>`` of each drawing becomes the alternative text of its PDF figure, in the
book's language.
"""

from __future__ import annotations

import html
import io
import re

import segno

from .styles import data_text

CARNATION = "carnation.svg"
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def carnation(title: str, mark: bool = False) -> str:
    """The carnation drawing with *title* as its accessible name (``mark``: a smaller copy)."""
    svg = _COMMENT.sub("", data_text(CARNATION))
    svg = _TITLE.sub(f"<title>{html.escape(title)}</title>", svg, count=1)
    css_class = "carnation carnation-small" if mark else "carnation"
    return svg.replace("<svg ", f'<svg class="{css_class}" ', 1).strip()


def qr_svg(url: str, title: str) -> str:
    """A QR code of *url* as inline SVG (error correction M, no quiet zone: the box has one)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, border=0, scale=1, omitsize=True,
              title=title, svgclass="qr-code", lineclass=None, dark="#000")
    return out.getvalue().decode("utf-8").strip()
