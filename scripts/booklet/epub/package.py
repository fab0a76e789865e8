"""The container: ebooklib writes the package, then it is re-zipped reproducibly and checked.

ebooklib stamps zip entries with the current time and omits ``xml:lang`` on ``<package>``;
:func:`repack` rewrites the archive with ``mimetype`` first and stored, every entry dated
from the edition (or ``SOURCE_DATE_EPOCH``), fixed permissions and compression, in
ebooklib's (deterministic) order, and adds ``xml:lang`` to the package document.
:func:`check` then verifies the container before it may replace the previous EPUB.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree as etree
from ebooklib import epub

from ..errors import RenderError, ValidationError
from .model import Document, Resource
from .xhtml import XML_LANG

FOLDER = "EPUB"
OPF = f"{FOLDER}/content.opf"
MIMETYPE = b"application/epub+zip"
OPF_NS = "http://www.idpf.org/2007/opf"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
ZIP_EPOCH = dt.datetime(1980, 1, 1)


def build_book(documents: Sequence[tuple[Document, bytes]], resources: Sequence[Resource],
               toc: list) -> epub.EpubBook:
    """An ebooklib book holding the serialized documents (in spine order) and the resources."""
    book = epub.EpubBook()
    book.FOLDER_NAME = FOLDER
    for document, content in documents:
        item = epub.EpubItem(uid=document.uid, file_name=document.href,
                             media_type="application/xhtml+xml", content=content)
        item.properties = list(document.properties)
        book.add_item(item)
        book.spine.append((item, "yes" if document.linear else "no"))
    for resource in resources:
        item = epub.EpubItem(uid=resource.uid, file_name=resource.href, media_type=resource.media_type,
                             content=resource.data)
        item.properties = list(resource.properties)
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = toc
    return book


def write(book: epub.EpubBook, target: Path, mtime: dt.datetime) -> None:
    """ebooklib's archive at *target*; any failure raises :class:`RenderError`."""
    options = {"raise_exceptions": True, "mtime": mtime, "epub2_guide": False,
               "epub3_landmark": False, "epub3_pages": False}
    try:
        written = epub.write_epub(str(target), book, options)
    except Exception as exc:  # ebooklib raises whatever its parts raise
        raise RenderError(f"ebooklib could not write the EPUB: {exc}", target) from exc
    if written is False:
        raise RenderError("ebooklib could not write the EPUB", target)


def repack(source: Path, target: Path, when: dt.datetime, language: str) -> None:
    """Rewrite *source* as a reproducible archive at *target* (see the module docstring)."""
    stamp = max(when, ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        names = ["mimetype"] + [n for n in old.namelist() if n != "mimetype"]
        for name in names:
            data = old.read(name)
            if name == OPF:
                data = with_package_language(data, language)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            new.writestr(info, data, compresslevel=9)


def with_package_language(opf: bytes, language: str) -> bytes:
    """The package document with ``xml:lang`` (and ``dir``) on ``<package>``."""
    root = etree.fromstring(opf)
    root.set(XML_LANG, language)
    root.set("dir", "ltr")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --------------------------------------------------------------------------- checks

def check(path: Path) -> None:
    """Raise :class:`ValidationError` unless *path* is a sound EPUB container.

    Checked: ``mimetype`` first, stored, exact; the container and package documents parse;
    every manifest item exists; the spine refers to XHTML items; every content document is
    well-formed XML; every internal link and ``src`` points to a file (and id) of the package.
    """
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        _check_mimetype(archive, problems)
        opf_path = _rootfile(archive, problems)
        if opf_path:
            _check_package(archive, opf_path, problems)
    if problems:
        raise ValidationError("; ".join(problems[:10]) + (" ..." if len(problems) > 10 else ""), path)


def _check_mimetype(archive: zipfile.ZipFile, problems: list[str]) -> None:
    first = archive.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED or first.extra:
        problems.append("mimetype is not the first, stored entry")
    elif archive.read(first) != MIMETYPE:
        problems.append("mimetype has the wrong content")


def _rootfile(archive: zipfile.ZipFile, problems: list[str]) -> str:
    try:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
    except (KeyError, etree.XMLSyntaxError) as exc:
        problems.append(f"META-INF/container.xml: {exc}")
        return ""
    found = container.find(f".//{{{CONTAINER_NS}}}rootfile")
    return found.get("full-path", "") if found is not None else ""


def _check_package(archive: zipfile.ZipFile, opf_path: str, problems: list[str]) -> None:
    names = set(archive.namelist())
    opf = etree.fromstring(archive.read(opf_path))
    base = posixpath.dirname(opf_path)
    if not opf.get(XML_LANG):
        problems.append("package has no xml:lang")
    items = {i.get("id"): i for i in opf.iter(f"{{{OPF_NS}}}item")}
    for item in items.values():
        if posixpath.join(base, item.get("href")) not in names:
            problems.append(f"manifest item {item.get('href')} is missing")
    for ref in opf.iter(f"{{{OPF_NS}}}itemref"):
        item = items.get(ref.get("idref"))
        if item is None or item.get("media-type") != "application/xhtml+xml":
            problems.append(f"spine item {ref.get('idref')} is not an XHTML document")
    documents = {}
    for item in items.values():
        if item.get("media-type") == "application/xhtml+xml":
            name = posixpath.join(base, item.get("href"))
            tree = _parse(archive, name, problems)
            if tree is not None:
                documents[name] = tree
    ids = {name: {n.get("id") for n in tree.iter() if n.get("id")} for name, tree in documents.items()}
    for name, tree in documents.items():
        _check_links(name, tree, names, ids, problems)


def _parse(archive: zipfile.ZipFile, name: str, problems: list[str]) -> etree._Element | None:
    try:
        return etree.fromstring(archive.read(name))
    except (KeyError, etree.XMLSyntaxError) as exc:
        problems.append(f"{name}: {exc}")
        return None


def _check_links(name: str, tree: etree._Element, names: set[str], ids: dict[str, set[str]],
                 problems: list[str]) -> None:
    for node in tree.iter():
        for attribute in ("href", "src"):
            value = node.get(attribute)
            if value is None or urlsplit(value).scheme:
                continue
            parts = urlsplit(value)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            if target not in names:
                problems.append(f"{name}: {attribute}={value} names no file")
            elif parts.fragment and target in ids and unquote(parts.fragment) not in ids[target]:
                problems.append(f"{name}: {attribute}={value} names no id")

