"""The parts behind every construct in every format, one at a time (no build).

Contents depth (print and EPUB), fonts per script and their refusal, code checked
against the monospace font, wide tables, math as SVG, writing direction.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from booklet import elements, fonts, highlighting
from booklet.config import load_config
from booklet.direction import direction
from booklet.epub import navigation
from booklet.epub.model import Document
from booklet.errors import ConfigError, GlyphError
from booklet.pdf import assemble, glyphs
from booklet.sphinxext import mathsvg

LABELS = {"contents": "Contents"}
ONE_DOCUMENT = [{
    "id": "manual", "title": "Manual", "part": "chapter",
    "sections": [
        {"id": "manual--manual", "title": "Manual", "level": 1},
        {"id": "manual--install", "title": "Install", "level": 2},
        {"id": "manual--linux", "title": "On Linux", "level": 3},
        {"id": "manual--deep", "title": "Deep down", "level": 4},
        {"id": "manual--use", "title": "Use", "level": 2},
    ]}]


def _titles(html: str) -> list[str]:
    return [a.text_content() for a in lxml.html.fromstring(html).iter("a")]


def test_a_one_document_book_lists_its_sections() -> None:
    html = assemble.contents(ONE_DOCUMENT, LABELS)
    assert _titles(html) == ["Manual", "Install", "Use"]


def test_contents_depth_is_configurable_and_nests() -> None:
    html = assemble.contents(ONE_DOCUMENT, LABELS, depth=4)
    assert _titles(html) == ["Manual", "Install", "On Linux", "Deep down", "Use"]
    root = lxml.html.fromstring(html)
    deep = root.xpath('//a[text()="Deep down"]')[0]
    assert [ol.get("class") for ol in deep.iterancestors("ol")][:3] == [
        "sections level-4", "sections level-3", "sections level-2"]
    assert _titles(assemble.contents(ONE_DOCUMENT, LABELS, depth=1)) == ["Manual"]


def test_epub_navigation_follows_the_same_depth() -> None:
    doc = Document(uid="doc-manual", href="text/manual.xhtml", title="Manual", part="chapter",
                   body=None, sections=ONE_DOCUMENT[0]["sections"])

    def titles(entries: list) -> list[str]:
        return [t for e in entries for t in (e.title, *titles(list(e.children)))]

    assert titles(navigation.toc_entries([doc])) == ["Manual", "Install", "Use"]
    assert titles(navigation.toc_entries([doc], depth=3)) == ["Manual", "Install", "On Linux", "Use"]


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "conf.py").write_text('language = "en"\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.booklet]\n{table}\n", encoding="utf-8")
    return tmp_path


def test_contents_depth_setting_is_checked(tmp_path: Path) -> None:
    assert load_config(_project(tmp_path, "contents-depth = 3")).contents_depth == 3
    with pytest.raises(ConfigError, match="contents-depth"):
        load_config(_project(tmp_path / "bad", "contents-depth = 0"))


def test_a_font_that_cannot_be_had_is_refused_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"fonts\.ja: the font package 'fontpkg-no-such-font'"):
        load_config(_project(tmp_path, 'fonts = { ja = "fontpkg-no-such-font" }'))
    with pytest.raises(ConfigError, match=r"fonts\.he: no \.ttf or \.otf font in 'fonts/'"):
        load_config(_project(tmp_path / "path", 'fonts = { he = "fonts/" }'))


ARABIC = '<html><body><div id="guide"><h2>التثبيت</h2><p>ثبّت الحزمة</p></div></body></html>'


def test_a_script_without_a_font_is_refused_with_language_script_and_setting() -> None:
    with pytest.raises(GlyphError) as caught:
        glyphs.check_document(ARABIC, {"guide": "guide (docs/guide.rst)"}, "book.json",
                              language="ar")
    message, hint = str(caught.value.message), caught.value.hint
    assert message.startswith("language 'ar':") and "Arabic script:" in message
    assert "U+062A ARABIC LETTER TEH" in message and "guide (docs/guide.rst)" in message
    assert 'fonts = { ar = "fontpkg-..." }' in hint and "[tool.booklet]" in hint


def test_the_configured_script_font_covers_it(tmp_path: Path) -> None:
    extra = fonts.script_font("fontpkg-noto-sans-arabic", tmp_path)
    assert extra.family == "Noto Sans Arabic"
    glyphs.check_document(ARABIC, {}, "book.json", language="ar", extra=extra)
    own = fonts.script_chars(extra, "Abc التثبيت")
    assert own and all("\u0600" <= c <= "\u06ff" for c in own)  # Latin stays with Noto
    assert fonts.with_fallback('h1 { font: 10pt "Noto Serif"; }', extra) == \
        'h1 { font: 10pt "Noto Serif", "Noto Sans Arabic"; }'


def test_code_is_checked_against_the_monospace_font() -> None:
    tree = "<html><body><div id='d'>{}</div></body></html>"
    glyphs.check_document(tree.format("<pre>├── visitors</pre>"), {"d": "d"}, "book.json")
    with pytest.raises(GlyphError, match="U\\+251C"):
        glyphs.check_document(tree.format("<p>├── visitors</p>"), {"d": "d"}, "book.json")


def test_the_monospace_family_has_the_four_faces_the_styles_use() -> None:
    faces = {(f.style, f.weight) for f in fonts.faces([fonts.MONO])}
    assert faces == {("normal", 400), ("normal", 700), ("italic", 400), ("italic", 700)}
    assert fonts.face_for(fonts.MONO, "italic", 700).path.name == "IBMPlexMono-BoldItalic.ttf"


def test_wide_tables_are_marked_by_their_widest_row() -> None:
    def table(columns: int, colspan: int = 1) -> str:
        cells = f'<td colspan="{colspan}">x</td>' + "<td>x</td>" * (columns - colspan)
        return f'<table class="docutils"><tr>{cells}</tr></table>'

    root = lxml.html.fragment_fromstring(table(3) + table(5, colspan=2) + table(9), create_parent="div")
    elements.mark_wide_tables(root)
    assert [t.get("class") for t in root.iter("table")] == [
        "docutils", "docutils booklet-wide", "docutils booklet-very-wide"]


def test_web_only_blocks_leave_the_book() -> None:
    root = lxml.html.fragment_fromstring(
        '<div><p>a</p><div class="booklet-web-only"><p>web</p></div>tail<p>b</p></div>')
    elements.drop_other_format(root)
    assert root.text_content() == "atailb"


def test_math_is_drawn_as_svg_sized_in_em() -> None:
    svg, width, height, depth = mathsvg.render(r"\frac{a}{b}", inline=True)
    assert svg.startswith("<svg") and "<text" not in svg  # glyphs as paths: no font
    assert 0 < depth < height and width > 0
    with pytest.raises(Exception):
        mathsvg.render(r"\frac{", inline=True)


def test_direction() -> None:
    assert [direction(lang) for lang in ("ar", "he_IL", "fa-IR", "en", "ru")] == [
        "rtl", "rtl", "rtl", "ltr", "ltr"]


def test_code_colours_are_darkened_until_readable(tmp_path: Path) -> None:
    """A style's light token colours reach WCAG AA on the paper; dark ones stay as they are."""
    assert highlighting.contrast("#0e84b5") < highlighting.MIN_CONTRAST  # sphinx style's names
    assert highlighting.contrast(highlighting.readable("#0e84b5")) >= highlighting.MIN_CONTRAST
    assert highlighting.readable("#000000") == "#000000"
    site_css = tmp_path / "pygments.css"
    site_css.write_text("pre { line-height: 125%; }\n.highlight { background: #eeffcc; }\n"
                        ".highlight .nc { color: #0e84b5; font-weight: bold }\n", encoding="utf-8")
    rules = highlighting.code_colours(site_css)
    assert "line-height" not in rules and "#eeffcc" not in rules
    assert ".highlight .nc { color: #0d7caa; font-weight: bold }" in rules
