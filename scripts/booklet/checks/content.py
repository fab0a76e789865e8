"""Content checks of a translated entry: facts, markup, safety and terms.

Each check is a small generator over one translated entry yielding
``(line, message)``; the line is that of the entry's ``msgstr``.  They run on
translated (not fuzzy, not obsolete) entries only, in draft languages too: a
draft may be incomplete but never wrong or unsafe.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import polib

from booklet.checks.inline import inline_markup, strip_markup
from booklet.checks.registry import EntryContext, register
from booklet.checks.termlist import contains_form, mentions

NUMBER = re.compile(r"\d+")
TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>|<(?P<decl>[!?])")
URL = re.compile(r"(?<![\w.+-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?://|(?=[^\s/]*@))"
                 r"[^\s<>`\"'\\]+")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes reported wherever they appear in a msgstr, even split by spaces or entities.
DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "file", "blob", "filesystem")
_GAP = r"[\s\x00-\x1f]*"
DANGEROUS = re.compile(
    r"(?<![A-Za-z0-9+.-])(?P<scheme>" + "|".join(_GAP.join(s) for s in DANGEROUS_SCHEMES)
    + r")" + _GAP + ":", re.IGNORECASE)


def translations(entry: polib.POEntry) -> list[str]:
    """Return the entry's translations (its msgstr, or each plural msgstr)."""
    if entry.msgstr_plural:
        return [text for _, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def source_text(entry: polib.POEntry) -> str:
    """Return the source text: msgid and, for a plural entry, msgid_plural."""
    return f"{entry.msgid}\n{entry.msgid_plural}" if entry.msgid_plural else entry.msgid


def numbers(text: str) -> set[str]:
    """Return the digit sequences of *text*, normalised (any Unicode digits, no leading zeros)."""
    return {str(int(digits)) for digits in NUMBER.findall(text)}


@register("facts", "every number of the msgid appears, as digits, in the msgstr")
def check_facts(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report numbers (years, days, counts) changed, dropped or added in a translation."""
    line, expected = context.msgstr_line(entry), numbers(source_text(entry))
    for text in translations(entry):
        found = numbers(text)
        for number in sorted(expected - found, key=int):
            yield line, f"number {number} of the msgid is missing from the msgstr"
        for number in sorted(found - expected, key=int):
            yield line, f"number {number} in the msgstr is not in the msgid"


@register("markup", "roles, references, footnotes, substitutions and literals are kept")
def check_markup(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report inline markup that the translation dropped, added or changed."""
    line, expected = context.msgstr_line(entry), inline_markup(source_text(entry))
    for text in translations(entry):
        found = inline_markup(text)
        for item in sorted(expected.keys() | found.keys()):
            if expected[item] != found[item]:
                yield line, (f"{item}: {expected[item]} in the msgid, "
                             f"{found[item]} in the msgstr")


def tag_names(text: str) -> set[str]:
    """Return the lower-case names of raw HTML tags (``!``/``?`` for declarations) in *text*."""
    return {(m["name"] or m["decl"]).lower() for m in TAG.finditer(strip_markup(text))}


def urls(text: str) -> set[str]:
    """Return the URLs of *text*, without trailing punctuation."""
    return {m.group(0).rstrip(".,;:!?)]") for m in URL.finditer(text)}


def unsafe_schemes(text: str) -> set[str]:
    """Return dangerous or disallowed URL schemes in *text* (also after decoding entities)."""
    found = set()
    for variant in {text, html.unescape(text)}:
        found |= {re.sub(r"[\s\x00-\x1f]", "", m["scheme"]).lower()
                  for m in DANGEROUS.finditer(variant)}
        found |= {m["scheme"].lower() for m in URL.finditer(variant)} - ALLOWED_SCHEMES
    return found


@register("safety", "no raw HTML, dangerous URL scheme or new URL in a msgstr")
def check_safety(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report HTML tags, non-web URL schemes and URLs that the msgid does not have."""
    line, source = context.msgstr_line(entry), source_text(entry)
    for text in translations(entry):
        for tag in sorted(tag_names(text) - tag_names(source)):
            yield line, f"raw HTML tag <{tag}> in the msgstr, not in the msgid"
        for scheme in sorted(unsafe_schemes(text)):
            yield line, f"URL scheme {scheme + ':'!r} is not allowed (only http, https, mailto)"
        for url in sorted(urls(text) - urls(source)):
            yield line, f"URL {url!r} in the msgstr is not in the msgid"


@register("terms", "a listed term is rendered with its form from locales/terms.csv")
def check_terms(entry: polib.POEntry, context: EntryContext) -> Iterator[tuple[int, str]]:
    """Report a term of the msgid whose listed form is absent from the msgstr."""
    line, source = context.msgstr_line(entry), source_text(entry)
    for term in context.terms:
        forms = term.forms.get(context.language, ())
        if not forms or not mentions(source, term):
            continue
        for text in translations(entry):
            if not any(contains_form(text, form) for form in forms):
                yield line, (f"term {term.english[0]!r} should read "
                             f"{term.preferred(context.language)!r} (see locales/terms.csv)")
