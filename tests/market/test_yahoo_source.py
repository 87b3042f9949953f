"""YahooSource over yfinance, with yfinance replaced by fakes that return real-shaped frames."""
from __future__ import annotations

import pandas as pd
import pytest
import yfinance
from yfinance.exceptions import YFPricesMissingError, YFRateLimitError

from fintrack.errors import DownloadError, NoPriceDataError, RateLimitError
from fintrack.market import COLUMNS, YahooSource

from .yfinance_shapes import FakeTicker, download_frame, history_frame


@pytest.fixture
def fake_yf(monkeypatch):
    FakeTicker.script, FakeTicker.calls = [], []
    monkeypatch.setattr(yfinance, "Ticker", FakeTicker)
    return FakeTicker


def make_source(sleeps):
    return YahooSource(retries=3, backoff=1.0, sleep=sleeps.append)


@pytest.mark.parametrize("raw", [
    history_frame(),                                  # Ticker.history, auto_adjust=False
    history_frame(auto_adjust=True),                  # auto_adjust=True: no Adj Close
    download_frame(auto_adjust=True),                 # yf.download MultiIndex, default auto_adjust
    download_frame(auto_adjust=False),                # yf.download MultiIndex with Adj Close
    history_frame(tz="UTC"),                          # BTC-USD style UTC index
], ids=["history", "history-auto-adjust", "download-multiindex", "download-multiindex-adj", "history-utc"])
def test_every_yfinance_shape_becomes_the_canonical_frame(fake_yf, raw):
    fake_yf.script = [raw]
    frame = make_source([]).fetch("CAN", "2021-03-08", "2021-03-10")
    assert list(frame.columns) == list(COLUMNS)
    assert frame.index.name == "date" and frame.index.tz is None
    assert [d.isoformat()[:10] for d in frame.index] == ["2021-03-08", "2021-03-09", "2021-03-10"]
    assert frame["close"].dtype == "float64" and frame["volume"].dtype == "int64"
    assert frame.loc["2021-03-09", "high"] == pytest.approx(30.290001)
    assert frame.loc["2021-03-09", "adj_close"] == pytest.approx(28.690001)


def test_history_is_asked_for_unadjusted_bars_with_inclusive_end(fake_yf):
    fake_yf.script = [history_frame()]
    make_source([]).fetch("CAN", "2021-03-08", "2021-03-10")
    (_, kwargs), = fake_yf.calls
    assert kwargs["auto_adjust"] is False and kwargs["actions"] is False
    assert kwargs["start"] == "2021-03-08" and kwargs["end"] == "2021-03-11"  # yfinance's end is exclusive


def test_rate_limit_is_retried_with_exponential_backoff(fake_yf):
    fake_yf.script = [YFRateLimitError(), YFRateLimitError(), history_frame()]
    sleeps = []
    frame = make_source(sleeps).fetch("CAN")
    assert len(frame) == 3
    assert len(sleeps) == 2
    assert 1.0 <= sleeps[0] <= 1.25 and 2.0 <= sleeps[1] <= 2.5  # backoff * 2**attempt, +25% jitter at most


def test_connection_error_is_retried_then_reported(fake_yf):
    fake_yf.script = [ConnectionError("connection reset")] * 4
    sleeps = []
    with pytest.raises(DownloadError, match="CAN: download failed after 4 attempts: ConnectionError"):
        make_source(sleeps).fetch("CAN")
    assert len(sleeps) == 3 and sleeps[2] >= 4.0


def test_persistent_rate_limit_raises_rate_limit_error(fake_yf):
    fake_yf.script = [YFRateLimitError()] * 4
    with pytest.raises(RateLimitError, match="Too Many Requests"):
        make_source([]).fetch("CAN")


def test_curl_connection_error_counts_as_transient(fake_yf):
    from curl_cffi.requests.exceptions import ConnectionError as CurlConnectionError

    fake_yf.script = [CurlConnectionError("Failed to connect"), history_frame()]
    sleeps = []
    assert len(make_source(sleeps).fetch("CAN")) == 3 and len(sleeps) == 1


def test_missing_ticker_fails_at_once_without_retry(fake_yf):
    fake_yf.script = [YFPricesMissingError("ZZZZ", "")]
    sleeps = []
    with pytest.raises(NoPriceDataError, match="ZZZZ"):
        make_source(sleeps).fetch("ZZZZ")
    assert sleeps == []


def test_empty_frame_is_an_error_not_data(fake_yf):
    fake_yf.script = [pd.DataFrame(columns=["Open", "High", "Low", "Close", "Adj Close", "Volume"])]
    with pytest.raises(NoPriceDataError, match="no rows"):
        make_source([]).fetch("DELISTED")


def test_all_nan_frame_is_an_error_not_data(fake_yf):
    raw = history_frame()
    raw.loc[:, ["Open", "High", "Low", "Close", "Adj Close"]] = float("nan")
    fake_yf.script = [raw]
    with pytest.raises(NoPriceDataError, match="all NaN"):
        make_source([]).fetch("CAN")


def test_yfinance_exception_setting_is_restored(fake_yf):
    fake_yf.script = [history_frame()]
    before = yfinance.config.debug.hide_exceptions
    make_source([]).fetch("CAN")
    assert yfinance.config.debug.hide_exceptions == before


def test_after_one_ticker_exhausts_its_retries_the_rest_fail_at_once(fake_yf):
    fake_yf.script = [ConnectionError("network unreachable")] * 4
    sleeps = []
    source = make_source(sleeps)
    with pytest.raises(DownloadError, match="CAN: download failed after 4 attempts"):
        source.fetch("CAN")
    with pytest.raises(DownloadError, match=r"QQQ: not attempted: Yahoo failed earlier in this run "
                                            r"\(CAN: ConnectionError after 4 attempts\)"):
        source.fetch("QQQ")
    assert len(sleeps) == 3 and fake_yf.script == []  # no call, no sleep for QQQ
