"""The benchmark behind ``make bench``: not part of the tests, and not installed with the
package (only the benchmark uses this code).

In one run, on the same content and machine, it times

a. the clean full build (``booklet build``);
b. the usual toolchain, from scratch: for each language ``sphinx-build -b html``,
   ``-b epub`` and ``-b simplepdf`` in sequence, and the same with two languages at a
   time; a and b take turns, and each ratio is the median of the turns' ratios;
c. a no-op rebuild; d. a rebuild after one catalog changes;
e. scale runs on generated content (the book repeated to about 400 A5 pages; 20 languages);
f. the speed target: a generated project of 50 documents in 10 languages, its time per A5
   page against the booklet's (about 0.25 s a page on the 2-core machine);
g. the peak memory (max RSS) of any process.

``--generated-only`` runs f alone; ``--documents`` and ``--languages`` make it smaller
(``--generated-only --documents 3 --languages 2`` shows that it works in a minute).

It prints medians and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import json
import random
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

from booklet.config import load_config
from booklet.paths import BuildPaths


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
            done = subprocess.run(
                [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-D", f"language={lang}",
                 "-d", str(project / "build-usual" / lang / f"doctrees-{builder}"),
                 "-D", f"extensions={extensions.get(builder, 'booklet.sphinxext')}",
                 "-D", "version=1", str(config.source_dir), str(out)],
                cwd=project, check=False, env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:  # a failed comparison build would make its time meaningless
                raise SystemExit(f"usual toolchain: sphinx-build -b {builder} ({lang}) failed "
                                 f"(is the bench extra installed? make bench does it):\n"
                                 f"{done.stderr[-2000:]}")

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
    data = json.loads(BuildPaths(load_config(project)).manifest.read_text(encoding="utf-8"))
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


#: The booklet's time per A5 page (html and PDF, 2 cores: README, scale runs of 2026-11-25).
BOOKLET_SECONDS_PER_PAGE = 0.25
#: Languages of the generated project (Latin script, known to Sphinx, Babel and pyphen).
GENERATED_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sv")
#: Words of the generated text (no digits, no markup: every message is plain prose).
WORDS = ("the", "a", "of", "and", "to", "in", "river", "city", "morning", "letter", "archive",
         "witness", "council", "street", "winter", "memory", "record", "library", "station",
         "evening", "harbour", "message", "account", "question", "answer", "travellers",
         "remembered", "described", "published", "translated", "gathered", "carefully",
         "quietly", "together", "afterwards", "throughout", "between", "several", "whole",
         "ordinary", "important", "neighbours", "families", "documents", "photographs",
         "committee", "newspaper", "broadcast", "testimony", "collection", "inhabitants")


def generated_text(rng: random.Random, sentences: int) -> str:
    """A paragraph of *sentences* sentences of 8 to 20 words."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def generated_project(target: Path, documents: int = 50,
                      languages: Sequence[str] = GENERATED_LANGUAGES) -> Path:
    """A new Sphinx project: *documents* chapters of two sections of prose each, whose
    catalogs (made by ``booklet update``) are translated in every language but the first
    (each msgstr a copy of its msgid, so that every language sets the same amount of text)."""
    import polib

    rng = random.Random(20)
    docs = target / "docs"
    docs.mkdir(parents=True)
    (docs / "conf.py").write_text(
        'project = "Generated"\nlanguage = "%s"\nlocale_dirs = ["../locales/"]\n'
        'gettext_compact = False\n'
        % languages[0], encoding="utf-8")
    names = [f"chapter-{n:02d}" for n in range(1, documents + 1)]
    (docs / "index.rst").write_text(
        ":booklet-part: title\n\n=========\nGenerated\n=========\n\nA generated publication.\n\n"
        ".. toctree::\n   :hidden:\n\n" + "".join(f"   {name}\n" for name in names), encoding="utf-8")
    for number, name in enumerate(names, 1):
        title = f"Chapter {rng.choice(WORDS)} {rng.choice(WORDS)}".title()
        parts = [":booklet-part: chapter", "", title, "=" * len(title), ""]
        for section in ("First part", "Second part"):
            parts += [section, "-" * len(section), ""]
            parts += [p for _ in range(3) for p in (generated_text(rng, rng.randint(3, 6)), "")]
        (docs / f"{name}.rst").write_text("\n".join(parts), encoding="utf-8")
    (target / "pyproject.toml").write_text(
        "[tool.booklet]\nname = \"Generated\"\nslug = \"generated\"\n"
        f"languages = {json.dumps(list(languages))}\nsource-language = \"{languages[0]}\"\n"
        'formats = ["html", "pdf"]\nedition-date = "2027-01-20"\nstrict = false\nterms = ""\n',
        encoding="utf-8")
    subprocess.run(booklet("update", "--project", str(target)), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for po_path in sorted((target / "locales").glob("*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save()
    return target


def generated_run(tmp: Path, documents: int, languages: int, booklet_source: Path) -> str:
    """The speed target: seconds per A5 page of a clean html and PDF build of the generated
    project, against the booklet's own (every language, html and PDF) built in the same run."""
    project = generated_project(tmp / "generated", documents, GENERATED_LANGUAGES[:languages])
    seconds, pages = build_pages(project, "--format", "html", "--format", "pdf")
    book = copy_project(booklet_source, tmp / "booklet-per-page")
    book_seconds, book_pages = build_pages(book, "--format", "html", "--format", "pdf")
    per_page, book_per_page = seconds / pages, book_seconds / book_pages
    return (f"generated: {documents} documents x {languages} languages, {pages} A5 pages  "
            f"{seconds:8.2f} s  {per_page:6.3f} s/page; the booklet in the same run: "
            f"{book_pages} pages {book_seconds:.2f} s {book_per_page:.3f} s/page; ratio "
            f"{per_page / book_per_page:.2f} (target <= 1.00; README figure "
            f"{BOOKLET_SECONDS_PER_PAGE} s/page)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--generated-only", action="store_true",
                        help="only the generated project's time per page")
    parser.add_argument("--documents", type=int, default=50, help="of the generated project")
    parser.add_argument("--languages", type=int, default=len(GENERATED_LANGUAGES),
                        choices=range(1, len(GENERATED_LANGUAGES) + 1), metavar="N",
                        help="of the generated project (1 to 10)")
    args = parser.parse_args(argv)
    if args.generated_only:
        with tempfile.TemporaryDirectory() as tmp:
            print(generated_run(Path(tmp), args.documents, args.languages, args.project))
        return 0
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
        scale.append(generated_run(Path(tmp), args.documents, args.languages, args.project))
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
