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

from fintrack.news.articles import Article, load_article
from fintrack.news.extract import (
    ARTICLE_COLUMNS, Extraction, extract, registry_tables, write_extraction)
from fintrack.news.registry import TickerRegistry, load_registry
from fintrack.news.schema import CLAIM_COLUMNS, EVENT_COLUMNS

__all__ = [
    "ARTICLE_COLUMNS", "Article", "CLAIM_COLUMNS", "EVENT_COLUMNS", "Extraction", "TickerRegistry",
    "extract", "load_article", "load_registry", "registry_tables", "write_extraction",
]
