"""The restated source articles (tests/fixtures/source-articles) stand in for the originals.

Without the shared folder the tests about the two source articles read the
restatement; these tests, which need the originals, check that it yields the
same facts (claims and events, field by field) and that it copies no sentence.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from fintrack.news import extract

from ..conftest import RESTATED_ARTICLES

NAMES = ("businessinsider-canaan-37pct.txt", "coindesk-canaan-q1-profit.txt")
SAME_FACTS = ("businessinsider-canaan-37pct.txt", pytest.param("coindesk-canaan-q1-profit.txt", marks=pytest.mark.xfail(
    strict=True, reason="known extractor gap: in the original, a digit-stripped amount ('worth  million') right before "
                        "'have nearly tripled' takes the claim and leaves it without a value; the restatement's "
                        "wording gives the tripling (3.0)")))
CLAIM_FACTS = ["subject", "metric", "direction", "comparator", "value", "value_text", "unit", "scale", "date",
               "date_end", "precision", "time", "timezone", "ordinal", "period", "published"]
EVENT_FACTS = ["kind", "ticker", "description", "date", "date_end", "precision", "time", "timezone"]


def facts(frame: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in frame[columns].itertuples(index=False))


@pytest.mark.parametrize("name", SAME_FACTS)
def test_the_restatement_yields_the_same_claims_and_events(name, original_articles_dir):
    original, restated = extract(original_articles_dir / name), extract(RESTATED_ARTICLES / name)
    assert facts(restated.claims, CLAIM_FACTS) == facts(original.claims, CLAIM_FACTS)
    assert facts(restated.events, EVENT_FACTS) == facts(original.events, EVENT_FACTS)


def test_the_restatement_has_the_same_metadata(original_articles_dir):
    original = pd.read_csv(original_articles_dir / "articles.csv", dtype=str, keep_default_na=False)
    restated = pd.read_csv(RESTATED_ARTICLES / "articles.csv", dtype=str, keep_default_na=False)
    keep = ["id", "file", "source", "url", "published"]
    pd.testing.assert_frame_equal(restated[keep], original[keep])


@pytest.mark.parametrize("name", NAMES)
def test_the_restatement_copies_no_run_of_nine_words(name, original_articles_dir):
    def words(path):
        return re.findall(r"[a-z0-9$%,.’']+", path.read_text(encoding="utf-8").lower())

    source = words(original_articles_dir / name)
    copied = {tuple(source[i:i + 9]) for i in range(len(source) - 8)}
    mine = words(RESTATED_ARTICLES / name)
    runs = [" ".join(mine[i:i + 9]) for i in range(len(mine) - 8) if tuple(mine[i:i + 9]) in copied]
    assert runs == []
