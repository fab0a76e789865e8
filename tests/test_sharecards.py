"""Share cards: Open Graph and Twitter card meta, the 1200 x 630 card image and JSON-LD on
every page, as headless Chromium reads them (``tests/js/share_check.mjs``).

Runs on ``tests/roots/preflight`` built once (the ``published`` fixture of conftest).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from booklet.sharecards import CARD_SIZE, og_locale

JS = Path(__file__).parent / "js"
SHARE_CHECK = JS / "share_check.mjs"
BASE = "https://booklet-preflight.org/edition/"
LANGUAGES = ("en", "ru")
INSTALL_HINT = "install the test tools with `bash .ci/run` (or its apt-get and npm steps)"


@pytest.fixture(scope="module")
def seen(published: Path) -> dict[str, dict]:
    """What Chromium reads on every page of the site, by path."""
    node = shutil.which("node")
    if not node or not (JS / "node_modules" / "playwright-core").is_dir():
        pytest.fail(f"node and playwright-core are needed: {INSTALL_HINT}", pytrace=False)
    site = published / "build" / "html"
    pages = ["index.html"] + sorted(p.relative_to(site).as_posix() for lang in LANGUAGES
                                    for p in (site / lang).glob("*.html"))
    result = subprocess.run([node, str(SHARE_CHECK), str(site), BASE, *pages],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return {item["page"]: item for item in json.loads(result.stdout)}


def test_every_page_has_a_share_card(seen: dict[str, dict]) -> None:
    assert len(seen) > 2 * 4
    for page, found in seen.items():
        meta = found["meta"]
        lang = found["lang"]
        for key in ("og:title", "og:description", "og:image", "og:site_name", "twitter:title",
                    "twitter:description", "twitter:image"):
            assert meta.get(key) and meta[key][0].strip(), (page, key)
        assert meta["twitter:card"] == ["summary_large_image"], page
        assert meta["og:locale"] == [og_locale(lang)], page
        others = [og_locale(other) for other in LANGUAGES if other != lang]
        assert meta["og:locale:alternate"] == others, page
        assert found["image"] == {"width": CARD_SIZE[0], "height": CARD_SIZE[1]}, page
        assert meta["og:image"][0].startswith(BASE) and meta["og:image"][0].endswith(f"-{lang}-card.png")


def test_page_titles_and_urls_follow_the_page(seen: dict[str, dict]) -> None:
    chapter = seen["ru/chapter.html"]["meta"]
    assert chapter["og:title"][0].startswith("Глава")
    assert chapter["og:url"] == [f"{BASE}ru/chapter.html"]
    assert seen["ru/index.html"]["meta"]["og:type"] == ["book"]
    assert seen["index.html"]["meta"]["og:url"] == [BASE]


def test_json_ld_describes_the_book_and_its_editions(seen: dict[str, dict]) -> None:
    for page, found in seen.items():
        (book,) = found["jsonld"]
        assert book["@context"] == "https://schema.org" and book["@type"] == "Book", page
        assert book["name"] == "Preflight test booklet" and book["publisher"]["name"]
        editions = {item["inLanguage"]: item for item in book["workExample"]}
        assert set(editions) == set(LANGUAGES), page
        assert all(item["@type"] == "Book" and item["url"].startswith(BASE) for item in editions.values())
        current = editions[found["lang"]]
        assert current["name"], page
    assert seen["ru/index.html"]["jsonld"][0]["workExample"][1]["name"] == \
        "Брошюра для предпечатной проверки"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_card_image_per_language(published: Path, lang: str) -> None:
    card = published / "build" / "html" / "download" / f"preflight-{lang}-card.png"
    with Image.open(card) as image:
        assert image.size == CARD_SIZE and image.format == "PNG"


@pytest.mark.parametrize(("lang", "expected"), [("az", "az_AZ"), ("tk", "tk_TM"), ("ru", "ru_RU"),
                                                ("tr", "tr_TR"), ("en", "en_US")])
def test_open_graph_locales(lang: str, expected: str) -> None:
    assert og_locale(lang) == expected
