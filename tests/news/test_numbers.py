"""Numbers as written: digits, separators, scale words, words, and lost numbers."""
from __future__ import annotations

import math

import pytest

from fintrack.news.numbers import find_quantities, parse_number_words


def only(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit, decimals, scale", [
    ("rising more than 1,000% over", 1000.0, "percent", 0, 1.0),
    ("up 37.13% as of", 37.13, "percent", 2, 1.0),
    ("pushed past $1 trillion in", 1e12, "usd", 0, 1e12),
    ("traded at just $2.06 per share", 2.06, "usd", 2, 1.0),
    ("some 6,400 next-generation miners", 6400.0, "", 0, 1.0),
    ("revenue of US$3.5 billion", 3.5e9, "usd", 1, 1e9),
    ("a $5m deal", 5e6, "usd", 0, 1e6),
    ("a gain of 12 percent", 12.0, "percent", 0, 1.0),
])
def test_numbers_with_digits(text, value, unit, decimals, scale):
    q = only(text)
    assert (q.value, q.unit, q.decimals, q.scale) == (value, unit, decimals, scale)
    assert text[q.start:q.end] == q.value_text


def test_number_words_with_dollars():
    q = only("bitcoin slumped below sixteen thousand dollars")
    assert (q.value, q.unit, q.value_text) == (16000.0, "usd", "sixteen thousand dollars")


def test_hyphenated_number_words_with_percent():
    assert only("a thirty-seven percent jump").value == 37.0


def test_lone_number_words_are_not_quantities():
    assert find_quantities("one of the largest makers") == []


def test_digits_inside_model_names_are_not_numbers():
    assert find_quantities("its A1246 model") == []


def test_parse_number_words():
    assert parse_number_words("two hundred and fifty thousand") == 250000.0
    assert parse_number_words("a million") == 1e6
    assert parse_number_words("green") is None


def test_lost_number_before_a_scale_word_is_missing_not_invented():
    q = only("contract liabilities now worth  million have")
    assert q.missing and math.isnan(q.value) and q.value_text == "" and q.scale == 1e6
    assert q.decimals == -1


def test_lost_percentage_keeps_its_unit():
    q = only("notably  percent of the orders")
    assert q.missing and q.unit == "percent"


def test_double_space_after_a_full_stop_is_not_a_lost_number():
    assert find_quantities("The end.  Next sentence") == []
