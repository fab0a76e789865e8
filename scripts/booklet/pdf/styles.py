"""The print stylesheets: files in ``booklet/data/print`` plus the generated ``@font-face`` rules.

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


def static_fonts(text: str, cache: Path) -> str:
    """Static fonts covering *text* (and :func:`booklet.fonts.web_charset`), made in the
    *cache* folder that the languages share; returns their ``@font-face`` rules, one per
    face and weight."""
    chars = fonts.web_charset(text + all_sheets())
    rules = []
    for face in fonts.faces():
        for weight in WEIGHTS:
            path = fonts.cached(face, chars, cache, None, weight)
            rules.append(f'@font-face {{ font-family: "{face.family}"; font-style: {face.style}; '
                         f'font-weight: {weight}; src: url("{path.resolve().as_uri()}"); }}')
    return "\n".join(rules) + "\n"


def stylesheet(font_rules: str, *names: str) -> str:
    """*font_rules* (from :func:`static_fonts`) followed by the named stylesheets."""
    return font_rules + "\n".join(data_text(name) for name in names)
