"""The shipped registries data/events.csv and data/claims.csv.

They are the extractor's output on ../shared/articles, reviewed: two events
were dropped (an undated "increase in sales" repeated by a dated one, and a
past habit "had been selling"); everything else must still be what the
extractor produces, so a rule change that alters them shows up here.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fintrack.news import CLAIM_COLUMNS, EVENT_COLUMNS, extract, registry_tables

DATA = Path(__file__).resolve().parents[2] / "data"
REVIEWED_OUT = {"bi-2021-03-09-canaan-37pct-e8", "bi-2021-03-09-canaan-37pct-e12"}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, keep_default_na=False, dtype=str)


@pytest.fixture(scope="module")
def fresh(original_articles_dir):
    events, claims = registry_tables(extract(original_articles_dir))
    return as_csv_text(events), as_csv_text(claims)


def as_csv_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as CSV holds them: NaN (a lost number) becomes an empty cell."""
    return frame.map(lambda v: "" if isinstance(v, float) and v != v else str(v))


def test_events_registry_has_the_main_job_columns():
    events = read("events.csv")
    assert list(events.columns) == list(EVENT_COLUMNS) + ["source_url"]
    assert events["event_id"].is_unique


def test_events_registry_is_the_reviewed_extractor_output(fresh):
    events = read("events.csv")
    expected = fresh[0][~fresh[0]["event_id"].isin(REVIEWED_OUT)].reset_index(drop=True)
    pd.testing.assert_frame_equal(events, expected, check_dtype=False)


def test_claims_registry_is_the_extractor_output(fresh):
    claims = read("claims.csv")
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    expected = fresh[1].reset_index(drop=True)
    pd.testing.assert_frame_equal(claims, expected, check_dtype=False)


def test_registries_hold_no_article_text(original_articles_dir):
    texts = [p.read_text(encoding="utf-8") for p in original_articles_dir.glob("*.txt")]
    for name in ("events.csv", "claims.csv"):
        frame = read(name)
        assert (frame["sentence"] == "").all()
        for column in frame.columns.drop(["source_url"], errors="ignore"):
            for cell in frame[column]:
                if len(cell) > 30:
                    assert not any(cell in text for text in texts), (name, column, cell)


def test_bi_events_on_the_publication_day():
    events = read("events.csv")
    day = events[events["date"] == "2021-03-09"]
    assert set(zip(day["kind"], day["ticker"])) == {
        ("publication", "CAN"), ("price_move", "CAN"), ("market_cap", "BTC-USD")}


def test_coindesk_events_stay_unresolved_without_a_publication_date():
    events = read("events.csv")
    coindesk = events[events["article_id"] == "coindesk-canaan-q1-profit"]
    assert len(coindesk) >= 6 and set(coindesk["precision"]) == {"unresolved"}
