"""The package's data tables (``data/*.toml``): read, or refused naming the file and line."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import SourceError


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of the TOML file *path*; a :class:`SourceError` with its line if it is not TOML."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"not valid TOML: {exc}", path, getattr(exc, "lineno", None)) from None
