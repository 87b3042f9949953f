"""extract(): facts stated twice become one claim; lost numbers are never merged."""
from __future__ import annotations

from fintrack.news import extract


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
