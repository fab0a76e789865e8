"""Edition substitutions, defined in ``rst_prolog`` from the configured edition date.

A source sentence says ``|anniversary| years``; its translations keep the reference
(the catalog check insists), and every edition states the right figure.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel import UnknownLocaleError
from babel.dates import format_date
from sphinx.config import Config as SphinxConfig

from .settings import Settings


def values(data: Settings, language: str) -> dict[str, str]:
    """Substitution name -> text, for one language."""
    if not data.edition_date:
        return {}
    edition = dt.date.fromisoformat(data.edition_date)
    result = {
        "edition-year": str(edition.year),
        "edition-date": _long_date(edition, language),
    }
    if data.anniversary is not None:
        result["anniversary"] = str(data.anniversary)
    return result


def _long_date(date: dt.date, language: str) -> str:
    try:
        return format_date(date, "long", locale=language)
    except (ValueError, LookupError, UnknownLocaleError):
        return date.isoformat()


def escape(text: str) -> str:
    """*text* as literal reStructuredText ("20. Januar" is not an enumerated list)."""
    return re.sub(r"([\\`*_|.\-\[\]<>:#])", r"\\\1", text)


def install(config: SphinxConfig, data: Settings) -> None:
    """Append the substitution definitions to ``rst_prolog``."""
    lines = [f".. |{name}| replace:: {escape(text)}" for name, text in values(data, config.language).items()]
    if lines:
        config.rst_prolog = "\n".join([config.rst_prolog or "", *lines, ""])
