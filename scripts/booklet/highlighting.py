"""Highlighted code in print and EPUB: the colours of Pygments, the one adapter to it.

Sphinx highlights literal and code blocks with Pygments when it writes the HTML
(``<div class="highlight"><pre><span class="k">``), and writes the colours of the
project's ``pygments_style`` (else the theme's) to the site's ``_static/pygments.css``.
The PDFs and the EPUB take their colours from that file, so code looks the same in every
format; without it (a language not parsed by Sphinx), from :data:`STYLE`.

Some styles colour tokens too lightly for text (``sphinx``'s ``#0e84b5`` is 4.2:1 on
white): each colour is darkened, keeping its hue, until it reads at
:data:`MIN_CONTRAST` on :data:`PAPER` (WCAG AA, which the EPUB's Ace check holds it to).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

#: The Pygments style of every format (the theme's ``pygments_style``).
STYLE = "default"
#: The lightest background code is read on (white, and the yellow of emphasised lines).
PAPER = "#ffffcc"
#: The least contrast of a token colour on :data:`PAPER` (WCAG 2.1 AA for normal text).
MIN_CONTRAST = 4.5
_COLOUR = re.compile(r"(?<![-\w])color: (#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3})\b")


def code_colours(site_css: Path | None = None, scope: str = ".highlight") -> str:
    """The token colours of the site's ``pygments.css`` (*site_css*), or of :data:`STYLE`,
    without the rules for whole blocks (the element styles give code blocks their own)."""
    if site_css is not None and site_css.is_file():
        return _token_rules(site_css.read_text(encoding="utf-8"), scope, site_css.name)
    return _default_colours(scope)


@cache
def _default_colours(scope: str) -> str:
    from pygments.formatters import HtmlFormatter

    return _token_rules(HtmlFormatter(style=STYLE).get_style_defs(scope), scope, f"style {STYLE}")


def _token_rules(rules: str, scope: str, origin: str) -> str:
    kept = [_COLOUR.sub(lambda m: f"color: {readable(m.group(1))}", line)
            for line in rules.splitlines()
            if line.startswith(f"{scope} .") and not line.startswith(f"{scope} .linenos")]
    return f"/* code colours: Pygments, {origin} */\n" + "\n".join(kept) + "\n"


def _rgb(colour: str) -> tuple[float, float, float]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str = PAPER) -> float:
    """The WCAG contrast ratio of *colour* on *background*."""
    lighter, darker = sorted((_luminance(_rgb(colour)), _luminance(_rgb(background))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str) -> str:
    """*colour*, darkened (same hue) until its contrast on :data:`PAPER` is at least
    :data:`MIN_CONTRAST`; unchanged if it already is."""
    rgb = _rgb(colour)
    factor = 1.0
    while contrast("#" + "".join(f"{round(c * factor * 255):02x}" for c in rgb)) < MIN_CONTRAST:
        factor -= 0.02
    return colour if factor == 1.0 else "#" + "".join(f"{round(c * factor * 255):02x}" for c in rgb)
