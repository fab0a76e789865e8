"""Edition substitutions, defined in ``rst_prolog`` from the configured edition date.

A source sentence says ``|anniversary| years``; its translations keep the reference
(the catalog check insists), and every edition states the right figure.
``|edition-date|`` is the edition date in the language's own form (:mod:`booklet.dates`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sphinx.config import Config as SphinxConfig

from ..dates import format_date
from .settings import Settings


def values(data: Settings, language: str) -> dict[str, str]:
    """Substitution name -> text, for one language."""
    if not data.edition_date:
        return {}
    edition = dt.date.fromisoformat(data.edition_date)
    result = {
        "edition-year": str(edition.year),
        "edition-date": format_date(edition, language),
    }
    if data.anniversary is not None:
        result["anniversary"] = str(data.anniversary)
    return result


def escape(text: str) -> str:
    """*text* as literal reStructuredText ("20. Januar" is not an enumerated list)."""
    return re.sub(r"([\\`*_|.\-\[\]<>:#])", r"\\\1", text)


def install(config: SphinxConfig, data: Settings) -> None:
    """Append the substitution definitions to ``rst_prolog``."""
    lines = [f".. |{name}| replace:: {escape(text)}" for name, text in values(data, config.language).items()]
    if lines:
        config.rst_prolog = "\n".join([config.rst_prolog or "", *lines, ""])
