"""The progress display: one line per language job with its state and elapsed time.

On a terminal the lines are redrawn in place; otherwise each change is one log line.
Workers report ``(language, state, seconds)`` tuples on :attr:`Progress.queue`.
"""

from __future__ import annotations

import logging
import queue as queue_module
import sys
import time
from typing import Any

log = logging.getLogger("booklet.progress")


class Progress:
    """Tracks and shows the state of each job."""

    def __init__(self, jobs: list[str], shared_queue: Any = None, stream: Any = None) -> None:
        self.queue = shared_queue if shared_queue is not None else queue_module.SimpleQueue()
        self.stream = stream or sys.stderr
        self.started = {job: time.monotonic() for job in jobs}
        self.states = {job: "waiting" for job in jobs}
        self.live = bool(getattr(self.stream, "isatty", lambda: False)()) and log.isEnabledFor(logging.INFO)
        self.drawn = 0

    def drain(self) -> None:
        changed = False
        while True:
            try:
                job, state, seconds = self.queue.get_nowait()
            except (queue_module.Empty, EOFError, OSError):
                break
            self.states[job] = state if seconds is None else f"{state} in {seconds:.1f} s"
            changed = True
            if not self.live:
                log.info("%s: %s", job, self.states[job])
        if changed and self.live:
            self.draw()

    def draw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F")
        for job, state in self.states.items():
            elapsed = time.monotonic() - self.started[job]
            self.stream.write(f"\x1b[2K  {job:<6} {state:<24} {elapsed:6.1f} s\n")
        self.stream.flush()
        self.drawn = len(self.states)

    def close(self) -> None:
        self.drain()
