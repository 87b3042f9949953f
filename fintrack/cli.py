"""The ``fintrack`` command line.

Each stage registers its own sub-commands (``fintrack/<stage>/cli.py`` exposes
``register(subparsers)``), and every handler returns an exit code:

* 0 ok, 1 failure, 2 bad input or configuration, 3 data unavailable.

Expected problems raise :class:`fintrack.errors.FintrackError`; ``main`` turns
them into one line on stderr and the error's exit code, never a traceback.
Anything else is a bug: one line naming it, exit 1, and the traceback at
debug level (``-v`` shows it on stderr).
"""
from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import importlib
import logging
import os
import re
import sys
import threading
from collections.abc import Sequence

from fintrack import __version__
from fintrack.errors import FintrackError, InputError, one_line

#: Sub-command -> (module that registers it, one-line help). Only the module of
#: the command being run is imported: ``fintrack --help`` and ``--version`` import
#: none of them (no pandas, no scipy), so they answer at once.
COMMANDS: dict[str, tuple[str, str]] = {
    "prices": ("fintrack.market.cli", "update, show and import cached daily prices"),
    "extract": ("fintrack.news.cli", "extract events and claims from news articles"),
    "verify": ("fintrack.verify.cli", "check news claims against daily prices"),
    "run": ("fintrack.pipeline_cli", "the main job: update prices, study events, verify claims, write the report"),
}

log = logging.getLogger("fintrack")

#: The program's garbage-collector thresholds (``gc.set_threshold``), see :func:`main`.
GC_THRESHOLD = (10_000, 50, 100)


class OneLineFormatter(logging.Formatter):
    """A log message is one line: control characters (a newline in a file name) are escaped with
    :func:`~fintrack.errors.one_line`, the helper the ``fintrack: error: ...`` lines use too, so no
    input can forge a log or stderr line."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = one_line(record.message)
        return super().formatMessage(record)


def error_line(text: object) -> str:
    """``fintrack: error: <text>`` as one line (control characters escaped)."""
    return f"fintrack: error: {one_line(text)}"


def iso_date(text: str, what: str) -> dt.date:
    """``text`` as a date when it is ISO ``YYYY-MM-DD``; else a one-line InputError naming ``what`` and the value.

    Only ISO: ``09/03/2021`` would be September 3 to one reader and March 9 to another.
    """
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date in YYYY-MM-DD form") from None


def _command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first argument that is not an option)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``command``'s module registers its full options, the others are listed by name and help.

    Without ``command`` every module is imported and registers itself (the full parser).
    """
    parser = argparse.ArgumentParser(
        prog="fintrack",
        description="Link news events to stock and bitcoin prices.",
    )
    parser.add_argument("--version", action="version", version=f"fintrack {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = set(COMMANDS) if command == "*" else {command}
    loaded: set[str] = set()
    for name, (module_name, help_text) in COMMANDS.items():
        if name in loaded:
            continue
        if name in wanted:
            module = importlib.import_module(module_name)
            before = set(subparsers.choices)
            module.register(subparsers)
            loaded |= set(subparsers.choices) - before
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def exit_now(code: int) -> None:
    """End the process with ``code`` without the interpreter's teardown (about 0.3 s of CPU after a run:
    freeing every module and object one by one, for memory the OS takes back anyway).

    Safe because nothing is left to finish: every file the commands write is written atomically and closed
    before they return; the ``atexit`` handlers still run (``logging.shutdown`` flushes and closes the log
    handlers) and stdout and stderr are flushed. While another thread is still running, the normal exit
    (which waits for it) is kept.
    """
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe: what the interpreter's own exit would report
        code = code or 120
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` and return its exit code.

    Called without ``argv`` (the ``fintrack`` program itself: the arguments are ``sys.argv``), it tunes the
    garbage collector for one short job and does not return: the process ends with the code through
    :func:`exit_now`.
    """
    if argv is None:
        # a run allocates millions of objects (imports, frames, figures): with the default threshold (700) the
        # collector walks the growing heap some 600 times, about 0.25 s of CPU; every 10,000 allocations it
        # still frees the cycles figures leave, 10 times less often
        gc.set_threshold(*GC_THRESHOLD)
        exit_now(_main(sys.argv[1:]))
    return _main(argv)


def _main(argv: Sequence[str]) -> int:
    argv = list(argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    to_stderr = logging.StreamHandler()
    to_stderr.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, handlers=[to_stderr])
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except FintrackError as exc:
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fintrack: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line for cron mail, the traceback in the log
        log.debug("unexpected error", exc_info=True)
        hint = "" if args.verbose else " (run with -v for the traceback)"
        print(f"fintrack: internal error: {one_line(f'{type(exc).__name__}: {exc}')}{hint}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
