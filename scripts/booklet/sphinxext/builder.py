"""The ``booklet`` Sphinx builder: the website, and the chapters for print and EPUB.

It is Sphinx's standalone HTML builder with the ``booklet`` theme, whatever theme the
project's ``conf.py`` names (:meth:`BookletBuilder.get_theme_config`); the project's
``templates_path`` applies on top of it, except a template that replaces one of the
theme's pages without extending it (:meth:`BookletBuilder.create_template_bridge`). Two
additions:

* the body of every page it writes is kept in ``bodies/`` beside its output folder, so
  that :mod:`~booklet.sphinxext.bookdata` can assemble ``book.json`` (all chapters in
  book order, for the PDF and EPUB renderers) without reading the sources again;
* for languages whose search labels Sphinx lacks, ``translations.js`` is written from
  the package's catalogs.
"""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from sphinx import package_dir as _sphinx_dir
from sphinx.locale import __

from .. import fonts
from ..adapters.sphinx import ThemePagesKept, TranslationsJsHook
from ..paths import LanguageWork
from . import bookdata, untranslated
from .languages import LOCALE_DIR

package_dir = Path(_sphinx_dir)
log = logging.getLogger(__name__)
#: The theme of the booklet's website, and its ``theme.toml``.
THEME = "booklet"
THEME_TOML = Path(__file__).resolve().parent.parent / "theme" / THEME / "theme.toml"


def theme_option_names() -> frozenset[str]:
    """The options the booklet theme declares (``[options]`` of its ``theme.toml``)."""
    data = tomllib.loads(THEME_TOML.read_text(encoding="utf-8"))
    return frozenset(data.get("options", {}))


def own_theme_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options of *options* meant for the booklet theme; the others are dropped.

    A project sets ``html_theme_options`` for its own theme; given to the booklet theme,
    Sphinx would warn "unsupported theme option" for each, which fails a strict build.
    """
    known = theme_option_names()
    dropped = sorted(set(options) - known)
    if dropped:
        log.debug("html_theme_options for the project's own theme, not used by the booklet "
                  "theme: %s", ", ".join(dropped))
    return {key: value for key, value in options.items() if key in known}


def _numeric(plural_expr: str) -> str:
    """A plural expression that yields a form index: ``(n != 1)`` gives true/false in JS."""
    return plural_expr if "?" in plural_expr or plural_expr.strip().isdigit() else f"({plural_expr}) ? 1 : 0"


def _js_messages(catalog: Any) -> dict[str, Any]:
    """The complete translations of *catalog* in ``translations.js`` form."""
    result: dict[str, Any] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = list(message.string)
            if all(forms):
                result[message.id[0]] = forms
        elif message.string:
            result[message.id] = message.string
    return result


class BookletBuilder(TranslationsJsHook):
    """HTML pages plus the rendered chapters (``book.json``) of one language."""

    name = "booklet"
    epilog = __("The booklet pages are in %(outdir)s.")

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        """The booklet theme, with only the options meant for it."""
        return THEME, own_theme_options(dict(self.config.html_theme_options or {}))

    @property
    def work(self) -> LanguageWork:
        """The language's work folder, around Sphinx's output folder."""
        return LanguageWork.of_staging_html(self.outdir)

    @property
    def bodies_dir(self) -> Path:
        return self.work.bodies

    @property
    def book_path(self) -> Path:
        return self.work.book

    def create_template_bridge(self) -> None:
        """Sphinx's template loader, but keeping the theme's own pages
        (:class:`~booklet.adapters.sphinx.ThemePagesKept`), unless the project names a
        template bridge of its own."""
        if self.config.template_bridge:
            super().create_template_bridge()
        else:
            self.templates = ThemePagesKept()

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        body = untranslated.mark_html(body, untranslated.source_language(self.config))
        target = self.bodies_dir / f"{docname}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        return super().get_doc_context(docname, body, metatags)

    def translations_js(self) -> Path | None:
        """Sphinx's ``translations.js``, merged with the package's catalog for the language.

        The package's ``sphinx.po`` supplies languages Sphinx lacks (az, tk) and the search
        messages Sphinx ships empty (ru, tr); the plural expression is made numeric, since
        ``Documentation.ngettext`` indexes the forms with it.
        """
        catalogs = [package_dir / "locale", LOCALE_DIR]
        sources = [folder / self.config.language / "LC_MESSAGES" / "sphinx.po" for folder in catalogs]
        sources = [po for po in sources if po.is_file()]
        if not sources:
            return super().translations_js()
        messages: dict[str, Any] = {}
        plural_expr = "(n != 1)"
        for po in sources:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=self.config.language)
            plural_expr = catalog.plural_expr
            messages.update(_js_messages(catalog))
        data = {"locale": self.config.language, "messages": messages,
                "plural_expr": _numeric(plural_expr)}
        target = self.work.translations_js
        text = f"Documentation.addTranslations({json.dumps(data, sort_keys=True, indent=4)});\n"
        target.write_text(text, encoding="utf-8")
        return target

    def finish(self) -> None:
        super().finish()
        self.finish_tasks.add_task(self.write_book)
        self.finish_tasks.add_task(self.write_web_fonts)

    def write_web_fonts(self) -> None:
        """The web faces as WOFF, subset to the scripts of the edition (cached across languages).

        WOFF (zlib) rather than WOFF2: Brotli at its fixed top quality triples the time
        of a clean build for a few dozen kilobytes. Languages start at different faces so
        that parallel workers fill the shared cache side by side.
        """
        import lxml.html

        outdir = Path(self.outdir)
        text = "".join(lxml.html.parse(str(page)).getroot().text_content()
                       for page in sorted(outdir.glob("**/*.html")))
        chars = fonts.web_charset(text)
        cache = self.work.web_fonts
        faces = fonts.web_faces()
        start = sum(map(ord, self.config.language)) % len(faces)
        for face in faces[start:] + faces[:start]:
            fonts.cached_subset(face, chars, cache, outdir / "_static" / "fonts" / f"{face.stem}.woff",
                                flavor="woff")

    def write_book(self) -> None:
        book = bookdata.assemble(self)
        tmp = self.book_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(book, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.book_path)
