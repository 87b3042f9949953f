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


def _grank_loop(sar: np.ndarray, gsar0: np.ndarray, codes: np.ndarray, g: int) -> dict:
    """GRANK's sums event by event: the window's value ranked with the event's finite ``sar`` by scipy."""
    out = {"n_t": np.zeros((g, sar.shape[1])), "u_sum": np.zeros((g, sar.shape[1])), "u0_sum": np.zeros(g),
           "n": np.zeros(g)}
    for i, c in enumerate(codes):
        if not np.isfinite(gsar0[i]):
            continue
        ok = np.isfinite(sar[i])
        u = stats.rankdata(np.append(sar[i, ok], gsar0[i])) / (ok.sum() + 2.0) - 0.5
        out["u_sum"][c, ok] += u[:-1]
        out["n_t"][c, ok] += 1
        out["u0_sum"][c] += u[-1]
        out["n"][c] += 1
    return out


def _grank_inputs(gappy: bool, n: int = 60):
    rng = np.random.default_rng(23)
    est, _ = _residuals(rng, n, gappy)
    sigma = rng.uniform(0.01, 0.03, n)
    sar = est / sigma[:, None]
    gsar0 = rng.normal(size=n)
    # ties with an estimation day: a middle one, the lowest, the highest, a day tied with another day
    gsar0[7] = sar[7, 12]
    gsar0[8] = np.nanmin(sar[8])
    gsar0[9] = np.nanmax(sar[9])
    gsar0[5] = sar[5, 2]  # row 5 has days 0-5 equal to days 6-11
    gsar0[11] = np.nan  # no SCAR: not in the test
    gsar0[12] = sar[12, 30] + 1e-15 * abs(sar[12, 30])  # close to a day, not equal
    codes = np.sort(rng.integers(0, 3, n))
    return est, sigma, sar, gsar0, codes


@pytest.mark.parametrize("gappy", [False, True])
def test_grank_window_sums_equal_a_loop_with_scipy_ranks(gappy):
    est, sigma, sar, gsar0, codes = _grank_inputs(gappy)
    prep = st.grank_prepared(est, sigma)
    has_scar = np.isfinite(gsar0)
    got = st.grank_window_sums(prep, gsar0, has_scar, codes, 3)
    expected = _grank_loop(sar, gsar0, codes, 3)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("gappy", [False, True])
def test_grank_window_sums_read_ties_from_the_order_as_a_full_comparison_does(gappy):
    est, sigma, sar, gsar0, codes = _grank_inputs(gappy)
    est[20, 4] = np.inf  # an infinite residual: its event is compared day by day
    gsar0[20] = np.nanmax(np.where(np.isfinite(sar[20]), sar[20], np.nan))
    prep = st.grank_prepared(est, sigma)
    assert prep["infinite"][20] and prep["order"] is not None
    compared = dict(prep, order=None)  # every event compared with every day
    has_scar = np.isfinite(gsar0)
    got = st.grank_window_sums(prep, gsar0, has_scar, codes, 3)
    expected = st.grank_window_sums(compared, gsar0, has_scar, codes, 3)
    for key, value in expected.items():
        np.testing.assert_array_equal(got[key], value, err_msg=key)


@pytest.mark.parametrize("gappy", [False, True])
@pytest.mark.parametrize("one_group", [False, True])
def test_grank_windows_sums_equal_the_loop_window_by_window(gappy, one_group):
    est, sigma, sar, gsar0, codes = _grank_inputs(gappy)
    rng = np.random.default_rng(31)
    # window 0 has the ties and the missing SCAR, window 1 neither, window 2 every SCAR but ties
    tie_free = rng.normal(size=len(gsar0))
    windows = np.stack([gsar0, tie_free, np.where(np.isfinite(gsar0), gsar0, 0.25)], axis=1)
    if one_group:
        codes = np.zeros_like(codes)
    g = 1 if one_group else 3
    prep = st.grank_prepared(est, sigma)
    got = st.grank_windows_sums(prep, windows, np.isfinite(windows), codes, g, totals=st.grank_totals(prep, codes, g))
    assert len(got) == 3
    for w in range(3):
        expected = _grank_loop(sar, windows[:, w], codes, g)
        for key, value in expected.items():
            np.testing.assert_allclose(got[w][key], value, rtol=1e-12, atol=1e-12, err_msg=f"{key} window {w}")


@pytest.mark.parametrize("width", [240, 300])
def test_positive_share_is_the_share_of_positive_finite_residuals(width):
    rng = np.random.default_rng(29)
    est = rng.normal(size=(20, width))
    est[rng.random(est.shape) < 0.1] = np.nan
    est[3] = np.nan  # no residual: 0 / 0
    est[4, :5] = 0.0  # zero is not positive
    got = st.positive_share(est)
    for i, row in enumerate(est):
        ok = row[np.isfinite(row)]
        if len(ok):
            assert got[i] == pytest.approx(np.mean(ok > 0), rel=1e-15)
        else:
            assert np.isnan(got[i])
