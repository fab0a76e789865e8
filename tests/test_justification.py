"""Book-quality justification: the word-gap measure, total-fit line breaking, every edition.

* The measure (:mod:`booklet.pdf.typometrics`) is checked on small PDFs whose gaps are
  known: a no-break space is a word gap like a space; a loose line is found.
* The line breaker (:mod:`booklet.pdf.linebreak`) is checked on made-up measures (it
  avoids the loose line greedy breaking gives, never ends four lines in a row with a
  hyphen) and on a paragraph (tokens, no-break spaces and soft hyphens written in,
  footnotes left alone).
* Each of the five editions is built (``booklet build --lang X --format pdf``) into a
  temporary folder and its reading PDF must meet the targets of the measure.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
import weasyprint

from booklet.pdf import linebreak, typometrics
from booklet.pdf.linebreak import DASH, END, HYPHEN, SPACE, Measure, Piece

from conftest import PROJECT, run_booklet

EPOCH = "1800000000"
NBSP = "\u00a0"
WORDS = ("Justified text keeps its word gaps even when every line is filled from the "
         "left margin to the right one, which is what a reader of a book expects to see. ")


def _pdf(tmp_path: Path, body: str, width: str = "60mm") -> Path:
    html = (f'<html lang="en"><body style="margin:0; font: 10pt/14pt \'DejaVu Serif\'">'
            f'<div style="width:{width}; text-align: justify">{body}</div></body></html>')
    target = tmp_path / "sample.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


# ------------------------------------------------------------------------ the measure

def test_a_no_break_space_is_a_word_gap(tmp_path: Path) -> None:
    """Every space of the sample is a no-break space but one per line's end: the measure
    still finds every gap of every justified line (words split at U+00A0)."""
    words = (WORDS * 3).split()
    text = "".join(w + (" " if i % 9 == 8 else NBSP) for i, w in enumerate(words))
    pdf = _pdf(tmp_path, f"<p>{text}</p>", width="110mm")
    _, lines = typometrics.read_lines(pdf)
    full = typometrics.justified(typometrics.body_lines(lines))
    assert full, lines
    assert all(len(line.words) == 9 for line in full), [line.words for line in full]
    size = typometrics.body_size(pdf)
    assert size == 10.0
    assert all(0.2 < line.gap(size) < 1.5 for line in full)


def test_a_loose_line_is_measured(tmp_path: Path) -> None:
    """A line of four words stretched over a wide measure: its gaps are far above
    0.70 em, and the report says so."""
    pdf = _pdf(tmp_path, f"<p>{WORDS}<br>Four words set wide<br>{WORDS}</p>".replace(
        "Four words set wide<br>", '<span style="display:inline-block; width:60mm; '
        'text-align: justify; text-align-last: justify">Four words set wide</span> '))
    report = typometrics.measure(pdf)
    assert report.max_gap > typometrics.TARGETS.max_gap, report
    assert report.over_max >= 1
    assert any("word gaps over 0.7 em" in f for f in report.failures())


def test_a_space_inside_inline_code_is_not_a_word_gap(tmp_path: Path) -> None:
    """Inline code keeps its spaces at the monospace advance: the measure leaves them out
    of the word gaps (its words are found in pdftohtml's monospace runs)."""
    code = '<code style="font-family: \'DejaVu Sans Mono\'">tallyctl add visitors</code>'
    pdf = _pdf(tmp_path, f"<p>Call it or run {code} now.</p>", width="150mm")
    _, lines = typometrics.read_lines(pdf)
    line = next(line for line in lines if "tallyctl" in line.words)
    assert [w for w, c in zip(line.words, line.code) if c] == ["tallyctl", "add", "visitors"]
    assert len(line.gaps) == len(line.words) - 1 - 2


# --------------------------------------------------------------------- the line breaker

def _measure(widths: list[float], kinds: list[str] | None = None, width: float = 100.0,
             size: float = 10.0) -> Measure:
    """Pieces of *widths* side by side, a 2.6 space after each that a SPACE follows."""
    kinds = kinds or [SPACE] * len(widths)
    left, right, x = [], [], 0.0
    for w, kind in zip(widths, kinds, strict=True):
        left.append(x)
        right.append(x + w)
        x += w + (2.6 if kind == SPACE else 0.0)
    return Measure(left=left, right=right, start=0.0, width=width, hyphen=3.0, font_size=size)


def _greedy(m: Measure) -> list[float]:
    """The gaps (em) of the lines a greedy breaker sets at spaces (as WeasyPrint does)."""
    gaps, start, n = [], 0, len(m.left)
    while True:
        end = start
        while end + 1 < n and m.right[end + 1] - m.left[start] <= m.width:
            end += 1
        if end == n - 1:
            return gaps
        spaces = end - start
        slack = m.width - (m.right[end] - m.left[start])
        gaps.append((spaces * 2.6 + slack) / spaces / m.font_size)
        start = end + 1


def test_total_fit_avoids_the_loose_line_of_greedy_breaking() -> None:
    widths = [8, 8, 12, 20, 20, 8, 8, 30, 20, 30, 25, 25, 16, 8]
    pieces = [Piece(None, SPACE) for _ in widths[:-1]] + [Piece(None, END)]
    m = _measure(widths)
    assert max(_greedy(m)) > 0.70  # a full first line, then a loose one
    result = linebreak.plan(pieces, m)
    assert result is not None
    _, lines = result
    assert max(line.gap for line in lines) < 0.55, lines


def _longest_run(lines: list[linebreak.Line]) -> int:
    run = longest = 0
    for line in lines:
        run = run + 1 if line.hyphenated else 0
        longest = max(longest, run)
    return longest


def test_no_fourth_hyphen_in_a_row() -> None:
    """Words whose best setting, unrestricted, ends four lines in a row with a hyphen."""
    words = [(12, 14), (10, 12), (16, 10, 8), (14,), (10, 12), (10, 12), (12, 14), (12, 14),
             (10, 12), (16, 10, 8), (12, 14), (12, 14), (14,), (12, 14), (10, 12), (10, 12),
             (10, 12), (20,), (14,), (12, 14), (12, 14), (20,), (14,), (10, 12), (10, 12),
             (14,), (16, 10, 8), (16, 10, 8), (12, 14), (10, 12)]
    widths = [w for word in words for w in word]
    kinds = [k for word in words for k in [HYPHEN] * (len(word) - 1) + [SPACE]]
    kinds[-1] = END
    pieces = [Piece(None, kind) for kind in kinds]
    m = _measure(widths, kinds)
    free = linebreak.plan(pieces, m, replace(linebreak.LIMITS, max_hyphen_run=99))
    assert free is not None and _longest_run(free[1]) > 3
    result = linebreak.plan(pieces, m)
    assert result is not None and _longest_run(result[1]) <= 3


def test_a_dash_break_the_breaker_would_take_is_not_left_on_the_line() -> None:
    """After ``10–`` a line breaker may break by itself: a plan must not end a line
    earlier while that piece would still fit on it (WeasyPrint would take it). Without
    the rule, the best first line of these pieces ends at piece 4, with room for 5."""
    widths = [28, 10, 8, 18, 8, 10, 28, 8, 28, 15, 18, 22]
    kinds = [SPACE, DASH, SPACE, SPACE, SPACE, DASH, DASH, SPACE, SPACE, SPACE, DASH, END]
    pieces = [Piece(None, kind) for kind in kinds]
    m = _measure(widths, kinds)
    assert m.right[5] - m.left[0] <= m.width  # "… 8 10–" fits on the first line
    result = linebreak.plan(pieces, m)
    assert result is not None
    assert result[1][0].end == 5, result[1]


def test_tokens_and_imposed_breaks() -> None:
    paragraph = lxml.html.fragment_fromstring(
        '<p>Alpha beta <em>gamma</em>, delta<span class="footnote">note text here</span> '
        'epsilon 19–20 zeta</p>')
    pieces = linebreak.tokenize(paragraph, lambda w: [2] if w == "epsilon" else [])
    texts = [p.where.node.text[p.where.start:p.where.end] if p.where and p.where.attr == "text"
             else (p.where.node.tail[p.where.start:p.where.end] if p.where else None)
             for p in pieces]
    assert texts == ["Alpha", "beta", "gamma", ",", "delta", None, "ep", "silon", "19–", "20",
                     "zeta"]
    kinds = [p.after for p in pieces]
    assert kinds == [SPACE, SPACE, linebreak.JOIN, SPACE, linebreak.JOIN, SPACE, HYPHEN, SPACE,
                     DASH, SPACE, END]
    linebreak.impose(pieces, [1, 6])  # after "beta", and "ep-silon"
    text = paragraph.text_content()
    assert text == f"Alpha{NBSP}beta gamma,{NBSP}deltanote text here{NBSP}ep\u00adsilon" \
                   f"{NBSP}19–20{NBSP}zeta"
    assert paragraph.find("span").text == "note text here"  # the footnote is left alone


def test_inline_code_is_planned_but_never_hyphenated() -> None:
    paragraph = lxml.html.fragment_fromstring(
        '<p>Run <code><span class="pre">tallyctl</span> <span class="pre">add</span></code> '
        'tallyctl</p>')
    pieces = linebreak.tokenize(paragraph, lambda w: [4] if w == "tallyctl" else [])
    assert linebreak.plannable(paragraph)
    assert [p.after for p in pieces] == [SPACE, SPACE, SPACE, HYPHEN, END]  # only the prose word


def test_the_measuring_copy_marks_the_place_after_each_footnote() -> None:
    paragraph = lxml.html.fragment_fromstring(
        '<p>Alpha beta <em>gamma</em>, delta<span class="footnote">note</span> epsilon</p>')
    pieces = linebreak.tokenize(paragraph, lambda w: [])
    linebreak.measuring_copy(pieces)
    marks = paragraph.xpath(".//span[@data-b]")
    assert [int(s.get("data-b")) for s in marks] == [i for i, p in enumerate(pieces)
                                                     if p.where is None] == [5]
    assert marks[0].getprevious().get("class") == "footnote"
    assert paragraph.text_content() == "Alpha beta gamma, deltanote epsilon"


def _set_line(body: str, css: str = "") -> tuple[list[Piece], Measure | None]:
    """The pieces of the paragraph *body* and their measure from its one-line layout."""
    from booklet.adapters import weasyprint as wp

    paragraph = lxml.html.fragment_fromstring(f'<p data-p="1@m">{body}</p>')
    pieces = linebreak.tokenize(paragraph, lambda w: [3] if w == "efficient" else [])
    copy = lxml.html.fragment_fromstring(lxml.html.tostring(paragraph, encoding="unicode"))
    linebreak.measuring_copy(linebreak.tokenize(copy, lambda w: [3] if w == "efficient" else []))
    copy.append(linebreak.hyphen_probe())
    html = (f'<html lang="en"><body style="margin:0; font: 10pt/14pt \'DejaVu Serif\'">'
            f'<div style="width:60mm; text-align: justify; {css}">'
            f'{lxml.html.tostring(copy, encoding="unicode")}</div></body></html>')
    document = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(
        string=f"p {{ {linebreak.MEASURING_CSS} }}")])
    line = wp.set_lines(document, "@m")["1@m"]
    return pieces, linebreak.measure(pieces, line)


def test_the_measure_is_where_weasyprint_sets_each_piece() -> None:
    """Piece edges from the characters of one unbroken line: in order, each piece as
    wide as its text set alone, word gaps of the font's space (DejaVu Serif: 0.318 em),
    no gap at a hyphenation point (inside a ligature, ``ffi``, the pieces share it)."""
    pieces, m = _set_line("An <em>efficient</em> and   plain\nline, 19\u201320 wide.")
    assert m is not None
    texts = [getattr(p.where.node, p.where.attr)[p.where.start:p.where.end] for p in pieces]
    assert texts == ["An", "eff", "icient", "and", "plain", "line,", "19\u2013", "20", "wide."]
    assert all(a < b for a, b in zip(m.left, m.right)), m
    assert all(b <= a + 0.01 for a, b in zip(m.left[1:], m.right)), m
    gaps = [m.left[k + 1] - m.right[k] for k, p in enumerate(pieces) if p.after == SPACE]
    assert len(gaps) == 6 and all(abs(g / m.font_size - 0.318) < 0.01 for g in gaps), gaps
    assert m.right[1] == pytest.approx(m.left[2])  # no gap at a hyphenation point
    plain = weasyprint.HTML(string='<p style="font: 10pt \'DejaVu Serif\'; margin: 0">'
                            '<span>plain</span></p>').render()
    from booklet.adapters.weasyprint import boxes  # noqa: PLC0415
    alone = next(b for b in plain.pages[0]._page_box.descendants()
                 if isinstance(b, boxes.TextBox))
    assert abs((m.right[4] - m.left[4]) - alone.width) < 0.01
    assert 0.25 < m.hyphen / m.font_size < 0.45  # DejaVu's hyphen


def test_a_paragraph_whose_text_is_transformed_is_not_measured() -> None:
    """Text the stylesheet changes (here: upper case, ß -> SS) is not the pieces' text:
    no measure, so no plan (the paragraph keeps WeasyPrint's breaks or an adjustment)."""
    assert _set_line("Die Straße ist breit.")[1] is not None
    assert _set_line("Die Straße ist breit.", "text-transform: uppercase")[1] is None


# ------------------------------------------------------------------------ the editions

@pytest.mark.parametrize("lang", PROJECT.languages)
def test_justification_of_each_edition(lang: str, tmp_path: Path) -> None:
    """The reading PDF of *lang*, built from scratch: word gaps, line length and
    hyphenation within the targets of :mod:`booklet.pdf.typometrics`."""
    done = run_booklet("build", "--lang", lang, "--format", "pdf", "--build-dir", tmp_path,
                       "-j", "1", env={"SOURCE_DATE_EPOCH": EPOCH}, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = tmp_path / "pdf" / f"{PROJECT.slug}-{lang}.pdf"
    report = typometrics.measure(pdf)
    assert report.justified_lines > 50, report
    assert not report.failures(), f"{lang}: {report.summary()}: " + "; ".join(
        f"{gap:.2f} em p.{line.page} {line.text!r}" for gap, line in typometrics.wide_lines(pdf))
    assert os.path.getsize(pdf) > 10_000


def test_a_bound_no_break_space_is_a_gap_the_plan_counts() -> None:
    """``20\u00a0January``: one piece, never broken, but its no-break space is stretched
    like the others, so the plan counts it among the line's gaps."""
    paragraph = lxml.html.fragment_fromstring(f"<p>On 20{NBSP}January it was cold</p>")
    pieces = linebreak.tokenize(paragraph, lambda w: [])
    assert [p.bound for p in pieces] == [0, 1, 0, 0, 0]
    m = _measure([12, 40, 8, 10, 20], width=200.0)
    width, spaces, _ = linebreak._natural(pieces, m, 0, 4)
    assert spaces == 5


def test_no_break_is_expected_beside_a_no_break_space() -> None:
    """``брошюра\u00a0— не``: a line breaker breaks neither before nor after the dash
    that a no-break space binds; after a free dash it may (``19–20``), not in ``-5``."""
    paragraph = lxml.html.fragment_fromstring(f"<p>брошюра{NBSP}— не 19–20 a-5</p>")
    kinds = [p.after for p in linebreak.tokenize(paragraph, lambda w: [])]
    assert kinds == [SPACE, SPACE, DASH, SPACE, END]


def test_a_plan_the_book_does_not_set_as_planned_is_dropped(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans are checked in the book's own layout: a plan whose lines do not come out
    (here: a break after every word, which the greedy breaker fills up) is dropped, its
    paragraph tried in the adjustments instead, and the book laid out again."""
    from booklet.pdf import fit

    text = " ".join(["Incomprehensibilities are characteristically uncharacteristic."] * 6)
    html = f'<html lang="en"><body><p data-p="x.1">{text}</p></body></html>'
    css = "p { width: 45mm; font: 10pt 'DejaVu Serif'; text-align: justify; hyphens: manual }"

    def layout(html: str, extra: str):
        return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css + extra)])

    books: list[str] = []

    def book_layout(html: str, extra: str):
        books.append(html)
        return layout(html, extra)

    def every_word(pieces, measure):
        return {"breaks": list(range(len(pieces) - 1)), "word_spacing": 0.0,
                "letter_spacing": 0.0, "verdict": fit.Verdict()}

    monkeypatch.setattr(fit, "_best_plan", every_word)
    choices = fit.Choices(tmp_path / "choices.json")
    fitted, document = fit.fit_book(html, css, layout, book_layout, choices)
    assert len(books) == 2, "the plan was not checked in the book"
    assert document is not None and fitted.html == books[-1]
    assert list(choices.known.values()) != [] and not any(
        isinstance(choice, dict) for choice in choices.known.values()), choices.known
