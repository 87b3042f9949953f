"""verify(): dispatch, price sources, the returned frame."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from fintrack.errors import NoPriceDataError
from fintrack.verify import VERDICT_COLUMNS, VERDICTS, verify


@pytest.fixture
def bars(make_bars):
    return make_bars({"2021-03-08": (100, 101, 99, 100), "2021-03-09": (110, 137.5, 90, 120)})


def test_returns_one_row_per_claim_with_the_documented_columns(make_claim, bars):
    claims = pd.DataFrame([make_claim(claim_id="a", value=20), make_claim(claim_id="b", value=30)])
    result = verify(claims, {"TEST": bars})
    assert tuple(result.columns) == VERDICT_COLUMNS
    assert list(result["claim_id"]) == ["a", "b"]
    assert list(result["verdict"]) == ["supported", "contradicted"]
    assert set(result["verdict"]) <= set(VERDICTS)


def test_measured_beside_claimed(make_claim, bars):
    row = verify(pd.DataFrame([make_claim(value=20)]), {"TEST": bars}).iloc[0]
    assert row["claimed_value"] == 20.0
    assert row["measured"] == 20.0
    assert row["tolerance"] == "[19.5, 20.5)%"
    assert row["sessions"] == "2021-03-08, 2021-03-09"


def test_accepts_a_callable_price_source_and_loads_each_ticker_once(make_claim, bars):
    calls = []

    def loader(ticker):
        calls.append(ticker)
        return bars

    claims = pd.DataFrame([make_claim(claim_id="a", value=20), make_claim(claim_id="b", value=20)])
    assert list(verify(claims, loader)["verdict"]) == ["supported", "supported"]
    assert calls == ["TEST"]


def test_missing_ticker_in_a_mapping_is_unverifiable(make_claim, bars):
    row = verify(pd.DataFrame([make_claim(subject="ZZZ")]), {"TEST": bars}).iloc[0]
    assert row["verdict"] == "unverifiable"
    assert row["reason"].startswith("no price data for ZZZ")


def test_loader_raising_no_price_data_is_unverifiable(make_claim):
    def loader(ticker):
        raise NoPriceDataError(f"no price file for {ticker}")

    row = verify(pd.DataFrame([make_claim()]), loader).iloc[0]
    assert row["verdict"] == "unverifiable"
    assert "no price file for TEST" in row["reason"]


def test_missing_value_is_unverifiable(make_claim, bars):
    row = verify(pd.DataFrame([make_claim(value=math.nan, decimals=-1)]), {"TEST": bars}).iloc[0]
    assert row["verdict"] == "unverifiable"
    assert row["reason"] == "value missing in the text"


@pytest.mark.parametrize("metric", ["quantity", "financial_figure"])
def test_non_price_claims_are_unverifiable(make_claim, bars, metric):
    row = verify(pd.DataFrame([make_claim(metric=metric, value=100000, unit="units")]), {"TEST": bars}).iloc[0]
    assert row["verdict"] == "unverifiable"
    assert row["reason"] == f"not a price claim ({metric})"


def test_bitcoin_aliases_are_priced_as_btc_usd(make_claim, bars):
    row = verify(pd.DataFrame([make_claim(subject="BTC", value=20)]), {"BTC-USD": bars}).iloc[0]
    assert row["verdict"] == "supported"


def test_claim_without_date_falls_back_to_publication_and_says_so(make_claim, bars):
    row = verify(pd.DataFrame([make_claim(value=20, date="", date_end="", published="2021-03-09")]),
                 {"TEST": bars}).iloc[0]
    assert row["verdict"] == "supported"
    assert "publication date used" in row["reason"]


def test_a_claim_dated_by_an_event_the_text_does_not_date_is_unverifiable_not_of_publication(make_claim, bars):
    # the publication day's figure matches (+20%), but the claim is of a day the text never gave
    row = verify(pd.DataFrame([make_claim(value=20, date="", date_end="", precision="relative",
                                          published="2021-03-09")]), {"TEST": bars}).iloc[0]
    assert row["verdict"] == "unverifiable"
    assert "the text does not date" in row["reason"]


@pytest.mark.parametrize("published, verdict", [("2021-03-07", "unverifiable"), ("2021-03-08", "supported")])
def test_a_claim_dated_after_its_article_is_unverifiable_with_a_days_slack(make_claim, bars, published, verdict):
    # the bars of 2021-03-09 show +20%, but an article of 2021-03-07 could not have known them: a deadline or a
    # plan; published the day before (a crypto desk's UTC date), it is measured
    row = verify(pd.DataFrame([make_claim(value=20, date="2021-03-09", date_end="2021-03-09", published=published)]),
                 {"TEST": bars}).iloc[0]
    assert row["verdict"] == verdict
    assert ("after the article's publication" in row["reason"]) == (verdict == "unverifiable")


def test_an_undated_move_in_a_weekend_article_is_of_the_last_session_before_it(make_claim, make_bars):
    # Thursday 100, Friday 110 (+10%), Monday 99 (-10%): written on Saturday, "fell 10%" cannot be Monday's
    bars = make_bars({"2021-03-04": (100, 101, 99, 100), "2021-03-05": (100, 111, 99, 110),
                      "2021-03-08": (109, 110, 98, 99)})
    row = verify(pd.DataFrame([make_claim(value=10, direction="down", date="", date_end="", precision="unresolved",
                                          published="2021-03-06")]), {"TEST": bars}).iloc[0]
    assert (row["verdict"], row["measured"]) == ("contradicted", pytest.approx(10.0))
    assert "the last session before it (2021-03-05) used" in row["reason"]
    # a date the text states still means the session on or after it
    row = verify(pd.DataFrame([make_claim(value=10, direction="down", date="2021-03-06", date_end="2021-03-06",
                                          published="2021-03-06")]), {"TEST": bars}).iloc[0]
    assert (row["verdict"], row["sessions"]) == ("supported", "2021-03-05, 2021-03-08")


def test_a_same_day_move_is_consistent_mid_session_unless_the_text_spoke_of_the_close(make_claim, bars):
    # 2021-03-09 closed +20% and ranged -10% .. +37.5%: a claimed +30% written that day
    claim = make_claim(value=30, date="2021-03-09", date_end="2021-03-09", published="2021-03-09",
                       sentence="Acme rose 30%.")
    assert verify(pd.DataFrame([claim]), {"TEST": bars}).iloc[0]["verdict"] == "consistent"
    closed = dict(claim, snapshot="close")
    assert verify(pd.DataFrame([closed]), {"TEST": bars}).iloc[0]["verdict"] == "contradicted"


def test_empty_claims_give_an_empty_frame(bars):
    from fintrack.news.schema import CLAIM_COLUMNS

    result = verify(pd.DataFrame(columns=list(CLAIM_COLUMNS)), {"TEST": bars})
    assert result.empty and tuple(result.columns) == VERDICT_COLUMNS


def test_decimals_counted_from_the_text_when_the_field_is_missing(make_claim, bars):
    # "19.5%" with decimals -1: read as 1 decimal, [19.45, 19.55), so +20% contradicts it.
    row = verify(pd.DataFrame([make_claim(value=19.5, value_text="19.5%", decimals=-1)]), {"TEST": bars}).iloc[0]
    assert row["tolerance"] == "[19.45, 19.55)%"
    assert row["verdict"] == "contradicted"


def test_bitcoin_named_but_without_ticker_is_priced_as_btc_usd(make_claim, bars):
    claim = make_claim(subject="", subject_name="Bitcoin", value=20)
    assert verify(pd.DataFrame([claim]), {"BTC-USD": bars}).iloc[0]["verdict"] == "supported"


def test_a_price_quoted_in_another_currency_is_unverifiable(make_claim, bars):
    # 120 is the 2021-03-09 close in USD; "C$120" is another currency, so another listing.
    claim = make_claim(metric="price_level", unit="cad", value=120.0, value_text="C$120", price_field="close")
    row = verify(pd.DataFrame([claim]), {"TEST": bars}).iloc[0]
    assert (row["verdict"], row["reason"]) == ("unverifiable", "quoted in CAD: the price data are in USD")
    usd = verify(pd.DataFrame([{**claim, "unit": "usd", "value_text": "$120"}]), {"TEST": bars}).iloc[0]
    assert usd["verdict"] == "supported"


def test_a_movers_table_row_is_judged_as_the_days_move(real_prices):
    # RIOT closed 12.25 on 2024-03-05 after 13.48 (-9.12%): a row of "-9.1%" holds, one of "-8.1%" does not.
    from fintrack.news import Article, extract

    text = "Miners on Tuesday:\n\n| Ticker | Change |\n|---|---|\n| RIOT | -9.1% |\n| Riot Platforms | -8.1% |\n"
    claims = extract(Article("t", "", "", "", pd.Timestamp("2024-03-06").date(), "", "", text)).claims
    verdicts = dict(zip(claims["value_text"], verify(claims, real_prices)["verdict"]))
    assert (verdicts["-9.1%"], verdicts["-8.1%"]) == ("supported", "contradicted")
