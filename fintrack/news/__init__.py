"""fintrack.news: articles -> tables of events and typed claims.

::

    from fintrack.news import extract
    result = extract(["article.txt"], published="2021-03-09")
    result.events   # columns schema.EVENT_COLUMNS
    result.claims   # columns schema.CLAIM_COLUMNS

The pipeline inside, one module per step:

* :mod:`~fintrack.news.articles`  files + metadata (front matter, ``articles.csv``, HTML)
* :mod:`~fintrack.news.sentences` sentence spans
* :mod:`~fintrack.news.dates`     temporal expressions resolved against the publication date
* :mod:`~fintrack.news.registry`  the ticker registry (``fintrack/data/tickers.csv``)
* :mod:`~fintrack.news.entities`  company mentions, unknown companies, anaphora
* :mod:`~fintrack.news.numbers`   numbers, including words and numbers lost from the text
* :mod:`~fintrack.news.claims`    typed claims (metric, direction, comparator, value, date)
* :mod:`~fintrack.news.events`    dated events (from claims and qualitative rules)

Dates here are calendar dates of the text, resolved against the article's
publication date; they are not trading sessions. Mapping a publication time
(a weekend, after the close) or a claim's date and time of day to the session
it concerns is the market layer's job (``fintrack.market.session_for``), which
knows the exchange calendar. Without a publication date, relative expressions
("on Tuesday") stay unresolved (precision 'unresolved') rather than guessed;
pass ``published=`` or ``--published``.

Numbers are never invented: a number the text lost comes out as NaN with an
empty ``value_text``, and its claim is kept.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Each public name -> the module defining it, imported on first use (PEP 562): the claim grammar compiles some
#: 330 regular expressions (0.2 s), which a run that only reads a claims table (``fintrack.news.schema``,
#: ``fintrack.news.numbers``) does not need.
_EXPORTS = {
    "Article": "articles", "load_article": "articles",
    "ARTICLE_COLUMNS": "extraction", "Extraction": "extraction", "extract": "extraction",
    "registry_tables": "extraction", "write_extraction": "extraction",
    "TickerRegistry": "registry", "load_registry": "registry",
    "CLAIM_COLUMNS": "schema", "EVENT_COLUMNS": "schema",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from fintrack.news.articles import Article, load_article
    from fintrack.news.extraction import ARTICLE_COLUMNS, Extraction, extract, registry_tables, write_extraction
    from fintrack.news.registry import TickerRegistry, load_registry
    from fintrack.news.schema import CLAIM_COLUMNS, EVENT_COLUMNS


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
