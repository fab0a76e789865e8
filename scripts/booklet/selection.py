"""Which languages a build makes, and why: the table shown before building.

Translators leave catalog folders as their tools make them: Weblate opens a folder for
every language anyone ever clicked, most of them empty. Each language gets one
:class:`LanguagePlan` from its catalogs' statistics:

* the source language is always built (``release``);
* a language with nothing translated is skipped and listed (``skipped: empty``);
* a language below ``--min-percent`` is skipped and listed (``skipped: below N %``);
* otherwise the catalog gate's verdict holds: ``release`` at or above the language's
  threshold, ``draft`` below it when the language is a draft (its outputs carry the draft
  notice), ``blocked`` when it is neither (the gate fails it and says why).

Skipped languages are not built, not gated, and not listed in the language switcher.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .atomic import write_bytes
from .config import Config
from .paths import BuildPaths

RELEASE, DRAFT, BLOCKED = "release", "draft", "blocked"
EMPTY, BELOW = "skipped: empty", "skipped: below"


@dataclass(frozen=True)
class LanguagePlan:
    """What a build does with one language, and the figures it decided by."""

    language: str
    name: str
    messages: int  # -1: the source language
    translated: int
    percent: float
    action: str  # RELEASE, DRAFT, BLOCKED, EMPTY or "skipped: below N %"

    @property
    def builds(self) -> bool:
        return not self.action.startswith("skipped")

    def row(self) -> tuple[str, ...]:
        counts = f"{self.translated}/{self.messages}" if self.messages >= 0 else "source"
        return (self.language, self.name, counts, f"{self.percent:.0f} %", self.action)


HEADER = ("language", "name", "translated", "percent", "action")


def plan_languages(config: Config, languages: Sequence[str] | None = None,
                   min_percent: float = 0.0, keep: bool = False) -> list[LanguagePlan]:
    """One plan per language of *languages* (default: every configured language).

    The figures are counted with polib alone (msgfmt's validation is the catalog gate's
    work); with *keep* (builds), the counts are kept in the build folder for the next build.
    """
    cache = _Counts(BuildPaths(config).work("selection") / "counts.json", keep)
    plans = []
    for lang in languages or config.languages:
        name = config.language_name(lang)
        if lang == config.source_language:
            plans.append(LanguagePlan(lang, name, -1, -1, 100.0, RELEASE))
            continue
        messages, translated = cache.count(config.locales_dir / lang / "LC_MESSAGES")
        percent = round(100.0 * translated / messages, 2) if messages else 0.0
        # A complete translation meets any threshold (they are at most 100 %).
        threshold = percent if percent >= 100.0 else _threshold(config, lang)
        plans.append(LanguagePlan(lang, name, messages, translated, percent,
                                  _action(translated, percent, threshold,
                                          lang in config.drafts, min_percent)))
    cache.save()
    return plans


class _Counts:
    """:func:`count_messages` of each catalog, kept between builds by size and time."""

    def __init__(self, path: Path, keep: bool) -> None:
        self.path, self.keep = path, keep
        try:
            self.known: dict[str, list[Any]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def count(self, folder: Path) -> tuple[int, int]:
        messages = translated = 0
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            info = path.stat()
            key, stamp = str(path), [info.st_size, info.st_mtime_ns]
            if self.known.get(key, [None])[0] != stamp:
                self.known[key] = [stamp, *count_messages(path)]
                self.changed = True
            messages += self.known[key][1]
            translated += self.known[key][2]
        return messages, translated

    def save(self) -> None:
        if self.changed and self.keep:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(self.path, json.dumps(self.known, sort_keys=True).encode())


def count_messages(path: Path) -> tuple[int, int]:
    """(messages, translated) of one catalog; obsolete entries do not count, fuzzy ones are
    not translated. A catalog polib cannot read counts as empty (the gate names its line)."""
    import polib

    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError, UnicodeDecodeError):
        return 0, 0
    entries = [entry for entry in catalog if not entry.obsolete]
    return len(entries), sum(1 for entry in entries if entry.translated())


def _threshold(config: Config, lang: str) -> float:
    if lang in config.thresholds:
        return config.thresholds[lang]
    from .checks.completeness import DEFAULT_THRESHOLD  # the gate's; a costly import

    return DEFAULT_THRESHOLD


def _action(translated: int, percent: float, threshold: float, draft: bool,
            min_percent: float) -> str:
    if not translated:
        return EMPTY
    if percent < min_percent:
        return f"{BELOW} {min_percent:g} %"
    if percent + 1e-9 >= threshold:
        return RELEASE
    return DRAFT if draft else BLOCKED


def buildable(config: Config, plans: Sequence[LanguagePlan]) -> Config:
    """*config* with only the languages that build (the switcher lists no skipped language),
    and as drafts only those that are (a complete translation carries no draft notice)."""
    skipped = {plan.language for plan in plans if not plan.builds}
    languages = tuple(lang for lang in config.languages if lang not in skipped)
    released = {plan.language for plan in plans if plan.action == RELEASE}
    return replace(config, languages=languages, drafts=config.drafts - skipped - released)


def skipped(plans: Sequence[LanguagePlan]) -> list[LanguagePlan]:
    return [plan for plan in plans if not plan.builds]
