#!/usr/bin/env python3
"""Time ``fintrack --help`` and ``fintrack --version``; print the figures.

Each command runs ``--repeat`` times in a fresh process, interleaved with the
baseline ``python -c pass`` (the interpreter's own start-up on this machine,
measured in the same run), and the medians are printed with their ratio to
the baseline and against the 0.3 s target. The script also prints which heavy
libraries the start-up path imports (none should be: no pandas, no scipy).
It never fails on time.

    python scripts/bench_cli_startup.py [--repeat 15]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.3
HEAVY = ("pandas", "numpy", "scipy", "scipy.stats", "matplotlib", "yfinance", "exchange_calendars")
PROBE = ("import sys; from fintrack.cli import main\n"
         "try:\n    main([{arg!r}])\nexcept SystemExit:\n    pass\n"
         "print(' '.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("fintrack")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "fintrack.cli"]
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "fintrack --help": [*entry, "--help"],
                "fintrack --version": [*entry, "--version"]}
    for cmd in commands.values():  # warm the file cache; not timed
        _seconds(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, cmd in commands.items():
            times[name].append(_seconds(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"{len(times['python -c pass'])} runs each, fresh processes; entry point: {' '.join(entry)}")
    for name, values in times.items():
        med = statistics.median(values)
        verdict = "" if name.startswith("python") else (
            f"  target {TARGET_SECONDS:.1f} s: {'met' if med <= TARGET_SECONDS else 'MISSED'}")
        print(f"{name:<20} median {med:6.3f} s  min {min(values):6.3f} s  {med / base:5.2f}x python -c pass{verdict}")
    for arg in ("--help", "--version"):
        probe = subprocess.run([sys.executable, "-c", PROBE.format(arg=arg, heavy=HEAVY)],
                               capture_output=True, text=True, check=True)
        print(f"heavy modules imported by fintrack {arg}: {probe.stderr.strip() or 'none'}")


if __name__ == "__main__":
    main()
