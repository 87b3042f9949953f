"""The engine's per-event helpers against plain loops: empirical p, zero share, degenerate estimation windows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fintrack.study import ConstantMean, FactorModel, MarketAdjusted, MarketModel
from fintrack.study.engine import _bhars, _degenerate_estimation, _empirical_p, _running_sums, _zero_share

from .conftest import first_and_refitted_residuals


def _empirical_p_loop(residuals: np.ndarray, car: float, length: int) -> float:
    """(1 + #{complete windows with |sum| >= |car|}) / (1 + #complete windows), window by window."""
    if not np.isfinite(car):
        return np.nan
    sums = [residuals[j:j + length].sum() for j in range(len(residuals) - length + 1)]
    complete = [s for s in sums if np.isfinite(s)]
    return (1 + sum(abs(s) >= abs(car) for s in complete)) / (1 + len(complete))


@pytest.mark.parametrize("gaps", [False, True], ids=["every residual valid", "gaps"])
def test_empirical_p_of_every_window_length_equals_a_plain_loop(gaps):
    rng = np.random.default_rng(21)
    residuals = rng.normal(0.0, 0.02, (9, 37))
    if gaps:
        residuals[rng.random(residuals.shape) < 0.08] = np.nan
        residuals[4] = np.nan  # an event without any complete window
    cars = rng.normal(0.0, 0.05, 9)
    cars[2] = np.nan  # a CAR with a missing return
    cars[3] = 0.0  # every window counts
    sums = _running_sums(residuals)
    # lengths in no particular order, sharing one set of sums: powers of two, others, the whole window, longer
    for length in (11, 1, 3, 6, 2, 8, 16, 5, 17, 23, 32, 37, 40, 7):
        got = _empirical_p(sums, cars, length)
        expected = [_empirical_p_loop(r, c, length) for r, c in zip(residuals, cars)]
        np.testing.assert_allclose(got, expected, rtol=1e-15, equal_nan=True, err_msg=f"length {length}")


@pytest.mark.parametrize("gaps", [False, True], ids=["every residual valid", "gaps"])
def test_empirical_p_reads_only_the_estimation_columns_of_wider_rows(gaps):
    """A chunk hands ar_all's rows (estimation residuals, then the event window's ARs) in place: the windows
    are those of the estimation residuals alone, whatever the columns after them hold (NaN, huge values)."""
    rng = np.random.default_rng(5)
    est = rng.normal(0.0, 0.02, (8, 30))
    if gaps:
        est[rng.random(est.shape) < 0.1] = np.nan
    wide = np.concatenate([est, rng.normal(0.0, 5.0, (8, 6))], axis=1)
    wide[1, 31] = np.nan  # a missing event-day AR
    cars = rng.normal(0.0, 0.05, 8)
    alone, riding = _running_sums(est), _running_sums(wide, 30)
    for length in (1, 3, 6, 11, 30):
        got = _empirical_p(riding, cars, length)
        np.testing.assert_array_equal(got, _empirical_p(alone, cars, length), err_msg=f"length {length}")
        expected = [_empirical_p_loop(r, c, length) for r, c in zip(est, cars)]
        np.testing.assert_allclose(got, expected, rtol=1e-15, equal_nan=True, err_msg=f"length {length}")


def test_empirical_p_leaves_the_residuals_unchanged():
    residuals = np.random.default_rng(3).normal(0.0, 0.01, (4, 20))
    before = residuals.copy()
    sums = _running_sums(residuals)
    for length in (1, 2, 4, 3):
        _empirical_p(sums, np.full(4, 0.01), length)
    np.testing.assert_array_equal(residuals, before)


def test_zero_share_counts_exact_zeros_among_valid_returns():
    y = np.array([[0.0, 0.01, np.nan, 0.0, -0.02],
                  [0.01, 0.02, 0.03, 0.04, 0.05],
                  [np.nan, np.nan, np.nan, np.nan, np.nan]])
    expected = [2 / 4, 0 / 5, np.nan]  # the last event has no valid return
    np.testing.assert_array_equal(_zero_share(y), expected)
    np.testing.assert_array_equal(_zero_share(y[:2, [0, 1, 3, 4]]), [2 / 4, 0.0])  # every value valid
    np.testing.assert_array_equal(_zero_share(y[1:]), [0.0, np.nan])  # no zero anywhere


def _degenerate_inputs(gaps: bool):
    """Events 0: fine; 1: flat asset; 2: constant first regressor; 3: second regressor = 2 x the first."""
    rng = np.random.default_rng(5)
    n_days = 60
    x = rng.normal(0.0, 0.01, (4, n_days, 2))
    y = 0.5 * x[..., 0] + 0.2 * x[..., 1] + rng.normal(0.0, 0.01, (4, n_days))
    y[1] = 0.0
    x[2, :, 0] = 0.003
    x[3, :, 1] = 2.0 * x[3, :, 0]
    valid = np.ones((4, n_days), dtype=bool)
    if gaps:
        valid[:, ::7] = False
        y[~valid] = np.nan  # the masked values must not count
    return y, x, valid


def _kinds(model, y, x, valid):
    return _degenerate_estimation(model, y, x, valid)[0]


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_degenerate_estimation_names_a_flat_asset_and_a_constant_or_collinear_regressor(gaps):
    y, x, valid = _degenerate_inputs(gaps)
    np.testing.assert_array_equal(_kinds(FactorModel(["a", "b"]), y, x, valid), [0, 1, 2, 2])
    # one regressor: the collinear second one is not in the model
    np.testing.assert_array_equal(_kinds(MarketModel("a"), y, x[..., :1], valid), [0, 1, 2, 0])
    # models without estimated slopes only check the asset
    np.testing.assert_array_equal(_kinds(MarketAdjusted("a"), y, x[..., :1], valid), [0, 1, 0, 0])
    np.testing.assert_array_equal(_kinds(ConstantMean(), y, x[..., :0], valid), [0, 1, 0, 0])


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_the_fit_reusing_the_degenerate_checks_sums_equals_a_fresh_fit(gaps):
    y, x, valid = _degenerate_inputs(gaps)
    y, x, valid = y[[0]], x[[0]], valid[[0]]  # the one sound event: the check hands its sums on
    model = FactorModel(["a", "b"])
    kinds, sums = _degenerate_estimation(model, y, x, valid)
    assert sums is not None and sums.describes(y, x, valid)
    reused, fresh = model.fit_reusing(sums, y, x, valid), model.fit(y, x, valid)
    for field in ("params", "xtx_inv", "sigma2", "df", "r2", "n_obs", "residuals"):
        np.testing.assert_array_equal(getattr(reused, field), getattr(fresh, field))
    assert not sums.describes(y, x, valid)  # the fit took the arrays over: the sums serve once


def test_no_sums_are_handed_on_when_an_event_is_degenerate():
    y, x, valid = _degenerate_inputs(False)
    assert _degenerate_estimation(FactorModel(["a", "b"]), y, x, valid)[1] is None


def test_a_fit_reusing_sums_of_other_arrays_fits_afresh():
    rng = np.random.default_rng(9)
    x = rng.normal(0.0, 0.01, (6, 50, 1))
    y = 0.8 * x[..., 0] + rng.normal(0.0, 0.01, (6, 50))
    valid = np.ones((6, 50), dtype=bool)
    model = MarketModel("m")
    fresh = model.fit(y[:3], x[:3], valid[:3])
    # sums of all six events, fit of the first three (a subset, as when events are dropped)
    got = model.fit_reusing(_degenerate_estimation(model, y, x, valid)[1], y[:3], x[:3], valid[:3])
    np.testing.assert_array_equal(got.params, fresh.params)
    # excess returns: another y over the same regressors
    excess = y - 0.0001
    got = model.fit_reusing(_degenerate_estimation(model, y, x, valid)[1], excess, x, valid)
    np.testing.assert_array_equal(got.params, model.fit(excess, x, valid).params)


def test_a_model_with_its_own_fit_is_not_handed_the_sums():
    calls = []

    class Recorded(MarketModel):
        def fit(self, y, x, valid):
            calls.append(len(y))
            return super().fit(y, x, valid)

    rng = np.random.default_rng(4)
    x = rng.normal(0.0, 0.01, (5, 40, 1))
    y = x[..., 0] + rng.normal(0.0, 0.01, (5, 40))
    valid = np.ones((5, 40), dtype=bool)
    model = Recorded("m")
    model.fit_reusing(_degenerate_estimation(model, y, x, valid)[1], y, x, valid)
    assert calls == [5]


def test_which_models_fit_from_the_checks_sums():
    from fintrack.study.models import (DimsonModel, FamaFrench3, GarchMarketModel, MarketBitcoinModel, RawReturns,
                                       ScholesWilliamsModel)

    # OLS with an intercept on the asset's own returns, by the base class's fit
    assert MarketModel().fits_from_sums and MarketBitcoinModel().fits_from_sums and DimsonModel().fits_from_sums
    assert ConstantMean().fits_from_sums
    assert not FamaFrench3().fits_from_sums  # excess returns: the fit sees another y
    assert not GarchMarketModel().fits_from_sums and not ScholesWilliamsModel().fits_from_sums  # their own fit
    assert not MarketAdjusted().fits_from_sums and not RawReturns().fits_from_sums  # nothing estimated


def test_bhar_compounds_each_window_like_a_product_of_gross_returns():
    rng = np.random.default_rng(8)
    ret, normal = rng.normal(0.0, 0.03, (6, 11)), rng.normal(0.0, 0.01, (6, 11))
    ret[2, 4] = np.nan  # a missing return: no BHAR in the windows that hold it
    windows = [slice(5, 6), slice(4, 7), slice(0, 11), slice(6, 11)]
    got = _bhars(ret, normal, windows, "simple")
    assert got.shape == (6, 4)
    for w, cols in enumerate(windows):
        expected = [np.prod([1.0 + v for v in r]) - np.prod([1.0 + v for v in m])
                    for r, m in zip(ret[:, cols], normal[:, cols])]
        np.testing.assert_allclose(got[:, w], expected, rtol=1e-14, equal_nan=True)
    assert np.isnan(got[2, 1:3]).all() and np.isfinite(got[2, [0, 3]]).all()
    assert np.isnan(_bhars(ret, normal, windows, "log")).all()  # log returns do not compound by products


@pytest.mark.parametrize("model", ["market", "market_btc", "dimson"])
def test_refitted_residuals_equal_the_first_fit_when_a_chunk_drops_events_of_a_full_panel(panel_factory, model):
    """Every value valid, but a flat asset's events are dropped: the chunk fits a row subset of its arrays."""
    from fintrack.study import event_study

    panel = panel_factory(420, 30, seed=17)
    panel["A004"] = 0.0  # a halted stock: its events are skipped as degenerate
    rng = np.random.default_rng(2)
    events = pd.DataFrame({"event_id": np.arange(150), "asset": [f"A{a:03d}" for a in rng.integers(0, 30, 150)],
                           "date": panel.index[rng.integers(260, 410, 150)]})
    events["group"] = np.where(np.arange(150) % 2, "odd", "even")
    first, again, result = first_and_refitted_residuals(
        lambda: event_study(panel, events, model=model, mask_overlaps=False, chunk_size=40, threads=1))
    assert (result.skipped["asset"] == "A004").any() and result.ar["ar"].notna().all()
    assert set(again) == set(first)
    for i, residuals in first.items():
        np.testing.assert_array_equal(again[i], residuals)
