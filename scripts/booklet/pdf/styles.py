"""The print stylesheets: files in ``booklet/data/print`` plus the generated ``@font-face`` rules.

WeasyPrint ignores an ``@font-face`` with a weight range, so every face of
:func:`booklet.fonts.faces` gets one rule per weight in :data:`WEIGHTS`, all pointing
at the same variable font file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .. import fonts

DATA = Path(__file__).resolve().parent.parent / "data" / "print"
#: The weights the layouts use (regular and bold); the variable fonts provide both.
WEIGHTS = (400, 700)


def font_face_rules(faces: Iterable[fonts.Face] | None = None) -> str:
    """One ``@font-face`` rule per face and weight."""
    rules = []
    for face in faces if faces is not None else fonts.faces():
        for weight in WEIGHTS:
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; font-style: {face.style}; '
                f'font-weight: {weight}; src: url("{face.path.resolve().as_uri()}"); }}')
    return "\n".join(rules) + "\n"


@cache
def data_text(name: str) -> str:
    """A file of ``booklet/data/print`` (stylesheet or artwork) as text."""
    return (DATA / name).read_text(encoding="utf-8")


def stylesheet(*names: str) -> str:
    """The font rules followed by the named stylesheets of ``booklet/data/print``."""
    return font_face_rules() + "\n".join(data_text(name) for name in names)


def font_roots() -> list[Path]:
    """Folders holding the font files, which the URL policy must allow."""
    return sorted({face.path.resolve().parent for face in fonts.faces()})
