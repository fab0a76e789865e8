"""Math as SVG images, made offline by ziamath: the same formula in the site, the PDFs and the EPUB.

Sphinx's default math renderer (MathJax) typesets in the reader's browser from a CDN:
no network here, no JavaScript in WeasyPrint, and raw LaTeX on the printed page. This
renderer turns every ``:math:`` role and ``math`` directive into an SVG file in
``_images/math/`` (glyphs drawn as paths, so no font is embedded), shown by an ``<img>``
whose alternative text is the LaTeX source and whose size is in ``em``, so a formula
scales with the text around it. A formula ziamath cannot read is a warning at the
formula's file and line (an error in strict mode); the page then shows a marked
placeholder, never the LaTeX.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig
from sphinx.util import logging

log = logging.getLogger(__name__)

NAME = "booklet-svg"
#: The size ziamath sets the formula at, in px; the ``<img>`` is sized in em from it.
SIZE = 16.0
FOLDER = "math"
_DIMENSIONS = re.compile(r'width="([\d.]+)" height="([\d.]+)" viewBox="([-\d.]+) ([-\d.]+) ')


def setup(app: Sphinx) -> None:
    app.add_html_math_renderer(NAME, inline_renderers=(visit_inline, None),
                               block_renderers=(visit_block, None))
    app.connect("config-inited", _choose_renderer, priority=900)


def _choose_renderer(app: Sphinx, config: SphinxConfig) -> None:
    """Every format shows the same formula: this renderer replaces MathJax."""
    config.html_math_renderer = NAME


def visit_inline(translator: Any, node: nodes.math) -> None:
    translator.body.append(_image(translator, node, node.astext(), inline=True))
    raise nodes.SkipNode


def visit_block(translator: Any, node: nodes.math_block) -> None:
    number = f'<span class="eqno">({node["number"]})</span>' if node.get("number") else ""
    anchor = f' id="equation-{node["label"]}"' if node.get("label") else ""
    image = _image(translator, node, node.astext(), inline=False)
    translator.body.append(f'<div class="math"{anchor}><p>{image}{number}</p></div>\n')
    raise nodes.SkipNode


def render(latex: str, inline: bool) -> tuple[str, float, float, float]:
    """The SVG of *latex*, its width, height and depth below the baseline in em."""
    import ziamath

    svg = ziamath.Latex(latex, size=SIZE, inline=inline).svg()
    match = _DIMENSIONS.search(svg)
    if match is None:
        raise ValueError("ziamath wrote an SVG without dimensions")
    width, height, _, top = map(float, match.groups())
    return svg, width / SIZE, height / SIZE, (height + top) / SIZE


def _image(translator: Any, node: nodes.Element, latex: str, inline: bool) -> str:
    try:
        svg, width, height, depth = render(latex, inline)
    except Exception as exc:  # ziamath and latex2mathml raise many kinds of errors
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        log.warning("math: cannot render %r (%s); fix the LaTeX", latex, detail,
                    location=node, type="booklet", subtype="math")
        return f'<span class="math-error" role="note">[{html.escape(_("formula"))}]</span>'
    digest = hashlib.sha256(f"{inline}:{latex}".encode()).hexdigest()[:16]
    name = f"{digest}.svg"
    target = Path(translator.builder.outdir) / translator.builder.imagedir / FOLDER / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file():
        target.write_text(svg, encoding="utf-8")
    src = f"{translator.builder.imgpath}/{FOLDER}/{name}"
    kind = "math-inline" if inline else "math-display"
    style = f"width: {width:.3f}em; height: {height:.3f}em"
    if inline:
        style += f"; vertical-align: {-depth:.3f}em"
    return (f'<img class="math {kind}" src="{html.escape(src)}" alt="{html.escape(latex)}" '
            f'style="{style}">')


def _(text: str) -> str:
    from sphinx.locale import get_translation

    from .languages import DOMAIN

    return str(get_translation(DOMAIN)(text))
