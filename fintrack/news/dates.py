"""Temporal expressions: find them in text and resolve them against a publication date.

Every expression found is returned as a :class:`TemporalExpression` with the
character span it came from, whether or not it could be resolved. The rules,
with ``P`` the publication date:

============================== ==================================== =========
text                           resolves to                          precision
============================== ==================================== =========
"March 9, 2021", "9 March 2021" that day (dateparser)               day
"on Tuesday", "Tuesday"        latest Tuesday on or before P        day
"last Tuesday"                 latest Tuesday strictly before P     day
"next Tuesday"                 unresolved (ambiguous: this or next week)
"February 7", "Jan 23", "7th   latest such day not after P          day
of March"
"yesterday", "today"           P - 1 day, P                         day
"September of last year"       September of P.year - 1              month
"last September", "in June"    latest such month starting <= P      month
"September 2020"               that month                           month
"last month", "this month"     previous month / month of P          month
"the first quarter of the      Q1 of P.year                         quarter
year", "Q1 this year"
"Q1", "the first quarter"      latest Q1 starting on or before P    quarter
"Q1 2021", "first quarter of   that quarter                         quarter
2021"
"last quarter"                 quarter before P's quarter           quarter
"in 2021", "fiscal 2021"       that year                            year
"last year", "this year"       P.year - 1, P.year                   year
"early/mid/late 2020"          Jan-Apr / May-Aug / Sep-Dec 2020     period
"over the past six months",    P - 6 months .. P, period 'P6M'      period
"in the past week"             P - 7 days .. P, period 'P7D'
"year to date", "so far this   Jan 1 of P.year .. P                 period
year", "earlier this year"
"this week", "last week"       Monday of P's week .. P / the        period
                               previous Monday .. Sunday
"for the week", "ended the     the week (month) of the last weekday  period
month", "in a short week"      before P, up to P
"for the year", "ended the     the year (quarter) of the last        period
quarter"                       weekday before P, up to P
"ended 2021"                   that year, note 'period end'          year
"in two days", "in a week"     P - 2 days .. P, period 'P2D'         period
"the previous three sessions"  the three sessions before P's own    period
"a two-day drop"               the last two sessions to P           period
"month to date", "WTD"         1st of P's month / Monday .. P       period
"the first week of March"      Mar 1-7 of the latest such March      period
"the final three months of     Oct 1 .. Dec 31 of that year          period
the year"
"on the 5th"                   latest 5th on or before P            day
"the final trading day of      the last XNAS session of the latest  day
March", "the last session of   such period ended by P ("day": the
the year"                      calendar day); still to come: unres.
"3 days ago", "two months ago" P - 3 days / the month 2 before P    day/month
"at press time", "currently"   P                                    day
"over the weekend"             latest Sat .. Sun started by P        period
"three months ended Sept. 30"  Jul 1 .. Sep 30 (latest not after P)  period
"the first half of 2021", "H2"  Jan-Jun 2021 / latest started H2     period
"as of 11:55AM ET", "at 4 p.m. time '11:55', zone America/New_York   (time)
EST"
"the day after the Nov. 3      Nov. 4 (the event's day +- 1);       day
election"                      undated event: unresolved, note
                               EVENT_DAY (claims: 'relative')
"a day earlier", "the next     unresolved, note ANCHORED with the   day
day", "a day after falling"    offset (claims count it from the
                               day the text speaks of)
"the previous session"         session before P, note ANCHORED -1   day
"at the end of November"       Nov 30 of the latest such November   day
"its April record"             that April (latest <= P)             month
============================== ==================================== =========

Vague expressions ("recently", "soon", "in the coming weeks", "over the past
few months", "a year earlier", "the first quarter of ..." with the year missing) are reported with
precision 'unresolved' and a ``note`` saying why; nothing is guessed. Without
a publication date every relative expression stays unresolved ("no
publication date"); absolute ones still resolve.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from fintrack.news.articles import ZONE_ABBREVIATIONS
from fintrack.news.lexicon import EVENT_FAMILY, WORD_NUMBERS, event_family
from fintrack.news.spans import Occupied

NO_PUBLICATION_DATE = "no publication date"


@dataclass(frozen=True)
class TemporalExpression:
    """A temporal expression and what it resolves to.

    ``kind`` is the expression's own granularity ('day', 'month', 'quarter',
    'year', 'period', 'time', 'vague'); ``precision`` is the granularity of the
    resolved date, or 'unresolved' (``date`` and ``date_end`` are then None).
    """

    text: str
    start: int
    end: int
    kind: str
    precision: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    period: str = ""
    time: str = ""
    timezone: str = ""
    note: str = ""

    @property
    def resolved(self) -> bool:
        return self.date is not None


# --------------------------------------------------------------------------- vocab

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTHS = {**_MONTH_NAMES, **_MONTH_ABBR}
MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
         r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?P<year>(?:19|20)\d{2})"

_COUNT = r"(?P<count>\d+|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_VAGUE_COUNT = r"(?P<vague>few|several|couple of|many|number of)"
_UNIT = r"(?P<unit>hour|day|week|month|quarter|year|session|trading day)s?"
_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                    "fourth": 4, "4th": 4, "final": 4}
_PART_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


# --------------------------------------------------------------------- arithmetic

def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` shifted by whole months, clipped to the target month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, month_span(year, 3 * quarter)[1]


def _latest_month_day(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` not after ``published`` (Feb 29 searches back to a leap year)."""
    for year in range(published.year, published.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _latest_year_of(month: int, published: dt.date) -> int:
    """The year of the latest ``month`` starting on or before ``published``."""
    return published.year if month <= published.month else published.year - 1


def _year_of_month(m, month: int, published: dt.date | None) -> int | None:
    """The year of a month a rule matched with an optional ``year`` group: the year written, else that of the
    latest such month starting on or before ``published``; None when neither is known."""
    if m.group("year"):
        return int(m.group("year"))
    return None if published is None else _latest_year_of(month, published)


def _matched_month(m, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of the month a rule matched (its ``month`` group, in the year :func:`_year_of_month`
    gives); None when that year is not known."""
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    year = _year_of_month(m, month, published)
    return None if year is None else month_span(year, month)


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else WORD_NUMBERS[text]


def _duration(count: int, unit: str) -> tuple[str, int, int]:
    """ISO-8601 duration plus (months, days) to subtract."""
    unit = unit.lower()
    if unit.startswith("hour"):
        return f"PT{count}H", 0, -(-count // 24)  # whole days back, rounded up
    if unit.startswith("day") or unit.startswith("session") or unit.startswith("trading"):
        return f"P{count}D", 0, count
    if unit.startswith("week"):
        return f"P{count * 7}D", 0, count * 7
    if unit.startswith("month"):
        return f"P{count}M", count, 0
    if unit.startswith("quarter"):
        return f"P{count * 3}M", count * 3, 0
    return f"P{count}Y", count * 12, 0


# ------------------------------------------------------------------------ rules
# Each rule: a compiled regex and a function (match, published) -> fields.
# Rules run in order; a later rule never overlaps an earlier match, so the
# most specific patterns come first.

_RULES: list[tuple[re.Pattern[str], object]] = []


def _rule(pattern: str, flags: int = re.IGNORECASE):
    def register(fn):
        _RULES.append((re.compile(pattern, flags), fn))
        return fn
    return register


def _unresolved(kind: str, note: str) -> dict:
    return {"kind": kind, "precision": "unresolved", "note": note}


def _day(kind_day: dt.date | None, note: str = "") -> dict:
    if kind_day is None:
        return _unresolved("day", note or NO_PUBLICATION_DATE)
    return {"kind": "day", "precision": "day", "date": kind_day, "date_end": kind_day}


def _month(year: int, month: int) -> dict:
    start, end = month_span(year, month)
    return {"kind": "month", "precision": "month", "date": start, "date_end": end}


def _quarter(year: int, quarter: int) -> dict:
    start, end = quarter_span(year, quarter)
    return {"kind": "quarter", "precision": "quarter", "date": start, "date_end": end}


def _year(year: int) -> dict:
    return {"kind": "year", "precision": "year", "date": dt.date(year, 1, 1),
            "date_end": dt.date(year, 12, 31)}


#: Note of "ended the week", "finished the month": a span named by the verb that closes it.
PERIOD_END = "period end"


def _period(start: dt.date, end: dt.date, period: str = "") -> dict:
    return {"kind": "period", "precision": "period", "date": start, "date_end": end,
            "period": period}


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow-ish import, only when an absolute date is present

    return dateparser


#: Note of a day next to an event the phrase does not date ("the day after the election"): ``EVENT_DAY``,
#: the event's family (``lexicon.EVENT_WORDS``) and the offset in days, read back by :func:`event_anchor`.
EVENT_DAY = "next to an event"


def event_anchor(t: TemporalExpression) -> tuple[str, int] | None:
    """(event family, offset in days) of an expression dated by an event the text may date elsewhere ("the day
    after the election": ('election', 1)); None for any other expression."""
    if not t.note.startswith(EVENT_DAY + ":"):
        return None
    _, family, offset = t.note.split(":")
    return family, int(offset)


# "the day after the election", "on the session before Tuesday's report": the day next to an event, resolved
# when the phrase dates the event ("the day after the Nov. 3 election"), else left to the text around it
# (:func:`event_anchor`). Before the weekday and month rules: the event's own date is inside the phrase.
@_rule(r"\b(?:on\s+)?(?:the|a|one)\s+(?:day|session|trading\s+day)\s+(?P<rel>after|following|before)\s+"
       r"(?P<what>(?:(?:the|its|their|this|that)\s+)?(?:[\w.,'\u2019-]+\s+){0,3}?(?:" + EVENT_FAMILY + r"))\b")
def _event_day(m, published):
    offset = -1 if m.group("rel").lower() == "before" else 1
    family = event_family(m)
    days = {t.date for t in find_temporal_expressions(m.group("what"), published)
            if t.kind == "day" and t.precision == "day"}
    if len(days) == 1:
        return _day(days.pop() + dt.timedelta(days=offset))
    return _unresolved("day", f"{EVENT_DAY}:{family}:{offset}")


#: Note of a day counted from the day the text is speaking of ("a day earlier", "the previous session"):
#: ``ANCHORED`` and the offset in sessions, read back by :func:`anchor_offset`.
ANCHORED = "from the day spoken of"


def anchor_offset(t: TemporalExpression) -> int | None:
    """Sessions from the day the text is speaking of for "a day earlier" (-1), "the next day" (+1), "the
    previous session" (-1; without such a day, the session before publication); None for other expressions."""
    if not t.note.startswith(ANCHORED + ":"):
        return None
    return int(t.note.rsplit(":", 1)[1])


def shift_day(day: dt.date, offset: int, *, sessions: bool = True) -> dt.date:
    """``day`` moved by ``offset`` exchange sessions (XNAS; weekdays outside the calendar's bounds), or by
    calendar days when ``sessions`` is False (an asset that trades every day)."""
    if not sessions:
        return day + dt.timedelta(days=offset)
    import pandas as pd

    from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar

    exchange = get_calendar(DEFAULT_CALENDAR)
    stamp = pd.Timestamp(day)
    if exchange.first_session < stamp < exchange.last_session:
        session = exchange.date_to_session(stamp, "previous" if offset < 0 else "next")
        if session != stamp:
            offset -= 1 if offset > 0 else -1  # a non-session day: the nearest session on that side is the first step
        return exchange.session_offset(session, offset).date()
    step = 1 if offset > 0 else -1
    for _ in range(abs(offset)):
        day += dt.timedelta(days=step)
        while day.weekday() >= 5:
            day += dt.timedelta(days=step)
    return day


# "a day earlier", "the next session", "rose on Wednesday, a day after falling 9%": a day counted from the day the
# text is speaking of (claims resolve it); "a day after <doing>" is the day before the one spoken of.
@_rule(r"\b(?:(?:a|one)\s+(?:trading\s+)?(?:day|session)\s+(?:(?P<back>earlier|before)|(?P<after_doing>after)"
       r"(?=\s+(?:\w+ing|its|their)\b)|(?P<on>later|after))|the\s+(?:(?P<next>next|following)\s+(?:trading\s+)?"
       r"(?:day|session)|(?:trading\s+)?(?:day|session)\s+(?:(?P<back2>before)|(?P<on2>after))"
       r"(?!\s+(?:the|its|their|this|that|an?)\b)))\b")
def _anchored_day(m, published):
    offset = -1 if m.group("back") or m.group("back2") or m.group("after_doing") else 1
    return _unresolved("day", f"{ANCHORED}:{offset}")


# A weekday with its date: "Monday, February 8th", "Thursday, December 21, 2023": the date decides
# (a weekday alone would be read relative to publication).
@_rule(r"\b(?:on\s+)?" + WEEKDAY + r",?\s+(?:the\s+)?" + MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?![\d,.]*\d|\s*%)"
       r"(?:,?\s+" + YEAR + r"\b)?")
def _weekday_and_date(m, published):
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    day = int(m.group("day"))
    if m.group("year"):
        try:
            return _day(dt.date(int(m.group("year")), month, day))
        except ValueError:
            return _unresolved("day", "not a valid date")
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    return _day(_latest_month_day(month, day, published))


# Reporting periods: "the three months ended Sept. 30", "the quarter ended March 31, 2021".
@_rule(r"\b(?:(?P<count>three|six|nine|twelve|3|6|9|12)\s+months|(?P<q>quarter|fiscal\s+year|year|half)|"
       r"(?P<weeks>\d+|thirteen|fifty-two)\s+weeks)\s+end(?:ed|ing)\s+" + MONTH
       + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + YEAR + r")?\b")
def _period_ended(m, published):
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    day = int(m.group("day"))
    if m.group("year"):
        try:
            end = dt.date(int(m.group("year")), month, day)
        except ValueError:
            return None
    elif published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    else:
        end = _latest_month_day(month, day, published)
        if end is None:
            return None
    if m.group("count"):
        months = _count(m.group("count")) if m.group("count").isdigit() else WORD_NUMBERS[m.group("count").lower()]
    elif m.group("weeks"):
        weeks = int(m.group("weeks")) if m.group("weeks").isdigit() else {"thirteen": 13, "fifty-two": 52}[m.group("weeks").lower()]
        return _period(end - dt.timedelta(weeks=weeks) + dt.timedelta(days=1), end, f"P{weeks * 7}D")
    else:
        months = {"quarter": 3, "half": 6}.get(m.group("q").lower(), 12)
    start = add_months(end + dt.timedelta(days=1), -months)
    return _period(start, end, f"P{months}M")


# Absolute dates with a year: "March 9, 2021", "Mar. 9 2021", "9 March 2021", "2021-03-09".
@_rule(r"\b(?:" + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}"
       r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH.replace("?P<month>", "?:")
       + r",?\s+(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b")
def _absolute_day(m, published):
    day = _parse_day(" ".join(m.group(0).split()))
    if day is None:
        return _unresolved("day", "not a valid date")
    return _day(day)


# All-numeric dates: "03/03/2021", "4.3.2021". The order is certain when one part exceeds 12 ("21/02/2021" is
# day-first, "02/21/2021" month-first); when both readings are dates, the latest on or before publication
# ("02/03/2021" in an article of March 4, 2021: March 2, not February 3), as a month-day without a year is read.
@_rule(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})(?![\d/]|\.\d)")
def _numeric_day(m, published):
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    readings = []
    for day, month in ((first, second), (second, first)):  # day-first, then month-first
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            readings.append(dt.date(year, month, day))
    readings = sorted(set(readings))
    if not readings:
        return None
    if len(readings) == 1:
        return _day(readings[0])
    if published is None:
        return _unresolved("day", "day-first or month-first: ambiguous")
    past = [day for day in readings if day <= published]
    return _day(past[-1]) if past else _unresolved("day", "day-first or month-first: ambiguous")


@lru_cache(maxsize=4096)
def _parse_day(text: str) -> dt.date | None:
    """dateparser's reading of one absolute date, memoised: it costs about 2 ms a
    call, and long articles (market wraps, filings) repeat the same dates."""
    parsed = _dateparser().parse(
        text, languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]})
    return None if parsed is None else parsed.date()


# Comparison bases ("up 20% from a year ago", "year-over-year"): the date of the
# figure compared with, not of the claim; they stay unresolved so that a
# claim does not take them as its own date.
@_rule(r"\b(?:(?:from|than|versus|vs\.?|compared\s+(?:with|to)|over)\s+(?:a|one|the)\s+(?:year|quarter)\s+(?:ago|earlier|before)"
       r"|(?:from|than|versus|vs\.?|compared\s+(?:with|to)|over)\s+the\s+(?:previous|prior|preceding|last)\s+"
       r"(?:quarter|year|month|period)"
       r"|(?:from|than|versus|vs\.?|compared\s+(?:with|to))\s+the\s+same\s+(?:period|quarter|month)(?:\s+(?:of\s+)?(?:last|the\s+previous|a)\s+year(?:\s+earlier)?)?"
       r"|year[- ](?:over|on)[- ]year|YoY|quarter[- ](?:over|on)[- ]quarter"
       # "down 13% from yesterday's close": the close compared with, not the day of the move
       r"|(?:from|than|versus|vs\.?|over|below|above|under)\s+(?:yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|the\s+previous\s+day|"
       r"the\s+prior\s+day);?['’]s\s+close)\b")
def _comparison_base(m, published):
    return _unresolved("vague", "comparison base")


# Times of day: "as of 11:55AM ET", "at 4 p.m. EST", "11:55 ET".
#: Spelled-out zones ("11 a.m. New York time"), matched in any case.
ZONE_PHRASES: dict[str, str] = {
    "eastern time": "America/New_York", "eastern": "America/New_York",
    "new york time": "America/New_York", "in new york": "America/New_York",
    "central time": "America/Chicago", "pacific time": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "london time": "Europe/London", "in london": "Europe/London",
    "hong kong time": "Asia/Hong_Kong", "in hong kong": "Asia/Hong_Kong",
    "beijing time": "Asia/Shanghai", "tokyo time": "Asia/Tokyo", "in tokyo": "Asia/Tokyo",
}
_ZONE = (r"(?P<zone>" + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True))
         + r"|(?i:" + "|".join(p.replace(" ", r"\s+") for p in sorted(ZONE_PHRASES, key=len, reverse=True))
         + r"))\b")


def _zone_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return ZONE_ABBREVIATIONS.get(text.upper()) or ZONE_PHRASES.get(text.lower(), "")
_TIME_RE = (r"(?:\b(?:as of|at|by|around|before|after)\s+)?\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?"
            r"\s*(?:(?P<ampm>[AaPp])\.?\s?[Mm]\b\.?\s*" + "(?:" + _ZONE.replace("?P<zone>", "?P<zone1>")
            + r")?|" r"(?<=\d{2})\s*" + _ZONE + r")")


@_rule(_TIME_RE, 0)
def _time_of_day(m, published):
    hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
    if m.group("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group("ampm").lower() == "p" else 0)
    elif m.group("minute") is None or hour > 23:
        return None
    if minute > 59:
        return None
    zone = m.group("zone1") or m.group("zone") or ""
    return {"kind": "time", "precision": "unresolved", "time": f"{hour:02d}:{minute:02d}",
            "timezone": _zone_name(zone), "note": "time of day only"}


@_rule(r"\b(?:(?:as of|at|by|around|before|after)\s+)?(?P<word>noon|midday|midnight)\s+(?:" + _ZONE + r")")
def _noon(m, published):
    time = "00:00" if m.group("word").lower() == "midnight" else "12:00"
    return {"kind": "time", "precision": "unresolved", "time": time,
            "timezone": _zone_name(m.group("zone")), "note": "time of day only"}


# "on the final trading day of March", "the last session of 2021", "the final day of the year": the last day of
# a named week, month, quarter or year (its last XNAS session for "trading day" / "session"). "the (this) month"
# is the latest one whose last day is not after publication; a last day still to come is unresolved.
@_rule(r"\b(?:on\s+)?the\s+(?:final|last|closing)\s+(?P<trading>(?:trading\s+)?session|trading\s+day|day\s+of\s+"
       r"trading)?(?:day)?\s+of\s+(?:(?P<rel>the|this|last|that)\s+(?P<unit>week|month|quarter|year)"
       r"|(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?P<qyear>(?:19|20)\d{2}))?"
       r"|" + MONTH + r"(?:,?\s+" + YEAR + r")?|(?P<year2>(?:19|20)\d{2}))\b")
def _final_day_of(m, published):
    if (m.group("year2") or m.group("qyear") or m.group("year")) is None and published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    unit, rel = (m.group("unit") or "").lower(), (m.group("rel") or "").lower()
    if m.group("year2"):
        last = dt.date(int(m.group("year2")), 12, 31)
    elif m.group("month"):
        last = _matched_month(m, published)[1]
    elif m.group("ord"):
        quarter = _ORDINAL_QUARTER[m.group("ord").lower()]
        year = int(m.group("qyear")) if m.group("qyear") else published.year
        if not m.group("qyear") and quarter_span(year, quarter)[1] > published:
            year -= 1  # "the first quarter": the latest one that has ended
        last = quarter_span(year, quarter)[1]
    else:
        span = {  # (first, last) day of the unit's period containing a day
            "week": lambda d: (d - dt.timedelta(days=d.weekday()), d + dt.timedelta(days=6 - d.weekday())),
            "month": lambda d: month_span(d.year, d.month),
            "quarter": lambda d: quarter_span(d.year, (d.month - 1) // 3 + 1),
            "year": lambda d: (dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)),
        }[unit]
        first, last = span(published)
        if rel == "last" or (rel in ("the", "that") and last > published):
            last = span(first - dt.timedelta(days=1))[1]  # the period before
    if m.group("trading"):
        import pandas as pd

        from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar

        exchange = get_calendar(DEFAULT_CALENDAR)
        day = pd.Timestamp(last)
        if day > exchange.last_session or day <= exchange.first_session:
            return _unresolved("day", "outside the exchange calendar")
        last = (day if exchange.is_session(day) else exchange.date_to_session(day, "previous")).date()
    if published is not None and last > published:
        return _unresolved("day", "a last day still to come")
    return _day(last)


# "in the previous session": the last regular session (exchange calendar XNAS) before publication.
@_rule(r"\b(?:(?:in|during|on)\s+)?the\s+(?:previous|prior|preceding|last)\s+(?:(?:trading|regular)\s+)?"
       r"(?:session|trading\s+day)\b")
def _previous_session(m, published):
    found = _session_before(published)
    if "date" not in found:
        return found
    return {**found, "note": f"{ANCHORED}:-1"}  # the day before another the text speaks of, if any


def _session_before(published: dt.date | None) -> dict:
    """Date fields of the last regular session (XNAS) before the publication day, else unresolved."""
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    import pandas as pd

    from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar

    exchange = get_calendar(DEFAULT_CALENDAR)
    day = pd.Timestamp(published)
    if day > exchange.last_session or day <= exchange.first_session:
        return _unresolved("day", "outside the exchange calendar")
    session = exchange.previous_session(day) if exchange.is_session(day) else exchange.date_to_session(day, "previous")
    return _day(session.date())


# "Overnight on Wall Street, the S&P 500 fell 0.3 per cent", "rose 2% in New York overnight": a desk ahead of
# New York (Sydney, Tokyo, London's morning) reporting the session that closed before its publication day.
@_rule(r"\bovernight\s+(?:on\s+Wall\s+Street|in\s+New\s+York|in\s+(?:the\s+)?U\.?S\.?(?:\s+(?:trading|trade))?|"
       r"on\s+(?:the\s+)?U\.?S\.?\s+(?:markets?|exchanges?|bourses?))(?!\w)"
       r"|\b(?:on\s+Wall\s+Street|in\s+New\s+York)\s+overnight\b")
def _overnight_in_new_york(m, published):
    return {**_session_before(published), "note": "the New York session before publication"}


# Periods ending at publication: "over the past six months", "in the past week".
@_rule(r"\b(?:(?:over|in|during|for|within)\s+)?(?:the\s+)?(?:past|last|previous|prior|recent)\s+"
       r"(?:(?:" + _COUNT + r"|" + _VAGUE_COUNT + r")\s+)?" + _UNIT + r"\b"
       # "down 2% over 24 hours": a plain count of hours or days after "over" also looks back
       r"|\bover\s+(?:the\s+)?(?=\d|a\b)(?:" + _COUNT.replace("?P<count>", "?P<count2>") + r")\s+"
       + _UNIT.replace("?P<unit>", "?P<unit2>") + r"\b"
       # "gained a third in two sessions": sessions counted back from publication
       r"|\b(?:in|across)\s+(?:just\s+)?(?P<count3>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
       r"(?P<unit3>sessions|trading\s+days)\b")
def _past_period(m, published):
    if m.group("count3"):
        if published is None:
            return _unresolved("period", NO_PUBLICATION_DATE)
        start = _sessions_back(published, _count(m.group("count3")))
        return _period(start, published, f"P{(published - start).days}D")
    if m.group("count2"):
        period, months, days = _duration(_count(m.group("count2")), m.group("unit2"))
        if published is None:
            return {**_unresolved("period", NO_PUBLICATION_DATE), "period": period}
        return _period(add_months(published, -months) - dt.timedelta(days=days), published, period)
    if m.group("vague"):
        return _unresolved("period", f"vague length ({m.group('vague')})")
    unit = m.group("unit")
    text = m.group(0).lower()
    if m.group("count") is None:
        if text.endswith("s"):
            return _unresolved("period", "vague length (no number)")  # "in prior years"
        if unit.lower() == "quarter":
            return None  # "the previous quarter" is a calendar quarter (rule below)
        # "the past week" = one unit; "last week"/"last month" alone are calendar units (below).
        if not re.search(r"\b(past|previous|prior)\b", text) and not re.match(r"(over|in|during|for|within)\b", text):
            return None
        count = 1
    else:
        count = _count(m.group("count"))
    period, months, days = _duration(count, unit)
    if published is None:
        return {**_unresolved("period", NO_PUBLICATION_DATE), "period": period}
    if unit.lower().startswith(("session", "trading")):
        # "the past five trading days": the last five sessions on or before publication, from the close before;
        # "the previous three sessions": the three before publication's own (a Thursday article: Monday to
        # Wednesday, from Friday's close)
        end = published
        if re.search(r"\b(?:previous|prior|preceding)\b", text):
            end = _sessions_back(published - dt.timedelta(days=1), 0)
        start = _sessions_back(end, count)
        return _period(start, end, f"P{(end - start).days}D")
    start = add_months(published, -months) - dt.timedelta(days=days)
    return _period(start, published, period)


# "tumbled 14% in two days", "lost 7.1% in a week": the span ending at publication ("its biggest gain in a
# year" compares a record; "in two weeks' time" is ahead).
@_rule(r"\b(?:in|within)\s+(?:just\s+|only\s+)?(?P<count>a|an|one|two|three|four|five|"
       r"six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>day|week|month)s?\b(?!\s*'|\s*\u2019|\s+(?:time|ago|from)\b)")
def _in_span(m, published):
    text = m.string[max(0, m.start() - 40):m.start()]
    if re.search(r"\b(?:biggest|largest|most|best|worst|highest|lowest|first|strongest|weakest|steepest|sharpest)\b"
                 r"[^.;,%]*$|\b(?:will|would|could|expected|due|plans?|aims?)\b[^.;]*$", text, re.IGNORECASE):
        return None
    word = m.group("count").lower()
    count = 1 if word in ("a", "an") else _count(word)
    period, months, days = _duration(count, m.group("unit"))
    if published is None:
        return {**_unresolved("period", NO_PUBLICATION_DATE), "period": period}
    return _period(add_months(published, -months) - dt.timedelta(days=days), published, period)


_SUPERLATIVE_BEFORE = re.compile(r"\b(?:biggest|largest|best|worst|steepest|sharpest|strongest|weakest|"
                                 r"longest|smallest|first|another)\s+$", re.IGNORECASE)


# "a 1-year return of -64%", "5-day change: +15.3%", "its three-month performance": the span of that length ending at
# publication (days: exchange sessions, as "the past five trading days").
@_rule(r"\b" + _COUNT + r"[-\s](?P<unit>day|week|month|year)(?=\s+(?:return|performance|change|gain|loss|decline|"
       r"rise)s?\b)")
def _n_unit_return(m, published):
    count, unit = _count(m.group("count")), m.group("unit").lower()
    if (count == 1 and unit == "day") or _SUPERLATIVE_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return None  # "a one-day gain of 19%" is the day's move; "its biggest three-day drop since 2022" a record
    period, months, days = _duration(count, unit)
    if published is None:
        return {**_unresolved("period", NO_PUBLICATION_DATE), "period": period}
    if unit == "day":
        start = _sessions_back(published, count)
        return _period(start, published, f"P{(published - start).days}D")
    return _period(add_months(published, -months) - dt.timedelta(days=days), published, period)


def _sessions_back(published: dt.date, count: int) -> dt.date:
    """The session before the last ``count`` exchange sessions on or before ``published`` (weekdays outside the
    calendar's range)."""
    import pandas as pd

    from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar

    exchange = get_calendar(DEFAULT_CALENDAR)
    day = pd.Timestamp(published)
    if exchange.first_session + pd.Timedelta(days=2 * count + 10) < day <= exchange.last_session:
        sessions = exchange.sessions_in_range(day - pd.Timedelta(days=2 * count + 10), day)
        if len(sessions) > count:
            return sessions[-count - 1].date()
    back, seen = published, 0
    while seen <= count:  # weekdays: the count of them on or before publication, then the one before
        if back.weekday() < 5:
            seen += 1
        if seen <= count:
            back -= dt.timedelta(days=1)
    return back


#: The session before the last N sessions on or before a day, for the streak spans of :mod:`fintrack.news.claims`.
sessions_back = _sessions_back


# "24h change: -3.0%", "down 3% over 24h": a crypto note's trailing 24 hours, as "the past 24 hours".
@_rule(r"(?<![\w.:])24\s?-?\s?(?:h|hrs?)\b")
def _abbreviated_24_hours(m, published):
    if published is None:
        return {**_unresolved("period", NO_PUBLICATION_DATE), "period": "PT24H"}
    return _period(published - dt.timedelta(days=1), published, "PT24H")


@_rule(r"\b(?:year[- ]to[- ]date|so\s+far\s+this\s+year|(?:this|for\s+the)\s+year\s+so\s+far|earlier\s+this\s+year"
       r"|since\s+the\s+(?:start|beginning)\s+of\s+(?:this|the)\s+year|YTD)\b")
def _year_to_date(m, published):
    if published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    return _period(dt.date(published.year, 1, 1), published)


# "month to date", "week to date" (MTD, WTD), "since the start of the month": from the month's first day
# (the week's Monday) to publication; a close is measured from the last close before it.
@_rule(r"\b(?:(?P<unit>month|week)[- ]to[- ]date|(?P<short>MTD|WTD)|since\s+the\s+(?:start|beginning)\s+of\s+"
       r"(?:this|the)\s+(?P<unit2>month|week))\b")
def _month_to_date_span(m, published):
    if published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    unit = (m.group("unit") or m.group("unit2") or ("month" if m.group("short") == "MTD" else "week")).lower()
    if unit == "month":
        return _period(published.replace(day=1), published)
    return _period(published - dt.timedelta(days=published.weekday()), published)


# "in the first week of March": days 1-7 of the latest such March (the second week: 8-14, ...).
@_rule(r"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last)\s+week\s+of\s+" + MONTH + r"(?:,?\s+" + YEAR + r")?\b")
def _week_of_month(m, published):
    span = _matched_month(m, published)
    if span is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    start, end = span
    nth = m.group("nth").lower()
    first = end.day - 6 if nth == "last" else 1 + 7 * ("first", "second", "third", "fourth").index(nth)
    return _period(start.replace(day=first), start.replace(day=min(first + 6, end.day)))


# "a two-day drop of 13.7%", "its three-session winning streak": the last N sessions before publication's
# close ("its biggest two-day drop since 2020" compares a record and is left alone).
@_rule(r"(?<!biggest\s)(?<!largest\s)(?<!steepest\s)(?<!sharpest\s)(?<!worst\s)(?<!best\s)\b(?P<count>two|three|four|"
       r"five|2|3|4|5)[- ](?:day|session)\s+(?=(?:gain|drop|decline|loss|slide|rally|rise|advance|jump|surge|"
       r"slump|fall|selloff|sell-off|rout|climb|run|winning|losing)\b)")
def _n_day_move(m, published):
    if published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    start = _sessions_back(published, _count(m.group("count")))
    return _period(start, published, f"P{(published - start).days}D")


# "the first three months of this year", "the first two months of 2024": Jan 1 to that month's end;
# "the final (last) three months of the year": to Dec 31 ("the year" on New Year's Day: the year just ended).
@_rule(r"\b(?:the\s+)?(?P<edge>first|final|last)\s+" + _COUNT + r"\s+months\s+of\s+(?:(?P<rel>this|the|last|"
       r"the previous|the prior)\s+year|" + YEAR + r")\b"
       # "lost 16% in the final three months" (of the year the article reviews)
       r"|\bthe\s+(?P<final>final)\s+" + _COUNT.replace("?P<count>", "?P<count2>") + r"\s+months\b(?!\s+of\b)")
def _first_months(m, published):
    count = _count(m.group("count") or m.group("count2"))
    if not 1 <= count <= 12:
        return None
    if m.group("final"):
        if published is None:
            return _unresolved("period", NO_PUBLICATION_DATE)
        year = (published - dt.timedelta(days=1)).year
        return _period(month_span(year, 13 - count)[0], dt.date(year, 12, 31), f"P{count}M")
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    else:
        reported = published - dt.timedelta(days=1)  # "the year" of a New Year's Day article is the one just ended
        base = reported.year if m.group("rel").lower() == "the" else published.year
        year = base - (0 if m.group("rel").lower() in ("this", "the") else 1)
    if m.group("edge").lower() == "first":
        return _period(dt.date(year, 1, 1), month_span(year, count)[1], f"P{count}M")
    return _period(month_span(year, 13 - count)[0], dt.date(year, 12, 31), f"P{count}M")


# "the 63 cents it fetched at the end of November": the month's last day (a price then is its last close). Not
# after "since" ("since the end of March" keeps its month rule below).
@_rule(r"\b(?:at|by|as\s+of)\s+the\s+(?:end|close)\s+of\s+" + MONTH + r"(?:,?\s+" + YEAR + r"\b)?")
def _month_end(m, published):
    span = _matched_month(m, published)
    if span is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    end = span[1]
    if published is not None and end > published:
        return _unresolved("day", "a month end after publication")
    return _day(end)


@_rule(r"\b(?:earlier|so far)\s+this\s+month\b")
def _month_to_date(m, published):
    if published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    return _period(published.replace(day=1), published)


# "early 2020", "mid-2020", "late 2020"
@_rule(r"\b(?P<part>early|mid|late)[- ](?:in\s+)?" + YEAR + r"\b")
def _part_of_year(m, published):
    first, last = _PART_OF_YEAR[m.group("part").lower()]
    year = int(m.group("year"))
    return _period(dt.date(year, first, 1), month_span(year, last)[1])


# "the end of last year": the last month of that year; "the start of 2020": its first ten days.
@_rule(r"\b(?:the\s+)?(?P<edge>end|close|start|beginning)\s+of\s+(?:(?P<rel>last|this|the previous|the prior)\s+year|" + YEAR + r"\b)")
def _year_edge(m, published):
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unresolved("month", NO_PUBLICATION_DATE)
    else:
        year = published.year - (0 if m.group("rel").lower() == "this" else 1)
    if m.group("edge").lower() in ("end", "close"):
        return _month(year, 12)
    # "at the beginning of this year": its first days, read as "early January" (days 1-10).
    return _period(dt.date(year, 1, 1), dt.date(year, 1, 10))


# Half years: "the first half of 2021", "H2 2020", "the second half of last year".
@_rule(r"\b(?:(?:the\s+)?(?P<ord>first|second|1st|2nd)[\s-]+half|H(?P<h>[12]))"
       r"(?:\s*(?:of\s+|,\s*)?(?:(?P<rel>the year|this year|last year|next year)|(?:fiscal\s+|FY\s*)?" + YEAR + r")\b)?")
def _half_year(m, published):
    half = 1 if (m.group("ord") or "").lower() in ("first", "1st") or m.group("h") == "1" else 2
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    else:
        rel = (m.group("rel") or "").lower()
        if rel in ("the year", "this year"):
            year = published.year
        elif rel in ("last year", "next year"):
            year = published.year + (-1 if rel == "last year" else 1)
        else:  # "the first half", "H2" alone: the latest such half that has started
            year = published.year if (half == 1 or published.month >= 7) else published.year - 1
    start = dt.date(year, 1 if half == 1 else 7, 1)
    return _period(start, month_span(year, 6 if half == 1 else 12)[1], "P6M")


# Quarters: "the first quarter of the year", "Q1 2021", "fourth quarter of last year".
@_rule(r"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+quarter"
       r"|Q(?P<q>[1-4]))"
       r"(?:\s*(?:of\s+|,\s*)?(?:(?P<rel>the year|this year|last year|next year|the previous year|the prior year)"
       r"|(?:fiscal\s+|FY\s*)?" + YEAR + r")\b|(?P<dangling>\s+of)(?!\s+\w*\d)\b)?")
def _quarter_rule(m, published):
    quarter = _ORDINAL_QUARTER[m.group("ord").lower()] if m.group("ord") else int(m.group("q"))
    if m.group("year"):
        return _quarter(int(m.group("year")), quarter)
    if m.group("dangling"):
        # "the first quarter of  compared..." : the year was there and is gone.
        return _unresolved("quarter", "year missing")
    if published is None:
        return _unresolved("quarter", NO_PUBLICATION_DATE)
    rel = (m.group("rel") or "").lower()
    if rel in ("the year", "this year"):
        return _quarter(published.year, quarter)
    if rel in ("last year", "the previous year", "the prior year"):
        return _quarter(published.year - 1, quarter)
    if rel == "next year":
        return _quarter(published.year + 1, quarter)
    year = published.year if quarter_span(published.year, quarter)[0] <= published else published.year - 1
    return _quarter(year, quarter)


@_rule(r"\b(?P<rel>last|this|next|previous|current)\s+quarter\b")
def _relative_quarter(m, published):
    if published is None:
        return _unresolved("quarter", NO_PUBLICATION_DATE)
    index = published.year * 4 + (published.month - 1) // 3
    index += {"last": -1, "previous": -1, "next": 1}.get(m.group("rel").lower(), 0)
    return _quarter(index // 4, index % 4 + 1)


# "during the quarter" with no ordinal: the quarter a results article reports, the last one
# completed before publication.
@_rule(r"\b(?:during|in|over|for|throughout)\s+the\s+quarter\b(?!\s+(?:ended|ending|to|of)\b)")
def _the_quarter(m, published):
    if published is None:
        return _unresolved("quarter", NO_PUBLICATION_DATE)
    index = published.year * 4 + (published.month - 1) // 3 - 1
    return _quarter(index // 4, index % 4 + 1)


# A run of months: "from January through June", "between March and May 2021", "January-to-June": the first
# month's first day to the last month's last day (the last month the latest on or before P, or of the year given;
# the first month of that year, else of the year before: "from November through February").
@_rule(r"\b(?:from|between)\s+" + MONTH + r"\s+(?:through|thru|to|until|and)\s+"
       + MONTH.replace("month>", "month2>") + r"(?:,?\s+" + YEAR + r"\b)?(?!\s*\d)")
def _month_run(m, published):
    first = _MONTHS[m.group("month").rstrip(".").lower()]
    last = _MONTHS[m.group("month2").rstrip(".").lower()]
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    else:
        year = _latest_year_of(last, published)
    start = month_span(year if first <= last else year - 1, first)[0]
    return _period(start, month_span(year, last)[1])


# Month with a relative year: "September of last year", "September this year".
@_rule(r"\b" + MONTH + r"\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b")
def _month_relative_year(m, published):
    if published is None:
        return _unresolved("month", NO_PUBLICATION_DATE)
    shift = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    return _month(published.year + shift, _MONTHS[m.group("month").rstrip(".").lower()])


# Month and day with a relative year: "December 14 of this year", "March 3 of last year", "June 1 next year".
@_rule(r"\b" + MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b")
def _month_day_relative_year(m, published):
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    day = int(m.group("day"))
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    year = published.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return _day(dt.date(year, month, day))


# Month and year: "September 2020", "Sept. of 2020".
@_rule(r"\b" + MONTH + r",?\s+(?:of\s+)?" + YEAR + r"\b")
def _month_year(m, published):
    return _month(int(m.group("year")), _MONTHS[m.group("month").rstrip(".").lower()])


# Month and day without a year: "February 7", "Jan 23", "7 February", "the 7th of March".
@_rule(r"\b(?:" + MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d,.]*\d|\s*%)"
       r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH.replace("month>", "month2>") + r")")
def _month_day(m, published):
    month = _MONTHS[(m.group("month") or m.group("month2")).rstrip(".").lower()]
    day = int(m.group("day") or m.group("day2"))
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    return _day(_latest_month_day(month, day, published))


# "on the 5th" with no month: the latest 5th of a month on or before P (a Korean or European desk's
# "closed at 17.25 dollars on the 5th (local time)"); "the 5th time", "the 5th straight day" are counts.
@_rule(r"\bon\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\b|time|day|session|week|month|year|"
       r"consecutive|straight|largest|biggest|best|worst|highest|lowest|percentile|place|anniversary|-))")
def _day_of_month(m, published):
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    year, month = published.year, published.month
    for _ in range(12):  # the 31st searches back to a month that has one
        if day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) <= published:
            return _day(dt.date(year, month, day))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


# "early June", "mid-June", "late June": the first, middle or last third of that month (latest such
# month starting on or before P; "in early June 2022" takes the year).
@_rule(r"\b(?:in\s+|during\s+|since\s+|by\s+)?(?P<part>early|mid|late)[-\s]+" + MONTH + r"(?:,?\s+" + YEAR + r"\b)?(?!\s*\d)")
def _part_of_month(m, published):
    span = _matched_month(m, published)
    if span is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    start, end = span
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[m.group("part").lower()]
    return _period(start.replace(day=first_day), start.replace(day=last_day))


# "last September", "this June", "in September" (latest such month starting on or before P); "since the end of
# June" is that month too (the "since" reading of date_fields starts after its last day).
@_rule(r"\b(?:(?P<rel>last|this|next)\s+|(?:in|during|since|by|until|through)\s+(?:early\s+|late\s+|mid-?)?"
       r"|since\s+the\s+(?:end|close|start|beginning)\s+of\s+)" + MONTH + r"(?!\s*\d)")
def _month_alone(m, published):
    word = m.group("month").rstrip(".")
    if word.lower() in ("may", "mar", "march") and not word[0].isupper():
        return None  # the verbs "may" and "march"
    if published is None:
        return _unresolved("month", NO_PUBLICATION_DATE)
    month = _MONTHS[word.lower()]
    rel = (m.group("rel") or "").lower()
    if rel == "next":
        return _unresolved("month", "future month: ambiguous")
    year = _latest_year_of(month, published)
    if rel == "last" and month == published.month:
        year -= 1
    return _month(year, month)


# "its April record", "the March peak": the month an extreme was set in (latest such month on or before P;
# the claims read "since its April record" as a return from that month's highest close).
@_rule(r"(?:(?<=\bits\s)|(?<=\btheir\s)|(?<=\bthe\s))" + MONTH
       + r"(?=\s+(?:(?:all-time|record|closing|intraday)\s+)?(?:record|peak|high|low|top|bottom|trough)s?\b)")
def _month_of_an_extreme(m, published):
    if published is None:
        return _unresolved("month", NO_PUBLICATION_DATE)
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    return _month(_latest_year_of(month, published), month)


# Weekdays: "on Tuesday", "last Tuesday"; "next Tuesday" is ambiguous.
@_rule(r"\b(?:(?P<rel>on|last|this|past|next)\s+)?" + WEEKDAY + r"(?:'s)?\b")
def _weekday(m, published):
    rel = (m.group("rel") or "").lower()
    if rel == "next":
        return _unresolved("day", "future weekday: ambiguous")
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    back = (published.weekday() - _WEEKDAYS[m.group("weekday").lower()]) % 7
    if rel in ("last", "past") and back == 0:
        back = 7
    return _day(published - dt.timedelta(days=back))


# Days named by the calendar ("on Christmas Eve", "New Year's Day"): the latest one on or before P.
_NAMED_DAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
               "new year's eve": (12, 31), "new year's day": (1, 1), "boxing day": (12, 26),
               "independence day": (7, 4), "the fourth of july": (7, 4), "halloween": (10, 31),
               "valentine's day": (2, 14)}


@_rule(r"\b(?:on\s+)?(?P<name>christmas\s+eve|christmas\s+day|christmas|new\s+year's\s+(?:eve|day)|boxing\s+day|"
       r"independence\s+day|the\s+fourth\s+of\s+july|halloween|valentine's\s+day)\b")
def _named_day(m, published):
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    month, day = _NAMED_DAYS[re.sub(r"\s+", " ", m.group("name").lower())]
    year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
    return _day(dt.date(year, month, day))


# "at press time": the moment of publication. No closing \b, as degraded text glues words.
@_rule(r"\b(?:at\s+press\s+time|at\s+(?:the\s+)?time\s+of\s+(?:writing|publication|posting)|as\s+of\s+(?:this\s+)?(?:writing|posting|publication)"
       r"|currently|right\s+now|at\s+the\s+moment)")
def _press_time(m, published):
    return _day(published)


# "over the weekend": the latest Saturday-Sunday that has started by P.
@_rule(r"\b(?:over|during|on|at|this|last|the\s+past)\s+(?:the\s+)?weekend\b")
def _weekend(m, published):
    if published is None:
        return _unresolved("period", NO_PUBLICATION_DATE)
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if m.group(0).lower().startswith("last") and saturday + dt.timedelta(days=1) >= published:
        saturday -= dt.timedelta(days=7)
    return _period(saturday, min(saturday + dt.timedelta(days=1), published), "P2D")


@_rule(r"\b(?P<word>today|yesterday|tomorrow)\b")
def _relative_day(m, published):
    if published is None:
        return _unresolved("day", NO_PUBLICATION_DATE)
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("word").lower()]
    return _day(published + dt.timedelta(days=shift))


@_rule(r"\b(?P<rel>this|last|next)\s+(?P<unit>week|month|year)\b")
def _relative_unit(m, published):
    if published is None:
        return _unresolved(m.group("unit").lower(), NO_PUBLICATION_DATE)
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    shift = {"this": 0, "last": -1, "next": 1}[rel]
    if unit == "year":
        return _year(published.year + shift)
    if unit == "month":
        target = add_months(published.replace(day=1), shift)
        return _month(target.year, target.month)
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
    end = published if shift == 0 else monday + dt.timedelta(days=6)
    return _period(monday, end)


# "rose 8% for the week", "ended the month up 43%", "in a holiday-shortened week": the week (month) whose
# trading the article reports, that of the last weekday before publication (a Sunday, or the 1st of a month,
# reports the week or month just ended), up to publication.
@_rule(r"\b(?:(?:for|on|over|during)\s+the\s+|(?:ended|ending|end|closed\s+out|finished|wrapped\s+up)\s+the\s+|"
       r"(?:in|during|over)\s+an?\s+(?:[\w-]+\s+){1,2}?)(?P<unit>week|month)"
       r"\b(?!\s+(?:before|after|ended|ending|of|to|ahead|earlier|later)\b)"
       r"|\b(?:for\s+the\s+|(?:ended|ending|closed\s+out|finished|wrapped\s+up)\s+the\s+)(?P<long>year|quarter)"
       r"\b(?!\s+(?:before|after|ended|ending|of|to|ahead|earlier|later|ago)\b|\s+\d|-)")
def _the_week(m, published):
    if published is None:
        return _unresolved(m.group("unit").lower(), NO_PUBLICATION_DATE)
    reported = published - dt.timedelta(days=1)
    while reported.weekday() >= 5:
        reported -= dt.timedelta(days=1)
    long = (m.group("long") or "").lower()
    if long:
        # "lost 4.4% for the year" on New Year's Day: the year just ended; in June, the year to date
        first, last = ((dt.date(reported.year, 1, 1), dt.date(reported.year, 12, 31)) if long == "year"
                       else quarter_span(reported.year, (reported.month - 1) // 3 + 1))
        fields = _period(first, min(published, last))
    elif m.group("unit").lower() == "month":
        first = reported.replace(day=1)
        fields = _period(first, min(published, add_months(first, 1) - dt.timedelta(days=1)))
    else:
        monday = reported - dt.timedelta(days=reported.weekday())
        fields = _period(monday, min(published, monday + dt.timedelta(days=6)))
    if re.match(r"(?i)(?:end|clos|finish|wrap)", m.group(0)):
        # "finished the week at $43.27": the verb stays readable, the price is the week's last close
        fields["note"] = PERIOD_END
    return fields


@_rule(r"\b" + _COUNT + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b")
def _ago(m, published):
    if published is None:
        return _unresolved(m.group("unit").lower(), NO_PUBLICATION_DATE)
    count, unit = _count(m.group("count")), m.group("unit").lower()
    if unit == "day":
        return _day(published - dt.timedelta(days=count))
    if unit == "week":
        start = published - dt.timedelta(weeks=count)
        return _period(start - dt.timedelta(days=start.weekday()),
                       start - dt.timedelta(days=start.weekday()) + dt.timedelta(days=6))
    if unit == "month":
        target = add_months(published, -count)
        return _month(target.year, target.month)
    return _year(published.year - count)


# Years: "in 2021", "fiscal 2021", "since 2013"; bare years only after a preposition.
@_rule(r"\b(?:(?:in|since|during|by|of|for|from|until|through|throughout|before|after|fiscal|FY|year)\s+"
       r"(?:the\s+year\s+)?|FY|(?P<verb>ended|finished|closed\s+out|wrapped\s+up)\s+)"
       + YEAR + r"(?![\d,.]*\d|\s*%)\b")
def _year_rule(m, published):
    fields = _year(int(m.group("year")))
    if m.group("verb"):
        fields["note"] = PERIOD_END  # "ended 2021 up about 3%", "finished 2021 at $46,306"
    return fields


# "a year earlier", "the previous quarter": relative to another date of the text, not to P.
@_rule(r"\b(?:(?:a|an|one|two|three|six|\d+)\s+(?:year|quarter|month|week|day)s?\s+(?:earlier|before|prior|later)"
       r"|the\s+(?:previous|prior|preceding|same)\s+(?:year|quarter|month|period)(?:\s+(?:a\s+year\s+)?(?:earlier|before))?"
       r"|the\s+(?:year|quarter|month)\s+before)\b")
def _relative_to_other(m, published):
    return _unresolved("vague", "relative to another date in the text")


@_rule(r"\b(?:recently|soon|earlier|lately|in the coming (?:days|weeks|months|years)|the other day"
       r"|(?:a few|several) (?:days|weeks|months|years) ago|in recent (?:days|weeks|months|years))\b")
def _vague(m, published):
    return _unresolved("vague", "vague expression")


# ---------------------------------------------------------------------- finding

def find_temporal_expressions(text: str, published: dt.date | None = None) -> list[TemporalExpression]:
    """All temporal expressions in ``text``, in text order, resolved against ``published``."""
    found: list[TemporalExpression] = []
    taken = Occupied(len(text))
    for pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if start == end or not taken.free(start, end):
                continue
            fields = resolve(m, published)
            if fields is None:
                continue
            # Keep the span tight: no trailing spaces of the optional groups.
            matched = m.group(0)
            end = start + len(matched.rstrip())
            taken.take(start, end)
            found.append(TemporalExpression(text=text[start:end], start=start, end=end, **fields))
    return sorted(found, key=lambda t: t.start)


def resolve(text: str, published: dt.date | None = None) -> TemporalExpression | None:
    """The first temporal expression in ``text`` (convenience for a single phrase)."""
    found = find_temporal_expressions(text, published)
    return found[0] if found else None
