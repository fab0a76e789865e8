"""Running the catalog checks over the catalogs of some languages.

Each catalog ``<locales>/<lang>/LC_MESSAGES/<doc>.po`` is read once
(:func:`scan`): ``msgfmt --check`` first (a catalog it rejects is not parsed further), then
polib. The statistics and every entry check work on that one reading. The outcome is a
:class:`LanguageReport` per language: its failures, its notes (see
:mod:`booklet.checks.routing`) and its statistics (:mod:`booklet.checks.stats`).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from booklet.checks import completeness, content, msgfmt  # noqa: F401  (registers checks)
from booklet.checks.completeness import DEFAULT_THRESHOLD, MISSING, THRESHOLD
from booklet.checks.registry import ENTRY, REGISTRY, EntryContext, file_path_label
from booklet.checks.routing import is_note, order
from booklet.checks.stats import LanguageStats, language_stats
from booklet.checks.termlist import Term, load_terms
from booklet.errors import ConfigError, Finding

logger = logging.getLogger(__name__)

#: msgfmt's ``(line, message, check)`` diagnostics of one file.
Problems = tuple[tuple[int | None, str, str], ...]


@dataclass(frozen=True)
class ScannedCatalog:
    """One catalog as read once: msgfmt's diagnostics, and the parsed catalog if valid."""

    path: Path
    problems: Problems
    catalog: polib.POFile | None  # None: msgfmt rejected it, or polib could not parse it
    parse_error: str = ""


@dataclass(frozen=True)
class LanguageReport:
    """The gate's outcome for one language."""

    language: str
    stats: LanguageStats
    findings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class CheckReport:
    """The outcome of :func:`run_checks`, by language, and over all of them."""

    languages: Mapping[str, LanguageReport]

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.languages.values() for f in r.findings), key=order)

    @property
    def notes(self) -> list[Finding]:
        return sorted((f for r in self.languages.values() for f in r.notes), key=order)

    @property
    def stats(self) -> dict[str, LanguageStats]:
        return {lang: report.stats for lang, report in self.languages.items()}


@dataclass(frozen=True)
class _Options:
    """The settings one run of the gate shares between its steps."""

    selected: frozenset[str]
    terms: tuple[Term, ...]
    thresholds: Mapping[str, float]
    drafts: frozenset[str]
    root: Path | None


def discover(locales_dir: Path, languages: Sequence[str]) -> dict[str, dict[str, Path]]:
    """Return ``{language: {docname: path}}`` of the catalogs under *locales_dir*."""
    found: dict[str, dict[str, Path]] = {}
    for language in languages:
        messages = locales_dir / language / "LC_MESSAGES"
        paths = sorted(messages.rglob("*.po")) if messages.is_dir() else []
        found[language] = {p.relative_to(messages).with_suffix("").as_posix(): p for p in paths}
    return found


def scan(path: Path) -> ScannedCatalog:
    """Read one catalog: msgfmt (once), then polib if msgfmt accepts it."""
    passed, problems = msgfmt.check_file(path)
    if not passed:
        return ScannedCatalog(path, tuple(problems), None)
    try:
        return ScannedCatalog(path, tuple(problems), polib.pofile(str(path)))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        return ScannedCatalog(path, tuple(problems), None, f"cannot parse the catalog: {error}")


def run_checks(locales_dir: Path, languages: Sequence[str], *, terms: Path | None = None,
               thresholds: Mapping[str, float] | None = None, drafts: Collection[str] = (),
               select: Collection[str] | None = None, root: Path | None = None) -> CheckReport:
    """Run the gate over the catalogs of *languages*.

    *thresholds* maps a language to its release threshold in percent (default 100);
    languages in *drafts* may fall below it. *select* limits the run to some check names;
    *root* is the folder paths are shown relative to (default: the parent of
    *locales_dir*, the project root).
    """
    options = _Options(_selection(select), tuple(load_terms(terms)) if terms else (),
                       thresholds or {}, frozenset(drafts),
                       locales_dir.parent if root is None else root)
    catalogs = discover(locales_dir, languages)
    reports = {lang: _language_report(locales_dir, lang, catalogs, options) for lang in languages}
    report = CheckReport(reports)
    logger.info("catalog check: %d failure(s), %d note(s) in %s", len(report.findings),
                len(report.notes), ", ".join(languages))
    return report


def statistics(locales_dir: Path, languages: Sequence[str], *,
               thresholds: Mapping[str, float] | None = None,
               drafts: Collection[str] = ()) -> dict[str, LanguageStats]:
    """The statistics and completeness verdict of each language, without the other checks."""
    catalogs = discover(locales_dir, languages)
    return {lang: _stats(lang, [scan(p) for p in catalogs[lang].values()], catalogs,
                         thresholds or {}, lang in drafts) for lang in languages}


def _stats(language: str, scanned: Sequence[ScannedCatalog],
           catalogs: Mapping[str, Mapping[str, Path]], thresholds: Mapping[str, float],
           draft: bool) -> LanguageStats:
    everything = set().union(*catalogs.values())
    return language_stats(language, [s.catalog for s in scanned],
                          everything - set(catalogs[language]),
                          float(thresholds.get(language, DEFAULT_THRESHOLD)), draft)


def _language_report(locales_dir: Path, language: str,
                     catalogs: Mapping[str, Mapping[str, Path]], options: _Options
                     ) -> LanguageReport:
    scanned = [scan(path) for path in catalogs[language].values()]
    stats = _stats(language, scanned, catalogs, options.thresholds, language in options.drafts)
    found = list(_language_findings(locales_dir, language, catalogs, scanned, stats, options))
    return LanguageReport(language, stats,
                          tuple(sorted((f for f in found if not is_note(f, stats)), key=order)),
                          tuple(sorted((f for f in found if is_note(f, stats)), key=order)))


def _selection(select: Collection[str] | None) -> frozenset[str]:
    """Return the selected check names; raise :class:`ConfigError` for an unknown one."""
    if select is None:
        return frozenset(REGISTRY)
    unknown = sorted(set(select) - set(REGISTRY))
    if unknown:
        raise ConfigError(f"unknown check(s): {', '.join(unknown)}",
                          hint=f"known checks: {', '.join(REGISTRY)}")
    return frozenset(select)


def _language_findings(locales_dir: Path, language: str,
                       catalogs: Mapping[str, Mapping[str, Path]],
                       scanned: Sequence[ScannedCatalog], stats: LanguageStats,
                       options: _Options) -> Iterator[Finding]:
    """The findings of the missing catalogs, of each catalog, and of the threshold."""
    if MISSING in options.selected:
        yield from _missing(locales_dir, language, catalogs, options.root)
    for catalog in scanned:
        yield from _file_findings(catalog, language, options)
    message = completeness.threshold_message(language, stats.percentage, stats.threshold)
    if message and THRESHOLD in options.selected:
        yield Finding(file_path_label(locales_dir / language, options.root), None, message,
                      THRESHOLD)


def _missing(locales_dir: Path, language: str, catalogs: Mapping[str, Mapping[str, Path]],
             root: Path | None) -> Iterator[Finding]:
    """Yield a finding for each document another language has and *language* lacks."""
    messages = locales_dir / language / "LC_MESSAGES"
    if not catalogs[language]:
        yield Finding(file_path_label(messages, root), None,
                      f"no catalogs for language {language!r}", MISSING)
        return
    for docname in sorted(set().union(*catalogs.values()) - set(catalogs[language])):
        others = ", ".join(lang for lang, docs in catalogs.items() if docname in docs)
        path = file_path_label(messages / f"{docname}.po", root)
        yield Finding(path, None, f"catalog missing for document {docname!r} "
                                  f"(present for {others})", MISSING)


def _file_findings(scanned: ScannedCatalog, language: str, options: _Options) -> Iterator[Finding]:
    """msgfmt's findings of one catalog, then (if it was read) those of its entries."""
    label = file_path_label(scanned.path, options.root)
    for line, message, check in scanned.problems:
        if check in options.selected:
            yield Finding(label, line, message, check)
    if scanned.parse_error and msgfmt.SYNTAX in options.selected:
        yield Finding(label, None, scanned.parse_error, msgfmt.SYNTAX)
    if scanned.catalog is None:
        return
    catalog = scanned.catalog
    lines = scanned.path.read_text(encoding=catalog.encoding or "utf-8",
                                   errors="replace").splitlines()
    context = EntryContext(language, lines, options.terms)
    yield from _entry_findings(label, catalog, context, options.selected)


def _entry_findings(label: str, catalog: polib.POFile, context: EntryContext,
                    selected: frozenset[str]) -> Iterator[Finding]:
    """Yield the findings of the selected entry checks over every entry of *catalog*."""
    checks = [c for c in REGISTRY.values() if c.scope == ENTRY and c.name in selected]
    for entry in catalog:
        for check in checks:
            if check.translated_only and not entry.translated():
                continue
            for line, message in check.function(entry, context):
                yield Finding(label, line, message, check.name)
