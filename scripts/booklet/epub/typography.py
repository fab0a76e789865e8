"""Embedded fonts: static instances of the Noto variable fonts, subset to the edition's text.

The stylesheet (``booklet/data/epub/book.css``) uses the faces in :data:`FACES`. Each is
cut from the variable font of :mod:`booklet.fonts`: subset to the characters of the
edition (all faces get all characters, so any styling is covered), pinned to one
weight and width (static fonts: older reading systems ignore variation axes), and saved
as WOFF2. The static instances are made once per build folder for the edition's
scripts and shared by its languages; each language's subsets are cached in its work
folder under a key of their inputs.
Each family's OFL licence travels in the package beside the fonts.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import fontTools
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from .. import fonts
from .model import Resource

log = logging.getLogger(__name__)

FONT_DIR = "fonts"
FONT_MEDIA_TYPE = "font/woff2"


@dataclass(frozen=True)
class Cut:
    """One embedded font file: *family* in *style* at *weight*."""

    family: str
    style: str
    weight: int

    @property
    def name(self) -> str:
        italic = "Italic-" if self.style == "italic" else ""
        return f"{self.family.replace(' ', '')}-{italic}{self.weight}.woff2"


#: The faces the EPUB stylesheet uses (keep in step with data/epub/book.css).
FACES: tuple[Cut, ...] = (
    Cut(fonts.SERIF, "normal", 400),
    Cut(fonts.SERIF, "normal", 700),
    Cut(fonts.SERIF, "italic", 400),
    Cut(fonts.SANS, "normal", 400),
    Cut(fonts.SANS, "normal", 700),
)


def embed(text: str, cache: Path, cuts: tuple[Cut, ...] = FACES) -> tuple[list[Resource], str]:
    """The font and licence resources for *text*, and their ``@font-face`` rules."""
    faces = {(face.family, face.style): face for face in fonts.faces({c.family for c in cuts})}
    resources, rules = [], []
    # Languages start at different cuts, so parallel workers fill the shared cache side by side.
    start = sum(map(ord, cache.parent.name)) % len(cuts)
    data_of = {cut: _cached(faces[(cut.family, cut.style)], cut, text, cache)
               for cut in cuts[start:] + cuts[:start]}
    for cut in cuts:
        data = data_of[cut]
        href = f"{FONT_DIR}/{cut.name}"
        resources.append(Resource(f"font-{cut.name.removesuffix('.woff2')}", href, FONT_MEDIA_TYPE, data))
        rules.append(f'@font-face {{ font-family: "{cut.family}"; font-style: {cut.style}; '
                     f'font-weight: {cut.weight}; src: url("../{href}") format("woff2"); }}')
    for family in dict.fromkeys(c.family for c in cuts):
        stem = family.replace(" ", "")
        resources.append(Resource(f"licence-{stem}", f"{FONT_DIR}/OFL-{stem}.txt", "text/plain",
                                  fonts.license_text(family).encode("utf-8")))
    return resources, "\n".join(rules) + "\n"


def _cached(face: fonts.Face, cut: Cut, text: str, cache: Path) -> bytes:
    """*cut* subset to *text*, as WOFF2, from the language's cache or made now."""
    key = _key(face, cut, text)
    stem = cut.name.removesuffix(".woff2")
    path = cache / f"{stem}-{key}.woff2"
    if not path.is_file():
        for stale in cache.glob(f"{stem}-*.woff2"):
            stale.unlink(missing_ok=True)
        static = _static(face, cut, fonts.web_charset(text), cache.parent.parent / "epub-static-fonts")
        fonts.subset(fonts.Face(face.family, face.style, static), text, path, flavor="woff2")
    return path.read_bytes()


def _static(face: fonts.Face, cut: Cut, charset: str, shared: Path) -> Path:
    """*cut* as a static TTF covering *charset*: made once and shared by every language.

    Pinning the axes of a variable font is the slow step; the scripts of an edition
    (:func:`booklet.fonts.web_charset`) are the same for all its languages, so the
    languages share the result and each only subsets it to its own characters.
    """
    import fcntl

    target = shared / f"{cut.name.removesuffix('.woff2')}-{_key(face, cut, charset)}.ttf"
    shared.mkdir(parents=True, exist_ok=True)
    with (shared / f"{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_file():
            subset = fonts.subset(face, charset, shared / f"{target.stem}.subset-{os.getpid()}.ttf",
                                  flavor=None)
            try:
                _instance(subset, cut, target)
            finally:
                subset.unlink(missing_ok=True)
    return target


def _key(face: fonts.Face, cut: Cut, text: str) -> str:
    """What a cut font depends on: the font file, the cut, the code making it, the characters."""
    digest = hashlib.sha256()
    for part in (face.path.name, str(face.path.stat().st_size), str(cut), fontTools.version,
                 "".join(sorted(set(text)))):
        digest.update(part.encode() + b"\0")
    for module in (fonts.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:24]


def _instance(subset: Path, cut: Cut, target: Path) -> None:
    """Pin every axis of the (already subset, so small) variable font at *cut*'s weight."""
    font = TTFont(subset, recalcTimestamp=False)
    if "fvar" in font:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        axes["wght"] = cut.weight
        font = instancer.instantiateVariableFont(font, axes)
    tmp = target.with_suffix(f".tmp-{os.getpid()}")
    font.save(tmp)
    tmp.replace(target)
    log.debug("font %s: %d bytes", target.name, target.stat().st_size)
