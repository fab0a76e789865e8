"""Every construct a Sphinx author writes, in every format: ``tests/roots/technical-project``.

The fixture is an English technical project whose ``conf.py`` does not name booklet,
with code, admonitions, figures (PNG, JPEG, SVG), four kinds of tables (one too wide for
A5 at its natural size), every kind of list, quotations, an epigraph, a topic, a
sidebar, a rubric, a glossary, footnotes and a citation, sections six levels deep,
version notes, ``only`` and ``ifconfig`` blocks and math; and catalogs for German,
Russian and Arabic (a few real translations each; Arabic through the font the project
configures in ``[tool.booklet] fonts``). EPUBCheck and DAISY Ace (``tests/js``, as in
``test_epub.py``) check every EPUB.

The ``built`` fixture builds every format of every language once (strict, in a copy of
the fixture under pytest's tmp folder). Its ``conf.py`` never names booklet: the builder
loads its own extension and theme.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from booklet.pdf import typometrics
from conftest import ROOTS, run_booklet

ROOT = ROOTS / "technical-project"
LANGUAGES = ("en", "de", "ru", "ar")
SLUG = "tallyctl"
#: Font name prefixes (pdffonts, without the subset tag) each language's PDFs may use.
FAMILIES = ("Noto-Serif", "Noto-Sans", "IBM-Plex-Mono")
SCRIPT_FAMILIES = {"ar": ("Noto-Sans-Arabic",)}
#: LaTeX that must never reach a page.
RAW_LATEX = re.compile(r"\\(frac|sum|bar|Delta)|\\\(|\\\[|\$\$")
#: The A5 text block in PDF points: page width, and the smaller of the two side margins.
A5_WIDTH = 419.53
INNER_MARGIN = 16 / 25.4 * 72


@dataclass(frozen=True)
class Build:
    project: Path
    result: subprocess.CompletedProcess[str]

    def pdf(self, lang: str, kind: str = "") -> Path:
        return self.project / "build" / "pdf" / f"{SLUG}-{lang}{'-' + kind if kind else ''}.pdf"

    def epub(self, lang: str) -> Path:
        return self.project / "build" / "epub" / f"{SLUG}-{lang}.epub"

    def site(self, lang: str) -> Path:
        return self.project / "build" / "html" / lang


def copy_fixture(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("build", "*.mo", "previews"))
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_fixture(tmp_path_factory.mktemp("constructs") / "technical-project")
    result = run_booklet("build", "--project", project, "-j", "2", cwd=project,
                         env={"SOURCE_DATE_EPOCH": "1795000000"}, timeout=1200)
    return Build(project, result)


def _text(pdf: Path, first: int = 1, last: int = 0) -> str:
    args = ["pdftotext", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# ------------------------------------------------------------------------ the build

def test_every_format_of_every_language_builds(built: Build) -> None:
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    for lang in LANGUAGES:
        for kind in ("", "print", "imposed"):
            assert built.pdf(lang, kind).is_file(), (lang, kind)
        assert built.epub(lang).is_file(), lang
        assert (built.site(lang) / "reference.html").is_file(), lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["", "print", "imposed"])
def test_pdfs_embed_only_the_configured_fonts(built: Build, lang: str, kind: str) -> None:
    """pdffonts: every font embedded, subset, with a Unicode map, of a configured family."""
    out = subprocess.run(["pdffonts", str(built.pdf(lang, kind))], capture_output=True,
                         text=True, check=True).stdout.splitlines()[2:]
    allowed = FAMILIES + SCRIPT_FAMILIES.get(lang, ())
    names = set()
    for line in out:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        names.add(name.split("+", 1)[-1])
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
    assert names and all(n.startswith(allowed) for n in names), names
    assert any(n.startswith("IBM-Plex-Mono") for n in names), "code is not set in the mono font"
    if lang in SCRIPT_FAMILIES:
        assert any(n.startswith(SCRIPT_FAMILIES[lang]) for n in names), names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_raw_latex_anywhere(built: Build, lang: str) -> None:
    """Math is drawn (SVG images), in the PDF, the EPUB and the site; its LaTeX is only alt text."""
    assert not RAW_LATEX.search(_text(built.pdf(lang)))
    with zipfile.ZipFile(built.epub(lang)) as epub:
        pages = [n for n in epub.namelist() if n.endswith(".xhtml")]
        texts = [lxml.html.fromstring(epub.read(n)).text_content() for n in pages]
        assert any(n.startswith("EPUB/images/") and n.endswith(".svg") and "math" in n
                   for n in epub.namelist()), epub.namelist()
    assert not any(RAW_LATEX.search(t) for t in texts)
    page = lxml.html.parse(str(built.site(lang) / "reference.html")).getroot()
    main = page.get_element_by_id("main")
    assert not RAW_LATEX.search(main.text_content())
    formulas = main.xpath('.//img[contains(@class, "math")]')
    assert len(formulas) == 2 and "\\frac" in formulas[0].get("alt")


def test_pdf_shows_every_construct(built: Build) -> None:
    text = " ".join(_text(built.pdf("en")).split())
    for expected in ("Attention, an admonition.", "Caution", "Danger", "Error", "Hint",
                     "Important", "Tip", "See also", "A custom admonition",
                     "Listing 1 count.py", "Fig. 1 Counters after a week (PNG).",
                     "Fig. 2 A tally sheet (JPEG).", "Fig. 3 From the tally file to the report (SVG).",
                     "Table 1 A grid table", "Table 2 A simple table", "Table 3 A list table",
                     "Table 4 A CSV table", "Table 5 A wide table", "nested item one",
                     "a lettered sub-item", "A term and its definition.", "Author:",
                     "--dry-run", "The first Tallyctl manual", "A maintainer", "At a glance",
                     "About this chapter", "Conventions", "A name and a whole number",
                     "Visitors and visitors are two counters.", "[INI]", "Level six",
                     "Added in version 2.1", "Deprecated since version 2.4",
                     "Changed in version 2.3", "This is the community edition.",
                     "This paragraph is in every format but the website.", "indented line"):
        assert expected in text, expected
    for absent in ("This paragraph is in the website only.", "This paragraph never appears.",
                   "(1,2)"):
        assert absent not in text, absent


def test_site_keeps_the_web_only_block_and_hides_the_book_only_one(built: Build) -> None:
    page = lxml.html.parse(str(built.site("en") / "reference.html")).getroot()
    assert "This paragraph is in the website only." in page.text_content()
    hidden = page.xpath('//div[contains(@class, "booklet-book-only")]')
    assert [" ".join(h.text_content().split()) for h in hidden] == [
        "This paragraph is in every format but the website."]
    css = (built.site("en") / "_static" / "elements.css").read_text(encoding="utf-8")
    assert ".booklet-book-only { display: none; }" in css


def test_code_is_highlighted_in_every_format(built: Build) -> None:
    with zipfile.ZipFile(built.epub("en")) as epub:
        css = epub.read("EPUB/css/book.css").decode()
        guide = epub.read("EPUB/text/guide.xhtml").decode()
        fonts = [n for n in epub.namelist() if "IBMPlexMono" in n]
    assert '<span class="k">for</span>' in guide
    # the project's pygments_style ("sphinx"), as on its website: keywords #007020
    assert ".highlight .k { color: #007020; font-weight: bold }" in css
    assert fonts, "the EPUB does not embed the monospace font"
    site = (built.site("en") / "guide.html").read_text(encoding="utf-8")
    assert '<span class="k">for</span>' in site
    assert (built.site("en") / "_static" / "fonts" / "IBMPlexMono-400.woff").is_file()


def test_images_are_in_the_pdf_and_the_epub(built: Build) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(built.pdf("en"))], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    encodings = {line.split()[8] for line in listing}
    assert {"image", "jpeg"} <= encodings, listing  # PNG (flate) and JPEG (DCT)
    with zipfile.ZipFile(built.epub("en")) as epub:
        names = epub.namelist()
    assert {"png", "jpg", "svg"} <= {n.rsplit(".", 1)[-1] for n in names if "/images/" in n}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_runs_out_of_the_text_block(built: Build, lang: str) -> None:
    """No word of a text page (the wide table included) crosses the A5 text block's edge."""
    html = subprocess.run(["pdftotext", "-bbox", str(built.pdf(lang)), "-"], capture_output=True,
                          text=True, check=True).stdout
    root = lxml.html.fromstring(html.encode())
    pages = root.xpath("//page")
    outside = []
    for number, page in enumerate(pages[1:-1], start=2):  # not the covers (full bleed)
        for word in page.xpath(".//word"):
            left, right = float(word.get("xmin")), float(word.get("xmax"))
            if left < INNER_MARGIN - 1 or right > A5_WIDTH - INNER_MARGIN + 1:
                outside.append((number, word.text, round(left), round(right)))
    assert not outside, outside[:10]


def test_contents_page_lists_sections_to_the_default_depth(built: Build) -> None:
    contents = " ".join(_text(built.pdf("en"), 2, 2).split())
    for title in ("User guide", "Installing", "Counting", "Figures", "Tables", "Math", "Glossary"):
        assert title in contents, title
    assert "Every admonition" not in contents  # level 3: below the default depth of 2
    with zipfile.ZipFile(built.epub("en")) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert "Installing" in nav and "Every admonition" not in nav


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdfs_meet_the_typographic_measures_of_the_booklet(built: Build, lang: str) -> None:
    """The reading PDF against the targets the booklet's editions meet (word gaps, line
    length, hyphen runs), on enough full lines of prose for the shares to mean something."""
    report = typometrics.measure(built.pdf(lang))
    assert report.justified_lines >= 35, report
    assert not report.failures(), f"{lang}: {report.summary()}"


def test_text_not_yet_translated_is_marked_in_the_source_language(built: Build) -> None:
    """A draft shows the paragraphs its catalog does not translate in English: they say
    so (lang, dir) in the site and the EPUB, and the PDF hyphenates and sets them as
    English (left to right, justified like the rest)."""
    page = (built.site("ar") / "guide.html").read_text(encoding="utf-8")
    assert '<h2 lang="en" dir="ltr" class="booklet-untranslated">Keeping a tally' in page
    assert re.search(r'<p lang="en" dir="ltr" class="booklet-untranslated">Teams that share', page)
    assert "التثبيت" in page and 'lang="en" dir="ltr" class="booklet-untranslated">التثبيت' \
        not in page  # a translated title is not marked
    english = (built.site("en") / "guide.html").read_text(encoding="utf-8")
    assert "booklet-untranslated" not in english
    with zipfile.ZipFile(built.epub("ar")) as epub:
        guide = epub.read("EPUB/text/guide.xhtml").decode()
    assert re.search(r'<p [^>]*lang="en"[^>]*>Teams that share', guide), guide[:2000]


def _words(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, word, x min, x max) of every word of *pdf*."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [(number, word.text, float(word.get("xmin")), float(word.get("xmax")))
            for number, page in enumerate(lxml.html.fromstring(html.encode()).xpath("//page"), 1)
            for word in page.xpath(".//word")]


def test_right_to_left_field_lists_and_list_items_start_on_the_right(built: Build) -> None:
    """In the Arabic PDF a field's name ends at the right edge of the text block and its
    value, below it, is indented from the right; an item not yet translated (English,
    left to right) stays beside its marker on the right."""
    words = _words(built.pdf("ar"))
    edge = {page: max(right for p, _, _, right in words if p == page) for page, *_ in words}
    name = next(w for w in words if w[1] == "Author:")
    assert name[3] > edge[name[0]] - 2, name
    value = next(w for w in words if w[1] == "MIT")
    licence = next(w for w in words if w[1] == "Licence:")
    assert value[0] == licence[0] and value[3] < licence[3] - 8, (value, licence)
    item = next(w for w in words if w[1] == "nested")  # "nested item one", in a sub-list
    assert item[3] > edge[item[0]] - 60, item


def test_arabic_is_set_right_to_left_in_its_font(built: Build) -> None:
    text = re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", _text(built.pdf("ar")))
    assert "التثبيت" in text  # pdftotext puts spaces between the joined letters
    with zipfile.ZipFile(built.epub("ar")) as epub:
        guide = epub.read("EPUB/text/guide.xhtml").decode()
        css = epub.read("EPUB/css/book.css").decode()
        fonts = [n for n in epub.namelist() if "NotoSansArabic" in n]
    assert 'dir="rtl"' in guide and fonts
    assert '"Noto Serif", "Noto Sans Arabic"' in css
    language_css = (built.site("ar") / "_static" / "booklet-language.css").read_text(encoding="utf-8")
    assert "direction: rtl" in language_css and "Noto Sans Arabic" in language_css


@pytest.mark.parametrize("lang", LANGUAGES)
def test_epubcheck(built: Build, lang: str) -> None:
    from test_epub import run_epubcheck

    report, messages, _ = run_epubcheck(built.epub(lang))
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ace(built: Build, lang: str, tmp_path: Path) -> None:
    """DAISY Ace: no violation (citations, topics and sidebars included)."""
    from test_epub import run_ace

    report, violations, result = run_ace(built.epub(lang), tmp_path)
    assert report is not None and not violations and result.returncode == 0, \
        violations or result.stderr


# ------------------------------------------------------------- refusals, up front

def test_bad_math_is_refused_with_file_and_line(tmp_path: Path) -> None:
    project = copy_fixture(tmp_path / "project")
    reference = project / "docs" / "reference.rst"
    text = reference.read_text(encoding="utf-8").replace(r"\frac{\Delta n}{\Delta t}", r"\frac{")
    reference.write_text(text, encoding="utf-8")
    result = run_booklet("build", "--project", project, "--lang", "en", "--format", "html",
                         cwd=project, timeout=600)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert re.search(r"reference\.rst:\d+: WARNING: math: cannot render 'r = \\\\frac\{'", message), message
    assert not (project / "build" / "html" / "en").exists()


def test_a_script_without_a_font_is_refused_before_layout(tmp_path: Path) -> None:
    project = copy_fixture(tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(re.sub(r"^fonts = .*$", "", pyproject.read_text(encoding="utf-8"),
                                flags=re.M), encoding="utf-8")
    result = run_booklet("build", "--project", project, "--lang", "ar", "--format", "pdf",
                         "--format", "epub", cwd=project, timeout=600)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "language 'ar'" in message and "Arabic script:" in message, message
    assert 'fonts = { ar = "fontpkg-...' in message, message
    assert not list((project / "build").glob("pdf/*.pdf")), "a PDF was written"
    assert not list((project / "build").glob("epub/*.epub")), "an EPUB was written"
