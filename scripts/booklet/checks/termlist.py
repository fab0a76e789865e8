"""The translators' terms list (``locales/terms.csv``) and term matching.

The file has the columns ``term,<lang>...,note``.  The ``term`` cell holds
the English term and, separated by ``|``, English variants ("USSR|Soviet
Union").  A language cell holds the preferred form first and then, separated
by ``|``, accepted forms; a form ending in ``*`` is a stem that matches any
word beginning with it (inflected names: "Milli Məclis*" matches "Milli
Məclisin").  Matching ignores case with Unicode case folding and treats the
Turkish dotted and dotless i alike.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from booklet.errors import SourceError

#: Columns of the terms list that are not languages.
META_COLUMNS = ("term", "note")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})
_LOOSE = str.maketrans({"ı": "i", "\u0307": None, "ё": "е"})


@dataclass(frozen=True)
class Term:
    """One row of the terms list."""

    english: tuple[str, ...]
    forms: Mapping[str, tuple[str, ...]]
    note: str = ""
    line: int = 0

    def preferred(self, language: str) -> str:
        """Return the preferred form in *language* ("" when there is none)."""
        forms = self.forms.get(language, ())
        return forms[0].rstrip("*") if forms else ""


def _split(cell: str | None) -> tuple[str, ...]:
    """Split a ``|``-separated cell into its non-empty, stripped parts."""
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def load_terms(path: Path) -> list[Term]:
    """Read the terms list at *path*; raise :class:`SourceError` when it is malformed."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            if not reader.fieldnames or "term" not in reader.fieldnames:
                raise SourceError("the terms list has no 'term' column", path, 1)
            languages = [name for name in reader.fieldnames if name not in META_COLUMNS]
            return [_row(row, languages, path, reader.line_num) for row in reader]
    except OSError as error:
        raise SourceError(f"cannot read the terms list: {error.strerror}", path) from error
    except (csv.Error, UnicodeDecodeError) as error:
        raise SourceError(f"the terms list is not valid UTF-8 CSV: {error}", path) from error


def _row(row: Mapping[str, str | None], languages: Sequence[str], path: Path, line: int) -> Term:
    """Build one :class:`Term` from a CSV row, checking its forms."""
    english = _split(row.get("term"))
    if not english:
        raise SourceError("a row of the terms list has an empty 'term' cell", path, line)
    forms = {language: _split(row.get(language)) for language in languages}
    for form in (form for values in forms.values() for form in values):
        if form == "*" or "*" in form[:-1]:
            raise SourceError(f"bad form {form!r}: '*' may only end a stem", path, line)
    return Term(english, forms, (row.get("note") or "").strip(), line)


@functools.lru_cache(maxsize=8192)
def folds(text: str) -> tuple[str, ...]:
    """Return the case-folded variants of *text* used for matching.

    ``casefold()`` alone maps "I" to "i" and "İ" to "i̇" (with a combining dot),
    so Turkish text is also folded the Turkish way and, loosest, with the dotted
    and dotless i (and ru е/ё) made equal.
    """
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    plain = text.casefold()
    turkish = text.replace("I", "ı").replace("İ", "i").casefold()
    loose = unicodedata.normalize("NFC", plain.translate(_LOOSE))
    return plain, turkish, text.lower(), loose


@functools.lru_cache(maxsize=8192)
def _pattern(form: str) -> re.Pattern[str]:
    """Return the regular expression of one folded form (a ``*`` stem matches a word start)."""
    if form.endswith("*"):
        return re.compile(r"(?<!\w)" + re.escape(form[:-1]))
    return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")


def contains_form(text: str, form: str) -> bool:
    """Tell whether *text* contains *form* (a word, phrase or ``*`` stem), ignoring case."""
    return any(_pattern(f).search(t) for f, t in zip(folds(form), folds(text)))


def mentions(text: str, term: Term) -> bool:
    """Tell whether the English *text* mentions *term* (any English variant, whole words)."""
    return any(contains_form(text, english) for english in term.english)
