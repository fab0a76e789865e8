"""The publication on the website: its design's colours and its strings in each language.

* ``_static/design.css`` holds the design's link colours (:meth:`booklet.design.Design.site_css`),
  linked after the theme's stylesheet, so the site, the PDFs and the EPUB cover share one
  design;
* templates get ``booklet_publication``: the publication strings (publisher, rights ...)
  in the page's language (:func:`booklet.publication.localized`), for the footer.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig

from .. import publication
from . import settings

log = logging.getLogger(__name__)

CSS_NAME = "design.css"


def settings_of(config: SphinxConfig) -> dict[str, Any]:
    """The booklet settings (:func:`booklet.sphinxext.settings.of`) as plain data, the form
    :mod:`booklet.publication` reads."""
    return asdict(settings.of(config))


def strings(config: SphinxConfig) -> dict[str, Any]:
    """The publication strings in the build language; logs those still untranslated."""
    data = settings_of(config)
    for msgid in publication.untranslated(data, config.language):
        log.warning("%s: publication string %r is not translated (run 'booklet update', "
                    "then translate it)", publication.catalog_path(data["locales_dir"], config.language),
                    msgid)
    return publication.localized(data, config.language)


def _site_css(app: Sphinx) -> str:
    return str((settings_of(app.config).get("design") or {}).get("site_css") or "")


def builder_inited(app: Sphinx) -> None:
    """Link the design's stylesheet (written when the build finishes)."""
    if app.builder.format == "html" and _site_css(app):
        app.add_css_file(CSS_NAME)


def write_css(app: Sphinx, exception: Exception | None) -> None:
    """Write ``_static/design.css`` into the HTML output."""
    if exception is not None or app.builder.format != "html" or not _site_css(app):
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / CSS_NAME).write_text("/* The publication's design: link colours (booklet.design). */\n"
                                   + _site_css(app), encoding="utf-8")


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """Give templates the publication strings in the page's language."""
    context["booklet_publication"] = publication.localized(settings_of(app.config), app.config.language)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", builder_inited)
    app.connect("build-finished", write_css)
    app.connect("html-page-context", page_context)
