"""The catalog quality gate behind ``booklet check``, ``booklet stat`` and strict builds.

It checks the gettext catalogs ``<locales>/<lang>/LC_MESSAGES/<doc>.po``:

* ``syntax``, ``duplicate`` -- ``msgfmt --check`` (a rejected file is not parsed further);
* ``untranslated``, ``fuzzy``, ``obsolete``, ``missing``, ``threshold`` -- completeness;
* ``facts``, ``markup``, ``safety``, ``terms`` -- content of each translated entry.

Findings print as ``path:line: message [check]``. This module is the facade; the parts:

* :mod:`~booklet.checks.runner` -- reads each catalog once and runs the checks, giving a
  typed report per language;
* :mod:`~booklet.checks.routing` -- which findings are notes rather than failures;
* :mod:`~booklet.checks.stats` -- counts, percentage and verdict, as dataclasses;
* :mod:`~booklet.checks.gate` -- the gate of a strict build, per language;
* :mod:`~booklet.checks.registry` and the check modules (completeness, msgfmt, content).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from booklet.checks.registry import REGISTRY, Check
from booklet.checks.runner import CheckReport, LanguageReport, discover, run_checks, statistics
from booklet.checks.stats import DRAFT, FAILS, RELEASE, LanguageStats
from booklet.errors import Finding

__all__ = ["DRAFT", "FAILS", "REGISTRY", "RELEASE", "CheckReport", "LanguageReport",
           "LanguageStats", "catalog_stats", "check_catalogs", "discover", "list_checks",
           "run_checks", "statistics"]


def list_checks() -> list[Check]:
    """Return every registered check, in registration order."""
    return list(REGISTRY.values())


def check_catalogs(locales_dir: Path, languages: Sequence[str], *, terms: Path | None,
                   thresholds: Mapping[str, float], drafts: Collection[str],
                   select: Collection[str] | None = None, root: Path | None = None
                   ) -> list[Finding]:
    """Run the gate over the catalogs of *languages*; return the failures, sorted
    (see :func:`~booklet.checks.runner.run_checks`)."""
    return run_checks(locales_dir, languages, terms=terms, thresholds=thresholds,
                      drafts=drafts, select=select, root=root).findings


def catalog_stats(locales_dir: Path, languages: Sequence[str], *,
                  thresholds: Mapping[str, float] | None = None,
                  drafts: Collection[str] = ()) -> dict[str, dict]:
    """Per-language statistics as plain data (``booklet stat --json``): ``catalogs``,
    ``invalid``, ``missing``, ``messages``, ``translated``, ``fuzzy``, ``untranslated``,
    ``obsolete``, ``words_total``, ``words_translated``, ``percentage``, ``threshold`` and
    ``verdict`` (see :mod:`~booklet.checks.stats`)."""
    found = statistics(locales_dir, languages, thresholds=thresholds, drafts=drafts)
    return {lang: stats.as_dict() for lang, stats in found.items()}
