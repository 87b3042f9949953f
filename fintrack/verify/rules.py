"""One verification rule per claim metric: pure functions, claim + bars -> Verdict.

Conventions shared by every rule
--------------------------------
* Moves are simple returns in percent points: ``(price / reference - 1) * 100``.
* The *previous close* is the unadjusted ``close`` of the session before.
  High and Low in yfinance bars are on the same basis as Close, so intraday
  moves use ``close`` (not ``adj_close``); for split-adjusted data both ends are
  adjusted alike and the ratio is unchanged. (For a stock that paid no dividend, Adj Close = Close.)
* A claim dated D (day precision) is about the session on D; when D is not a
  session the next session is used and the reason says so. A claim the text
  leaves undated is about the publication day's session, or the last session
  before it when that day is not one (a weekend article reports Friday).
  Bitcoin's sessions are UTC calendar days.
* A claimed fall (``direction == 'down'`` or a negative value) is compared as
  the size of the fall: "down 13.8%" matches a move of -13.8 %.
* Equity times of day are read in US Eastern time (the exchanges of the
  tickers fintrack follows); before 09:30 or after 16:00 daily bars cannot
  resolve the figure and the verdict is ``unverifiable``.

Verdicts: ``supported`` (the bars measure the claim and it holds within the
tolerance of :mod:`fintrack.verify.tolerance`), ``contradicted`` (it does not
hold for any price the bars allow), ``consistent`` (daily bars cannot measure it
exactly, but the claimed value lies inside what the bars allow),
``unverifiable`` (with the reason).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time as dtime

import numpy as np
import pandas as pd

from fintrack.verify.bitcoin_supply import bitcoin_market_cap, bitcoin_supply
from fintrack.verify.tolerance import FRACTION_ROUNDING, Interval, claimed_interval

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
CONSISTENT = "consistent"
UNVERIFIABLE = "unverifiable"

#: The four verdicts and what each means.
VERDICTS: dict[str, str] = {
    SUPPORTED: "the prices measure the claim and it holds at the stated precision",
    CONTRADICTED: "no price the daily bars allow makes the claim true",
    CONSISTENT: "daily bars cannot measure the claim exactly, but the claimed value lies inside what they allow",
    UNVERIFIABLE: "the prices cannot decide the claim (reason given)",
}

EXCHANGE_TZ = "America/New_York"
REGULAR_OPEN = dtime(9, 30)
REGULAR_CLOSE = dtime(16, 0)
#: A claim date more than this many days before the next bar has no data.
MAX_GAP_DAYS = 5
BITCOIN_TICKERS = frozenset({"BTC-USD", "BTC", "XBT", "BITCOIN", "BTCUSD"})


@dataclass(frozen=True)
class Verdict:
    """The outcome of one rule: the measured number beside the verdict."""

    verdict: str
    reason: str
    rule: str
    measured: float = math.nan
    measured_text: str = ""
    low: float = math.nan
    high: float = math.nan
    sessions: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- claim fields

def text_field(claim: Mapping, key: str) -> str:
    value = claim.get(key, "")
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def number_field(claim: Mapping, key: str, default: float = math.nan) -> float:
    value = claim.get(key, default)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(value) else value


def is_bitcoin(subject: str) -> bool:
    return subject.strip().upper() in BITCOIN_TICKERS


def written_decimals(claim: Mapping) -> int:
    """Decimals of the number as written: the ``decimals`` field, else counted in ``value_text``."""
    decimals = int(number_field(claim, "decimals", -1))
    if decimals >= 0:
        return decimals
    match = re.search(r"\d[\d,]*(?:\.(\d+))?", text_field(claim, "value_text"))
    return len(match[1]) if match and match[1] else 0


#: A share written as a fraction word (fintrack.news.numbers reads it as a percent).
_FRACTION_WORD = re.compile(r"(?:half|(?:a|one)\s+third|two[-\s]thirds|(?:a|one)\s+quarter|three[-\s]quarters)",
                            re.IGNORECASE)


def claim_interval(claim: Mapping) -> Interval:
    """Tolerance interval of the claim's magnitude (sign handled by :func:`is_fall`); a fraction word ("nearly
    three-quarters") is as precise as a round ten."""
    value = number_field(claim, "value")
    fraction = (text_field(claim, "unit") == "percent"
                and _FRACTION_WORD.fullmatch(text_field(claim, "value_text").strip()) is not None)
    return claimed_interval(
        text_field(claim, "comparator") or "equal",
        abs(value),
        written_decimals(claim),
        number_field(claim, "scale", 1.0),
        text_field(claim, "unit"),
        FRACTION_ROUNDING if fraction else None,
    )


def move_interval(claim: Mapping) -> Interval:
    """Tolerance interval of the claimed move's size in percent points.

    A percent claim is its own interval; a multiple ("11-fold", "tripled":
    unit ``multiple``) is the ratio of end to start price, so ``x k`` is a move
    of ``(k - 1) * 100`` percent ("tripled" -> +200%).
    """
    interval = claim_interval(claim)
    if text_field(claim, "unit") != "multiple":
        return interval
    return Interval((interval.low - 1.0) * 100.0, (interval.high - 1.0) * 100.0,
                    interval.low_closed, interval.high_closed)


def is_fall(claim: Mapping) -> bool:
    return text_field(claim, "direction") == "down" or number_field(claim, "value", 0.0) < 0


def _day(text: str) -> pd.Timestamp | None:
    if not text:
        return None
    try:
        return pd.Timestamp(text[:10]).normalize()
    except (ValueError, TypeError):
        return None


def _iso(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d")


def _pct(x: float) -> str:
    return "nan" if math.isnan(x) else f"{x:+,.2f}%"


def _usd(x: float) -> str:
    if abs(x) >= 1e9:
        return f"${x / 1e12:,.3f} trillion" if abs(x) >= 1e12 else f"${x / 1e9:,.2f} billion"
    return f"${x:,.2f}" if abs(x) >= 1 else f"${x:,.4f}"


def _move(price: float, reference: float) -> float:
    """Simple return in percent points, to 10 significant digits.

    Rounding removes binary noise (273 / 200 - 1 is 0.36500000000000005) so a
    move exactly on a tolerance boundary is judged as written; bars carry six
    decimals, far coarser than the digits dropped.
    """
    return float(f"{(price / reference - 1.0) * 100.0:.10g}")


# ---------------------------------------------------------------- sessions

def _session_near(bars: pd.DataFrame, day: pd.Timestamp, *, after: bool) -> pd.Timestamp | None:
    """The first bar dated ``day`` or later (``after``), else the last one dated ``day`` or earlier;
    None when it is more than :data:`MAX_GAP_DAYS` away."""
    pos = bars.index.searchsorted(day, side="left") if after else bars.index.searchsorted(day, side="right") - 1
    if not 0 <= pos < len(bars):
        return None
    session = bars.index[pos]
    return session if abs((session - day).days) <= MAX_GAP_DAYS else None


def session_on_or_after(bars: pd.DataFrame, day: pd.Timestamp) -> pd.Timestamp | None:
    """First bar dated ``day`` or later, if within :data:`MAX_GAP_DAYS`."""
    return _session_near(bars, day, after=True)


def session_on_or_before(bars: pd.DataFrame, day: pd.Timestamp) -> pd.Timestamp | None:
    """Last bar dated ``day`` or earlier, if within :data:`MAX_GAP_DAYS`."""
    return _session_near(bars, day, after=False)


def session_of_day(bars: pd.DataFrame, day: pd.Timestamp, *, before: bool = False,
                   last: str = "session") -> tuple[pd.Timestamp | None, str]:
    """The session a claim's ``day`` means, and a note when it is another day: the next session, or with
    ``before`` the last ``last`` ("session", "close") before it."""
    session = session_on_or_before(bars, day) if before else session_on_or_after(bars, day)
    if session is None or session == day:
        return session, ""
    if before:
        return session, f"{_iso(day)} is not a session; the last {last} before it ({_iso(session)}) used"
    return session, f"{_iso(day)} is not a session; next session {_iso(session)} used"


def previous_session(bars: pd.DataFrame, session: pd.Timestamp) -> pd.Timestamp | None:
    pos = bars.index.get_loc(session)
    return None if pos == 0 else bars.index[pos - 1]


def market_cap_day(claim: Mapping, rule: str, bitcoin: bool) -> tuple[pd.Timestamp, str] | Verdict:
    """(day, note) of a market-cap claim, else why it cannot be checked: a company's cap needs shares
    outstanding, which price data do not have; a claim needs a date (its own or the publication's)."""
    if not bitcoin:
        return _unverifiable("market capitalisation of a company needs shares outstanding, "
                             "which fintrack's price data do not have", rule)
    day, note = _claim_day(claim)
    if day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    return day, note


def _unverifiable(reason: str, rule: str) -> Verdict:
    return Verdict(UNVERIFIABLE, reason, rule)


def _claim_day(claim: Mapping) -> tuple[pd.Timestamp | None, str]:
    """The day a claim is about: its ``date``, else its publication date."""
    day = _day(text_field(claim, "date"))
    if day is not None:
        return day, ""
    day = _day(text_field(claim, "published"))
    if day is not None:
        return day, "claim date unresolved; publication date used"
    return None, ""


def _session_and_prev(claim: Mapping, bars: pd.DataFrame, rule: str):
    """(session, previous session, notes) or a Verdict explaining why not."""
    day, note = _claim_day(claim)
    if day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    # the publication day stands in for a day the text does not state (``note``): an article published on a
    # weekend or a holiday reports the last session before it, not one that had not happened yet
    session, moved = session_of_day(bars, day, before=bool(note))
    notes = [n for n in (note, moved) if n]
    if session is None:
        return _unverifiable(f"no price data for {_iso(day)}", rule)
    prev = previous_session(bars, session)
    if prev is None:
        return _unverifiable(f"no price data before {_iso(session)} for the previous close", rule)
    return session, prev, notes


def session_hours(session: pd.Timestamp) -> tuple[dtime, dtime]:
    """(open, close) of an equity session in exchange time, from exchange_calendars.

    Half days close early (13:00 on the day after Thanksgiving). A bar on a
    day the calendar does not list as a session falls back to 09:30-16:00.
    """
    from fintrack.market.calendars import DEFAULT_CALENDAR, get_calendar

    calendar = get_calendar(DEFAULT_CALENDAR)
    day = pd.Timestamp(session).normalize()
    try:
        if calendar.is_session(day):
            return (calendar.session_open(day).tz_convert(EXCHANGE_TZ).time(),
                    calendar.session_close(day).tz_convert(EXCHANGE_TZ).time())
    except (ValueError, KeyError, IndexError):  # outside the calendar's bounds
        pass
    return REGULAR_OPEN, REGULAR_CLOSE


#: Trading phases (``session_phase``) that daily bars cannot price.
OFF_HOURS_PHASES = {"premarket": "premarket", "pre-market": "premarket", "after-hours": "after_hours",
                    "afterhours": "after_hours", "extended": "after_hours"}
#: Phases that place a figure at a moment inside the regular session without a clock time
#: ("during mid-day trading", "in early trading"). Not 'intraday' ("during trading hours"):
#: that names the whole session, whose figures the close can decide.
MID_SESSION_PHASES = frozenset({"midday", "mid-day", "morning", "afternoon", "early", "late"})
#: The same moments named in the sentence, for claim files without ``session_phase``.
_MID_SESSION_WORDS = re.compile(
    r"\b(?:mid-?day|mid-?session|in (?:early|morning|afternoon|late) trading|(?:early|morning|afternoon) "
    r"(?:trading|session|trade)|shortly after the (?:open|opening bell)|after (?:the )?market open)\b",
    re.IGNORECASE)


def _stated_phase(claim: Mapping) -> str:
    """'premarket' | 'after_hours' | 'overnight' | 'mid_session' | '' from ``session_phase`` and the wording."""
    phase = text_field(claim, "session_phase").lower()
    if phase in OFF_HOURS_PHASES:
        return OFF_HOURS_PHASES[phase]
    if phase == "overnight":
        return "overnight"
    if phase in MID_SESSION_PHASES:
        return "mid_session"
    # A claims file with the column says where the phase words belong; an older one only has the sentence.
    if "session_phase" not in claim and _MID_SESSION_WORDS.search(text_field(claim, "sentence")):
        return "mid_session"
    return ""


def _time_of_claim(claim: Mapping, session: pd.Timestamp, bitcoin: bool):
    """('none'|'premarket'|'after_hours'|'close'|'session', text) for the claim's time.

    ``session_phase`` (premarket, after-hours) and a clock time in ``time``
    decide; equity hours come from the exchange calendar (half days
    included). A phase word without a clock time ("mid-day") is 'session'.
    """
    phase = _stated_phase(claim)
    raw = text_field(claim, "time")
    if not bitcoin:
        if phase in ("premarket", "after_hours"):
            return phase, text_field(claim, "session_phase") or phase
        if raw in ("premarket", "after-hours"):  # claim files written before session_phase existed
            return raw.replace("-", "_"), raw
    match = re.match(r"^(\d{1,2}):(\d{2})", raw)
    if not match:
        if phase == "mid_session":
            return "session", text_field(claim, "session_phase") or "a moment of the session the text names"
        return _publication_moment(claim, session, bitcoin)
    zone = text_field(claim, "timezone") or (("UTC" if bitcoin else EXCHANGE_TZ))
    stamp = pd.Timestamp(session.year, session.month, session.day, int(match[1]), int(match[2]))
    try:
        local = stamp.tz_localize(zone).tz_convert("UTC" if bitcoin else EXCHANGE_TZ).time()
    except Exception:  # an unknown zone name: read the time as exchange time
        local = stamp.time()
    text = f"{raw} {zone}"
    if bitcoin:
        return "session", text
    opens, closes = session_hours(session)
    if local < opens:
        return "premarket", text
    if local > closes:
        return "after_hours", f"{text}, after the {closes:%H:%M} close"
    if local == closes:
        return "close", text
    return "session", f"{text} (session {opens:%H:%M}-{closes:%H:%M} ET)"


def _publication_moment(claim: Mapping, session: pd.Timestamp, bitcoin: bool):
    """A claim without a time takes the article's publication time, when known and on the session's day.

    Published during the session: a figure of that moment ('session').
    Published at or after the close: the session is over, its figures are
    the day's ('close'). Before the open, or another day: no time ('none').
    """
    if bitcoin:  # no closing bell: the same-day rules of each bitcoin rule decide
        return "none", ""
    stamp = published_time(claim, bitcoin)
    if stamp is None or stamp.normalize().tz_localize(None) != session:
        return "none", ""
    opens, closes = session_hours(session)
    if stamp.time() >= closes:
        return "close", f"publication time {stamp:%H:%M} ET, after the {closes:%H:%M} close"
    if stamp.time() < opens:
        return "none", ""
    return "session", f"publication time {stamp:%H:%M} ET (session {opens:%H:%M}-{closes:%H:%M})"


def published_time(claim: Mapping, bitcoin: bool = False) -> pd.Timestamp | None:
    """The publication time in exchange time (UTC for bitcoin), or None when only a date is known."""
    text = text_field(claim, "published")
    if len(text) <= 10 or not re.search(r"\d:\d", text):
        return None
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        return None
    zone = "UTC" if bitcoin else EXCHANGE_TZ
    return stamp.tz_convert(zone) if stamp.tzinfo else stamp.tz_localize(zone)


def _written_during_session(claim: Mapping, session: pd.Timestamp, bitcoin: bool = False) -> tuple[bool, str]:
    """Could the sentence have been written before the session's close?

    A claim without a time takes the article's publication time when known:
    published before the close of that session (exchange calendar; the UTC
    day's end for bitcoin) means written during it.
    """
    stamp = published_time(claim, bitcoin)
    if stamp is not None:
        if stamp.normalize().tz_localize(None) == session:
            if bitcoin:
                return True, f"published {stamp:%H:%M} UTC on the day {_iso(session)}, before its end"
            opens, closes = session_hours(session)
            if stamp.time() < closes:
                return True, f"published {stamp:%H:%M} ET on {_iso(session)}, before the {closes:%H:%M} close"
            return False, f"published {stamp:%H:%M} ET on {_iso(session)}, after the {closes:%H:%M} close"
    published = _day(text_field(claim, "published"))
    if published is None:
        return True, "publication date unknown, so it may have been written during the session"
    if published == session:
        return True, f"published on the session day {_iso(session)}, possibly during the session"
    if published < session:
        return True, f"published {_iso(published)}, before the session"
    return False, f"published {_iso(published)}, after the session"


# ---------------------------------------------------------------- rules

def _off_hours(when: str, when_text: str, rule: str) -> Verdict | None:
    """The verdict for a premarket or after-hours figure, which daily bars cannot price; else None."""
    if when not in ("premarket", "after_hours"):
        return None
    label = "premarket" if when == "premarket" else "after-hours"
    return _unverifiable(f"{label} figure ({when_text}): daily bars cannot resolve it", rule)


def _timed_session(claim: Mapping, bars: pd.DataFrame, rule: str, bitcoin: bool):
    """The claim's session, the previous one, notes and the moment of the claim; or the Verdict that
    ends the check (no session, or a pre-market / after-hours figure)."""
    got = _session_and_prev(claim, bars, rule)
    if isinstance(got, Verdict):
        return got
    session, prev, notes = got
    when, when_text = _time_of_claim(claim, session, bitcoin)
    if (off := _off_hours(when, when_text, rule)) is not None:
        return off
    return session, prev, notes, when, when_text


def _session_moves(bars: pd.DataFrame, session: pd.Timestamp, ref: float) -> tuple[float, float, float]:
    """The session's low, high and close as moves from ``ref`` (fractions)."""
    return tuple(_move(float(bars.at[session, column]), ref) for column in ("low", "high", "close"))


def _trailing_day_extreme(bars: pd.DataFrame, session: pd.Timestamp, prev: pd.Timestamp, fall: bool) -> float:
    """Size (percent points) of the day's extreme move measured from the far end of the previous day's range."""
    if fall:
        return -_move(float(bars.at[session, "low"]), float(bars.at[prev, "high"]))
    return _move(float(bars.at[session, "high"]), float(bars.at[prev, "low"]))


def _stated_extreme(claim: Mapping, bars: pd.DataFrame, session: pd.Timestamp, fall: bool,
                    bitcoin: bool) -> tuple[float, float, str] | None:
    """The session's low (``fall``) or high the claim's article states ("as low as $28,170"), as
    :func:`current_quote` gives a quote; None when it states none inside the session's range."""
    field = "low" if fall else "high"
    quotes = tuple(q for q in claim.get("quotes") or () if text_field(q, "price_field") == field)
    return current_quote({**claim, "quotes": quotes}, bars, session, bitcoin) if quotes else None


def intraday_max_move(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"As much as X%": High / previous close - 1 (Low for a fall) for the session.

    supported: the tolerance interval contains the session's extreme move;
    consistent: the text was (or may have been) written during the session, so
    the maximum so far could be any move the session reached, and the interval
    meets ``[Low/prev - 1, High/prev - 1]``; contradicted otherwise.
    """
    rule = "intraday_max"
    got = _timed_session(claim, bars, rule, bitcoin)
    if isinstance(got, Verdict):
        return got
    session, prev, notes, when, when_text = got
    ref = float(bars.at[prev, "close"])
    lo, hi, close = _session_moves(bars, session, ref)
    fall = is_fall(claim)
    interval = move_interval(claim)
    # Work in "size of the claimed move" units: a fall of 5% is +5 here.
    extreme, r_lo, r_hi = (-lo, -hi, -lo) if fall else (hi, lo, hi)
    sessions = (_iso(prev), _iso(session))
    facts = (f"prev close {ref:g} ({_iso(prev)}); session {_iso(session)} ranged {_pct(lo)} to {_pct(hi)}, "
             f"closed {_pct(close)}")
    if when == "session":
        during, why = True, f"written at {when_text}"
    else:
        during, why = _written_during_session(claim, session, bitcoin)
    measured = -extreme if fall else extreme
    common = dict(rule=rule, measured=measured, measured_text=f"max {'fall' if fall else 'rise'} {_pct(measured)}",
                  low=lo, high=hi, sessions=sessions)
    stated = _stated_extreme(claim, bars, session, fall, bitcoin) if during else None
    if interval.contains(extreme):
        verdict, reason = SUPPORTED, f"session extreme {_pct(measured)} is within {interval.text('%')}"
    elif stated is not None and not interval.intersects(*sorted(_move(p, ref) * (-1 if fall else 1)
                                                                for p in stated[:2])) \
            and not (bitcoin and interval.intersects(extreme, _trailing_day_extreme(bars, session, prev, fall))):
        # "sank as low as $28,170, down 6.7%": the extreme so far is the one the text states, so the figure
        # is that price's move, not any move of the session's range
        moves = [_move(p, ref) for p in stated[:2]]
        verdict = CONTRADICTED
        reason = (f"{why}; the {'low' if fall else 'high'} the text states, {stated[2]}, is a move of "
                  f"{' to '.join(dict.fromkeys(_pct(m) for m in moves))}, outside {interval.text('%')}")
    elif during and interval.intersects(r_lo, r_hi):
        verdict = CONSISTENT
        reason = (f"{why}; the maximum so far could be any move in the session's range, "
                  f"which meets {interval.text('%')}; the full-session extreme was {_pct(measured)}")
    elif bitcoin and interval.intersects(extreme, trailing := _trailing_day_extreme(bars, session, prev, fall)):
        # Bitcoin has no opening bell: "down as much as 30% on Wednesday" is usually
        # measured over a trailing 24 hours, whose start can be any price of the day
        # before. The largest such move runs from the previous day's high (for a fall)
        # or low (for a rise) to this day's extreme.
        verdict = CONSISTENT
        reason = (f"bitcoin trades around the clock: from the previous close the extreme was {_pct(measured)}, "
                  f"from the previous day's {'high' if fall else 'low'} {_pct(-trailing if fall else trailing)}; "
                  f"{interval.text('%')} lies between, so a 24-hour move of that size fits the bars")
    else:
        verdict = CONTRADICTED
        reason = (f"{why}; session extreme {_pct(measured)} is outside {interval.text('%')}"
                  if not during else f"{why}; no move in the session's range meets {interval.text('%')}")
    return Verdict(verdict, "; ".join(notes + [reason, facts]), **common)


def move_reference(claim: Mapping, bars: pd.DataFrame, session: pd.Timestamp,
                   prev: pd.Timestamp) -> tuple[float, str]:
    """The price a move within ``session`` is measured from, and how it was chosen.

    ``reference`` 'open' -> the session's Open ("4.6% after the open");
    'level' with ``reference_value`` -> that price ("nearly 7% from its $9
    offering price"); otherwise the previous session's Close.
    """
    reference = text_field(claim, "reference")
    if reference == "open":
        price = float(bars.at[session, "open"])
        return price, f"open {price:g} ({_iso(session)}), the reference the text names"
    explicit = number_field(claim, "reference_value")
    if reference == "level" and not math.isnan(explicit) and explicit > 0:
        return explicit, f"reference price {explicit:g} stated in the text"
    price = float(bars.at[prev, "close"])
    return price, f"prev close {price:g} ({_iso(prev)})"


def move_at_time(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Up X% as of HH:MM": consistent if the move lies in the session's range.

    At 16:00 ET the move is the close-to-close move (supported/contradicted).
    Without a time the move could be from any moment of the session: the same
    range test applies.
    """
    rule = "move_at_time"
    got = _timed_session(claim, bars, rule, bitcoin)
    if isinstance(got, Verdict):
        return got
    session, prev, notes, when, when_text = got
    if when == "close":
        verdict = close_to_close_move(claim, bars, bitcoin=bitcoin)
        return Verdict(verdict.verdict, f"time {when_text} is the close; " + verdict.reason, rule,
                       verdict.measured, verdict.measured_text, verdict.low, verdict.high, verdict.sessions)
    ref, ref_text = move_reference(claim, bars, session, prev)
    lo, hi, close = _session_moves(bars, session, ref)
    fall = is_fall(claim)
    interval = move_interval(claim)
    test = interval.negated() if fall else interval
    facts = (f"{ref_text}; session {_iso(session)} ranged {_pct(lo)} to {_pct(hi)}, "
             f"closed {_pct(close)}")
    at = f"at {when_text}" if when_text else "at an unstated time"
    if test.intersects(lo, hi):
        verdict = CONSISTENT
        reason = f"daily bars cannot price {at}; the claimed {test.text('%')} lies inside the session's range"
    else:
        verdict = CONTRADICTED
        reason = f"the claimed {test.text('%')} lies outside the session's range"
    return Verdict(verdict, "; ".join(notes + [reason, facts]), rule, math.nan,
                   f"range {_pct(lo)} to {_pct(hi)}", lo, hi, (_iso(prev), _iso(session)))


_CLOSE_WORDS = re.compile(r"\b(?:clos(?:e|ed|es|ing)|end(?:ed|ing)|finish(?:ed|ing)|settl(?:ed|ing))\b",
                          re.IGNORECASE)


def matches_move(test: Interval, price: float, reference: float) -> bool:
    """The move ``price / reference - 1`` meets ``test`` once the bars' own rounding is allowed for.

    Bars in whole cents are exact and the move is compared as computed; a bar
    printed with 3 decimals (0.733) stands for half a unit around it, so the
    move can be anything between the extreme combinations
    (:func:`bar_half_unit`): "+6.22%" matches 0.690 -> 0.733 (+6.23%).
    """
    hp, hr = bar_half_unit(price), bar_half_unit(reference)
    if hp == 0 and hr == 0:
        return test.contains(_move(price, reference))
    return test.intersects(_move(price - hp, reference + hr), _move(price + hp, reference - hr))


def close_to_close_move(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Closed up X%": close / previous close - 1 of the session.

    supported/contradicted on the close. A plain move ("jumped 37%") in text
    that may have been written during the session (published that day or
    publication unknown) and that does not say it closed is about a moment of
    the session: when the close does not match but the session's range meets
    the claim, the verdict is consistent.
    """
    rule = "close_to_close"
    got = _session_and_prev(claim, bars, rule)
    if isinstance(got, Verdict):
        return got
    session, prev, notes = got
    ref = float(bars.at[prev, "close"])
    measured = _move(float(bars.at[session, "close"]), ref)
    lo = _move(float(bars.at[session, "low"]), ref)
    hi = _move(float(bars.at[session, "high"]), ref)
    interval = move_interval(claim)
    test = interval.negated() if is_fall(claim) else interval
    ok = matches_move(test, float(bars.at[session, "close"]), ref)
    reason = (f"close {float(bars.at[session, 'close']):g} on {_iso(session)} vs close {ref:g} on {_iso(prev)}: "
              f"{_pct(measured)} is {'within' if ok else 'outside'} {test.text('%')}")
    verdict = SUPPORTED if ok else CONTRADICTED
    when, when_text = _time_of_claim(claim, session, bitcoin)
    if (off := _off_hours(when, when_text, rule)) is not None:
        return off
    if when == "session":  # a figure at a stated moment of the session: the close cannot pin it
        if test.intersects(lo, hi):
            verdict = CONSISTENT
            reason = (f"a figure at {when_text}: daily bars cannot price that moment; the session ranged "
                      f"{_pct(lo)} to {_pct(hi)}, which meets {test.text('%')}; " + reason)
        else:
            verdict = CONTRADICTED
            reason = f"the session's range {_pct(lo)} to {_pct(hi)} does not meet {test.text('%')}; " + reason
    elif (not ok and not _CLOSE_WORDS.search(text_field(claim, "sentence"))
          and text_field(claim, "snapshot") != "close"):  # the text spoke of the session's close elsewhere
        during, why = _written_during_session(claim, session, bitcoin)
        if during and test.intersects(lo, hi):
            verdict = CONSISTENT
            reason = (f"{why} and the text does not say the stock closed there; the session ranged "
                      f"{_pct(lo)} to {_pct(hi)}, which meets {test.text('%')}; " + reason)
    return Verdict(verdict, "; ".join(notes + [reason]), rule, measured, _pct(measured), lo, hi,
                   (_iso(prev), _iso(session)))


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_period(text: str) -> pd.DateOffset | None:
    """ISO-8601 calendar duration ('P6M', 'P7D', 'P1Y6M', 'P2W') -> DateOffset."""
    match = _DURATION.match(text.strip().upper()) if text else None
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return pd.DateOffset(years=years, months=months, days=days + 7 * weeks)


def period_return(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """Return over a span: close of the start session to close of the end session.

    End: the last session on or before ``date_end`` (else ``date``, else
    ``published``). Start: with a ``period`` ('P6M'), the last session on or
    before end - period ("over the past six months" counts from the close six
    months ago); without one, the close of the session before ``date`` (the
    base of a return over a span beginning on ``date``).

    supported when the return to the end session's close meets the tolerance;
    when the text may have been written during the end session (published
    that day, or a time of day given) and the close does not meet it, the
    verdict is consistent if some price of that session does (its range vs the
    start close), else contradicted. The previous close's return is shown too: a stock note dated by its
    publication day alone may predate the open, so a return met there is consistent. A span ending at a close
    the text names (``snapshot`` 'close': "as of Tuesday's close", "ended the week up 41%") is never
    softened: that close decides.
    Written during the end session (bitcoin: its UTC day): when the article quotes
    a price of that day (``quotes``, see :func:`current_quote`), the return at that
    quote decides instead of the whole session's range. ``reference`` 'low': from a named low
    (:func:`named_low`); a figure between the end return and the return to the
    run's peak close is consistent.
    """
    rule = "period_return"
    end_day = (_day(text_field(claim, "date_end")) or _day(text_field(claim, "date"))
               or _day(text_field(claim, "published")))
    if end_day is None:
        return _unverifiable("period end unresolved in the text and no publication date", rule)
    end = session_on_or_before(bars, end_day)
    if end is None:
        return _unverifiable(f"no price data for {_iso(end_day)}", rule)
    period_text = text_field(claim, "period")
    offset = parse_period(period_text)
    if period_text.upper() == "YTD":  # from the last close of the year before
        start_day = pd.Timestamp(end_day.year - 1, 12, 31)
        start = session_on_or_before(bars, start_day)
        start_why = f"last session on or before {_iso(start_day)}, the year's start"
    elif offset is not None:
        start_day = end_day - offset
        start = session_on_or_before(bars, start_day)
        start_why = f"last session on or before {_iso(start_day)} = {_iso(end_day)} - {period_text}"
    else:
        begin = _day(text_field(claim, "date"))
        if begin is None or begin >= end_day:
            return _unverifiable("the span of the return is unresolved (no period, no start date)", rule)
        first = session_on_or_after(bars, begin)
        start = previous_session(bars, first) if first is not None else None
        start_day = begin
        start_why = f"close before the span starting {_iso(begin)}"
    if start is None and text_field(claim, "reference") not in ("span_low", "span_high", "low"):
        return _unverifiable(f"no price data for {_iso(start_day)}", rule)
    when, when_text = _time_of_claim(claim, end, bitcoin)
    if (off := _off_hours(when, when_text, rule)) is not None:
        return off
    base = float(bars.at[start, "close"]) if start is not None else math.nan
    reference = text_field(claim, "reference")
    explicit = number_field(claim, "reference_value")
    interval = move_interval(claim)
    test = interval.negated() if is_fall(claim) else interval
    run_peak = None
    if reference == "low" and (low := named_low(claim, bars, end)) is not None:
        # "up 38% from their lows on April 7": from that day's (month's) lowest Low or lowest Close,
        # whichever the claim meets at the end close, else the nearer.
        start, base, start_why, run_peak = _pick_low_base(low, bars, end, test)
    elif reference == "day_close" and (begin := _day(text_field(claim, "date"))) is not None \
            and (named := session_on_or_before(bars, begin)) is not None:
        # "since last Tuesday's close": that session's close (a day without a session: the last close before)
        start, base, start_why = named, float(bars.at[named, "close"]), f"the close of {_iso(begin)} the text names"
    elif reference == "open" and (first := session_on_or_after(bars, _day(text_field(claim, "date")) or start)):
        start, base = first, float(bars.at[first, "open"])
        start_why = "the open the text names"
    elif reference in ("span_low", "span_high") and (begin := _day(text_field(claim, "date"))) is not None \
            and not (closes := bars.loc[(bars.index >= begin) & (bars.index <= end), "close"].astype(float)).empty:
        # "six-fold since its low in March 2020": from the lowest close of the span (the low it names).
        start = closes.idxmin() if reference == "span_low" else closes.idxmax()
        base = float(closes.loc[start])
        start_why = f"the {'lowest' if reference == 'span_low' else 'highest'} close since {_iso(begin)}, the " \
                    f"{'low' if reference == 'span_low' else 'high'} the text starts from"
    elif reference == "level" and not math.isnan(explicit) and explicit > 0:
        base, start_why = explicit, "the start price the text states"
        stated_day = _day(text_field(claim, "date"))
        if offset is None and stated_day is not None and (first := session_on_or_after(bars, stated_day)):
            start = first  # "from $2.82 on April 28": the price of that session, not of the one before
    if start is None:
        return _unverifiable(f"no price data for {_iso(start_day)}", rule)
    lo, hi, measured = _session_moves(bars, end, base)
    if when == "session":
        during, why = True, f"written at {when_text}"
    elif text_field(claim, "snapshot") == "close":
        # "as of Tuesday's close", "ended the week up 41%": the text names the close the span ends at, so
        # a same-day article was not written during that session
        during, why = False, "the text names the close the span ends at"
    else:
        during, why = _written_during_session(claim, end, bitcoin)
        during = during and _day(text_field(claim, "published")) is not None
    # Only the publication day places it on the end session: it may also predate the open (a stock's).
    before_open = during and when == "none" and not bitcoin
    moment_lo, moment_hi = lo, hi  # the returns a moment of the end session allows
    if during and (quote := current_quote(claim, bars, end, bitcoin)) is not None:
        # Written during the session (bitcoin: its UTC day) and quoting the price of that moment
        # ("is currently trading at $0.43"): the return to that quote (bitcoin: with the venue
        # slack) decides, not the whole session's range.
        moment_lo, moment_hi = sorted((_move(quote[0], base), _move(quote[1], base)))
        before_open = False  # a price of the session quoted as now: written during it
        why = (f"{why}; at the price the article quotes ({quote[2]}) the return is {_pct(moment_lo)} to "
               f"{_pct(moment_hi)}")
    parts = [f"start: {base:g} on {_iso(start)} ({start_why})",
             f"end: close {float(bars.at[end, 'close']):g} on {_iso(end)}: {_pct(measured)}"]
    prev = previous_session(bars, end)
    sessions = [_iso(start), _iso(end)]
    if during and prev is not None and prev != start:
        parts.append(f"at the previous close {float(bars.at[prev, 'close']):g} ({_iso(prev)}): "
                     f"{_pct(_move(float(bars.at[prev, 'close']), base))}; "
                     f"session {_iso(end)} ranged {_pct(lo)} to {_pct(hi)}")
        sessions.insert(1, _iso(prev))
    # A stock's return "so far" whose moment is only the article's publication time ends at that
    # day's close, as the protocol measures it; a time or phase the claim states itself caps it.
    publication_moment = not bitcoin and not text_field(claim, "time") and _stated_phase(claim) != "mid_session"
    if (when != "session" or publication_moment) and matches_move(test, float(bars.at[end, "close"]), base):
        verdict = SUPPORTED
        parts.insert(0, f"{_pct(measured)} is within {test.text('%')}")
    elif during and test.intersects(moment_lo, moment_hi):
        verdict = CONSISTENT
        parts.insert(0, f"{why}; prices of the end session meet {test.text('%')}")
    elif (during and before_open and prev is not None and prev != start
          and matches_move(test, float(bars.at[prev, "close"]), base)):
        # Dated by its publication day alone, a note may have been written before that session opened: its
        # span then ends at the last close before publication, which the text does not rule out.
        verdict = CONSISTENT
        parts.insert(0, f"{why}; the return to the previous close meets {test.text('%')} (a note written "
                        f"before the session)")
    elif run_peak is not None and test.intersects(min(measured, run_peak[1]), max(measured, run_peak[1])):
        # "surged 114% from its March 2020 low": a run counted to its peak or to now, the text
        # does not say which; anything between the two returns is what the bars allow.
        verdict = CONSISTENT
        parts.insert(0, f"the run from the low peaked at close {run_peak[2]:g} on {_iso(run_peak[0])} "
                        f"({_pct(run_peak[1])}); {test.text('%')} lies between that and the end")
        sessions.insert(1, _iso(run_peak[0]))
    else:
        verdict = CONTRADICTED
        parts.insert(0, f"{_pct(measured)} is outside {test.text('%')}" + (
            f"; {why}" if (moment_lo, moment_hi) != (lo, hi) else ""))
    return Verdict(verdict, "; ".join(parts), rule, measured, _pct(measured), lo, hi, tuple(sessions))


def current_quote(claim: Mapping, bars: pd.DataFrame, end: pd.Timestamp,
                  bitcoin: bool = True) -> tuple[float, float, str] | None:
    """(low, high, text) of the nearest price the same article quotes for the end day (the claim's
    ``quotes``: price_level rows of its subject, nearest first), widened by the venue slack (bitcoin
    only: a stock has one price) and cut to the day's range widened the same way; None when no quote
    lies in that range."""
    slack = BITCOIN_VENUE_SLACK if bitcoin else 0.0
    day_low = float(bars.at[end, "low"]) * (1 - slack)
    day_high = float(bars.at[end, "high"]) * (1 + slack)
    for quote in claim.get("quotes") or ():
        if _iso(end) not in (text_field(quote, "date") or _iso(end), text_field(quote, "date_end")):
            continue  # a price of another day
        interval = claim_interval(quote)
        low = max(interval.low * (1 - slack), day_low)
        high = min(interval.high * (1 + slack), day_high)
        if low <= high:
            return low, high, text_field(quote, "value_text") or _usd(number_field(quote, "value"))
    return None


def named_low(claim: Mapping, bars: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame | None:
    """The bars of the low a return starts from ("from its March 2020 low", "from their lows on
    April 7"): the claim's ``date`` to the end of its ``precision`` (a day, month, quarter, year;
    otherwise up to ``end``), before ``end``; None when no session falls there."""
    begin = _day(text_field(claim, "date"))
    if begin is None:
        return None
    last = {"day": begin, "month": begin + pd.offsets.MonthEnd(0), "quarter": begin + pd.offsets.QuarterEnd(0),
            "year": begin + pd.offsets.YearEnd(0)}.get(text_field(claim, "precision"), end)
    window = bars.loc[(bars.index >= begin) & (bars.index <= min(last, end)) & (bars.index < end)]
    return window if len(window) else None


def _pick_low_base(window: pd.DataFrame, bars: pd.DataFrame, end: pd.Timestamp, test: Interval):
    """(start session, base price, why, run peak) for a return from a named low.

    The base is the window's lowest Low or lowest Close: the one whose return to the end close meets
    ``test``, else the one nearer to it. The run peak is (session, return, close) of the highest close
    after the base up to ``end``.
    """
    close_end = float(bars.at[end, "close"])
    options = [(window["low"].astype(float).idxmin(), "low"), (window["close"].astype(float).idxmin(), "close")]
    scored = []
    for day, field in options:
        base = float(bars.at[day, field])
        move = _move(close_end, base)
        gap = 0.0 if test.contains(move) else min(abs(move - test.low), abs(move - test.high))
        scored.append((gap, day, base, field))
    gap, day, base, field = min(scored, key=lambda x: x[0])
    after = bars.loc[(bars.index > day) & (bars.index <= end), "close"].astype(float)
    peak_day = after.idxmax() if len(after) else end
    peak = float(bars.at[peak_day, "close"])
    return day, base, f"the lowest {field} of the low the text names, {_iso(day)}", (peak_day, _move(peak, base), peak)


#: Bitcoin has no single price: exchanges differ, most of the time by well under 1%
#: (the record of 2021-11-10 was $68,990 on some venues, $68,789.62 in Yahoo's BTC-USD).
#: A level this close to the day's range is consistent, never supported.
BITCOIN_VENUE_SLACK = 0.01


#: How far outside the range a level a text says was approached ("nears $50") may lie: consistent.
NEAR_SLACK = 0.01


def price_level(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Traded at $2.06 in September": supported if that price traded.

    A price traded on a session when the tolerance interval meets
    ``[Low, High]``; the matching sessions are listed (closes inside the
    interval are named first). Prices are as the source gives them: yfinance
    bars are split-adjusted, so a level quoted before a later split is
    compared on the adjusted scale (a known limitation).
    """
    rule = "price_level"
    first_day, note = _claim_day(claim)
    if first_day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    last_day = _day(text_field(claim, "date_end")) or first_day
    window = bars.loc[(bars.index >= first_day) & (bars.index <= last_day)]
    span = _iso(first_day) if last_day == first_day else f"{_iso(first_day)}..{_iso(last_day)}"
    if window.empty:
        return _unverifiable(f"no price data for {span}", rule)
    interval = claim_interval(claim)
    lows, highs, closes = window["low"].to_numpy(float), window["high"].to_numpy(float), window["close"].to_numpy(float)
    traded = [interval.intersects(lo, hi) for lo, hi in zip(lows, highs)]
    at_close = [interval.contains(c) for c in closes]
    matched = [_iso(d) for d, ok in zip(window.index, traded) if ok]
    closing = [_iso(d) for d, ok in zip(window.index, at_close) if ok]
    period_lo, period_hi = float(lows.min()), float(highs.max())
    notes = [note] if note else []
    range_text = f"{span} traded {_usd(period_lo)} to {_usd(period_hi)}"
    if matched:
        detail = f"traded within {interval.text()} on {len(matched)} session(s): {', '.join(matched[:10])}"
        if len(matched) > 10:
            detail += ", ..."
        if closing:
            detail += f"; closed within it on {', '.join(closing[:10])}"
        ordered = closing + [d for d in matched if d not in closing]
        measured = float(window.loc[pd.Timestamp(ordered[0]), "close"])
        return Verdict(SUPPORTED, "; ".join(notes + [detail, range_text]), rule, measured,
                       f"close {_usd(measured)} on {ordered[0]}", period_lo, period_hi, tuple(ordered))
    nearest = period_lo if abs(period_lo - interval.low) < abs(period_hi - interval.high) else period_hi
    if bitcoin and interval.intersects(period_lo * (1 - BITCOIN_VENUE_SLACK), period_hi * (1 + BITCOIN_VENUE_SLACK)):
        near = [_iso(d) for d, lo, hi in zip(window.index, lows, highs)
                if interval.intersects(lo * (1 - BITCOIN_VENUE_SLACK), hi * (1 + BITCOIN_VENUE_SLACK))]
        reason = (f"{interval.text()} is outside Yahoo's BTC-USD range but within {BITCOIN_VENUE_SLACK:.0%} of it "
                  f"on {', '.join(near[:10])}: bitcoin trades on many exchanges at slightly different prices")
        return Verdict(CONSISTENT, "; ".join(notes + [reason, range_text]), rule, nearest,
                       f"range {_usd(period_lo)} to {_usd(period_hi)}", period_lo, period_hi, tuple(near))
    if text_field(claim, "comparator") == "near" and interval.intersects(period_lo * (1 - NEAR_SLACK),
                                                                          period_hi * (1 + NEAR_SLACK)):
        # "shares neared $50" with a High of $49.80: approached, as the word says, not reached.
        reason = f"{interval.text()} is within {NEAR_SLACK:.0%} of the range: a level approached, not reached"
        return Verdict(CONSISTENT, "; ".join(notes + [reason, range_text]), rule, nearest,
                       f"range {_usd(period_lo)} to {_usd(period_hi)}", period_lo, period_hi, ())
    return Verdict(CONTRADICTED, "; ".join(notes + [f"no session traded within {interval.text()}", range_text]),
                   rule, nearest, f"range {_usd(period_lo)} to {_usd(period_hi)}", period_lo, period_hi,
                   (_iso(window.index[0]), _iso(window.index[-1])))


def crossings(series: pd.Series, threshold: float, *, downward: bool = False) -> pd.DatetimeIndex:
    """Dates where ``series`` passes ``threshold``: at or above it after a value below.

    The first value is not a crossing (what came before it is unknown). With
    ``downward`` the dates where it falls below after a value at or above.
    """
    values = series.to_numpy(dtype=float)
    above = values >= threshold
    if downward:
        hits = (~above[1:]) & above[:-1]
    else:
        hits = above[1:] & (~above[:-1])
    return series.index[1:][hits]


def market_cap_threshold(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """Bitcoin market cap passing a level, on a day or within a period, with an optional ordinal.

    Market cap = daily close x :func:`bitcoin_supply` (issuance schedule).
    Crossings are counted on daily closes over all the data up to the end of
    the claim's window (``date`` .. ``date_end``).

    * With an ordinal ("for the second time"): supported when a crossing inside
      the window is that numbered crossing; consistent when no close crossed
      inside the window but a day's High (Low, for a fall) did and that would
      be the numbered crossing; contradicted otherwise.
    * Without one, on a day ("passed $1 trillion on Tuesday"): supported when
      that day's close is a crossing; consistent when only its High (Low) crossed.
    * Without one, over a period ("topped $1.2 trillion last week"): supported
      when a close in the window is at or past the level; consistent when only
      a High (Low) is; contradicted otherwise.

    Other subjects need shares outstanding, which fintrack does not have: unverifiable.
    """
    rule = "market_cap_threshold"
    found = market_cap_day(claim, rule, bitcoin)
    if isinstance(found, Verdict):
        return found
    day, note = found
    last_day = max(_day(text_field(claim, "date_end")) or day, day)
    window = bars.loc[(bars.index >= day) & (bars.index <= last_day)]
    if window.empty:
        first = session_on_or_after(bars, day)
        if first is None:
            return _unverifiable(f"no price data for {_iso(day)}", rule)
        window = bars.loc[[first]]
    start, end = window.index[0], window.index[-1]
    span = _iso(start) if start == end else f"{_iso(start)}..{_iso(end)}"
    threshold = abs(number_field(claim, "value"))
    downward = is_fall(claim)
    history = bars.loc[bars.index <= end]
    cap = bitcoin_market_cap(history)
    found = crossings(cap, threshold, downward=downward)
    ordinal = int(number_field(claim, "ordinal", 0))
    supply = bitcoin_supply(end)
    in_window = cap.loc[start:end]
    measured = float(in_window.min() if downward else in_window.max())
    listed = [_iso(d) for d in found]
    verb = "fell below" if downward else "passed"
    facts = (f"{'lowest' if downward else 'highest'} close x supply in {span}: {_usd(measured)} "
             f"(supply {supply:,.0f} BTC on {_iso(end)}); crossings of {_usd(threshold)} on daily closes: "
             f"{', '.join(listed) or 'none'}")
    notes = [note] if note else []
    common = dict(rule=rule, measured=measured, measured_text=f"{_usd(measured)} ({len(listed)} crossing(s))",
                  sessions=tuple(listed))

    def verdict(outcome: str, text: str) -> Verdict:
        return Verdict(outcome, "; ".join(notes + [text, facts]), **common)

    numbered = [(n, d) for n, d in enumerate(found, start=1) if start <= d <= end]
    extremes = window["low" if downward else "high"].to_numpy(float) * np.array([bitcoin_supply(d) for d in window.index])
    prior = cap.shift(1).reindex(window.index).to_numpy(float)
    reached = (extremes < threshold) if downward else (extremes >= threshold)
    was_other_side = (prior >= threshold) if downward else (prior < threshold)  # the close before: not yet past
    intraday = [d for d, hit, other in zip(window.index, reached, was_other_side) if hit and other
                and d not in {c for _, c in numbered}]
    if ordinal:
        for n, d in numbered:
            if n == ordinal:
                first = f"first crossing {listed[0]}" if n > 1 else "the first crossing"
                return verdict(SUPPORTED, f"{verb} {_usd(threshold)} on {_iso(d)}, crossing number {n} ({first})")
        if numbered:
            return verdict(CONTRADICTED, f"crossing {numbered[-1][0]}, not {ordinal} ({span})")
        if intraday:
            count = sum(1 for d in found if d < intraday[0]) + 1
            if count != ordinal:
                return verdict(CONTRADICTED, f"an intraday crossing would be number {count}, not {ordinal}")
            return verdict(CONSISTENT, f"the {'low' if downward else 'high'} of {_iso(intraday[0])} {verb} "
                                       f"{_usd(threshold)} but the close did not: an intraday crossing daily "
                                       "closes cannot confirm")
        return verdict(CONTRADICTED, f"no crossing of {_usd(threshold)} in {span}")
    if start == end:  # a day: the crossing itself is the claim ("passed $1 trillion on Tuesday")
        if numbered:
            return verdict(SUPPORTED, f"{verb} {_usd(threshold)} on {span}, crossing number {numbered[0][0]}")
        if intraday:
            return verdict(CONSISTENT, f"the {'low' if downward else 'high'} of {span} {verb} {_usd(threshold)} "
                                       "but the close did not: an intraday crossing daily closes cannot confirm")
        return verdict(CONTRADICTED, f"no crossing of {_usd(threshold)} on {span}")
    beyond = [d for d, c in in_window.items() if (c < threshold if downward else c >= threshold)]
    if beyond:
        return verdict(SUPPORTED, f"closed {'below' if downward else 'at or above'} {_usd(threshold)} on "
                                  f"{', '.join(_iso(d) for d in beyond[:5])}{' ...' if len(beyond) > 5 else ''}")
    if reached.any():
        hit = [_iso(d) for d, h in zip(window.index, reached) if h]
        return verdict(CONSISTENT, f"only the day's {'low' if downward else 'high'} reached {_usd(threshold)} "
                                   f"({', '.join(hit[:5])}); no close did")
    return verdict(CONTRADICTED, f"no close or intraday price in {span} reached {_usd(threshold)}")


def bar_half_unit(price: float) -> float:
    """Half a unit of the last decimal a bar prints (0.732 -> 0.0005; 2.29 -> 0.005).

    A bar in whole cents (2 decimals or fewer) is exact: the vendor's own
    tick. A bar printed with 3 to 5 decimals was rounded by the vendor (sub-
    dollar stocks trade in 1/100 cent) and stands for half a unit around it.
    Six decimals (28.690001) are float noise around cents and count as exact.
    """
    text = f"{abs(price):.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0 ** (-decimals) if 2 < decimals < 6 else 0.0


def open_gap(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Opened up 12%", "jumped 13% overnight": the session's Open over the previous Close.

    supported when the gap is within the tolerance interval, else contradicted
    (the open is printed once, so the time of writing does not matter).
    """
    rule = "open_gap"
    got = _session_and_prev(claim, bars, rule)
    if isinstance(got, Verdict):
        return got
    session, prev, notes = got
    ref, opened = float(bars.at[prev, "close"]), float(bars.at[session, "open"])
    measured = _move(opened, ref)
    test = move_interval(claim).negated() if is_fall(claim) else move_interval(claim)
    ok = matches_move(test, opened, ref)
    reason = (f"open {opened:g} on {_iso(session)} vs close {ref:g} on {_iso(prev)}: {_pct(measured)} is "
              f"{'within' if ok else 'outside'} {test.text('%')}")
    return Verdict(SUPPORTED if ok else CONTRADICTED, "; ".join(notes + [reason]), rule, measured, _pct(measured),
                   measured, measured, (_iso(prev), _iso(session)))


def dollar_change(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Traded down $0.70": the session's Close minus the previous Close, in USD.

    Matches within the written precision ("$0.70" = [0.695, 0.705)) widened by
    the bars' own rounding (two prices, half a unit of each's last decimal).
    A figure at a stated moment of the session ("during mid-day trading") is
    consistent when the session's range allows it; a figure written during the
    session (same-day snapshot) that is not the close change likewise;
    otherwise contradicted.
    """
    rule = "dollar_change"
    got = _timed_session(claim, bars, rule, bitcoin)
    if isinstance(got, Verdict):
        return got
    session, prev, notes, when, when_text = got
    ref = float(bars.at[prev, "close"])
    close, low, high = (float(bars.at[session, c]) for c in ("close", "low", "high"))
    slack = bar_half_unit(ref) + bar_half_unit(close)
    measured = float(f"{close - ref:.10g}")
    lo, hi = float(f"{low - ref:.10g}"), float(f"{high - ref:.10g}")
    interval = claim_interval(claim)
    test = interval.negated() if is_fall(claim) else interval
    facts = (f"close {close:g} on {_iso(session)} - close {ref:g} on {_iso(prev)} = {measured:+.4g} USD; "
             f"session range {lo:+.4g} to {hi:+.4g} USD")
    common = dict(rule=rule, measured=measured, measured_text=f"{measured:+.4g} USD", low=lo, high=hi,
                  sessions=(_iso(prev), _iso(session)))
    at_close = test.intersects(measured - slack, measured + slack)
    in_range = test.intersects(lo - slack, hi + slack)
    if when == "session":
        verdict = CONSISTENT if in_range else CONTRADICTED
        reason = (f"a change at {when_text}: daily bars cannot price that moment; "
                  f"{test.text()} {'lies inside' if in_range else 'is outside'} the session's range")
    elif at_close:
        verdict, reason = SUPPORTED, f"the close change is within {test.text()} (bar rounding {slack:g})"
    else:
        during, why = _written_during_session(claim, session, bitcoin)
        if during and in_range and not _CLOSE_WORDS.search(text_field(claim, "sentence")):
            verdict, reason = CONSISTENT, f"{why}; {test.text()} lies inside the session's range, not at the close"
        else:
            verdict, reason = CONTRADICTED, f"the close change is outside {test.text()}"
    return Verdict(verdict, "; ".join(notes + [reason, facts]), **common)


def move_24h(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Down 5% over the last 24 hours" (bitcoin): from the previous UTC day's close or range.

    supported when the day's close over the previous close is within the
    tolerance; consistent when some price of the day, measured from the
    previous close or from any price of the previous day, meets it (a
    trailing 24 hours starts at an unknown moment of the day before);
    contradicted otherwise. For a stock, the close-to-close rule.
    """
    if not bitcoin:
        return close_to_close_move(claim, bars, bitcoin=bitcoin)
    rule = "move_24h"
    end = text_field(claim, "date_end")
    if end and end > text_field(claim, "date"):
        # "in the last 24 hours" spans the day before .. publication: the move ends on the later day.
        claim = {**claim, "date": end}
    got = _session_and_prev(claim, bars, rule)
    if isinstance(got, Verdict):
        return got
    session, prev, notes = got
    ref = float(bars.at[prev, "close"])
    lo, hi, measured = _session_moves(bars, session, ref)
    fall = is_fall(claim)
    test = move_interval(claim).negated() if fall else move_interval(claim)
    widest_lo = _move(float(bars.at[session, "low"]), float(bars.at[prev, "high"]))
    widest_hi = _move(float(bars.at[session, "high"]), float(bars.at[prev, "low"]))
    facts = (f"close {float(bars.at[session, 'close']):g} on {_iso(session)} vs close {ref:g} on {_iso(prev)}: "
             f"{_pct(measured)}; day range vs the previous close {_pct(lo)} to {_pct(hi)}; from any price of "
             f"{_iso(prev)}: {_pct(widest_lo)} to {_pct(widest_hi)}")
    quote = None if test.contains(measured) else current_quote(claim, bars, session)
    if quote is not None:
        # not the day's close-to-close move, and written beside the price of the moment ("up 0.6% in the past
        # 24 hours and trading at $101,800"): the move ends at that price, from any price of the day before
        q_low, q_high, q_text = quote
        at_lo = _move(q_low, float(bars.at[prev, "high"]))
        at_hi = _move(q_high, float(bars.at[prev, "low"]))
        at_quote = (f"at the quoted {q_text}, from any price of {_iso(prev)}: {_pct(at_lo)} to {_pct(at_hi)}; "
                    + facts)
        if test.intersects(at_lo, at_hi):
            return Verdict(CONSISTENT, "; ".join(notes + [f"{test.text('%')} meets the move to the price the "
                                                          f"article quotes", at_quote]),
                           rule, measured, _pct(measured), lo, hi, (_iso(prev), _iso(session)))
        return Verdict(CONTRADICTED, "; ".join(notes + [f"{test.text('%')} is not a move to the price the article "
                                                        f"quotes", at_quote]),
                       rule, measured, _pct(measured), lo, hi, (_iso(prev), _iso(session)))
    if test.contains(measured):
        verdict, reason = SUPPORTED, f"{_pct(measured)} is within {test.text('%')}"
    elif test.intersects(widest_lo, widest_hi):
        verdict, reason = CONSISTENT, (f"a trailing 24 hours can start and end at any moment: {test.text('%')} "
                                       "lies inside what the two days' prices allow")
    else:
        verdict, reason = CONTRADICTED, f"no price of the two days gives {test.text('%')}"
    return Verdict(verdict, "; ".join(notes + [reason, facts]), rule, measured, _pct(measured), lo, hi,
                   (_iso(prev), _iso(session)))


#: metric -> rule. Metrics absent here are not price claims.
RULES = {
    "intraday_max_move": intraday_max_move,
    "move_at_time": move_at_time,
    "close_to_close_move": close_to_close_move,
    "period_return": period_return,
    "price_level": price_level,
    "market_cap_threshold": market_cap_threshold,
}

#: Metrics that are not about prices: always unverifiable.
NON_PRICE_METRICS = frozenset({"quantity", "financial_figure"})
