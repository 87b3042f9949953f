"""A new user without network: one clear line, at once, naming the offline routes."""
from __future__ import annotations

import logging

import pytest

from fintrack.cli import main
from fintrack.market.sources import OFFLINE_ROUTES, YahooSource

from .test_sample_data import run_args, work  # noqa: F401  (fixture)


def _no_dns(self, ticker, start, end):
    logging.getLogger("yfinance").error("%s: Failed to get ticker '%s' reason: Could not resolve host", ticker, ticker)
    raise ConnectionError("Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com. "
                          "See https://curl.se/libcurl/c/libcurl-errors.html first for more details.")


@pytest.fixture
def no_dns(monkeypatch):
    calls = []

    def download(self, ticker, start, end):
        calls.append(ticker)
        return _no_dns(self, ticker, start, end)

    monkeypatch.setattr(YahooSource, "_download", download)
    monkeypatch.setattr("time.sleep", lambda s: pytest.fail("a DNS failure must not be retried"))
    return calls


def test_prices_update_without_dns_fails_at_once_in_one_line_naming_the_routes(no_dns, tmp_path, monkeypatch,
                                                                              capsys):
    monkeypatch.delenv("FINTRACK_PRICES_DIR", raising=False)
    assert main(["prices", "update", "CAN", "QQQ", "--cache-dir", str(tmp_path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == ("fintrack: error: CAN: download failed: Yahoo Finance unreachable (host name not resolved: "
                      f"no network?); {OFFLINE_ROUTES}")
    assert len(err) == 2 and err[1].startswith("fintrack: error: QQQ: not attempted: Yahoo failed earlier")
    assert no_dns == ["CAN"]
    for route in ("--prices-dir", "FINTRACK_PRICES_DIR", "--offline", "--sample"):
        assert route in err[0]


def test_yfinance_log_lines_go_to_the_log_file_not_stderr(no_dns, work, capsys):  # noqa: F811
    assert main(run_args(work)) == 3
    err = capsys.readouterr().err
    assert "Failed to get ticker" not in err and "yfinance" not in err
    assert err.strip().splitlines() == ["warning: prices: bundled sample data, last session 2025-09-29; "
                                        "Yahoo unreachable"]
    log = (work / "reports" / "fintrack.log").read_text(encoding="utf-8")
    assert "yfinance: CAN: Failed to get ticker 'CAN' reason: Could not resolve host" in log
    assert "Yahoo Finance unreachable (host name not resolved" in log


def test_connection_errors_are_retried_quietly(monkeypatch, capsys):
    attempts = []

    def flaky(self, ticker, start, end):
        attempts.append(ticker)
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(YahooSource, "_download", flaky)
    source = YahooSource(retries=2, sleep=lambda s: None)
    with pytest.raises(Exception, match=r"after 3 attempts: ConnectionError: Connection reset by peer; offline:"):
        source.fetch("CAN")
    assert attempts == ["CAN"] * 3
    assert capsys.readouterr().err == ""  # retry notices are for the log file (INFO), not stderr
