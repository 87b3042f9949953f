"""Return tables read from their header and first column (fintrack.news.tables), on tables written here."""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news import extract
from fintrack.news.articles import Article
from fintrack.news.registry import load_registry
from fintrack.news.tables import markdown_tables, table_claims

PUBLISHED = dt.date(2025, 3, 14)

YEARS_DOWN = """How Riot Platforms compares with the market

The table below shows the return over each period.

| Return Period | RIOT | S&P 500 |
|---|---|---|
| 5D | 3.1% | 0.4% |
| 2024 | -12.5% | 21.0% |
| 2023 | 140.25% | +18.0% |
"""

YEARS_ACROSS = """Yearly performance of the miners:

| Ticker | 2022 | 2023 |
| :--- | ---: | ---: |
| MARA | -80.1% | 300.0% |
| HIVE | n/a | 12% |
"""

NOT_RETURNS = """Holdings of the fund:

| Holder | 2023 | 2024 |
|---|---|---|
| MARA | 4.5% | 5.5% |
"""


@pytest.fixture(scope="module")
def registry():
    return load_registry(None)


def rows(claims):
    return sorted((c.subject, c.value, c.date, c.date_end, c.direction, c.metric) for c in claims)


def test_header_names_securities_first_column_names_years(registry):
    found = table_claims(YEARS_DOWN, registry, PUBLISHED)
    assert rows(found) == [
        ("RIOT", -12.5, "2024-01-01", "2024-12-31", "down", "period_return"),
        ("RIOT", 140.25, "2023-01-01", "2023-12-31", "up", "period_return"),
        ("^GSPC", 18.0, "2023-01-01", "2023-12-31", "up", "period_return"),
        ("^GSPC", 21.0, "2024-01-01", "2024-12-31", "up", "period_return"),
    ]


def test_a_label_that_is_not_a_calendar_span_gives_no_claim(registry):
    values = {c.value for c in table_claims(YEARS_DOWN, registry, PUBLISHED)}
    assert 3.1 not in values and 0.4 not in values  # "5D": which five sessions is not said


def test_cell_span_and_decimals_are_those_of_the_cell(registry):
    claim = next(c for c in table_claims(YEARS_DOWN, registry, PUBLISHED) if c.value == 140.25)
    assert YEARS_DOWN[claim.start:claim.end] == "140.25%"
    assert claim.decimals == 2
    assert YEARS_DOWN[claim.sentence_start:claim.sentence_end] == "2023 | 140.25% | +18.0%"


def test_securities_down_the_first_column_and_years_across(registry):
    found = table_claims(YEARS_ACROSS, registry, PUBLISHED)
    assert rows(found) == [
        ("HIVE", 12.0, "2023-01-01", "2023-12-31", "up", "period_return"),
        ("MARA", -80.1, "2022-01-01", "2022-12-31", "down", "period_return"),
        ("MARA", 300.0, "2023-01-01", "2023-12-31", "up", "period_return"),
    ]


def test_a_table_that_names_no_return_is_not_read(registry):
    assert table_claims(NOT_RETURNS, registry, PUBLISHED) == []


def test_a_year_after_publication_is_not_a_claim_and_the_current_year_ends_at_publication(registry):
    text = "Returns by year\n\n| Year | MARA |\n|---|---|\n| 2025 | 10% |\n| 2026 | 5% |\n"
    assert rows(table_claims(text, registry, PUBLISHED)) == [
        ("MARA", 10.0, "2025-01-01", "2025-03-14", "up", "period_return")]


def test_a_fiscal_year_label_is_not_a_calendar_year(registry):
    text = "Returns by fiscal year\n\n| Year | MARA |\n|---|---|\n| FY2023 | 10% |\n"
    assert table_claims(text, registry, PUBLISHED) == []


def test_markdown_tables_need_a_separator_line():
    assert markdown_tables("| a | b |\n| 1 | 2 |\n") == []
    (start, table), = markdown_tables("intro\n| a | b |\n|--|--|\n| 1 | 2 |\nafter\n")
    assert start == 6 and [[c.text for c in row] for row in table] == [["a", "b"], ["1", "2"]]


def test_extract_reports_table_cells_as_claims_with_the_cell_as_value_text():
    article = Article("t1", "Returns", "test", "", PUBLISHED, "", "", YEARS_DOWN, "")
    claims = extract(article).claims
    riot = claims[(claims["subject"] == "RIOT") & (claims["metric"] == "period_return")]
    assert sorted(riot["value"]) == [-12.5, 140.25]
    assert set(riot["value_text"]) == {"-12.5%", "140.25%"}


def test_a_year_to_date_label_may_name_its_year(registry):
    text = "Performance\n\n| Period | MARA |\n|---|---|\n| YTD 2025 | 7.5% |\n| YTD 2024 | 9% |\n"
    assert rows(table_claims(text, registry, PUBLISHED)) == [
        ("MARA", 7.5, "2025-01-01", "2025-03-14", "up", "period_return")]


def test_a_table_of_company_figures_is_not_read_as_returns(registry):
    text = "Revenue increase by year\n\n| Company | 2023 | 2024 |\n|---|---|---|\n| MARA | 12% | 30% |\n"
    assert table_claims(text, registry, PUBLISHED) == []


MOVERS = """Crypto miners on Tuesday:

| Ticker | Close | Change |
|---|---|---|
| RIOT | $12.25 | -9.1% |
| Marathon Digital | $22.26 | -13.4% |
| Acme Mining | $3.10 | +2.0% |
"""


def test_a_movers_table_gives_each_rows_move_and_close_of_the_day_its_caption_names(registry):
    # published Wednesday 2024-03-06: "on Tuesday" is March 5; the unknown company's row is skipped
    found = table_claims(MOVERS, registry, dt.date(2024, 3, 6))
    assert sorted((c.subject, c.metric, c.value, c.date, c.direction, c.price_field) for c in found) == [
        ("MARA", "close_to_close_move", -13.4, "2024-03-05", "down", ""),
        ("MARA", "price_level", 22.26, "2024-03-05", "", "close"),
        ("RIOT", "close_to_close_move", -9.1, "2024-03-05", "down", ""),
        ("RIOT", "price_level", 12.25, "2024-03-05", "", "close"),
    ]


def test_a_movers_table_without_a_day_leaves_its_rows_undated_and_a_price_column_is_a_bare_level(registry):
    text = "Miners:\n\n| Symbol | Price | % Chg |\n|---|---|---|\n| HIVE | $2.35 | +7.3% |\n"
    found = table_claims(text, registry, dt.date(2021, 2, 9))
    assert sorted((c.metric, c.value, c.precision, c.price_field) for c in found) == [
        ("close_to_close_move", 7.3, "unresolved", ""), ("price_level", 2.35, "unresolved", "")]


def test_a_movers_tables_signed_amounts_are_dollar_changes_and_a_volume_column_is_ignored(registry):
    text = ("Closing prices, Wednesday, March 20, 2024\n\nMiners rallied.\n\n| Company | Close | Change | % Change | "
            "Volume |\n|---|---|---|---|---|\n| Riot Platforms | $12.40 | +1.31 | +11.81% | 40.1M |\n")
    found = table_claims(text, registry, dt.date(2024, 3, 21))
    assert sorted((c.metric, c.value, c.unit, c.date) for c in found) == [
        ("close_to_close_move", 11.81, "percent", "2024-03-20"), ("dollar_change", 1.31, "usd", "2024-03-20"),
        ("price_level", 12.4, "usd", "2024-03-20")]


def test_a_table_of_company_figures_beside_tickers_gives_no_moves(registry):
    text = "Miners on Tuesday:\n\n| Ticker | Revenue | Change |\n|---|---|---|\n| RIOT | $80 | +12% |\n"
    assert table_claims(text, registry, dt.date(2024, 3, 6)) == []


def test_a_table_of_securities_without_a_change_column_gives_no_moves(registry):
    text = "Miners on Tuesday:\n\n| Ticker | Close | Volume |\n|---|---|---|\n| RIOT | $12.25 | 1.2% |\n"
    assert table_claims(text, registry, dt.date(2024, 3, 6)) == []
