"""The catalog gate of a strict build: which translations may be built, language by language.

:func:`gate` runs every check over the catalogs of the translations among the given
languages (the source language has none) with the project's terms, thresholds and drafts,
and returns each language's :class:`~booklet.checks.runner.LanguageReport`: a finding
belongs to the language whose catalogs were checked, never guessed from its path.
:func:`rejected` is the form a build's gate task asks for (picklable with
``functools.partial``, it runs in a worker process).
"""

from __future__ import annotations

from collections.abc import Sequence

from booklet.checks.runner import LanguageReport, run_checks
from booklet.config import Config
from booklet.errors import Finding


def gate(config: Config, languages: Sequence[str]) -> dict[str, LanguageReport]:
    """The gate's report on each translation among *languages*."""
    targets = [lang for lang in languages if lang != config.source_language]
    if not targets:
        return {}
    report = run_checks(config.locales_dir, targets, terms=config.terms,
                        thresholds=config.thresholds, drafts=config.drafts, root=config.project)
    return dict(report.languages)


def rejected(config: Config, languages: Sequence[str]) -> dict[str, list[Finding]]:
    """The failures of each translation among *languages* that the gate rejects."""
    return {lang: list(report.findings) for lang, report in gate(config, languages).items()
            if not report.passed}
