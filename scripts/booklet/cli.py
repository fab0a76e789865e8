"""Command-line interface: parse arguments, configure logging, run one command.

Errors the user can fix are printed as one message (``file:line: category: what``)
with exit code 1 (build) or 2 (usage), never a traceback; ``-v`` adds details.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .config import FORMATS, Config, load_config
from .errors import EXIT_BUILD, EXIT_OK, EXIT_USAGE, BookletError

log = logging.getLogger("booklet")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", default=".", type=Path, help="project root (default: .)")
    common.add_argument("--source-dir", help="Sphinx source folder, relative to the project")
    common.add_argument("--locales-dir", help="catalog folder, relative to the project")
    common.add_argument("--build-dir", help="output folder, relative to the project")
    common.add_argument("--lang", action="append", metavar="LANG",
                        help="only this language (repeatable, or comma-separated)")
    common.add_argument("--min-percent", type=_percent, default=0.0, metavar="N",
                        help="skip translations below N %% translated (default: only empty ones)")
    common.add_argument("-v", "--verbose", action="count", default=0)
    common.add_argument("-q", "--quiet", action="store_true")

    parser = argparse.ArgumentParser(prog="booklet", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"booklet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="build languages and formats")
    build.add_argument("--format", action="append", metavar="FORMAT",
                       help=f"only this format: {', '.join(FORMATS)} (repeatable)")
    build.add_argument("-j", "--jobs", type=int, help="worker processes (default: cores)")
    build.add_argument("--fail-fast", action="store_true", help="stop at the first failing language")
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    build.add_argument("--no-strict", dest="strict", action="store_false", default=None,
                       help="report warnings without failing")
    build.add_argument("--edition-date", help="override the edition date (YYYY-MM-DD)")
    build.add_argument("--base-url", help="override the website's base URL")
    build.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                       help="how long to wait for another build of the same folder")

    commands.add_parser("gettext", parents=[common], help="extract messages to build/gettext")
    commands.add_parser("update", parents=[common], help="update the catalogs from the sources")
    stat = commands.add_parser("stat", parents=[common], help="translation state per language")
    stat.add_argument("--json", action="store_true", help="print data instead of a table")
    commands.add_parser("check", parents=[common], help="run the catalog quality gate")
    commands.add_parser("clean", parents=[common], help="remove the build folder")
    merge = commands.add_parser("merge", parents=[common],
                                help="join build folders of single-language jobs into the build folder")
    merge.add_argument("shards", nargs="+", type=Path, metavar="DIR", help="a job's build folder")
    commands.add_parser("preflight", parents=[common],
                        help="check the built outputs before printing or publishing a release")
    serve = commands.add_parser("serve", parents=[common], help="preview the website on 127.0.0.1, "
                                                                "rebuilt when a source changes")
    serve.add_argument("--port", type=int, default=8000, help="0: any free port")
    serve.add_argument("--no-watch", dest="watch", action="store_false",
                       help="serve build/html as it is: no build, no rebuild on change")
    serve.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                       help="how long a rebuild waits for another build of the same folder")
    new = commands.add_parser("new", help="create a new publication that builds at once")
    new.add_argument("path", type=Path, help="folder of the new publication (new or empty)")
    new.add_argument("--name", default="", help="the publication's title (default: the folder's name)")
    new.add_argument("--lang", action="append", metavar="LANG",
                     help="a language of the publication (repeatable, or comma-separated)")
    new.add_argument("--source-language", default="", help="the language of the text (default: "
                                                           "the first --lang, else en)")
    new.add_argument("--edition-date", default="", help="YYYY-MM-DD (default: today)")
    new.add_argument("--publisher", default="", help="who publishes it")
    new.add_argument("-v", "--verbose", action="count", default=0)
    new.add_argument("-q", "--quiet", action="store_true")
    return parser


def cmd_new(args: argparse.Namespace) -> int:
    from .newproject import new

    path = new(args.path, args.name, _languages(args) or [], args.source_language,
               args.edition_date, args.publisher)
    log.info("created %s: run 'make' there (or 'booklet build --project %s')", path, path)
    return EXIT_OK


#: Commands that run without a project (they make one).
STANDALONE: dict[str, Callable[[argparse.Namespace], int]] = {"new": cmd_new}


def _percent(text: str) -> float:
    """``--min-percent``: a number from 0 to 100."""
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def _languages(args: argparse.Namespace) -> list[str] | None:
    if not args.lang:
        return None
    return [code.strip() for item in args.lang for code in item.split(",") if code.strip()]


def _config(args: argparse.Namespace) -> Config:
    overrides: dict[str, Any] = {
        "source-dir": args.source_dir,
        "locales-dir": args.locales_dir,
        "build-dir": args.build_dir,
        "edition-date": getattr(args, "edition_date", None),
        "base-url": getattr(args, "base_url", None),
    }
    return load_config(args.project, {k: v for k, v in overrides.items() if v is not None})


def _selected(args: argparse.Namespace, config: Config, show: bool = True
              ) -> tuple[Config, list[str]]:
    """The configuration with only the languages that build, and those of this command.

    With *show*, the table of every chosen language and what happens to it comes first.
    """
    from .selection import HEADER, buildable, plan_languages

    plans = plan_languages(config, None, args.min_percent, keep=True)
    chosen = _languages(args)
    if chosen:
        _check_known(config, chosen)
    shown = [plan for plan in plans if not chosen or plan.language in chosen]
    if show and not args.quiet:
        _print_table(HEADER, [plan.row() for plan in shown])
    for plan in shown:
        if not plan.builds:
            hint = f"; 'booklet update --lang {plan.language}' creates its catalogs" \
                if plan.messages == 0 else ""
            log.info("%s (%s): %s, not built%s", plan.language, plan.name, plan.action, hint)
    return buildable(config, plans), [plan.language for plan in shown if plan.builds]


def _check_known(config: Config, chosen: list[str]) -> None:
    unknown = [lang for lang in chosen if lang not in config.languages]
    if unknown:
        from .errors import ConfigError

        raise ConfigError(f"unknown language {', '.join(unknown)}; found: {', '.join(config.languages)}")


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from .checks.gate import rejected
    from .pipeline import build, summary_rows

    config, langs = _selected(args, config)
    if not langs:
        log.info("nothing to build: every language chosen is skipped")
        return EXIT_OK
    strict = config.strict if args.strict is None else args.strict
    formats = [f.strip() for item in (args.format or []) for f in item.split(",") if f.strip()]
    report = build(config, langs, formats or None, strict=strict, jobs=args.jobs,
                   fail_fast=args.fail_fast, force=args.force, wait_seconds=args.wait,
                   verbosity=args.verbose,
                   gate=functools.partial(rejected, config) if strict else None)
    _print_table(("file", "pages", "size", "time"), summary_rows(config, report))
    if report.skipped and not report.results:
        log.info("everything is up to date (%s)", ", ".join(report.skipped))
    for note in report.notes:
        log.info("note: %s", note)
    for failure in report.failures:
        log.error("%s", failure)
        if args.verbose and failure.details:
            log.error("%s", failure.details)
    log.info("%d output(s) rendered in %.1f s", report.rendered, report.seconds)
    return EXIT_BUILD if report.failed else EXIT_OK


def cmd_gettext(args: argparse.Namespace, config: Config) -> int:
    from .translate import extract

    extract(config)
    return EXIT_OK


def cmd_update(args: argparse.Namespace, config: Config) -> int:
    from .translate import update

    for path in update(config, _languages(args)):
        log.info("updated %s", path.relative_to(config.project))
    return EXIT_OK


def cmd_stat(args: argparse.Namespace, config: Config) -> int:
    from .checks import catalog_stats
    from .selection import plan_languages

    chosen = _languages(args)
    if chosen:
        _check_known(config, chosen)
    plans = plan_languages(config, chosen, args.min_percent)
    if not args.json:
        from .selection import HEADER

        _print_table(HEADER, [plan.row() for plan in plans])
        return EXIT_OK
    langs = [plan.language for plan in plans if plan.language != config.source_language]
    stats = catalog_stats(config.locales_dir, langs, thresholds=config.thresholds, drafts=config.drafts)
    for plan in plans:
        stats.setdefault(plan.language, {"source": True, "percentage": 100.0})["action"] = plan.action
    sys.stdout.write(json.dumps(stats, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from . import publication
    from .checks import check_catalogs

    config, chosen = _selected(args, config, show=False)
    langs = [lang for lang in chosen if lang != config.source_language]
    findings = check_catalogs(config.locales_dir, langs, terms=config.terms,
                              thresholds=config.thresholds, drafts=config.drafts)
    findings += publication.stale(config, langs)
    for finding in findings:
        sys.stdout.write(f"{finding}\n")
    log.info("%d finding(s) in %d language(s)", len(findings), len(langs))
    return EXIT_BUILD if findings else EXIT_OK


def cmd_clean(args: argparse.Namespace, config: Config) -> int:
    import shutil

    shutil.rmtree(config.build_dir, ignore_errors=True)
    log.info("removed %s", config.build_dir)
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace, config: Config) -> int:
    from .preflight import CHECKS, preflight

    report = preflight(config, _languages(args))
    _print_table(("language", *CHECKS), report.rows())
    for problem in report.problems:
        sys.stdout.write(f"{problem}\n")
    log.info("%d problem(s) in %d language(s)", len(report.problems), len(report.languages))
    return EXIT_BUILD if report.problems else EXIT_OK


def cmd_merge(args: argparse.Namespace, config: Config) -> int:
    from .fingerprint import inputs_fingerprint, package_digest
    from .merge import merge

    entries = merge(config, args.shards, inputs_fingerprint(config, config.strict, package_digest()))
    log.info("%d output(s) in %s", len(entries), config.build_dir)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from .pipeline import build
    from .serve import serve

    config, langs = _selected(args, config)

    def rebuild() -> None:
        """The website of the languages whose sources changed; a preview is not strict."""
        report = build(config, langs, ["html"], strict=False, wait_seconds=args.wait)
        for failure in report.failures:
            log.error("%s", failure)
        log.info("%d page folder(s) rebuilt in %.1f s", report.rendered, report.seconds)

    serve(config, args.port, rebuild if args.watch else None)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Config], int]] = {
    "build": cmd_build, "gettext": cmd_gettext, "update": cmd_update, "stat": cmd_stat,
    "check": cmd_check, "clean": cmd_clean, "serve": cmd_serve, "preflight": cmd_preflight,
    "merge": cmd_merge,
}


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain text table on standard output (this is the command's result, not a log)."""
    if not rows:
        return
    widths = [max(_width(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = (str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths))
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


def _width(text: str) -> int:
    """Columns *text* takes in a terminal: wide (CJK) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _setup_logging(verbosity: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbosity > 1 else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    for noisy in ("fontTools", "weasyprint", "sphinx", "pikepdf"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def run(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return EXIT_USAGE if exc.code else EXIT_OK
    _setup_logging(args.verbose, args.quiet)
    try:
        if args.command in STANDALONE:
            return STANDALONE[args.command](args)
        return COMMANDS[args.command](args, _config(args))
    except BookletError as exc:
        log.error("%s", exc)
        if args.verbose:
            log.error("details", exc_info=exc.__cause__ or exc)
        return exc.exit_code
    except KeyboardInterrupt:
        log.error("interrupted; earlier outputs are intact")
        return 130
