"""The typefaces of every output: one place for the families, files and licence.

The fonts are OFL Noto Serif and Noto Sans, pinned as Python packages
(``fontpkg-noto-serif``, ``fontpkg-noto-sans``) and never taken from the system.
Each family ships a variable upright and a variable italic file.
"""

from __future__ import annotations

import importlib
import logging
import os
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


def web_faces() -> list[Face]:
    """The faces the website uses: the serif upright and italic, the sans upright."""
    return [face for face in faces() if face.family == SERIF or face.style == "normal"]


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


#: Ranges every shared subset keeps, so that one subset serves every language of an
#: edition: Latin to Latin Extended-A, Ə ə, basic and extended Cyrillic (Ҝ Ҹ Һ Ө Ү),
#: general punctuation. Characters a text uses beyond them are added to its subset.
WEB_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x17F), (0x18F, 0x18F), (0x259, 0x259), (0x400, 0x45F), (0x490, 0x4FF),
    (0x2010, 0x203A), (0x20AC, 0x20AC))


def web_charset(text: str) -> str:
    """The characters of :data:`WEB_RANGES` plus any others *text* uses."""
    base = {chr(c) for start, end in WEB_RANGES for c in range(start, end + 1)}
    return "".join(sorted(base | {c for c in text if c.isprintable()}))


def cached_subset(face: Face, chars: str, cache: Path, target: Path, flavor: str | None = "woff2",
                  weight: int | None = None) -> Path:
    """:func:`cached`, copied to *target*."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached(face, chars, cache, flavor, weight), target)
    return target


def cached(face: Face, chars: str, cache: Path, flavor: str | None = None,
           weight: int | None = None) -> Path:
    """:func:`subset`, made once per face, weight, flavour and character set in *cache*
    (a folder shared by parallel workers: the first one makes the file, the others wait)."""
    import fcntl
    import hashlib

    key = hashlib.sha256(f"{face.path.name}:{face.path.stat().st_size}:{flavor}:{weight}:{chars}"
                         .encode()).hexdigest()[:16]
    path = cache / f"{face.stem}-{weight or 'var'}-{key}.{flavor or 'ttf'}"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            subset(face, chars, path, flavor, weight)
    return path


#: Characters every subset keeps besides its text: ASCII and the common typographic marks.
ALWAYS: frozenset[str] = frozenset({chr(c) for c in range(0x20, 0x7F)} | set("\u00a0\u2013\u2014\u2019"
                                                                         "\u201c\u201d\u00ab\u00bb"))


def subset(face: Face, text: str, target: Path, flavor: str | None = "woff2",
           weight: int | None = None) -> Path:
    """Write *face* reduced to the characters of *text* (and :data:`ALWAYS`) to *target*.

    With *weight*, the variable font is pinned there (every other axis at its default):
    a static font, for PDFs and e-readers. HarfBuzz subsets and instances in
    milliseconds; fontTools only wraps the result as WOFF or WOFF2 (*flavor*).
    """
    data = instance_bytes(face, set(text) | ALWAYS, weight)
    if flavor is not None:
        data = _wrapped(data, flavor)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f"{target.suffix}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def instance_bytes(face: Face, chars: Iterable[str], weight: int | None = None) -> bytes:
    """The TrueType bytes of *face* subset to *chars*, all layout features and names kept."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob.from_file_path(str(face.path)))
    request = hb.SubsetInput()
    request.unicode_set.update(sorted(ord(c) for c in chars))
    for keep_all in (request.layout_feature_tag_set, request.name_id_set, request.name_lang_id_set):
        keep_all.clear()
        keep_all.invert()  # an inverted empty set: every feature, name and language
    request.flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    if weight is not None:
        for axis in source.axis_infos:
            if axis.tag == "wght":
                request.pin_axis_location(source, "wght", weight)
            else:
                request.pin_axis_to_default(source, axis.tag)
    result = hb.subset(source, request)
    if result is None:
        raise ValueError(f"HarfBuzz could not subset {face.path.name}")
    return bytes(result.blob.data)


def _wrapped(data: bytes, flavor: str) -> bytes:
    """*data* (a TrueType font) as WOFF or WOFF2, without touching its tables' contents."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()
