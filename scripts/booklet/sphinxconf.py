"""The project's ``conf.py``, read as Sphinx reads it, before anything is built.

``booklet`` builds Sphinx projects that never heard of it, so it learns what it needs
from their ``conf.py`` (the source language, the extensions, where the catalogs are, the
theme and its options) by running it once in the main process, the way Sphinx does: in
the folder of ``conf.py``, with ``__file__`` and ``tags`` defined. An error in it (an
exception, a syntax error, an extension that cannot be imported) becomes one
:class:`ConfPyError` naming ``conf.py`` and the line, and an extension that fails on
import an :class:`ExtensionImportError` naming the extension's file and line, so the
user never sees a traceback from deep inside a worker process.
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


class ExtensionImportError(ConfigError):
    """An extension ``conf.py`` asks for is there but fails on import (exit code 2)."""

    category = "error in extension"


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


class _Tags(set[str]):
    """The ``tags`` object ``conf.py`` sees (Sphinx's has the same methods; importing it
    loads Jinja, a fifth of a second for every command). None is set when conf.py runs."""

    def has(self, tag: str) -> bool:
        return tag in self

    def remove(self, tag: str) -> None:
        self.discard(tag)

    def eval_condition(self, condition: str) -> bool:
        from sphinx.util.tags import Tags

        return Tags(self).eval_condition(condition)


def _tags() -> Any:
    return _Tags()


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
    """Refuse an extension that cannot be found, naming the line of ``conf.py`` that asks
    for it; and one that fails on import, naming the line of the extension where it fails
    (Sphinx's own extensions and ours are taken as they are)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ConfPyError(f"extension {name!r} cannot be imported (not installed?)", path,
                          line_of(path, name),
                          hint=f"install the package that provides {name!r}, or remove it "
                               "from 'extensions'")
    if name == EXTENSION or name.startswith(TRUSTED_EXTENSIONS):
        return
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - any error of the extension's code
        where, line = _failing_line(exc, spec)
        asked = line_of(path, name)
        raise ExtensionImportError(
            f"extension {name!r} fails on import: {type(exc).__name__}: {exc}", where, line,
            hint=f"fix the extension, or remove it from 'extensions' "
                 f"({path}{f':{asked}' if asked else ''}); run with -v for the traceback"
        ) from exc


#: Extensions imported as they are, without a trial import (Sphinx's own).
TRUSTED_EXTENSIONS = ("sphinx.",)


def _failing_line(exc: BaseException, spec: Any) -> tuple[Path, int | None]:
    """The file and line of the extension (*spec*: its module, or its package's folder)
    where *exc* was raised; its module file if no frame of it is in the traceback."""
    origin = Path(spec.origin) if spec.origin else None
    home = origin.parent if origin is not None and origin.name == "__init__.py" else origin
    if isinstance(exc, SyntaxError) and exc.filename:
        return Path(exc.filename), exc.lineno
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if home is not None and _within(Path(frame.filename), home)]
    if frames:
        return Path(frames[-1].filename), frames[-1].lineno
    return (origin or Path(spec.name)), None


def _within(path: Path, home: Path) -> bool:
    return path == home or home in path.parents


def line_of(path: Path, text: str) -> int | None:
    """The first line of *path* that mentions *text* (quoted, or as a name)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for quoted in (f'"{text}"', f"'{text}'", text):
        for number, line in enumerate(lines, 1):
            if quoted in line and not line.lstrip().startswith("#"):
                return number
    return None
