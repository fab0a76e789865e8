"""The handout: an A4 leaflet (at most two pages) from the ``handout`` document of ``book.json``.

The publication's artwork (if its design has one) and the publisher head the first page.
The QR code of the online edition in the handout's language stands at the top right of
the first page; the address is printed in full after the text (which ends "Read the full
booklet online:"), for readers without a phone. The foot of each page names the publisher.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import lxml.html

from ..design import Design
from . import artwork
from .assemble import Sources, adapt, metadata, online_url, page, unlink_dangling


def document(book: Mapping[str, Any], sources: Sources, design: Design | None = None) -> str:
    """The handout's print HTML, in *design* (its artwork's small copy at the top left)."""
    design = design or Design()
    meta, labels, doc = book["meta"], book["labels"], book["handout"]
    root = adapt(doc["html"], sources, doc["id"])
    root.set("class", "booklet-doc handout")
    unlink_dangling([root])
    url = online_url(meta)
    if url:
        root.append(lxml.html.fragment_fromstring(
            f'<p class="url online"><a href="{html.escape(url)}">{html.escape(url)}</a></p>'))
    body = head(meta, labels, url, design) + lxml.html.tostring(root, encoding="unicode")
    edition = str(meta.get("edition_year") or "")
    return page(meta, body, metadata(meta, edition, []), "handout")


def head(meta: Mapping[str, Any], labels: Mapping[str, str], url: str, design: Design) -> str:
    """The top of the first page: artwork and publisher, and the QR code at the right."""
    label = html.escape(labels["read_online"])
    qr = (f'<div class="handout-qr"><div class="qr">{artwork.qr_svg(url, labels["read_online"])}'
          f'</div><p class="online-label">{label}</p></div>\n') if url else ""
    drawing = artwork.drawing(design, labels["cover"], mark=True)
    mark = f'<div class="handout-mark">{drawing}</div>\n' if drawing else ""
    return (f'<div class="handout-head">\n{mark}'
            f'<div class="handout-meta">{html.escape(meta.get("publisher", ""))}</div>\n'
            f'{qr}</div>\n')
