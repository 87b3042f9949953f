"""The two source articles in ../shared/articles, with the expected facts written out.

Business Insider, published Tuesday 2021-03-09 (articles.csv). CoinDesk: the
text lost its digits and most punctuation and has no known publication date.
"""
from __future__ import annotations

import math

import pytest

from fintrack.news import extract

BI = "businessinsider-canaan-37pct.txt"
COINDESK = "coindesk-canaan-q1-profit.txt"


@pytest.fixture(scope="module")
def bi(shared_articles_dir):
    return extract(shared_articles_dir / BI)


def rows(result, **where):
    frame = result.claims
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


def test_bi_as_much_as_37_is_intraday_maximum_on_tuesday(bi):
    found = rows(bi, value_text="37%")
    assert len(found) == 1  # stated in a summary bullet and again in the body: one fact, one claim
    assert found["span_start"].iloc[0] < 200  # the first mention (the bullet) is kept
    for c in found.to_dict("records"):
        assert (c["subject"], c["metric"], c["direction"], c["comparator"], c["value"], c["decimals"]) == (
            "CAN", "intraday_max_move", "up", "max", 37.0, 0)
        assert (c["date"], c["date_end"], c["precision"], c["published"]) == (
            "2021-03-09", "2021-03-09", "day", "2021-03-09")


def test_bi_37_13_as_of_1155_eastern(bi):
    (c,) = rows(bi, value_text="37.13%").to_dict("records")
    assert (c["subject"], c["metric"], c["direction"], c["comparator"], c["value"], c["decimals"]) == (
        "CAN", "move_at_time", "up", "equal", 37.13, 2)
    assert (c["date"], c["time"], c["timezone"]) == ("2021-03-09", "11:55", "America/New_York")


def test_bi_more_than_1000_percent_over_six_months(bi):
    (c,) = rows(bi, value_text="1,000%").to_dict("records")
    assert (c["subject"], c["metric"], c["direction"], c["comparator"], c["value"], c["unit"]) == (
        "CAN", "period_return", "up", "at_least", 1000.0, "percent")
    assert (c["period"], c["date"], c["date_end"], c["precision"]) == (
        "P6M", "2020-09-09", "2021-03-09", "period")


def test_bi_2_06_per_share_in_september_of_last_year(bi):
    (c,) = rows(bi, value_text="$2.06").to_dict("records")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["unit"], c["decimals"]) == (
        "CAN", "price_level", "equal", 2.06, "usd_per_share", 2)
    assert (c["date"], c["date_end"], c["precision"]) == ("2020-09-01", "2020-09-30", "month")


def test_bi_bitcoin_1_trillion_market_cap_second_time(bi):
    found = rows(bi, value_text="$1 trillion")
    assert len(found) == 1  # bullet and body state the same fact
    for c in found.to_dict("records"):
        assert (c["subject"], c["metric"], c["value"], c["unit"], c["scale"], c["ordinal"]) == (
            "BTC-USD", "market_cap_threshold", 1e12, "usd", 1e12, 2)
        assert (c["date"], c["precision"]) == ("2021-03-09", "day")


def test_bi_unit_quantities(bi):
    quantities = rows(bi, metric="quantity")
    got = sorted(zip(quantities["value"], quantities["comparator"], quantities["subject"]))
    assert got == [(6000.0, "equal", "CAN"), (6400.0, "approx", "HIVE"),
                   (100000.0, "at_least", "CAN"), (100000.0, "equal", "CAN")]
    assert set(quantities["unit"]) == {"units"}


def test_bi_sale_to_core_scientific_on_february_7(bi):
    (c,) = rows(bi, value_text="6,000").to_dict("records")
    assert (c["date"], c["precision"]) == ("2021-02-07", "day")
    sale = bi.events[(bi.events["kind"] == "sale") & (bi.events["date"] == "2021-02-07")]
    assert list(sale["ticker"]) == ["CAN"]
    assert list(sale["description"]) == ["CAN: machines sold (to CORZ)"]


def test_bi_hive_order_on_jan_23(bi):
    (c,) = rows(bi, value_text="6,400").to_dict("records")
    assert (c["date"], c["precision"]) == ("2021-01-23", "day")
    order = bi.events[(bi.events["kind"] == "order") & (bi.events["date"] == "2021-01-23")]
    assert list(order["ticker"]) == ["HIVE"]
    assert list(order["description"]) == ["HIVE: machines ordered (from CAN)"]  # "from the company"


def test_bi_years_and_late_2020(bi):
    dated = set(zip(bi.events["kind"], bi.events["date"], bi.events["date_end"], bi.events["precision"]))
    assert ("corporate", "2013-01-01", "2013-12-31", "year") in dated  # founded in 2013
    assert ("business", "2021-01-01", "2021-12-31", "year") in dated   # model changed in 2021
    assert ("business", "2020-09-01", "2020-12-31", "period") in dated  # client base, late 2020


def test_bi_no_claim_from_years_or_chart_captions(bi):
    assert not set(bi.claims["value_text"]) & {"2013", "2021", "2020", "2"}
    assert "CAN" in set(bi.claims["subject"])


def test_bi_events_are_deduplicated_between_bullets_and_body(bi):
    moves = bi.events[(bi.events["kind"] == "price_move") & (bi.events["date"] == "2021-03-09")]
    assert len(moves) == 2  # intraday maximum 37% and 37.13% at 11:55


@pytest.fixture(scope="module")
def coindesk(shared_articles_dir):
    return extract(shared_articles_dir / COINDESK)


def test_coindesk_never_invents_numbers(coindesk):
    claims = coindesk.claims
    assert len(claims) >= 8
    lost = claims[claims["value_text"] == ""]
    assert lost["value"].map(math.isnan).all() and len(lost) >= 7
    # The only values are the factors written as words ("doubling", "nearly tripled").
    assert sorted(claims.dropna(subset=["value"])["value_text"]) == ["doubling", "tripled"]


def test_coindesk_without_publication_date_leaves_every_date_unresolved(coindesk):
    assert set(coindesk.claims["precision"]) == {"unresolved"}
    assert set(coindesk.events["precision"]) == {"unresolved"}
    assert set(coindesk.claims["published"]) == {""}


def test_coindesk_qualitative_events(coindesk):
    descriptions = list(coindesk.events["description"])
    assert "CAN: return to profit (driven by bitcoin price rally)" in descriptions
    assert "CAN: preorders received (from long-term clients)" in descriptions
    assert "CAN: overseas share of orders or revenue rising" in descriptions
    assert "CAN: contract liabilities up" in descriptions
    assert "CAN: operations relocating" in descriptions


def test_coindesk_contract_liabilities_nearly_tripled(coindesk):
    (c,) = rows(coindesk, value_text="tripled").to_dict("records")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["unit"], c["direction"]) == (
        "CAN", "financial_figure", "nearly", 3.0, "multiple", "up")


def test_coindesk_share_move_at_press_time_has_no_value(coindesk):
    (c,) = rows(coindesk, metric="move_at_time").to_dict("records")
    assert (c["subject"], c["direction"], c["comparator"], c["value_text"]) == ("CAN", "up", "nearly", "")
    assert math.isnan(c["value"])


def test_coindesk_with_a_given_publication_date_resolves_the_quarter(shared_articles_dir):
    result = extract(shared_articles_dir / COINDESK, published="2021-05-12")
    quarter = result.claims[result.claims["precision"] == "quarter"]
    assert set(zip(quarter["date"], quarter["date_end"])) == {("2021-01-01", "2021-03-31")}
    press = result.claims[result.claims["metric"] == "move_at_time"].iloc[0]
    assert press["date"] == "2021-05-12"  # "at press time" is the publication day


def test_extract_a_folder_reads_both_articles(shared_articles_dir):
    result = extract(shared_articles_dir)
    assert set(result.articles["article_id"]) == {"bi-2021-03-09-canaan-37pct", "coindesk-canaan-q1-profit"}
    assert result.events["event_id"].is_unique and result.claims["claim_id"].is_unique


def test_extraction_is_fast(shared_articles_dir):
    import time

    start = time.perf_counter()
    extract(shared_articles_dir / BI)
    assert time.perf_counter() - start < 1.0
