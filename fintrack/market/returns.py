"""Returns on a trading calendar: one row per exchange session, no look-ahead.

Conventions
-----------
* **Simple returns** ``P_t / P_{t-1} - 1`` as fractions (0.01 = 1%) from the
  dividend-adjusted close (``adj_close``) by default; ``kind="log"`` gives
  ``ln(P_t / P_{t-1})``.
* **Rows are sessions** of the equity calendar (NASDAQ by default). An
  equity's missing session stays NaN, and so does the next session's return:
  a gap is never bridged silently.
* **Bitcoin and other 24/7 assets** are sampled at each session date and
  compounded between consecutive sessions: the return given to Monday is
  ``BTC close(Mon) / BTC close(previous Friday) - 1``, i.e. the Saturday,
  Sunday and Monday daily bars compounded; a holiday's bar goes to the next
  session the same way. Yahoo's BTC-USD bar for day D is the UTC day D, so
  its close is the price at 24:00 UTC (19:00 or 20:00 New York time), three
  to four hours after NASDAQ's 16:00 close on D. Using it for session D is
  the usual daily alignment: it uses no bar dated after the session.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from fintrack.errors import ConfigError, NoPriceDataError
from fintrack.market.calendars import DEFAULT_CALENDAR, sessions

RETURN_KINDS = ("simple", "log")


def trades_every_day(frame: pd.DataFrame) -> bool:
    """True for a 24/7 asset (bitcoin): its bars include weekends."""
    weekdays = frame.index.day_of_week
    return bool(len(frame) and (weekdays >= 5).mean() > 0.2)


def prices_on_sessions(frame: pd.DataFrame, session_index: pd.DatetimeIndex, column: str = "adj_close") -> pd.Series:
    """A price series on ``session_index``: the bar of each session date, NaN where none."""
    return frame[column].reindex(session_index)


def simple_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """``P_t / P_{t-1} - 1`` between consecutive rows; NaN next to a missing price."""
    return prices / prices.shift(1) - 1.0


def log_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """``ln(P_t / P_{t-1})`` between consecutive rows; NaN next to a missing price."""
    return np.log(prices / prices.shift(1))


def returns_panel(prices: Mapping[str, pd.DataFrame], *, calendar: str = DEFAULT_CALENDAR,
                  kind: str = "simple", column: str = "adj_close",
                  start=None, end=None) -> pd.DataFrame:
    """A sessions x tickers panel of returns, aligned on one trading calendar.

    Parameters
    ----------
    prices
        Canonical daily frames by ticker (see :mod:`fintrack.market.frames`).
        Exchange-listed assets and 24/7 assets (BTC-USD) can be mixed.
    calendar
        The session calendar of the rows, ``'XNAS'`` by default.
    kind
        ``'simple'`` (default) or ``'log'``.
    column
        Price column, ``'adj_close'`` by default.
    start, end
        Inclusive bounds on the sessions returned. Returns are computed on the
        full data first, so the first returned row has a return when the data
        reach back one more session.

    Returns
    -------
    pandas.DataFrame
        Index ``date`` (sessions), one float column per ticker, fractions.
    """
    if kind not in RETURN_KINDS:
        raise ConfigError(f"unknown return kind {kind!r}: use 'simple' or 'log'")
    if not prices:
        raise NoPriceDataError("no price series given")
    first = min(frame.index[0] for frame in prices.values())
    last = max(frame.index[-1] for frame in prices.values())
    index = sessions(first, last, calendar)
    level = pd.DataFrame({ticker: prices_on_sessions(frame, index, column) for ticker, frame in prices.items()},
                         index=index)
    panel = simple_returns(level) if kind == "simple" else log_returns(level)
    if start is not None:
        panel = panel.loc[pd.Timestamp(start):]
    if end is not None:
        panel = panel.loc[:pd.Timestamp(end)]
    panel.columns.name = None
    return panel
