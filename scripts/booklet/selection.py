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

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .config import Config

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
                   min_percent: float = 0.0) -> list[LanguagePlan]:
    """One plan per language of *languages* (default: every configured language)."""
    from .checks import catalog_stats

    chosen = list(languages or config.languages)
    targets = [lang for lang in chosen if lang != config.source_language]
    stats = catalog_stats(config.locales_dir, targets, thresholds=config.thresholds,
                          drafts=config.drafts) if targets else {}
    plans = []
    for lang in chosen:
        if lang == config.source_language:
            plans.append(LanguagePlan(lang, config.language_name(lang), -1, -1, 100.0, RELEASE))
            continue
        figures = stats[lang]
        plans.append(LanguagePlan(lang, config.language_name(lang), figures["messages"],
                                  figures["translated"], figures["percentage"],
                                  _action(figures, min_percent)))
    return plans


def _action(figures: dict, min_percent: float) -> str:
    if not figures["translated"]:
        return EMPTY
    if figures["percentage"] < min_percent:
        return f"{BELOW} {min_percent:g} %"
    return {"release": RELEASE, "draft": DRAFT}.get(figures["verdict"], BLOCKED)


def buildable(config: Config, plans: Sequence[LanguagePlan]) -> Config:
    """*config* with only the languages that build (the switcher lists no skipped language),
    and as drafts only those that are (a complete translation carries no draft notice)."""
    skipped = {plan.language for plan in plans if not plan.builds}
    languages = tuple(lang for lang in config.languages if lang not in skipped)
    released = {plan.language for plan in plans if plan.action == RELEASE}
    return replace(config, languages=languages, drafts=config.drafts - skipped - released)


def skipped(plans: Sequence[LanguagePlan]) -> list[LanguagePlan]:
    return [plan for plan in plans if not plan.builds]
