"""``.. only::`` in a build that makes the website and the book from one parse.

Sphinx keeps or drops an ``only`` block by the tags of the running builder: for the
``booklet`` builder (an HTML builder) ``html`` and ``booklet`` hold, so ``.. only:: html``
would reach the PDFs and ``.. only:: latex`` would reach nothing. Here each block is
judged twice before Sphinx does (a post-transform just before its own):

* for the website, with the builder's tags;
* for the book (the PDFs and the EPUB), with :data:`BOOK_TAGS` instead of
  :data:`WEB_TAGS`.

A block both keep or both drop is left to Sphinx. A block only one of them keeps
becomes a container of class ``booklet-web-only`` or ``booklet-book-only``: the book
renderers remove the first (:func:`booklet.elements.drop_other_format`), the website's
``elements.css`` hides the second.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.tags import Tags

log = logging.getLogger(__name__)

#: Tags that hold for the website only.
WEB_TAGS = frozenset({"html", "booklet", "format_html", "builder_booklet"})
#: Tags that hold for the book: its formats (``latex`` for the PDFs, as Sphinx's own
#: PDF route has it, ``epub``), and ``book``.
BOOK_TAGS = frozenset({"book", "pdf", "latex", "epub", "format_latex", "format_epub"})
WEB_ONLY = "booklet-web-only"
BOOK_ONLY = "booklet-book-only"

_tags: dict[str, Tags] = {}


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _remember_tags)
    app.add_post_transform(SplitOnlyByFormat)


def _remember_tags(app: Sphinx) -> None:
    _tags["web"] = app.tags
    _tags["book"] = Tags([t for t in app.tags if t not in WEB_TAGS] + sorted(BOOK_TAGS))


def _keeps(tags: Tags, node: addnodes.only) -> bool | None:
    try:
        return tags.eval_condition(node["expr"])
    except Exception:  # noqa: BLE001 - Sphinx's own transform reports it
        return None


class SplitOnlyByFormat(SphinxPostTransform):
    """Mark ``only`` blocks kept by one side alone (module docstring)."""

    default_priority = 49  # Sphinx's OnlyNodeTransform is 50
    builders = ("booklet",)

    def run(self, **kwargs: Any) -> None:
        if not _tags:
            return
        for node in list(self.document.findall(addnodes.only)):
            web, book = _keeps(_tags["web"], node), _keeps(_tags["book"], node)
            if web is None or book is None or web == book:
                continue
            container = nodes.container(classes=[WEB_ONLY if web else BOOK_ONLY])
            container.extend(node.children)
            node.replace_self(container)
