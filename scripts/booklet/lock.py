"""One build at a time per build folder: an advisory lock on ``build/.lock``."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LockError

log = logging.getLogger(__name__)


@contextlib.contextmanager
def build_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold the lock at *path*; wait up to *wait* seconds for another build to end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        deadline = time.monotonic() + wait
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise LockError(f"another build ({holder}) is using this build folder", path,
                                    hint="wait for it to finish, or pass --wait SECONDS") from None
                if not announced:
                    log.warning("waiting for another build to finish (%s)", path)
                    announced = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
