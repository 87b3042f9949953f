#!/usr/bin/env python3
"""Time ``fintrack.extract`` per sentence, and near the article size limit.

Baseline: the Business Insider source article (../shared/articles), a typical
news article, extracted in this same process. Then synthetic articles of
growing size, every sentence a dated price claim (the most work per byte),
up to just under ``MAX_ARTICLE_BYTES``. Prints each time, the cost per
sentence as a ratio to the baseline's, and the projected time at the limit.
Never fails on time.

    python scripts/bench_extract.py [--articles ../shared/articles]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed_extract(path: Path, repeat: int = 1) -> float:
    from fintrack.news import extract

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract(path, published="2021-03-09")
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default=str(REPO.parent / "shared" / "articles"))
    args = parser.parse_args(argv)

    from fintrack.news import extract
    from fintrack.news.articles import MAX_ARTICLE_BYTES
    from fintrack.news.sentences import split_sentences

    base = Path(args.articles) / "businessinsider-canaan-37pct.txt"
    extract(base)  # warm up: imports, dateparser's first load
    base_text = base.read_text(encoding="utf-8")
    base_sentences = len(split_sentences(base_text))
    base_time = _timed_extract(base, repeat=5)
    base_per = base_time / base_sentences
    print(f"baseline: {base.name}, {len(base_text):,} bytes, {base_sentences} sentences: "
          f"{base_time * 1e3:.1f} ms ({base_per * 1e3:.2f} ms/sentence)")

    sentence = "Canaan stock jumped 37% on March 9, 2021. "
    with tempfile.TemporaryDirectory() as tmp:
        for fraction in (0.01, 0.1, 0.9):
            n = int(fraction * MAX_ARTICLE_BYTES / len(sentence))
            path = Path(tmp) / f"synthetic-{n}.txt"
            path.write_text(sentence * n, encoding="utf-8")
            took = _timed_extract(path)
            per = took / n
            print(f"synthetic: {n * len(sentence):>9,} bytes, {n:>6,} sentences: {took:7.2f} s "
                  f"({per * 1e3:.2f} ms/sentence, {per / base_per:.1f}x the baseline's)")
        projected = MAX_ARTICLE_BYTES / len(sentence) * per
        print(f"projected at the {MAX_ARTICLE_BYTES / 1e6:.1f} MB limit: {projected:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
