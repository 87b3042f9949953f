"""Regression tests for the findings B1-B7 of issue 12, each reproducing its numbers.

Null-size simulations work on synthetic residual arrays at the statistics
level (no fitting), so they stay small and fast; each states its Monte Carlo
standard error.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from fintrack.market import load_prices, returns_panel, session_for
from fintrack.study import EventStudyWarning, event_study
from fintrack.study import statistics as st

MINERS = ("CAN", "BITF", "EBON", "HIVE", "HUT", "MARA", "RIOT")


@pytest.fixture(scope="module")
def miners_panel(shared_prices_dir):
    return returns_panel({t: load_prices(t, prices_dir=shared_prices_dir) for t in MINERS + ("QQQ", "BTC-USD")})


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EventStudyWarning)
        return event_study(*args, **kwargs)


# ---------------------------------------------------------------------------
# B1: Corrado and Brown-Warner with incomplete estimation windows.
# 2,000 samples of 20 events, iid N(0,1) abnormal returns, estimation 240 days + event 11 days;
# half the events lack the first 115 estimation days (125 of 240 returns, above the 120 minimum).
# Monte Carlo standard error of a 5% rate over 2,000 samples: 0.49 points; band 5 +- 1.5.
# ---------------------------------------------------------------------------
N_SAMPLES, N_EVENTS, L_EST, L_EVT = 2000, 20, 240, 11


@pytest.fixture(scope="module")
def incomplete_null():
    rng = np.random.default_rng(12)
    ar_all = rng.standard_normal((N_SAMPLES * N_EVENTS, L_EST + L_EVT))
    half = (np.arange(N_SAMPLES * N_EVENTS) % N_EVENTS) < N_EVENTS // 2
    ar_all[half, :115] = np.nan
    groups = np.arange(N_SAMPLES * N_EVENTS) // N_EVENTS
    # ranked in chunks of rows (each row is ranked on its own), written in place, to keep the peak memory low
    ranks = np.empty_like(ar_all)
    for rows in np.array_split(np.arange(len(ar_all)), 8):
        ranks[rows] = st.standardized_ranks(ar_all[rows])
    return ar_all, groups, ranks


def _old_corrado(ar_all, window, groups, k):
    """The pre-fix statistic: days weighted by N_t over the mean N_t."""
    ok = np.isfinite(ar_all)
    g = groups.max() + 1
    n_t = np.stack([np.bincount(groups, weights=ok[:, d], minlength=g) for d in range(ar_all.shape[1])], axis=1)
    s = np.stack([np.bincount(groups, weights=np.where(ok[:, d], k[:, d], 0), minlength=g)
                  for d in range(ar_all.shape[1])], axis=1)
    kbar = s / n_t
    s2 = np.mean((n_t / n_t.mean(axis=1, keepdims=True)) * (kbar - 0.5) ** 2, axis=1)
    kw = kbar[:, window]
    return np.sqrt(kw.shape[1]) * (kw.mean(axis=1) - 0.5) / np.sqrt(s2)


@pytest.mark.parametrize("window", [slice(L_EST + 5, L_EST + 6), slice(L_EST + 4, L_EST + 7)])
def test_b1_corrado_rank_test_keeps_its_size_with_incomplete_estimation_windows(incomplete_null, window):
    ar_all, groups, ranks = incomplete_null
    z, p, n = st.corrado_rank_z(ar_all, window, groups, ranks=ranks)
    assert (n == N_EVENTS).all()
    rate = (p < 0.05).mean()
    assert 0.035 <= rate <= 0.065, rate
    # the finding: weighting by N_t / mean N_t instead of N_t / N under-rejects (1.8-3.2% reported)
    old = _old_corrado(ar_all, window, groups, ranks)
    old_rate = (np.abs(old) > 1.959964).mean()
    assert old_rate < 0.035, old_rate


@pytest.mark.parametrize("window", [slice(L_EST + 5, L_EST + 6), slice(L_EST + 4, L_EST + 7)])
def test_b1_brown_warner_keeps_its_size_with_incomplete_estimation_windows(incomplete_null, window):
    ar_all, groups, _ = incomplete_null
    est, car = ar_all[:, :L_EST], ar_all[:, window].sum(axis=1)
    length = window.stop - window.start
    t, p, _ = st.time_series_t(car, est, length, groups)
    rate = (p < 0.05).mean()
    assert 0.035 <= rate <= 0.065, rate
    # the finding: the unweighted sd of the AAR ignores that half the days hold 10 events, not 20 (1.0-2.4%)
    ok = np.isfinite(est)
    aar = np.stack([np.bincount(groups, weights=np.where(ok[:, d], est[:, d], 0.0)) / np.bincount(groups, weights=ok[:, d])
                    for d in range(L_EST)], axis=1)
    caar = np.bincount(groups, weights=car) / N_EVENTS
    old_t = caar / (np.sqrt(length) * aar.std(axis=1, ddof=1))
    old_rate = (np.abs(old_t) > 1.970).mean()  # t(239) critical value
    assert old_rate < 0.035, old_rate


def test_b1_brown_warner_equals_a_loop_over_days_with_n_t_over_n_weights():
    rng = np.random.default_rng(3)
    est = rng.normal(0, 0.02, (6, 30))
    est[0, :10] = np.nan
    est[3, 20:] = np.nan
    car = rng.normal(0, 0.03, 6)
    car[5] = np.nan  # one event lacks the window: N = 6, n = 5
    aar, w = [], []
    for d in range(30):
        col = est[:, d][np.isfinite(est[:, d])]
        aar.append(col.mean())
        w.append(len(col))
    aar, w = np.array(aar), np.array(w)
    m = (w * aar).sum() / w.sum()
    s = np.sqrt((w / 6 * (aar - m) ** 2).sum() / 29)
    expected = np.nanmean(car) / (np.sqrt(3) * s * np.sqrt(6 / 5))
    t, _, n = st.time_series_t(car, est, 3)
    assert t[0] == pytest.approx(expected, rel=1e-12)
    assert n[0] == 5


def test_b1_corrado_equals_a_loop_with_n_t_over_n_weights():
    rng = np.random.default_rng(4)
    ar_all = rng.normal(0, 1, (5, 40))
    ar_all[1, :12] = np.nan
    ar_all[4, 5:9] = np.nan
    window = slice(36, 39)
    from scipy.stats import rankdata

    k = np.full(ar_all.shape, np.nan)
    for i, row in enumerate(ar_all):
        ok = np.isfinite(row)
        k[i, ok] = rankdata(row[ok]) / (ok.sum() + 1)
    kbar = np.array([np.nanmean(k[:, d]) for d in range(40)])
    n_t = np.isfinite(k).sum(axis=0)
    s2 = np.mean(n_t / 5 * (kbar - 0.5) ** 2)
    expected = np.sqrt(3) * (kbar[window].mean() - 0.5) / np.sqrt(s2)
    z, _, _ = st.corrado_rank_z(ar_all, window)
    assert z[0] == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------
# B2: Kolari-Pynnonen average cross-correlation, pairwise-complete
# ---------------------------------------------------------------------------
def test_b2_average_correlation_is_the_mean_of_pandas_pairwise_complete_correlations():
    rng = np.random.default_rng(11)
    common = rng.standard_normal(240)
    x = 0.6 * common + 0.8 * rng.standard_normal((7, 240))
    x[2, :115] = np.nan  # one series with 125 observations
    corr = pd.DataFrame(x.T).corr().to_numpy()
    expected = corr[np.triu_indices(7, 1)].mean()
    assert st.average_residual_correlation(x)[0] == pytest.approx(expected, rel=1e-12)


def test_b2_real_miners_on_2021_01_11_average_correlation_0_324_and_kp_minus_4_09(miners_panel):
    events = pd.DataFrame({"event_id": list(MINERS), "asset": list(MINERS), "date": ["2021-01-11"] * 7})
    result = _quiet(miners_panel, events)
    assert result.events.set_index("event_id").loc["EBON", "n_est"] == 125
    # the finding: 0.312 with missing residuals read as zeros, 0.324 pairwise-complete; KP -4.17 -> -4.09
    assert result.recommended["residual_correlation"].iloc[0] == pytest.approx(0.3235, abs=5e-4)
    kp = result.tests.set_index(["window", "test"]).loc[("(0,0)", "kolari_pynnonen"), "statistic"]
    assert kp == pytest.approx(-4.087, abs=1e-3)


# ---------------------------------------------------------------------------
# B3: the time of day of an event
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def panel_2021():
    rng = np.random.default_rng(1)
    from fintrack.market import sessions

    index = sessions("2020-01-02", "2021-12-31")
    data = rng.normal(0, 0.01, (len(index), 2))
    return pd.DataFrame(data, index=index, columns=["A", "QQQ"])


@pytest.mark.parametrize(
    ("stamp", "day0"),
    [
        ("2021-03-09 18:30", "2021-03-10"),  # after the 16:00 close: next session
        ("2021-03-09 11:55", "2021-03-09"),  # during the session
        ("2021-03-09 07:00", "2021-03-09"),  # pre-market
        ("2021-11-26 13:30", "2021-11-29"),  # after a half day's 13:00 close
        ("2021-11-26 12:30", "2021-11-26"),  # before it
        ("2021-04-02 10:00", "2021-04-05"),  # Good Friday: next session
        ("2021-03-09", "2021-03-09"),  # a date alone
        (pd.Timestamp("2021-03-09 22:00", tz="UTC"), "2021-03-10"),  # 17:00 New York
        (pd.Timestamp("2021-03-09 20:00", tz="UTC"), "2021-03-09"),  # 15:00 New York
    ],
)
def test_b3_day0_is_the_session_that_can_first_react_to_the_event_time(panel_2021, stamp, day0):
    events = pd.DataFrame({"event_id": [1], "asset": ["A"], "date": [stamp]})
    result = _quiet(panel_2021, events)
    assert result.events["session"].iloc[0] == pd.Timestamp(day0)
    assert pd.Timestamp(day0) == session_for(stamp)  # the market layer's independent rule


# ---------------------------------------------------------------------------
# B4: one asset and session under two event ids is counted once, with a warning
# ---------------------------------------------------------------------------
def test_b4_duplicate_asset_and_session_is_counted_once_with_a_warning(small_panel):
    idx = small_panel.index
    events = pd.DataFrame({"event_id": ["a", "b", "a-again"], "asset": ["A001", "A002", "A001"],
                           "date": [idx[300], idx[320], idx[300]]})
    with pytest.warns(EventStudyWarning, match="duplicate event"):
        result = event_study(small_panel, events)
    two = _quiet(small_panel, events.iloc[:2])
    assert result.skipped.set_index("event_id").loc["a-again", "reason"] == (
        "same asset and day-0 session as event 'a' (counted once)")
    got = result.tests.set_index(["window", "test"]).loc[("(0,0)", "patell_z")]
    ref = two.tests.set_index(["window", "test"]).loc[("(0,0)", "patell_z")]
    assert got["n"] == 2
    assert got["statistic"] == pytest.approx(ref["statistic"], rel=1e-12)


def test_b4_a_time_of_day_after_the_close_can_make_two_events_duplicates(panel_2021):
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A", "A"], "date": ["2021-03-09 18:30", "2021-03-10"]})
    with pytest.warns(EventStudyWarning):
        result = event_study(panel_2021, events)
    assert result.skipped["event_id"].tolist() == [2]


# ---------------------------------------------------------------------------
# B5: another event's window inside this one's estimation window
# ---------------------------------------------------------------------------
def test_b5_overlap_is_reported_and_masked_out_of_the_fit(small_panel):
    idx = small_panel.index
    events = pd.DataFrame({"event_id": ["late", "early"], "asset": ["A001", "A001"], "date": idx[[300, 280]]})
    result = event_study(small_panel, events)
    assert any("inside their estimation window; those sessions were masked" in n for n in result.notes)
    # day -20 of "late": "early"'s event window, rows 275..285, lies inside rows 50..289
    assert result.overlaps.values.tolist() == [["late", "A001", "early", idx[280], 11]]
    late = result.events.set_index("event_id").loc["late"]
    assert (late["n_est"], late["n_masked"], late["n_overlaps"]) == (229, 11, 1)
    # independent fit: OLS of A001 on QQQ over rows 50..289 without 275..285
    rows = np.r_[50:275, 286:290]
    x = np.column_stack([np.ones(len(rows)), small_panel["QQQ"].to_numpy()[rows]])
    coef = np.linalg.lstsq(x, small_panel["A001"].to_numpy()[rows], rcond=None)[0]
    assert late["alpha"] == pytest.approx(coef[0], rel=1e-10)
    assert late["beta"] == pytest.approx(coef[1], rel=1e-10)
    kept = _quiet(small_panel, events, mask_overlaps=False).events.set_index("event_id").loc["late"]
    assert kept["n_est"] == 240 and len(_quiet(small_panel, events, mask_overlaps=False).overlaps) == 1


def test_b5_real_can_2021_02_08_inside_the_estimation_window_of_2021_03_09(miners_panel):
    events = pd.DataFrame({"event_id": ["feb", "mar"], "asset": ["CAN", "CAN"], "date": ["2021-02-08", "2021-03-09"]})
    masked = _quiet(miners_panel, events)
    kept = _quiet(miners_panel, events, mask_overlaps=False)
    # the finding: CAN's alpha 0.98%/day -> 0.33%/day, CAR(-1,+1) t 2.51 -> 2.90
    assert kept.events.set_index("event_id").loc["mar", "alpha"] == pytest.approx(0.00979, abs=1e-5)
    assert masked.events.set_index("event_id").loc["mar", "alpha"] == pytest.approx(0.00332, abs=1e-5)
    t = {name: r.car.set_index(["event_id", "window"]).loc[("mar", "(-1,+1)"), "t"]
         for name, r in (("kept", kept), ("masked", masked))}
    assert t["kept"] == pytest.approx(2.509, abs=1e-3)
    assert t["masked"] == pytest.approx(2.901, abs=1e-3)


# ---------------------------------------------------------------------------
# B6: clustered event dates make Kolari-Pynnonen the headline test
# 2,000 samples of 2 dates x 7 assets, residual correlation 0.32 within a date.
# Monte Carlo standard error of a 5% rate: 0.49 points.
# ---------------------------------------------------------------------------
def test_b6_under_date_clustering_bmp_over_rejects_and_kolari_pynnonen_holds_its_size():
    rng = np.random.default_rng(6)
    n_samples, per_date, rho, length = 2000, 7, 0.32, 120
    n = n_samples * 2 * per_date
    cluster = np.arange(n) // per_date  # same date within blocks of 7
    groups = np.arange(n) // (2 * per_date)
    common_est = rng.standard_normal((n_samples * 2, length))[cluster]
    est = np.sqrt(rho) * common_est + np.sqrt(1 - rho) * rng.standard_normal((n, length))
    scar = np.sqrt(rho) * rng.standard_normal(n_samples * 2)[cluster] + np.sqrt(1 - rho) * rng.standard_normal(n)
    rate = {}
    for name, (_, p, _) in {
        "cross_sectional_t": st.cross_sectional_t(scar, groups),
        "bmp": st.bmp_t(scar, groups),
        "kolari_pynnonen": st.kolari_pynnonen_t(scar, est, groups),
    }.items():
        rate[name] = (p < 0.05).mean()
    # the finding: cross-sectional t and BMP reject 35-41% under such clustering
    assert rate["bmp"] > 0.25 and rate["cross_sectional_t"] > 0.25, rate
    assert 0.035 <= rate["kolari_pynnonen"] <= 0.065, rate


def test_b6_events_sharing_dates_get_kolari_pynnonen_as_headline_with_the_reason(small_panel):
    idx = small_panel.index
    assets = [f"A{i:03d}" for i in range(7)]
    events = pd.DataFrame({"event_id": range(14), "asset": assets * 2, "date": [idx[300]] * 7 + [idx[330]] * 7,
                           "group": ["peers"] * 14})
    result = _quiet(small_panel, events)
    test, reason = result.recommended_test("peers")
    assert test == "kolari_pynnonen"
    assert reason.startswith("14 of 14 events share a day-0 session (2 distinct sessions")
    assert "over-reject" in reason
    assert "* headline test: 14 of 14" in result.summary()


def test_b6_events_on_distinct_dates_get_bmp_as_headline(small_panel):
    idx = small_panel.index
    events = pd.DataFrame({"event_id": range(4), "asset": ["A001", "A002", "A003", "A004"],
                           "date": idx[[280, 300, 320, 340]]})
    result = _quiet(small_panel, events)
    assert result.recommended_test()[0] == "bmp"
    with pytest.raises(KeyError, match="no group 'x'"):
        result.recommended_test("x")


# ---------------------------------------------------------------------------
# B7: the summary names the return kind and price field; BHAR needs simple returns
# ---------------------------------------------------------------------------
def test_b7_summary_prints_the_return_kind_and_price_field(small_panel):
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A001", "A002"], "date": small_panel.index[[300, 320]]})
    simple = _quiet(small_panel, events)
    assert "simple, adj. close" in simple.summary()
    logged = _quiet(small_panel, events, return_kind="log", price_field="close")
    assert "log, close" in logged.summary() and "simple, adj. close" not in logged.summary()
    panel = small_panel.copy()
    panel.attrs.update(return_kind="log", price_field="close")
    assert _quiet(panel, events).return_kind == "log"


def test_b7_bhar_is_not_computed_from_log_returns(small_panel):
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A001", "A002"], "date": small_panel.index[[300, 320]]})
    logged = event_study(small_panel, events, return_kind="log")
    assert any(n.startswith("BHAR not computed") for n in logged.notes)
    assert "Note: BHAR not computed" in logged.summary()
    assert logged.car["bhar"].isna().all()
    assert _quiet(small_panel, events).car["bhar"].notna().all()


def test_b6_real_peer_group_of_7_miners_on_2_dates_headlines_kolari_pynnonen(miners_panel):
    rows = [(f"{t}:{day}", t, day, "peer group") for day in ("2021-02-08", "2021-03-09") for t in MINERS]
    events = pd.DataFrame(rows, columns=["event_id", "asset", "date", "group"])
    result = _quiet(miners_panel, events)
    test, reason = result.recommended_test("peer group")
    assert test == "kolari_pynnonen"
    assert "14 of 14 events share a day-0 session (2 distinct sessions; average residual cross-correlation 0.15)" \
        in reason
    tests = result.tests[result.tests["group"] == "peer group"].set_index(["window", "test"])["statistic"]
    # measured: BMP 5.06 shrinks to KP 2.70 once the cross-correlation (0.152 over all pairs) is accounted for
    assert tests[("(-1,+1)", "bmp")] == pytest.approx(5.058, abs=1e-3)
    assert tests[("(-1,+1)", "kolari_pynnonen")] == pytest.approx(2.697, abs=1e-3)


def test_b3_a_time_of_day_outside_the_calendar_keeps_its_date():
    from fintrack.study.sample import event_sessions

    out = event_sessions(pd.Series(pd.to_datetime(["1990-05-01 18:00", "2021-03-09 18:30"])), "XNAS")
    assert list(pd.DatetimeIndex(out)) == [pd.Timestamp("1990-05-01"), pd.Timestamp("2021-03-10")]


def test_b1_grank_keeps_its_size_with_incomplete_estimation_windows(incomplete_null):
    # same 2,000 samples: the (-1,+1) SCAR of iid N(0,1) ARs is their sum over sqrt(3)
    ar_all, groups, _ = incomplete_null
    scar = ar_all[:, L_EST + 4:L_EST + 7].sum(axis=1) / np.sqrt(3)
    # samples are independent: test them 250 at a time to keep the peak memory low
    rows = np.array_split(np.arange(len(scar)), 8)
    parts = [st.grank_t(scar[r], ar_all[r, :L_EST], np.ones(len(r)), groups[r] - groups[r][0]) for r in rows]
    p, n = np.concatenate([q[1] for q in parts]), np.concatenate([q[2] for q in parts])
    assert (n == N_EVENTS).all()
    rate = (p < 0.05).mean()
    assert 0.035 <= rate <= 0.065, rate
