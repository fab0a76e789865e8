"""Adapters: every use of a library's internals, one small module per library.

Each adapter names the version of its library it was checked against (pinned in
``pyproject.toml``) and refuses any other with :class:`booklet.errors.RenderError`
naming the installed and the checked version, rather than silently going without a
fix or reading a structure that may have changed.

* :mod:`.weasyprint` -- the line-breaking fix (``split_first_line``) and what the
  builder reads from WeasyPrint's layout boxes (line facts, piece positions, anchors,
  fonts, lines per page);
* :mod:`.pypdf` -- form XObjects made from pages (imposition) and the sizes of text runs;
* :mod:`.pyphen` -- pyphen's language tables and dictionary cache (registering the
  generated az, tr, tk dictionaries) and hyphenation points;
* :mod:`.sphinx` -- Sphinx's interface-catalog cache and the builder's private
  ``translations.js`` hook.
"""

from __future__ import annotations

from ..errors import RenderError


def require(library: str, installed: str, checked: str) -> None:
    """Raise unless *installed* is the *checked* version of *library*."""
    if installed != checked:
        raise RenderError(
            f"{library} {installed} is installed, but booklet's use of its internals was "
            f"checked against {library} {checked} only",
            hint=f"install the pinned version (pip install '{library}=={checked}'), or check "
                 f"booklet/adapters/{library}.py against {installed} and update its version")
