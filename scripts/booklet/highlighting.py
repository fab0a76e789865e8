"""Highlighted code in print and EPUB: the colours of Pygments, the one adapter to it.

Sphinx highlights literal and code blocks with Pygments when it writes the HTML
(``<div class="highlight"><pre><span class="k">``), and writes the colours of the
project's ``pygments_style`` (else the theme's) to the site's ``_static/pygments.css``.
The PDFs and the EPUB take their colours from that file, so code looks the same in every
format; without it (a language not parsed by Sphinx), from :data:`STYLE`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The Pygments style of every format (the theme's ``pygments_style``).
STYLE = "default"


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
    kept = [line for line in rules.splitlines()
            if line.startswith(f"{scope} .") and not line.startswith(f"{scope} .linenos")]
    return f"/* code colours: Pygments, {origin} */\n" + "\n".join(kept) + "\n"
