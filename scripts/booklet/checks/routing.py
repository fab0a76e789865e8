"""Which findings fail the gate and which are notes, and the order they are shown in.

A finding is a note when its check's ``note_when`` says so for its language: always
(``obsolete``, msgfmt warnings), in a draft language (``missing``, ``threshold``), or in a
draft language or one that meets its release threshold (``untranslated``, ``fuzzy``).
Every other finding is a failure in every language.
"""

from __future__ import annotations

from booklet.checks.registry import NOTE_ALWAYS, NOTE_IF_MET, NOTE_IN_DRAFT, REGISTRY
from booklet.checks.stats import LanguageStats
from booklet.errors import Finding


def is_note(finding: Finding, stats: LanguageStats) -> bool:
    """Whether *finding*, in the language of *stats*, is a note rather than a failure."""
    when = REGISTRY[finding.check].note_when
    return (when == NOTE_ALWAYS or (when == NOTE_IN_DRAFT and stats.draft)
            or (when == NOTE_IF_MET and (stats.draft or stats.meets_threshold)))


def order(finding: Finding) -> tuple[str, int, str, str]:
    """Sort key: path, line, check, message."""
    return str(finding.path), finding.line or 0, finding.check, finding.message
