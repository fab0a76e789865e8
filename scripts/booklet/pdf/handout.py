"""The handout: an A4 leaflet (at most two pages) from the ``handout`` document of ``book.json``.

Below the text come the QR code of the online edition in the handout's language and its
address, printed in full for readers without a phone; the foot of each page names the
publisher.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import lxml.html

from . import artwork
from .assemble import Sources, adapt, metadata, online_url, page, unlink_dangling


def document(book: Mapping[str, Any], sources: Sources) -> str:
    """The handout's print HTML."""
    meta, labels, doc = book["meta"], book["labels"], book["handout"]
    root = adapt(doc["html"], sources, doc["id"])
    root.set("class", "booklet-doc handout")
    unlink_dangling([root])
    url = online_url(meta)
    if url:
        root.append(lxml.html.fragment_fromstring(online_box(url, labels)))
    header = (f'<div class="handout-mark">{artwork.carnation(labels["cover"], mark=True)}</div>\n'
              f'<div class="handout-meta">{html.escape(meta.get("publisher", ""))}</div>\n')
    body = header + lxml.html.tostring(root, encoding="unicode")
    edition = str(meta.get("edition_year") or "")
    return page(meta, body, metadata(meta, edition, []), "handout")


def online_box(url: str, labels: Mapping[str, str]) -> str:
    label = labels["read_online"]
    return (f'<div class="online">\n<div class="qr">{artwork.qr_svg(url, label)}</div>\n'
            f'<div class="online-text">\n<p class="online-label">{html.escape(label)}</p>\n'
            f'<p class="url"><a href="{html.escape(url)}">{html.escape(url)}</a></p>\n'
            f'</div>\n</div>')
