"""Print outputs of the booklet: reading, print and imposed PDFs and the handout.

The pipeline (:data:`booklet.tasks.RENDERERS`) calls the functions below with a
:class:`booklet.context.RenderContext`. The modules:

* :mod:`.assemble` -- the print HTML document from ``book.json``;
* :mod:`.handout` -- the handout's HTML;
* :mod:`.artwork` -- the design's artwork and QR codes (inline SVG);
* :mod:`.styles` -- the stylesheets of ``booklet/data/print`` and the ``@font-face`` rules;
* :mod:`.glyphs` -- the glyph coverage check run before rendering;
* :mod:`.fetcher` -- the URL policy and WeasyPrint URL fetcher (file inside the project,
  data: URLs, nothing else);
* :mod:`.engine` -- running WeasyPrint with captured warnings (strict mode);
* :mod:`.prepare` -- a document's HTML, glyph check and static fonts;
* :mod:`.fit`, :mod:`.linebreak` -- fitting paragraphs (total-fit line breaks);
* :mod:`.layout` -- the book laid out (prepare -> fit -> lay out -> write), one object
  per language, and the reading PDF for the formats made from it;
* :mod:`.render` -- the renderers;
* :mod:`.impose` -- saddle-stitch imposition;
* :mod:`.pagemap`, :mod:`.previews` -- page numbers of anchors (read by the EPUB), PNG
  previews;
* :mod:`.typometrics` -- measurements of the typesetting, used by the tests.
"""

from __future__ import annotations

from .render import render_handout, render_imposed, render_print, render_reading

__all__ = ["render_handout", "render_imposed", "render_print", "render_reading"]
