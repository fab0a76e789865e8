"""The project configuration: one defaults mapping, merged in a stated order.

Order of precedence, lowest first:

1. :data:`DEFAULTS` below;
2. the ``[tool.booklet]`` table of the project's ``pyproject.toml`` (if any);
3. options given on the command line (``--source-dir``, ``--lang`` ...).

Unknown keys and bad values are refused with a :class:`~booklet.errors.ConfigError`
naming the key and the file. Everything else in the package reads the settings
from the frozen :class:`Config` this module returns: it is the one place for the
languages, the paths and the edition.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .design import Design, load_design
from .errors import ConfigError
from .sphinxconf import ProjectConf
from .sphinxconf import read as read_conf

#: Every output format, in build order.
FORMATS: tuple[str, ...] = ("html", "pdf", "print", "imposed", "handout", "epub")

DEFAULTS: Mapping[str, Any] = {
    "source-dir": "",  # "": discovered (see SOURCE_PLACES)
    "locales-dir": "",  # "": discovered (see LOCALE_PLACES)
    "build-dir": "build",
    "name": "",
    "slug": "",
    "publisher": "",
    "rights": "",
    "subtitle": "",
    "dedication": "",
    "read-online": "",
    "colophon": [],
    "design": {},
    "languages": [],
    "source-language": "",
    "language-names": {},
    "formats": list(FORMATS),
    "edition-date": "",
    "anniversary-of": "",
    "base-url": "",
    "drafts": [],
    "thresholds": {},
    "handout": "handout",
    "terms": "locales/terms.csv",
    "strict": True,
    "contents-depth": 2,
    "fonts": {},
}

#: Where projects keep their Sphinx sources (the folder with ``conf.py``), in this order.
SOURCE_PLACES: tuple[str, ...] = ("docs", "doc", "source", ".")
#: A Sphinx language code as translators name catalog folders: ``de``, ``pt_BR``, ``zh_TW``,
#: ``sr@latin``, ``zh_Hant_TW``, ``cak``.
_LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*(@[a-z]+)?$")
#: Where projects keep their catalogs, relative to the project root and then to the source
#: folder, after the ``locale_dirs`` of ``conf.py``: the first that holds a language wins.
LOCALE_PLACES: tuple[str, ...] = ("locales", "locale", "source/locales", "source/locale")
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Config:
    """The validated settings of one project. Paths are absolute."""

    project: Path
    source_dir: Path
    locales_dir: Path
    build_dir: Path
    name: str
    slug: str
    publisher: str
    rights: str
    languages: tuple[str, ...]
    source_language: str
    language_names: Mapping[str, str]
    formats: tuple[str, ...]
    edition_date: dt.date | None
    anniversary_of: dt.date | None
    base_url: str
    drafts: frozenset[str]
    thresholds: Mapping[str, float]
    handout: str
    terms: Path | None
    strict: bool
    contents_depth: int = 2
    fonts: Mapping[str, str] = field(default_factory=dict)
    origin: Path | None = field(default=None, compare=False)
    conf: ProjectConf | None = field(default=None, compare=False)  # what conf.py says
    subtitle: str = ""
    dedication: str = ""
    read_online: str = ""
    colophon: tuple[str, ...] = ()
    design: Design = field(default_factory=Design)

    @property
    def anniversary(self) -> int | None:
        """Full years from ``anniversary-of`` to the edition date (a 2027 edition of 1990: 37)."""
        if not (self.edition_date and self.anniversary_of):
            return None
        start, end = self.anniversary_of, self.edition_date
        return end.year - start.year - ((end.month, end.day) < (start.month, start.day))

    @property
    def edition_year(self) -> int | None:
        return self.edition_date.year if self.edition_date else None

    def language_name(self, lang: str) -> str:
        """The language's name in itself ("Azərbaycanca"), for choosers and switchers."""
        if lang in self.language_names:
            return self.language_names[lang]
        from babel import Locale, UnknownLocaleError

        try:
            name = Locale.parse(lang).get_display_name(lang) or lang
        except (ValueError, UnknownLocaleError):
            return lang
        return name[:1].upper() + name[1:]

    def to_sphinx(self) -> dict[str, Any]:
        """The Sphinx configuration values of :mod:`booklet.sphinxext.settings`, by name.

        Plain data (picklable, hashable as JSON); each is a typed Sphinx config value.
        """
        return {
            "booklet_project": str(self.project),
            "booklet_name": self.name,
            "booklet_slug": self.slug,
            "booklet_publisher": self.publisher,
            "booklet_rights": self.rights,
            "booklet_languages": list(self.languages),
            "booklet_source_language": self.source_language,
            "booklet_language_names": {lang: self.language_name(lang) for lang in self.languages},
            "booklet_edition_date": self.edition_date.isoformat() if self.edition_date else "",
            "booklet_anniversary": self.anniversary,
            "booklet_base_url": self.base_url,
            "booklet_drafts": sorted(self.drafts),
            "booklet_handout": self.handout,
            "booklet_subtitle": self.subtitle,
            "booklet_dedication": self.dedication,
            "booklet_read_online": self.read_online,
            "booklet_colophon": list(self.colophon),
            "booklet_locales_dir": str(self.locales_dir),
            "booklet_design": self.design.to_data(),
            "booklet_contents_depth": self.contents_depth,
            "booklet_fonts": dict(self.fonts),
        }


def language_tag(code: str) -> str:
    """The BCP 47 tag of a Sphinx language code (``pt_BR`` -> ``pt-BR``, ``sr@latin`` -> ``sr-Latn``)."""
    base, _, variant = code.partition("@")
    tag = base.replace("_", "-")
    return f"{tag}-Latn" if variant == "latin" else f"{tag}-Cyrl" if variant == "cyrillic" else tag


def find_pyproject(project: Path) -> Path | None:
    candidate = project / "pyproject.toml"
    return candidate if candidate.is_file() else None


def read_table(pyproject: Path) -> dict[str, Any]:
    """The ``[tool.booklet]`` table of *pyproject* (empty if it has none)."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"not valid TOML: {exc}", pyproject, line) from None
    table = data.get("tool", {}).get("booklet", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.booklet] must be a table", pyproject)
    return table


def merge(*layers: Mapping[str, Any], origin: Path | str = "<defaults>") -> dict[str, Any]:
    """Merge *layers* over :data:`DEFAULTS`, refusing keys the defaults do not have."""
    merged = dict(DEFAULTS)
    for layer in layers:
        for key, value in layer.items():
            if key not in DEFAULTS:
                known = ", ".join(sorted(DEFAULTS))
                raise ConfigError(f"unknown key {key!r} in [tool.booklet]", origin,
                                  hint=f"known keys: {known}")
            if value is not None:
                merged[key] = value
    return merged


def load_config(project: Path | str = ".", overrides: Mapping[str, Any] | None = None) -> Config:
    """Load and validate the configuration of the project at *project*."""
    root = Path(project).resolve()
    if not root.is_dir():
        raise ConfigError("project directory not found", root)
    pyproject = find_pyproject(root)
    table = read_table(pyproject) if pyproject else {}
    origin: Path | str = pyproject or root
    merged = merge(table, origin=origin)
    merged = merge(merged, overrides or {}, origin="the command line")
    config = _validate(root, merged, origin)
    if not table and "drafts" not in (overrides or {}):
        # An unconfigured project: every translation builds, marked as a draft.
        config = replace(config, drafts=frozenset(config.languages) - {config.source_language})
    return config


def _validate(root: Path, raw: Mapping[str, Any], origin: Path | str) -> Config:
    check = _Checker(origin)
    source_dir = check.directory(root, raw, "source-dir")
    conf = read_conf(source_dir)
    locales = check.string(raw, "locales-dir")
    locales_dir = (root / locales).resolve() if locales else find_locales_dir(root, source_dir, conf)
    source_language = check.string(raw, "source-language") or conf.language
    languages = check.languages(raw, "languages") or discover_languages(source_language, locales_dir)
    if source_language not in languages:
        languages = (source_language, *languages)
    formats = tuple(check.choices(raw, "formats", FORMATS))
    drafts = frozenset(check.languages(raw, "drafts"))
    for lang in drafts - set(languages):
        raise ConfigError(f"'drafts' names {lang!r}, which is not in 'languages'", origin)
    terms = check.string(raw, "terms")
    return Config(
        project=root,
        source_dir=source_dir,
        locales_dir=locales_dir,
        build_dir=(root / check.string(raw, "build-dir")).resolve(),
        name=check.string(raw, "name") or root.name,
        slug=check.slug(raw, "slug") or _slugify(check.string(raw, "name") or root.name),
        publisher=check.string(raw, "publisher"),
        rights=check.string(raw, "rights"),
        languages=languages,
        source_language=source_language,
        language_names=check.mapping(raw, "language-names", str),
        formats=formats,
        edition_date=check.date(raw, "edition-date"),
        anniversary_of=check.date(raw, "anniversary-of"),
        base_url=check.url(raw, "base-url"),
        drafts=drafts,
        thresholds=check.thresholds(raw, "thresholds"),
        handout=check.string(raw, "handout"),
        terms=(root / terms) if terms and (root / terms).is_file() else None,
        strict=check.boolean(raw, "strict"),
        contents_depth=check.depth(raw, "contents-depth"),
        fonts=check.fonts(root, raw, "fonts"),
        origin=origin if isinstance(origin, Path) else None,
        conf=conf,
        subtitle=check.string(raw, "subtitle"),
        dedication=check.string(raw, "dedication"),
        read_online=check.string(raw, "read-online"),
        colophon=tuple(check.strings(raw, "colophon")),
        design=load_design(root, raw["design"], origin),
    )


class _Checker:
    """Type checks for configuration values; each failure names the key and the file."""

    def __init__(self, origin: Path | str) -> None:
        self.origin = origin

    def fail(self, key: str, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"{key!r} must be {expected}, not {value!r}", self.origin)

    def string(self, raw: Mapping[str, Any], key: str) -> str:
        value = raw[key]
        if not isinstance(value, str):
            raise self.fail(key, "a string", value)
        return value

    def strings(self, raw: Mapping[str, Any], key: str) -> list[str]:
        value = raw[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings", value)
        return value

    def boolean(self, raw: Mapping[str, Any], key: str) -> bool:
        value = raw[key]
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def directory(self, root: Path, raw: Mapping[str, Any], key: str) -> Path:
        given = self.string(raw, key)
        found = [p for p in SOURCE_PLACES if (root / p / "conf.py").is_file()]
        path = (root / (given or (found[0] if found else SOURCE_PLACES[0]))).resolve()
        if not (path / "conf.py").is_file():
            raise ConfigError(f"{key!r}: no Sphinx project (conf.py) in {path}", self.origin,
                              hint="point --project at the project root or set --source-dir")
        return path

    def languages(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = raw[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and _LANG_RE.match(v) for v in value):
            raise self.fail(key, "a list of language codes such as ['en', 'az']", value)
        if len(set(value)) != len(value):
            raise self.fail(key, "a list without repeats", value)
        return tuple(value)

    def choices(self, raw: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> list[str]:
        value = raw[key]
        if not isinstance(value, list) or not value or any(v not in allowed for v in value):
            raise self.fail(key, f"a non-empty list drawn from {list(allowed)}", value)
        return [fmt for fmt in allowed if fmt in value]

    def slug(self, raw: Mapping[str, Any], key: str) -> str:
        value = self.string(raw, key)
        if value and not _SLUG_RE.match(value):
            raise self.fail(key, "lower-case letters, digits and hyphens", value)
        return value

    def date(self, raw: Mapping[str, Any], key: str) -> dt.date | None:
        value = raw[key]
        if isinstance(value, dt.date):
            return value
        if value == "":
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, "a date such as 2027-01-20", value) from None

    def url(self, raw: Mapping[str, Any], key: str) -> str:
        value = self.string(raw, key)
        if value and not re.match(r"^https?://[^\s/]+(/[^\s]*)?$", value):
            raise self.fail(key, "an http(s) URL", value)
        return value.rstrip("/") + "/" if value else ""

    def depth(self, raw: Mapping[str, Any], key: str) -> int:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
            raise self.fail(key, "a section depth from 1 to 6", value)
        return value

    def fonts(self, root: Path, raw: Mapping[str, Any], key: str) -> dict[str, str]:
        """Language -> the font of its script (a ``fontpkg-*`` package or a font path)."""
        from . import fonts

        table = self.mapping(raw, key, str)
        for lang, spec in table.items():
            if not _LANG_RE.match(lang):
                raise self.fail(f"{key}.{lang}", "keyed by a language code such as 'ar'", lang)
            try:
                fonts.script_font(spec, root)
            except ConfigError as exc:
                raise ConfigError(f"{key}.{lang}: {exc.message}", self.origin, hint=exc.hint) from None
        return table

    def mapping(self, raw: Mapping[str, Any], key: str, kind: type) -> dict[str, Any]:
        value = raw[key]
        if not isinstance(value, dict) or not all(isinstance(v, kind) for v in value.values()):
            raise self.fail(key, f"a table of {kind.__name__} values", value)
        return dict(value)

    def thresholds(self, raw: Mapping[str, Any], key: str) -> dict[str, float]:
        table = self.mapping(raw, key, (int, float))  # type: ignore[arg-type]
        for lang, value in table.items():
            if not 0 <= value <= 100:
                raise self.fail(f"{key}.{lang}", "a percentage from 0 to 100", value)
        return {lang: float(value) for lang, value in table.items()}


def find_locales_dir(root: Path, source_dir: Path, conf: ProjectConf) -> Path:
    """The catalog folder: the first of ``locale_dirs`` and :data:`LOCALE_PLACES` with a language."""
    places = [*conf.locale_dirs, *(root / p for p in LOCALE_PLACES),
              *(source_dir / p for p in LOCALE_PLACES[:2])]
    for place in dict.fromkeys(p.resolve() for p in places):
        if place.is_dir() and any(_is_language_folder(p) for p in place.iterdir()):
            return place
    return (root / "locales").resolve()


def _is_language_folder(folder: Path) -> bool:
    """A catalog folder named by a language code (a Weblate folder may still be empty)."""
    if not folder.is_dir() or not _LANG_RE.match(folder.name):
        return False
    if (folder / "LC_MESSAGES").is_dir():
        return True
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(folder.name.partition("@")[0])
    except (ValueError, UnknownLocaleError):
        return False
    return True


def discover_languages(source_language: str, locales_dir: Path) -> tuple[str, ...]:
    """The source language, then every language folder of *locales_dir*, by code."""
    found = sorted(p.name for p in locales_dir.glob("*") if _is_language_folder(p)) \
        if locales_dir.is_dir() else []
    return (source_language, *[lang for lang in found if lang != source_language])


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "booklet"


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as an integer, if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else None
