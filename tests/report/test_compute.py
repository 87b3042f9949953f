"""Report computations: numbers written out by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from fintrack.report import compute


def test_ar_car_path_cumulates_ar_and_widens_band_with_summed_variance():
    ar = pd.DataFrame({
        "event_id": ["E"] * 3 + ["X"],
        "rel_day": [1, -1, 0, 0],  # unsorted on purpose
        "date": pd.to_datetime(["2021-03-10", "2021-03-08", "2021-03-09", "2021-03-09"]),
        "ar": [0.02, -0.01, 0.30, 9.0],
        "ar_var": [0.0004, 0.0004, 0.0004, 1.0],
    })
    path = compute.ar_car_path(ar, "E")
    assert path["rel_day"].tolist() == [-1, 0, 1]
    assert path["car"].tolist() == pytest.approx([-0.01, 0.29, 0.31])
    # day +1: three days of variance 0.0004 -> sd sqrt(0.0012) = 0.034641; 1.96 * that = 0.067896
    assert path["car_high"].iloc[2] - path["car"].iloc[2] == pytest.approx(1.959964 * math.sqrt(0.0012), rel=1e-6)
    assert path["car_low"].iloc[0] == pytest.approx(-0.01 - 1.959964 * 0.02, rel=1e-6)


def test_rolling_beta_of_a_doubled_series_is_two_with_correlation_one():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.01, 200)
    idx = pd.bdate_range("2021-01-01", periods=200, name="date")
    returns = pd.DataFrame({"CAN": 2 * x, "BTC-USD": x, "QQQ": rng.normal(0, 0.01, 200)}, index=idx)
    rolling = compute.rolling_beta_corr(returns, "CAN", ["BTC-USD", "QQQ", "MISSING"], window=60)
    assert list(rolling.columns) == ["beta BTC-USD", "corr BTC-USD", "beta QQQ", "corr QQQ"]
    assert rolling["beta BTC-USD"].iloc[:59].isna().all()  # a value needs a full 60-session window
    assert rolling["beta BTC-USD"].iloc[59:].to_numpy() == pytest.approx(2.0)
    assert rolling["corr BTC-USD"].iloc[-1] == pytest.approx(1.0)
    assert abs(rolling["corr QQQ"].iloc[-1]) < 0.5


def test_verdict_counts_lists_every_verdict_in_fixed_order():
    verdicts = pd.DataFrame({"verdict": ["supported", "unverifiable", "supported"]})
    assert compute.verdict_counts(verdicts) == {"supported": 2, "consistent": 0, "contradicted": 0, "unverifiable": 1}


def test_event_markers_use_last_price_on_or_before_the_session():
    levels = pd.Series([10.0, 11.0, np.nan], index=pd.to_datetime(["2021-03-08", "2021-03-09", "2021-03-10"]))
    events = pd.DataFrame({"event_id": ["A", "B"], "session": pd.to_datetime(["2021-03-10", "2021-03-01"]),
                           "label": ["a", "b"]})
    markers = compute.event_markers(events, levels)
    assert markers["event_id"].tolist() == ["A"]  # B precedes the data
    assert markers["price"].tolist() == [11.0]


def test_format_pct_and_p():
    assert compute.format_pct(0.4633) == "+46.33%"
    assert compute.format_pct(float("nan")) == "n/a"
    assert compute.format_p(0.0004) == "<0.001"
    assert compute.format_p(0.0131) == "0.013"


def test_event_prices_are_rebased_to_100_on_day_minus_1_so_day_0_reads_as_its_return():
    days = pd.bdate_range("2021-03-05", periods=4)
    frames = {"XYZ": pd.DataFrame({"adj_close": [8.0, 10.0, 15.0, 12.0]}, index=days)}
    zoom = compute.normalized_prices(frames, ["XYZ"], days, base=1)
    assert zoom["XYZ"].tolist() == [80.0, 100.0, 150.0, 120.0]  # day 0 = 100 x (15 / 10): a +50% day
