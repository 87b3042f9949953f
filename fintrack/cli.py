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
import importlib
import logging
import sys
from collections.abc import Sequence

from fintrack import __version__
from fintrack.errors import FintrackError

# Stages that contribute sub-commands; a module missing here is skipped so a
# partial install still gives a working CLI for what exists.
_COMMAND_MODULES = (
    "fintrack.market.cli",
    "fintrack.news.cli",
    "fintrack.study.cli",
    "fintrack.verify.cli",
    "fintrack.pipeline_cli",
)

log = logging.getLogger("fintrack")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fintrack",
        description="Link news events to stock and bitcoin prices.",
    )
    parser.add_argument("--version", action="version", version=f"fintrack {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except FintrackError as exc:
        print(f"fintrack: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fintrack: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line for cron mail, the traceback in the log
        log.debug("unexpected error", exc_info=True)
        hint = "" if args.verbose else " (run with -v for the traceback)"
        print(f"fintrack: internal error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
