"""``booklet serve``: the preview is built, served on 127.0.0.1, and rebuilt on change."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from conftest import BOOKLET, REPO, interruptible


class ServerLog:
    """The server's log (stderr), read line by line by a thread. Tests wait for a line
    saying that something happened, never for a length of time."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._drain, args=(process,), daemon=True).start()

    def _drain(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self._queue.put(line)
        self._queue.put(None)  # the server has exited

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        """The first line from here on that matches *pattern* (a failure after *timeout*
        seconds without one: a safety net, not a delay)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(f"no line like {pattern!r}:\n" + "".join(self.lines)) from None
            if line is None:
                raise AssertionError(f"the server exited:\n" + "".join(self.lines))
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found

    def all(self, timeout: float = 60) -> str:
        """Every line, once the server has exited."""
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.lines.append(line)
        return "".join(self.lines)


def _start(project: Path, *options: str) -> tuple[subprocess.Popen[str], ServerLog]:
    process = subprocess.Popen([*BOOKLET, "serve", "--project", str(project), "--port", "0",
                                *options], cwd=REPO, text=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=interruptible)
    return process, ServerLog(process)


def _port(log: ServerLog, timeout: float = 180) -> int:
    return int(log.wait_for(r"http://127\.0\.0\.1:(\d+)/", timeout).group(1))


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
        return response.read().decode("utf-8")


def _stop(process: subprocess.Popen[str]) -> int:
    os.killpg(process.pid, signal.SIGINT)
    return process.wait(timeout=60)


def test_serve_builds_serves_and_rebuilds_on_change(make_project) -> None:
    project = make_project("minimal")
    process, log = _start(project)
    try:
        port = _port(log)
        assert "It has been" in _get(port, "en/chapter.html")
        chapter = project / "docs" / "chapter.rst"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added while serving.\n",
                           encoding="utf-8")
        log.wait_for(r"changed:.*chapter\.rst", 120)
        log.wait_for(r"page folder\(s\) rebuilt", 120)
        assert "A sentence added while serving." in _get(port, "en/chapter.html")
    finally:
        code = _stop(process)
    everything = log.all()
    assert code == 0, everything
    assert "Traceback" not in everything


def test_serve_without_watch_serves_what_is_there(make_project) -> None:
    project = make_project("minimal")
    (project / "build" / "html").mkdir(parents=True)
    (project / "build" / "html" / "index.html").write_text("<p>as it was</p>", encoding="utf-8")
    process, log = _start(project, "--no-watch")
    try:
        port = _port(log, timeout=60)
        assert _get(port, "index.html") == "<p>as it was</p>"
    finally:
        _stop(process)
    assert not (project / "build" / "html" / "en").exists()
