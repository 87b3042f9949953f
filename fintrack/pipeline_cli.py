"""``fintrack run``: the main job from the command line.

Exit codes: 0 ok, 1 failure (another run holds the lock, a stage failed),
2 bad input or configuration, 3 data unavailable (no data for a required
ticker, or a stale cache was used: the report is written and says so).
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from fintrack.cli import OneLineFormatter
from fintrack.errors import FintrackError, one_line

log = logging.getLogger("fintrack")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run", help="the main job: update prices, study events, verify claims, write the report",
        description="Update prices, extract events and claims, run the event studies, verify the claims and write "
                    "reports/<run date>/report.html, report.pdf and CSV tables (reports/latest points at it).")
    parser.add_argument("--config", metavar="FILE",
                        help="TOML configuration (default: ./fintrack.toml if present, else built-in defaults)")
    parser.add_argument("--prices-dir", metavar="DIR", help="read prices from CSV files in DIR (offline); "
                        "default $FINTRACK_PRICES_DIR, else Yahoo Finance")
    parser.add_argument("--offline", action="store_true", default=None,
                        help="never use the network: CSV folder or the price cache only")
    parser.add_argument("--sample", action="store_true",
                        help="use the bundled sample prices (real bars up to 2025-09-29; no network, cache untouched)")
    parser.add_argument("--cache-dir", metavar="DIR", help="price cache folder (default $FINTRACK_CACHE_DIR, else data/cache)")
    parser.add_argument("--output", metavar="DIR", help="reports folder (default reports)")
    parser.add_argument("--articles", metavar="DIR", help="folder (or file) of articles to extract events and claims from")
    parser.add_argument("--events", metavar="FILE", help="event registry CSV (default data/events.csv)")
    parser.add_argument("--claims", metavar="FILE", help="claims CSV (default data/claims.csv)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="run date: names the report folder (default today)")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", default=None, help="skip the PDF")
    parser.add_argument("--log-file", metavar="FILE", help="log file (default <output>/fintrack.log)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--json", action="store_true", help="print a machine-readable JSON summary on stdout")
    parser.set_defaults(handler=_run)


def _config(args):
    from fintrack.config import load_config
    from fintrack.errors import ConfigError

    path = args.config
    if path is None and Path("fintrack.toml").is_file():
        path = "fintrack.toml"
    overrides = {"prices_dir": args.prices_dir, "offline": args.offline, "cache_dir": args.cache_dir,
                 "output": args.output, "articles": args.articles, "registry": args.events,
                 "claims": args.claims, "pdf": args.pdf}
    for key, flag in (("registry", "--events"), ("claims", "--claims"), ("articles", "--articles")):
        if overrides[key] is not None and not Path(overrides[key]).exists():
            raise ConfigError(f"{flag}: {overrides[key]} not found")
    return load_config(path, overrides)


def _progress(enabled: bool):
    def show(step: int, total: int, message: str) -> None:
        if enabled:
            width = 20
            done = int(width * (step - 1) / total)
            sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {step}/{total} {message:<20}")
            sys.stderr.flush()
    return show


def _log_to_file(path: Path) -> tuple[logging.Handler, ...]:
    """Log INFO and up to ``path``; only warnings (debug with -v) reach stderr."""
    from fintrack.errors import OutputError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:  # a folder given as --log-file, a read-only reports folder
        raise OutputError(f"cannot write the log file {path}: {exc.strerror or exc}") from None
    to_file.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    verbose = logging.getLogger().level <= logging.DEBUG
    to_file.setLevel(logging.DEBUG if verbose else logging.INFO)
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    to_stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    # the CLI prints an error itself, as one line; the log file gets it too
    to_stderr.addFilter(lambda record: not getattr(record, "file_only", False))
    logger = logging.getLogger("fintrack")
    logger.addHandler(to_file)
    logger.addHandler(to_stderr)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    return to_file, to_stderr


def _stop_logging(handlers) -> None:
    logger = logging.getLogger("fintrack")
    for handler in handlers:
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def _run(args) -> int:
    try:
        return _run_job(args)
    except FintrackError as exc:
        if args.json and not getattr(exc, "json_printed", False):  # a bad config is an outcome too
            print(json.dumps({"exit_code": exc.exit_code, "error": str(exc)}, indent=2))
        raise


def _run_job(args) -> int:
    import datetime as dt
    import os
    import time

    from fintrack.errors import ConfigError
    from fintrack.market.cache import CACHE_DIR_ENV

    if args.date is not None:
        from fintrack.cli import iso_date

        date = iso_date(args.date, "--date")
        if date > dt.date.today():
            raise ConfigError(f"--date: {args.date} is in the future (today is {dt.date.today().isoformat()})")
        args.date = date.isoformat()
    if args.cache_dir is None and os.environ.get(CACHE_DIR_ENV):
        args.cache_dir = os.environ[CACHE_DIR_ENV]
    config = _config(args)
    handlers = _log_to_file(Path(args.log_file) if args.log_file else config.output / "fintrack.log")
    tty = sys.stderr.isatty() and not args.quiet and not args.json
    started = time.monotonic()
    outcome = "exit 1 (interrupted)"
    try:
        from fintrack.pipeline import run

        try:
            result = run(config, run_date=args.date, progress=_progress(tty), sample=args.sample)
        except FintrackError as exc:
            outcome = f"exit {exc.exit_code}"
            log.error("run failed: %s", exc, extra={"file_only": True})
            if args.json:
                print(json.dumps({"exit_code": exc.exit_code, "error": str(exc)}, indent=2))
                exc.json_printed = True
            raise
        except Exception as exc:  # a bug: the log still gets the run's one error line (traceback with -v)
            log.error("run failed: internal error: %s: %s", type(exc).__name__, exc, extra={"file_only": True})
            log.debug("traceback", exc_info=True)
            raise
        finally:
            if tty:
                sys.stderr.write("\n")
        outcome = (f"exit {result.exit_code}; stale series: {', '.join(result.stale) or 'none'}; "
                   f"{len(result.warnings)} warning(s)")
    finally:
        log.info("run finished: %s; %.1f s", outcome, time.monotonic() - started, extra={"file_only": True})
        _stop_logging(handlers)
    # said even with --quiet: the run did not do what was asked of it
    loud = [w for w in result.warnings if w.startswith(("prices: bundled sample", "empty run"))
            and not w.endswith("requested with --sample")]
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    elif not args.quiet:
        print(f"report: {result.folder / 'report.html'}")
        for line in result.headline:
            print(f"  {line}")
    for warning in result.warnings:
        if warning in loud or not (args.quiet or args.json):
            print(f"warning: {one_line(warning)}", file=sys.stderr)
    return result.exit_code
