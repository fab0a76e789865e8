"""The booklet settings as the Sphinx extension sees them: typed Sphinx config values.

``booklet build`` passes each in as a config override (``booklet_name``,
``booklet_languages`` ...: :meth:`booklet.config.Config.to_sphinx`); Sphinx checks its
type like any other value. A plain ``sphinx-build`` run (an editor's quick check) passes
none, so the values are then read from the ``pyproject.toml`` around ``conf.py``, or
keep the defaults declared here. Code reads them through :func:`of`, a frozen view.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig

from ..config import load_config
from ..errors import BookletError

log = logging.getLogger(__name__)

#: The prefix of every booklet config value in Sphinx.
PREFIX = "booklet_"


@dataclass(frozen=True)
class Settings:
    """The booklet settings of one Sphinx run; field ``x`` is config value ``booklet_x``."""

    project: str = ""
    name: str = ""
    slug: str = "booklet"
    publisher: str = ""
    rights: str = ""
    languages: tuple[str, ...] = ()
    source_language: str = ""
    language_names: dict[str, str] | None = None
    edition_date: str = ""  # ISO date, or "" for none
    anniversary: int | None = None
    base_url: str = ""
    drafts: tuple[str, ...] = ()
    handout: str = "handout"
    # The publication strings and design (booklet.publication, booklet.design).
    subtitle: str = ""
    dedication: str = ""
    read_online: str = ""
    colophon: tuple[str, ...] = ()
    locales_dir: str = ""
    design: dict[str, Any] | None = None
    # Elements and scripts (booklet.elements, booklet.fonts).
    contents_depth: int = 2
    fonts: dict[str, str] | None = None

    def language_name(self, lang: str) -> str:
        return (self.language_names or {}).get(lang, lang)

    @property
    def edition_year(self) -> int | None:
        return int(self.edition_date[:4]) if self.edition_date else None


#: Field -> (default as Sphinx stores it, accepted types).
_TYPES: dict[str, tuple[Any, frozenset[type]]] = {
    "project": ("", frozenset({str})),
    "name": ("", frozenset({str})),
    "slug": ("booklet", frozenset({str})),
    "publisher": ("", frozenset({str})),
    "rights": ("", frozenset({str})),
    "languages": ([], frozenset({list, tuple})),
    "source_language": ("", frozenset({str})),
    "language_names": ({}, frozenset({dict})),
    "edition_date": ("", frozenset({str})),
    "anniversary": (None, frozenset({int, type(None)})),
    "base_url": ("", frozenset({str})),
    "drafts": ([], frozenset({list, tuple})),
    "handout": ("handout", frozenset({str})),
    "subtitle": ("", frozenset({str})),
    "dedication": ("", frozenset({str})),
    "read_online": ("", frozenset({str})),
    "colophon": ([], frozenset({list, tuple})),
    "locales_dir": ("", frozenset({str})),
    "design": ({}, frozenset({dict})),
    "contents_depth": (2, frozenset({int})),
    "fonts": ({}, frozenset({dict})),
}


def names() -> list[str]:
    """Every booklet config value's name in Sphinx."""
    return [PREFIX + name for name in _TYPES]


def register(app: Sphinx) -> None:
    """Declare the typed config values (called from the extension's ``setup``)."""
    for name, (default, types) in _TYPES.items():
        app.add_config_value(PREFIX + name, default, "env", types=types)


def of(config: SphinxConfig) -> Settings:
    """The settings of this run, as a frozen view of the config values."""
    values = {f.name: getattr(config, PREFIX + f.name) for f in fields(Settings)}
    for key in ("languages", "drafts", "colophon"):
        values[key] = tuple(values[key])
    values["design"] = dict(values["design"] or {})
    values["fonts"] = dict(values["fonts"] or {})
    values["language_names"] = dict(values["language_names"])
    return Settings(**values)


def _project_root(confdir: Path) -> Path:
    for candidate in (confdir, *confdir.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return confdir.parent


def resolve(app: Sphinx, config: SphinxConfig) -> Settings:
    """The settings passed by ``booklet``, or else those of the project around ``conf.py``."""
    if not config.booklet_languages:
        root = _project_root(Path(app.confdir))
        try:
            loaded = load_config(root, {"source-dir": str(Path(app.srcdir).relative_to(root))})
        except (BookletError, ValueError) as exc:
            log.debug("no booklet configuration around %s (%s): the defaults apply", app.confdir, exc)
            config.booklet_languages = [config.language]
            config.booklet_source_language = config.language
            config.booklet_name = config.project
        else:
            for name, value in loaded.to_sphinx().items():
                setattr(config, name, value)
    return of(config)
