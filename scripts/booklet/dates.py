"""Dates in each language's own form: :func:`format_date` (``2027-ci il 20 yanvar``).

The forms are facts of the languages and live in ``data/dates.toml`` (pattern, month
names, ordinal suffixes). A language with no entry there falls back to CLDR's long
form through Babel (``de``: "20. Januar 2027"); a language CLDR does not know either
gets the ISO date. Every date the builder writes for readers goes through
:func:`format_date`: ``|edition-date|`` in the text, and any edition line a layout prints.

Public API::

    format_date(date: datetime.date, language: str) -> str
    ordinal(number: int, language: str) -> str      # "2027-ci", "1990-njy"
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from babel.dates import format_date as _cldr_format_date

from .datafile import read_toml
from .errors import SourceError

DATES_TOML = Path(__file__).with_name("data") / "dates.toml"
FIELDS = frozenset({"day", "month", "year", "day_ordinal", "year_ordinal"})
_ROUND_WORDS = (("billion", 10**9), ("million", 10**6), ("thousand", 1000), ("hundred", 100))


@dataclass(frozen=True)
class Ordinals:
    """Ordinal suffixes of numbers written in digits, by the vowel harmony of the last word."""

    suffixes: Mapping[str, str]
    units: tuple[str, ...]
    tens: tuple[str, ...]
    round_words: Mapping[str, str]

    def last_word(self, number: int) -> str:
        """The last word of *number* read aloud (2027: "seven", 1990: "ninety", 2000: "thousand")."""
        number = abs(number)
        if number % 10 or number == 0:
            return self.units[number % 10]
        if number % 100:
            return self.tens[number % 100 // 10 - 1]
        for key, size in _ROUND_WORDS:
            if number % size == 0:
                return self.round_words[key]
        raise AssertionError("unreachable: a multiple of 100 is a multiple of 100")

    def suffix(self, number: int) -> str:
        word = self.last_word(number)
        vowels = [c for c in word.lower() if c in self.suffixes]
        if not vowels:
            raise SourceError(f"the number word {word!r} has no vowel listed in suffixes", DATES_TOML)
        return self.suffixes[vowels[-1]]


@dataclass(frozen=True)
class DateForm:
    """One language's long date: a pattern, the month names, and its ordinals if it uses them."""

    pattern: str
    months: tuple[str, ...]
    ordinals: Ordinals | None = None

    def format(self, date: dt.date) -> str:
        fields = {"day": str(date.day), "month": self.months[date.month - 1], "year": str(date.year)}
        if self.ordinals is not None:
            fields["day_ordinal"] = f"{date.day}{self.ordinals.suffix(date.day)}"
            fields["year_ordinal"] = f"{date.year}{self.ordinals.suffix(date.year)}"
        return self.pattern.format_map(fields)


def _ordinals(language: str, raw: Mapping[str, Any], path: Path) -> Ordinals:
    missing = [key for key in ("suffixes", "units", "tens", *dict(_ROUND_WORDS)) if key not in raw]
    if missing or len(raw["units"]) != 10 or len(raw["tens"]) != 9:
        raise SourceError(f"[{language}.ordinal] needs suffixes, 10 units, 9 tens, hundred, "
                          f"thousand, million and billion (missing: {', '.join(missing) or 'none'})",
                          path)
    return Ordinals(suffixes=dict(raw["suffixes"]), units=tuple(raw["units"]), tens=tuple(raw["tens"]),
                    round_words={key: raw[key] for key, _size in _ROUND_WORDS})


def _form(language: str, raw: Mapping[str, Any], path: Path) -> DateForm:
    pattern, months = raw.get("pattern"), raw.get("months")
    if not isinstance(pattern, str) or not isinstance(months, list) or len(months) != 12:
        raise SourceError(f"[{language}] needs a pattern and twelve months", path)
    fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    ordinals = _ordinals(language, raw["ordinal"], path) if "ordinal" in raw else None
    allowed = FIELDS if ordinals else FIELDS - {"day_ordinal", "year_ordinal"}
    if fields - allowed:
        raise SourceError(f"[{language}] pattern {pattern!r}: unknown field(s) "
                          f"{', '.join(sorted(fields - allowed))}; use {', '.join(sorted(allowed))}",
                          path)
    return DateForm(pattern=pattern, months=tuple(months), ordinals=ordinals)


@functools.cache
def forms(path: Path = DATES_TOML) -> Mapping[str, DateForm]:
    """Every language's date form, as read from *path*."""
    return {language: _form(language, table, path) for language, table in read_toml(path).items()}


def form_for(language: str) -> DateForm | None:
    """The date form of *language* (``ru_RU`` uses ``ru``), or None when it has none."""
    table = forms()
    for tag in (language, language.replace("-", "_").split("_")[0]):
        if tag in table:
            return table[tag]
    return None


def format_date(date: dt.date, language: str) -> str:
    """*date* as a reader of *language* writes it in running text."""
    form = form_for(language)
    if form is not None:
        return form.format(date)
    try:
        return _cldr_format_date(date, "long", locale=language)
    except (ValueError, LookupError, UnknownLocaleError):
        return date.isoformat()


def ordinal(number: int, language: str) -> str:
    """*number* in digits with its ordinal suffix in *language* ("2027-ci"); digits alone without one."""
    form = form_for(language)
    if form is None or form.ordinals is None:
        return str(number)
    return f"{number}{form.ordinals.suffix(number)}"
