"""The edition's files on the website: published in ``html/download/``, offered on each
language's title page and on the language chooser.

* :func:`publish_files` puts every built PDF and EPUB into ``build/html/download/``
  (:data:`FOLDER`), as a hard link to the file in ``build/pdf`` or ``build/epub`` when the
  two folders share a file system (no bytes twice; the build replaces its outputs by
  renaming, so a link never changes under a reader), else as a copy. Copying
  ``build/html/`` then publishes everything.
* :func:`block` is the HTML list of one language's files, in that language (the
  package's ``booklet`` message catalogs): reading PDF, EPUB and handout for readers, the
  print-ready and imposed PDFs in a part for printers, each with format, size and pages.
  Links are relative (they work from ``file://``); each carries its MIME ``type`` and
  ``data-bytes``/``data-pages``, which the tests compare with the file.
* :func:`insert` puts the block into a title page between the theme's markers
  (:data:`START`, :data:`END`), replacing what an earlier build put there.
"""

from __future__ import annotations

import gettext
import html
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.units import format_unit

from .atomic import write_bytes
from .config import Config
from .manifest import Entry, pages_of
from .paths import DOWNLOADS, BuildPaths

#: The folder of the downloadable files, inside the website.
FOLDER = DOWNLOADS
#: The markers the theme's layout leaves on the title page.
START, END = "<!-- booklet:downloads -->", "<!-- /booklet:downloads -->"
MIME = {".pdf": "application/pdf", ".epub": "application/epub+zip"}


@dataclass(frozen=True)
class Download:
    """One file of one language's edition, as the website offers it."""

    kind: str  # reading, epub, handout, print, imposed
    group: str  # readers or printers
    source: Path  # the built file (build/pdf/..., build/epub/...)
    published: Path  # its place in the website (build/html/download/...)
    bytes: int
    pages: int

    @property
    def mime(self) -> str:
        return MIME[self.source.suffix]


#: Kind -> (group, label): the labels are messages of the ``booklet`` catalogs.
KINDS: dict[str, tuple[str, str]] = {
    "reading": ("readers", "Booklet (PDF, A5)"),
    "epub": ("readers", "E-book (EPUB 3)"),
    "handout": ("readers", "Handout (PDF, A4)"),
    "print": ("printers", "Print-ready PDF for a print shop (A5, 3 mm bleed, PDF/X-4)"),
    "imposed": ("printers", "Imposed booklet for an office printer (A4, double-sided, "
                            "flip on the short edge)"),
}


def sources(paths: BuildPaths, lang: str) -> dict[str, Path]:
    """Kind -> the built file of *lang* (whether it exists or not)."""
    return {"reading": paths.pdf(lang), "epub": paths.epub(lang), "handout": paths.handout(lang),
            "print": paths.pdf(lang, "print"), "imposed": paths.pdf(lang, "imposed")}


def cover_source(paths: BuildPaths, lang: str) -> Path:
    """The cover preview the reading PDF's renderer draws (see :mod:`booklet.pdf.previews`)."""
    return paths.previews / f"{paths.config.slug}-{lang}-cover.png"


def cover(paths: BuildPaths, lang: str) -> Path:
    """The cover image of *lang* in the website (the e-reader catalog shows it)."""
    return folder(paths) / cover_source(paths, lang).name


def folder(paths: BuildPaths) -> Path:
    return paths.downloads


def files(paths: BuildPaths, lang: str, entries: Mapping[str, Entry] | None = None
          ) -> list[Download]:
    """The built files of *lang*, in the order of :data:`KINDS` (missing ones left out);
    size and pages from the manifest's *entries* when they describe the file."""
    found = []
    for kind, source in sources(paths, lang).items():
        if not source.is_file():
            continue
        size = source.stat().st_size
        entry = (entries or {}).get(source.relative_to(paths.root).as_posix())
        pages = entry.pages if entry is not None and entry.bytes == size else pages_of(source)
        if kind == "epub" and paths.pdf(lang).is_file():
            pages = _pdf_pages(paths, lang, entries)  # its page list is the printed booklet's
        found.append(Download(kind, KINDS[kind][0], source, folder(paths) / source.name,
                              size, pages))
    return found


def _pdf_pages(paths: BuildPaths, lang: str, entries: Mapping[str, Entry] | None) -> int:
    reading = paths.pdf(lang)
    entry = (entries or {}).get(reading.relative_to(paths.root).as_posix())
    return entry.pages if entry is not None and entry.bytes == reading.stat().st_size \
        else pages_of(reading)


def publish_files(config: Config, entries: Mapping[str, Entry] | None = None,
                  others: frozenset[str] = frozenset()) -> list[Download]:
    """Link (or copy) every built file into ``html/download/``; remove stale ones there
    (but the files named in *others*, which other steps write there)."""
    paths = BuildPaths(config)
    target = folder(paths)
    target.mkdir(parents=True, exist_ok=True)
    published = [item for lang in config.languages for item in files(paths, lang, entries)]
    for item in published:
        _link(item.source, item.published)
    keep = {item.published.name for item in published} | set(others)
    for lang in config.languages:
        image = cover_source(paths, lang)
        if image.is_file():
            _link(image, cover(paths, lang))
            keep.add(image.name)
    for stale in target.iterdir():
        if stale.name not in keep and stale.is_file():
            stale.unlink()
    return published


def _link(source: Path, target: Path) -> None:
    if target.exists() and os.path.samefile(source, target):
        return
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:  # another file system, or no hard links: copy
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


# ------------------------------------------------------------------------ the block

@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The package's ``booklet`` catalog for *lang* (English messages if there is none)."""
    from .sphinxext.languages import DOMAIN, LOCALE_DIR, compile_catalogs

    compile_catalogs(lang)
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def size_text(count: int, lang: str) -> str:
    """1.2 MB, 85 kB... in *lang*'s own units and numbers (CLDR)."""
    locale = _babel_locale(lang)
    if count >= 1_000_000:
        return format_unit(round(count / 1_000_000, 1), "digital-megabyte", "short", locale=locale)
    return format_unit(max(1, round(count / 1000)), "digital-kilobyte", "short", locale=locale)


def _babel_locale(lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
        return lang
    except (UnknownLocaleError, ValueError):
        return "en"


def block(items: list[Download], lang: str, page: Path, heading_level: int = 2) -> str:
    """The downloads of one language as HTML, links relative to the file *page*."""
    if not items:
        return ""
    t = translation(lang)
    h = f"h{heading_level}"
    sub = f"h{heading_level + 1}"
    parts = [f'<section class="downloads" lang="{lang}" aria-labelledby="downloads-{lang}">',
             f'<{h} id="downloads-{lang}">{html.escape(t.gettext("Download"))}</{h}>']
    for group, title in (("readers", "For readers"), ("printers", "For printers")):
        chosen = [item for item in items if item.group == group]
        if not chosen:
            continue
        parts.append(f'<div class="downloads-{group}"><{sub}>{html.escape(t.gettext(title))}</{sub}>')
        parts.append('<ul>')
        parts += [_item(item, lang, page) for item in chosen]
        parts.append('</ul></div>')
    parts.append('</section>')
    return "\n".join(parts)


def _item(item: Download, lang: str, page: Path) -> str:
    t = translation(lang)
    href = Path(os.path.relpath(item.published, page.parent)).as_posix()
    label = t.gettext(KINDS[item.kind][1])
    pages = t.ngettext("%(count)d page", "%(count)d pages", item.pages) % {"count": item.pages}
    details = f"{item.source.suffix[1:].upper()}, {size_text(item.bytes, lang)}, {pages}"
    return (f'<li><a href="{html.escape(href)}" type="{item.mime}" download '
            f'data-bytes="{item.bytes}" data-pages="{item.pages}">{html.escape(label)}</a> '
            f'<span class="download-details">({html.escape(details)})</span></li>')


def insert(page: Path, content: str) -> bool:
    """Put *content* between the markers of *page*; False if the page has none."""
    text = page.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return False
    # no files: the markers stay as the theme wrote them, so the page is as published
    inner = f"\n{content}\n" if content else ""
    updated = text[:start + len(START)] + inner + text[end:]
    if updated != text:
        write_bytes(page, updated.encode("utf-8"))
    return True
