"""Highlighted code in print and EPUB: the colours of Pygments, the one adapter to it.

Sphinx highlights literal and code blocks with Pygments when it writes the HTML
(``<div class="highlight"><pre><span class="k">``); the website gets the colours from
the theme (``pygments_style`` in ``theme/booklet/theme.toml``). The PDFs and the EPUB
take the same style's rules from here, so code looks the same in every format.
"""

from __future__ import annotations

from functools import cache

#: The Pygments style of every format (the theme's ``pygments_style``).
STYLE = "default"


@cache
def code_colours(scope: str = ".highlight") -> str:
    """The CSS rules of :data:`STYLE` for elements inside *scope*, without backgrounds
    for the whole block (the element styles give code blocks their own)."""
    from pygments.formatters import HtmlFormatter

    rules = HtmlFormatter(style=STYLE).get_style_defs(scope)
    kept = [line for line in rules.splitlines()
            if not line.startswith(("pre ", "td.linenos", "span.linenos", f"{scope} {{"))
            and not line.startswith(f"{scope}  {{")]
    return "/* Pygments style '" + STYLE + "' */\n" + "\n".join(kept) + "\n"
