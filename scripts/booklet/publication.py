"""The publication's own strings and their translations (the ``publication`` catalog).

Name, subtitle, publisher, rights, dedication, the "read online" label and the colophon
lines are set once, in the source language, in ``[tool.booklet]``. They are translated
like the text: ``booklet update`` writes their template (``publication.pot``, one message
per string, msgids taken from ``[tool.booklet]``) next to the documents' templates and
merges it into ``<locales>/<lang>/LC_MESSAGES/publication.po``; the catalog gate checks
that file like the others. Every format and every metadata field takes the strings
from :func:`localized`: a string whose translation is missing or fuzzy stays in the
source language (and the gate reports it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .errors import Finding

#: The catalog's name (its message domain): ``publication.po``. A document of the same
#: name would share its catalog, so :func:`check_no_clash` refuses one.
DOMAIN = "publication"
#: Keys of the data (:func:`data_of`) that hold single strings, in catalog order.
SINGLE = ("name", "subtitle", "publisher", "rights", "dedication", "read_online")
#: The builder's own "read online" label, used when the publication sets none.
DEFAULT_READ_ONLINE = "Read online"
#: ``[tool.booklet]`` spelling of each key, for the catalog's comments.
TOML_KEYS = {"read_online": "read-online"}


def data_of(config: Config) -> dict[str, Any]:
    """The plain data this module reads, from the project's :class:`~booklet.config.Config`
    (the Sphinx side has the same keys: ``asdict(settings.of(config))``)."""
    prefix = "booklet_"
    return {key.removeprefix(prefix): value for key, value in config.to_sphinx().items()}


def source_strings(data: Mapping[str, Any]) -> dict[str, Any]:
    """The publication strings of *data* (:func:`data_of`), untranslated."""
    strings: dict[str, Any] = {key: str(data.get(key) or "") for key in SINGLE}
    strings["colophon"] = [str(line) for line in data.get("colophon") or [] if line]
    return strings


def messages(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(where, msgid)`` of every non-empty publication string, without repeats."""
    strings = source_strings(data)
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key in SINGLE:
        if strings[key] and strings[key] not in seen:
            found.append((f"tool.booklet.{TOML_KEYS.get(key, key)}", strings[key]))
            seen.add(strings[key])
    for number, line in enumerate(strings["colophon"], start=1):
        if line not in seen:
            found.append((f"tool.booklet.colophon[{number}]", line))
            seen.add(line)
    return found


def template(data: Mapping[str, Any]) -> str:
    """``publication.pot``: one message per publication string (msgids from [tool.booklet])."""
    import polib

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Project-Id-Version": str(data.get("name") or "publication"),
        "POT-Creation-Date": _creation_date(data),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for where, msgid in messages(data):
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("pyproject.toml", "")],
                                 comment=f"[{where}]"))
    return pot.__unicode__()


def _creation_date(data: Mapping[str, Any]) -> str:
    """The edition date (the template changes only when its strings do)."""
    date = str(data.get("edition_date") or "")
    if date:
        return f"{date} 00:00+0000"
    return datetime(1970, 1, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M%z")


def write_template(data: Mapping[str, Any], folder: Path) -> Path:
    """Write ``publication.pot`` into *folder* (the documents' templates folder)."""
    from .atomic import write_bytes

    target = folder / f"{DOMAIN}.pot"
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes(target, template(data).encode("utf-8"))
    return target


def catalog_path(locales_dir: Path | str, language: str) -> Path:
    return Path(locales_dir) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(locales_dir: Path | str, language: str) -> dict[str, str]:
    """msgid -> msgstr of the finished (translated, not fuzzy) entries of *language*."""
    import polib

    path = catalog_path(locales_dir, language)
    if not path.is_file():
        return {}
    catalog = polib.pofile(str(path))
    return {entry.msgid: entry.msgstr for entry in catalog
            if entry.msgstr and not entry.fuzzy and not entry.obsolete}


def localized(data: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The publication strings of *data* in *language* (source language where untranslated).

    *data* is :func:`data_of`; its ``locales_dir`` holds the catalogs. The "read
    online" label falls back to the builder's own, translated by the caller.
    """
    strings = source_strings(data)
    if language != data.get("source_language") and data.get("locales_dir"):
        table = translations(data["locales_dir"], language)
        strings = {key: ([table.get(v, v) for v in value] if isinstance(value, list)
                         else table.get(value, value))
                   for key, value in strings.items()}
    return strings


def untranslated(data: Mapping[str, Any], language: str) -> list[str]:
    """The publication strings *language*'s catalog does not translate (yet)."""
    if language == data.get("source_language") or not data.get("locales_dir"):
        return []
    table = translations(data["locales_dir"], language)
    return [msgid for _where, msgid in messages(data) if msgid not in table]


def stale(config: Config, languages: Sequence[str]) -> list[Finding]:
    """Publication strings of ``[tool.booklet]`` missing from a released language's catalog
    (changed in ``pyproject.toml`` since the last ``booklet update``)."""
    from .errors import Finding

    data = data_of(config)
    wanted = [msgid for _where, msgid in messages(data)]
    findings = []
    for language in languages:
        path = catalog_path(config.locales_dir, language)
        if language == config.source_language or language in config.drafts or not path.is_file():
            continue
        import polib

        present = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
        shown = path.relative_to(config.project) if path.is_relative_to(config.project) else path
        findings += [Finding(shown, None, f"publication string {msgid!r} of pyproject.toml is not "
                             f"in the catalog: run 'booklet update'", "publication")
                     for msgid in wanted if msgid not in present]
    return findings


def check_no_clash(source_dir: Path) -> None:
    """Refuse a document named like the publication catalog (they would share it)."""
    from .errors import ConfigError

    for candidate in source_dir.glob(f"{DOMAIN}.*"):
        if candidate.suffix in (".rst", ".md", ".txt"):
            raise ConfigError(f"a document may not be named {DOMAIN!r}: its catalog would be the "
                              f"publication strings' catalog ({DOMAIN}.po)", candidate,
                              hint="rename the document")
