"""The task graph and its scheduler: order, dependencies, failures, worker processes.

The tasks here do no real work: a fake runner records the order in which tasks start and
end (in the worker processes too, through a file) and fails the ones it is told to. No
test depends on how long a task takes: order and overlap are observed, not timed.
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

#: How long a task waits for the others to start before it reports running alone.
MEETING_TIMEOUT = 30.0
FORMATS = ("html", "pdf", "print", "imposed", "handout", "epub")


def job(language: str, formats: tuple[str, ...] = FORMATS) -> LanguageJob:
    return LanguageJob(language, formats, fingerprint="x")


def fake_runner(log: Path, fail: frozenset[str], task: Task, events: object = None,
                kill: frozenset[str] = frozenset()) -> TaskResult:
    """Append the task's start and end to *log* (one line each, in the order they happen, from
    every worker process); fail it if its name is in *fail*; kill the worker process running
    it if its name is in *kill*."""
    _append(log, "start", task.name)
    if task.name in kill:
        os.kill(os.getpid(), signal.SIGKILL)
    result = TaskResult(task, done=[f for f in task.formats if f not in (PARSE, GATE)])
    if task.name in fail:
        result.error = f"{task.name} failed"
    _append(log, "end", task.name)
    return result


def _append(log: Path, event: str, name: str) -> None:
    """One line, written with a single O_APPEND write: lines of processes never mix."""
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(descriptor, (json.dumps([event, name]) + "\n").encode())
    finally:
        os.close(descriptor)


def sequence(log: Path) -> list[tuple[str, str]]:
    """The (event, task name) lines of *log*, in the order they happened."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [tuple(json.loads(line)) for line in lines]


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


def test_a_task_is_ready_only_when_what_it_needs_has_finished() -> None:
    """The schedule hands out the formats only once the gate and parse have been recorded."""
    schedule = scheduler.Schedule(tasks_for(job("az"), gated=True), fail_fast=False)
    first, second = schedule.next_ready(), schedule.next_ready()
    assert {first.name, second.name} == {"az:gate", "az:parse"}
    assert schedule.next_ready() is None, "a format was ready while the gate and parse ran"
    schedule.record(TaskResult(first))
    assert schedule.next_ready() is None, "a format was ready before the parse finished"
    schedule.record(TaskResult(second))
    ready = schedule.next_ready()
    assert ready.name == "az:html"  # the reading PDF's dependents wait for it:
    assert schedule.next_ready().name == "az:pdf"
    assert schedule.next_ready().name == "az:handout"
    assert schedule.next_ready() is None


#: Tasks whose dependencies run against their rank (and given order): the scheduler's order
#: alone would start each before what it needs.
BACKWARDS = [Task(job("en"), ("html",), ("en:epub",)), Task(job("en"), ("epub",), ("en:pdf",)),
             Task(job("en"), ("pdf",))]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("graph", ["languages", "backwards"])
def test_every_task_runs_after_what_it_needs(tmp_path: Path, workers: int, graph: str) -> None:
    log = tmp_path / "log.jsonl"
    tasks = (BACKWARDS if graph == "backwards" else
             [t for lang in ("en", "az", "ru") for t in tasks_for(job(lang), gated=lang != "en")])
    results = scheduler.run(tasks, functools.partial(fake_runner, log, frozenset()), workers, False)
    assert [r.task.name for r in results] == [t.name for t in tasks]
    assert not [r for r in results if r.error]
    order = sequence(log)
    for task in tasks:
        for before in task.after:
            assert order.index(("end", before)) < order.index(("start", task.name)), (before, task.name)


def meeting_runner(folder: Path, task: Task, events: object = None) -> TaskResult:
    """Announce the task's start with a file, then wait until every other task of *folder*'s
    meeting has started too: it returns only if the tasks ran at the same time."""
    (folder / task.name).touch()
    expected = {line for line in (folder / "expected").read_text().split()}
    deadline = time.monotonic() + MEETING_TIMEOUT  # a safety net against a hang, not a delay
    while {p.name for p in folder.iterdir()} < expected | {"expected"}:
        if time.monotonic() > deadline:
            return TaskResult(task, error="ran alone: the other tasks never started meanwhile")
        time.sleep(0.01)
    return TaskResult(task)


def test_parallel_workers_overlap(tmp_path: Path) -> None:
    """Two ready tasks run at the same time on two workers: each waits for the other to start."""
    tasks = [Task(job(lang), (PARSE,)) for lang in ("en", "az")]
    (tmp_path / "expected").write_text(" ".join(t.name for t in tasks))
    results = scheduler.run(tasks, functools.partial(meeting_runner, tmp_path), 2, False)
    assert [r.error for r in results] == ["", ""]


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


def worker_state(module: str, task: Task, events: object = None) -> TaskResult:
    """Report how the worker process running *task* was set up."""
    import gc
    import sys

    deadline = time.monotonic() + MEETING_TIMEOUT  # the import runs in a background thread
    while module not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.01)
    ignores_ctrl_c = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    return TaskResult(task, done=[f"sigint-ignored={ignores_ctrl_c}", f"gc={gc.get_threshold()[0]}",
                                  f"preloaded={module in sys.modules}"])


def test_workers_are_started_by_the_scheduler() -> None:
    """Workers leave Ctrl-C to the main process, collect garbage less often and import the
    modules the tasks need ahead."""
    import sys

    # a forked worker inherits the parent's modules: forget colorsys here (an earlier test
    # of the suite may have imported it), so only the preload can give it to the workers
    sys.modules.pop("colorsys", None)
    tasks = [Task(job(lang), (PARSE,)) for lang in ("en", "az")]
    results = scheduler.run(tasks, functools.partial(worker_state, "colorsys"), 2, False,
                            preload=("colorsys",))
    for result in results:
        assert result.done == ["sigint-ignored=True", f"gc={scheduler.GC_THRESHOLD[0]}",
                               "preloaded=True"]
