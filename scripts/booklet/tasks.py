"""A language's build as tasks: one parse, then the formats, grouped by what they share.

A language is parsed once (:func:`booklet.sphinxrun.parse_language`); every format is
then a task of its own, rendered from that parse's files in the language's work folder,
so the formats can run in separate worker processes at the same time. A format that
reads what another writes (:data:`AFTER`: the print and imposed PDFs are made from the
reading PDF, the EPUB's page list is its page map) waits for it when both are built.

In strict builds a translation first passes the catalog gate, a task of its own that
runs beside the parse: no format of a language is rendered before its catalogs pass.
"""

from __future__ import annotations

import importlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import manifest
from .config import FORMATS, Config
from .context import RenderContext
from .errors import BookletError, CatalogError

#: Format -> "module:function" rendering it from a :class:`RenderContext`.
RENDERERS: dict[str, str] = {
    "html": "booklet.site:publish_language",
    "pdf": "booklet.pdf:render_reading",
    "print": "booklet.pdf:render_print",
    "imposed": "booklet.pdf:render_imposed",
    "handout": "booklet.pdf:render_handout",
    "epub": "booklet.epub:render_epub",
}
#: Format -> formats whose task must finish first when they are built in the same run.
AFTER: dict[str, tuple[str, ...]] = {"print": ("pdf",), "imposed": ("pdf",), "epub": ("pdf",)}
#: The pseudo-formats of the parse and the catalog gate tasks.
PARSE = "parse"
GATE = "gate"
#: ``gate([language])`` -> findings per rejected language (picklable: it runs in a worker).
Gate = Callable[[list[str]], dict[str, list[Any]]]


@dataclass(frozen=True)
class Settings:
    """What every task of a build shares."""

    config: Config
    strict: bool
    verbosity: int = 0
    gate: Gate | None = None


@dataclass(frozen=True)
class LanguageJob:
    """What a build does for one language: its stale formats and their input fingerprint."""

    language: str
    formats: tuple[str, ...]
    fingerprint: str
    force: bool = False
    package: str = ""  # digest of the package's own files, computed once by the plan


@dataclass(frozen=True)
class Task:
    """One unit of work for a worker process: the parse, or a group of formats."""

    job: LanguageJob
    formats: tuple[str, ...]  # (PARSE,) for the parse
    after: tuple[str, ...] = ()  # names of the tasks to finish first

    @property
    def language(self) -> str:
        return self.job.language

    @property
    def name(self) -> str:
        return f"{self.language}:{'+'.join(self.formats)}"

    @property
    def rank(self) -> int:
        """Scheduling order among ready tasks: gate and parse, then the longest formats first."""
        if self.formats in ((PARSE,), (GATE,)):
            return 0
        return 1 + min(FORMATS.index(f) for f in self.formats)


@dataclass
class TaskResult:
    """What a task rendered (manifest entries) or why it failed."""

    task: Task
    done: list[str] = field(default_factory=list)
    entries: list[manifest.Entry] = field(default_factory=list)
    error: str = ""
    details: str = ""
    seconds: float = 0.0


def tasks_for(job: LanguageJob, gated: bool = False) -> list[Task]:
    """The gate (if *gated*), the parse and the formats of *job*, in order."""
    parse = Task(job, (PARSE,))
    gate = [Task(job, (GATE,))] if gated else []
    tasks = [*gate, parse]
    for fmt in job.formats:
        before = [Task(job, (f,)).name for f in AFTER.get(fmt, ()) if f in job.formats]
        tasks.append(Task(job, (fmt,), (*(t.name for t in gate), parse.name, *before)))
    return tasks


#: What the tasks import (Sphinx, WeasyPrint...): the scheduler's workers load it ahead
#: (:func:`booklet.scheduler.start_worker`).
HEAVY_MODULES = ("sphinx.application", "weasyprint", "booklet.pdf", "booklet.epub", "booklet.site")


def renderer(fmt: str) -> Callable[[RenderContext], None]:
    module, _, name = RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def run_task(settings: Settings, task: Task, events: Any = None) -> TaskResult:
    """Run one task (in a worker process); failures are returned, never raised.

    Bind *settings* (``functools.partial``) to get a scheduler's runner.
    """
    started = time.monotonic()
    result = TaskResult(task)
    try:
        if task.formats == (GATE,):
            _emit(events, task.language, GATE)
            _gate(settings, task.language)
        elif task.formats == (PARSE,):
            _emit(events, task.language, PARSE)
            _parse(settings, task.job)
        else:
            _render(settings, task, result, events)
    except BookletError as exc:
        result.error = str(exc)
    except Exception as exc:  # an unexpected failure: keep the details for -v
        result.error = f"internal error ({type(exc).__name__}): {exc}"
        result.details = traceback.format_exc()
    result.seconds = time.monotonic() - started
    return result


def _gate(settings: Settings, language: str) -> None:
    findings = settings.gate([language]).get(language) if settings.gate else None
    if findings:
        raise CatalogError(findings)


def _parse(settings: Settings, job: LanguageJob) -> None:
    from .sphinxrun import parse_language

    parse_language(settings.config, job.language, settings.strict, settings.verbosity, job.force,
                   job.package)


def _render(settings: Settings, task: Task, result: TaskResult, events: Any) -> None:
    ctx = RenderContext(settings.config, task.language, settings.strict, settings.verbosity)
    for fmt in task.formats:
        _emit(events, task.language, fmt)
        renderer(fmt)(ctx)
        for output in ctx.paths.outputs(task.language, fmt):
            result.entries.append(manifest.describe(output, ctx.paths.root, task.language, fmt,
                                                    task.job.fingerprint))
        result.done.append(fmt)


def _emit(events: Any, language: str, state: str, seconds: float | None = None) -> None:
    if events is not None:
        events.put((language, state, seconds))
