"""Stock split history, and the price scale of a date.

Yahoo's daily bars are split-adjusted: every price before a split is divided
by the split's ratio, so the series has no jump. An article written before a
later split quoted the price as it traded then. To judge it, undo the later
splits: the price as quoted on day D is the adjusted price times the product
of the ratios of every split dated after D (:func:`scale_on`).

Ratios follow yfinance's ``Ticker.splits`` convention: new shares per old
share, so a 2-for-1 split is 2.0 and a 1-for-4 reverse split is 0.25. A split
dated D is in effect from session D on (D's bar already trades on the new
scale).

Where the history comes from
----------------------------
* offline, ``splits.csv`` in the prices folder: ``Ticker,Date,Stock Splits``
  (:func:`read_splits_file`);
* with a price cache, ``<TICKER>.splits.csv`` beside ``<TICKER>.parquet``,
  fetched from yfinance (:func:`fetch_splits`) and fetched again whenever the
  bars file is newer than it, so the splits are refreshed with the bars
  (:func:`load_splits`).

A ticker absent from the history has no splits (an empty Series).
"""
from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from fintrack.errors import DownloadError, MalformedFileError
from fintrack.files import atomic_write_bytes, csv_frame

SPLITS_FILE = "splits.csv"
SPLIT_COLUMNS = ("Ticker", "Date", "Stock Splits")


def _empty() -> pd.Series:
    return pd.Series([], index=pd.DatetimeIndex([], name="date"), dtype=float, name="ratio")


def exact_ratio(ratio: float) -> float:
    """The ratio a rounded one stands for: 0.033333 -> 1/30, 1.4999 -> 1.5.

    Splits are ratios of small whole numbers; yfinance prints 1-for-30 as
    0.033333, and 30 x 0.033333 is 0.99999, a visible error on a $150 price.
    A ratio within 1e-4 (relative) of n or 1/n, or of n/2, is snapped to it.
    """
    for candidate in (round(ratio), 1.0 / round(1.0 / ratio) if ratio < 1 else math.nan, round(ratio * 2) / 2):
        if candidate and not math.isnan(candidate) and abs(ratio - candidate) <= 1e-4 * candidate:
            return float(candidate)
    return float(ratio)


def _series(frame: pd.DataFrame, origin: str) -> pd.Series:
    """``Date, Stock Splits`` rows -> ratio Series by date (validated)."""
    dates = pd.to_datetime(frame["Date"].astype(str).str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
    ratios = pd.to_numeric(frame["Stock Splits"], errors="coerce")
    bad = dates.isna() | ratios.isna() | ~(ratios > 0)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise MalformedFileError(f"{origin}: row {row + 1}: needs a YYYY-MM-DD date and a positive ratio, got "
                                 f"{frame['Date'].iloc[row]!r}, {frame['Stock Splits'].iloc[row]!r}")
    series = pd.Series([exact_ratio(float(r)) for r in ratios], index=pd.DatetimeIndex(dates, name="date"),
                       name="ratio")
    return series[series != 1.0].sort_index()


#: Tables already read, by the file's path and a hash of its bytes (:func:`read_splits_file`); a few files at most.
_READ: dict[tuple[str, bytes], dict[str, pd.Series]] = {}
_READ_LIMIT = 8


def read_splits_file(path: str | os.PathLike[str]) -> dict[str, pd.Series]:
    """``splits.csv`` -> {TICKER: ratio Series by date}; a missing file is no splits.

    Raises :class:`MalformedFileError` for a file without the three columns or
    with a bad row. A run asks for the file once per ticker: its table is
    parsed once per content (the bytes are hashed on every call, so an edited
    file is read again) and each call gets its own copies.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return {}
    key = (str(path.resolve()), hashlib.sha256(data).digest())
    if key not in _READ:
        if len(_READ) >= _READ_LIMIT:
            _READ.pop(next(iter(_READ)))
        _READ[key] = _read_table(path, data)
    return {ticker: series.copy() for ticker, series in _READ[key].items()}


def _read_table(path: Path, data: bytes) -> dict[str, pd.Series]:
    frame = csv_frame(data, f"splits file {path}", dtype=str, keep_default_na=False)
    missing = [c for c in SPLIT_COLUMNS if c not in frame.columns]
    if missing:
        raise MalformedFileError(f"{path}: splits file lacks columns {missing} (expected {list(SPLIT_COLUMNS)})")
    out: dict[str, pd.Series] = {}
    for ticker, rows in frame.groupby(frame["Ticker"].str.strip().str.upper(), sort=True):
        out[ticker] = _series(rows, str(path))
    return out


def fetch_splits(ticker: str) -> pd.Series:
    """Split history of ``ticker`` from yfinance (``Ticker.splits``), as a ratio Series by date."""
    try:
        import yfinance as yf

        raw = yf.Ticker(ticker).splits
    except Exception as exc:  # yfinance raises many unrelated types
        raise DownloadError(f"{ticker}: split history download failed: {type(exc).__name__}: {exc}") from None
    if raw is None or len(raw) == 0:
        return _empty()
    index = pd.DatetimeIndex(raw.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    frame = pd.DataFrame({"Date": index.strftime("%Y-%m-%d"), "Stock Splits": raw.to_numpy(dtype=float)})
    return _series(frame, f"yfinance splits of {ticker}")


def cached_splits_path(cache_root: str | os.PathLike[str], ticker: str) -> Path:
    """``<cache_root>/<TICKER>.splits.csv``, beside the ticker's bars."""
    from fintrack.market.cache import PriceCache

    bars = PriceCache(cache_root).path_for(ticker)
    return bars.with_name(bars.stem + ".splits.csv")


def store_splits(cache_root: str | os.PathLike[str], ticker: str, splits: pd.Series) -> Path:
    """Write ``splits`` for ``ticker`` into the cache atomically; returns the path."""
    path = cached_splits_path(cache_root, ticker)
    lines = [",".join(SPLIT_COLUMNS)]
    lines += [f"{ticker.upper()},{d:%Y-%m-%d},{r:.10g}" for d, r in splits.items()]
    data = ("\n".join(lines) + "\n").encode()
    atomic_write_bytes(path, lambda tmp: Path(tmp).write_bytes(data))
    return path


def load_splits(ticker: str, *, prices_dir: str | os.PathLike[str] | None = None,
                cache_root: str | os.PathLike[str] | None = None, refresh: bool = False,
                fetch: Callable[[str], pd.Series] | None = None) -> pd.Series:
    """The split history of ``ticker`` (ratio Series by date, empty when none).

    With ``prices_dir``: its ``splits.csv``. With ``cache_root``: the cached
    ``<TICKER>.splits.csv``, fetched with ``fetch`` (default
    :func:`fetch_splits`) when missing, when ``refresh``, or when the
    ticker's bars file is newer (the bars were refreshed since).
    """
    ticker = ticker.strip().upper()
    if prices_dir is not None:
        return read_splits_file(Path(prices_dir) / SPLITS_FILE).get(ticker, _empty())
    if cache_root is None:
        return _empty()
    path = cached_splits_path(cache_root, ticker)
    bars = path.with_name(path.name.replace(".splits.csv", ".parquet"))
    stale = not path.is_file() or (bars.is_file() and bars.stat().st_mtime > path.stat().st_mtime)
    if refresh or stale:
        store_splits(cache_root, ticker, (fetch or fetch_splits)(ticker))
    return read_splits_file(path).get(ticker, _empty())


def recorded_splits(ticker: str, *, prices_dir: str | os.PathLike[str] | None = None,
                    cache_root: str | os.PathLike[str] | None = None) -> pd.Series:
    """The split history of ``ticker`` already on disk, never downloaded.

    ``splits.csv`` in ``prices_dir`` when that folder has one, else the cached
    ``<TICKER>.splits.csv`` in ``cache_root`` when present; else no splits.
    What the price validation reads to tell a recorded split from a
    probable unadjusted one (a run must not download for a warning).
    """
    ticker = ticker.strip().upper()
    if prices_dir is not None and (Path(prices_dir) / SPLITS_FILE).is_file():
        return read_splits_file(Path(prices_dir) / SPLITS_FILE).get(ticker, _empty())
    if cache_root is not None and cached_splits_path(cache_root, ticker).is_file():
        return read_splits_file(cached_splits_path(cache_root, ticker)).get(ticker, _empty())
    return _empty()


def scale_on(splits: pd.Series, day) -> float:
    """Factor from the adjusted scale to the scale prices were quoted on at ``day``.

    The product of the ratios of every split dated after ``day``: HIVE's
    1-for-5 (0.2) on 2022-05-24 gives 0.2 for a 2022-05-10 quote (an adjusted
    $5.95 was $1.19 then) and 1.0 from 2022-05-24 on.
    """
    if splits is None or len(splits) == 0:
        return 1.0
    later = splits[splits.index > pd.Timestamp(day).normalize()]
    return float(later.prod()) if len(later) else 1.0


def on_scale_of(bars: pd.DataFrame, splits: pd.Series, day) -> tuple[pd.DataFrame, float]:
    """``bars`` with prices on the scale of ``day`` (volume unchanged), and the factor used."""
    factor = scale_on(splits, day)
    if factor == 1.0:
        return bars, 1.0
    scaled = bars.copy()
    for column in ("open", "high", "low", "close", "adj_close"):
        if column in scaled.columns:
            scaled[column] = scaled[column] * factor
    return scaled, factor


def scale_text(factor: float) -> str:
    """'split-adjusted scale: x5' for a factor of 0.2 (file prices / 5 = prices as quoted)."""
    inverse = 1.0 / factor
    shown = f"{round(inverse):d}" if abs(inverse - round(inverse)) < 1e-6 else f"{inverse:.4g}"
    return f"split-adjusted scale: x{shown}"
