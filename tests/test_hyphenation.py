"""Tests of booklet.hyphenation: generated az/tr/tk patterns, their registration with
pyphen, and WeasyPrint really hyphenating with them.

Run with ``PYTHONPATH=scripts`` until the package is installed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pyphen
import pytest
import weasyprint
from hypothesis import given
from hypothesis import strategies as st

from booklet import hyphenation
from booklet.errors import ConfigError
from booklet.hyphenation import (
    SYLLABLES_TOML, CaseFoldingHyphDict, SyllableRule, dictionary_text, load_rules, register,
    write_dictionary,
)

RULES = load_rules()

#: WeasyPrint's default hyphenate-character is U+2010; accept the ASCII one too.
HYPHENS = ("\u2010", "-")

AZ = [
    ("Azərbaycan", "Azər-bay-can"),
    ("ildönümündə", "il-dö-nü-mün-də"),
    ("müstəqillik", "müs-tə-qil-lik"),
    ("parlament", "par-la-ment"),
    ("ekstremist", "ekst-re-mist"),     # VCCC-CV: the break goes before the last consonant
    ("Şəhidlər", "Şə-hid-lər"),
    ("struktur", "struk-tur"),          # word-initial cluster stays whole
    ("stadion", "sta-di-on"),           # and vowels in hiatus split
    ("müəllim", "mü-əl-lim"),
    ("xiyabanı", "xi-ya-ba-nı"),
    ("Nümayəndəliyi", "Nü-ma-yən-də-li-yi"),
    ("İstiqlal", "İs-tiq-lal"),         # İ lowers to one letter, not "i" + U+0307
    ("AZƏRBAYCAN", "AZƏR-BAY-CAN"),
    ("SSRİ-nin", "SSRİ-nin"),           # no second hyphen after a hyphen
    ("1990-cı", "1990-cı"),
]

TR = [
    ("Cumhuriyet", "Cum-hu-ri-yet"),
    ("bağımsızlık", "ba-ğım-sız-lık"),
    ("anıyoruz", "anı-yo-ruz"),         # "a-" alone is left to pyphen's left minimum
    ("İstanbul", "İs-tan-bul"),
    ("İSTANBUL", "İS-TAN-BUL"),
    ("ISPARTA", "IS-PAR-TA"),
    ("trajedi", "tra-je-di"),
    ("strateji", "stra-te-ji"),
    ("program", "prog-ram"),            # TDK: prog-ram, kont-rol, elekt-rik, Türk-çe
    ("kontrol", "kont-rol"),
    ("elektrik", "elekt-rik"),
    ("Türkçe", "Türk-çe"),
    ("saat", "sa-at"),
    ("kâğıt", "kâ-ğıt"),
    ("Millî", "Mil-lî"),
    ("İstanbul'dan", "İs-tan-bul'dan"),  # never after the apostrophe of a suffix
    ("Türkiye\u2019nin", "Tür-ki-ye\u2019nin"),
]

TK = [
    ("Türkmenistan", "Türk-me-nis-tan"),
    ("garaşsyzlyk", "ga-raş-syz-lyk"),  # y is a vowel
    ("ýatlamak", "ýat-la-mak"),         # ý is a consonant
    ("hormatlamak", "hor-mat-la-mak"),
    ("Azerbaýjanyň", "Azer-baý-ja-nyň"),
    ("Respublikasynyň", "Res-pub-li-ka-sy-nyň"),
    ("hyýabany", "hy-ýa-ba-ny"),
    ("ÝATLAMAK", "ÝAT-LA-MAK"),
]

SENTENCES = {
    "az": "Azərbaycan Respublikasının Türkmənistandakı Səfirliyi ümumxalq hüzn gününün "
          "ildönümündə müstəqillik uğrunda həlak olmuş şəhidlərin xatirəsini ehtiramla "
          "yad edir.",
    "tr": "Azerbaycan Cumhuriyeti Türkmenistan Büyükelçiliği bağımsızlık uğruna "
          "hayatını kaybeden şehitlerimizi saygıyla anıyoruz.",
    "tk": "Azerbaýjan Respublikasynyň Türkmenistandaky Ilçihanasy garaşsyzlyk ugrunda "
          "wepat bolan şehitleri hormat bilen ýatlaýar.",
}


@pytest.fixture
def pyphen_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give each test its own copy of pyphen's global tables and cache."""
    ours = {code.lower() for code in hyphenation._registered}  # from renders earlier in this process
    monkeypatch.setattr(pyphen, "LANGUAGES",
                        {k: v for k, v in pyphen.LANGUAGES.items() if k.lower() not in ours})
    monkeypatch.setattr(pyphen, "LANGUAGES_LOWERCASE",
                        {k: v for k, v in pyphen.LANGUAGES_LOWERCASE.items() if k not in ours})
    monkeypatch.setattr(pyphen, "hdcache", dict(pyphen.hdcache))
    monkeypatch.setattr(hyphenation, "_registered", {})


@pytest.fixture
def cache_dir(pyphen_state: None, tmp_path: Path) -> Path:
    """az, tr and tk registered, along with languages pyphen ships."""
    register(["az", "tr", "tk", "en", "ru"], tmp_path)
    return tmp_path


# --- Hyphenation points ---------------------------------------------------------------

@pytest.mark.parametrize(("lang", "word", "expected"), [
    *[("az", *case) for case in AZ], *[("tr", *case) for case in TR],
    *[("tk", *case) for case in TK],
])
def test_hyphenation_points(cache_dir: Path, lang: str, word: str, expected: str) -> None:
    assert pyphen.Pyphen(lang=lang).inserted(word) == expected


@pytest.mark.parametrize(("lang", "word", "expected"), [
    ("tr", "anıyoruz", "a-nı-yo-ruz"),   # a single letter is only the minimum's business
    ("tr", "stres", "stres"),            # neither s-tres nor st-res: no fragment without vowel
    ("tr", "trajedi", "tra-je-di"),
    ("az", "struktur", "struk-tur"),
    ("tk", "ýatlamak", "ýat-la-mak"),
])
def test_patterns_keep_clusters_without_pyphen_minimums(
        cache_dir: Path, lang: str, word: str, expected: str) -> None:
    assert pyphen.Pyphen(lang=lang, left=1, right=1).inserted(word) == expected


def rule_points(word: str, rule: SyllableRule) -> list[int]:
    """The Turkic rule stated directly, as the reference for the generated patterns."""
    letters = rule.lower(word)
    vowel = [letter in rule.vowels for letter in letters]
    consonant = [letter in rule.consonants for letter in letters]
    points = []
    for i in range(1, len(letters)):
        before_cv = consonant[i] and i + 1 < len(letters) and vowel[i + 1]
        hiatus = rule.vowel_hiatus and vowel[i - 1] and vowel[i]
        initial_cluster = all(consonant[:i]) and i < rule.max_initial_cluster
        if (before_cv or hiatus) and not initial_cluster:
            points.append(i)
    return points


@pytest.fixture(scope="module")
def hyph_dicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseFoldingHyphDict]:
    directory = tmp_path_factory.mktemp("hyph")
    return {code: CaseFoldingHyphDict(write_dictionary(rule, directory), rule)
            for code, rule in RULES.items()}


def _alphabet(rule: SyllableRule) -> str:
    return "".join(upper + lower for upper, lower in rule.case_pairs)


@pytest.mark.parametrize("lang", ["az", "tr", "tk"])
def test_patterns_follow_the_rule_for_any_word(
        hyph_dicts: dict[str, CaseFoldingHyphDict], lang: str) -> None:
    rule = RULES[lang]

    @given(st.text(alphabet=_alphabet(rule), min_size=1, max_size=14))
    def check(word: str) -> None:
        points = [int(point) for point in hyph_dicts[lang].positions(word)]
        assert points == rule_points(word, rule)
        letters = rule.lower(word)
        initial_cluster = len(letters) - len(letters.lstrip("".join(rule.consonants)))
        if initial_cluster <= rule.max_initial_cluster:
            fragments = [letters[i:j] for i, j in zip([0, *points], [*points, len(word)])]
            assert len(fragments) == 1 or all(set(f) & set(rule.vowels) for f in fragments)

    check()


# --- The dictionary files -------------------------------------------------------------

def test_dictionary_file_is_pyphen_format_and_deterministic(cache_dir: Path) -> None:
    text = (cache_dir / "hyph_az.dic").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "UTF-8"
    assert text == dictionary_text(load_rules()["az"])
    patterns = [line for line in text.splitlines()[1:]
                if not line.startswith(("%", "LEFTHYPHENMIN", "RIGHTHYPHENMIN"))]
    assert {"1ba", "a1ə", ".st2", "'2"} <= set(patterns)
    assert patterns == sorted(patterns)
    assert all(p == p.lower() for p in patterns), "pyphen lower-cases words before matching"


def test_unchanged_dictionary_is_not_rewritten(cache_dir: Path) -> None:
    path = cache_dir / "hyph_tr.dic"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    register(["tr"], cache_dir)
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_changed_dictionary_is_rewritten_and_reloaded(cache_dir: Path) -> None:
    path = cache_dir / "hyph_tr.dic"
    path.write_text("UTF-8\n1a\n", encoding="utf-8")
    pyphen.hdcache[path] = pyphen.HyphDict(path)
    register(["tr"], cache_dir)
    assert path.read_text(encoding="utf-8") == dictionary_text(RULES["tr"])
    assert pyphen.Pyphen(lang="tr").inserted("Cumhuriyet") == "Cum-hu-ri-yet"


# --- Registration ---------------------------------------------------------------------

def test_registered_where_weasyprint_looks(cache_dir: Path) -> None:
    for code in ("az", "tr", "tk"):
        assert pyphen.LANGUAGES[code] == cache_dir.resolve() / f"hyph_{code}.dic"
        assert pyphen.LANGUAGES_LOWERCASE[code] == code
    assert pyphen.language_fallback("az-AZ") == "az"
    assert pyphen.language_fallback("TR") == "tr"
    assert pyphen.language_fallback("tk_TM") == "tk"


def test_region_code_registers_the_language(pyphen_state: None, tmp_path: Path) -> None:
    register(["tr-TR"], tmp_path)
    assert pyphen.Pyphen(lang="tr-TR").inserted("Cumhuriyet") == "Cum-hu-ri-yet"


def _syllables_with(directory: Path, code: str, table: str) -> Path:
    """A copy of the shipped syllables.toml with one more language table."""
    path = directory / "syllables.toml"
    body = "\n".join(line.strip() for line in table.strip().splitlines())
    path.write_text(f"{SYLLABLES_TOML.read_text(encoding='utf-8')}\n[languages.{code}]\n{body}\n",
                    encoding="utf-8")
    return path


def test_shipped_dictionaries_are_kept(pyphen_state: None, tmp_path: Path) -> None:
    before = {code: pyphen.LANGUAGES[code] for code in ("en", "ru")}
    hyphenated = {"en": "hy-phen-a-tion", "ru": "гид-ро-элек-тро-стан-ция"}
    # A table for a shipped language must not replace its dictionary either.
    syllables = _syllables_with(tmp_path, "ru", """
        vowels = "Аа Ее Ии Оо Уу Ыы Ээ Юю Яя Ёё"
        consonants = "Бб Вв Гг Дд Жж Зз Кк Лл Мм Нн Пп Рр Сс Тт Фф Хх Цц Чч Шш Щщ"
    """)
    register(["az", "en", "ru"], tmp_path / "cache", syllables=syllables)
    assert {code: pyphen.LANGUAGES[code] for code in ("en", "ru")} == before
    assert not (tmp_path / "cache" / "hyph_ru.dic").exists()
    for code, expected in hyphenated.items():
        assert pyphen.Pyphen(lang=code).inserted(expected.replace("-", "")) == expected


def test_new_language_is_only_a_table(pyphen_state: None, tmp_path: Path) -> None:
    syllables = _syllables_with(tmp_path, "crh", """
        name = "Crimean Tatar (Latin script)"
        vowels = "Aa Ee Iı İi Oo Öö Uu Üü"
        consonants = "Bb Cc Çç Dd Ff Gg Ğğ Hh Jj Kk Ll Mm Nn Ññ Pp Qq Rr Ss Şş Tt Vv Yy Zz"
    """)
    register(["crh"], tmp_path / "cache", syllables=syllables)
    assert pyphen.Pyphen(lang="crh").inserted("Qırımtatarlar") == "Qı-rım-ta-tar-lar"


def test_unknown_language_is_skipped_with_a_warning(
        pyphen_state: None, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    register(["xx"], tmp_path)
    assert "xx" not in pyphen.LANGUAGES
    assert "no hyphenation dictionary for language 'xx'" in caplog.text


@pytest.mark.parametrize(("table", "message"), [
    ('vowels = "Aa"\nconsonants = "Bb"\nrule = "romance"', "rule must be one of"),
    ('vowels = "Aa"\nconsonants = "Bb Aa"', "listed twice"),
    ('vowels = "Aa"\nconsonants = "Bb cc"', "not an upper- and lower-case letter pair"),
    ('vowels = "Aa"\nconsonants = "Bb"\nvowel_hiatsu = false', "unknown key"),
    ('vowels = "Aa"', "missing key"),
    ('vowels = "Aa"\nconsonants = "Bb"\nmax_initial_cluster = "3"', "must be a TOML int"),
    ('vowels = "Aa"\nconsonants = "Bb"\nno_break_after = ["--"]', "single characters"),
])
def test_bad_table_is_a_config_error(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_rules(_syllables_with(tmp_path, "xx", table))


# --- WeasyPrint -----------------------------------------------------------------------

def _rendered_lines(lang: str) -> list[str]:
    """Text lines of a narrow, justified, ``hyphens: auto`` paragraph rendered to PDF."""
    html = f"""<html lang="{lang}"><style>
        @page {{ size: 60mm 200mm; margin: 5mm }}
        p {{ width: 28mm; font: 10pt serif; hyphens: auto; text-align: justify }}
        </style><p>{SENTENCES[lang]}</p></html>"""
    pdf = pypdf.PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    return [line.strip() for line in pdf.pages[0].extract_text().splitlines() if line.strip()]


def _line_end_breaks(lines: list[str]) -> list[tuple[str, str]]:
    """(first part, rest) of every word hyphenated at a line end."""
    return [(line.split()[-1][:-1], following.split()[0])
            for line, following in zip(lines, lines[1:]) if line.endswith(HYPHENS)]


@pytest.mark.parametrize("lang", ["az", "tr", "tk"])
def test_weasyprint_hyphenates_with_the_registered_dictionary(cache_dir: Path, lang: str) -> None:
    breaks = _line_end_breaks(_rendered_lines(lang))
    assert breaks, "no line ends with a hyphen"
    dictionary = pyphen.Pyphen(lang=lang)
    for first, rest in breaks:
        assert len(first) in dictionary.positions(first + rest), (first, rest)


def test_weasyprint_does_not_hyphenate_az_without_registration(pyphen_state: None) -> None:
    assert _line_end_breaks(_rendered_lines("az")) == []
