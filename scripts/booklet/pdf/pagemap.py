"""The page map: which printed page each anchor of the booklet is on.

Written next to ``book.json`` (``pages.json``) by the reading PDF and read by the EPUB
renderer for its page list. Page numbers are physical and printed alike: the cover is
page 1 (its number is not shown), so the PDF page index + 1 is the number on the page.
"""

from __future__ import annotations

import json
from typing import Any

from ..atomic import write_bytes
from ..paths import BuildPaths

VERSION = 1


def anchors_by_page(document: Any) -> dict[str, int]:
    """Every anchor (``id``) of a laid-out WeasyPrint document -> its page number."""
    from ..adapters import weasyprint as wp  # noqa: PLC0415 - the EPUB reads pages without it

    return wp.anchors_by_page(document)


def save(paths: BuildPaths, lang: str, pages: dict[str, int]) -> None:
    data = json.dumps(pages, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
    write_bytes(paths.page_map(lang), data.encode("utf-8"))


def load(paths: BuildPaths, lang: str) -> dict[str, int] | None:
    """The saved page map, or ``None`` if there is none (or it is unreadable)."""
    try:
        data = json.loads(paths.page_map(lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else None
