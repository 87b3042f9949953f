"""Index claims measured on a proxy ETF: never 'supported'; a small miss is 'consistent'.

Synthetic bars: previous close 100, session close 95.36 -> -4.64%.
"""
from __future__ import annotations

import pandas as pd

from fintrack.verify import verify
from fintrack.verify.core import PROXY_SLACK_POINTS, index_proxies

BARS = {"2022-06-10": (100.0, 101.0, 99.0, 100.0), "2022-06-13": (98.0, 98.0, 95.0, 95.36)}


def _verdict(make_claim, make_bars, ticker, value, decimals, proxies):
    claim = make_claim(subject=ticker, subject_name="Nasdaq Composite", metric="close_to_close_move",
                       direction="down", value=value, decimals=decimals, unit="percent",
                       date="2022-06-13", date_end="2022-06-13", precision="day", published="2022-06-14")
    return verify(pd.DataFrame([claim]), {ticker: make_bars(BARS)}, proxies=proxies).iloc[0]


def test_an_exact_match_on_a_proxy_is_consistent_not_supported(make_claim, make_bars):
    row = _verdict(make_claim, make_bars, "QQQ", 4.64, 2, {"QQQ": "Nasdaq market"})
    assert row.verdict == "consistent"
    assert row.reason.startswith("measured on QQQ, an ETF standing in for Nasdaq Composite; ")


def test_a_miss_within_one_point_on_a_proxy_is_consistent(make_claim, make_bars):
    # "lost 4.7%" is (-4.75, -4.65]%; the proxy's -4.64% misses it by a hair
    row = _verdict(make_claim, make_bars, "QQQ", 4.7, 1, {"QQQ": "Nasdaq market"})
    assert row.verdict == "consistent"
    assert f"within {PROXY_SLACK_POINTS:g} point of the claim" in row.reason


def test_a_miss_of_more_than_one_point_on_a_proxy_stays_contradicted(make_claim, make_bars):
    row = _verdict(make_claim, make_bars, "QQQ", 7.0, 0, {"QQQ": "Nasdaq market"})  # (-7.5, -6.5] vs -4.64
    assert row.verdict == "contradicted"
    assert row.reason.startswith("measured on QQQ")


def test_the_same_claim_on_a_stock_is_judged_strictly(make_claim, make_bars):
    assert _verdict(make_claim, make_bars, "XYZ", 4.7, 1, {"QQQ": "Nasdaq market"}).verdict == "contradicted"
    assert _verdict(make_claim, make_bars, "XYZ", 4.64, 2, {"QQQ": "Nasdaq market"}).verdict == "supported"


def test_the_registry_marks_the_index_etfs_as_proxies():
    assert {"QQQ", "SPY", "DIA"} <= set(index_proxies())
    assert "CAN" not in index_proxies()
