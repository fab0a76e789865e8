"""The website around the language folders: publishing, the language chooser, the sitemap,
and the finishing step that puts the edition's files on the site (:func:`finish`)."""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import downloads, opds, publication, sharecards
from .atomic import atomic_output, write_bytes
from .config import Config, language_tag
from .context import RenderContext
from .manifest import Entry
from .paths import BuildPaths


def publish_language(ctx: RenderContext) -> None:
    """Copy Sphinx's output for one language into ``build/html/<lang>`` in one move."""
    source = ctx.paths.staging_html(ctx.language)
    with atomic_output(ctx.paths.html(ctx.language)) as tmp:
        shutil.copytree(source, tmp, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees",
                                                                   "objects.inv"))


def _page_names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).with_suffix("").as_posix() for p in folder.glob("**/*.html")
                  if not p.relative_to(folder).parts[0].startswith("_"))


def finish(config: Config, entries: Mapping[str, Entry]) -> None:
    """After the formats: the files into ``html/download/``, each title page's and the
    chooser's downloads, the chooser and the sitemap. *entries* are the manifest's (sizes
    and page counts of the files)."""
    paths = BuildPaths(config)
    metas = book_metas(paths)
    cards = frozenset(sharecards.card_name(config.slug, lang) for lang in config.languages)
    downloads.publish_files(config, entries, cards)
    for lang in config.languages:
        page = paths.html(lang) / "index.html"
        if page.is_file():
            downloads.insert(page, downloads.block(downloads.files(paths, lang, entries), lang, page))
    write_chooser(config, metas, entries)
    write_sitemap(config)
    opds.write(config, editions(config, metas, entries), paths.html_root / opds.FEED_NAME)
    sharecards.write_cards(paths, config.languages)


def book_metas(paths: BuildPaths) -> dict[str, dict[str, Any]]:
    """The ``meta`` of every language's ``book.json`` (title, subtitle, publisher ... in
    that language), read once for the finishing step; ``{}`` for a language not built."""
    metas = {}
    for lang in paths.config.languages:
        book = paths.book(lang)
        metas[lang] = json.loads(book.read_text(encoding="utf-8"))["meta"] if book.is_file() else {}
    return metas


def editions(config: Config, metas: Mapping[str, Mapping[str, Any]],
             entries: Mapping[str, Entry] | None = None) -> list[opds.Edition]:
    """The language editions on the website, as the e-reader catalog lists them (sizes
    and page counts from the manifest's *entries*, not read from every file again)."""
    paths = BuildPaths(config)
    found = []
    for lang in config.languages:
        meta, page = metas.get(lang, {}), paths.html(lang) / "index.html"
        if not meta or not page.is_file():
            continue
        files = {item.kind: item.published for item in downloads.files(paths, lang, entries)}
        image = downloads.cover(paths, lang)
        found.append(opds.Edition(
            lang, meta.get("title") or config.name, meta.get("subtitle", ""),
            meta.get("publisher") or config.publisher, meta.get("edition_date", ""), page,
            files.get("epub"), files.get("reading"), image if image.is_file() else None))
    return found


def write_chooser(config: Config, metas: Mapping[str, Mapping[str, Any]],
                  entries: Mapping[str, Entry] | None = None) -> None:
    """``build/html/index.html``: each language named in itself, with its files; no JavaScript."""
    paths = BuildPaths(config)
    titles = {lang: str(meta.get("title", "")) for lang, meta in metas.items()}
    chooser = paths.chooser
    items = "\n".join(
        f'      <li lang="{language_tag(lang)}"><a href="{lang}/index.html" hreflang="{language_tag(lang)}" lang="{language_tag(lang)}">'
        f'<span class="name">{html.escape(config.language_name(lang))}</span>'
        f'<span class="title">{html.escape(titles.get(lang, ""))}</span></a>'
        f'{downloads.block(downloads.files(paths, lang, entries), lang, chooser)}</li>'
        for lang in config.languages if paths.html(lang).is_dir())
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{language_tag(lang)}" href="{config.base_url or ""}{lang}/index.html">'
        for lang in config.languages if paths.html(lang).is_dir())
    default = config.source_language
    canonical = f'  <link rel="canonical" href="{config.base_url}">\n' if config.base_url else ""
    title = html.escape(titles.get(default) or config.name)
    share = _share_head(config, titles.get(default) or config.name,
                        str(metas.get(default, {}).get("subtitle", "")))
    page = f"""<!DOCTYPE html>
<html lang="{language_tag(default)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
{alternates}
  <link rel="alternate" hreflang="x-default" href="{config.base_url or ""}index.html">
{canonical}{share}  <link rel="related" type="{opds.FEED_TYPE}" href="{opds.FEED_NAME}" title="OPDS">
  <link rel="stylesheet" href="{default}/_static/booklet.css">
</head>
<body class="chooser">
  <main id="main" class="page">
    <h1>{title}</h1>
    <ul class="language-chooser">
{items}
    </ul>
  </main>
</body>
</html>
"""
    write_bytes(chooser, page.encode("utf-8"))


def _share_head(config: Config, title: str, description: str) -> str:
    """The chooser's Open Graph, Twitter card and JSON-LD (booklet.sharecards)."""
    data = publication.data_of(config)
    lang = config.source_language
    meta = sharecards.page_meta(data, lang, "index", title, description, "")
    meta["url"] = config.base_url
    tags = sharecards.meta_tags(meta, "website")
    lines = [f'  <meta {kind}="{key}" content="{html.escape(value)}">' for kind, key, value in tags]
    script = sharecards.json_ld(data, lang, title, description, "")
    lines.append(f'  <script type="application/ld+json">{script}</script>')
    return "\n".join(lines) + "\n"


def write_sitemap(config: Config) -> None:
    """``build/html/sitemap.xml`` with the hreflang alternates of every page."""
    paths = BuildPaths(config)
    base = config.base_url
    langs = [lang for lang in config.languages if paths.html(lang).is_dir()]
    pages = sorted({name for lang in langs for name in _page_names(paths.html(lang))} - {"search", "genindex"})
    entries = []
    for lang in langs:
        for name in pages:
            links = "".join(
                f'\n    <xhtml:link rel="alternate" hreflang="{language_tag(other)}" href="{base}{other}/{name}.html"/>'
                for other in langs)
            entries.append(f"  <url>\n    <loc>{base}{lang}/{name}.html</loc>{links}\n  </url>")
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n")
    write_bytes(paths.sitemap, xml.encode("utf-8"))
