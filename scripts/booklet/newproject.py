"""``booklet new PATH``: a new publication that builds at once, like ``sphinx-quickstart``.

It writes ``pyproject.toml`` with ``[tool.booklet]``, a Sphinx project in ``docs/`` (a
``conf.py`` that knows nothing of booklet, a title page, one chapter, a colophon), a
Makefile and a README, then creates the catalogs of the other languages in ``locales/``
(``booklet update``). Every value comes from the options; nothing is asked. The new
publication has the builder's neutral design and no artwork; its translations start as
drafts. An existing folder that is not empty is refused, so nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_bytes
from .errors import ConfigError

log = logging.getLogger(__name__)

_LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Answers:
    """What ``booklet new`` is told (sphinx-quickstart would ask)."""

    path: Path
    name: str
    languages: tuple[str, ...]
    source_language: str
    edition_date: dt.date
    publisher: str = ""

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "publication"

    @property
    def translations(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source_language)


def answers(path: Path, name: str = "", languages: Sequence[str] = (), source_language: str = "",
            edition_date: str = "", publisher: str = "") -> Answers:
    """Validate the options; defaults: the folder's name, English only, today."""
    source = source_language or (languages[0] if languages else "en")
    langs = tuple(dict.fromkeys([source, *languages]))
    for lang in langs:
        if not _LANG_RE.match(lang):
            raise ConfigError(f"not a language code: {lang!r}", hint="use codes such as en, de, pt_BR")
    try:
        date = dt.date.fromisoformat(edition_date) if edition_date else dt.date.today()
    except ValueError:
        raise ConfigError(f"not a date: {edition_date!r}", hint="use YYYY-MM-DD") from None
    title = name or path.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize()
    if '"' in title or "\\" in title or '"' in publisher or "\\" in publisher:
        raise ConfigError("the name and publisher may not contain quotes or backslashes")
    return Answers(path, title or "New publication", langs, source, date, publisher)


def create(given: Answers) -> list[Path]:
    """Write the new publication; return the files written (catalogs not included)."""
    root = given.path
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ConfigError("the folder exists and is not empty: nothing was written", root,
                          hint="give a new or empty folder")
    files = {
        "pyproject.toml": pyproject(given),
        "Makefile": MAKEFILE,
        "README.md": readme(given),
        ".gitignore": "build/\n*.mo\n",
        "docs/conf.py": conf_py(given),
        "docs/index.rst": index_rst(given),
        "docs/introduction.rst": INTRODUCTION_RST,
        "docs/colophon.rst": COLOPHON_RST,
    }
    written = []
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, text.encode("utf-8"))
        written.append(target)
    (root / "locales").mkdir(exist_ok=True)
    log.info("new publication %r in %s", given.name, root)
    return written


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def pyproject(given: Answers) -> str:
    drafts = _toml_list(given.translations)
    return f'''# The publication's settings: see the booklet README ("Configuration", "Design").
[tool.booklet]
name = "{given.name}"
slug = "{given.slug}"
publisher = "{given.publisher}"
languages = {_toml_list(given.languages)}
source-language = "{given.source_language}"
edition-date = "{given.edition_date.isoformat()}"
# Translations build as drafts (with a notice) until they are complete and reviewed.
drafts = {drafts}
# Add "handout" (and a handout document) once the website has an address:
# base-url = "https://www.example.org/{given.slug}/"
formats = ["html", "pdf", "print", "imposed", "epub"]
terms = ""

# The builder's design is neutral (title, subtitle, publisher; no artwork). Choose your own:
# [tool.booklet.design]
# artwork = "docs/_design/drawing.svg"
# cover-band = 4
# [tool.booklet.design.colours]
# accent = "#1f3a5f"
'''


def conf_py(given: Answers) -> str:
    return f'''"""Sphinx settings: an ordinary Sphinx project, with nothing to add for the builder.

The languages, the edition and the design are set in pyproject.toml.
"""

project = "{given.name}"
author = "{given.publisher}"
language = "{given.source_language}"
root_doc = "index"

locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
'''


def index_rst(given: Answers) -> str:
    rule = "=" * max(len(given.name), 3)
    return f''':booklet-part: title

{rule}
{given.name}
{rule}

.. rst-class:: subtitle

A new publication

.. rst-class:: edition

First edition, |edition-year|

.. toctree::
   :maxdepth: 2
   :hidden:

   introduction
   colophon
'''


INTRODUCTION_RST = ''':booklet-part: chapter

Introduction
============

This is the first chapter. Write the text in reStructuredText; each chapter is one file
in the *docs* folder and one line in the contents of the title page.

Every chapter starts on a right-hand page of the printed booklet, and the website, the
PDFs and the EPUB are made from the same text in every language.
'''

COLOPHON_RST = ''':booklet-part: back-matter

Colophon
========

Edition of |edition-date|.

This publication was made with booklet.
'''

MAKEFILE = '''# The publication: `make` builds every language and format into build/.
BOOKLET ?= booklet

.PHONY: all build html pdf epub update-po check stat clean serve

all: build

build:
\t$(BOOKLET) build

html:
\t$(BOOKLET) build --format html

pdf:
\t$(BOOKLET) build --format pdf --format print --format imposed

epub:
\t$(BOOKLET) build --format epub

update-po:
\t$(BOOKLET) update

check:
\t$(BOOKLET) check

stat:
\t$(BOOKLET) stat

clean:
\t$(BOOKLET) clean

serve:
\t$(BOOKLET) serve
'''


def readme(given: Answers) -> str:
    others = ", ".join(given.translations) or "none yet"
    return f'''# {given.name}

A publication built with booklet: a website, A5 PDF booklets (reading, print, imposed)
and an EPUB in every language, from the reStructuredText in `docs/`.

* `make` builds everything into `build/`; `make serve` previews the website.
* Source language: `{given.source_language}`; translations: {others}.
* Edit the text in `docs/`, then `make update-po` and translate
  `locales/<lang>/LC_MESSAGES/*.po` (the publication's name and publisher are in
  `publication.po`). `make check` runs the quality gate; `make stat` shows progress.
* The settings are in `[tool.booklet]` of `pyproject.toml`.
'''


def new(path: Path, name: str = "", languages: Sequence[str] = (), source_language: str = "",
        edition_date: str = "", publisher: str = "") -> Path:
    """Create the publication at *path* and its catalogs; return *path*."""
    from .config import load_config
    from .translate import update

    given = answers(path, name, languages, source_language, edition_date, publisher)
    create(given)
    if given.translations:
        update(load_config(path))
    return path
