"""The page map: which printed page each anchor of the booklet is on.

Written next to ``book.json`` (``pages.json``) by the reading PDF's renderer, with the
key of the layout it comes from and the digest of the reading PDF
(:mod:`.layout`), and read by the EPUB renderer for its page list: the EPUB never lays
the book out. Page numbers are physical and printed alike: the cover is page 1 (its
number is not shown), so the PDF page index + 1 is the number on the page::

    {"version": 2, "layout": "<key>", "pdf": "<sha256>", "pages": {"anchor": 7, ...}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..atomic import write_bytes
from ..paths import BuildPaths

VERSION = 2


@dataclass(frozen=True)
class Record:
    """A saved page map and what it was made from."""

    key: str  # :func:`booklet.pdf.layout.key` of the layout
    pdf_digest: str  # sha256 of the reading PDF written from it
    pages: dict[str, int]


def anchors_by_page(document: Any) -> dict[str, int]:
    """Every anchor (``id``) of a laid-out WeasyPrint document -> its page number."""
    from ..adapters import weasyprint as wp  # noqa: PLC0415 - the EPUB reads pages without it

    return wp.anchors_by_page(document)


def save(paths: BuildPaths, lang: str, pages: dict[str, int], key: str, pdf_digest: str) -> None:
    data = {"version": VERSION, "layout": key, "pdf": pdf_digest, "pages": dict(sorted(pages.items()))}
    write_bytes(paths.page_map(lang),
                (json.dumps(data, indent=0, ensure_ascii=False) + "\n").encode("utf-8"))


def load_record(paths: BuildPaths, lang: str) -> Record | None:
    """The saved record, or ``None`` if there is none (or it is unreadable or older)."""
    try:
        data = json.loads(paths.page_map(lang).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        return Record(str(data["layout"]), str(data["pdf"]),
                      {str(k): int(v) for k, v in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def load(paths: BuildPaths, lang: str) -> dict[str, int] | None:
    """The saved page map, or ``None`` if there is none."""
    record = load_record(paths, lang)
    return record.pages if record is not None else None
