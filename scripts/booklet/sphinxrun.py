"""Running Sphinx for one language: one environment and doctree folder per language.

Warnings are collected and, in strict mode, raised as one :class:`RenderError` that
lists each as ``file:line: message``.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from .config import Config
from .errors import RenderError, SourceError
from .paths import BuildPaths

log = logging.getLogger(__name__)


def overrides(config: Config, language: str) -> dict[str, Any]:
    return {
        "language": language,
        "booklet": config.to_sphinx(),
        "locale_dirs": [str(config.locales_dir)],
    }


def run(config: Config, language: str, builder: str, outdir: Path, doctrees: Path,
        strict: bool, verbosity: int = 0, extra: dict[str, Any] | None = None) -> None:
    """Build *builder* for *language*; raise on an error, or on a warning if *strict*."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import patch_docutils

    nocolor()

    if not config.source_dir.is_dir():
        raise SourceError("source directory not found", config.source_dir)
    warnings = io.StringIO()
    status = io.StringIO() if verbosity < 2 else None
    try:
        with patch_docutils(config.source_dir):
            app = Sphinx(str(config.source_dir), str(config.source_dir), str(outdir), str(doctrees),
                         builder, confoverrides={**overrides(config, language), **(extra or {})},
                         status=status, warning=warnings, warningiserror=strict,
                         verbosity=verbosity)
            app.build()
    except SphinxError as exc:
        _forget_environment(doctrees)
        raise RenderError(f"Sphinx ({language}): {exc}", config.source_dir) from exc
    problems = warnings.getvalue().strip()
    if problems:
        if strict or app.statuscode:
            _forget_environment(doctrees)
            raise RenderError(f"Sphinx reported problems ({language}):\n{problems}", config.source_dir,
                              hint="fix the files named above; warnings are errors in strict mode")
        log.warning("%s", problems)


def _forget_environment(doctrees: Path) -> None:
    """Make the next build read everything again, so its warnings are shown again."""
    (doctrees / "environment.pickle").unlink(missing_ok=True)


def parse_language(config: Config, language: str, strict: bool, verbosity: int = 0) -> Path:
    """Parse *language* once and render the HTML pages and ``book.json``; return its path."""
    paths = BuildPaths(config)
    run(config, language, "booklet", paths.staging_html(language), paths.doctrees(language),
        strict, verbosity)
    return paths.book(language)
