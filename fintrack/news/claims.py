"""Typed quantitative claims from sentences.

For each number in a sentence (see :mod:`fintrack.news.numbers`) the words
around it, read with the sentence's dates blanked out, decide:

metric
    A percent after a price verb ('jumped', 'fell', 'up', 'lower by', or
    '2.3% lower' after it) is a move. The date it refers to picks the move:
    a period, month, quarter or year ('over the past six months', 'this
    year', 'since November') -> ``period_return``; a time of day ('as of
    11:55AM ET') -> ``move_at_time``; 'as much as' -> ``intraday_max_move``;
    a snapshot without a time ('at press time', 'in premarket trading') ->
    ``move_at_time``; otherwise ``close_to_close_move``.
    Money with 'per share' or a price verb ('traded at', 'hit a record high
    of', 'rose 5% to') -> ``price_level``; money with 'market cap' ->
    ``market_cap_threshold``; a count followed by a product or order noun
    ('100,000 units', '6,400 miners') -> ``quantity``; a number governed by
    an accounting word ('net income', 'revenue', 'liabilities', nearer than
    any stock word) -> ``financial_figure``. A percent right after such a
    figure (", up 50% from a year earlier") is that figure's growth.
    'Doubled', 'tripled' are factors (unit 'multiple'). A number matching
    none of these is not a claim.
direction
    the price verb nearest before the number, or 'higher'/'lower' right
    after it: 'up' or 'down' ('' if none).
comparator
    the words right before the number (see ``fintrack.news.schema.COMPARATORS``);
    'topped', 'surpassed' are lower bounds, 'as low as' is the extreme.
subject
    the nearest company or asset named before the number in the sentence
    (anaphora such as 'the company' count as the main company; accounting
    figures and counts skip crypto names).
date
    the temporal expression of the sentence nearest the number, within 100
    characters and the same clause (a period expression for returns);
    comparison bases ('from a year ago', 'the lowest since 2020') are never
    taken; 'since X' spans X .. publication; a return's end is clipped to
    the publication date.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from fintrack.news.dates import TemporalExpression
from fintrack.news.numbers import MONEY_UNITS, Quantity, find_quantities
from fintrack.news.registry import Mention

UP_WORDS = (r"jump(?:ed|s|ing)?|r[oi]se|ris(?:es|ing)|risen|soar(?:ed|s|ing)?|skyrocket(?:ed|s|ing)?|"
            r"surg(?:e|ed|es|ing)|gain(?:ed|s|ing)?|climb(?:ed|s|ing)?|rall(?:y|ied|ies|ying)|up|"
            r"higher|increas(?:e|ed|es|ing)|advanc(?:e|ed|es|ing)|spik(?:e|ed|es|ing)|popp(?:ed|ing)|"
            r"added|rebound(?:ed|s|ing)?|grew|grow(?:s|ing|n)?|pushed\s+past|topp(?:ed|ing)|"
            r"surpass(?:ed|es|ing)?|cross(?:ed|es|ing)|doubl(?:ed|ing)|tripl(?:ed|ing)|quadrupl(?:ed|ing)")
DOWN_WORDS = (r"f[ae]ll(?:s|ing|en)?|dropp?(?:ed|s|ing)?|slump(?:ed|s|ing)?|plung(?:e|ed|es|ing)|"
              r"tumbl(?:e|ed|es|ing)|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|lost|los(?:e|es|ing)|"
              r"down|lower|sank|sink(?:s|ing)?|sli(?:d|de|des|ding)|slipp?(?:ed|s|ing)?|shed|crash(?:ed|es|ing)?|"
              r"dipp?(?:ed|s|ing)?|retreat(?:ed|s|ing)?|shrank|shrink(?:s|ing)?|tank(?:ed|s|ing)?|"
              r"sell-off|plummet(?:ed|s|ing)?|erod(?:e|ed|ing)")
_MOVE = re.compile(rf"\b(?:(?P<up>{UP_WORDS})|(?P<down>{DOWN_WORDS}))\b", re.IGNORECASE)
_TRADED = re.compile(r"\b(?:trad(?:e|ed|es|ing)|stock|shares?|price[sd]?|valued|closed|opened|changing hands)\b",
                     re.IGNORECASE)
_FINANCIAL = re.compile(
    r"\b(?:net income|net loss|income|profits?|loss(?:es)?|revenues?|sales|earnings|ebitda|margins?|"
    r"liabilit(?:y|ies)|assets|cash|debt|expenses?|costs?|guidance|dividends?|funding|raised|"
    r"capex|spending|backlog worth|estimates?|forecasts?|consensus)\b", re.IGNORECASE)
_SHARE_OF = re.compile(r"\b(?:of (?:the|our|its|total)\b|of total|share of|outside|overseas)", re.IGNORECASE)
_MARKET_CAP = re.compile(r"\b(?:market\s+cap(?:italization|italisation)?|market\s+value|valuation)\b",
                         re.IGNORECASE)
_CROSSING = re.compile(r"\b(?:hit|hits|reach(?:ed|es)?|pushed\s+past|topp?(?:ed|s)?|cross(?:ed|es)?|"
                       r"pass(?:ed|es)?|surpass(?:ed|es)?|broke|exceed(?:ed|s)?|above|over|past|top)\b",
                       re.IGNORECASE)
_MARKET_CAP_VERB = re.compile(_MARKET_CAP.pattern + r"\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_PER_SHARE = re.compile(r"^\s*(?:per|a|each)\s+share\b", re.IGNORECASE)
_PRICE_VERB = re.compile(
    rf"\b(?:trad(?:e|ed|es|ing)|priced|closed|opened|settled|ended|finished|changing\s+hands|"
    rf"hit|hits|reach(?:ed|es)?|touch(?:ed|es)?|price\s+of|costs?|little\s+changed|unchanged|flat|steady|"
    rf"{UP_WORDS}|{DOWN_WORDS})"
    r"(?:\s+(?:the\s+day|the\s+session))?"
    r"(?:\s+(?:at|to|below|above|under|past|over|through|from|near|around|as\s+\w+\s+as))?"
    r"(?:\s+(?:just|only|about|around|nearly|almost|roughly|over|above|under|below|more\s+than|"
    r"less\s+than|some))?"
    # "hit an all-time high of", "touched a 52-week low of", "a record of"
    r"(?:\s+(?:a|an|its|their|the)\s+(?:[\w-]+\s+){0,2}(?:high|low|peak|record|level|price)\s+(?:of|at|near|around))?"
    r"\s*$", re.IGNORECASE)
_QUANTITY_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,5}?(?P<noun>units?|machines?|\w*miners?|rigs?|devices?|chips?|orders?|"
    r"order\s+backlog|customers?|clients?|employees?|terahash(?:es)?|petahash(?:es)?|exahash(?:es)?|"
    r"coins?|bitcoins?|vehicles?|cars?|subscribers?|users?|stores?|contracts?)\b",
    re.IGNORECASE)
_PRODUCT = re.compile(r"\b(?:units?|machines?|\w*miners?|rigs?|devices?|chips?|vehicles?|cars?)\b",
                      re.IGNORECASE)
# No closing \b: degraded text glues words ("at press timesubscribe").
_SNAPSHOT = re.compile(r"\b(?:at\s+press\s+time|at\s+the\s+time\s+of\s+writing|intraday|in\s+(?:early|"
                       r"morning|midday|afternoon|late)\s+trad(?:e|ing)|as\s+of\b|pre[-\s]?market|after[-\s]?hours|"
                       r"extended\s+trading|(?:before|after)\s+the\s+(?:opening\s+|closing\s+)?bell)", re.IGNORECASE)
# A trading phase named without a clock time: the claim's ``time`` says so, and
# the verifier knows daily bars cannot price it.
_PHASE = (("premarket", re.compile(r"\b(?:pre[-\s]?market|before\s+the\s+(?:opening\s+)?bell)", re.IGNORECASE)),
          ("after-hours", re.compile(r"\b(?:after[-\s]?hours|extended\s+trading|after\s+the\s+(?:closing\s+)?bell)",
                                     re.IGNORECASE)))
_PHASE_DISTANCE = 60
_AFTER_DIRECTION = re.compile(r"^\s*(higher|lower|up|down)\b(?!\s+(?:from|to)\b)", re.IGNORECASE)
_GROWTH_OF_PREVIOUS = re.compile(
    r"[,(]\s*(?:an?\s+)?(?:up|down|higher|lower|rising|falling|(?:an?\s+)?(?:increase|decrease|gain|drop|rise|"
    r"decline)\s+of)\s+(?:by\s+)?(?:[a-z]+\s+than\s+|nearly\s+|almost\s+|about\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE)
_TO_LEVEL = re.compile(r"\b(?:to|at)\s+(?:a\s+)?(?:(?:record|new|high|low)\s+(?:of\s+)?)?(?:about\s+|around\s+|nearly\s+|"
                       r"almost\s+|roughly\s+|more\s+than\s+|over\s+|some\s+)?$", re.IGNORECASE)
_ESTIMATE = re.compile(r"\b(?:estimates?|estimated|forecasts?|expect(?:s|ed|ations?)?|consensus|guidance|"
                       r"outlook|projected|projects?|target)\b", re.IGNORECASE)
_CLOSED = re.compile(r"\b(?:clos(?:e|ed|ing)|ended|finished|settled)\b[^.]{0,15}$", re.IGNORECASE)
_COUNTED = re.compile(r"\b(?:users|customers|clients|subscribers|employees|workforce|headcount|shipments|"
                      r"deliveries|orders|production|output|hash\s*rate|hashrate|volumes?)\b", re.IGNORECASE)
_RETURN_NOUN = re.compile(r"\b(?:gains?|loss(?:es)?|returns?|rally|advance|decline|drop|slide|slump|"
                          r"drawdown|rise|fall)\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_MULTIPLE = re.compile(r"\b(?P<word>doubl(?:ed|ing|e)|tripl(?:ed|ing|e)|quadrupl(?:ed|ing|e)"
                       r"|(?P<fold>\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)-?fold)\b",
                       re.IGNORECASE)
_MULTIPLE_VALUES = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0}
_FOLD_VALUES = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0,
                "nine": 9.0, "ten": 10.0, "twenty": 20.0, "hundred": 100.0}
_ORDINAL = re.compile(r"\bfor\s+the\s+(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                      r"tenth|\d+(?:st|nd|rd|th))\s+time\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
# Comparators: the phrase right before the number, after filler words.
_COMPARATOR_PHRASES = (
    ("max", r"as\s+much\s+as|up\s+to|as\s+high\s+as|as\s+low\s+as"),
    ("nearly", r"nearly|almost|just\s+under|just\s+shy\s+of|close\s+to|just\s+below"),
    ("at_least", r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|at\s+least|north\s+of|past|"
                 r"beyond|exceeding|greater\s+than|better\s+than|topped|topping|surpassed|surpassing|"
                 r"crossed|crossing|exceeded|breached|broke\s+(?:through|above)|cleared"),
    ("at_most", r"less\s+than|under|below|fewer\s+than|at\s+most|no\s+more\s+than|south\s+of|"
                r"lower\s+than|not\s+more\s+than"),
    ("approx", r"about|around|roughly|some|approximately|approx\.|an\s+estimated|circa|~|an?\s+"
               r"approximate"),
)
_FILLER = r"(?:\s*\b(?:by|to|of|totaling|totalling|just|only|a|an|at|worth|for|the|briefly)\b)*\s*"
_COMPARATOR = [(name, re.compile(rf"(?:^|\b|(?<=\W))(?:{phrase}){_FILLER}$", re.IGNORECASE))
               for name, phrase in _COMPARATOR_PHRASES]


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

    def row(self) -> dict:
        return {k: getattr(self, k) for k in (
            "subject", "subject_name", "metric", "direction", "comparator", "value", "value_text",
            "decimals", "unit", "scale", "date", "date_end", "precision", "period", "time",
            "timezone", "ordinal")}


def comparator_before(before: str) -> str:
    """Comparator of the phrase ending right before a number ('more than' -> 'at_least')."""
    tail = before[-40:]
    for name, pattern in _COMPARATOR:
        if pattern.search(tail):
            return name
    return "equal"


def direction_before(clause: str) -> str:
    """'up'/'down' from the price verb nearest the end of ``clause`` ('' if none)."""
    last = None
    for m in _MOVE.finditer(clause):
        last = m
    if last is None:
        return ""
    return "up" if last.group("up") else "down"


def _clause_before(sentence: str, position: int, floor: int) -> str:
    """Text from the start of the number's clause (after ';' or a previous number) to the number."""
    text = sentence[floor:position]
    cut = max(text.rfind(";"), text.rfind(" while "), text.rfind(" as well as "))
    return text[cut + 1:] if cut >= 0 else text


_COMPANY_METRICS = ("quantity", "financial_figure")
_MOVE_METRICS = ("intraday_max_move", "move_at_time", "close_to_close_move", "period_return")


#: A subject named further back than this (characters) is not taken for a number.
MAX_SUBJECT_DISTANCE = 300


def _nearest_subject(mentions: list[Mention], position: int, metric: str) -> Mention | None:
    """The mention nearest before ``position``; registry names beat unknown names.

    Accounting figures and unit counts belong to companies, so a crypto name
    ("bitcoin's price") is skipped for them when a company is named.
    ``mentions`` are sorted by position.
    """
    lo = bisect.bisect_left(mentions, position - MAX_SUBJECT_DISTANCE, key=lambda m: m.start)
    hi = bisect.bisect_right(mentions, position, key=lambda m: m.start)
    before = [m for m in mentions[lo:hi] if m.end <= position]
    if metric in _COMPANY_METRICS:
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
_ASIDE = re.compile(r",\s*(?:which|who|whose|that|founded|based)\b[^,;]*,|\([^()]*\)|\s[–—]\s[^–—]*\s[–—]\s")
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|whereas|although)\b|\bbut\s+(?:in|on|by|since)\b")


def pick_date(temporals: list[TemporalExpression], quantity_start: int, quantity_end: int,
              metric: str = "", sentence: str = "") -> TemporalExpression | None:
    """The temporal expression a number (or an event cue) at the given span refers to.

    Nearest first, within ``MAX_DATE_DISTANCE`` characters and not across a
    clause break ("..., but in late 2020 ...") when ``sentence`` is given.
    """
    def comparison_since(t: TemporalExpression) -> bool:
        # "the lowest since December 2020": the date compared with, not the claim's.
        return bool(sentence and _RECORD_SINCE.search(sentence[max(0, t.start - 50):t.start]))

    asides = [m.span() for m in _ASIDE.finditer(sentence)] if sentence else []

    def aside_only(t: TemporalExpression) -> bool:
        # "Core Scientific, which filed for bankruptcy in December, fell 3%": the
        # date of the aside is not the date of a number outside it.
        return any(a <= t.start and t.end <= b and not (a <= quantity_start < b) for a, b in asides)

    def same_clause(t: TemporalExpression) -> bool:
        lo, hi = (t.end, quantity_start) if t.end <= quantity_start else (quantity_end, t.start)
        return not (sentence and _CLAUSE_BREAK.search(sentence[lo:hi + 3]))

    candidates = [t for t in temporals if t.kind != "time" and t.note != "comparison base"
                  and min(abs(t.start - quantity_end), abs(quantity_start - t.end)) <= MAX_DATE_DISTANCE
                  and same_clause(t) and not comparison_since(t) and not aside_only(t)]
    if metric == "move":
        # A percent move of a price, its kind not yet known: a period phrase near it
        # ("over the past six months") makes it a return; a day or a year stays a
        # candidate by distance ("slipped 0.4% on Wednesday" beside "this year").
        periods = [t for t in candidates if t.kind == "period"]
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


def _trading_phase(sentence: str, start: int, end: int) -> str:
    """'premarket' or 'after-hours' when that phase is named next to the number, else ''."""
    window = sentence[max(0, start - _PHASE_DISTANCE):end + _PHASE_DISTANCE]
    for phase, pattern in _PHASE:
        if pattern.search(window):
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
            date = date_end  # "since the end of last year": from the year's last day, not December 1
        date_end, precision = published, "period"
    return {"date": date.isoformat(), "date_end": date_end.isoformat(), "precision": precision,
            "period": expr.period}


def _financial_context(sentence: str, q: Quantity, after: str) -> bool:
    """True when an accounting word governs the number rather than a stock or price word.

    The nearer of the two kinds of word before the number wins ("Revenue rose
    15% to $2.1 billion" is financial; "shares rose 5% after revenue beat" is
    not); an accounting noun right after the number ("$3 million in gross
    profit") makes it financial too.
    """
    window = sentence[max(0, q.start - 80):q.start]
    fin = [m.end() for m in _FINANCIAL.finditer(window)]
    trade = [m.end() for m in _TRADED.finditer(window)]
    if fin and (not trade or fin[-1] > trade[-1]):
        return True
    head = after[:40]
    return bool(re.match(r"^\s*(?:\w+\s+){0,2}(?:in|of)?\s*(?:our|its|the)?\s*(?:total\s+)?(?:net\s+|gross\s+)?"
                         r"(?:revenues?|profits?|income|sales|loss|earnings|ebitda)\b", head, re.IGNORECASE))


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


def _classify(q: Quantity, sentence: str, clause: str, after: str) -> tuple[str, str] | None:
    """(metric family, unit) of a number in context, or None when it is not a claim.

    Moves come back as 'move'; the date they refer to decides which move
    metric they are (see :func:`_move_metric`).
    """
    near_before = clause[-80:]
    has_move = _MOVE.search(near_before) is not None or _AFTER_DIRECTION.match(after) is not None
    financial = _financial_context(sentence, q, after)
    if q.unit in MONEY_UNITS or (q.missing and _MARKET_CAP.search(after[:40])):
        money = q.unit or "usd"
        # Per-share amounts: 'usd_per_share' in US dollars, the currency code otherwise.
        per_share_unit = "usd_per_share" if money == "usd" else money
        # "a $1 trillion market cap", "market value topped $1 trillion"; but "the largest
        # coin by market value was trading at $21,150" is a price.
        if _MARKET_CAP.search(after[:40]) or _MARKET_CAP_VERB.search(near_before) or (
                _MARKET_CAP.search(near_before[-40:]) and not _PRICE_VERB.search(near_before)):
            return "market_cap_threshold", money
        per_share = _PER_SHARE.match(after) is not None
        if financial:
            return "financial_figure", per_share_unit if per_share else money
        if per_share:
            return "price_level", per_share_unit
        # "rose 5% to $50,000": the level reached after a move.
        if _PRICE_VERB.search(near_before) or re.search(r"%\s+(?:to|at)\s*$", sentence[:q.start]):
            return "price_level", money
        return None
    is_percent = q.unit == "percent" or (q.missing and has_move and _TRADED.search(clause))
    if is_percent:
        unit = q.unit  # a lost number keeps an unknown unit: "%" may have gone with it
        if financial or (_SHARE_OF.search(after[:30]) and not has_move):
            return "financial_figure", unit
        if _TO_LEVEL.search(clause) and not _RETURN_NOUN.search(clause[-60:]):
            return None  # "dominance rose to 45%": a ratio's level, not a price move
        return ("move", unit) if has_move else None
    noun = _QUANTITY_NOUN.match(after)
    if noun and not q.missing:
        return "quantity", "units" if _PRODUCT.search(after[:80]) else "count"
    if q.missing:
        if noun and not noun.group(0).strip().count(" "):
            return "quantity", ""  # "some  terahashes": the noun right after the lost number
        if financial:
            return "financial_figure", ""
        if noun:
            return "quantity", ""
        if q.scale > 1:
            return "financial_figure", ""
    return None


def _move_metric(expr: TemporalExpression | None, sentence: str, clause: str,
                 temporals: list[TemporalExpression], position: int = 0) -> str:
    """Which move a percent move is, from the date it refers to and the words around it."""
    if expr is not None and (expr.kind in ("period", "month", "quarter", "year")
                             or _SINCE.search(sentence[max(0, expr.start - 30):expr.start])):
        return "period_return"
    if any(t.kind == "time" for t in temporals):
        return "move_at_time"
    if comparator_before(clause) == "max":
        return "intraday_max_move"  # "as much as 12% in early trading": still the day's extreme
    if _CLOSED.search(clause):
        return "close_to_close_move"  # "after closing 1.8% higher", even beside "extended trading"
    if _SNAPSHOT.search(sentence, max(0, position - 200), position + 200):
        return "move_at_time"
    if expr is None and _SINCE.search(sentence):
        return "period_return"
    return "close_to_close_move"


def claims_in_sentence(
    sentence: str,
    offset: int,
    mentions: list[Mention],
    temporals: list[TemporalExpression],
    published: dt.date | None,
    main: Mention | None = None,
) -> list[Claim]:
    """Claims of one sentence; spans are article offsets (``offset`` = sentence start).

    ``main`` (the article's main company) is the subject of accounting figures
    and counts, and of "shares rose 5%", when the sentence names no company.
    """
    exclude = [(t.start, t.end) for t in temporals]
    quantities = find_quantities(sentence, exclude)
    # The words around a number are read with its dates blanked out, so that
    # "closed Tuesday at $5.20" reads as "closed at $5.20" (offsets unchanged).
    analysis = list(sentence)
    for start, end in exclude:
        analysis[start:end] = " " * (end - start)
    analysis = "".join(analysis)
    claims: list[Claim] = []
    floor = 0
    time_expr = next((t for t in temporals if t.kind == "time"), None)
    ordinal_match = _ORDINAL.search(sentence)
    for q in quantities:
        clause = _clause_before(analysis, q.start, floor)
        after = analysis[q.end:q.end + 120]
        kind = _classify(q, analysis, clause, after)
        previous = claims[-1] if claims and claims[-1].end == offset + floor else None
        floor = q.end
        if kind is None:
            continue
        metric, unit = kind
        if (previous is not None and previous.metric in _COMPANY_METRICS and q.unit == "percent"
                and not _TRADED.search(clause) and _GROWTH_OF_PREVIOUS.search(clause)):
            # "1,200 bitcoin in the fourth quarter, up 50% from a year earlier": that figure's growth.
            metric = previous.metric
        expr = pick_date(temporals, q.start, q.end, metric, sentence)
        if metric == "move" and _COUNTED.search(clause[-60:]) and not _TRADED.search(clause[-60:]):
            metric = "quantity"  # "monthly users fell 2%": a count that moved, not a price
        if metric == "move":
            metric = _move_metric(expr, sentence, clause, temporals, q.start)
        comparator = comparator_before(analysis[max(0, q.start - 60):q.start])
        direction = ""
        if metric != "quantity" or unit == "percent":
            after_direction = _AFTER_DIRECTION.match(after)
            direction = (("up" if after_direction.group(1).lower() in ("higher", "up") else "down")
                         if after_direction else direction_before(clause[-60:]))
        if metric == "market_cap_threshold":
            if _CROSSING.search(clause[-40:]):
                comparator, direction = "at_least", "up"
        if metric == "intraday_max_move":
            comparator = "max"
        subject = _nearest_subject(mentions, q.start, metric)
        if metric == "price_level" and re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", clause):
            direction = ""  # "down from $40": $40 is where the move started, not its direction
        if metric == "price_level" and unit == "usd" and subject is not None and subject.kind == "equity":
            unit = "usd_per_share"  # a stock's price is quoted per share
        if subject is None and main is not None and (
                metric in _COMPANY_METRICS or _TRADED.search(clause)):
            subject = main
        if subject is None and metric in _MOVE_METRICS and not _TRADED.search(clause):
            continue  # "inflation rose 5%": a move of nothing that trades
        fields = date_fields(expr, sentence, published)
        if metric == "period_return" and published is not None and fields["date_end"] > published.isoformat():
            # "up 150% this year": the return runs to publication, not to the year's end.
            fields.update(date_end=published.isoformat(), precision="period")
        ordinal = 0
        if ordinal_match and metric == "market_cap_threshold":
            word = ordinal_match.group("ord").lower()
            ordinal = _ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))
        time, zone = ("", "")
        if metric == "move_at_time" and time_expr is not None:
            time, zone = time_expr.time, time_expr.timezone
        elif metric == "move_at_time":
            time = _trading_phase(sentence, q.start, q.end)
        elif metric == "price_level" and time_expr is not None and abs(time_expr.start - q.end) <= 40:
            time, zone = time_expr.time, time_expr.timezone  # "trading at $21,150 at 10:15 a.m. ET"
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
            **fields,
        ))
    claims += _multiples(sentence, offset, mentions, temporals, published, main)
    return claims


def _multiples(sentence, offset, mentions, temporals, published, main) -> list[Claim]:
    """'doubled', 'nearly tripled': a factor of 2, 3, 4 (unit 'multiple').

    On an accounting figure -> ``financial_figure``; on a stock or an asset's
    price -> ``period_return``; on machines or units -> ``quantity``.
    """
    found = []
    for m in _MULTIPLE.finditer(sentence):
        clause = sentence[max(0, m.start() - 60):m.start()]
        fin = list(_FINANCIAL.finditer(clause)) or list(_FINANCIAL.finditer(sentence[m.end():m.end() + 40]))
        noun = _PRODUCT.search(sentence[m.end():m.end() + 60])
        asset = _nearest_subject(mentions, m.start(), "period_return")
        priced = _TRADED.search(clause) or (asset is not None and asset.kind in ("crypto", "index_proxy")
                                            and not fin)
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
        subject = _nearest_subject(mentions, m.start(), metric) or (asset if metric == "period_return" else None) or main
        expr = pick_date(temporals, m.start(), m.end(), metric, sentence)
        fields = date_fields(expr, sentence, published)
        if metric == "period_return" and published is not None and fields["date_end"] > published.isoformat():
            fields.update(date_end=published.isoformat(), precision="period")
        found.append(Claim(
            subject=subject.ticker if subject else "", subject_name=subject.name if subject else "",
            metric=metric, direction="up",
            comparator=comparator_before(sentence[max(0, m.start() - 60):m.start()]), value=value,
            value_text=m.group(0),
            decimals=0, unit="multiple", scale=1.0, time="", timezone="", ordinal=0,
            start=offset + m.start(), end=offset + m.end(), sentence_start=offset,
            sentence_end=offset + len(sentence),
            qualifiers=_item_name(fin[-1].group(0)) if fin else "",
            **fields,
        ))
    return found
