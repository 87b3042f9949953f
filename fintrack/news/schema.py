"""The tables that ``fintrack.news`` produces and later stages consume.

Extraction returns two tidy DataFrames. Their columns are fixed here so that
the verifier, the pipeline and the report never guess at names.

Events (one row per dated event found in an article)
----------------------------------------------------
event_id        str   stable id, ``<article_id>-e<N>``
article_id      str
kind            str   what happened: 'price_move', 'market_cap', 'order',
                      'sale', 'earnings', 'business', 'publication', ...
                      (fintrack.news also emits 'price_level', 'financial',
                      'corporate', 'legal', 'market'; see fintrack.news.events)
description     str   a short label written by the extractor (no article text)
ticker          str   subject ticker or '' when the company is unknown
company         str   the company name as written
date            str   ISO date the event starts (resolved), '' if unresolved
date_end        str   ISO date the event ends (== date for a day)
precision       str   'day' | 'month' | 'quarter' | 'year' | 'period' | 'unresolved'
time            str   'HH:MM' local time of day when the text gives one, else ''
timezone        str   IANA zone of ``time`` (e.g. 'America/New_York'), else ''
date_text       str   the temporal expression as written ('on Tuesday')
sentence        str   the sentence it came from
span_start      int   character offsets of the sentence in the article text
span_end        int

Claims (one row per quantitative statement)
-------------------------------------------
claim_id        str   ``<article_id>-c<N>``
article_id      str
subject         str   ticker the claim is about ('' if unknown)
subject_name    str   the name as written
metric          str   one of METRICS below
direction       str   'up' | 'down' | '' (none stated)
comparator      str   one of COMPARATORS below
value           float the number as stated, in ``unit``; NaN when the text
                      lost it (never invented)
value_text      str   the number as written ('1,000%', '$2.06'); decides precision
decimals        int   decimals written in the number (37 -> 0, 37.13 -> 2); -1 if no value
unit            str   'percent' | 'usd' | 'usd_per_share' | 'units' | 'count' | ''
                      (also 'multiple' for factors: 'tripled' -> 3.0, and a
                      lowercase ISO code for other currencies: 'cny', 'eur',
                      'hkd'; per-share amounts in those keep the code)
scale           float multiplier already applied to ``value`` words
                      ('trillion' -> 1e12); 1.0 otherwise
date            str   ISO start of the day/period the claim refers to ('' if unresolved)
date_end        str   ISO end of that day/period
precision       str   as for events
period          str   for returns over a span: ISO-8601 duration ('P6M', 'P7D'), else ''
time            str   'HH:MM' local time ('11:55') for "as of" claims; 'premarket' or
                      'after-hours' when the text names that phase but no clock time; else ''
                      (fintrack.news also keeps it for a price level stated
                      at a time: "trading at $21,150 at 10:15 a.m. ET")
timezone        str   IANA zone of ``time``
ordinal         int   'for the second time' -> 2; 0 when not stated
published       str   article publication date (ISO), '' if unknown
sentence        str   source sentence
span_start      int   character offsets of the claim's text in the article
span_end        int
"""
from __future__ import annotations

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "kind", "description", "ticker", "company",
    "date", "date_end", "precision", "time", "timezone", "date_text",
    "sentence", "span_start", "span_end",
)

CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id", "article_id", "subject", "subject_name", "metric", "direction",
    "comparator", "value", "value_text", "decimals", "unit", "scale",
    "date", "date_end", "precision", "period", "time", "timezone", "ordinal",
    "published", "sentence", "span_start", "span_end",
)

#: What a claim measures.
METRICS: dict[str, str] = {
    "intraday_max_move": "largest move within a session vs the previous close ('as much as 37%')",
    "move_at_time": "move vs the previous close at a stated time of day ('up 37.13% as of 11:55AM ET')",
    "close_to_close_move": "one-session close-to-close move ('closed up 12%')",
    "period_return": "return over several sessions/months ('more than 1,000% over six months')",
    "price_level": "a price traded on a day or in a period ('$2.06 per share in September')",
    "market_cap_threshold": "market capitalisation passing a level, with an ordinal ('$1 trillion ... second time')",
    "quantity": "units, orders or counts ('100,000 units', '6,400 miners')",
    "financial_figure": "a reported accounting figure (revenue, net income, liabilities)",
}

#: How the stated value bounds the true one.
COMPARATORS: dict[str, str] = {
    "max": "'as much as', 'up to': the stated value is the maximum reached",
    "at_least": "'more than', 'over', 'above': strictly greater than the value",
    "at_most": "'less than', 'under', 'below': strictly less than the value",
    "nearly": "'nearly', 'almost': just below the value",
    "approx": "'about', 'around', 'roughly', 'some': close to the value",
    "equal": "plain statement: equal at the stated precision",
}

PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year", "period", "unresolved")
