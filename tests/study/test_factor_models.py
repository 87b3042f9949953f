"""Fama-French/Carhart factors and models, Dimson and Scholes-Williams betas, thin trading, the model list."""
from __future__ import annotations

import io
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from fintrack.errors import ConfigError, DataUnavailableError, DownloadError, InputError, MalformedFileError
from fintrack.study import EventStudyWarning, event_study
from fintrack.study.factors import add_factors, load_french_factors, read_french_csv
from fintrack.study.models import MODEL_TITLES, MODELS, DimsonModel, ScholesWilliamsModel, model_from_name

# The library's daily file layout: description lines, a header starting with a comma, YYYYMMDD rows in
# percent, a blank line, a copyright line (numbers made up for the test).
FF3_CSV = """This file was created by CMPT_ME_BEME_RETS_DAILY using the 202401 CRSP database.
The Tbill return is the simple daily rate that, over the number of trading days
in the month, compounds to 1-month TBill rate from Ibbotson and Associates Inc.

,Mkt-RF,SMB,HML,RF
20210104,  -1.41,   0.63,   0.35,  0.000
20210105,   0.86,   1.19,   0.47,  0.000
20210106,   0.79,   1.67,   4.21,   0.01
20210107,   1.76,  -0.37,  -0.92,  -99.99

Copyright 2024 Kenneth R. French
"""


def test_french_csv_is_read_as_fractions_by_date():
    f = read_french_csv(FF3_CSV)
    assert list(f.columns) == ["Mkt-RF", "SMB", "HML", "RF"]
    assert list(f.index) == list(pd.to_datetime(["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07"]))
    assert f.loc["2021-01-06", "HML"] == pytest.approx(0.0421, abs=1e-15)
    assert f.loc["2021-01-04", "Mkt-RF"] == pytest.approx(-0.0141, abs=1e-15)
    assert np.isnan(f.loc["2021-01-07", "RF"])  # -99.99 marks a missing value


def test_a_file_that_is_not_a_french_csv_is_a_malformed_file_error():
    with pytest.raises(MalformedFileError, match="no header line"):
        read_french_csv("date,close\n2021-01-04,1\n")
    with pytest.raises(MalformedFileError, match="non-numeric"):
        read_french_csv(",Mkt-RF,RF\n20210104, abc, 0.1\n")


def test_factors_load_offline_from_a_csv_in_the_prices_folder(tmp_path):
    (tmp_path / "F-F_Research_Data_Factors_daily.CSV").write_text(FF3_CSV, encoding="latin-1")
    f = load_french_factors("ff3", prices_dir=tmp_path, offline=True)
    assert len(f) == 4 and f.loc["2021-01-05", "SMB"] == pytest.approx(0.0119)


def test_offline_without_a_file_says_what_to_download_and_where(tmp_path):
    with pytest.raises(DataUnavailableError, match=r"no F-F_Research_Data_5_Factors_2x3_daily\.csv in .*"
                                                   r"download https://.*_CSV\.zip, unzip it into the prices folder"):
        load_french_factors("ff5", prices_dir=tmp_path, offline=True)
    with pytest.raises(DataUnavailableError, match="unknown factor data set"):
        load_french_factors("ff4")


def _zip(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("F-F_Research_Data_Factors_daily.CSV", text)
    return buf.getvalue()


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_is_cached_and_read_back_without_network(tmp_path, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: _Response(_zip(FF3_CSV)))
    first = load_french_factors("ff3", cache_dir=tmp_path)
    assert (tmp_path / "french" / "F-F_Research_Data_Factors_daily_CSV.zip").is_file()
    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: (_ for _ in ()).throw(OSError("offline")))
    pd.testing.assert_frame_equal(load_french_factors("ff3", cache_dir=tmp_path), first)


def test_a_bad_download_is_never_cached(tmp_path, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: _Response(b"<html>error page</html>"))
    with pytest.raises(MalformedFileError):
        load_french_factors("ff3", cache_dir=tmp_path)
    assert not (tmp_path / "french").exists() or not any((tmp_path / "french").iterdir())


def test_a_failed_download_is_a_download_error_naming_the_url(tmp_path, monkeypatch):
    import urllib.request

    def fail(url, timeout):
        raise OSError("connection refused")

    monkeypatch.setattr(urllib.request, "urlopen", fail)
    with pytest.raises(DownloadError, match=r"could not download https://.*F-F_Momentum_Factor_daily_CSV\.zip"):
        load_french_factors("momentum", cache_dir=tmp_path)


# ---------------------------------------------------------------------------
# Factor models on excess returns
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def factor_panel():
    rng = np.random.default_rng(17)
    n = 400
    index = pd.bdate_range("2015-01-01", periods=n, name="date")
    f = pd.DataFrame(rng.normal(0, 0.01, (n, 6)), index=index, columns=["Mkt-RF", "SMB", "HML", "RMW", "CMA", "Mom"])
    f["RF"] = 0.0001 + rng.uniform(0, 0.00002, n)
    excess = 0.0003 + f[["Mkt-RF", "SMB", "HML", "RMW", "CMA", "Mom"]].to_numpy() @ [1.1, 0.4, -0.2, 0.1, 0.3, 0.2]
    stock = f["RF"] + excess + rng.normal(0, 0.015, n)
    returns = pd.DataFrame({"S": stock, "QQQ": f["Mkt-RF"] + f["RF"]}, index=index)
    return add_factors(returns, f), f


@pytest.mark.parametrize(("name", "factors"), [
    ("ff3", ["Mkt-RF", "SMB", "HML"]),
    ("carhart4", ["Mkt-RF", "SMB", "HML", "Mom"]),
    ("ff5", ["Mkt-RF", "SMB", "HML", "RMW", "CMA"]),
])
def test_factor_models_regress_excess_returns_like_statsmodels(factor_panel, name, factors):
    panel, _ = factor_panel
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [panel.index[300]]})
    result = event_study(panel, events, model=name)
    est = panel.iloc[300 - 250:300 - 10]
    ols = sm.OLS(est["S"] - est["RF"], sm.add_constant(est[factors])).fit()
    ev = result.events.iloc[0]
    assert ev["alpha"] == pytest.approx(ols.params["const"], rel=1e-9)
    for col in factors:
        assert ev[f"beta_{col}"] == pytest.approx(ols.params[col], rel=1e-9)
    assert ev["sigma"] ** 2 == pytest.approx(ols.scale, rel=1e-9)
    day = panel.iloc[300]
    ar0 = result.ar[result.ar["rel_day"] == 0].iloc[0]
    normal = day["RF"] + ols.params["const"] + sum(ols.params[c] * day[c] for c in factors)
    assert ar0["normal_ret"] == pytest.approx(normal, rel=1e-9)
    assert ar0["ar"] == pytest.approx(day["S"] - normal, rel=1e-9)
    # forecast-error variance as statsmodels' prediction variance of the excess return plus sigma^2
    x0 = np.r_[1.0, day[factors].to_numpy(dtype=float)]
    var = ols.scale + x0 @ ols.cov_params().to_numpy() @ x0
    assert ar0["ar_var"] == pytest.approx(var, rel=1e-9)
    assert result.model == name


def test_a_factor_model_without_the_factors_in_the_panel_says_how_to_add_them(factor_panel):
    panel, _ = factor_panel
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [panel.index[300]]})
    with pytest.raises(InputError, match=r"needs column\(s\) \['RMW', 'CMA'\].*add_factors"):
        event_study(panel.drop(columns=["RMW", "CMA"]), events, model="ff5")


def test_add_factors_refuses_factors_that_miss_the_panel(factor_panel):
    _, f = factor_panel
    other = pd.DataFrame({"S": [0.01]}, index=pd.DatetimeIndex(["1990-01-02"]))
    with pytest.raises(DataUnavailableError, match="do not cover the panel"):
        add_factors(other, f)


# ---------------------------------------------------------------------------
# Thin-trading betas
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lagged_panel():
    """A stock that reacts to half of the market's move a session late (non-synchronous prices)."""
    rng = np.random.default_rng(23)
    n = 400
    index = pd.bdate_range("2016-01-01", periods=n, name="date")
    m = rng.normal(0.0003, 0.01, n)
    btc = rng.normal(0.001, 0.04, n)
    lag_m = np.r_[0.0, m[:-1]]
    lag_btc = np.r_[0.0, btc[:-1]]  # bitcoin's day closes 4 hours after the stock's: its last hours come late
    s = 0.0002 + 0.6 * m + 0.6 * lag_m + 0.2 * btc + 0.1 * lag_btc + rng.normal(0, 0.01, n)
    return pd.DataFrame({"S": s, "QQQ": m, "BTC-USD": btc}, index=index)


def test_dimson_beta_is_the_sum_of_lead_lag_ols_coefficients(lagged_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [lagged_panel.index[300]]})
    result = event_study(lagged_panel, events, model="dimson")
    x = pd.DataFrame({"lag": lagged_panel["QQQ"].shift(1), "m": lagged_panel["QQQ"],
                      "lead": lagged_panel["QQQ"].shift(-1)})
    est = slice(300 - 250, 300 - 10)
    ols = sm.OLS(lagged_panel["S"].iloc[est], sm.add_constant(x.iloc[est])).fit()
    ev = result.events.iloc[0]
    assert ev["beta"] == pytest.approx(ols.params[["lag", "m", "lead"]].sum(), rel=1e-9)
    assert ev["beta_QQQ@-1"] == pytest.approx(ols.params["lag"], rel=1e-9)
    assert ev["t_beta_QQQ@-1"] == pytest.approx(ols.tvalues["lag"], rel=1e-9)
    assert ev["beta"] == pytest.approx(1.2, abs=0.15)  # the true total beta 0.6 + 0.6
    ar0 = result.ar[result.ar["rel_day"] == 0].iloc[0]
    normal = ols.params["const"] + (ols.params[["lag", "m", "lead"]] * x.iloc[300].to_numpy()).sum()
    assert ar0["normal_ret"] == pytest.approx(normal, rel=1e-9)


def test_dimson_with_bitcoin_finds_the_lag_of_bitcoins_later_close(lagged_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [lagged_panel.index[300]]})
    result = event_study(lagged_panel, events, model="dimson_btc")
    ev = result.events.iloc[0]
    assert result.model == "dimson_btc"
    assert ev["beta_BTC-USD@-1"] == pytest.approx(0.1, abs=0.05)
    assert ev["beta_BTC-USD@+1"] == pytest.approx(0.0, abs=0.05)


def test_scholes_williams_beta_equals_the_1977_formula(lagged_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [lagged_panel.index[300]]})
    result = event_study(lagged_panel, events, model="scholes_williams")
    rows = np.arange(300 - 250, 300 - 10)
    r, m = lagged_panel["S"].to_numpy(), lagged_panel["QQQ"].to_numpy()
    y = r[rows]

    def slope(xs):
        return np.cov(y, xs)[0, 1] / np.var(xs, ddof=1)

    b = slope(m[rows - 1]) + slope(m[rows]) + slope(m[rows + 1])
    rho = np.corrcoef(m[rows], m[rows - 1])[0, 1]
    beta = b / (1 + 2 * rho)
    alpha = y.mean() - beta * m[rows].mean()
    ev = result.events.iloc[0]
    assert ev["beta"] == pytest.approx(beta, rel=1e-9)
    assert ev["alpha"] == pytest.approx(alpha, rel=1e-9)
    assert ev["beta"] == pytest.approx(1.2, abs=0.15)
    ols_beta = np.polyfit(m[rows], y, 1)[0]
    assert ols_beta < 0.8  # OLS misses the lagged half
    ar0 = result.ar[result.ar["rel_day"] == 0].iloc[0]
    assert ar0["ar"] == pytest.approx(r[300] - alpha - beta * m[300], rel=1e-9)


def test_thin_trading_is_flagged_with_the_share_of_zero_returns(lagged_panel):
    panel = lagged_panel.copy()
    rng = np.random.default_rng(2)
    zero = rng.random(len(panel)) < 0.4
    panel["THIN"] = np.where(zero, 0.0, panel["S"])
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["THIN", "S"], "date": panel.index[[300, 300]]})
    result = event_study(panel, events)
    assert any("1 event(s) trade thinly" in n and "scholes_williams or dimson" in n for n in result.notes)
    ev = result.events.set_index("event_id")
    assert ev.loc[1, "zero_share"] == pytest.approx(zero[50:290].mean(), abs=1e-12)
    assert bool(ev.loc[1, "thin_trading"]) and not bool(ev.loc[2, "thin_trading"])


# ---------------------------------------------------------------------------
# One list of models
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("entry", MODELS, ids=[m.name for m in MODELS])
def test_every_listed_model_builds_by_name_with_a_title(entry):
    model = model_from_name(entry.name)
    assert model.name == entry.name
    assert MODEL_TITLES[entry.name] == entry.title


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ConfigError, match="use one of market, market_btc, .*ff3, carhart4, ff5"):
        model_from_name("capm")


def test_dimson_rejects_negative_lags():
    with pytest.raises(ConfigError, match="lags and leads must be >= 0"):
        DimsonModel(("QQQ",), lags=-1)
    assert ScholesWilliamsModel("SPY").regressors == ("SPY", "SPY@-1", "SPY@+1")


def test_warnings_module_is_quiet_for_a_plain_study(lagged_panel):
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [lagged_panel.index[300]]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", EventStudyWarning)
        event_study(lagged_panel, events)


# ---------------------------------------------------------------------------
# GARCH(1,1) normal-return model
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def garch_panel():
    rng = np.random.default_rng(41)
    n = 400
    m = rng.normal(0.0003, 0.01, n)
    e, h = np.zeros(n), np.full(n, 0.0002)
    for t in range(1, n):
        h[t] = 0.00002 + 0.1 * e[t - 1] ** 2 + 0.8 * h[t - 1]
        e[t] = np.sqrt(h[t]) * rng.standard_normal()
    index = pd.bdate_range("2017-01-02", periods=n, name="date")
    return pd.DataFrame({"S": 0.0002 + 1.2 * m + e, "QQQ": m}, index=index)


def test_garch_model_uses_arch_fit_and_its_variance_forecast(garch_panel):
    arch = pytest.importorskip("arch", reason="the garch model needs the arch package")
    events = pd.DataFrame({"event_id": [1], "asset": ["S"], "date": [garch_panel.index[300]]})
    result = event_study(garch_panel, events, model="garch", car_windows=[(0, 0), (-1, 1)])
    est = garch_panel.iloc[50:290] * 100
    ref = arch.arch_model(est["S"].to_numpy(), x=est[["QQQ"]].to_numpy(), mean="LS", vol="GARCH", p=1, q=1,
                          rescale=False).fit(disp="off", show_warning=False)
    ev = result.events.iloc[0]
    assert ev["alpha"] == pytest.approx(ref.params["Const"] / 100, rel=1e-6)
    assert ev["beta"] == pytest.approx(ref.params["x0"], rel=1e-6)
    # day 0 is 11 sessions after the estimation window's last day (-11): arch's 11-step variance forecast
    fc = ref.forecast(horizon=16, reindex=False, x=np.zeros((1, 1, 16))).variance.to_numpy()[0] / 100**2
    ar = result.ar.set_index("rel_day")
    cov = ref.param_cov.to_numpy()[:2, :2] * np.array([[1e-4, 1e-2], [1e-2, 1.0]])
    d0 = np.array([1.0, garch_panel["QQQ"].iloc[300]])
    assert ar.loc[0, "ar_var"] == pytest.approx(fc[10] + d0 @ cov @ d0, rel=1e-6)
    d = np.column_stack([np.ones(3), garch_panel["QQQ"].iloc[299:302]])
    s = d.sum(axis=0)
    car = result.car.set_index("window").loc["(-1,+1)"]
    assert car["car_var"] == pytest.approx(fc[9:12].sum() + s @ cov @ s, rel=1e-6)
    assert result.model == "garch"


def test_real_bitf_98_zero_returns_of_240_is_flagged_and_lead_lag_betas_are_larger(shared_prices_dir):
    from fintrack.market import load_prices, returns_panel

    panel = returns_panel({t: load_prices(t, prices_dir=shared_prices_dir) for t in ("BITF", "QQQ")})
    # day 0 2020-11-20: the estimation window (-250,-11) ends on 2020-11-05
    events = pd.DataFrame({"event_id": [1], "asset": ["BITF"], "date": ["2020-11-20"]})
    beta = {}
    for model in ("market", "dimson", "scholes_williams"):
        ev = event_study(panel, events, model=model).events.iloc[0]
        assert ev["zero_share"] * ev["n_est"] == pytest.approx(98, abs=1e-9) and ev["n_est"] == 240
        assert bool(ev["thin_trading"])
        beta[model] = ev["beta"]
    # measured: OLS 0.55, Dimson 1.32, Scholes-Williams 2.44 (non-synchronous prices bias OLS toward zero)
    assert beta["market"] == pytest.approx(0.551, abs=1e-3)
    assert beta["dimson"] == pytest.approx(1.319, abs=1e-3)
    assert beta["scholes_williams"] == pytest.approx(2.441, abs=1e-3)


def test_momentum_file_header_with_padded_names_is_read():
    text = "Momentum factor\n\n,Mom   \n20210104,   0.52\n20210105,  -1.10\n\nCopyright 2024 Kenneth R. French\n"
    f = read_french_csv(text)
    assert list(f.columns) == ["Mom"]
    np.testing.assert_allclose(f["Mom"], [0.0052, -0.011], atol=1e-15)


def test_real_miners_load_on_the_previous_bitcoin_day(shared_prices_dir):
    from fintrack.market import load_prices, returns_panel

    miners = ("CAN", "BITF", "EBON", "HIVE", "HUT", "MARA", "RIOT")
    panel = returns_panel({t: load_prices(t, prices_dir=shared_prices_dir) for t in miners + ("QQQ", "BTC-USD")})
    events = pd.DataFrame({"event_id": list(miners), "asset": list(miners), "date": ["2021-03-09"] * 7})
    t_lag = event_study(panel, events, model="dimson_btc").events.set_index("event_id")["t_beta_BTC-USD@-1"]
    # measured: BITF 2.60, HUT 3.28, MARA 3.15, RIOT 3.13 (CAN, EBON, HIVE 1.0-1.1)
    np.testing.assert_allclose(t_lag[["BITF", "HUT", "MARA", "RIOT"]], [2.60, 3.28, 3.15, 3.13], atol=0.01)
