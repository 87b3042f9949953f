"""``fintrack prices update|show|import``: manage the local price cache."""
from __future__ import annotations

import argparse
import sys

from fintrack.errors import FintrackError, InputError


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prices-dir", metavar="DIR",
                        help="read prices from CSV files in DIR instead of Yahoo Finance "
                             "(default: $FINTRACK_PRICES_DIR, else Yahoo)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="price cache folder (default: $FINTRACK_CACHE_DIR, else data/cache)")


def register(subparsers) -> None:
    prices = subparsers.add_parser("prices", help="update, show and import cached daily prices")
    commands = prices.add_subparsers(dest="prices_command", metavar="ACTION")
    prices.set_defaults(handler=lambda args: (prices.print_help(), 2)[1])

    update = commands.add_parser("update", help="fetch new bars into the cache (incremental)")
    update.add_argument("tickers", nargs="+", metavar="TICKER")
    update.add_argument("--start", help="first date for a ticker not yet cached (default: all history)")
    update.add_argument("--rebuild", action="store_true", help="refetch the full history (repairs a corrupt file)")
    _add_source_options(update)
    update.set_defaults(handler=_update)

    show = commands.add_parser("show", help="print cached bars")
    show.add_argument("ticker", metavar="TICKER")
    show.add_argument("--start", help="first date (inclusive)")
    show.add_argument("--end", help="last date (inclusive)")
    show.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    show.add_argument("--json", action="store_true", help="print JSON records (date, open, ..., volume) instead of a table")
    _add_source_options(show)
    show.set_defaults(handler=_show)

    imp = commands.add_parser("import", help="load a folder of CSV files into the cache")
    imp.add_argument("folder", metavar="DIR")
    imp.add_argument("tickers", nargs="*", metavar="TICKER", help="only these tickers (default: every CSV in DIR)")
    imp.add_argument("--cache-dir", metavar="DIR", help="price cache folder (default: data/cache)")
    imp.set_defaults(handler=_import)


def _date_range(args) -> tuple[str | None, str | None]:
    """``--start`` and ``--end`` as ISO strings (None when not given); an inverted range is refused."""
    from fintrack.cli import iso_date

    start = iso_date(args.start, "--start").isoformat() if args.start is not None else None
    end = iso_date(args.end, "--end").isoformat() if getattr(args, "end", None) is not None else None
    if start and end and end < start:
        raise InputError(f"--start {start} is after --end {end}")
    return start, end


def _update_many(cache, source, tickers, **kwargs) -> int:
    """Update each ticker; one failure does not stop the others. Exit code of the worst failure."""
    worst = 0
    for ticker in tickers:
        try:
            report = cache.update(ticker, source, **kwargs)
        except FintrackError as exc:
            from fintrack.cli import error_line

            print(error_line(exc), file=sys.stderr)
            worst = max(worst, exc.exit_code)
            continue
        revised = f", {report.revised} revised" if report.revised else ""
        print(f"{report.ticker}: {report.added} new row(s){revised}; {report.rows} cached through {report.last} ({report.source})")
    return worst


def _update(args) -> int:
    from fintrack.market import PriceCache, resolve_source

    start, _ = _date_range(args)
    return _update_many(PriceCache(args.cache_dir), resolve_source(None, args.prices_dir),
                        [t.upper() for t in args.tickers], start=start, rebuild=args.rebuild)


def _import(args) -> int:
    from fintrack.market import CsvSource, PriceCache

    source = CsvSource(args.folder)
    tickers = [t.upper() for t in args.tickers] or source.tickers()
    if not tickers:
        raise InputError(f"no CSV files in {args.folder}")
    return _update_many(PriceCache(args.cache_dir), source, tickers)


def _show(args) -> int:
    import os

    import pandas as pd

    from fintrack.market import PRICES_DIR_ENV, PriceCache, resolve_source

    start, end = _date_range(args)
    cache = PriceCache(args.cache_dir)
    ticker = args.ticker.upper()
    if cache.has(ticker):
        frame = cache.load(ticker, start, end)
    elif args.prices_dir or os.environ.get(PRICES_DIR_ENV):
        frame = resolve_source(None, args.prices_dir).fetch(ticker, start, end)
    else:
        raise InputError(f"{ticker} is not cached in {cache.root}; run `fintrack prices update {ticker}` "
                         f"or `fintrack prices import DIR`")
    if frame.empty:
        from fintrack.errors import NoPriceDataError

        raise NoPriceDataError(f"{ticker}: no bars between {start} and {end}")
    out = frame.copy()
    out.index = out.index.strftime("%Y-%m-%d")
    if args.json:
        import json
        import math

        records = [{"date": date, **{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                                     for k, v in row.items()}}
                   for date, row in zip(out.index, out.astype(object).to_dict("records"))]
        json.dump(records, sys.stdout, indent=2, allow_nan=False, default=str)
        sys.stdout.write("\n")
    elif args.csv:
        out.to_csv(sys.stdout, float_format="%.6f")
    else:
        with pd.option_context("display.max_rows", 100_000, "display.width", 200):
            print(out.to_string(float_format=lambda v: f"{v:.6g}"))
    return 0
