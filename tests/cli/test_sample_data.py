"""The bundled sample prices: what ships, and `fintrack run` falling back to them."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from fintrack.cli import main
from fintrack.market import CsvSource
from fintrack.market.sources import SAMPLE_DIR, SampleSource, YahooSource
from fintrack.news.schema import CLAIM_COLUMNS

TICKERS = ["BITF", "BTC-USD", "CAN", "EBON", "HIVE", "HUT", "MARA", "QQQ", "RIOT", "SPY"]
EVENTS = """event_id,ticker,date,time,timezone,kind,description,article_id,source_url
e1,CAN,2021-03-09,11:55,America/New_York,price_move,a move,a1,
"""


def test_the_sample_holds_ten_tickers_and_the_splits():
    assert SampleSource().tickers() == TICKERS
    splits = pd.read_csv(SAMPLE_DIR / "splits.csv")
    assert list(splits.columns) == ["Ticker", "Date", "Stock Splits"]
    assert dict(zip(splits["Ticker"], splits["Stock Splits"])) == {"MARA": 0.25, "HIVE": 0.2, "HUT": 0.2,
                                                                   "EBON": 0.033333}
    assert (SAMPLE_DIR / "PROVENANCE.md").is_file()


def test_sample_figures_are_the_real_bars():
    bar = SampleSource().fetch("CAN", "2021-03-09", "2021-03-09").iloc[0]
    assert bar["close"] == pytest.approx(28.690001, abs=1e-9)
    assert SampleSource().fetch("CAN").index[-1] == pd.Timestamp("2025-09-29")


def test_the_sample_is_the_shared_snapshot_byte_for_byte():
    from ..conftest import shared_dir

    shared = shared_dir("data", "prices")
    if shared is None:
        pytest.skip("needs the shared folder's data/prices (absent; set FINTRACK_SHARED)")
    names = sorted(p.name for p in SAMPLE_DIR.glob("*.csv"))
    assert names == sorted(p.name for p in shared.glob("*.csv"))
    for name in names:
        assert (SAMPLE_DIR / name).read_bytes() == (shared / name).read_bytes(), name


def test_the_test_prices_fixture_reads_like_the_sample(shared_prices_dir):
    a = CsvSource(shared_prices_dir).fetch("QQQ")
    pd.testing.assert_frame_equal(a, SampleSource().fetch("QQQ"))
    assert len(a) == 3401 and a.index[0] == pd.Timestamp("2013-01-02")


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.delenv("FINTRACK_PRICES_DIR", raising=False)
    monkeypatch.delenv("FINTRACK_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./fintrack.toml
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "claims.csv").write_text(",".join(CLAIM_COLUMNS) + "\n", encoding="utf-8")
    return tmp_path


def run_args(work, *extra):
    return ["run", "--cache-dir", str(work / "cache"), "--output", str(work / "reports"), "--events",
            str(work / "events.csv"), "--claims", str(work / "claims.csv"), "--date", "2026-01-02", "--no-pdf",
            *extra]


def _dns_failure(self, ticker, start, end):
    raise ConnectionError("Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com")


def test_yahoo_unreachable_and_no_cache_uses_the_sample_and_exits_3(work, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(YahooSource, "_download", lambda *a: (calls.append(a[1]), _dns_failure(*a))[1])
    assert main(run_args(work, "--quiet")) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["warning: prices: bundled sample data, last session 2025-09-29; Yahoo unreachable"]
    assert calls == ["CAN"]  # a DNS failure is not retried, and the other tickers are not tried
    html = (work / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert "bundled sample data, last session 2025-09-29; Yahoo unreachable" in html
    assert "fresh" not in pd.read_csv(work / "reports" / "latest" / "provenance.csv").to_string()
    assert not (work / "cache").exists() or not any((work / "cache").iterdir())  # the cache is left alone
    log = (work / "reports" / "fintrack.log").read_text(encoding="utf-8")
    assert "run finished: exit 3; stale series: none; 1 warning(s);" in log


def test_offline_with_an_empty_cache_uses_the_sample(work, capsys):
    assert main(run_args(work, "--offline", "--json")) == 3
    out = json.loads(capsys.readouterr().out)
    assert out["exit_code"] == 3
    assert out["warnings"][0] == "prices: bundled sample data, last session 2025-09-29; offline, empty price cache"


def test_sample_flag_forces_the_sample_without_touching_yahoo(work, monkeypatch, capsys):
    monkeypatch.setattr(YahooSource, "_download", lambda *a: pytest.fail("Yahoo was called"))
    assert main(run_args(work, "--sample", "--json")) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["warnings"][0] == "prices: bundled sample data, last session 2025-09-29; requested with --sample"
    assert out["events_studied"] == 1


def test_a_csv_folder_without_the_primary_never_falls_back(work, tmp_path, capsys):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "QQQ.csv").write_bytes((SAMPLE_DIR / "QQQ.csv").read_bytes())
    assert main(run_args(work, "--prices-dir", str(folder))) == 3
    assert "no price data for the primary ticker CAN" in capsys.readouterr().err
