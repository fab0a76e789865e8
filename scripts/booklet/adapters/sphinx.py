"""Sphinx's internals, in one place: its interface-catalog cache and a private builder hook.

* ``sphinx.locale.translators`` caches catalogs per domain, not per language: a worker
  that builds a second language would otherwise print it in the first one's words
  (:func:`forget_interface_catalogs`), and the package's own ``sphinx.po`` has to be put
  in front of Sphinx's (:func:`put_catalog_first`);
* ``StandaloneHTMLBuilder._get_translations_js`` is the private method that finds the
  search page's ``translations.js``; :class:`TranslationsJsHook` overrides it and hands
  the work to a public method of the booklet builder;
* ``BuiltinTemplateLoader`` keeps the project's ``templates_path`` loaders first in
  ``loaders`` (``templatepathlen`` of them): :class:`ThemePagesKept` reads them to leave
  out a project template that replaces one of the theme's pages outright.

Checked against Sphinx :data:`CHECKED` (pinned in ``pyproject.toml``); :func:`check`
refuses any other version.
"""

from __future__ import annotations

import logging
import re
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import sphinx
from jinja2 import TemplateNotFound
from sphinx import locale
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.jinja2glue import BuiltinTemplateLoader

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


class ThemePagesKept(BuiltinTemplateLoader):
    """Sphinx's template loader, the project's ``templates_path`` first as usual, except
    that a project template with the name of one of the theme's own pages is used only if
    it extends that page (``{% extends "!layout.html" %}``): one written whole for
    another theme would take away the booklet's language switcher, downloads and
    landmarks. The templates left out are logged once."""

    def init(self, builder: Any, theme: Any = None, dirs: Any = None) -> None:
        super().init(builder, theme, dirs)
        self.left_out: set[str] = set()

    def get_source(self, environment: Any, template: str) -> Any:
        if not template.startswith("!") and self._replaces_theme_page(environment, template):
            template = "!" + template
        return super().get_source(environment, template)

    def _replaces_theme_page(self, environment: Any, template: str) -> bool:
        own = self._found(environment, template, self.loaders[:self.templatepathlen])
        if own is None or _extends(own[0], template):
            return False
        if self._found(environment, template, self.loaders[self.templatepathlen:]) is None:
            return False
        if template not in self.left_out:
            self.left_out.add(template)
            logging.getLogger(__name__).info(
                "%s replaces the booklet theme's %s without extending it: left out (a "
                "project template that starts with {%% extends \"!%s\" %%} is used)",
                own[1], template, template)
        return True

    @staticmethod
    def _found(environment: Any, template: str, loaders: list[Any]) -> Any:
        for loader in loaders:
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        return None


def _extends(source: str, template: str) -> bool:
    return re.search(r"\{%-?\s*extends\s+[\"']!" + re.escape(template) + r"[\"']", source) is not None
