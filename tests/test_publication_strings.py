"""Publication strings (name, publisher, rights, "read online" ...) in every language.

The strings of ``[tool.booklet]`` are translated through ``publication.po`` (maintained
by ``booklet update``, checked by the gate) and used in every format and metadata field:
every output of every non-English edition is read, and no source-language publication
string may be found in it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import polib
import pytest

from booklet import publication
from booklet.checks import check_catalogs
from conftest import PROJECT, REPO, run_booklet

TRANSLATED = [lang for lang in PROJECT.languages if lang != PROJECT.source_language]
EPOCH = "1790000000"


def _squash(text: str) -> str:
    """Text without whitespace or soft hyphens: a string broken over lines still matches."""
    return re.sub(r"[\s\u00ad]+", "", html.unescape(text))


def _pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    with pikepdf.open(pdf) as document:
        info = " ".join(str(value) for value in document.docinfo.values())
        xmp = str(document.open_metadata())
    return "\n".join((text, info, xmp))


def _epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                         if name.endswith((".opf", ".xhtml", ".ncx", ".svg")))


def _outputs(build: Path, lang: str) -> dict[str, str]:
    """Every output of *lang*, as text: site pages, PDFs (text, info, XMP), EPUB, handout."""
    found = {str(page.relative_to(build)): page.read_text(encoding="utf-8")
             for page in sorted((build / "html" / lang).rglob("*.html"))}
    for pdf in sorted((build / "pdf").glob(f"*-{lang}*.pdf")) + sorted(
            (build / "pdf").glob(f"*-handout-{lang}.pdf")):
        found[str(pdf.relative_to(build))] = _pdf_text(pdf)
    for epub in sorted((build / "epub").glob(f"*-{lang}.epub")):
        found[str(epub.relative_to(build))] = _epub_text(epub)
    return found


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format of every translated edition of the booklet, built once."""
    given = os.environ.get("BOOKLET_TEST_PUBLICATION_BUILD")
    if given:
        return Path(given)
    build = tmp_path_factory.mktemp("editions")
    result = run_booklet("build", "--lang", ",".join(TRANSLATED), "--build-dir", build,
                         env={"SOURCE_DATE_EPOCH": EPOCH}, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    return build


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_source_language_publication_string_in_any_output(editions: Path, lang: str) -> None:
    outputs = _outputs(editions, lang)
    kinds = {Path(name).suffix for name in outputs}
    assert {".html", ".pdf", ".epub"} <= kinds, sorted(outputs)
    assert any("handout" in name for name in outputs)
    strings = [msgid for _where, msgid in publication.messages(publication.data_of(PROJECT))]
    assert PROJECT.publisher in strings and PROJECT.rights in strings
    leaks = [f"{name}: {msgid!r}" for name, text in outputs.items() for msgid in strings
             if _squash(msgid) in _squash(text)]
    assert not leaks, "\n".join(leaks)
    translated = publication.localized(publication.data_of(PROJECT), lang)
    every = "".join(_squash(text) for text in outputs.values())
    assert _squash(translated["publisher"]) in every


def test_localized_falls_back_to_the_source_without_a_translation(tmp_path: Path) -> None:
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="The Publisher", msgstr="Der Verlag"))
    catalog.append(polib.POEntry(msgid="Some rights", msgstr="Ein Recht", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="A line", msgstr="Eine Zeile"))
    catalog.save(str(folder / "publication.po"))
    data = {"publisher": "The Publisher", "rights": "Some rights", "colophon": ["A line", "B"],
            "source_language": "en", "locales_dir": str(tmp_path), "name": "N"}
    strings = publication.localized(data, "de")
    assert strings["publisher"] == "Der Verlag"
    assert strings["rights"] == "Some rights"  # fuzzy: not used
    assert strings["colophon"] == ["Eine Zeile", "B"]
    assert publication.untranslated(data, "de") == ["N", "Some rights", "B"]
    assert publication.localized(data, "en")["publisher"] == "The Publisher"


def test_template_has_one_message_per_string_from_pyproject() -> None:
    data = {**publication.data_of(PROJECT), "colophon": ["Printed in 2027", "Not for sale"]}
    pot = polib.pofile(publication.template(data))
    assert [e.msgid for e in pot] == [PROJECT.name, PROJECT.publisher, PROJECT.rights,
                                      PROJECT.read_online, "Printed in 2027", "Not for sale"]
    assert pot[1].comment == "[tool.booklet.publisher]"


def test_the_booklet_catalogs_translate_every_publication_string() -> None:
    for lang in TRANSLATED:
        assert not publication.untranslated(publication.data_of(PROJECT), lang), lang


def test_update_maintains_the_catalog_and_the_gate_checks_it(make_project, tmp_path: Path) -> None:
    project = make_project("minimal")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'slug = "minimal"', 'slug = "minimal"\npublisher = "The Test Press"\n'
        'colophon = ["Printed on paper"]'), encoding="utf-8")
    result = run_booklet("update", "--project", project)
    assert result.returncode == 0, result.stdout + result.stderr
    catalog = project / "locales" / "de" / "LC_MESSAGES" / "publication.po"
    entries = {e.msgid: e for e in polib.pofile(str(catalog))}
    assert {"Minimal", "The Test Press", "Printed on paper"} <= set(entries)
    findings = check_catalogs(project / "locales", ["de"], terms=None, thresholds={}, drafts=[])
    assert any(f.path.endswith("publication.po") and f.check == "untranslated" for f in findings), findings
    # A changed string comes back fuzzy, with the old translation as a starting point.
    po = polib.pofile(str(catalog))
    po.find("The Test Press").msgstr = "Der Testverlag"
    po.save()
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("The Test Press", "The Test Press Ltd"),
                         encoding="utf-8")
    assert run_booklet("update", "--project", project).returncode == 0
    changed = polib.pofile(str(catalog)).find("The Test Press Ltd")
    assert changed is not None and changed.fuzzy and changed.msgstr == "Der Testverlag"


def test_a_document_named_like_the_catalog_is_refused(make_project) -> None:
    project = make_project("minimal")
    shutil.copy(project / "docs" / "chapter.rst", project / "docs" / "publication.rst")
    result = run_booklet("update", "--project", project)
    assert result.returncode != 0
    assert "publication" in result.stderr + result.stdout


def test_check_reports_a_string_changed_since_the_last_update(make_project) -> None:
    project = make_project("minimal")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'slug = "minimal"', 'slug = "minimal"\npublisher = "The Test Press"'), encoding="utf-8")
    assert run_booklet("update", "--project", project).returncode == 0
    catalog = project / "locales" / "de" / "LC_MESSAGES" / "publication.po"
    po = polib.pofile(str(catalog))
    for entry in po:
        entry.msgstr = f"DE {entry.msgid}"
    po.save()
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "The Test Press", "The New Press"), encoding="utf-8")
    result = run_booklet("check", "--project", project)
    assert result.returncode == 1
    assert "'The New Press'" in result.stdout and "booklet update" in result.stdout
