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
#: The monospace faces, embedded when the edition has code (``pre``, ``code``...).
MONO_FACES: tuple[Cut, ...] = (
    Cut(fonts.MONO, "normal", 400),
    Cut(fonts.MONO, "normal", 700),
    Cut(fonts.MONO, "italic", 400),
)


def embed(text: str, cache: Path, cuts: tuple[Cut, ...] = FACES, code: str = "",
          extra: fonts.ScriptFont | None = None) -> tuple[list[Resource], str]:
    """The font and licence resources for *text*, and their ``@font-face`` rules: *cuts*,
    the monospace faces if there is *code*, and the script font *extra* under its own
    name, subset to the characters only it covers (the stylesheet names it after each
    family: :func:`booklet.fonts.with_fallback`)."""
    cuts = cuts + (MONO_FACES if code else ())
    faces = fonts.faces(dict.fromkeys(c.family for c in cuts))
    resources, rules = [], []
    for cut in cuts:
        face = fonts.face_for(cut.family, cut.style, cut.weight, faces)
        data = _cached(face, cut, text if cut.family != fonts.MONO else code, cache)
        resources.append(_font_resource(cut.name, data))
        rules.append(_rule(cut.family, cut.style, cut.weight, cut.name))
    own = fonts.script_chars(extra, text) if extra is not None else ""
    if extra is not None and own:
        for style, weight in dict.fromkeys((c.style, c.weight) for c in cuts):
            face = extra.face(style, weight)
            name = Cut(extra.family, face.style, weight).name
            if not any(r.href == f"{FONT_DIR}/{name}" for r in resources):
                data = _cached(face, Cut(extra.family, face.style, weight), own, cache)
                resources.append(_font_resource(name, data))
            rules.append(_rule(extra.family, style, weight, name))
    families = [*dict.fromkeys(c.family for c in cuts), *([extra.family] if extra else [])]
    for family in families:
        stem = family.replace(" ", "")
        resources.append(Resource(f"licence-{stem}", f"{FONT_DIR}/OFL-{stem}.txt", "text/plain",
                                  fonts.license_text(family, extra).encode("utf-8")))
    return resources, "\n".join(rules) + "\n"


def _font_resource(name: str, data: bytes) -> Resource:
    return Resource(f"font-{name.removesuffix(FONT_SUFFIX)}", f"{FONT_DIR}/{name}", FONT_MEDIA_TYPE, data)


def _rule(family: str, style: str, weight: int, name: str) -> str:
    return (f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
            f'src: url("../{FONT_DIR}/{name}") format("truetype"); }}')


def _cached(face: fonts.Face, cut: Cut, text: str, cache: Path) -> bytes:
    """*cut* subset to *text*, as TrueType, from the language's cache or made now."""
    key = _key(face, cut, text)
    stem = cut.name.removesuffix(FONT_SUFFIX)
    path = cache / f"{stem}-{key}{FONT_SUFFIX}"
    if not path.is_file():
        for stale in cache.glob(f"{stem}-*"):
            stale.unlink(missing_ok=True)
        fonts.subset(face, text, path, flavor=None, weight=None if face.weight else cut.weight)
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
