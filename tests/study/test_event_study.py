"""event_study end to end: a hand-worked example, skipped events, errors, size and power."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from fintrack.errors import ConfigError, DateOutsideDataError, EstimationWindowError, InputError
from fintrack.study import TEST_NAMES, EventStudyResult, event_study

# ---------------------------------------------------------------------------
# Hand-worked example: constant-mean model, estimation (-6,-2), event (-1,+1).
# Estimation returns and event-window returns of three assets, day 0 = row 7.
# A: est 1,3,2,0,4 %  -> mean 2%, SSR 0.001, sigma^2 = 0.001/4 = 0.00025
#    event 2,7,3 %    -> AR 0, 5, 1 %
# B: est 0,2,1,1,1 %  -> mean 1%, SSR 0.0002, sigma^2 = 0.00005
#    event 1,4,0 %    -> AR 0, 3, -1 %
# C: est -1,1,0,2,-2 % -> mean 0, sigma^2 = 0.00025
#    event 0,4,-2 %   -> AR 0, 4, -2 %
# ---------------------------------------------------------------------------
HAND = {
    "A": [0.0, 0.01, 0.03, 0.02, 0.00, 0.04, 0.02, 0.07, 0.03, 0.0],
    "B": [0.0, 0.00, 0.02, 0.01, 0.01, 0.01, 0.01, 0.04, 0.00, 0.0],
    "C": [0.0, -0.01, 0.01, 0.00, 0.02, -0.02, 0.00, 0.04, -0.02, 0.0],
}
HAND_KW = dict(model="constant_mean", estimation_window=(-6, -2), event_window=(-1, 1),
               car_windows=[(0, 0), (-1, 1)], min_estimation_obs=4)


@pytest.fixture(scope="module")
def hand():
    index = pd.bdate_range("2024-01-01", periods=10, name="date")
    panel = pd.DataFrame(HAND, index=index)
    events = pd.DataFrame({"event_id": [1, 2, 3], "asset": ["A", "B", "C"], "date": [index[7]] * 3})
    return event_study(panel, events, **HAND_KW)


def test_hand_example_day0_abnormal_returns_are_5_3_4_percent(hand):
    day0 = hand.ar[hand.ar["rel_day"] == 0]
    np.testing.assert_allclose(day0["ar"], [0.05, 0.03, 0.04], atol=1e-15)


def test_hand_example_sigma_is_root_ssr_over_four(hand):
    np.testing.assert_allclose(hand.events["sigma"] ** 2, [0.00025, 0.00005, 0.00025], rtol=1e-12)


def test_hand_example_day0_variance_has_the_one_over_l_correction(hand):
    # constant mean: Var(AR) = sigma^2 (1 + 1/5); A: 0.00025 * 1.2 = 0.0003, t = 0.05 / sqrt(0.0003) = 2.88675
    a0 = hand.ar[(hand.ar["event_id"] == 1) & (hand.ar["rel_day"] == 0)].iloc[0]
    assert a0["ar_var"] == pytest.approx(0.0003, rel=1e-12)
    assert a0["t"] == pytest.approx(2.886751, rel=1e-6)


def test_hand_example_car_of_a_is_6_percent_with_variance_sigma2_times_4_8(hand):
    # CAR(-1,+1) = 0 + 5 + 1 = 6%; Var = sigma^2 (3 + 3^2/5) = 0.00025 * 4.8 = 0.0012; t = 1.732051
    row = hand.car[(hand.car["event_id"] == 1) & (hand.car["window"] == "(-1,+1)")].iloc[0]
    assert row["car"] == pytest.approx(0.06, abs=1e-15)
    assert row["car_var"] == pytest.approx(0.0012, rel=1e-12)
    assert row["t"] == pytest.approx(1.732051, rel=1e-6)
    # BHAR = 1.02*1.07*1.03 - 1.02^3 = 1.124142 - 1.061208
    assert row["bhar"] == pytest.approx(0.062934, abs=1e-12)


def test_hand_example_empirical_p_of_a_day0_is_one_sixth(hand):
    # none of A's five one-day estimation residuals (-1,1,0,-2,2 %) reaches |5%|: (1 + 0) / (1 + 5)
    row = hand.car[(hand.car["event_id"] == 1) & (hand.car["window"] == "(0,0)")].iloc[0]
    assert row["empirical_p"] == pytest.approx(1 / 6, rel=1e-12)


def test_hand_example_cross_sectional_tests(hand):
    tests = hand.tests.set_index(["window", "test"])
    # day-0 ARs 5, 3, 4 %: mean 4%, sd 1%, t = 0.04 / (0.01 / sqrt 3) = 6.928203, p (t with 2 df) = 0.020204
    assert tests.loc[("(0,0)", "cross_sectional_t"), "statistic"] == pytest.approx(6.928203, rel=1e-6)
    assert tests.loc[("(0,0)", "cross_sectional_t"), "p_value"] == pytest.approx(0.020204, rel=1e-4)
    # CAR(-1,+1) = 6, 2, 2 %: mean 3.3333%, sd 2.3094%, t = 2.5
    assert tests.loc[("(-1,+1)", "cross_sectional_t"), "statistic"] == pytest.approx(2.5, rel=1e-9)
    # Patell: SARs 2.886751, 3.872983, 2.309401; each t(4) with variance 4/2: Z = 9.069135 / sqrt(6) = 3.702459
    assert tests.loc[("(0,0)", "patell_z"), "statistic"] == pytest.approx(3.702459, rel=1e-6)
    assert tests.loc[("(0,0)", "patell_z"), "n"] == 3


def test_hand_example_aar_and_caar(hand):
    # AAR: day -1: 0, day 0: (5+3+4)/3 = 4%, day +1: (1-1-2)/3 = -0.6667%
    np.testing.assert_allclose(hand.aar["aar"], [0.0, 0.04, -0.02 / 3], atol=1e-15)
    np.testing.assert_allclose(hand.aar["caar"], [0.0, 0.04, 0.04 - 0.02 / 3], atol=1e-15)


# ---------------------------------------------------------------------------
# Result object
# ---------------------------------------------------------------------------
def test_result_tables_have_the_documented_columns(hand):
    assert isinstance(hand, EventStudyResult)
    assert list(hand.ar.columns) == ["event_id", "asset", "rel_day", "date", "ret", "normal_ret", "ar",
                                     "ar_var", "sar", "t", "p"]
    assert list(hand.car.columns) == ["event_id", "asset", "window", "start", "end", "car", "car_var", "scar",
                                      "t", "p", "bhar", "empirical_p"]
    assert list(hand.aar.columns) == ["rel_day", "n", "aar", "caar"]
    assert list(hand.tests.columns) == ["group", "window", "test", "statistic", "p_value", "n"]
    assert set(hand.tests["test"]) == set(TEST_NAMES)
    assert {"event_id", "asset", "group", "event_date", "session", "n_est", "alpha", "beta", "sigma", "r2",
            "model"} <= set(hand.events.columns)
    assert len(hand.to_frame()) == 3 * 2


def test_result_is_immutable(hand):
    with pytest.raises(AttributeError):
        hand.model = "raw"  # type: ignore[misc]


def test_summary_lists_the_model_windows_and_every_test(hand):
    text = hand.summary()
    assert "constant_mean: R = alpha + e (OLS)" in text and "(-6, -2)" in text
    for name in TEST_NAMES:
        assert name in text


def test_plot_draws_aar_bars_and_caar_line(hand):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = hand.plot(ax=ax)
    assert out is ax
    assert len(ax.patches) == 3  # one bar per event-window day
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.0, 4.0, 4.0 - 2.0 / 3], atol=1e-12)  # CAAR in %
    plt.close(fig)


def test_groups_get_their_own_tests():
    index = pd.bdate_range("2024-01-01", periods=10, name="date")
    panel = pd.DataFrame(HAND, index=index)
    events = pd.DataFrame({"event_id": [1, 2, 3], "asset": ["A", "B", "C"], "date": [index[7]] * 3,
                           "group": ["x", "x", "y"]})
    result = event_study(panel, events, **HAND_KW)
    x = result.tests[(result.tests["group"] == "x") & (result.tests["window"] == "(0,0)")
                     & (result.tests["test"] == "cross_sectional_t")].iloc[0]
    # day-0 ARs of group x: 5 and 3 %: mean 4%, sd 1.414214%, t = 0.04 / (0.01414214 / sqrt 2) = 4.0
    assert x["statistic"] == pytest.approx(4.0, rel=1e-9)
    assert x["n"] == 2


# ---------------------------------------------------------------------------
# Skipped events and errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("date, reason", [("3021-02-01", "date after the last session"),
                                          ("3021-02-01 10:30", "date after the last session"),
                                          ("1500-01-01", "date before the first session"),
                                          ("1500-01-01 10:30", "date before the first session")])
def test_a_date_centuries_outside_the_data_is_named_on_its_side_of_the_data(small_panel, date, reason):
    # beyond what nanoseconds hold: a wrapped conversion once put year 3021 before the first session
    events = pd.DataFrame({"event_id": ["ok", "far"], "asset": ["A001"] * 2,
                           "date": [str(small_panel.index[300]), date]})
    result = event_study(small_panel, events, mask_overlaps=False)
    assert list(result.events["event_id"]) == ["ok"]
    assert result.skipped.set_index("event_id").loc["far", "reason"].startswith(reason)


def test_events_that_cannot_be_studied_are_listed_with_their_reason(small_panel):
    idx = small_panel.index
    events = pd.DataFrame({
        "event_id": ["ok", "early", "late", "after", "before"],
        "asset": ["A001"] * 5,
        "date": [idx[300], idx[100], idx[397], idx[-1] + pd.Timedelta(days=10), idx[0] - pd.Timedelta(days=3)],
    })
    result = event_study(small_panel, events, mask_overlaps=False)
    # "late" is day 0 = session 397 of 400: its windows up to day +2 are studied, the rest dropped
    assert list(result.events["event_id"]) == ["ok", "late"]
    reasons = dict(zip(result.skipped["event_id"], result.skipped["reason"]))
    assert "estimation window starts 250 sessions before day 0" in reasons["early"]
    assert reasons["after"].startswith("date after the last session")
    assert reasons["before"].startswith("date before the first session")
    assert "Skipped events (3)" in result.summary()
    last = idx[-1].date()
    assert result.dropped.values.tolist() == [
        ["late", "A001", "(0,+5)", f"day +3 is past the end of the data (last session {last})"],
        ["late", "A001", "(-5,+5)", f"day +3 is past the end of the data (last session {last})"],
    ]


def test_event_with_too_few_estimation_returns_is_skipped(small_panel):
    panel = small_panel.copy()
    panel.iloc[100:250, panel.columns.get_loc("A002")] = np.nan
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A002", "A003"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events)
    # estimation rows 50..289 minus 150 missing = 90 valid returns
    assert result.skipped["reason"].tolist() == ["only 90 valid estimation returns (< 120)"]


def test_a_missing_event_window_return_drops_only_the_windows_containing_its_day(small_panel):
    panel = small_panel.copy()
    panel.iloc[302, panel.columns.get_loc("A002")] = np.nan
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A002", "A003"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events)
    assert result.skipped.empty
    day = panel.index[302].date()
    assert result.dropped[["event_id", "window", "reason"]].values.tolist() == [
        [1, "(0,+5)", f"missing A002 return on {day} (day +2)"],
        [1, "(-5,+5)", f"missing A002 return on {day} (day +2)"],
    ]
    assert f"Dropped CAR windows (2):\n  1           A002      (0,+5)    missing A002 return on {day} (day +2)" \
        in result.summary()
    car = result.car.set_index(["event_id", "window"])
    assert np.isfinite(car.loc[(1, "(0,0)"), "car"]) and np.isfinite(car.loc[(1, "(-1,+1)"), "car"])
    assert np.isnan(car.loc[(1, "(0,+5)"), "car"]) and np.isnan(car.loc[(1, "(0,+5)"), "empirical_p"])
    tests = result.tests.set_index(["window", "test"])
    assert tests.loc[("(0,0)", "cross_sectional_t"), "n"] == 2
    assert tests.loc[("(0,+5)", "cross_sectional_t"), "n"] == 1
    # the AAR of day +2 averages the one event that has it
    assert result.aar.loc[result.aar["rel_day"] == 2, "n"].iloc[0] == 1


def test_an_event_without_any_complete_car_window_is_skipped_naming_the_day(small_panel):
    panel = small_panel.copy()
    panel.iloc[300, panel.columns.get_loc("A002")] = np.nan
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A002", "A003"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events, car_windows=[(0, 0), (-1, 1)])
    day = panel.index[300].date()
    assert result.skipped["reason"].tolist() == [
        f"no CAR window has all its returns: missing A002 return on {day} (day +0)"]


def test_a_series_that_ends_inside_the_event_window_says_so(small_panel):
    panel = small_panel.copy()
    panel.iloc[303:, panel.columns.get_loc("A002")] = np.nan  # A002 delisted after session 302
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A002", "A003"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events)
    reasons = result.dropped.loc[result.dropped["event_id"] == 1, "reason"].unique().tolist()
    assert reasons == [f"day +3 ({panel.index[303].date()}) is past the end of A002's data "
                       f"(last return {panel.index[302].date()})"]


def test_a_missing_regressor_return_is_named(small_panel):
    panel = small_panel.copy()
    panel.iloc[301, panel.columns.get_loc("QQQ")] = np.nan
    events = pd.DataFrame({"event_id": [1], "asset": ["A002"], "date": panel.index[[300]]})
    result = event_study(panel, events)
    assert result.dropped["reason"].iloc[0] == f"missing QQQ (regressor) return on {panel.index[301].date()} (day +1)"


def test_day0_is_the_first_session_on_or_after_the_event_date(small_panel):
    saturday = pd.Timestamp("2011-02-05")
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": ["2011-02-05"]})
    result = event_study(small_panel, events)
    assert saturday.day_of_week == 5
    assert result.events["session"].iloc[0] == pd.Timestamp("2011-02-07")


def test_no_studiable_event_raises_estimation_window_error(small_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": [small_panel.index[50]]})
    with pytest.raises(EstimationWindowError, match="no event could be studied"):
        event_study(small_panel, events)


def test_all_dates_outside_the_panel_raise_date_outside_data_error(small_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": ["2030-01-02"]})
    with pytest.raises(DateOutsideDataError):
        event_study(small_panel, events)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"estimation_window": (-11, -250)}, "inverted"),
        ({"estimation_window": (-250, -3)}, "overlaps the event window"),
        ({"car_windows": [(0, 9)]}, "outside the event window"),
        ({"model": "capm"}, "unknown event-study model"),
        ({"min_estimation_obs": 500}, "min_estimation_obs"),
    ],
)
def test_bad_configuration_raises_config_error(small_panel, kwargs, message):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": [small_panel.index[300]]})
    with pytest.raises(ConfigError, match=message):
        event_study(small_panel, events, **kwargs)


def test_asset_or_factor_missing_from_panel_is_an_input_error(small_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["ZZZ"], "date": [small_panel.index[300]]})
    with pytest.raises(InputError, match="not in the returns panel"):
        event_study(small_panel, events)
    events["asset"] = "A001"
    with pytest.raises(InputError, match=r"needs column\(s\) \['SPY'\]"):
        event_study(small_panel, events, market="SPY")


def test_unknown_assets_are_named_sorted_and_a_missing_asset_is_an_input_error(small_panel):
    days = small_panel.index[[300, 301, 302, 303]]
    events = pd.DataFrame({"event_id": [1, 2, 3, 4], "asset": ["ZZZ", "A001", "YYY", "ZZZ"], "date": days})
    with pytest.raises(InputError, match=r"not in the returns panel: \['YYY', 'ZZZ'\]$"):
        event_study(small_panel, events)
    events["asset"] = ["A001", None, "A002", "A001"]
    with pytest.raises(InputError, match="'asset' column has missing values"):
        event_study(small_panel, events)


def test_duplicate_event_ids_are_an_input_error(small_panel):
    events = pd.DataFrame({"event_id": [1, 1], "asset": ["A001", "A002"], "date": small_panel.index[[300, 310]]})
    with pytest.raises(InputError, match="appears more than once"):
        event_study(small_panel, events)


# ---------------------------------------------------------------------------
# Size under the null and power: 2,000 samples of 50 events each (groups).
# 50, not 30: with 30 events the generalized sign statistic is so discrete that its
# rejection rate sits on the 3.5% edge (seen: 0.035 at seed 2024); at 50 all tests
# land in 4.2%-5.2% with this seed. The standard error of a 5% rate over 2,000
# samples is 0.49 points, so [3.5%, 6.5%] is about +-3 standard errors.
# ---------------------------------------------------------------------------
SIM_KW = dict(model="market", estimation_window=(-130, -11), event_window=(-2, 2),
              car_windows=[(0, 0), (-2, 2)], min_estimation_obs=100, mask_overlaps=False)


@pytest.fixture(scope="module")
def null_study(panel_factory):
    panel = panel_factory(1200, 200, seed=99)
    rng = np.random.default_rng(2024)
    n = 100_000
    pos = rng.integers(131, len(panel) - 3, n)
    events = pd.DataFrame({"event_id": np.arange(n), "asset": [f"A{a:03d}" for a in rng.integers(0, 200, n)],
                           "date": panel.index[pos], "group": np.arange(n) // 50})
    result = event_study(panel, events, **SIM_KW)
    # the module keeps only what its tests read: the full result (1.1M AR rows) would stay resident
    # under every later test of the module
    return SimpleNamespace(tests=result.tests, car=result.car[["window", "p", "empirical_p"]],
                           ar=result.ar.loc[result.ar["rel_day"] == 0, ["rel_day", "p"]])


@pytest.mark.parametrize("window", ["(0,0)", "(-2,+2)"])
@pytest.mark.parametrize("test", TEST_NAMES)
def test_each_test_rejects_about_5_percent_under_the_null(null_study, window, test):
    tests = null_study.tests
    sel = tests[(tests["group"] != "all") & (tests["window"] == window) & (tests["test"] == test)]
    assert len(sel) == 2000
    rate = (sel["p_value"] < 0.05).mean()
    assert 0.035 <= rate <= 0.065, f"{test} {window}: rejection rate {rate:.4f}"


@pytest.mark.parametrize("column", ["p", "empirical_p"])
def test_single_event_car_tests_reject_about_5_percent_under_the_null(null_study, column):
    car = null_study.car
    rate = (car.loc[car["window"] == "(-2,+2)", column] < 0.05).mean()
    assert 0.035 <= rate <= 0.065


def test_single_event_ar_t_test_rejects_about_5_percent_under_the_null(null_study):
    rate = (null_study.ar.loc[null_study.ar["rel_day"] == 0, "p"] < 0.05).mean()
    assert 0.035 <= rate <= 0.065


def test_planted_two_percent_day0_abnormal_return_is_recovered_with_high_power(panel_factory):
    panel = panel_factory(600, 300, seed=5).copy()
    rng = np.random.default_rng(8)
    n = 1500
    pos = rng.integers(131, len(panel) - 3, n)
    assets = rng.integers(0, 300, n)
    # plant +2% on day 0 (idiosyncratic sd 2%); events on distinct (asset, session) pairs, ~5 per asset so
    # another event's planted day rarely falls in an estimation window (each would bias alpha by 0.02/120)
    pairs = pd.DataFrame({"pos": pos, "asset": assets}).drop_duplicates()
    values = panel.to_numpy().copy()
    values[pairs["pos"].to_numpy(), pairs["asset"].to_numpy()] += 0.02
    panel = pd.DataFrame(values, index=panel.index, columns=panel.columns)
    events = pd.DataFrame({"event_id": np.arange(len(pairs)), "asset": [f"A{a:03d}" for a in pairs["asset"]],
                           "date": panel.index[pairs["pos"].to_numpy()], "group": np.arange(len(pairs)) // 30})
    result = event_study(panel, events, **SIM_KW)
    assert result.aar.loc[result.aar["rel_day"] == 0, "aar"].iloc[0] == pytest.approx(0.02, abs=0.0015)  # 3 s.e.
    tests = result.tests[(result.tests["group"] != "all") & (result.tests["window"] == "(0,0)")]
    power = tests.groupby("test")["p_value"].apply(lambda p: (p < 0.05).mean())
    assert (power >= 0.9).all(), power.to_dict()


# ---------------------------------------------------------------------------
# Degenerate estimation windows are skipped with a reason, never a numpy error
# ---------------------------------------------------------------------------
def test_constant_factor_over_the_estimation_window_is_skipped_not_a_linalg_error(small_panel):
    panel = small_panel.copy()
    panel["FLATFACTOR"] = 0.0  # a regressor with no variance makes X'X singular
    events = pd.DataFrame({"event_id": ["a", "b"], "asset": ["A001", "A002"], "date": panel.index[[300, 310]]})
    from fintrack.study import FactorModel

    with pytest.raises(EstimationWindowError, match="regressor is constant or collinear"):
        event_study(panel, events, model=FactorModel(factors=["QQQ", "FLATFACTOR"]))


def test_flat_asset_is_skipped_while_other_events_are_studied(small_panel):
    panel = small_panel.copy()
    panel["HALTED"] = 0.0  # no trading: every return zero, sigma would be 0
    events = pd.DataFrame({"event_id": ["halted", "ok"], "asset": ["HALTED", "A001"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events)
    assert result.events["event_id"].tolist() == ["ok"]
    assert result.skipped.set_index("event_id").loc["halted", "reason"] == (
        "asset return constant over the estimation window (no trading?)")


@pytest.mark.parametrize("model", ["market", "market_btc"])
def test_events_sharing_a_chunk_with_a_flat_asset_keep_their_ols_fit(small_panel, model):
    """Every window complete but one event degenerate: the chunk's fit reads the regressors as they were (the
    degenerate-window check centres them in place when it can hand its sums on, which it cannot here)."""
    sm = pytest.importorskip("statsmodels.api")
    panel = small_panel.copy()
    panel["HALTED"] = 0.0
    events = pd.DataFrame({"event_id": ["ok1", "halted", "ok2"], "asset": ["A001", "HALTED", "A002"],
                           "date": panel.index[[300, 300, 310]]})
    result = event_study(panel, events, model=model, mask_overlaps=False)
    assert result.events["event_id"].tolist() == ["ok1", "ok2"]
    regressors = ["QQQ"] if model == "market" else ["QQQ", "BTC-USD"]
    for row in result.events.itertuples():
        day0 = panel.index.get_loc(row.session)
        est = panel.iloc[day0 - 250:day0 - 10]
        ols = sm.OLS(est[row.asset], sm.add_constant(est[regressors])).fit()
        np.testing.assert_allclose([row.alpha, row.beta], ols.params.to_numpy()[:2], rtol=1e-10, atol=1e-14)
        day0_ar = result.ar[(result.ar["event_id"] == row.event_id) & (result.ar["rel_day"] == 0)]["ar"].iloc[0]
        expected = panel[row.asset].iloc[day0] - ols.predict(panel[regressors].iloc[[day0]].assign(
            const=1.0)[["const"] + regressors]).iloc[0]
        assert day0_ar == pytest.approx(expected, rel=1e-10, abs=1e-15)


def test_summary_of_one_event_among_several_shows_its_own_ar_and_car_tables(hand):
    first = hand.events["event_id"].iloc[0]
    text = hand.summary(event_id=first)
    assert "Events studied: 1" in text
    assert f"Event {first} " in text
    assert "cross_sectional_t" not in text  # no cross-event test on a sample of one
    day0 = hand.ar[(hand.ar["event_id"] == first) & (hand.ar["rel_day"] == 0)].iloc[0]
    assert f"{day0.ar:>12.4%}" in text


def test_summary_of_an_event_that_was_not_studied_says_so(hand):
    with pytest.raises(KeyError, match="was not studied"):
        hand.summary(event_id="no-such-event")


def test_collinear_factors_are_skipped_not_a_linalg_error(small_panel):
    panel = small_panel.copy()
    panel["QQQ_2X"] = 2.0 * panel["QQQ"]  # perfectly collinear with QQQ: X'X is singular
    events = pd.DataFrame({"event_id": ["a"], "asset": ["A001"], "date": panel.index[[300]]})
    from fintrack.study import FactorModel

    with pytest.raises(EstimationWindowError, match="regressor is constant or collinear"):
        event_study(panel, events, model=FactorModel(factors=["QQQ", "QQQ_2X"]))
