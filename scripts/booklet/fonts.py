"""The typefaces of every output: one place for the families, files and licence.

The fonts are OFL Noto Serif and Noto Sans, pinned as Python packages
(``fontpkg-noto-serif``, ``fontpkg-noto-sans``) and never taken from the system.
Each family ships a variable upright and a variable italic file.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: CSS family name -> the Python package that ships it.
FAMILIES: dict[str, str] = {
    "Noto Serif": "fontpkg_noto_serif",
    "Noto Sans": "fontpkg_noto_sans",
}
SERIF = "Noto Serif"
SANS = "Noto Sans"


@dataclass(frozen=True)
class Face:
    """One font file: a family in one style, covering the weights of its ``wght`` axis."""

    family: str
    style: str  # "normal" or "italic"
    path: Path

    @property
    def stem(self) -> str:
        """A short, path-independent file name: ``NotoSerif-Italic``."""
        return self.family.replace(" ", "") + ("-Italic" if self.style == "italic" else "")


def package_dir(family: str) -> Path:
    module = importlib.import_module(FAMILIES[family])
    return Path(module.ROOT)


def faces(families: Iterable[str] = FAMILIES) -> list[Face]:
    """Every face of *families*, upright first."""
    result = []
    for family in families:
        for path in sorted((package_dir(family) / "files").glob("*.ttf")):
            style = "italic" if "Italic" in path.name else "normal"
            result.append(Face(family, style, path))
    return sorted(result, key=lambda f: (list(FAMILIES).index(f.family), f.style != "normal"))


def license_text(family: str) -> str:
    return (package_dir(family) / "LICENSE").read_text(encoding="utf-8")


def subset(face: Face, text: str, target: Path, flavor: str | None = "woff2") -> Path:
    """Write *face* reduced to the characters of *text* (plus ASCII) to *target*."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = ft_subset.load_font(str(face.path), options, dontLoadGlyphNames=True)
    subsetter = ft_subset.Subsetter(options)
    chars = set(text) | {chr(c) for c in range(0x20, 0x7F)} | {"\u00a0", "\u2013", "\u2014", "\u2019",
                                                              "\u201c", "\u201d", "\u00ab", "\u00bb"}
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    ft_subset.save_font(font, str(tmp), options)
    tmp.replace(target)
    return target
