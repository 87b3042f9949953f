"""Typed quantitative claims from sentences: the pattern table plus resolvers.

For each number in a sentence (:mod:`fintrack.news.numbers`):

1. Not a price: a number governed by an accounting word ('net income',
   'revenue', 'liabilities', nearer than any stock word) is a
   ``financial_figure``; a count followed by a product or order noun
   ('100,000 units', '6,400 miners') is a ``quantity``. A percent right after
   such a figure (", up 50% from a year earlier") is that figure's growth.
2. Otherwise the first row of :data:`fintrack.news.patterns.PATTERNS`
   (priority order) matching the words around the number decides the metric
   and fills fields (``price_field``, ``reference``, ``session_phase``...).
   A number no row matches is not a claim.
3. Resolvers (:mod:`fintrack.news.resolvers`) fill subject, date or period,
   comparator, direction, trading phase and snapshot; a row's placeholder
   metric is refined from the date: ``move`` -> ``period_return`` (a period,
   month, quarter, year or "since"), ``move_24h`` (24 hours of a crypto
   asset), ``move_at_time`` (a time of day, a named phase or a snapshot),
   ``close_to_close_move`` (otherwise); ``high``/``low`` -> ``period_high``/
   ``period_low`` over a span or a record, else ``price_level`` with that
   ``price_field``.

'Doubled', 'tripled', 'six-fold' are factors (unit 'multiple'): a
``period_return`` on a price, else a financial figure or a quantity.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from fintrack.news.dates import (
    PERIOD_END, WORD_NUMBERS, TemporalExpression, add_months, anchor_offset, event_anchor, sessions_back,
    shift_day)
from fintrack.news.lexicon import (
    DOWN_NOUNS, DOWN_VERBS, EVENT_FAMILY, FINANCIAL_NOUNS, FORECAST_WORDS, MARKET_CAP_WORDS, PRODUCT_NOUNS,
    QUANTITY_NOUNS, RETURN_NOUNS, SECURITY_NOUNS, UP_NOUNS, UP_VERBS, event_family)
from fintrack.news.numbers import MONEY_UNITS, Quantity, find_quantities
from fintrack.news.patterns import (
    AFTER_WINDOW, HAD_AT_A_DATE, LABEL_ROW, TRUSTED, WINDOW, ClaimPattern, match_pattern)
from fintrack.news.registry import Mention
from fintrack.news.resolvers import (
    ASIDE, COMPANY_METRICS, clause_end, comparator_before, compared_date, compared_objects, compared_objects_removed,
    date_fields, direction_near, extreme_span, is_snapshot, nearest_subject, pick_date, price_band, record_since,
    return_noun_direction, return_noun_level, stated_span, trading_phase)

__all__ = ["Claim", "claims_in_sentence", "comparator_before", "date_fields", "pick_date"]

_TRADED = re.compile(rf"\b(?:trad(?:e|ed|es|ing)|{SECURITY_NOUNS}|price[sd]?|valued|closed|opened|"
                     r"changing hands|index|composite|average)\b", re.IGNORECASE)
#: An economic series whose move is no security's ("consumer prices rose 6.2%", "wages climbed 4%").
_ECONOMY_BEFORE = re.compile(r"\b(?:(?:consumer|producer|import|export|home|house|housing|food|energy|gasoline|"
                             r"rental)\s+prices|inflation|wages|payrolls|retail\s+sales|GDP|gross\s+domestic\s+product|"
                             r"unemployment(?:\s+rate)?|jobless\s+claims|CPI|PPI)\b(?:\s+[\w-]+){0,3}?\s+$",
                             re.IGNORECASE)
_FINANCIAL = re.compile(rf"\b(?:{FINANCIAL_NOUNS})\b", re.IGNORECASE)
_SHARE_OF = re.compile(r"\b(?:of (?:the|our|its|total)\b|of total|share of|outside|overseas)", re.IGNORECASE)
_MARKET_CAP = re.compile(rf"\b(?:{MARKET_CAP_WORDS})\b", re.IGNORECASE)
_PER_SHARE = re.compile(r"^\s*(?:per|a|each)\s+share\b", re.IGNORECASE)
_QUANTITY_NOUN = re.compile(rf"^\s*(?:[\w-]+\s+){{0,5}}?(?P<noun>{QUANTITY_NOUNS})\b", re.IGNORECASE)
_PRODUCT = re.compile(rf"\b(?:{PRODUCT_NOUNS})\b", re.IGNORECASE)
_GROWTH_OF_PREVIOUS = re.compile(
    r"[,(]\s*(?:an?\s+)?(?:up|down|higher|lower|rising|falling|(?:an?\s+)?(?:increase|decrease|gain|drop|rise|"
    r"decline)\s+of)\s+(?:by\s+)?(?:[a-z]+\s+than\s+|nearly\s+|almost\s+|about\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE)
_TO_LEVEL = re.compile(r"\b(?:to|at)\s+(?:a\s+)?(?:(?:record|new|high|low)\s+(?:of\s+)?)?(?:about\s+|around\s+|"
                       r"nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+|some\s+|just\s+)?$",
                       re.IGNORECASE)
#: A forecast word governing the number: only plain words of its own clause between them ("could climb
#: as high as $300,000"); a clause break, another figure or a new clause ("will be added after it rose
#: 12%", "which could slow, rose 5%") ends its reach.
_CLAUSE_OPENERS = r"after|before|when|whenever|because|since|while|which|who|that|but|and|following|once|until|though"
_FORECAST = re.compile(rf"\b(?:{FORECAST_WORDS})\b(?:\s+(?!(?:{_CLAUSE_OPENERS})\b)[\w'-]+){{0,8}}\s*\$?\s*$",
                       re.IGNORECASE)
#: A generic conditional in the present tense: "When bitcoin falls 10%, these names fall 15%" states a rule of
#: thumb, not a move that happened (every figure of the sentence).
_GENERIC_CONDITIONAL = re.compile(r"^\W*(?:When|Whenever|If|Every\s+time|Each\s+time)\s+(?:[\w'-]+\s+){1,4}?"
                                  r"(?:falls|rises|drops|climbs|gains|jumps|moves|slides|sinks|loses|rallies|tumbles|"
                                  r"surges|dips|slumps|declines|goes\s+(?:up|down))\b")
_ESTIMATE = re.compile(r"\b(?:estimates?|estimated|forecasts?|expect(?:s|ed|ations?)?|consensus|guidance|"
                       r"outlook|projected|projects?|target)\b", re.IGNORECASE)
_CLOSED = re.compile(r"\b(?:clos(?:e|ed|ing)|ended|finished|settled)\b(?:[^.]{0,15}|\s+at\s+\$\s?[\d,.]+[^.%$]{0,25}?,"
                     r"\s*(?:up|down|higher|lower)\s*)$", re.IGNORECASE)  # also "closed at $0.64 on Wednesday, up"
_COUNTED = re.compile(r"\b(?:users|customers|clients|subscribers|employees|workforce|headcount|shipments|"
                      r"deliveries|orders|production|output|hash\s*rate|hashrate|volumes?|dominance)\b", re.IGNORECASE)
_RETURN_NOUN = re.compile(rf"\b(?:{RETURN_NOUNS})\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
#: A price's move "from a year ago": right after the figure, with at most a direction word between.
_YEAR_AGO_BASE = re.compile(r"\s*(?:higher|lower|up|down)?\s*(?:from|than|versus|vs\.?|compared\s+(?:with|to))\s+"
                            r"(?:a|one)\s+year\s+(?:ago|earlier|before)\b", re.IGNORECASE)
#: A count of occurrences ("the second time this month it has gained more than 5%", "three times this year it
#: has fallen over 10%"): the threshold after it is what is counted. Not "for the first time (since)": a record,
#: whose figure counts; nor a figure without a threshold word ("... and it has now gained 12%").
_COUNTED_OCCURRENCE = re.compile(
    r"\b(?:(?:second|third|fourth|fifth|sixth|\d+(?:nd|rd|th))\s+time|(?:two|three|four|five|several|many|\d+)\s+"
    r"times)\b(?!\s+since)[^.;%$]{0,60}?\b(?:it|they|the\s+(?:stock|shares|coin|index)|\w+)\s+(?:has|have|had)\s+"
    r"(?:\w+\s+){0,2}(?:more\s+than|over|at\s+least|above|in\s+excess\s+of)\s+$", re.IGNORECASE)
#: A session's swing from one move to another: "swung from a 21.8% gain to an 8.5% loss" (the first figure is the
#: session's extreme, the second where it closed; both of the day the sentence names).
_SWING = re.compile(rf"\b(?:swung|swings|swinging|went|turned|flipped|reversed)\s+from\s+(?:an?\s+)?"
                    rf"(?P<first>\d[\d.]*\s?%)\s+(?:(?P<up1>{UP_NOUNS})|(?:{DOWN_NOUNS}))\s+to\s+(?:an?\s+)?"
                    rf"(?P<second>\d[\d.]*\s?%)\s+(?:(?P<up2>{UP_NOUNS})|(?:{DOWN_NOUNS}))\b", re.IGNORECASE)
#: A day expression right after a figure (at most a preposition between): the day the figure is of.
_DAY_RIGHT_AFTER = re.compile(r"[\s,]*(?:on\s+)?", re.IGNORECASE)
_MID_SESSION = re.compile(r"\b(?:intraday|in\s+(?:early|morning|midday|mid-day|afternoon|late)\s+trad(?:e|ing)|"
                          r"during\s+(?:mid-?day|morning|afternoon|early|late)\s+trading|at\s+press\s+time|"
                          r"at\s+the\s+time\s+of\s+writing|as\s+of\b|in\s+the\s+(?:half|first)\s+hour|"
                          r"after\s+(?:the\s+)?(?:market\s+)?open(?!ing\s+(?:up|down|higher|lower|at|\d))|"
                          r"(?:is|are)\s+(?:now\s+)?(?:currently\s+)?"
                          r"(?:trading\s+)?(?:up|down|higher|lower|falling|rising|climbing|sliding|dropping|gaining|"
                          r"losing|jumping|soaring|tumbling|sinking|surging)|today)", re.IGNORECASE)
_MULTIPLE = re.compile(r"\b(?P<word>doubl(?:ed|ing|e)|tripl(?:ed|ing|e)|quadrupl(?:ed|ing|e)|quintupl(?:ed|ing|e)|"
                       r"sextupl(?:ed|ing|e)"
                       r"|(?P<fold>\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)-?fold)\b",
                       re.IGNORECASE)
#: Between a company's name and its multiple: an auxiliary, a rise verb and a hedge at most ("has risen more than").
_COMPANY_THEN_MULTIPLE = re.compile(
    r"(?:'s|’s)?\s+(?:(?:has|have|had|is|was)\s+)?(?:(?:more\s+than|nearly|almost|roughly|about|over)\s+)?"
    r"(?:(?:risen|rose|climbed|gained|grown|increased|surged|jumped|rallied|soared)\s+)?"
    r"(?:(?:more\s+than|nearly|almost|roughly|about|over|by)\s+)?", re.IGNORECASE)
#: After the multiple: no object of its own ("doubled its hashrate"), but the end or a span of time.
_NO_OBJECT_AFTER = re.compile(r"\s*(?:[,.;]|$|(?:since|over|in|this|so\s+far|from|during|after|before|for|on|"
                              r"last|year|within)\b)", re.IGNORECASE)
_MULTIPLE_VALUES = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "quintupl": 5.0, "sextupl": 6.0}
_FOLD_VALUES = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0,
                "nine": 9.0, "ten": 10.0, "twenty": 20.0, "hundred": 100.0}
_ORDINAL = re.compile(r"\bfor\s+the\s+(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                      r"tenth|\d+(?:st|nd|rd|th))\s+time\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
_MOVE_METRICS = ("intraday_max_move", "move_at_time", "close_to_close_move", "period_return", "open_gap",
                 "move_24h", "off_high", "dollar_change")
_SPAN_KINDS = ("period", "month", "quarter", "year")
#: Figures of one session, dated by the session the text was speaking of when they have no date.
_SESSION_METRICS = ("price_level", "dollar_change", "move_at_time", "intraday_max_move", "open_gap",
                    "close_to_close_move")


#: Metrics whose value is the price of one share or coin: never a figure in millions or more.
_PER_UNIT_METRICS = ("price_level", "period_high", "period_low", "lowest_since", "highest_since", "week52_high",
                     "week52_low", "dollar_change")
#: Words ending a session: "It ended the day just shy of $64,000, down 6.6%" is that session's close-to-close move,
#: even after figures of a moment of it ("as low as $59,300").
_ENDED_SESSION = re.compile(r"\b(?:ended|finished|closed)\s+(?:the\s+)?(?:day|session|trading\s+day)\b", re.IGNORECASE)
#: Days before publication within which a session the text speaks of dates its undated moves.
_RECENT_SESSION_DAYS = 7


def _recent(session: dict, published: dt.date | None) -> bool:
    """True when the session is of the days just before publication (or publication is unknown):
    an undated move after a record's date ("its closing high of January 3, 2022") is not of that day."""
    if published is None:
        return True
    try:
        day = dt.date.fromisoformat(session.get("date", ""))
    except ValueError:
        return False
    return 0 <= (published - day).days <= _RECENT_SESSION_DAYS


def _whole_session(session: dict, published: dt.date | None) -> bool:
    """True when an undated close-to-close move is of the session the text speaks of: a recent session
    whose close the text spoke of, or one that ended before publication and that the text spoke of as a
    day, not as a moment of it ("rose as much as 21% on Thursday morning. Bitcoin was trading 2% higher")."""
    if not _recent(session, published):
        return False
    if session.get("closed"):
        return True
    return published is not None and not session.get("moment", True) and session.get("date", "") < published.isoformat()


@dataclass(frozen=True)
class Claim:
    """One quantitative claim; field meanings are those of ``schema.CLAIM_COLUMNS``."""

    subject: str
    subject_name: str
    metric: str
    direction: str
    comparator: str
    value: float
    value_text: str
    decimals: int
    unit: str
    scale: float
    date: str
    date_end: str
    precision: str
    period: str
    time: str
    timezone: str
    ordinal: int
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    qualifiers: str = ""  # e.g. 'net income', used by event descriptions
    estimate: bool = False  # an analysts' estimate or a forecast, not a reported figure
    price_field: str = ""
    session_phase: str = ""
    reference: str = ""
    reference_value: float = float("nan")
    snapshot: str = ""
    pattern: str = ""  # the name of the pattern row that classified the number ('' for factors, figures)
    # the family of the event (``lexicon.EVENT_WORDS``) a figure of precision 'relative' is dated by ("before the
    # results": 'results'); the article gives that event's day, if any (``extract.extract_article``)
    event: str = ""
    event_offset: int = 0  # days from the event's day ("the day after the election": 1)
    # a figure a correction takes back ("An earlier version of this story said shares fell 27%"): not a claim, but
    # its subject and day are what the correction after it speaks of (the article drops it once it has read them)
    retracted: bool = False

    def row(self) -> dict:
        return {k: getattr(self, k) for k in (
            "subject", "subject_name", "metric", "direction", "comparator", "value", "value_text",
            "decimals", "unit", "scale", "date", "date_end", "precision", "period", "time",
            "timezone", "ordinal", "price_field", "session_phase", "reference", "reference_value",
            "snapshot")}


def _financial_context(sentence: str, q: Quantity, after: str) -> bool:
    """True when an accounting word governs the number rather than a stock or price word.

    The nearer of the two kinds of word before the number wins ("Revenue rose
    15% to $2.1 billion" is financial; "shares rose 5% after revenue beat" is
    not); an accounting noun right after the number ("$3 million in gross
    profit") makes it financial too.
    """
    window = _MARKET_LOSSES.sub(lambda m: " " * len(m.group(0)), sentence[max(0, q.start - 80):q.start])
    fin = [m.end() for m in _FINANCIAL.finditer(window)]
    trade = [m.end() for m in _TRADED.finditer(window)]
    if fin and (not trade or fin[-1] > trade[-1]):
        return True
    head = after[:40]
    return bool(_FINANCIAL_WORD.search(head) and _FINANCIAL_AFTER.match(head))


#: A session's losses or gains pared, extended or erased: a market idiom, not an accounting figure.
_MARKET_LOSSES = re.compile(r"\b(?:par(?:e|ed|es|ing)|trimm?(?:ed|s|ing)?|extend(?:ed|s|ing)?|recoup(?:ed|s|ing)?|"
                            r"eras(?:e|ed|es|ing)|narrow(?:ed|s|ing)?|deepen(?:ed|s|ing)?)\s+"
                            r"(?:some\s+of\s+|most\s+of\s+)?(?:its\s+|their\s+|the\s+|early\s+|earlier\s+)?"
                            r"(?:losses|gains)\b", re.IGNORECASE)
#: A company figure's growth on the same period a year before ("produced 2,038 bitcoin, a 58% increase over the same
#: period in the prior year"): an operating comparison, never a price's move.
_SAME_PERIOD_GROWTH = re.compile(r"\s*(?:increase|decrease|rise|gain|growth|decline|drop|jump|fall)\s+(?:over|from|on|"
                                 r"compared\s+(?:with|to)|versus|vs\.?)\s+the\s+same\s+(?:period|quarter|month|time)\b",
                                 re.IGNORECASE)
_FINANCIAL_WORD = re.compile(r"revenue|profit|income|sales|loss|earnings|ebitda", re.IGNORECASE)
# "... To $1.86 After Earnings Miss": a cause after the number, not the figure's item.
_FINANCIAL_AFTER = re.compile(r"\s*(?!(?:after|following|ahead|before|on|amid|despite|as)\b)(?:\w+\s+){0,2}"
                              r"(?:in|of)?\s*(?:our|its|the)?\s*"
                              r"(?:(?:year-over-year|year-on-year|quarterly|annual|yearly|sequential)\s+)?"
                              r"(?:total\s+)?(?:net\s+|gross\s+)?"
                              r"(?:revenues?|profits?|income|sales|loss|earnings|ebitda)\b", re.IGNORECASE)


_SINGULAR = {"revenues": "revenue", "profits": "profit", "losses": "loss", "liabilities": "liabilities",
             "margins": "margin", "expenses": "expense", "costs": "cost", "dividends": "dividend"}


def _item_name(word: str) -> str:
    word = re.sub(r"\s+", " ", word.lower())
    return _SINGULAR.get(word, word)


def _financial_item(sentence: str, q: Quantity, after: str, unit: str) -> str:
    """The accounting item a number belongs to ('revenue', 'net income', 'earnings per share')."""
    if unit == "usd_per_share":
        return "earnings per share"
    before = list(_FINANCIAL.finditer(sentence[max(0, q.start - 80):q.start]))
    found = before[-1] if before else _FINANCIAL.search(after[:40])
    return _item_name(found.group(0)) if found else ""




def _not_a_price(q: Quantity, sentence: str, clause: str, after: str, has_move: bool) -> tuple[str, str] | None:
    """('financial_figure' | 'quantity', unit) for company figures and counts, else None."""
    financial = _financial_context(sentence, q, after)
    if q.unit in MONEY_UNITS:
        if financial and not _MARKET_CAP.search(sentence, max(0, q.start - 40), q.end + 40):
            money = q.unit
            per_share = _PER_SHARE.match(after) is not None
            return "financial_figure", ("usd_per_share" if money == "usd" else money) if per_share else money
        return None
    if q.unit == "percent":
        if _RETURN_AFTER.match(after):
            return None  # "with over 53% yearly gains": a price's return, whatever word came before
        if return_noun_level(sentence[max(0, q.start - 90):q.start]) is not None:
            return None  # "bringing its losses for the year to 27%": the size of a price's loss
        if financial or (_SHARE_OF.search(after[:30]) and not has_move):
            return "financial_figure", "percent"
        return None
    if q.missing:
        return None
    noun = _QUANTITY_NOUN.match(after)
    if noun:
        return "quantity", "units" if _PRODUCT.search(after[:80]) else "count"
    return None


def _lost_number(q: Quantity, clause: str, after: str, has_move: bool, sentence: str) -> tuple[str, str] | None:
    """What a number the text lost was ("a net income of  from  million"), from its neighbours."""
    financial = _financial_context(sentence, q, after)
    if _MARKET_CAP.search(after[:40]):
        return "market_cap_threshold", "usd"
    if has_move and _TRADED.search(clause):
        return "move", q.unit
    noun = _QUANTITY_NOUN.match(after)
    if noun and not noun.group(0).strip().count(" "):
        return "quantity", ""  # "some  terahashes": the noun right after the lost number
    if financial:
        return "financial_figure", ""
    if noun:
        return "quantity", ""
    if q.scale > 1:
        return "financial_figure", ""
    return None


def _move_metric(expr: TemporalExpression | None, sentence: str, before: str, start: int, end: int,
                 has_time: bool, subject: Mention | None, phase: str = "") -> str:
    """Which move a percent move is, from the date it refers to and the words around it."""
    if expr is not None and (expr.period in ("PT24H", "P1D") or re.search(r"24\s*hours?|past\s+day", expr.text)) \
            and subject is not None and subject.kind == "crypto":
        return "move_24h"
    if expr is not None and (expr.kind in _SPAN_KINDS
                             or _SINCE.search(sentence, max(0, expr.start - 30), expr.start)):
        return "period_return"
    if _CLOSED.search(before[-40:]):
        # "after closing 1.8% higher", even beside "extended trading" or a time stamp ("4:05 p.m. ET: The
        # S&P 500 closed up 9.5%")
        return "close_to_close_move"
    if has_time:
        return "move_at_time"
    if phase:
        return "move_at_time"  # "fell 3% in after-hours trading": the phase is in session_phase
    if _MID_SESSION.search(sentence, max(0, start - 80), clause_end(sentence, end, end + 80)):
        return "move_at_time"
    since = _SINCE.search(sentence, max(0, start - 80), min(len(sentence), end + 80))
    if expr is None and since and not record_since(sentence, since.end()):  # not "its best day since 2008"
        return "period_return"
    return "close_to_close_move"


_RETURN_AFTER = re.compile(r"\s*(?:yearly|annual|annualized|monthly|weekly|daily|intraday|year-to-date)\s+"
                           r"(?:gains?|loss(?:es)?|returns?|rally|jump|drop|decline|slump|surge)\b", re.IGNORECASE)
# "from its offering price to $8.40": $8.40 is where the move ended, not where it started.
_FROM_LEVEL = re.compile(r"\s*,?\s*from\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:(?!to\b)[\w-]+\s+){0,3}?(?:of\s+)?"
                         r"(?:about\s+|around\s+)?\$(\d[\d,]*(?:\.\d+)?)\b", re.IGNORECASE)
#: Right after a percent: the price it is measured from and the date the security had it ("up 10% from the 63 cents
#: it fetched at the end of November"); the date is blanked in the analysis text.
_FROM_PRICE_ON_A_DATE = re.compile(r"\s*,?\s*from\s+(?:the\s+)?(?:about\s+|around\s+)?(?:\$\s?\d[\d,]*(?:\.\d+)?|"
                                   r"\d{1,2}\s+cents)" + HAD_AT_A_DATE, re.IGNORECASE)
_PRONOUN_START = re.compile(r"\s*(?:(?:(?:on|by|in|at|since|then|but|and|still|now)\b[\w\s]{0,20}?|(?:a|one)\s+"
                            r"(?:trading\s+)?(?:day|session)\s+(?:earlier|later|before|after)|the\s+(?:next|following|"
                            r"previous|prior)\s+(?:trading\s+)?(?:day|session)),?\s*)?"
                            r"(?:it|they|its|their|it's|they've|they're|the\s+(?:stock|shares))\b", re.IGNORECASE)
_OF_SUBJECT = re.compile(r"[^.;,]{0,40}?\b(?:of|for|in)\s+(?:the\s+)?(?:price\s+of\s+)?$", re.IGNORECASE)


def _subject_after(mentions: list[Mention], text: str, end: int) -> Mention | None:
    """The subject named right after a move ("a 56% decline in the price of bitcoin")."""
    for m in mentions:
        if end <= m.start <= end + 60 and _OF_SUBJECT.fullmatch(text, end, m.start):
            return m
    return None


#: A move noun right after a percent, then whose move it is: "a 45% rise for bitcoin", "a 9% drop in Riot".
_OWNER_AFTER = re.compile(rf"\s*(?:{RETURN_NOUNS})\s+(?:for|in|of)\s+(?:the\s+)?(?:price\s+of\s+|shares\s+of\s+)?",
                          re.IGNORECASE)


# ("bitcoin's advance of more than 110%": the move noun's "of" and a comparator before the figure)
#: Right before a trading venue's name: a price, then "on" ("$59,300 on Coinbase", "$1.50 on the Nasdaq").
_VENUE_BEFORE = re.compile(r"\d(?:[kKmM]\b)?\s+on\s+(?:the\s+)?$")
_OWNER_BEFORE = re.compile(r"(?:'s|\u2019s)\s+(?:[a-z-]+\s+){0,2}?(?:of\s+(?:(?:more|less)\s+than\s+|about\s+|"
                           r"nearly\s+|almost\s+|roughly\s+|around\s+|over\s+|some\s+)?)?$")


def _owner_before(mentions: list[Mention], text: str, start: int) -> Mention | None:
    """The registry name whose possessive owns a percent right after it ("bitcoin's 2% rise", "Riot's
    one-day 9% gain"), even where the sentence compares it with its subject; None otherwise."""
    for m in mentions:
        if start - 30 <= m.end < start and m.ticker and not m.anaphora and _OWNER_BEFORE.fullmatch(text, m.end, start):
            return m
    return None


def _owner_after(mentions: list[Mention], text: str, end: int) -> Mention | None:
    """The registry name a percent's own move noun names ("a 45% rise for bitcoin"), overriding a subject
    named before it; None when no such name follows."""
    found = _OWNER_AFTER.match(text, end)
    if found is None:
        return None
    return next((m for m in mentions if m.start == found.end() and m.ticker and not m.anaphora), None)


#: A company's name by its legal form ("Bit Digital Inc."), not a word the name finder took for one ("USD surged").
_LEGAL_NAME = re.compile(r"\b(?:Inc|Incorporated|Corp|Corporation|Ltd|Limited|LLC|plc|PLC|AG|SA|NV)\.?$")
#: An unknown name's own move verb right after it, maybe after its bare symbol: "Bit Digital Inc. BTBT fell",
#: "the crypto market was down".
_OWN_MOVE_VERB = re.compile(rf"[^\S\n]+(?:[A-Z]{{1,5}}[^\S\n]+)?(?:shares[^\S\n]+)?"
                            rf"(?:(?:was|were|is|are|has|have)[^\S\n]+)?(?:{UP_VERBS}|{DOWN_VERBS})\b")


#: A figure about who holds a stock, not its price: a fund's position changed "by" it ("grew its position in Riot
#: by 185.8%", "increased its stake in shares of Riot by 12.1%"), a holding "valued at" it ("a new stake in
#: shares of Riot ... valued at about $5,521,000", "owns 1,056,341 shares of the company's stock valued at $5.4
#: million").
_HOLDING_BEFORE = re.compile(
    r"\b(?:(?:position|stake|holdings?)\s+in\b[^.;%$]{0,80}?\bby|(?:position|stake|holdings?|shares)\b[^.;%$]{0,100}?"
    r"\bvalued\s+at(?:\s+(?:about|approximately|roughly|around|nearly))?)\s*\$?\s*$", re.IGNORECASE)
#: The price shares were sold at in an offering, not one they traded at: "(sold 10 million shares) at a price of
#: $9 apiece", with an offering word before it (not an insider's sale "at an average price of $45", a trade the
#: day's range can check). The named forms ("an offering price of $9", "priced its IPO at $9") and a short "stake
#: worth $5 million" are the pattern table's ``not_a_price`` row: no claim at all.
_OFFER_PRICE = re.compile(r"\bat\s+an?\s+price\s+of\s*\$?\s*$", re.IGNORECASE)
_OFFERING = re.compile(r"\b(?:sold|sells|selling|offered|offers|offering|issued|issuing|IPO|initial\s+public|priced|"
                       r"placement|listing)\b", re.IGNORECASE)
_SHORT_INTEREST = re.compile(r"\bshort\s+interest\b", re.IGNORECASE)
#: A price move named between a sentence's "short interest" and a figure, the figure then the price's: the shares
#: moving ("its shares fell 5%"), or another clause's move ("Despite heavy short interest, Riot rose 5%"; not a
#: noun: ", an increase of 24.5%").
_PRICE_MOVE = re.compile(rf"(?:\b(?:shares|stock|price)\b\s+(?:[\w-]+\s+){{0,2}}?"
                         rf"|[,;]\s*(?!(?:an?|the)\b)(?:[\w'.&-]+\s+){{0,4}}?)(?:{UP_VERBS}|{DOWN_VERBS})\b",
                         re.IGNORECASE)


def _holdings_figure(analysis: str, clause: str, start: int) -> bool:
    """Whether the figure at ``start`` is about holdings of a stock rather than its price: short interest
    ("Short Interest in Riot Rises By 24.5%", "short interest totalling 9,100,000 shares, an increase of 24.5%"),
    unless a price move is named in between, a fund's position or stake (:data:`_HOLDING_BEFORE`), or the price of
    an offering (:data:`_OFFER_PRICE`)."""
    if _HOLDING_BEFORE.search(clause) or (_OFFER_PRICE.search(clause)
                                          and _OFFERING.search(analysis, max(0, start - 200), start)):
        return True
    named = [m for m in _SHORT_INTEREST.finditer(analysis, 0, start)]
    return bool(named) and not _PRICE_MOVE.search(analysis, named[-1].end(), start)


def _unlisted_mover(mentions: list[Mention], text: str, start: int, subject: Mention | None) -> Mention | None:
    """A company the registry lacks that is the subject of the move a figure belongs to ("Riot fell 1.4%, and Bit
    Digital Inc. BTBT fell 9.9%": the 9.9% is not Riot's), when its name ends in a legal form (or it is the crypto
    market as a whole or a group of stocks: "Bitcoin slipped 1%, and crypto stocks rose 2%") and stands after
    ``subject`` with its own move verb, no other name before the figure; None otherwise (a registry name then owns
    the figure)."""
    last = next((m for m in reversed(mentions) if m.end <= start), None)
    if (last is None or last.ticker or last.anaphora or subject is None or last.start < subject.end
            or not (_LEGAL_NAME.search(last.name) or last.kind in ("crypto", "sector"))):
        return None
    return last if _OWN_MOVE_VERB.match(text, last.end) else None


_THE_MONTH = re.compile(r"(?:over|for|during|in)\s+the\s+month", re.IGNORECASE)
_SO_FAR = re.compile(r"\s+(?:so\s+far|to\s+date)\b", re.IGNORECASE)


def _latest_return_span(claims: list["Claim"], span: dict | None) -> dict | None:
    """The span of the latest return: one of this sentence's claims ("gained 133% over the past year, outpacing
    bitcoin's advance of 110% over the same period"), else ``span`` (of the text before)."""
    return next(({"date": c.date, "date_end": c.date_end, "precision": "period", "period": c.period,
                  "reference": c.reference} for c in reversed(claims) if c.metric == "period_return" and c.date
                 and c.date_end), span)


def _month_named_before(claims: list["Claim"], span: dict | None) -> dict | None:
    """Date fields of the calendar month the latest return before spanned ("Riot climbed 21% in January.
    Marathon nearly doubled over the month": January), from this sentence's claims, else ``span``."""
    latest = next(({"date": c.date, "date_end": c.date_end, "precision": "period", "period": c.period}
                   for c in reversed(claims) if c.metric == "period_return" and c.date and c.date_end), span)
    if latest is None or not latest["date"] or not latest["date_end"]:
        return None
    first, last = dt.date.fromisoformat(latest["date"]), dt.date.fromisoformat(latest["date_end"])
    whole = first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and (first.year, first.month) == (
        last.year, last.month)
    return latest if whole else None


def _the_month_meant(expr: TemporalExpression | None, sentence: str, fields: dict, month: dict | None) -> dict | None:
    """Date fields of ``month`` when the figure's date is "over (for, during) the month" and a calendar month named
    before ends before the one it was read as ("Riot climbed 21% in January. Marathon nearly doubled over the
    month": January, not the month of publication); not "over the month so far"."""
    if (month is None or expr is None or not _THE_MONTH.fullmatch(expr.text) or _SO_FAR.match(sentence, expr.end)
            or not fields["date"] or month["date_end"] >= fields["date"]):
        return None
    return {k: month[k] for k in ("date", "date_end", "precision", "period")}  # not the span's start reference


_CLOSE_NEAR = re.compile(r"\bclos(?:e|ed|es|ing)\b", re.IGNORECASE)
_SAME_SPAN = re.compile(r"[^.;%]{0,30}?\b(?:over|in|during|for|across)\s+(?:the\s+same\s+(?:span|period|stretch|"
                        r"time(?:\s*frame)?|timeframe|week|month|quarter|year|days|sessions)|(?:that|this)\s+(?:span|"
                        r"period|stretch|time\s*frame|timeframe))\b", re.IGNORECASE)
_COUNT_WORD = r"(?:\d{1,2}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
# A run of sessions the sentence counts: "for a fifth straight session", "seven consecutive days", "extending its
# losing streak to five sessions".
_STREAK = re.compile(
    r"\bfor\s+(?:a|the)\s+(?P<nth>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+(?:straight|consecutive)\s+"
    r"(?:trading\s+)?(?P<unit>session|day)\b"
    r"|\b(?P<count>" + _COUNT_WORD + r")\s+(?:straight|consecutive)\s+(?:trading\s+)?(?P<unit2>session|day)s\b"
    r"|\bstreak\s+to\s+(?P<count2>" + _COUNT_WORD + r")\s+(?:straight\s+|consecutive\s+)?(?:trading\s+)?"
    r"(?P<unit3>session|day)s\b", re.IGNORECASE)
# "climbing 64% over that stretch", "a 26% decline over that run": a figure of the whole run just counted.
_OVER_THAT_RUN = re.compile(r"\s*(?:[a-z-]+\s+){0,2}?(?:over|during|across|in)\s+(?:that|this|the)\s+"
                            r"(?:stretch|run|streak|span|period)\b", re.IGNORECASE)
_UNTIL_BEFORE = re.compile(r"\b(?:as\s+of|up\s+to|through|until|till|to)\s+$", re.IGNORECASE)


def _until_close(temporals: list[TemporalExpression], sentence: str) -> dt.date | None:
    """The day of "as of (up to, through) Thursday's close" in the sentence: where a return it gives ends."""
    for t in temporals:
        if t.kind == "day" and t.date and _UNTIL_BEFORE.search(sentence, max(0, t.start - 12), t.start) \
                and _DAY_CLOSE_AFTER.match(sentence, t.end):
            return t.date
    return None


def _streak_span(sentence: str, end: int, fields: dict, published: dt.date | None,
                 subject: Mention | None) -> dict | None:
    """Date fields of the streak a figure spans ("rose for a fifth straight session, climbing 64% over that
    stretch": the five sessions' return): from the run's first session (the return starts at the close before it)
    to the figure's day, else publication. Bitcoin's days are calendar days, a stock's are sessions. None when the
    sentence counts no run or the figure is not "over that stretch"."""
    streak = _STREAK.search(sentence)
    if streak is None or not _OVER_THAT_RUN.match(sentence, end):
        return None
    word = (streak.group("nth") or streak.group("count") or streak.group("count2")).lower()
    count = _ORDINALS.get(word) or (int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else WORD_NUMBERS[word])
    last = (dt.date.fromisoformat(fields["date"]) if fields["precision"] == "day" and fields["date"]
            else published)
    if last is None or not 1 < count <= 30:
        return None
    calendar_days = subject is not None and subject.kind == "crypto"
    first = last - dt.timedelta(days=count - 1) if calendar_days else sessions_back(last, count - 1)
    return {"date": first.isoformat(), "date_end": last.isoformat(), "precision": "period", "period": ""}


def _names_before(mentions: list[Mention], end: int, *, registered: bool) -> list[Mention]:
    """The names (not anaphora) written before ``end``, in order, a registry name written twice in a row counted
    once ("Riot Platforms (RIOT) and Marathon" names two); ``registered``: registry names only."""
    names: list[Mention] = []
    for m in mentions:
        if m.end <= end and not m.anaphora and (m.ticker or not registered) and (
                not names or not m.ticker or names[-1].ticker != m.ticker):
            names.append(m)
    return names


def _end_of_span(metric: str, fields: dict, temporals: list[TemporalExpression], sentence: str,
                 published: dt.date | None) -> bool:
    """Where the span of a drawdown or a return ends, in ``fields`` (date fields): a drawdown from a dated high
    runs to publication ("9% below its record high of Dec. 17": now) or to a close the sentence names; a return
    ends at a close the sentence names ("up 71.9% this week as of Thursday's close") and never after publication
    ("up 150% this year"), nor does a span's high or low. True when the return ends at that named close (a figure
    not written during that session, even on its day)."""
    if metric == "off_high" and published is not None and fields["date"]:
        # ("As of Tuesday's close, the stock was about 31% below its Feb. 27 high of $18.36": to that close)
        until = _until_close(temporals, sentence)
        end = (until.isoformat() if until is not None and fields["date"] <= until.isoformat() <= published.isoformat()
               else published.isoformat())
        if fields["date_end"] < end:
            fields.update(date_end=end, precision="period")
    if metric in ("period_high", "period_low") and published is not None and fields["date_end"] > published.isoformat():
        fields.update(date_end=published.isoformat())  # "has traded between $45 and $67 this month": so far
    if metric != "period_return":
        return False
    closed = False
    if fields["date"] and (until := _until_close(temporals, sentence)) is not None \
            and fields["date"] < until.isoformat() <= fields["date_end"]:
        fields.update(date_end=until.isoformat(), precision="period")
        closed = True
    if published is not None and fields["date_end"] > published.isoformat():
        fields.update(date_end=published.isoformat(), precision="period")
    return closed


_FORMER_LATTER = re.compile(r"\bthe\s+(?P<which>former|latter)(?:'s|\u2019s)?\b[^.;%$]{0,30}$", re.IGNORECASE)


def _former_or_latter(mentions: list[Mention], text: str, start: int) -> Mention | None:
    """The first or second of the last two names before "the former" / "the latter" just before a figure."""
    found = _FORMER_LATTER.search(text, max(0, start - 45), start)
    if found is None:
        return None
    names = _names_before(mentions, found.start(), registered=True)
    if len(names) < 2:
        return None
    return names[-2] if found.group("which").lower() == "former" else names[-1]


#: An index named right after a move that the registry does not know ("a 15% increase in the Acme
#: China Leaders Index"): the claim is that index's, which has no price data.
_INDEX_NAMED_AFTER = re.compile(r"[^.;,%$]{0,40}?\b(?:in|of|for)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w&/.'-]*\s+){1,8}"
                                r"(?:Index|Composite|Average)\b)")


def _index_named_after(text: str, end: int) -> Mention | None:
    """The unknown index a move is of, named right after it (see ``_INDEX_NAMED_AFTER``)."""
    m = _INDEX_NAMED_AFTER.match(text, end, min(len(text), end + 120))
    return Mention("", m.group("name"), m.start("name"), m.end("name"), "index") if m else None


_SUBJECT_ASIDE = re.compile(r",\s*(?:which|who|whose|that)\b[^,;]{0,200},")


def _outside_asides(mentions: list[Mention], text: str, position: int) -> list[Mention]:
    """``mentions`` without those inside a relative clause that ends before ``position``
    ("the Nasdaq 100 index, which recently added MicroStrategy, is up 1.3%": the index)."""
    spans = [m.span() for m in _SUBJECT_ASIDE.finditer(text, max(0, position - 250), position)]
    if not spans:
        return mentions
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in spans)]


def _window_before(analysis: str, start: int) -> str:
    """The row window before a number: at most ``WINDOW`` characters, not across ';'."""
    text = analysis[max(0, start - WINDOW):start]
    cut = text.rfind(";")
    return text[cut + 1:] if cut >= 0 else text


def _since_fields(sentence: str, temporals: list[TemporalExpression], end: int,
                  published: dt.date | None, day: TemporalExpression | None = None) -> dict | None:
    """Date fields of "..., the lowest since November 2020": the "since" date to the claim's day
    ("fell 12% Wednesday, to below $16,000, the lowest since ...": Wednesday), else publication."""
    for t in temporals:
        if t.start >= end and t.start - end <= 120 and t.date is not None and \
                _SINCE.search(sentence, max(end, t.start - 12), t.start + 6):
            last = day.date if day is not None and day.precision == "day" and day.date is not None \
                and day.date > t.date else published
            return {"date": t.date.isoformat(), "date_end": last.isoformat() if last else "",
                    "precision": "period", "period": ""}
    return None


#: Right after a return: "since <event>'s close" ("since Election Day's close", "since the election's close").
_SINCE_EVENT_CLOSE = re.compile(
    r"[^.;%$]{0,30}?\bsince\s+(?:(?:the|its|their)\s+)?(?:" + EVENT_FAMILY + r")(?:'s|\u2019s)\s+close\b",
    re.IGNORECASE)
#: "Before the results", "ahead of Tuesday's report", "before the Nov. 3 election" ending the clause before a
#: figure: the figure is of the time before that event.
_BEFORE_EVENT = re.compile(
    r"\b(?:before|ahead\s+of|prior\s+to|in\s+advance\s+of)\s+(?:(?:the|its|their|this|that)\s+)?"
    r"(?:[\w.'\u2019-]+\s+){0,3}?(?:" + EVENT_FAMILY + r")\b[^;$%]{0,80}$", re.IGNORECASE)


def _relative_day() -> dict:
    """Date fields of a day the text counts from another it never gives ("the day after the election", "a day
    earlier" with no day spoken of): precision 'relative', unverifiable unless the article dates that other day."""
    return {"date": "", "date_end": "", "precision": "relative", "period": ""}


def before_event(sentence: str, start: int, temporals: list[TemporalExpression]
                 ) -> tuple[str, TemporalExpression | None] | None:
    """(event family, the event's day in the phrase or None) when the clause before ``start`` opens with
    "before the <event>" ("Before the results, its shares had closed at $1.74"; "Ahead of Tuesday's report,
    ..."); None otherwise."""
    lo = max(0, start - 160)
    m = _BEFORE_EVENT.search(sentence, lo, start)
    if m is None:
        return None
    family = event_family(m)
    day = next((t for t in temporals if t.kind == "day" and t.precision == "day"
                and m.start() <= t.start < m.start(family)), None)
    return family, day


_SINCE_EXTREME = re.compile(r"\bsince\s+(?:its|their|the|a|an)\s+(?:[\w-]+\s+)?(?P<word>lows?|bottom|trough|highs?|"
                            r"peak)\s+(?:(?:in|of|on)\s+)?$", re.IGNORECASE)


#: A level a move ended at: "fell to about $756 billion", "has climbed to $8".
_REACHED_LEVEL = re.compile(rf"\b(?:{UP_VERBS}|{DOWN_VERBS})\s+(?:\w+\s+)?to\s+(?:(?:about|around|roughly|nearly|"
                            r"almost|some|just\s+(?:over|under)|more\s+than|less\s+than)\s+)?$", re.IGNORECASE)
#: "... from that peak": the high a sentence named before, not the record.
_THAT_HIGH = re.compile(r"\s*(?:from|below|off|under)\s+(?:that|this|the\s+same)\s+(?:peak|high|level|record|"
                        r"mark|top|price)\b", re.IGNORECASE)
_NAMED_HIGH_BEFORE = re.compile(r"\b(?:high|peak|record|top|all-time\s+high)\b[^$.;]{0,20}$", re.IGNORECASE)
#: Right before the day a span starts from: "since (last Tuesday's close)", "from (Monday)".
SPAN_START_BEFORE = re.compile(r"\b(?:since|from)\s+$", re.IGNORECASE)
_DAY_CLOSE_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:(?:UTC|regular|trading|market)\s+)?"
                              r"(?:closing\s+(?:price|level|bell)|close)\b", re.IGNORECASE)


#: "since its (April record)": a date owned by the extreme named right after it.
_SINCE_OWNED = re.compile(r"\bsince\s+(?:its|their|the)\s+$", re.IGNORECASE)
_EXTREME_AFTER = re.compile(r"\s+(?:(?:all-time|record|closing|intraday)\s+)?(?P<word>record|peak|highs?|lows?|top|"
                            r"bottom|trough)\b", re.IGNORECASE)


def _since_extreme(sentence: str, expr: TemporalExpression | None) -> str:
    """'span_low' for "up six-fold since its low in March 2020" ('span_high' for "since its peak in
    ..."): the return starts at the span's lowest (highest) close, not at its first day; 'day_close' for
    "since Tuesday's close": at that day's close; else ''."""
    if expr is None:
        return ""
    if expr.kind == "day" and _DAY_CLOSE_AFTER.match(sentence, expr.end) and \
            SPAN_START_BEFORE.search(sentence, max(0, expr.start - 12), expr.start):
        return "day_close"  # "lost 23% since last Tuesday's close": from that session's close, not the one before
    m = _SINCE_EXTREME.search(sentence, max(0, expr.start - 40), expr.start)
    if m is None and _SINCE_OWNED.search(sentence, max(0, expr.start - 20), expr.start):
        m = _EXTREME_AFTER.match(sentence, expr.end)  # "since its April record": that month's extreme
    if m is None:
        return ""
    return "span_low" if m.group("word").lower() in ("low", "lows", "bottom", "trough") else "span_high"


def _day_of_time(temporals: list[TemporalExpression], time_expr: TemporalExpression) -> TemporalExpression | None:
    """The day expression a clock time stands with ("at 14:39 EST on Tuesday"): the nearest within 30
    characters, else None."""
    near = [t for t in temporals if t.kind == "day" and t is not time_expr
            and min(abs(t.start - time_expr.end), abs(time_expr.start - t.end)) <= 30]
    return min(near, key=lambda t: min(abs(t.start - time_expr.end), abs(time_expr.start - t.end)), default=None)


def _resolve_metric(row_metric: str, expr: TemporalExpression | None, fills: dict, sentence: str,
                    before: str, q: Quantity, has_time: bool, subject: Mention | None,
                    phase: str = "") -> tuple[str, dict]:
    """The schema metric of a row's placeholder metric, and fields it implies."""
    extra: dict = {}
    if row_metric == "move":
        if fills.get("period") and expr is None:
            return "period_return", extra
        return _move_metric(expr, sentence, before, q.start, q.end, has_time, subject, phase), extra
    if row_metric in ("high", "low"):
        span = expr is not None and expr.kind in _SPAN_KINDS
        if fills.get("reference") == "record" or span:
            return f"period_{row_metric}", extra
        extra["price_field"] = fills.get("price_field") or row_metric  # "closing high": the day's close
        return "price_level", extra
    if row_metric == "index_level":
        return ("price_level" if subject is not None and subject.kind == "index" else ""), {"unit": "points"}
    return row_metric, extra


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
#: Between two figures of one coordinated list: "1.8% and 1.2%", "3%, 5% and 7%".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)", re.IGNORECASE)


def _respective(analysis: str, mentions: list[Mention], quantities: list[Quantity]) -> dict[int, tuple[Mention, int]]:
    """"Riot and Marathon rose 1.8% and 1.2%, respectively": each figure of the list before "respectively"
    with the name of the same rank among as many names before the list, and the list's end (its figures
    share the list's date). Keyed by the figure's start; empty when the counts differ or nothing is listed."""
    found = _RESPECTIVELY.search(analysis)
    if found is None:
        return {}
    run: list[Quantity] = []
    for q in quantities:
        if q.end > found.start():
            break
        if run and (q.unit != run[-1].unit or not _LIST_GAP.fullmatch(analysis, run[-1].end, q.start)):
            run = []
        run.append(q)
    if len(run) < 2 or not re.fullmatch(r"[\s,]*", analysis[run[-1].end:found.start()]):
        return {}
    names = _names_before(mentions, run[0].start, registered=False)[-len(run):]
    if len(names) != len(run):
        return {}
    return {q.start: (m, run[-1].end) for q, m in zip(run, names)}


#: A correction's retracted statement: "An earlier version of this story said shares fell 27%; they fell 17%",
#: "incorrectly reported that ...": the figures up to the clause's end are what the text takes back.
_RETRACTED = re.compile(r"\b(?:(?:an?\s+)?(?:earlier|previous|prior|original)\s+version(?:\s+of\s+this\s+(?:story|"
                        r"article|report|post|item))?\s+(?:\w+\s+)?(?:said|stated|reported|gave|had|misstated|"
                        r"misreported|described)|\b(?:incorrectly|erroneously|mistakenly|wrongly)\s+(?:said|stated|"
                        r"reported|gave|put|described))\b[^;]*?(?=;|,\s*(?:but|when|while|whereas)\b|\.\s|\.?$)",
                        re.IGNORECASE)
#: Right before a figure the text puts in place of another: "fell 17%, not 27%", "17% (not 27%)".
_NOT_BEFORE = re.compile(r"(?:,|\()\s*not\s+(?:the\s+)?$", re.IGNORECASE)
#: Right before the figure a correction line replaces: "(Corrects Hut 8's decline in fourth paragraph to 13.8% from
#: 18.3%)" (the 18.3%).
_CORRECTED_FROM = re.compile(r"\b(?:correct(?:s|ed|ing)?|fix(?:es|ed|ing)?|updat(?:es|ed|ing))\b[^.;]{0,150}?\bto\s+"
                             r"(?:US)?\$?[\d.,]+\s*(?:%|percent|per\s*cent|cents?|[kKmMbB]\b)?\s+from\s+$",
                             re.IGNORECASE)


def _corrected(claims: list[Claim], sentence: str, offset: int) -> list[Claim]:
    """``claims`` with the figures a correction takes back marked ``retracted`` ("An earlier version of this story
    said shares fell 27% on Tuesday; they fell 17%": the 27%), a corrected figure of the sentence without a date
    taking the retracted one's date and metric (the 17%)."""
    spans = [(offset + m.start(), offset + m.end()) for m in _RETRACTED.finditer(sentence)]
    retracted = [c for c in claims if any(a <= c.start < b for a, b in spans)
                 or _NOT_BEFORE.search(sentence, max(0, c.start - offset - 12), c.start - offset)
                 or _CORRECTED_FROM.search(sentence, max(0, c.start - offset - 200), c.start - offset)]
    if not retracted:
        return claims
    kept = []
    for c in claims:
        if c in retracted:
            kept.append(replace(c, retracted=True))
            continue
        wrong = next((r for r in retracted if r.unit == c.unit and r.subject in ("", c.subject)
                      and not _NOT_BEFORE.search(sentence, max(0, r.start - offset - 12), r.start - offset)), None)
        if wrong is not None and not c.date and wrong.date:
            c = replace(c, metric=wrong.metric, date=wrong.date, date_end=wrong.date_end, precision=wrong.precision,
                        period=wrong.period, reference=wrong.reference, reference_value=wrong.reference_value)
        kept.append(c)
    return kept


def claims_in_sentence(
    sentence: str,
    offset: int,
    mentions: list[Mention],
    temporals: list[TemporalExpression],
    published: dt.date | None,
    main: Mention | None = None,
    previous: Mention | None = None,
    session: dict | None = None,
    phase_hint: str = "",
    span: dict | None = None,
    stamp: TemporalExpression | None = None,
) -> list[Claim]:
    """Claims of one sentence; spans are article offsets (``offset`` = sentence start).

    ``previous`` is the subject of the latest claim before this sentence: what
    "it", "they" at the start of a sentence naming no one refer to. ``session``
    (date fields) is the day the text before this sentence was speaking of: a
    price figure of a sentence with no date of its own is of that day ("Riot
    traded down $1.63 on Tuesday. The stock last traded at $11.60."). ``phase_hint``
    is a trading phase named by a heading line right before ("Extended Trading"). ``span`` (date fields) is
    the span of the latest return before: what "over the same span" refers to.
    ``stamp`` (offsets relative to the sentence) is the clock time a live blog's post opens with ("2:35 p.m.
    ET: Marathon is down 11%. Riot is off 8%."): the moment of the post's figures of the publication day, in
    every sentence of the post, but not of a figure it dates to another day ("The token rose 8.2% on Monday").

    ``main`` (the article's main company) is the subject of accounting figures
    and counts, and of "shares rose 5%", when the sentence names no company.
    """
    exclude = [(t.start, t.end) for t in temporals]
    quantities = find_quantities(sentence, exclude)
    # The words around a number are read with its dates blanked out, so that
    # "closed Tuesday at $5.20" reads as "closed at $5.20" (offsets unchanged).
    analysis = list(sentence)
    for t in temporals:
        if t.note == PERIOD_END:  # "finished the week at $43.27": the verb stays readable, the span is blanked
            verb = re.match(r"\S+(?:\s+out|\s+up)?", t.text)
            analysis[t.start + verb.end():t.end] = " " * (t.end - t.start - verb.end())
        elif t.note != "comparison base":  # "from yesterday's close" stays readable for the rows
            analysis[t.start:t.end] = " " * (t.end - t.start)
    analysis = "".join(analysis)
    claims: list[Claim] = []
    money_figures = [(q.start, q.end, q.value) for q in quantities if q.unit in MONEY_UNITS and not q.missing]
    times = [t for t in temporals if t.kind == "time" and (stamp is None or t.start != stamp.start)]
    # A name right after a price and "on" is where that price was quoted ("fell as low as $59,300 on Coinbase, a drop
    # of 14%"), not the subject of the figures after it.
    traders = [m for m in mentions if not _VENUE_BEFORE.search(analysis, max(0, m.start - 30), m.start)]
    # A span opening the sentence, before its first comma ("Week-to-date through Thursday's close, ...", "Year to
    # date, ..."), is the span of every percent move of the sentence with no date of its own; a day inside that
    # opening phrase (the close it runs to) is no figure's day.
    lead_span = next((t for t in temporals if t.kind in _SPAN_KINDS and not sentence[:t.start].strip()), None)
    lead_end = sentence.find(",", lead_span.end) if lead_span is not None else -1
    if lead_end < 0:
        lead_span = None
    ordinal_match = _ORDINAL.search(sentence) if len(sentence) < 2000 else None
    previous_end = 0
    compared = compared_objects(mentions, analysis)
    respective = _respective(analysis, mentions, quantities)
    swing = _SWING.search(analysis)
    span_before = span
    own_day: dict | None = None  # the session of the sentence's latest dated session figure (not of an aside)
    anchored: dict[tuple[int, int], dict] = {}  # the day each "a day earlier" of the sentence was counted to
    asides = [a.span() for a in ASIDE.finditer(analysis)]
    for q in quantities:
        before = _window_before(analysis, q.start)
        clause = analysis[max(previous_end, q.start - WINDOW):q.start]
        after = analysis[q.end:q.end + AFTER_WINDOW]
        last_claim = claims[-1] if claims and claims[-1].end == offset + previous_end else None
        previous_end = q.end
        if _COUNTED_OCCURRENCE.search(analysis, max(0, q.start - 80), q.start):
            continue  # "the second time this month it has gained more than 5%": a threshold counted, not a move
        row: ClaimPattern | None = None
        has_move_word = direction_near(before[-80:], after) != ""
        if q.missing:
            kind = _lost_number(q, clause, after, has_move_word, sentence)
            if kind is None:
                continue
            metric, unit = kind
        else:
            row = match_pattern(q.unit, before, after)
            # A specific price pattern (priority >= TRUSTED: "a low of $60,008.52", "as much as 11%")
            # outweighs an accounting word nearby; a generic one does not ("revenue rose 5% to $2 million").
            kind = None if row is not None and row.priority >= TRUSTED else _not_a_price(
                q, analysis, clause, after, has_move_word)
            if kind is None:
                if row is None:
                    continue
                metric, unit = row.metric, q.unit
                if metric == "none":
                    continue  # a number the table knows is not a claim ("a 50-day moving average of $3.16")
                if metric == "move" and _TO_LEVEL.search(clause) and not _RETURN_NOUN.search(clause[-60:]):
                    continue  # "dominance rose to 45%": a ratio's level, not a price move
                if metric == "move" and _COUNTED.search(before[-60:]) and not _TRADED.search(before[-60:]):
                    metric = "quantity"  # "monthly users fell 2%": a count that moved, not a price
            else:
                metric, unit, row = kind[0], kind[1], None
        fills = dict(row.fills) if row is not None else {}
        if (last_claim is not None and last_claim.metric in COMPANY_METRICS and q.unit == "percent"
                and not _TRADED.search(clause) and _GROWTH_OF_PREVIOUS.search(clause)):
            # "1,200 bitcoin in the fourth quarter, up 50% from a year earlier": that figure's growth.
            metric, fills = last_claim.metric, {}
        subject = nearest_subject(compared_objects_removed(_outside_asides(traders, analysis, q.start), compared),
                                  q.start, metric)
        listed = respective.get(q.start)
        if listed is not None:
            subject = listed[0]
        elif (unlisted := _unlisted_mover(mentions, analysis, q.start, subject)) is not None:
            subject = unlisted  # its figures have no prices here: unverifiable, not the registry name's
        elif unit == "percent" and (own := _owner_before(mentions, analysis, q.start)) is not None:
            subject = own  # "Riot's gain outpaced bitcoin's 2% rise": the possessive that owns the figure
        elif unit == "percent" and (own := _owner_after(mentions, analysis, q.end)) is not None:
            subject = own  # "Riot is up 30%, compared with a 45% rise for bitcoin": the figure's own noun phrase
        elif (pair := _former_or_latter(mentions, analysis, q.start)) is not None:
            subject = pair  # "Marathon and Riot climbed, the former by 17% and the latter by 30%"
        if subject is None and metric == "move":
            subject = _subject_after(mentions, analysis, q.end) or _index_named_after(analysis, q.end)
        if subject is None and previous is not None and _PRONOUN_START.match(sentence):
            subject = previous  # "On Thursday it recouped some losses": the subject spoken of before
        if subject is None and main is not None and row is not None and row.name.startswith(LABEL_ROW):
            subject = main  # "Riot Platforms (RIOT)" over "Share price: $11.82": the company its block is headed by
        if subject is None and metric not in COMPANY_METRICS and row is not None and unit in MONEY_UNITS:
            subject = previous or main  # "recovered a bit to around $6,044": the price spoken of
        if subject is None and main is not None and (_PRONOUN_START.match(sentence) or fills.get("snapshot")):
            subject = main  # "They've risen 155% this year", a quote widget: the company of the text before
        if subject is None and main is not None and (
                metric in COMPANY_METRICS or _TRADED.search(before[-80:])):
            subject = main
        if (subject is None and metric == "move" and not fills.get("snapshot")
                and not _TRADED.search(before[-80:])):
            continue  # "inflation rose 5%": a move of nothing that trades
        if metric == "move" and (economy := _ECONOMY_BEFORE.search(analysis, max(0, q.start - 60), q.start)) \
                and not any(economy.end() <= m.start < q.start for m in mentions):
            continue  # "Consumer prices rose 6.2% in the 12 months through October": an economic series, not a price
        # (the first figure of a swing shares the day written after the second)
        swung = "" if swing is None else "first" if q.start == swing.start("first") else (
            "second" if q.start == swing.start("second") else "")
        until = swing.end() if swung == "first" else q.end if listed is None else listed[1]
        expr = pick_date(temporals, q.start, until, "move" if metric == "move" else metric, sentence)
        if lead_span is not None and metric == "move" and (expr is None or expr.start < lead_end):
            expr = lead_span  # "Week-to-date through Thursday's close, Riot was up 26%, while Marathon was up 7%"
        time_expr = min(times, key=lambda t: min(abs(t.start - q.end), abs(q.start - t.end)), default=None)
        near_time = time_expr is not None and min(abs(time_expr.start - q.end), abs(q.start - time_expr.end)) <= 120
        if near_time and expr is not None and expr.kind == "day" and _day_of_time(temporals, time_expr) not in (
                None, expr):
            near_time = False  # "from $2.82 on April 28 to $1.94 at 14:39 on Tuesday": the other day's time
        if stamp is not None and not near_time and (
                expr is None or expr.kind != "day" or published is None or expr.date == published):
            time_expr, near_time = stamp, True  # the post's time stamp: the moment its undated figures were written
        phase = fills.pop("session_phase", "") or (
            (trading_phase(sentence, q.start, q.end, temporals, expr) or phase_hint)
            if metric not in COMPANY_METRICS else "")
        metric, extra = _resolve_metric(metric, expr, fills, sentence, before, q, near_time, subject, phase)
        if metric == "close_to_close_move" and phase == "midday" and _CLOSED.search(before[-40:]):
            phase = ""  # "at one point up 20%, closed 5% higher": the close, not the moment named before it
        if not metric:
            continue
        if metric in _PER_UNIT_METRICS and q.scale >= 1e6:
            continue  # "lost $2 trillion in value", "a peak of $4.4 trillion": a market's worth, not a price
        if metric == "market_cap_level" and q.value * q.scale < 1e8:
            continue  # "a $67,000 asset": a price, not a market value
        unit = extra.pop("unit", unit)
        if unit == "" and row is not None and row.name.startswith(LABEL_ROW):
            unit = "usd"  # a quote page's bare price ("Previous close: 19.30")
        fills.update(extra)
        if phase == "after-hours" and (fills.get("price_field") == "open" or metric == "open_gap"):
            phase = ""  # "opened at $24.14, extending a rally that began in after-hours trading": the session's open
        if (fills.get("price_field") == "prev_close" and expr is not None and expr.kind == "day"
                and expr.start >= q.end and _DAY_RIGHT_AFTER.fullmatch(sentence, q.end, expr.start)):
            fills["price_field"] = "close"  # "had closed at $16.07 on Friday": Friday's close, not the one before
        comparator = comparator_before(analysis[max(0, q.start - 60):q.start])
        comparator = fills.pop("comparator", comparator) if fills.get("comparator") != "equal" else (
            comparator if comparator != "max" else fills.pop("comparator"))
        fills.pop("comparator", None)
        if unit in ("usd", "usd_per_share") and (band := price_band(analysis[max(0, q.start - 12):q.start],
                                                                    analysis[q.end:q.end + 12])):
            comparator = band  # "closed in the low $40s": a band of prices, not $40 itself
        if swung and (metric in ("close_to_close_move", "move_at_time", "intraday_max_move") or (
                metric == "financial_figure" and not _FINANCIAL.search(analysis, max(0, swing.start() - 60),
                                                                       swing.start()))):
            # "swung from a 21.8% gain to an 8.5% loss": the session's extreme, then its close, each its noun's way
            metric = "intraday_max_move" if swung == "first" else "close_to_close_move"
            fills["direction"] = "up" if swing.group(f"up{1 if swung == 'first' else 2}") else "down"
        if metric == "intraday_max_move":
            comparator = "max"
        direction = fills.pop("direction", "")
        if not direction and (metric != "quantity" or unit == "percent"):
            direction = (return_noun_direction(before) if unit == "percent" else "") or direction_near(before, after)
        if metric == "price_level" and re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", clause):
            direction = ""  # "down from $40": $40 is where the move started, not its direction
        if metric in ("price_level", "week52_high", "week52_low", "period_high", "period_low", "lowest_since",
                      "highest_since", "dollar_change") and unit == "usd" and subject is not None \
                and subject.kind == "equity":
            unit = "usd_per_share"  # a stock's price is quoted per share
        named_span = extreme_span(sentence[max(0, q.start - 60):q.start], published) if row is not None and row.metric in ("high", "low") else None
        if metric in ("lowest_since", "highest_since"):
            fields = _since_fields(analysis, temporals, q.end, published, expr) or date_fields(expr, sentence, published)
        elif named_span is not None:
            # "a 2024 high of $31.03 on Feb. 28": the highest of the span its words name.
            metric, fields = f"period_{row.metric}", {"date": named_span[0].isoformat(),
                                                       "date_end": named_span[1].isoformat(),
                                                       "precision": "period", "period": ""}
            fills.pop("price_field", None)
        else:
            fields = date_fields(expr, sentence, published)
        if (session and not fields["date"] and metric in _SESSION_METRICS
                and (metric != "close_to_close_move" or _whole_session(session, published)
                     or (_recent(session, published) and _ENDED_SESSION.search(before[-80:])))
                and not any(t.kind != "time" and not compared_date(sentence, t) for t in temporals)):
            # An undated move is that session's close-to-close move only when the text was speaking of the
            # session's close ("the Dow ... to close at 40,545 on Thursday. The Nasdaq fell 6%") or of a
            # whole past session ("Miners tumbled on Tuesday. Riot fell 9%", written on Wednesday).
            fields.update({k: v for k, v in session.items()
                           if k not in ("session_phase", "extreme_phase", "closed", "moment")})
            if metric == "close_to_close_move" and session.get("closed"):
                fills["snapshot"] = "close"  # the text spoke of that session's close: not a figure written during it
            if not phase and metric != "close_to_close_move":
                phase = session.get("session_phase", "")
            if not phase and (metric == "intraday_max_move" or fills.get("price_field") in ("high", "low")):
                # "Riot gained as much as 18% shortly after the open on Monday. Marathon jumped as much
                # as 28%, to $14.": an extreme of the same moment, short of the day's final one.
                phase = session.get("extreme_phase", "")
        elif (own_day is not None and not fields["date"] and metric in _SESSION_METRICS and not fills.get("snapshot")
              and not is_snapshot(sentence, q.start, q.end)
              and (metric != "close_to_close_move" or _CLOSE_NEAR.search(analysis, max(0, q.start - 40), q.start))):
            # "Riot soared 41% on Monday; its stock closed at $1.65", "On Monday the stock spiked to $10.00 in
            # what traders called an erroneous print before closing at $1.95, down 15.2%": a later clause of the
            # sentence stays on the session it named (a move only once it speaks of that session's close)
            fields.update(own_day)
        event = ""
        if (metric == "price_level" and fills.get("price_field") in ("close", "prev_close")
                and (ahead := before_event(sentence, q.start, temporals)) is not None
                and (expr is None or expr is ahead[1])):
            # "Before the results, its shares had closed at $1.74": the last close before the event's session,
            # not one of the session the text was speaking of; "ahead of Tuesday's report" dates the event, else
            # the article does (or nothing does: precision 'relative', unverifiable)
            event, day = ahead
            fills["price_field"] = "prev_close"
            fields = ({"date": day.date.isoformat(), "date_end": day.date.isoformat(), "precision": "day", "period": ""}
                      if day is not None else _relative_day())
            if day is not None:
                event = ""
        event_offset = 0
        if expr is not None and not fields["date"] and (anchor := event_anchor(expr)) is not None:
            # "had fallen 3.5% on the day after the election": a day the article may date through the event's,
            # never the publication day
            (event, event_offset), fields = anchor, _relative_day()
        if (metric == "period_return" and not fields["date"]
                and (since := _SINCE_EVENT_CLOSE.match(sentence, q.end, min(len(sentence), q.end + 80))) is not None):
            # "has soared 55% since Election Day's close": from the close of the day the article gives the event
            event = event_family(since)
            fields = _relative_day()
            fills["reference"] = "day_close"
        if expr is not None and (shift := anchor_offset(expr)) is not None:
            # "rose 10% on Wednesday, after falling 9% in the previous session", "A day earlier they had fallen 9%":
            # counted from the day the sentence (else the text before it) is speaking of; without one, "the
            # previous session" is the one before publication and "a day earlier" a day the text does not give
            # (a second figure of the same phrase, "fell 11.8% the next day to $9.24", takes the day the first
            # one did, not one more day from it)
            spoken = own_day or (session if session and session.get("precision") == "day" else None)
            if (expr.start, expr.end) in anchored:
                fields = dict(anchored[(expr.start, expr.end)])
            elif spoken and spoken.get("date"):
                day = shift_day(dt.date.fromisoformat(spoken["date"]), shift,
                                sessions=subject is None or subject.kind != "crypto").isoformat()
                fields = anchored[(expr.start, expr.end)] = {"date": day, "date_end": day, "precision": "day",
                                                             "period": ""}
            elif not fields["date"]:
                fields = _relative_day()
        if metric in _MOVE_METRICS and (
                month := _the_month_meant(expr, sentence, fields, _month_named_before(claims, span_before))):
            metric, fields = "period_return", month
        if unit == "percent" and metric in _MOVE_METRICS and metric != "off_high" and (
                streak := _streak_span(sentence, q.end, fields, published, subject)) is not None:
            metric, fields = "period_return", streak
        elif (metric in _MOVE_METRICS and (same := _SAME_SPAN.match(sentence, q.end)) is not None
              and ((latest := _latest_return_span(claims, span_before)) is not None or previous is None
                   or not re.search(r"(?i)\bsame\b", same.group(0)))):
            # (read in the sentence: the analysis blanks "the same period", a date expression of its own)
            # "Marathon soared 71.9% this week. Riot gained 14.5% over the same span." is the latest return's span
            # (unresolved if its was), from the same start ("since Election Day's close"); with none read, "in that
            # time frame" ("It has been a month since its last earnings report. Shares have added 20.7% in that time
            # frame") is a return over a span unknown here, not a day's move; after a session's figures and no
            # return, "up 5% in the same period" stays that session's
            if latest is not None:
                metric, fields = "period_return", {k: v for k, v in latest.items() if k != "reference"}
                if latest.get("reference") == "day_close":
                    fills["reference"] = "day_close"
            else:
                metric, fields = "period_return", date_fields(None, sentence, published)
        span = (stated_span(sentence, q.start, q.end, temporals, money_figures)
                if unit == "percent" and metric in _MOVE_METRICS and metric != "off_high" else None)
        if span is not None:
            # "fell 31% from $2.82 on April 28 to $1.94 on Tuesday": a return between the two stated prices.
            metric = "period_return"
            fields = {"date": span.start.isoformat(), "date_end": span.end.isoformat(), "precision": "period",
                      "period": ""}
            fills.update(reference="level", reference_value=span.start_price)
        if (span is None and unit == "percent" and metric in _MOVE_METRICS and metric != "off_high"
                and published is not None and _YEAR_AGO_BASE.match(sentence, q.end)):
            # "the ADSs are up about 13% from a year ago": a price's return over the year to publication (an
            # accounting figure's "from a year ago" is its comparison base and stays one); spanned below
            metric, fields = "period_return", date_fields(None, sentence, published)
            fills["period"] = "P1Y"
        if (span is None and unit == "percent" and metric in _MOVE_METRICS and metric != "off_high"
                and published is not None and (had := _FROM_PRICE_ON_A_DATE.match(analysis, q.end)) is not None):
            # "up 10% from the 63 cents it fetched at the end of November": a return from that day's close (the
            # last of the month) to publication; the stated price is a level claim of its own (row price_it_fetched)
            day = next((t for t in temporals if q.end < t.start < had.end() and t.precision == "day"
                        and t.date is not None and t.date < published), None)
            if day is not None:
                metric = "period_return"
                fields = {"date": day.date.isoformat(), "date_end": published.isoformat(), "precision": "period",
                          "period": ""}
                fills.update(reference="day_close")
        period = fills.pop("period", "")
        if period and not fields["date"] and published is not None:
            years = int(period[1:-1]) if period.endswith("Y") else 0
            fields.update(date=add_months(published, -12 * years).isoformat(), date_end=published.isoformat(),
                          precision="period", period=period)
        if (metric in ("price_level", "market_cap_level") and fields["precision"] in _SPAN_KINDS and fields["date_end"]
                and (_REACHED_LEVEL.search(before[-40:]) or (expr is not None and expr.note == PERIOD_END))):
            # "Over the past week bitcoin has lost 27%, and its market value fell to about $756 billion": the
            # level the span ended at, not one of its days
            fields.update(date=fields["date_end"], precision="day", period="")
            if expr is not None and expr.note == PERIOD_END and metric == "price_level":
                fills.setdefault("price_field", "close")  # "ended the week up 1.7% at 91 cents": its last close
        if _end_of_span(metric, fields, temporals, sentence, published) or (
                metric == "period_return" and expr is not None and expr.note == PERIOD_END):
            # "gained 20% over the past two weeks, as of Tuesday's close", "ended the week up 41%": the return
            # to that close, not a figure written during the session on the day it was published
            fills["snapshot"] = "close"
        if fills.get("reference") == "low" and published is not None and fields["date"]:
            # "114% from its March 2020 low": from the low of that day or month (its precision says
            # which) to publication.
            fields.update(date_end=published.isoformat())
        ordinal = 0
        if ordinal_match and metric == "market_cap_threshold":
            word = ordinal_match.group("ord").lower()
            ordinal = _ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))
        time, zone = ("", "")
        if near_time and metric in ("move_at_time", "price_level", "dollar_change", "intraday_max_move"):
            time, zone = time_expr.time, time_expr.timezone  # "as of 11:55AM ET", "at $21,150 at 10:15 a.m. ET"
        snapshot = fills.pop("snapshot", "")
        if (not snapshot and not time and metric not in COMPANY_METRICS
                and fields["precision"] in ("day", "unresolved") and is_snapshot(sentence, q.start, q.end)):
            snapshot = "quote"
        if metric == "move_at_time" and not time and not snapshot and not phase:
            snapshot = "quote" if is_snapshot(sentence, q.start, q.end) else ""
        reference, reference_value = fills.pop("reference", ""), float(fills.pop("reference_value", "nan"))
        if metric == "period_return" and not reference:
            reference = _since_extreme(sentence, expr)
        if span is not None and span.time:
            time, zone = span.time, span.timezone  # "to $1.94 at 14:39 EST on Tuesday": the end's moment
        start_level = _FROM_LEVEL.match(after) if unit == "percent" and metric in _MOVE_METRICS else None
        if start_level and not reference:
            # "fell 31.21%, from $2.82 on April 28 to $1.94": the move is measured from that level.
            reference, reference_value = "level", float(start_level.group(1).replace(",", ""))
        stated_high = [value for start, _, value in money_figures
                       if start < q.start and _NAMED_HIGH_BEFORE.search(analysis, max(0, start - 40), start)]
        if metric == "off_high" and stated_high and _THAT_HIGH.match(after):
            # "hit a 52-week high of $21.10 on July 16, has now lost 86% from that peak": from the price it named
            reference, reference_value = "level", stated_high[-1]
        if metric not in COMPANY_METRICS and (_FORECAST.search(clause) or _GENERIC_CONDITIONAL.match(sentence)):
            metric = "forecast"  # "could reach $300,000 by June": a possibility, not a price to check
        elif metric not in COMPANY_METRICS and _holdings_figure(analysis, clause, q.start):
            metric = "financial_figure"  # short interest, a fund's stake: who holds the stock, not its price
        elif metric not in COMPANY_METRICS and unit == "percent" and _SAME_PERIOD_GROWTH.match(sentence, q.end):
            # "a 58% increase over the same period in the prior year" (its dates blanked in the analysis text)
            metric = "financial_figure"
        qualifier = _financial_item(sentence, q, after, unit)
        claims.append(Claim(
            subject=subject.ticker if subject else "",
            subject_name=subject.name if subject else "",
            metric=metric, direction=direction, comparator=comparator,
            value=q.value, value_text=q.value_text, decimals=q.decimals, unit=unit,
            scale=q.scale, time=time, timezone=zone, ordinal=ordinal,
            start=offset + q.start, end=offset + q.end,
            sentence_start=offset, sentence_end=offset + len(sentence),
            qualifiers=qualifier,
            estimate=bool(_ESTIMATE.search(clause[-60:])),
            price_field=fills.pop("price_field", ""), session_phase=phase,
            reference=reference, reference_value=reference_value, snapshot=snapshot,
            pattern=row.name if row is not None else "", event=event, event_offset=event_offset,
            **fields,
        ))
        if fields["precision"] == "day" and metric in _SESSION_METRICS and not any(
                a <= q.start < b for a, b in asides):
            own_day = {k: fields[k] for k in ("date", "date_end", "precision", "period")}
    claims += _multiples(sentence, offset, mentions, temporals, published, main,
                         _month_named_before(claims, span_before))
    claims += _span_extremes(sentence, offset, mentions, temporals, published, main)
    return _corrected(claims, sentence, offset)


# "tapped a 16-month low", "a fresh three-year high": the number counts back to the last time the price
# was there. "52-week", "12-month" and "one-year" extremes with a price are week52 rows instead.
_SPAN_EXTREME = re.compile(
    r"\b(?:a|an|its|their|fresh|new)\s+(?:(?:fresh|new)\s+)?(?P<n>\d{1,3}|" + "|".join(
        sorted(WORD_NUMBERS, key=len, reverse=True)) + r")[-\s](?P<unit>week|month|year)[-\s](?P<kind>low|high)s?\b"
    r"(?!\s+(?:of|at)\s+\$)", re.IGNORECASE)


def _span_extremes(sentence, offset, mentions, temporals, published, main) -> list[Claim]:
    """'a 16-month low': ``lowest_since`` (``highest_since``) with the count as value, unit 'months'
    ('weeks', 'years'); dated by the sentence (else publication), subject the nearest one named."""
    found = []
    for m in _SPAN_EXTREME.finditer(sentence):
        word = m.group("n").lower()
        count = float(word) if word.isdigit() else float(WORD_NUMBERS[word])
        unit = m.group("unit").lower()
        if count < 1 or (unit, count) in (("week", 52), ("month", 12), ("year", 1)):
            continue  # a 52-week extreme: its own metric
        subject = nearest_subject(mentions, m.start("n"), "lowest_since") or main
        if subject is None:
            continue
        expr = pick_date(temporals, m.start("n"), m.end(), "lowest_since", sentence)
        fields = date_fields(expr if expr is not None and expr.precision == "day" else None, sentence, published)
        if fields["date"]:
            fields.update(date="", date_end=fields["date"])  # the claim's day ends the look-back
        low = m.group("kind").lower() == "low"
        found.append(Claim(
            subject=subject.ticker, subject_name=subject.name,
            metric="lowest_since" if low else "highest_since", direction="down" if low else "up",
            comparator="equal", value=count, value_text=m.group("n"), decimals=0, unit=f"{unit}s", scale=1.0,
            time="", timezone="", ordinal=0, start=offset + m.start("n"), end=offset + m.end("n"),
            sentence_start=offset, sentence_end=offset + len(sentence), pattern="span_extreme", **fields))
    return found

def _multiples(sentence, offset, mentions, temporals, published, main, month=None) -> list[Claim]:
    """'doubled', 'nearly tripled': a factor of 2, 3, 4 (unit 'multiple').

    On an accounting figure -> ``financial_figure``; on a stock or an asset's
    price -> ``period_return``; on machines or units -> ``quantity``. ``month``
    (date fields): the calendar month named before, what "over the month" means.
    """
    found = []
    for m in _MULTIPLE.finditer(sentence):
        clause = sentence[max(0, m.start() - 60):m.start()]
        fin = list(_FINANCIAL.finditer(clause)) or list(_FINANCIAL.finditer(sentence[m.end():m.end() + 40]))
        noun = _PRODUCT.search(sentence[m.end():m.end() + 60])
        asset = nearest_subject(mentions, m.start(), "period_return")
        priced = _TRADED.search(clause) or (asset is not None and asset.kind in ("crypto", "index_proxy", "index")
                                            and not fin)
        if not priced and not fin and not noun and asset is not None and asset.kind == "equity":
            # "Hut 8 has more than doubled since January": a listed company's multiple with no object is its stock's
            priced = (asset.end <= m.start() and _COMPANY_THEN_MULTIPLE.fullmatch(sentence, asset.end, m.start())
                      and _NO_OBJECT_AFTER.match(sentence, m.end()))
        if fin:
            metric = "financial_figure"
        elif priced:
            metric = "period_return"
        elif noun:
            metric = "quantity"
        else:
            continue
        fold = (m.group("fold") or "").lower()
        value = (float(fold) if fold.isdigit() else _FOLD_VALUES[fold]) if fold else next(
            v for k, v in _MULTIPLE_VALUES.items() if m.group("word").lower().startswith(k))
        subject = nearest_subject(mentions, m.start(), metric) or (asset if metric == "period_return" else None) or main
        expr = pick_date(temporals, m.start(), m.end(), metric, sentence)
        fields = date_fields(expr, sentence, published)
        if metric == "period_return" and (meant := _the_month_meant(expr, sentence, fields, month)):
            fields = meant
        _end_of_span(metric, fields, temporals, sentence, published)
        found.append(Claim(
            subject=subject.ticker if subject else "", subject_name=subject.name if subject else "",
            metric=metric, direction="up",
            comparator=comparator_before(sentence[max(0, m.start() - 60):m.start()]), value=value,
            value_text=m.group(0),
            decimals=0, unit="multiple", scale=1.0, time="", timezone="", ordinal=0,
            start=offset + m.start(), end=offset + m.end(), sentence_start=offset,
            sentence_end=offset + len(sentence),
            qualifiers=_item_name(fin[-1].group(0)) if fin else "",
            reference=_since_extreme(sentence, expr) if metric == "period_return" else "",
            **fields,
        ))
    return found
