"""The batched OLS fit on arrays equals statsmodels OLS event by event, with and without gaps.

The fit solves the centred k x k system (closed forms for one and two regressors, LU
beyond), has a no-copy path when every estimation value is valid, and builds the
residuals in place: each case below checks every output of ``fit`` against
``statsmodels.OLS`` run on the valid sessions of each event alone.
"""
from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from fintrack.study import ConstantMean, FactorModel, MarketModel
from fintrack.study.models import NormalReturnModel

REL = 1e-12


def _arrays(n_events: int, length: int, k: int, seed: int, gaps: bool):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0005, 0.012, (n_events, length, k))
    betas = rng.uniform(0.3, 1.5, (n_events, k))
    y = 0.0003 + np.einsum("elk,ek->el", x, betas) + rng.normal(0.0, 0.02, (n_events, length))
    valid = np.ones((n_events, length), dtype=bool)
    if gaps:
        holes = rng.random((n_events, length)) < 0.07
        y[holes] = np.nan
        x[rng.random((n_events, length)) < 0.03, 0] = np.nan
        valid = np.isfinite(y) & np.isfinite(x).all(axis=2)
    return y, x, valid


def _assert_matches_statsmodels(fit, y, x, valid, intercept: bool = True):
    for e in range(len(y)):
        ok = valid[e]
        design = np.column_stack(([np.ones(ok.sum())] if intercept else []) + [x[e, ok, j] for j in range(x.shape[2])])
        ref = sm.OLS(y[e, ok], design).fit()
        # entries near zero (an off-diagonal term, a small residual) are held to the scale of their array
        np.testing.assert_allclose(fit.params[e], ref.params, rtol=REL, atol=REL * np.abs(ref.params).max())
        np.testing.assert_allclose(fit.sigma2[e], ref.scale, rtol=REL)
        # statsmodels' normalized_cov_params is (X'X)^-1
        cov = ref.normalized_cov_params
        np.testing.assert_allclose(fit.xtx_inv[e], cov, rtol=REL, atol=REL * np.abs(cov).max())
        np.testing.assert_allclose(fit.residuals[e, ok], ref.resid, rtol=REL, atol=REL * np.abs(ref.resid).max())
        assert np.isnan(fit.residuals[e, ~ok]).all()
        assert fit.n_obs[e] == ref.nobs and fit.df[e] == ref.df_resid
        if x.shape[2]:
            # R-squared about the mean of y (statsmodels' centred R-squared; without an intercept by hand)
            yv = y[e, ok]
            expected = ref.rsquared if intercept else 1.0 - ref.ssr / ((yv - yv.mean()) ** 2).sum()
            np.testing.assert_allclose(fit.r2[e], expected, rtol=1e-11)
        else:
            assert np.isnan(fit.r2[e])


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
@pytest.mark.parametrize("k", [1, 2, 3], ids=["one regressor (closed form)", "two (closed form)", "three (LU)"])
def test_ols_fit_of_every_event_equals_statsmodels(k, gaps):
    y, x, valid = _arrays(40, 120, k, seed=10 + k, gaps=gaps)
    assert valid.all() != gaps
    model = MarketModel("m") if k == 1 else FactorModel([f"f{j}" for j in range(k)])
    _assert_matches_statsmodels(model.fit(y, x, valid), y, x, valid)


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_constant_mean_fit_is_the_mean_and_its_sample_variance(gaps):
    y, x, valid = _arrays(30, 100, 1, seed=5, gaps=gaps)
    valid = np.isfinite(y)
    _assert_matches_statsmodels(ConstantMean().fit(y, x[..., :0], valid), y, x[..., :0], valid)


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_a_model_without_intercept_regresses_through_the_origin(gaps):
    class ThroughOrigin(NormalReturnModel):
        intercept = False

    y, x, valid = _arrays(30, 100, 2, seed=6, gaps=gaps)
    fit = ThroughOrigin(("a", "b")).fit(y, x, valid)
    _assert_matches_statsmodels(fit, y, x, valid, intercept=False)


def test_the_fit_leaves_its_input_arrays_unchanged():
    y, x, valid = _arrays(20, 80, 2, seed=8, gaps=False)
    before = (y.copy(), x.copy(), valid.copy())
    FactorModel(["a", "b"]).fit(y, x, valid)
    MarketModel("a").fit(y, x[..., :1], valid)
    for after, copy in zip((y, x, valid), before):
        np.testing.assert_array_equal(after, copy)


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_ar_and_car_variances_equal_statsmodels_forecast_error_variances(k):
    # Var(AR_t) = s^2 + d_t' Cov(b) d_t and Var(CAR) = l s^2 + s' Cov(b) s, s the summed design rows
    y, x, valid = _arrays(15, 90, max(k, 1), seed=30 + k, gaps=True)
    x = x[..., :k]
    valid = np.isfinite(y) & np.isfinite(x).all(axis=2)
    model = ConstantMean() if k == 0 else FactorModel([f"f{j}" for j in range(k)])
    fit = model.fit(y, x, valid)
    x_evt = np.random.default_rng(k).normal(0.0, 0.02, (15, 7, k))
    d = model.design(x_evt)
    ar_var = model.forecast_variance(fit, d)
    car_var = model.car_variance(fit, d[:, 2:6])
    for e in range(len(y)):
        ok = valid[e]
        ref = sm.OLS(y[e, ok], np.column_stack([np.ones(ok.sum())] + [x[e, ok, j] for j in range(k)])).fit()
        cov = ref.cov_params()
        np.testing.assert_allclose(ar_var[e], ref.scale + np.einsum("kp,pq,kq->k", d[e], cov, d[e]), rtol=REL)
        s = d[e, 2:6].sum(axis=0)
        np.testing.assert_allclose(car_var[e], 4 * ref.scale + s @ cov @ s, rtol=REL)


def test_the_fit_without_numpy_vecdot_is_the_same(monkeypatch):
    # numpy < 2.0 has no np.vecdot: the row dot products fall back to einsum
    import fintrack.study.models as models

    y, x, valid = _arrays(12, 60, 2, seed=41, gaps=False)
    with_vecdot = FactorModel(["a", "b"]).fit(y, x, valid)
    monkeypatch.setattr(models, "_VECDOT", None)
    without = FactorModel(["a", "b"]).fit(y, x, valid)
    _assert_matches_statsmodels(without, y, x, valid)
    np.testing.assert_allclose(without.params, with_vecdot.params, rtol=REL, atol=REL * np.abs(with_vecdot.params).max())


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_each_events_fit_is_the_same_to_the_last_bit_whatever_events_and_layout_share_the_call(k, gaps):
    # the engine fits again a subset of events, gathered afresh (one (E, L) array per regressor), and the
    # first fit may have seen a row subset of an (E, L, k) array (regressor columns strided): same bits
    y, x, valid = _arrays(30, 80, k, seed=50 + k, gaps=gaps)
    gathered = np.moveaxis(np.ascontiguousarray(np.moveaxis(x, -1, 0)), 0, -1)  # (E, L, k) view of (k, E, L)
    keep = np.ones(len(y), dtype=bool)
    keep[[3, 17, 18]] = False
    model = MarketModel("m") if k == 1 else FactorModel([f"f{j}" for j in range(k)])
    whole = model.fit(y, gathered, valid)
    subset = model.fit(y[keep], x[keep], valid[keep])  # x[keep]: C-ordered (E, L, k), strided columns
    alone = model.fit(y[keep][:5], gathered[keep][:5], valid[keep][:5])
    for got in (subset, alone):
        rows = np.flatnonzero(keep)[:len(got.residuals)]
        np.testing.assert_array_equal(got.residuals, whole.residuals[rows])
        np.testing.assert_array_equal(got.params, whole.params[rows])
        np.testing.assert_array_equal(got.sigma2, whole.sigma2[rows])


@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_estimation_sums_centred_in_the_regressors_memory_equal_those_of_a_copy(gaps):
    from fintrack.study.models import estimation_sums

    y, x, valid = _arrays(7, 60, 2, seed=21, gaps=gaps)
    x = np.moveaxis(np.ascontiguousarray(np.moveaxis(x, -1, 0)), 0, -1)  # (E, L, k) view of (k, E, L), as gathered
    copied = estimation_sums(y, x, valid)
    given = x.copy(order="K")
    in_place = estimation_sums(y, given, valid, overwrite_x=True)
    for field in ("n", "y0", "y_sum", "y_sq", "x_mean", "cxx"):
        np.testing.assert_array_equal(getattr(in_place, field), getattr(copied, field))
    for a, b in zip(in_place.x_centred, copied.x_centred):
        np.testing.assert_array_equal(a, b)
    # with every value valid the centred regressors live in the given array (one array less per regressor)
    assert np.shares_memory(in_place.x_centred[0], given) == (not gaps)


@pytest.mark.parametrize("k", [0, 1, 3])
@pytest.mark.parametrize("gaps", [False, True], ids=["every value valid", "gaps"])
def test_residuals_rebuilt_from_coefficients_and_means_equal_the_fit_to_the_last_bit(k, gaps):
    """GRANK's second pass rebuilds the residuals from the kept coefficients and means instead of fitting again."""
    y, x, valid = _arrays(25, 70, max(k, 1), seed=60 + k, gaps=gaps)
    x = x[..., :k]
    if k == 0:
        valid = np.isfinite(y)
    model = ConstantMean() if k == 0 else MarketModel("m") if k == 1 else FactorModel([f"f{j}" for j in range(k)])
    gathered = np.moveaxis(np.ascontiguousarray(np.moveaxis(x, -1, 0)), 0, -1)  # (E, L, k) view of (k, E, L)
    fit = model.fit(y, gathered, valid)
    assert fit.means.shape == (len(y), 1 + k)
    np.testing.assert_allclose(fit.means[:, 0], [y[e, valid[e]].mean() for e in range(len(y))], rtol=1e-13)
    if k:
        np.testing.assert_allclose(fit.means[:, 1], [x[e, valid[e], 0].mean() for e in range(len(y))], rtol=1e-13)
    rebuilt = model.residuals_again(fit.params, fit.means, y, gathered, valid if gaps else None)
    np.testing.assert_array_equal(rebuilt, fit.residuals)  # NaN where invalid, the same bits elsewhere
    rows = np.array([4, 0, 19])  # any subset of events, in any order: row by row
    again = model.residuals_again(fit.params[rows], fit.means[rows], y[rows], x[rows], valid[rows] if gaps else None)
    np.testing.assert_array_equal(again, fit.residuals[rows])
    # a wrong slope or mean shows: the rebuild reads them, not the fit
    if k:
        shifted = fit.params.copy()
        shifted[:, 1] += 1e-9
        assert not np.array_equal(model.residuals_again(shifted, fit.means, y, gathered, valid if gaps else None),
                                  fit.residuals, equal_nan=True)
