"""Translator's plumbing: extract messages, update catalogs, report their state.

``gettext`` runs Sphinx's gettext builder (one ``.pot`` per document) into
``build/gettext``; ``update`` merges them into ``locales/<lang>/LC_MESSAGES/*.po`` with
sphinx-intl and drops obsolete entries (a changed source message comes back as fuzzy,
with the old translation as a starting point). The publication strings of
``[tool.booklet]`` get their own template, ``publication.pot`` (:mod:`booklet.publication`),
merged the same way into ``publication.po``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from . import publication
from .config import Config
from .paths import BuildPaths
from .sphinxrun import run

log = logging.getLogger(__name__)


def pot_dir(config: Config) -> Path:
    return BuildPaths(config).gettext


def extract(config: Config, strict: bool = True) -> Path:
    """Write the message templates; return their folder."""
    paths = BuildPaths(config)
    target = pot_dir(config)
    publication.check_no_clash(config.source_dir)
    run(config, config.source_language, "gettext", target, paths.doctrees("gettext"), strict)
    publication.write_template(publication.data_of(config), target)
    log.info("message templates written to %s", target)
    return target


def update(config: Config, languages: Sequence[str] | None = None) -> list[Path]:
    """Bring the catalogs of *languages* up to date with the sources."""
    import polib
    from sphinx_intl import basic

    templates = extract(config)
    langs = [lang for lang in (languages or config.languages) if lang != config.source_language]
    config.locales_dir.mkdir(parents=True, exist_ok=True)
    basic.update(str(config.locales_dir), str(templates), tuple(langs), line_width=79,
                 ignore_obsolete=False)
    changed = []
    for lang in langs:
        for po_path in sorted((config.locales_dir / lang / "LC_MESSAGES").glob("*.po")):
            catalog = polib.pofile(str(po_path), wrapwidth=79)
            obsolete = catalog.obsolete_entries()
            for entry in obsolete:
                catalog.remove(entry)
            _fill_header(catalog, lang)
            catalog.save()
            changed.append(po_path)
    return changed


def _fill_header(catalog: "polib.POFile", lang: str) -> None:  # noqa: F821
    from babel.messages.plurals import get_plural

    try:
        forms = get_plural(lang).plural_forms
    except (ValueError, LookupError):
        forms = "nplurals=2; plural=(n != 1);"
    catalog.metadata.setdefault("Language", lang)
    catalog.metadata["Language"] = lang
    catalog.metadata.setdefault("Plural-Forms", forms)
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
