"""The task graph and its scheduler: order, dependencies, failures, worker processes.

The tasks here do no real work: a fake runner records when each task ran (in the
worker processes too, through a file) and fails the ones it is told to.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import time
from pathlib import Path

import pytest

from booklet import scheduler
from booklet.tasks import GATE, PARSE, LanguageJob, Task, TaskResult, tasks_for

FORMATS = ("html", "pdf", "print", "imposed", "handout", "epub")


def job(language: str, formats: tuple[str, ...] = FORMATS) -> LanguageJob:
    return LanguageJob(language, formats, fingerprint="x")


def fake_runner(log: Path, fail: frozenset[str], task: Task, events: object = None,
                kill: frozenset[str] = frozenset()) -> TaskResult:
    """Record the task's start and end times; fail it if its name is in *fail*; kill the
    worker process running it if its name is in *kill*."""
    started = time.monotonic()
    if task.name in kill:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.15)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps([task.name, started, time.monotonic()]) + "\n")
    result = TaskResult(task, done=[f for f in task.formats if f not in (PARSE, GATE)])
    if task.name in fail:
        result.error = f"{task.name} failed"
    return result


def runs(log: Path) -> dict[str, tuple[float, float]]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return {name: (start, end) for name, start, end in map(json.loads, lines)}


def test_tasks_of_a_language() -> None:
    tasks = {t.formats: t for t in tasks_for(job("az"), gated=True)}
    assert set(tasks) == {(GATE,), (PARSE,), *((f,) for f in FORMATS)}
    assert tasks[(PARSE,)].after == () and tasks[(GATE,)].after == ()
    assert set(tasks[("html",)].after) == {"az:gate", "az:parse"}
    for fmt in ("print", "imposed", "epub"):  # made from the reading PDF or its page map
        assert set(tasks[(fmt,)].after) == {"az:gate", "az:parse", "az:pdf"}


def test_only_stale_formats_become_tasks() -> None:
    tasks = tasks_for(job("en", ("print", "epub")))
    assert [t.formats for t in tasks] == [(PARSE,), ("print",), ("epub",)]
    assert tasks[1].after == tasks[2].after == ("en:parse",)  # no reading PDF to wait for


@pytest.mark.parametrize("workers", [1, 2])
def test_every_task_runs_after_what_it_needs(tmp_path: Path, workers: int) -> None:
    log = tmp_path / "log.jsonl"
    tasks = [t for lang in ("en", "az", "ru") for t in tasks_for(job(lang), gated=lang != "en")]
    results = scheduler.run(tasks, functools.partial(fake_runner, log, frozenset()), workers, False)
    assert [r.task.name for r in results] == [t.name for t in tasks]
    assert not [r for r in results if r.error]
    times = runs(log)
    for task in tasks:
        for before in task.after:
            assert times[before][1] <= times[task.name][0], (before, task.name)


def test_parallel_workers_overlap(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    tasks = [t for lang in ("en", "az") for t in tasks_for(job(lang))]
    scheduler.run(tasks, functools.partial(fake_runner, log, frozenset()), 2, False)
    spans = sorted(runs(log).values())
    assert any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:]))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_drops_the_rest_of_its_language_only(tmp_path: Path, workers: int) -> None:
    log = tmp_path / "log.jsonl"
    tasks = [t for lang in ("en", "az") for t in tasks_for(job(lang), gated=lang == "az")]
    runner = functools.partial(fake_runner, log, frozenset({"az:gate"}))
    results = {r.task.name: r for r in scheduler.run(tasks, runner, workers, False)}
    assert results["az:gate"].error == "az:gate failed"
    assert not [name for name in results if name.startswith("az:") and name not in
                ("az:gate", "az:parse")], "formats of a rejected language were rendered"
    assert {t.name for t in tasks if t.language == "en"} <= set(results)


def test_fail_fast_starts_nothing_after_a_failure(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    tasks = [t for lang in ("en", "az", "ru") for t in tasks_for(job(lang))]
    runner = functools.partial(fake_runner, log, frozenset({"en:parse"}))
    results = scheduler.run(tasks, runner, 1, True)
    assert [r.task.name for r in results] == ["en:parse"]


def test_a_killed_worker_fails_its_task_not_the_build(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    tasks = [Task(job("en"), (PARSE,)), Task(job("en"), ("epub",), ("en:parse",))]
    runner = functools.partial(fake_runner, log, frozenset(), kill=frozenset({"en:epub"}))
    results = {r.task.name: r for r in scheduler.run(tasks, runner, 2, False)}
    assert "worker process stopped" in results["en:epub"].error
    assert not results["en:parse"].error
