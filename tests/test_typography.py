"""Micro-typography per language (booklet.typography, data/typography.toml, the Sphinx step).

Every rule of the data has an example here, and each example is checked twice: with
the real data it gives the expected text, and with its rule (the key, or the one list
entry it names) removed from a copy of the data it does not. ``⍽`` stands for U+00A0.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.etree
import pytest

from booklet import typography
from booklet.errors import SourceError

NB = "\u00a0"

# (language, data table, key, list entry or None, text, expected)
EXAMPLES: list[tuple[str, str, str, str | None, str, str]] = [
    # quotation marks by nesting depth; marks of another language are replaced
    ("ru", "ru", "quotes", None, 'Он сказал: "слово \'внутри\' него".', "Он сказал: «слово „внутри“ него»."),
    ("ru", "ru", "quotes", None, "“ночь”", "«ночь»"),
    ("az", "az", "quotes", None, '"Qara Yanvar"', "«Qara Yanvar»"),
    ("en", "en", "quotes", None, "\"the 'night'\"", "“the ‘night’”"),
    ("tr", "tr", "quotes", None, "«yerinde»", "“yerinde”"),
    ("tk", "tk", "quotes", None, '"Gara ýanwar"', "“Gara ýanwar”"),
    # apostrophes
    ("tr", "tr", "apostrophe", None, "Bakü'de 1990'ın", "Bakü’de 1990’ın"),
    ("en", "en", "apostrophe", None, "it's", "it’s"),
    ("ru", "ru", "apostrophe", None, "Юджин О'Нил", "Юджин О’Нил"),
    ("az", "az", "apostrophe", None, "D'Artanyan", "D’Artanyan"),
    ("tk", "tk", "apostrophe", None, "D'Artanýan", "D’Artanýan"),
    # dashes: the language's form, spaced, bound to the word before
    ("ru", "ru", "dash", None, "Баку - столица", "Баку⍽— столица"),
    ("ru", "ru", "dash", None, "Баку -- столица", "Баку⍽— столица"),
    ("az", "az", "dash", None, "Bakı – paytaxt", "Bakı⍽— paytaxt"),
    ("tk", "tk", "dash", None, "Aşgabat - paýtagt", "Aşgabat⍽— paýtagt"),
    ("en", "en", "dash", None, "Baku — the capital", "Baku⍽– the capital"),
    ("en", "en", "dash", None, "the night of 19--20 January", "the night of 19–20⍽January"),
    ("tr", "tr", "dash", None, "Bakü --- başkent", "Bakü⍽– başkent"),
    # the no-break space before a dash is its own rule (no line starts with a dash)
    ("de", "default", "bind_before_dash", None, "Berlin – die Hauptstadt", "Berlin⍽– die Hauptstadt"),
    ("ru", "default", "bind_before_dash", None, "Баку — столица", "Баку⍽— столица"),
    # a number's suffix is never split from it at a line end; a range keeps its hyphen
    ("tk", "default", "bind_number_suffix", None, "20-nji we 19-20", "20⁃nji we 19-20"),
    ("az", "default", "bind_number_suffix", None, "1994-cü", "1994⁃cü"),
    ("ru", "default", "bind_number_suffix", None, "36-й", "36⁃й"),
    # ellipsis
    ("ru", "ru", "ellipsis", None, "и так далее...", "и⍽так далее…"),
    ("en", "en", "ellipsis", None, "and so on...", "and so on…"),
    ("az", "az", "ellipsis", None, "və sairə...", "və sairə…"),
    ("tr", "tr", "ellipsis", None, "ve benzeri...", "ve benzeri…"),
    ("tk", "tk", "ellipsis", None, "we başgalar...", "we başgalar…"),
    # Russian one-letter prepositions and conjunctions, case-insensitive, and "см."
    *[("ru", "ru", "bind_after", word, f"{text} дом", f"{text}⍽дом")
      for word, text in [("в", "в"), ("в", "В"), ("с", "с"), ("к", "к"), ("о", "о"), ("у", "у"),
                         ("и", "и"), ("а", "А"), ("я", "я"), ("см.", "См.")]],
    ("ru", "ru", "bind_after", "г.", "событиях в г. Баку", "событиях в⍽г.⍽Баку"),
    ("ru", "ru", "bind_after", "я", "я знаю, 37-я и", "я⍽знаю, 37⁃я и"),
    ("ru", "default", "bind_after", "№", "№ 5", "№⍽5"),
    # numbers and the words that belong to them
    ("ru", "ru", "number_words", "год*", "1990 года", "1990⍽года"),
    ("ru", "ru", "number_words", "год*", "36-й годовщины", "36⁃й⍽годовщины"),
    ("ru", "ru", "number_words", "г.", "в 1994 г.", "в⍽1994⍽г."),
    ("ru", "ru", "number_words", "лет", "37 лет", "37⍽лет"),
    ("ru", "ru", "number_words", "км", "5 км", "5⍽км"),
    ("az", "az", "number_words", "il*", "1990-cı il", "1990⁃cı⍽il"),
    ("az", "az", "number_words", "il*", "36-cı ildönümü", "36⁃cı⍽ildönümü"),
    ("tr", "tr", "number_words", "yıl*", "1990 yılında", "1990⍽yılında"),
    ("tk", "tk", "number_words", "ýyl*", "2027-nji ýylyň", "2027⁃nji⍽ýylyň"),
    ("en", "default", "number_words", "km", "5 km", "5⍽km"),
    ("en", "default", "number_words", "%", "40 %", "40⍽%"),
    # day and month, in both orders (the day after the month is one or two digits)
    ("ru", "ru", "months", "январ*", "20 января 1990", "20⍽января 1990"),
    ("ru", "ru", "months", "мая", "9 мая", "9⍽мая"),
    ("en", "en", "months", "January", "20 January 1990, or January 20, 1990", "20⍽January 1990, or January⍽20, 1990"),
    ("az", "az", "months", "yanvar*", "20 yanvar; yanvarın 19-dan", "20⍽yanvar; yanvarın⍽19⁃dan"),
    ("tr", "tr", "months", "Ocak*", "20 Ocak'ta", "20⍽Ocak’ta"),
    ("tk", "tk", "months", "ýanwar*", "20-nji ýanwary", "20⁃nji⍽ýanwary"),
]


def show(text: str) -> str:
    """No-break spaces as ⍽ and non-breaking hyphens as ⁃, so that examples show them."""
    return text.replace(NB, "⍽").replace("\u2011", "⁃")


def without(data: dict[str, Any], table: str, key: str, entry: str | None) -> dict[str, Any]:
    """A copy of *data* without *key* in *table* (or without *entry* in that list)."""
    changed = copy.deepcopy(dict(data))
    if entry is None:
        changed[table].pop(key)
    else:
        changed[table][key] = [e for e in changed[table][key] if e != entry]
    return changed


@pytest.mark.parametrize("language, table, key, entry, text, expected", EXAMPLES)
def test_rule_applies(language, table, key, entry, text, expected):
    assert show(typography.typeset(text, language)) == expected


@pytest.mark.parametrize("language, table, key, entry, text, expected", EXAMPLES)
def test_example_fails_without_its_rule(language, table, key, entry, text, expected):
    data = without({k: dict(v) for k, v in typography.load().items()}, table, key, entry)
    rules = typography.rules_for(language, data)
    assert show(typography.typeset_pieces(rules, [text], [False])[0]) != expected


def test_every_rule_of_the_data_has_an_example():
    covered = {(table, key) for _lang, table, key, _entry, _text, _expected in EXAMPLES}
    rules = {(table, key) for table, values in typography.load().items() for key in values}
    assert rules <= covered, f"rules without an example: {sorted(rules - covered)}"


@pytest.mark.parametrize("text", [
    "https://example.org/a--b... - x",
    "write to someone@example.org - x",
])
def test_urls_are_left_alone(text):
    url = text.split(" - ")[0].split()[-1]
    assert url in typography.typeset(text, "ru")


def test_protected_pieces_and_escaped_characters_are_kept():
    rules = typography.rules_for("ru")
    pieces = ['Он написал "', '"code" -- x', '" в 1990 году', ' и "\'это\'"...']
    out = typography.typeset_pieces(rules, pieces, [False, True, False, False], [(), (), (), (4, 8)])
    assert [show(p) for p in out] == ["Он написал «", '"code" -- x', "» в⍽1990⍽году", " и⍽«'это'»…"]


def test_language_without_a_table_binds_with_defaults_and_cldr_months():
    rules = typography.rules_for("de")
    assert rules.quotes is None and rules.dash is None  # Sphinx's smart quotes stay in charge
    assert show(typography.typeset('Am 20. Januar "2027" - 5 km – gut', "de")) == \
        'Am 20.⍽Januar "2027" - 5⍽km⍽– gut'


def test_regional_tag_uses_the_language_table():
    assert typography.rules_for("ru_RU") == typography.rules_for("ru")


@pytest.mark.parametrize("text, message", [
    ('[ru]\nqoutes = ["«", "»", "„", "“"]\n', "unknown key 'qoutes'"),
    ('[ru]\nquotes = ["«", "»"]\n', "four characters"),
    ('[ru]\ndash = "--"\n', "one character"),
    ('[ru]\nbind_after = "в"\n', "a list of words"),
    ("[ru\n", "not valid TOML"),
])
def test_malformed_rules_name_the_file(tmp_path: Path, text: str, message: str):
    path = tmp_path / "typography.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as info:
        typography.load(path)
    assert str(path) in str(info.value)


# ------------------------------------------------------------------ the Sphinx step

ROOT = Path(__file__).parent / "roots" / "typography"


def sphinx(builder: str, language: str, out: Path, *options: str) -> Path:
    """Build the typography fixture with *builder* in *language* (strict); return the output folder.

    Plain ``sphinx-build`` with the extension given on the command line (the fixture's
    ``conf.py``, like any project's, does not name booklet)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", "-D", f"language={language}",
         "-D", "extensions=booklet.sphinxext", *options,
         str(ROOT / "docs"), str(out / builder), "-d", str(out / "doctrees")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out / builder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, lxml.etree._Element]:
    trees = {}
    for language in ("ru", "en", "tk", "de"):
        folder = sphinx("xml", language, tmp_path_factory.mktemp(language))
        trees[language] = lxml.etree.parse(str(folder / "index.xml")).getroot()
    return trees


def texts(tree: lxml.etree._Element, tag: str) -> list[str]:
    return [show("".join(node.itertext())) for node in tree.iter(tag)]


def test_step_runs_on_the_translated_text(built):
    ru = built["ru"]
    assert texts(ru, "title") == ["Типографика⍽— «правила»"]
    paragraphs = texts(ru, "paragraph")
    assert paragraphs[0].startswith("В⍽ночь на 20⍽января 1990⍽года⍽— «ночь»⍽— и⍽5⍽км… См.⍽")
    assert paragraphs[1] == "Дата издания: 20⍽января 2027⍽года"
    # a quotation across emphasis and a link; the space before the dash is in another node
    assert paragraphs[2] == "«Цитата через выделение и» ссылка «текст»⍽— конец."


def test_step_leaves_code_urls_raw_and_attributes_alone(built):
    for tree in (built["ru"], built["en"], built["tk"]):  # (de: Sphinx's smart quotes make a--b a–b)
        assert texts(tree, "literal") == ['"code" -- x']
        assert texts(tree, "literal_block") == ['"quoted" -- 20 January']
        assert texts(tree, "raw") == ['<span title="a - b">"raw" - 5 km</span>']
        assert [r.text for r in tree.iter("reference") if r.get("refuri", "").endswith("a--b")] == \
            ["https://example.org/a--b"]
        assert tree.find(".//image").get("alt") == '"Alt" - 20 January'


def test_edition_date_in_the_languages_own_form_and_bound(built):
    assert texts(built["tk"], "paragraph")[1] == "Bu neşiriň senesi: 2027-nji⍽ýylyň 20-nji⍽ýanwary"
    assert texts(built["en"], "paragraph")[1] == "Date of this edition: 20⍽January 2027"
    assert texts(built["de"], "paragraph")[1] == "Datum dieser Ausgabe: 20.⍽Januar 2027"


def test_sphinx_smart_quotes_do_not_fight_the_step(built):
    # en: the step sets the marks (Sphinx's smart quotes are off); de has no table: Sphinx's stay
    assert texts(built["en"], "title") == ["Typography⍽– “rules”"]
    assert texts(built["de"], "title") == ["Typografie - „Regeln“"]


def test_text_not_yet_translated_is_set_by_the_source_languages_rules(built):
    """de translates the title and the date only: its first paragraph is still English,
    marked so, and set by the English rules (binding, dash, marks), not the German ones."""
    paragraph = next(built["de"].iter("paragraph"))
    assert "booklet-untranslated" in paragraph.get("classes", "")
    assert show("".join(paragraph.itertext())).startswith("On 20⍽January 1990⍽– “the night”⍽–")
    assert "booklet-untranslated" not in (next(built["de"].iter("title")).get("classes") or "")


def test_project_without_smart_quotes_keeps_straight_quotes_but_gets_bindings(tmp_path):
    tree = lxml.etree.parse(str(sphinx("xml", "en", tmp_path, "-D", "smartquotes=0") / "index.xml")).getroot()
    assert texts(tree, "title") == ['Typography - "rules"']
    assert texts(tree, "paragraph")[0].startswith('On 20⍽January 1990 - "the night" -- it was Jones\' walk of 5⍽km...')


def test_extracted_messages_are_the_source_as_written(tmp_path):
    pot = (sphinx("gettext", "en", tmp_path) / "index.pot").read_text(encoding="utf-8")
    assert NB not in pot and "“" not in pot and "…" not in pot
    assert 'msgid "On 20 January 1990 - \\"the night\\" -- it was Jones\' walk of 5 km... See' in pot


# ------------------------------------------------------------------ any text

import re  # noqa: E402

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECE = st.lists(st.sampled_from(list('ab вс1920 -–—"\'«»“”„‘’.\n') + ["января", "km", "--", "..."]),
                 max_size=12).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(language=st.sampled_from(["en", "az", "ru", "tr", "tk", "de"]),
       pieces=st.lists(st.tuples(PIECE, st.booleans()), min_size=1, max_size=4))
def test_any_text_keeps_protected_pieces_and_is_stable(language, pieces):
    rules = typography.rules_for(language)
    texts, protected = [t for t, _p in pieces], [p for _t, p in pieces]
    # a quotation mark between two letters is read as an apostrophe once it looks like one
    assume(not re.search(r"\w[\"«»“”„‘]\w", "".join(texts)))
    once = typography.typeset_pieces(rules, texts, protected)
    assert len(once) == len(texts)
    assert all(new == old for new, old, keep in zip(once, texts, protected) if keep)
    assert typography.typeset_pieces(rules, once, protected) == once   # typesetting twice changes nothing
