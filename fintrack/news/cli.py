"""``fintrack extract``: articles -> events and claims files."""
from __future__ import annotations

import argparse
import sys

from fintrack.errors import InputError, one_line


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
                        help="publication date (YYYY-MM-DD[ HH:MM zone]) for articles without one; an article's "
                             "own date (front matter, metadata CSV) is kept")
    parser.add_argument("--force-published", metavar="DATE",
                        help="publication date for every article, replacing the articles' own dates")
    parser.add_argument("--metadata", metavar="CSV",
                        help="metadata CSV (id,file,source,url,published); default: articles.csv "
                             "beside each article when present")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="output FILE.csv (two files), FILE.json, or - for JSON on stdout")
    parser.add_argument("--registry", metavar="PATH",
                        help="ticker registry CSV (default: $FINTRACK_TICKERS, else ./data/tickers.csv, else the one "
                             "shipped with fintrack)")
    parser.set_defaults(handler=run_extract)


def _articles(args: argparse.Namespace) -> list:
    """The articles named on the command line, with ``--published`` as a fallback date
    (articles that have their own keep it) and ``--force-published`` as an override."""
    import dataclasses

    from fintrack.news.articles import article_paths, load_article, parse_published

    def dated(article, stamp: str, flag: str):
        try:
            day, time, zone = parse_published(stamp)
        except (ValueError, TypeError):
            raise InputError(f"{flag}: invalid publication date {stamp!r} (expected YYYY-MM-DD[ HH:MM zone])") from None
        return dataclasses.replace(article, published=day, published_time=time or article.published_time,
                                   timezone=zone or article.timezone)

    loaded = [load_article(path, metadata_csv=args.metadata) for item in args.articles for path in article_paths(item)]
    if args.force_published:
        return [dated(a, args.force_published, "--force-published") for a in loaded]
    if args.published:
        return [a if a.published else dated(a, args.published, "--published") for a in loaded]
    return loaded


def extraction_json(result) -> str:
    """``{"events": [...], "claims": [...]}`` as strict JSON: a missing number is null, never NaN."""
    import json
    import math

    def records(frame) -> list[dict]:
        return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
                for row in frame.to_dict(orient="records")]

    payload = {"events": records(result.events), "claims": records(result.claims)}
    return json.dumps(payload, indent=2, default=str, allow_nan=False) + "\n"


def run_extract(args: argparse.Namespace) -> int:
    from fintrack.news.extraction import extract, write_extraction

    if args.output != "-" and not args.output.lower().endswith((".csv", ".json")):
        raise InputError(f"output must end in .csv or .json, or be - (stdout): {args.output}")
    result = extract(_articles(args), registry=args.registry)
    if args.output == "-":
        sys.stdout.write(extraction_json(result))
        written = ["stdout"]
    else:
        written = write_extraction(result, args.output)
    for article in result.articles.itertuples():
        if not article.published:
            print(f"fintrack: note: {one_line(article.article_id)} has no publication date; relative dates are "
                  "left unresolved (give one with --published)", file=sys.stderr)
    unresolved = int((result.events["precision"] == "unresolved").sum())
    print(f"{len(result.articles)} article(s): {len(result.events)} events "
          f"({unresolved} with unresolved dates), {len(result.claims)} claims -> "
          + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0
