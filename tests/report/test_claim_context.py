"""The "other figures" table shows each figure's sentence around its number, read from the article when the claims
file carries only offsets."""
from __future__ import annotations

import dataclasses

import pandas as pd

from fintrack.report import sections
from fintrack.report.inputs import claims_with_sentences

from .test_sections import _inputs

# written for this test (no article text is copied into the repository)
ARTICLE = ("Example Corp shares rose on Tuesday. The firm said it had shipped 12,500 drilling rigs to a buyer in Chile "
           "during the winter quarter, well ahead of its own plan for the year.\n")


def _claims(**overrides) -> pd.DataFrame:
    start = ARTICLE.index("12,500")
    row = {"claim_id": "x1-c1", "article_id": "x1", "subject": "XYZ", "metric": "quantity", "value_text": "12,500",
           "sentence": "", "span_start": start, "span_end": start + 6, "subject_name": "Example Corp",
           "unit": "count", "scale": 1.0, "date": ""}
    row.update(overrides)
    return pd.DataFrame([row])


def _articles(tmp_path) -> pd.DataFrame:
    path = tmp_path / "x1.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return pd.DataFrame({"article_id": ["x1"], "path": [str(path)]})


def test_sentence_and_number_position_come_from_the_article_offsets(tmp_path):
    out = claims_with_sentences(_claims(), _articles(tmp_path)).iloc[0]
    assert out["sentence"] == ("The firm said it had shipped 12,500 drilling rigs to a buyer in Chile during the "
                               "winter quarter, well ahead of its own plan for the year.")
    assert out["sentence"][out["number_at"]:out["number_end"]] == "12,500"


def test_offsets_that_do_not_hold_the_number_leave_the_claim_without_a_sentence(tmp_path):
    out = claims_with_sentences(_claims(span_start=3, span_end=9), _articles(tmp_path)).iloc[0]
    assert (out["sentence"], out["number_at"]) == ("", -1)


def test_a_missing_article_file_leaves_the_claim_as_it_was(tmp_path):
    articles = pd.DataFrame({"article_id": ["x1"], "path": [str(tmp_path / "gone.txt")]})
    assert claims_with_sentences(_claims(), articles).iloc[0]["sentence"] == ""


def test_excerpt_is_cut_between_words_around_the_number_with_ellipses():
    sentence = "The firm said it had shipped 12,500 drilling rigs to a buyer in Chile during the winter quarter."
    at = sentence.index("12,500")
    assert sections.excerpt(sentence, at, at + 6, width=40) == "\u2026it had shipped 12,500 drilling rigs to\u2026"
    assert sections.excerpt(sentence, at, at + 6, width=200) == sentence  # short enough: whole, no ellipsis
    assert sections.excerpt(sentence, -1, -1, width=20) == "The firm said it had\u2026"  # no position: from the start


def test_other_figures_table_shows_the_excerpt_and_says_where_context_comes_from(tmp_path):
    claims = claims_with_sentences(_claims(), _articles(tmp_path))
    verdicts = pd.DataFrame({"claim_id": ["x1-c1"], "subject": ["XYZ"], "metric": ["quantity"], "claimed": ["12,500"],
                             "measured_text": [""], "verdict": ["unverifiable"], "reason": ["not a price claim"]})
    inp = dataclasses.replace(_inputs(), claims=claims, verdicts=verdicts)
    _, other = sections.claims_tables(inp)
    assert other.rows[0][4] == ("The firm said it had shipped 12,500 drilling rigs to a buyer in Chile during the "
                                "winter quarter, well ahead of\u2026")  # 110 characters, cut before \"its\"
    assert other.note == "Context: the article's sentence around the figure."
    fields_only = dataclasses.replace(inp, claims=_claims())
    assert sections.claims_tables(fields_only)[1].rows[0][4] == "Example Corp 12,500 count"
    assert "give the articles with --articles" in sections.claims_tables(fields_only)[1].note
