"""The website's interface strings: the package's catalogs come before Sphinx's own."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from pathlib import Path

import pytest
import sphinx
from sphinx import locale

from booklet.sphinxext import languages

SPHINX_LOCALE = Path(sphinx.__file__).parent / "locale"


@pytest.fixture
def sphinx_catalog() -> Iterator[None]:
    """Sphinx's own interface catalogs for Turkish, loaded as Sphinx loads them."""
    saved = dict(locale.translators)
    locale.translators.clear()
    languages.compile_catalogs("tr")
    locale.init([str(SPHINX_LOCALE)], "tr")
    yield
    locale.translators.clear()
    locale.translators.update(saved)


def test_package_wording_wins_over_sphinx(sphinx_catalog):
    own = gettext.translation("sphinx", localedir=str(SPHINX_LOCALE), languages=["tr"])
    assert own.gettext("Previous topic") == "Önceki konu"  # what Sphinx alone would print
    translator = languages._own_catalog_first("tr")
    assert translator.gettext("Previous topic") == "Önceki bölüm"
    assert locale.translators["general", "sphinx"] is translator  # what Sphinx's _() reads


def test_sphinx_catalog_stays_the_fallback(sphinx_catalog):
    translator = languages._own_catalog_first("tr")
    assert translator.gettext("Quick search") == "Hızlı Arama"  # not in the package's catalog


def test_language_without_a_package_catalog_keeps_sphinx(sphinx_catalog):
    locale.translators.clear()
    locale.init([str(SPHINX_LOCALE)], "de")
    translator = languages._own_catalog_first("de")
    assert translator.gettext("Previous topic") != "Previous topic"
