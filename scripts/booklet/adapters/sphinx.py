"""Sphinx's internals, in one place: its interface-catalog cache and a private builder hook.

* ``sphinx.locale.translators`` caches catalogs per domain, not per language: a worker
  that builds a second language would otherwise print it in the first one's words
  (:func:`forget_interface_catalogs`), and the package's own ``sphinx.po`` has to be put
  in front of Sphinx's (:func:`put_catalog_first`);
* ``StandaloneHTMLBuilder._get_translations_js`` is the private method that finds the
  search page's ``translations.js``; :class:`TranslationsJsHook` overrides it and hands
  the work to a public method of the booklet builder.

Checked against Sphinx :data:`CHECKED` (pinned in ``pyproject.toml``); :func:`check`
refuses any other version.
"""

from __future__ import annotations

from gettext import NullTranslations
from pathlib import Path

import sphinx
from sphinx import locale
from sphinx.builders.html import StandaloneHTMLBuilder

from . import require

#: The version these internals were checked against.
CHECKED = "9.0.4"
#: The key of Sphinx's own interface catalog in ``sphinx.locale.translators``.
_INTERFACE = ("general", "sphinx")


def check() -> None:
    """Refuse a Sphinx other than :data:`CHECKED`."""
    require("sphinx", sphinx.__version__, CHECKED)


def forget_interface_catalogs() -> None:
    """Drop every cached interface catalog (before a Sphinx run of another language)."""
    locale.translators.clear()


def interface_catalog() -> NullTranslations | None:
    """Sphinx's interface catalog as loaded for the current run, if any."""
    found = locale.translators.get(_INTERFACE)
    return None if found is None or found.__class__ is NullTranslations else found


def put_catalog_first(catalog: NullTranslations) -> NullTranslations:
    """Make *catalog* the interface catalog, with Sphinx's as its fallback; return it."""
    previous = interface_catalog()
    if previous is not None and previous is not catalog:
        catalog.add_fallback(previous)
    locale.translators[_INTERFACE] = catalog
    return catalog


class TranslationsJsHook(StandaloneHTMLBuilder):
    """A builder whose ``translations.js`` comes from :meth:`translations_js`."""

    def translations_js(self) -> Path | None:
        """The search page's ``translations.js``: Sphinx's own unless overridden."""
        return super()._get_translations_js()

    def _get_translations_js(self) -> Path | None:  # Sphinx's private hook
        return self.translations_js()
