"""Split history (fintrack.market.splits) and its use by the verifier; index claims on ETF proxies."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.errors import MalformedFileError
from fintrack.market.splits import (
    exact_ratio,
    load_splits,
    on_scale_of,
    read_splits_file,
    scale_on,
    scale_text,
    store_splits,
)
from fintrack.verify import verify
from fintrack.verify.core import verify_claim


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ the history

def test_splits_file_is_read_per_ticker(tmp_path):
    path = _write(tmp_path / "splits.csv", "Ticker,Date,Stock Splits\nabc,2022-05-24,0.2\nXYZ,2020-01-02,2\n")
    table = read_splits_file(path)
    assert sorted(table) == ["ABC", "XYZ"]
    assert table["ABC"].to_dict() == {pd.Timestamp("2022-05-24"): 0.2}


def test_a_splits_file_is_parsed_once_per_content_and_each_caller_gets_its_own_copy(tmp_path, monkeypatch):
    import fintrack.market.splits as splits

    parsed = []
    real = splits._read_table
    monkeypatch.setattr(splits, "_read_table", lambda path, data: parsed.append(path) or real(path, data))
    path = _write(tmp_path / "splits.csv", "Ticker,Date,Stock Splits\nABC,2022-05-24,0.2\n")
    first = read_splits_file(path)
    first["ABC"].iloc[0] = 99.0                                     # a caller changing its copy
    assert read_splits_file(path)["ABC"].iloc[0] == 0.2 and len(parsed) == 1
    _write(path, "Ticker,Date,Stock Splits\nABC,2022-05-24,0.5\n")  # same size, new content
    assert read_splits_file(path)["ABC"].iloc[0] == 0.5 and len(parsed) == 2


def test_missing_splits_file_means_no_splits(tmp_path):
    assert read_splits_file(tmp_path / "splits.csv") == {}


def test_bad_split_row_names_the_file_and_row(tmp_path):
    path = _write(tmp_path / "splits.csv", "Ticker,Date,Stock Splits\nABC,2022-05-24,zero\n")
    with pytest.raises(MalformedFileError, match="row 1"):
        read_splits_file(path)


def test_rounded_ratios_stand_for_whole_number_splits():
    assert exact_ratio(0.033333) == pytest.approx(1 / 30, rel=1e-15)
    assert exact_ratio(0.2) == 0.2
    assert exact_ratio(1.5) == 1.5
    assert exact_ratio(0.37) == 0.37


def test_scale_of_a_date_is_the_product_of_later_ratios():
    splits = pd.Series([0.2, 2.0], index=pd.DatetimeIndex(["2022-05-24", "2023-01-10"]))
    assert scale_on(splits, "2022-05-10") == pytest.approx(0.4)
    assert scale_on(splits, "2022-05-24") == 2.0  # the split day already trades on the new scale
    assert scale_on(splits, "2023-02-01") == 1.0
    assert scale_text(0.2) == "split-adjusted scale: x5"


def test_bars_on_the_scale_of_a_date(make_bars):
    bars = make_bars({"2022-05-10": (6.0, 6.5, 5.5, 5.95)})
    scaled, factor = on_scale_of(bars, pd.Series([0.2], index=pd.DatetimeIndex(["2022-05-24"])), "2022-05-10")
    assert factor == 0.2
    assert scaled.at[pd.Timestamp("2022-05-10"), "close"] == pytest.approx(1.19)
    assert bars.at[pd.Timestamp("2022-05-10"), "close"] == 5.95  # the input is not changed


def test_cached_splits_are_fetched_once_and_again_after_the_bars_change(tmp_path):
    calls = []

    def fetch(ticker):
        calls.append(ticker)
        return pd.Series([0.25], index=pd.DatetimeIndex(["2019-04-08"]))

    first = load_splits("abc", cache_root=tmp_path, fetch=fetch)
    again = load_splits("ABC", cache_root=tmp_path, fetch=fetch)
    assert calls == ["ABC"]
    assert first.equals(again)
    assert (tmp_path / "ABC.splits.csv").is_file()
    bars = tmp_path / "ABC.parquet"
    bars.write_bytes(b"stand-in")
    import os

    stamp = (tmp_path / "ABC.splits.csv").stat().st_mtime + 10
    os.utime(bars, (stamp, stamp))
    load_splits("ABC", cache_root=tmp_path, fetch=fetch)
    assert calls == ["ABC", "ABC"]


def test_stored_splits_read_back(tmp_path):
    series = pd.Series([2.0], index=pd.DatetimeIndex(["2020-08-31"]))
    store_splits(tmp_path, "XYZ", series)
    assert load_splits("XYZ", cache_root=tmp_path, fetch=lambda t: pytest.fail("no fetch")).to_dict() == {
        pd.Timestamp("2020-08-31"): 2.0}


# ------------------------------------------------------------ the verifier on the date's scale

@pytest.fixture
def split_bars(make_bars):
    # adjusted file: a 1-for-5 consolidation on 2022-05-24; 5.95 adjusted = 1.19 as quoted before it
    return make_bars({"2022-05-09": (6.0, 6.2, 5.6, 5.80), "2022-05-10": (5.8, 6.1, 5.6, 5.95),
                      "2022-06-01": (2.0, 2.1, 1.9, 2.00)})


def test_a_price_quoted_before_a_later_split_is_judged_on_its_dates_scale(make_claim, split_bars):
    claim = make_claim(subject="ABC", metric="price_level", price_field="close", unit="usd", value=1.19, decimals=2,
                       date="2022-05-10", published="2022-05-11", direction="")
    splits = {"ABC": pd.Series([0.2], index=pd.DatetimeIndex(["2022-05-24"]))}
    result = verify(pd.DataFrame([claim]), {"ABC": split_bars}, proxies={}, splits=splits).iloc[0]
    assert result.verdict == "supported"
    assert "split-adjusted scale: x5" in result.reason
    without = verify(pd.DataFrame([claim]), {"ABC": split_bars}, proxies={}).iloc[0]
    assert without.verdict == "contradicted"


def test_a_percent_move_is_the_same_on_any_scale(make_claim, split_bars):
    claim = make_claim(subject="ABC", metric="close_to_close_move", value=2.6, decimals=1, value_text="2.6%",
                       date="2022-05-10", published="2022-05-11")
    splits = {"ABC": pd.Series([0.2], index=pd.DatetimeIndex(["2022-05-24"]))}
    v = verify_claim(claim, {"ABC": split_bars}, proxies={})
    assert v.verdict == "supported"
    assert v.reason == verify(pd.DataFrame([claim]), {"ABC": split_bars}, proxies={}, splits=splits).iloc[0].reason


# ------------------------------------------------------------ indexes

@pytest.fixture
def spy(make_bars):
    return make_bars({"2022-12-30": (100, 100, 100, 100), "2023-01-03": (101, 101, 101, 101), "2023-12-29": (124.29, 125, 124, 124.29),
                      "2020-03-06": (300, 300, 300, 300), "2020-03-09": (280, 285, 270, 276.6)})


def test_index_period_return_within_two_points_plus_a_tenth_is_consistent(make_claim, spy):
    claim = make_claim(subject="^GSPC", subject_name="S&P 500", metric="period_return", value=21.0,
                       date="2023-01-01", date_end="2023-12-31", precision="year", published="2024-01-05")
    # SPY +24.29%; 21 is 3.29 points off, inside 2 + 2.1
    v = verify_claim(claim, {"SPY": spy}, proxies={})
    assert v.verdict == "consistent"
    assert "SPY" in v.reason
    far = {**claim, "value": 19.0}  # 5.29 points off, beyond 2 + 1.9
    assert verify_claim(far, {"SPY": spy}, proxies={}).verdict == "contradicted"


def test_index_daily_move_is_never_supported_and_one_point_off_is_consistent(make_claim, spy):
    claim = make_claim(subject="^GSPC", metric="close_to_close_move", value=7.8, decimals=1, value_text="7.8%",
                       direction="down", date="2020-03-09", published="2020-03-10")
    assert verify_claim(claim, {"SPY": spy}, proxies={}).verdict == "consistent"   # SPY -7.80%
    near = {**claim, "value": 7.0, "value_text": "7.0%"}
    assert verify_claim(near, {"SPY": spy}, proxies={}).verdict == "consistent"    # 0.75 points off
    far = {**claim, "value": 5.0, "value_text": "5.0%"}
    assert verify_claim(far, {"SPY": spy}, proxies={}).verdict == "contradicted"


def test_the_etf_itself_can_be_supported(make_claim, spy):
    claim = make_claim(subject="SPY", subject_name="SPY", metric="close_to_close_move", value=7.8, decimals=1,
                       value_text="7.8%", direction="down", date="2020-03-09", published="2020-03-10")
    assert verify_claim(claim, {"SPY": spy}, proxies={"SPY": "S&P 500"}).verdict == "supported"


@pytest.mark.parametrize("ticker", ["^DJI", "^RUT"])
def test_indexes_without_a_proxy_are_unverifiable(make_claim, spy, ticker):
    claim = make_claim(subject=ticker, metric="close_to_close_move", value=2, date="2020-03-09")
    assert verify_claim(claim, {"SPY": spy}, proxies={}).verdict == "unverifiable"


def test_index_point_levels_are_unverifiable(make_claim, spy):
    claim = make_claim(subject="^GSPC", metric="price_level", unit="usd", value=2933, date="2020-03-09")
    v = verify_claim(claim, {"SPY": spy}, proxies={})
    assert v.verdict == "unverifiable"
    assert "point level" in v.reason


def test_after_hours_phase_is_unverifiable_before_any_price_is_read(make_claim):
    claim = make_claim(subject="ABC", metric="price_level", unit="usd", value=14.22, session_phase="after-hours")
    assert verify_claim(claim, {}, proxies={}).verdict == "unverifiable"
