"""The tolerance table: each comparator's interval and its boundaries."""
from __future__ import annotations

import math

import pytest

from fintrack.verify.tolerance import TOLERANCE_TABLE, Interval, claimed_interval, rounding_unit


def test_every_schema_comparator_has_a_rule():
    from fintrack.news.schema import COMPARATORS

    assert set(COMPARATORS) == set(TOLERANCE_TABLE)


def test_equal_zero_decimals_is_half_open_half_unit():
    # "37%" means [36.5, 37.5): 37.5 would have been written 38.
    iv = claimed_interval("equal", 37, 0, unit="percent")
    assert (iv.low, iv.high, iv.low_closed, iv.high_closed) == (36.5, 37.5, True, False)
    assert iv.contains(36.5)
    assert not iv.contains(37.5)
    assert not iv.contains(36.49)


def test_equal_two_decimals_boundaries_are_the_written_ones():
    iv = claimed_interval("equal", 37.13, 2, unit="percent")
    assert (iv.low, iv.high) == (37.125, 37.135)
    assert iv.contains(37.125)
    assert not iv.contains(37.135)


def test_max_uses_the_equal_rule():
    assert claimed_interval("max", 37, 0) == claimed_interval("equal", 37, 0)


def test_at_least_is_strictly_greater():
    iv = claimed_interval("at_least", 1000, 0, unit="percent")
    assert not iv.contains(1000.0)
    assert iv.contains(1000.01)
    assert iv.text("%") == "> 1,000%"


def test_at_most_is_strictly_less():
    iv = claimed_interval("at_most", 5, 0, unit="percent")
    assert iv.contains(4.99)
    assert not iv.contains(5.0)


def test_nearly_ninety_percent_is_85_to_90():
    # From the issue: "nearly 90%" is [85, 90).
    iv = claimed_interval("nearly", 90, 0, unit="percent")
    assert (iv.low, iv.high, iv.low_closed, iv.high_closed) == (85.0, 90.0, True, False)
    assert iv.contains(85.0)
    assert not iv.contains(84.99)
    assert not iv.contains(90.0)


def test_nearly_a_power_of_ten_is_capped_at_ten_percent_below():
    # rounding unit of "1,000" is 1,000 but the band is at most 10% of the value.
    iv = claimed_interval("nearly", 1000, 0, unit="percent")
    assert (iv.low, iv.high) == (900.0, 1000.0)


def test_a_fraction_word_is_as_precise_as_a_round_ten():
    from fintrack.verify.rules import claim_interval

    # "nearly three-quarters" of a value: [70, 75), as "nearly 70%" is [65, 70); the digits of 75 would give [74.5, 75)
    claim = {"comparator": "nearly", "value": 75.0, "value_text": "three-quarters", "decimals": 0, "unit": "percent"}
    iv = claim_interval(claim)
    assert (iv.low, iv.high, iv.low_closed, iv.high_closed) == (70.0, 75.0, True, False)
    assert claim_interval({**claim, "comparator": "equal"}).contains(71.0)
    assert not claim_interval({**claim, "value_text": "75%"}).contains(71.0)


def test_about_sixteen_percent_is_one_point_either_side():
    # From the issue: "about 16%" is +-1 point, both ends included.
    iv = claimed_interval("approx", 16, 0, unit="percent")
    assert (iv.low, iv.high, iv.low_closed, iv.high_closed) == (15.0, 17.0, True, True)
    assert iv.contains(15.0) and iv.contains(17.0)
    assert not iv.contains(17.01) and not iv.contains(14.99)


def test_about_a_small_percent_keeps_the_one_point_floor():
    iv = claimed_interval("approx", 5, 0, unit="percent")
    assert (iv.low, iv.high) == (4.0, 6.0)


def test_about_a_price_level_is_relative():
    # "about $50": rounding unit 10, capped at 10% of 50 -> +-5.
    iv = claimed_interval("approx", 50, 0, unit="usd_per_share")
    assert (iv.low, iv.high) == (45.0, 55.0)


def test_scale_applies_to_the_last_digit():
    # "$1.5 trillion": one decimal of trillions -> +-0.05e12.
    iv = claimed_interval("equal", 1.5e12, 1, scale=1e12, unit="usd")
    assert (iv.low, iv.high) == (1.45e12, 1.55e12)


def test_unknown_comparator_and_missing_decimals_read_as_equal_zero_decimals():
    assert claimed_interval("", 37, -1) == Interval(36.5, 37.5, True, False)


def test_missing_value_has_no_interval():
    with pytest.raises(ValueError):
        claimed_interval("equal", math.nan, 0)


@pytest.mark.parametrize("value, decimals, unit", [(90, 0, 10.0), (1000, 0, 1000.0), (16, 0, 1.0),
                                                   (2.06, 2, 0.01), (2.5, 2, 0.01), (0, 0, 1.0)])
def test_rounding_unit_is_the_last_nonzero_place(value, decimals, unit):
    assert rounding_unit(value, decimals) == pytest.approx(unit)


def test_interval_intersects_respects_open_ends():
    iv = Interval(36.5, 37.5, True, False)
    assert iv.intersects(11.8, 58.8)
    assert iv.intersects(37.4, 40)
    assert not iv.intersects(37.5, 40)      # touches the open upper end only
    assert iv.intersects(30, 36.5)          # touches the closed lower end
    assert not iv.intersects(30, 36.49)


def test_near_is_the_level_approached_itself():
    # "nears $42K": 42,000 exactly, not the [41,500, 42,500) a rounded "$42K" would allow
    interval = claimed_interval("near", 42000.0, 0, 1000.0, "usd")
    assert (interval.low, interval.high, interval.low_closed, interval.high_closed) == (42000.0, 42000.0, True, True)
    assert interval.contains(42000.0) and not interval.contains(41999.99)


@pytest.mark.parametrize("comparator, value, low, high, high_closed", [
    ("band", 40.0, 40.0, 50.0, False),            # "$40-something", "in the $40s"
    ("band_low", 20.0, 20.0, 24.0, False),        # "in the low $20s"
    ("band_mid", 30.0, 33.0, 37.0, True),         # "in the mid-$30s"
    ("band_high", 40.0, 46.0, 50.0, False),       # "the high $40s"
    ("band_low", 60000.0, 60000.0, 64000.0, False),  # "the low $60,000s"
    ("band", 4.0, 4.0, 5.0, False),               # "$4-something"
])
def test_a_price_band_spans_its_part_of_the_next_round_digit(comparator, value, low, high, high_closed):
    interval = claimed_interval(comparator, value, 0, 1.0, "usd")
    assert (interval.low, interval.high, interval.low_closed, interval.high_closed) == (low, high, True, high_closed)


def test_a_band_is_not_the_tolerance_of_its_round_figure():
    # "$40-something" is not "$40": 43.74 is in the band, 40.2 is not in the high part, 39.9 in none
    assert claimed_interval("band", 40.0, 0, 1.0, "usd").contains(43.74)
    assert not claimed_interval("equal", 40.0, 0, 1.0, "usd").contains(43.74)
    assert not claimed_interval("band_high", 40.0, 0, 1.0, "usd").contains(40.2)
    assert not claimed_interval("band", 40.0, 0, 1.0, "usd").contains(39.9)
