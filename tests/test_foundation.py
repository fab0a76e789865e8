"""The foundation: configuration, bad input, generality, the website's structure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from booklet.config import load_config
from booklet.errors import ConfigError
from conftest import run_booklet


def html_text(path: Path) -> str:
    return lxml.html.parse(str(path)).getroot().text_content()


def test_unknown_key_is_refused_with_key_and_file(make_project):
    project = make_project("minimal")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'colour = "red"\n')
    result = run_booklet("build", "--project", project)
    assert result.returncode == 2
    assert "'colour'" in result.stderr and str(pyproject) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("line, key", [('edition-date = "January 2027"', "edition-date"),
                                       ('languages = "en"', "languages"),
                                       ('base-url = "ftp://x"', "base-url")])
def test_bad_value_is_refused(make_project, line, key):
    project = make_project("minimal")
    pyproject = project / "pyproject.toml"
    text = re.sub(rf"^{key} = .*$", line, pyproject.read_text(), flags=re.M)
    pyproject.write_text(text if line in text else text + line + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(project)
    assert key in str(info.value) and "pyproject.toml" in str(info.value)


def test_missing_source_directory(tmp_path):
    result = run_booklet("build", "--project", tmp_path)
    assert result.returncode == 2
    assert "conf.py" in result.stderr and "Traceback" not in result.stderr


def test_language_without_catalog(make_project):
    """A configured language without catalogs is skipped and listed, with how to start it."""
    project = make_project("minimal")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('["en", "de"]', '["en", "de", "fr"]'))
    result = run_booklet("build", "--project", project)
    assert result.returncode == 0, result.stderr
    assert "skipped: empty" in result.stdout and "booklet update --lang fr" in result.stderr
    assert not (project / "build/html/fr").exists()
    assert "Traceback" not in result.stderr


def test_malformed_catalog_names_file_and_line(make_project):
    project = make_project("minimal")
    po = project / "locales/de/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace('msgstr "Ein Kapitel"', 'msgstr "Ein Kapitel'))
    result = run_booklet("build", "--project", project)
    assert result.returncode == 1
    assert re.search(r"locales/de/LC_MESSAGES/chapter\.po:\d+: .*\[syntax\]", result.stdout + result.stderr)
    assert "Traceback" not in result.stderr


def test_minimal_site_structure_and_anniversary(make_project):
    project = make_project("minimal")
    result = run_booklet("build", "--project", project, "--edition-date", "2030-01-20")
    assert result.returncode == 0, result.stderr
    site = project / "build/html"
    for lang in ("en", "de"):
        page = site / lang / "chapter.html"
        root = lxml.html.parse(str(page)).getroot()
        assert root.get("lang") == lang
        assert "40" in root.text_content()  # 2030 - 1990
        hreflangs = {link.get("hreflang"): link.get("href")
                     for link in root.xpath('//link[@rel="alternate"][@hreflang]')}
        assert set(hreflangs) == {"en", "de", "x-default"}
        canonical = root.xpath('//link[@rel="canonical"]/@href')
        assert canonical == [f"https://booklet.test/minimal/{lang}/chapter.html"]
        for link in root.xpath('//nav[contains(@class, "language-switcher")]//a/@href'):
            assert (page.parent / link).resolve().is_file(), link
    chooser = lxml.html.parse(str(site / "index.html")).getroot()
    assert chooser.xpath("//a/@hreflang") == ["en", "de"]
    assert (site / "sitemap.xml").is_file()


def test_project_with_catalogs_inside_source_and_partial_translation(make_project):
    project = make_project("inside-source")
    options = ["--project", project, "--source-dir", "src", "--locales-dir", "src/locale"]
    result = run_booklet("build", *options, "--format", "html")
    assert result.returncode == 0, result.stderr
    english = project / "build/html/en/index.html"
    text = html_text(english)
    assert "First paragraph." in text          # translated
    assert "Deuxième paragraphe" in text       # not yet: the source shows through
    assert lxml.html.parse(str(english)).getroot().get("lang") == "en"
    assert "draft-notice" in english.read_text()
    stat = run_booklet("stat", *options, "--json")
    data = json.loads(stat.stdout)
    assert data["en"]["verdict"] == "draft" and data["en"]["untranslated"] >= 1
