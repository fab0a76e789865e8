"""Inline reStructuredText markup found in a message, for comparing msgid and msgstr.

:func:`inline_markup` returns a :class:`collections.Counter` of markup items.
Items whose text is translated are reduced to their kind (a role by its name,
a named reference, a link); items that must stay the same are kept whole (the
target of a cross-reference role, footnote labels, substitution names,
literal text, link targets).
"""

from __future__ import annotations

import re
from collections import Counter

#: Roles whose target must stay untranslated (Sphinx resolves it by that text).
TARGET_ROLES = frozenset({"ref", "doc", "term", "numref", "download", "any", "std:ref",
                          "std:doc", "std:term", "keyword", "option", "envvar", "token"})

LITERAL = re.compile(r"``(?P<text>[^`]+?)``")
ROLE = re.compile(r"(?<![\w`]):(?P<role>[A-Za-z][\w+.-]*(?::[\w+.-]+)?):"
                  r"`(?P<text>(?:[^`\\]|\\.)+?)`(?!`)")
LINK = re.compile(r"(?<![\w`])`(?P<text>[^`]*?)\s*<(?P<target>[^<>`]+)>`(?P<anon>__?)")
REFERENCE = re.compile(r"(?<![\w`])`(?P<text>[^`<>]+?)`(?P<anon>__?)(?!\w)")
INTERPRETED = re.compile(r"(?<![\w`:])`(?P<text>[^`]+?)`(?![_`\w:])")
FOOTNOTE = re.compile(r"\[(?P<label>#[\w.-]*|\*|\d+|[A-Za-z][\w.-]*)\]_")
SUBSTITUTION = re.compile(r"(?<![\w|])\|(?P<name>[^|\s](?:[^|\n]*?[^|\s])?)\|"
                          r"(?P<anon>__?)?(?![\w|])")
TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def role_target(role: str, text: str) -> str:
    """Return the target of a role's text (``title <target>`` or the whole text)."""
    match = TITLED.match(text)
    target = match["target"] if match else text
    return target.lstrip("!~").strip()


def _collect(pattern: re.Pattern[str], text: str, found: Counter[str], key) -> str:
    """Count ``key(match)`` for each match of *pattern* in *text*; return the rest of the text."""
    for match in pattern.finditer(text):
        found[key(match)] += 1
    return pattern.sub(" ", text)


def _role_key(match: re.Match[str]) -> str:
    """Key of a role: its name, and its target when the target must stay the same."""
    role = match["role"]
    if role in TARGET_ROLES:
        return f":{role}: target {role_target(role, match['text'])!r}"
    return f":{role}: role"


def inline_markup(text: str) -> Counter[str]:
    """Return the inline markup items of *text*, counted."""
    found: Counter[str] = Counter()
    rest = _collect(LITERAL, text, found, lambda m: f"literal ``{m['text']}``")
    rest = _collect(ROLE, rest, found, _role_key)
    rest = _collect(LINK, rest, found, lambda m: f"link to <{m['target'].strip()}>{m['anon']}")
    rest = _collect(REFERENCE, rest, found, lambda m: f"reference `...`{m['anon']}")
    rest = _collect(INTERPRETED, rest, found, lambda m: "interpreted text `...`")
    rest = _collect(FOOTNOTE, rest, found, lambda m: f"footnote reference [{m['label']}]_")
    _collect(SUBSTITUTION, rest, found, lambda m: f"substitution |{m['name']}|{m['anon'] or ''}")
    return found


def strip_markup(text: str) -> str:
    """Return *text* without literals, roles and references (for the HTML tag check)."""
    for pattern in (LITERAL, ROLE, LINK, REFERENCE):
        text = pattern.sub(" ", text)
    return text
