"""``booklet preflight``: passes on a sound publication, and names each defect.

The fixture project ``tests/roots/preflight`` (two languages, every format) is built once
into a temporary folder and checked; then, for each defect, the built project is copied,
the one defect is injected (into the settings, a catalog or a built file) and
``booklet preflight`` must exit 1 naming the language, the file and the check, with every
other check of that language still passing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import polib
import pytest

from booklet.preflight import CHECKS, placeholder_reason

from conftest import BOOKLET

@dataclass(frozen=True)
class Built:
    project: Path
    clean: subprocess.CompletedProcess[str]


def _preflight(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BOOKLET, "preflight", "-q", *args], cwd=project, capture_output=True,
                          text=True, timeout=1200)


@pytest.fixture(scope="session")
def built(published: Path) -> Built:
    """The built fixture project, and its preflight (which keeps EPUBCheck's results for
    the copies)."""
    return Built(published, _preflight(published))


def _copy(built: Built, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built.project, target, symlinks=True)
    return target


def _table(stdout: str) -> dict[str, dict[str, str]]:
    lines = stdout.splitlines()
    header = lines[0].split()
    assert header == ["language", *CHECKS], lines[0]
    rows = {}
    for line in lines[1:]:
        cells = line.split()
        if len(cells) == len(header) and cells[1] in ("ok", "FAIL"):
            rows[cells[0]] = dict(zip(CHECKS, cells[1:]))
    return rows


def test_the_sound_fixture_passes(built: Built) -> None:
    assert built.clean.returncode == 0, built.clean.stdout + built.clean.stderr
    rows = _table(built.clean.stdout)
    assert set(rows) == {"en", "ru"}
    assert all(cell == "ok" for row in rows.values() for cell in row.values()), built.clean.stdout


# --------------------------------------------------------------------- the defects

def _set_setting(project: Path, key: str, value: str | None) -> None:
    settings = project / "pyproject.toml"
    text = re.sub(rf"^{key} = .*\n", "", settings.read_text(encoding="utf-8"), flags=re.M)
    if value is not None:
        text = text.replace("[tool.booklet]\n", f"[tool.booklet]\n{key} = {value}\n", 1)
    settings.write_text(text, encoding="utf-8")


def placeholder_address(project: Path) -> None:
    _set_setting(project, "base-url", '"https://www.example.org/20-january-1990/"')


def no_address(project: Path) -> None:
    _set_setting(project, "base-url", None)


def foreign_qr_code(project: Path) -> None:
    pdf = project / "build" / "pdf"
    shutil.copyfile(pdf / "preflight-handout-ru.pdf", pdf / "preflight-handout-en.pdf")


def draft_language(project: Path) -> None:
    _set_setting(project, "drafts", '["ru"]')


def below_threshold(project: Path) -> None:
    catalog = project / "locales" / "ru" / "LC_MESSAGES" / "chapter.po"
    po = polib.pofile(str(catalog))
    po[0].msgstr = ""
    po.save(str(catalog))


def _edit_pdf(path: Path, change: Callable[[pikepdf.Pdf], None]) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)


def _unembed(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor:
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    del obj[key]


def font_not_embedded(project: Path) -> None:
    _edit_pdf(project / "build" / "pdf" / "preflight-en.pdf", _unembed)


def _coarse_image(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            obj.write(b"\x80" * 400)
            obj.Width, obj.Height, obj.BitsPerComponent = 20, 20, 8
            obj.ColorSpace = pikepdf.Name.DeviceGray
            for key in ("/SMask", "/DecodeParms", "/Filter"):
                if key in obj:
                    del obj[key]


def low_resolution_image(project: Path) -> None:
    _edit_pdf(project / "build" / "pdf" / "preflight-en-print.pdf", _coarse_image)


def _short_background(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[1]
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    page.contents_add(pdf.make_stream(f"q 0.2 g {x0} {y0 + 100} 60 200 re f Q\n".encode()))


def background_short_of_the_bleed(project: Path) -> None:
    _edit_pdf(project / "build" / "pdf" / "preflight-en-print.pdf", _short_background)


def odd_imposition(project: Path) -> None:
    _edit_pdf(project / "build" / "pdf" / "preflight-en-imposed.pdf",
              lambda pdf: pdf.pages.__delitem__(len(pdf.pages) - 1))


def not_pdfx(project: Path) -> None:
    _edit_pdf(project / "build" / "pdf" / "preflight-en-print.pdf",
              lambda pdf: pdf.Root.__delattr__("OutputIntents"))


def invalid_epub(project: Path) -> None:
    """An item in the package that the container lacks (EPUBCheck: RSC-001)."""
    book = project / "build" / "epub" / "preflight-ru.epub"
    with zipfile.ZipFile(book) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(book, "w") as target:
        for info, data in entries:
            if info.filename.endswith(".opf"):
                data = data.replace(b"</manifest>", b'<item id="ghost" href="ghost.xhtml" '
                                    b'media-type="application/xhtml+xml"/></manifest>')
            target.writestr(info, data)


def broken_link(project: Path) -> None:
    page = project / "build" / "html" / "ru" / "chapter.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", '<a href="missing.html">?</a></main>', 1),
                    encoding="utf-8")


#: Defect -> (language, the checks that fail, the file named, words of the reason).
DEFECTS: dict[str, tuple[Callable[[Path], None], str, set[str], str, str]] = {
    "placeholder address": (placeholder_address, "en", {"address", "qr"}, "pyproject.toml",
                            "is a placeholder (www.example.org)"),
    "no address": (no_address, "ru", {"address", "qr"}, "pyproject.toml", "base-url is not set"),
    "foreign QR code": (foreign_qr_code, "en", {"qr"}, "build/pdf/preflight-handout-en.pdf",
                        "ru/index.html, not https://booklet-preflight.org/edition/en/index.html"),
    "draft language": (draft_language, "ru", {"translation"}, "locales/ru/LC_MESSAGES",
                       "listed as a draft"),
    "below threshold": (below_threshold, "ru", {"translation"}, "locales/ru/LC_MESSAGES",
                        "below its threshold of 100 %"),
    "font not embedded": (font_not_embedded, "en", {"fonts"}, "build/pdf/preflight-en.pdf",
                          "is not embedded"),
    "low resolution image": (low_resolution_image, "en", {"images"},
                             "build/pdf/preflight-en-print.pdf", "(20 x 20 px) prints at"),
    "background short of the bleed": (background_short_of_the_bleed, "en", {"bleed"},
                                      "build/pdf/preflight-en-print.pdf",
                                      "page 2: paint touches the left trim edge"),
    "odd imposition": (odd_imposition, "en", {"imposition"}, "build/pdf/preflight-en-imposed.pdf",
                       "not a multiple of 4"),
    "not PDF/X": (not_pdfx, "en", {"pdfx"}, "build/pdf/preflight-en-print.pdf",
                  "PDF/X-4: 0 GTS_PDFX output intents"),
    "invalid EPUB": (invalid_epub, "ru", {"epub"}, "build/epub/preflight-ru.epub", "RSC-001"),
    "broken link": (broken_link, "ru", {"links"}, "build/html/ru/chapter.html",
                    "'missing.html': no such file"),
}


@pytest.mark.parametrize("name", DEFECTS)
def test_each_defect_is_named(built: Built, tmp_path: Path, name: str) -> None:
    inject, lang, failing, file, words = DEFECTS[name]
    project = _copy(built, tmp_path)
    inject(project)
    result = _preflight(project, "--lang", lang)
    assert result.returncode == 1, result.stdout + result.stderr
    row = _table(result.stdout)[lang]
    assert {check for check, cell in row.items() if cell == "FAIL"} == failing, result.stdout
    check = "address" if "address" in failing else next(iter(failing))
    reasons = [line for line in result.stdout.splitlines()
               if line.startswith(f"{lang}: {file}") and line.endswith(f"[{check}]")]
    assert any(words in line for line in reasons), result.stdout


@pytest.mark.parametrize("url", ["https://www.example.org/x/", "https://example.com/", "http://localhost:8000/",
                                 "https://booklet.invalid/", "http://127.0.0.1/", "", "https://site.test/"])
def test_placeholder_addresses(url: str) -> None:
    assert placeholder_reason(url)


def test_real_addresses_pass() -> None:
    assert placeholder_reason("https://az.embassy.gov.az/20-january-1990/") == ""
    assert placeholder_reason("https://examples.org/") == ""
