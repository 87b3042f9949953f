"""Benchmark fintrack.study against a published PyPI event-study package.

A seeded synthetic panel (500 assets x 3,000 sessions of market-model simple
returns, plus QQQ and BTC-USD) and 10,000 events on random (asset, session)
pairs. The script times:

1. ``fintrack.event_study`` on all 10,000 events, market model, default
   windows (estimation (-250,-11), event (-5,+5), 4 CAR windows) with every
   test: per-event AR/CAR t-tests, BHAR, empirical p, and the 8 cross-event
   tests (best of 3 runs, plus the first run);
2. the peer, ``eventstudy`` 0.1a12 (https://pypi.org/project/eventstudy/), on the
   same inputs and the same windows (estimation 240 sessions, buffer 5, event
   (-5,+5)): ``Single.market_model`` per event until 60 s have passed, then
   ``Multiple`` on the finished events (its aggregate CAAR t-test).

The peer is never a fintrack dependency: it lives in its own virtualenv and
runs in a child process of this script, which regenerates the same inputs
from the same seed. Set it up once with::

    python3.11 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install eventstudy

and point ``--peer-python`` (or ``$FINTRACK_BENCH_PEER_PYTHON``) at it.

Usage::

    python scripts/bench_event_study.py [--events 10000] [--budget 60]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

SEED = 20240309
N_ASSETS = 500
N_SESSIONS = 3000
DEFAULT_PEER_PYTHON = "/tmp/benchvenv/bin/python"


def synthetic_inputs(n_events: int, seed: int = SEED):
    """Return (dates, columns, returns matrix, event asset names, event session positions); numpy only."""
    rng = np.random.default_rng(seed)
    dates = np.busday_offset("2010-01-04", np.arange(N_SESSIONS), roll="forward").astype("datetime64[ns]")
    market = rng.normal(0.0004, 0.01, N_SESSIONS)
    bitcoin = rng.normal(0.001, 0.04, N_SESSIONS)
    betas = rng.uniform(0.5, 1.5, N_ASSETS)
    rets = 0.0002 + betas[None, :] * market[:, None] + 0.2 * bitcoin[:, None]
    rets += rng.normal(0.0, 0.02, (N_SESSIONS, N_ASSETS))
    columns = [f"A{i:03d}" for i in range(N_ASSETS)] + ["QQQ", "BTC-USD"]
    matrix = np.column_stack([rets, market, bitcoin])
    pos = rng.integers(251, N_SESSIONS - 6, n_events)
    assets = [columns[a] for a in rng.integers(0, N_ASSETS, n_events)]
    return dates, columns, matrix, assets, pos


def run_fintrack(n_events: int) -> dict:
    import pandas as pd

    from fintrack.study import event_study

    dates, columns, matrix, assets, pos = synthetic_inputs(n_events)
    panel = pd.DataFrame(matrix, index=pd.DatetimeIndex(dates, name="date"), columns=columns)
    events = pd.DataFrame({"event_id": np.arange(n_events), "asset": assets, "date": panel.index[pos]})
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = event_study(panel, events, model="market")
        times.append(time.perf_counter() - t0)
    return {"first": times[0], "best": min(times), "n": len(result.events), "n_tests": len(result.tests),
            "caar": float(result.car.loc[result.car["window"] == "(-5,+5)", "car"].mean())}


def run_peer(n_events: int, budget: float) -> dict:
    """Child-process side: runs inside the peer's virtualenv; imports no fintrack."""
    import eventstudy as es

    dates, columns, matrix, assets, pos = synthetic_inputs(n_events)
    data = {"date": dates.astype("datetime64[D]")}
    data.update({c: matrix[:, j] for j, c in enumerate(columns)})
    es.Single._save_parameter("returns", data)
    sample, errors = [], 0
    t0 = time.perf_counter()
    for asset, p in zip(assets, pos):
        if time.perf_counter() - t0 > budget:
            break
        try:
            sample.append(es.Single.market_model(
                security_ticker=asset, market_ticker="QQQ", event_date=data["date"][p],
                event_window=(-5, 5), estimation_size=240, buffer_size=5))
        except Exception:  # the peer raises on data gaps; count, do not stop
            errors += 1
    agg = es.Multiple(sample)
    elapsed = time.perf_counter() - t0
    return {"time": elapsed, "n": len(sample), "errors": errors, "caar": float(agg.CAAR[-1])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds given to the peer")
    parser.add_argument("--peer-python", default=os.environ.get("FINTRACK_BENCH_PEER_PYTHON", DEFAULT_PEER_PYTHON))
    parser.add_argument("--peer-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.peer_child:
        print(json.dumps(run_peer(args.events, args.budget)))
        return 0

    print(f"inputs: {N_ASSETS} assets x {N_SESSIONS} sessions, {args.events} events, seed {SEED}")
    print(f"machine: {os.cpu_count()} cores")
    fin = run_fintrack(args.events)
    per_fin = fin["best"] / fin["n"]
    print(f"fintrack.study: {fin['n']} events, market model, 4 CAR windows, all tests "
          f"({fin['n_tests']} test rows): best of 3 {fin['best']:.3f} s (first run {fin['first']:.3f} s), "
          f"{per_fin * 1e6:.1f} us/event; CAAR(-5,+5) {fin['caar']:+.5f}")

    if not os.path.exists(args.peer_python):
        print(f"peer: not run: {args.peer_python} missing. Install with: "
              "python3.11 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install eventstudy")
        return 0
    check = subprocess.run([args.peer_python, "-c", "import eventstudy"], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"peer: not run: 'import eventstudy' fails in {args.peer_python}: {check.stderr.strip().splitlines()[-1]}"
              " (install with: <that python> -m pip install eventstudy)")
        return 0
    proc = subprocess.run([args.peer_python, os.path.abspath(__file__), "--peer-child", "--events", str(args.events),
                           "--budget", str(args.budget)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"peer: eventstudy failed: {proc.stderr.strip().splitlines()[-1]}")
        return 0
    peer = json.loads(proc.stdout.strip().splitlines()[-1])
    per_peer = peer["time"] / peer["n"]
    print(f"eventstudy 0.1a12 (PyPI): {peer['n']} events in {peer['time']:.1f} s (budget {args.budget:.0f} s; "
          f"{peer['errors']} errors), {per_peer * 1e6:.0f} us/event; CAAR(-5,+5) on its events {peer['caar']:+.5f}")
    print(f"per-event speed ratio (eventstudy / fintrack): {per_peer / per_fin:,.0f}x")
    print(f"target (10,000 events with every test <= 1 s): {'met' if fin['best'] <= 1.0 else 'NOT met'}"
          f" (best {fin['best']:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
