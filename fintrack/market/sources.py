"""Where prices come from: Yahoo Finance (online) or a folder of CSV files (offline).

A source has one method, ``fetch(ticker, start=None, end=None)``, returning
the canonical frame of :mod:`fintrack.market.frames`. ``start`` and ``end``
are inclusive session dates.

``resolve_source`` picks the source the way the CLI does: an explicit source,
else a prices folder (argument, then the ``FINTRACK_PRICES_DIR`` environment
variable), else Yahoo Finance.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pandas as pd

from fintrack.errors import (
    DownloadError,
    MalformedFileError,
    NoPriceDataError,
    RateLimitError,
    UnknownTickerError,
)
from fintrack.files import read_csv
from fintrack.market.frames import SPLIT_WARNING_RATIO, canonical_frame

log = logging.getLogger(__name__)

PRICES_DIR_ENV = "FINTRACK_PRICES_DIR"

#: The bundled snapshot of real daily bars (package data; see its PROVENANCE.md).
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"

#: The offline routes, named whenever Yahoo cannot be reached.
OFFLINE_ROUTES = ("offline: --prices-dir DIR or FINTRACK_PRICES_DIR (CSV files), --offline (price cache only), "
                  "--sample (bundled sample data)")


class PriceSource(Protocol):
    """Anything that can return the canonical daily frame of a ticker."""

    name: str

    def fetch(self, ticker: str, start: pd.Timestamp | str | None = None,
              end: pd.Timestamp | str | None = None) -> pd.DataFrame: ...


def _slice(frame: pd.DataFrame, start, end) -> pd.DataFrame:
    if start is not None:
        frame = frame[frame.index >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame.index <= pd.Timestamp(end)]
    return frame


def _note_gaps(frame: pd.DataFrame, ticker: str) -> pd.DataFrame:
    """Record NASDAQ sessions missing inside an exchange-listed series (a partial download).

    The rows are kept as they are: a gap stays a gap (returns next to it are NaN)
    rather than being filled with invented prices.
    """
    from fintrack.market.calendars import missing_sessions
    from fintrack.market.returns import trades_every_day

    if frame.empty or trades_every_day(frame):
        return frame
    gaps = missing_sessions(frame.index)
    if len(gaps):
        shown = ", ".join(d.date().isoformat() for d in gaps[:5]) + (" ..." if len(gaps) > 5 else "")
        message = f"{ticker}: {len(gaps)} NASDAQ session(s) missing inside the data: {shown}"
        log.warning(message)
        frame.attrs["warnings"] = [*frame.attrs.get("warnings", []), message]
    return frame


class CsvSource:
    """A folder of daily price files, one per ticker: ``<folder>/<TICKER>.csv``.

    Accepted layouts: yfinance's export (``Date,Open,High,Low,Close,Adj Close,Volume``),
    the same with lowercase or snake_case headers, and ``symbol,date,open,...``
    files; an ``adjclose``/``adj_close`` column is optional (``close`` is used).

    Timestamps with a UTC offset are read on the date of the ticker's bar time
    zone (:func:`~fintrack.market.calendars.bar_timezone`: the exchange's, UTC
    for BTC-USD). ``splits.csv`` in the folder (``Ticker,Date,Stock Splits``,
    see :mod:`fintrack.market.splits`) is the split history: a one-day move
    beyond ``split_warning_ratio`` on a day without a recorded split is warned
    about as a probable unadjusted split; on a recorded split day it is not.
    """

    name = "csv"

    def __init__(self, folder: str | os.PathLike[str], *, split_warning_ratio: float = SPLIT_WARNING_RATIO,
                 calendar: str | None = None):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise MalformedFileError(f"prices folder not found: {self.folder}")
        self.split_warning_ratio = split_warning_ratio
        self.calendar = calendar
        self._splits: dict[str, pd.Series] | None = None

    def __repr__(self) -> str:
        return f"CsvSource({str(self.folder)!r})"

    def tickers(self) -> list[str]:
        """Tickers with a file in the folder, upper-case, sorted (``splits.csv`` is not a ticker)."""
        from fintrack.market.splits import SPLITS_FILE

        return sorted({p.stem.upper() for p in self.folder.glob("*.csv") if p.name.lower() != SPLITS_FILE})

    def path_for(self, ticker: str) -> Path:
        wanted = ticker.upper()
        matches = sorted(p for p in self.folder.glob("*.csv") if p.stem.upper() == wanted)
        if len(matches) > 1:  # RIOT.csv and riot.csv: directory order must not pick one
            raise MalformedFileError(f"{ticker}: several price files match in {self.folder} "
                                     f"({', '.join(p.name for p in matches)}); keep one")
        if matches:
            return matches[0]
        raise UnknownTickerError(f"no price file for {ticker} in {self.folder} (have: {', '.join(self.tickers()) or 'none'})")

    def split_days(self, ticker: str) -> pd.DatetimeIndex:
        """Dates of ``ticker``'s splits recorded in the folder's ``splits.csv`` (none without the file)."""
        from fintrack.market.splits import SPLITS_FILE, read_splits_file

        if self._splits is None:
            self._splits = read_splits_file(self.folder / SPLITS_FILE)
        recorded = self._splits.get(ticker.strip().upper())
        return pd.DatetimeIndex([] if recorded is None else recorded.index, name="date")

    def stamp(self, ticker: str) -> str | None:
        """The price file's name and SHA-256: equal stamps, equal files (the cache skips re-reading one).

        None when the file cannot be read (``fetch`` then says why).
        """
        path = self.path_for(ticker)
        try:
            return f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        except OSError:
            return None

    def fetch(self, ticker, start=None, end=None) -> pd.DataFrame:
        from fintrack.market.calendars import DEFAULT_CALENDAR, bar_timezone

        path = self.path_for(ticker)
        frame = canonical_frame(read_csv(path), ticker, origin=str(path),
                                tz=bar_timezone(ticker, self.calendar or DEFAULT_CALENDAR),
                                split_days=self.split_days(ticker), split_warning_ratio=self.split_warning_ratio)
        frame = _slice(frame, start, end)
        if frame.empty:
            raise NoPriceDataError(f"{ticker}: no rows between {start} and {end} in {path}")
        return _note_gaps(frame, ticker)


class SampleSource(CsvSource):
    """The bundled sample snapshot (:data:`SAMPLE_DIR`): real bars, frozen at their last session."""

    name = "sample"

    def __init__(self, *, split_warning_ratio: float = SPLIT_WARNING_RATIO):
        super().__init__(SAMPLE_DIR, split_warning_ratio=split_warning_ratio)

    def __repr__(self) -> str:
        return "SampleSource()"

    def has(self, ticker: str) -> bool:
        return ticker.upper() in self.tickers()


def _is_rate_limit(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "ratelimit" in text or "rate limit" in text or "too many requests" in text or "429" in text


def _is_transient(exc: BaseException) -> bool:
    """Connection problems and rate limits are worth retrying; a missing ticker is not."""
    if _is_rate_limit(exc):
        return True
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"ConnectionError", "Timeout", "ReadTimeout", "ConnectTimeout",
                         "SSLError", "ChunkedEncodingError", "CurlError", "RequestException"})


_DNS_FAILURES = ("could not resolve host", "name or service not known", "temporary failure in name resolution",
                 "nodename nor servname", "getaddrinfo failed", "no address associated with hostname",
                 "failed to resolve", "nameresolutionerror")


def _is_dns_failure(exc: BaseException) -> bool:
    """The host name cannot be resolved: no network or no DNS; retrying will not help."""
    text = f"{type(exc).__name__} {exc}".lower()
    return any(marker in text for marker in _DNS_FAILURES)


class _ToLogFile(logging.Handler):
    """yfinance's own log records, passed on to fintrack's log file only (never stderr)."""

    def emit(self, record: logging.LogRecord) -> None:
        log.info("yfinance: %s", record.getMessage(), extra={"file_only": True})


def _route_yfinance_logging() -> None:
    yf_log = logging.getLogger("yfinance")
    if not any(isinstance(h, _ToLogFile) for h in yf_log.handlers):
        yf_log.addHandler(_ToLogFile())
    yf_log.propagate = False


@contextlib.contextmanager
def _yfinance_raises():
    """Make yfinance raise its errors instead of logging them and returning nothing."""
    import yfinance as yf

    debug = getattr(getattr(yf, "config", None), "debug", None)
    if debug is None or not hasattr(debug, "hide_exceptions"):
        yield yf
        return
    previous = debug.hide_exceptions
    debug.hide_exceptions = False
    try:
        yield yf
    finally:
        debug.hide_exceptions = previous


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


class YahooSource:
    """Daily bars from Yahoo Finance through yfinance, with retry and back-off.

    Uses ``yfinance.Ticker(t).history(auto_adjust=False, actions=False)`` so
    both the close and the dividend-adjusted close come back, with yfinance's
    exceptions switched on so that a rate limit or a network error can be told
    from a ticker without data. Transient failures (connection errors, HTTP 429
    / ``YFRateLimitError``) are retried ``retries`` times with exponential
    back-off ``backoff * 2**attempt`` seconds plus up to 25% jitter; anything
    else fails at once. An empty or all-NaN answer is an error, never data.
    Once one ticker has exhausted its retries, this source instance fails the
    following tickers at once (the network or the rate limit is not going to
    recover within the run); a new instance tries again.
    """

    name = "yahoo"

    def __init__(self, retries: int = 4, backoff: float = 1.0, timeout: float = 20.0,
                 sleep: Callable[[float], None] | None = None, now: Callable[[], pd.Timestamp] | None = None):
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))
        self._now = now or (lambda: pd.Timestamp.now(tz="UTC"))
        self._unreachable: str | None = None

    def __repr__(self) -> str:
        return f"YahooSource(retries={self.retries}, backoff={self.backoff})"

    def _download(self, ticker: str, start, end) -> pd.DataFrame:
        with _yfinance_raises() as yf:
            kwargs = dict(interval="1d", auto_adjust=False, actions=False, timeout=self.timeout)
            if start is None and end is None:
                kwargs["period"] = "max"
            else:
                kwargs["start"] = None if start is None else pd.Timestamp(start).strftime("%Y-%m-%d")
                # yfinance's end is exclusive; ours is inclusive.
                kwargs["end"] = None if end is None else (pd.Timestamp(end) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
            return yf.Ticker(ticker).history(**kwargs)

    def fetch(self, ticker, start=None, end=None) -> pd.DataFrame:
        if self._unreachable is not None:
            # Retrying every ticker against a dead network would make a cron run take
            # minutes to fail; after one ticker exhausts its retries, fail the rest at once.
            raise DownloadError(f"{ticker}: not attempted: Yahoo failed earlier in this run ({self._unreachable})")
        _route_yfinance_logging()
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                raw = self._download(ticker, start, end)
                break
            except Exception as exc:  # yfinance raises many unrelated types
                if _is_dns_failure(exc):
                    self._unreachable = f"{ticker}: host name not resolved"
                    raise DownloadError(f"{ticker}: download failed: Yahoo Finance unreachable (host name not "
                                        f"resolved: no network?); {OFFLINE_ROUTES}") from None
                transient = _is_transient(exc)
                if not transient:
                    if "missing" in type(exc).__name__.lower() or "delisted" in str(exc).lower():
                        raise NoPriceDataError(f"{ticker}: Yahoo has no data ({exc})") from None
                    raise DownloadError(f"{ticker}: download failed: {type(exc).__name__}: {exc}") from None
                if attempt == attempts - 1:
                    cls = RateLimitError if _is_rate_limit(exc) else DownloadError
                    self._unreachable = f"{ticker}: {type(exc).__name__} after {attempts} attempts"
                    raise cls(f"{ticker}: download failed after {attempts} attempts: {type(exc).__name__}: "
                              f"{_first_line(exc)}; {OFFLINE_ROUTES}") from None
                delay = self.backoff * 2 ** attempt * (1 + 0.25 * random.random())
                log.info("%s: %s (attempt %d/%d); retrying in %.1f s",
                            ticker, type(exc).__name__, attempt + 1, attempts, delay)
                self._sleep(delay)
        if raw is None or len(raw) == 0:
            raise NoPriceDataError(f"{ticker}: Yahoo returned no rows (unknown or delisted ticker?)")
        frame = _drop_unfinished_bar(canonical_frame(raw, ticker, origin="yfinance"), ticker, self._now())
        frame = _slice(frame, start, end)
        if frame.empty:
            raise NoPriceDataError(f"{ticker}: Yahoo returned no rows between {start} and {end}")
        return _note_gaps(frame, ticker)


def _drop_unfinished_bar(frame: pd.DataFrame, ticker: str, now: pd.Timestamp) -> pd.DataFrame:
    """Drop the bar of a trading day that has not ended yet at ``now`` (its figures are provisional).

    A 24/7 series (bitcoin: Yahoo's daily bar is a UTC day) ends its day at 24:00 UTC, so a bar
    dated today (UTC) or later is unfinished; an exchange-listed one ends at today's session close.
    """
    from fintrack.market.calendars import get_calendar, is_session, trades_around_the_clock
    from fintrack.market.returns import trades_every_day

    if frame.empty:
        return frame
    now = pd.Timestamp(now)
    now = now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")
    last = frame.index[-1]
    if trades_every_day(frame) or trades_around_the_clock(ticker):
        unfinished = frame.index >= pd.Timestamp(now.date())
    else:
        today = pd.Timestamp(now.tz_convert("America/New_York").date())
        unfinished = frame.index > today
        if last == today and is_session(today):
            if now < get_calendar().session_close(today):
                unfinished = frame.index >= today
    if unfinished.any():
        dropped = ", ".join(d.date().isoformat() for d in frame.index[unfinished])
        log.info("%s: dropped the unfinished bar(s) %s (the trading day had not ended at %s UTC)",
                 ticker, dropped, now.strftime("%Y-%m-%d %H:%M"))
        kept = frame.loc[~unfinished].copy()
        kept.attrs = dict(frame.attrs)
        return kept
    return frame


def resolve_source(source: PriceSource | None = None, prices_dir: str | os.PathLike[str] | None = None) -> PriceSource:
    """The source to use: ``source``, else ``prices_dir`` or $FINTRACK_PRICES_DIR as CSV, else Yahoo."""
    if source is not None:
        return source
    folder = prices_dir or os.environ.get(PRICES_DIR_ENV)
    if folder:
        return CsvSource(folder)
    return YahooSource()
