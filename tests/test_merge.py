"""``booklet merge``: two single-language build folders give what one full build gives,
and shards from other inputs or with paths leading out are refused; the GitHub Actions
workflow that runs it is valid.

The full build is the ``published`` fixture (``tests/roots/preflight``, en and ru); the
shards are the same project built once per language, in other folders.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booklet.config import load_config
from booklet.fingerprint import inputs_fingerprint, package_digest

from conftest import EPOCH, PROJECT, REPO, ROOTS, run_booklet

WORKFLOW = REPO / ".github" / "workflows" / "booklet.yml"


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build folder of each language, built alone."""
    folders = {}
    for lang in ("en", "ru"):
        project = tmp_path_factory.mktemp(f"shard-{lang}") / "project"
        shutil.copytree(ROOTS / "preflight", project, ignore=shutil.ignore_patterns("build", "*.mo"))
        result = run_booklet("build", "--lang", lang, cwd=project, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stdout + result.stderr
        folders[lang] = project / "build"
    return folders


def _merge(project: Path, *folders: Path) -> subprocess.CompletedProcess[str]:
    return run_booklet("merge", "--build-dir", "merged", *folders, cwd=project,
                       env={"SOURCE_DATE_EPOCH": EPOCH})


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_shards_give_the_full_build(published: Path, shards: dict[str, Path],
                                        tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "preflight", project, ignore=shutil.ignore_patterns("build", "*.mo"))
    result = _merge(project, shards["en"], shards["ru"])
    assert result.returncode == 0, result.stdout + result.stderr
    full, merged = published / "build", project / "merged"
    full_site, merged_site = _tree(full / "html"), _tree(merged / "html")
    assert sorted(full_site) == sorted(merged_site)
    different = [name for name in full_site if full_site[name] != merged_site[name]]
    assert not different, different
    for name in ("opds.xml", "index.html", "sitemap.xml", "download/preflight-ru-card.png"):
        assert name in merged_site
    assert json.loads((full / "manifest.json").read_text()) == \
        json.loads((merged / "manifest.json").read_text())


def _shard_copy(shard: Path, tmp_path: Path, name: str = "shard") -> Path:
    target = tmp_path / name
    shutil.copytree(shard, target, symlinks=True)
    return target


def _edit_manifest(shard: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = shard / "manifest.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _refused(tmp_path: Path, *folders: Path) -> str:
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(ROOTS / "preflight", project, ignore=shutil.ignore_patterns("build", "*.mo"))
    result = _merge(project, *folders)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "merge error" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "merged" / "html").exists(), "nothing is merged when refused"
    return result.stderr


def test_shards_from_other_inputs_are_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    other = _shard_copy(shards["ru"], tmp_path)
    _edit_manifest(other, lambda data: data.update(inputs="0" * 64))
    message = _refused(tmp_path, shards["en"], other)
    assert f"{other / 'manifest.json'}" in message and "other sources, settings" in message


def test_inputs_follow_sources_and_settings(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "preflight", project, ignore=shutil.ignore_patterns("build", "*.mo"))
    package = package_digest()
    before = inputs_fingerprint(load_config(project), True, package)
    assert inputs_fingerprint(load_config(project), False, package) != before
    chapter = project / "docs" / "chapter.rst"
    chapter.write_text(chapter.read_text() + "\nOne more line.\n")
    after_source = inputs_fingerprint(load_config(project), True, package)
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text().replace('publisher = "The booklet test suite"',
                                                     'publisher = "Someone else"'))
    after_settings = inputs_fingerprint(load_config(project), True, package)
    assert len({before, after_source, after_settings}) == 3


def test_a_path_leaving_the_build_folder_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    other = _shard_copy(shards["ru"], tmp_path)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.7 not yours")

    def escape(data: dict) -> None:
        data["outputs"][0]["path"] = "../secret.pdf"

    _edit_manifest(other, escape)
    assert "'../secret.pdf' leaves the build folder" in _refused(tmp_path, shards["en"], other)


def test_a_symbolic_link_out_of_the_shard_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    other = _shard_copy(shards["ru"], tmp_path)
    page = other / "html" / "ru" / "chapter.html"
    page.unlink()
    page.symlink_to(Path(sys.executable))
    assert "links out of the build folder" in _refused(tmp_path, shards["en"], other)


def test_a_changed_output_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    other = _shard_copy(shards["ru"], tmp_path)
    with (other / "pdf" / "preflight-ru.pdf").open("ab") as handle:
        handle.write(b"\n% changed")
    assert "pdf/preflight-ru.pdf does not match its manifest entry" in \
        _refused(tmp_path, shards["en"], other)


# ------------------------------------------------------------------------ the workflow

def test_workflow_is_valid_github_actions() -> None:
    checker = shutil.which("check-jsonschema", path=os.path.dirname(sys.executable))
    assert checker, "check-jsonschema is not installed: pip install -e '.[test]'"
    result = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_builds_every_language_and_merges() -> None:
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    build, merge = workflow["jobs"]["build"], workflow["jobs"]["merge"]
    assert build["strategy"]["matrix"]["lang"] == list(PROJECT.languages)
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert 'booklet build --lang "${{ matrix.lang }}"' in runs
    assert merge["needs"] == "build"
    assert "booklet merge shards/shard-*" in " ".join(step.get("run", "") for step in merge["steps"])
    uploads = [step["with"] for step in merge["steps"] if "upload-artifact" in step.get("uses", "")]
    assert {"name": "site", "if-no-files-found": "error", "path": "build/html/"} in uploads


def test_full_and_merged_previews_are_equal_files(published: Path, shards: dict[str, Path]) -> None:
    """The shards' own outputs are the full build's, byte for byte (reproducible builds)."""
    for lang, shard in shards.items():
        for name in (f"pdf/preflight-{lang}-print.pdf", f"epub/preflight-{lang}.epub"):
            assert filecmp.cmp(shard / name, published / "build" / name, shallow=False), name
