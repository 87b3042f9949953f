"""Typed resolvers: who a claim is about, when, and how its number bounds the truth.

A pattern row (:mod:`fintrack.news.patterns`) says what kind of number it
found; these functions fill the rest from the sentence:

subject
    :func:`nearest_subject`: the nearest company or asset named before the
    number (registry names beat unknown names; anaphora such as "the stock",
    "the company" are the article's main company, resolved by
    :mod:`fintrack.news.entities`; index names are registry rows such as
    ``^GSPC``; "bitcoin" is ``BTC-USD``).
date or period
    :func:`pick_date` picks the temporal expression (see
    :mod:`fintrack.news.dates`: weekdays relative to publication, "last
    week", "this year", "since January", "over the past six months") a number
    refers to; :func:`date_fields` turns it into the claim's columns.
comparator
    :func:`comparator_before`: the words right before the number ("more
    than" -> 'at_least').
direction, trading phase, snapshot
    :func:`direction_before`, :func:`trading_phase`, :func:`is_snapshot`.
a span the text states itself
    :func:`stated_span`: "from $A on <day> to $B on <day>" around a percent.

Every resolver reads a window of bounded length around the number, so the
work per number does not grow with the sentence.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from fintrack.news.dates import TemporalExpression
from fintrack.news.lexicon import (
    CANADIAN_VENUES, COMPARATOR_FILLER, COMPARATOR_PHRASES, DOWN_NOUNS, FOREIGN_EXCHANGES, MOVE, RETURN_NOUNS,
    TRADING_PHASES, UP_NOUNS, US_EXCHANGES, US_VENUES)
from fintrack.news.patterns import DOWN_WORD, UP_WORD
from fintrack.news.registry import Mention

_COMPARATOR = [(name, re.compile(rf"(?:^|\b|(?<=\W))(?:{phrase}){COMPARATOR_FILLER}$", re.IGNORECASE))
               for name, phrase in COMPARATOR_PHRASES]
_PHASE = tuple((phase, re.compile(rf"\b(?:{TRADING_PHASES[phase]})", re.IGNORECASE))
               for phase in ("premarket", "after-hours", "midday"))
_PHASE_DISTANCE = 80
COMPANY_METRICS = ("quantity", "financial_figure")


# "TSE:HUT", "(Nasdaq: $BITF)", "(NASDAQ/TSX: BITF)": exchange prefixes of a symbol.
_LISTING = re.compile(r"\b(?P<exchange>(?:[A-Za-z]{2,6}(?:\s+American)?\s*/\s*){0,3}[A-Za-z]{2,6}(?:\s+American)?)"
                      r"\s*:\s*\$?(?P<symbol>[A-Z]{1,5}(?:\.[A-Z])?)\b")
_US_EXCHANGE = re.compile(rf"(?:{US_EXCHANGES})", re.IGNORECASE)


def foreign_listings(text: str) -> dict[str, str]:
    """Symbols the text names only on a listing outside the US -> that listing's ticker.

    "Hut 8 Mining (TSE:HUT)" with no "NASDAQ:HUT" anywhere: the article speaks of
    the Toronto line, Yahoo's ``HUT.TO``, not the US line ``HUT`` (another price, in
    another currency). A symbol also named on a US exchange, or on two foreign
    exchanges with different suffixes, keeps its US ticker.
    """
    suffixes: dict[str, set[str]] = {}
    us: set[str] = set()
    for m in _LISTING.finditer(text):
        symbol = m.group("symbol")
        for exchange in re.split(r"\s*/\s*", m.group("exchange")):
            if _US_EXCHANGE.fullmatch(exchange):
                us.add(symbol)
            elif exchange.upper() in FOREIGN_EXCHANGES:
                suffixes.setdefault(symbol, set()).add(FOREIGN_EXCHANGES[exchange.upper()])
    return {symbol: symbol + next(iter(found)) for symbol, found in suffixes.items()
            if symbol not in us and len(found) == 1}


_VENUES = tuple((suffix, re.compile(pattern, re.IGNORECASE)) for suffix, pattern in CANADIAN_VENUES) + (
    ("", re.compile(US_VENUES, re.IGNORECASE)), ("C$", re.compile(r"\bC\$\s?\d")))


def listing_suffix(sentence: str, start: int, end: int) -> str:
    """Yahoo's suffix of the Canadian listing a figure at ``start:end`` of ``sentence`` is of (".TO", ".V"), or ''.

    The venue named nearest the figure in its sentence decides ("Hut 8 rose 31% in Toronto, while its
    Nasdaq-listed shares gained 12%": the 31% is of the Toronto line, the 12% of the US one); a C$ price counts
    as a Canadian line, the one the sentence names nearest, else Toronto ("jumped 31% to C$6.62"). A percent move in
    Canadian dollars differs from the US line's by the day's exchange-rate move, so it is that listing's figure,
    not the US file's.
    """
    found: list[tuple[int, str]] = []  # (distance to the figure, suffix) of each venue named
    for suffix, pattern in _VENUES:
        for m in pattern.finditer(sentence):
            if start <= m.start() < end:
                continue  # the figure itself ("C$6.62" as the claim)
            found.append((m.start() - end if m.start() >= end else start - m.end(), suffix))
    if not found:
        return ""
    suffix = min(found)[1]
    if suffix == "C$":  # a Canadian-dollar price: the Canadian line named nearest, else Toronto's
        suffix = min(((d, s) for d, s in found if s.startswith(".")), default=(0, ".TO"))[1]
    return suffix


_NAMED_EXTREME = re.compile(
    r"\b(?:(?P<year>(?:19|20)\d\d)|(?P<ytd>year-to-date|YTD|this\s+year's|the\s+year's))\s+"
    r"(?:intraday\s+|closing\s+|trading\s+)?(?:high|low|peak|bottom)s?(?:\s+price)?\s+(?:of|at|near|around)?"
    r"(?:\s*\b(?:about|around|nearly|almost|roughly|approximately|just)\b)*\s*$", re.IGNORECASE)


def extreme_span(before: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of the span an extreme's own words name ("a 2024 high of $31",
    "its year-to-date low of $2"), the last day capped at publication; None when they name none.

    The span is the extreme's, whatever day the sentence gives for when it was set
    ("a 2024 high of $31.03 on Feb. 28" is the highest of 2024 so far, reached that day).
    """
    m = _NAMED_EXTREME.search(before[-60:])
    if m is None:
        return None
    if m.group("year"):
        first, last = dt.date(int(m.group("year")), 1, 1), dt.date(int(m.group("year")), 12, 31)
    elif published is not None:
        first, last = dt.date(published.year, 1, 1), published
    else:
        return None
    if published is not None:
        if first > published:
            return None
        last = min(last, published)
    return first, last


def comparator_before(before: str) -> str:
    """Comparator of the phrase ending right before a number ('more than' -> 'at_least')."""
    tail = before[-40:]
    for name, pattern in _COMPARATOR:
        if pattern.search(tail):
            return name
    return "equal"


#: A price written as a band: "$40s", "$40-something", "$40,000s" right after the figure; the part of the band
#: ("low", "mid-", "high") right before it.
_BAND_AFTER = re.compile(r"(?:s|-something|-odd)\b", re.IGNORECASE)
_BAND_PART_BEFORE = re.compile(r"\b(?P<part>low|lower|mid|middle|high|upper)\s*-?\s*(?:US)?$", re.IGNORECASE)
_BAND_PARTS = {"low": "band_low", "lower": "band_low", "mid": "band_mid", "middle": "band_mid",
               "high": "band_high", "upper": "band_high"}


def price_band(before: str, after: str) -> str:
    """The band comparator of a price written as a range of its last round digit ("in the low $40s" ->
    'band_low', "a $40-something stock" -> 'band'; see verify.tolerance), or '' for a plain figure."""
    if not _BAND_AFTER.match(after):
        return ""
    part = _BAND_PART_BEFORE.search(before)
    return _BAND_PARTS[part["part"].lower()] if part else "band"


def direction_before(clause: str) -> str:
    """'up'/'down' from the price verb nearest the end of ``clause`` ('' if none)."""
    last = None
    for m in MOVE.finditer(clause):
        last = m
    if last is None:
        return ""
    return "up" if last.group("up") else "down"


#: A subject named further back than this (characters) is not taken for a number.
MAX_SUBJECT_DISTANCE = 300


def nearest_subject(mentions: list[Mention], position: int, metric: str) -> Mention | None:
    """The mention nearest before ``position``; registry names beat unknown names.

    Accounting figures and unit counts belong to companies, so a crypto name
    ("bitcoin's price") is skipped for them when a company is named.
    ``mentions`` are sorted by position.
    """
    lo = bisect.bisect_left(mentions, position - MAX_SUBJECT_DISTANCE, key=lambda m: m.start)
    hi = bisect.bisect_right(mentions, position, key=lambda m: m.start)
    before = [m for m in mentions[lo:hi] if m.end <= position]
    if metric in COMPANY_METRICS:
        before = [m for m in before if m.kind != "crypto"] or before
    known = [m for m in before if m.ticker]
    if known and metric != "quantity":
        return known[-1]
    return before[-1] if before else None


#: A date further than this (characters) from a number belongs to another clause.
MAX_DATE_DISTANCE = 100


# "while" does not break: "X fell 7% on Tuesday, while the Nasdaq lost 1%" shares the day.
_RECORD_SINCE = re.compile(
    r"\b(?:first\s+time|lowest|highest|biggest|largest|smallest|worst|best|strongest|weakest|most|least|"
    r"steepest|sharpest)\b[^.;]{0,30}\bsince\s+(?:(?:early|late|mid-?|the\s+end\s+of|the\s+start\s+of)\s*)?$",
    re.IGNORECASE)
#: An aside: a which-clause, brackets or dashes; its dates are its own ("Core Scientific, which filed for
#: bankruptcy in December, fell 3%").
ASIDE = re.compile(r",\s*(?:which|who|whose|that|founded|based)\b[^,;]{0,200},|\([^()]{0,200}\)"
                   r"|\s[-–—]\s[^-–—]{0,200}\s[-–—]\s")
_OWNED_BY_PERCENT = re.compile(r"(?:%|\d)\s*(?:[a-z]+\s+){0,2}$")
_REPORT_AFTER = re.compile(r"[-\s]?(?:earnings|results|guidance|financials?|report|revenues?|sales|profits?|"
                           r"outlook|forecasts?|filings?)\b", re.IGNORECASE)
#: Characters around a number searched for asides and clause breaks.
_ASIDE_REACH = 320
#: A cause clause with a verb of its own ("after the company sold ...", "following a report that ...").
#: Right before the day an extreme the sentence names was set: "the record highs they set (last week)", "its peak,
#: which it hit (in March)".
_SET_EXTREME_BEFORE = re.compile(r"\b(?:highs?|lows?|peaks?|records?|tops?|bottoms?)\s*,?\s+(?:that\s+|which\s+)?"
                                 r"(?:(?:it|they|the\s+\w+)\s+)?(?:had\s+)?(?:set|hit|reached|touched|notched|posted|"
                                 r"marked)\s*$", re.IGNORECASE)
_CAUSE_CLAUSE = re.compile(
    r"\b(?:after|following)\s+(?:[\w&.'-]+\s+){1,4}?(?:sold|reported|announced|said|posted|released|filed|"
    r"priced|raised|disclosed|unveiled|published|launched|completed|agreed|signed|received|issued|"
    r"cut|lowered|upgraded|downgraded)\b", re.IGNORECASE)
_OTHER_CLAUSE_NUMBER = re.compile(r"\b(?:after|before|following|having)\s+(?:(?:clos|open|trad|end|finish|settl)\w*\b"
                                  r"[^.;]*?\d|[^.;]*?(?:\$\s?\d|\d[\d,.]*\s?%))", re.IGNORECASE)
_MOVE_METRICS = ("move", "period_return", "close_to_close_move", "move_at_time", "intraday_max_move", "open_gap",
                 "move_24h", "off_high", "dollar_change")
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|whereas|although)\b|\bbut\s+(?:in|on|by|since)\b")


_MOVE_ENDED_AT = re.compile(r"[\s,]*(?:to|at)\s+(?:(?:about|around|nearly|almost|roughly|close\s+at)\s+)?\$?\s*",
                            re.IGNORECASE)
_VALUE_OF = re.compile(r"\b(?:of|at)\s+(?:about\s+|around\s+|nearly\s+)?\$\s?\d[\d,.]*[^%$;]*?,\s*(?:set|hit|reached|"
                       r"touched|recorded|seen|marked)\b", re.IGNORECASE)
_RESTATED_PERCENT = re.compile(r"^\s*,?\s*or\s+[^%;]{0,20}%")


_LEADING_SINCE = re.compile(r"since\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s)\b")
_POSSESSIVE_MOVE_TO = re.compile(r"(?:'s|\u2019s)\s+(?:[\w.%-]+\s+){0,2}?(?:drop|fall|decline|slide|plunge|slump|"
                                 r"gain|rise|rally|jump|surge|advance|loss|sell-?off|rebound)\s+(?:\w+\s+){0,4}?"
                                 r"to\s+(?:(?:about|around|roughly|nearly)\s+)?\$?\s*", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:after|from|since|before|following|of|over|than|to|with|despite|amid|on|"
                                 r"in|during|at|by)\s+(?:the\s+)?$", re.IGNORECASE)
_MULTIPLE_VERB = re.compile(r"\b(?:doubl|tripl|quadrupl|halv)(?:ed|es|ing|e)\b", re.IGNORECASE)
_AT_POSSESSIVE = re.compile(r",?\s*(?:at|from|since|on|as\s+of|of|by|during|in)\s+", re.IGNORECASE)
_OWN_NOUN_PHRASE = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?(?:of\s+)?\$?\s*")
#: A comma, then a verb of moving: another clause's move ("..., slipped on Sunday", ", and then rose on Monday").
_LATER_MOVE = re.compile(r",\s*(?:(?:and|then|but|before|after)\s+){0,2}(?:(?:it|they|the\s+\w+)\s+)?"
                         r"(?:\w+\s+)?(?=" + MOVE.pattern + ")", MOVE.flags)
#: After a date: the extreme it dates ("its November 2021 peak", "the April record high").
_EXTREME_NOUN_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:(?:all-time|record|closing|intraday)\s+)?(?:high|low|peak|"
                                 r"record|top|bottom|trough)s?\b", re.IGNORECASE)
#: Between an extreme noun and its own figure: "of", "at", "near" and comparator words only.
_OWN_FIGURE = re.compile(r"\s*(?:(?:price\s+)?(?:of|at|near|around|was|is)\s+)?(?:(?:about|around|nearly|almost|"
                         r"roughly|just|some|more\s+than|over)\s+)*(?:US)?\$?\s*", re.IGNORECASE)
_NTH_TIME = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+time\s+$", re.IGNORECASE)


def compared_date(sentence: str, t: TemporalExpression) -> bool:
    """True when ``t`` is the date a record is compared with ("the lowest since December 2020", "its steepest
    drop since 1987"; the expression may hold the "since" itself), not a date of the sentence's figures."""
    lead = _LEADING_SINCE.match(t.text)
    upto = t.start + (lead.end() if lead else 0)
    return bool(_RECORD_SINCE.search(sentence[max(0, upto - 50):upto]))


def record_since(sentence: str, since_end: int) -> bool:
    """True when the "since" ending at ``since_end`` compares a record with a past one ("its best day since
    2008", "the lowest since March"): the date compared with, not a span the figure runs over."""
    return bool(_RECORD_SINCE.search(sentence[max(0, since_end - 80):since_end] + " "))


def pick_date(temporals: list[TemporalExpression], quantity_start: int, quantity_end: int,
              metric: str = "", sentence: str = "") -> TemporalExpression | None:
    """The temporal expression a number (or an event cue) at the given span refers to.

    Nearest first, within ``MAX_DATE_DISTANCE`` characters and not across a
    clause break ("..., but in late 2020 ...") when ``sentence`` is given.
    """
    def comparison_since(t: TemporalExpression) -> bool:
        return bool(sentence) and compared_date(sentence, t)

    lo_window = max(0, quantity_start - _ASIDE_REACH)
    asides = ([m.span() for m in ASIDE.finditer(sentence, lo_window, quantity_end + _ASIDE_REACH)]
              if sentence else [])

    def elsewhere(t: TemporalExpression) -> bool:
        # "erasing gains from last week's rally": a possessive date is the date of its noun phrase's own
        # number ("last week's 5% gain") only; "the second time this month it has ...": a count's span
        # (only after a preposition: "Tuesday's open in the ETF was 3.1% below" is the clause's own subject;
        # "Monday's" may be the expression's own text, or the words right after it)
        owner_end = t.end - 2 if t.text.endswith(("'s", "\u2019s")) else t.end
        if sentence and _POSSESSIVE.match(sentence, owner_end) and _PREPOSITION_BEFORE.search(
                sentence, max(0, t.start - 16), t.start) and not (
                t.end <= quantity_start and _OWN_NOUN_PHRASE.fullmatch(sentence, owner_end, quantity_start)) and not (
                t.start >= quantity_end and _AT_POSSESSIVE.fullmatch(sentence, quantity_end, t.start)) and not (
                t.end <= quantity_start and _POSSESSIVE_MOVE_TO.fullmatch(sentence, owner_end, quantity_start)):
            # ("$1.91 at Monday's close": the date of the number it follows; "Tuesday's 10.6% drop took the
            # stock to $0.83": of the level its move ended at)
            return True
        return bool(sentence and t.kind != "day" and _NTH_TIME.search(sentence, max(0, t.start - 30), t.start))

    def aside_only(t: TemporalExpression) -> bool:
        # "Core Scientific, which filed for bankruptcy in December, fell 3%": the
        # date of the aside is not the date of a number outside it.
        return any(a <= t.start and t.end <= b and not (a <= quantity_start < b) for a, b in asides)

    def modifier(t: TemporalExpression) -> bool:
        # "second-quarter earnings", "2023 guidance": the date of a report named, not of the number.
        return bool(sentence and metric not in ("", "quantity", "financial_figure")
                    and _REPORT_AFTER.match(sentence, t.end))

    def of_an_extreme(t: TemporalExpression) -> bool:
        # "topping its November 2021 peak of $68,790, before plunging as low as $53,600": the date of an extreme
        # noun is that extreme's (its own figure right after it), not of a later figure of the sentence (a figure
        # before it may be measured from it: "40% from its October 2022 low")
        noun = _EXTREME_NOUN_AFTER.match(sentence, t.end) if sentence else None
        return noun is not None and noun.end() <= quantity_start and not _OWN_FIGURE.fullmatch(
            sentence, noun.end(), quantity_start)

    def cause_only(t: TemporalExpression) -> bool:
        # "fell as much as 8.8% after Acme sold 10 million shares for $9 each Wednesday": the day of the
        # event given as the cause, not of the number before it.
        return bool(sentence and t.start >= quantity_end and _CAUSE_CLAUSE.search(sentence, quantity_end, t.start))

    def of_a_set_extreme(t: TemporalExpression) -> bool:
        # "fell 0.8%, pulling away from the record closing highs they set last week": the day the extreme was set,
        # not of the number before it
        return bool(sentence and t.start >= quantity_end
                    and _SET_EXTREME_BEFORE.search(sentence, max(quantity_end, t.start - 50), t.start))

    def same_clause(t: TemporalExpression) -> bool:
        lo, hi = (t.end, quantity_start) if t.end <= quantity_start else (quantity_end, t.start)
        return not (sentence and _CLAUSE_BREAK.search(sentence[lo:hi + 3]))

    # Only expressions near the number are looked at (temporals are sorted by start):
    # the work per number does not grow with the sentence.
    first = bisect.bisect_left(temporals, quantity_start - MAX_DATE_DISTANCE - 200, key=lambda t: t.start)
    last = bisect.bisect_right(temporals, quantity_end + MAX_DATE_DISTANCE, key=lambda t: t.start)
    candidates = [t for t in temporals[first:last] if t.kind != "time" and t.note != "comparison base"
                  and min(abs(t.start - quantity_end), abs(quantity_start - t.end)) <= MAX_DATE_DISTANCE
                  and same_clause(t) and not comparison_since(t) and not aside_only(t) and not modifier(t)
                  and not cause_only(t) and not elsewhere(t) and not of_an_extreme(t) and not of_a_set_extreme(t)]
    # A date after another percent belongs to that number ("up 1.3% on the day, and 11% over the last week").
    # (but not the percent a dollar change restates: "rose $1.25, or 9%, on Monday")
    candidates = [t for t in candidates if t.start < quantity_end or "%" not in (
        _RESTATED_PERCENT.sub("", sentence[quantity_end:t.start], count=1) if metric == "dollar_change"
        else sentence[quantity_end:t.start])]
    # ... and a date after another noun's value is that value's ("fell 13% but stayed above its 52-week low
    # of $2.56, set in May")
    # ... and a date closing a clause of its own that holds another number is that number's
    # ("as high as $15.49 after closing at $13.12 on Thursday": Thursday is the close's day; "to $72,000,
    # after hitting a record of $73,750 on Thursday": the record's).
    candidates = [t for t in candidates if t.start < quantity_end
                  or not (_OTHER_CLAUSE_NUMBER.search(sentence, quantity_end, t.start)
                          or _VALUE_OF.search(sentence, quantity_end, t.start))]
    # ... and a date past a comma and another verb of moving is that verb's when the number has a date before it
    # ("Bitcoin, which ended Friday's UTC day at $64,156, slipped on Sunday": Friday's close)
    if any(t.end <= quantity_start for t in candidates):
        candidates = [t for t in candidates if t.end <= quantity_start
                      or not _LATER_MOVE.search(sentence, quantity_end, t.start)]
    # ... and a date right after another percent before this one is that one's ("155% so far this year,
    # after plunging 89% in 2022").
    if metric not in _MOVE_METRICS:
        # "edged up 0.6% on Friday to $11.30": the level a dated move ended at is of the move's day
        ended = [t for t in candidates if t.end <= quantity_start and t.kind == "day"
                 and _MOVE_ENDED_AT.fullmatch(sentence, t.end, quantity_start)
                 and _OWNED_BY_PERCENT.search(sentence, max(0, t.start - 12), t.start)]
        if ended and not any(t.start >= quantity_end for t in candidates):  # no date of its own after it
            return ended[-1]
    # When this number has a date of its own; else the date is shared ("X fell 7% on Tuesday, while
    # the Nasdaq lost 1%").
    own = [t for t in candidates if t.end > quantity_start
           or not _OWNED_BY_PERCENT.search(sentence, max(0, t.start - 12), t.start)]
    if not own and metric not in _MOVE_METRICS:
        # A level shares the day of a percent's clause ("rose 37% on Tuesday as bitcoin passed
        # $1 trillion") but not its span ("up 250% in 2021 as the coin nears $42K": the year is
        # the return's; the level is of the moment written).
        own = [t for t in candidates if t.kind == "day" or "%" not in sentence[max(0, t.start - 12):t.start]]
        candidates = own
    candidates = own or candidates
    if metric == "move":
        # A percent move of a price, its kind not yet known: a period phrase near it
        # ("over the past six months") makes it a return; a day or a year stays a
        # candidate by distance ("slipped 0.4% on Wednesday" beside "this year").
        # ... unless another percent stands between ("up 1.3% on the day, and 11% over the last week").
        # (nor one after another verb of moving: "gained 41% this month, and it more than doubled over the past
        # four weeks")
        periods = [t for t in candidates if t.kind == "period" and "%" not in sentence[
            min(t.end, quantity_end):max(t.start, quantity_start)]
            and not (t.start >= quantity_end and (MOVE.search(sentence, quantity_end, t.start)
                                                  or _MULTIPLE_VERB.search(sentence, quantity_end, t.start)))]
        # ... but not over a day written right after the number ("on the weekend: BTC added 9.8% on Saturday"), or
        # after its move noun ("little changed over the past 24 hours after a 4.3% jump on Wednesday")
        if not any(t.kind == "day" and (0 <= t.start - quantity_end <= 4
                                        or _MOVE_NOUN_THEN.fullmatch(sentence, quantity_end, t.start))
                   for t in candidates):
            candidates = periods or candidates
    elif metric == "period_return":
        # Known to be a return ("11-fold", "doubled"): it runs over a span, so
        # "11-fold in 2020" takes the year next to it over a farther "so far this
        # year"; a day ("on Tuesday") only when no span is near.
        spans = [t for t in candidates if t.kind in ("period", "year", "quarter", "month")]
        candidates = spans or candidates

    def distance(t: TemporalExpression) -> int:
        if t.end <= quantity_start:
            return quantity_start - t.end + 5  # a date after the number usually belongs to it
        return max(0, t.start - quantity_end)

    return min(candidates, key=distance) if candidates else None


#: A move noun right after a percent, up to the day written next: "a 4.3% jump on Wednesday".
_MOVE_NOUN_THEN = re.compile(rf"\s*(?:{RETURN_NOUNS})\s+", re.IGNORECASE)
#: A percent figure of its own (not one restated in parentheses, "(+9.41%)"): words after it are its.
_LATER_PERCENT = re.compile(r"(?<![(+\-\d.,])(?<!\([+\-])\d[\d.,]*\s?%(?!\s*\))")
#: A clause of another subject after the number: "down 4% in Friday's session as the early after-hours gain
#: faded" (the phase named in it is its own noun's, not the figure's).
_OTHER_CLAUSE = re.compile(r"\b(?:as|while|whereas|when|because|though|although)\s+(?:the|its|their|an?|this|that)\b",
                           re.IGNORECASE)


def trading_phase(sentence: str, start: int, end: int,
                  temporals: list[TemporalExpression] | None = None,
                  own: TemporalExpression | None = None) -> str:
    """'premarket', 'after-hours' or 'midday' (a moment of the regular session named without a
    clock time) when that phase is named next to the number, else ''.

    With the sentence's ``temporals`` and the number's ``own`` date: a phase named on the far
    side of another date is that date's ("up 17% in premarket trade on Thursday, after 4% gains
    in the previous session": the 4% is not a premarket figure), and one named after another percent
    is that percent's (not after a price or a restated percent: "rose 4.6% to $4.09 in premarket
    trading", "up to $2.21 (+9.4%) at the early session high").
    """
    lo = max(0, start - _PHASE_DISTANCE)
    window = sentence[lo:end + _PHASE_DISTANCE]
    for phase, pattern in _PHASE:
        for m in pattern.finditer(window):
            at = lo + m.start()
            between = (at, start) if at < start else (end, at)
            if temporals and any(t is not own and t.kind != "time" and own is not None
                                 and between[0] <= t.start and t.end <= between[1] for t in temporals):
                continue
            if at > end and _LATER_PERCENT.search(sentence, *between):
                continue  # "tumbled 14% on Monday, fell another 3.7% in premarket trading": the 3.7%'s phase
            if at > end and _OTHER_CLAUSE.search(sentence, *between):
                continue  # "down 4% in Friday's session as the early after-hours gain faded": that gain's phase
            return phase
    return ""


def date_fields(expr: TemporalExpression | None, sentence: str, published: dt.date | None) -> dict:
    if expr is None:
        return {"date": "", "date_end": "", "precision": "unresolved", "period": ""}
    if expr.date is None:
        return {"date": "", "date_end": "", "precision": "unresolved", "period": expr.period}
    date, date_end, precision = expr.date, expr.date_end, expr.precision
    # "since X" spans X .. publication, whether "since" stands before the expression
    # or the expression's own match took it in ("since January").
    since = (re.search(r"\bsince\s+(?:(?:its|their|the|a|an)\s+)?(?:\w+\s+){0,3}$",
                       sentence[max(0, expr.start - 40):expr.start], re.IGNORECASE)
             or re.match(r"since\b", expr.text, re.IGNORECASE))
    if since:
        if published is None:
            return {"date": "", "date_end": "", "precision": "unresolved", "period": ""}
        if re.search(r"\b(?:end|close)\s+of\b", sentence[max(0, expr.start - 40):expr.end], re.IGNORECASE):
            # "since the end of last year": from the close of the year's last session (a return starts at the
            # close before its span), not from December 1's
            date = date_end + dt.timedelta(days=1)
        date_end, precision = published, "period"
    return {"date": date.isoformat(), "date_end": date_end.isoformat(), "precision": precision,
            "period": expr.period}


_SNAPSHOT = re.compile(
    r"\b(?:at\s+press\s+time|at\s+(?:the\s+)?time\s+of\s+(?:writing|publication|posting)|as\s+of\s+"
    r"(?:this\s+)?(?:writing|posting|publication)|currently|right\s+now|at\s+the\s+moment|today|"
    r"(?:is|are)\s+(?:now\s+)?(?:currently\s+)?(?:trading|changing\s+hands|up|down|higher|lower|sitting|hovering)"
    r"|last\s+traded|(?:is|are)\s+(?:now\s+)?(?:at|near|around))",
    re.IGNORECASE)


def is_snapshot(sentence: str, start: int, end: int) -> bool:
    """True when the words around a number make it the article's own current quote
    ("is trading at", "last traded at", "shares are up 5% today", "at press time")."""
    return _SNAPSHOT.search(sentence, max(0, start - 60), clause_end(sentence, end, end + 40)) is not None


#: Where the clause of a number ends after it: the words beyond are another clause's ("closed down 6.8%
#: on the day, and are down 29% this year": the present tense is the second figure's).
_FIGURE_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas)\b|;|\s(?:while|whereas)\b|"
                                  r"\sand\s+(?=(?:is|are|was|were|has|have|had|now)\b)", re.IGNORECASE)


def clause_end(sentence: str, end: int, limit: int) -> int:
    """The end of the words after a number (at ``end``) that still speak of it: ``limit`` at most, and
    no further than the next clause break or the next percent figure of its own."""
    limit = min(len(sentence), limit)
    for pattern in (_FIGURE_CLAUSE_BREAK, _LATER_PERCENT):
        found = pattern.search(sentence, end, limit)
        if found:
            limit = found.start()
    return limit


_MOVE_NOUN_AFTER = re.compile(rf"\s*(?:(?P<up>{UP_NOUNS})|(?:{DOWN_NOUNS}))\b", re.IGNORECASE)


def direction_near(before: str, after: str) -> str:
    """'up'/'down' from a sign right before the number, else the nearest move word before it."""
    stripped = before.rstrip(" $")
    if stripped.endswith("+"):
        return "up"
    if stripped.endswith("-") and not stripped.endswith("--") and (len(stripped) < 2 or not stripped[-2].isalnum()):
        return "down"
    m = re.match(r"\s*(higher|lower|up|down)\b(?!\s+(?:from|to)\b)", after, re.IGNORECASE)
    if m:
        return "up" if m.group(1).lower() in ("higher", "up") else "down"
    noun = _MOVE_NOUN_AFTER.match(after)
    if noun:  # "lagging bitcoin's roughly 60% gain", "eked out a 1.5% gain": the noun's, not an earlier verb's
        return "up" if noun.group("up") else "down"
    last_up = [m.end() for m in UP_WORD.finditer(before[-60:])]
    last_down = [m.end() for m in DOWN_WORD.finditer(before[-60:])]
    if not last_up and not last_down:
        # "a 56% decline", "a 14% intraday jump": the move noun right after the number or one word on
        words = re.match(r"\s*([\w-]+)(?:\s+(\w+))?", after)
        for word in (words.groups() if words else ()):
            if word and UP_WORD.fullmatch(word):
                return "up"
            if word and DOWN_WORD.fullmatch(word):
                return "down"
        return ""
    return "up" if (last_up[-1] if last_up else -1) > (last_down[-1] if last_down else -1) else "down"


# ---------------------------------------------------------------- a move between two stated prices

@dataclass(frozen=True)
class StatedSpan:
    """A move the text measures itself: "from $A <day A> to $B <day B>".

    ``start``/``end`` are the two days, ``start_price`` the price the move is
    measured from, ``time``/``timezone`` a clock time stated with the end price
    ("to $1.94 at 14:39 EST on Tuesday").
    """

    start: dt.date
    end: dt.date
    start_price: float
    time: str = ""
    timezone: str = ""


#: "from" and at most four words before the start price ("from their open of $6.91").
_SPAN_FROM = re.compile(r"\bfrom\s+(?:(?!to\b)[\w'-]+\s+){0,4}?$", re.IGNORECASE)
#: Between the start price (and its day) and the end price: "to", a few words, no other figure.
_SPAN_TO = re.compile(r"^[^;$%\d]{0,60}?\bto\s+(?:[\w'-]+\s+){0,3}?$", re.IGNORECASE)
#: Between a percent and the "from" of its span ("fell 31% over three weeks from $2.82 ...").
_SPAN_LEAD = re.compile(r"^[^;.$%]{0,50}$")
#: Between the end of a span and the percent naming it (", an increase of nearly 90%").
_SPAN_TAIL = re.compile(rf"^\s*[,:-]?\s*(?:an?\s+|the\s+)?(?:(?:{RETURN_NOUNS})\s+of|(?:{MOVE.pattern})|"
                        r"(?:up|down)\s+by|or)[^;.$%\d]{0,20}$", re.IGNORECASE)
#: Characters after a price searched for its day.
_SPAN_DAY_REACH = 45
#: Characters either side of a percent within which the two prices of its stated span must start.
_SPAN_REACH = 400


def stated_span(sentence: str, start: int, end: int, temporals: list[TemporalExpression],
                prices: list[tuple[int, int, float]]) -> StatedSpan | None:
    """The span of a percent at ``start:end`` when the text states both ends of it.

    "fell 31% from $2.82 on April 28 to $1.94 on Tuesday" and "from their open
    of $6.91 on Monday to close at $13.04 on Friday, an increase of nearly 90%"
    measure the move between the two prices the text gives, each on its own
    day: the percent is a return from the first day (at the first price) to the
    second. ``prices`` are the sentence's money figures as (start, end, value),
    in order. None unless both prices have a day of their own.
    """
    # Only figures and days near the percent can state its span (the patterns below bound every gap),
    # so the work per percent does not grow with the sentence.
    low, high = start - _SPAN_REACH, end + _SPAN_REACH
    prices = prices[bisect.bisect_left(prices, low, key=lambda p: p[0]):bisect.bisect_right(prices, high,
                                                                                         key=lambda p: p[0])]
    nearby = temporals[bisect.bisect_left(temporals, low, key=lambda t: t.start):
                       bisect.bisect_right(temporals, high + _SPAN_DAY_REACH, key=lambda t: t.start)]
    days = [t for t in nearby if t.kind == "day" and t.precision == "day" and t.date is not None]
    temporals = nearby

    def day_after(position: int, limit: int) -> TemporalExpression | None:
        near = [t for t in days if position <= t.start <= min(limit, position + _SPAN_DAY_REACH)]
        return near[0] if near else None

    for (a_start, a_end, a_value), (b_start, b_end, _) in zip(prices, prices[1:]):
        lead = _SPAN_FROM.search(sentence, max(0, a_start - 60), a_start)
        if lead is None:
            continue
        a_day = day_after(a_end, b_start)
        if a_day is None:
            continue
        between = sentence[a_day.end:b_start]
        if not _SPAN_TO.match(between):
            continue
        b_day = day_after(b_end, len(sentence))
        if b_day is None or b_day.date <= a_day.date:
            continue
        before_span = end <= lead.start() and _SPAN_LEAD.match(sentence[end:lead.start()])
        after_span = start >= b_day.end and _SPAN_TAIL.match(sentence[b_day.end:start])
        if not (before_span or after_span):
            continue
        clock = next((t for t in temporals if t.kind == "time" and b_end <= t.start < b_day.end), None)
        return StatedSpan(a_day.date, b_day.date, a_value, clock.time if clock else "",
                          clock.timezone if clock else "")
    return None


# ---------------------------------------------------------------- the session an article reports

#: Words by which a data note says its figures are of the last finished session.
_REPORTED_SESSION = re.compile(
    r"\b(?:in|on|during|for|over)\s+the\s+(?:most\s+recent|latest|last)\s+(?:full\s+)?(?:trading\s+day|"
    r"trading\s+session|session)\b", re.IGNORECASE)
#: Figures of one session that the reported session dates when the text gives them no date.
REPORTED_SESSION_METRICS = ("price_level", "close_to_close_move", "dollar_change", "intraday_max_move",
                            "open_gap")


def reported_session(text: str, published: dt.date | None, last_session_before) -> dt.date | None:
    """The session an article's undated figures are of, when it says so ("... in the most recent
    trading day"): the last session before the publication date, from ``last_session_before(day)``
    (an exchange calendar's). None when the article does not say it or has no publication date.

    Only for an article dated by day alone: written on day D, "the most recent trading day" is the
    last one finished, the session before D (with a publication time the verifier's own rules
    for the moment of writing decide).
    """
    if published is None or _REPORTED_SESSION.search(text) is None:
        return None
    return last_session_before(published)
# "bringing the year-to-date gain down to just 3%", "its losses for the year so far to 27%": the number
# is the size of a gain or a loss, whose sign the noun gives, whatever verb moved it there.
_RETURN_NOUN_LEVEL = re.compile(
    rf"\b(?:(?P<up>{UP_NOUNS})|(?P<down>{DOWN_NOUNS}))\b(?:\s+[\w-]+){{0,5}}?\s+(?:(?:down|up|back)\s+)?"
    rf"(?:to|at|of){COMPARATOR_FILLER}(?:(?:{'|'.join(p for _, p in COMPARATOR_PHRASES)})\s*)?[-+]?$",
    re.IGNORECASE)


_ACCOUNTING_BEFORE_NOUN = re.compile(r"\b(?:net|operating|gross|revenues?|sales|income|earnings|profits?|"
                                     r"margins?|quarterly|fiscal)\s+$", re.IGNORECASE)


def return_noun_level(before: str) -> re.Match[str] | None:
    """The gain or loss noun whose size the number is ("the gain down to 3%", "its losses ... to 27%"),
    unless an accounting word names it ("net loss of 5%")."""
    tail = before[-90:]
    m = _RETURN_NOUN_LEVEL.search(tail)
    if m is None or _ACCOUNTING_BEFORE_NOUN.search(tail, 0, m.start()):
        return None
    return m


def return_noun_direction(before: str) -> str:
    """'up'/'down' when the number is the size of a named gain or loss ("the gain down to 3%"), else ''."""
    m = return_noun_level(before)
    if m is None:
        return ""
    return "up" if m.group("up") else "down"


# "it has surpassed both gold and the S&P 500 and climbed past Amazon ... with a market cap of $2.2
# trillion": what a subject is compared with is not what the number is about.
_COMPARED_WITH = re.compile(
    r"\b(?:surpass(?:ed|es|ing)?|overt(?:ook|ake|akes|aking|aken)|outpac(?:ed|es|ing|e)|outperform(?:ed|s|ing)?|"
    r"(?:climbed|moved|pushed|rose|jumped)\s+past|ahead\s+of)\s+"
    r"(?:both\s+)?(?:(?:the\s+)?[\w&'-]+(?:\s+[\w&'-]+)?\s+and\s+)?(?:the\s+)?$",
    re.IGNORECASE)


def compared_objects(mentions: list[Mention], text: str) -> frozenset[int]:
    """Starts of the mentions a comparison verb governs ("surpassed both gold and the S&P 500");
    computed once per sentence (each mention is looked at once)."""
    return frozenset(m.start for m in mentions if _COMPARED_WITH.search(text, max(0, m.start - 60), m.start))


def compared_objects_removed(mentions: list[Mention], compared: frozenset[int]) -> list[Mention]:
    """``mentions`` without the ``compared`` ones (:func:`compared_objects`), unless nothing else is left."""
    if not compared:
        return mentions
    kept = [m for m in mentions if m.start not in compared]
    return kept if kept else mentions
