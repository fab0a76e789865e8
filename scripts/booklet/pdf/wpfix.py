"""A fix for a line-breaking bug of WeasyPrint 70, applied when :mod:`.engine` is imported.

When a run of text ends with a space and is followed by an inline element (a link, an
emphasis), and the run's words fit on the line but not with the trailing space,
WeasyPrint's ``split_first_line`` takes the overflow for an unbreakable first word and
breaks after the *first* word of the run: a line holding only "Since" in the middle of a
justified paragraph. CSS lets collapsible trailing spaces hang, and WeasyPrint's inline
layout already allows for them (``trailing_whitespace_size``), so when the run without
its trailing spaces fits, the whole run is returned as fitting.

The patch applies to WeasyPrint 70 only; ``tests/test_pdf.py`` reproduces the case.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import weasyprint
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break

log = logging.getLogger(__name__)

PATCHED_VERSIONS = ("70.",)
COLLAPSING = ("normal", "nowrap", "pre-line")


def _hanging_spaces(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def split_first_line(text: str, style: Any, context: Any, max_width: float | None,
                         justification_spacing: float, is_line_start: bool = True,
                         minimum: bool = False) -> Any:
        result = original(text, style, context, max_width, justification_spacing,
                          is_line_start, minimum)
        if (result[2] is None or max_width is None or not text.endswith(" ")
                or style["white_space"] not in COLLAPSING or not text.strip(" ")):
            return result
        visible = original(text.rstrip(" "), style, context, max_width, justification_spacing,
                           is_line_start, minimum)
        if visible[2] is not None or visible[3] > max_width:
            return result
        layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
        first_line, resume_index = layout.get_first_line()
        if resume_index is not None:
            return result
        return line_break.first_line_metrics(first_line, text, layout, None, True, style)

    split_first_line.booklet_patched = True  # type: ignore[attr-defined]
    return split_first_line


def apply() -> None:
    """Install the fix once (only for the WeasyPrint versions it was written for)."""
    if getattr(line_break.split_first_line, "booklet_patched", False):
        return
    if not weasyprint.__version__.startswith(PATCHED_VERSIONS):
        log.debug("WeasyPrint %s: line-breaking fix not applied", weasyprint.__version__)
        return
    fixed = _hanging_spaces(line_break.split_first_line)
    for module in (line_break, inline, preferred):
        if hasattr(module, "split_first_line"):
            module.split_first_line = fixed
