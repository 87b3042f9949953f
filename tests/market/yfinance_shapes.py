"""Frames shaped exactly like yfinance 1.x output, for tests (no network).

* ``history_frame``: ``yf.Ticker(t).history(auto_adjust=False, actions=False)``:
  single-level columns Open, High, Low, Close, Adj Close, Volume; tz-aware
  index named ``Date`` at local midnight (America/New_York for NASDAQ
  listings, UTC for BTC-USD).
* ``download_frame``: ``yf.download(t)`` (``multi_level_index=True``):
  MultiIndex columns named ``('Price', 'Ticker')`` sorted by price name,
  tz-naive index named ``Date``; with ``auto_adjust=True`` (yfinance's
  default) there is no Adj Close column.
"""
from __future__ import annotations

import pandas as pd

BARS = {
    # CAN, real bars (../shared/data/prices/CAN.csv)
    "2021-03-08": (20.709999, 22.190001, 19.000000, 19.070000, 19.070000, 12681600),
    "2021-03-09": (21.738001, 30.290001, 21.320000, 28.690001, 28.690001, 40930100),
    "2021-03-10": (31.799999, 32.450001, 26.370001, 27.980000, 27.980000, 38070200),
}
NAMES = ["Open", "High", "Low", "Close", "Adj Close", "Volume"]


def history_frame(tz: str = "America/New_York", auto_adjust: bool = False) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(list(BARS)), name="Date").tz_localize(tz)
    frame = pd.DataFrame(list(BARS.values()), index=index, columns=NAMES)
    frame["Volume"] = frame["Volume"].astype("int64")
    if auto_adjust:
        frame = frame.drop(columns="Adj Close")
    return frame


def download_frame(ticker: str = "CAN", auto_adjust: bool = True) -> pd.DataFrame:
    flat = history_frame(auto_adjust=auto_adjust)
    flat.index = flat.index.tz_localize(None)
    flat = flat[sorted(flat.columns)]
    flat.columns = pd.MultiIndex.from_product([flat.columns, [ticker]], names=["Price", "Ticker"])
    return flat


class FakeTicker:
    """Stands in for ``yfinance.Ticker``: answers ``history`` from a script of results
    (a frame to return or an exception to raise), recording each call."""

    script: list = []
    calls: list = []

    def __init__(self, symbol):
        self.symbol = symbol

    def history(self, **kwargs):
        FakeTicker.calls.append((self.symbol, kwargs))
        outcome = FakeTicker.script.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome
