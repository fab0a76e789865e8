"""The publication's design: colours, cover layout, artwork and an extra stylesheet.

One design (a print theme) is read from ``[tool.booklet.design]`` of the project's
``pyproject.toml`` and shared by every format: the A5 booklet (cover, title page, back
cover), the handout, the EPUB cover image and the website's link colours. The builder's
own default is neutral: a white cover with the title, subtitle, edition line and
publisher, no band and no artwork. Everything that belongs to one publication (its
drawing, its colours, where the drawing stands on the cover) lives with that
publication, never in this package.

Lengths are in millimetres on the A5 trim (148 x 210 mm), measured from its top left
corner; a box may reach 3 mm beyond the trim into the bleed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: Colour roles, their neutral default and what they colour (listed in the README).
COLOURS: Mapping[str, tuple[str, str]] = {
    "ink": ("#1a1a1a", "text of the printed pages"),
    "muted": ("#555555", "running heads, page numbers, captions, the edition line"),
    "rule": ("#999999", "table and footnote rules"),
    "accent": ("#1f3a5f", "the cover band and the handout's heading rule"),
    "cover": ("#ffffff", "background of the front and back covers (full bleed)"),
    "cover-ink": ("#1a1a1a", "title and subtitle on the covers"),
    "cover-muted": ("#555555", "edition line, publisher and address on the covers"),
    "link": ("#1d4f91", "links on the website (light scheme)"),
    "link-hover": ("#143a6b", "links under the pointer (light scheme)"),
    "link-dark": ("#9cc2ff", "links on the website (dark scheme)"),
    "link-hover-dark": ("#cfe0ff", "links under the pointer (dark scheme)"),
}

#: Keys of ``[tool.booklet.design]`` and their defaults (listed in the README).
DEFAULTS: Mapping[str, Any] = {
    "stylesheet": "",
    "artwork": "",
    "colours": {},
    "cover-band": 0.0,
    "artwork-box": [39.0, 89.0, 70.0, 124.0],
    "mark-box": [69.0, 38.0, 10.0, 17.0],
    "handout-mark": [8.0, 14.0],
    "cover-publisher": True,
    "cover-edition": True,
}

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
TRIM = (148.0, 210.0)
BLEED = 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the top left corner of the trim."""

    left: float
    top: float
    width: float
    height: float

    def css(self) -> str:
        return (f"left: {_mm(self.left)}; top: {_mm(self.top)}; "
                f"width: {_mm(self.width)}; height: {_mm(self.height)};")


@dataclass(frozen=True)
class Design:
    """The validated design of one publication (see the module docstring)."""

    colours: Mapping[str, str] = field(default_factory=lambda: {k: v[0] for k, v in COLOURS.items()})
    artwork: Path | None = None
    stylesheet: Path | None = None
    cover_band: float = 0.0
    artwork_box: Box = Box(39.0, 89.0, 70.0, 124.0)
    mark_box: Box = Box(69.0, 38.0, 10.0, 17.0)
    handout_mark: tuple[float, float] = (8.0, 14.0)
    cover_publisher: bool = True
    cover_edition: bool = True

    @cached_property
    def artwork_svg(self) -> str:
        """The artwork file's text ('' without artwork)."""
        if self.artwork is None:
            return ""
        return self.artwork.read_text(encoding="utf-8")

    @cached_property
    def stylesheet_text(self) -> str:
        """The publication's own print stylesheet ('' without one)."""
        if self.stylesheet is None:
            return ""
        return self.stylesheet.read_text(encoding="utf-8")

    def print_css(self) -> str:
        """Rules the PDFs put after the builder's stylesheet: colours as custom properties,
        the cover boxes, then the publication's own stylesheet."""
        variables = "; ".join(f"--{role}: {value}" for role, value in self.colours.items())
        band = (f".cover-band {{ height: {_mm(self.cover_band + BLEED)}; }}\n" if self.cover_band
                else ".cover-band { display: none; }\n")
        mark_w, mark_h = self.handout_mark
        rules = (f":root {{ {variables}; }}\n{band}"
                 f".cover .artwork {{ {self.artwork_box.css()} }}\n"
                 f".cover .artwork svg {{ width: {_mm(self.artwork_box.width)}; "
                 f"height: {_mm(self.artwork_box.height)}; }}\n"
                 f".back-cover .mark {{ {self.mark_box.css()} }}\n"
                 f".back-cover .mark svg {{ width: {_mm(self.mark_box.width)}; "
                 f"height: {_mm(self.mark_box.height)}; }}\n"
                 f".handout-mark {{ width: {_mm(mark_w)}; }}\n"
                 f".handout-mark svg {{ width: {_mm(mark_w)}; height: {_mm(mark_h)}; }}\n")
        return rules + self.stylesheet_text

    def site_css(self) -> str:
        """The website's link colours in both colour schemes (the theme's ``--accent``)."""
        c = self.colours
        return (f":root {{ --accent: {c['link']}; --accent-hover: {c['link-hover']}; }}\n"
                f"@media (prefers-color-scheme: dark) {{\n"
                f"  :root {{ --accent: {c['link-dark']}; --accent-hover: {c['link-hover-dark']}; }}\n"
                f"}}\n")

    def to_data(self) -> dict[str, Any]:
        """Plain data for the Sphinx side (picklable, hashable as JSON). It holds everything
        the outputs take from the design (the artwork by its digest), so that a change of
        the design, wherever its files are, changes each language's build fingerprint."""
        artwork = hashlib.sha256(self.artwork_svg.encode("utf-8")).hexdigest() if self.artwork else ""
        return {"site_css": self.site_css(), "print_css": self.print_css(), "artwork": artwork,
                "cover_publisher": self.cover_publisher, "cover_edition": self.cover_edition}


def _mm(value: float) -> str:
    return f"{value:g}mm"


def load_design(root: Path, raw: Any, origin: Path | str) -> Design:
    """The :class:`Design` of ``[tool.booklet.design]`` (*raw*), paths relative to *root*."""
    if not isinstance(raw, Mapping):
        raise ConfigError("'design' must be a table ([tool.booklet.design])", origin)
    for key in raw:
        if key not in DEFAULTS:
            raise ConfigError(f"unknown key {key!r} in [tool.booklet.design]", origin,
                              hint=f"known keys: {', '.join(sorted(DEFAULTS))}")
    values = {**DEFAULTS, **raw}
    return Design(
        colours=_colours(values["colours"], origin),
        artwork=_file(root, values["artwork"], "artwork", origin, ".svg"),
        stylesheet=_file(root, values["stylesheet"], "stylesheet", origin, ".css"),
        cover_band=_number(values["cover-band"], "cover-band", origin),
        artwork_box=Box(*_numbers(values["artwork-box"], 4, "artwork-box", origin)),
        mark_box=Box(*_numbers(values["mark-box"], 4, "mark-box", origin)),
        handout_mark=tuple(_numbers(values["handout-mark"], 2, "handout-mark", origin)),  # type: ignore[arg-type]
        cover_publisher=_boolean(values["cover-publisher"], "cover-publisher", origin),
        cover_edition=_boolean(values["cover-edition"], "cover-edition", origin),
    )


def _colours(raw: Any, origin: Path | str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ConfigError("'design.colours' must be a table of colour roles", origin)
    colours = {role: default for role, (default, _what) in COLOURS.items()}
    for role, value in raw.items():
        if role not in COLOURS:
            raise ConfigError(f"unknown colour role {role!r} in [tool.booklet.design.colours]",
                              origin, hint=f"known roles: {', '.join(COLOURS)}")
        if not isinstance(value, str) or not _HEX.match(value):
            raise ConfigError(f"design colour {role!r} must be a hex colour such as '#336699', "
                              f"not {value!r}", origin)
        colours[role] = value.lower()
    return colours


def _file(root: Path, value: Any, key: str, origin: Path | str, suffix: str) -> Path | None:
    if not isinstance(value, str):
        raise ConfigError(f"design {key!r} must be a path relative to the project", origin)
    if not value:
        return None
    path = (root / value).resolve()
    if path.suffix.lower() != suffix:
        raise ConfigError(f"design {key!r} must be a {suffix} file, not {value!r}", origin)
    if not path.is_file():
        raise ConfigError(f"design {key!r}: file not found: {value}", origin,
                          hint="paths are relative to the folder of pyproject.toml")
    return path


def _number(value: Any, key: str, origin: Path | str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"design {key!r} must be a length in millimetres (>= 0), not {value!r}",
                          origin)
    return float(value)


def _numbers(value: Any, count: int, key: str, origin: Path | str) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        shape = "[left, top, width, height]" if count == 4 else "[width, height]"
        raise ConfigError(f"design {key!r} must be {shape} in millimetres, not {value!r}", origin)
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            raise ConfigError(f"design {key!r} must hold numbers (millimetres), not {item!r}", origin)
        numbers.append(float(item))
    return numbers


def _boolean(value: Any, key: str, origin: Path | str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"design {key!r} must be true or false, not {value!r}", origin)
    return value
