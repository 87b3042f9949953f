#!/usr/bin/env python3
"""Time ``fintrack run`` offline with a warm cache; print the figure.

Runs the command once to warm the price cache (not timed), then ``--repeat``
times more, each in a fresh process (what cron does: imports included), and
prints the wall-clock seconds of each timed run and their median. Everything
is written under a temporary folder; the repository is not touched.

The figure is printed against two yardsticks measured in the same script run:
a baseline process that only imports the libraries every run needs (pandas,
matplotlib, scipy, exchange_calendars, fpdf2: the floor no run can beat on
this machine), and the 15 s budget of the issue. It never fails on time.

    python scripts/bench_run.py --prices-dir ../shared/data/prices [--articles ../shared/articles] [--repeat 3]
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
BASELINE_IMPORTS = ("import pandas, numpy, scipy.stats, exchange_calendars, jinja2, fpdf; "
                    "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices-dir", default=str(REPO.parent / "shared" / "data" / "prices"))
    parser.add_argument("--articles", default=str(REPO.parent / "shared" / "articles"))
    parser.add_argument("--events", default=None, help="event registry (default: the repo's data/events.csv)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=15.0, help="the issue's target for the median run, seconds")
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
        baseline = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", BASELINE_IMPORTS], cwd=REPO, check=True)
            baseline.append(time.perf_counter() - start)
        floor = statistics.median(baseline)
        print(f"baseline (fresh process importing the libraries only): median {floor:.2f} s")
        print(f"fintrack run, offline, warm cache: median {median:.2f} s over {len(timings)} runs; "
              f"{median / floor:.1f}x the import baseline; {median / args.budget:.2f} of the "
              f"{args.budget:.0f} s budget ({'met' if median <= args.budget else 'NOT met'})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
