"""Shared fixtures: small projects copied from ``tests/roots`` and a ``booklet`` runner."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from booklet.config import load_config

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parent.parent
#: The repository's own publication, as the builder reads it (the one place for its settings).
PROJECT = load_config(REPO)
#: Property tests try the same examples on every run and machine (no example database):
#: a failure is reproducible, and a run's outcome never depends on an earlier run.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.load_profile("deterministic")

#: The ``booklet`` command, run with the test interpreter.
BOOKLET = [sys.executable, "-m", "booklet"]


def interruptible() -> None:
    """``preexec_fn`` of a booklet process a test stops with SIGINT (Ctrl-C): SIGINT
    restored to its default, which Python turns into KeyboardInterrupt. A process
    started in the background by a shell without job control (``cmd &`` in a script, as
    CI runners may) inherits SIGINT ignored, and Python keeps it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_booklet(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
                timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``booklet`` as a user would, in a subprocess; return the completed process."""
    return subprocess.run([*BOOKLET, *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def publication_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder for the repository's own publication, outside its ``build/``.

    Shared by the session's tests: each builds the formats it checks into it (``--build-dir``),
    and what an earlier test built there is reused (the parse, the reading PDF).
    """
    return tmp_path_factory.mktemp("publication-build")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Copy the fixture project ``tests/roots/<name>`` to a fresh folder and return it."""

    def make(name: str, where: str = "project") -> Path:
        target = tmp_path / where
        shutil.copytree(ROOTS / name, target, ignore=shutil.ignore_patterns("build", "*.mo"))
        return target

    return make


#: SOURCE_DATE_EPOCH of the fixture builds below.
EPOCH = "1800000000"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests/roots/preflight`` (en and ru, every format) built once; the project folder.

    Tests that change it copy it first (``shutil.copytree(published, tmp_path / ...)``).
    """
    project = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(ROOTS / "preflight", project, ignore=shutil.ignore_patterns("build", "*.mo"))
    result = run_booklet("build", cwd=project, env={"SOURCE_DATE_EPOCH": EPOCH}, timeout=1800)
    if result.returncode != 0:
        pytest.fail(f"booklet build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return project
