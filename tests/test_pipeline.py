"""The build pipeline: incremental, safe when killed or run twice, isolated, reproducible."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from booklet.atomic import TMP_MARK
from booklet.config import load_config
from booklet.lock import build_lock
from booklet.paths import BuildPaths
from conftest import REPO, interruptible, run_booklet

EPOCH = {"SOURCE_DATE_EPOCH": "1800000000"}


def manifest(project: Path) -> dict[str, dict]:
    data = json.loads((project / "build/manifest.json").read_text())
    return {entry["path"]: entry for entry in data["outputs"]}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".work" not in p.parts and p.name != ".lock"}


def rendered(result: subprocess.CompletedProcess[str]) -> int:
    line = next(l for l in result.stderr.splitlines() if "output(s) rendered" in l)
    return int(line.split()[0])


@pytest.fixture
def built(make_project):
    project = make_project("minimal")
    result = run_booklet("build", "--project", project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project


def test_noop_build_renders_nothing(built):
    before = snapshot(built / "build")
    result = run_booklet("build", "--project", built, env=EPOCH)
    assert result.returncode == 0
    assert rendered(result) == 0 and "up to date" in result.stderr
    assert snapshot(built / "build") == before


def test_catalog_change_rebuilds_only_that_language(built):
    before = manifest(built)
    po = built / "locales/de/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace("Eine Anmerkung.", "Eine kurze Anmerkung."))
    result = run_booklet("build", "--project", built, env=EPOCH)
    assert result.returncode == 0, result.stderr
    after = manifest(built)
    assert after["html/en"] == before["html/en"]
    assert after["html/de"]["sha256"] != before["html/de"]["sha256"]
    assert "de: parse" in result.stderr and "en: parse" not in result.stderr


def test_chapter_change_rebuilds_every_language(built):
    chapter = built / "docs/chapter.rst"
    chapter.write_text(chapter.read_text() + "\nA new closing sentence.\n")
    result = run_booklet("build", "--project", built, "--no-strict", env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert "de: parse" in result.stderr and "en: parse" in result.stderr


def test_failing_language_leaves_the_others_complete(built):
    po = built / "locales/de/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace("|anniversary| Jahre", "viele Jahre"))
    chapter = built / "docs/chapter.rst"
    chapter.write_text(chapter.read_text() + "\nAnother sentence.\n")
    result = run_booklet("build", "--project", built, env=EPOCH)
    assert result.returncode == 1
    assert "de failed" in result.stderr and "[markup]" in result.stderr
    assert "Another sentence." in (built / "build/html/en/chapter.html").read_text()
    assert "Traceback" not in result.stderr


#: The outputs that must each be, after a build stopped at any moment, as before or as after.
GROUPS = ("html/en", "html/de", "html/index.html", "html/sitemap.xml", "manifest.json")
#: Build tests that stop a build at a file it writes (see tests/crashpoint/sitecustomize.py).
CRASHPOINT = Path(__file__).parent / "crashpoint"


def edit(project: Path) -> None:
    """Change what both languages' pages say, so that the next build writes other bytes."""
    chapter = project / "docs/chapter.rst"
    chapter.write_text(chapter.read_text() + "\nA new closing sentence.\n")
    po = project / "locales/de/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace("Eine Anmerkung.", "Eine kurze Anmerkung."))


def stopped_build(project: Path, action: str, prefix: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A build (``--no-strict``: the edit leaves a message untranslated) stopped by *action*
    (``kill`` or ``interrupt``) when it first opens a file under *prefix* for writing."""
    env = {**os.environ, **EPOCH, "BOOKLET_CRASH_AT": f"{action}:{prefix}",
           "BOOKLET_CRASH_ROOT": str(project / "build"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(CRASHPOINT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "booklet", "build", "--project", str(project),
                           "--no-strict", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, start_new_session=True, preexec_fn=interruptible)


def group(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k == name or k.startswith(name + "/")}


def assert_old_or_new(stopped: dict[str, bytes], before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Each output is whole: as the earlier build left it, or as the next build makes it."""
    for name in GROUPS:
        assert group(stopped, name) in (group(before, name), group(after, name)), \
            f"{name} is half-written after the build was stopped"
    for name in ("html/en", "html/de", "manifest.json"):  # else the test would prove nothing
        assert group(before, name) != group(after, name), f"{name} did not change"


def repair(project: Path) -> dict[str, bytes]:
    """The next build completes, leaves no temporary file, and gives the outputs it made."""
    result = run_booklet("build", "--project", project, "--no-strict", env=EPOCH)
    assert result.returncode == 0, result.stderr
    after = snapshot(project / "build")
    assert not [k for k in after if TMP_MARK in k], "leftovers of the stopped build were not swept"
    return after


@pytest.mark.parametrize("prefix", ["html/en/", "html/de/", "html/index.html", "html/sitemap.xml",
                                    "manifest.json"])
def test_killed_build_leaves_earlier_outputs_intact(built, prefix):
    before = snapshot(built / "build")
    edit(built)
    killed = stopped_build(built, "kill", prefix)
    assert killed.returncode == -signal.SIGKILL, f"not killed at {prefix}: {killed.stderr}"
    stopped = snapshot(built / "build")
    assert_old_or_new(stopped, before, repair(built))


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("prefix", ["html/de/", "manifest.json"])
def test_interrupted_build_exits_cleanly(built, jobs, prefix):
    before = snapshot(built / "build")
    edit(built)
    result = stopped_build(built, "interrupt", prefix, "-j", jobs)
    assert result.returncode == 130, result.stderr
    assert "interrupted" in result.stderr and "Traceback" not in result.stderr
    stopped = snapshot(built / "build")
    assert_old_or_new(stopped, before, repair(built))


def test_concurrent_builds_wait_for_each_other(built):
    """While another build holds the build folder (here the test itself holds its lock), a
    build either gives up at once (``--wait 0``) or waits, then builds when it is free."""
    lock = BuildPaths(load_config(built)).lock
    command = [sys.executable, "-m", "booklet", "build", "--project", str(built), "--force"]
    with build_lock(lock, 0):
        refused = run_booklet("build", "--project", built, "--force", "--wait", "0", env=EPOCH)
        second = subprocess.Popen([*command, "--wait", "300"], cwd=REPO, env={**os.environ, **EPOCH},
                                  text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = []
        for line in second.stderr:  # the lock is released only once the build says it waits
            seen.append(line)
            if "waiting for another build" in line:
                break
        assert second.poll() is None, "".join(seen)
    _, rest = second.communicate(timeout=300)
    assert refused.returncode == 1 and f"another build (pid {os.getpid()})" in refused.stderr
    assert second.returncode == 0, "".join(seen) + rest
    assert set(manifest(built)) == {"html/en", "html/de"}


def test_two_checkouts_give_identical_manifests(make_project):
    shas = []
    for where in ("one", "elsewhere/two"):
        project = make_project("minimal", where)
        result = run_booklet("build", "--project", project, env=EPOCH)
        assert result.returncode == 0, result.stderr
        shas.append({path: entry["sha256"] for path, entry in manifest(project).items()})
    assert shas[0] == shas[1] and shas[0]
