"""What a renderer gets: the configuration, one language, and where things are.

It holds no state shared between renderers: what one renderer makes for another is an
explicit object or file (the book's layout: :mod:`booklet.pdf.layout`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .config import Config
from .paths import BuildPaths


@dataclass(frozen=True)
class RenderContext:
    """One job's view of the build: *config*, *language*, strictness."""

    config: Config
    language: str
    strict: bool = True
    verbosity: int = 0

    @cached_property
    def paths(self) -> BuildPaths:
        return BuildPaths(self.config)

    @cached_property
    def book(self) -> dict[str, Any]:
        """The rendered chapters of this language (see :mod:`booklet.sphinxext.bookdata`)."""
        return json.loads(self.paths.book(self.language).read_text(encoding="utf-8"))
