"""Adjustments of Sphinx's HTML that the print and EPUB element styles rely on.

CSS cannot count a table's columns, so :func:`mark_wide_tables` classes tables by
their widest row: ``booklet-wide`` (:data:`WIDE` columns or more) and
``booklet-very-wide`` (:data:`VERY_WIDE` or more) get smaller type in the element
styles (``data/print/elements.css``, ``data/epub/elements.css``), so that they fit the
A5 text block. Works on ``lxml.html`` and namespaced ``lxml.etree`` trees alike.
"""

from __future__ import annotations

from typing import Any

import lxml.etree as etree

#: Columns from which a table is set smaller.
WIDE = 5
VERY_WIDE = 8


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def columns(table: Any) -> int:
    """The number of columns of *table*'s widest row (``colspan`` counted)."""
    widest = 0
    for row in (e for e in table.iter() if _local(e) == "tr"):
        cells = [c for c in row if _local(c) in ("td", "th")]
        widest = max(widest, sum(int(c.get("colspan") or 1) for c in cells))
    return widest


def mark_wide_tables(root: Any) -> None:
    """Add ``booklet-wide`` / ``booklet-very-wide`` to the tables of *root* (module docstring)."""
    for table in [e for e in root.iter() if _local(e) == "table"]:
        count = columns(table)
        extra = "booklet-very-wide" if count >= VERY_WIDE else "booklet-wide" if count >= WIDE else ""
        if extra:
            table.set("class", " ".join([*(table.get("class") or "").split(), extra]))


#: Classes of blocks for one side only (:mod:`booklet.sphinxext.onlyformats`).
WEB_ONLY = "booklet-web-only"


def drop_other_format(root: Any) -> None:
    """Remove the blocks meant for the website only (``.. only:: html``) from the book."""
    for element in [e for e in root.iter() if _local(e) and WEB_ONLY in (e.get("class") or "").split()]:
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail and tail.strip():
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


#: Elements that hold code: always left to right, even in a right-to-left book.
CODE_TAGS = frozenset({"pre", "code", "kbd", "samp", "tt"})


def code_left_to_right(root: Any) -> None:
    """``dir="ltr"`` on every code element of *root*: ``--by`` stays ``--by`` in Arabic text
    (an attribute, since EPUB stylesheets may not set ``direction``)."""
    for element in root.iter():
        if _local(element) in CODE_TAGS and not element.get("dir"):
            element.set("dir", "ltr")
