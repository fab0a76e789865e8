"""Build paths: one place (``booklet.paths``) says where every output and work file lives."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from booklet.paths import BuildPaths, LanguageWork
from conftest import PROJECT, REPO

PACKAGE = REPO / "scripts" / "booklet"
#: Names of the build folder's layout: only paths.py may join them onto a folder.
LAYOUT_NAMES = ("manifest.json", ".work", ".lock", "book.json", "pages.json", "fit.json",
                "bodies", "translations.js", "parsed-with", "webfonts", "pdf-fonts",
                "epub-fonts", "hyphen", "environment.pickle", "sitemap.xml", "gettext", "previews")


def test_every_path_is_inside_the_build_folder(tmp_path: Path) -> None:
    paths = BuildPaths(replace(PROJECT, build_dir=tmp_path / "out"))
    work = paths.language_work("az")
    found = [paths.html("az"), paths.chooser, paths.sitemap, paths.pdf("az"), paths.pdf("az", "print"),
             paths.handout("az"), paths.epub("az"), paths.previews, paths.manifest, paths.lock,
             paths.gettext, paths.pdf_fonts, paths.hyphenation, *[getattr(work, name) for name in (
                 "staging_html", "doctrees", "environment", "bodies", "book", "translations_js",
                 "parse_stamp", "page_map", "fit_choices", "epub_fonts", "web_fonts")]]
    assert all(p.is_relative_to(tmp_path / "out") for p in found)
    assert len(set(found)) == len(found)
    outputs = [p for lang in PROJECT.languages for f in PROJECT.formats for p in paths.outputs(lang, f)]
    assert not [p for p in outputs if p.is_relative_to(paths.shared_work)], "an output in .work"


def test_sphinx_finds_the_work_folder_from_its_output_folder(tmp_path: Path) -> None:
    paths = BuildPaths(replace(PROJECT, build_dir=tmp_path))
    assert LanguageWork.of_staging_html(paths.staging_html("ru")) == paths.language_work("ru")


def test_no_module_builds_its_own_build_paths() -> None:
    """Outside paths.py (and the benchmark) no module joins a layout name onto a folder."""
    pattern = re.compile(r"/\s*[\"'](%s)[\"']" % "|".join(map(re.escape, LAYOUT_NAMES)))
    offenders = [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path.name != "paths.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert not offenders, "\n".join(offenders)
