"""``book.json``: the chapters of one language, rendered once, for print and EPUB.

The file is the interface between the Sphinx build and the PDF and EPUB renderers::

    {
      "meta":   {language, language_name, title, subtitle, edition, dedication, name,
                 slug, publisher, rights, colophon, edition_date, edition_year,
                 anniversary, base_url, draft, source_language, sphinx_version},
      "labels": {contents, cover, draft_notice, ...}   # interface words in this language
      "docs":   [ {name, id, part, title, html, sections: [{id, title, level}]} ... ]
      "handout": {same shape as a doc} | null
    }

``docs`` is in reading order (the root document's toctree, depth first); ``part`` is
the document's ``:booklet-part:`` metadata (title, front-matter, chapter, back-matter,
handout). ``html`` is the page body made *position independent*: every ``id`` is
prefixed with the document's id (``events--id1``), so ids are unique across the book,
and every internal link is a fragment link to such an id (``#events--id1``, or
``#events`` for the start of a document; every paragraph has an id, ``events--p3``,
so that the printed page of any paragraph can be looked up: the body is wrapped in
``<div class="booklet-doc" id="events">``). Images point to files relative to the
folder holding ``book.json``. Header permalinks are removed.

The title page says what its paragraphs are with classes (``.. rst-class:: subtitle``,
``edition``, ``dedication``); without them, the subtitle and dedication are the
publication strings of ``[tool.booklet]`` and the edition line is the edition year.
The publication strings (name, subtitle, publisher, rights, dedication, "read online",
colophon lines) are in the build language (:func:`booklet.publication.localized`).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import lxml.html
from sphinx import __display_version__
from sphinx.locale import get_translation

from .. import publication
from . import publication as publication_ext
from ..config import language_tag
from . import settings
from .languages import DOMAIN

if TYPE_CHECKING:
    from .builder import BookletBuilder

_ = get_translation(DOMAIN)

#: Attributes whose value is an id (or a space-separated list of ids).
ID_ATTRIBUTES = ("id", "aria-labelledby", "aria-describedby", "aria-controls", "for", "headers")
#: Section headings listed in ``sections`` (every level: contents depth is the reader's choice).
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Pages that exist on the website only.
WEB_ONLY = {"genindex", "search", "py-modindex"}


ACCESSIBILITY_SUMMARY = (
    "This publication has a table of contents, headings in reading order and page markers "
    "that match the printed booklet. The cover has a text alternative. It meets WCAG 2.1 "
    "Level AA.")


def labels() -> dict[str, str]:
    """Interface words the print and EPUB layouts show, in the build language."""
    return {
        "contents": str(_("Contents")),
        "cover": str(_("Cover")),
        "title_page": str(_("Title page")),
        "page": str(_("Page")),
        "start": str(_("Start of the text")),
        "draft_notice": str(_("Draft translation: this edition is not yet fully translated "
                              "or reviewed.")),
        "read_online": str(_(publication.DEFAULT_READ_ONLINE)),
        "language_chooser": str(_("Choose a language")),
        "pages": str(_("Pages")),
        "accessibility_summary": str(_(ACCESSIBILITY_SUMMARY)),
    }


def doc_id(docname: str) -> str:
    return docname.replace("/", "-")


def reading_order(builder: BookletBuilder) -> list[str]:
    """The root document and everything its toctrees include, depth first."""
    env = builder.env
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(builder.config.root_doc)
    return order


def assemble(builder: BookletBuilder) -> dict[str, Any]:
    """The whole ``book.json`` document."""
    env = builder.env
    data = settings.of(builder.config)
    docs = [render_doc(builder, name) for name in reading_order(builder)]
    handout = data.handout
    root_title = docs[0]["title"] if docs else ""
    strings = publication_ext.strings(builder.config)
    title_page = title_parts(docs[0]["html"]) if docs else {}
    book_labels = labels()
    if strings["read_online"]:
        book_labels["read_online"] = strings["read_online"]
    return {
        "meta": {
            "language": builder.config.language,
            "language_tag": language_tag(builder.config.language),
            "language_name": data.language_name(builder.config.language),
            "title": root_title,
            "subtitle": title_page.get("subtitle") or strings["subtitle"],
            "edition": title_page.get("edition") or str(data.edition_year or ""),
            "dedication": title_page.get("dedication") or strings["dedication"],
            "dedication_in_text": bool(title_page.get("dedication")),
            "name": strings["name"],
            "slug": data.slug,
            "publisher": strings["publisher"],
            "rights": strings["rights"],
            "colophon": strings["colophon"],
            "edition_date": data.edition_date,
            "edition_year": data.edition_year,
            "anniversary": data.anniversary,
            "base_url": data.base_url,
            "draft": builder.config.language in data.drafts,
            "source_language": data.source_language,
            "sphinx_version": __display_version__,
        },
        "labels": book_labels,
        "docs": docs,
        "handout": render_doc(builder, handout) if handout in env.all_docs else None,
    }


def render_doc(builder: BookletBuilder, docname: str) -> dict[str, Any]:
    env = builder.env
    body_file = builder.bodies_dir / f"{docname}.html"
    body = body_file.read_text(encoding="utf-8") if body_file.is_file() else ""
    html, sections = neutralize(body, docname, Path(builder.outdir).name)
    title = env.titles.get(docname)
    return {
        "name": docname,
        "id": doc_id(docname),
        "part": str(env.metadata.get(docname, {}).get("booklet-part", "chapter")),
        "title": title.astext() if title is not None else "",
        "html": html,
        "sections": sections,
    }


def neutralize(body: str, docname: str, html_folder: str) -> tuple[str, list[dict[str, Any]]]:
    """Make *body* position independent (see the module docstring); also list its sections."""
    if not body.strip():
        return "", []
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    prefix = doc_id(docname)
    for link in root.xpath("//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
        link.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ID_ATTRIBUTES:
            if attribute in element.attrib:
                element.set(attribute, " ".join(f"{prefix}--{v}" for v in element.get(attribute).split()))
        if element.tag == "a" and "href" in element.attrib:
            _relink(element, docname)
        if element.tag == "img" and "src" in element.attrib:
            element.set("src", _image_path(element.get("src"), docname, html_folder))
    _number_paragraphs(root, prefix)
    sections = [
        {"id": s.get("id"), "title": s[0].text_content().strip(), "level": int(s[0].tag[1])}
        for s in root.iter("section") if s.get("id") and len(s) and s[0].tag in HEADINGS
    ]
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return f'<div class="booklet-doc" id="{prefix}">{inner}</div>', sections


def _number_paragraphs(root: Any, prefix: str) -> None:
    """Give every paragraph an id (``events--p3``), so page maps can point at paragraphs."""
    for number, paragraph in enumerate(root.iter("p"), start=1):
        if not paragraph.get("id"):
            paragraph.set("id", f"{prefix}--p{number}")


def _relink(anchor: Any, docname: str) -> None:
    href = anchor.get("href")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return
    if not parts.path:
        anchor.set("href", f"#{doc_id(docname)}--{parts.fragment}")
        return
    target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), parts.path))
    target = target.removesuffix(".html")
    if target in WEB_ONLY or target.startswith("_"):
        anchor.drop_tag()
        return
    fragment = f"--{parts.fragment}" if parts.fragment else ""
    anchor.set("href", f"#{doc_id(target)}{fragment}")


def _image_path(src: str, docname: str, html_folder: str) -> str:
    if urlsplit(src).scheme:
        return src
    return posixpath.join(html_folder, posixpath.normpath(posixpath.join(posixpath.dirname(docname), src)))


#: Classes that name the parts of the title page (``.. rst-class:: subtitle``).
TITLE_CLASSES = ("subtitle", "edition", "dedication")


def title_parts(html: str) -> dict[str, str]:
    """The text of the title page's ``subtitle``, ``edition`` and ``dedication`` elements."""
    if not html:
        return {}
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts: dict[str, str] = {}
    for name in TITLE_CLASSES:
        found = root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')
        text = " ".join(" ".join(e.text_content().split()) for e in found)
        if text:
            parts[name] = text
    return parts
