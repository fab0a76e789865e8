"""Micro-typography per language: no-break spaces, quotation marks, dashes, ellipses.

The rules are data (``data/typography.toml``, documented there and in the README);
this module applies them to text. :mod:`booklet.sphinxext.typography` runs them on
every document after translation, so the site, the PDFs, the EPUB and the handout all
get them; :func:`typeset` does the same for a string made outside the documents.

A block of text (a paragraph, a title) may be split over several pieces (the text
nodes around emphasis, links, code): :func:`typeset_pieces` treats them as one text,
so that a quotation opened in one piece is closed in another and a space at the end of
one piece binds the word at the start of the next; *protected* pieces (code, URLs)
are never changed, and URLs inside a piece are left alone too.

Two passes: one per piece that may change its length (``--`` to a dash, ``...`` to
``…``), then one over the whole block that only replaces characters one for one
(quotes, apostrophes, dashes, no-break spaces), which keeps the pieces' boundaries.

Public API::

    rules_for(language: str) -> Rules
    typeset(text: str, language: str) -> str
    typeset_pieces(rules: Rules, pieces: Sequence[str], protected: Sequence[bool],
                   fixed: Sequence[Collection[int]] | None = None) -> list[str]
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import read_toml
from .errors import SourceError

TYPOGRAPHY_TOML = Path(__file__).with_name("data") / "typography.toml"
NBSP = "\u00a0"
#: The non-breaking hyphen: "20‑nji", "1990‑cı", "36‑й" are not split at the line end.
NB_HYPHEN = "\u2011"
#: A hyphen between a digit and a letter (an ordinal or case suffix of a number).
NUMBER_SUFFIX = re.compile(r"(?<=\d)-(?=[^\W\d_])")
#: Stands for a character of a protected piece while a block is typeset.
OBJECT = "\ufffc"
SPACES = " \n\t"
#: A number, with an ordinal suffix ("36-й", "1990-cı") or a period ("20. Januar").
NUMBER = r"(?<![\w.,])\d+(?:[.,]\d+)*(?:-\w+|\.)?"
URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)\S+|\S+@\S+\.\w+", re.IGNORECASE)
DOUBLE_QUOTES = '"“”„«»‟'
SINGLE_QUOTES = "'‘’‛"
DASHES = "-\u2013\u2014"
#: Characters after which a quotation mark opens, and before which it closes.
OPENING_CONTEXT = "([{<—–-/" + NBSP + SPACES
CLOSING_CONTEXT = ".,;:!?)]}>…"


@dataclass(frozen=True)
class Rules:
    """One language's rules (see ``data/typography.toml`` for what each field does)."""

    quotes: tuple[str, str, str, str] | None = None
    apostrophe: str | None = None
    dash: str | None = None
    ellipsis: str | None = None
    bind_before_dash: bool = False
    bind_number_suffix: bool = False
    bind_after: tuple[str, ...] = ()
    number_words: tuple[str, ...] = ()
    months: tuple[str, ...] = ()

    @property
    def educates(self) -> bool:
        """True when these rules set quotation marks (then Sphinx's smart quotes stay off)."""
        return self.quotes is not None

    def without_education(self) -> Rules:
        """The same rules, binding words only: no quotes, apostrophes, dashes or ellipses."""
        return dataclasses.replace(self, quotes=None, apostrophe=None, dash=None, ellipsis=None)

    def as_config(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_config(cls, value: Mapping[str, Any]) -> Rules:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in value.items() if k in fields})


# ------------------------------------------------------------------ the data

_LISTS = ("bind_after", "number_words", "months")


def _is_char(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 1


def _is_words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip("*") for v in value)


#: key -> (test of its value, what the value should be)
_VALUES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "quotes": (lambda v: isinstance(v, list) and len(v) == 4 and all(map(_is_char, v)), "four characters"),
    "apostrophe": (_is_char, "one character"),
    "dash": (_is_char, "one character"),
    "ellipsis": (_is_char, "one character"),
    "bind_before_dash": (lambda v: isinstance(v, bool), "true or false"),
    "bind_number_suffix": (lambda v: isinstance(v, bool), "true or false"),
    **{key: (_is_words, "a list of words") for key in _LISTS},
}


def _check_table(name: str, table: Mapping[str, Any], path: Path) -> dict[str, Any]:
    for key, value in table.items():
        if key not in _VALUES:
            raise SourceError(f"[{name}] unknown key {key!r}; known: {', '.join(sorted(_VALUES))}", path)
        valid, expected = _VALUES[key]
        if not valid(value):
            raise SourceError(f"[{name}] {key} = {value!r}: expected {expected}", path)
    return dict(table)


@functools.cache
def load(path: Path = TYPOGRAPHY_TOML) -> Mapping[str, Mapping[str, Any]]:
    """The tables of *path*, checked: ``{"default": {...}, "ru": {...}, ...}``."""
    return {name: _check_table(name, table, path) for name, table in read_toml(path).items()}


def _cldr_months(language: str) -> tuple[str, ...]:
    """Month names of *language* from CLDR (format and stand-alone), for languages with no table."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return ()
    names = {name for context in ("format", "stand-alone")
             for name in locale.months[context]["wide"].values()}
    return tuple(sorted(names))


def merge(default: Mapping[str, Any], table: Mapping[str, Any] | None) -> dict[str, Any]:
    """*table* over *default*: lists add up, other values are replaced."""
    merged = dict(default)
    for key, value in (table or {}).items():
        merged[key] = [*default.get(key, []), *value] if key in _LISTS else value
    return merged


def rules_for(language: str, data: Mapping[str, Mapping[str, Any]] | None = None) -> Rules:
    """The rules of *language* (``ru_RU`` uses ``ru``); CLDR month names for one with no table."""
    data = load() if data is None else data
    table = next((data[tag] for tag in (language, language.replace("-", "_").split("_")[0])
                  if tag != "default" and tag in data), None)
    merged = merge(data.get("default", {}), table)
    if table is None:
        merged["months"] = [*merged.get("months", []), *_cldr_months(language)]
    return Rules.from_config(merged)


# ------------------------------------------------------------------ pass 1: per piece

def _outside_urls(text: str, change: Callable[[str], str]) -> str:
    """*text* with *change* applied to every part that is not a URL."""
    parts, last = [], 0
    for match in URL.finditer(text):
        parts += [change(text[last:match.start()]), match.group()]
        last = match.end()
    return "".join([*parts, change(text[last:])])


def _piece(rules: Rules, text: str) -> str:
    def change(part: str) -> str:
        if rules.ellipsis:
            part = part.replace("...", rules.ellipsis)
        if rules.dash:
            part = re.sub(r"(?<=\d)--(?=\d)", "\u2013", part)
            part = re.sub(r"(?<=\s)---?(?=\s|$)", rules.dash, part)
        return part
    return _outside_urls(text, change) if (rules.ellipsis or rules.dash) else text


# ------------------------------------------------------------------ pass 2: per block

def _word_pattern(entries: Iterable[str]) -> str:
    """A regular expression for a word list (see the data file for the * and case rules)."""
    alternatives = []
    for entry in sorted(set(entries), key=len, reverse=True):
        word, prefix = entry.rstrip("*"), entry.endswith("*")
        first = word[0]
        capitals = {first.upper(), "İ"} if first == "i" else {first.upper()}
        head = f"[{re.escape(first)}{''.join(map(re.escape, capitals))}]" if first.islower() else re.escape(first)
        tail = r"\w*" if prefix else (r"(?!\w)" if word[-1].isalnum() else "")
        alternatives.append(head + re.escape(word[1:]) + tail)
    return r"(?<![\w-])(?:" + "|".join(alternatives) + ")"  # not the end of "37-я"


@dataclass(frozen=True)
class _Compiled:
    bind_after: re.Pattern[str] | None
    number_words: re.Pattern[str] | None
    month_number: re.Pattern[str] | None


@functools.lru_cache(maxsize=32)
def _compile(rules: Rules) -> _Compiled:
    after = re.compile(_word_pattern(rules.bind_after) + f"(?=[{SPACES}])") if rules.bind_after else None
    bound = (*rules.number_words, *rules.months)
    number = re.compile(f"{NUMBER}([{SPACES}])(?={_word_pattern(bound)})") if bound else None
    # a day after the month ("January 20"), not a year ("January 1990")
    month = re.compile(_word_pattern(rules.months) + rf"([{SPACES}])(?=\d{{1,2}}(?!\d))") if rules.months else None
    return _Compiled(after, number, month)


def _direction(rules: Rules, char: str, before: str, after: str) -> str | None:
    """Whether the quotation mark *char* opens or closes: its surroundings, else its shape."""
    assert rules.quotes is not None
    spaced_after = after in SPACES + NBSP
    if before in OPENING_CONTEXT and not spaced_after:
        return "open"
    if before not in OPENING_CONTEXT and (spaced_after or after in CLOSING_CONTEXT):
        return "close"
    own_open, own_close = rules.quotes[0::2], rules.quotes[1::2]
    if char in own_open or (char in "«„" and char not in own_close):
        return "open"
    if char in own_close or char == "»":
        return "close"
    return "close" if before not in SPACES + NBSP else None


def _quotes(rules: Rules, chars: list[str]) -> None:
    """Quotation marks by nesting depth, and apostrophes, in place."""
    assert rules.quotes is not None
    opened: list[str] = []
    for i, char in enumerate(chars):
        if char not in DOUBLE_QUOTES and char not in SINGLE_QUOTES:
            continue
        before = chars[i - 1] if i else " "
        after = chars[i + 1] if i + 1 < len(chars) else " "
        single = char in SINGLE_QUOTES
        if char in "'’" and before.isalnum() and after.isalpha():
            chars[i] = rules.apostrophe or char
            continue
        direction = _direction(rules, char, before, after)
        if direction == "open":
            chars[i] = rules.quotes[2 * len(opened) % 4]
            # a single mark, typed or set, may be closed by an apostrophe-like mark
            opened.append("'" if single or chars[i] in SINGLE_QUOTES else '"')
        elif direction == "close" and single and opened[-1:] != ["'"]:
            chars[i] = rules.apostrophe or char
        elif direction == "close":
            if opened:
                opened.pop()
            chars[i] = rules.quotes[(2 * len(opened) + 1) % 4]


def _dashes(rules: Rules, chars: list[str]) -> None:
    """Spaced dashes in the language's form, with a no-break space before them, in place."""
    for i, char in enumerate(chars):
        if char not in DASHES or i < 2 or chars[i - 1] not in SPACES + NBSP or chars[i - 2] in SPACES + NBSP:
            continue
        after = chars[i + 1] if i + 1 < len(chars) else " "
        if after not in SPACES + NBSP:
            continue
        following = chars[i + 2] if i + 2 < len(chars) else ""
        if chars[i - 2].isdigit() and following.isdigit():
            continue  # "1990 - 1994": a range, not a dash
        if char == "-" and not rules.dash:
            continue  # a spaced hyphen is only a dash where the rules say which dash
        if rules.dash:
            chars[i] = rules.dash
        if rules.bind_before_dash:
            chars[i - 1] = NBSP


def _bind(pattern: re.Pattern[str] | None, chars: list[str], group: int | None) -> None:
    """A no-break space for the space each match of *pattern* ends with (or captures)."""
    if pattern is None:
        return
    for match in pattern.finditer("".join(chars)):
        chars[match.start(group) if group else match.end()] = NBSP


def _block(rules: Rules, text: str) -> str:
    chars = list(text)
    if rules.quotes:
        _quotes(rules, chars)
    if rules.dash or rules.bind_before_dash:
        _dashes(rules, chars)
    compiled = _compile(rules)
    _bind(compiled.bind_after, chars, None)
    _bind(compiled.number_words, chars, 1)
    _bind(compiled.month_number, chars, 1)
    text = "".join(chars)
    if rules.bind_number_suffix:
        text = NUMBER_SUFFIX.sub(NB_HYPHEN, text)
    return text


# ------------------------------------------------------------------ the API

def _local(rules: Rules, text: str, fixed: Collection[int]) -> tuple[str, list[int]]:
    """Pass 1 on the parts of *text* between its fixed characters; where those are now."""
    parts: list[str] = []
    moved: list[int] = []
    start = 0
    for index in sorted(fixed):
        parts.append(_piece(rules, text[start:index]))
        moved.append(sum(map(len, parts)))
        parts.append(text[index])
        start = index + 1
    parts.append(_piece(rules, text[start:]))
    return "".join(parts), moved


def typeset_pieces(rules: Rules, pieces: Sequence[str], protected: Sequence[bool],
                   fixed: Sequence[Collection[int]] | None = None) -> list[str]:
    """The pieces of one block, typeset together.

    Protected pieces stay as they are and count as one opaque word each; the characters
    at the positions *fixed* lists for a piece (escaped in the source) stay as they are
    but are read as context; URLs are left alone.
    """
    fixed = fixed if fixed is not None else [()] * len(pieces)
    local: list[str] = []
    guard: list[bool] = []
    for text, keep, kept in zip(pieces, protected, fixed, strict=True):
        if keep:
            local.append(OBJECT * len(text))
            guard += [True] * len(text)
            continue
        new, moved = _local(rules, text, kept)
        local.append(new)
        marks = [False] * len(new)
        for index in moved:
            marks[index] = True
        guard += marks
    masked = "".join(local)
    for match in URL.finditer(masked):
        guard[match.start():match.end()] = [True] * (match.end() - match.start())
    result = _block(rules, masked)
    merged = "".join(old if keep else new for old, new, keep in zip(masked, result, guard))
    out, start = [], 0
    for text, original, keep in zip(local, pieces, protected):
        end = start + len(text)
        out.append(original if keep else merged[start:end])
        start = end
    return out


def typeset(text: str, language: str) -> str:
    """*text* with the typography of *language* (for strings made outside the documents)."""
    return typeset_pieces(rules_for(language), [text], [False])[0]
