"""The print stylesheets: files in ``booklet/data/print`` plus the generated ``@font-face`` rules.

The element styles (``elements.css``: code, admonitions, figures, tables, lists...) come
after the book's own stylesheet, with the colours of highlighted code from Pygments.

The PDFs embed static fonts: every face of :func:`booklet.fonts.faces` at each weight of
:data:`WEIGHTS`, cut from the variable font by :func:`static_fonts` and subset to the
characters of the documents and stylesheets. Given variable fonts, WeasyPrint would
instance them itself while writing every PDF, about half a second a face.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import fonts

DATA = Path(__file__).resolve().parent.parent / "data" / "print"
#: The weights the layouts use (regular and bold).
WEIGHTS = (400, 700)


@cache
def data_text(name: str) -> str:
    """A stylesheet of ``booklet/data/print`` as text."""
    return (DATA / name).read_text(encoding="utf-8")


def all_sheets() -> str:
    """Every stylesheet of ``booklet/data/print``: their characters go into the fonts too."""
    return "".join(data_text(path.name) for path in sorted(DATA.glob("*.css")))


def static_fonts(text: str, cache: Path, extra: fonts.ScriptFont | None = None) -> str:
    """Static fonts covering *text* (and :func:`booklet.fonts.web_charset`), made in the
    *cache* folder that the languages share; returns their ``@font-face`` rules, one per
    face and weight, then those of the language's script font (*extra*, under its own
    name, subset to the characters the base faces lack)."""
    chars = fonts.web_charset(text + all_sheets())
    rules = []
    for face in fonts.faces():
        for weight in WEIGHTS:
            if face.serves(weight):
                rules.append(_rule(face.family, face.style, weight,
                                   fonts.cached(face, chars, cache, None, weight)))
    own = fonts.script_chars(extra, text) if extra is not None else ""
    if extra is not None and own:
        for style in ("normal", "italic"):
            for weight in WEIGHTS:
                path = fonts.cached(extra.face(style, weight), own, cache, None, weight)
                rules.append(_rule(extra.family, style, weight, path))
    return "\n".join(rules) + "\n"


def _rule(family: str, style: str, weight: int, path: Path) -> str:
    return (f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
            f'src: url("{path.resolve().as_uri()}"); }}')


def stylesheet(font_rules: str, *names: str, extra: fonts.ScriptFont | None = None,
               code_colours: str = "") -> str:
    """*font_rules* (from :func:`static_fonts`) followed by the named stylesheets, then
    the element styles (``elements.css``) and *code_colours* (from
    :func:`booklet.highlighting.code_colours`; its default style if empty); the script
    font *extra* follows each family they name."""
    from ..highlighting import code_colours as default_colours

    sheets = "\n".join(data_text(name) for name in [*names, "elements.css"])
    sheets += "\n" + (code_colours or default_colours())
    return font_rules + fonts.with_fallback(sheets, extra)
