"""The website's per-language stylesheet: the script font and the writing direction.

``_static/booklet-language.css`` (imported by the theme's ``elements.css``) declares,
for a language with a script font (``[tool.booklet] fonts``), that font subset to the
characters of the site only it covers, and puts it after Noto in the theme's font
stacks (``--serif``, ``--sans``, ``--mono``); for a right-to-left language, the direction.
The file is written for every language (a comment only when it needs neither), so
the import never fails.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import fonts
from ..paths import LanguageWork
from . import settings
from ..direction import direction

log = logging.getLogger(__name__)

FILE = "booklet-language.css"


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_language_css)


def write_language_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    language = app.config.language or "en"
    data = settings.of(app.config)
    lines = [f"/* {language}: script font and writing direction (booklet.sphinxext.scriptfonts) */"]
    if direction(language) == "rtl":
        lines.append(":root { direction: rtl; }")
    extra = fonts.script_font_for(data.fonts or {}, language, Path(data.project or "."))
    if extra is not None:
        lines += _font_rules(extra, outdir)
    target = outdir / "_static" / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _font_rules(extra: fonts.ScriptFont, outdir: Path) -> list[str]:
    """``@font-face`` rules of *extra*, subset to the site's text, and the theme's font
    stacks with it after Noto."""
    import lxml.html

    text = "".join(lxml.html.parse(str(page)).getroot().text_content()
                   for page in sorted(outdir.glob("**/*.html")))
    own = fonts.script_chars(extra, text)
    if not own:
        return []
    cache = LanguageWork.of_staging_html(outdir).web_fonts
    rules = []
    for style in ("normal", "italic"):
        face = extra.face(style)
        name = f"{face.stem}.woff"
        fonts.cached_subset(face, own, cache, outdir / "_static" / "fonts" / name, flavor="woff")
        rules.append(f'@font-face {{ font-family: "{extra.family}"; font-style: {style}; '
                     f'font-weight: 100 900; font-display: swap; '
                     f'src: url("fonts/{name}") format("woff"); }}')
    rules.append(f':root {{ --serif: "Noto Serif", "{extra.family}", serif; '
                 f'--sans: "Noto Sans", "{extra.family}", sans-serif; '
                 f'--mono: "IBM Plex Mono", "{extra.family}", monospace; }}')
    return rules
