"""Running Sphinx for one language: one environment and doctree folder per language.

The project's ``conf.py`` is used as it is: the booklet extension is loaded after the
project's own extensions (``extensions`` given as an override, so ``conf.py`` need not
name it), and the ``booklet`` builder brings its own theme. Warnings are collected and,
in strict mode, raised as one :class:`RenderError` that lists each as
``file:line: message``.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from .config import Config
from .errors import RenderError, SourceError
from .paths import BuildPaths, LanguageWork
from .sphinxconf import read as read_conf

log = logging.getLogger(__name__)


def overrides(config: Config, language: str) -> dict[str, Any]:
    """The settings booklet gives Sphinx on top of the project's ``conf.py``."""
    conf = config.conf or read_conf(config.source_dir)
    return {
        "language": language,
        "extensions": conf.extensions_with_booklet(),
        **config.to_sphinx(),
        "locale_dirs": [str(config.locales_dir)],
    }


def run(config: Config, language: str, builder: str, outdir: Path, doctrees: Path,
        strict: bool, verbosity: int = 0, extra: dict[str, Any] | None = None,
        fresh: bool = False) -> None:
    """Build *builder* for *language*; raise on an error, or on a warning if *strict*."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from .adapters import sphinx as sphinx_adapter  # imports Sphinx: only when it runs

    nocolor()
    sphinx_adapter.check()
    sphinx_adapter.forget_interface_catalogs()

    if not config.source_dir.is_dir():
        raise SourceError("source directory not found", config.source_dir)
    warnings = io.StringIO()
    status = io.StringIO() if verbosity < 2 else None
    try:
        with patch_docutils(config.source_dir), docutils_namespace():
            app = Sphinx(str(config.source_dir), str(config.source_dir), str(outdir), str(doctrees),
                         builder, confoverrides={**overrides(config, language), **(extra or {})},
                         status=status, warning=warnings, warningiserror=strict,
                         verbosity=verbosity, freshenv=fresh)
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
    LanguageWork(doctrees.parent).environment.unlink(missing_ok=True)


def parse_language(config: Config, language: str, strict: bool, verbosity: int = 0,
                   force: bool = False, package: str = "") -> Path:
    """Parse *language* once and render the HTML pages and ``book.json``; return its path.

    Sphinx notices changed sources and catalogs itself; a change of the package (theme,
    interface catalogs, code) or of the settings is not visible to it, so then (or when
    *force* is given) the language is parsed from scratch.
    """
    import shutil

    from .fingerprint import package_digest

    package = package or package_digest()
    paths = BuildPaths(config)
    stamp = paths.language_work(language).parse_stamp
    current = f"{package} {config.to_sphinx()}"
    fresh = force or not stamp.is_file() or stamp.read_text(encoding="utf-8") != current
    if fresh:
        shutil.rmtree(paths.staging_html(language), ignore_errors=True)
        shutil.rmtree(paths.language_work(language).bodies, ignore_errors=True)
    run(config, language, "booklet", paths.staging_html(language), paths.doctrees(language),
        strict, verbosity, fresh=fresh)
    stamp.write_text(current, encoding="utf-8")
    return paths.book(language)
