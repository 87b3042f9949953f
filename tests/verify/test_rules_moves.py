"""Daily-move rules on synthetic bars: intraday maximum, move at a time, close to close.

The bars: previous close 100 on Monday 2021-03-08; Tuesday 2021-03-09 opened
110, reached 137.5 (+37.5%), fell to 90 (-10%) and closed 120 (+20%).
"""
from __future__ import annotations

import pytest

from fintrack.verify.rules import close_to_close_move, intraday_max_move, move_at_time


@pytest.fixture
def bars(move_day_bars):
    return move_day_bars


def _max_claim(make_claim, value, **kw):
    kw.setdefault("published", "2021-03-10")
    return make_claim(metric="intraday_max_move", comparator="max", value=value, **kw)


# ------------------------------------------------------------ intraday maximum

def test_intraday_max_supported_when_high_move_rounds_to_the_claim(make_claim, bars):
    # High 137.5 / prev 100 - 1 = +37.5%, on the closed lower edge of "38%" = [37.5, 38.5).
    v = intraday_max_move(_max_claim(make_claim, 38), bars)
    assert v.verdict == "supported"
    assert v.measured == 37.5
    assert v.sessions == ("2021-03-08", "2021-03-09")


def test_intraday_max_contradicted_on_the_open_upper_edge_after_the_session(make_claim, bars):
    # +37.5% is the open upper end of "37%" = [36.5, 37.5); published the day after.
    v = intraday_max_move(_max_claim(make_claim, 37), bars)
    assert v.verdict == "contradicted"
    assert v.measured == 37.5


def test_intraday_max_consistent_when_published_during_the_session(make_claim, bars):
    # Published on the session day: the max so far could be anything in [-10%, +37.5%].
    v = intraday_max_move(_max_claim(make_claim, 20, published="2021-03-09"), bars)
    assert v.verdict == "consistent"
    assert (v.low, v.high) == (-10.0, 37.5)


def test_intraday_max_consistent_when_a_time_of_day_is_given(make_claim, bars):
    v = intraday_max_move(_max_claim(make_claim, 20, time="11:55", timezone="America/New_York"), bars)
    assert v.verdict == "consistent"


def test_intraday_max_contradicted_above_the_session_high_even_during_the_session(make_claim, bars):
    v = intraday_max_move(_max_claim(make_claim, 40, published="2021-03-09"), bars)
    assert v.verdict == "contradicted"


def test_intraday_max_of_a_fall_uses_the_low(make_claim, bars):
    # Low 90 / 100 - 1 = -10%: "down as much as 10%" holds, "11%" does not.
    assert intraday_max_move(_max_claim(make_claim, 10, direction="down"), bars).verdict == "supported"
    v = intraday_max_move(_max_claim(make_claim, 11, direction="down"), bars)
    assert v.verdict == "contradicted"
    assert v.measured == -10.0


@pytest.mark.parametrize("time, zone", [("08:00", "America/New_York"), ("13:00", "UTC")])
def test_premarket_figure_is_unverifiable(make_claim, bars, time, zone):
    # 13:00 UTC on 2021-03-09 is 08:00 EST.
    v = intraday_max_move(_max_claim(make_claim, 20, time=time, timezone=zone), bars)
    assert v.verdict == "unverifiable"
    assert "premarket" in v.reason


def test_after_hours_figure_is_unverifiable(make_claim, bars):
    v = move_at_time(make_claim(metric="move_at_time", value=20, time="17:30", timezone="America/New_York"), bars)
    assert v.verdict == "unverifiable"
    assert "after-hours" in v.reason


def test_claim_on_a_weekend_uses_the_next_session_and_says_so(make_claim, bars):
    v = intraday_max_move(_max_claim(make_claim, 38, date="2021-03-07", date_end="2021-03-07"), bars)
    assert v.sessions == ("2021-03-05", "2021-03-08")
    assert "2021-03-07 is not a session; next session 2021-03-08 used" in v.reason


def test_claim_outside_the_data_is_unverifiable(make_claim, bars):
    v = intraday_max_move(_max_claim(make_claim, 38, date="2022-01-04"), bars)
    assert v.verdict == "unverifiable"
    assert v.reason == "no price data for 2022-01-04"


def test_first_session_has_no_previous_close(make_claim, bars):
    v = intraday_max_move(_max_claim(make_claim, 1, date="2021-03-05"), bars)
    assert v.verdict == "unverifiable"
    assert "previous close" in v.reason


# ------------------------------------------------------------ move at a time

def _at_time(make_claim, value, decimals=0, **kw):
    return make_claim(metric="move_at_time", value=value, decimals=decimals, time="11:55",
                      timezone="America/New_York", **kw)


def test_move_at_time_inside_the_range_is_consistent(make_claim, bars):
    v = move_at_time(_at_time(make_claim, 37.13, 2), bars)
    assert v.verdict == "consistent"
    assert (v.low, v.high) == (-10.0, 37.5)


def test_move_at_time_touching_the_high_is_consistent(make_claim, bars):
    # "38%" = [37.5, 38.5) shares the point 37.5 with the session's range.
    assert move_at_time(_at_time(make_claim, 38), bars).verdict == "consistent"


def test_move_at_time_beyond_the_high_is_contradicted(make_claim, bars):
    # "37.6%" = [37.55, 37.65) lies above the high of +37.5%.
    assert move_at_time(_at_time(make_claim, 37.6, 1), bars).verdict == "contradicted"


def test_fall_at_time_inside_the_range_is_consistent(make_claim, bars):
    assert move_at_time(_at_time(make_claim, 5, direction="down"), bars).verdict == "consistent"
    assert move_at_time(_at_time(make_claim, 11, direction="down"), bars).verdict == "contradicted"


def test_move_at_the_close_is_the_close_to_close_move(make_claim, bars):
    v = move_at_time(make_claim(metric="move_at_time", value=20, time="16:00", timezone="America/New_York"), bars)
    assert v.verdict == "supported"
    assert v.measured == 20.0


def test_time_in_another_zone_is_converted_to_exchange_time(make_claim, bars):
    # 15:55 UTC is 10:55 EST: inside the session.
    v = move_at_time(make_claim(metric="move_at_time", value=30, time="15:55", timezone="UTC"), bars)
    assert v.verdict == "consistent"


# ------------------------------------------------------------ close to close

@pytest.mark.parametrize("comparator, value, decimals, verdict", [
    ("equal", 20, 0, "supported"),         # +20.0% in [19.5, 20.5)
    ("equal", 19.5, 1, "contradicted"),    # [19.45, 19.55)
    ("nearly", 20, 0, "contradicted"),     # [19, 20): 20 is the open upper end
    ("approx", 19, 0, "supported"),        # [18, 20]: 20 is the closed upper end
    ("at_least", 20, 0, "contradicted"),   # (20, inf): strict
    ("at_most", 20, 0, "contradicted"),    # (-inf, 20): strict
    ("at_least", 19.99, 2, "supported"),
])
def test_close_to_close_boundaries(make_claim, bars, comparator, value, decimals, verdict):
    claim = make_claim(metric="close_to_close_move", comparator=comparator, value=value, decimals=decimals)
    v = close_to_close_move(claim, bars)
    assert v.verdict == verdict
    assert v.measured == 20.0


def test_close_to_close_fall(make_claim, make_bars):
    bars = make_bars({"2021-03-08": (100, 100, 100, 100), "2021-03-09": (99, 99, 86, 86.2)})
    claim = make_claim(metric="close_to_close_move", direction="down", value=13.8, decimals=1)
    v = close_to_close_move(claim, bars)
    assert v.verdict == "supported"
    assert v.measured == -13.8
    up = make_claim(metric="close_to_close_move", direction="up", value=13.8, decimals=1)
    assert close_to_close_move(up, bars).verdict == "contradicted"


def test_plain_move_published_during_the_session_is_consistent_with_the_range(make_claim, bars):
    # "jumped 30%" published on the session day: the close (+20%) differs but +30% traded.
    claim = make_claim(metric="close_to_close_move", value=30, published="2021-03-09",
                       sentence="Test Inc. jumped 30% on Tuesday.")
    v = close_to_close_move(claim, bars)
    assert v.verdict == "consistent"
    assert v.measured == 20.0


def test_move_said_to_be_at_the_close_is_judged_on_the_close(make_claim, bars):
    claim = make_claim(metric="close_to_close_move", value=30, published="2021-03-09",
                       sentence="Test Inc. closed up 30% on Tuesday.")
    assert close_to_close_move(claim, bars).verdict == "contradicted"


def test_plain_move_published_after_the_session_is_judged_on_the_close(make_claim, bars):
    claim = make_claim(metric="close_to_close_move", value=30, published="2021-03-10",
                       sentence="Test Inc. jumped 30% on Tuesday.")
    assert close_to_close_move(claim, bars).verdict == "contradicted"


@pytest.mark.parametrize("phase, word", [("after-hours", "after-hours"), ("premarket", "premarket")])
def test_a_named_trading_phase_without_a_clock_time_is_unverifiable(make_claim, bars, phase, word):
    v = move_at_time(make_claim(metric="move_at_time", value=20, time=phase, timezone=""), bars)
    assert v.verdict == "unverifiable"
    assert v.reason.startswith(f"{word} figure ({phase})")


# Bitcoin: a 24-hour fall can start anywhere in the previous day. Day before: high 45,000,
# close 42,900; the day: low 30,680 -> -28.48% from the close, -31.82% from the high.
@pytest.fixture
def btc_bars(make_bars):
    return make_bars({"2021-05-18": (43_500, 45_000, 42_250, 42_900),
                      "2021-05-19": (42_900, 43_500, 30_680, 37_000)})


def _btc_fall(make_claim, value):
    return make_claim(subject="BTC-USD", metric="intraday_max_move", comparator="max", direction="down",
                      value=value, date="2021-05-19", date_end="2021-05-19", published="2021-05-20")


def test_bitcoin_fall_reachable_from_the_previous_days_high_is_consistent(make_claim, btc_bars):
    v = intraday_max_move(_btc_fall(make_claim, 30), btc_bars, bitcoin=True)
    assert v.verdict == "consistent"  # [29.5, 30.5)% lies between 28.48% and 31.82%
    assert "from the previous close the extreme was -28.48%, from the previous day's high -31.82%" in v.reason


def test_bitcoin_fall_beyond_any_24_hour_window_is_contradicted(make_claim, btc_bars):
    assert intraday_max_move(_btc_fall(make_claim, 35), btc_bars, bitcoin=True).verdict == "contradicted"


def test_a_stock_gets_no_trailing_window(make_claim, btc_bars):
    # the same bars as a stock published the next day: the session's own extreme decides
    assert intraday_max_move(_btc_fall(make_claim, 30), btc_bars, bitcoin=False).verdict == "contradicted"
