"""The publication's design is data: the builder's default is neutral, the 20 January
booklet's carnation, colours and cover live in its docs/ and [tool.booklet.design]."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from booklet.config import load_config
from booklet.design import COLOURS, DEFAULTS, Design, load_design
from booklet.epub import cover as epub_cover
from booklet.errors import ConfigError
from booklet.pdf import assemble, handout
from booklet.pdf.fetcher import URLPolicy
from booklet.sphinxext.bookdata import title_parts

from conftest import PROJECT, REPO

PACKAGE = REPO / "scripts" / "booklet"
README = REPO / "README.md"

META = {"language": "en", "title": "A Title", "subtitle": "A subtitle", "edition": "First edition",
        "publisher": "A Publisher", "colophon": ["Printed somewhere"], "base_url": "",
        "edition_year": 2027}
LABELS = {"cover": "Cover", "title_page": "Title page", "contents": "Contents",
          "read_online": "Read online", "draft_notice": "Draft"}
TITLE_HTML = ('<div class="booklet-doc" id="index"><section><h1>A Title</h1>'
              '<p class="subtitle">A subtitle</p><p class="edition">First edition</p>'
              '<p class="dedication">For someone</p></section></div>')


def _book(docs: list[dict] | None = None) -> dict:
    docs = docs if docs is not None else [
        {"id": "index", "name": "index", "part": "title", "title": "A Title", "html": TITLE_HTML}]
    return {"meta": META, "labels": LABELS, "docs": docs,
            "handout": {"id": "handout", "name": "handout", "part": "handout", "title": "H",
                        "html": '<div class="booklet-doc" id="handout"><p>x</p></div>'}}


def _sources(tmp_path: Path) -> assemble.Sources:
    return assemble.Sources(tmp_path, URLPolicy.of([tmp_path], tmp_path / "book.json"))


# ------------------------------------------------------------------ nothing of the booklet in the builder

def _package_text() -> str:
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".css", ".html", ".toml")]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_the_package_holds_no_artwork() -> None:
    assert not [p for p in PACKAGE.rglob("*.svg")], "artwork belongs to a publication, not the builder"


@pytest.mark.parametrize("trait", ["carnation", "mourning red", "#b3122e", "#1b1b22", "#7d1d1d",
                                   "#f4efe9", "Read the booklet online"])
def test_no_trait_of_the_20_january_booklet_in_the_package(trait: str) -> None:
    assert trait.lower() not in _package_text().lower()


def test_the_booklet_keeps_its_design_in_the_project() -> None:
    design = PROJECT.design
    assert design.artwork == REPO / "docs" / "_design" / "carnation.svg"
    assert design.colours["accent"] == "#b3122e" and design.colours["cover"] == "#1b1b22"
    assert design.stylesheet is not None and design.stylesheet.is_relative_to(REPO / "docs")


# ------------------------------------------------------------------ the neutral default

def test_default_cover_is_text_only_with_title_subtitle_publisher(tmp_path: Path) -> None:
    html = assemble.book_document(_book(), _sources(tmp_path))
    page = lxml.html.fromstring(html)
    cover = page.get_element_by_id("booklet-cover")
    texts = [p.text_content() for p in cover.iter("p")]
    assert texts == ["A Title", "A subtitle", "First edition", "A Publisher"]
    assert not cover.xpath(".//svg") and not cover.xpath('.//*[@class="artwork"]')
    back = page.get_element_by_id("booklet-back-cover")
    assert not back.xpath(".//svg")
    assert "Printed somewhere" in back.text_content()


def test_design_artwork_reaches_cover_back_cover_and_handout(tmp_path: Path) -> None:
    drawing = tmp_path / "art.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                       '<circle cx="5" cy="5" r="4"/></svg>', encoding="utf-8")
    design = load_design(tmp_path, {"artwork": "art.svg", "cover-publisher": False}, "test")
    page = lxml.html.fromstring(assemble.book_document(_book(), _sources(tmp_path), design))
    cover = page.get_element_by_id("booklet-cover")
    assert cover.xpath('.//div[@class="artwork"]/svg/title')[0].text == "Cover"
    assert "A Publisher" not in cover.text_content()
    assert page.get_element_by_id("booklet-back-cover").xpath('.//div[@class="mark"]/svg')
    leaflet = lxml.html.fromstring(handout.document(_book(), _sources(tmp_path), design))
    assert leaflet.xpath('//div[@class="handout-mark"]/svg')
    plain = lxml.html.fromstring(handout.document(_book(), _sources(tmp_path)))
    assert not plain.xpath('//div[@class="handout-mark"]')


def test_print_css_carries_colours_band_and_boxes() -> None:
    css = Design().print_css()
    assert f"--accent: {COLOURS['accent'][0]}" in css and ".cover-band { display: none; }" in css
    booklet = PROJECT.design.print_css()
    assert "--cover: #1b1b22" in booklet and ".cover-band { height: 7mm; }" in booklet
    assert ".cover .artwork { left: 39mm; top: 89mm; width: 70mm; height: 124mm; }" in booklet
    assert ".title-page .dedication" in booklet  # the publication's own stylesheet follows


def test_site_css_follows_the_design() -> None:
    assert "--accent: #7d1d1d" in PROJECT.design.site_css()
    assert "--accent: #f2a7a0" in PROJECT.design.site_css()  # dark scheme
    assert "#7d1d1d" not in Design().site_css()


def test_epub_cover_uses_the_same_design() -> None:
    neutral = epub_cover.image(Design(), "A Title", "Sub", "2027", "A Publisher", "alt").decode()
    assert 'fill="#ffffff"' in neutral and neutral.count("<svg") == 1
    assert neutral.count("<path") == 4  # title, subtitle, edition, publisher
    booklet = epub_cover.image(PROJECT.design, "A Title", "Sub", "2027", "A Publisher", "alt").decode()
    assert 'fill="#1b1b22"' in booklet and 'fill="#b3122e"' in booklet
    assert '<svg x="390" y="890" width="700" height="1240"' in booklet
    assert booklet.count("<path") > 4 and "A Publisher" not in booklet


# ------------------------------------------------------------------ explicit title page parts

def test_title_page_parts_are_named_by_class_not_position() -> None:
    assert title_parts(TITLE_HTML) == {"subtitle": "A subtitle", "edition": "First edition",
                                       "dedication": "For someone"}
    assert title_parts('<div><h1>T</h1><p>First</p><p>Second</p></div>') == {}


def test_booklet_title_page_marks_its_parts() -> None:
    source = (REPO / "docs" / "index.rst").read_text(encoding="utf-8")
    for name in ("subtitle", "edition", "dedication"):
        assert f".. rst-class:: {name}" in source


# ------------------------------------------------------------------ validation

@pytest.mark.parametrize(("raw", "message"), [
    ({"colour": {}}, "unknown key 'colour'"),
    ({"colours": {"accent": "red"}}, "hex colour"),
    ({"colours": {"paper": "#fff"}}, "unknown colour role 'paper'"),
    ({"artwork": "missing.svg"}, "file not found"),
    ({"artwork-box": [1, 2, 3]}, "[left, top, width, height]"),
    ({"cover-band": -1}, "length in millimetres"),
    ({"cover-publisher": "no"}, "true or false"),
])
def test_bad_design_is_refused_naming_the_key(tmp_path: Path, raw: dict, message: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    with pytest.raises(ConfigError) as caught:
        load_design(tmp_path, raw, pyproject)
    assert message in str(caught.value) and "pyproject.toml" in str(caught.value)


def test_bad_design_in_pyproject_fails_load_config(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "X"\n[tool.booklet.design]\nartwork = "nope.svg"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="nope.svg"):
        load_config(tmp_path)


def test_readme_documents_every_design_setting() -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Design"):]
    for key in DEFAULTS:
        assert f"`{key}`" in section, key
    for role in COLOURS:
        assert re.search(rf"`{re.escape(role)}`", section), role


def test_a_design_change_changes_the_build_fingerprint(tmp_path: Path) -> None:
    from booklet.fingerprint import language_fingerprint

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "art.svg").write_text('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
                                      encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    base = '[tool.booklet]\nname = "X"\n[tool.booklet.design]\nartwork = "art.svg"\n'
    prints = []
    for extra, drawing in (("", "1"), ("cover-band = 3\n", "1"), ("cover-band = 3\n", "2")):
        pyproject.write_text(base + extra, encoding="utf-8")
        (tmp_path / "art.svg").write_text(f'<svg viewBox="0 0 1 1"><rect width="{drawing}"/></svg>',
                                          encoding="utf-8")
        prints.append(language_fingerprint(load_config(tmp_path), "en", True, "pkg"))
    assert len(set(prints)) == 3  # the band, then the drawing outside docs/, each count


def test_dedication_of_pyproject_stands_on_a_title_page_without_one(tmp_path: Path) -> None:
    from booklet.epub import content
    from booklet.epub.builder import EpubBuilder

    bare = '<div class="booklet-doc" id="index"><section id="index--t"><h1>A Title</h1></section></div>'
    doc = {"id": "index", "name": "index", "part": "title", "title": "A Title", "html": bare,
           "sections": []}
    book = {**_book([doc]), "meta": {**META, "dedication": "For all", "dedication_in_text": False}}
    page = lxml.html.fromstring(assemble.book_document(book, _sources(tmp_path)))
    title_page = page.find_class("title-page")[0]
    assert [p.text_content() for p in title_page.find_class("dedication")] == ["For all"]
    epub = EpubBuilder.__new__(EpubBuilder)
    epub.documents, epub.book = [content.convert(doc)], book
    epub._add_dedication()
    assert "For all" in "".join(epub.documents[0].body.itertext())
    # Named in the text: not repeated.
    book["meta"]["dedication_in_text"] = True
    page = lxml.html.fromstring(assemble.book_document(book, _sources(tmp_path)))
    assert not page.find_class("title-page")[0].find_class("dedication")


@pytest.mark.parametrize("sheet", ["data/print/book.css", "data/epub/book.css",
                                   "theme/booklet/static/booklet.css"])
def test_title_page_styles_name_parts_not_positions(sheet: str) -> None:
    rules = [line for line in (PACKAGE / sheet).read_text(encoding="utf-8").splitlines()
             if "title" in line and re.search(r"(nth|first|last)-of-type|nth-child", line)]
    assert not rules, rules
