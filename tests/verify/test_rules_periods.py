"""Period returns and price levels on synthetic bars."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.verify.rules import parse_period, period_return, price_level


@pytest.fixture
def bars(make_bars):
    # Start close 2.0 six months before Tuesday 2021-03-09; that day ranged 18..30 and closed 24.
    return make_bars({
        "2020-09-08": (1.9, 1.95, 1.85, 1.9),
        "2020-09-09": (2.0, 2.0, 2.0, 2.0),
        "2021-03-01": (16, 16, 16, 16),
        "2021-03-08": (19, 19, 19, 19),
        "2021-03-09": (20, 30, 18, 24),
        "2021-03-12": (25, 25, 25, 25),
    })


def _six_months(make_claim, comparator, value, **kw):
    kw.setdefault("published", "2021-03-09")
    return make_claim(metric="period_return", comparator=comparator, value=value, period="P6M",
                      date="2020-09-09", date_end="2021-03-09", precision="period", **kw)


def test_parse_period_gives_calendar_offsets():
    end = pd.Timestamp("2021-03-09")
    assert end - parse_period("P6M") == pd.Timestamp("2020-09-09")
    assert end - parse_period("P1W") == pd.Timestamp("2021-03-02")
    assert end - parse_period("P1Y6M") == pd.Timestamp("2019-09-09")
    assert parse_period("") is None
    assert parse_period("six months") is None


def test_six_month_return_counts_from_the_close_six_months_before(make_claim, bars):
    # 24 / 2.0 - 1 = +1,100%.
    v = period_return(_six_months(make_claim, "at_least", 1000), bars)
    assert v.verdict == "supported"
    assert v.measured == 1100.0
    assert v.sessions[0] == "2020-09-09" and v.sessions[-1] == "2021-03-09"
    assert "2021-03-09 - P6M" in v.reason


def test_published_during_the_end_session_consistent_when_only_intraday_prices_meet_it(make_claim, bars):
    # "more than 1,100%": the close gives exactly 1,100 (not more); the session reached +1,400%.
    v = period_return(_six_months(make_claim, "at_least", 1100), bars)
    assert v.verdict == "consistent"
    assert (v.low, v.high) == (800.0, 1400.0)
    assert "previous close 19" in v.reason  # +850% at the last close before publication is shown


def test_a_same_day_return_ending_at_a_close_the_text_names_is_not_softened_by_the_range(make_claim, bars):
    # "as of Tuesday's close" (snapshot close), published that Tuesday: +1,100% at the close decides;
    # +1,300% lies inside the session's range (+800%..+1,400%) but the text rules out a mid-session figure.
    assert period_return(_six_months(make_claim, "equal", 1300, snapshot="close"), bars).verdict == "contradicted"
    assert period_return(_six_months(make_claim, "equal", 1100, snapshot="close"), bars).verdict == "supported"
    assert period_return(_six_months(make_claim, "equal", 1300), bars).verdict == "consistent"


def test_a_same_day_return_met_only_at_the_previous_close_is_consistent(make_bars, make_claim):
    # Start close 10; Monday closed 15 (+50%); Tuesday gapped down, ranged 11..12 (+10%..+20%), closed 11.5.
    # A note dated Tuesday alone may predate the open: +50% to Monday's close is consistent, +40% contradicted.
    gap = make_bars({"2021-03-01": (10, 10, 10, 10), "2021-03-08": (15, 15, 15, 15),
                     "2021-03-09": (12, 12, 11, 11.5)})

    def past_week(value, published="2021-03-09"):
        return make_claim(metric="period_return", value=value, period="P1W", date="2021-03-02",
                          date_end="2021-03-09", precision="period", published=published)

    assert period_return(past_week(50), gap).verdict == "consistent"
    assert period_return(past_week(40), gap).verdict == "contradicted"
    assert period_return(past_week(15), gap).verdict == "supported"
    # Published after the session, or at a time during it, the previous close is no reading.
    assert period_return(past_week(50, published="2021-03-10"), gap).verdict == "contradicted"
    assert period_return(past_week(50, published="2021-03-09T11:00:00-05:00"), gap).verdict == "contradicted"


def test_published_after_the_end_session_the_close_decides(make_claim, bars):
    v = period_return(_six_months(make_claim, "at_least", 1100, published="2021-03-12"), bars)
    assert v.verdict == "contradicted"


def test_period_return_above_any_end_session_price_is_contradicted(make_claim, bars):
    assert period_return(_six_months(make_claim, "at_least", 1500), bars).verdict == "contradicted"


def test_past_week_starts_at_the_last_session_on_or_before_a_week_earlier(make_claim, bars):
    # 2021-03-09 - 7 days = 2021-03-02, no bar: the 2021-03-01 close 16 is used; 24/16 - 1 = +50%.
    claim = make_claim(metric="period_return", value=50, period="P7D", date="2021-03-02",
                       date_end="2021-03-09", published="2021-03-10")
    v = period_return(claim, bars)
    assert v.verdict == "supported"
    assert v.measured == 50.0
    assert v.sessions == ("2021-03-01", "2021-03-09")


def test_span_without_period_counts_from_the_close_before_it(make_claim, bars):
    # Span 2021-03-08..2021-03-09: base is the close before 2021-03-08 (16 on 2021-03-01).
    claim = make_claim(metric="period_return", value=50, date="2021-03-08", date_end="2021-03-09",
                       published="2021-03-12")
    assert period_return(claim, bars).measured == 50.0


def test_return_from_a_stated_start_price_to_a_moment_of_the_end_session(make_claim, bars):
    # "from $19.00 on 2021-03-08 to ... at 11:00 on 2021-03-09": base 19 (stated), the end session
    # ranged 18..30 -> -5.26%..+57.89%, closed 24 -> +26.32%. +50% at 11:00 is inside: consistent,
    # never supported (the close is not the moment stated); +60% is outside: contradicted.
    kw = dict(metric="period_return", date="2021-03-08", date_end="2021-03-09", precision="period",
              reference="level", reference_value=19.0, time="11:00", timezone="America/New_York",
              published="2021-03-09")
    v = period_return(make_claim(value=50, **kw), bars)
    assert v.verdict == "consistent"
    assert v.measured == pytest.approx(24 / 19 * 100 - 100)
    assert v.sessions[0] == "2021-03-08"  # the stated price's own session, not the one before
    assert period_return(make_claim(value=60, **kw), bars).verdict == "contradicted"
    # without the time, written after the end session: the close decides (+26.32% rounds to 26%)
    closed = {**kw, "time": "", "timezone": "", "published": "2021-03-12"}
    assert period_return(make_claim(value=26, **closed), bars).verdict == "supported"


def test_return_since_the_low_of_a_month_starts_at_the_spans_lowest_close(make_claim, bars):
    # "tripled since its low in September 2020": the lowest close from 2020-09-01 on is 1.9
    # (2020-09-08), not the close before the span; 24 / 1.9 = 12.6x at 2021-03-09.
    kw = dict(metric="period_return", unit="multiple", comparator="at_least", date="2020-09-01",
              date_end="2021-03-09", precision="period", published="2021-03-12")
    v = period_return(make_claim(value=12, reference="span_low", **kw), bars)
    assert v.verdict == "supported"
    assert v.measured == pytest.approx((24 / 1.9 - 1) * 100)
    assert v.sessions[0] == "2020-09-08"
    assert period_return(make_claim(value=13, reference="span_low", **kw), bars).verdict == "contradicted"
    # a fall "since its peak in March 2021": from the highest close of the span, 25 on 2021-03-12
    peak = dict(kw, date="2021-03-01", date_end="2021-03-12", comparator="equal", unit="percent")
    assert period_return(make_claim(value=0, reference="span_high", **peak), bars).measured == 0.0


def test_period_fall(make_claim, bars):
    # 2021-03-12 - P3D = 2021-03-09: close 24 -> 25 is +4.17%, a rise, so "down 4%" fails.
    claim = make_claim(metric="period_return", direction="down", value=4, period="P3D",
                       date="2021-03-09", date_end="2021-03-12", published="2021-03-13")
    v = period_return(claim, bars)
    assert v.measured == pytest.approx(4.166666667)
    assert v.verdict == "contradicted"  # it rose


def test_period_start_outside_the_data_is_unverifiable(make_claim, bars):
    claim = make_claim(metric="period_return", value=50, period="P1Y", date_end="2021-03-09")
    v = period_return(claim, bars)
    assert v.verdict == "unverifiable"
    assert v.reason == "no price data for 2020-03-09"


# ------------------------------------------------------------ price levels

def _level(make_claim, value, comparator="equal", decimals=2, **kw):
    kw.setdefault("date", "2020-09-01")
    kw.setdefault("date_end", "2020-09-30")
    return make_claim(metric="price_level", direction="", comparator=comparator, value=value,
                      decimals=decimals, unit="usd_per_share", precision="month", **kw)


def test_price_level_supported_names_the_matching_sessions(make_claim, bars):
    # $2.06 = [2.055, 2.065) traded on neither 2020-09-08 (high 1.95) nor 2020-09-09 (2.0 flat).
    assert price_level(_level(make_claim, 2.06), bars).verdict == "contradicted"
    v = price_level(_level(make_claim, 2.0), bars)
    assert v.verdict == "supported"
    assert v.sessions == ("2020-09-09",)
    assert v.measured == 2.0


def test_price_level_on_the_high_exactly_is_supported(make_claim, bars):
    # "$1.95" = [1.945, 1.955) contains the 2020-09-08 high of 1.95.
    v = price_level(_level(make_claim, 1.95), bars)
    assert v.verdict == "supported"
    assert v.sessions == ("2020-09-08",)


def test_price_level_strict_comparators_at_the_range_edges(make_claim, bars):
    # Highest high of September is 2.0, lowest low 1.85.
    assert price_level(_level(make_claim, 2.0, "at_least"), bars).verdict == "contradicted"
    assert price_level(_level(make_claim, 1.85, "at_most"), bars).verdict == "contradicted"
    assert price_level(_level(make_claim, 1.99, "at_least"), bars).verdict == "supported"


def test_price_level_without_sessions_in_the_period_is_unverifiable(make_claim, bars):
    v = price_level(_level(make_claim, 2.0, date="2020-10-01", date_end="2020-10-31"), bars)
    assert v.verdict == "unverifiable"
    assert v.reason == "no price data for 2020-10-01..2020-10-31"


# Multiples: "x k" is a move of (k - 1) * 100 percent. The span starts 2021-03-01: base is the close
# before it, 2.0 (2020-09-09); end close 25 (2021-03-12): 12.5 times, +1,150%.
def _multiple(make_claim, value, value_text, decimals):
    return make_claim(metric="period_return", comparator="equal", value=value, unit="multiple",
                      value_text=value_text, decimals=decimals, date="2021-03-01", date_end="2021-03-12",
                      precision="period", published="2021-03-13")


def test_an_n_fold_rise_is_the_ratio_of_the_closes(make_claim, bars):
    v = period_return(_multiple(make_claim, 12.5, "12.5-fold", 1), bars)
    assert v.verdict == "supported"  # x12.5 allows [12.45, 12.55) times: [+1,145%, +1,155%)
    assert v.measured == pytest.approx(1150.0)


def test_a_multiple_far_from_the_ratio_is_contradicted(make_claim, bars):
    v = period_return(_multiple(make_claim, 3.0, "tripled", 0), bars)
    assert v.verdict == "contradicted"  # x3 is [2.5, 3.5) times: [+150%, +250%), not +1,150%
    assert "[150, 250)%" in v.reason


def test_bitcoin_record_quoted_by_another_exchange_is_consistent(make_claim, real_prices):
    # The all-time high of 2021-11-10, $68,990 on several exchanges; Yahoo's BTC-USD high was $68,789.62.
    record = make_claim(subject="BTC-USD", metric="price_level", comparator="equal", value=68_990.0, unit="usd",
                        value_text="$68,990", decimals=0, date="2021-11-10", date_end="2021-11-10", precision="day")
    v = price_level(record, real_prices("BTC-USD"), bitcoin=True)
    assert v.verdict == "consistent"
    assert "within 1% of it on 2021-11-10: bitcoin trades on many exchanges" in v.reason


def test_bitcoin_level_more_than_one_percent_away_is_contradicted(make_claim, real_prices):
    far = make_claim(subject="BTC-USD", metric="price_level", comparator="equal", value=70_000.0, unit="usd",
                     value_text="$70,000", decimals=0, date="2021-11-10", date_end="2021-11-10", precision="day")
    assert price_level(far, real_prices("BTC-USD"), bitcoin=True).verdict == "contradicted"  # 1.8% above the high


# ------------------------------------------------------------ the article's own current price

def _quote(make_claim, value):
    return make_claim(metric="price_level", unit="usd", value=value, value_text=f"${value:g}", decimals=0,
                      direction="", date="2021-03-09", date_end="2021-03-09")


def test_a_stock_return_written_during_the_session_is_measured_to_the_price_the_article_quotes(make_claim, bars):
    # Start close 2.0; 2021-03-09 ranged 18..30 and closed 24 (+1,100%). The article quotes "$20"
    # ([19.5, 20.5): +875%..+925%). "about 1,300%" ([1,200, 1,400]) misses the close, fits the day's
    # range (+800%..+1,400%) but not the quote -> contradicted; "about 900%" fits the quote -> consistent.
    quotes = {"quotes": (_quote(make_claim, 20),)}
    v = period_return({**_six_months(make_claim, "approx", 1300), **quotes}, bars, bitcoin=False)
    assert v.verdict == "contradicted" and "at the price the article quotes" in v.reason
    assert period_return(_six_months(make_claim, "approx", 1300), bars).verdict == "consistent"
    v = period_return({**_six_months(make_claim, "approx", 900), **quotes}, bars, bitcoin=False)
    assert v.verdict == "consistent"


def test_a_quoted_stock_price_outside_the_session_range_is_ignored(make_claim, bars):
    # $31 is above the 30 High: no slack for a stock, so not a price of that session.
    quotes = {"quotes": (_quote(make_claim, 31),)}
    v = period_return({**_six_months(make_claim, "approx", 1300), **quotes}, bars, bitcoin=False)
    assert v.verdict == "consistent" and "quotes" not in v.reason


def test_verify_gives_a_stock_return_the_same_articles_quotes(make_claim, bars):
    from fintrack.verify import verify
    claims = pd.DataFrame([
        {**_quote(make_claim, 20), "claim_id": "q"},
        _six_months(make_claim, "approx", 1300, claim_id="r"),
        _six_months(make_claim, "approx", 1300, claim_id="other", article_id="another-article"),
    ])
    verdicts = dict(zip(*verify(claims, {"TEST": bars})[["claim_id", "verdict"]].T.values))
    assert verdicts == {"q": "supported", "r": "contradicted", "other": "consistent"}


def test_a_stock_return_written_at_a_publication_time_in_the_session_is_supported_by_that_close(make_claim, bars):
    # Published at 14:20 New York time on the end day: +1,100% (close 24 over 2.0) meets "about 1,100%".
    v = period_return(_six_months(make_claim, "about", 1100, published="2021-03-09T14:20:00-05:00"), bars)
    assert v.verdict == "supported" and v.measured == pytest.approx(1100.0)


def test_a_time_the_claim_states_itself_caps_a_matching_close_at_consistent(make_claim, bars):
    # "up about 1,100% as of 11:00": the close came later, so the bars only allow it.
    v = period_return(_six_months(make_claim, "about", 1100, time="11:00", timezone="America/New_York"), bars)
    assert v.verdict == "consistent"
