"""``booklet serve``: a local preview of ``build/html`` on 127.0.0.1, rebuilt on change.

A :class:`Watcher` thread looks at the sources, the catalogs and the settings file every
second; when one changes, it calls the rebuild function it was given (the command line
passes a website build of the languages that need it). A failing rebuild is logged and
the preview goes on serving the last good pages.
"""

from __future__ import annotations

import functools
import http.server
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from .config import Config
from .errors import BookletError
from .paths import BuildPaths

log = logging.getLogger(__name__)

#: Seconds between two looks at the files.
INTERVAL = 1.0


def serve(config: Config, port: int, rebuild: Callable[[], None] | None = None) -> None:
    """Serve the website of *config*; with *rebuild*, build first and again on change."""
    root = BuildPaths(config).html_root
    watcher = Watcher(config, rebuild) if rebuild is not None else None
    if watcher is not None:
        watcher.run_rebuild()
        watcher.start()
    root.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        log.info("serving %s at http://127.0.0.1:%d/ (Ctrl-C stops)", root, server.server_port)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log.info("stopped")
        finally:
            if watcher is not None:
                watcher.stop.set()


def watched_files(config: Config) -> dict[Path, tuple[int, int]]:
    """Every source, catalog and settings file, with its modification time and size."""
    files = [p for p in config.source_dir.rglob("*") if p.is_file()]
    files += [p for p in config.locales_dir.rglob("*") if p.suffix in (".po", ".csv")]
    if config.origin is not None and Path(config.origin).is_file():
        files.append(Path(config.origin))
    snapshot = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        snapshot[path] = (stat.st_mtime_ns, stat.st_size)
    return snapshot


class Watcher(threading.Thread):
    """Calls *rebuild* whenever :func:`watched_files` changes."""

    def __init__(self, config: Config, rebuild: Callable[[], None],
                 interval: float = INTERVAL) -> None:
        super().__init__(name="booklet-watcher", daemon=True)
        self.config, self.rebuild, self.interval = config, rebuild, interval
        self.stop = threading.Event()
        self.seen = watched_files(config)

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            current = watched_files(self.config)
            if current != self.seen:
                changed = sorted(str(p) for p in set(current) ^ set(self.seen)
                                 | {p for p in current if self.seen.get(p) != current[p]})
                log.info("changed: %s", ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else ""))
                self.seen = current
                self.run_rebuild()

    def run_rebuild(self) -> None:
        """Rebuild; a failure is reported and the preview keeps the last good pages."""
        try:
            self.rebuild()
        except BookletError as exc:
            log.error("%s", exc)
        except Exception as exc:  # keep watching: the next change may mend it
            if not self.stop.is_set():  # (when stopping, the build was cut short on purpose)
                log.error("the rebuild failed (%s): %s", type(exc).__name__, exc)
