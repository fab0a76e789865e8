"""The build: a matrix of languages and formats, each language parsed once.

Steps, in order:

1. :func:`plan` compares each output's input fingerprint with the manifest and keeps
   the formats of each language that are missing or out of date;
2. each language becomes tasks (:mod:`booklet.tasks`): Sphinx parses it once
   (``booklet`` builder: HTML pages and ``book.json``), then its stale formats are
   rendered from that parse; :mod:`booklet.scheduler` runs the tasks of every language
   on the worker processes as soon as what they need is ready;
3. the site-wide pages (language chooser, sitemap) and ``build/manifest.json`` are
   written; a summary table closes the build.

One failing language does not stop the others (unless ``fail_fast``), and a failing
format stops only the formats made from it (:data:`booklet.tasks.AFTER`): a failing
handout never prevents the EPUB. The handout is made only where the sources have a
handout document. Every output is moved into place only when complete
(:mod:`booklet.atomic`).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic, manifest, scheduler, site
from .config import FORMATS, Config
from .errors import ConfigError
from .fingerprint import inputs_fingerprint, language_fingerprint, package_digest
from .lock import build_lock
from .paths import BuildPaths
from .tasks import (HEAVY_MODULES, Gate, LanguageJob, Settings, TaskResult, run_task,
                    tasks_for)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """One failed task (a format, the parse or the gate) of one language."""

    language: str
    what: str
    error: str
    details: str = ""

    def __str__(self) -> str:
        return f"{self.language} failed ({self.what}): {self.error}"


@dataclass
class LanguageResult:
    """What one language's tasks rendered, and what failed."""

    language: str
    done: list[str] = field(default_factory=list)
    entries: list[manifest.Entry] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # output path -> task seconds

    @property
    def error(self) -> str:
        """The first failure's message ("" when everything built)."""
        return self.failures[0].error if self.failures else ""

    @property
    def details(self) -> str:
        return self.failures[0].details if self.failures else ""


@dataclass
class BuildReport:
    results: list[LanguageResult]
    skipped: list[str]
    seconds: float
    notes: list[str] = field(default_factory=list)  # what was left out on purpose, and why

    @property
    def failed(self) -> list[LanguageResult]:
        return [r for r in self.results if r.failures]

    @property
    def failures(self) -> list[Failure]:
        return [failure for r in self.results for failure in r.failures]

    @property
    def rendered(self) -> int:
        return sum(len(r.done) for r in self.results)


def has_handout(config: Config) -> bool:
    """Whether the sources have the handout document (``handout.rst`` or another suffix)."""
    return any(path.stem == Path(config.handout).name for path in
               (config.source_dir / config.handout).parent.glob(f"{Path(config.handout).name}.*"))


def format_notes(config: Config, formats: Sequence[str]) -> tuple[list[str], list[str]]:
    """The formats that apply to the project, and notes on those left out or limited."""
    notes = []
    if "handout" in formats and not has_handout(config):
        formats = [f for f in formats if f != "handout"]
        notes.append(f"no handout: the sources have no {config.handout!r} document")
    elif "handout" in formats and not config.base_url:
        notes.append("the handout has no QR code: base-url is not set")
    return list(formats), notes


def plan(config: Config, languages: Sequence[str], formats: Sequence[str], strict: bool,
         force: bool) -> list[LanguageJob]:
    """The jobs whose outputs are missing or were built from other inputs."""
    paths = BuildPaths(config)
    previous = manifest.load(paths.manifest)
    package = package_digest()
    jobs = []
    for lang in languages:
        fingerprint = language_fingerprint(config, lang, strict, package)
        stale = tuple(fmt for fmt in formats
                      if force or not _current(paths, previous, lang, fmt, fingerprint))
        if stale:
            jobs.append(LanguageJob(lang, stale, fingerprint, force, package))
    return jobs


def _current(paths: BuildPaths, previous: dict[str, manifest.Entry], lang: str, fmt: str,
             fingerprint: str) -> bool:
    for output in paths.outputs(lang, fmt):
        entry = previous.get(output.relative_to(paths.root).as_posix())
        if entry is None or entry.fingerprint != fingerprint or not output.exists():
            return False
    return True


def build(config: Config, languages: Sequence[str] | None = None, formats: Sequence[str] | None = None,
          *, strict: bool | None = None, jobs: int | None = None, fail_fast: bool = False,
          force: bool = False, wait_seconds: float = 600.0, verbosity: int = 0,
          gate: Gate | None = None) -> BuildReport:
    """Build the selected languages and formats; see the module docstring.

    *gate* (the catalog quality gate in strict builds; picklable, it runs in a worker) is
    asked about each translation that needs rebuilding; a language it rejects is
    reported as failed and none of its formats is rendered.
    """
    started = time.monotonic()
    languages = _select(languages, config.languages, "language")
    formats = [f for f in FORMATS if f in (_select(formats, FORMATS, "format") if formats else config.formats)]
    formats, notes = format_notes(config, formats)
    strict = config.strict if strict is None else strict
    paths = BuildPaths(config)
    with build_lock(paths.lock, wait_seconds):
        atomic.sweep(paths.root)
        todo = plan(config, languages, formats, strict, force)
        skipped = [lang for lang in languages if lang not in {j.language for j in todo}]
        settings = Settings(config, strict, verbosity, gate)
        results = _run_all(settings, todo, jobs or os.cpu_count() or 1, fail_fast)
        _finish(config, paths, results, languages,
                inputs_fingerprint(config, strict, todo[0].package if todo else package_digest()))
    return BuildReport(results, skipped, time.monotonic() - started, notes)


def _select(chosen: Sequence[str] | None, known: Sequence[str], what: str) -> list[str]:
    if not chosen:
        return list(known)
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise ConfigError(f"unknown {what} {', '.join(unknown)}; configured: {', '.join(known)}")
    return list(chosen)


def _run_all(settings: Settings, todo: list[LanguageJob], workers: int,
             fail_fast: bool) -> list[LanguageResult]:
    if not todo:
        return []
    source = settings.config.source_language
    tasks = [task for job in todo
             for task in tasks_for(job, gated=settings.gate is not None and job.language != source)]
    runner = functools.partial(run_task, settings)
    finished = scheduler.run(tasks, runner, workers, fail_fast, preload=HEAVY_MODULES)
    return [_language_result(job, [r for r in finished if r.task.language == job.language])
            for job in todo]


def _language_result(job: LanguageJob, finished: list[TaskResult]) -> LanguageResult:
    """The results of one language's tasks, as one; a format never started is a failure
    that names what it waited for."""
    result = LanguageResult(job.language)
    failed = []
    for task in finished:
        result.done += task.done
        result.entries += task.entries
        result.seconds.update({entry.path: task.seconds for entry in task.entries})
        if task.error:
            failed.append("+".join(task.task.formats))
            result.failures.append(Failure(job.language, failed[-1], task.error, task.details))
    missing = [fmt for fmt in job.formats if fmt not in result.done and fmt not in failed]
    if missing:
        cause = ", ".join(failed) or "an earlier failure"
        result.failures.append(Failure(job.language, "+".join(missing),
                                       f"not built: it needs {cause}, which failed"))
    return result


def _finish(config: Config, paths: BuildPaths, results: list[LanguageResult],
            languages: Sequence[str], inputs: str = "") -> None:
    entries = manifest.load(paths.manifest)
    for result in results:
        for entry in result.entries:
            entries[entry.path] = entry
    entries = {key: e for key, e in entries.items() if (paths.root / key).exists()}
    if paths.html_root.is_dir() and (results or not paths.chooser.exists()):
        site.finish(config, entries)
        entries = manifest.refresh(entries, paths.root, "html")
    manifest.save(paths.manifest, entries, inputs)



def summary_rows(config: Config, report: BuildReport) -> list[tuple[str, str, str, str]]:
    """(file, pages, size, time) for every output rendered by this build."""
    rows = []
    for result in report.results:
        for entry in result.entries:
            seconds = result.seconds.get(entry.path, 0.0)
            rows.append((entry.path, str(entry.pages), _size(entry.bytes), f"{seconds:.1f} s"))
    return rows


def _size(count: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if count < 1024 or unit == "MiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)
