"""``build/manifest.json``: every output with its size, pages, sha256 and input fingerprint.

Paths are relative to the build folder, so two checkouts with the same sources and
``SOURCE_DATE_EPOCH`` give identical manifests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .atomic import write_bytes


@dataclass(frozen=True)
class Entry:
    path: str
    language: str
    format: str
    bytes: int
    pages: int
    sha256: str
    fingerprint: str


def sha256_of(path: Path) -> str:
    """The sha256 of a file, or of a folder's files (names and contents, in sorted order)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    else:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def pages_of(path: Path) -> int:
    """Pages of a PDF, HTML pages of a site folder, content documents of an EPUB."""
    if path.is_dir():
        return sum(1 for _ in path.glob("**/*.html"))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    if path.suffix == ".epub":
        import zipfile

        with zipfile.ZipFile(path) as archive:
            return sum(1 for name in archive.namelist() if name.endswith(".xhtml"))
    return 0


def describe(path: Path, root: Path, language: str, fmt: str, fingerprint: str) -> Entry:
    return Entry(path=path.relative_to(root).as_posix(), language=language, format=fmt,
                 bytes=size_of(path), pages=pages_of(path), sha256=sha256_of(path),
                 fingerprint=fingerprint)


def refresh(entries: dict[str, Entry], root: Path, fmt: str) -> dict[str, Entry]:
    """*entries* with those of format *fmt* described again (their files changed after
    rendering, e.g. the website's title pages got the downloads); fingerprints kept."""
    return {key: describe(root / key, root, e.language, e.format, e.fingerprint)
            if e.format == fmt and (root / key).exists() else e for key, e in entries.items()}


def load(path: Path) -> dict[str, Entry]:
    """The previous manifest's entries by path (empty if missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {item["path"]: Entry(**item) for item in data["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save(path: Path, entries: dict[str, Entry], inputs: str = "") -> None:
    """Write the manifest; *inputs* is the fingerprint every language shares
    (:func:`booklet.fingerprint.inputs_fingerprint`), which ``booklet merge`` compares."""
    data = {"version": 1, "inputs": inputs,
            "outputs": [asdict(entries[key]) for key in sorted(entries)]}
    write_bytes(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
