"""Sphinx projects that never heard of booklet: tests/roots/weblate-project.

The fixture stands for a real project: German source, Weblate catalogs in
``source/locales/`` for 30 languages (en complete, fr and pt_BR partly translated, the
rest empty folders or empty catalogs), its own theme with options, one long document with
numbered sections, and no ``booklet`` in its ``conf.py``. Most tests build one language;
one builds every language that has translations.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from booklet.paths import DOWNLOADS

from booklet import scheduler
from booklet.config import language_tag, load_config
from booklet.pdf import typometrics
from booklet.selection import plan_languages
from booklet.sphinxext import settings
from booklet.sphinxext.builder import own_theme_options
from booklet.tasks import LanguageJob, TaskResult, tasks_for
from conftest import REPO, ROOTS, run_booklet

FIXTURE = ROOTS / "weblate-project"
TRANSLATED = {"en": "release", "fr": "draft", "pt_BR": "draft"}


# -- the project as found ------------------------------------------------------------------

def test_conf_py_knows_nothing_of_booklet() -> None:
    assert "booklet" not in (FIXTURE / "source/conf.py").read_text(encoding="utf-8")
    docs_conf = (REPO / "docs/conf.py").read_text(encoding="utf-8")
    assert "booklet.sphinxext" not in docs_conf and 'html_theme = "booklet"' not in docs_conf
    for conf in ROOTS.glob("*/**/conf.py"):
        assert "booklet.sphinxext" not in conf.read_text(encoding="utf-8"), conf


def test_languages_and_catalogs_are_found_where_weblate_left_them() -> None:
    config = load_config(FIXTURE)
    assert config.source_dir == FIXTURE / "source"
    assert config.locales_dir == FIXTURE / "source/locales"
    assert config.source_language == "de"
    assert len(config.languages) == 31
    assert {"pt_BR", "zh_TW", "nb_NO", "cak", "et"} <= set(config.languages)
    assert config.conf is not None and config.conf.extensions == ("sphinx.ext.todo", "gartenrollen")
    assert language_tag("pt_BR") == "pt-BR" and language_tag("sr@latin") == "sr-Latn"


def test_catalogs_are_found_through_locale_dirs_anywhere(make_project) -> None:
    """A ``locale_dirs`` of conf.py outside the usual places comes first."""
    project = make_project("weblate-project")
    (project / "source/locales").rename(project / "translations")
    conf = project / "source/conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'locale_dirs = ["locales/"]', 'locale_dirs = ["../translations/"]'), encoding="utf-8")
    config = load_config(project)
    assert config.locales_dir == project / "translations" and "pt_BR" in config.languages


def test_one_compact_catalog_per_language_builds(make_project) -> None:
    """``gettext_compact = "docs"``: every message of a language in one catalog."""
    import polib

    project = make_project("weblate-project")
    conf = project / "source/conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ngettext_compact = "docs"\n', encoding="utf-8")
    folder = project / "source/locales/fr/LC_MESSAGES"
    merged = polib.pofile(str(folder / "index.po"))
    for entry in polib.pofile(str(folder / "handbuch.po")):
        merged.append(entry)
    merged.save(str(folder / "docs.po"))
    (folder / "index.po").unlink()
    (folder / "handbuch.po").unlink()
    result = run_booklet("build", "--project", project, "--lang", "fr", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "Le compost" in (project / "build/html/fr/handbuch.html").read_text(encoding="utf-8")


def test_plan_skips_empty_languages_and_the_floor() -> None:
    config = load_config(FIXTURE)
    plans = {plan.language: plan for plan in plan_languages(config)}
    assert {lang: plan.action for lang, plan in plans.items() if plan.builds} == \
        {"de": "release", **TRANSLATED}
    assert round(plans["fr"].percent) == 64 and round(plans["pt_BR"].percent) == 31
    assert plans["zh_TW"].action == plans["et"].action == "skipped: empty"
    floor = {plan.language: plan.action for plan in plan_languages(config, min_percent=50)}
    assert floor["pt_BR"] == "skipped: below 50 %" and floor["fr"] == "draft"


def test_a_skipped_language_asked_for_builds_nothing(make_project) -> None:
    project = make_project("weblate-project")
    result = run_booklet("build", "--project", project, "--lang", "zh_TW")
    assert result.returncode == 0, result.stderr
    assert "zh_TW" in result.stdout and "skipped: empty" in result.stdout
    assert "nothing to build" in result.stderr and not (project / "build/html").exists()


def test_update_merges_the_projects_own_catalogs(make_project) -> None:
    """``booklet update`` writes where the project keeps its catalogs, in its layout."""
    project = make_project("weblate-project")
    chapter = project / "source/handbuch.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDer Garten hat einen Teich.\n",
                       encoding="utf-8")
    result = run_booklet("update", "--project", project, "--lang", "fr")
    assert result.returncode == 0, result.stderr
    catalog = (project / "source/locales/fr/LC_MESSAGES/handbuch.po").read_text(encoding="utf-8")
    assert 'msgid "Der Garten hat einen Teich."' in catalog and "Le compost" in catalog
    assert not (project / "locales").exists()


def test_stat_prints_every_language_with_its_percentage() -> None:
    result = run_booklet("stat", "--project", FIXTURE)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert len(lines) == 31
    assert lines["fr"].split()[-3:] == ["64", "%", "draft"]
    assert lines["pt_BR"].split()[-3:] == ["31", "%", "draft"]
    assert lines["en"].split()[-3:] == ["100", "%", "release"]
    assert sum("skipped: empty" in line for line in lines.values()) == 27
    data = json.loads(run_booklet("stat", "--json", "--min-percent", "40", "--project", FIXTURE).stdout)
    assert data["pt_BR"]["action"] == "skipped: below 40 %" and data["fr"]["action"] == "draft"
    wrong = run_booklet("stat", "--min-percent", "120", "--project", FIXTURE)
    assert wrong.returncode == 2 and "not a percentage from 0 to 100" in wrong.stderr


# -- typed settings and the project's theme ------------------------------------------------

def test_settings_are_typed_sphinx_config_values() -> None:
    """Every value booklet passes is a declared config value, of a declared type."""
    values = load_config(FIXTURE).to_sphinx()
    assert sorted(values) == sorted(settings.names())
    assert sorted(f.name for f in dataclasses.fields(settings.Settings)) == sorted(settings._TYPES)
    for name, value in values.items():
        _default, types = settings._TYPES[name.removeprefix(settings.PREFIX)]
        assert isinstance(value, tuple(types)), name


def test_options_for_the_projects_theme_are_dropped_quietly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="booklet.sphinxext.builder"):
        assert own_theme_options({"accent": "#2e5d34", "show_banner": True}) == {}
    assert "accent, show_banner" in caplog.text
    assert all(r.levelno == logging.DEBUG for r in caplog.records)


# -- conf.py errors --------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, words", [
    ('html_title = "', 'html_title = undefined_name + "', "NameError"),
    ('"gartenrollen",', '"sphinxcontrib.nonesuch",', "'sphinxcontrib.nonesuch' cannot be imported"),
    ("project = ", "project == = ", "syntax error"),
])
def test_conf_py_errors_name_file_and_line(make_project, old: str, new: str, words: str) -> None:
    project = make_project("weblate-project")
    conf = project / "source/conf.py"
    text = conf.read_text(encoding="utf-8").replace(old, new)
    conf.write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), 1) if new in content)
    result = run_booklet("build", "--project", project, "--lang", "de", "--format", "html")
    assert result.returncode == 2
    assert f"{conf}:{line}: error in conf.py: " in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr
    if "NameError" in words:
        verbose = run_booklet("build", "-v", "--project", project, "--lang", "de")
        assert verbose.returncode == 2 and "Traceback" in verbose.stderr


@pytest.mark.parametrize("old, new, words", [
    ("from docutils import nodes\n", "from docutils import nodes\nSPALTEN = 12 / 0\n",
     "ZeroDivisionError: division by zero"),
    ("def setup(app):", "def setup(app)", "SyntaxError"),
])
def test_an_extension_failing_on_import_is_named_with_its_line(make_project, old: str, new: str,
                                                               words: str) -> None:
    """The project's own extension breaks when imported: the message names the
    extension's file and line, and the line of ``conf.py`` that asks for it; exit 2."""
    project = make_project("weblate-project")
    extension = project / "source/_ext/gartenrollen.py"
    text = extension.read_text(encoding="utf-8").replace(old, new)
    extension.write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), 1)
                if new.strip().splitlines()[-1] == content)
    result = run_booklet("build", "--project", project, "--lang", "de", "--format", "html")
    assert result.returncode == 2, result.stderr
    assert f"{extension}:{line}: error in extension: extension 'gartenrollen' fails on import" \
        in result.stderr and words in result.stderr, result.stderr
    conf = project / "source/conf.py"
    asked = next(n for n, c in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1)
                 if '"gartenrollen"' in c)
    assert f"({conf}:{asked})" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("template, kept", [
    ('{% extends "!layout.html" %}{% block footer %}{{ super() }}'
     '<p class="gartenfuss">Gartenverein Lindenhof</p>{% endblock %}', True),
    ('<!DOCTYPE html><html><body><p class="gartenfuss">Gartenverein Lindenhof</p>'
     '{{ body }}</body></html>', False),
])
def test_the_projects_layout_template_extends_the_theme_or_is_left_out(make_project, template: str,
                                                                       kept: bool) -> None:
    """A project's ``_templates/layout.html`` that extends the theme's page adds to it; one
    written whole (for its own theme) would take away the language switcher: left out."""
    project = make_project("weblate-project")
    conf = project / "source/conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ntemplates_path = ["_templates"]\n',
                    encoding="utf-8")
    (project / "source/_templates").mkdir()
    (project / "source/_templates/layout.html").write_text(template, encoding="utf-8")
    result = run_booklet("build", "-v", "--project", project, "--lang", "de", "--format", "html")
    assert result.returncode == 0, result.stderr
    page = (project / "build/html/de/handbuch.html").read_text(encoding="utf-8")
    assert 'class="language-switcher"' in page and 'id="main"' in page
    assert ('class="gartenfuss"' in page) is kept
    assert ("replaces the booklet theme's layout.html without extending it" in result.stderr) \
        is not kept, result.stderr[-2000:]


# -- formats fail alone ----------------------------------------------------------------------

def fake_runner(failing: frozenset[str], task, events) -> TaskResult:
    result = TaskResult(task)
    if task.name in failing:
        result.error = f"{task.name} failed"
    else:
        result.done = list(task.formats)
    return result


@pytest.mark.parametrize("failing, lost", [
    ("en:handout", {"en:handout"}),
    ("en:pdf", {"en:pdf", "en:print", "en:imposed", "en:epub"}),
    ("en:parse", {"en:parse", "en:html", "en:pdf", "en:print", "en:imposed", "en:handout", "en:epub"}),
])
def test_a_failing_format_stops_only_what_is_made_from_it(failing: str, lost: set[str]) -> None:
    formats = ("html", "pdf", "print", "imposed", "handout", "epub")
    tasks = tasks_for(LanguageJob("en", formats, "f"))
    runner = functools.partial(fake_runner, frozenset({failing}))
    results = {r.task.name: r for r in scheduler.run(tasks, runner, 1, False)}
    built = {name for name, r in results.items() if not r.error}
    assert built == {t.name for t in tasks} - lost


def test_handout_without_base_url_has_no_qr_code_and_says_so(make_project) -> None:
    project = make_project("weblate-project")
    (project / "source/handout.rst").write_text(
        ":orphan:\n\nDer Garten auf einen Blick\n==========================\n\n"
        "Der Gemeinschaftsgarten Lindenhof ist für alle offen.\n", encoding="utf-8")
    result = run_booklet("build", "--project", project, "--lang", "de", "--format", "handout")
    assert result.returncode == 0, result.stderr
    assert "the handout has no QR code: base-url is not set" in result.stderr
    handout = project / "build/pdf/project-handout-de.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(handout),
                    str(project / "page")], check=True, timeout=120)
    scan = subprocess.run(["zbarimg", "--quiet", "--raw", str(project / "page.png")],
                          capture_output=True, text=True, timeout=120)
    assert scan.returncode == 4 and not scan.stdout  # zbarimg: no code found


# -- builds ----------------------------------------------------------------------------------

def test_a_partial_translation_builds_every_format_as_a_draft(make_project) -> None:
    project = make_project("weblate-project")
    result = run_booklet("build", "--project", project, "--lang", "pt_BR")
    assert result.returncode == 0, result.stderr
    assert "pt_BR" in result.stdout and "31 %" in result.stdout
    assert "no handout: the sources have no 'handout' document" in result.stderr
    build = project / "build"
    for output in ("pdf/project-pt_BR.pdf", "pdf/project-pt_BR-print.pdf",
                   "pdf/project-pt_BR-imposed.pdf", "epub/project-pt_BR.epub"):
        assert (build / output).is_file(), output
    assert not list(build.glob("pdf/*handout*"))
    page = (build / "html/pt_BR/handbuch.html").read_text(encoding="utf-8")
    assert 'class="draft-notice"' in page and 'lang="pt-BR"' in page
    assert "O verão" in page and "Im Sommer ist Gießen" in page  # translated, and not yet
    assert '<span class="pflanze">Spinat</span>' in page  # the project's own extension ran
    assert '<span class="sectnum">1.2.1' in page  # numbered sections, three levels
    with zipfile.ZipFile(build / "epub/project-pt_BR.epub") as epub:
        opf = epub.read("EPUB/content.opf").decode()
    assert "<dc:language>pt-BR</dc:language>" in opf


def test_every_language_with_translations_builds(make_project) -> None:
    """One build of the whole project: 4 languages, empties listed, the booklet's
    typographic measures met, EPUBCheck and Ace pass for every language."""
    project = make_project("weblate-project")
    result = run_booklet("build", "--project", project)
    assert result.returncode == 0, result.stderr
    build = project / "build"
    built = {p.name for p in (build / "html").iterdir()
             if p.is_dir() and not p.name.startswith("_") and p.name != DOWNLOADS}
    assert built == {"de", "en", "fr", "pt_BR"}
    for lang in built:
        for suffix in ("", "-print", "-imposed"):
            assert (build / f"pdf/project-{lang}{suffix}.pdf").is_file()
        assert (build / f"epub/project-{lang}.epub").is_file()
    assert result.stdout.count("skipped: empty") == 27
    assert "de (Deutsch)" not in result.stderr and "zh_TW (" in result.stderr
    switcher = (build / "html/fr/index.html").read_text(encoding="utf-8")
    assert "../pt_BR/index.html" in switcher and "../zh_TW/" not in switcher
    assert 'class="draft-notice"' not in (build / "html/en/index.html").read_text(encoding="utf-8")
    for lang in built:  # the typographic measures of the booklet
        report = typometrics.measure(build / f"pdf/project-{lang}.pdf")
        assert report.justified_lines >= 12 and not report.failures(), f"{lang}: {report.summary()}"
    pt_br = (build / "html/pt_BR/handbuch.html").read_text(encoding="utf-8")
    assert re.search(r'<p lang="de" dir="ltr" class="booklet-untranslated">Im Sommer', pt_br)
    text = subprocess.run(["pdftotext", str(build / "pdf/project-fr.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "1.3.2 La récolte" in text and "Radis, épinards et petits pois" in text
    for lang in sorted(built):  # EPUBCheck and DAISY Ace, every language
        _epub_passes_the_checkers(build / f"epub/project-{lang}.epub", project / f"ace-{lang}")


def _epub_passes_the_checkers(epub: Path, out: Path) -> None:
    from test_epub import run_ace, run_epubcheck

    report, messages, _ = run_epubcheck(epub)
    counts = report["checker"]
    assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0), messages
    out.mkdir()
    data, violations, ace = run_ace(epub, out)
    assert data is not None and not violations and ace.returncode == 0, violations or ace.stderr