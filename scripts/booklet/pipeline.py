"""The build: a matrix of languages and formats, each language parsed once.

Steps, in order:

1. :func:`plan` compares each output's input fingerprint with the manifest and keeps
   the formats of each language that are missing or out of date;
2. :func:`run_language` runs in a worker process per language: Sphinx parses the
   language once (``booklet`` builder: HTML pages and ``book.json``), then each stale
   format is rendered from that parse;
3. the site-wide pages (language chooser, sitemap) and ``build/manifest.json`` are
   written; a summary table closes the build.

One failing language does not stop the others (unless ``fail_fast``); every output is
moved into place only when complete (:mod:`booklet.atomic`).
"""

from __future__ import annotations

import importlib
import logging
import os
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from . import atomic, manifest, site
from .config import FORMATS, Config
from .context import RenderContext
from .errors import BookletError, ConfigError
from .fingerprint import language_fingerprint, package_digest
from .lock import build_lock
from .paths import BuildPaths
from .progress import Progress

log = logging.getLogger(__name__)

#: Format -> "module:function" rendering it from a :class:`RenderContext`.
RENDERERS: dict[str, str] = {
    "html": "booklet.site:publish_language",
    "pdf": "booklet.pdf:render_reading",
    "print": "booklet.pdf:render_print",
    "imposed": "booklet.pdf:render_imposed",
    "handout": "booklet.pdf:render_handout",
    "epub": "booklet.epub:render_epub",
}


@dataclass(frozen=True)
class LanguageJob:
    language: str
    formats: tuple[str, ...]
    fingerprint: str
    force: bool = False
    package: str = ""  # digest of the package's own files, computed once by plan()


@dataclass
class LanguageResult:
    language: str
    done: list[str] = field(default_factory=list)
    entries: list[manifest.Entry] = field(default_factory=list)
    error: str = ""
    details: str = ""
    seconds: float = 0.0


@dataclass
class BuildReport:
    results: list[LanguageResult]
    skipped: list[str]
    seconds: float

    @property
    def failed(self) -> list[LanguageResult]:
        return [r for r in self.results if r.error]

    @property
    def rendered(self) -> int:
        return sum(len(r.done) for r in self.results)


def renderer(fmt: str) -> Callable[[RenderContext], None]:
    module, _, name = RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


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


def run_language(config: Config, job: LanguageJob, strict: bool, verbosity: int,
                 events: Any = None) -> LanguageResult:
    """Parse one language and render its stale formats (runs in a worker process)."""
    from .sphinxrun import parse_language

    started = time.monotonic()
    result = LanguageResult(job.language)
    ctx = RenderContext(config, job.language, strict, verbosity)

    def step(name: str, action: Callable[[], None]) -> None:
        _emit(events, job.language, name)
        action()

    try:
        step("parse", lambda: parse_language(config, job.language, strict, verbosity, job.force,
                                             job.package))
        for fmt in job.formats:
            step(fmt, lambda fmt=fmt: renderer(fmt)(ctx))
            for output in ctx.paths.outputs(job.language, fmt):
                result.entries.append(manifest.describe(output, ctx.paths.root, job.language, fmt,
                                                        job.fingerprint))
            result.done.append(fmt)
    except BookletError as exc:
        result.error = str(exc)
    except Exception as exc:  # an unexpected failure: keep the details for -v
        result.error = f"internal error ({type(exc).__name__}): {exc}"
        result.details = traceback.format_exc()
    result.seconds = time.monotonic() - started
    _emit(events, job.language, "failed" if result.error else "done", result.seconds)
    return result


def _emit(events: Any, language: str, state: str, seconds: float | None = None) -> None:
    if events is not None:
        events.put((language, state, seconds))


def build(config: Config, languages: Sequence[str] | None = None, formats: Sequence[str] | None = None,
          *, strict: bool | None = None, jobs: int | None = None, fail_fast: bool = False,
          force: bool = False, wait_seconds: float = 600.0, verbosity: int = 0,
          gate: Callable[[list[str]], dict[str, list[Any]]] | None = None) -> BuildReport:
    """Build the selected languages and formats; see the module docstring.

    *gate* (the catalog quality gate in strict builds) is asked about the languages that
    need rebuilding; a language it rejects is reported as failed and not built.
    """
    started = time.monotonic()
    languages = _select(languages, config.languages, "language")
    formats = [f for f in FORMATS if f in (_select(formats, FORMATS, "format") if formats else config.formats)]
    strict = config.strict if strict is None else strict
    paths = BuildPaths(config)
    with build_lock(paths.lock, wait_seconds):
        atomic.sweep(paths.root)
        todo = plan(config, languages, formats, strict, force)
        skipped = [lang for lang in languages if lang not in {j.language for j in todo}]
        rejected = gate([j.language for j in todo]) if gate and todo else {}
        todo = [job for job in todo if job.language not in rejected]
        results = [LanguageResult(lang, error="failed the catalog gate:\n" + "\n".join(map(str, found)))
                   for lang, found in rejected.items()]
        results += _run_all(config, todo, strict, verbosity, jobs or os.cpu_count() or 1, fail_fast)
        _finish(config, paths, results, languages)
    return BuildReport(results, skipped, time.monotonic() - started)


def _select(chosen: Sequence[str] | None, known: Sequence[str], what: str) -> list[str]:
    if not chosen:
        return list(known)
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise ConfigError(f"unknown {what} {', '.join(unknown)}; configured: {', '.join(known)}")
    return list(chosen)


def _run_all(config: Config, todo: list[LanguageJob], strict: bool, verbosity: int, workers: int,
             fail_fast: bool) -> list[LanguageResult]:
    if not todo:
        return []
    if workers == 1 or len(todo) == 1:
        progress = Progress([j.language for j in todo])
        results = []
        for job in todo:
            results.append(run_language(config, job, strict, verbosity, progress.queue))
            progress.drain()
            if fail_fast and results[-1].error:
                break
        progress.close()
        return results
    return _run_parallel(config, todo, strict, verbosity, workers, fail_fast)


def _run_parallel(config: Config, todo: list[LanguageJob], strict: bool, verbosity: int,
                  workers: int, fail_fast: bool) -> list[LanguageResult]:
    import multiprocessing

    manager = multiprocessing.Manager()
    progress = Progress([j.language for j in todo], manager.Queue())
    with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
        futures: list[Future[LanguageResult]] = [
            pool.submit(run_language, config, job, strict, verbosity, progress.queue) for job in todo]
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
            progress.drain()
            if fail_fast and any(f.result().error for f in done):
                for future in pending:
                    future.cancel()
                break
    progress.drain()
    progress.close()
    manager.shutdown()
    return [_result(job, future) for job, future in zip(todo, futures) if not future.cancelled()]


def _result(job: LanguageJob, future: Future[LanguageResult]) -> LanguageResult:
    """The worker's result, or a failure if the worker process died."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool when a worker is killed
        return LanguageResult(job.language, error=f"worker process stopped: {exc}")


def _finish(config: Config, paths: BuildPaths, results: list[LanguageResult],
            languages: Sequence[str]) -> None:
    entries = manifest.load(paths.manifest)
    for result in results:
        for entry in result.entries:
            entries[entry.path] = entry
    entries = {key: e for key, e in entries.items() if (paths.root / key).exists()}
    if paths.html_root.is_dir() and (any("html" in r.done for r in results)
                                     or not (paths.html_root / "index.html").exists()):
        site.write_chooser(config, _titles(config, paths))
        site.write_sitemap(config)
    manifest.save(paths.manifest, entries)


def _titles(config: Config, paths: BuildPaths) -> dict[str, str]:
    import json

    titles = {}
    for lang in config.languages:
        book = paths.book(lang)
        if book.is_file():
            titles[lang] = json.loads(book.read_text(encoding="utf-8"))["meta"]["title"]
    return titles


def summary_rows(config: Config, report: BuildReport) -> list[tuple[str, str, str, str]]:
    """(file, pages, size, time) for every output rendered by this build."""
    rows = []
    for result in report.results:
        for entry in result.entries:
            rows.append((entry.path, str(entry.pages), _size(entry.bytes), f"{result.seconds:.1f} s"))
    return rows


def _size(count: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if count < 1024 or unit == "MiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)
