"""A local Parquet cache of daily prices, one file per ticker, with provenance.

``<cache_dir>/<TICKER>.parquet`` holds the canonical frame; its Parquet
metadata (key ``fintrack``) records the provenance: ticker, source, fetched_at
(UTC ISO time), rows, first and last date, and the SHA-256 content hash of the
values. Keeping data and provenance in one file keeps every write atomic.

Guarantees
----------
* **Atomic writes**: a file is written to a temporary name in the same folder,
  flushed to disk, then renamed over the old one (``os.replace``). A process
  killed mid-write leaves the previous file intact, plus a hidden temporary
  file that readers ignore and the next write of that file sweeps away once it
  is over an hour old (younger ones may belong to a live writer).
* **Nothing good is lost**: a failed, empty or all-NaN fetch raises and leaves
  the cache untouched; a refresh merges new rows into the cached ones and never
  shrinks the history.
* **Incremental refresh**: only sessions after the last cached one are fetched,
  plus an overlap of ``overlap_days`` calendar days to catch vendor revisions;
  revised rows are counted and reported. A refresh that brings nothing new
  does not rewrite the file, so ``fetched_at`` is when the data last changed;
  a refresh from a price file byte for byte the one the cache was last
  written from (its SHA-256, in the metadata key ``fintrack.source_stamp``)
  does not even read it.
* **Corruption is detected**: an unreadable file raises
  :class:`~fintrack.errors.CacheCorruptError` naming the file;
  ``update(..., rebuild=True)`` fetches the full history again.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from fintrack.errors import CacheCorruptError, MalformedFileError, NoPriceDataError, OutputError
from fintrack.files import atomic_write_bytes
from fintrack.market.frames import COLUMNS, PRICE_COLUMNS, content_hash
from fintrack.market.sources import PriceSource

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "FINTRACK_CACHE_DIR"
DEFAULT_CACHE_DIR = Path("data") / "cache"
_META_KEY = b"fintrack"
# the stamp of the source file a cache file was last written from (``CsvSource.stamp``): a refresh from the
# same, unchanged file has nothing to read
_STAMP_KEY = b"fintrack.source_stamp"


@dataclass(frozen=True)
class Provenance:
    """Where a cached series came from and what it holds."""

    ticker: str
    source: str
    fetched_at: str
    rows: int
    first: str
    last: str
    content_hash: str

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class UpdateReport:
    """What one ``PriceCache.update`` did."""

    ticker: str
    added: int
    revised: int
    rows: int
    last: str
    source: str


def _safe_name(ticker: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", ticker.upper())


class PriceCache:
    """Parquet price cache under ``root`` (default ``$FINTRACK_CACHE_DIR`` or ``data/cache``)."""

    def __init__(self, root: str | os.PathLike[str] | None = None):
        self.root = Path(root or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR)
        # the last frame read per ticker, keyed by the file's identity (inode, size, mtime): an update
        # followed by a load (what a run does) reads, parses and hashes the file once, not twice
        self._loaded: dict[str, tuple[tuple[int, int, int], pd.DataFrame]] = {}

    def __repr__(self) -> str:
        return f"PriceCache({str(self.root)!r})"

    def path_for(self, ticker: str) -> Path:
        return self.root / f"{_safe_name(ticker)}.parquet"

    def tickers(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob("*.parquet"))

    def has(self, ticker: str) -> bool:
        return self.path_for(ticker).is_file()

    # -- reading -----------------------------------------------------------
    def _read_table(self, ticker: str) -> pa.Table:
        path = self.path_for(ticker)
        if not path.is_file():
            raise NoPriceDataError(f"{ticker}: not in the price cache {self.root} (run `fintrack prices update {ticker}`)")
        try:
            table = pq.read_table(path)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise CacheCorruptError(
                f"cache file {path} is corrupt ({type(exc).__name__}); rebuild it with "
                f"`fintrack prices update --rebuild {ticker}`") from None
        missing = [c for c in ("date",) + COLUMNS if c not in table.column_names]
        if missing or table.schema.metadata is None or _META_KEY not in table.schema.metadata:
            raise CacheCorruptError(f"cache file {path} lacks {missing or 'provenance'}; rebuild it with "
                                    f"`fintrack prices update --rebuild {ticker}`")
        return table

    def provenance(self, ticker: str) -> Provenance:
        table = self._read_table(ticker)
        return Provenance(**json.loads(table.schema.metadata[_META_KEY]))

    def load(self, ticker: str, start=None, end=None) -> pd.DataFrame:
        """The cached canonical frame, optionally sliced to ``[start, end]``."""
        frame = self._load_verified(ticker)
        if start is not None:
            frame = frame[frame.index >= pd.Timestamp(start)]
        if end is not None:
            frame = frame[frame.index <= pd.Timestamp(end)]
        frame.attrs["warnings"] = []
        return frame

    def _load_verified(self, ticker: str) -> pd.DataFrame:
        """The whole cached frame with its provenance, its content hash checked; a copy the caller may change."""
        path = self.path_for(ticker)
        try:
            st = path.stat()
            key = (st.st_ino, st.st_size, st.st_mtime_ns)
        except OSError:
            key = None
        memo = self._loaded.get(ticker)
        if key is not None and memo is not None and memo[0] == key:
            return memo[1].copy()
        table = self._read_table(ticker)
        meta = Provenance(**json.loads(table.schema.metadata[_META_KEY]))
        frame = table.to_pandas().set_index("date")
        frame.index = pd.DatetimeIndex(frame.index, name="date")
        if content_hash(frame) != meta.content_hash:
            raise CacheCorruptError(f"cache file {path} fails its content hash; rebuild it with "
                                    f"`fintrack prices update --rebuild {ticker}`")
        frame.attrs["provenance"] = meta.as_dict()
        if key is not None:
            self._loaded[ticker] = (key, frame)
        return frame.copy()

    # -- writing -----------------------------------------------------------
    def store(self, ticker: str, frame: pd.DataFrame, source: str, *, stamp: str | None = None) -> Provenance:
        """Write ``frame`` for ``ticker`` atomically, replacing what was cached.

        ``stamp`` identifies the source file the whole frame can be read from
        again (``CsvSource.stamp``); ``update`` skips that file while it is unchanged.
        """
        if frame.empty:
            raise NoPriceDataError(f"{ticker}: refusing to cache an empty frame")
        frame = frame[list(COLUMNS)]
        infinite = np.isinf(frame[list(PRICE_COLUMNS)].to_numpy(dtype="float64")).any(axis=1)
        if infinite.any():  # canonical frames drop these rows; a hand-made frame must not slip one in
            days = ", ".join(d.date().isoformat() for d in frame.index[infinite][:5])
            raise MalformedFileError(f"{ticker}: refusing to cache non-finite prices ({days})")
        meta = Provenance(
            ticker=ticker.upper(), source=source,
            fetched_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            rows=len(frame), first=frame.index[0].date().isoformat(), last=frame.index[-1].date().isoformat(),
            content_hash=content_hash(frame),
        )
        table = pa.Table.from_pandas(frame.reset_index(), preserve_index=False)
        metadata = {**(table.schema.metadata or {}), _META_KEY: json.dumps(meta.as_dict()).encode()}
        if stamp is not None:
            metadata[_STAMP_KEY] = stamp.encode()
        table = table.replace_schema_metadata(metadata)
        path = self.path_for(ticker)
        try:
            atomic_write_bytes(path, lambda tmp: pq.write_table(table, tmp))
        except OSError as exc:  # read-only cache, disk full: the cached file (if any) is untouched
            raise OutputError(f"{ticker}: cannot write the price cache {self.root}: {exc.strerror or exc}; "
                              "the cached file is unchanged") from None
        return meta

    def update(self, ticker: str, source: PriceSource, *, start=None, end=None,
               overlap_days: int = 7, rebuild: bool = False) -> UpdateReport:
        """Fetch new rows for ``ticker`` from ``source`` and merge them into the cache.

        Without a cached file (or with ``rebuild=True``) the full history from
        ``start`` is fetched. Otherwise only ``[last cached date - overlap_days, end]``.
        Raises whatever the source raises; the cached file is then untouched.
        """
        cached = None
        stamp = None
        if self.has(ticker) and not rebuild:
            cached = self.load(ticker)
        if end is None and callable(getattr(source, "stamp", None)):
            stamp = source.stamp(ticker)
            if cached is not None and stamp is not None and stamp == self._stamp(ticker):
                # the very file the cache was last written from: parsing it again would bring nothing new
                return UpdateReport(ticker, 0, 0, len(cached), cached.index[-1].date().isoformat(), source.name)
        fetch_start = start
        if cached is not None:
            fetch_start = cached.index[-1] - pd.Timedelta(days=overlap_days)
        fresh = source.fetch(ticker, fetch_start, end)
        if fresh.empty:  # sources raise on empty; this guards custom ones
            raise NoPriceDataError(f"{ticker}: {source.name} returned no rows")
        fresh = fresh[list(COLUMNS)]
        if cached is None:
            meta = self.store(ticker, fresh, source.name, stamp=stamp)
            return UpdateReport(ticker, len(fresh), 0, meta.rows, meta.last, source.name)
        overlap = fresh.index.intersection(cached.index)
        old = cached.loc[overlap, list(PRICE_COLUMNS)].to_numpy()
        new = fresh.loc[overlap, list(PRICE_COLUMNS)].to_numpy()
        revised = int((~np.isclose(old, new, rtol=1e-9, atol=0, equal_nan=True)).any(axis=1).sum())
        added = len(fresh.index.difference(cached.index))
        merged = pd.concat([cached[list(COLUMNS)].drop(overlap), fresh]).sort_index()
        if not added and not revised:
            # Nothing new: leave the file (and its fetched_at) as it is, so
            # re-running on unchanged data rewrites nothing.
            return UpdateReport(ticker, 0, 0, len(cached), cached.index[-1].date().isoformat(), source.name)
        if revised:
            log.warning("%s: %d cached row(s) revised by %s", ticker, revised, source.name)
        meta = self.store(ticker, merged, source.name, stamp=stamp)
        return UpdateReport(ticker, added, revised, meta.rows, meta.last, source.name)

    def _stamp(self, ticker: str) -> str | None:
        """The source stamp recorded in the cached file, if any (read from the file's metadata only)."""
        try:
            metadata = pq.read_schema(self.path_for(ticker)).metadata or {}
        except (pa.ArrowException, OSError, ValueError):
            return None
        value = metadata.get(_STAMP_KEY)
        return value.decode() if value is not None else None
