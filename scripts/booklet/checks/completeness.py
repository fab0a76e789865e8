"""Completeness checks: untranslated, fuzzy and obsolete entries, missing catalogs, thresholds.

Entry findings carry polib's ``entry.linenum`` (the first line of the entry,
its ``#, fuzzy`` flag line for a fuzzy one).  A language meets its release
threshold when its translated percentage (translated messages over all
current messages, as ``sphinx-intl stat`` counts) is at least the threshold
(default 100).

Which findings fail the gate:

* ``untranslated``, ``fuzzy`` -- failures unless the language is a draft or
  meets its threshold (a threshold below 100 allows that many gaps);
* ``missing`` (a catalog another language has), ``threshold`` -- failures
  unless the language is a draft;
* ``obsolete`` -- always a note: ``#~`` entries never reach the reader.

A draft may be incomplete, never unsafe: content checks fail drafts too.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from booklet.checks.registry import (LANGUAGE, NOTE_ALWAYS, NOTE_IF_MET, NOTE_IN_DRAFT, Check,
                                     EntryContext, add, register)

UNTRANSLATED, FUZZY, OBSOLETE = "untranslated", "fuzzy", "obsolete"
MISSING, THRESHOLD = "missing", "threshold"
DEFAULT_THRESHOLD = 100.0
EXCERPT = 60

add(Check(MISSING, "a language lacks a catalog that another language has", LANGUAGE,
          note_when=NOTE_IN_DRAFT))
add(Check(THRESHOLD, "a language's translated percentage is below its release threshold",
          LANGUAGE, note_when=NOTE_IN_DRAFT))


def excerpt(text: str, size: int = EXCERPT) -> str:
    """Return *text* on one line, cut to about *size* characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


@register(UNTRANSLATED, "an entry has no translation", note_when=NOTE_IF_MET,
          translated_only=False)
def check_untranslated(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report a current entry with an empty msgstr."""
    if not entry.obsolete and not entry.fuzzy and not entry.translated():
        yield entry.linenum, f"untranslated: {excerpt(entry.msgid)!r}"


@register(FUZZY, "an entry is marked fuzzy (Sphinx does not use it)", note_when=NOTE_IF_MET,
          translated_only=False)
def check_fuzzy(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report a current entry flagged ``fuzzy``: it needs review and is not built."""
    if not entry.obsolete and entry.fuzzy:
        yield entry.linenum, f"fuzzy translation needs review: {excerpt(entry.msgid)!r}"


@register(OBSOLETE, "a catalog keeps an obsolete (#~) entry", note_when=NOTE_ALWAYS,
          translated_only=False)
def check_obsolete(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report an obsolete entry: its source text is gone; delete it or reuse it."""
    if entry.obsolete:
        yield entry.linenum, f"obsolete entry: {excerpt(entry.msgid)!r}"


def threshold_message(language: str, percentage: float, threshold: float) -> str | None:
    """Return the finding text when *percentage* is below *threshold*, else None."""
    if percentage + 1e-9 >= threshold:
        return None
    return (f"language {language!r} is {percentage:.1f}% translated, "
            f"below its release threshold of {threshold:g}%")
