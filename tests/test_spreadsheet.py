"""CSV cells are written so that a spreadsheet cannot run them as formulas."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.spreadsheet import spreadsheet_safe


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("-5%", "-5%"),                      # a signed number as text stays a number
    ("+1,292.72%", "+1,292.72%"),
    ("-0.031", "-0.031"),
    ("CAN: up as much as 37% intraday", "CAN: up as much as 37% intraday"),
    ("", ""),
])
def test_text_cells_that_would_start_a_formula_get_a_leading_apostrophe(cell, written):
    frame = pd.DataFrame({"description": [cell]})
    assert spreadsheet_safe(frame)["description"].tolist() == [written]


def test_numeric_columns_and_the_input_frame_are_untouched():
    frame = pd.DataFrame({"car": [-0.05, 0.46], "text": ["=1", "ok"]})
    safe = spreadsheet_safe(frame)
    assert safe["car"].tolist() == [-0.05, 0.46]
    assert frame["text"].tolist() == ["=1", "ok"]


def test_extract_csv_neutralises_a_sentence_that_starts_a_formula(tmp_path):
    from fintrack.news import extract, write_extraction

    article = tmp_path / "hostile.md"
    article.write_text("---\ntitle: Hostile\npublished: 2021-03-09\n---\n"
                       "=cmd|' /C calc'!A0 Canaan's stock jumped as much as 37% on Tuesday.\n", encoding="utf-8")
    found = extract(article)
    assert found.claims["sentence"].str.startswith("=").any()  # the hazard is really in the table
    (events_csv, claims_csv) = sorted(write_extraction(found, tmp_path / "out.csv"))
    written = pd.read_csv(claims_csv, keep_default_na=False)
    assert written["sentence"].str.startswith("'=cmd").any()
    assert not written["sentence"].str.startswith("=").any()
