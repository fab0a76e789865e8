"""The typefaces of every output: one place for the families, files and licence.

The fonts are OFL Noto Serif and Noto Sans, and IBM Plex Mono for code (no Noto Sans
Mono is packaged on PyPI; Plex Mono covers every letter of Latin, Cyrillic and
Azerbaijani Cyrillic the booklet's languages use), pinned as Python packages
(``fontpkg-noto-serif``, ``fontpkg-noto-sans``, ``fontpkg-ibm-plex-mono``) and never
taken from the system. Noto ships a variable upright and italic file; Plex Mono one
static file per weight and style (:data:`STATIC_WEIGHTS`).

Scripts these families lack (Arabic, Hebrew, CJK, Devanagari...) are set in a family the
project configures per language (``fonts = { ar = "fontpkg-noto-sans-arabic" }`` in
``[tool.booklet]``): a :class:`ScriptFont`. It is declared under its own name, subset
to the characters only it covers (:func:`script_chars`), and put second in every font
stack of the stylesheets (:func:`with_fallback`), so the stylesheets keep naming Noto
and the other script's letters fall back to the configured font. (Declaring it under
Noto's names with a ``unicode-range`` mixes up glyphs in WeasyPrint 70's PDF fonts.)
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ConfigError

log = logging.getLogger(__name__)

#: CSS family name -> the Python package that ships it.
FAMILIES: dict[str, str] = {
    "Noto Serif": "fontpkg_noto_serif",
    "Noto Sans": "fontpkg_noto_sans",
    "IBM Plex Mono": "fontpkg_ibm_plex_mono",
}
SERIF = "Noto Serif"
SANS = "Noto Sans"
MONO = "IBM Plex Mono"
#: Static font files used, by the style part of their name: (style, weight).
STATIC_WEIGHTS: dict[str, tuple[str, int]] = {
    "Regular": ("normal", 400), "Bold": ("normal", 700),
    "Italic": ("italic", 400), "BoldItalic": ("italic", 700)}


@dataclass(frozen=True)
class Face:
    """One font file: a family in one style, covering the weights of its ``wght`` axis."""

    family: str
    style: str  # "normal" or "italic"
    path: Path
    weight: int | None = None  # a static face's weight; None: variable, every weight

    @property
    def stem(self) -> str:
        """A short, path-independent file name: ``NotoSerif-Italic``, ``IBMPlexMono-700``."""
        stem = self.family.replace(" ", "") + ("-Italic" if self.style == "italic" else "")
        return stem + (f"-{self.weight}" if self.weight is not None else "")

    def serves(self, weight: int) -> bool:
        """Whether this face sets *weight* (a variable face sets every weight)."""
        return self.weight is None or self.weight == weight


def web_faces() -> list[Face]:
    """The faces the website uses: the serif upright and italic, the sans upright, the
    monospace upright regular."""
    return [face for face in faces() if face.family == SERIF or face.style == "normal"
            and face.weight in (None, 400)]


def face_for(family: str, style: str, weight: int = 400, among: Iterable[Face] | None = None) -> Face:
    """The face of *family* that sets *style* at *weight* (the regular if none does)."""
    candidates = [f for f in (among if among is not None else faces([family]))
                  if f.family == family and f.style == style]
    return next((f for f in candidates if f.serves(weight)),
                next((f for f in candidates if f.serves(400)), candidates[0]))


def package_dir(family: str) -> Path:
    module = importlib.import_module(FAMILIES[family])
    return Path(module.ROOT)


def faces(families: Iterable[str] = FAMILIES) -> list[Face]:
    """Every face of *families*, upright first."""
    result = []
    for family in families:
        result += faces_in(family, sorted((package_dir(family) / "files").glob("*.[ot]tf")))
    order = [*FAMILIES, *(f.family for f in result)]
    return sorted(result, key=lambda f: (order.index(f.family), f.style != "normal", f.weight or 0))


def faces_in(family: str, paths: Iterable[Path]) -> list[Face]:
    """The faces of *family* among the font files *paths*: variable files (``[wght]`` in
    the name, or one file) as they are, static files by :data:`STATIC_WEIGHTS`."""
    paths = list(paths)
    result = []
    for path in paths:
        if "[" in path.name or len(paths) == 1:
            result.append(Face(family, "italic" if "Italic" in path.name else "normal", path))
            continue
        part = path.stem.rsplit("-", 1)[-1]
        if part in STATIC_WEIGHTS:
            style, weight = STATIC_WEIGHTS[part]
            result.append(Face(family, style, path, weight))
    return result


@cache
def cmap_of(path: Path) -> frozenset[int]:
    """The code points the font file at *path* maps to a glyph."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


# ----------------------------------------------------------------- fonts per script

@dataclass(frozen=True)
class ScriptFont:
    """A family a project configures for the script of one language (module docstring)."""

    spec: str  # as written in [tool.booklet] fonts
    family: str
    faces: tuple[Face, ...]

    @property
    def coverage(self) -> frozenset[int]:
        return frozenset().union(*(cmap_of(face.path) for face in self.faces))

    def face(self, style: str, weight: int = 400) -> Face:
        """The face nearest *style* and *weight* (upright if the family has no italic)."""
        styles = {f.style for f in self.faces}
        return face_for(self.family, style if style in styles else "normal", weight, self.faces)


def script_font(spec: str, project: Path) -> ScriptFont:
    """The :class:`ScriptFont` of *spec*: a ``fontpkg-*`` package name, or a font file
    or folder of font files relative to *project*. Raises :class:`ConfigError`."""
    if spec.startswith("fontpkg-"):
        try:
            module = importlib.import_module(spec.replace("-", "_"))
        except ImportError:
            raise ConfigError(f"the font package {spec!r} is not installed", None,
                              hint=f"pip install {spec} (and pin it with the project's "
                                   "other requirements)") from None
        paths = sorted((Path(module.ROOT) / "files").glob("*.[ot]tf"))
    else:
        where = (project / spec).resolve()
        paths = sorted(where.glob("*.[ot]tf")) if where.is_dir() else [where] * where.is_file()
    if not paths:
        raise ConfigError(f"no .ttf or .otf font in {spec!r}", None,
                          hint="name a fontpkg-* package, or a font file or folder in the project")
    family = _family_name(paths[0])
    found = faces_in(family, paths) or [Face(family, "normal", paths[0])]
    return ScriptFont(spec, family, tuple(found))


def _family_name(path: Path) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        names = font["name"]
        return str(names.getDebugName(16) or names.getDebugName(1))


def script_font_for(table: Mapping[str, str], language: str, project: Path) -> ScriptFont | None:
    """The script font configured for *language* (``ar`` also matches ``ar_EG``), if any."""
    spec = table.get(language) or table.get(language.split("_")[0])
    return script_font(spec, project) if spec else None


def script_chars(extra: ScriptFont, text: str) -> str:
    """The characters of *text* that *extra* covers and one of the base faces lacks: what
    the script font is subset to."""
    base = frozenset.intersection(*(cmap_of(face.path) for face in faces()))
    return "".join(sorted({c for c in text if ord(c) in extra.coverage and ord(c) not in base}))


def with_fallback(css: str, extra: ScriptFont | None) -> str:
    """*css* with *extra*'s family after each base family it names (``"Noto Serif"`` ->
    ``"Noto Serif", "Noto Sans Arabic"``); unchanged without *extra*. For stylesheets,
    not ``@font-face`` rules."""
    if extra is None:
        return css
    pattern = "|".join(f'"{family}"' for family in FAMILIES)
    import re

    return re.sub(pattern, lambda m: f'{m.group(0)}, "{extra.family}"', css)


def license_text(family: str, extra: ScriptFont | None = None) -> str:
    """The licence of *family* (a base family, or *extra*'s: the file beside its fonts)."""
    if extra is not None and family == extra.family:
        folder = extra.faces[0].path.parent
        for candidate in (folder / "LICENSE", folder.parent / "LICENSE", folder / "OFL.txt"):
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8")
        return f"{extra.family}: see the licence of {extra.spec}\n"
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

    weight = None if face.weight is not None else weight  # a static face is what it is
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
