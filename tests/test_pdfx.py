"""The print PDF is PDF/X-4 (ISO 15930-7): the structural checks of :mod:`booklet.pdf.pdfx`.

The ``prints`` fixture builds the reading and print PDFs of every language once, into a
temporary folder (set ``BOOKLET_TEST_PDF`` to an existing build folder to check it
instead). Each clause is then broken, one at a time, in a copy of a print PDF, and the
check must name it; a plain RGB PDF (the reading PDF) must fail.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from booklet.pdf import bleed, pdfx

from conftest import BOOKLET, PROJECT, REPO

EPOCH = "1800000000"
LANGUAGES = PROJECT.languages


@pytest.fixture(scope="session")
def prints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder holding ``pdf/<slug>-<lang>.pdf`` and ``-print.pdf``."""
    given = os.environ.get("BOOKLET_TEST_PDF")
    if given:
        return Path(given).resolve()
    build = tmp_path_factory.mktemp("pdfx-build")
    result = subprocess.run([*BOOKLET, "build", "--format", "pdf", "--format", "print",
                             "--build-dir", str(build)], cwd=REPO, capture_output=True, text=True,
                            timeout=1800, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    if result.returncode != 0:
        pytest.fail(f"booklet build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return build


def _pdf(build: Path, lang: str, variant: str = "") -> Path:
    suffix = f"-{variant}" if variant else ""
    return build / "pdf" / f"{PROJECT.slug}-{lang}{suffix}.pdf"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_print_pdf_passes(prints: Path, lang: str) -> None:
    assert pdfx.check(_pdf(prints, lang, "print")) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reading_pdf_stays_pdf_ua_and_is_not_pdf_x(prints: Path, lang: str) -> None:
    reading = _pdf(prints, lang)
    problems = pdfx.check(reading)
    assert any("output intent" in p for p in problems), problems
    assert any("DeviceRGB" in p for p in problems), problems
    with pikepdf.open(reading) as pdf:
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        assert "/OutputIntents" not in pdf.Root


def test_a_plain_rgb_pdf_fails(tmp_path: Path) -> None:
    """A page painted in DeviceRGB, with no intent, boxes or identification."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(420, 595))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"1 0 0 rg 0 0 420 595 re f")
    path = tmp_path / "plain.pdf"
    pdf.save(path)
    problems = pdfx.check(path)
    for words in ("GTS_PDFX output intents", "no XMP metadata", "no TrimBox",
                  "no BleedBox", "DeviceRGB", "Title"):
        assert any(words in p for p in problems), (words, problems)


# -------------------------------------------------------------- one clause at a time

def _broken(prints: Path, tmp_path: Path, change: Callable[[pikepdf.Pdf], None],
            **save: object) -> list[str]:
    with pikepdf.open(_pdf(prints, LANGUAGES[0], "print")) as pdf:
        change(pdf)
        target = tmp_path / "broken.pdf"
        pdf.save(target, **save)  # type: ignore[arg-type]
    return pdfx.check(target)


def _srgb_intent(pdf: pikepdf.Pdf) -> None:
    intent = pdf.Root.OutputIntents[0]
    intent.DestOutputProfile = pdf.make_stream(pdfx.RGB_PROFILE.read_bytes(), N=3)


def _unembed(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor:
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    del obj[key]


def _no_default_rgb(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:  # pages may share one resource dictionary
        if "/DefaultRGB" in page.Resources.ColorSpace:
            del page.Resources.ColorSpace.DefaultRGB


def _xmp_without_pdfx(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        del meta["pdfxid:GTS_PDFXVersion"]


def _trim_off_page_3(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[2].obj.TrimBox


def _bleed_beyond_media(pdf: pikepdf.Pdf) -> None:
    x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.MediaBox)
    pdf.pages[0].obj.BleedBox = pikepdf.Array([x0 - 10, y0, x1, y1])


def _transfer_function(pdf: pikepdf.Pdf) -> None:
    state = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState,
                                                 TR=pikepdf.Name.Identity))
    pdf.pages[0].Resources.ExtGState.Broken = state


def _javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))


def _untrapped(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/Trapped"]


BREAKS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "no output intent": (lambda pdf: pdf.Root.__delattr__("OutputIntents"), "output intent"),
    "sRGB as output intent": (_srgb_intent, "not an output device profile"),
    "a font not embedded": (_unembed, "is not embedded"),
    "DeviceRGB without DefaultRGB": (_no_default_rgb, "DeviceRGB"),
    "no PDF/X version in XMP": (_xmp_without_pdfx, "pdfxid:GTS_PDFXVersion"),
    "a page without trim box": (_trim_off_page_3, "page 3: no TrimBox"),
    "bleed beyond the media box": (_bleed_beyond_media, "page 1: the BleedBox extends beyond"),
    "a transfer function": (_transfer_function, "transfer function"),
    "a JavaScript action": (_javascript, "JavaScript action"),
    "Trapped unknown": (_untrapped, "Trapped"),
}


@pytest.mark.parametrize("name", BREAKS)
def test_each_broken_clause_is_named(prints: Path, tmp_path: Path, name: str) -> None:
    change, words = BREAKS[name]
    problems = _broken(prints, tmp_path, change)
    assert any(words in p for p in problems), problems


def test_encryption_is_refused(prints: Path, tmp_path: Path) -> None:
    problems = _broken(prints, tmp_path, lambda pdf: None,
                       encryption=pikepdf.Encryption(owner="o", user=""))
    assert any("encrypted" in p for p in problems), problems


def test_pdf_version_above_1_6_is_refused(prints: Path, tmp_path: Path) -> None:
    problems = _broken(prints, tmp_path, lambda pdf: None, force_version="1.7")
    assert any("PDF version 1.7" in p for p in problems), problems


# --------------------------------------------------------------- identity and sources

def test_identifiers_are_reproducible_and_follow_the_content(prints: Path) -> None:
    reading = _pdf(prints, LANGUAGES[0]).read_bytes()
    identity = pdfx.Identity("slug-en-print", reading)
    first = bleed.add_bleed(reading, identity)
    assert bleed.add_bleed(reading, identity) == first
    document, instance = pdfx.identifiers(identity)
    other_document, other_instance = pdfx.identifiers(pdfx.Identity("slug-en-print", b"other"))
    assert document == other_document and instance != other_instance
    with pikepdf.open(io.BytesIO(first)) as pdf:
        meta = pdf.open_metadata()
        assert meta["xmpMM:DocumentID"] == document
        assert meta["xmpMM:InstanceID"] == instance


def test_print_pdf_keeps_the_reading_pdfs_pages_and_tags(prints: Path) -> None:
    lang = LANGUAGES[0]
    with pikepdf.open(_pdf(prints, lang)) as reading, pikepdf.open(_pdf(prints, lang, "print")) as printed:
        assert len(reading.pages) == len(printed.pages)
        assert "/StructTreeRoot" in printed.Root
        intent = printed.Root.OutputIntents[0]
        assert intent.DestOutputProfile.read_bytes() == pdfx.OUTPUT_PROFILE.read_bytes()


def test_vendored_profiles_are_the_pinned_ones() -> None:
    """The sums of ``data/icc/README.md``: a new profile is a deliberate change."""
    readme = (pdfx.ICC_DIR / "README.md").read_text(encoding="utf-8")
    for profile in (pdfx.OUTPUT_PROFILE, pdfx.RGB_PROFILE):
        assert hashlib.sha256(profile.read_bytes()).hexdigest() in readme, profile.name
    output = pdfx.OUTPUT_PROFILE.read_bytes()
    assert output[12:20] == b"prtrCMYK"
