"""Fault cases 1-7 of the fault-injection suite: downloads, CSV imports and the cache.

Each case drives the ``fintrack prices`` CLI (as cron would) and checks the
three promises: one clear line naming the problem, the documented exit code
(2 bad input, 3 data unavailable), and the cached bytes unchanged.
"""
from __future__ import annotations


import pandas as pd
import pytest
import yfinance
from yfinance.exceptions import YFRateLimitError

from fintrack.cli import main
from fintrack.market import PriceCache
from fintrack.market import sources as sources_module

from ..market.yfinance_shapes import FakeTicker, history_frame


@pytest.fixture
def yahoo(monkeypatch):
    """yfinance replaced by a script of answers; back-off sleeps recorded, not slept."""
    FakeTicker.script, FakeTicker.calls = [], []
    sleeps: list[float] = []
    monkeypatch.setattr(yfinance, "Ticker", FakeTicker)
    monkeypatch.setattr(sources_module.time, "sleep", sleeps.append)
    monkeypatch.delenv("FINTRACK_PRICES_DIR", raising=False)
    FakeTicker.sleeps = sleeps
    return FakeTicker


@pytest.fixture
def warm_cache(tmp_path, shared_prices_dir, monkeypatch):
    """A cache holding the real CAN history, and the bytes of its file."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(cache_dir))
    assert main(["prices", "import", str(shared_prices_dir), "CAN"]) == 0
    path = PriceCache(cache_dir).path_for("CAN")
    return path, path.read_bytes()


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and all("Traceback" not in line for line in err)
    return err[-1]


def test_case_01_network_error_during_download(yahoo, warm_cache, capsys):
    path, before = warm_cache
    yahoo.script = [ConnectionError("Connection reset by peer")] * 5
    assert main(["prices", "update", "CAN"]) == 3
    assert one_error_line(capsys) == (
        "fintrack: error: CAN: download failed after 5 attempts: ConnectionError: Connection reset by peer; "
        "offline: --prices-dir DIR or FINTRACK_PRICES_DIR (CSV files), --offline (price cache only), "
        "--sample (bundled sample data)")
    assert path.read_bytes() == before


def test_case_02_rate_limiting_retries_with_backoff_then_succeeds(yahoo, warm_cache, capsys):
    path, before = warm_cache
    newer = history_frame()
    newer.index = pd.DatetimeIndex(["2025-09-29", "2025-09-30", "2025-10-01"], name="Date").tz_localize("America/New_York")
    yahoo.script = [YFRateLimitError(), YFRateLimitError(), newer]
    assert main(["prices", "update", "CAN"]) == 0
    assert "CAN: 2 new row(s), 1 revised; 1473 cached through 2025-10-01" in capsys.readouterr().out
    assert len(yahoo.sleeps) == 2 and yahoo.sleeps[1] >= 2 * 1.0  # exponential: 1 s, then 2 s (+jitter)


def test_case_02_rate_limiting_that_persists_is_data_unavailable(yahoo, warm_cache, capsys):
    path, before = warm_cache
    yahoo.script = [YFRateLimitError()] * 5
    assert main(["prices", "update", "CAN"]) == 3
    assert "Too Many Requests" in one_error_line(capsys)
    assert len(yahoo.sleeps) == 4
    assert path.read_bytes() == before


def test_case_03_empty_frame_for_unknown_or_delisted_ticker(yahoo, warm_cache, capsys):
    path, before = warm_cache
    yahoo.script = [history_frame().iloc[0:0], history_frame().iloc[0:0]]
    assert main(["prices", "update", "ZZZZ", "CAN"]) == 3
    err = capsys.readouterr().err
    assert "ZZZZ: Yahoo returned no rows (unknown or delisted ticker?)" in err
    assert "CAN: Yahoo returned no rows" in err
    assert path.read_bytes() == before
    assert not PriceCache(path.parent).has("ZZZZ")


def test_case_04_partial_frame_with_sessions_missing_in_the_middle(yahoo, tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(tmp_path))
    gappy = history_frame().drop(pd.Timestamp("2021-03-09", tz="America/New_York"))
    yahoo.script = [gappy]
    assert main(["prices", "update", "CAN"]) == 0
    assert "CAN: 1 NASDAQ session(s) missing inside the data: 2021-03-09" in caplog.text
    cached = PriceCache(tmp_path).load("CAN")
    assert cached.index.strftime("%Y-%m-%d").tolist() == ["2021-03-08", "2021-03-10"]  # the gap is not filled

    from fintrack.market import returns_panel
    panel = returns_panel({"CAN": cached})
    assert panel["CAN"].isna().all()  # no return is invented across the gap


def test_case_05_nan_rows_zero_or_negative_prices_and_high_below_low(tmp_path, monkeypatch, capsys, caplog):
    prices = tmp_path / "prices"
    prices.mkdir()
    (prices / "BAD.csv").write_text(
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2021-03-08,1,1.2,0.9,1.1,1.1,10\n"
        "2021-03-09,,,,,,\n"
        "2021-03-10,0,0,0,0,0,0\n"
        "2021-03-11,-2,1,1,1,1,10\n"
        "2021-03-12,1,0.8,1.2,1,1,10\n"
        "2021-03-15,1,1.3,0.9,1.2,1.2,10\n")
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["prices", "import", str(prices)]) == 0
    assert "BAD: 2 new row(s)" in capsys.readouterr().out
    assert "missing prices: 2021-03-09" in caplog.text
    assert "zero or negative prices: 2021-03-10, 2021-03-11" in caplog.text
    assert "high below low: 2021-03-12" in caplog.text
    (prices / "NAN.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\n2021-03-08,,,,,,\n")
    assert main(["prices", "import", str(prices), "NAN"]) == 3
    assert one_error_line(capsys) == "fintrack: error: NAN: no usable price rows (all NaN)"


def test_case_06_duplicate_dates_and_unsorted_rows_in_a_csv_import(tmp_path, monkeypatch, capsys, caplog):
    prices = tmp_path / "prices"
    prices.mkdir()
    (prices / "DUP.csv").write_text(
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2021-03-10,3,3,3,3,3,30\n"
        "2021-03-08,1,1,1,1,1,10\n"
        "2021-03-09,2,2,2,2,2,20\n"
        "2021-03-09,2.5,2.5,2.5,2.5,2.5,25\n")
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["prices", "import", str(prices)]) == 0
    cached = PriceCache(tmp_path / "cache").load("DUP")
    assert cached.index.is_monotonic_increasing and cached.index.is_unique
    assert cached["close"].tolist() == [1.0, 2.5, 3.0]
    assert "rows were not in date order; sorted" in caplog.text
    assert "1 repeated date(s) 2021-03-09; kept the last row of each" in caplog.text


def test_case_07_corrupt_parquet_cache_file(warm_cache, shared_prices_dir, capsys):
    path, before = warm_cache
    path.write_bytes(before[: len(before) // 2])
    assert main(["prices", "show", "CAN"]) == 3
    assert one_error_line(capsys) == (
        f"fintrack: error: cache file {path} is corrupt (ArrowInvalid); rebuild it with "
        "`fintrack prices update --rebuild CAN`")
    assert main(["prices", "update", "--rebuild", "CAN", "--prices-dir", str(shared_prices_dir)]) == 0
    assert main(["prices", "show", "CAN", "--start", "2021-03-09", "--end", "2021-03-09", "--csv"]) == 0
    assert "2021-03-09,21.738001,30.290001,21.320000,28.690001,28.690001,40930100" in capsys.readouterr().out
