"""Errors and findings of the booklet builder.

Every failure the user can act on is a :class:`BookletError` subclass with a
category (its class) and an exit code; the command line prints it as one
``file:line: message`` line and never a traceback (``-v`` adds the details).
Checks report :class:`Finding` objects, printed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Exit codes of the ``booklet`` command.
EXIT_OK = 0
EXIT_BUILD = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Finding:
    """One problem found in an input file, printed ``path:line: message [check]``."""

    path: Path | str
    line: int | None
    message: str
    check: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        suffix = f" [{self.check}]" if self.check else ""
        return f"{where}: {self.message}{suffix}"


class BookletError(Exception):
    """A problem the user can fix; carries the file and line it concerns."""

    exit_code = EXIT_BUILD
    category = "error"

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f"\n  hint: {self.hint}" if self.hint else ""
        return f"{where}{self.category}: {self.message}{hint}"


class ConfigError(BookletError):
    """The configuration or the command line is wrong (exit code 2)."""

    exit_code = EXIT_USAGE
    category = "configuration error"


class SourceError(BookletError):
    """A source file, image or catalog is missing or malformed."""

    category = "source error"


class CatalogError(BookletError):
    """Translation catalogs fail the quality gate."""

    category = "catalog error"

    def __init__(self, findings: list[Finding], path: Path | str | None = None) -> None:
        self.findings = list(findings)
        lines = "\n".join(str(f) for f in self.findings)
        super().__init__(f"{len(self.findings)} finding(s) in the catalogs:\n{lines}", path)


class RenderError(BookletError):
    """A renderer (Sphinx, WeasyPrint, ebooklib) reported an error or, in strict mode, a warning."""

    category = "render error"


class UnsafeURLError(RenderError):
    """A document asked to read a URL outside the project and build tree."""

    category = "unsafe URL"


class GlyphError(RenderError):
    """The text needs characters the chosen font does not cover."""

    category = "missing glyph"


class ValidationError(BookletError):
    """An output failed validation after rendering; it was not moved into place."""

    category = "validation error"


class MergeError(BookletError):
    """Build folders cannot be merged: other inputs, or paths leading out of a folder."""

    category = "merge error"


class LockError(BookletError):
    """Another build holds the build directory."""

    category = "build locked"
