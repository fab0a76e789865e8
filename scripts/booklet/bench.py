"""The benchmark behind ``make bench`` (``scripts/bench.py``): not part of the tests.

In one run, on the same content and machine, it times

a. the clean full build (``booklet build``);
b. the usual toolchain, from scratch: for each language ``sphinx-build -b html``,
   ``-b epub`` and ``-b simplepdf`` in sequence, and the same with two languages at a
   time; a and b take turns, and each ratio is the median of the turns' ratios;
c. a no-op rebuild; d. a rebuild after one catalog changes;
e. scale runs on generated content (the book repeated to about 400 A5 pages; 20 languages);
f. the peak memory (max RSS) of any process.

It prints medians and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .config import load_config


def timed(command: Sequence[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def booklet(*args: str) -> list[str]:
    return [sys.executable, "-m", "booklet", *args]


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", ".venv", ".git", "node_modules",
                                                                  "*.mo", "tests"))
    return target


def edit_translation(catalog: Path, words: str) -> None:
    """A translator's edit: *words* put before the first translated message of *catalog*."""
    text = catalog.read_text(encoding="utf-8")
    match = re.search(r'^msgid "[^"\n]+"\nmsgstr "(?=[^"\n])', text, flags=re.M)
    if match is None:
        raise SystemExit(f"{catalog}: no one-line translated message to edit")
    catalog.write_text(text[:match.end()] + words + text[match.end():], encoding="utf-8")


def usual_toolchain(project: Path, languages: Sequence[str], parallel: int) -> float:
    """sphinx-build per language and format, *parallel* languages at a time, from scratch."""
    import os

    shutil.rmtree(project / "build-usual", ignore_errors=True)
    config = load_config(project)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    extensions = {"simplepdf": "booklet.sphinxext,sphinx_simplepdf"}

    def one_language(lang: str) -> None:
        for builder in ("html", "epub", "simplepdf"):
            out = project / "build-usual" / lang / builder
            subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", builder, "-D", f"language={lang}",
                            "-d", str(project / "build-usual" / lang / f"doctrees-{builder}"),
                            "-D", f"extensions={extensions.get(builder, 'booklet.sphinxext')}",
                            "-D", "version=1", str(config.source_dir), str(out)],
                           cwd=project, check=False, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(one_language, languages))
    return time.perf_counter() - started


#: Language codes Sphinx and Babel know, for the language scale run (they carry az's text).
EXTRA_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "ro", "hu", "fi", "sv")
CHAPTERS = ("events", "information-blockade", "milli-majlis-1994", "mourning-day")
#: How often the chapters' text is repeated in the page scale runs: about 18 to 400 A5 pages.
SCALE_REPEATS = (1, 8, 24, 72)


def scaled_project(source: Path, target: Path, repeat: int = 1, extra_languages: int = 0) -> Path:
    """The book with each chapter's body repeated *repeat* times, and more languages."""
    project = copy_project(source, target)
    for chapter in CHAPTERS:
        path = project / "docs" / f"{chapter}.rst"
        lines = path.read_text(encoding="utf-8").splitlines()
        title_end = next(i for i, line in enumerate(lines) if line.startswith("===")) + 1
        body = [line for line in lines[title_end:] if not line.startswith(".. _")]
        path.write_text("\n".join(lines + body * (repeat - 1)) + "\n", encoding="utf-8")
    codes = EXTRA_LANGUAGES[:extra_languages]
    for code in codes:
        shutil.copytree(project / "locales" / "az", project / "locales" / code)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace("[tool.booklet]\n", "[tool.booklet]\nstrict = false\n", 1)
    text = re.sub(r"^languages = \[(.*)\]$", lambda m: f"languages = [{m.group(1)}"
                  + "".join(f', "{c}"' for c in codes) + "]", text, count=1, flags=re.M)
    pyproject.write_text(text, encoding="utf-8")
    return project


def build_pages(project: Path, *options: str) -> tuple[float, int]:
    """Seconds for a build of *project*, and the pages of the PDFs it made."""
    seconds = timed(booklet("build", "--project", str(project), *options), project)
    data = json.loads((project / "build" / "manifest.json").read_text(encoding="utf-8"))
    return seconds, sum(e["pages"] for e in data["outputs"] if e["format"] == "pdf")


def scale_runs(source: Path, tmp: Path) -> list[str]:
    """Time per page (one language, growing book) and per language (growing edition)."""
    lines = []
    for repeat in SCALE_REPEATS:
        project = scaled_project(source, tmp / f"pages-{repeat}", repeat)
        seconds, pages = build_pages(project, "--lang", "en", "--format", "html", "--format", "pdf")
        lines.append(f"scale: {pages:4d} pages, 1 language   {seconds:8.2f} s  {seconds / pages:6.3f} s/page")
    for extra in (0, 15):
        project = scaled_project(source, tmp / f"langs-{extra}", 1, extra)
        count = len(load_config(project).languages)
        seconds, _ = build_pages(project, "--format", "html", "--format", "pdf")
        lines.append(f"scale: {count:4d} languages, html+pdf {seconds:8.2f} s  {seconds / count:6.3f} s/language")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args(argv)
    config = load_config(args.project)
    langs = list(config.languages)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = copy_project(args.project, Path(tmp) / "book")
        # The clean build and the usual toolchain take turns, so that the load of a shared
        # machine weighs on both alike; each ratio is taken within one turn.
        turns = []
        for _ in range(args.runs):
            shutil.rmtree(work / "build", ignore_errors=True)
            turns.append((timed(booklet("build", "--project", str(work)), work),
                          usual_toolchain(work, langs, 1), usual_toolchain(work, langs, 2)))
        results["clean full build"] = statistics.median(t[0] for t in turns)
        results["usual toolchain, in sequence"] = statistics.median(t[1] for t in turns)
        results["usual toolchain, two at a time"] = statistics.median(t[2] for t in turns)
        results["no-op rebuild"] = statistics.median(
            timed(booklet("build", "--project", str(work)), work) for _ in range(args.runs))
        catalog = work / "locales" / "az" / "LC_MESSAGES" / "foreword.po"
        one = []
        for n in range(args.runs):
            edit_translation(catalog, "Yeni " * (n + 1))  # no digits: the gate checks numbers
            one.append(timed(booklet("build", "--project", str(work)), work))
        results["one-catalog rebuild"] = statistics.median(one)
        scale = [] if args.skip_scale else scale_runs(args.project, Path(tmp))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for name, seconds in results.items():
        print(f"{name:<34} {seconds:8.2f} s")
    full = results["clean full build"]
    sequence = statistics.median(clean / usual for clean, usual, _ in turns)
    two = statistics.median(clean / usual for clean, _, usual in turns)
    print(f"{'clean / usual in sequence':<34} {sequence:8.2f}   (target <= 0.40; median of the turns)")
    print(f"{'clean / usual two at a time':<34} {two:8.2f}   (target <= 0.75; median of the turns)")
    print(f"{'one-catalog / clean':<34} {results['one-catalog rebuild'] / full:8.2f}   (target <= 0.35)")
    print(f"{'peak memory of any process':<34} {peak:8.0f} MiB (target <= 1024)")
    for line in scale:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
