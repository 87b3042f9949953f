"""``fintrack extract``: articles -> events and claims files."""
from __future__ import annotations

import argparse
import sys

from fintrack.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract events and claims from news articles",
        description=(
            "Extract dated events and typed claims from articles (.txt, .md; .html with "
            "fintrack[html]). FILE.csv writes FILE_events.csv and FILE_claims.csv; FILE.json "
            'writes {"events": [...], "claims": [...]}.'),
    )
    parser.add_argument("articles", nargs="+", metavar="ARTICLE", help="article files or folders")
    parser.add_argument("--published", metavar="DATE",
                        help="publication date (YYYY-MM-DD[ HH:MM zone]) for articles without one")
    parser.add_argument("--metadata", metavar="CSV",
                        help="metadata CSV (id,file,source,url,published); default: articles.csv "
                             "beside each article when present")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="output FILE.csv (two files) or FILE.json")
    parser.add_argument("--registry", metavar="PATH",
                        help="ticker registry CSV (default: $FINTRACK_TICKERS or data/tickers.csv)")
    parser.set_defaults(handler=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    from fintrack.news.extract import extract, write_extraction

    if not args.output.lower().endswith((".csv", ".json")):
        raise InputError(f"output must end in .csv or .json: {args.output}")
    result = extract(args.articles, published=args.published, registry=args.registry,
                     metadata_csv=args.metadata)
    written = write_extraction(result, args.output)
    for article in result.articles.itertuples():
        if not article.published:
            print(f"fintrack: note: {article.article_id} has no publication date; relative dates are "
                  "left unresolved (give one with --published)", file=sys.stderr)
    unresolved = int((result.events["precision"] == "unresolved").sum())
    print(f"{len(result.articles)} article(s): {len(result.events)} events "
          f"({unresolved} with unresolved dates), {len(result.claims)} claims -> "
          + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0
