"""Fingerprints of the inputs of each language: what decides whether to rebuild.

A language's outputs depend on the sources (every file of the source folder), that
language's catalogs, the configuration, and the package itself (code, theme,
interface catalogs, version). A chapter edit changes every language's fingerprint; a
catalog edit changes one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .config import Config

PACKAGE_DIR = Path(__file__).resolve().parent
_SKIP_SUFFIXES = {".mo", ".pyc", ".js"}
_SKIP_PARTS = {"__pycache__", "_build", ".doctrees"}


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in _SKIP_SUFFIXES
                  and not _SKIP_PARTS.intersection(p.relative_to(folder).parts)
                  and ".booklet-tmp-" not in p.name)


def _digest_tree(digest: "hashlib._Hash", folder: Path) -> None:
    for path in _files(folder):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def package_digest() -> str:
    digest = hashlib.sha256(__version__.encode())
    _digest_tree(digest, PACKAGE_DIR)
    return digest.hexdigest()


def language_fingerprint(config: Config, language: str, strict: bool, package: str) -> str:
    """One hash over everything the outputs of *language* are built from."""
    digest = hashlib.sha256()
    settings = {**_portable_settings(config), "strict": strict, "language": language}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(package.encode())
    _digest_tree(digest, config.source_dir)
    if language != config.source_language:
        _digest_tree(digest, config.locales_dir / language)
    if config.terms:
        digest.update(config.terms.read_bytes())
    return digest.hexdigest()


def _portable_settings(config: Config) -> dict[str, object]:
    """The settings, without where the project is checked out: CI jobs build it in other
    folders, and a build folder moved elsewhere stays current."""
    return {**config.to_sphinx(), "booklet_project": "", "booklet_locales_dir": ""}


def inputs_fingerprint(config: Config, strict: bool, package: str) -> str:
    """One hash over what every language shares (settings, package, sources, terms): two
    build folders with the same value come from the same inputs (``booklet merge``)."""
    digest = hashlib.sha256()
    settings = {**_portable_settings(config), "strict": strict}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(package.encode())
    _digest_tree(digest, config.source_dir)
    if config.terms:
        digest.update(config.terms.read_bytes())
    return digest.hexdigest()
