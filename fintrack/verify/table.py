"""The verify rule table: every claim metric -> the rule that judges it, or "not a price claim".

Adding a metric to ``fintrack.news.schema.METRICS`` needs one row here (a
test fails otherwise). A rule is ``rule(claim, bars, *, bitcoin=False) ->
Verdict``; see :mod:`fintrack.verify.rules` (moves, returns, bitcoin market
cap crossings) and :mod:`fintrack.verify.levels` (levels and extremes).

Index claims keep their metric with an index ticker as subject. The verifier
measures them on an ETF proxy (:data:`INDEX_PROXIES`), never gives them
'supported', and allows the proxy's tracking error
(:func:`proxy_slack_points`). Other indexes and index point levels are
unverifiable.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from fintrack.verify import levels, rules
from fintrack.verify.rules import Verdict

Rule = Callable[..., Verdict]

#: metric -> rule.
RULES: dict[str, Rule] = {
    "intraday_max_move": rules.intraday_max_move,
    "move_at_time": rules.move_at_time,
    "close_to_close_move": rules.close_to_close_move,
    "period_return": rules.period_return,
    "price_level": levels.bar_field_level,
    "market_cap_threshold": rules.market_cap_threshold,
    "open_gap": rules.open_gap,
    "dollar_change": rules.dollar_change,
    "week52_high": levels.week52_high,
    "week52_low": levels.week52_low,
    "off_high": levels.off_high,
    "period_high": levels.period_high,
    "period_low": levels.period_low,
    "lowest_since": levels.lowest_since,
    "highest_since": levels.highest_since,
    "market_cap_level": levels.market_cap_level,
    "move_24h": rules.move_24h,
}

#: Metrics that are not about prices (company fundamentals): always unverifiable.
NOT_PRICE_CLAIMS: frozenset[str] = frozenset({"quantity", "financial_figure", "forecast"})

#: Why a metric of :data:`NOT_PRICE_CLAIMS` is not checked, where "not a price claim" says too little.
NOT_PRICE_WHY: dict[str, str] = {"forecast": "a forecast or a possibility, not a price the bars can check"}

#: Metrics whose value is a price in USD: judged on the price scale of the article's date (splits undone).
PRICE_VALUED: frozenset[str] = frozenset({
    "price_level", "dollar_change", "week52_high", "week52_low", "period_high", "period_low",
    "lowest_since", "highest_since",
})

#: Index ticker -> the ETF measured in its place (PROTOCOL: QQQ for the Nasdaq indexes, SPY for the S&P 500).
INDEX_PROXIES: dict[str, str] = {"^IXIC": "QQQ", "^NDX": "QQQ", "^GSPC": "SPY"}

#: Index tickers have a caret (Yahoo's convention); those absent from INDEX_PROXIES have no price data.
INDEX_PREFIX = "^"

#: How far (percent points) a proxy's daily move may miss the claim and still be consistent.
PROXY_SLACK_DAILY = 1.0
#: For spans of a month or more: this many points plus PROXY_SLACK_SHARE of the claimed figure.
PROXY_SLACK_PERIOD = 2.0
PROXY_SLACK_SHARE = 0.10
#: A span at least this long counts as "a month or more".
MONTH = pd.Timedelta(days=28)


def rule_for(metric: str) -> Rule | None:
    """The rule of ``metric``, or None (not a price claim, or unknown)."""
    return RULES.get(metric)


def claim_span(claim: Mapping) -> pd.Timedelta:
    """Length of the span a return is measured over: its ``period`` or date..date_end (0 for a day)."""
    period = rules.parse_period(rules.text_field(claim, "period"))
    end = rules._day(rules.text_field(claim, "date_end")) or rules._day(rules.text_field(claim, "published"))
    if period is not None and end is not None:
        return end - (end - period)
    if rules.text_field(claim, "period").upper() == "YTD" and end is not None:
        return end - pd.Timestamp(end.year, 1, 1)
    start = rules._day(rules.text_field(claim, "date"))
    if start is not None and end is not None and rules.text_field(claim, "metric") in ("period_return", "off_high"):
        return max(end - start, pd.Timedelta(0))
    return pd.Timedelta(0)


def proxy_slack_points(claim: Mapping) -> float:
    """Percent points a proxy's figure may miss the claim's interval: 1 for a day, 2 + 10% for a month or more."""
    if claim_span(claim) >= MONTH:
        return PROXY_SLACK_PERIOD + PROXY_SLACK_SHARE * abs(rules.number_field(claim, "value", 0.0))
    return PROXY_SLACK_DAILY
