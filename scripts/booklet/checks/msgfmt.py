"""Syntax and duplicate checks: GNU ``msgfmt --check`` over one catalog.

polib accepts an unterminated string (it silently cuts the text) and a
duplicate msgid, and Sphinx then builds with exit code 0; ``msgfmt --check``
rejects both.  It therefore runs first, and a catalog it rejects is not
parsed further.  Its stderr lines ``file:line: message`` become findings
named ``duplicate`` (with the line of the first definition) or ``syntax``.
Its warnings (``file:line: warning: ...``, e.g. header fields that Babel
leaves at their initial values) do not fail msgfmt and are notes named
``msgfmt-warning``.  msgfmt reports an end of line inside a string on the
following line; the finding names the line of the string itself.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from booklet.checks.registry import FILE, NOTE_ALWAYS, Check, add
from booklet.errors import ConfigError

logger = logging.getLogger(__name__)

SYNTAX, DUPLICATE, WARNING = "syntax", "duplicate", "msgfmt-warning"
add(Check(SYNTAX, "msgfmt --check rejects the catalog (e.g. an unterminated string)", FILE))
add(Check(DUPLICATE, "a msgid is defined twice in one catalog", FILE))
add(Check(WARNING, "msgfmt --check warns (e.g. a header field at its initial value)", FILE,
          note_when=NOTE_ALWAYS))

_LINE = re.compile(r"^(?P<line>\d+):(?:(?P<column>\d+):)? (?P<message>.*)$")
_FIRST = "...this is the location of the first definition"
TIMEOUT = 60


def msgfmt_program() -> str:
    """Return the path of ``msgfmt``; raise :class:`ConfigError` when it is missing."""
    program = shutil.which("msgfmt")
    if program is None:
        raise ConfigError("msgfmt is not installed",
                          hint="install GNU gettext (apt-get install gettext)")
    return program


def run_msgfmt(path: Path) -> tuple[int, str]:
    """Run ``msgfmt --check -o /dev/null path``; return its exit code and stderr."""
    return _run_msgfmt(msgfmt_program(), path)


def _run_msgfmt(program: str, path: Path) -> tuple[int, str]:
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}
    command = [program, "--check", "-o", os.devnull, str(path)]
    logger.debug("running %s", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=TIMEOUT,
                          check=False, errors="replace")
    return done.returncode, done.stderr


def entry_start(lines: list[str], line: int) -> int:
    """Return the ``msgid`` line of the entry whose ``msgstr`` is at *line* (else *line*)."""
    number, starts = line, ("msgid", "#~ msgid")
    while 1 < number <= len(lines) and not lines[number - 1].lstrip().startswith(starts):
        if not lines[number - 1].strip():
            return line
        number -= 1
    return number if 0 < number <= len(lines) else line


def parse_stderr(stderr: str, path: Path, lines: list[str] | None = None
                 ) -> Iterator[tuple[int | None, str, str]]:
    """Yield ``(line, message, check)`` for each diagnostic msgfmt printed about *path*.

    msgfmt gives the first definition of a duplicate by its ``msgstr`` line;
    with the file's *lines* the finding names that entry's ``msgid`` line.
    """
    prefix = f"{path}:"
    pending: tuple[int, str] | None = None
    for raw in stderr.splitlines():
        match = _LINE.match(raw[len(prefix):]) if raw.startswith(prefix) else None
        if match is None:
            continue
        line, message = int(match["line"]), match["message"].strip()
        if message.startswith("duplicate message definition"):
            pending = (line, "duplicate message definition")
        elif message == _FIRST and pending is not None:
            first = entry_start(lines or [], line)
            yield pending[0], f"{pending[1]} (first defined at line {first})", DUPLICATE
            pending = None
        elif message.startswith("warning:"):
            yield line, message.removeprefix("warning:").strip(), WARNING
        elif message == "end-of-line within string":
            yield max(line - 1, 1), "unterminated string (end of line within string)", SYNTAX
        else:
            yield line, message, SYNTAX
    if pending is not None:
        yield pending[0], pending[1], DUPLICATE


def check_file(path: Path) -> tuple[bool, list[tuple[int | None, str, str]]]:
    """Run msgfmt on *path*; return whether it passed and its ``(line, message, check)`` list."""
    code, stderr = run_msgfmt(path)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if code else []
    problems = list(parse_stderr(stderr, path, lines))
    if code != 0 and not any(check != WARNING for _, _, check in problems):
        summary = " ".join(stderr.split()) or f"exit status {code}"
        problems.append((None, f"msgfmt --check failed: {summary}", SYNTAX))
    return code == 0, problems
