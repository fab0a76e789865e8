"""The EPUB 3 edition of one language, rendered from ``book.json``.

:func:`render_epub` is the renderer the pipeline calls for the ``epub`` format. The work
is done by :class:`booklet.epub.builder.EpubBuilder`, a list of named steps:

=================  ==========================================================================
load_book          the documents of the book (title, front matter, chapters, back matter)
convert_documents  HTML -> well-formed XHTML with ``epub:type`` (:mod:`.content`, :mod:`.xhtml`)
rewrite_links      ``#<docid>--x`` -> ``<docid>.xhtml#<docid>--x``
collect_images     images copied into the package
make_cover         cover image and page (:mod:`.cover`)
make_navigation    nav document (toc, landmarks) and NCX entries (:mod:`.navigation`)
paginate           page markers and the page-list from the print page map (:mod:`.pages`)
make_styles        subset fonts, OFL licences, stylesheet (:mod:`.typography`)
describe           metadata, identifier, dates, accessibility (:mod:`.metadata`)
write_package      ebooklib, reproducible re-zip, container check, atomic move (:mod:`.package`)
=================  ==========================================================================
"""

from __future__ import annotations

from pathlib import Path

from ..context import RenderContext


def render_epub(ctx: RenderContext) -> Path:
    """Write ``ctx.paths.epub(ctx.language)`` and return its path."""
    from .builder import EpubBuilder

    return EpubBuilder(ctx).run()
