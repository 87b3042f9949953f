"""Rules for market-wide news: trailing-24-hour spans, returns from a named low, index anaphora.

Bars (a 24/7 asset, UTC days): 2021-03-08 closed 100; 2021-03-09 ranged 90..137.5 and closed 120;
2021-03-10 ranged 119..121 and closed 120.
"""
from __future__ import annotations

import pytest

from fintrack.verify.rules import move_24h


@pytest.fixture
def bars(make_bars):
    return make_bars({
        "2021-03-07": (100, 101, 99, 100),
        "2021-03-08": (100, 101, 99, 100),
        "2021-03-09": (110, 137.5, 90, 120),
        "2021-03-10": (120, 121, 119, 120),
    })


def test_move_24h_over_a_span_ends_on_its_last_day(make_claim, bars):
    # "up more than 15% in the last 24 hours", written on 03-09: the span 03-08..03-09 ends on 03-09,
    # whose close is +20% over 03-08's close (the day before alone moved 0%).
    claim = make_claim(metric="move_24h", value=15, comparator="at_least", subject="BTC-USD",
                       date="2021-03-08", date_end="2021-03-09", precision="period", period="PT24H",
                       published="2021-03-09")
    v = move_24h(claim, bars, bitcoin=True)
    assert (v.verdict, v.measured) == ("supported", pytest.approx(20.0))


def test_a_fund_named_by_the_index_it_tracks_is_judged_as_the_fund(make_claim, make_bars):
    from fintrack.verify.core import verify_claim

    fund = make_bars({"2021-03-08": (100, 101, 99, 100), "2021-03-09": (93, 95, 92, 94)})
    claim = make_claim(subject="FUND", metric="open_gap", value=7, direction="down", date="2021-03-09")
    proxies = {"FUND": "Broad Index"}
    as_fund = verify_claim({**claim, "subject_name": "ETF tracking the Broad Index"}, {"FUND": fund}, proxies)
    as_index = verify_claim({**claim, "subject_name": "Broad Index"}, {"FUND": fund}, proxies)
    assert (as_fund.verdict, as_index.verdict) == ("supported", "consistent")


def test_an_n_month_low_allows_the_count_to_round_either_way(make_claim, make_bars):
    from fintrack.verify.levels import lowest_since

    # last lower Low on 2020-01-06; the claim day 2021-04-30 is 15.8 months later
    bars = make_bars({"2020-01-06": (9, 9, 7, 8), "2020-06-01": (20, 21, 19, 20), "2021-04-30": (10, 11, 7.5, 10)})
    claim = make_claim(metric="lowest_since", unit="months", value=16, date="", date_end="2021-04-30",
                       direction="down")
    assert lowest_since(claim, bars).verdict == "supported"
    assert lowest_since({**claim, "value": 14}, bars).verdict == "consistent"    # understated
    assert lowest_since({**claim, "value": 17}, bars).verdict == "contradicted"  # 15.8 < 16
    years = {**claim, "unit": "years", "value": 1}
    assert lowest_since(years, bars).verdict == "supported"                       # 1.3 years


@pytest.fixture
def run_bars(make_bars):
    # a March low (Low 50 on 03-16, lowest Close 55 on 03-17), a peak close of 120 on 06-01, then 90 at the end
    return make_bars({
        "2021-02-26": (100, 101, 99, 100),
        "2021-03-01": (99, 100, 98, 99),
        "2021-03-16": (60, 62, 50, 58),
        "2021-03-17": (58, 60, 54, 55),
        "2021-03-31": (70, 71, 69, 70),
        "2021-06-01": (118, 121, 117, 120),
        "2021-09-01": (91, 92, 89, 90),
    })


def _from_low(make_claim, value, **kw):
    base = dict(metric="period_return", reference="low", value=value, date="2021-03-01", date_end="2021-09-01",
                precision="month", published="2021-09-01", subject="ACME")
    return make_claim(**{**base, **kw})


def test_a_return_from_a_named_low_starts_at_its_lowest_low_or_close(make_claim, run_bars):
    from fintrack.verify.rules import period_return

    assert period_return(_from_low(make_claim, 80), run_bars).verdict == "supported"   # 90 / 50 - 1
    assert period_return(_from_low(make_claim, 64), run_bars).verdict == "supported"   # 90 / 55 - 1
    # from a named day: that day's Low only (03-17: 54 -> 90 is +66.7%)
    day = _from_low(make_claim, 67, date="2021-03-17", precision="day")
    assert period_return(day, run_bars).verdict == "supported"


def test_a_run_from_a_low_counted_to_its_peak_is_consistent_and_beyond_it_contradicted(make_claim, run_bars):
    from fintrack.verify.rules import period_return

    # from the Low 50: +80% to the end close 90, +140% to the peak close 120
    assert period_return(_from_low(make_claim, 110), run_bars).verdict == "consistent"
    assert period_return(_from_low(make_claim, 138), run_bars).verdict == "consistent"
    assert period_return(_from_low(make_claim, 150), run_bars).verdict == "contradicted"


def test_bitcoin_return_written_during_the_day_is_judged_at_the_price_the_article_quotes(make_claim, bars):
    from fintrack.verify.rules import period_return

    # from 03-08's close 100; 03-09 ranged 90..137.5 and closed 120 (+20%); written that day
    claim = make_claim(metric="period_return", subject="BTC-USD", value=5, date="2021-03-08",
                       date_end="2021-03-09", published="2021-03-09", precision="period")
    assert period_return(claim, bars, bitcoin=True).verdict == "consistent"      # +5% is inside the range
    quote = make_claim(metric="price_level", subject="BTC-USD", unit="usd", value=131, value_text="$131",
                       date="2021-03-09")
    # quoted at $131 (+/-1%): +29.7% to +32.3%, so +5% is wrong and +31% fits
    assert period_return({**claim, "quotes": (quote,)}, bars, bitcoin=True).verdict == "contradicted"
    assert period_return({**claim, "value": 31, "quotes": (quote,)}, bars, bitcoin=True).verdict == "consistent"
    # a quote outside the day's range is not the price of that moment
    far = {**quote, "value": 300.0, "value_text": "$300"}
    assert period_return({**claim, "quotes": (far,)}, bars, bitcoin=True).verdict == "consistent"
    # the close still supports a matching figure
    assert period_return({**claim, "value": 20, "quotes": (quote,)}, bars, bitcoin=True).verdict == "supported"


def test_a_return_from_a_low_needs_no_session_before_the_named_month(make_claim, run_bars):
    from fintrack.verify.rules import period_return

    # the data start inside the named month: the close before it is unknown, the low is not
    bars = run_bars.loc["2021-03-16":]
    assert period_return(_from_low(make_claim, 80), bars).verdict == "supported"


def test_an_extreme_figure_is_the_move_to_the_extreme_price_the_article_states(make_claim, make_bars):
    from fintrack.verify.rules import intraday_max_move

    # a stock: previous close 100; the day ranged 88..104 and closed 95; written that day, so "as much as"
    # could be any fall down to 12%, unless the text states the low it fell to
    bars = make_bars({"2021-03-08": (100, 101, 99, 100), "2021-03-09": (99, 104, 88, 95)})
    claim = make_claim(metric="intraday_max_move", comparator="max", direction="down", value=6.7,
                       value_text="6.7%", decimals=1, date="2021-03-09", published="2021-03-09")
    assert intraday_max_move(claim, bars).verdict == "consistent"
    low = make_claim(metric="price_level", unit="usd", value=88, value_text="$88", price_field="low",
                     date="2021-03-09")
    stated = {**claim, "quotes": (low,)}
    assert intraday_max_move(stated, bars).verdict == "contradicted"    # $88 is a fall of 12%
    assert intraday_max_move({**stated, "value": 12.0, "value_text": "12.0%"}, bars).verdict == "supported"
    # a high stated is no bound on a fall
    high = {**low, "value": 104.0, "value_text": "$104", "price_field": "high"}
    assert intraday_max_move({**claim, "quotes": (high,)}, bars).verdict == "consistent"


def test_a_return_since_a_days_close_starts_at_that_close(make_claim, run_bars):
    from fintrack.verify.rules import period_return

    # since the close of 03-16 (58) to 09-01 (90): +55.2%; from the close before it (03-01: 99) it would be -9.1%
    claim = make_claim(metric="period_return", value=55, date="2021-03-16", date_end="2021-09-01",
                       precision="period", published="2021-09-01", reference="day_close")
    assert period_return(claim, run_bars).verdict == "supported"
    assert period_return({**claim, "reference": ""}, run_bars).verdict == "contradicted"


def test_a_drawdown_from_a_stated_high_is_measured_from_that_price(make_claim, run_bars):
    from fintrack.verify.levels import off_high

    # the text named a high of 120 (06-01); the close of 09-01 is 90: 25% below it (the record is the same
    # here, so a stated 150 shows the stated price is used: 40% below)
    claim = make_claim(metric="off_high", direction="down", value=25, date="", date_end="", precision="",
                       published="2021-09-01", reference="level", reference_value=120.0)
    assert off_high(claim, run_bars).verdict == "supported"
    assert off_high({**claim, "reference_value": 150.0, "value": 40}, run_bars).verdict == "supported"
    assert off_high({**claim, "reference_value": 150.0}, run_bars).verdict == "contradicted"
