"""pyphen's globals, in one place: its language tables, its dictionary cache.

WeasyPrint finds a hyphenation dictionary with ``pyphen.language_fallback`` (which reads
``pyphen.LANGUAGES_LOWERCASE``, lower-case code to code), then ``pyphen.LANGUAGES``
(code to file) and ``pyphen.hdcache`` (file to parsed dictionary). :func:`register`
puts a dictionary into all three. Checked against pyphen :data:`CHECKED` (pinned in
``pyproject.toml``); :func:`check` refuses any other version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyphen

from . import require

#: The version these globals were checked against.
CHECKED = "0.18.1"
#: The parsed dictionary class a registered dictionary derives from.
HyphDict = pyphen.HyphDict


def check() -> None:
    """Refuse a pyphen other than :data:`CHECKED`."""
    require("pyphen", pyphen.__version__, CHECKED)


def resolve(language: str) -> str | None:
    """The dictionary code pyphen (and so WeasyPrint) uses for *language*, if any."""
    return pyphen.language_fallback(language)


def dictionary_file(code: str) -> Path | None:
    """The file of the dictionary registered for *code*."""
    found = pyphen.LANGUAGES.get(code)
    return Path(found) if found is not None else None


def register(code: str, path: Path, dictionary: Any) -> None:
    """Make *dictionary* (read from *path*) the one for *code*, for pyphen and WeasyPrint."""
    check()
    pyphen.LANGUAGES[code] = path
    pyphen.LANGUAGES_LOWERCASE[code.lower()] = code
    # Replacing the cache entry also drops patterns read from an older file version.
    pyphen.hdcache[path] = dictionary


def hyphenator(code: str, left: int, right: int) -> Callable[[str], list[int]]:
    """The hyphenation points of a word, by the dictionary of *code*."""
    dictionary = pyphen.Pyphen(lang=code, left=left, right=right)
    return lambda word: [int(p) for p in dictionary.positions(word)]
