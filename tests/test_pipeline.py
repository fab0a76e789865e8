"""The build pipeline: incremental, safe when killed or run twice, isolated, reproducible."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from booklet.atomic import TMP_MARK
from conftest import REPO, run_booklet

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


@pytest.mark.parametrize("delay", [0.8, 2.0, 3.5])
def test_killed_build_leaves_earlier_outputs_intact(built, delay):
    before = snapshot(built / "build")
    process = subprocess.Popen([sys.executable, "-m", "booklet", "build", "--project", str(built),
                                "--force"], cwd=REPO, env={**os.environ, **EPOCH},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    after = snapshot(built / "build")
    outputs = {k: v for k, v in after.items() if k.startswith(("html/", "manifest"))}
    assert not [k for k in after if TMP_MARK in k and not k.startswith(".work")]
    for name, content in outputs.items():
        assert before.get(name) == content, f"{name} changed"
    # and the next build repairs and completes
    result = run_booklet("build", "--project", built, env=EPOCH)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupted_build_exits_cleanly(built, jobs):
    process = subprocess.Popen([sys.executable, "-m", "booklet", "build", "--project", str(built),
                                "--force", "-j", jobs], cwd=REPO, env={**os.environ, **EPOCH},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    seen = []
    for line in process.stderr:  # interrupt while the first language is being parsed
        seen.append(line)
        if line.strip().endswith(": parse"):
            break
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    stderr = "".join(seen) + stderr
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not [p for p in (built / "build/html").rglob(f"*{TMP_MARK}*")]


def test_concurrent_builds_wait_for_each_other(built):
    command = [sys.executable, "-m", "booklet", "build", "--project", str(built), "--force"]
    first = subprocess.Popen(command, cwd=REPO, env={**os.environ, **EPOCH}, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)
    refused = run_booklet("build", "--project", built, "--force", "--wait", "0", env=EPOCH)
    second = run_booklet("build", "--project", built, "--force", env=EPOCH)
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert refused.returncode == 1 and "another build" in refused.stderr
    assert second.returncode == 0 and "waiting for another build" in second.stderr
    assert set(manifest(built)) == {"html/en", "html/de"}


def test_two_checkouts_give_identical_manifests(make_project):
    shas = []
    for where in ("one", "elsewhere/two"):
        project = make_project("minimal", where)
        result = run_booklet("build", "--project", project, env=EPOCH)
        assert result.returncode == 0, result.stderr
        shas.append({path: entry["sha256"] for path, entry in manifest(project).items()})
    assert shas[0] == shas[1] and shas[0]
