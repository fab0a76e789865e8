"""Hyphenation dictionaries for languages that pyphen does not ship (az, tr, tk).

WeasyPrint hyphenates ``hyphens: auto`` text with pyphen, and pyphen has no
dictionary for Azerbaijani, Turkish or Turkmen: such text silently stays
unhyphenated. Their syllables follow a regular rule, so this module generates
Liang hyphenation patterns from the per-language tables in
``data/syllables.toml`` and registers them with pyphen.

Call :func:`register` once before rendering::

    from booklet.hyphenation import register
    register(["az", "ru", "tr", "tk"], build_dir / "hyphenation")
    weasyprint.HTML(...).write_pdf(...)

Two details of pyphen shape the code:

* pyphen lower-cases a word with ``str.lower()`` before matching patterns, so
  the patterns are lower case only. ``"İ".lower()`` is two characters (``i`` and
  U+0307), which shifts every later hyphenation point by one ("İst-anbul"). The
  registered dictionary object therefore lower-cases with the language's own
  case pairs first (``İ`` to ``i``, ``I`` to ``ı``); it is put into pyphen's
  per-file cache, which is where ``pyphen.Pyphen`` (and so WeasyPrint) finds it.
* WeasyPrint resolves ``lang`` with ``pyphen.language_fallback``, which reads
  ``pyphen.LANGUAGES_LOWERCASE`` (lower-case code to code), and then opens
  ``pyphen.LANGUAGES[code]`` (code to file). A dictionary must be in both.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from booklet import atomic
from booklet.adapters import pyphen
from booklet.errors import ConfigError

logger = logging.getLogger(__name__)

#: The syllable tables shipped with the package.
SYLLABLES_TOML = Path(__file__).with_name("data") / "syllables.toml"

#: pyphen reads the first line of a dictionary as its encoding.
DIC_ENCODING = "UTF-8"

#: The keys of a language table (after merging [defaults]) and the TOML type of each.
_TABLE_TYPES: dict[str, type] = {
    "name": str, "vowels": str, "consonants": str, "rule": str, "vowel_hiatus": bool,
    "max_initial_cluster": int, "no_break_after": list, "left_hyphen_min": int,
    "right_hyphen_min": int,
}
_OPTIONAL_KEYS = frozenset({"name"})

#: Dictionaries this module registered, by language code: only these may be replaced.
_registered: dict[str, Path] = {}


@dataclass(frozen=True)
class SyllableRule:
    """The syllable data of one language, as read from ``syllables.toml``."""

    code: str
    name: str
    vowels: tuple[str, ...]
    consonants: tuple[str, ...]
    #: (upper, lower) letter pairs: the language's own lower-casing.
    case_pairs: tuple[tuple[str, str], ...]
    rule: str
    vowel_hiatus: bool
    max_initial_cluster: int
    no_break_after: tuple[str, ...]
    left_hyphen_min: int
    right_hyphen_min: int

    @cached_property
    def _lowering(self) -> dict[int, str]:
        return {ord(upper): lower for upper, lower in self.case_pairs}

    def lower(self, word: str) -> str:
        """Lower-case ``word`` the way the language does (``İ``→``i``, ``I``→``ı``)."""
        return word.translate(self._lowering).lower()


# --- Reading the tables -------------------------------------------------------------

def load_rules(path: Path = SYLLABLES_TOML) -> dict[str, SyllableRule]:
    """Read the syllable tables of ``path``, keyed by lower-case language code."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read syllable tables: {error}", path) from error
    defaults = data.get("defaults", {})
    return {code.lower(): _parse_table(code, {**defaults, **table}, path)
            for code, table in data.get("languages", {}).items()}


def _parse_table(code: str, table: Mapping[str, Any], path: Path) -> SyllableRule:
    """Check one language table (defaults merged in) and build its rule."""
    def fail(message: str) -> ConfigError:
        return ConfigError(f"[languages.{code}]: {message}", path)

    _check_types(table, fail)
    if table["rule"] not in RULES:
        raise fail(f"rule must be one of {', '.join(sorted(RULES))}, not {table['rule']!r}")
    if table["max_initial_cluster"] < 1:
        raise fail("max_initial_cluster must be at least 1")
    if not all(isinstance(mark, str) and len(mark) == 1 for mark in table["no_break_after"]):
        raise fail("no_break_after must be a list of single characters")
    try:
        vowels = _parse_letters(table["vowels"])
        consonants = _parse_letters(table["consonants"])
    except ValueError as error:
        raise fail(f"vowels and consonants: {error}") from error
    lowers = [lower for _, lower in vowels + consonants]
    if len(set(lowers)) != len(lowers):
        raise fail("a letter is listed twice (or as both vowel and consonant)")
    return SyllableRule(
        code=code, name=table.get("name", code),
        vowels=tuple(lower for _, lower in vowels),
        consonants=tuple(lower for _, lower in consonants),
        case_pairs=tuple(vowels + consonants), rule=table["rule"],
        vowel_hiatus=table["vowel_hiatus"], max_initial_cluster=table["max_initial_cluster"],
        no_break_after=tuple(table["no_break_after"]),
        left_hyphen_min=table["left_hyphen_min"], right_hyphen_min=table["right_hyphen_min"],
    )


def _check_types(table: Mapping[str, object], fail: Callable[[str], ConfigError]) -> None:
    """Reject unknown and missing keys and values of the wrong TOML type."""
    if unknown := sorted(set(table) - set(_TABLE_TYPES)):
        raise fail(f"unknown key(s) {', '.join(unknown)}")
    if missing := sorted(set(_TABLE_TYPES) - _OPTIONAL_KEYS - set(table)):
        raise fail(f"missing key(s) {', '.join(missing)}")
    for key, value in table.items():
        if type(value) is not _TABLE_TYPES[key]:  # exact: a TOML bool is not an int
            raise fail(f"{key} must be a TOML {_TABLE_TYPES[key].__name__}, not {value!r}")


def _parse_letters(spec: str) -> list[tuple[str, str]]:
    """Split ``"Aa Iı İi"`` into (upper, lower) pairs."""
    pairs = []
    for token in spec.split():
        if len(token) != 2 or not (token[0].isupper() and token[1].islower()):
            raise ValueError(f"{token!r} is not an upper- and lower-case letter pair")
        pairs.append((token[0], token[1]))
    if not pairs:
        raise ValueError("no letters")
    return pairs


# --- Generating patterns ------------------------------------------------------------

def turkic_patterns(rule: SyllableRule) -> set[str]:
    """Breaks of the Turkic syllable rule.

    A break goes before a consonant that is followed by a vowel (``1cv``: a-ra-ba,
    al-dı, Türk-çe, prog-ram) and, with ``vowel_hiatus``, between two vowels
    (``v1v``: sa-at).
    """
    patterns = {f"1{c}{v}" for c in rule.consonants for v in rule.vowels}
    if rule.vowel_hiatus:
        patterns |= {f"{v}1{w}" for v in rule.vowels for w in rule.vowels}
    return patterns


#: Syllable rules by the name a table gives in its ``rule`` key.
RULES: dict[str, Callable[[SyllableRule], set[str]]] = {"turkic": turkic_patterns}


def initial_cluster_inhibitors(rule: SyllableRule) -> set[str]:
    """Forbid a break after a word-initial run of consonants (s-tadion, st-res).

    Position k may not break when the first k letters are all consonants, for
    k < ``max_initial_cluster``; ``.2`` (k = 0) forbids a break before the word.
    """
    patterns = {".2"}
    prefixes = [""]
    for _ in range(rule.max_initial_cluster - 1):
        prefixes = [prefix + c for prefix in prefixes for c in rule.consonants]
        patterns |= {f".{prefix}2" for prefix in prefixes}
    return patterns


def generate_patterns(rule: SyllableRule) -> list[str]:
    """All hyphenation patterns of a language, sorted."""
    patterns = RULES[rule.rule](rule) | initial_cluster_inhibitors(rule)
    patterns |= {f"{mark}2" for mark in rule.no_break_after}
    return sorted(patterns)


def dictionary_text(rule: SyllableRule) -> str:
    """The content of the language's pyphen/hunspell ``.dic`` file (deterministic)."""
    header = [
        DIC_ENCODING,
        f"% Hyphenation patterns for {rule.name} ({rule.code}).",
        f"% Generated by booklet.hyphenation from syllables.toml, rule {rule.rule!r}: do not edit.",
        f"LEFTHYPHENMIN {rule.left_hyphen_min}",
        f"RIGHTHYPHENMIN {rule.right_hyphen_min}",
    ]
    return "\n".join(header + generate_patterns(rule)) + "\n"


def write_dictionary(rule: SyllableRule, directory: Path) -> Path:
    """Write ``hyph_<code>.dic`` into ``directory`` unless it already has this content."""
    path = directory / f"hyph_{rule.code}.dic"
    content = dictionary_text(rule).encode("utf-8")
    if path.is_file() and path.read_bytes() == content:
        logger.debug("hyphenation dictionary %s is up to date", path)
        return path
    atomic.write_bytes(path, content)  # a parallel build never reads a half-written file
    logger.info("wrote hyphenation dictionary %s", path)
    return path


# --- Registering with pyphen --------------------------------------------------------

class CaseFoldingHyphDict(pyphen.HyphDict):
    """pyphen patterns that lower-case words with the language's case pairs first."""

    def __init__(self, path: Path, rule: SyllableRule) -> None:
        super().__init__(path)
        self.rule = rule

    def positions(self, word: str) -> list[Any]:
        """Hyphenation points of ``word``, with ``İ`` kept one character long."""
        return super().positions(self.rule.lower(word))


def register(languages: Iterable[str], cache_dir: Path, *,
             syllables: Path = SYLLABLES_TOML) -> None:
    """Make pyphen, and so WeasyPrint, hyphenate ``languages``.

    For each language code (``az``, ``tr-TR``...) that pyphen has no dictionary
    for and ``syllables`` has a table for, write the generated dictionary into
    ``cache_dir`` (only if its content changed) and register it. A dictionary
    pyphen ships (en, ru...) is never replaced. Call this before rendering:
    WeasyPrint looks dictionaries up when it first hyphenates a language.
    """
    rules = load_rules(syllables)
    directory = Path(cache_dir).resolve()
    for language in languages:
        rule = _rule_for(language, rules)
        if _has_foreign_dictionary(language):
            logger.debug("pyphen already has a hyphenation dictionary for %s", language)
        elif rule is None:
            logger.warning("no hyphenation dictionary for language %r: its text will not "
                           "be hyphenated (add a table to %s)", language, syllables)
        else:
            _register_rule(rule, write_dictionary(rule, directory))


def _rule_for(language: str, rules: Mapping[str, SyllableRule]) -> SyllableRule | None:
    """The table for ``language``, by the same truncation as ``pyphen.language_fallback``."""
    parts = language.replace("-", "_").lower().split("_")
    while parts:
        if (code := "_".join(parts)) in rules:
            return rules[code]
        parts.pop()
    return None


def _has_foreign_dictionary(language: str) -> bool:
    """Whether pyphen resolves ``language`` to a dictionary this module did not register."""
    code = pyphen.resolve(language)
    return code is not None and pyphen.dictionary_file(code) != _registered.get(code)


def _register_rule(rule: SyllableRule, path: Path) -> None:
    """Point pyphen's language tables and its dictionary cache at ``path``."""
    pyphen.register(rule.code, path, CaseFoldingHyphDict(path, rule))
    _registered[rule.code] = path
    logger.debug("registered hyphenation dictionary %s for %s", path, rule.code)


def hyphenator(language: str, *, min_word: int = 6, left: int = 3,
               right: int = 3) -> Callable[[str], list[int]]:
    """The hyphenation points of a word of ``language``, as WeasyPrint finds them with
    ``hyphenate-limit-chars: min_word left right`` (none without a dictionary)."""
    code = pyphen.resolve(language.replace("-", "_"))
    if code is None:
        return lambda word: []
    find = pyphen.hyphenator(code, left, right)
    return lambda word: find(word) if len(word) >= min_word else []
