"""Paragraph fitting: the typesetter's last pass over loose lines and hyphen ladders.

WeasyPrint breaks lines greedily, has no ``hyphenate-limit-lines``, and a word its
dictionary cannot hyphenate leaves a loose line. Every justified paragraph
(``<p data-p="...">``, numbered by :mod:`.assemble`) is judged from WeasyPrint's line
boxes:

* a *loose* line: its word gaps average more than :data:`LOOSE_FACTOR` times the
  natural word space of its font (a justified book's median gap is about 1.4 to 1.5
  times that, so the limit is about 1.9 times the median);
* a *ladder*: more than :data:`MAX_HYPHEN_RUN` hyphenated line ends in a row.

Line breaks depend only on a paragraph's text, style and width, not on the page it is
on. So the paragraphs are judged in a *galley* (:func:`galley_verdicts`: each one in a
copy of its ancestors, one after the other, no pages to fill), and the failing ones are
set again in the variants of :data:`ADJUSTMENTS` (slightly tighter or looser letter and
word spacing, or stricter hyphenation), a few variants a round (:data:`ROUNDS`) until
each has one that passes; each gets the first variant that passes (or the best one), as
a CSS rule for its ``data-p``, and the book is laid out once, with those rules.

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import weasyprint
from weasyprint.formatting_structure import boxes

from ..atomic import write_bytes
from . import wpfix

log = logging.getLogger(__name__)

#: Word space of Noto Serif and Noto Sans, in em (``hmtx`` of U+0020: 260/1000).
SPACE_EM = 0.26
#: Times the natural word space. Measured medians are 1.41 (en) to 1.50 (ru, tr) times
#: it, so this is 1.8 to 1.9 times the median: stricter than the typometrics target (2x).
LOOSE_FACTOR = 2.7
MAX_HYPHEN_RUN = 3
#: Tried in this order on a failing paragraph.
ADJUSTMENTS = (
    "letter-spacing: -0.004em; word-spacing: -0.02em",
    "letter-spacing: 0.004em",
    "letter-spacing: -0.008em; word-spacing: -0.04em",
    "hyphenate-limit-chars: 7 3 3; letter-spacing: -0.006em; word-spacing: -0.03em",
    "letter-spacing: 0.008em; word-spacing: 0.02em",
)


@dataclass(frozen=True)
class LineFacts:
    paragraph: str
    spaces: int
    gap: float  # average word gap of the line, px
    hyphenated: bool
    natural: float = 0.0  # average natural word space of the line's fonts, px


@dataclass(frozen=True)
class Verdict:
    """A paragraph's faults: loose lines and hyphenated line ends beyond the limit."""

    loose: int = 0
    ladder: int = 0

    @property
    def score(self) -> int:
        return self.loose * 2 + self.ladder

    def __bool__(self) -> bool:
        return self.score > 0


def paragraph_lines(document: Any) -> dict[str, list[LineFacts]]:
    """The justified lines of every numbered paragraph, in order (last lines dropped)."""
    found: dict[str, list[LineFacts]] = {}
    for page in document.pages:
        for block in _justified_blocks(page._page_box):
            key = block.element.get("data-p")
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    facts = _line_facts(key, line)
                    if facts is not None:
                        found.setdefault(key, []).append(facts)
    return {key: lines[:-1] for key, lines in found.items()}


def _justified_blocks(box: Any) -> Iterator[Any]:
    if (isinstance(box, boxes.BlockBox) and box.element is not None
            and box.element.get("data-p") and box.style["text_align_all"] == "justify"):
        yield box
        return
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.LineBox):
            yield from _justified_blocks(child)


def _line_facts(key: str, line: Any) -> LineFacts | None:
    texts = [b for b in line.descendants() if isinstance(b, boxes.TextBox) and b.text]
    if not texts:
        return None
    spaces, width, unjustified = 0, 0.0, 0.0
    for i, box in enumerate(texts):
        text = box.text
        if i == 0:
            text = text.lstrip(" ")
        if i == len(texts) - 1:
            text = text.rstrip(" ")
        count = text.count(" ")
        style = box.style
        natural = SPACE_EM * style["font_size"] + style["word_spacing"] + 2 * _letter(style)
        spaces += count
        width += count * (natural + (box.justification_spacing or 0))
        unjustified += count * natural
    hyphen = texts[-1].style["hyphenate_character"]
    return LineFacts(key, spaces, width / spaces if spaces else 0.0,
                     bool(hyphen) and texts[-1].text.rstrip(" ").endswith(hyphen),
                     unjustified / spaces if spaces else 0.0)


def _letter(style: Any) -> float:
    value = style["letter_spacing"]
    return 0.0 if value == "normal" else float(value)


def verdicts(lines: dict[str, list[LineFacts]]) -> dict[str, Verdict]:
    """Each paragraph's faults, judged from its own lines only."""
    result = {}
    for key, group in lines.items():
        loose = sum(1 for line in group if line.spaces and line.gap > LOOSE_FACTOR * line.natural)
        result[key] = Verdict(loose, _ladder_excess(group))
    return result


def _ladder_excess(group: list[LineFacts]) -> int:
    excess = run = 0
    for line in group:
        run = run + 1 if line.hyphenated else 0
        excess += run > MAX_HYPHEN_RUN
    return excess


def rules(choice: dict[str, int]) -> str:
    """CSS giving each paragraph its chosen adjustment."""
    return "".join(f'p[data-p="{key}"] {{ {ADJUSTMENTS[index]}; }}\n'
                   for key, index in sorted(choice.items()))


#: The index of a paragraph set as it is, without adjustment.
UNADJUSTED = -1
#: The variants tried in each round of trials: a later round only sets the paragraphs
#: that no variant of the earlier rounds made pass (the first passing variant wins).
ROUNDS: tuple[tuple[int, ...], ...] = ((0,), (1, 2), (3, 4))
#: Lets the trial paragraphs follow each other on the page.
TRIAL_CSS = "body * { break-before: auto !important; page: auto !important; }\n"


def trial_document(html: str, keys: Iterable[str],
                   indices: Iterable[int] = range(len(ADJUSTMENTS))) -> tuple[str, str]:
    """The variants *indices* of each paragraph in *keys* (:data:`UNADJUSTED`: as it is),
    each in its ancestors, as ``key@index``; and their CSS."""
    root = lxml.html.document_fromstring(html)
    body = root.body
    trials = []
    variants = {}
    for key in sorted(keys):
        found = root.xpath(f'//p[@data-p="{key}"]')
        if not found:
            continue
        for index in indices:
            variants[f"{key}@{index}"] = index
            trials.append(_in_context(found[0], f"{key}@{index}"))
    for child in list(body):
        body.remove(child)
    body.text = None
    body.extend(trials)
    css = TRIAL_CSS + "".join(f'p[data-p="{key}"] {{ {ADJUSTMENTS[index]}; }}\n'
                              for key, index in variants.items() if index != UNADJUSTED)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode"), css


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
    """Paragraph key -> the index in :data:`ADJUSTMENTS` it got (:data:`UNADJUSTED`: none).

    Kept as JSON at *path*; only the keys of the last book are saved.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known: dict[str, int] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.known = {str(k): int(v) for k, v in data.items()}
            except (OSError, ValueError, AttributeError):
                self.known = {}

    def save(self, used: dict[str, int]) -> None:
        if self.path is not None and used != self.known:
            write_bytes(self.path, (json.dumps(used, sort_keys=True, indent=0) + "\n").encode())
        self.known = dict(used)


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
    digest = hashlib.sha256(f"{weasyprint.__version__}\0{css}".encode())
    for module in (__file__, wpfix.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _trials(html: str, failing: dict[str, Verdict],
            layout: Callable[[str, str], Any]) -> dict[str, int]:
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
    chosen = {}
    for key, verdict in failing.items():
        best = min(((score, i) for i, score in scores[key].items()),
                   default=(verdict.score, UNADJUSTED))
        chosen[key] = best[1] if best[0] < verdict.score else UNADJUSTED
    return chosen


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


def fit(html: str, css: str, layout: Callable[[str, str], Any],
        trial_layout: Callable[[str, str], Any] | None = None,
        choices: Choices | None = None) -> tuple[Any, str]:
    """Lay out *html* with ``layout(html, extra_css)``, its paragraphs fitted.

    *css* is the stylesheet *layout* applies (for the cache keys); *trial_layout* lays
    out the galley and the trial documents (default: *layout*). Returns the document and
    the extra CSS that produced it (see the module docstring).
    """
    choices = choices or Choices()
    small = trial_layout or layout
    keys = paragraph_keys(html, _salt(css))
    known = {p: choices.known[k] for p, k in keys.items() if k in choices.known}
    judged = galley_verdicts(html, [p for p in keys if p not in known], small)
    failing = {p: verdict for p, verdict in judged.items() if verdict}
    settled = {**known, **dict.fromkeys(judged, UNADJUSTED), **_trials(html, failing, small)}
    log.debug("fit: %d paragraph(s) judged, %d failing, %d adjusted", len(judged), len(failing),
              sum(settled[p] != UNADJUSTED for p in failing))
    choices.save({keys[p]: i for p, i in settled.items()})
    extra = rules({p: i for p, i in settled.items() if i != UNADJUSTED})
    return layout(html, extra), extra
