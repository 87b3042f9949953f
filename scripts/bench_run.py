#!/usr/bin/env python3
"""Time ``fintrack run`` offline with a warm cache; print the figure.

Runs the command once to warm the price cache (not timed), then ``--repeat``
times more, each in a fresh process (what cron does: imports included), and
prints the wall-clock and CPU seconds of each timed run and their medians (on
a shared machine loaded beyond its cores the wall clock stretches, CPU time
holds), and the median time of each stage inside the run: interpreter start and
exit, imports up to the CLI, the imports of the stage modules (the run would
import them itself; here they are imported before it to wrap their stages),
prices (cache update and load), the return panel, events and claims,
sessions, event studies, claim verdicts, the report (the charts, wall clock,
with the SVG drawing of the share this process drew: ``report.processes``
shares them with forked children; HTML, PDF, the rest of its assembly) and
publishing. CPU time includes the children's. Stages are
timed by wrapping the pipeline's stage functions in the timed child process (a
stage that a newer layout no longer has is shown as n/a), which then runs the
CLI as the ``fintrack`` program does (``main()`` reading sys.argv: the
program's garbage-collector setting and exit path); the wall clock is the
whole process.
Everything is written under a temporary folder; the repository is not touched.

The figure is printed against two yardsticks measured in the same script run:
a baseline process that only imports the libraries every run needs (pandas,
matplotlib, scipy, exchange_calendars, fpdf2: the floor no run can beat on
this machine), and the 15 s budget of the issue. It never fails on time.

    python scripts/bench_run.py --prices-dir ../shared/data/prices [--articles ../shared/articles] [--repeat 3]

The issue 13 target is <= 3 s (``--target``); the older 15 s budget is ``--budget``.
"""
from __future__ import annotations

import argparse
import atexit
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# (label, module, attribute): the pipeline's stages, each timed by a wrapper in the child process
STAGES = (
    ("prices", "fintrack.pipeline", "update_prices"),
    ("returns panel", "fintrack.market", "returns_panel"),
    ("events and claims", "fintrack.pipeline", "gather_inputs"),
    ("sessions", "fintrack.pipeline", "resolve_sessions"),
    ("event studies", "fintrack.pipeline", "run_studies"),
    ("claim verdicts", "fintrack.pipeline", "run_verdicts"),
    ("report", "fintrack.pipeline", "build_report"),
    ("  charts", "fintrack.report.processes", "run_jobs"),  # every chart, in all the processes drawing them
    ("    SVG, this process", "fintrack.report.figures", "to_svg"),  # the share of the charts drawn here
    ("  HTML", "fintrack.report.html", "render_html"),
    ("  PDF", "fintrack.report.pdf", "render_pdf"),
    ("publish", "fintrack.report.publish", "publish_report"),
)
BASELINE_IMPORTS = ("import pandas, numpy, scipy.special, exchange_calendars, jinja2, fpdf; "
                    "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot")


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stage_child(out_path: str, args: list[str]) -> int:
    """Child side: import the CLI, wrap the stage functions with timers, run, write the times as JSON."""
    started = time.perf_counter()
    import fintrack.cli
    from fintrack.cli import main as cli_main

    times: dict[str, float] = {"imports (to the CLI)": time.perf_counter() - started}
    if hasattr(fintrack.cli, "GC_THRESHOLD"):  # the program sets it before its imports; so does this child
        import gc

        gc.set_threshold(*fintrack.cli.GC_THRESHOLD)

    def timed(label, func):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return func(*a, **kw)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - t0
        return wrapper

    t0 = time.perf_counter()
    for label, module_name, attr in STAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if callable(getattr(module, attr, None)):
            setattr(module, attr, timed(label, getattr(module, attr)))
    # the run would import these modules itself; imported here to wrap their stages, they are timed apart
    times["imports (stage modules)"] = time.perf_counter() - t0
    t0 = time.perf_counter()

    def write_times() -> None:
        times["run (inside the CLI)"] = time.perf_counter() - t0
        Path(out_path).write_text(json.dumps(times))

    # run it as the ``fintrack`` program does (``main()`` with the arguments in sys.argv: the program's own
    # process settings and exit path, which may end the process without returning; the times are written then)
    atexit.register(write_times)
    sys.argv = ["fintrack", *args]
    return cli_main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices-dir", default=str(REPO.parent / "shared" / "data" / "prices"))
    parser.add_argument("--articles", default=str(REPO.parent / "shared" / "articles"))
    parser.add_argument("--events", default=None, help="event registry (default: the repo's data/events.csv)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=15.0, help="the first budget for the median run, seconds")
    parser.add_argument("--target", type=float, default=3.0, help="issue 13's target for the median run, seconds")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--stage-child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.stage_child:
        return _stage_child(args.stage_child, rest)

    with tempfile.TemporaryDirectory(prefix="fintrack-bench-") as tmp:
        run_args = ["run", "--offline", "--quiet",
                    "--prices-dir", args.prices_dir, "--cache-dir", f"{tmp}/cache", "--output", f"{tmp}/reports",
                    "--date", "2026-01-02"]
        if args.articles:
            run_args += ["--articles", args.articles]
        if args.events:
            run_args += ["--events", args.events]
        if args.no_pdf:
            run_args.append("--no-pdf")
        warm = subprocess.run([sys.executable, "-m", "fintrack.cli", *run_args], cwd=REPO)
        if warm.returncode not in (0, 3):
            print(f"warm-up run failed with exit code {warm.returncode}", file=sys.stderr)
            return 1
        timings, cpu, stages = [], [], []
        stage_file = Path(tmp) / "stages.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--stage-child", str(stage_file), *run_args]
        for i in range(args.repeat):
            start, before = time.perf_counter(), _children_cpu()
            done = subprocess.run(command, cwd=REPO)
            timings.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - before)
            stages.append(json.loads(stage_file.read_text()) if stage_file.exists() else {})
            print(f"run {i + 1}: {timings[-1]:.2f} s, CPU {cpu[-1]:.2f} s (exit {done.returncode})")
        median = statistics.median(timings)
        print("stages (median over the timed runs, seconds):")
        outside = [t - s["imports (to the CLI)"] - s.get("imports (stage modules)", 0.0) - s["run (inside the CLI)"]
                   for t, s in zip(timings, stages) if "run (inside the CLI)" in s]
        if outside:
            print(f"  {'interpreter start, exit':<24}{statistics.median(outside):6.2f}")
        for label in (["imports (to the CLI)", "imports (stage modules)", "run (inside the CLI)"]
                      + list(dict.fromkeys(l for l, _, _ in STAGES))):
            values = [s[label] for s in stages if label in s]
            shown = f"{statistics.median(values):6.2f}" if values else "   n/a"
            print(f"  {label:<24}{shown}")
        baseline, baseline_cpu = [], []
        for _ in range(args.repeat):
            start, before = time.perf_counter(), _children_cpu()
            subprocess.run([sys.executable, "-c", BASELINE_IMPORTS], cwd=REPO, check=True)
            baseline.append(time.perf_counter() - start)
            baseline_cpu.append(_children_cpu() - before)
        floor = statistics.median(baseline)
        median_cpu = statistics.median(cpu)
        print(f"baseline (fresh process importing the libraries only): median {floor:.2f} s, CPU "
              f"{statistics.median(baseline_cpu):.2f} s")
        print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores (above the "
              "core count, wall times stretch while CPU times hold)")
        print(f"fintrack run, offline, warm cache: median {median:.2f} s (CPU {median_cpu:.2f} s) over "
              f"{len(timings)} runs; {median / floor:.1f}x the import baseline; {median / args.budget:.2f} of the "
              f"{args.budget:.0f} s budget ({'met' if median <= args.budget else 'NOT met'}); "
              f"target {args.target:g} s: {'met' if median <= args.target else 'NOT met'} on the wall clock, "
              f"{'met' if median_cpu <= args.target else 'NOT met'} on CPU time")
        return 0


if __name__ == "__main__":
    sys.exit(main())
