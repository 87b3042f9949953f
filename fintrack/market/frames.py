"""The canonical daily price frame and the normalisation into it.

Every source (yfinance, CSV files, the cache) hands back the same shape:

* index: tz-naive ``DatetimeIndex`` named ``date``, one row per session (for
  an exchange-listed asset) or per UTC calendar day (BTC-USD), sorted, unique;
* float columns ``open, high, low, close, adj_close``; int column ``volume``.

Prices are in the quote currency (USD for everything fintrack ships with).
``close`` is the raw session close (Yahoo's split-adjusted "Close");
``adj_close`` also folds in dividends. When a source only has adjusted
prices (yfinance with ``auto_adjust=True``), ``adj_close`` equals ``close``.

Dates are read strictly: ISO ``YYYY-MM-DD`` (with an optional time and UTC
offset, as ``history().to_csv()`` writes them, offsets changing at DST), or a
format the caller declares (``date_format``); ``09/03/2021`` is refused, never
guessed month-first. A timestamp with an offset is the bar of its exchange's
date (``tz``: America/New_York for a NASDAQ stock, UTC for BTC-USD, whose bar
is the UTC day): a stamp at midnight labels its date as written, whatever the
offset (``history().to_csv()`` writes local midnight, ``-05:00`` in winter and
``-04:00`` in summer; a vendor stamping 00:00 UTC means that date too), and any
other time is an instant, converted to its date in ``tz`` (``2021-03-16
02:00+00:00`` is 2021-03-15 in New York). Without ``tz`` the date as written.

Rows that cannot be prices are dropped, never repaired, and each drop is
recorded in ``frame.attrs["warnings"]`` naming the dates, so a report can say
what happened: all-NaN rows, zero, negative or non-finite prices, ``high <
low``, negative or overflowing volume, rows dated in the future, and repeated
dates (the last row of a date wins; yfinance repeats a still-open last bar).
A one-day close move beyond :data:`SPLIT_WARNING_RATIO` (up or down) on a day
with no split recorded (a ``Stock Splits`` column of the data, or the split
history passed as ``split_days``: ``splits.csv`` in the prices folder, see
:mod:`fintrack.market.splits`) is kept but warned about as a probable
unadjusted split.
"""
from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from fintrack.errors import MalformedFileError, NoPriceDataError

log = logging.getLogger(__name__)

#: A day's close over the previous one above this (or below its inverse) on a day with no
#: recorded split is warned about as a probable unadjusted split (a 1-for-30 split is 30x).
SPLIT_WARNING_RATIO = 3.0

#: The largest volume an int64 column holds; a larger one would wrap to a negative number.
_MAX_VOLUME = float(np.iinfo(np.int64).max)

# groups: the date, the time of day (optional), the UTC offset (optional)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*"
                       r"(Z|[+-]\d{2}:?\d{2})?\s*$")
_MIDNIGHT = re.compile(r"^00:00(?::00(?:\.0+)?)?$")

PRICE_COLUMNS: tuple[str, ...] = ("open", "high", "low", "close", "adj_close")
COLUMNS: tuple[str, ...] = PRICE_COLUMNS + ("volume",)

# Names seen in yfinance frames, yfinance CSV exports and other common layouts.
_ALIASES = {
    "date": "date", "datetime": "date", "timestamp": "date", "time": "date", "day": "date",
    "open": "open", "high": "high", "low": "low", "close": "close",
    "adj close": "adj_close", "adj_close": "adj_close", "adjclose": "adj_close",
    "adjusted close": "adj_close", "adjusted_close": "adj_close",
    "volume": "volume", "vol": "volume",
    "symbol": "symbol", "ticker": "symbol",
    "stock splits": "splits", "splits": "splits", "split": "splits",
}


def _column_key(name: object) -> str:
    return re.sub(r"\s+", " ", str(name).strip().lower())


def _flatten_yfinance_columns(frame: pd.DataFrame, ticker: str | None) -> pd.DataFrame:
    """Reduce yfinance's ``(Price, Ticker)`` or ``(Ticker, Price)`` MultiIndex to one level."""
    if not isinstance(frame.columns, pd.MultiIndex):
        return frame
    for level in range(frame.columns.nlevels):
        values = [str(v) for v in frame.columns.get_level_values(level)]
        if any(_column_key(v) in ("close", "adj close", "open") for v in values):
            price_level = level
            break
    else:
        raise MalformedFileError("price frame has MultiIndex columns without a Close level")
    other_levels = [lvl for lvl in range(frame.columns.nlevels) if lvl != price_level]
    if other_levels:
        tickers = frame.columns.get_level_values(other_levels[0]).unique()
        if len(tickers) > 1:
            wanted = ticker.upper() if ticker else None
            match = [t for t in tickers if str(t).upper() == wanted]
            if not match:
                raise MalformedFileError(
                    f"price frame holds several tickers {list(tickers)} and not {ticker!r}")
            frame = frame.xs(match[0], axis=1, level=other_levels[0])
        else:
            frame = frame.droplevel(other_levels, axis=1)
    return frame


def _bare_iso_dates(chars: np.ndarray) -> bool:
    """Whether every date of a string array is exactly ``YYYY-MM-DD`` (no time, offset or space), checked on the
    characters' codes."""
    if len(chars) == 0 or chars.dtype.itemsize != 4 * 10:  # ten UCS-4 characters, the longest included
        return False
    codes = chars.view(np.uint32).reshape(len(chars), 10)  # a shorter date is padded with code 0
    digits = codes[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    return bool(((digits >= ord("0")) & (digits <= ord("9"))).all() and (codes[:, [4, 7]] == ord("-")).all())


def _parse_dates(values: pd.Index, origin: str, date_format: str | None, tz: str | None) -> pd.DatetimeIndex:
    """Dates of a price file: ISO (or ``date_format``), each one's own date; see the module docstring."""
    text = pd.Index(values).astype(str)
    if date_format is not None:
        try:
            return pd.DatetimeIndex(pd.to_datetime(text, format=date_format))
        except (ValueError, TypeError) as exc:
            raise MalformedFileError(f"{origin}: dates do not match the declared format {date_format!r} ({exc})") from None
    chars = np.asarray(text, dtype=str)
    if _bare_iso_dates(chars):  # the usual file: skip the pattern, which costs most of a price file's reading
        days = pd.DatetimeIndex(pd.to_datetime(chars, format="%Y-%m-%d", errors="coerce"))
        bad = np.flatnonzero(days.isna())
        if len(bad):
            first = int(bad[0])
            raise MalformedFileError(f"{origin}: date {str(chars[first])!r} (data row {first + 1}) "
                                     "is not a calendar date")
        return days
    parts = text.str.extract(_ISO_DATE)
    bad = parts[0].isna().to_numpy()
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise MalformedFileError(f"{origin}: date {text[first]!r} (data row {first + 1}) is not an ISO date "
                                 "YYYY-MM-DD; day-first and month-first dates are not guessed (convert the file, "
                                 "or declare its format)")
    try:
        days = pd.DatetimeIndex(pd.to_datetime(parts[0].to_numpy(), format="%Y-%m-%d"))
        # an offset on a time other than midnight is an instant: its date is the exchange's
        instants = (parts[2].notna() & parts[1].notna() & ~parts[1].fillna("").str.match(_MIDNIGHT)).to_numpy()
        if tz is not None and instants.any():
            stamps = pd.to_datetime(text[instants], utc=True, format="ISO8601")
            converted = pd.DatetimeIndex(stamps).tz_convert(tz).tz_localize(None).normalize()
            values = days.to_numpy().copy()
            values[instants] = converted.to_numpy()
            days = pd.DatetimeIndex(values)
    except (ValueError, TypeError, OverflowError) as exc:
        raise MalformedFileError(f"{origin}: unparseable dates ({_first_line(exc)})") from None
    return days


def _first_line(exc: BaseException) -> str:
    """The message of a pandas error without the advice it appends ("You might want to try: ...")."""
    return str(exc).split(" You might want", 1)[0].splitlines()[0].rstrip(". ") if str(exc) else type(exc).__name__


def canonical_frame(raw: pd.DataFrame, ticker: str | None = None, *, origin: str = "frame",
                    date_format: str | None = None, tz: str | None = None, split_days=(),
                    split_warning_ratio: float = SPLIT_WARNING_RATIO) -> pd.DataFrame:
    """Normalise any yfinance-like or CSV-like price table into the canonical frame.

    Parameters
    ----------
    raw
        A frame as yfinance returns it (single-level or MultiIndex columns,
        ``auto_adjust`` on or off, tz-aware or naive ``Date`` index) or as read
        from a CSV file (``Date`` as a column, any header case, optional
        ``symbol`` column).
    ticker
        Used to pick the ticker out of a multi-ticker frame and in messages.
    origin
        Where the data came from, for messages (a file path, "yfinance").
    date_format
        ``strptime`` format of a date column that is not ISO (e.g. ``"%d/%m/%Y"``).
    tz
        Time zone whose date labels a bar (the exchange's; UTC for a 24/7
        asset, see :func:`fintrack.market.calendars.bar_timezone`): a
        timestamp with a UTC offset at a time other than midnight becomes its
        date there (default: the date as written).
    split_days
        Dates of the recorded splits (e.g. ``splits.csv``'s, see
        :mod:`fintrack.market.splits`), beside any ``Stock Splits`` column:
        no probable-unadjusted-split warning on those days.
    split_warning_ratio
        See :data:`SPLIT_WARNING_RATIO`.

    Returns
    -------
    pandas.DataFrame
        The canonical frame (see module docstring); ``attrs["warnings"]``
        lists the rows dropped and why.

    Raises
    ------
    MalformedFileError
        No date or close column, or unparseable dates.
    NoPriceDataError
        No usable row remains (empty or all-NaN input).
    """
    name = ticker or "?"
    frame = _flatten_yfinance_columns(raw, ticker)
    frame = frame.rename(columns=lambda c: _ALIASES.get(_column_key(c), _column_key(c)))
    if "date" in frame.columns:
        frame = frame.set_index("date")
    if "symbol" in frame.columns:
        symbols = frame["symbol"].dropna().astype(str).str.upper().unique()
        if ticker and len(symbols) > 1:
            frame = frame[frame["symbol"].astype(str).str.upper() == ticker.upper()]
    if "close" not in frame.columns and "adj_close" not in frame.columns:
        raise MalformedFileError(f"{origin}: no Close column (columns: {', '.join(map(str, raw.columns))})")
    if len(frame) == 0:
        raise NoPriceDataError(f"{name}: {origin} has no price rows")

    index = frame.index
    if not isinstance(index, pd.DatetimeIndex):
        index = _parse_dates(index, origin, date_format, tz)
    if index.tz is not None:
        # A daily bar's timestamp is local midnight of its session (exchange
        # time for equities, UTC for BTC-USD): keep the wall-clock date.
        index = index.tz_convert(tz).tz_localize(None) if tz else index.tz_localize(None)
    index = index.normalize()

    out = pd.DataFrame(index=pd.DatetimeIndex(index, name="date"))
    # Without an adjusted column (yfinance auto_adjust=True) the one close serves as both.
    fallback = {"adj_close": "close", "close": "adj_close"}
    for column in PRICE_COLUMNS:
        source = column if column in frame.columns else fallback.get(column)
        if source is None or source not in frame.columns:
            raise MalformedFileError(f"{origin}: missing column {column!r}")
        out[column] = pd.to_numeric(frame[source].to_numpy(), errors="coerce").astype("float64")
    volume = frame["volume"] if "volume" in frame.columns else pd.Series(0, index=frame.index)
    out["volume"] = pd.to_numeric(volume.to_numpy(), errors="coerce").astype("float64")
    out.attrs["warnings"] = []
    split_days = pd.DatetimeIndex(split_days).normalize()
    if "splits" in frame.columns:
        ratios = pd.to_numeric(frame["splits"].to_numpy(), errors="coerce")
        split_days = split_days.union(out.index[(ratios > 0) & (ratios != 1)])
    return clean_frame(out, name, split_days=split_days, split_warning_ratio=split_warning_ratio)


def probable_unadjusted_splits(frame: pd.DataFrame, name: str, ratio: float = SPLIT_WARNING_RATIO,
                               split_days=()) -> list[str]:
    """Warnings for one-day close moves beyond ``ratio`` (either way) on days without a recorded split."""
    close = frame["close"]
    move = close / close.shift(1)
    jumps = (move > ratio) | (move < 1 / ratio)
    jumps &= ~frame.index.isin(pd.DatetimeIndex(split_days))
    return [f"{name}: close moved {100 * (m - 1):+,.0f}% on {d.date().isoformat()} with no split recorded; "
            "probably an unadjusted split (use split-adjusted prices)"
            for d, m in move[jumps].items()]


def clean_frame(frame: pd.DataFrame, name: str, *, split_days=(),
                split_warning_ratio: float = SPLIT_WARNING_RATIO) -> pd.DataFrame:
    """Sort, de-duplicate and drop rows that cannot be prices; record each drop."""
    warnings: list[str] = list(frame.attrs.get("warnings", []))
    if not frame.index.is_monotonic_increasing:
        frame = frame.sort_index(kind="stable")
        warnings.append(f"{name}: rows were not in date order; sorted")
    duplicated = frame.index.duplicated(keep="last")
    if duplicated.any():
        dates = sorted({d.date().isoformat() for d in frame.index[duplicated]})
        warnings.append(f"{name}: {duplicated.sum()} repeated date(s) {', '.join(dates[:5])}; kept the last row of each")
        frame = frame[~duplicated]
    prices = frame[list(PRICE_COLUMNS)]
    all_nan = prices.isna().all(axis=1)
    if all_nan.all():
        raise NoPriceDataError(f"{name}: no usable price rows (all NaN)")
    bad = pd.Series(False, index=frame.index)
    volume = frame["volume"]
    tomorrow = pd.Timestamp.now(tz="UTC").tz_localize(None).normalize() + pd.Timedelta(days=1)
    reasons = {
        "missing prices": all_nan | prices[["close"]].isna().any(axis=1),
        "zero or negative prices": (prices <= 0).any(axis=1),
        "non-finite prices": np.isinf(prices.to_numpy()).any(axis=1),
        "high below low": frame["high"] < frame["low"],
        "negative volume": volume < 0,
        "volume too large to store": np.isinf(volume.to_numpy()) | (volume >= _MAX_VOLUME),
        "dates in the future": pd.Series(frame.index > tomorrow, index=frame.index),
    }
    for reason, mask in reasons.items():
        mask = mask & ~bad
        if mask.any():
            dates = [d.date().isoformat() for d in frame.index[mask]]
            warnings.append(f"{name}: dropped {int(mask.sum())} row(s) with {reason}: {', '.join(dates[:5])}"
                            + (" ..." if len(dates) > 5 else ""))
            bad |= mask
    frame = frame[~bad.to_numpy()].copy()
    if frame.empty:
        raise NoPriceDataError(f"{name}: no usable price rows")
    frame["volume"] = frame["volume"].fillna(0).round().astype("int64")
    warnings += probable_unadjusted_splits(frame, name, split_warning_ratio, split_days)
    for message in warnings:
        log.warning(message)
    frame.attrs["warnings"] = warnings
    return frame


def content_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of the frame's values and dates, stable across file formats."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(frame.index.asi8.tobytes())
    for column in COLUMNS:
        digest.update(np.ascontiguousarray(frame[column].to_numpy()).tobytes())
    return digest.hexdigest()
