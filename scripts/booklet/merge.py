"""``booklet merge DIR...``: join the build folders of CI jobs (one language each) into one.

A publication with many languages is built by a CI matrix, one ``booklet build --lang X``
a job; each job's build folder is a *shard*. Merging copies every shard's outputs (as its
``manifest.json`` lists them, with each language's ``.work/<lang>/book.json`` and
previews) into the project's build folder, then makes what spans the languages as a full
build does (:func:`booklet.site.finish`: downloads, chooser, sitemap, OPDS catalog, share
cards) and writes the merged manifest.

It refuses, before copying anything:

* shards built from other sources, settings or package (the manifest's ``inputs``
  fingerprint differs from the project's or from another shard's), and two shards
  holding the same output from different inputs;
* a manifest path, or a symbolic link among the files, that leads out of its shard;
* an output whose file is missing or whose sha256 is not the manifest's.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import atomic, manifest, site
from .config import Config
from .errors import MergeError
from .lock import build_lock
from .paths import BuildPaths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shard:
    folder: Path
    inputs: str
    entries: dict[str, manifest.Entry]
    manifest_file: Path  # the shard's manifest, named in messages

    @property
    def languages(self) -> list[str]:
        return sorted({entry.language for entry in self.entries.values()})


def load_shard(config: Config, folder: Path) -> Shard:
    """A shard's manifest, every path checked to stay inside *folder*."""
    path = BuildPaths.of_folder(config, folder).manifest
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = {item["path"]: manifest.Entry(**item) for item in data["outputs"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MergeError(f"not a build folder with a readable manifest ({exc})", path,
                         hint="give the build folders of `booklet build` jobs") from exc
    for key in entries:
        inside(folder, key, path)
    return Shard(folder, str(data.get("inputs", "")), entries, path)


def inside(folder: Path, relative: str, source: Path) -> Path:
    """``folder / relative`` if it stays inside *folder* (no absolute path, no ``..``, no
    symbolic link leading out); else a :class:`MergeError` naming *source*."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise MergeError(f"path {relative!r} leaves the build folder", source)
    target = folder / pure
    if not target.resolve().is_relative_to(folder.resolve()):
        raise MergeError(f"path {relative!r} leads out of the build folder (symbolic link)", source)
    return target


def _files(target: Path) -> list[Path]:
    return [target] if not target.is_dir() else sorted(p for p in target.rglob("*"))


def verify(shard: Shard) -> None:
    """Every listed output is there, unchanged, with no link out of the shard."""
    for key, entry in shard.entries.items():
        target = inside(shard.folder, key, shard.manifest_file)
        if not target.exists():
            raise MergeError(f"{key} is listed in the manifest but missing", shard.folder)
        for file in _files(target):
            if file.is_symlink() and not file.resolve().is_relative_to(shard.folder.resolve()):
                raise MergeError(f"{file.relative_to(shard.folder)} links out of the build folder",
                                 shard.folder)
        if manifest.sha256_of(target) != entry.sha256:
            raise MergeError(f"{key} does not match its manifest entry (sha256)", shard.folder,
                             hint="the shard was changed after its build")


def check_inputs(shards: Sequence[Shard], expected: str) -> None:
    """All shards built from the project's inputs, no output claimed twice differently."""
    for shard in shards:
        if shard.inputs != expected:
            raise MergeError("built from other sources, settings or booklet version than this "
                             f"project (inputs {shard.inputs[:12] or 'unknown'}, here "
                             f"{expected[:12]})", shard.manifest_file,
                             hint="build every shard from the same commit and settings")
    seen: dict[str, tuple[Path, manifest.Entry]] = {}
    for shard in shards:
        for key, entry in shard.entries.items():
            if key in seen and seen[key][1].sha256 != entry.sha256:
                raise MergeError(f"{key} differs between {seen[key][0]} and {shard.folder}",
                                 shard.manifest_file)
            seen[key] = (shard.folder, entry)


def _extras(paths: BuildPaths, shard: Shard) -> list[str]:
    """The per-language files a merge needs besides the outputs: book data and previews."""
    found = []
    for lang in shard.languages:
        book = paths.book(lang).relative_to(paths.root).as_posix()
        found.append(book)
        previews = BuildPaths.of_folder(paths.config, shard.folder).previews
        if previews.is_dir():
            found += [p.relative_to(shard.folder).as_posix()
                      for p in sorted(previews.glob(f"{paths.config.slug}-{lang}-*.png"))]
    return [key for key in found if (shard.folder / key).exists()]


def merge(config: Config, folders: Sequence[Path], inputs: str, wait_seconds: float = 600.0
          ) -> dict[str, manifest.Entry]:
    """Merge the shards in *folders* into the project's build folder (see the module
    docstring); *inputs* is the project's shared fingerprint. Returns the manifest."""
    paths = BuildPaths(config)
    shards = [load_shard(config, folder.resolve()) for folder in folders]
    if paths.root.resolve() in {shard.folder for shard in shards}:
        raise MergeError("a shard is the build folder itself", paths.root,
                         hint="merge into another --build-dir")
    check_inputs(shards, inputs)
    for shard in shards:
        verify(shard)
        for key in _extras(paths, shard):
            inside(shard.folder, key, shard.folder)
    with build_lock(paths.lock, wait_seconds):
        entries = manifest.load(paths.manifest)
        for shard in shards:
            for key in [*shard.entries, *_extras(paths, shard)]:
                _copy(shard.folder / key, paths.root / key)
            entries.update(shard.entries)
            log.info("merged %s (%s)", shard.folder, ", ".join(shard.languages))
        site.finish(config, entries)
        entries = manifest.refresh(entries, paths.root, "html")
        manifest.save(paths.manifest, entries, inputs)
    return entries


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        with atomic.atomic_output(target) as tmp:
            shutil.copytree(source, tmp, symlinks=False)
    else:
        with atomic.atomic_output(target) as tmp:
            shutil.copyfile(source, tmp)

