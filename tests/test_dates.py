"""Dates in each language's own form (booklet.dates, data/dates.toml) and |edition-date|."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from booklet import dates
from booklet.errors import SourceError
from booklet.sphinxext import substitutions
from booklet.sphinxext.settings import Settings

D = dt.date


@pytest.mark.parametrize("language, date, expected", [
    ("en", D(2027, 1, 20), "20 January 2027"),
    ("en", D(1990, 12, 1), "1 December 1990"),
    ("az", D(2027, 1, 20), "2027-ci il 20 yanvar"),
    ("az", D(1990, 1, 20), "1990-cı il 20 yanvar"),
    ("az", D(2000, 2, 3), "2000-ci il 3 fevral"),
    ("az", D(2003, 8, 31), "2003-cü il 31 avqust"),
    ("az", D(2010, 5, 9), "2010-cu il 9 may"),
    ("az", D(2026, 11, 30), "2026-cı il 30 noyabr"),
    ("ru", D(2027, 1, 20), "20 января 2027 года"),
    ("ru", D(1994, 2, 22), "22 февраля 1994 года"),
    ("ru", D(2030, 5, 1), "1 мая 2030 года"),
    ("tr", D(2027, 1, 20), "20 Ocak 2027"),
    ("tr", D(1990, 8, 30), "30 Ağustos 1990"),
    ("tr", D(2031, 12, 6), "6 Aralık 2031"),
    ("tk", D(2027, 1, 20), "2027-nji ýylyň 20-nji ýanwary"),
    ("tk", D(1990, 1, 20), "1990-njy ýylyň 20-nji ýanwary"),
    ("tk", D(1991, 10, 27), "1991-nji ýylyň 27-nji oktýabry"),
    ("tk", D(2000, 5, 9), "2000-nji ýylyň 9-njy maýy"),
    ("tk", D(2030, 12, 6), "2030-njy ýylyň 6-njy dekabry"),
    ("tk", D(2004, 3, 10), "2004-nji ýylyň 10-njy marty"),
])
def test_each_language_writes_its_own_date(language, date, expected):
    assert dates.format_date(date, language) == expected


@pytest.mark.parametrize("language, numbers", [
    # az: four-way harmony on the last word read aloud (bir, üç, dörd, altı, doqquz, on,
    # qırx, yüz, min, doxsan, yeddi, sıfır, milyon, milyard)
    ("az", {1: "1-ci", 3: "3-cü", 4: "4-cü", 6: "6-cı", 9: "9-cu", 10: "10-cu", 11: "11-ci",
            40: "40-cı", 60: "60-cı", 80: "80-ci", 100: "100-cü", 1000: "1000-ci",
            1990: "1990-cı", 2027: "2027-ci", 2100: "2100-cü", 0: "0-cı",
            3_000_000: "3000000-cu", 2_000_000_000: "2000000000-cı"}),
    # tk: back vowel -njy, front vowel -nji (bir, üç, alty, dokuz, on, kyrk, elli, ýüz, müň, togsan)
    ("tk", {1: "1-nji", 3: "3-nji", 6: "6-njy", 9: "9-njy", 10: "10-njy", 20: "20-nji",
            30: "30-njy", 40: "40-njy", 50: "50-nji", 100: "100-nji", 1000: "1000-nji",
            1990: "1990-njy", 2027: "2027-nji", 0: "0-njy", 5_000_000: "5000000-njy"}),
    ("en", {2027: "2027"}),
])
def test_ordinals_follow_vowel_harmony(language, numbers):
    assert {n: dates.ordinal(n, language) for n in numbers} == numbers


def test_regional_tag_uses_the_language_entry():
    assert dates.format_date(D(2027, 1, 20), "ru_RU") == "20 января 2027 года"


def test_language_without_entry_falls_back_to_cldr():
    assert "de" not in dates.forms()
    assert dates.format_date(D(2027, 1, 20), "de") == "20. Januar 2027"
    assert dates.format_date(D(2027, 3, 1), "fr") == "1 mars 2027"


def test_language_unknown_to_cldr_gets_the_iso_date():
    assert dates.format_date(D(2027, 1, 20), "xx") == "2027-01-20"


def test_edition_date_substitution_uses_the_language_form():
    data = Settings(edition_date="2027-01-20", anniversary=37)
    assert substitutions.values(data, "tk")["edition-date"] == "2027-nji ýylyň 20-nji ýanwary"
    assert substitutions.values(data, "de")["edition-date"] == "20. Januar 2027"


@pytest.mark.parametrize("text, message", [
    ('[xx]\npattern = "{day} {month}"\nmonths = ["a"]\n', "twelve months"),
    ('[xx]\npattern = "{day} {monthname}"\nmonths = ' + str(["m"] * 12) + "\n", "monthname"),
    ('[xx]\npattern = "{year_ordinal}"\nmonths = ' + str(["m"] * 12) + "\n", "year_ordinal"),
])
def test_malformed_date_data_names_the_file(tmp_path: Path, text: str, message: str):
    path = tmp_path / "dates.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as info:
        dates.forms(path)
    assert str(path) in str(info.value)


def test_dates_for_readers_are_formatted_in_one_place():
    """Only booklet.dates turns a date into words (strftime and Babel elsewhere would bypass it).

    Numeric timestamps for metadata (``%Y-%m-%d %H:%M``) are not for readers and may be
    written anywhere; month and weekday names (``%B``, ``%b``, ``%A``, ``%a``) may not."""
    package = Path(dates.__file__).parent
    offenders = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
                 if path.name != "dates.py" and ("babel.dates" in (text := path.read_text(encoding="utf-8"))
                                                 or any(code in text for code in ("%B", "%b", "%A", "%a")))]
    assert not offenders, f"dates formatted outside booklet.dates: {offenders}"
