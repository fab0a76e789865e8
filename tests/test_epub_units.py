"""Unit tests of the EPUB renderer's parts (no Sphinx run, no external checker)."""

from __future__ import annotations

import datetime as dt

import lxml.etree as etree
import pytest

from booklet.epub import content, metadata, navigation, pages, xhtml
from booklet.epub.model import Document
from booklet.errors import RenderError

# --------------------------------------------------------------------------- page-list plan


def test_every_page_gets_a_break_in_order() -> None:
    anchors = ["cover", "a", "a--1", "b", "c"]
    page_map = {"cover": 1, "a": 3, "a--1": 3, "b": 6, "c": 7, "back-cover": 8}
    breaks = pages.plan(anchors, page_map, 8)
    assert [(b.label, b.anchor) for b in breaks] == [
        ("1", "cover"), ("2", "cover"),   # no anchor on page 2: nearest preceding anchor
        ("3", "a"),                       # first anchor of the page
        ("4", "a--1"), ("5", "a--1"),     # text running on: last anchor before the page
        ("6", "b"), ("7", "c"), ("8", "c"),
    ]


def test_pages_before_the_first_anchor_go_to_the_start() -> None:
    breaks = pages.plan(["x", "y"], {"x": 3, "y": 4})
    assert [(b.label, b.anchor) for b in breaks] == [("1", "x"), ("2", "x"), ("3", "x"), ("4", "y")]


def test_anchors_out_of_order_are_ignored() -> None:
    breaks = pages.plan(["a", "float", "b"], {"a": 2, "float": 1, "b": 3})
    assert [b.anchor for b in breaks] == ["a", "a", "b"]


def test_no_page_map_no_breaks() -> None:
    assert pages.plan(["a"], {}) == []
    assert pages.normalize({"a": "3", "b": None, "c": 0, "d": "x"}) == {"a": 3}


def _document(html: str, doc_id: str = "d", part: str = "chapter") -> Document:
    return content.convert({"id": doc_id, "name": doc_id, "part": part, "title": "T", "html": html,
                            "sections": []})


def test_markers_are_inserted_at_their_anchors() -> None:
    doc = _document('<div class="booklet-doc" id="d"><section id="d--s">\n<h1>T</h1>'
                    '<p>x <a id="d--r" href="#d--s">r</a></p><table id="d--t"><tr><td id="d--c">'
                    '</td></tr></table></section></div>')
    breaks = [pages.Break("d", "1"), pages.Break("d--s", "2"), pages.Break("d--r", "3"),
              pages.Break("d--c", "4")]
    targets = pages.insert([doc], breaks)
    assert [t.href for t in targets] == [f"text/d.xhtml#page-{n}" for n in (1, 2, 3, 4)]
    body = doc.body
    assert body[0].get("id") == "page-1"
    section = body.find(xhtml.tag("section"))
    assert section[0].get("id") == "page-2" and section[0].tail == "\n"
    paragraph = section.find(xhtml.tag("p"))
    assert [e.get("id") for e in paragraph] == ["page-3", "d--r"]
    table = section.find(xhtml.tag("table"))
    assert table.getprevious().get("id") == "page-4"  # never inside the table structure
    for marker in body.iter(xhtml.tag("span")):
        assert marker.get(xhtml.EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == marker.get("id").removeprefix("page-")


def test_footnotes_do_not_take_page_markers() -> None:
    doc = _document('<div class="booklet-doc" id="d"><p><a id="d--1" role="doc-noteref" '
                    'href="#d--2">1</a></p><aside class="footnote-list"><aside class="footnote" '
                    'id="d--2" role="doc-footnote"><p>n</p></aside></aside></div>')
    assert pages.anchors([doc]) == ["d", "d--1"]


# --------------------------------------------------------------------------- content

def test_footnotes_get_epub_types() -> None:
    doc = _document('<div class="booklet-doc" id="d"><p><a class="footnote-reference" id="d--1" '
                    'role="doc-noteref" href="#d--2">1</a></p><aside class="footnote-list brackets">'
                    '<aside class="footnote brackets" id="d--2" role="doc-footnote"><p>n</p></aside>'
                    '</aside></div>')
    ref = doc.body.find(f".//{xhtml.tag('a')}")
    assert ref.get(xhtml.EPUB_TYPE) == "noteref"
    notes = list(doc.body.iter(xhtml.tag("aside")))
    assert len(notes) == 1 and notes[0].get(xhtml.EPUB_TYPE) == "footnote"
    assert doc.body.find(xhtml.tag("div")).get("class") == "footnote-list brackets"


def test_chapters_and_title_pages_are_typed() -> None:
    chapter = _document('<div class="booklet-doc" id="c"><section id="c--s"><h1>C</h1></section></div>', "c")
    title = _document('<div class="booklet-doc" id="t"><section id="t--s"><h1>T</h1></section></div>', "t",
                      "title")
    assert chapter.body[0].get(xhtml.EPUB_TYPE) == "chapter" and chapter.body[0].get("role") == "doc-chapter"
    assert title.body[0].get(xhtml.EPUB_TYPE) == "titlepage"


def test_links_between_documents() -> None:
    one = _document('<div class="booklet-doc" id="one"><p><a href="#two--x">x</a> '
                    '<a href="#two">two</a> <a href="#one--y">y</a><span id="one--y"></span></p></div>', "one")
    two = _document('<div class="booklet-doc" id="two"><p id="two--x">x</p></div>', "two")
    index = content.anchor_index([one, two])
    content.rewrite_links(one, index, strict=True)
    assert [a.get("href") for a in one.body.iter(xhtml.tag("a"))] == ["two.xhtml#two--x", "two.xhtml", "#one--y"]


def test_unknown_link_target() -> None:
    doc = _document('<div class="booklet-doc" id="d"><p>see <a href="#gone">this</a>.</p></div>')
    with pytest.raises(RenderError):
        content.rewrite_links(doc, content.anchor_index([doc]), strict=True)
    content.rewrite_links(doc, content.anchor_index([doc]), strict=False)
    paragraph = doc.body.find(xhtml.tag("p"))
    assert "".join(paragraph.itertext()) == "see this." and paragraph.find(xhtml.tag("a")) is None


def test_duplicate_ids_across_documents_are_refused() -> None:
    one = _document('<div class="booklet-doc" id="one"><p id="x">a</p></div>', "one")
    two = _document('<div class="booklet-doc" id="two"><p id="x">b</p></div>', "two")
    with pytest.raises(RenderError):
        content.anchor_index([one, two])


def test_serialized_xhtml_is_well_formed_and_explicit() -> None:
    doc = _document('<div class="booklet-doc" id="d"><p>a<br>b<span id="d--e"></span><!-- c -->d</p>'
                    '<table><colgroup><col style="width: 30%"></colgroup></table></div>')
    data = xhtml.serialize(xhtml.page("az", "T", ["../css/book.css"], doc.body, "bodymatter"))
    root = etree.fromstring(data)
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n')
    assert root.get("lang") == "az" and root.get(xhtml.XML_LANG) == "az"
    assert b'<span id="d--e"></span>' in data and b"<br/>" in data and b"<col " in data
    assert b"<!--" not in data and b">ad<" not in data and b"</span>d</p>" in data


# --------------------------------------------------------------------------- navigation

def test_toc_nests_sections() -> None:
    doc = _document('<div class="booklet-doc" id="d"></div>')
    doc.sections = [{"id": "d--a", "title": "A", "level": 2}, {"id": "d--a1", "title": "A1", "level": 3},
                    {"id": "d--b", "title": "B", "level": 2}]
    (entry,) = navigation.with_hrefs(navigation.toc_entries([doc], depth=3))
    assert entry.href == "text/d.xhtml"
    assert [(c.title, c.href, [g.title for g in c.children]) for c in entry.children] == [
        ("A", "text/d.xhtml#d--a", ["A1"]), ("B", "text/d.xhtml#d--b", [])]


# --------------------------------------------------------------------------- metadata

def test_identifier_is_stable_per_edition_and_language() -> None:
    first = metadata.identifier("Book", "az", "2027-01-20")
    assert first == metadata.identifier("Book", "az", "2027-01-20")
    assert first.startswith("urn:uuid:")
    assert len({first, metadata.identifier("Book", "ru", "2027-01-20"),
                metadata.identifier("Book", "az", "2028-01-20"),
                metadata.identifier("Book", "az", "2027-01-20", "print")}) == 4


def test_modified_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert metadata.modified("2027-01-20") == dt.datetime(2027, 1, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert metadata.modified("2027-01-20") == dt.datetime(2026, 9, 21, 14, 13, 20)


def test_accessibility_features_follow_the_content() -> None:
    assert "pageNavigation" not in metadata.features(has_pages=False, has_images=False)
    assert {"pageBreakMarkers", "pageNavigation", "alternativeText"} <= set(
        metadata.features(has_pages=True, has_images=True))


# --------------------------------------------------------------------------- images, stylesheet

def test_images_are_copied_with_their_alt(tmp_path) -> None:
    (tmp_path / "html" / "_images").mkdir(parents=True)
    (tmp_path / "html" / "_images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    doc = _document('<div class="booklet-doc" id="d"><img src="html/_images/map.png" alt="A map"></div>')
    store: dict = {}
    content.collect_images(doc, tmp_path, store, strict=True)
    (resource,) = store.values()
    assert resource.href == "images/html-_images-map.png" and resource.media_type == "image/png"
    assert doc.body.find(xhtml.tag("img")).get("src") == "../images/html-_images-map.png"


def test_images_outside_the_build_or_without_alt_are_refused(tmp_path) -> None:
    from booklet.errors import SourceError

    (tmp_path / "secret.png").write_bytes(b"x")
    work = tmp_path / "work"
    work.mkdir()
    escaping = _document('<div class="booklet-doc" id="d"><img src="../secret.png" alt="x"></div>')
    with pytest.raises(SourceError):
        content.collect_images(escaping, work, {}, strict=True)
    (work / "a.png").write_bytes(b"x")
    no_alt = _document('<div class="booklet-doc" id="d"><img src="a.png"></div>')
    with pytest.raises(RenderError):
        content.collect_images(no_alt, work, {}, strict=True)


def test_stylesheet_leaves_size_and_colour_to_the_reader() -> None:
    import re
    from pathlib import Path

    import booklet

    css = (Path(booklet.__file__).parent / "data" / "epub" / "book.css").read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\d(pt|pc|cm|mm|in|Q)\b", rules), "absolute units"
    assert all("border" in line for line in rules.splitlines() if re.search(r"\dpx\b", line))
    assert "background" not in rules and "!important" not in rules
    assert not re.search(r"position\s*:\s*(fixed|absolute)", rules)
    colours = re.findall(r"(?<![-\w])color\s*:\s*([^;}]+)", rules)
    assert set(c.strip() for c in colours) <= {"inherit", "currentColor"}
