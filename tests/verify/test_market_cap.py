"""Bitcoin market-cap thresholds on synthetic closes built from the supply schedule."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.verify.bitcoin_supply import bitcoin_supply
from fintrack.verify.rules import crossings, market_cap_threshold

TRILLION = 1e12


@pytest.fixture
def btc():
    """Daily BTC bars whose close-based cap is a chosen multiple of $1 trillion.

    Below until 2021-02-18, above 2021-02-19..22 (first crossing), below
    2021-02-23..03-08, above on 2021-03-09 (second crossing). On 2021-03-05 the
    close is at 0.995 T but the high reaches 1.005 T.
    """
    days = pd.date_range("2021-02-10", "2021-03-10", freq="D", name="date")
    factor = pd.Series(0.9, index=days)
    factor["2021-02-19":"2021-02-22"] = 1.05
    factor["2021-03-05"] = 0.995
    factor["2021-03-09":] = 1.02
    supply = pd.Series([bitcoin_supply(d) for d in days], index=days)
    close = factor * TRILLION / supply
    high = close * 1.0
    high["2021-03-05"] = 1.005 * TRILLION / supply["2021-03-05"]
    frame = pd.DataFrame({"open": close, "high": high, "low": close * 0.99, "close": close,
                          "adj_close": close, "volume": 1})
    return frame


def _claim(make_claim, date, ordinal=0, subject="BTC-USD", **kw):
    return make_claim(subject=subject, metric="market_cap_threshold", comparator="at_least", value=TRILLION,
                      value_text="$1 trillion", unit="usd", scale=1e12, date=date, date_end=date,
                      ordinal=ordinal, **kw)


def test_second_crossing_is_supported_and_lists_the_first(make_claim, btc):
    v = market_cap_threshold(_claim(make_claim, "2021-03-09", ordinal=2), btc, bitcoin=True)
    assert v.verdict == "supported"
    assert v.sessions == ("2021-02-19", "2021-03-09")
    assert v.measured == pytest.approx(1.02 * TRILLION)


def test_wrong_ordinal_is_contradicted(make_claim, btc):
    v = market_cap_threshold(_claim(make_claim, "2021-03-09", ordinal=3), btc, bitcoin=True)
    assert v.verdict == "contradicted"
    assert "crossing 2, not 3" in v.reason


def test_first_crossing_without_ordinal_is_supported(make_claim, btc):
    assert market_cap_threshold(_claim(make_claim, "2021-02-19"), btc, bitcoin=True).verdict == "supported"


def test_day_already_above_is_not_a_crossing(make_claim, btc):
    # 2021-02-20 stays above the level it crossed on 2021-02-19.
    assert market_cap_threshold(_claim(make_claim, "2021-02-20"), btc, bitcoin=True).verdict == "contradicted"


def test_day_below_is_contradicted(make_claim, btc):
    assert market_cap_threshold(_claim(make_claim, "2021-03-01"), btc, bitcoin=True).verdict == "contradicted"


def test_intraday_crossing_with_close_below_is_consistent(make_claim, btc):
    v = market_cap_threshold(_claim(make_claim, "2021-03-05", ordinal=2), btc, bitcoin=True)
    assert v.verdict == "consistent"
    assert "intraday" in v.reason


def test_company_market_cap_is_unverifiable(make_claim, btc):
    v = market_cap_threshold(_claim(make_claim, "2021-03-09", subject="CAN"), btc, bitcoin=False)
    assert v.verdict == "unverifiable"
    assert "shares outstanding" in v.reason


def test_crossings_counts_upward_and_downward_passes():
    s = pd.Series([1.0, 2.0, 2.0, 0.5, 3.0], index=pd.date_range("2021-01-01", periods=5))
    assert list(crossings(s, 2.0).strftime("%Y-%m-%d")) == ["2021-01-02", "2021-01-05"]
    assert list(crossings(s, 2.0, downward=True).strftime("%Y-%m-%d")) == ["2021-01-04"]


# A period claim ("topped $1.2 trillion last week") on the real snapshot, supply ~18.87M BTC:
# 2021-11-01..07 no close reached $1.2T (highest 1.1951T on 11-07) but the 11-02 high did (1.2121T);
# 2021-11-08..12 closed above it (1.2752T on 11-08); 2021-10-28..31 never came near (high 1.1871T).
def _topped(make_claim, start, end):
    return make_claim(subject="BTC-USD", metric="market_cap_threshold", comparator="at_least", value=1.2e12,
                      value_text="$1.2 trillion", unit="usd", scale=1e12, date=start, date_end=end,
                      precision="period", published="2021-11-10")


@pytest.mark.parametrize("start, end, expected, phrase", [
    ("2021-11-01", "2021-11-07", "consistent", "only the day's high reached $1.200 trillion (2021-11-02)"),
    ("2021-11-08", "2021-11-12", "supported", "closed at or above $1.200 trillion on 2021-11-08"),
    ("2021-10-28", "2021-10-31", "contradicted", "no close or intraday price in 2021-10-28..2021-10-31 reached"),
])
def test_a_threshold_over_a_period_is_judged_on_every_day_of_it(make_claim, real_prices, start, end, expected, phrase):
    v = market_cap_threshold(_topped(make_claim, start, end), real_prices("BTC-USD"), bitcoin=True)
    assert v.verdict == expected
    assert phrase in v.reason
