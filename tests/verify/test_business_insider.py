"""The Business Insider article of Tuesday 2021-03-09 on the real price snapshots.

Numbers from ../shared/data/prices: CAN closed 19.07 on 2021-03-08; on
2021-03-09 it ranged 21.32..30.290001 (+11.80%..+58.84%) and closed 28.690001
(+50.45%); it closed 2.06 on 2020-09-09. BTC-USD closes: 51,679.80 on
2021-02-18, 55,888.13 on 2021-02-19, 52,246.52 on 2021-03-08, 54,824.12 on 2021-03-09.
"""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.verify import verify

PUBLISHED = "2021-03-09"
ARTICLE = "bi-2021-03-09-canaan-37pct"


def _bi_claims(make_claim) -> pd.DataFrame:
    common = dict(article_id=ARTICLE, published=PUBLISHED, date=PUBLISHED, date_end=PUBLISHED)
    rows = [
        make_claim(claim_id="c1", subject="CAN", subject_name="Canaan", metric="intraday_max_move",
                   comparator="max", value=37, value_text="37%", decimals=0, **common),
        make_claim(claim_id="c2", subject="BTC-USD", subject_name="bitcoin", metric="market_cap_threshold",
                   direction="", comparator="at_least", value=1e12, value_text="$1 trillion", decimals=0,
                   unit="usd", scale=1e12, ordinal=2, **common),
        make_claim(claim_id="c3", subject="CAN", subject_name="Canaan", metric="quantity", direction="",
                   comparator="at_least", value=100_000, value_text="100,000", unit="units", **common),
        make_claim(claim_id="c4", subject="CAN", subject_name="Canaan", metric="period_return",
                   comparator="at_least", value=1000, value_text="1,000%", precision="period", period="P6M",
                   **{**common, "date": "2020-09-09"}),
        make_claim(claim_id="c5", subject="CAN", subject_name="Canaan", metric="price_level", direction="",
                   comparator="equal", value=2.06, value_text="$2.06", decimals=2, unit="usd_per_share",
                   precision="month", **{**common, "date": "2020-09-01", "date_end": "2020-09-30"}),
        make_claim(claim_id="c6", subject="CAN", subject_name="Canaan", metric="move_at_time",
                   comparator="equal", value=37.13, value_text="37.13%", decimals=2, time="11:55",
                   timezone="America/New_York", **common),
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def result(make_claim, real_prices):
    return verify(_bi_claims(make_claim), real_prices).set_index("claim_id")


def test_as_much_as_37_percent_is_consistent(result):
    row = result.loc["c1"]
    assert row["verdict"] == "consistent"
    assert row["low"] == pytest.approx(11.80, abs=0.01)     # 21.32 / 19.07 - 1
    assert row["high"] == pytest.approx(58.84, abs=0.01)    # 30.290001 / 19.07 - 1
    assert row["measured"] == pytest.approx(58.84, abs=0.01)
    assert "closed +50.45%" in row["reason"]
    assert row["sessions"] == "2021-03-08, 2021-03-09"


def test_up_37_13_percent_at_11_55_is_consistent(result):
    row = result.loc["c6"]
    assert row["verdict"] == "consistent"
    assert row["tolerance"] == "[37.125, 37.135)%"


def test_2_06_in_september_is_supported_by_the_2020_09_09_close(result):
    row = result.loc["c5"]
    assert row["verdict"] == "supported"
    assert row["measured"] == pytest.approx(2.06)
    assert row["sessions"].startswith("2020-09-09")
    assert "closed within it on 2020-09-09" in row["reason"]


def test_more_than_1000_percent_over_six_months_is_supported(result):
    row = result.loc["c4"]
    assert row["verdict"] == "supported"
    # 28.690001 / 2.06 - 1 = +1,292.7%, from the 2020-09-09 close to the 2021-03-09 close.
    assert row["measured"] == pytest.approx(1292.72, abs=0.01)
    assert row["sessions"].split(", ")[0] == "2020-09-09"
    assert "+825.73%" in row["reason"]  # at the previous close 19.07, shown for transparency


def test_bitcoin_1_trillion_second_time_is_supported_first_crossing_2021_02_19(result):
    row = result.loc["c2"]
    assert row["verdict"] == "supported"
    assert row["sessions"] == "2021-02-19, 2021-03-09"
    # 54,824.12 x ~18.65M BTC.
    assert row["measured"] == pytest.approx(1.0225e12, rel=0.002)


def test_100000_units_is_not_a_price_claim(result):
    row = result.loc["c3"]
    assert row["verdict"] == "unverifiable"
    assert row["reason"] == "not a price claim (quantity)"


def test_the_day_before_bitcoin_was_below_one_trillion(make_claim, real_prices):
    claim = make_claim(subject="BTC-USD", metric="market_cap_threshold", comparator="at_least", value=1e12,
                       unit="usd", scale=1e12, date="2021-03-08", date_end="2021-03-08", ordinal=2)
    row = verify(pd.DataFrame([claim]), real_prices).iloc[0]
    assert row["verdict"] == "contradicted"
    assert row["measured"] < 1e12
