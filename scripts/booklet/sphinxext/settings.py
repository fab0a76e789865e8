"""The booklet settings as the Sphinx extension sees them: typed Sphinx config values.

``booklet build`` passes each in as a config override (``booklet_name``,
``booklet_languages`` ...: :meth:`booklet.config.Config.to_sphinx`); Sphinx checks its
type like any other value. A plain ``sphinx-build`` run (an editor's quick check) passes
none, so the values are then read from the ``pyproject.toml`` around ``conf.py``, or
keep the defaults declared here. Code reads them through :func:`of`, a frozen view.
"""

from __future__ import annotations

import logging
from dataclasses import Field, dataclass, fields
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

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


def _sphinx_value(field: Field[Any], hint: Any) -> tuple[Any, frozenset[type]]:
    """A field's default as Sphinx stores it, and the types Sphinx accepts for it.

    Sequences are lists in Sphinx (tuples too are accepted); a mapping field defaults to
    ``None`` only because a dataclass cannot default to ``{}``, so Sphinx's default is ``{}``.
    """
    kinds = {get_origin(arg) or arg for arg in
             (get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,))}
    default = field.default
    if tuple in kinds:
        return list(default), frozenset({list, tuple})
    if dict in kinds:
        return {}, frozenset({dict})
    return default, frozenset(kinds)


#: Field -> (default as Sphinx stores it, accepted types), derived from :class:`Settings`.
_TYPES: dict[str, tuple[Any, frozenset[type]]] = {
    f.name: _sphinx_value(f, hint)
    for f, hint in zip(fields(Settings), get_type_hints(Settings).values(), strict=True)}


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
    for name, (default, _types) in _TYPES.items():
        if isinstance(default, list):
            values[name] = tuple(values[name])
        elif isinstance(default, dict):
            values[name] = dict(values[name] or {})
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
