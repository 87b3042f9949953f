"""The claim grammar's answer table: every row's examples and counter-examples.

Each example is a sentence written for this test (no article text) in which the
row must classify a number; in a counter-example it must classify none.
Sentences are read as published on Wednesday 2024-06-12.
"""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news.claims import claims_in_sentence
from fintrack.news.dates import find_temporal_expressions
from fintrack.news.entities import find_mentions
from fintrack.news.normalize import normalize
from fintrack.news.patterns import PATTERNS
from fintrack.news.registry import Mention, load_registry
from fintrack.news.schema import METRICS

PUBLISHED = dt.date(2024, 6, 12)
PLACEHOLDERS = {"move", "high", "low", "index_level", "none"}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def claims_of(sentence: str, registry):
    text = normalize(sentence).text
    main = Mention("ACME", "Acme Robotics", -1, -1, "equity", anaphora=True)
    mentions = find_mentions(text, registry, "ACME", "Acme Robotics", ("BTC-USD", "Bitcoin"))
    return claims_in_sentence(text, 0, mentions, find_temporal_expressions(text, PUBLISHED), PUBLISHED, main)


def test_rows_have_unique_names_and_known_metrics():
    names = [row.name for row in PATTERNS]
    assert len(names) == len(set(names))
    for row in PATTERNS:
        assert row.metric in METRICS or row.metric in PLACEHOLDERS, row.name
        assert row.examples and row.counter_examples, row.name


def test_rows_are_in_priority_order():
    priorities = [row.priority for row in PATTERNS]
    assert priorities == sorted(priorities, reverse=True)


@pytest.mark.parametrize("row, sentence", [(row, s) for row in PATTERNS for s in row.examples],
                         ids=lambda v: v.name if hasattr(v, "name") else v[:40])
def test_row_classifies_its_example(row, sentence, registry):
    if row.metric == "none":  # a row naming numbers that are not claims
        assert not claims_of(sentence, registry)
        return
    found = [c for c in claims_of(sentence, registry) if c.pattern == row.name]
    assert found, [(c.pattern, c.metric, c.value_text) for c in claims_of(sentence, registry)]
    if row.metric not in PLACEHOLDERS:
        assert all(c.metric == row.metric for c in found)
    for column, value in row.fills:
        if column in ("price_field", "reference", "session_phase", "snapshot"):
            assert all(getattr(c, column) == value for c in found), (column, value)


@pytest.mark.parametrize("row, sentence", [(row, s) for row in PATTERNS for s in row.counter_examples],
                         ids=lambda v: v.name if hasattr(v, "name") else v[:40])
def test_row_leaves_its_counter_example(row, sentence, registry):
    assert not [c for c in claims_of(sentence, registry) if c.pattern == row.name]
