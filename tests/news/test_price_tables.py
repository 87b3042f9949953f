"""Price columns of data tables, on tables written for these tests."""
from __future__ import annotations

import datetime as dt

from fintrack.news import Article, extract
from fintrack.news.price_tables import price_rows

FLAT = ("Riot Platforms Lending History\n\n"
        "Record DateShares on LoanLoan FeeChange from Last RecordClosing Price\n"
        "6/10/20221,250,000 shares 0.8%+4.2% $7.15\n"
        "5/28/2022980,000 shares 0.7%N/A $6.40\n"
        "5/13/2022875,000 sha\n")

PIPES = ("Weekly closes of Riot Platforms:\n\n"
         "| Date | Open | Close | Volume |\n"
         "|---|---|---|---|\n"
         "| 2022-06-10 | $7.40 | $7.15 | 3,100,000 |\n"
         "| Jun 3, 2022 | 8.10 | 8.02 | 2,900,000 |\n\n"
         "That is all.")


def test_flattened_rows_give_the_leading_date_and_the_trailing_price():
    rows = price_rows(FLAT)
    assert [(r.date, r.value, r.decimals) for r in rows] == [
        (dt.date(2022, 6, 10), 7.15, 2), (dt.date(2022, 5, 28), 6.40, 2)]  # the cut-off row has no price
    assert FLAT[rows[0].start:rows[0].end] == "$7.15"


def test_pipe_table_reads_the_price_cell_named_by_the_header():
    rows = price_rows(PIPES)
    assert [(r.date, r.value) for r in rows] == [(dt.date(2022, 6, 10), 7.15), (dt.date(2022, 6, 3), 8.02)]


def test_a_table_without_a_date_and_a_price_column_gives_nothing():
    assert price_rows("| Year | Return |\n|---|---|\n| 2023 | 12.5% |\n") == []
    assert price_rows("Report DateShares Sold Short\n6/10/20221,250,000 shares\n") == []


def test_table_rows_become_closing_price_claims_of_the_main_company():
    article = Article("t", "", "", "", dt.date(2022, 6, 15), "", "", FLAT)
    claims = extract(article).claims
    assert list(zip(claims["value"], claims["date"], claims["price_field"], claims["subject"])) == [
        (7.15, "2022-06-10", "close", "RIOT"), (6.40, "2022-05-28", "close", "RIOT")]
