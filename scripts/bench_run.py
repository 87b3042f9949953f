#!/usr/bin/env python3
"""Time ``fintrack run`` offline with a warm cache; print the figure.

Runs the command once to warm the price cache (not timed), then ``--repeat``
times more, each in a fresh process (what cron does: imports included), and
prints the wall-clock seconds of each timed run and their median. Everything
is written under a temporary folder; the repository is not touched.

    python scripts/bench_run.py --prices-dir ../shared/data/prices [--articles ../shared/articles] [--repeat 3]

Exit code 1 when the median exceeds ``--budget`` seconds (default 15).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices-dir", default=str(REPO.parent / "shared" / "data" / "prices"))
    parser.add_argument("--articles", default=str(REPO.parent / "shared" / "articles"))
    parser.add_argument("--events", default=None, help="event registry (default: the repo's data/events.csv)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=15.0, help="seconds allowed for the median run")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="fintrack-bench-") as tmp:
        command = [sys.executable, "-m", "fintrack.cli", "run", "--offline", "--quiet",
                   "--prices-dir", args.prices_dir, "--cache-dir", f"{tmp}/cache", "--output", f"{tmp}/reports",
                   "--date", "2026-01-02"]
        if args.articles:
            command += ["--articles", args.articles]
        if args.events:
            command += ["--events", args.events]
        if args.no_pdf:
            command.append("--no-pdf")
        warm = subprocess.run(command, cwd=REPO)
        if warm.returncode not in (0, 3):
            print(f"warm-up run failed with exit code {warm.returncode}", file=sys.stderr)
            return 1
        timings = []
        for i in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, cwd=REPO)
            timings.append(time.perf_counter() - start)
            print(f"run {i + 1}: {timings[-1]:.2f} s (exit {done.returncode})")
        median = statistics.median(timings)
        print(f"fintrack run, offline, warm cache: median {median:.2f} s over {len(timings)} runs "
              f"(budget {args.budget:.0f} s)")
        return 0 if median <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
