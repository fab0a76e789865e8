"""Share cards: what a messenger or a social site shows for a link to the website.

* :func:`render_card` draws a language's cover (page 1 of its reading PDF) on a
  :data:`CARD_SIZE` PNG, ``html/download/<slug>-<lang>-card.png``;
* :func:`page_meta` gives a page's Open Graph and Twitter card values (title,
  description, ``og:locale`` and its alternates, image) and :func:`json_ld` the
  schema.org data of the book and its language editions; the theme's ``layout.html``
  writes both into every page's head.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from babel.core import get_global

from .atomic import atomic_output
from .paths import DOWNLOADS, BuildPaths

CARD_SIZE = (1200, 630)
#: Folder of the cards inside the website (the downloads' folder, see booklet.downloads).
FOLDER = DOWNLOADS


def card_name(slug: str, lang: str) -> str:
    return f"{slug}-{lang}-card.png"


def og_locale(lang: str) -> str:
    """``az`` -> ``az_AZ``: Open Graph's language_TERRITORY form (CLDR likely subtags)."""
    likely = get_global("likely_subtags").get(lang.replace("-", "_"), "")
    parts = [p for p in likely.split("_") if p]
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), "")
    return f"{lang}_{territory}" if territory else lang


def render_card(reading_pdf: Path, target: Path) -> None:
    """The cover of *reading_pdf* centred on a card of :data:`CARD_SIZE`, the space beside
    it in the colour of the cover's edge."""
    from PIL import Image

    from .pdf.previews import page_image

    width, height = CARD_SIZE
    cover = page_image(reading_pdf, 1, resolution=int(height * 72 / 595) + 2)
    cover = cover.resize((round(cover.width * height / cover.height), height), Image.LANCZOS)
    background = cover.getpixel((2, height // 2))
    card = Image.new("RGB", CARD_SIZE, background)
    card.paste(cover, ((width - cover.width) // 2, 0))
    with atomic_output(target) as tmp:
        card.save(tmp, format="PNG")


def write_cards(paths: BuildPaths, languages: Sequence[str]) -> None:
    """The card of every language whose reading PDF is newer than its card."""
    for lang in languages:
        reading = paths.pdf(lang)
        target = paths.downloads / card_name(paths.config.slug, lang)
        if reading.is_file() and (not target.is_file()
                                  or target.stat().st_mtime < reading.stat().st_mtime):
            target.parent.mkdir(parents=True, exist_ok=True)
            render_card(reading, target)


def page_meta(data: Mapping[str, Any], lang: str, pagename: str, title: str,
              description: str, up: str) -> dict[str, Any]:
    """The share values of one page. *data* is the extension's ``booklet`` settings, *up*
    the relative path from the page to the site root."""
    base = data.get("base_url") or ""
    slug = data.get("slug", "")
    image_path = f"{FOLDER}/{card_name(slug, lang)}"
    page_path = f"{lang}/{pagename}.html"
    return {
        "title": title,
        "description": description,
        "site_name": data.get("name", ""),
        "locale": og_locale(lang),
        "alternates": [og_locale(other) for other in data.get("languages", [lang]) if other != lang],
        "url": f"{base}{page_path}" if base else "",
        "image": f"{base}{image_path}" if base else f"{up}{image_path}",
        "image_width": CARD_SIZE[0],
        "image_height": CARD_SIZE[1],
    }


def meta_tags(share: Mapping[str, Any], og_type: str) -> list[tuple[str, str, str]]:
    """The ``<meta>`` tags of a page's share card, as (attribute, key, content), from
    :func:`page_meta`'s values: the theme's pages and the language chooser both write these."""
    title, description = share["title"], share["description"]
    return [("name", "description", description), ("property", "og:type", og_type),
            ("property", "og:title", title), ("property", "og:description", description),
            ("property", "og:site_name", share["site_name"]),
            ("property", "og:locale", share["locale"]),
            *[("property", "og:locale:alternate", other) for other in share["alternates"]],
            *([("property", "og:url", share["url"])] if share["url"] else []),
            ("property", "og:image", share["image"]), ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(share["image_width"])),
            ("property", "og:image:height", str(share["image_height"])),
            ("property", "og:image:alt", share["site_name"]),
            ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", title),
            ("name", "twitter:description", description), ("name", "twitter:image", share["image"])]


def json_ld(data: Mapping[str, Any], lang: str, title: str, description: str, up: str) -> str:
    """schema.org ``Book`` with one ``workExample`` per language edition, as the body of a
    ``<script type="application/ld+json">`` (``</`` escaped). *data* holds the publication
    strings in the page's language *lang*, so the book is described in that language."""
    base = data.get("base_url") or ""
    names = data.get("language_names", {})

    def edition(other: str) -> dict[str, Any]:
        item: dict[str, Any] = {"@type": "Book", "inLanguage": other,
                                "url": f"{base or up}{other}/index.html",
                                "bookFormat": "https://schema.org/EBook"}
        if other == lang:
            item.update({"name": title, "description": description})
        elif names.get(other):
            item["alternateName"] = names[other]
        return item

    book: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": data.get("name", ""),
        "inLanguage": lang,
        "publisher": {"@type": "Organization", "name": data.get("publisher", "")},
        "image": f"{base or up}{FOLDER}/{card_name(data.get('slug', ''), lang)}",
        "workExample": [edition(other) for other in data.get("languages", [lang])],
    }
    if data.get("edition_date"):
        book["datePublished"] = data["edition_date"]
    if data.get("rights"):
        book["license"] = data["rights"]
    return json.dumps(book, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
