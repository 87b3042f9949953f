"""Open gaps, dollar changes, bitcoin 24-hour moves, move references, session hours and publication time.

Bars: Mon 2021-03-08 closed 100.00; Tue 2021-03-09 opened 110.00, High 137.50, Low 90.00, closed 120.00.
"""
from __future__ import annotations

import pytest

from fintrack.verify.rules import (
    close_to_close_move,
    dollar_change,
    intraday_max_move,
    move_24h,
    move_at_time,
    open_gap,
    period_return,
    session_hours,
)


@pytest.fixture
def bars(move_day_bars):
    return move_day_bars


# ------------------------------------------------------------ open gap

def test_open_gap_is_open_over_previous_close(make_claim, bars):
    v = open_gap(make_claim(metric="open_gap", value=10), bars)
    assert (v.verdict, v.measured) == ("supported", 10.0)


def test_open_gap_outside_the_precision_is_contradicted(make_claim, bars):
    assert open_gap(make_claim(metric="open_gap", value=11), bars).verdict == "contradicted"


def test_open_gap_down_compares_the_size_of_the_fall(make_claim, make_bars):
    gap = make_bars({"2021-03-08": (100, 101, 99, 100), "2021-03-09": (82.36, 90, 80, 85)})
    assert open_gap(make_claim(metric="open_gap", value=17, direction="down"), gap).verdict == "contradicted"
    assert open_gap(make_claim(metric="open_gap", value=17.6, direction="down",
                               value_text="17.6%", decimals=1), gap).verdict == "supported"


# ------------------------------------------------------------ dollar change

def _dollars(make_claim, value, **kw):
    kw.setdefault("published", "2021-03-10")
    return make_claim(metric="dollar_change", unit="usd", value=value, decimals=2, value_text=f"${value:.2f}", **kw)


def test_dollar_change_is_close_minus_previous_close(make_claim, bars):
    v = _dollars(make_claim, 20.00)
    got = dollar_change(v, bars)
    assert (got.verdict, got.measured) == ("supported", 20.0)


def test_dollar_change_one_cent_off_after_the_session_is_contradicted(make_claim, bars):
    assert dollar_change(_dollars(make_claim, 20.01), bars).verdict == "contradicted"


def test_dollar_change_at_mid_day_is_consistent_even_when_it_equals_the_close_change(make_claim, bars):
    v = dollar_change(_dollars(make_claim, 20.00, session_phase="midday"), bars)
    assert v.verdict == "consistent"
    assert (v.low, v.high) == (-10.0, 37.5)


def test_same_day_dollar_change_inside_the_range_is_consistent(make_claim, bars):
    v = dollar_change(_dollars(make_claim, 5.00, published="2021-03-09"), bars)
    assert v.verdict == "consistent"


def test_same_day_dollar_change_outside_the_range_is_contradicted(make_claim, bars):
    assert dollar_change(_dollars(make_claim, 40.00, published="2021-03-09"), bars).verdict == "contradicted"


# ------------------------------------------------------------ bitcoin 24 hours

def test_move_24h_supported_on_the_close(make_claim, bars):
    assert move_24h(make_claim(metric="move_24h", value=20, subject="BTC-USD"), bars, bitcoin=True).verdict == "supported"


def test_move_24h_consistent_inside_what_the_two_days_allow(make_claim, bars):
    # from Monday's High 101 to Tuesday's Low 90: -10.9%; "down 10.5%" fits only that way
    claim = make_claim(metric="move_24h", value=10.5, decimals=1, value_text="10.5%", direction="down",
                       subject="BTC-USD")
    assert move_24h(claim, bars, bitcoin=True).verdict == "consistent"


def test_move_24h_contradicted_beyond_the_two_days(make_claim, bars):
    claim = make_claim(metric="move_24h", value=50, subject="BTC-USD")
    assert move_24h(claim, bars, bitcoin=True).verdict == "contradicted"


def test_move_24h_beside_a_quoted_price_of_the_moment_is_measured_to_that_price(make_claim, bars):
    # Monday ranged 99-101; Tuesday's close is +20%. "Up 12% in 24 hours and trading at $128": from any Monday
    # price to $128 (venue slack 1%) is +25.5% .. +30.6%, so 12% is no move to the quoted price
    quote = make_claim(metric="price_level", value=128, value_text="$128", decimals=0)
    claim = dict(make_claim(metric="move_24h", value=12, subject="BTC-USD"), quotes=(quote,))  # as verify() adds
    v = move_24h(claim, bars, bitcoin=True)
    assert v.verdict == "contradicted" and "quoted $128" in v.reason
    assert move_24h(dict(claim, value=28), bars, bitcoin=True).verdict == "consistent"
    # without the quote the two days allow 12%
    assert move_24h(dict(claim, quotes=()), bars, bitcoin=True).verdict == "consistent"
    # the day's close-to-close move still decides first
    assert move_24h(dict(claim, value=20), bars, bitcoin=True).verdict == "supported"


# ------------------------------------------------------------ references and periods

def test_move_after_the_open_is_measured_from_the_open(make_claim, bars):
    # from the open 110: Low 90 = -18.2%, High 137.5 = +25%; "down 18%" fits only from the open
    claim = make_claim(metric="move_at_time", value=18, direction="down", reference="open", time="10:00",
                       timezone="America/New_York")
    v = move_at_time(claim, bars)
    assert v.verdict == "consistent"
    assert "open 110" in v.reason
    assert move_at_time({**claim, "reference": ""}, bars).verdict == "contradicted"


def test_period_return_from_an_open_the_text_names(make_claim, bars):
    # open 110 on 03-09 -> close 120 on 03-10: +9.09%
    claim = make_claim(metric="period_return", value=9, reference="open", date="2021-03-09",
                       date_end="2021-03-10", precision="period", published="2021-03-11")
    v = period_return(claim, bars)
    assert v.verdict == "supported"
    assert v.measured == pytest.approx(100 * (120 / 110 - 1))


def test_period_return_from_a_stated_start_price(make_claim, bars):
    claim = make_claim(metric="period_return", value=50, reference="level", reference_value=80.0,
                       date="2021-03-09", date_end="2021-03-10", precision="period", published="2021-03-11")
    assert period_return(claim, bars).verdict == "supported"  # 80 -> 120


def test_year_to_date_starts_at_the_last_close_of_the_year_before(make_claim, make_bars):
    frame = make_bars({"2020-12-31": (50, 50, 50, 50), "2021-01-04": (60, 60, 60, 60),
                       "2021-03-09": (75, 75, 75, 75)})
    claim = make_claim(metric="period_return", value=50, period="YTD", date="2021-01-01", date_end="2021-03-09",
                       published="2021-03-10")
    v = period_return(claim, frame)
    assert (v.verdict, v.measured) == ("supported", 50.0)


# ------------------------------------------------------------ session hours, publication time

def test_session_hours_come_from_the_exchange_calendar_half_days_included():
    assert [t.strftime("%H:%M") for t in session_hours("2021-11-26")] == ["09:30", "13:00"]
    assert [t.strftime("%H:%M") for t in session_hours("2021-11-24")] == ["09:30", "16:00"]


def test_a_time_after_a_half_day_close_is_after_hours(make_claim, make_bars):
    frame = make_bars({"2021-11-24": (100, 101, 99, 100), "2021-11-26": (100, 105, 95, 101)})
    claim = make_claim(metric="move_at_time", value=3, date="2021-11-26", time="14:30",
                       timezone="America/New_York", published="2021-11-26")
    v = move_at_time(claim, frame)
    assert v.verdict == "unverifiable"
    assert "13:00" in v.reason


def test_publication_time_after_the_close_makes_an_as_much_as_figure_the_days(make_claim, bars):
    claim = make_claim(metric="intraday_max_move", comparator="max", value=20,
                       published="2021-03-09T17:30:00-05:00")
    assert intraday_max_move(claim, bars).verdict == "contradicted"
    during = {**claim, "published": "2021-03-09T11:55:00-05:00"}
    assert intraday_max_move(during, bars).verdict == "consistent"


def test_move_without_time_takes_the_publication_time_during_the_session(make_claim, bars):
    # published 11:00 ET: the figure is of that moment, so even the close change is only consistent
    claim = make_claim(metric="close_to_close_move", value=20, published="2021-03-09T11:00:00-05:00")
    v = close_to_close_move(claim, bars)
    assert v.verdict == "consistent"
    assert "11:00" in v.reason
    after = {**claim, "published": "2021-03-09T16:30:00-05:00"}  # after the close: the day's figure
    assert close_to_close_move(after, bars).verdict == "supported"
    assert close_to_close_move({**after, "value": 25}, bars).verdict == "contradicted"


def test_same_day_quote_move_equal_to_close_change_is_supported_else_consistent(make_claim, bars):
    base = dict(metric="close_to_close_move", published="2021-03-09", snapshot="quote")
    assert close_to_close_move(make_claim(value=20, **base), bars).verdict == "supported"
    assert close_to_close_move(make_claim(value=25, **base), bars).verdict == "consistent"
    assert close_to_close_move(make_claim(value=45, **base), bars).verdict == "contradicted"


def test_premarket_phase_is_unverifiable(make_claim, bars):
    claim = make_claim(metric="close_to_close_move", value=4, session_phase="premarket")
    assert close_to_close_move(claim, bars).verdict == "unverifiable"


def test_percent_move_on_three_decimal_bars_allows_their_rounding(make_claim, make_bars):
    # 0.690 -> 0.733 is +6.232%; the bars stand for [0.6895, 0.6905] and [0.7325, 0.7335]: +6.08%..+6.38%
    frame = make_bars({"2025-08-07": (0.7, 0.7, 0.68, 0.690), "2025-08-08": (0.732, 0.748, 0.700, 0.733)})
    claim = make_claim(metric="close_to_close_move", value=6.22, decimals=2, value_text="6.22%",
                       date="2025-08-08", published="2025-08-11")
    assert close_to_close_move(claim, frame).verdict == "supported"
    cents = make_bars({"2025-08-07": (0.7, 0.7, 0.68, 0.69), "2025-08-08": (0.73, 0.75, 0.70, 0.74)})
    # whole-cent bars are exact: 0.69 -> 0.74 = +7.246%, and "7.22%" is outside [7.215, 7.225)
    assert close_to_close_move({**claim, "value": 7.22, "value_text": "7.22%"}, cents).verdict == "contradicted"
