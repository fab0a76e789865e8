"""The e-reader catalog (OPDS 1.2): valid against the specification's RELAX NG schema,
every edition listed, every link resolving, any title escaped.

The schema is vendored in ``tests/schemas/opds`` (see its README for sources and
licences). The built feed is the fixture's (``published``: en and ru); the publication's
five editions are listed from its settings with stand-in files, without a build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from booklet import opds
from booklet.config import Config

from conftest import PROJECT

SCHEMA = Path(__file__).parent / "schemas" / "opds" / "opds.rng"
NS = {"a": opds.ATOM, "dc": opds.DC}
MAGIC = {"application/pdf": b"%PDF-", "application/epub+zip": b"PK\x03\x04",
         "image/png": b"\x89PNG", "text/html": b"<!DOCTYPE html>"}


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _valid(schema: etree.RelaxNG, document: etree._ElementTree | etree._Element) -> None:
    assert schema.validate(document), schema.error_log
    root = document.getroot() if hasattr(document, "getroot") else document
    # The Schematron rules of RFC 4287 that RELAX NG does not check:
    for entry in root.findall("a:entry", NS):
        assert entry.find("a:link[@rel='alternate']", NS) is not None or \
            entry.find("a:content", NS) is not None
        assert entry.find("a:author", NS) is not None or root.find("a:author", NS) is not None


def _resolve(feed: Path, root: etree._Element) -> list[tuple[str, str, Path]]:
    links = []
    for link in root.iter(f"{{{opds.ATOM}}}link"):
        href, kind = link.get("href"), link.get("type")
        assert not href.startswith(("/", "http:", "https:")), href
        target = (feed.parent / href).resolve()
        assert target.is_file(), f"{href} does not resolve"
        links.append((link.get("rel"), kind, target))
        if kind in MAGIC:
            assert target.read_bytes().startswith(MAGIC[kind]), (href, kind)
        if link.get("length"):
            assert int(link.get("length")) == target.stat().st_size, href
    return links


def test_the_built_feed_is_valid_and_every_link_resolves(published: Path,
                                                        schema: etree.RelaxNG) -> None:
    feed = published / "build" / "html" / opds.FEED_NAME
    document = etree.parse(str(feed))
    _valid(schema, document)
    links = _resolve(feed, document.getroot())
    entries = document.getroot().findall("a:entry", NS)
    assert [e.findtext("dc:language", namespaces=NS) for e in entries] == ["en", "ru"]
    for entry in entries:
        assert entry.findtext("a:title", namespaces=NS) and entry.findtext("a:summary", namespaces=NS)
        assert entry.findtext("dc:publisher", namespaces=NS) == "The booklet test suite"
        kinds = {link.get("type") for link in entry.findall(f"a:link[@rel='{opds.ACQUISITION}']", NS)}
        assert kinds == {"application/epub+zip", "application/pdf"}
        assert entry.find(f"a:link[@rel='{opds.IMAGE}']", NS) is not None
    assert sum(rel == opds.ACQUISITION for rel, _, _ in links) == 4
    assert "Брошюра" in entries[1].findtext("a:title", namespaces=NS)


def test_the_chooser_points_e_readers_to_the_feed(published: Path) -> None:
    chooser = etree.parse(str(published / "build" / "html" / "index.html"), etree.HTMLParser())
    assert chooser.xpath(f'//link[@rel="related"][@type="{opds.FEED_TYPE}"]/@href') == [opds.FEED_NAME]


def _stand_ins(config: Config, folder: Path, title: str | None = None) -> list[opds.Edition]:
    """Each configured language as an edition with small stand-in files."""
    editions = []
    for lang in config.languages:
        files = {name: folder / f"{lang}.{name}" for name in ("html", "epub", "pdf", "png")}
        for name, file in files.items():
            file.write_bytes({"html": b"<!DOCTYPE html>", "epub": b"PK\x03\x04",
                              "pdf": b"%PDF-1.7", "png": b"\x89PNG"}[name])
        editions.append(opds.Edition(lang, title or f"{config.name} ({config.language_name(lang)})",
                                     "A summary", config.publisher, "2027-01-20", files["html"],
                                     files["epub"], files["pdf"], files["png"]))
    return editions


def test_the_publications_five_editions(tmp_path: Path, schema: etree.RelaxNG) -> None:
    target = tmp_path / opds.FEED_NAME
    opds.write(PROJECT, _stand_ins(PROJECT, tmp_path), target)
    root = etree.parse(str(target)).getroot()
    _valid(schema, root)
    _resolve(target, root)
    languages = [e.findtext("dc:language", namespaces=NS) for e in root.findall("a:entry", NS)]
    assert languages == ["en", "az", "ru", "tr", "tk"]


@pytest.mark.parametrize("title", ['Tom & Jerry <1990> "quoted" \'single\'', "<![CDATA[x]]> &amp;",
                                   "Ə ə Ň ň — «кавычки» & <теги>"])
def test_titles_are_escaped(tmp_path: Path, schema: etree.RelaxNG, title: str) -> None:
    config = dataclasses.replace(PROJECT, name=title, publisher=title)
    target = tmp_path / opds.FEED_NAME
    opds.write(config, _stand_ins(config, tmp_path, title), target)
    text = target.read_text(encoding="utf-8")
    root = etree.fromstring(text.encode("utf-8"))
    _valid(schema, root)
    assert root.findtext("a:title", namespaces=NS) == title
    assert {e.findtext("a:title", namespaces=NS) for e in root.findall("a:entry", NS)} == {title}
    assert "<1990>" not in text and "<теги>" not in text


def test_the_feed_is_reproducible(tmp_path: Path) -> None:
    target = tmp_path / opds.FEED_NAME
    editions = _stand_ins(PROJECT, tmp_path)
    assert opds.feed(PROJECT, editions, target) == opds.feed(PROJECT, editions, target)


def test_an_invalid_feed_is_refused(tmp_path: Path, schema: etree.RelaxNG) -> None:
    """The schema does its work: an entry without id and a bad date fail."""
    target = tmp_path / opds.FEED_NAME
    root = etree.fromstring(opds.feed(PROJECT, _stand_ins(PROJECT, tmp_path), target))
    entry = root.find("a:entry", NS)
    entry.remove(entry.find("a:id", NS))
    assert not schema.validate(root)
