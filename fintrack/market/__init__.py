"""Prices on trading calendars: sources, cache, sessions and returns.

Public surface::

    load_prices(ticker, start, end, *, source, prices_dir, cache)  canonical daily frame
    returns_panel(prices, calendar="XNAS", kind="simple")          sessions x tickers returns
    session_for(timestamp, calendar="XNAS")                        news time -> reacting session
    CsvSource(folder), YahooSource(), PriceCache(root)

See :mod:`fintrack.market.frames` for the canonical frame and
:mod:`fintrack.market.returns` for the return conventions (simple returns from
the adjusted close; bitcoin compounded between sessions).
"""
from __future__ import annotations

import os

import pandas as pd

from fintrack.files import atomic_write_bytes
from fintrack.market.cache import PriceCache, Provenance, UpdateReport
from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar, is_session, session_for, sessions
from fintrack.market.frames import COLUMNS, PRICE_COLUMNS, canonical_frame
from fintrack.market.returns import log_returns, returns_panel, simple_returns, trades_every_day
from fintrack.market.sources import PRICES_DIR_ENV, CsvSource, PriceSource, YahooSource, resolve_source

__all__ = [
    "COLUMNS", "PRICE_COLUMNS", "DEFAULT_CALENDAR", "PRICES_DIR_ENV",
    "CsvSource", "PriceCache", "PriceSource", "Provenance", "UpdateReport", "YahooSource",
    "atomic_write_bytes", "canonical_frame", "get_calendar", "is_session", "load_prices",
    "log_returns", "resolve_source", "returns_panel", "session_for", "sessions",
    "simple_returns", "trades_every_day",
]


def load_prices(ticker: str, start=None, end=None, *, source: PriceSource | None = None,
                prices_dir: str | os.PathLike[str] | None = None,
                cache: PriceCache | str | os.PathLike[str] | None = None,
                refresh: bool = False) -> pd.DataFrame:
    """The canonical daily frame of ``ticker`` (see :mod:`fintrack.market.frames`).

    Without ``cache`` the source is read directly: ``source``, else the CSV
    folder ``prices_dir`` or ``$FINTRACK_PRICES_DIR``, else Yahoo Finance;
    but when neither ``source`` nor ``prices_dir`` is given and the default
    price cache (``$FINTRACK_CACHE_DIR`` or ``data/cache``) holds ``ticker``,
    the cached series is returned.
    With ``cache`` (a :class:`PriceCache` or its folder) the cached series is
    returned, fetched first when missing or when ``refresh`` is true.

    ``start`` and ``end`` are inclusive dates.

    Examples
    --------
    >>> riot = load_prices("RIOT", "2021-03-08", "2021-03-10", prices_dir="../shared/data/prices")
    >>> float(riot.loc["2021-03-09", "close"])
    52.16
    """
    if cache is None and source is None and prices_dir is None and PriceCache().has(ticker):
        cache = PriceCache()  # what `fintrack prices import/update` stored: read it first, as `fintrack run` does
    if cache is None:
        return resolve_source(source, prices_dir).fetch(ticker, start, end)
    resolved = resolve_source(source, prices_dir)
    store = cache if isinstance(cache, PriceCache) else PriceCache(cache)
    if refresh or not store.has(ticker):
        store.update(ticker, resolved)
    frame = store.load(ticker, start, end)
    if frame.empty:
        from fintrack.errors import NoPriceDataError

        raise NoPriceDataError(f"{ticker}: no cached rows between {start} and {end}")
    return frame
