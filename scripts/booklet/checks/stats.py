"""Translation statistics of a language and the completeness verdict derived from them.

The counts follow ``sphinx-intl stat``: current messages (obsolete ones apart), translated,
fuzzy and untranslated ones, and the words of their msgids. A catalog that msgfmt rejects is
counted as invalid and not read further. The verdict is ``release`` (every catalog present
and valid, at or above the release threshold), ``draft`` (below, in a language configured as
a draft) or ``fails``. Thresholds are validated where they are read, in
:mod:`booklet.config`; here they are trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import polib

RELEASE, DRAFT, FAILS = "release", "draft", "fails"


@dataclass
class Counts:
    """Message and word counts over some catalogs, added up entry by entry."""

    catalogs: int = 0
    invalid: int = 0
    messages: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words_total: int = 0
    words_translated: int = 0

    def add_catalog(self, catalog: polib.POFile | None) -> None:
        """Count one catalog (``None``: rejected by msgfmt, counted as invalid only)."""
        self.catalogs += 1
        if catalog is None:
            self.invalid += 1
            return
        for entry in catalog:
            self.add_entry(entry)

    def add_entry(self, entry: polib.POEntry) -> None:
        if entry.obsolete:
            self.obsolete += 1
            return
        words = len(entry.msgid.split())
        self.messages += 1
        self.words_total += words
        if entry.translated():
            self.translated += 1
            self.words_translated += words
        elif entry.fuzzy:
            self.fuzzy += 1
        else:
            self.untranslated += 1

    @property
    def percentage(self) -> float:
        """Translated share of the messages in percent (0 without any catalog)."""
        if not self.messages:
            return 100.0 if self.catalogs else 0.0
        return round(100.0 * self.translated / self.messages, 2)


@dataclass(frozen=True)
class LanguageStats:
    """One language's counts, the documents it lacks, its threshold and verdict."""

    language: str
    counts: Counts
    missing: tuple[str, ...]
    threshold: float
    draft: bool
    percentage: float = field(init=False)
    verdict: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "percentage", self.counts.percentage)
        object.__setattr__(self, "verdict", self._verdict())

    @property
    def meets_threshold(self) -> bool:
        return self.percentage + 1e-9 >= self.threshold

    def _verdict(self) -> str:
        if self.counts.invalid:
            return FAILS
        if self.counts.catalogs and not self.missing and self.meets_threshold:
            return RELEASE
        return DRAFT if self.draft else FAILS

    def as_dict(self) -> dict:
        """The statistics as plain data (``booklet stat --json``)."""
        return {**asdict(self.counts), "missing": list(self.missing),
                "percentage": self.percentage, "threshold": self.threshold,
                "verdict": self.verdict}


def language_stats(language: str, catalogs: Iterable[polib.POFile | None], missing: Iterable[str],
                   threshold: float, draft: bool) -> LanguageStats:
    """The statistics of *language* from its parsed *catalogs* (``None``: invalid)."""
    counts = Counts()
    for catalog in catalogs:
        counts.add_catalog(catalog)
    return LanguageStats(language, counts, tuple(sorted(missing)), threshold, draft)
