#!/usr/bin/env python3
"""Cron entry point: refresh prices and rebuild today's report.

Equivalent to ``fintrack run --quiet [options]`` run from the repository root
(so ``fintrack.toml``, ``data/`` and ``reports/`` resolve there), with the
exit code passed through: 0 ok, 1 failure or another run in progress (the
lock), 2 bad input or config, 3 data unavailable (a stale cache was used and
the report says so). Logs go to ``reports/fintrack.log`` unless ``--log-file``
is given; progress bars appear only on a terminal.

Crontab example (weekdays 22:30 UTC, after the US close)::

    30 22 * * 1-5  cd /srv/fintrack && /srv/venv/bin/python scripts/daily_update.py --quiet

Any ``fintrack run`` option can be appended (``--prices-dir DIR`` for an
offline run, ``--json`` for a machine-readable summary on stdout).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from fintrack.cli import main as fintrack_main

    args = list(sys.argv[1:] if argv is None else argv)
    os.chdir(REPO)
    if "--quiet" not in args and "--json" not in args and not sys.stdout.isatty():
        args.append("--quiet")  # cron mails whatever is printed: print nothing on success
    return fintrack_main(["run", *args])


if __name__ == "__main__":
    sys.exit(main())
