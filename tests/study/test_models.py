"""Normal-return models: every fitted number equals statsmodels OLS run event by event."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from fintrack.errors import ConfigError
from fintrack.study import ConstantMean, FactorModel, MarketBitcoinModel, MarketModel, event_study
from fintrack.study.models import model_from_name

TOL = 1e-10


@pytest.fixture(scope="module")
def panel_with_gaps(small_panel):
    """The small panel with ~5% of asset returns (sessions < 255, estimation only) and 3 QQQ returns knocked out."""
    panel = small_panel.copy()
    rng = np.random.default_rng(11)
    assets = [c for c in panel.columns if c.startswith("A")]
    holes = rng.random((len(panel), len(assets))) < 0.05
    holes[255:] = False
    values = panel[assets].to_numpy().copy()
    values[holes] = np.nan
    panel[assets] = values
    panel.iloc[[20, 77, 150], panel.columns.get_loc("QQQ")] = np.nan
    return panel


@pytest.fixture(scope="module")
def events_12(panel_with_gaps):
    sessions = panel_with_gaps.index
    rng = np.random.default_rng(3)
    pos = rng.integers(260, 390, 12)
    return pd.DataFrame({"event_id": [f"e{i}" for i in range(12)], "asset": [f"A{i:03d}" for i in range(12)],
                         "date": sessions[pos]})


def _per_event_ols(panel, events, result, factors):
    """Yield (event row, statsmodels fit, event-window X, event-window y) for each studied event."""
    sessions = panel.index
    for row in result.events.itertuples(index=False):
        p0 = sessions.get_loc(row.session)
        est = panel.iloc[p0 - 250:p0 - 10]
        data = est[[row.asset, *factors]].dropna()
        x = sm.add_constant(data[list(factors)], has_constant="add") if factors else np.ones((len(data), 1))
        fit = sm.OLS(data[row.asset].to_numpy(), np.asarray(x)).fit()
        evt = panel.iloc[p0 - 5:p0 + 6]
        x_evt = np.column_stack([np.ones(11), evt[list(factors)].to_numpy()]) if factors else np.ones((11, 1))
        yield row, fit, x_evt, evt[row.asset].to_numpy()


@pytest.mark.parametrize(
    ("model", "factors"),
    [("market", ["QQQ"]), ("market_btc", ["QQQ", "BTC-USD"]), ("constant_mean", [])],
)
def test_alpha_beta_sigma_and_every_ar_equal_statsmodels_ols(panel_with_gaps, events_12, model, factors):
    result = event_study(panel_with_gaps, events_12, model=model)
    assert len(result.events) == 12
    for row, fit, x_evt, y_evt in _per_event_ols(panel_with_gaps, events_12, result, factors):
        assert row.n_est == fit.nobs
        assert row.alpha == pytest.approx(fit.params[0], abs=TOL)
        if factors:
            assert row.beta == pytest.approx(fit.params[1], abs=TOL)
            assert row.r2 == pytest.approx(fit.rsquared, abs=TOL)
        assert row.sigma == pytest.approx(np.sqrt(fit.scale), abs=TOL)
        ar = result.ar[result.ar["event_id"] == row.event_id]
        np.testing.assert_allclose(ar["ar"], y_evt - x_evt @ fit.params, rtol=0, atol=TOL)
        # forecast-error variance sigma^2 (1 + x'(X'X)^-1 x) from statsmodels' parameter covariance
        fev = fit.scale + np.einsum("kp,pq,kq->k", x_evt, fit.cov_params(), x_evt)
        np.testing.assert_allclose(ar["ar_var"], fev, rtol=1e-9, atol=0)
        if model == "market_btc":
            assert row.beta_btc == pytest.approx(fit.params[2], abs=TOL)


def test_market_model_forecast_variance_matches_the_textbook_formula(small_panel):
    # MacKinlay (1997) eq. 7: sigma^2 (1 + 1/L + (Rm_t - mean Rm)^2 / sum (Rm - mean Rm)^2)
    events = pd.DataFrame({"event_id": [1], "asset": ["A003"], "date": [small_panel.index[300]]})
    result = event_study(small_panel, events, model="market")
    rm_est = small_panel["QQQ"].iloc[50:290].to_numpy()
    rm_evt = small_panel["QQQ"].iloc[295:306].to_numpy()
    sigma2 = result.events["sigma"].iloc[0] ** 2
    expected = sigma2 * (1 + 1 / 240 + (rm_evt - rm_est.mean()) ** 2 / ((rm_est - rm_est.mean()) ** 2).sum())
    np.testing.assert_allclose(result.ar["ar_var"], expected, rtol=1e-10)


def test_market_adjusted_ar_is_return_minus_market_and_variance_is_estimation_sample_variance(small_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["A005"], "date": [small_panel.index[320]]})
    result = event_study(small_panel, events, model="market_adjusted")
    evt = small_panel.iloc[315:326]
    np.testing.assert_allclose(result.ar["ar"], evt["A005"] - evt["QQQ"], atol=1e-15)
    est = small_panel.iloc[70:310]
    assert result.events["sigma"].iloc[0] == pytest.approx((est["A005"] - est["QQQ"]).std(ddof=1), rel=1e-12)
    assert result.events["beta"].iloc[0] == 1.0
    np.testing.assert_allclose(result.ar["ar_var"], result.events["sigma"].iloc[0] ** 2, rtol=1e-12)


def test_raw_returns_model_takes_ar_equal_to_the_return(small_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": [small_panel.index[330]]})
    result = event_study(small_panel, events, model="raw")
    np.testing.assert_array_equal(result.ar["ar"], small_panel["A001"].iloc[325:336].to_numpy())
    assert np.isnan(result.events["alpha"].iloc[0]) and np.isnan(result.events["beta"].iloc[0])


def test_factor_model_on_explicit_columns_equals_market_bitcoin_model(small_panel):
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A001", "A002"], "date": small_panel.index[[300, 350]]})
    a = event_study(small_panel, events, model=FactorModel(["QQQ", "BTC-USD"]))
    b = event_study(small_panel, events, model=MarketBitcoinModel())
    np.testing.assert_array_equal(a.ar["ar"], b.ar["ar"])


def test_model_names_resolve_to_their_classes():
    assert isinstance(model_from_name("market"), MarketModel)
    assert isinstance(model_from_name("market+bitcoin"), MarketBitcoinModel)
    assert isinstance(model_from_name("constant_mean"), ConstantMean)
    assert model_from_name("market_btc", bitcoin="BTC").regressors == ("QQQ", "BTC")


def test_unknown_model_name_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown event-study model 'capm'"):
        model_from_name("capm")


@pytest.mark.parametrize("model", [MarketModel(), MarketBitcoinModel(), ConstantMean(),
                                   model_from_name("market_adjusted")])
@pytest.mark.parametrize("gap", [False, True])
def test_car_variances_of_every_window_equal_the_textbook_sum_window_by_window(model, gap):
    rng = np.random.default_rng(41)
    n_ev, est_len, n_days = 30, 120, 11
    k = len(model.regressors)
    x = rng.normal(0.0, 0.01, (n_ev, est_len, k))
    y = 0.001 + (x.sum(axis=2) if k else 0.0) + rng.normal(0.0, 0.02, (n_ev, est_len))
    fit = model.fit(y, x, np.ones((n_ev, est_len), bool))
    d = model.design(rng.normal(0.0, 0.01, (n_ev, n_days, k)))
    if gap:
        d = d.copy()
        d[3, 9, -1] = np.nan  # a missing day reaches only the windows that hold it
    windows = [slice(5, 6), slice(4, 7), slice(5, 11), slice(0, 11)]
    got = model.car_variances(fit, d, windows)
    for w, sl in enumerate(windows):
        if fit.xtx_inv is None:  # fixed parameters: the AR variance is sigma^2 on each day
            want = fit.sigma2 * (sl.stop - sl.start)
        else:  # sigma^2 (l + s'(X'X)^-1 s), s the window's design rows summed, event by event
            want = np.array([fit.sigma2[e] * ((sl.stop - sl.start) + d[e, sl].sum(axis=0) @ fit.xtx_inv[e]
                                              @ d[e, sl].sum(axis=0)) for e in range(n_ev)])
        np.testing.assert_allclose(got[:, w], want, rtol=1e-13, atol=0, err_msg=f"window {w}")
    if gap and fit.xtx_inv is not None:
        assert np.isnan(got[3, 2:]).all() and np.isfinite(got[3, :2]).all()
