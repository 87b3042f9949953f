"""Daily Fama-French and momentum factors from Kenneth French's data library.

The library publishes each data set as a zip holding one CSV in a fixed
layout: a few lines of description, a header line starting with a comma
(``,Mkt-RF,SMB,HML,RF``), rows ``YYYYMMDD,  0.10, -0.25, ...`` in **percent**,
then a blank line and a copyright line. :func:`read_french_csv` parses that
layout into fractions (0.01 = 1%) indexed by date.

Where the data come from (:func:`load_french_factors`), first match wins:

1. a CSV in ``prices_dir`` named like the library's file
   (``F-F_Research_Data_Factors_daily.csv``, case ignored): the offline path;
2. the cached zip in ``cache_dir`` (``<cache_dir>/french/<file>.zip``);
3. a download from the library, written to the cache atomically (skipped
   with ``offline=True``, which then raises a :class:`DataUnavailableError`
   saying where to put the file).

Merge the factors into a return panel with :func:`add_factors`; the models
``ff3``, ``carhart4`` and ``ff5`` (``fintrack.study.models``) then regress the
asset's excess return ``R - RF`` on them.
"""
from __future__ import annotations

import io
import logging
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from fintrack.errors import DataUnavailableError, DownloadError, MalformedFileError

log = logging.getLogger(__name__)

__all__ = ["FRENCH_DATASETS", "MODEL_DATASETS", "read_french_csv", "load_french_factors", "factors_for_model",
           "add_factors"]

_BASE = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/"

#: Data set name -> (library file stem, columns it provides).
FRENCH_DATASETS = {
    "ff3": ("F-F_Research_Data_Factors_daily", ("Mkt-RF", "SMB", "HML", "RF")),
    "ff5": ("F-F_Research_Data_5_Factors_2x3_daily", ("Mkt-RF", "SMB", "HML", "RMW", "CMA", "RF")),
    "momentum": ("F-F_Momentum_Factor_daily", ("Mom",)),
}

#: Factor model name (``fintrack.study.models.MODELS``) -> the data sets whose columns it regresses on.
MODEL_DATASETS = {
    "ff3": ("ff3",),
    "carhart4": ("ff3", "momentum"),
    "ff5": ("ff5",),
}


def read_french_csv(text: str, source: str = "factor file") -> pd.DataFrame:
    """Parse one of the library's daily CSVs into fractions, indexed by ``date``.

    Raises
    ------
    MalformedFileError
        No header line, or a row whose values are not numbers.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(",")), None)
    if start is None:
        raise MalformedFileError(f"{source}: no header line starting with ',' (not a Ken French daily CSV)")
    columns = [c.strip() for c in lines[start].split(",")[1:]]
    rows = []
    for line in lines[start + 1:]:
        head = line.split(",", 1)[0].strip()
        if not (len(head) == 8 and head.isdigit()):
            break  # a blank line, then the copyright footer (or a monthly/annual block)
        rows.append(line)
    if not rows:
        raise MalformedFileError(f"{source}: no daily rows (YYYYMMDD,...) under the header")
    frame = pd.read_csv(io.StringIO("\n".join(rows)), header=None, names=["date", *columns], dtype={"date": str})
    try:
        values = frame[columns].apply(pd.to_numeric, errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise MalformedFileError(f"{source}: non-numeric factor value ({exc})") from None
    # the library marks missing values as -99.99 or -999
    values = values.mask(values <= -99.99)
    values.index = pd.DatetimeIndex(pd.to_datetime(frame["date"], format="%Y%m%d"), name="date")
    return values / 100.0


def _find(folder: Path, name: str) -> Path | None:
    if not folder.is_dir():
        return None
    wanted = name.lower()
    return next((p for p in folder.iterdir() if p.name.lower() == wanted), None)


def _text_from_zip(data: bytes, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = next(n for n in archive.namelist() if n.lower().endswith(".csv"))
            return archive.read(name).decode("latin-1")
    except (zipfile.BadZipFile, StopIteration) as exc:
        raise MalformedFileError(f"{source}: not a zip holding a CSV ({exc})") from None


def load_french_factors(
    dataset: str = "ff3",
    *,
    prices_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    offline: bool = False,
    timeout: float = 30.0,
    max_age_days: float | None = None,
) -> pd.DataFrame:
    """Daily factors of ``dataset`` (``"ff3"``, ``"ff5"`` or ``"momentum"``) as fractions.

    Parameters
    ----------
    dataset : str
        Key of :data:`FRENCH_DATASETS`.
    prices_dir : path, optional
        Folder searched first for ``<library file>.csv`` (the offline path).
    cache_dir : path, optional
        Where the downloaded zip is kept (``<cache_dir>/french/``).
    offline : bool
        Never download; raise if no local file is found.
    timeout : float
        Download timeout in seconds.
    max_age_days : float, optional
        Online, a cached zip older than this is downloaded again (the library
        adds each month's factors); if that fails the cached copy is used,
        with a warning in the log. ``None``: the cached zip is always used.

    Raises
    ------
    DataUnavailableError
        Unknown data set, or no local file with ``offline=True`` (the message
        names the file and where to put it).
    DownloadError
        The download failed.
    """
    if dataset not in FRENCH_DATASETS:
        raise DataUnavailableError(f"unknown factor data set {dataset!r}; use one of {', '.join(FRENCH_DATASETS)}")
    stem, _ = FRENCH_DATASETS[dataset]
    if prices_dir is not None:
        local = _find(Path(prices_dir), f"{stem}.csv")
        if local is not None:
            return read_french_csv(local.read_text(encoding="latin-1"), str(local))
    cached = Path(cache_dir) / "french" / f"{stem}_CSV.zip" if cache_dir is not None else None
    have_cached = cached is not None and cached.is_file()
    fresh = have_cached and (offline or max_age_days is None
                             or time.time() - cached.stat().st_mtime <= max_age_days * 86400)
    if fresh:
        return read_french_csv(_text_from_zip(cached.read_bytes(), str(cached)), str(cached))
    url = f"{_BASE}{stem}_CSV.zip"
    if have_cached:
        # older than max_age_days: the library has probably added a month; the old copy is the fallback
        try:
            return _download(url, cached, timeout)
        except (DownloadError, MalformedFileError) as exc:
            log.warning("%s; using the cached copy %s", exc, cached)
            return read_french_csv(_text_from_zip(cached.read_bytes(), str(cached)), str(cached))
    if offline:
        where = f" in {prices_dir}" if prices_dir is not None else ""
        raise DataUnavailableError(
            f"no {stem}.csv{where} and offline: download {url}, unzip it into the prices folder, and run again")
    return _download(url, cached, timeout)


def _download(url: str, cached: Path | None, timeout: float) -> pd.DataFrame:
    """The library's zip at ``url``, parsed; written to ``cached`` (atomically) only once it parses."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (fixed https URL)
            data = response.read()
    except OSError as exc:
        raise DownloadError(f"could not download {url}: {exc}") from None
    text = _text_from_zip(data, url)
    factors = read_french_csv(text, url)  # parse before caching: a bad download is never cached
    if cached is not None:
        from fintrack.files import atomic_write_bytes

        atomic_write_bytes(cached, lambda tmp: Path(tmp).write_bytes(data))
    return factors


def factors_for_model(
    model: str,
    *,
    prices_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    offline: bool = False,
    loaded: dict[str, pd.DataFrame] | None = None,
    max_age_days: float | None = None,
) -> pd.DataFrame:
    """The daily factors a factor model needs (``"ff3"``, ``"carhart4"``, ``"ff5"``), as fractions.

    Each data set of :data:`MODEL_DATASETS` comes from :func:`load_french_factors`
    (the CSV in ``prices_dir``, the cached zip, else a download unless
    ``offline``); Carhart's are the three factors joined with momentum on
    their common dates. ``loaded`` (data set -> frame) is filled and reused,
    so a run reads each file once. ``max_age_days``: see :func:`load_french_factors`.

    Raises
    ------
    DataUnavailableError
        Offline without the library's file: ``no Fama-French factors file (put
        F-F_Research_Data_Factors_daily.CSV in <prices_dir> or run online)``.
    DownloadError, MalformedFileError
        The download failed; the file is not in the library's layout.
    """
    if model not in MODEL_DATASETS:
        raise DataUnavailableError(f"model {model!r} reads no Fama-French factors")
    loaded = {} if loaded is None else loaded
    frames = []
    for dataset in MODEL_DATASETS[model]:
        if dataset not in loaded:
            stem = FRENCH_DATASETS[dataset][0]
            try:
                loaded[dataset] = load_french_factors(dataset, prices_dir=prices_dir, cache_dir=cache_dir,
                                                      offline=offline, max_age_days=max_age_days)
            except DataUnavailableError:
                if not offline:
                    raise
                where = prices_dir if prices_dir is not None else "the prices folder"
                raise DataUnavailableError(f"no Fama-French factors file (put {stem}.CSV in {where} or run online)"
                                           ) from None
        frames.append(loaded[dataset])
    return frames[0] if len(frames) == 1 else pd.concat(frames, axis=1, join="inner")


def add_factors(returns: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """The return panel with the factor columns joined on its sessions (NaN where a factor lacks the day).

    Raises
    ------
    DataUnavailableError
        If the factors do not overlap the panel's sessions at all.
    """
    clash = [c for c in factors.columns if c in returns.columns]
    if clash:
        raise DataUnavailableError(f"factor column(s) {clash} already in the returns panel")
    index = returns.index.tz_localize(None) if returns.index.tz is not None else returns.index
    joined = factors.reindex(index.normalize())
    if not np.isfinite(joined.to_numpy(dtype=float)).any():
        raise DataUnavailableError(
            f"the factors ({factors.index[0].date()} to {factors.index[-1].date()}) do not cover the panel's "
            f"sessions ({index[0].date()} to {index[-1].date()})")
    joined.index = returns.index
    out = pd.concat([returns, joined], axis=1)
    out.attrs = dict(returns.attrs)
    return out
