"""A test hook: stop a build at the moment it opens a chosen output for writing.

Python imports this module at start-up when its folder is on ``PYTHONPATH`` (the build
tests put it there for the ``booklet`` subprocess only). With ``BOOKLET_CRASH_AT`` set to
``ACTION:PREFIX`` and ``BOOKLET_CRASH_ROOT`` to a build folder, an audit hook watches every
file opened for writing under that folder (the work folder ``.work`` and the lock aside).
The first one whose path, with temporary names read as the names they stand for
(``html/.en.booklet-tmp-7/x`` as ``html/en/x``), starts with ``PREFIX`` stops the build:

``kill``
    the whole build (its process group) is killed with SIGKILL, as by a user or the OOM
    killer;
``interrupt``
    the main process gets SIGINT, as from Ctrl-C; a worker process that triggered it waits
    there until the main process stops it.

A file opened for writing under its final name is first truncated, as ``open(..., "w")``
does: the build is stopped just after it began to overwrite an output in place, which an
atomic writer never does. The point of interruption is thus chosen by what the build
writes, never by a delay.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

TMP_MARK = ".booklet-tmp-"  # booklet.atomic.TMP_MARK (not imported: this runs at start-up)


def _logical(relative: str) -> str:
    """*relative* with each temporary name read as the name it stands for."""
    parts = []
    for part in relative.split("/"):
        if TMP_MARK in part:
            part = part[1:part.index(TMP_MARK)]
        parts.append(part)
    return "/".join(parts)


def _writing(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR))


def _install(action: str, prefix: str, root: str) -> None:
    main = os.getpid()
    fired = threading.Event()

    def hook(event: str, args: tuple) -> None:
        if event != "open" or fired.is_set() or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path, mode, flags = args
        if not _writing(mode, flags):
            return
        full = os.path.realpath(os.fsdecode(path))
        if not full.startswith(root + os.sep):
            return
        relative = full[len(root) + 1:]
        if relative.startswith(".work") or relative == ".lock" or not _logical(relative).startswith(prefix):
            return
        fired.set()
        if TMP_MARK not in relative and isinstance(mode, str) and "w" in mode:
            os.close(os.open(full, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
        if action == "kill":
            os.killpg(0, signal.SIGKILL)
        os.kill(main, signal.SIGINT)
        if os.getpid() != main:
            threading.Event().wait()  # until the main process ends this worker

    sys.addaudithook(hook)


_SPEC = os.environ.get("BOOKLET_CRASH_AT")
if _SPEC:
    _action, _, _prefix = _SPEC.partition(":")
    _install(_action, _prefix, os.path.realpath(os.environ["BOOKLET_CRASH_ROOT"]))
