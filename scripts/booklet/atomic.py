"""Writing outputs safely: a file appears complete or not at all.

Every output is written to a temporary name in its final folder and moved into place
with :func:`os.replace` once complete (and, where a validator exists, validated). A
build killed at any moment leaves earlier outputs intact; its leftovers carry the
:data:`TMP_MARK` and are swept away by the next build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

TMP_MARK = ".booklet-tmp-"


def temp_path(target: Path) -> Path:
    """A temporary sibling of *target*, unique to this process."""
    return target.with_name(f".{target.name}{TMP_MARK}{os.getpid()}")


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write *target* to; move it into place on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    remove(tmp)
    try:
        yield tmp
        if tmp.is_dir():
            replace_dir(tmp, target)
        else:
            os.replace(tmp, target)
    finally:
        remove(tmp)


def replace_dir(source: Path, target: Path) -> None:
    """Put the folder *source* at *target*, replacing what was there."""
    old = target.with_name(f".{target.name}{TMP_MARK}old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(source, target)
    remove(old)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep(folder: Path) -> None:
    """Remove leftovers of interrupted builds under *folder*; restore a folder caught mid-swap."""
    if not folder.is_dir():
        return
    for leftover in sorted(folder.rglob(f"*{TMP_MARK}*"), reverse=True):
        name = leftover.name
        if f"{TMP_MARK}old-" in name:
            original = leftover.with_name(name[1:name.index(TMP_MARK)])
            if not original.exists():
                os.replace(leftover, original)
                continue
        remove(leftover)
