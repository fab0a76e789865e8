"""Embedded fonts: static instances of the Noto variable fonts, subset to the edition's text.

The stylesheet (``booklet/data/epub/book.css``) uses the faces in :data:`FACES`. Each is
cut from the variable font by :func:`booklet.fonts.subset`: subset to the characters of
the edition (all faces get all characters, so any styling is covered), pinned to one
weight and width (static fonts: older reading systems ignore variation axes), and saved
as TrueType: every EPUB reading system reads it (WOFF and WOFF2 came later, and e-ink
readers often lack them), and the container's deflate compresses it as well as WOFF
would. The cuts are cached in the language's work folder under a key of their inputs.
Each family's OFL licence travels in the package beside the fonts.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import fontTools
import uharfbuzz

from .. import fonts
from .model import Resource

log = logging.getLogger(__name__)

FONT_DIR = "fonts"
FONT_MEDIA_TYPE = "font/ttf"
FONT_SUFFIX = ".ttf"


@dataclass(frozen=True)
class Cut:
    """One embedded font file: *family* in *style* at *weight*."""

    family: str
    style: str
    weight: int

    @property
    def name(self) -> str:
        italic = "Italic-" if self.style == "italic" else ""
        return f"{self.family.replace(' ', '')}-{italic}{self.weight}{FONT_SUFFIX}"


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
    for cut in cuts:
        data = _cached(faces[(cut.family, cut.style)], cut, text, cache)
        href = f"{FONT_DIR}/{cut.name}"
        resources.append(Resource(f"font-{cut.name.removesuffix(FONT_SUFFIX)}", href, FONT_MEDIA_TYPE, data))
        rules.append(f'@font-face {{ font-family: "{cut.family}"; font-style: {cut.style}; '
                     f'font-weight: {cut.weight}; src: url("../{href}") format("truetype"); }}')
    for family in dict.fromkeys(c.family for c in cuts):
        stem = family.replace(" ", "")
        resources.append(Resource(f"licence-{stem}", f"{FONT_DIR}/OFL-{stem}.txt", "text/plain",
                                  fonts.license_text(family).encode("utf-8")))
    return resources, "\n".join(rules) + "\n"


def _cached(face: fonts.Face, cut: Cut, text: str, cache: Path) -> bytes:
    """*cut* subset to *text*, as TrueType, from the language's cache or made now."""
    key = _key(face, cut, text)
    stem = cut.name.removesuffix(FONT_SUFFIX)
    path = cache / f"{stem}-{key}{FONT_SUFFIX}"
    if not path.is_file():
        for stale in cache.glob(f"{stem}-*"):
            stale.unlink(missing_ok=True)
        fonts.subset(face, text, path, flavor=None, weight=cut.weight)
    return path.read_bytes()


def _key(face: fonts.Face, cut: Cut, text: str) -> str:
    """What a cut font depends on: the font file, the cut, the code making it, the characters."""
    digest = hashlib.sha256()
    for part in (face.path.name, str(face.path.stat().st_size), str(cut), fontTools.version,
                 uharfbuzz.__version__, "".join(sorted(set(text)))):
        digest.update(part.encode() + b"\0")
    for module in (fonts.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:24]
