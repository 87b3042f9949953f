"""Rules for names the registry does not know, earnings figures and market wording,
on tests/news/fixtures/exchange-earnings.txt (written for these tests), published
Friday 2024-05-03 (given as the publication date, the file has no metadata).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from fintrack.news import extract

ARTICLE = Path(__file__).parent / "fixtures" / "exchange-earnings.txt"


@pytest.fixture(scope="module")
def result():
    return extract(ARTICLE, published="2024-05-03")


def claim(result, value_text: str) -> dict:
    rows = result.claims[result.claims["value_text"] == value_text]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_symbol_in_parentheses_is_the_ticker_of_an_unknown_company(result):
    c = claim(result, "2.3%")
    assert (c["subject"], c["subject_name"]) == ("NWEX", "Northwind Exchange Inc.")


def test_direction_written_after_the_number(result):
    c = claim(result, "2.3%")
    assert (c["direction"], c["metric"], c["time"], c["timezone"], c["date"]) == (
        "down", "move_at_time", "10:30", "America/New_York", "2024-05-02")


def test_price_after_a_move_is_a_price_level_per_share(result):
    c = claim(result, "$11.45")
    assert (c["metric"], c["unit"], c["value"]) == ("price_level", "usd_per_share", 11.45)


def test_hyphenated_first_quarter_dates_the_figures(result):
    c = claim(result, "$1.2 billion")
    assert (c["metric"], c["subject"], c["date"], c["date_end"], c["precision"]) == (
        "financial_figure", "NWEX", "2024-01-01", "2024-03-31", "quarter")


def test_growth_from_a_year_ago_is_financial_and_keeps_the_quarter(result):
    c = claim(result, "20%")
    assert (c["metric"], c["direction"], c["date"]) == ("financial_figure", "up", "2024-01-01")


def test_cents_a_share_is_earnings_per_share_in_dollars(result):
    c = claim(result, "12 cents")
    assert (c["metric"], c["value"], c["unit"]) == ("financial_figure", 0.12, "usd_per_share")


def test_past_24_hours_of_a_crypto_asset_is_a_24h_move(result):
    c = claim(result, "5%")
    assert (c["subject"], c["metric"], c["period"], c["date"], c["date_end"]) == (
        "BTC-USD", "move_24h", "PT24H", "2024-05-02", "2024-05-03")


def test_currently_is_the_publication_day(result):
    c = claim(result, "$47,800")
    assert (c["metric"], c["comparator"], c["unit"], c["date"]) == ("price_level", "approx", "usd", "2024-05-03")


def test_more_than_doubled_this_year_runs_to_publication(result):
    c = claim(result, "doubled")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["unit"]) == (
        "ETH-USD", "period_return", "at_least", 2.0, "multiple")
    assert (c["date"], c["date_end"], c["precision"]) == ("2024-01-01", "2024-05-03", "period")


def test_sp500_index_and_slipped_is_down(result):
    c = claim(result, "0.4%")
    assert (c["subject"], c["direction"], c["metric"], c["date"]) == (
        "^GSPC", "down", "close_to_close_move", "2024-05-01")


def test_since_a_month_is_a_return_up_to_publication(result):
    c = claim(result, "60%")
    assert (c["subject"], c["metric"], c["comparator"], c["direction"]) == (
        "COIN", "period_return", "approx", "down")
    assert (c["date"], c["date_end"]) == ("2023-11-01", "2024-05-03")


def test_qualitative_events(result):
    labels = set(result.events["description"])
    assert {"NWEX: results beat estimates", "NWEX: guidance raised", "NWEX: acquisition or merger"} <= labels


def test_hedged_statements_are_not_events(result):
    assert not result.events["description"].str.contains("ETF").any()


def test_main_company_may_be_one_the_registry_does_not_know(result):
    publication = result.events[result.events["kind"] == "publication"].iloc[0]
    assert publication["ticker"] == "NWEX"
