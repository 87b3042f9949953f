"""extract(): facts stated twice become one claim; lost numbers are never merged."""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news import Article, extract
from fintrack.news.extraction import dateline_time


def test_a_fact_repeated_in_bullet_and_body_is_one_claim_but_lost_numbers_are_never_merged(tmp_path):
    article = tmp_path / "repeat.md"
    article.write_text(
        "---\ntitle: Repeats\npublished: 2022-06-15\n---\n"
        "Shares of Riot rose as much as 12% on Wednesday.\n\n"
        "Riot's stock jumped as much as 12% on Wednesday after the update.\n\n"
        "Riot reported revenue of  million and net income of  million.\n")
    claims = extract(article).claims
    moves = claims[claims["metric"] == "intraday_max_move"]
    assert len(moves) == 1 and moves["value"].iloc[0] == 12.0
    lost = claims[claims["value"].isna()]
    assert len(lost) == 2  # two figures whose numbers the text lost stay two claims


@pytest.mark.parametrize("dateline, stamp", [
    ("March 16, 2021, 4:30 p.m. ET", ("16:30", "America/New_York")),
    ("March 16, 2021, after the close", ("16:00", "America/New_York")),  # the regular close
    ("March 15, 2021, after the close", None),  # another day than publication's
    ("Markets rallied on March 16, 2021, and Riot reported results after the close, beating estimates by far.",
     None),  # a sentence, not a dateline
    ("March 16, 2021", None),  # a day alone gives no time
    ("Updated: Tuesday, March 16, 2021 at 4:30 p.m. ET", ("16:30", "America/New_York")),
    ("Riot rose 5% by 11:30 a.m. ET on March 16, 2021.", None),  # a short sentence is no dateline
])
def test_a_dateline_gives_the_publication_time_the_metadata_lacks(dateline, stamp):
    assert dateline_time(f"Miners\n\n{dateline}\n\nRiot rose 5%.", dt.date(2021, 3, 16)) == stamp


def test_a_claim_takes_the_datelines_publication_time():
    text = "Miners\n\nMarch 16, 2021, after the close\n\nOver the past two weeks, Marathon has gained 20%.\n"
    claims = extract(Article("t", "", "", "", dt.date(2021, 3, 16), "", "", text)).claims
    assert claims["published"].tolist() == ["2021-03-16T16:00:00-04:00"]
