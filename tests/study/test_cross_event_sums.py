"""cross_event_sums and the GRANK sums equal plain loops over events, on complete and on gappy residuals."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fintrack.study import statistics as st

WINDOWS = [slice(40, 41), slice(39, 42), slice(40, 46)]


def _plain_sums(est: np.ndarray, ar_all: np.ndarray, windows: list[slice], codes: np.ndarray, g: int) -> dict:
    """The sums of ``cross_event_sums`` event by event: scipy ranks, numpy mean and norm, missing days skipped."""
    n_est, n_all = est.shape[1], ar_all.shape[1]
    out = {"n": np.zeros(g), "incomplete": np.zeros(g), "est_sum": np.zeros((g, n_est)),
           "est_count": np.zeros((g, n_est)), "z_sum": np.zeros((g, n_est)), "z_sq": np.zeros(g),
           "rank_sum": np.zeros((g, n_all)), "rank_count": np.zeros((g, n_all)),
           "window_complete": np.zeros((g, len(windows))), "window_rank_sum": np.zeros((g, len(windows), n_all))}
    for i, c in enumerate(codes):
        e, a = est[i], ar_all[i]
        ok = np.isfinite(e)
        out["n"][c] += 1
        out["incomplete"][c] += not ok.all()
        out["est_sum"][c, ok] += e[ok]
        out["est_count"][c, ok] += 1
        dev = e[ok] - e[ok].mean()
        norm = np.linalg.norm(dev)
        if norm > 0:
            out["z_sum"][c, ok] += dev / norm
            out["z_sq"][c] += np.sum((dev / norm) ** 2)
        ok_all = np.isfinite(a)
        k = stats.rankdata(a[ok_all]) / (1.0 + ok_all.sum())
        out["rank_sum"][c, ok_all] += k
        out["rank_count"][c, ok_all] += 1
        ranks = np.full(n_all, np.nan)
        ranks[ok_all] = k
        for w, window in enumerate(windows):
            if ok_all[window].all():
                out["window_complete"][c, w] += 1
                out["window_rank_sum"][c, w, window] += ranks[window]
    return out


def _residuals(rng: np.random.Generator, n: int, gappy: bool) -> tuple[np.ndarray, np.ndarray]:
    est = rng.normal(scale=0.02, size=(n, 40))
    est[3] = 0.25  # a constant row (its mean exact in binary): zero norm, no unit residual
    est[5, :6] = est[5, 6:12]  # ties within a row
    if gappy:
        est[rng.random(est.shape) < 0.05] = np.nan
    ar_all = np.concatenate([est, rng.normal(scale=0.03, size=(n, 6))], axis=1)
    return est, ar_all


@pytest.mark.parametrize("gappy", [False, True])
@pytest.mark.parametrize("grouping", ["one", "sorted", "unsorted"])
def test_cross_event_sums_equal_a_loop_over_events(gappy, grouping):
    rng = np.random.default_rng(17)
    est, ar_all = _residuals(rng, 80, gappy)
    codes = {"one": np.zeros(80, np.intp), "sorted": np.sort(rng.integers(0, 3, 80)),
             "unsorted": rng.integers(0, 3, 80)}[grouping]
    g = int(codes.max()) + 1
    got = st.cross_event_sums(est, ar_all, WINDOWS, None if grouping == "one" else codes,
                              None if grouping == "one" else g)
    expected = _plain_sums(est, ar_all, WINDOWS, codes, g)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-13, err_msg=key)


@pytest.mark.parametrize("gappy", [False, True])
def test_grank_prepared_base_is_each_days_rank_among_the_estimation_days(gappy):
    rng = np.random.default_rng(19)
    est, _ = _residuals(rng, 30, gappy)
    sigma = rng.uniform(0.01, 0.03, 30)
    prep = st.grank_prepared(est, sigma)
    for i in range(30):
        ok = np.isfinite(est[i])
        m = ok.sum()
        expected = np.zeros(est.shape[1])
        expected[ok] = stats.rankdata(est[i, ok] / sigma[i]) / (m + 2.0) - 0.5
        np.testing.assert_allclose(prep["base"][i], expected, rtol=1e-13, atol=1e-15)
        assert prep["m"][i] == m and prep["t1"][i] == m + 2.0
    np.testing.assert_array_equal(prep["finite"], np.isfinite(est))
