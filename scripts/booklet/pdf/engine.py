"""Running WeasyPrint: safe fetching, captured warnings, reproducible PDF bytes.

:func:`layout` lays out an HTML string and returns WeasyPrint's ``Document``;
:func:`write` turns it into PDF bytes. Both capture the ``weasyprint`` loggers: in
strict mode any warning or error (an image not loaded, an anchor not found, a glyph
drawn as .notdef, an unknown CSS property) fails the job with :class:`RenderError`;
otherwise they are logged as warnings. A URL the :class:`URLPolicy` forbids stops the
rendering at once with :class:`UnsafeURLError`.

The PDF is reproducible: dates come from the document's ``dcterms`` metadata
(``SOURCE_DATE_EPOCH`` or the edition date), the file identifier is a hash of the
content, images are inlined, and the font names are derived from font descriptions,
never from paths.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..adapters import weasyprint as wp
from ..errors import RenderError
from .fetcher import Blocked, SafeURLFetcher, URLPolicy

log = logging.getLogger(__name__)

#: The loggers WeasyPrint reports problems on.
LOGGERS = ("weasyprint", "weasyprint.progress")
#: PDF options of every output: tagged PDF/UA-1, deterministic identifier.
PDF_OPTIONS: dict[str, Any] = {
    "pdf_variant": "pdf/ua-1",
    "pdf_identifier": True,
    "pdf_version": "1.7",
}


class Captured(logging.Handler):
    """Collects the warnings and errors WeasyPrint logs while it works."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self) -> list[str]:
        return [f"{r.levelname.lower()}: {r.getMessage()}" for r in self.records]


@contextlib.contextmanager
def captured() -> Iterator[Captured]:
    """Collect WeasyPrint's warnings; they are reported once, by :func:`_judge`, not twice."""
    handler = Captured()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    saved = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        for logger, (propagate, level) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)


@dataclass(frozen=True)
class Job:
    """What to render and how strictly; *source* is the file named in error messages."""

    html: str
    css: str
    base_url: Path
    policy: URLPolicy
    strict: bool
    source: Path | str
    what: str  # "reading PDF", "handout" ... for messages


def layout(job: Job) -> weasyprint.Document:
    """Lay out *job* (raises :class:`RenderError`, :class:`UnsafeURLError`; and on a
    WeasyPrint other than the one :mod:`booklet.adapters.weasyprint` was checked with)."""
    wp.apply_fixes()
    fetcher = SafeURLFetcher(job.policy)
    font_config = FontConfiguration()
    with captured() as problems, _unsafe_as_error():
        stylesheet = weasyprint.CSS(string=job.css, base_url=job.base_url.as_uri() + "/",
                                    url_fetcher=fetcher, font_config=font_config)
        html = weasyprint.HTML(string=job.html, base_url=job.base_url.as_uri() + "/",
                               url_fetcher=fetcher)
        document = html.render(stylesheets=[stylesheet], font_config=font_config,
                               **{k: v for k, v in PDF_OPTIONS.items() if k != "pdf_identifier"})
    _judge(problems, job)
    return document


def write(document: weasyprint.Document, job: Job,
          finisher: Callable[[Any, Any], None] | None = None) -> bytes:
    """The PDF bytes of a laid-out *document*."""
    with captured() as problems, _unsafe_as_error():
        data = document.write_pdf(finisher=finisher, **PDF_OPTIONS)
    _judge(problems, job)
    return data


@contextlib.contextmanager
def _unsafe_as_error() -> Iterator[None]:
    try:
        yield
    except Blocked as blocked:
        raise blocked.error from None


def _judge(problems: Captured, job: Job) -> None:
    messages = problems.messages()
    if not messages:
        return
    text = "\n".join(f"  {m}" for m in messages)
    if job.strict:
        raise RenderError(f"WeasyPrint reported {len(messages)} problem(s) in the {job.what}:"
                          f"\n{text}",
                          job.source, hint="warnings fail the build in strict mode (--no-strict "
                                           "reports them only)")
    log.warning("WeasyPrint reported problems in the %s:\n%s", job.what, text)
