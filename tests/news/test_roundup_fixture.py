"""More wording rules on tests/news/fixtures/wire-roundup.txt (written for these
tests), published Wednesday 2022-06-15 (given, the file has no metadata)."""
from __future__ import annotations

from pathlib import Path

import pytest

from fintrack.news import extract

ARTICLE = Path(__file__).parent / "fixtures" / "wire-roundup.txt"


@pytest.fixture(scope="module")
def result():
    return extract(ARTICLE, published="2022-06-15")


def claim(result, value_text: str) -> dict:
    rows = result.claims[result.claims["value_text"] == value_text]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_percent_after_a_count_is_that_counts_growth(result):
    c = claim(result, "50%")
    assert (c["subject"], c["metric"], c["direction"], c["unit"]) == ("RIOT", "quantity", "up", "percent")
    assert (c["date"], c["date_end"]) == ("2021-10-01", "2021-12-31")  # not "a year earlier"


def test_three_months_ended_is_the_reporting_period(result):
    c = claim(result, "$120 million")
    assert (c["metric"], c["date"], c["date_end"], c["precision"], c["period"]) == (
        "financial_figure", "2021-07-01", "2021-09-30", "period", "P3M")


def test_a_company_named_only_by_its_move_is_kept_without_ticker(result):
    c = claim(result, "1,500%")
    assert (c["subject"], c["subject_name"], c["metric"], c["date"], c["date_end"]) == (
        "", "GameStop", "period_return", "2022-01-01", "2022-01-31")


def test_all_time_high_of_is_a_record_period_high(result):
    c = claim(result, "$69,000")
    assert (c["subject"], c["metric"], c["unit"], c["date"], c["precision"], c["reference"]) == (
        "BTC-USD", "period_high", "usd", "2021-11-01", "month", "record")


def test_little_changed_at_is_a_price_level(result):
    c = claim(result, "$22,100")
    assert (c["metric"], c["date"]) == ("price_level", "2022-06-14")


def test_other_currencies_keep_their_code(result):
    c = claim(result, "RMB 1 billion")
    assert (c["subject"], c["metric"], c["unit"], c["value"], c["date"]) == (
        "CAN", "financial_figure", "cny", 1e9, "2021-01-01")


def test_revenue_fall_is_down(result):
    c = claim(result, "20%")
    assert (c["metric"], c["direction"]) == ("financial_figure", "down")


def test_52_week_low_of_with_last_week(result):
    c = claim(result, "$3.20")
    assert (c["subject"], c["metric"], c["unit"]) == ("HUT", "week52_low", "usd_per_share")
    assert (c["date"], c["date_end"], c["precision"]) == ("2022-06-06", "2022-06-12", "period")


def test_as_much_as_in_early_trading_is_still_the_intraday_maximum(result):
    c = claim(result, "12%")
    assert (c["subject_name"], c["metric"], c["comparator"], c["direction"], c["date"]) == (
        "Block", "intraday_max_move", "max", "down", "2022-06-13")


def test_a_move_of_nothing_that_trades_is_dropped_not_given_a_subject(result):
    # "Wall Street rose 2% yesterday": no registry name, no stock word; and "a riot" is not RIOT.
    assert "2%" not in set(result.claims["value_text"])
    assert not (result.claims["sentence"].str.contains("Wall Street") & (result.claims["subject"] == "RIOT")).any()


def test_a_hedged_buyback_is_not_an_event(result):
    assert not result.events["description"].str.contains("buyback").any()
