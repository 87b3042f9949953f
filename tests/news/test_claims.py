"""Claim rules on fixture articles written for these tests (tests/news/fixtures).

miners-slide.md is published 2022-11-16 (a Wednesday) 16:30 New York time.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from fintrack.news import CLAIM_COLUMNS, EVENT_COLUMNS, extract

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def slide():
    return extract(FIXTURES / "miners-slide.md")


def claim(result, value_text: str) -> dict:
    rows = result.claims[result.claims["value_text"] == value_text]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_columns_follow_the_schema(slide):
    assert tuple(slide.claims.columns) == CLAIM_COLUMNS
    assert tuple(slide.events.columns) == EVENT_COLUMNS


def test_fall_on_a_weekday_is_a_close_to_close_move_down(slide):
    c = claim(slide, "12%")
    assert (c["subject"], c["metric"], c["direction"], c["comparator"], c["value"], c["date"]) == (
        "RIOT", "close_to_close_move", "down", "equal", 12.0, "2022-11-14")


def test_lower_by_is_down(slide):
    c = claim(slide, "7.5%")
    assert (c["subject"], c["direction"], c["value"], c["decimals"], c["date"]) == (
        "MARA", "down", 7.5, 1, "2022-11-15")


def test_nasdaq_market_is_the_nasdaq_composite(slide):
    c = claim(slide, "1.2%")
    assert (c["subject"], c["direction"], c["date"]) == ("^IXIC", "down", "2022-11-15")


def test_nearly_with_time_of_day_is_move_at_time(slide):
    c = claim(slide, "9%")
    assert (c["subject"], c["metric"], c["comparator"], c["direction"]) == (
        "BITF", "move_at_time", "nearly", "down")
    assert (c["time"], c["timezone"], c["date"]) == ("14:15", "America/New_York", "2022-11-16")


def test_as_much_as_down_is_intraday_maximum(slide):
    c = claim(slide, "15%")
    assert (c["subject"], c["metric"], c["comparator"], c["direction"], c["date"]) == (
        "HUT", "intraday_max_move", "max", "down", "2022-11-09")


def test_loss_over_three_months_is_period_return_lower_bound(slide):
    c = claim(slide, "40%")
    assert (c["subject"], c["metric"], c["comparator"], c["direction"]) == (
        "EBON", "period_return", "at_least", "down")
    assert (c["period"], c["date"], c["date_end"], c["precision"]) == (
        "P3M", "2022-08-16", "2022-11-16", "period")


def test_word_number_price_with_upper_bound(slide):
    c = claim(slide, "sixteen thousand dollars")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["unit"]) == (
        "BTC-USD", "price_level", "at_most", 16000.0, "usd")


def test_unknown_company_kept_by_name_without_ticker(slide):
    c = claim(slide, "2,500")
    assert (c["subject"], c["subject_name"], c["metric"], c["comparator"], c["unit"]) == (
        "", "Greenfield Hashing Corp.", "quantity", "approx", "units")
    assert (c["date"], c["date_end"], c["precision"]) == ("2022-07-01", "2022-09-30", "quarter")


def test_less_than_is_an_upper_bound_on_a_financial_figure(slide):
    c = claim(slide, "$30 million")
    assert (c["metric"], c["comparator"], c["value"], c["scale"], c["precision"], c["date"]) == (
        "financial_figure", "at_most", 30e6, 1e6, "year", "2022-01-01")


def test_reported_revenue_in_a_year(slide):
    c = claim(slide, "$213.2 million")
    assert (c["subject"], c["metric"], c["value"], c["date"], c["date_end"]) == (
        "RIOT", "financial_figure", 213.2e6, "2021-01-01", "2021-12-31")


def test_the_company_resolves_to_the_main_company(slide):
    c = claim(slide, "$5.80")
    assert (c["subject"], c["metric"], c["unit"], c["comparator"], c["date"]) == (
        "RIOT", "price_level", "usd_per_share", "equal", "2022-11-14")


def test_over_a_price_is_a_lower_bound_in_late_year(slide):
    c = claim(slide, "$40")
    assert (c["comparator"], c["date"], c["date_end"], c["precision"]) == (
        "at_least", "2021-09-01", "2021-12-31", "period")


def test_market_value_threshold_with_third_time(slide):
    c = claim(slide, "$500 billion")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["ordinal"]) == (
        "ETH-USD", "market_cap_threshold", "at_least", 5e11, 3)


def test_ambiguous_period_leaves_the_claim_unresolved(slide):
    c = claim(slide, "30%")
    assert (c["metric"], c["comparator"], c["date"], c["precision"]) == (
        "period_return", "approx", "", "unresolved")


def test_english_can_and_riot_are_not_tickers(slide):
    sentence_rows = slide.claims[slide.claims["sentence"].str.contains("Investors can")]
    assert set(sentence_rows["subject"]) <= {"RIOT"}
    assert "CAN" not in set(slide.claims["subject"]) | set(slide.events["ticker"])


def test_claim_spans_point_at_the_number(slide):
    from fintrack.news import load_article

    text = load_article(FIXTURES / "miners-slide.md").text
    for row in slide.claims.itertuples():
        assert text[row.span_start:row.span_end] == row.value_text


def test_published_column_is_filled(slide):
    # the contract: the date with its time and UTC offset when the article gives them
    assert set(slide.claims["published"]) == {"2022-11-16T16:30:00-05:00"}


@pytest.fixture(scope="module")
def degraded():
    return extract(FIXTURES / "degraded-results.txt", published="2022-08-03")


def test_lost_numbers_are_kept_as_missing_values(degraded):
    missing = degraded.claims[degraded.claims["value_text"] == ""]
    assert len(missing) == 4
    assert missing["value"].map(math.isnan).all()
    assert (missing["decimals"] == -1).all()


def test_lost_number_in_a_loss_keeps_the_scale_word(degraded):
    first = degraded.claims.iloc[0]
    assert (first["subject"], first["metric"], first["scale"], first["precision"]) == (
        "RIOT", "financial_figure", 1e6, "unresolved")  # "the second quarter of" lost its year


def test_press_time_move_with_lost_number(degraded):
    row = degraded.claims[degraded.claims["metric"] == "move_at_time"].iloc[0]
    assert (row["direction"], row["comparator"], row["date"], row["unit"]) == (
        "down", "approx", "2022-08-03", "")


def test_nearly_doubled_is_a_factor_not_a_lost_number(degraded):
    row = degraded.claims[degraded.claims["value_text"] == "doubled"].iloc[0]
    assert (row["value"], row["unit"], row["comparator"], row["direction"]) == (2.0, "multiple", "nearly", "up")
    # since the end of last year: from the close of its last session
    assert (row["date"], row["date_end"], row["precision"]) == ("2022-01-01", "2022-08-03", "period")


def test_qualitative_events_come_out_of_degraded_text(degraded):
    kinds = set(zip(degraded.events["kind"], degraded.events["ticker"]))
    assert {("earnings", "RIOT"), ("order", "RIOT"), ("price_move", "RIOT")} <= kinds
    order = degraded.events[degraded.events["kind"] == "order"].iloc[0]
    assert "long-term clients" in order["description"]
