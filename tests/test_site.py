"""Validation of the website: languages, links between them, interface labels, HTML, a11y.

The ``site`` fixture runs ``booklet build --format html`` on the repository's publication once
per test session, into the session's build folder outside the repository (``publication_build``
in conftest), and checks its ``html``; ``site_variant`` builds a second edition into a temporary
folder with a base URL and another edition date. Set ``BOOKLET_TEST_SITE`` to an existing
``build/html`` to check it without building (the variant is then still built).

The external checkers (Nu HTML checker, Chromium with axe-core) are installed by ``.ci/run``;
a missing one is a failure, never a skip.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import unicodedata
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from booklet.config import Config
from conftest import BOOKLET, PROJECT  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "tests" / "js"
VNU = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_CHECK = JS / "site_check.mjs"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install the test tools with `bash .ci/run` (or its apt-get and npm steps)"

VARIANT_BASE_URL = "https://booklet.example/20-january/"
VARIANT_EDITION = dt.date(2030, 1, 20)

#: Sphinx's and the theme's English interface labels: none may show on a translated page.
ENGLISH_LABELS = [
    "Search", "search", "Go", "Contents", "Next topic", "Previous topic", "Navigation",
    "Quick search", "Table of Contents", "Index", "General Index", "Search Results",
    "Skip to the text", "Choose a language", "Languages", "Please activate JavaScript",
    "Hide Search Matches", "Searching", "Preparing search...", "Symbols", "Next", "Previous",
    "This Page", "Show Source", "Related Topics", "Documentation", "Permalink to this heading",
    "Link to this heading", "Search within", "Searching for multiple words",
    "Draft translation", "Copyright", "Created using", "Last updated on",
    "Your search did not match any documents", "Search finished",
]
#: Labels compared as the start of a text (long sentences), the others as the whole text.
ENGLISH_PREFIXES = [
    "Please activate JavaScript", "Searching for multiple words", "Draft translation",
    "Your search did not match", "Search finished", "Created using", "Last updated on",
    "Permalink to this", "Link to this",
]
#: Messages of the search script, which translations.js must translate.
SEARCH_SCRIPT_MESSAGES = [
    "Search Results", "Searching", "Preparing search...", "Hide Search Matches",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.",
]


# --------------------------------------------------------------------------- the builds

def _build(*args: str) -> None:
    command = [*BOOKLET, "build", "--format", "html", *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` failed with exit code {result.returncode}:\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)


@dataclass(frozen=True)
class Site:
    root: Path
    languages: tuple[str, ...]
    source_language: str
    base_url: str
    anniversary: int
    edition_year: int

    def pages(self, lang: str) -> list[Path]:
        """Every HTML page of one language (not the files in ``_static`` and the like)."""
        folder = self.root / lang
        return sorted(p for p in folder.glob("**/*.html")
                      if not p.relative_to(folder).parts[0].startswith("_"))

    def all_pages(self) -> list[Path]:
        return [self.root / "index.html"] + [p for lang in self.languages for p in self.pages(lang)]

    def local(self, href: str, page: Path) -> Path | None:
        """The file *href* (relative, or absolute under the base URL) on *page* refers to."""
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc:
            if not (self.base_url and href.startswith(self.base_url)):
                return None
            rel = urllib.parse.unquote(urllib.parse.urlsplit(href[len(self.base_url):]).path)
            target = self.root / rel
        else:
            target = page.parent / urllib.parse.unquote(parts.path)
        if not parts.path or parts.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target.resolve()


def _anniversary(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _site(root: Path, config: Config, base_url: str, edition: dt.date) -> Site:
    assert config.anniversary_of is not None, "the project sets no anniversary-of"
    return Site(root=root, languages=config.languages, source_language=config.source_language,
                base_url=base_url, anniversary=_anniversary(config.anniversary_of, edition),
                edition_year=edition.year)


@pytest.fixture(scope="session")
def site(publication_build: Path) -> Site:
    given = os.environ.get("BOOKLET_TEST_SITE")
    if given:
        root = Path(given).resolve()
    else:
        _build("--build-dir", str(publication_build))
        root = publication_build / "html"
    assert (root / "index.html").is_file(), f"{root}/index.html was not written"
    assert PROJECT.edition_date is not None, "the project sets no edition-date"
    return _site(root, PROJECT, PROJECT.base_url, PROJECT.edition_date)


@pytest.fixture(scope="session")
def site_variant(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A second edition: with a base URL, dated 2030, built outside the repository's build/."""
    out = tmp_path_factory.mktemp("variant-build")
    _build("--build-dir", str(out), "--base-url", VARIANT_BASE_URL,
           "--edition-date", VARIANT_EDITION.isoformat())
    root = out / "html"
    assert (root / "index.html").is_file(), f"{root}/index.html was not written"
    return _site(root, PROJECT, VARIANT_BASE_URL, VARIANT_EDITION)


def _class(name: str) -> str:
    """An XPath test for one class name (the tests use no cssselect)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@cache
def _parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot()


def _rel(site: Site, page: Path) -> str:
    return page.relative_to(site.root).as_posix()


# --------------------------------------------------------------------------- languages

def test_every_language_is_built(site: Site) -> None:
    for lang in site.languages:
        assert (site.root / lang / "index.html").is_file(), f"{lang}/index.html missing"
        names = {p.relative_to(site.root / lang).as_posix() for p in site.pages(lang)}
        assert {"index.html", "search.html", "genindex.html"} <= names, (lang, sorted(names))


def test_same_pages_in_every_language(site: Site) -> None:
    source = {p.relative_to(site.root / site.source_language) for p in site.pages(site.source_language)}
    for lang in site.languages:
        pages = {p.relative_to(site.root / lang) for p in site.pages(lang)}
        assert pages == source, f"{lang}: missing {sorted(map(str, source - pages))}, " \
                                f"extra {sorted(map(str, pages - source))}"


def test_html_lang_matches_folder(site: Site) -> None:
    wrong = []
    for lang in site.languages:
        for page in site.pages(lang):
            found = _parse(page).get("lang")
            if found != lang:
                wrong.append(f"{_rel(site, page)}: lang={found!r}")
    assert not wrong, "<html lang> does not match the folder:\n" + "\n".join(wrong)
    assert _parse(site.root / "index.html").get("lang") == site.source_language


def _check_language_links(site: Site) -> list[str]:
    """Every switcher link and hreflang alternate: one per language, each target on disk."""
    problems = []
    for lang in site.languages:
        for page in site.pages(lang):
            tree, where = _parse(page), _rel(site, page)
            name = page.relative_to(site.root / lang).as_posix()
            switcher = tree.xpath(f"//nav[{_class('language-switcher')}]//a[@href]")
            if sorted(a.get("hreflang") for a in switcher) != sorted(site.languages):
                problems.append(f"{where}: switcher languages {[a.get('hreflang') for a in switcher]}")
            current = [a for a in switcher if a.get("aria-current") == "page"]
            if [a.get("hreflang") for a in current] != [lang]:
                problems.append(f"{where}: the switcher marks {[a.get('hreflang') for a in current]} "
                                f"as current, expected [{lang!r}]")
            alternates = tree.xpath("//head/link[@rel='alternate'][@hreflang]")
            codes = sorted(link.get("hreflang") for link in alternates)
            if codes != sorted([*site.languages, "x-default"]):
                problems.append(f"{where}: hreflang alternates {codes}")
            for element in (*switcher, *alternates):
                code, href = element.get("hreflang"), element.get("href")
                target = site.local(href, page)
                if target is None:
                    problems.append(f"{where}: {code} -> {href}: not a local or base URL")
                    continue
                if not target.is_file():
                    problems.append(f"{where}: {code} -> {href}: {target} does not exist")
                    continue
                expected_lang = site.source_language if code == "x-default" else code
                if target != (site.root / expected_lang / name).resolve():
                    problems.append(f"{where}: {code} -> {href} is not the same page in {expected_lang}")
    return problems


def test_language_links_exist(site: Site) -> None:
    problems = _check_language_links(site)
    assert not problems, "language links:\n" + "\n".join(problems)


def test_language_links_exist_with_base_url(site_variant: Site) -> None:
    problems = _check_language_links(site_variant)
    assert not problems, "language links (with a base URL):\n" + "\n".join(problems)


def test_chooser_links_every_language(site: Site) -> None:
    chooser = site.root / "index.html"
    tree = _parse(chooser)
    links = {a.get("hreflang"): a for a in tree.xpath("//a[@hreflang]")}
    assert sorted(links) == sorted(site.languages)
    for lang, link in links.items():
        assert link.get("lang") == lang, f"the chooser names {lang} without lang={lang!r}"
        assert site.local(link.get("href"), chooser) == (site.root / lang / "index.html").resolve()
    alternates = {link.get("hreflang"): link.get("href")
                  for link in tree.xpath("//link[@rel='alternate'][@hreflang]")}
    assert "x-default" in alternates, "the chooser has no x-default alternate"
    for code, href in alternates.items():
        target = site.local(href, chooser)
        assert target is not None and target.is_file(), f"chooser: {code} -> {href} does not exist"


def test_x_default_is_the_source_language(site: Site) -> None:
    for lang in site.languages:
        for page in site.pages(lang):
            links = _parse(page).xpath("//link[@rel='alternate'][@hreflang='x-default']")
            assert len(links) == 1, f"{_rel(site, page)}: {len(links)} x-default links"
            name = page.relative_to(site.root / lang)
            assert site.local(links[0].get("href"), page) == (site.root / site.source_language / name).resolve()


def test_internal_links_resolve(site: Site) -> None:
    broken = []
    for page in site.all_pages():
        tree = _parse(page)
        for element, attribute in ([(e, "href") for e in tree.xpath("//a[@href] | //link[@href]")]
                                   + [(e, "src") for e in tree.xpath("//*[@src]")]):
            ref = element.get(attribute)
            parts = urllib.parse.urlsplit(ref)
            if parts.scheme in ("mailto", "tel", "data") or ref.startswith("#") or not parts.path:
                continue
            target = site.local(ref, page)
            if target is None:
                continue  # an outside address
            if not target.exists():
                broken.append(f"{_rel(site, page)}: {ref}")
    assert not broken, "links to missing files:\n" + "\n".join(sorted(set(broken)))


def test_stylesheet_resources_exist(site: Site) -> None:
    """Every url() in the theme's stylesheet, the web fonts first, is in _static."""
    for lang in site.languages:
        css = site.root / lang / "_static" / "booklet.css"
        assert css.is_file(), f"{css} missing"
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text(encoding="utf-8"))
        assert any(u.endswith((".woff", ".woff2")) for u in urls), "booklet.css loads no web font"
        for url in urls:
            if url.startswith("data:"):
                continue
            assert (css.parent / url).is_file(), f"{lang}: booklet.css refers to missing {url}"


# --------------------------------------------------------------------------- base URL

def _check_canonical(site: Site) -> list[str]:
    """With a base URL: one canonical link, absolute alternates. Without: no canonical link."""
    problems = []
    for lang in site.languages:
        for page in site.pages(lang):
            tree, where = _parse(page), _rel(site, page)
            found = [link.get("href") for link in tree.xpath("//link[@rel='canonical']")]
            if not site.base_url:
                if found:
                    problems.append(f"{where}: canonical {found} without a base URL")
                continue
            expected = f"{site.base_url}{page.relative_to(site.root).as_posix()}"
            if found != [expected]:
                problems.append(f"{where}: canonical {found}, expected [{expected!r}]")
            for link in tree.xpath("//link[@rel='alternate'][@hreflang]"):
                if not link.get("href", "").startswith(site.base_url):
                    problems.append(f"{where}: alternate {link.get('hreflang')} -> {link.get('href')} "
                                    f"is not under the base URL")
    chooser = _parse(site.root / "index.html")
    found = [link.get("href") for link in chooser.xpath("//link[@rel='canonical']")]
    if site.base_url and found not in ([site.base_url], [f"{site.base_url}index.html"]):
        problems.append(f"index.html: canonical {found}")
    if not site.base_url and found:
        problems.append(f"index.html: canonical {found} without a base URL")
    return problems


def test_canonical_links(site: Site) -> None:
    problems = _check_canonical(site)
    assert not problems, "canonical links:\n" + "\n".join(problems)


def test_canonical_links_with_base_url(site_variant: Site) -> None:
    assert site_variant.base_url
    problems = _check_canonical(site_variant)
    assert not problems, "canonical links (with a base URL):\n" + "\n".join(problems)


def _check_sitemap(site: Site) -> list[str]:
    sitemap = site.root / "sitemap.xml"
    assert sitemap.is_file(), "sitemap.xml missing"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = lxml.etree.parse(str(sitemap))
    problems = []
    entries = {}
    for url in tree.findall("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns)
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        if [link.get("rel") for link in url.findall("x:link", ns)] != ["alternate"] * len(entries[loc]):
            problems.append(f"{loc}: an xhtml:link without rel=alternate")
    expected = {}
    for lang in site.languages:
        for page in site.pages(lang):
            name = page.relative_to(site.root / lang).as_posix()
            if name in ("search.html", "genindex.html"):
                continue
            expected[f"{site.base_url}{lang}/{name}"] = name
    missing = sorted(set(expected) - set(entries))
    if missing:
        problems.append(f"pages missing from the sitemap: {missing}")
    for loc, alternates in entries.items():
        if site.base_url and not loc.startswith(site.base_url):
            problems.append(f"{loc}: not under the base URL")
        name = expected.get(loc)
        if name is None:
            problems.append(f"{loc}: in the sitemap, but no such page")
            continue
        if not set(site.languages) <= set(alternates):
            problems.append(f"{loc}: alternates only for {sorted(alternates)}")
        for code, href in alternates.items():
            lang = site.source_language if code == "x-default" else code
            if href != f"{site.base_url}{lang}/{name}":
                problems.append(f"{loc}: {code} -> {href}")
    return problems


def test_sitemap_has_alternates_for_every_page(site: Site) -> None:
    problems = _check_sitemap(site)
    assert not problems, "sitemap.xml:\n" + "\n".join(problems)


def test_sitemap_with_base_url(site_variant: Site) -> None:
    problems = _check_sitemap(site_variant)
    assert not problems, "sitemap.xml (with a base URL):\n" + "\n".join(problems)


# --------------------------------------------------------------------------- interface language

def _interface_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """The visible interface texts of a page: header, navigation, footer, form controls,
    labels, the search page's own texts, and accessible names given in attributes."""
    texts: list[str] = []
    parts = tree.xpath("//header | //nav | //footer | //button | //label | //noscript | //form"
                       f" | //*[@id='search-documentation' or @id='search-results']"
                       f" | //*[{_class('skip-link')} or {_class('draft-notice')}]")
    if tree.xpath("//*[@id='search-documentation']"):  # search.html: every text of the page body
        parts += tree.xpath("//main | //*[@role='main']")
    if tree.xpath("//h1[@id='index']"):  # genindex.html: its heading and letter bar
        parts += tree.xpath(f"//h1[@id='index'] | //*[{_class('genindex-jumpbox')}]")
    for part in parts:
        for text in part.itertext():
            if text.strip():
                texts.append(" ".join(text.split()))
    for element in tree.xpath("//*[@aria-label or @title or @placeholder] | //input[@value]"):
        for attribute in ("aria-label", "title", "placeholder", "value"):
            if element.get(attribute) and (attribute != "value" or element.get("type") in ("submit", "button")):
                texts.append(" ".join(element.get(attribute).split()))
    title = tree.find("head/title")
    if title is not None and title.text:
        texts.append(" ".join(title.text.split()))
        texts.extend(p.strip() for p in re.split(r"[—–|-]", title.text) if p.strip())
    return texts


def _english(text: str) -> str | None:
    folded = text.strip(" .:;,!?()[]«»\"'").casefold()
    for label in ENGLISH_LABELS:
        if folded == label.casefold():
            return label
    for prefix in ENGLISH_PREFIXES:
        if folded.startswith(prefix.casefold()):
            return prefix
    return None


def _translated_languages(site: Site) -> list[str]:
    return [lang for lang in site.languages if lang != "en"]


def test_no_english_interface_labels(site: Site) -> None:
    found = []
    for lang in _translated_languages(site):
        for page in site.pages(lang):
            for text in _interface_texts(_parse(page)):
                if (label := _english(text)) is not None:
                    found.append(f"{_rel(site, page)}: {text!r} (English {label!r})")
    assert not found, "English interface labels on translated pages:\n" + "\n".join(sorted(set(found)))


def test_interface_differs_from_english(site: Site) -> None:
    """No interface text of a translated page is the English page's text: this also finds
    English strings that no label list names (the site title, a page title in the navigation)."""
    if "en" not in site.languages:
        pytest.fail("the tests compare with the English edition, which is not built")
    names = set(PROJECT.language_names.values())
    found = []
    for lang in _translated_languages(site):
        for page in site.pages(lang):
            english = site.root / "en" / page.relative_to(site.root / lang)
            english_texts = set(_interface_texts(_parse(english)))
            for text in _interface_texts(_parse(page)):
                if text in english_texts and text not in names and re.search(r"[^\W\d_]{2,}", text):
                    found.append(f"{_rel(site, page)}: {text!r}")
    assert not found, "interface texts left in English:\n" + "\n".join(sorted(set(found)))


#: The script each edition's interface is written in (the others: Latin).
SCRIPTS = {"ru": "CYRILLIC"}


def _script_of(text: str) -> str | None:
    """The script most letters of *text* belong to (LATIN, CYRILLIC, ...)."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None


def test_interface_is_in_the_page_language_script(site: Site) -> None:
    """A label in another language's script (a Russian label on a Turkish page: the
    interface catalog of the wrong language) is found even where no English is left."""
    names = set(PROJECT.language_names.values())
    found = []
    for lang in site.languages:
        expected = SCRIPTS.get(lang, "LATIN")
        for page in site.pages(lang):
            for text in _interface_texts(_parse(page)):
                script = _script_of(text)
                if text not in names and script is not None and script != expected:
                    found.append(f"{_rel(site, page)}: {text!r} ({script}, expected {expected})")
    assert not found, "interface texts in another script:\n" + "\n".join(sorted(set(found)))


def test_search_script_messages_are_translated(site: Site) -> None:
    """The search results page writes its labels from _static/translations.js."""
    problems = []
    for lang in _translated_languages(site):
        js = site.root / lang / "_static" / "translations.js"
        if not js.is_file():
            problems.append(f"{lang}: _static/translations.js missing")
            continue
        text = js.read_text(encoding="utf-8")
        match = re.search(r"Documentation\.addTranslations\((.*)\);", text, re.S)
        if not match:
            problems.append(f"{lang}: translations.js has no addTranslations(...)")
            continue
        messages = json.loads(match.group(1)).get("messages", {})
        for message in SEARCH_SCRIPT_MESSAGES:
            value = messages.get(message)
            if not value or value == message:
                problems.append(f"{lang}: {message!r} not translated")
        finished = [value for key, value in messages.items() if key.startswith("Search finished")]
        forms = [form for value in finished for form in (value if isinstance(value, list) else [value])]
        if not forms or not all(isinstance(form, str) and form.strip() for form in forms):
            problems.append(f"{lang}: 'Search finished, found ...' not translated: {finished!r}")
        plural = json.loads(match.group(1)).get("plural_expr", "")
        if re.search(r"[<>=!]=?", plural) and "?" not in plural:
            problems.append(f"{lang}: plural_expr {plural!r} gives true/false, not a form index: "
                            f"the search script reads messages[true] and fails")
    assert not problems, "search script messages:\n" + "\n".join(problems)


def test_chooser_uses_each_language_name(site: Site) -> None:
    names = PROJECT.language_names
    tree = _parse(site.root / "index.html")
    for lang in site.languages:
        (link,) = tree.xpath(f"//a[@hreflang='{lang}']")
        if lang in names:
            assert names[lang] in link.text_content(), f"{lang}: {link.text_content()!r}"


# --------------------------------------------------------------------------- the edition

def _foreword_text(site: Site, lang: str) -> str:
    page = site.root / lang / "foreword.html"
    assert page.is_file(), f"{page} missing"
    main = _parse(page).xpath("//main") or [_parse(page).find("body")]
    return main[0].text_content()


def _check_edition(site: Site) -> list[str]:
    problems = []
    for lang in site.languages:
        text = _foreword_text(site, lang)
        if not re.search(rf"(?<!\d){site.anniversary}(?!\d)", text):
            problems.append(f"{lang}/foreword.html does not state the anniversary {site.anniversary}")
        if "|anniversary|" in text or "|edition-year|" in text:
            problems.append(f"{lang}/foreword.html shows an unreplaced substitution")
        title = _parse(site.root / lang / "index.html").text_content()
        if str(site.edition_year) not in title:
            problems.append(f"{lang}/index.html does not state the edition year {site.edition_year}")
    return problems


def test_anniversary_follows_the_edition_date(site: Site) -> None:
    assert site.anniversary == 37 or PROJECT.edition_date != dt.date(2027, 1, 20)
    problems = _check_edition(site)
    assert not problems, "\n".join(problems)


def test_anniversary_follows_another_edition_date(site_variant: Site) -> None:
    assert site_variant.anniversary == 40
    problems = _check_edition(site_variant)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- external checkers

def test_nu_html_checker_reports_no_errors(site: Site) -> None:
    java = shutil.which("java")
    assert java, f"java not found: {INSTALL_HINT}"
    assert VNU.is_file(), f"{VNU} not found: {INSTALL_HINT}"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site.root)],
                            capture_output=True, text=True, timeout=600)
    report = (result.stdout + result.stderr).replace(site.root.as_uri() + "/", "").strip()
    assert result.returncode == 0 and not report, f"Nu HTML checker errors:\n{report}"


def test_pages_in_chromium(site: Site) -> None:
    """The switcher (http and file://), console errors, axe-core, search, a 320 px screen."""
    node = shutil.which("node")
    assert node, f"node not found: {INSTALL_HINT}"
    assert CHROMIUM.exists(), f"{CHROMIUM} not found: {INSTALL_HINT}"
    assert (JS / "node_modules" / "playwright-core").is_dir(), f"playwright-core not installed: {INSTALL_HINT}"
    options = {"languages": list(site.languages), "chapter": "events", "switch": ["az", "ru"]}
    result = subprocess.run([node, str(SITE_CHECK), str(site.root), json.dumps(options)],
                            capture_output=True, text=True, timeout=900)
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        summary = None
    assert result.returncode == 0, (f"site_check.mjs exit code {result.returncode}:\n{result.stderr}\n"
                                    f"{result.stdout[-4000:] if summary is None else ''}")
    assert summary and summary["ok"] and not summary["failures"]
    assert summary["switcher"]["http"]["lang"] == "ru" and summary["switcher"]["file"]["lang"] == "ru"
    assert set(summary["search"]) == set(site.languages)
    assert all(entry["results"] >= 1 for entry in summary["search"].values())
