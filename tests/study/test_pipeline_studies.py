"""The event studies inside ``fintrack run``: Fama-French/Carhart factors from Ken French's files, overlap
masking (``study.mask_overlaps``), and what the study changed in its sample reported as warnings.

Issue 12: the factor models read the library's daily CSV from the prices folder (offline) and say which
file to put where when it is absent; ``mask_overlaps`` is a configuration key the run honours; an event
counted once under two ids (B4) and masked overlaps (B5) are in the report's warnings and
``summary.json``. Every fitted number is checked against statsmodels OLS on the same rows.

The factor files below are in the library's exact published layout (description lines, a header line
starting with a comma, ``YYYYMMDD`` rows in percent with the library's widths, CRLF line ends, a blank
line and the copyright line); the numbers are synthetic: Mkt-RF is QQQ's return over the risk-free rate,
the others seeded noise.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from fintrack.config import load_config
from fintrack.errors import ConfigError
from fintrack.market import returns_panel
from fintrack.pipeline import run_studies, update_prices

FF3_HEAD = ("This file was created by CMPT_ME_BEME_RETS_DAILY using the 202401 CRSP database.\r\n"
            "The Tbill return is the simple daily rate that, over the number of trading days\r\n"
            "in the month, compounds to 1-month TBill rate from Ibbotson and Associates Inc.\r\n\r\n")
FF5_HEAD = ("This file was created using the 202401 CRSP database. The Tbill return is the simple daily rate that, "
            "over the number of trading days in the month, compounds to 1-month TBill rate from Ibbotson and "
            "Associates Inc.\r\n\r\n")
MOM_HEAD = ("This file was created by CMPT_ME_PRIOR_RETS_DAILY using the 202401 CRSP database.\r\n"
            "It contains a momentum factor, constructed from six value-weight portfolios formed using independent "
            "sorts on size and prior return of NYSE, AMEX, and NASDAQ stocks.\r\n"
            "Missing data are indicated by -99.99.\r\n\r\n\r\n")
FOOT = "\r\nCopyright 2024 Kenneth R. French\r\n"

FILES = {  # library file -> (description lines, columns)
    "F-F_Research_Data_Factors_daily.CSV": (FF3_HEAD, ("Mkt-RF", "SMB", "HML", "RF")),
    "F-F_Research_Data_5_Factors_2x3_daily.CSV": (FF5_HEAD, ("Mkt-RF", "SMB", "HML", "RMW", "CMA", "RF")),
    "F-F_Momentum_Factor_daily.CSV": (MOM_HEAD, ("Mom",)),
}


def french_factors(qqq: pd.Series) -> pd.DataFrame:
    """Daily factors in percent, rounded as the library prints them (2 decimals, RF 3)."""
    rng = np.random.default_rng(12)
    days = qqq.dropna().index
    rf = np.round(rng.uniform(0.0, 0.01, len(days)), 3)
    out = pd.DataFrame({"Mkt-RF": np.round(100 * qqq.dropna().to_numpy() - rf, 2), "RF": rf}, index=days)
    for name in ("SMB", "HML", "RMW", "CMA", "Mom"):
        out[name] = np.round(rng.normal(0.0, 0.6, len(days)), 2)
    return out


def write_french_file(folder: Path, name: str, factors: pd.DataFrame) -> None:
    head, columns = FILES[name]
    header = ",Mom   " if columns == ("Mom",) else "," + ",".join(columns)
    rows = [f"{d:%Y%m%d}," + ",".join(f"{factors.loc[d, c]:8.3f}" if c == "RF" else f"{factors.loc[d, c]:8.2f}"
                                      for c in columns) for d in factors.index]
    (folder / name).write_bytes((head + header + "\r\n" + "\r\n".join(rows) + "\r\n" + FOOT).encode("latin-1"))


@pytest.fixture(scope="module")
def prices_and_factors(tmp_path_factory, shared_prices_dir):
    """A prices folder with CAN, QQQ and BTC-USD (the bundled sample) and the factors (percent) for 2020-2021."""
    folder = tmp_path_factory.mktemp("prices")
    for name in ("CAN.csv", "QQQ.csv", "BTC-USD.csv"):
        shutil.copy(shared_prices_dir / name, folder / name)
    qqq = pd.read_csv(folder / "QQQ.csv", index_col="Date", parse_dates=True)["Adj Close"]
    qqq = (qqq / qqq.shift(1) - 1).loc["2020-01-02":"2021-06-30"]
    return folder, french_factors(qqq)


def config_for(prices: Path, work: Path, **study) -> object:
    return load_config(None, {"prices_dir": prices, "cache_dir": work / "cache", "peers": [], **study})


def one_event(*dates: str) -> dict[str, pd.DataFrame]:
    return {"primary": pd.DataFrame({"event_id": [f"e{i}" for i in range(len(dates))], "asset": "CAN",
                                     "date": pd.to_datetime(list(dates)), "group": "CAN"})}


def panel_of(config) -> pd.DataFrame:
    return returns_panel(update_prices(config).frames, calendar=config.calendar)


def estimation_rows(returns: pd.DataFrame, day: str, exclude: pd.DatetimeIndex | None = None) -> pd.DataFrame:
    at = returns.index.get_loc(pd.Timestamp(day))
    rows = returns.iloc[at - 250:at - 10]
    return rows if exclude is None else rows.drop(rows.index.intersection(exclude))


def prices_with_factor_files(prices_and_factors, prices, names):
    """A copy of the test prices folder at ``prices`` with the named Ken French files written into it."""
    source, factors = prices_and_factors
    shutil.copytree(source, prices)
    for name in names:
        write_french_file(prices, name, factors)
    return prices


@pytest.mark.parametrize(("model", "files", "columns"), [
    ("ff3", ["F-F_Research_Data_Factors_daily.CSV"], ["Mkt-RF", "SMB", "HML"]),
    ("carhart4", ["F-F_Research_Data_Factors_daily.CSV", "F-F_Momentum_Factor_daily.CSV"],
     ["Mkt-RF", "SMB", "HML", "Mom"]),
    ("ff5", ["F-F_Research_Data_5_Factors_2x3_daily.CSV"], ["Mkt-RF", "SMB", "HML", "RMW", "CMA"]),
])
def test_factor_models_run_in_the_pipeline_from_the_library_files_like_statsmodels(
        prices_and_factors, tmp_path, model, files, columns):
    factors = prices_and_factors[1]
    prices = prices_with_factor_files(prices_and_factors, tmp_path / "prices", files)
    config = config_for(prices, tmp_path, models=[model])
    returns = panel_of(config)
    warnings, missing = [], []
    runs = run_studies(returns, one_event("2021-03-09"), config, warnings, missing)
    assert warnings == [] and missing == []
    assert [(r.kind, r.model) for r in runs] == [("primary", model)]
    # independent: OLS of CAN's excess return on the factors as printed (percent / 100) over days -250..-11
    est = estimation_rows(returns, "2021-03-09").join(factors / 100.0, how="left")
    ols = sm.OLS(est["CAN"] - est["RF"], sm.add_constant(est[columns]), missing="drop").fit()
    fitted = runs[0].result.events.iloc[0]
    assert fitted["alpha"] == pytest.approx(ols.params["const"], rel=1e-9)
    for column in columns:
        assert fitted[f"beta_{column}"] == pytest.approx(ols.params[column], rel=1e-9)
    day = returns.loc["2021-03-09"]
    normal = (factors.loc["2021-03-09", "RF"] + sum(ols.params[c] * factors.loc["2021-03-09", c] for c in columns)) \
        / 100.0 + ols.params["const"]
    ar0 = runs[0].result.ar.set_index("rel_day").loc[0]
    assert ar0["ar"] == pytest.approx(day["CAN"] - normal, rel=1e-9)


@pytest.mark.parametrize(("model", "have", "named"), [
    ("ff3", [], "F-F_Research_Data_Factors_daily.CSV"),
    ("ff5", ["F-F_Research_Data_Factors_daily.CSV"], "F-F_Research_Data_5_Factors_2x3_daily.CSV"),
    ("carhart4", ["F-F_Research_Data_Factors_daily.CSV"], "F-F_Momentum_Factor_daily.CSV"),
])
def test_factor_model_without_its_file_is_not_run_with_one_line_naming_the_file_and_folder(
        prices_and_factors, tmp_path, model, have, named):
    from fintrack.study.models import MODEL_TITLES

    prices = prices_with_factor_files(prices_and_factors, tmp_path / "prices", have)
    config = config_for(prices, tmp_path, models=["market", model])
    warnings, missing = [], []
    runs = run_studies(panel_of(config), one_event("2021-03-09"), config, warnings, missing)
    assert warnings == [f"{MODEL_TITLES[model]}: not run: no Fama-French factors file (put {named} in {prices} or "
                        "run online)"]
    assert [r.model for r in runs] == ["market"]  # the other models still run


def test_the_factor_models_are_configured_by_name_carhart_also_as_carhart(tmp_path):
    path = tmp_path / "fintrack.toml"
    path.write_text('[study]\nmodels = ["ff3", "ff5", "carhart", "carhart4"]\n', encoding="utf-8")
    assert load_config(path).models == ("ff3", "ff5", "carhart4")  # one model, run once


def test_mask_overlaps_is_a_study_key_true_by_default_and_checked(tmp_path):
    assert load_config(None).mask_overlaps is True
    path = tmp_path / "fintrack.toml"
    path.write_text("[study]\nmask_overlaps = false\n", encoding="utf-8")
    assert load_config(path).mask_overlaps is False
    path.write_text('[study]\nmask_overlaps = "no"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^study.mask_overlaps: expected true or false, got 'no'$"):
        load_config(path)


@pytest.mark.parametrize("mask", [True, False])
def test_the_run_masks_overlapping_event_windows_as_configured(prices_and_factors, tmp_path, mask):
    prices, _ = prices_and_factors
    config = config_for(prices, tmp_path, models=["market"], mask_overlaps=mask)
    returns = panel_of(config)
    warnings, missing = [], []
    # 2021-02-08 is day -20 of 2021-03-09: its event window (-5..+5) lies in 2021-03-09's estimation window
    runs = run_studies(returns, one_event("2021-02-08", "2021-03-09"), config, warnings, missing)
    fitted = runs[0].result.events.set_index("event_id").loc["e1"]
    at = returns.index.get_loc(pd.Timestamp("2021-02-08"))
    other = returns.index[at - 5:at + 6] if mask else None
    est = estimation_rows(returns, "2021-03-09", exclude=other)
    ols = sm.OLS(est["CAN"], sm.add_constant(est["QQQ"]), missing="drop").fit()
    assert fitted["alpha"] == pytest.approx(ols.params["const"], rel=1e-9)
    assert fitted["beta"] == pytest.approx(ols.params["QQQ"], rel=1e-9)
    assert fitted["n_masked"] == (11 if mask else 0)
    said = ("those sessions were masked out of the fit" if mask else "(not masked: mask_overlaps=False)")
    assert [w for w in warnings if "estimation window" in w] == [
        f"primary study, market model: 1 event(s) have another event of the same asset inside their estimation "
        f"window{'; ' if mask else ' '}{said}"]


OVERLAP_REGISTRY = """event_id,ticker,date,time,timezone,kind,description,article_id,source_url
CAN-2021-03-09,CAN,2021-03-09,11:55,America/New_York,price_move,CAN up,,
CAN-2021-02-08,CAN,2021-02-08,,,news,an earlier event inside the estimation window,,
CAN-again,CAN,2021-03-09,,,news,the same session under another id,,
"""


@pytest.fixture(scope="module")
def factor_run(prices_and_factors, tmp_path_factory):
    """``fintrack run`` with the market and ff3 models on a registry with an overlap and a repeated session."""
    from fintrack.cli import main

    from ..pipeline.conftest import run_args

    work = tmp_path_factory.mktemp("factor-run")
    prices = prices_with_factor_files(prices_and_factors, work / "prices", ["F-F_Research_Data_Factors_daily.CSV"])
    registry = work / "events.csv"
    registry.write_text(OVERLAP_REGISTRY, encoding="utf-8")
    config = work / "fintrack.toml"
    config.write_text('[tickers]\npeers = []\n[study]\nmodels = ["market", "ff3"]\n', encoding="utf-8")
    code = main(run_args(prices, work, registry, "--no-pdf", "--config", str(config)))
    folder = work / "reports" / "2026-01-02"
    return code, json.loads((folder / "summary.json").read_text(encoding="utf-8")), \
        (folder / "report.html").read_text(encoding="utf-8")


def test_a_run_with_the_ff3_model_studies_it_from_the_prices_folder(factor_run):
    code, summary, html = factor_run
    assert code == 0
    assert not [w for w in summary["warnings"] if "not run" in w]
    assert "Fama-French 3-factor model" in html


def test_an_event_counted_once_under_two_ids_is_a_warning_of_the_run(factor_run):
    _, summary, html = factor_run
    line = "1 event(s) on the session of an earlier event of CAN counted once (not studied): CAN-again = CAN-2021-03-09"
    assert line in summary["warnings"]
    assert line in html


def test_masked_overlaps_are_warnings_of_the_run(factor_run):
    _, summary, _ = factor_run
    assert [w for w in summary["warnings"] if "estimation window" in w] == [
        f"{kind} study, {title}: 1 event(s) have another event of the same asset inside their estimation window; "
        "those sessions were masked out of the fit"
        for title in ("market model", "Fama-French 3-factor model") for kind in ("primary", "peers")]


# ---------------------------------------------------------------------------
# Online: the library's zip is fetched and cached like prices, and refreshed when old
# ---------------------------------------------------------------------------
def _library_zip(factors: pd.DataFrame, tmp_path: Path) -> bytes:
    """The library's ``..._CSV.zip`` of the three-factor file for ``factors``."""
    import io
    import zipfile

    tmp_path.mkdir()
    write_french_file(tmp_path, "F-F_Research_Data_Factors_daily.CSV", factors)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(tmp_path / "F-F_Research_Data_Factors_daily.CSV", "F-F_Research_Data_Factors_daily.CSV")
    return buffer.getvalue()


class _Response:
    def __init__(self, data: bytes):
        self.data = data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self) -> bytes:
        return self.data


def test_online_factors_are_downloaded_once_cached_and_refreshed_when_older_than_7_days(prices_and_factors, tmp_path,
                                                                                      monkeypatch, caplog):
    import os
    import urllib.request

    from fintrack.study.factors import factors_for_model

    _, factors = prices_and_factors
    older = _library_zip(factors.loc[:"2021-03-31"], tmp_path / "older")
    newer = _library_zip(factors, tmp_path / "newer")
    calls = []

    def serve(data):
        def urlopen(url, timeout):
            calls.append(url)
            if data is None:
                raise OSError("network is down")
            return _Response(data)
        return urlopen

    cache = tmp_path / "cache"
    monkeypatch.setattr(urllib.request, "urlopen", serve(older))
    first = factors_for_model("ff3", cache_dir=cache, max_age_days=7)
    assert first.index[-1] == pd.Timestamp("2021-03-31") and len(calls) == 1
    monkeypatch.setattr(urllib.request, "urlopen", serve(newer))
    assert factors_for_model("ff3", cache_dir=cache, max_age_days=7).index[-1] == pd.Timestamp("2021-03-31")
    assert len(calls) == 1  # a day-old copy is used as it is
    zipped = cache / "french" / "F-F_Research_Data_Factors_daily_CSV.zip"
    eight_days_ago = zipped.stat().st_mtime - 8 * 86400
    os.utime(zipped, (eight_days_ago, eight_days_ago))
    monkeypatch.setattr(urllib.request, "urlopen", serve(None))
    kept = factors_for_model("ff3", cache_dir=cache, max_age_days=7)
    assert kept.index[-1] == pd.Timestamp("2021-03-31") and len(calls) == 2  # tried; the old copy serves
    assert "could not download" in caplog.text and "using the cached copy" in caplog.text
    monkeypatch.setattr(urllib.request, "urlopen", serve(newer))
    refreshed = factors_for_model("ff3", cache_dir=cache, max_age_days=7)
    assert refreshed.index[-1] == pd.Timestamp("2021-06-30") and len(calls) == 3
    assert refreshed.loc["2021-03-09", "SMB"] == pytest.approx(factors.loc["2021-03-09", "SMB"] / 100, abs=1e-15)
    assert zipped.read_bytes() == newer
