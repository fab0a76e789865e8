"""Registry of catalog checks, modelled on sphinx-lint's checkers.

A check is a small generator function ``check(entry, context)`` that yields
``(line, message)`` pairs for one catalog entry.  It is registered under a
check name with :func:`register`; the name is printed after every finding it
produces (``path:line: message [name]``) and lets the caller list or select
checks.  Checks that work on whole files (``syntax``, ``duplicate``) or whole
languages (``missing``, ``threshold``) are registered with a scope instead of
an entry function, so that every name can be listed and selected alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from booklet.checks.termlist import Term

#: What a check looks at: one entry, one file (msgfmt) or one language.
ENTRY, FILE, LANGUAGE = "entry", "file", "language"
#: Values of :attr:`Check.note_when`.
NOTE_NEVER, NOTE_IN_DRAFT, NOTE_IF_MET, NOTE_ALWAYS = "", "draft", "met", "always"


@dataclass(frozen=True)
class EntryContext:
    """What an entry check may know besides the entry: its catalog and language."""

    language: str
    lines: Sequence[str] = ()
    terms: Sequence[Term] = ()

    def msgstr_line(self, entry: polib.POEntry) -> int:
        """Return the line of the entry's first ``msgstr`` keyword (else its first line)."""
        for number in range(max(entry.linenum, 1), len(self.lines) + 1):
            text = self.lines[number - 1].lstrip()
            if text.startswith("msgstr"):
                return number
            if number > entry.linenum and not text:
                break
        return entry.linenum


EntryCheck = Callable[[polib.POEntry, EntryContext], Iterator[tuple[int, str]]]


@dataclass(frozen=True)
class Check:
    """One registered check."""

    name: str
    description: str
    scope: str = ENTRY
    function: EntryCheck | None = None
    #: When a finding is a note rather than a failure: "" never, "draft" in a draft
    #: language, "met" in a draft language or one that meets its release threshold,
    #: "always" (the check only informs).
    note_when: str = ""
    #: Entry checks only: run on translated entries only (else on every entry).
    translated_only: bool = True


#: Every check by name, in registration order.
REGISTRY: dict[str, Check] = {}


def register(name: str, description: str, *, note_when: str = "",
             translated_only: bool = True) -> Callable[[EntryCheck], EntryCheck]:
    """Register the decorated generator as the entry check *name*."""

    def decorator(function: EntryCheck) -> EntryCheck:
        add(Check(name, description, ENTRY, function, note_when, translated_only))
        return function

    return decorator


def add(check: Check) -> None:
    """Add *check* to the registry; a name may be registered once only."""
    if check.name in REGISTRY:
        raise ValueError(f"check {check.name!r} is registered twice")
    REGISTRY[check.name] = check


def file_path_label(path: Path, root: Path | None) -> str:
    """Return *path* relative to *root* where possible, else as given."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
