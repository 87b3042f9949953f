"""``fintrack verify CLAIMS_FILE [--prices-dir DIR] [--json]``.

Reads a claims file (CSV or JSON records with the columns of
``fintrack.news.schema.CLAIM_COLUMNS``), checks every claim against daily
prices from ``--prices-dir`` (default ``$FINTRACK_PRICES_DIR``) and prints a
table, or JSON records with ``--json``.

Exit codes: 0 when verification ran (whatever the verdicts), 2 for a claims
file that cannot be read, 3 when no price data could be had at all.
"""
from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import pandas as pd

from fintrack.errors import DataUnavailableError, MalformedFileError, NoPriceDataError
from fintrack.files import read_csv
from fintrack.news.schema import CLAIM_COLUMNS
from fintrack.verify.core import verify

PRICES_DIR_ENV = "FINTRACK_PRICES_DIR"
#: Columns a claims file must have; the others are read as empty when absent.
REQUIRED_COLUMNS = ("claim_id", "subject", "metric", "value")
_NUMERIC = {"value": float, "decimals": int, "scale": float, "ordinal": int, "span_start": int, "span_end": int}
_NUMERIC_DEFAULTS = {"value": math.nan, "decimals": -1, "scale": 1.0, "ordinal": 0, "span_start": 0, "span_end": 0}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify", help="check news claims against daily prices",
        description="Give each claim a verdict (supported, contradicted, consistent, unverifiable) "
                    "with the measured number and the sessions used.")
    parser.add_argument("claims_file", metavar="CLAIMS_FILE", help="claims as CSV or JSON records")
    parser.add_argument("--prices-dir", metavar="DIR", default=None,
                        help=f"folder of <TICKER>.csv daily bars (default ${PRICES_DIR_ENV})")
    parser.add_argument("--json", action="store_true", help="print JSON records instead of a table")
    parser.set_defaults(handler=run)


def read_claims(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A claims file (CSV, or JSON records) as a frame with every CLAIM_COLUMNS column.

    Raises :class:`MalformedFileError` for a missing, unparsable or incomplete file.
    """
    path = Path(path)
    if not path.is_file():
        raise MalformedFileError(f"claims file not found: {path}")
    try:
        if path.suffix.lower() in (".json", ".jsonl"):
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix.lower() == ".json" else [
                json.loads(line) for line in text.splitlines() if line.strip()]
            if isinstance(data, dict) and "claims" in data:
                data = data["claims"]
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise MalformedFileError(f"{path}: JSON must be a list of claim records")
            # an article without claims is an empty list: an empty table, not a malformed file
            frame = pd.DataFrame(data) if data else pd.DataFrame(columns=list(CLAIM_COLUMNS))
        else:
            frame = read_csv(path, "claims file", dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, json.JSONDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise MalformedFileError(f"{path}: cannot parse claims file ({exc.__class__.__name__}: {exc})") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise MalformedFileError(f"{path}: claims file lacks columns {missing} (expected {list(CLAIM_COLUMNS)})")
    for column in CLAIM_COLUMNS:
        if column not in frame.columns:
            frame[column] = _NUMERIC_DEFAULTS.get(column, "")
    for column, kind in _NUMERIC.items():
        text = frame[column].astype(str).str.strip().str.replace(",", "", regex=False)
        empty = text.isin(["", "nan", "NaN", "None", "<NA>"]) | frame[column].isna()  # JSON null
        values = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = values.isna() & ~empty
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise MalformedFileError(f"{path}: column {column!r} row {row + 1}: not a number: "
                                     f"{frame[column].iloc[row]!r}")
        values = values.fillna(_NUMERIC_DEFAULTS[column])
        frame[column] = values.astype(float) if kind is float else values.astype(int)
    for column in set(CLAIM_COLUMNS) - set(_NUMERIC):
        # (an all-empty column is read as float: as objects first, so "" fills it without a dtype clash)
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    return frame[list(CLAIM_COLUMNS) + [c for c in frame.columns if c not in CLAIM_COLUMNS]]


def price_loader(prices_dir: str | os.PathLike[str] | None):
    """``ticker -> frame``: the folder ``prices_dir`` when given, else the price cache
    (``$FINTRACK_CACHE_DIR`` or ``data/cache``, as ``fintrack prices import`` fills it),
    else the folder ``$FINTRACK_PRICES_DIR``."""
    from fintrack.market import PriceCache, load_prices

    folder = prices_dir or os.environ.get(PRICES_DIR_ENV)
    if folder and not Path(folder).is_dir():
        raise NoPriceDataError(f"prices folder not found: {folder}")
    cache = PriceCache()
    if not folder and not (cache.root.is_dir() and any(cache.root.glob("*.parquet"))):
        raise NoPriceDataError(f"no prices: the price cache {cache.root} is empty; pass --prices-dir DIR, set "
                               f"${PRICES_DIR_ENV}, or fill the cache with `fintrack prices import DIR`")

    def load(ticker: str) -> pd.DataFrame:
        if not prices_dir and cache.has(ticker):
            return cache.load(ticker)
        if not folder:
            raise NoPriceDataError(f"{ticker}: not in the price cache {cache.root}")
        return load_prices(ticker, prices_dir=folder)

    return load


def splits_loader(prices_dir: str | os.PathLike[str] | None):
    """``ticker -> split ratios`` from the prices folder's ``splits.csv`` (none when it has no such file)."""
    folder = prices_dir or os.environ.get(PRICES_DIR_ENV)
    if not folder:
        return None
    from fintrack.market.splits import read_splits_file

    table = read_splits_file(Path(folder) / "splits.csv")
    return lambda ticker: table.get(ticker.upper())


_TABLE_COLUMNS = (("claim_id", 32), ("metric", 20), ("claimed", 48), ("measured_text", 32), ("verdict", 12))


def format_table(result: pd.DataFrame) -> str:
    """A plain-text table: one line per claim, then the reason and sessions indented."""
    header = "  ".join(name.ljust(width) for name, width in _TABLE_COLUMNS)
    lines = [header, "-" * len(header)]
    for row in result.to_dict("records"):
        cells = []
        for name, width in _TABLE_COLUMNS:
            text = str(row[name])
            cells.append((text if len(text) <= width else text[: width - 1] + "~").ljust(width))
        lines.append("  ".join(cells).rstrip())
        lines.append(f"    reason: {row['reason']}")
        if row["sessions"]:
            lines.append(f"    sessions: {row['sessions']}")
    counts = result["verdict"].value_counts()
    lines.append("")
    lines.append(", ".join(f"{verdict}: {count}" for verdict, count in counts.items()) or "no claims")
    return "\n".join(lines)


def run(args) -> int:
    claims = read_claims(args.claims_file)
    loader = price_loader(args.prices_dir)
    result = verify(claims, loader, splits=splits_loader(args.prices_dir))
    if args.json:
        records = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
                   for row in result.astype(object).where(result.notna(), None).to_dict("records")]
        json.dump(records, sys.stdout, indent=2, default=str, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(format_table(result))
    requested = result.attrs.get("tickers_requested", 0)
    folder = args.prices_dir or os.environ.get(PRICES_DIR_ENV)
    # A folder holding price files that has none for the tickers named (an article about a
    # foreign listing, about companies with no file) is answered claim by claim: unverifiable.
    holds_prices = bool(folder) and any(Path(folder).glob("*.csv"))
    if requested and not result.attrs.get("tickers_loaded", 0) and not holds_prices:
        raise DataUnavailableError(f"no price data for any of the {requested} ticker(s) the claims need "
                                   f"(prices folder: {args.prices_dir or os.environ.get(PRICES_DIR_ENV)})")
    return 0
