"""Seeded synthetic return panels for the event-study tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def make_panel(n_sessions: int, n_assets: int, seed: int, *, idio_sd: float = 0.02) -> pd.DataFrame:
    """Market-model returns: ``R = 0.0002 + beta * QQQ + 0.3 * BTC + e``, betas in [0.5, 1.5]."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2010-01-04", periods=n_sessions, name="date")
    market = rng.normal(0.0004, 0.01, n_sessions)
    bitcoin = rng.normal(0.001, 0.04, n_sessions)
    betas = rng.uniform(0.5, 1.5, n_assets)
    rets = 0.0002 + betas[None, :] * market[:, None] + 0.3 * bitcoin[:, None]
    rets = rets + rng.normal(0.0, idio_sd, (n_sessions, n_assets))
    panel = pd.DataFrame(rets, index=index, columns=[f"A{i:03d}" for i in range(n_assets)])
    panel["QQQ"] = market
    panel["BTC-USD"] = bitcoin
    return panel


def random_events(panel: pd.DataFrame, n_events: int, seed: int, *, n_assets: int, group_size: int | None = None):
    """Events on random (asset, session) pairs with room for the default windows."""
    rng = np.random.default_rng(seed)
    sessions = panel.index
    pos = rng.integers(251, len(sessions) - 6, n_events)
    assets = rng.integers(0, n_assets, n_events)
    events = pd.DataFrame(
        {"event_id": np.arange(n_events), "asset": [f"A{a:03d}" for a in assets], "date": sessions[pos]}
    )
    if group_size is not None:
        events["group"] = [f"g{i // group_size:04d}" for i in range(n_events)]
    return events


@pytest.fixture(scope="module")
def small_panel() -> pd.DataFrame:
    """400 sessions x 12 assets + QQQ + BTC-USD, seed 7."""
    return make_panel(400, 12, seed=7)


@pytest.fixture(scope="session")
def panel_factory():
    """``make_panel(n_sessions, n_assets, seed, idio_sd=0.02)``."""
    return make_panel


@pytest.fixture(scope="session")
def events_factory():
    """``random_events(panel, n_events, seed, n_assets=..., group_size=None)``."""
    return random_events


def first_and_refitted_residuals(run) -> tuple[dict, dict, object]:
    """Call ``run()`` (an event study) while recording each studied event's estimation residuals twice: as the
    first pass fitted them and as GRANK's pass fitted them again. Returns ``(first, again, run's result)``,
    each dict keyed by event index."""
    from fintrack.study import engine

    kept, fitted_again = [], []
    real_study_chunk, real_refit = engine._study_chunk, engine._refit_residuals

    def study_chunk(ctx, chunk):
        part = real_study_chunk(ctx, chunk)
        if len(part["studied"]):
            kept.append((chunk[part["studied"]], part["est_residuals"].copy()))
        return part

    def refit(ctx, idx, *args):
        out = real_refit(ctx, idx, *args)
        fitted_again.append((np.asarray(idx), out.copy()))
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_study_chunk", study_chunk)
        mp.setattr(engine, "_refit_residuals", refit)
        result = run()

    def by_event(pairs):
        return dict(zip(np.concatenate([i for i, _ in pairs]), np.concatenate([r for _, r in pairs])))

    return by_event(kept), by_event(fitted_again), result
