"""The project's ``conf.py``, read as Sphinx reads it, before anything is built.

``booklet`` builds Sphinx projects that never heard of it, so it learns what it needs
from their ``conf.py`` (the source language, the extensions, where the catalogs are, the
theme and its options) by running it once in the main process, the way Sphinx does: in
the folder of ``conf.py``, with ``__file__`` and ``tags`` defined. An error in it (an
exception, a syntax error, an extension that cannot be imported) becomes one
:class:`ConfPyError` naming ``conf.py`` and the line, so the user never sees a
traceback from deep inside a worker process.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: The extension and theme ``booklet`` adds to every project it builds.
EXTENSION = "booklet.sphinxext"
THEME = "booklet"


class ConfPyError(ConfigError):
    """The project's ``conf.py`` cannot be run as it is (exit code 2)."""

    category = "error in conf.py"


@dataclass(frozen=True)
class ProjectConf:
    """What ``booklet`` takes from a project's ``conf.py``."""

    path: Path
    language: str = "en"
    extensions: tuple[str, ...] = ()
    locale_dirs: tuple[Path, ...] = ()  # absolute
    theme: str = "alabaster"
    theme_options: tuple[str, ...] = ()  # names of the options set for the project's theme

    def extensions_with_booklet(self) -> list[str]:
        """The project's extensions, then ours (once)."""
        return [*(e for e in self.extensions if e != EXTENSION), EXTENSION]


def read(source_dir: Path) -> ProjectConf:
    """Run ``source_dir/conf.py`` and return what booklet needs from it."""
    path = (source_dir / "conf.py").resolve()
    with _sandbox(path.parent):
        namespace = _execute(path)
        extensions = _strings(namespace.get("extensions"), path, "extensions")
        for name in extensions:
            _require_extension(path, name)
    language = namespace.get("language") or "en"
    locale_dirs = _strings(namespace.get("locale_dirs", ["locales"]), path, "locale_dirs")
    options = namespace.get("html_theme_options") or {}
    return ProjectConf(
        path=path,
        language=str(language),
        extensions=tuple(extensions),
        locale_dirs=tuple((path.parent / d).resolve() for d in locale_dirs),
        theme=str(namespace.get("html_theme") or "alabaster"),
        theme_options=tuple(sorted(options)) if isinstance(options, dict) else (),
    )


@contextlib.contextmanager
def _sandbox(folder: Path) -> Iterator[None]:
    """Run in *folder*, as Sphinx does, and undo what ``conf.py`` does to ``sys.path``."""
    saved_path, saved_cwd = list(sys.path), os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        sys.path[:] = saved_path


def _execute(path: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__file__": str(path), "tags": _tags()}
    try:
        code = compile(path.read_bytes(), str(path), "exec")
        exec(code, namespace)  # noqa: S102 - this is what Sphinx does with conf.py
    except SyntaxError as exc:
        raise ConfPyError(f"syntax error: {exc.msg}", path, exc.lineno) from exc
    except SystemExit as exc:
        raise ConfPyError("conf.py called sys.exit()", path, _line_in(path, exc)) from exc
    except Exception as exc:  # noqa: BLE001 - any error of the project's code
        raise ConfPyError(f"{type(exc).__name__}: {exc}", path, _line_in(path, exc),
                          hint="fix conf.py; run with -v for the traceback") from exc
    return namespace


def _tags() -> Any:
    from sphinx.util.tags import Tags

    return Tags()


def _line_in(path: Path, exc: BaseException) -> int | None:
    """The last line of *path* in the traceback of *exc* (where conf.py went wrong)."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__)
             if Path(frame.filename) == path]
    return lines[-1] if lines else None


def _strings(value: Any, path: Path, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, os.PathLike)) for v in value):
        raise ConfPyError(f"{key!r} must be a list of strings, not {value!r}", path, line_of(path, key))
    return [str(v) for v in value]


def _require_extension(path: Path, name: str) -> None:
    """Refuse an extension that cannot be found, naming the line of ``conf.py`` that asks for it."""
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfPyError(f"extension {name!r} cannot be imported (not installed?)", path,
                          line_of(path, name),
                          hint=f"install the package that provides {name!r}, or remove it "
                               "from 'extensions'")


def line_of(path: Path, text: str) -> int | None:
    """The first line of *path* that mentions *text* (quoted, or as a name)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for quoted in (f'"{text}"', f"'{text}'", text):
        for number, line in enumerate(lines, 1):
            if quoted in line and not line.lstrip().startswith("#"):
                return number
    return None
