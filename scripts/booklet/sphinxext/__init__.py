"""The Sphinx extension of the booklet builder.

``booklet`` loads it into every Sphinx run itself (after the project's own extensions,
:mod:`booklet.sphinxrun`), so a project's ``conf.py`` need not name it. It adds

* the booklet settings as typed config values (:mod:`.settings`);

* the edition substitutions (``|anniversary|``, ``|edition-year|``, ``|edition-date|``),
  computed from the configured edition date, so no figure that changes with the
  edition is typed into the prose or its translations;
* interface translations for languages Sphinx lacks (az, tk) from ``booklet/locale``;
* each language's micro-typography (no-break spaces, quotation marks, dashes) on every
  document after translation (:mod:`.typography`);
* a guard that unwraps links with unsafe schemes (``javascript:``, ``file:``);
* math as SVG images made offline (:mod:`.mathsvg`), and the website's per-language
  script font and direction (:mod:`.scriptfonts`), ``.. only::`` judged for the website
  and the book apart (:mod:`.onlyformats`);
* the ``booklet`` theme, with a same-page language switcher and hreflang links;
* the ``booklet`` builder: the HTML site plus the rendered chapters (``book.json``)
  that the PDF and EPUB renderers use, so each language is parsed once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig

from .. import __version__
from . import (languages, links, mathsvg, onlyformats, publication, scriptfonts, settings,
               substitutions, typography, untranslated)
from .builder import BookletBuilder

THEME_DIR = Path(__file__).resolve().parent.parent / "theme" / "booklet"


def _on_config_inited(app: Sphinx, config: SphinxConfig) -> None:
    data = settings.resolve(app, config)
    substitutions.install(config, data)
    languages.install(app, config, data)


def setup(app: Sphinx) -> dict[str, Any]:
    settings.register(app)
    app.add_html_theme("booklet", str(THEME_DIR))
    app.add_builder(BookletBuilder)
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", languages.page_context)
    app.connect("doctree-resolved", links.unwrap_unsafe_links)
    typography.setup(app)
    publication.setup(app)
    mathsvg.setup(app)
    onlyformats.setup(app)
    scriptfonts.setup(app)
    untranslated.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": False,
    }
