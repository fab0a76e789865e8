"""Which resources a print document may read, and the WeasyPrint URL fetcher enforcing it.

A print document may read only ``data:`` URLs and ``file:`` URLs that resolve (symlinks
followed) inside an allowed folder: the project, the build folder, the package's print
styles and the font packages. Anything else (``http://127.0.0.1:…``, ``file:///etc/passwd``,
a ``../`` escaping the project) stops the rendering with :class:`UnsafeURLError` before a
byte is read. Redirects are never followed.

The same :class:`URLPolicy` is used twice: by :mod:`booklet.pdf.assemble` when it inlines
images as ``data:`` URLs, and by :class:`SafeURLFetcher` for everything WeasyPrint itself
loads (fonts, stylesheets, attachments, images it finds in CSS).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import UnsafeURLError

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"file", "data"})
HINT = ("a print document may only use files inside the project or build folder and data: URLs; "
        "copy the resource into the project and refer to it by a relative path")


@dataclass(frozen=True)
class URLPolicy:
    """The folders a document may read files from (resolved, absolute)."""

    roots: tuple[Path, ...]
    source: str = ""  # the file to name in error messages

    @classmethod
    def of(cls, roots: Iterable[Path], source: Path | str = "") -> URLPolicy:
        return cls(tuple(Path(r).resolve() for r in roots), str(source))

    def check(self, url: str) -> Path | None:
        """The local file *url* names (``None`` for ``data:``), or raise :class:`UnsafeURLError`."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise self.refuse(url, f"the {scheme or 'relative'} scheme is not allowed")
        if scheme == "data":
            return None
        if parts.netloc not in ("", "localhost"):
            raise self.refuse(url, f"file URL on host {parts.netloc!r}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise self.refuse(url, "the file is outside the project and build folders")
        return path

    def refuse(self, url: str, why: str) -> UnsafeURLError:
        shown = url if len(url) <= 120 else url[:117] + "..."
        return UnsafeURLError(f"refusing to read {shown}: {why}", self.source or None, hint=HINT)


class Blocked(FatalURLFetchingError):
    """Carries an :class:`UnsafeURLError` through WeasyPrint, which swallows ordinary errors."""

    def __init__(self, error: UnsafeURLError) -> None:
        super().__init__(str(error))
        self.error = error


class SafeURLFetcher(URLFetcher):
    """WeasyPrint's fetcher restricted by a :class:`URLPolicy`: file and data only, no redirects."""

    def __init__(self, policy: URLPolicy) -> None:
        super().__init__(allowed_protocols=set(ALLOWED_SCHEMES), allow_redirects=False,
                         fail_on_errors=False)
        self.policy = policy

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            path = self.policy.check(url)
        except UnsafeURLError as error:
            raise Blocked(error) from None
        if path is None:
            return super().fetch(url, headers)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})
