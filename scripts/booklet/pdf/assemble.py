"""The print document: one HTML file assembled from ``book.json``.

Order: cover, title page (the ``title`` document), contents, the front matter, chapters
and back matter in reading order, back cover. What the covers show comes from
``book.json``'s meta (title, subtitle, edition line, publisher, colophon lines: see
:mod:`booklet.sphinxext.bookdata`) and from the publication's :class:`~booklet.design.Design`
(its artwork, and whether the cover names the publisher and the edition). Without a
design the covers are neutral: text only.

Each document's HTML is adapted for paged media:

* Sphinx footnotes become ``<span class="footnote">`` at the place of their first
  reference, which the stylesheet floats to the foot of the page;
* images are inlined as ``data:`` URLs (checked by the :class:`URLPolicy` first), so the
  PDF does not depend on where the project is checked out;
* links to anchors that are not in this document (the handout's links into the
  booklet) keep their text and lose the link.
"""

from __future__ import annotations

import base64
import html
import logging
import mimetypes
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml.html import HtmlElement

from .. import __version__
from ..design import Design
from ..direction import direction
from ..elements import code_left_to_right, drop_other_format, mark_wide_tables
from ..errors import SourceError
from . import artwork
from .fetcher import URLPolicy

log = logging.getLogger(__name__)

#: Parts shown in the contents, in the order of ``book.json``.
CONTENTS_PARTS = ("front-matter", "chapter", "back-matter")


@dataclass(frozen=True)
class Sources:
    """Where a document's relative image paths start, and what it may read.

    *names* maps a document id to the source file named in error messages.
    """

    base_dir: Path
    policy: URLPolicy
    names: Mapping[str, str] = field(default_factory=dict)

    def for_doc(self, doc_id: str) -> Sources:
        """The same, with errors naming the source of document *doc_id*."""
        if doc_id not in self.names:
            return self
        return replace(self, policy=replace(self.policy, source=self.names[doc_id]))


# ------------------------------------------------------------------ whole documents

def book_document(book: Mapping[str, Any], sources: Sources, design: Design | None = None,
                  contents_depth: int = 2) -> str:
    """The complete print HTML of the booklet, in *design* (default: the neutral one), with
    the contents to *contents_depth* levels."""
    design = design or Design()
    meta, labels = book["meta"], book["labels"]
    docs = list(book["docs"])
    title_doc = next((d for d in docs if d["part"] == "title"), None)
    edition = edition_line(meta)
    roots = []
    if title_doc is not None:
        roots.append(title_page(title_doc, meta, labels, sources))
    roots += [doc_block(doc, sources) for doc in docs if doc["part"] in CONTENTS_PARTS]
    unlink_dangling(roots)
    parts = [cover(meta, labels, design), *map(_serialize, roots[:1] if title_doc else []),
             contents(docs, labels, contents_depth), *map(_serialize, roots[1 if title_doc else 0:]),
             back_cover(meta, labels, design)]
    return page(meta, "\n".join(parts), metadata(meta, edition, docs), "booklet")


def edition_line(meta: Mapping[str, Any]) -> str:
    """The edition line: the title page's ``edition`` paragraph, else the edition year."""
    return str(meta.get("edition") or meta.get("edition_year") or "")


def page(meta: Mapping[str, Any], body: str, head: str, body_class: str) -> str:
    """An HTML document around *body*."""
    lang = html.escape(meta.get("language_tag") or meta["language"])
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction(meta["language"])}">\n'
            f'<head>\n<meta charset="utf-8">\n{head}'
            f'</head>\n<body class="{body_class}">\n{body}\n</body>\n</html>\n')


def metadata(meta: Mapping[str, Any], edition: str, docs: Iterable[Mapping[str, Any]]) -> str:
    """``<title>`` and the ``<meta>`` elements WeasyPrint turns into PDF metadata."""
    title = meta["title"] + (f" — {meta['subtitle']}" if meta.get("subtitle") else "")
    keywords = [meta["title"], meta.get("subtitle", "")]
    keywords += [d["title"] for d in docs if d["part"] == "chapter"]
    fields = {
        "author": meta.get("publisher", ""),
        "description": " — ".join(x for x in (meta.get("subtitle", ""), edition) if x),
        "keywords": ", ".join(k.replace(",", " ") for k in keywords if k),
        "generator": f"booklet {__version__}",
    }
    stamp = timestamp(meta)
    if stamp:
        fields["dcterms.created"] = fields["dcterms.modified"] = stamp
    lines = [f"<title>{html.escape(title)}</title>"]
    lines += [f'<meta name="{name}" content="{html.escape(value)}">'
              for name, value in fields.items() if value]
    return "\n".join(lines) + "\n"


def timestamp(meta: Mapping[str, Any]) -> str:
    """The PDF's dates: ``SOURCE_DATE_EPOCH`` if set, else the edition date (W3C format)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if meta.get("edition_date"):
        return f"{meta['edition_date']}T00:00:00Z"
    return ""


# ----------------------------------------------------------------------- the parts

def cover(meta: Mapping[str, Any], labels: Mapping[str, str], design: Design) -> str:
    """The front cover: title, subtitle, edition line, publisher and artwork, as *design* says."""
    esc = html.escape
    lines = [f'<p class="cover-title">{esc(meta["title"])}</p>']
    if meta.get("subtitle"):
        lines.append(f'<p class="cover-subtitle">{esc(meta["subtitle"])}</p>')
    if design.cover_edition and edition_line(meta):
        lines.append(f'<p class="cover-edition">{esc(edition_line(meta))}</p>')
    if design.cover_publisher and meta.get("publisher"):
        lines.append(f'<p class="cover-publisher">{esc(meta["publisher"])}</p>')
    drawing = artwork.drawing(design, labels["cover"])
    if drawing:
        lines.append(f'<div class="artwork">{drawing}</div>')
    return (f'<section class="cover" id="booklet-cover" data-label="{esc(labels["cover"])}">\n'
            f'<div class="cover-bg"></div>\n<div class="cover-band"></div>\n'
            + "\n".join(lines) + "\n</section>")


def title_page(doc: Mapping[str, Any], meta: Mapping[str, Any], labels: Mapping[str, str],
               sources: Sources) -> HtmlElement:
    root = adapt(doc["html"], sources, doc["id"])
    root.set("class", "booklet-doc title-page")
    root.set("data-label", labels["title_page"])
    extra = ""
    if meta.get("dedication") and not meta.get("dedication_in_text"):
        extra += f'<p class="dedication">{html.escape(meta["dedication"])}</p>'
    extra += f'<div class="publisher">{html.escape(meta.get("publisher", ""))}</div>'
    if meta.get("draft"):
        extra += f'<div class="draft-notice">{html.escape(labels["draft_notice"])}</div>'
    root.append(lxml.html.fragment_fromstring(f"<div>{extra}</div>"))
    return root


def contents(docs: Iterable[Mapping[str, Any]], labels: Mapping[str, str], depth: int = 2) -> str:
    """The contents page: every document, and its sections down to level *depth* (a
    document's title is level 1), nested. A book of one document lists its sections."""
    items = []
    previous = None
    for doc in docs:
        if doc["part"] not in CONTENTS_PARTS:
            continue
        gap = " gap" if previous is not None and previous != doc["part"] else ""
        items.append(f'<li class="part-{doc["part"]}{gap}"><a href="#{html.escape(doc["id"])}">'
                     f'{html.escape(doc["title"])}</a>{_section_list(doc, depth)}</li>')
        previous = doc["part"]
    return (f'<section class="contents" id="booklet-contents">\n'
            f'<h1>{html.escape(labels["contents"])}</h1>\n<ol>\n' + "\n".join(items) +
            "\n</ol>\n</section>")


def _section_list(doc: Mapping[str, Any], depth: int) -> str:
    """The nested ``<ol>`` of *doc*'s sections from level 2 to *depth* ('' if none)."""
    sections = [s for s in doc.get("sections", ())
                if 1 < int(s["level"]) <= depth and s.get("id") and s.get("title")]
    if not sections:
        return ""
    out, levels = [], []
    for section in sections:
        level = int(section["level"])
        while levels and levels[-1] > level:
            out.append("</li></ol>")
            levels.pop()
        if levels and levels[-1] == level:
            out.append("</li>")
        else:
            out.append(f'<ol class="sections level-{level}">')
            levels.append(level)
        out.append(f'<li><a href="#{html.escape(section["id"])}">{html.escape(section["title"])}</a>')
    out.append("</li></ol>" * len(levels))
    return "".join(out)


def doc_block(doc: Mapping[str, Any], sources: Sources) -> HtmlElement:
    root = adapt(doc["html"], sources, doc["id"])
    root.set("class", f"booklet-doc part-{doc['part']}")
    number_paragraphs(root, doc["id"])
    return root


def number_paragraphs(root: HtmlElement, prefix: str) -> None:
    """Give every paragraph a stable ``data-p`` key, for :mod:`.fit`'s per-paragraph rules."""
    for number, paragraph in enumerate(root.iter("p"), start=1):
        paragraph.set("data-p", f"{prefix}.{number}")


def back_cover(meta: Mapping[str, Any], labels: Mapping[str, str], design: Design) -> str:
    """The back cover: the artwork's small copy, the QR code and address of the online
    edition, the publisher and the colophon lines."""
    esc = html.escape
    url = online_url(meta)
    qr = (f'<div class="qr">{artwork.qr_svg(url, labels["read_online"])}</div>\n'
          f'<p>{esc(labels["read_online"])}</p>\n<p class="url">{esc(url)}</p>\n') if url else ""
    drawing = artwork.drawing(design, labels["cover"], mark=True)
    mark = f'<div class="mark">{drawing}</div>\n' if drawing else ""
    colophon = "".join(f'<p class="colophon-line">{esc(line)}</p>\n'
                       for line in meta.get("colophon") or [])
    return (f'<section class="back-cover" id="booklet-back-cover">\n<div class="cover-bg"></div>\n'
            f'{mark}<div class="back-text">\n{qr}<p>{esc(meta.get("publisher", ""))}</p>\n'
            f'{colophon}</div>\n<div class="cover-band"></div>\n</section>')


def online_url(meta: Mapping[str, Any]) -> str:
    """The online edition in the book's language: ``{base_url}{lang}/index.html``."""
    base = meta.get("base_url") or ""
    if not base:
        return ""
    return f"{base if base.endswith('/') else base + '/'}{meta['language']}/index.html"


# --------------------------------------------------------- adapting a document's HTML

def adapt(fragment: str, sources: Sources, doc_id: str = "") -> HtmlElement:
    """Parse a ``book.json`` document body and adapt it for paged media (module docstring)."""
    root = lxml.html.fragment_fromstring(fragment or '<div class="booklet-doc"></div>')
    drop_other_format(root)
    footnotes_to_floats(root)
    mark_wide_tables(root)
    code_left_to_right(root)
    inline_images(root, sources.for_doc(doc_id))
    return root


def footnotes_to_floats(root: HtmlElement) -> None:
    """Move each footnote's text to its first reference, as a ``float: footnote`` span."""
    notes = {n.get("id"): n for n in root.xpath('//aside[@role="doc-footnote"]') if n.get("id")}
    placed: set[str] = set()
    for ref in root.xpath('//a[contains(concat(" ", @class, " "), " footnote-reference ")]'):
        target = (ref.get("href") or "").removeprefix("#")
        note = notes.get(target)
        if note is None:
            continue
        number = _note_number(note)
        _strip_space_before(ref)
        if target in placed:
            replacement = lxml.html.fragment_fromstring(
                f'<a class="fn-ref" href="#{html.escape(target)}">'
                f'<sup>{html.escape(number)}</sup></a>')
        else:
            replacement = _note_span(note, target, number)
            placed.add(target)
        if ref.get("id"):
            ref.addprevious(lxml.html.Element("span", id=ref.get("id")))
        replacement.tail = ref.tail
        ref.getparent().replace(ref, replacement)
    for holder in root.xpath('//aside[contains(concat(" ", @class, " "), " footnote-list ")]'):
        holder.drop_tree()
    for note in root.xpath('//aside[@role="doc-footnote"]'):
        if note.getparent() is not None:
            note.drop_tree()


def _strip_space_before(element: HtmlElement) -> None:
    """Attach a note call to the preceding word ("pride.¹", not "pride. ¹")."""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip() or None
    elif element.getparent() is not None:
        parent = element.getparent()
        parent.text = (parent.text or "").rstrip() or None


def _note_number(note: HtmlElement) -> str:
    label = note.find('.//span[@class="label"]')
    text = label.text_content() if label is not None else ""
    return text.strip().strip("[]").strip() or "*"


def _note_span(note: HtmlElement, note_id: str, number: str) -> HtmlElement:
    span = lxml.html.Element("span", {"class": "footnote", "id": note_id, "data-n": number})
    for child in list(note):
        if child.tag == "span" and {"label", "backrefs"} & set((child.get("class") or "").split()):
            continue  # the number is the footnote marker; links back make no sense on paper
        child.tag = "span"
        child.set("class", "fn-p")
        child.tail = None
        span.append(child)
    return span


def inline_images(root: HtmlElement, sources: Sources) -> None:
    """Replace every ``<img src>`` by a ``data:`` URL, refusing what the policy forbids."""
    for img in root.iter("img"):
        src = img.get("src") or ""
        if src and not src.startswith("data:"):
            img.set("src", data_url(src, sources))


def data_url(src: str, sources: Sources) -> str:
    parts = urlsplit(src)
    if parts.scheme:
        url = src
    else:
        url = (sources.base_dir / unquote(parts.path)).resolve().as_uri()
    path = sources.policy.check(url)
    if path is None:
        return src
    if not path.is_file():
        raise SourceError(f"image not found: {src}", sources.policy.source or None,
                          hint="Sphinx copies images next to book.json; rebuild the language")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def unlink_dangling(roots: Iterable[HtmlElement]) -> None:
    """Unwrap ``<a href="#x">`` whose target id is in none of *roots* (keeps the text)."""
    roots = list(roots)
    ids = {element.get("id") for root in roots for element in root.iter()
           if isinstance(element.tag, str) and element.get("id")}
    for root in roots:
        for link in root.xpath('.//a[starts-with(@href, "#")]'):
            if link.get("href")[1:] not in ids:
                log.info("print: link to %s has no target in this document; kept as text",
                         link.get("href"))
                link.drop_tag()


def _serialize(root: HtmlElement) -> str:
    return lxml.html.tostring(root, encoding="unicode")
