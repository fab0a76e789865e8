"""Downloads on the website: every language's title page and the chooser offer the
edition's files, published inside ``build/html/``, in the page's language.

Runs on ``tests/roots/preflight`` built once (the ``published`` fixture of conftest).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pikepdf
import pytest

from booklet import downloads
from booklet.config import load_config
from booklet.paths import BuildPaths

LANGUAGES = ("en", "ru")
MAGIC = {"application/pdf": b"%PDF-", "application/epub+zip": b"PK\x03\x04"}


def _links(page: Path) -> list[lxml.html.HtmlElement]:
    tree = lxml.html.parse(str(page))
    return tree.xpath('//section[contains(@class, "downloads")]//a[@href]')


def _pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _check_link(page: Path, link: lxml.html.HtmlElement, root: Path) -> Path:
    href = link.get("href")
    assert not href.startswith(("/", "http:", "https:", "file:")), href
    target = (page.parent / unquote(href)).resolve()
    assert target.is_relative_to(root.resolve()), f"{page}: {href} leaves the site"
    assert target.is_file(), f"{page}: {href} does not resolve"
    data = target.read_bytes()
    assert data.startswith(MAGIC[link.get("type")]), f"{href}: not {link.get('type')}"
    assert len(data) == int(link.get("data-bytes")), href
    if link.get("type") == "application/epub+zip":
        with zipfile.ZipFile(target) as book:
            assert book.read("mimetype") == b"application/epub+zip"
    else:
        assert _pages(target) == int(link.get("data-pages")), href
    return target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_page_offers_every_file_of_its_edition(published: Path, lang: str) -> None:
    html = published / "build" / "html"
    page = html / lang / "index.html"
    links = _links(page)
    targets = [_check_link(page, link, html) for link in links]
    names = {target.name for target in targets}
    assert names == {f"preflight-{lang}.pdf", f"preflight-{lang}.epub",
                     f"preflight-handout-{lang}.pdf", f"preflight-{lang}-print.pdf",
                     f"preflight-{lang}-imposed.pdf"}
    tree = lxml.html.parse(str(page))
    printers = tree.xpath('//div[contains(@class, "downloads-printers")]//a/@href')
    assert sorted(Path(h).name for h in printers) == [f"preflight-{lang}-imposed.pdf",
                                                      f"preflight-{lang}-print.pdf"]


def test_chooser_offers_every_language(published: Path) -> None:
    html = published / "build" / "html"
    chooser = html / "index.html"
    tree = lxml.html.parse(str(chooser))
    for lang in LANGUAGES:
        section = tree.xpath(f'//section[contains(@class, "downloads")][@lang="{lang}"]')
        assert section, lang
        for link in section[0].xpath(".//a[@href]"):
            assert lang in _check_link(chooser, link, html).name


def test_labels_in_the_page_language(published: Path) -> None:
    page = published / "build" / "html" / "ru" / "index.html"
    text = lxml.html.parse(str(page)).xpath('string(//section[contains(@class, "downloads")])')
    for words in ("Скачать", "Для читателей", "Для типографии", "страниц", "кБ"):
        assert words in text, (words, text)
    english = published / "build" / "html" / "en" / "index.html"
    assert "For printers" in lxml.html.parse(str(english)).xpath("string(//main)")


def test_files_are_not_stored_twice_when_a_link_is_possible(published: Path) -> None:
    paths = BuildPaths(load_config(published))
    for item in downloads.files(paths, "en"):
        assert os.path.samefile(item.source, item.published), item.published


def test_every_catalog_translates_the_download_messages() -> None:
    import polib

    from booklet.sphinxext.languages import LOCALE_DIR

    wanted = {label for _, label in downloads.KINDS.values()} | {
        "Download", "For readers", "For printers", "%(count)d page"}
    for lang in ("az", "ru", "tr", "tk"):
        catalog = polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "booklet.po"))
        done = {e.msgid for e in catalog if e.translated()}
        assert wanted <= done, (lang, wanted - done)
