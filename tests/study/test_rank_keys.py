"""standardized_ranks: the sorted-key path and its argsort fallback both equal scipy's ranks, row by row."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fintrack.study import statistics as st


def _scipy_standardized_ranks(a: np.ndarray) -> np.ndarray:
    """``rankdata`` of each row's finite values (ties averaged) over ``1 + M``, NaN where the value is missing.

    (+inf, sorted after every finite value, gets no rank either.)
    """
    out = np.full(a.shape, np.nan)
    for i, row in enumerate(a):
        ok = np.isfinite(row)
        out[i, ok] = stats.rankdata(row[ok]) / (1.0 + ok.sum())
    return out


@pytest.fixture
def argsort_rows(monkeypatch):
    """Records which rows ``standardized_ranks`` hands to its argsort fallback (a list of row arrays)."""
    seen = []
    real = st._ranks_by_argsort

    def recording(x, m):
        seen.append(x.copy())
        return real(x, m)

    monkeypatch.setattr(st, "_ranks_by_argsort", recording)
    return seen


def _mixed_rows(rng: np.random.Generator, width: int) -> tuple[np.ndarray, np.ndarray]:
    """60 rows of residual-like values; the first 30 are plain, rows 30.. each hold one hard case.

    Returns the rows and a flag per row: True where the argsort fallback must be used (near-ties,
    infinite values); exact ties are averaged on the fast path.
    """
    a = rng.standard_normal((60, width)) * 0.02
    needs_fallback = np.zeros(60, bool)
    a[30, 3] = a[30, 7]  # an exact tie: the fast path
    a[31, 3] = np.nextafter(a[31, 7], np.inf)  # one unit in the last place apart
    a[32, 3] = a[32, 7] * (1.0 + 2.0**-48)  # a few units apart: equal key bits above the column
    needs_fallback[[31, 32]] = True
    a[33, 3], a[33, 7] = 0.0, -0.0  # equal values with different bits: a tie
    a[34, 5] = np.inf  # an infinite value is not ranked, as before
    a[35, 5] = a[35, 6] = np.inf
    needs_fallback[[34, 35]] = True
    a[36, [4, 9]] = 0.25  # a tie in a row that also has missing values
    a[36, [1, 11]] = np.nan
    a[37, [0, 2, 5]] = np.nan  # missing values only
    a[38, :] = np.nan  # no value at all
    a[39, 3] = np.finfo(float).max  # the largest float, the missing values' stand-in, next to a NaN
    a[39, 8] = np.nan
    needs_fallback[39] = True
    a[40, 3] = -np.finfo(float).max
    a[41, 3] = 5e-324  # the smallest subnormal and its negative around zero: 0 and 5e-324 are near-tied
    a[41, 4] = -5e-324
    a[41, 5] = 0.0
    needs_fallback[41] = True
    a[42, 3] = a[42, 7] * (1.0 + 2.0**-40)  # close, but apart above the last 8 bits
    a[43] = np.round(a[43], 1)  # many ties, runs of 3 and more
    a[44, 1] = a[44, 2] = np.nan
    a[44, 5] = a[44, 6]
    a[45, 3] = -5e-324  # only the negative one: no near-tie
    a[45, 5] = 0.0
    a[46, 2] = a[46, 5] = a[46, 9]  # a tie of three and, in the same row, a near-tie
    a[46, 1] = np.nextafter(a[46, 10], -np.inf)
    needs_fallback[46] = True
    a[47, [1, 4, 8]] = -0.01  # a tie of three negative values
    return a, needs_fallback


@pytest.mark.parametrize("width", [2, 12, 251, 256])
def test_fast_ranks_equal_scipy_rankdata_row_by_row(width, argsort_rows):
    a, _ = _mixed_rows(np.random.default_rng(width), max(width, 12))
    a = a[:, :width]
    got = st.standardized_ranks(a)
    np.testing.assert_allclose(got, _scipy_standardized_ranks(a), rtol=1e-15, atol=0, equal_nan=True)


def test_rows_with_near_ties_or_infinite_values_take_the_argsort_path(argsort_rows):
    a, needs_fallback = _mixed_rows(np.random.default_rng(3), 40)
    got = st.standardized_ranks(a)
    assert len(argsort_rows) == 1
    redone = argsort_rows[0]
    # exactly the hard rows, in order (NaN compared as equal)
    np.testing.assert_array_equal(redone, a[needs_fallback])
    np.testing.assert_allclose(got, _scipy_standardized_ranks(a), rtol=1e-15, atol=0, equal_nan=True)
    assert np.isnan(got[34, 5]) and np.isnan(got[35, 5:7]).all()


def test_plain_or_tied_rows_never_reach_argsort(argsort_rows):
    a = np.random.default_rng(4).standard_normal((500, 251)) * 0.02
    a[::7, ::5] = np.nan
    a[::3] = np.round(a[::3], 3)  # ties in every third row
    got = st.standardized_ranks(a)
    assert argsort_rows == []
    np.testing.assert_allclose(got, _scipy_standardized_ranks(a), rtol=1e-15, atol=0, equal_nan=True)


def test_rows_wider_than_256_use_argsort(argsort_rows):
    a = np.random.default_rng(5).standard_normal((3, 300))
    a[1, 10] = a[1, 20]
    got = st.standardized_ranks(a)
    assert len(argsort_rows) == 1 and argsort_rows[0].shape == (3, 300)
    np.testing.assert_allclose(got, _scipy_standardized_ranks(a), rtol=1e-15, atol=0)


@pytest.mark.parametrize("near_tie_row", [None, 17])
def test_every_row_tied_is_averaged_in_place(near_tie_row, argsort_rows):
    a = np.round(np.random.default_rng(6).standard_normal((40, 120)) * 0.02, 3)
    a[5, :4] = np.nan
    if near_tie_row is not None:
        a[near_tie_row, 0] = np.nextafter(a[near_tie_row, 1], np.inf)
        a[near_tie_row, 2] = a[near_tie_row, 1]
    got = st.standardized_ranks(a)
    np.testing.assert_allclose(got, _scipy_standardized_ranks(a), rtol=1e-15, atol=0, equal_nan=True)
    redone = [len(rows) for rows in argsort_rows]
    assert redone == ([] if near_tie_row is None else [1])
