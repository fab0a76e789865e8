"""The catalog quality gate behind ``booklet check``.

It checks the gettext catalogs ``<locales>/<lang>/LC_MESSAGES/<doc>.po``:

* ``syntax``, ``duplicate`` -- ``msgfmt --check`` (a rejected file is not parsed further);
* ``untranslated``, ``fuzzy``, ``obsolete``, ``missing``, ``threshold`` -- completeness;
* ``facts``, ``markup``, ``safety``, ``terms`` -- content of each translated entry.

Completeness findings are notes rather than failures in a language
configured as a draft (and untranslated or fuzzy entries also in a language
that meets a release threshold below 100; obsolete entries are always notes):
see :mod:`booklet.checks.completeness`.  Every other finding is a failure in
every language.  Findings are sorted by path and line and print as
``path:line: message [check]``.

Public API: :func:`check_catalogs`, :func:`run_checks`, :func:`catalog_stats`,
:func:`list_checks` and the registry :data:`REGISTRY`.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from booklet.checks import completeness, content, msgfmt  # noqa: F401  (registers checks)
from booklet.checks.completeness import DEFAULT_THRESHOLD, MISSING, THRESHOLD
from booklet.checks.registry import (ENTRY, NOTE_ALWAYS, NOTE_IF_MET, NOTE_IN_DRAFT, REGISTRY,
                                     Check, EntryContext, file_path_label)
from booklet.checks.termlist import Term, load_terms
from booklet.errors import ConfigError, Finding

__all__ = ["REGISTRY", "CheckReport", "catalog_stats", "check_catalogs", "discover",
           "list_checks", "run_checks"]

logger = logging.getLogger(__name__)

RELEASE, DRAFT, FAILS = "release", "draft", "fails"


@dataclass
class CheckReport:
    """The outcome of :func:`run_checks`: failures, notes (draft languages) and statistics."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    stats: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class _Options:
    """The settings one run of the gate shares between its steps."""

    selected: frozenset[str]
    terms: tuple[Term, ...]
    drafts: frozenset[str]
    root: Path | None


def list_checks() -> list[Check]:
    """Return every registered check, in registration order."""
    return list(REGISTRY.values())


def discover(locales_dir: Path, languages: Sequence[str]) -> dict[str, dict[str, Path]]:
    """Return ``{language: {docname: path}}`` of the catalogs under *locales_dir*."""
    found: dict[str, dict[str, Path]] = {}
    for language in languages:
        messages = locales_dir / language / "LC_MESSAGES"
        paths = sorted(messages.rglob("*.po")) if messages.is_dir() else []
        found[language] = {p.relative_to(messages).with_suffix("").as_posix(): p for p in paths}
    return found


def check_catalogs(locales_dir: Path, languages: Sequence[str], *, terms: Path | None,
                   thresholds: Mapping[str, float], drafts: Collection[str],
                   select: Collection[str] | None = None, root: Path | None = None
                   ) -> list[Finding]:
    """Run the gate over the catalogs of *languages*; return the failures, sorted.

    *thresholds* maps a language to its release threshold in percent (default
    100); languages in *drafts* may fall below it.  *select* limits the run to
    some check names; *root* is the directory paths are shown relative to
    (default: the parent of *locales_dir*, the project root).
    """
    return run_checks(locales_dir, languages, terms=terms, thresholds=thresholds,
                      drafts=drafts, select=select, root=root).findings


def run_checks(locales_dir: Path, languages: Sequence[str], *, terms: Path | None = None,
               thresholds: Mapping[str, float] | None = None, drafts: Collection[str] = (),
               select: Collection[str] | None = None, root: Path | None = None) -> CheckReport:
    """Run the gate; return failures, notes and per-language statistics."""
    options = _Options(_selection(select), tuple(load_terms(terms)) if terms else (),
                       frozenset(drafts), locales_dir.parent if root is None else root)
    report = CheckReport(stats=catalog_stats(locales_dir, languages, thresholds=thresholds,
                                             drafts=drafts))
    catalogs = discover(locales_dir, languages)
    for language in languages:
        stats = report.stats[language]
        for finding in _language_findings(locales_dir, language, catalogs, options):
            _route(report, finding, stats, language in options.drafts)
        message = completeness.threshold_message(language, stats["percentage"],
                                                 stats["threshold"])
        if message and THRESHOLD in options.selected:
            where = file_path_label(locales_dir / language, options.root)
            finding = Finding(where, None, message, THRESHOLD)
            _route(report, finding, stats, language in options.drafts)
    report.findings.sort(key=_order)
    report.notes.sort(key=_order)
    logger.info("catalog check: %d failure(s), %d note(s) in %s", len(report.findings),
                len(report.notes), ", ".join(languages))
    return report


def _selection(select: Collection[str] | None) -> frozenset[str]:
    """Return the selected check names; raise :class:`ConfigError` for an unknown one."""
    if select is None:
        return frozenset(REGISTRY)
    unknown = sorted(set(select) - set(REGISTRY))
    if unknown:
        raise ConfigError(f"unknown check(s): {', '.join(unknown)}",
                          hint=f"known checks: {', '.join(REGISTRY)}")
    return frozenset(select)


def _route(report: CheckReport, finding: Finding, stats: Mapping, draft: bool) -> None:
    """File *finding* as a note or a failure, by its check's ``note_when`` and the language."""
    when = REGISTRY[finding.check].note_when
    met = stats["percentage"] + 1e-9 >= stats["threshold"]
    is_note = (when == NOTE_ALWAYS or (when == NOTE_IN_DRAFT and draft)
               or (when == NOTE_IF_MET and (draft or met)))
    (report.notes if is_note else report.findings).append(finding)


def _order(finding: Finding) -> tuple[str, int, str, str]:
    """Sort key: path, line, check, message."""
    return str(finding.path), finding.line or 0, finding.check, finding.message


def _language_findings(locales_dir: Path, language: str, catalogs: Mapping[str, Mapping[str, Path]],
                       options: _Options) -> Iterator[Finding]:
    """Yield the findings of the missing catalogs and of each catalog of *language*."""
    if MISSING in options.selected:
        yield from _missing(locales_dir, language, catalogs, options.root)
    for path in catalogs[language].values():
        yield from _check_file(path, language, options)


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


def _check_file(path: Path, language: str, options: _Options) -> list[Finding]:
    """Return the findings of one catalog: msgfmt first, then (if it passed) the entry checks."""
    label = file_path_label(path, options.root)
    passed, problems = msgfmt.check_file(path)
    findings = [Finding(label, line, message, check) for line, message, check in problems
                if check in options.selected]
    if not passed:
        return findings
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        finding = Finding(label, None, f"cannot parse the catalog: {error}", msgfmt.SYNTAX)
        return findings + [finding] if msgfmt.SYNTAX in options.selected else findings
    lines = path.read_text(encoding=catalog.encoding or "utf-8", errors="replace").splitlines()
    context = EntryContext(language, lines, options.terms)
    return findings + list(_entry_findings(label, catalog, context, options.selected))


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


def _language_stats(paths: Sequence[Path]) -> dict:
    """Return message and word counts over the catalogs *paths* that msgfmt accepts."""
    stats = dict.fromkeys(("catalogs", "invalid", "messages", "translated", "fuzzy",
                           "untranslated", "obsolete", "words_total", "words_translated"), 0)
    for path in paths:
        stats["catalogs"] += 1
        if not msgfmt.check_file(path)[0]:
            stats["invalid"] += 1
            continue
        for entry in polib.pofile(str(path)):
            _count(stats, entry)
    return stats


def _count(stats: dict, entry: polib.POEntry) -> None:
    """Add one entry to *stats*."""
    if entry.obsolete:
        stats["obsolete"] += 1
        return
    words = len(entry.msgid.split())
    stats["messages"] += 1
    stats["words_total"] += words
    if entry.translated():
        stats["translated"] += 1
        stats["words_translated"] += words
    elif entry.fuzzy:
        stats["fuzzy"] += 1
    else:
        stats["untranslated"] += 1


def catalog_stats(locales_dir: Path, languages: Sequence[str], *,
                  thresholds: Mapping[str, float] | None = None,
                  drafts: Collection[str] = ()) -> dict[str, dict]:
    """Return per-language statistics and the verdict of the completeness gate.

    For each language: ``catalogs``, ``invalid`` (rejected by msgfmt, not
    counted further), ``missing`` (docnames another language has),
    ``messages``, ``translated``, ``fuzzy``, ``untranslated``, ``obsolete``,
    ``words_total`` and ``words_translated`` (words of the msgids),
    ``percentage`` (translated messages), ``threshold`` and ``verdict``:
    ``"release"`` (at or above the threshold, every catalog present and
    valid), ``"draft"`` (below, but configured as a draft) or ``"fails"``.
    Content checks do not enter the verdict; :func:`check_catalogs` runs them.
    """
    catalogs = discover(locales_dir, languages)
    everything = set().union(*catalogs.values()) if catalogs else set()
    result = {}
    for language in languages:
        stats = _language_stats(list(catalogs[language].values()))
        stats["missing"] = sorted(everything - set(catalogs[language]))
        stats["percentage"] = _percentage(stats)
        stats["threshold"] = _threshold(thresholds or {}, language)
        stats["verdict"] = _verdict(stats, language in drafts)
        result[language] = stats
    return result


def _percentage(stats: Mapping[str, int]) -> float:
    """Translated share of the messages in percent (0 without any catalog)."""
    if not stats["messages"]:
        return 100.0 if stats["catalogs"] else 0.0
    return round(100.0 * stats["translated"] / stats["messages"], 2)


def _threshold(thresholds: Mapping[str, float], language: str) -> float:
    """Return the release threshold of *language*; raise :class:`ConfigError` if out of range."""
    value = float(thresholds.get(language, DEFAULT_THRESHOLD))
    if not 0.0 <= value <= 100.0:
        raise ConfigError(f"release threshold of {language!r} must be 0 to 100, not {value:g}")
    return value


def _verdict(stats: Mapping, draft: bool) -> str:
    """Return ``release``, ``draft`` or ``fails`` for one language's statistics."""
    if stats["invalid"]:
        return FAILS
    complete = stats["catalogs"] and not stats["missing"]
    if complete and stats["percentage"] + 1e-9 >= stats["threshold"]:
        return RELEASE
    return DRAFT if draft else FAILS
