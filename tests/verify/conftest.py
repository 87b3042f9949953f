"""Fixtures for the verifier tests: a claim builder and synthetic daily bars."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from fintrack.news.schema import CLAIM_COLUMNS

_DEFAULTS = {
    "claim_id": "t-c1", "article_id": "t", "subject": "TEST", "subject_name": "Test Inc.",
    "metric": "close_to_close_move", "direction": "up", "comparator": "equal",
    "value": 10.0, "value_text": "10%", "decimals": 0, "unit": "percent", "scale": 1.0,
    "date": "2021-03-09", "date_end": "2021-03-09", "precision": "day", "period": "",
    "time": "", "timezone": "", "ordinal": 0, "published": "2021-03-10",
    "sentence": "", "span_start": 0, "span_end": 0,
    # columns of the issue-15 contract; a claims file without them still verifies
    "price_field": "", "session_phase": "", "reference": "", "reference_value": math.nan, "snapshot": "",
}
#: The contract's claim columns, appended after ``ordinal`` by the extractor.
CONTRACT_COLUMNS = ("price_field", "session_phase", "reference", "reference_value", "snapshot")
assert set(CLAIM_COLUMNS) <= set(_DEFAULTS) == set(CLAIM_COLUMNS) | set(CONTRACT_COLUMNS)


def build_claim(**overrides) -> dict:
    """One claim row with every claim column; ``overrides`` replace defaults."""
    unknown = set(overrides) - set(_DEFAULTS)
    if unknown:
        raise KeyError(f"not claim columns: {sorted(unknown)}")
    claim = {**_DEFAULTS, **overrides}
    if "value_text" not in overrides:
        claim["value_text"] = "" if math.isnan(claim["value"]) else (
            f"{claim['value']:g}" + ("%" if claim["unit"] == "percent" else ""))
    return claim


@pytest.fixture
def make_claim():
    """``make_claim(**overrides)`` -> a claim dict with defaults for every column."""
    return build_claim


def build_bars(rows: dict[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    """Canonical daily frame from ``{ISO date: (open, high, low, close)}``."""
    index = pd.DatetimeIndex(pd.to_datetime(list(rows)), name="date")
    frame = pd.DataFrame(list(rows.values()), index=index, columns=["open", "high", "low", "close"], dtype=float)
    frame["adj_close"] = frame["close"]
    frame["volume"] = 1000
    return frame.sort_index()


@pytest.fixture
def make_bars():
    return build_bars


@pytest.fixture
def move_day_bars():
    """Previous close 100 on Monday 2021-03-08; Tuesday 2021-03-09 opened 110, reached 137.5 (+37.5%),
    fell to 90 (-10%) and closed 120 (+20%); flat days around them."""
    return build_bars({
        "2021-03-05": (100, 101, 99, 100),
        "2021-03-08": (100, 101, 99, 100),
        "2021-03-09": (110, 137.5, 90, 120),
        "2021-03-10": (120, 121, 119, 120),
    })


@pytest.fixture(scope="session")
def real_prices(shared_prices_dir):
    """Lazy loader of the real snapshots through ``fintrack.market.load_prices``."""
    from fintrack.market import load_prices

    return lambda ticker: load_prices(ticker, prices_dir=shared_prices_dir)
