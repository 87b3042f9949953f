"""The rule table covers every claim metric: a rule, or the "not a price claim" mark."""
from __future__ import annotations

import pytest

from fintrack.news.schema import METRICS
from fintrack.verify.table import INDEX_PROXIES, NOT_PRICE_CLAIMS, RULES, proxy_slack_points

#: The metrics the issue-15 contract adds to the schema (listed here until every branch's schema has them).
CONTRACT_METRICS = (
    "open_gap", "dollar_change", "week52_high", "week52_low", "off_high", "period_high", "period_low",
    "lowest_since", "highest_since", "market_cap_level", "move_24h",
)


@pytest.mark.parametrize("metric", sorted(set(METRICS) | set(CONTRACT_METRICS)))
def test_every_metric_has_a_rule_or_is_marked_not_a_price_claim(metric):
    assert (metric in RULES) != (metric in NOT_PRICE_CLAIMS), (
        f"metric {metric!r} needs exactly one of: a rule in fintrack.verify.table.RULES, "
        "or a place in NOT_PRICE_CLAIMS")


def test_fundamentals_are_not_price_claims():
    assert {"quantity", "financial_figure"} <= NOT_PRICE_CLAIMS


def test_rules_table_has_no_metric_unknown_to_the_schema_or_contract():
    assert set(RULES) <= set(METRICS) | set(CONTRACT_METRICS)


def test_index_proxies_are_the_protocols():
    assert INDEX_PROXIES == {"^IXIC": "QQQ", "^NDX": "QQQ", "^GSPC": "SPY"}


def test_proxy_slack_is_one_point_for_a_day(make_claim):
    assert proxy_slack_points(make_claim(metric="close_to_close_move", value=2.0)) == 1.0


def test_proxy_slack_for_a_year_is_two_points_plus_a_tenth_of_the_claim(make_claim):
    claim = make_claim(metric="period_return", value=24.2, date="2023-01-01", date_end="2023-12-31",
                       precision="year")
    assert proxy_slack_points(claim) == pytest.approx(2.0 + 2.42)


def test_proxy_slack_for_a_six_month_period(make_claim):
    claim = make_claim(metric="period_return", value=-30.0, period="P6M", date="", date_end="2022-06-30")
    assert proxy_slack_points(claim) == pytest.approx(5.0)


def test_a_forecast_is_unverifiable_and_says_why(make_claim):
    from fintrack.verify.core import verify_claim

    v = verify_claim(make_claim(metric="forecast", subject="BTC-USD", value=300000.0, unit="usd"), {})
    assert (v.verdict, v.rule) == ("unverifiable", "not_price")
    assert v.reason == "a forecast or a possibility, not a price the bars can check"
