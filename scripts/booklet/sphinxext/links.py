"""Links a publication may carry: relative ones, and http, https and mailto.

A translation (or a source) that links to ``javascript:``, ``file:`` or any other scheme
gets a warning naming the file and line (an error in strict mode), and the link is
replaced by its text, so it never becomes live in the website, the PDF or the EPUB.
The catalog gate reports the same in ``.po`` files before the build starts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a scheme


def scheme_of(uri: str) -> str:
    return urlsplit(_IGNORED.sub("", uri)).scheme.lower()


def unwrap_unsafe_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every reference with an unsafe scheme by its text."""
    for node in list(doctree.findall(nodes.reference)):
        uri = node.get("refuri", "")
        scheme = scheme_of(uri)
        if scheme and scheme not in SAFE_SCHEMES:
            logger.warning("unsafe URL: link to %r removed; only http, https and mailto links are "
                           "allowed", uri, location=node, type="booklet", subtype="unsafe_link")
            node.replace_self(nodes.inline("", "", *node.children))
