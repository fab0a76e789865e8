"""Paragraph fitting: the typesetter's pass over loose lines and hyphen ladders.

WeasyPrint breaks lines greedily, has no ``hyphenate-limit-lines``, and a word its
dictionary cannot hyphenate leaves a loose line. Every justified paragraph
(``<p data-p="...">``, numbered by :mod:`.assemble`) is judged from WeasyPrint's line
boxes, in em of its font (:data:`LIMITS`, the targets of :mod:`.typometrics`):

* a *wide* line: a word gap over 0.55 em; a *loose* line: over 0.70 em;
* a *ladder*: more than :data:`MAX_HYPHEN_RUN` hyphenated line ends in a row.

Line breaks depend only on a paragraph's text, style and width, not on the page it is
on. So the paragraphs are judged in a *galley* (:func:`galley_verdicts`: each one in a
copy of its ancestors, one after the other, no pages to fill). A failing paragraph gets
its breaks chosen for the whole paragraph (:mod:`.linebreak`: measured in one galley,
planned, kept if the plan's own lines are better than the paragraph's, and written into
its HTML as no-break spaces and soft hyphens, with a word spacing of
:data:`WORD_SPACINGS`). A paragraph that cannot be planned (an image in it, text
its stylesheet transforms, a right-to-left line) is set again in the variants of
:data:`ADJUSTMENTS`, a few a round (:data:`ROUNDS`), and keeps the first that passes
(or the best). The book is then laid out with those
choices, and each planned paragraph checked in it: one that did not come out as
planned (or no better) gets the variants instead, and the book is laid out again.

A paragraph's verdict and choice depend on nothing but the paragraph (its text,
ancestors, stylesheet and the code judging it), so they are kept in a :class:`Choices`
cache under a key of exactly that: a rebuild after an edit judges only the new
paragraphs, and its result is the one a build from scratch gives.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import lxml.html

from .. import hyphenation
from ..adapters import weasyprint as wp
from ..adapters.weasyprint import LineFacts, paragraph_lines  # noqa: F401 - part of fit's API
from ..atomic import write_bytes
from . import linebreak

log = logging.getLogger(__name__)

#: The word gaps a justified line may have, in em (the targets of :mod:`.typometrics`).
LIMITS = linebreak.LIMITS
MAX_HYPHEN_RUN = LIMITS.max_hyphen_run
#: Tried in this order on a failing paragraph whose breaks could not be planned.
#: (Word spacing only: see :data:`LETTER_SPACINGS`.)
ADJUSTMENTS = (
    "word-spacing: -0.03em",
    "hyphenate-limit-chars: 5 2 3",
    "word-spacing: -0.05em",
    "hyphenate-limit-chars: 5 2 3; word-spacing: -0.04em",
    "word-spacing: 0.02em",
)


@dataclass(frozen=True)
class Verdict:
    """A paragraph's faults: lines whose word gaps exceed the limits of :data:`LIMITS`
    (*wide*: over ``wide`` em, *loose*: over ``loose`` em) and hyphenated line ends
    beyond the limit (*ladder*)."""

    loose: int = 0
    ladder: int = 0
    wide: int = 0

    @property
    def score(self) -> int:
        return (self.loose + self.ladder) * 100 + self.wide * 10

    def __bool__(self) -> bool:
        return self.score > 0


def verdicts(lines: dict[str, list[LineFacts]]) -> dict[str, Verdict]:
    """Each paragraph's faults, judged from its own lines only."""
    result = {}
    for key, group in lines.items():
        gaps = [line.gap_em for line in group if line.spaces]
        result[key] = Verdict(sum(g > LIMITS.loose for g in gaps),
                              _ladder_excess(line.hyphenated for line in group),
                              sum(LIMITS.wide < g <= LIMITS.loose for g in gaps))
    return result


def _ladder_excess(hyphenated: Iterable[bool]) -> int:
    """Hyphenated line ends beyond :data:`MAX_HYPHEN_RUN` in a row."""
    excess = run = 0
    for ends_hyphenated in hyphenated:
        run = run + 1 if ends_hyphenated else 0
        excess += run > MAX_HYPHEN_RUN
    return excess


#: A paragraph's choice: an index into :data:`ADJUSTMENTS` (:data:`UNADJUSTED`: none),
#: or a plan of :mod:`.linebreak`: ``{"breaks": [pieces that end a line], "word_spacing":
#: em}``.
Choice = int | dict[str, Any]
#: The word spacings (em) a planned paragraph may be set with: spaces cannot shrink in
#: WeasyPrint's justification, a narrower natural space is their shrink.
WORD_SPACINGS = (0.0, -0.02, -0.04, -0.06)
#: The letter spacings (em) a planned paragraph may be set with, the second only when
#: nothing else avoids a wide line (it costs :data:`LETTER_SPACING_DEMERITS`): WeasyPrint
#: 70 draws a letter-spaced justified line up to 0.5 pt longer or shorter than it laid
#: it out.
LETTER_SPACINGS = (0.0, -0.008)
LETTER_SPACING_DEMERITS = 5e4
#: Where a planned paragraph may be hyphenated: two letters before the hyphen and two
#: after (TeX's Russian limits; Turkic syllables are as short), three after in the
#: languages of :data:`RIGHT_THREE` (TeX's English ones), words long enough for both.
PLANNED_HYPHENATION = {"min_word": 4, "left": 2, "right": 2}
RIGHT_THREE = frozenset({"en", "de", "fr", "it", "es", "pt", "nl"})
#: The index of a paragraph set as it is, without adjustment.
UNADJUSTED = -1
#: The variants tried in each round of trials: a later round only sets the paragraphs
#: that no variant of the earlier rounds made pass (the first passing variant wins).
ROUNDS: tuple[tuple[int, ...], ...] = ((0,), (1, 2), (3, 4))
#: Lets the trial paragraphs follow each other on the page.
TRIAL_CSS = "body * { break-before: auto !important; page: auto !important; }\n"
#: The suffix of a paragraph's copy in the galley that measures its pieces.
MEASURING = "measure"


def rules(choice: dict[str, Choice]) -> str:
    """CSS giving each paragraph its chosen adjustment (or the style of planned breaks)."""
    return "".join(f'p[data-p="{key}"] {{ {_css(value)}; }}\n'
                   for key, value in sorted(choice.items()) if value != UNADJUSTED)


def _css(choice: Choice) -> str:
    if isinstance(choice, dict):
        return _planned_css(choice)
    return ADJUSTMENTS[choice]


def _planned_css(choice: dict[str, Any]) -> str:
    words, letters = choice.get("word_spacing", 0.0), choice.get("letter_spacing", 0.0)
    return (linebreak.PLANNED_CSS + (f"; word-spacing: {words:g}em" if words else "")
            + (f"; letter-spacing: {letters:g}em" if letters else ""))


Transform = Callable[[Any], None]


def galley_document(html: str, copies: dict[str, tuple[str, str, Transform | None]]
                    ) -> tuple[str, str]:
    """A galley of paragraph copies: ``{copy key: (paragraph key, its CSS, change)}``,
    each copy in its ancestors, changed by *change* (if any); and their CSS."""
    root = lxml.html.document_fromstring(html)
    body = root.body
    found = {p.get("data-p"): p for p in root.xpath("//p[@data-p]")}
    trials = []
    css = [TRIAL_CSS]
    for copy_key, (key, rule, change) in copies.items():
        if key not in found:
            continue
        shell = _in_context(found[key], copy_key)
        if change is not None:
            change(shell.xpath(f'descendant-or-self::p[@data-p="{copy_key}"]')[0])
        trials.append(shell)
        if rule:
            css.append(f'p[data-p="{copy_key}"] {{ {rule}; }}\n')
    for child in list(body):
        body.remove(child)
    body.text = None
    body.extend(trials)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode"), "".join(css)


def trial_document(html: str, keys: Iterable[str],
                   indices: Iterable[int] = range(len(ADJUSTMENTS))) -> tuple[str, str]:
    """The variants *indices* of each paragraph in *keys* (:data:`UNADJUSTED`: as it is),
    each in its ancestors, as ``key@index``; and their CSS."""
    indices = list(indices)
    return galley_document(html, {
        f"{key}@{index}": (key, "" if index == UNADJUSTED else ADJUSTMENTS[index], None)
        for key in sorted(keys) for index in indices})


def _in_context(paragraph: Any, key: str) -> Any:
    """A copy of *paragraph* (ids and links removed) inside shallow copies of its ancestors."""
    duplicate = copy.deepcopy(paragraph)
    duplicate.tail = None
    duplicate.set("data-p", key)
    for element in duplicate.iter():
        if isinstance(element.tag, str):
            element.attrib.pop("id", None)
            element.attrib.pop("href", None)
    chain = [duplicate]
    previous = paragraph.getprevious()
    if previous is not None and previous.tag == "p":
        chain.insert(0, lxml.html.Element("p"))  # keeps ``p + p`` styles (the indent)
    inner: list[Any] = chain
    for ancestor in paragraph.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        shell = lxml.html.Element(ancestor.tag, {k: v for k, v in ancestor.attrib.items()
                                                 if k != "id"})
        shell.extend(inner)
        inner = [shell]
    return inner[0]


class Choices:
    """Paragraph key -> its :data:`Choice`. Kept as JSON at *path*; only the keys of the
    last book are saved."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known: dict[str, Choice] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.known = {str(k): (_plan(v) if isinstance(v, dict) else int(v))
                              for k, v in data.items()}
            except (OSError, ValueError, AttributeError, TypeError):
                self.known = {}

    def save(self, used: dict[str, Choice]) -> None:
        if self.path is not None and used != self.known:
            write_bytes(self.path, (json.dumps(used, sort_keys=True, indent=0) + "\n").encode())
        self.known = dict(used)


def _plan(value: dict[str, Any]) -> dict[str, Any]:
    return {"breaks": [int(b) for b in value["breaks"]],
            "word_spacing": float(value.get("word_spacing", 0.0)),
            "letter_spacing": float(value.get("letter_spacing", 0.0))}


def paragraph_keys(html: str, salt: str) -> dict[str, str]:
    """``data-p`` -> a key of everything its line breaks depend on (see the docstring)."""
    root = lxml.html.document_fromstring(html)
    keys = {}
    for paragraph in root.xpath("//p[@data-p]"):
        shell = lxml.html.tostring(_in_context(paragraph, "p"), encoding="unicode")
        keys[paragraph.get("data-p")] = hashlib.sha256((salt + shell).encode()).hexdigest()[:32]
    return keys


def _salt(css: str) -> str:
    """The stylesheet, the WeasyPrint version and the judging code: all a choice rests on."""
    digest = hashlib.sha256(f"{wp.version_salt()}\0{css}".encode())
    for module in (__file__, wp.__file__, linebreak.__file__, hyphenation.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _trials(html: str, failing: dict[str, Verdict],
            layout: Callable[[str, str], Any]) -> dict[str, Choice]:
    """Each failing paragraph's variant: the first that passes, else the best if better
    than none (:data:`UNADJUSTED`). Tried in :data:`ROUNDS`, so most paragraphs are set
    once or twice."""
    scores: dict[str, dict[int, int]] = {key: {} for key in failing}
    pending = set(failing)
    for indices in ROUNDS:
        if not pending:
            break
        trial_html, trial_css = trial_document(html, pending, indices)
        trial = verdicts(paragraph_lines(layout(trial_html, trial_css)))
        for key in sorted(pending):
            scores[key].update({i: trial[f"{key}@{i}"].score for i in indices if f"{key}@{i}" in trial})
        pending = {key for key in pending if 0 not in scores[key].values()}
    chosen: dict[str, Choice] = {}
    for key, verdict in failing.items():
        best = min(((score, i) for i, score in scores[key].items()),
                   default=(verdict.score, UNADJUSTED))
        chosen[key] = best[1] if best[0] < verdict.score else UNADJUSTED
    return chosen


# ----------------------------------------------------------- breaks for the whole paragraph

def _tokenizer(root: Any) -> Callable[[Any], list[linebreak.Piece] | None]:
    """The pieces of a paragraph of the parsed book *root*, hyphenated in its language."""
    language = root.get("lang") or ""
    limits = dict(PLANNED_HYPHENATION)
    if language.split("-")[0].split("_")[0].lower() in RIGHT_THREE:
        limits.update(right=3, min_word=5)
    hyphenate = hyphenation.hyphenator(language, **limits)

    def pieces(paragraph: Any) -> list[linebreak.Piece] | None:
        return linebreak.tokenize(paragraph, hyphenate) if linebreak.plannable(paragraph) else None
    return pieces


def _plans(html: str, failing: dict[str, Verdict],
           layout: Callable[[str, str], Any]) -> dict[str, Choice]:
    """Breaks planned for the whole paragraph (:mod:`.linebreak`) for each failing
    paragraph that can have them, kept where the plan's own lines are better than the
    paragraph as it is (:func:`fit_book` checks them again in the book)."""
    if not failing:
        return {}
    root = lxml.html.document_fromstring(html)
    tokens = _tokenizer(root)
    paragraphs = {p.get("data-p"): p for p in root.xpath("//p[@data-p]")}

    def measuring(paragraph: Any) -> None:
        pieces = tokens(paragraph)
        if pieces:
            linebreak.measuring_copy(pieces)
            paragraph.append(linebreak.hyphen_probe())

    copies = {f"{key}@{MEASURING}": (key, linebreak.MEASURING_CSS, measuring) for key in failing}
    measured = wp.set_lines(layout(*galley_document(html, copies)), f"@{MEASURING}")
    planned: dict[str, dict[str, Any]] = {}
    for key in sorted(failing):
        pieces = tokens(paragraphs[key]) if key in paragraphs else None
        line = measured.get(f"{key}@{MEASURING}")
        measure = linebreak.measure(pieces, line) if pieces and line is not None else None
        if measure is None:
            continue
        choice = _best_plan(pieces, measure)
        if choice is not None and choice.pop("verdict").score < failing[key].score:
            planned[key] = choice
    return planned


def _best_plan(pieces: list[linebreak.Piece], measure: linebreak.Measure
               ) -> dict[str, Any] | None:
    """The plan of least demerits over :data:`WORD_SPACINGS` and :data:`LETTER_SPACINGS`
    (a letter spacing costs :data:`LETTER_SPACING_DEMERITS`, so it is not tried when a
    plan without one costs less than that)."""
    options = []
    sums = linebreak.Sums(pieces, measure)
    for letters in LETTER_SPACINGS:
        if letters and options and min(options)[0] < LETTER_SPACING_DEMERITS:
            break
        for words in WORD_SPACINGS:
            result = linebreak.plan(pieces, replace(measure, word_spacing=words,
                                                    letter_spacing=letters), sums=sums)
            if result is not None:
                cost = result[0] + (LETTER_SPACING_DEMERITS if letters else 0.0)
                options.append((cost, len(options), words, letters, result[1]))
    if not options:
        return None
    _, _, words, letters, lines = min(options)
    return {"breaks": linebreak.breaks_of(lines), "word_spacing": words,
            "letter_spacing": letters, "verdict": _predicted(lines)}


def _predicted(lines: list[linebreak.Line]) -> Verdict:
    """The verdict of a paragraph set as planned, from the plan's own lines."""
    gaps = [line.gap for line in lines[:-1]]
    return Verdict(sum(g > LIMITS.loose for g in gaps),
                   _ladder_excess(line.hyphenated for line in lines[:-1]),
                   sum(LIMITS.wide < g <= LIMITS.loose for g in gaps))


def _unkept(document: Any, plans: dict[str, dict[str, Any]], failing: dict[str, Verdict]
            ) -> set[str]:
    """The planned paragraphs of the laid-out book that did not come out as planned (as
    many lines) or no better than they were."""
    lines = paragraph_lines(document)
    judged = verdicts(lines)
    wrong = set()
    for key, choice in plans.items():
        set_as_planned = len(lines.get(key, [])) == len(choice["breaks"])
        verdict = judged.get(key, Verdict())
        if not set_as_planned or verdict.score >= failing[key].score:
            log.debug("fit: planned breaks of %s not kept (%d of %d lines, %s)", key,
                      len(lines.get(key, [])), len(choice["breaks"]), verdict)
            wrong.add(key)
    return wrong


def impose_plans(html: str, plans: dict[str, dict[str, Any]]) -> str:
    """*html* with the planned breaks of each paragraph written into it."""
    if not plans:
        return html
    root = lxml.html.document_fromstring(html)
    tokens = _tokenizer(root)
    for paragraph in root.xpath("//p[@data-p]"):
        choice = plans.get(paragraph.get("data-p"))
        pieces = tokens(paragraph) if choice is not None else None
        if pieces:
            linebreak.impose(pieces, choice["breaks"])
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode")


def galley_verdicts(html: str, keys: Iterable[str],
                    layout: Callable[[str, str], Any]) -> dict[str, Verdict]:
    """The verdict of each paragraph in *keys*, set as it is in a *galley*: the paragraphs
    one after the other, each in its ancestors (a small layout, no pages to fill)."""
    keys = list(keys)
    if not keys:
        return {}
    galley_html, galley_css = trial_document(html, keys, (UNADJUSTED,))
    judged = verdicts(paragraph_lines(layout(galley_html, galley_css)))
    return {key: judged.get(f"{key}@{UNADJUSTED}", Verdict()) for key in keys}


@dataclass(frozen=True)
class Fitted:
    """The fitted book: its HTML (planned breaks written in) and the extra CSS."""

    html: str
    css: str


def fit_book(html: str, css: str, trial_layout: Callable[[str, str], Any],
             book_layout: Callable[[str, str], Any], choices: Choices | None = None
             ) -> tuple[Fitted, Any]:
    """The paragraphs of *html* fitted (see the module docstring), and the book laid out
    with them: the HTML and extra CSS, and the document *book_layout* gave. *css* is the
    stylesheet the layouts apply (for the cache keys); *trial_layout* lays out the
    galleys. A plan the book does not set as planned is dropped, its paragraph tried
    in the adjustments, and the book laid out again (once: breaks depend on nothing
    but the paragraph)."""
    choices = choices or Choices()
    keys = paragraph_keys(html, _salt(css))
    known = {p: choices.known[k] for p, k in keys.items() if k in choices.known}
    judged = galley_verdicts(html, [p for p in keys if p not in known], trial_layout)
    failing = {p: verdict for p, verdict in judged.items() if verdict}
    planned = _plans(html, failing, trial_layout)
    rest = {p: v for p, v in failing.items() if p not in planned}
    settled: dict[str, Choice] = {**known, **dict.fromkeys(judged, UNADJUSTED),
                                  **_trials(html, rest, trial_layout), **planned}
    fitted, document = _laid_out(html, settled, book_layout)
    unkept = _unkept(document, planned, failing)
    if unkept:
        settled.update(_trials(html, {p: failing[p] for p in unkept}, trial_layout))
        fitted, document = _laid_out(html, settled, book_layout)
    log.debug("fit: %d paragraph(s) judged, %d failing, %d planned, %d adjusted",
              len(judged), len(failing), len(planned) - len(unkept),
              sum(settled[p] != UNADJUSTED for p in failing if p not in planned or p in unkept))
    choices.save({keys[p]: c for p, c in settled.items()})
    return fitted, document


def _laid_out(html: str, settled: dict[str, Choice], book_layout: Callable[[str, str], Any]
              ) -> tuple[Fitted, Any]:
    plans = {p: c for p, c in settled.items() if isinstance(c, dict)}
    fitted = Fitted(impose_plans(html, plans), rules(settled))
    return fitted, book_layout(fitted.html, fitted.css)
