"""The typography step: each language's micro-typography on every document, after translation.

A read transform that runs after Sphinx's translation (``Locale``, priority 20), the
substitutions (220) and smart quotes (750), and before the collectors (880) store
titles for tables of contents, links and the print and EPUB navigation: every text any
format shows passes through it once. It changes only the text of ``Text`` nodes, never
code (literal, literal blocks, math, raw), URLs, footnote labels or attribute values.

It never runs for the ``gettext`` builder, so the extracted messages (``msgid``) are
the source text as written. The rules of the language (``booklet.typography``) are a
configuration value that rebuilds the environment when they change.

A block the translation has not reached (:mod:`.untranslated`) is set by the rules of
the source language it is shown in.

Quotation marks: a language whose rules set them gets them from this step alone, so
Sphinx's ``smartquotes`` is switched off for it (docutils knows no marks for az or tk,
and Russian marks written by a translator as “ ” must become « » anyway). A project
that sets ``smartquotes = False`` keeps its straight quotes: the step then only binds
words with no-break spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import is_smartquotable

from .. import typography
from . import untranslated

CONFIG_NAME = "booklet_typography"
#: The rules of the source language, for the blocks shown in it (:mod:`.untranslated`).
SOURCE_CONFIG_NAME = "booklet_typography_source"
#: Builders whose output must be the source as written.
SKIPPED_BUILDERS = untranslated.SKIPPED_BUILDERS
#: Inline nodes whose text is a label or code, not prose.
OPAQUE = (nodes.footnote_reference, nodes.citation_reference, nodes.literal, nodes.math, nodes.raw)


def _is_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline)


def _protected(text: nodes.Text, block: nodes.Element) -> bool:
    if not is_smartquotable(text):
        return True
    parent = text.parent
    while parent is not None and parent is not block:
        if isinstance(parent, OPAQUE):
            return True
        if isinstance(parent, nodes.reference) and parent.astext() == parent.get("refuri"):
            return True  # a URL shown as itself
        parent = parent.parent
    return False


def _texts(block: nodes.Element) -> Iterator[nodes.Text]:
    """The text nodes of *block*, in order, without those of blocks nested in it."""
    for text in block.findall(nodes.Text):
        owner = text.parent
        while owner is not None and not _is_block(owner):
            owner = owner.parent
        if owner is block:
            yield text


def _unescape(raw: str) -> tuple[str, list[int]]:
    """The text of a node as shown, and where its backslash-escaped characters are.

    docutils keeps an escape as a NUL before the character until it writes (``2027\\-nji``
    is ``2027\\x00-nji``): the typography step reads the shown text, and leaves escaped
    characters as the author wrote them.
    """
    text: list[str] = []
    fixed: list[int] = []
    chars = iter(raw)
    for char in chars:
        if char != "\x00":
            text.append(char)
            continue
        escaped = next(chars, "")
        if escaped and escaped not in " \n":
            fixed.append(len(text))
            text.append(escaped)
    return "".join(text), fixed


class Typography(SphinxTransform):
    """No-break spaces, quotation marks, dashes and ellipses of the document's language."""

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.name in SKIPPED_BUILDERS or not self.config[CONFIG_NAME]:
            return
        rules = typography.Rules.from_config(self.config[CONFIG_NAME])
        source = typography.Rules.from_config(self.config[SOURCE_CONFIG_NAME])
        for block in list(self.document.findall(_is_block)):
            texts = list(_texts(block))
            if texts:
                self._typeset(source if untranslated.marked(block) else rules, block, texts)

    @staticmethod
    def _typeset(rules: typography.Rules, block: nodes.Element, texts: list[nodes.Text]) -> None:
        protected = [_protected(text, block) for text in texts]
        if all(protected):
            return
        pieces = [_unescape(str(text)) for text in texts]
        new = typography.typeset_pieces(rules, [text for text, _fixed in pieces], protected,
                                        [fixed for _text, fixed in pieces])
        for old, (text, _fixed), result in zip(texts, pieces, new):
            if result != text:
                old.parent.replace(old, nodes.Text(result))


def _on_config_inited(app: Sphinx, config: SphinxConfig) -> None:
    """The rules of the build language, as a configuration value; Sphinx's smart quotes off for it."""
    rules = typography.rules_for(config.language or "en")
    source = typography.rules_for(untranslated.source_language(config) or config.language or "en")
    if not config.smartquotes:
        rules, source = rules.without_education(), source.without_education()
    elif rules.educates:
        config.smartquotes = False
    config[CONFIG_NAME] = rules.as_config()
    config[SOURCE_CONFIG_NAME] = source.as_config()


def setup(app: Sphinx) -> None:
    """Register the configuration value, its handler and the transform."""
    app.add_config_value(CONFIG_NAME, {}, "env", types=frozenset({dict}))
    app.add_config_value(SOURCE_CONFIG_NAME, {}, "env", types=frozenset({dict}))
    app.connect("config-inited", _on_config_inited)
    app.add_transform(Typography)
