"""PNG previews of a PDF: the cover and one spread (two facing pages), via ``pdftoppm``.

Written to ``build/previews/<slug>-<lang>-cover.png`` and ``-spread.png``, each
atomically. The spread is the first one whose two pages are both full of text.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from ..adapters import weasyprint as wp
from ..atomic import atomic_output
from ..errors import RenderError

RESOLUTION = 72  # dots per inch: 420 x 595 px for an A5 page


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        raise RenderError("pdftoppm is not installed; it draws the PNG previews",
                          hint="apt-get install poppler-utils")
    return found


def page_image(pdf: Path, number: int, resolution: int = RESOLUTION) -> Image.Image:
    """Page *number* (1-based) of *pdf*, cropped to its trim box."""
    return page_images(pdf, number, number, resolution)[0]


def page_images(pdf: Path, first: int, last: int, resolution: int = RESOLUTION) -> list[Image.Image]:
    """Pages *first* to *last* (1-based) of *pdf*, cropped to their crop boxes: one pdftoppm run."""
    with tempfile.TemporaryDirectory(prefix="booklet-preview-") as folder:
        stem = Path(folder) / "page"
        subprocess.run([pdftoppm(), "-f", str(first), "-l", str(last), "-r", str(resolution),
                        "-cropbox", "-png", str(pdf), str(stem)],
                       check=True, capture_output=True, timeout=120)
        images = []
        for path in sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            with Image.open(path) as image:
                images.append(image.convert("RGB"))
        return images


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    image = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    image.paste(left, (0, 0))
    image.paste(right, (left.width, 0))
    return image


def save_png(image: Image.Image, target: Path) -> None:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # optimize=True: 1 % smaller, four times slower
    with atomic_output(target) as tmp:
        tmp.write_bytes(buffer.getvalue())


def full_spread(document: Any, minimum_lines: int = 12) -> int:
    """The right page of the first spread whose two pages are both full of text."""
    counts = wp.lines_per_page(document)
    for right in range(3, len(counts), 2):
        if counts[right - 2] >= minimum_lines and counts[right - 1] >= minimum_lines:
            return right
    return 3


def write_previews(pdf: Path, folder: Path, stem: str, spread_right_page: int) -> list[Path]:
    """Cover and spread PNGs of *pdf*; the spread shows pages N-1 and N (N odd)."""
    cover = folder / f"{stem}-cover.png"
    save_png(page_image(pdf, 1), cover)
    right = max(3, spread_right_page | 1)
    pair = folder / f"{stem}-spread.png"
    save_png(spread(*page_images(pdf, right - 1, right)), pair)
    return [cover, pair]
