"""Text a translation has not reached yet, marked as the source language it is shown in.

Sphinx shows a message its catalog does not translate in the source language. In a
draft edition those paragraphs, titles and list items are English (or German...) in a
page that says it is Arabic (or Portuguese...): a screen reader would read them with
the wrong voice, the print edition would hyphenate them with the wrong dictionary and
set them in the wrong direction. So:

* a read transform right after Sphinx's translation (``Locale``, priority 20) gives each
  element Sphinx left untranslated (``translated`` false, or every translatable one of
  a document that has no catalog) the class :data:`MARK`;
* the typography step (:mod:`.typography`) sets those blocks by the source language's
  rules;
* the builder writes ``lang`` and ``dir`` of the source language on every element with
  the class (:func:`mark_html`), in the pages and in the chapters of the print and EPUB
  editions alike.

Nothing is marked in the source language's own edition, nor for the ``gettext`` builder.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from ..config import language_tag
from ..direction import direction

#: The class of an element shown in the source language.
MARK = "booklet-untranslated"
#: Builders whose output is the source as written.
SKIPPED_BUILDERS = frozenset({"gettext"})
#: A start tag whose class attribute holds :data:`MARK` (docutils writes ``class`` last
#: but one or alone; any order is matched).
_MARKED = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*?)?\sclass="([^"]*\b' + MARK + r'\b[^"]*)"')


def source_language(config: Any) -> str:
    """The project's source language, or "" when the build language is the source."""
    source = config.booklet_source_language or ""
    return "" if not source or source == (config.language or source) else source


class MarkUntranslated(SphinxTransform):
    """Give :data:`MARK` to every element the translation left in the source language."""

    default_priority = 21  # right after Sphinx's Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.name in SKIPPED_BUILDERS or not source_language(self.config):
            return
        for node, _message in extract_messages(self.document):
            if isinstance(node, nodes.Element) and not node.get("translated", False):
                classes = node.setdefault("classes", [])
                if MARK not in classes:
                    classes.append(MARK)


def marked(node: nodes.Element) -> bool:
    """Whether *node* is shown in the source language (see the module docstring)."""
    return MARK in node.get("classes", ())


def mark_html(body: str, language: str) -> str:
    """*body* with ``lang`` and ``dir`` of *language* on every element of class :data:`MARK`."""
    if not language or MARK not in body:
        return body
    attributes = f' lang="{language_tag(language)}" dir="{direction(language)}"'

    def add(match: re.Match[str]) -> str:
        rest = match.group(2) or ""
        if " lang=" in rest:
            return match.group(0)
        return f'<{match.group(1)}{rest}{attributes} class="{match.group(3)}"'
    return _MARKED.sub(add, body)


def setup(app: Sphinx) -> None:
    app.add_transform(MarkUntranslated)
