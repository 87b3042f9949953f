#!/usr/bin/env python3
"""Time ``fintrack.extract`` per sentence, near the article size limit, and on worst cases.

Baseline: the Business Insider source article (../shared/articles), a typical
news article, extracted in this same process. Then synthetic articles of
growing size, every sentence a dated price claim (the most work per byte),
up to just under ``MAX_ARTICLE_BYTES``. Then the worst cases of issue 11 at
100 KB and 1 MB: one token of 'A-A-A-...' (patterns that backtrack over a
long word), many listed companies the registry does not know (each becomes
an alias), and one run-on sentence of dated price claims (per-number work
that grows with the sentence). Prints each time, its ratio to the baseline,
and the cost per KB; the README's bound is 20 s for 1 MB. Never fails on time.

    python scripts/bench_extract.py [--articles ../shared/articles] [--quick]
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
    parser.add_argument("--quick", action="store_true", help="worst cases at 100 KB only")
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
        sizes = (100_000,) if args.quick else (100_000, min(1_000_000, MAX_ARTICLE_BYTES - 1000))
        for name, make in WORST_CASES:
            for size in sizes:
                path = Path(tmp) / f"worst-{name}-{size}.txt"
                path.write_text(make(size), encoding="utf-8")
                took = _timed_extract(path)
                print(f"worst case {name:<18} {size / 1000:>6,.0f} KB: {took:7.2f} s "
                      f"({took / base_time:,.0f}x the baseline article, {took / size * 1e3 * 1e3:.1f} ms/KB)")
    return 0


def _dashes(size: int) -> str:
    return "A-" * (size // 2)


def _unknown_companies(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = f"Shares of Zorblax{i} Holdings rose {i % 9 + 1}% on Tuesday. "
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def _run_on(size: int) -> str:
    unit = "Canaan shares rose 1.5% on Tuesday, "
    return unit * (size // len(unit))


WORST_CASES = (("A-A-A-...", _dashes), ("unknown companies", _unknown_companies), ("run-on sentence", _run_on))


if __name__ == "__main__":
    sys.exit(main())
