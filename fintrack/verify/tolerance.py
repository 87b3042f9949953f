"""How far a stated number bounds the true one: THE tolerance table.

A claim's number is a measurement written at some precision with a comparator
word ("as much as", "more than", "nearly", "about"). This module turns
``(comparator, value, decimals, scale, unit)`` into an :class:`Interval` of true
values the sentence allows. Every rule lives in :data:`TOLERANCE_TABLE`; no
other module in ``fintrack.verify`` invents a tolerance.

Two units of a written number are used:

*last digit* ``d``
    one unit of the last written digit, ``10**-decimals`` times ``scale``
    ("37" -> 1, "37.13" -> 0.01, "$1.5 trillion" -> 0.1e12).
*rounding unit* ``r``
    the place of the last non-zero digit of the written number, never
    smaller than ``d`` ("90" -> 10, "1,000" -> 1,000, "16" -> 1,
    "2.06" -> 0.01). It says how round the writer's number is.

=========  ===========================================  ===========================
comparator interval of true values                      examples
=========  ===========================================  ===========================
equal      ``[v - d/2, v + d/2)``  (rounds to v)        "37%" -> [36.5, 37.5);
                                                        "37.13%" -> [37.125, 37.135)
max        same as ``equal``, applied to the maximum    "as much as 37%"
at_least   ``(v, +inf)``                                "more than 1,000%" -> > 1,000
at_most    ``(-inf, v)``                                "less than 5%"
nearly     ``[v - w, v)``, ``w = min(r/2, 10% of |v|)`` "nearly 90%" -> [85, 90);
                                                        "nearly 1,000%" -> [900, 1,000)
near       ``[v, v]``: the level approached itself      "nears $42K" -> [42,000, 42,000]
band       ``[v, v + r)``; low / mid / high part:       "$40-something" -> [40, 50);
           ``[v, v+.4r)``, ``[v+.3r, v+.7r]``,          "the low $20s" -> [20, 24);
           ``[v+.6r, v+r)``                             "the mid-$30s" -> [33, 37]
approx     ``[v - w, v + w]``; percent:                 "about 16%" -> [15, 17];
           ``w = max(1 point, min(r, 10% of |v|))``;    "about 90%" -> [81, 99];
           levels: ``w = max(d, min(r, 10% of |v|))``   "about $50" -> [45, 55]
=========  ===========================================  ===========================

Intervals are half-open where rounding makes them so (a value exactly on
the upper edge of "37%" would be written "38%"); "about" is closed on both
sides. Values are compared as numbers in the claim's unit: percent values in
percent points (37 means 37 %), prices in dollars.

An unknown comparator is read as ``equal``; ``decimals == -1`` with a value
present is read as 0 decimals.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A set of real numbers ``low..high`` with explicit open/closed ends."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = False

    def contains(self, x: float) -> bool:
        """True when ``x`` lies in the interval (NaN is never contained)."""
        if x is None or math.isnan(x):
            return False
        above = x >= self.low if self.low_closed else x > self.low
        below = x <= self.high if self.high_closed else x < self.high
        return above and below

    def intersects(self, low: float, high: float) -> bool:
        """True when some x in the closed range ``[low, high]`` is in the interval."""
        if math.isnan(low) or math.isnan(high):
            return False
        low, high = min(low, high), max(low, high)
        if high < self.low or (high == self.low and not self.low_closed):
            return False
        if low > self.high or (low == self.high and not self.high_closed):
            return False
        return True

    def negated(self) -> Interval:
        """The mirror image ``-high..-low`` (a fall of 5 % is a move of -5 %)."""
        return Interval(-self.high, -self.low, self.high_closed, self.low_closed)

    def text(self, unit: str = "") -> str:
        """Human form: ``[36.5, 37.5)``, ``> 1,000``, ``< 5``."""
        fmt = _number_text
        if self.high == INF:
            return f"{'>=' if self.low_closed else '>'} {fmt(self.low)}{unit}"
        if self.low == -INF:
            return f"{'<=' if self.high_closed else '<'} {fmt(self.high)}{unit}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{fmt(self.low)}, {fmt(self.high)}{right}{unit}"


def _number_text(x: float) -> str:
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude >= 1e9:
        return f"{x:.4g}"
    if magnitude >= 100:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:.6g}"


def last_digit_unit(decimals: int, scale: float = 1.0) -> float:
    """One unit of the last written digit: ``10**-decimals * scale``."""
    decimals = max(int(decimals), 0)
    return 10.0 ** (-decimals) * (scale or 1.0)


def rounding_unit(value: float, decimals: int, scale: float = 1.0) -> float:
    """Place of the last non-zero digit of the written number, times ``scale``.

    ``90`` -> 10, ``1000`` -> 1000, ``16`` -> 1, ``2.06`` (2 decimals) -> 0.01,
    ``2.50`` (2 decimals) -> 0.01 (a written trailing zero after the point
    counts as precision).
    """
    scale = scale or 1.0
    decimals = max(int(decimals), 0)
    if decimals > 0:
        return last_digit_unit(decimals, scale)
    if not math.isfinite(value / scale):  # a 309-digit number reads as inf: round(inf) would raise
        raise ValueError(f"the stated number {value} is not a finite number")
    written = round(abs(value) / scale)
    unit = 1.0
    while written and written % 10 == 0:
        written //= 10
        unit *= 10
    return unit * scale


def _equal(v: float, d: float, r: float, percent: bool) -> Interval:
    return Interval(v - d / 2, v + d / 2, True, False)


def _at_least(v: float, d: float, r: float, percent: bool) -> Interval:
    return Interval(v, INF, False, False)


def _at_most(v: float, d: float, r: float, percent: bool) -> Interval:
    return Interval(-INF, v, False, False)


def _nearly(v: float, d: float, r: float, percent: bool) -> Interval:
    width = min(r / 2, 0.10 * abs(v))
    return Interval(v - width, v, True, False)


def _near(v: float, d: float, r: float, percent: bool) -> Interval:
    return Interval(v, v, True, True)


def _approx(v: float, d: float, r: float, percent: bool) -> Interval:
    floor = 1.0 if percent else d
    width = max(floor, min(r, 0.10 * abs(v)))
    return Interval(v - width, v + width, True, True)


def _band(v: float, d: float, r: float, percent: bool) -> Interval:
    return Interval(v, v + r, True, False)


def _band_part(first: float, last: float, *, closed: bool = False):
    """A builder for part of a band: "the low $40s" is [40, 44), "the mid-$40s" [43, 47], "the high $40s" [46, 50);
    the parts overlap, as the words do. ``closed``: the part includes its upper end."""
    def build(v: float, d: float, r: float, percent: bool) -> Interval:
        return Interval(v + first * r, v + last * r, True, closed)
    return build


#: comparator -> (rule as written in the docs, interval builder).
#: Builders take (value, last-digit unit d, rounding unit r, is_percent).
TOLERANCE_TABLE: dict[str, tuple[str, Callable[[float, float, float, bool], Interval]]] = {
    "equal": ("[v - d/2, v + d/2): rounds to the stated value at its written precision", _equal),
    "max": ("[v - d/2, v + d/2) for the maximum reached: as 'equal'", _equal),
    "at_least": ("(v, +inf): strictly more than the stated value", _at_least),
    "at_most": ("(-inf, v): strictly less than the stated value", _at_most),
    "nearly": ("[v - min(r/2, 10%|v|), v): just below the stated value", _nearly),
    "near": ("[v, v]: the level approached is the claim itself ('nears $42K' -> 42,000)", _near),
    "approx": ("[v - w, v + w], w = max(1 point (percent) or d (levels), min(r, 10%|v|))", _approx),
    "band": ("[v, v + r): a band of prices ('$40-something', 'in the $40s' -> [40, 50))", _band),
    "band_low": ("[v, v + 0.4r): the low part of a band ('in the low $20s' -> [20, 24))", _band_part(0.0, 0.4)),
    "band_mid": ("[v + 0.3r, v + 0.7r]: its middle ('the mid-$30s' -> [33, 37])", _band_part(0.3, 0.7, closed=True)),
    "band_high": ("[v + 0.6r, v + r): its high part ('the high $40s' -> [46, 50))", _band_part(0.6, 1.0)),
}


#: The precision of a share written as a fraction ("nearly three-quarters", "more than half"): as coarse as a
#: round ten ("nearly 70%"), not the unit of its digits (75 -> 1).
FRACTION_ROUNDING = 10.0


def claimed_interval(comparator: str, value: float, decimals: int = 0, scale: float = 1.0,
                     unit: str = "", rounding: float | None = None) -> Interval:
    """The interval of true values a claim allows, by :data:`TOLERANCE_TABLE`.

    Parameters
    ----------
    comparator : one of the table's keys (unknown or empty -> ``equal``)
    value : the stated number in ``unit`` with ``scale`` already applied
    decimals : decimals written in the number (-1 or NaN -> 0)
    scale : the multiplier applied to the written number ('trillion' -> 1e12)
    unit : 'percent' makes "about" use a 1-point floor
    rounding : the precision of a number not written in digits (:data:`FRACTION_ROUNDING`), replacing both the
        last digit's unit and the rounding unit

    Raises ``ValueError`` for a NaN value: a missing number has no interval.
    """
    if value is None or math.isnan(value):
        raise ValueError("a claim without a value has no tolerance interval")
    if math.isinf(value):
        raise ValueError("a claim whose number is too large to represent (inf) has no tolerance interval")
    if decimals is None or (isinstance(decimals, float) and math.isnan(decimals)) or decimals < 0:
        decimals = 0
    if scale is None or (isinstance(scale, float) and math.isnan(scale)) or scale == 0:
        scale = 1.0
    d = last_digit_unit(decimals, scale) if rounding is None else rounding
    r = max(rounding_unit(value, decimals, scale), d) if rounding is None else rounding
    _, build = TOLERANCE_TABLE.get(comparator or "equal", TOLERANCE_TABLE["equal"])
    raw = build(float(value), d, r, unit == "percent")
    # 37.13 - 0.005 is 37.125000000000004 in binary floating point; twelve
    # significant digits remove that noise so boundaries are the written ones.
    return Interval(_clean(raw.low), _clean(raw.high), raw.low_closed, raw.high_closed)


def _clean(x: float) -> float:
    return x if math.isinf(x) else float(f"{x:.12g}")
