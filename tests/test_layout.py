"""The book's layout as one object: its key, its record, and the EPUB reading the page
map file only (never laying the book out)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from booklet.config import load_config
from booklet.context import RenderContext
from booklet.epub import pages
from booklet.pdf import layout, pagemap

from conftest import REPO


@pytest.fixture
def ctx(tmp_path: Path) -> RenderContext:
    context = RenderContext(load_config(REPO, {"build-dir": str(tmp_path)}), "en")
    book = context.paths.book("en")
    book.parent.mkdir(parents=True)
    book.write_text(json.dumps({"docs": [], "meta": {}}), encoding="utf-8")
    return context


def test_the_key_follows_the_book_not_file_times(ctx: RenderContext) -> None:
    first = layout.key(ctx)
    book = ctx.paths.book("en")
    book.touch()
    assert layout.key(ctx) == first
    book.write_text(json.dumps({"docs": [], "meta": {"x": 1}}), encoding="utf-8")
    assert layout.key(ctx) != first


def test_the_epub_reads_the_page_map_file_only(ctx: RenderContext,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(_: RenderContext) -> None:
        raise AssertionError("the EPUB laid the book out")

    monkeypatch.setattr(layout, "lay_out", forbidden)
    assert pages.load(ctx) is None  # no page map: no page list, no layout
    pagemap.save(ctx.paths, "en", {"cover": 1, "a": 3}, layout.key(ctx), "0" * 64)
    assert pages.load(ctx) == {"cover": 1, "a": 3}
    pagemap.save(ctx.paths, "en", {"cover": 1, "a": 3}, "an older layout", "0" * 64)
    assert pages.load(ctx) is None  # of an older layout: not used, and not remade
