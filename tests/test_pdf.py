"""The print outputs: reading, print and imposed PDFs and the handout, for every language.

The ``book`` fixture runs ``booklet build --format pdf --format print --format imposed
--format handout`` once per session for every configured language, into a temporary
build folder (set ``BOOKLET_TEST_PDF`` to an existing build folder to check it instead).
The fixture project ``tests/roots/pdf`` is copied and built for the failure cases
(unsafe URLs, missing glyphs) and for reproducibility across checkout paths.

Needs poppler-utils (pdftotext, pdffonts, pdftoppm) and qpdf; a missing tool is a
failure, never a skip.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from booklet.config import load_config
from booklet.context import RenderContext
from booklet.errors import RenderError, UnsafeURLError
from booklet.pdf import engine, impose, styles, typometrics
from booklet.pdf.fetcher import Blocked, SafeURLFetcher, URLPolicy

from conftest import BOOKLET, PROJECT  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "roots" / "pdf"
FORMATS = ("pdf", "print", "imposed", "handout")
EPOCH = "1800000000"  # 2027-01-15T08:00:00Z
MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
A4 = (210 * MM, 297 * MM)
BLEED = 3 * MM
TOLERANCE = 0.05  # pt
TOOLS = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo", "qpdf", "zbarimg")
#: A letter every text in the language has and the others lack (en: plain Latin).
DISTINCTIVE = {"az": "ə", "tk": "ň", "tr": "ı", "ru": re.compile(r"[А-Яа-яЁё]{4}"),
               "en": re.compile(r"\bthe\b")}


# --------------------------------------------------------------------------- helpers

LANGUAGES = PROJECT.languages


def _run_build(project: Path, *args: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    command = [*BOOKLET, "build", *[a for f in FORMATS for a in ("--format", f)], *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed: apt-get install poppler-utils qpdf"
    return found


def _text(pdf: Path, page: int | None = None, crop: tuple[float, float, float, float] | None = None
          ) -> str:
    command = [_tool("pdftotext"), "-layout"]
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    if crop is not None:
        x, y, w, h = crop
        command += ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    return subprocess.run([*command, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def _box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj[name])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _size(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def _close(a: float, b: float, tolerance: float = TOLERANCE) -> bool:
    return abs(a - b) <= tolerance


@dataclass(frozen=True)
class Book:
    build: Path
    slug: str
    languages: tuple[str, ...]
    base_url: str
    built_here: bool  # by this session, with SOURCE_DATE_EPOCH = EPOCH

    def pdf(self, lang: str, variant: str = "") -> Path:
        suffix = f"-{variant}" if variant else ""
        return self.build / "pdf" / f"{self.slug}-{lang}{suffix}.pdf"

    def handout(self, lang: str) -> Path:
        return self.build / "pdf" / f"{self.slug}-handout-{lang}.pdf"

    def all_pdfs(self) -> list[Path]:
        return [p for lang in self.languages for p in (
            self.pdf(lang), self.pdf(lang, "print"), self.pdf(lang, "imposed"), self.handout(lang))]

    def book_json(self, lang: str) -> dict:
        return json.loads((self.build / ".work" / lang / "book.json").read_text(encoding="utf-8"))

    def page_map(self, lang: str) -> dict[str, int]:
        data = json.loads((self.build / ".work" / lang / "pages.json").read_text(encoding="utf-8"))
        return data["pages"]


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    for name in TOOLS:
        _tool(name)
    given = os.environ.get("BOOKLET_TEST_PDF")
    if given:
        build = Path(given).resolve()
    else:
        build = tmp_path_factory.mktemp("pdf-build")
        result = _run_build(ROOT, "--build-dir", str(build))
        if result.returncode != 0:
            pytest.fail(f"booklet build failed ({result.returncode}):\n"
                        f"{result.stdout}\n{result.stderr}", pytrace=False)
    return Book(build, PROJECT.slug, LANGUAGES, PROJECT.base_url, not given)


@cache
def _page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


# ------------------------------------------------------------------- page geometry

@pytest.mark.parametrize("lang", LANGUAGES)
def test_reading_pdf_is_a5(book: Book, lang: str) -> None:
    with pikepdf.open(book.pdf(lang)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for name in ("/MediaBox", "/TrimBox"):
                width, height = _size(_box(page, name))
                assert _close(width, A5[0]) and _close(height, A5[1]), (number, name, width, height)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_pdf_boxes(book: Book, lang: str) -> None:
    with pikepdf.open(book.pdf(lang, "print")) as pdf:
        assert len(pdf.pages) == _page_count(book.pdf(lang))
        for number, page in enumerate(pdf.pages, start=1):
            trim, bleed, media = (_box(page, n) for n in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert _close(_size(trim)[0], A5[0]) and _close(_size(trim)[1], A5[1]), (number, trim)
            for i, sign in enumerate((-1, -1, 1, 1)):
                assert _close(bleed[i], trim[i] + sign * BLEED), (number, "bleed", bleed, trim)
                assert sign * (media[i] - bleed[i]) >= 5 * MM, (number, "media", media, bleed)


def _raster(pdf: Path, page: int, dpi: int = 100) -> Image.Image:
    out = subprocess.run([_tool("pdftoppm"), "-f", str(page), "-l", str(page), "-r", str(dpi),
                          "-singlefile", "-gray", "-png", str(pdf)], check=True,
                         capture_output=True).stdout
    import io

    return Image.open(io.BytesIO(out)).convert("L")


def _dark_pixels(image: Image.Image, box_pt: tuple[float, float, float, float], media_height: float,
                 dpi: int = 100, threshold: int = 200) -> int:
    """Dark pixels inside a PDF-space box (points, origin bottom-left of the media box)."""
    scale = dpi / 72
    x0, y0, x1, y1 = box_pt
    crop = (round(x0 * scale), round((media_height - y1) * scale),
            round(x1 * scale), round((media_height - y0) * scale))
    region = image.crop(crop)
    return sum(region.histogram()[:threshold])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_crop_marks_outside_bleed_and_cover_fills_bleed(book: Book, lang: str) -> None:
    pdf = book.pdf(lang, "print")
    with pikepdf.open(pdf) as document:
        page = document.pages[1]
        media, trim = _box(page, "/MediaBox"), _box(page, "/TrimBox")
    # Coordinates relative to the media box's lower-left corner.
    mx, my = media[0], media[1]
    trim = (trim[0] - mx, trim[1] - my, trim[2] - mx, trim[3] - my)
    height = media[3] - media[1]
    inner = _raster(pdf, 2)  # the blank inside cover: only marks outside the trim
    band = 2.5 * MM  # inside the 3 mm bleed, beside the top-left corner of the trim box
    in_bleed = (trim[0] - band, trim[3], trim[0] - 0.3, trim[3] + band)
    assert _dark_pixels(inner, in_bleed, height) == 0, "crop marks inside the bleed box"
    marks = (trim[0] - 12 * MM + 1, trim[3] - 1, trim[0] - BLEED - 1, trim[3] + 1)
    assert _dark_pixels(inner, marks, height) > 0, "no crop mark left of the top-left corner"
    cover = _raster(pdf, 1)
    bleed_strip = (trim[0] + 20 * MM, trim[1] - BLEED + 0.5, trim[2] - 20 * MM, trim[1] - 0.5)
    area = (bleed_strip[2] - bleed_strip[0]) * (bleed_strip[3] - bleed_strip[1]) * (100 / 72) ** 2
    assert _dark_pixels(cover, bleed_strip, height) > 0.9 * area, "the bleed is not filled"
    outside = (trim[0] + 20 * MM, trim[1] - 5.5 * MM, trim[2] - 20 * MM, trim[1] - BLEED - 0.5)
    assert _dark_pixels(cover, outside, height) == 0, "the cover runs beyond the bleed box"


# ------------------------------------------------------------------------ imposition

def test_booklet_order() -> None:
    assert impose.padded_order(18) == [*range(1, 18), None, None, 18]
    assert impose.padded_order(8) == list(range(1, 9))
    assert impose.booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert impose.booklet_order(6) == [(6, 1), (2, None), (None, 3), (4, 5)]


def _printed_number(text: str) -> int | None:
    numbers = re.findall(r"^\s*(\d{1,3})\s*$", text, re.M)
    return int(numbers[-1]) if numbers else None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_imposed_order(book: Book, lang: str) -> None:
    count = _page_count(book.pdf(lang))
    pdf = book.pdf(lang, "imposed")
    expected = impose.booklet_order(count)
    with pikepdf.open(pdf) as document:
        assert len(document.pages) == len(expected) == (count + (-count % 4)) // 2
        for page in document.pages:
            width, height = _size(_box(page, "/MediaBox"))
            assert _close(width, A4[1], 0.5) and _close(height, A4[0], 0.5)
        assert str(document.Root.ViewerPreferences.Duplex) == "/DuplexFlipShortEdge"
    reading = {n: _printed_number(_text(book.pdf(lang), n)) for n in range(1, count + 1)}
    assert sum(v is not None for v in reading.values()) >= count // 2, reading
    half = A4[1] / 2
    for side, pair in enumerate(expected, start=1):
        for index, number in enumerate(pair):
            text = _text(pdf, side, (index * half, 0, half, A4[0]))
            if number is None:
                assert not text.strip(), (side, index, text)
            else:
                assert _printed_number(text) == reading[number], (side, index, number)


# -------------------------------------------------------------- contents and page map

@pytest.mark.parametrize("lang", LANGUAGES)
def test_contents_page_numbers(book: Book, lang: str) -> None:
    data = book.book_json(lang)
    pages = book.page_map(lang)
    entries = [d for d in data["docs"] if d["part"] in ("front-matter", "chapter", "back-matter")]
    pdf = book.pdf(lang)
    contents_page = pages["booklet-contents"]
    listed = re.findall(r"\.{3,}\s*(\d+)\s*$", _text(pdf, contents_page), re.M)
    assert [int(n) for n in listed] == [pages[d["id"]] for d in entries]
    for doc in entries:
        heading = " ".join(_text(pdf, pages[doc["id"]]).split())
        first_words = " ".join(doc["title"].split()[:3])
        assert first_words in heading, (doc["id"], pages[doc["id"]], heading[:200])
    chapters = [pages[d["id"]] for d in data["docs"] if d["part"] == "chapter"]
    assert all(page % 2 == 1 for page in chapters), f"chapters not on right-hand pages: {chapters}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_map_covers_docs_and_sections(book: Book, lang: str) -> None:
    data = book.book_json(lang)
    pages = book.page_map(lang)
    count = _page_count(book.pdf(lang))
    wanted = [d["id"] for d in data["docs"]]
    wanted += [s["id"] for d in data["docs"] for s in d["sections"]]
    missing = [anchor for anchor in wanted if anchor not in pages]
    assert not missing
    assert all(isinstance(v, int) and 1 <= v <= count for v in pages.values())
    order = [pages[d["id"]] for d in data["docs"]]
    assert order == sorted(order)


# ----------------------------------------------------------- text, fonts, structure

@pytest.mark.parametrize("lang", LANGUAGES)
def test_distinctive_letters(book: Book, lang: str) -> None:
    text = _text(book.pdf(lang))
    handout = _text(book.handout(lang))
    mark = DISTINCTIVE.get(lang)
    assert mark is not None, f"add a distinctive letter for {lang} to DISTINCTIVE"
    for content in (text, handout):
        if isinstance(mark, str):
            assert content.count(mark) >= 3, f"{mark!r} missing from the {lang} text"
        else:
            assert mark.search(content), f"{mark.pattern} missing from the {lang} text"


def test_all_fonts_embedded(book: Book) -> None:
    for pdf in book.all_pdfs():
        lines = subprocess.run([_tool("pdffonts"), str(pdf)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]
        assert lines, f"{pdf.name}: no fonts"
        for line in lines:
            name = line.split()[0]
            assert "Noto" in name, f"{pdf.name}: foreign font {name}"
            flags = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
            assert flags and flags.groups() == ("yes", "yes", "yes"), f"{pdf.name}: {line}"


def test_qpdf_check(book: Book) -> None:
    for pdf in book.all_pdfs():
        result = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True,
                                text=True)
        assert result.returncode == 0, f"{pdf.name}:\n{result.stdout}{result.stderr}"
        assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.parametrize("lang", LANGUAGES)
def test_metadata_tags_and_bookmarks(book: Book, lang: str) -> None:
    data = book.book_json(lang)
    meta = data["meta"]
    with pikepdf.open(book.pdf(lang)) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]).startswith(meta["title"])
        assert str(info["/Author"]) == meta["publisher"]
        assert str(info["/Subject"]) and str(info["/Keywords"])
        created = str(info["/CreationDate"])
        assert created == str(info["/ModDate"])
        if book.built_here:  # with this session's SOURCE_DATE_EPOCH
            assert created.startswith("D:20270115080000"), created
        else:  # SOURCE_DATE_EPOCH of that build, or the edition date
            assert re.fullmatch(r"D:\d{14}Z?", created), created
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        with pdf.open_metadata() as xmp:
            assert xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    for doc in data["docs"]:
        if doc["part"] == "chapter":
            assert doc["title"] in titles


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typometrics(book: Book, lang: str) -> None:
    report = typometrics.measure(book.pdf(lang))
    assert report.justified_lines > 50, report
    assert not report.failures(), f"{lang}: {report}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handout(book: Book, lang: str) -> None:
    pdf = book.handout(lang)
    with pikepdf.open(pdf) as document:
        assert 1 <= len(document.pages) <= 2
        width, height = _size(_box(document.pages[0], "/MediaBox"))
        assert _close(width, A4[0]) and _close(height, A4[1])
    url = f"{book.base_url}{lang}/index.html"
    assert url in "".join(_text(pdf).split())
    # The QR code as a phone sees it: render the page and decode it with zbar.
    png = pdf.parent / f".{pdf.stem}-qr"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(png)], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                              f"{png}.png"], capture_output=True, text=True)
    Path(f"{png}.png").unlink()
    assert decoded.stdout.split() == [url], decoded


def test_previews(book: Book) -> None:
    for lang in book.languages:
        cover = book.build / "previews" / f"{book.slug}-{lang}-cover.png"
        spread = book.build / "previews" / f"{book.slug}-{lang}-spread.png"
        with Image.open(cover) as image:
            ratio = image.height / image.width
            cover_width = image.width
            assert abs(ratio - 210 / 148) < 0.02
        with Image.open(spread) as image:
            assert abs(image.width - 2 * cover_width) <= 2


# -------------------------------------------------- the tiny project: failures, bytes

def _tiny(tmp_path: Path, name: str = "tiny") -> Path:
    project = tmp_path / name
    shutil.copytree(TINY, project)
    return project


def _add_paragraph(project: Path, text: str) -> None:
    chapter = project / "docs" / "chapter.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.fixture
def http_server() -> Iterator[tuple[int, list[str]]]:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write((TINY / "docs" / "mark.png").read_bytes())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()


def test_image_from_local_http_server_is_refused(tmp_path: Path, http_server: tuple[int, list[str]]
                                                 ) -> None:
    port, requests = http_server
    project = _tiny(tmp_path)
    url = f"http://127.0.0.1:{port}/secret.png"
    _add_paragraph(project, f".. image:: {url}\n   :alt: remote")
    result = _run_build(project, "--format", "pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    message = result.stdout + result.stderr
    assert "unsafe URL" in message and url in message and "docs/chapter.rst" in message, message
    assert requests == [], f"the server was asked for {requests}"


def test_image_with_absolute_file_url_is_refused(tmp_path: Path) -> None:
    project = _tiny(tmp_path)
    _add_paragraph(project, ".. image:: file:///etc/passwd\n   :alt: not an image")
    result = _run_build(project, "--format", "pdf")
    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "unsafe URL" in message and "file:///etc/passwd" in message, message
    assert not (project / "build" / "pdf" / "tiny-en.pdf").exists()


def test_missing_glyph_lists_code_points(tmp_path: Path) -> None:
    project = _tiny(tmp_path)
    _add_paragraph(project, "A candle 🕯 and the character 漢.")
    result = _run_build(project, "--format", "pdf")
    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "missing glyph" in message and "U+1F56F" in message and "U+6F22" in message, message
    assert "docs/chapter.rst" in message


def test_reproducible_regardless_of_checkout_path(tmp_path: Path) -> None:
    first = _tiny(tmp_path / "a", "one")
    second = _tiny(tmp_path / "b" / "deeper", "two")
    for project in (first, second):
        result = _run_build(project)
        assert result.returncode == 0, result.stdout + result.stderr
    names = ["tiny-en.pdf", "tiny-en-print.pdf", "tiny-en-imposed.pdf", "tiny-handout-en.pdf"]
    for name in names:
        one = (first / "build" / "pdf" / name).read_bytes()
        two = (second / "build" / "pdf" / name).read_bytes()
        assert one == two, f"{name} differs between checkouts"
    assert b"/tmp" not in (first / "build" / "pdf" / "tiny-en.pdf").read_bytes()


# ------------------------------------------------------------------------- units

def test_url_policy(tmp_path: Path) -> None:
    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "ok.png").write_bytes(b"x")
    (inside / "link.png").symlink_to("/etc/passwd")
    policy = URLPolicy.of([inside])
    assert policy.check((inside / "ok.png").as_uri()) == (inside / "ok.png").resolve()
    assert policy.check("data:image/png;base64,AAAA") is None
    for url in ("file:///etc/passwd", (inside / "link.png").as_uri(), "http://127.0.0.1:1/x",
                "https://example.org/x.png", "ftp://127.0.0.1/x", (inside / ".." / "x").as_uri(),
                "file://otherhost/etc/passwd"):
        with pytest.raises(UnsafeURLError):
            policy.check(url)
    with pytest.raises(Blocked):
        SafeURLFetcher(policy).fetch("file:///etc/passwd")


def _job(html: str, strict: bool, tmp_path: Path) -> engine.Job:
    font_rules = styles.static_fonts(html, tmp_path / "fonts")
    return engine.Job(f'<html lang="en"><body>{html}</body></html>',
                      styles.stylesheet(font_rules, "book.css"), tmp_path, URLPolicy.of([tmp_path]),
                      strict, "test.html", "test document")


def test_attachment_outside_the_project_stops_rendering(tmp_path: Path) -> None:
    html = '<link rel="attachment" href="file:///etc/passwd"><p>text</p>'
    with pytest.raises(UnsafeURLError, match="etc/passwd"):
        document = engine.layout(_job(html, True, tmp_path))
        engine.write(document, _job(html, True, tmp_path))


def test_strict_mode_fails_on_weasyprint_warnings(tmp_path: Path) -> None:
    html = '<p style="hyphenate-limit-lines: 2">text</p><img src="missing.png" alt="x">'
    with pytest.raises(RenderError, match="WeasyPrint reported"):
        engine.layout(_job(html, True, tmp_path))
    engine.layout(_job(html, False, tmp_path))  # reported as warnings only


def test_line_break_fix_keeps_words_on_the_line(tmp_path: Path) -> None:
    text = ("<p style='width:61mm;hyphens:manual'>Since the decision of the Milli Majlis "
            "<span>The Milli Majlis session</span>, 20 January has been National Mourning Day.</p>")
    document = engine.layout(_job(text, True, tmp_path))
    from weasyprint.formatting_structure import boxes

    first = next(b for b in document.pages[0]._page_box.descendants()
                 if isinstance(b, boxes.LineBox))
    words = "".join(t.text for t in first.descendants() if isinstance(t, boxes.TextBox)).split()
    assert len(words) >= 6, words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_heading_alone_at_the_foot_of_a_page(book: Book, lang: str) -> None:
    from weasyprint.formatting_structure import boxes

    from booklet.pdf import layout

    config = load_config(ROOT, {"build-dir": str(book.build)})
    document = layout.lay_out(RenderContext(config, lang)).document
    for number, page in enumerate(document.pages, start=1):
        blocks = [b.element_tag for b in page._page_box.descendants()
                  if isinstance(b, boxes.BlockBox) and b.element_tag in ("h1", "h2", "h3", "p", "li",
                                                                          "table", "svg")]
        assert not blocks or blocks[-1] not in ("h1", "h2", "h3"), (number, blocks[-3:])


def test_known_fitting_choices_give_the_book_a_clean_build_gives(book: Book, tmp_path: Path) -> None:
    """The fitting cache: after an edit, the known choices plus the new ones give exactly
    the HTML and rules a build from scratch gives; with nothing edited, no galley is set."""
    from dataclasses import replace

    from booklet.pdf import fit, layout
    from booklet.pdf.prepare import prepare

    config = load_config(ROOT, {"build-dir": str(book.build)})
    ctx = RenderContext(config, "ru")
    job = layout.book_job(ctx, prepare(ctx))
    calls: list[str] = []

    def trial(html: str, css: str):
        calls.append(css)
        return engine.layout(replace(job, html=html, css=job.css + css, strict=False))

    def book_layout(html: str, css: str):
        return engine.layout(replace(job, html=html, css=job.css + css))

    def fitted(html: str, choices: str) -> fit.Fitted:
        return fit.fit_book(html, job.css, trial, book_layout, fit.Choices(tmp_path / choices))[0]

    first = re.search(r'<p [^>]*data-p="[^"]+"[^>]*>', job.html)
    assert first is not None
    edited = job.html.replace(first.group(0), first.group(0) + "Вставленные слова. ", 1)
    clean = fitted(edited, "a.json")
    assert clean.css, "no paragraph was adjusted: the test proves nothing"
    assert clean.html != edited, "no paragraph's breaks were planned: the test proves nothing"
    fitted(job.html, "b.json")
    cached = fitted(edited, "b.json")
    assert cached == clean
    calls.clear()
    assert fitted(edited, "b.json") == clean
    assert calls == []


def test_print_and_imposed_use_the_current_reading_pdf_only(book: Book, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The formats made from the reading PDF take the saved file when its layout record is
    current (no layout), and lay the book out when ``book.json`` changed since (contents,
    not file times, decide)."""
    from booklet.pdf import layout, pagemap

    if os.environ.get("BOOKLET_TEST_PDF"):
        pytest.skip("checks a build made by this session")
    build = tmp_path / "build"
    lang = book.languages[0]
    shutil.copytree(book.build / ".work" / lang, build / ".work" / lang)
    (build / "pdf").mkdir(parents=True)
    shutil.copy2(book.pdf(lang), build / "pdf" / book.pdf(lang).name)
    ctx = RenderContext(load_config(ROOT, {"build-dir": str(build)}), lang)
    laid_out: list[str] = []
    real = layout.lay_out
    monkeypatch.setattr(layout, "lay_out", lambda c: laid_out.append(c.language) or real(c))
    assert layout.reading_pdf(ctx) == book.pdf(lang).read_bytes()
    assert laid_out == []
    record = pagemap.load_record(ctx.paths, lang)
    assert record is not None and record.key == layout.key(ctx)
    book_json = ctx.paths.book(lang)
    book_json.write_text(book_json.read_text(encoding="utf-8").replace("}", " }", 1),
                         encoding="utf-8")
    os.utime(book_json, (0, 0))  # older than the PDF: file times would call it current
    layout.reading_pdf(ctx)
    assert laid_out == [lang]


