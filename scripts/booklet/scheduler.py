"""Running tasks in worker processes, each as soon as the tasks it waits for are done.

A task is started only when a worker is free, the ready task of lowest
:attr:`~booklet.tasks.Task.rank` first (parses, then the long layouts, then the short
formats), so that the build ends with short tasks and no core idles for long. When a
task fails, the tasks that wait for it (directly or not) are dropped, and only they: a
failing handout never stops the EPUB; with
``fail_fast``, no new task starts at all. A worker killed from outside fails its task
and every task not finished yet.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .progress import Progress
from .tasks import Task, TaskResult

#: ``runner(task, events)``: runs one task (a picklable function, for the workers).
Runner = Callable[[Task, Any], TaskResult]


class Schedule:
    """The tasks still to run, in order, with the outcome of those finished."""

    def __init__(self, tasks: list[Task], fail_fast: bool) -> None:
        self.waiting = sorted(tasks, key=lambda t: t.rank)  # stable: given order within a rank
        self.fail_fast = fail_fast
        self.stopped = False  # no task starts any more (fail_fast, or the workers broke)
        self.running: dict[str, Task] = {}
        self.finished: dict[str, TaskResult] = {}
        self.failed_languages: set[str] = set()
        self.failed_tasks: set[str] = set()  # failed, or dropped because a predecessor failed
        self.started: dict[str, float] = {}  # language -> when its first task started

    def next_ready(self) -> Task | None:
        """Take the first waiting task whose predecessors succeeded (``None``: none yet)."""
        if self.stopped:
            self.waiting.clear()
        while dropped := [t for t in self.waiting if self.failed_tasks.intersection(t.after)]:
            self.failed_tasks.update(t.name for t in dropped)
            self.waiting = [t for t in self.waiting if t not in dropped]
        for task in self.waiting:
            if all(name in self.finished for name in task.after):
                self.waiting.remove(task)
                self.running[task.name] = task
                self.started.setdefault(task.language, time.monotonic())
                return task
        return None

    def record(self, result: TaskResult) -> None:
        self.running.pop(result.task.name, None)
        self.finished[result.task.name] = result
        if result.error:
            self.failed_languages.add(result.task.language)
            self.failed_tasks.add(result.task.name)
            self.stopped = self.stopped or self.fail_fast

    def language_done(self, language: str) -> bool:
        return not any(t.language == language
                       for t in (*self.waiting, *self.running.values()))


def run(tasks: list[Task], runner: Runner, workers: int, fail_fast: bool,
        progress: Progress | None = None,
        initializer: Callable[[], None] | None = None) -> list[TaskResult]:
    """Run *tasks* on at most *workers* processes (in this process if one); results in order.

    *initializer* runs first in every worker process (see :func:`booklet.tasks.prepare_worker`).
    """
    languages = list(dict.fromkeys(t.language for t in tasks))
    progress = progress or Progress(languages)
    schedule = Schedule(tasks, fail_fast)
    if workers <= 1 or len(tasks) <= 1:
        _run_here(schedule, runner, progress)
    else:
        _run_pool(schedule, runner, workers, progress, initializer)
    progress.close()
    return [schedule.finished[t.name] for t in tasks if t.name in schedule.finished]


def _run_here(schedule: Schedule, runner: Runner, progress: Progress) -> None:
    while (task := schedule.next_ready()) is not None:
        schedule.record(runner(task, progress.queue))
        _report(schedule, task.language, progress)
        progress.drain()


def _run_pool(schedule: Schedule, runner: Runner, workers: int, progress: Progress,
              initializer: Callable[[], None] | None) -> None:
    manager = multiprocessing.Manager()
    progress.queue = manager.Queue()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=initializer) as pool:
            try:
                _drive(pool, schedule, runner, workers, progress)
            except KeyboardInterrupt:
                _stop_workers(pool)
                raise
    finally:
        progress.drain()
        manager.shutdown()


def _drive(pool: ProcessPoolExecutor, schedule: Schedule, runner: Runner, workers: int,
           progress: Progress) -> None:
    """Keep the workers busy with ready tasks until none is left."""
    running: dict[Future[TaskResult], Task] = {}
    while True:
        while len(running) < workers and (task := schedule.next_ready()) is not None:
            try:
                running[pool.submit(runner, task, progress.queue)] = task
            except BrokenProcessPool as exc:
                schedule.stopped = True
                schedule.record(TaskResult(task, error=f"worker process stopped: {exc}"))
        if not running:
            return
        done, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
        progress.drain()
        for future in done:
            task = running.pop(future)
            schedule.record(_result(task, future))
            _report(schedule, task.language, progress)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Interrupted: end the workers now (they ignore Ctrl-C), not after their tasks.

    Their outputs are written atomically, so a task cut short leaves nothing half-written.
    """
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _result(task: Task, future: Future[TaskResult]) -> TaskResult:
    """The worker's result, or a failure if the worker process died."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool when a worker is killed
        return TaskResult(task, error=f"worker process stopped: {exc}")


def _report(schedule: Schedule, language: str, progress: Progress) -> None:
    """Tell the progress display when the last task of *language* has finished."""
    if not schedule.language_done(language):
        return
    failed = language in schedule.failed_languages
    seconds = time.monotonic() - schedule.started.get(language, time.monotonic())
    progress.queue.put((language, "failed" if failed else "done", seconds))
