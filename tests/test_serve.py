"""``booklet serve``: the preview is built, served on 127.0.0.1, and rebuilt on change."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from conftest import BOOKLET, REPO


def _start(project: Path, *options: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen([*BOOKLET, "serve", "--project", str(project), "--port", "0",
                                *options], cwd=REPO, text=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    lines: list[str] = []

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)

    threading.Thread(target=drain, daemon=True).start()
    return process, lines


def _port(lines: list[str], timeout: float = 180) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(lines):
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found.group(1))
        time.sleep(0.1)
    raise AssertionError("the server did not start:\n" + "".join(lines))


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
        return response.read().decode("utf-8")


def _stop(process: subprocess.Popen[str]) -> int:
    os.killpg(process.pid, signal.SIGINT)
    return process.wait(timeout=60)


def test_serve_builds_serves_and_rebuilds_on_change(make_project) -> None:
    project = make_project("minimal")
    process, lines = _start(project)
    try:
        port = _port(lines)
        assert "It has been" in _get(port, "en/chapter.html")
        chapter = project / "docs" / "chapter.rst"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added while serving.\n",
                           encoding="utf-8")
        deadline = time.monotonic() + 120
        while "A sentence added while serving." not in _get(port, "en/chapter.html"):
            assert time.monotonic() < deadline, "no rebuild after the change:\n" + "".join(lines)
            time.sleep(0.5)
        assert any("changed:" in line and "chapter.rst" in line for line in lines)
    finally:
        code = _stop(process)
    assert code == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)


def test_serve_without_watch_serves_what_is_there(make_project) -> None:
    project = make_project("minimal")
    (project / "build" / "html").mkdir(parents=True)
    (project / "build" / "html" / "index.html").write_text("<p>as it was</p>", encoding="utf-8")
    process, lines = _start(project, "--no-watch")
    try:
        port = _port(lines, timeout=60)
        assert _get(port, "index.html") == "<p>as it was</p>"
    finally:
        _stop(process)
    assert not (project / "build" / "html" / "en").exists()
