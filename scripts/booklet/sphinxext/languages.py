"""Languages on the website: interface strings, the same-page switcher and hreflang links.

Every language of an edition sits in its own folder (``html/<lang>/``) with the same
page names, so the same page in another language is always ``../<lang>/<page>.html``
relative to the current one: it works from ``file://`` and under any URL prefix.
"""

from __future__ import annotations

import dataclasses
import gettext
import html
import re
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogInfo

from ..adapters import sphinx as sphinx_adapter
from .. import publication
from ..config import language_tag
from . import settings
from .settings import Settings

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The message domain of the booklet's own interface strings (labels in print and EPUB).
DOMAIN = "booklet"
_ = get_translation(DOMAIN)


def compile_catalogs(language: str) -> None:
    """Compile the package's ``.po`` files for *language* to ``.mo`` when they are newer."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        info = CatalogInfo(str(folder), po.stem, "utf-8")
        if info.is_outdated():
            info.write_mo(language)


def install(app: Sphinx, config: SphinxConfig, data: Settings) -> None:
    """Add the package's interface catalogs and the canonical base URL for this language."""
    compile_catalogs(config.language)
    config.locale_dirs = [*config.locale_dirs, str(LOCALE_DIR)]
    app.translator = _own_catalog_first(config.language)
    app.add_message_catalog(DOMAIN, str(LOCALE_DIR))
    if data.base_url and not config.html_baseurl:
        config.html_baseurl = f"{data.base_url}{config.language}/"


def _own_catalog_first(language: str) -> NullTranslations:
    """Sphinx's interface catalog, with the package's ``sphinx.po`` for *language* in front.

    Sphinx loads its own catalogs before any extension. The package's are put first, so
    that its wording for a booklet ("Önceki bölüm", not Sphinx's "Önceki konu") wins, and
    Sphinx's stay as the fallback for every message the package does not translate.
    """
    try:
        ours = gettext.translation("sphinx", localedir=str(LOCALE_DIR), languages=[language])
    except OSError:  # no package catalog for this language: Sphinx's alone
        return locale.init([], language)[0]
    return sphinx_adapter.put_catalog_first(ours)


def _up(pagename: str) -> str:
    """The relative path from a page up to the site root (above the language folders)."""
    return "../" * (pagename.count("/") + 1)


def alternates(data: Settings, current: str, pagename: str) -> list[dict[str, Any]]:
    """One entry per language: code, BCP 47 tag, name in itself, relative and absolute URL."""
    base = data.base_url
    return [
        {
            "code": lang,
            "tag": language_tag(lang),
            "name": data.language_name(lang),
            "href": f"{_up(pagename)}{lang}/{pagename}.html",
            "url": f"{base}{lang}/{pagename}.html" if base else "",
            "current": lang == current,
        }
        for lang in (data.languages or (current,))
    ]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """Give templates the language list, the site root and the draft flag."""
    data = settings.of(app.config)
    language = app.config.language
    context["booklet_languages"] = alternates(data, language, pagename)
    context["booklet_default"] = f"{_up(pagename)}{data.source_language or language}/{pagename}.html"
    context["booklet_site_root"] = f"{_up(pagename)}index.html"
    context["booklet_draft"] = language in data.drafts
    context["booklet_base_url"] = data.base_url
    context["b_"] = lambda message: str(_(message))
    root_title = app.env.titles.get(app.config.root_doc)
    if root_title is not None:  # the publication's title in this language, not conf.py's
        context["docstitle"] = root_title.astext()
    _share(app, data, pagename, context)


def _share(app: Sphinx, data: settings.Settings, pagename: str, context: dict[str, Any]) -> None:
    """Open Graph, Twitter card and JSON-LD values for the theme (booklet.sharecards)."""
    from docutils import nodes

    from ..sharecards import json_ld, meta_tags, page_meta

    description = getattr(app.env, "booklet_description", None)
    if description is None:
        try:
            doctree = app.env.get_doctree(app.config.root_doc)
            first = next(iter(doctree.findall(nodes.paragraph)), None)
            description = first.astext() if first is not None else ""
        except (KeyError, OSError):
            description = ""
        app.env.booklet_description = description  # type: ignore[attr-defined]
    docstitle = context.get("docstitle", "")
    page_title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    title = docstitle if pagename == app.config.root_doc or not page_title \
        else f"{page_title} — {docstitle}"
    up = _up(pagename)
    plain = dataclasses.asdict(data)
    plain.update(publication.localized(plain, app.config.language))  # name, publisher ... in this language
    share = page_meta(plain, app.config.language, pagename, title, description, up)
    og_type = "book" if pagename == app.config.root_doc else "article"
    context["booklet_share_tags"] = meta_tags(share, og_type)
    context["booklet_jsonld"] = json_ld(plain, app.config.language, docstitle, description, up)
