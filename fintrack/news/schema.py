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
precision       str   as for events, or 'relative': the day is set by an event the text does not
                      date ("Before the results, its shares had closed at $1.74" in an article
                      that never says when the results came): unverifiable, never the
                      publication date
period          str   for returns over a span: ISO-8601 duration ('P6M', 'P7D'), else ''
time            str   'HH:MM' local time ('11:55') for "as of" claims, and for a price
                      level stated at a time ("trading at $21,150 at 10:15 a.m. ET");
                      else '' (trading phases are in ``session_phase``)
timezone        str   IANA zone of ``time``
ordinal         int   'for the second time' -> 2; 0 when not stated
price_field     str   the bar field a level names: 'open' | 'close' | 'high' | 'low' |
                      'prev_close' | '' (a bare "traded at", "hit $X")
session_phase   str   'premarket' | 'after-hours' | 'overnight' | '' (regular or not stated)
reference       str   what a move or drawdown is measured from when the text says it:
                      'prev_close' (or '') | 'open' | 'record' | 'period_high' |
                      'week52_high' | 'week52_low' | 'level' (see reference_value) |
                      'span_low' / 'span_high' (a return "since its low in March": from the
                      span's lowest / highest close) | 'day_close' (a return "since
                      Tuesday's close": from the close of the day ``date`` names)
reference_value float the explicit start level ("from $6.91 ... to $13.04"), else NaN
snapshot        str   'quote' when the number is the article's own current quote
                      ("is trading at", "last traded at", "shares are up 5% today",
                      quote widgets) with no explicit time; 'close' when an undated move is
                      of a session whose close the text spoke of ("Miners surged on Monday.
                      Marathon jumped 30% to close at $25.01. Hut 8 gained 19%."), or when a
                      return ends at a close the text names ("as of Tuesday's close", "ended
                      the week up 41%"); else ''
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
    "price_field", "session_phase", "reference", "reference_value", "snapshot",
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
    "open_gap": "move from the previous close to the open ('opened up 12%', a stock 'up 13% overnight')",
    "dollar_change": "close minus the previous close in USD ('down $0.70', 'gained $1.25')",
    "week52_high": "level of the 52-week (12-month) high ('a 52-week high of $13.00')",
    "week52_low": "level of the 52-week (12-month) low ('a twelve month low of $1.76')",
    "off_high": "percent below a high ('down 60% from its record'); ``reference`` says which high",
    "period_high": "highest level over a period ('a record high of $108,135', 'a 2024 high of $31.03')",
    "period_low": "lowest level over a period ('a low of $1.76 in June')",
    "lowest_since": "a level that is the lowest since a date (date = that date, date_end = the claim's day)",
    "highest_since": "a level that is the highest since a date (date = that date, date_end = the claim's day)",
    "market_cap_level": "a market capitalisation level ('a market cap of $2.2 trillion')",
    "move_24h": "a crypto asset's move over the past 24 hours ('up 3% in the last 24 hours')",
    "quantity": "units, orders or counts ('100,000 units', '6,400 miners'); not a price claim",
    "financial_figure": "a reported accounting figure (revenue, net income, liabilities); not a price claim",
    "forecast": "a figure the text puts in the future or in a possibility ('could reach $300,000', 'is expected "
                "to open 5% higher'); not a price the bars can check",
}

#: Metrics that are not claims about a price (the verifier marks them unverifiable).
NOT_PRICE_METRICS: frozenset[str] = frozenset({"quantity", "financial_figure", "forecast"})

#: Values of the categorical claim columns.
PRICE_FIELDS: tuple[str, ...] = ("open", "close", "high", "low", "prev_close", "")
SESSION_PHASES: tuple[str, ...] = ("premarket", "after-hours", "overnight", "")
REFERENCES: tuple[str, ...] = ("prev_close", "open", "record", "period_high", "week52_high", "week52_low",
                               "level", "")

#: How the stated value bounds the true one.
COMPARATORS: dict[str, str] = {
    "max": "'as much as', 'up to': the stated value is the maximum reached",
    "at_least": "'more than', 'over', 'above': strictly greater than the value",
    "at_most": "'less than', 'under', 'below': strictly less than the value",
    "nearly": "'nearly', 'almost': just below the value",
    "near": "'nears', 'approaching': the level approached, the value itself",
    "approx": "'about', 'around', 'roughly', 'some': close to the value",
    "band": "'$40-something', 'in the $40s': a band of prices from the value to its next round digit",
    "band_low": "'in the low $40s': the band's low part",
    "band_mid": "'in the mid-$40s': the band's middle",
    "band_high": "'in the high $40s': the band's high part",
    "equal": "plain statement: equal at the stated precision",
}

PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year", "period", "unresolved", "relative")
