"""Level rules on synthetic bars with answers worked out by hand.

Day bars (open, high, low, close):
  Fri 2021-03-05  (10.00, 10.10,  9.90, 10.00)
  Mon 2021-03-08  (10.00, 10.20,  9.80, 10.00)
  Tue 2021-03-09  (10.50, 12.00,  9.50, 11.00)
  Wed 2021-03-10  (11.00, 11.40, 10.60, 10.732)   # a 3-decimal bar
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from fintrack.verify.levels import (
    bar_field_level,
    lowest_since,
    market_cap_level,
    off_high,
    period_high,
    period_low,
    week52_high,
    week52_low,
)
from fintrack.verify.bitcoin_supply import bitcoin_supply


@pytest.fixture
def bars(make_bars):
    return make_bars({
        "2021-03-05": (10.00, 10.10, 9.90, 10.00),
        "2021-03-08": (10.00, 10.20, 9.80, 10.00),
        "2021-03-09": (10.50, 12.00, 9.50, 11.00),
        "2021-03-10": (11.00, 11.40, 10.60, 10.732),
    })


def _level(make_claim, value, field="", **kw):
    kw.setdefault("published", "2021-03-11")
    decimals = len(f"{value}".split(".")[1]) if "." in f"{value}" else 0
    return make_claim(metric="price_level", unit="usd", value=value, decimals=decimals, value_text=f"${value}",
                      price_field=field, direction="", **kw)


# ------------------------------------------------------------ close / open / previous close

def test_close_supported_when_it_rounds_to_the_bar(make_claim, bars):
    v = bar_field_level(_level(make_claim, 11.00, "close", date="2021-03-09"), bars)
    assert (v.verdict, v.measured, v.rule) == ("supported", 11.0, "level_close")


def test_close_with_two_decimals_matches_a_three_decimal_bar_within_half_a_cent(make_claim, bars):
    assert bar_field_level(_level(make_claim, 10.73, "close", date="2021-03-10"), bars).verdict == "supported"


def test_close_with_four_decimals_matches_a_three_decimal_bar_within_its_rounding(make_claim, bars):
    # bar 10.732 stands for [10.7315, 10.7325]; "$10.7318" = [10.73175, 10.73185)
    assert bar_field_level(_level(make_claim, 10.7318, "close", date="2021-03-10"), bars).verdict == "supported"
    assert bar_field_level(_level(make_claim, 10.734, "close", date="2021-03-10"), bars).verdict == "contradicted"


def test_close_one_cent_off_is_contradicted(make_claim, bars):
    assert bar_field_level(_level(make_claim, 11.01, "close", date="2021-03-09"), bars).verdict == "contradicted"


def test_a_close_in_a_price_band_is_judged_on_the_band(make_claim, bars):
    # Tue close 11.00: "in the low $10s" ([10, 14)) holds it, "the high $10s" ([16, 20)) does not;
    # "$11-something" ([11, 12)) holds it, "$12-something" does not.
    def band(value, comparator):
        return bar_field_level(_level(make_claim, value, "close", date="2021-03-09", comparator=comparator),
                               bars).verdict
    assert band(10, "band_low") == "supported"
    assert band(10, "band_high") == "contradicted"
    assert band(11, "band") == "supported"
    assert band(12, "band") == "contradicted"


def test_close_on_a_weekend_day_is_the_last_close_before_it(make_claim, bars):
    v = bar_field_level(_level(make_claim, 10.00, "close", date="2021-03-07"), bars)
    assert v.verdict == "supported"
    assert "2021-03-05" in v.sessions


def test_open_is_the_sessions_open_not_the_previous_close(make_claim, bars):
    assert bar_field_level(_level(make_claim, 10.50, "open", date="2021-03-09"), bars).verdict == "supported"
    # 10.00 was Monday's close: "opened at $10.00 on Tuesday" is wrong
    assert bar_field_level(_level(make_claim, 10.00, "open", date="2021-03-09"), bars).verdict == "contradicted"


def test_previous_close_is_the_close_of_the_session_before(make_claim, bars):
    v = bar_field_level(_level(make_claim, 11.00, "prev_close", date="2021-03-10"), bars)
    assert v.verdict == "supported"
    assert v.sessions == ("2021-03-09", "2021-03-10")


# ------------------------------------------------------------ high / low

def test_high_matching_the_bar_is_supported(make_claim, bars):
    assert bar_field_level(_level(make_claim, 12.00, "high", date="2021-03-09"), bars).verdict == "supported"


def test_peak_below_the_days_high_is_contradicted_after_the_session(make_claim, bars):
    v = bar_field_level(_level(make_claim, 11.50, "high", date="2021-03-09"), bars)
    assert v.verdict == "contradicted"
    assert "clearly above" in v.reason


def test_high_below_the_days_high_at_a_stated_time_is_consistent(make_claim, bars):
    claim = _level(make_claim, 11.50, "high", date="2021-03-09", time="10:15", timezone="America/New_York")
    assert bar_field_level(claim, bars).verdict == "consistent"


def test_high_above_the_days_high_is_contradicted(make_claim, bars):
    claim = _level(make_claim, 12.50, "high", date="2021-03-09", time="10:15", timezone="America/New_York")
    assert bar_field_level(claim, bars).verdict == "contradicted"


def test_low_matching_the_bar_is_supported_and_mid_day_low_above_it_consistent(make_claim, bars):
    assert bar_field_level(_level(make_claim, 9.50, "low", date="2021-03-09"), bars).verdict == "supported"
    claim = _level(make_claim, 9.70, "low", date="2021-03-09", session_phase="midday")
    assert bar_field_level(claim, bars).verdict == "consistent"


# ------------------------------------------------------------ a bare "traded at"

def test_bare_level_inside_the_range_is_supported(make_claim, bars):
    v = bar_field_level(_level(make_claim, 11.75, date="2021-03-09"), bars)
    assert v.verdict == "supported"
    assert (v.low, v.high) == (9.5, 12.0)


def test_bare_level_at_a_time_of_day_is_consistent_at_best(make_claim, bars):
    claim = _level(make_claim, 11.75, date="2021-03-09", time="12:00", timezone="America/New_York")
    assert bar_field_level(claim, bars).verdict == "consistent"


def test_bare_level_with_mid_day_words_in_the_sentence_is_consistent(make_claim, bars):
    claim = _level(make_claim, 11.75, date="2021-03-09", sentence="The shares traded up during mid-day trading.")
    del claim["session_phase"]  # a claims file from before the column: the sentence decides
    assert bar_field_level(claim, bars).verdict == "consistent"
    # with the column, the extractor placed the phase words: an empty phase is the regular session
    assert bar_field_level({**claim, "session_phase": ""}, bars).verdict == "supported"


def _quote(make_claim, value, published, words="Acme shares are trading 4% higher at", **kw):
    return _level(make_claim, value, date="2021-03-09", published=published, snapshot="quote",
                  sentence=f"{words} ${value:.2f} after the update.", **kw)


def test_live_quote_of_a_stock_on_its_session_day_is_consistent_unless_it_is_the_close(make_claim, bars):
    # Tue 2021-03-09 ranged 9.50..12.00 and closed at 11.00; a note dated that day saying the shares
    # "are trading at $11.75" gives a moment of the session, not the day's price.
    assert bar_field_level(_quote(make_claim, 11.75, "2021-03-09"), bars).verdict == "consistent"
    assert bar_field_level(_quote(make_claim, 11.00, "2021-03-09"), bars).verdict == "supported"
    assert bar_field_level(_quote(make_claim, 12.25, "2021-03-09"), bars).verdict == "contradicted"


def test_last_traded_at_in_a_same_day_note_is_a_moment_of_the_session(make_claim, bars):
    # "last traded at $11.75": the latest trade when the note was written, not the day's close 11.00
    claim = _quote(make_claim, 11.75, "2021-03-09", words="Acme shares last traded at")
    assert bar_field_level(claim, bars).verdict == "consistent"


def test_a_plain_traded_at_in_a_same_day_note_is_the_bare_range_test(make_claim, bars):
    # the protocol's same-day snapshot: a price the session reached, inside the day's range, is supported
    claim = _quote(make_claim, 11.75, "2021-03-09", words="Acme shares traded down $0.40, hitting")
    assert bar_field_level(claim, bars).verdict == "supported"


def test_live_quote_written_after_the_session_keeps_the_range_test(make_claim, bars):
    assert bar_field_level(_quote(make_claim, 11.75, "2021-03-10"), bars).verdict == "supported"


def test_bitcoin_quote_inside_the_days_range_stays_supported(make_claim, bars):
    claim = _quote(make_claim, 11.75, "2021-03-09", subject="BTC-USD")
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "supported"


def test_bare_level_outside_the_range_is_contradicted(make_claim, bars):
    assert bar_field_level(_level(make_claim, 12.25, date="2021-03-09"), bars).verdict == "contradicted"


def test_bare_level_over_a_period_is_supported_when_some_session_traded_it(make_claim, bars):
    claim = _level(make_claim, 11.20, date="2021-03-01", date_end="2021-03-31", precision="month")
    v = bar_field_level(claim, bars)
    assert v.verdict == "supported"
    assert set(v.sessions) == {"2021-03-09", "2021-03-10"}


def test_bitcoin_level_within_one_percent_outside_the_range_is_consistent(make_claim, bars):
    claim = _level(make_claim, 12.10, date="2021-03-09", subject="BTC-USD")  # 0.83% above the High
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "consistent"
    claim = _level(make_claim, 12.20, date="2021-03-09", subject="BTC-USD")  # 1.67% above
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "contradicted"


def test_bitcoin_peak_inside_the_range_within_one_percent_of_the_high_is_supported(make_claim, bars):
    claim = _level(make_claim, 11.95, "high", date="2021-03-09", subject="BTC-USD")
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "supported"


# ------------------------------------------------------------ 52 weeks

@pytest.fixture
def year_bars():
    """Two years of weekday bars: close 100 + 10*sin(day/20); High = close + 1, Low = close - 1."""
    days = pd.bdate_range("2020-01-01", "2021-12-31")
    close = 100 + 10 * np.sin(np.arange(len(days)) / 20.0)
    frame = pd.DataFrame({"open": close, "high": close + 1, "low": close - 1, "close": close}, index=days)
    frame.index.name = "date"
    frame["adj_close"] = frame["close"]
    frame["volume"] = 1
    return frame.round(2)


def _w52(make_claim, metric, value, day):
    return make_claim(metric=metric, value=value, unit="usd", decimals=2, value_text=f"${value:.2f}",
                      date=day, date_end=day, published=day, direction="")


def test_week52_high_is_the_highest_high_of_the_52_weeks(make_claim, year_bars):
    end = pd.Timestamp("2021-06-30")
    window = year_bars.loc[end - pd.Timedelta(weeks=52):end]
    expected = float(window["high"].max())
    v = week52_high(_w52(make_claim, "week52_high", expected, "2021-06-30"), year_bars)
    assert v.verdict == "supported"
    assert v.measured == expected
    assert v.sessions[0] == "2020-07-01"  # 2021-06-30 - 364 days


def test_week52_low_mismatch_is_contradicted(make_claim, year_bars):
    end = pd.Timestamp("2021-06-30")
    lowest = float(year_bars.loc[end - pd.Timedelta(weeks=52):end, "low"].min())
    v = week52_low(_w52(make_claim, "week52_low", lowest + 0.50, "2021-06-30"), year_bars)
    assert v.verdict == "contradicted"


def test_week52_window_before_the_first_bar_is_unverifiable(make_claim, year_bars):
    v = week52_high(_w52(make_claim, "week52_high", 110.0, "2020-10-01"), year_bars)
    assert v.verdict == "unverifiable"
    assert "before the first bar" in v.reason


def test_new_52_week_low_written_during_the_session_is_consistent(make_claim, bars, year_bars):
    frame = year_bars.copy()
    day = pd.Timestamp("2021-06-30")
    prior = float(frame.loc[day - pd.Timedelta(weeks=52):day - pd.Timedelta(days=1), "low"].min())
    frame.loc[day, ["open", "high", "low", "close"]] = (prior + 2, prior + 3, prior - 5, prior - 1)
    # "a new 52-week low ... as low as $X" with X between the day's low and the old low
    v = week52_low(_w52(make_claim, "week52_low", prior - 2, "2021-06-30"), frame)
    assert v.verdict == "consistent"


def _spiked(year_bars):
    """year_bars with a High of 150 on 2020-12-15 and of 140 on 2021-11-10 (both far above the sine's 111)."""
    frame = year_bars.copy()
    frame.loc[pd.Timestamp("2020-12-15"), "high"] = 150.0
    frame.loc[pd.Timestamp("2021-11-10"), "high"] = 140.0
    return frame


def _w52_set_in_november(make_claim, value):
    """"its 52-week high of $X, set in November" in an article of 2021-12-31."""
    return make_claim(metric="week52_high", value=value, unit="usd", decimals=2, value_text=f"${value:.2f}",
                      date="2021-11-01", date_end="2021-11-30", precision="month", published="2021-12-31",
                      direction="")


def test_week52_high_set_in_a_month_is_the_standing_high_at_publication(make_claim, year_bars):
    v = week52_high(_w52_set_in_november(make_claim, 140.0), _spiked(year_bars))
    assert v.verdict == "supported"
    assert v.sessions[1:] == ("2021-12-31", "2021-11-10")


def test_week52_high_set_before_the_named_month_is_contradicted(make_claim, year_bars):
    # the 52 weeks ending 2021-11-30 do peak at 150, but on 2020-12-15, not in November
    v = week52_high(_w52_set_in_november(make_claim, 150.0), _spiked(year_bars))
    assert v.verdict == "contradicted"
    assert "outside 2021-11-01..2021-11-30" in v.reason


# ------------------------------------------------------------ period highs and lows

def test_period_high_matches_the_highest_high_or_the_highest_close(make_claim, bars):
    base = dict(metric="period_high", unit="usd", decimals=2, date="2021-03-01", date_end="2021-03-31",
                precision="month", direction="")
    assert period_high(make_claim(value=12.00, **base), bars).verdict == "supported"   # High 03-09
    assert period_high(make_claim(value=11.00, **base), bars).verdict == "supported"   # Close 03-09
    assert period_high(make_claim(value=11.50, **base), bars).verdict == "contradicted"


def test_period_low_with_at_most_is_supported_when_a_low_went_below(make_claim, bars):
    claim = make_claim(metric="period_low", unit="usd", decimals=0, value=10, comparator="at_most",
                       date="2021-03-01", date_end="2021-03-31", direction="")
    assert period_low(claim, bars).verdict == "supported"


def test_record_low_set_after_the_stated_days_but_before_publication_is_supported(make_claim, bars):
    # "an all-time low of $9.50 in early March" written 2021-03-11: the days 03-01..03-08 bottomed at 9.80,
    # the record low 9.50 came on 03-09, before publication: the level is the record the writer knew.
    kw = dict(metric="period_low", unit="usd", decimals=2, direction="", reference="record",
              date="2021-03-01", date_end="2021-03-08", precision="period")
    v = period_low(make_claim(value=9.50, published="2021-03-11", **kw), bars)
    assert v.verdict == "supported" and "2021-03-09" in v.reason
    # a bound ("below $9.60") is met by any later, lower record: only a stated level can be it
    assert period_low(make_claim(value=9.60, comparator="at_most", published="2021-03-11", **kw),
                      bars).verdict == "contradicted"
    # written on 03-08 itself, the later low is not the record it could mean
    assert period_low(make_claim(value=9.50, published="2021-03-08", **kw), bars).verdict == "contradicted"
    # a level that was never the record stays contradicted
    assert period_low(make_claim(value=9.60, published="2021-03-11", **kw), bars).verdict == "contradicted"


def test_record_set_more_than_a_month_after_the_stated_days_is_not_that_record(make_claim, make_bars):
    # "an all-time high of $20 in early January" written in June: the 20.00 record came on 2021-03-01,
    # seven weeks after the days named; January's own high was 15.00.
    bars = make_bars({"2021-01-04": (14, 15, 13, 14), "2021-01-08": (14, 14.5, 13.5, 14),
                      "2021-03-01": (18, 20, 17, 19), "2021-06-01": (16, 17, 15, 16)})
    kw = dict(metric="period_high", unit="usd", decimals=0, direction="", reference="record",
              date="2021-01-01", date_end="2021-01-10", precision="period", published="2021-06-02")
    assert period_high(make_claim(value=20, **kw), bars).verdict == "contradicted"
    assert period_high(make_claim(value=15, **kw), bars).verdict == "supported"


# ------------------------------------------------------------ lowest since

@pytest.fixture
def since_bars(make_bars):
    return make_bars({
        "2021-01-04": (10, 10, 8, 8),      # a January low of 8
        "2021-02-01": (12, 13, 11, 12),
        "2021-03-01": (11, 12, 10, 11),
        "2021-04-01": (9, 9.5, 8.4, 8.5),  # the claim day: low 8.4, close 8.5
    })


def test_lowest_since_supported_when_the_level_was_last_seen_in_the_since_month(make_claim, since_bars):
    claim = make_claim(metric="lowest_since", unit="usd", value=9, comparator="at_most", decimals=0,
                       date="2021-01-01", date_end="2021-04-01", direction="down")
    v = lowest_since(claim, since_bars)
    assert v.verdict == "supported"
    assert "2021-01-04" in v.sessions


def test_lowest_since_contradicted_when_a_lower_price_came_after_the_since_date(make_claim, since_bars):
    claim = make_claim(metric="lowest_since", unit="usd", value=9, comparator="at_most", decimals=0,
                       date="2020-12-01", date_end="2021-04-01", direction="down")
    # last at or below was January 2021, after December 2020's month: the text is wrong
    assert lowest_since(claim, since_bars).verdict == "contradicted"


def test_n_month_low_counts_months_back_to_the_last_lower_price(make_claim, since_bars):
    claim = make_claim(metric="lowest_since", unit="months", value=2, decimals=0, date="",
                       date_end="2021-04-01", direction="down")
    # 2021-01-04 -> 2021-04-01 is 87 days = 2.86 months: a "2-month low"
    assert lowest_since(claim, since_bars).verdict == "supported"


# ------------------------------------------------------------ off the high

def test_off_record_measured_from_the_highest_high_or_close(make_claim, since_bars):
    # record High 13 (02-01), record Close 12; close 8.5 on 04-01: -34.6% / -29.2%
    base = dict(metric="off_high", reference="record", direction="down", date="2021-04-01",
                date_end="2021-04-01", published="2021-04-05")
    assert off_high(make_claim(value=35, **base), since_bars).verdict == "supported"
    assert off_high(make_claim(value=29, **base), since_bars).verdict == "supported"
    assert off_high(make_claim(value=20, **base), since_bars).verdict == "contradicted"


# ------------------------------------------------------------ bitcoin market cap

def test_bitcoin_market_cap_level_is_close_times_supply(make_claim, make_bars):
    btc = make_bars({"2021-02-18": (50000, 52000, 49000, 51000), "2021-02-19": (51000, 57000, 50000, 55900)})
    cap = 55900 * bitcoin_supply("2021-02-19")
    claim = make_claim(metric="market_cap_level", subject="BTC-USD", unit="usd", value=1e12, scale=1e12,
                       decimals=0, comparator="at_least", date="2021-02-19", direction="")
    v = market_cap_level(claim, btc, bitcoin=True)
    assert v.verdict == "supported"
    assert math.isclose(v.measured, cap, rel_tol=1e-12)
    assert market_cap_level(claim, btc, bitcoin=False).verdict == "unverifiable"


def test_bitcoin_level_at_a_time_of_day_inside_the_range_is_supported(make_claim, bars):
    claim = _level(make_claim, 11.75, date="2021-03-09", subject="BTC-USD", time="08:00", timezone="UTC")
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "supported"


def test_bitcoin_nearing_a_level_just_above_the_high_is_consistent_not_supported(make_claim, bars):
    # High 12.00 on 2021-03-09: "nears $12.1" (a point) is 0.83% above it -> within 1%: consistent;
    # "nearly $12.1" would be [12.05, 12.1) and equally outside; "nears $11.9" is inside: supported.
    claim = _level(make_claim, 12.1, date="2021-03-09", comparator="near")
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "consistent"
    claim = _level(make_claim, 11.9, date="2021-03-09", comparator="near")
    assert bar_field_level(claim, bars, bitcoin=True).verdict == "supported"


def test_a_stock_nearing_a_level_just_above_its_high_is_consistent(make_claim, bars):
    # 2021-03-09 High 12.00: "neared $12.1" is 0.83% above (within 1%): consistent; "neared $12.5"
    # (4.2% above) contradicted; a plain "traded at $12.1" stays contradicted for a stock.
    assert bar_field_level(_level(make_claim, 12.1, date="2021-03-09", comparator="near"), bars).verdict == "consistent"
    assert bar_field_level(_level(make_claim, 12.5, date="2021-03-09", comparator="near"), bars).verdict == "contradicted"
    assert bar_field_level(_level(make_claim, 12.1, date="2021-03-09"), bars).verdict == "contradicted"
