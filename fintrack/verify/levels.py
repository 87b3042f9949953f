"""Rules for price levels: a bar field on a day, 52-week and period extremes, "lowest since", drawdowns.

Each rule is ``rule(claim, bars, *, bitcoin=False) -> Verdict`` like those of
:mod:`fintrack.verify.rules`. Prices are compared in USD on the scale the bars
are given in (the caller undoes later splits, see
:func:`fintrack.market.splits.on_scale_of`). A bar printed with fewer decimals
than the claim matches within half a unit of its last decimal
(:func:`~fintrack.verify.rules.bar_half_unit`).

Bitcoin trades on many venues at slightly different prices: a level inside
Yahoo's daily range is supported, within :data:`BITCOIN_VENUE_SLACK` outside
it consistent.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from fintrack.verify.bitcoin_supply import bitcoin_supply
from fintrack.verify.rules import (
    BITCOIN_VENUE_SLACK,
    CONSISTENT,
    CONTRADICTED,
    SUPPORTED,
    Verdict,
    _claim_day,
    market_cap_day,
    _day,
    _iso,
    _move,
    _off_hours,
    _pct,
    _time_of_claim,
    _unverifiable,
    _usd,
    _written_during_session,
    bar_half_unit,
    claim_interval,
    move_interval,
    number_field,
    previous_session,
    price_level,
    session_of_day,
    session_on_or_after,
    session_on_or_before,
    text_field,
)
from fintrack.verify.tolerance import Interval

#: The 52 weeks of a "52-week high": 364 days back from the last session.
WEEKS_52 = pd.Timedelta(weeks=52)


def _meets(interval: Interval, price: float) -> bool:
    """The claim's interval meets the bar's price within the bar's rounding."""
    half = bar_half_unit(price)
    return interval.intersects(price - half, price + half)


def _near(interval: Interval, low: float, high: float) -> bool:
    """Within the bitcoin venue slack of ``[low, high]``."""
    return interval.intersects(low * (1 - BITCOIN_VENUE_SLACK), high * (1 + BITCOIN_VENUE_SLACK))


# ---------------------------------------------------------------- one bar field

_FIELD_NAMES = {"open": "Open", "close": "Close", "high": "High", "low": "Low", "prev_close": "previous Close"}


def bar_field_level(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """A level by ``price_field``: "closed at", "opened at", "a high/low of", "previously closed at".

    * close / open / prev_close: supported when the claim matches that price of
      the session (within the bar's rounding), else contradicted. A close on a
      day without a session is the last close before it; a previous close is
      the Close of the session before the claim's session.
    * high ("peak of", "as high as"): supported when it matches the High. Below
      the High but inside the range: consistent when the figure is of a moment
      of the session (a time stated, or written during it), else contradicted
      (a peak below the day's High is wrong). Low likewise, mirrored.
    * '' (a bare "traded at"): :func:`fintrack.verify.rules.price_level`, but a
      figure at a stated moment of the session is consistent at best.
    """
    field_name = text_field(claim, "price_field").lower()
    if field_name not in _FIELD_NAMES:
        return _bare_level(claim, bars, bitcoin=bitcoin)
    rule = f"level_{field_name}"
    day, note = _claim_day(claim)
    if day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    session, moved = session_of_day(bars, day, before=field_name == "close", last="close")
    notes = [n for n in (note, moved) if n]
    if session is None:
        return _unverifiable(f"no price data for {_iso(day)}", rule)
    when, when_text = _time_of_claim(claim, session, bitcoin)
    if field_name != "prev_close" and (off := _off_hours(when, when_text, rule)) is not None:
        return off
    row = session
    if field_name == "prev_close":
        row = previous_session(bars, session)
        if row is None:
            return _unverifiable(f"no session before {_iso(session)} in the data", rule)
    column = "close" if field_name == "prev_close" else field_name
    price = float(bars.at[row, column])
    low, high = float(bars.at[session, "low"]), float(bars.at[session, "high"])
    interval = claim_interval(claim)
    facts = (f"{_FIELD_NAMES[field_name]} {_usd(price)} ({_iso(row)}); session {_iso(session)} "
             f"Low {_usd(low)} High {_usd(high)}")
    common = dict(rule=rule, measured=price, measured_text=f"{_FIELD_NAMES[field_name]} {_usd(price)}",
                  low=low, high=high, sessions=tuple(sorted({_iso(row), _iso(session)})))

    def verdict(outcome: str, text: str) -> Verdict:
        return Verdict(outcome, "; ".join(notes + [text, facts]), **common)

    if field_name in ("high", "low"):
        return _extreme_of_day(claim, interval, price, low, high, session, field_name, when, when_text,
                               bitcoin, verdict)
    if _meets(interval, price):
        return verdict(SUPPORTED, f"{interval.text()} matches the {_FIELD_NAMES[field_name]}")
    if bitcoin and _near(interval, price, price):
        return verdict(CONSISTENT, f"{interval.text()} is within {BITCOIN_VENUE_SLACK:.0%} of Yahoo's "
                                   f"{_FIELD_NAMES[field_name]}: bitcoin prices differ by exchange")
    return verdict(CONTRADICTED, f"{interval.text()} does not match the {_FIELD_NAMES[field_name]}")


def _extreme_of_day(claim, interval, price, low, high, session, field_name, when, when_text, bitcoin, verdict):
    """High/low of a day: see :func:`bar_field_level`."""
    is_high = field_name == "high"
    name = "High" if is_high else "Low"
    if _meets(interval, price):
        return verdict(SUPPORTED, f"{interval.text()} matches the {name}")
    inside = interval.intersects(low, high)
    if bitcoin:
        # Venues differ: a level inside Yahoo's range and within the slack of its extreme is that extreme.
        close_to_extreme = _near(interval, price, price)
        if inside and close_to_extreme:
            return verdict(SUPPORTED, f"{interval.text()} is inside Yahoo's range and within "
                                      f"{BITCOIN_VENUE_SLACK:.0%} of its {name}")
        if close_to_extreme:
            return verdict(CONSISTENT, f"{interval.text()} is within {BITCOIN_VENUE_SLACK:.0%} outside Yahoo's "
                                       f"range: bitcoin prices differ by exchange")
    if inside:
        if when == "session":
            return verdict(CONSISTENT, f"a {name.lower()} so far at {when_text}: {interval.text()} lies inside the "
                                       f"session's range, the day's final {name} came later")
        during, why = _written_during_session(claim, session, bitcoin)
        if during and text_field(claim, "snapshot") == "quote":
            return verdict(CONSISTENT, f"{why}; {interval.text()} lies inside the session's range")
    side = "above" if is_high else "below"
    return verdict(CONTRADICTED, f"the day's {name} {_usd(price)} is clearly {side} {interval.text()}"
                   if inside else f"{interval.text()} is outside the session's range")


def _bare_level(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """A bare "traded at $X": inside the day's range; a stated moment of the session caps it at consistent."""
    verdict = price_level(claim, bars, bitcoin=bitcoin)
    day, _ = _claim_day(claim)
    session = session_on_or_after(bars, day) if day is not None else None
    if session is None:
        return verdict
    when, when_text = _time_of_claim(claim, session, bitcoin)
    if (off := _off_hours(when, when_text, verdict.rule)) is not None:
        return off
    span_end = _day(text_field(claim, "date_end"))
    single_day = span_end is None or span_end <= session
    # Bitcoin has no session to be a moment of: a level inside the UTC day's range is supported.
    if when == "session" and single_day and verdict.verdict == SUPPORTED and not bitcoin:
        return Verdict(CONSISTENT, f"a level at {when_text}: daily bars show it traded that day but cannot "
                                   f"pin the moment; " + verdict.reason, verdict.rule, verdict.measured,
                       verdict.measured_text, verdict.low, verdict.high, verdict.sessions)
    if single_day and verdict.verdict == SUPPORTED and not bitcoin and text_field(claim, "snapshot") == "quote":
        return _live_quote(claim, bars, session, verdict)
    return verdict


#: Words right before a price that make it the quote of the moment of writing ("shares are trading
#: lower by 13.8% at $7.92", "is currently at", "last traded at": the latest trade when the note was
#: written, a moment, as issue 15 reads it). A plain "traded at" / "hitting $X" in a same-day note is
#: a price the session reached, the protocol's bare "traded at" (inside the day's range: supported).
_LIVE_QUOTE_BEFORE = re.compile(
    r"\b(?:(?:is|are)\s+(?:now\s+|currently\s+)*(?:trading|changing\s+hands|quoted|sitting|hovering)\b[^;$]{0,40}?"
    r"\b(?:at|near|around)|(?:is|are)\s+(?:now\s+|currently\s+)+(?:at|near|around)|"
    r"currently\s+(?:trading\s+)?(?:at|near|around)|"
    r"last\s+(?:traded|trade[sd]?|sold|changed\s+hands|quoted)(?:\s+(?:at|near|around|for))?)\s*$", re.IGNORECASE)


def _quoted_live(claim: Mapping) -> bool:
    """The words before the claim's number in its sentence quote the price of the moment."""
    sentence, number = text_field(claim, "sentence"), text_field(claim, "value_text")
    at = sentence.find(number) if number else -1
    return at > 0 and _LIVE_QUOTE_BEFORE.search(sentence[max(0, at - 80):at]) is not None


def _live_quote(claim: Mapping, bars: pd.DataFrame, session, verdict: Verdict) -> Verdict:
    """The article's own current quote ("is trading at $X", "last traded at $X") of a stock.

    Written (or possibly written) during the session, the quote is the price of
    that moment: daily bars show it traded but cannot pin it, so consistent at
    best, supported only when it is the day's Close (the last trade of the
    session). Written after the session, the last trade is the Close: the bare
    range test stands. Bitcoin has no session and is not judged here.
    """
    during, why = _written_during_session(claim, session)
    if not during or not _quoted_live(claim):
        return verdict
    close = float(bars.at[session, "close"])
    if _meets(claim_interval(claim), close):
        return Verdict(SUPPORTED, f"a current quote ({why}) equal to the day's Close {_usd(close)}; "
                       + verdict.reason, verdict.rule, close, f"close {_usd(close)} on {_iso(session)}",
                       verdict.low, verdict.high, verdict.sessions)
    return Verdict(CONSISTENT, f"a current quote ({why}): inside the session's range, but daily bars cannot pin "
                               f"the moment and it is not the Close {_usd(close)}; " + verdict.reason,
                   verdict.rule, verdict.measured, verdict.measured_text, verdict.low, verdict.high,
                   verdict.sessions)


# ---------------------------------------------------------------- 52 weeks

def _window_end(claim: Mapping, bars: pd.DataFrame):
    """The last session on or before the claim's day (date_end, date, else publication)."""
    day = (_day(text_field(claim, "date_end")) or _day(text_field(claim, "date"))
           or _day(text_field(claim, "published")))
    if day is None:
        return None, None
    return day, session_on_or_before(bars, day)


def week52_extreme(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False, high: bool = True) -> Verdict:
    """52-week high (highest High) or low (lowest Low) over the 52 weeks ending at the claim's day.

    The window runs from the last session on or before the claim's day back
    52 weeks (inclusive); when it starts before the first bar the data cannot
    tell: unverifiable. supported when the claim matches the extreme; when the
    claim's day itself set a new extreme and the claimed level is between the
    previous extreme and the day's final one, consistent (a "new 52-week low
    at $X" written during that session); else contradicted.
    """
    rule = "week52_high" if high else "week52_low"
    day, end = _window_end(claim, bars)
    if day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    if end is None:
        return _unverifiable(f"no price data for {_iso(day)}", rule)
    setting = _setting_span(claim)
    if setting is not None:
        return _week52_set_in_span(claim, bars, setting, high=high)
    start_day = end - WEEKS_52
    if start_day < bars.index[0]:
        return _unverifiable(f"the 52-week window {_iso(start_day)}..{_iso(end)} starts before the first bar "
                             f"({_iso(bars.index[0])})", rule)
    window = bars.loc[(bars.index >= start_day) & (bars.index <= end)]
    column = "high" if high else "low"
    series = window[column].astype(float)
    at = series.idxmax() if high else series.idxmin()
    extreme = float(series.loc[at])
    interval = claim_interval(claim)
    name = "highest High" if high else "lowest Low"
    facts = f"{name} {_iso(start_day)}..{_iso(end)} = {_usd(extreme)} on {_iso(at)}"
    common = dict(rule=rule, measured=extreme, measured_text=f"{_usd(extreme)} on {_iso(at)}",
                  low=float(window["low"].min()), high=float(window["high"].max()),
                  sessions=(_iso(start_day), _iso(end), _iso(at)))
    if _meets(interval, extreme):
        return Verdict(SUPPORTED, f"{interval.text()} matches the {name}; {facts}", **common)
    if bitcoin and _near(interval, extreme, extreme):
        return Verdict(CONSISTENT, f"{interval.text()} is within {BITCOIN_VENUE_SLACK:.0%} of the {name}; {facts}",
                       **common)
    before = series.loc[series.index < end]
    if at == end and len(before):
        prior = float(before.max() if high else before.min())
        day_low, day_high = float(bars.at[end, "low"]), float(bars.at[end, "high"])
        span = (prior, day_high) if high else (day_low, prior)
        if interval.intersects(*span) and interval.intersects(day_low, day_high):
            return Verdict(CONSISTENT, f"{_iso(end)} set a new 52-week {'high' if high else 'low'}: past the "
                                       f"previous {_usd(prior)} at some moment, {interval.text()} fits a figure "
                                       f"written during that session; {facts}", **common)
    return Verdict(CONTRADICTED, f"{interval.text()} does not match the {name}; {facts}", **common)


def _setting_span(claim: Mapping):
    """The days of a multi-day span dated on a 52-week extreme ("a 52-week high of $9.36, set in November").

    A span longer than a day cannot be the end of the 52 weeks: it says when
    the extreme was set. None for a single day (the window then ends that day).
    """
    first, last = _day(text_field(claim, "date")), _day(text_field(claim, "date_end"))
    if first is None or last is None or last <= first:
        return None
    return first, last


def _week52_set_in_span(claim: Mapping, bars: pd.DataFrame, span, *, high: bool) -> Verdict:
    """A 52-week extreme set inside ``span``: the extreme of the 52 weeks ending at the publication (the
    standing 52-week high) or at the span's end (one reached then), set on a session inside the span.

    supported when either window's extreme matches the claim and was set inside
    the span; else contradicted (measured on the first window the data hold).
    """
    rule = "week52_high" if high else "week52_low"
    first, last = span
    published = _day(text_field(claim, "published"))
    ends = [session_on_or_before(bars, day) for day in (published, last) if day is not None and day >= first]
    ends = list(dict.fromkeys(end for end in ends if end is not None and end - WEEKS_52 >= bars.index[0]))
    if not ends:
        return _unverifiable(f"no 52-week window with data ends on or after {_iso(first)}", rule)
    interval = claim_interval(claim)
    name = "highest High" if high else "lowest Low"
    measured = []
    for end in ends:
        window = bars.loc[(bars.index >= end - WEEKS_52) & (bars.index <= end), "high" if high else "low"]
        at = window.astype(float).idxmax() if high else window.astype(float).idxmin()
        extreme = float(window.loc[at])
        inside = first <= at <= last
        facts = (f"{name} {_iso(end - WEEKS_52)}..{_iso(end)} = {_usd(extreme)} on {_iso(at)} "
                 f"({'inside' if inside else 'outside'} {_iso(first)}..{_iso(last)}, when the text sets it)")
        common = dict(rule=rule, measured=extreme, measured_text=f"{_usd(extreme)} on {_iso(at)}",
                      low=float(bars.loc[end - WEEKS_52:end, "low"].min()),
                      high=float(bars.loc[end - WEEKS_52:end, "high"].max()),
                      sessions=(_iso(end - WEEKS_52), _iso(end), _iso(at)))
        if inside and _meets(interval, extreme):
            return Verdict(SUPPORTED, f"{interval.text()} matches the {name}; {facts}", **common)
        measured.append((facts, common))
    common = measured[0][1]
    return Verdict(CONTRADICTED, f"{interval.text()} is not a {name} set in the span; "
                                 + "; ".join(f for f, _ in measured), **common)


def week52_high(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`week52_extreme`."""
    return week52_extreme(claim, bars, bitcoin=bitcoin, high=True)


def week52_low(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`week52_extreme`."""
    return week52_extreme(claim, bars, bitcoin=bitcoin, high=False)


# ---------------------------------------------------------------- period extremes

def _period_window(claim: Mapping, bars: pd.DataFrame):
    """(window frame, span text) for date..date_end; 'record' in ``reference`` = all data up to the end."""
    first, _ = _claim_day(claim)
    last = _day(text_field(claim, "date_end")) or first
    if first is None:
        return None, ""
    if text_field(claim, "reference") == "record":
        first = bars.index[0]
    window = bars.loc[(bars.index >= first) & (bars.index <= last)]
    return window, f"{_iso(first)}..{_iso(last)}"


def period_extreme(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False, high: bool = True) -> Verdict:
    """"A high of $X" over a period: the highest intraday High or the highest Close (lows mirrored).

    supported when the claim matches either; for bitcoin also when it lies
    inside the extreme session's range within the venue slack of the extreme;
    consistent within the slack outside; contradicted otherwise.
    """
    rule = "period_high" if high else "period_low"
    window, span = _period_window(claim, bars)
    if window is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    if window.empty:
        return _unverifiable(f"no price data for {span}", rule)
    intraday = window["high" if high else "low"].astype(float)
    closes = window["close"].astype(float)
    at_i = intraday.idxmax() if high else intraday.idxmin()
    at_c = closes.idxmax() if high else closes.idxmin()
    extreme, extreme_close = float(intraday.loc[at_i]), float(closes.loc[at_c])
    word = "highest" if high else "lowest"
    facts = (f"{span}: {word} {'High' if high else 'Low'} {_usd(extreme)} on {_iso(at_i)}, {word} Close "
             f"{_usd(extreme_close)} on {_iso(at_c)}")
    interval = claim_interval(claim)
    common = dict(rule=rule, measured=extreme, measured_text=f"{_usd(extreme)} on {_iso(at_i)}",
                  low=float(window["low"].min()), high=float(window["high"].max()),
                  sessions=tuple(sorted({_iso(at_i), _iso(at_c)})))
    if _meets(interval, extreme) or _meets(interval, extreme_close):
        return Verdict(SUPPORTED, f"{interval.text()} matches the {word} High/Low or Close; {facts}", **common)
    if (later := _record_at_publication(claim, bars, interval, high)) is not None:
        return Verdict(SUPPORTED, f"{interval.text()} is the record as of publication, set on {later} after the "
                                  f"period the text names (the level is right, its timing loose); {facts}", **common)
    if bitcoin:
        inside = interval.intersects(float(window.at[at_i, "low"]), float(window.at[at_i, "high"]))
        if inside and _near(interval, extreme, extreme):
            return Verdict(SUPPORTED, f"{interval.text()} traded on {_iso(at_i)} within {BITCOIN_VENUE_SLACK:.0%} "
                                      f"of the extreme; {facts}", **common)
        if _near(interval, extreme, extreme):
            return Verdict(CONSISTENT, f"{interval.text()} is within {BITCOIN_VENUE_SLACK:.0%} of Yahoo's extreme: "
                                       f"bitcoin prices differ by exchange; {facts}", **common)
    return Verdict(CONTRADICTED, f"{interval.text()} matches neither the {word} intraday price nor the {word} "
                                 f"close; {facts}", **common)


#: How long after the days a text names a record it states may have been set ("in mid June" for June 29).
RECORD_TIMING_SLACK = pd.Timedelta(days=31)


def _record_at_publication(claim: Mapping, bars: pd.DataFrame, interval, high: bool) -> str | None:
    """A record ("an all-time low of $1.76 in mid June") that the stated period's data miss but
    that is the record as of the article's publication: the ISO day it was set, else None.

    A record is a level a writer reads off the whole history known to them; when the level is
    the record as of writing, the figure is right and only its dating is loose.
    """
    published = _day(text_field(claim, "published"))
    last = _day(text_field(claim, "date_end")) or _day(text_field(claim, "date"))
    if (text_field(claim, "reference") != "record" or published is None or last is None or published <= last
            or text_field(claim, "comparator") not in ("", "equal", "approx")):
        return None  # "more than $69,000" is met by any later, higher record: only a stated level can be it
    # Loose timing is days, not years: the record must have been set within a month of the stated days.
    history = bars.loc[bars.index <= min(published, last + RECORD_TIMING_SLACK)]
    if history.empty:
        return None
    for column in ("high", "close") if high else ("low", "close"):
        series = history[column].astype(float)
        at = series.idxmax() if high else series.idxmin()
        if at > last and _meets(interval, float(series.loc[at])):
            return _iso(at)
    return None


def period_high(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`period_extreme`."""
    return period_extreme(claim, bars, bitcoin=bitcoin, high=True)


def period_low(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`period_extreme`."""
    return period_extreme(claim, bars, bitcoin=bitcoin, high=False)


# ---------------------------------------------------------------- "lowest since"

def _since_end(since: pd.Timestamp) -> pd.Timestamp:
    """The last day a "since <month>" still names: a first of the month stands for the whole month."""
    if since.day == 1:
        return since + pd.offsets.MonthEnd(0)
    return since


#: Units of an "n-month low" count -> days in one.
_SPAN_UNITS = {"months": 30.4375, "month": 30.4375, "weeks": 7.0, "week": 7.0, "years": 365.25, "year": 365.25}


def since_extreme(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False, lowest: bool = True) -> Verdict:
    """"The lowest price since November": the claim day's level was last matched in the 'since' period.

    ``date`` is the 'since' date, ``date_end`` the claim's day (else the
    publication day). The claim day's Close and Low (High for 'highest') are
    looked up; the last earlier session with a Close (resp. Low) at or past it
    is where the level was last seen. supported when the claimed level traded
    that day and that last session falls in the 'since' month (or on the
    day); consistent when it lies even earlier (true, but the text
    understates the span); contradicted when a later session already went past
    it or the level did not trade that day.

    With ``unit`` 'months' ("a 16-month low"; also 'weeks', 'years') the value
    is the span back to the last session past the day's extreme: supported
    when that span is within one unit of the count either way (15.9 months is
    a "16-month low"), consistent when longer (the text understates),
    contradicted when shorter.
    """
    rule = "lowest_since" if lowest else "highest_since"
    end_day = _day(text_field(claim, "date_end")) or _day(text_field(claim, "published"))
    since = _day(text_field(claim, "date"))
    if end_day is None:
        return _unverifiable("the claim's day is unresolved", rule)
    end = session_on_or_before(bars, end_day)
    if end is None:
        return _unverifiable(f"no price data for {_iso(end_day)}", rule)
    history = bars.loc[bars.index < end]
    extreme_col = "low" if lowest else "high"
    results = []
    for column in ("close", extreme_col):
        level = float(bars.at[end, column])
        past = history[column].astype(float)
        hits = past[past <= level] if lowest else past[past >= level]
        results.append((column, level, hits.index[-1] if len(hits) else None))
    facts = "; ".join(f"{_iso(end)} {c} {_usd(v)}: last {'at or below' if lowest else 'at or above'} it "
                      f"{_iso(d) if d is not None else 'never in the data'}" for c, v, d in results)
    unit = text_field(claim, "unit").lower()
    common = dict(rule=rule, measured=float(bars.at[end, extreme_col]),
                  measured_text=f"{extreme_col} {_usd(float(bars.at[end, extreme_col]))} on {_iso(end)}",
                  low=float(bars.at[end, "low"]), high=float(bars.at[end, "high"]),
                  sessions=tuple(_iso(d) for _, _, d in results if d is not None) + (_iso(end),))
    if unit in _SPAN_UNITS:
        # A whole count of months (weeks, years) stands for any span that rounds to it either way:
        # "a 16-month low" last seen 15.9 or 16.6 months earlier.
        count, days = abs(number_field(claim, "value")), _SPAN_UNITS[unit]
        name = unit.rstrip("s") + "s"
        spans = [((end - d).days / days) if d is not None else math.inf for _, _, d in results]
        best = max(spans)
        if any(count - 1 < s < count + 1 for s in spans):
            return Verdict(SUPPORTED, f"last seen {min(s for s in spans if s > count - 1):.1f} {name} earlier; "
                                      f"{facts}", **common)
        if best >= count + 1:
            return Verdict(CONSISTENT, f"last seen {best:.1f} {name} earlier (more than {count:g}); {facts}",
                           **common)
        return Verdict(CONTRADICTED, f"last seen only {best:.1f} {name} earlier; {facts}", **common)
    if since is None:
        return _unverifiable("the 'since' date is unresolved", rule)
    interval = claim_interval(claim)
    traded = interval.intersects(float(bars.at[end, "low"]), float(bars.at[end, "high"]))
    if not traded:
        return Verdict(CONTRADICTED, f"{interval.text()} did not trade on {_iso(end)}; {facts}", **common)
    last_ok = _since_end(since)
    if any(d is not None and since <= d <= last_ok for _, _, d in results):
        return Verdict(SUPPORTED, f"{interval.text()} traded on {_iso(end)}, last seen in "
                                  f"{_iso(since)}..{_iso(last_ok)}; {facts}", **common)
    if any(d is None or d < since for _, _, d in results):
        return Verdict(CONSISTENT, f"last seen before {_iso(since)}: the text understates the span; {facts}",
                       **common)
    return Verdict(CONTRADICTED, f"prices went {'below' if lowest else 'above'} it after {_iso(last_ok)}; {facts}",
                   **common)


def lowest_since(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`since_extreme`."""
    return since_extreme(claim, bars, bitcoin=bitcoin, lowest=True)


def highest_since(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """See :func:`since_extreme`."""
    return since_extreme(claim, bars, bitcoin=bitcoin, lowest=False)


# ---------------------------------------------------------------- drawdowns

def off_high(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """"Down 60% from its record": the claim day's price below a high, in percent.

    The high (``reference``): 'record' = the highest High and highest Close of
    all data up to the claim day; 'week52_high' = of the 52 weeks ending then;
    'period_high' = of date..date_end; 'level' = ``reference_value``, a high the
    text stated ("from that peak"). The claim day (date_end, else date,
    else publication) is measured at its Close (supported) or, when no Close
    figure fits, anywhere in its range (consistent when the figure may be of a
    moment of that session, else contradicted). Both the High and the Close
    high are tried, as writers use either ("record close", "record high").
    """
    rule = "off_high"
    day, end = _window_end(claim, bars)
    if day is None:
        return _unverifiable("date unresolved in the text and no publication date", rule)
    if end is None:
        return _unverifiable(f"no price data for {_iso(day)}", rule)
    reference = text_field(claim, "reference") or "record"
    if reference == "week52_high":
        start = end - WEEKS_52
        if start < bars.index[0]:
            return _unverifiable(f"the 52-week window starts {_iso(start)}, before the first bar", rule)
    elif reference == "period_high":
        start = _day(text_field(claim, "date")) or bars.index[0]
    else:
        start = bars.index[0]
    window = bars.loc[(bars.index >= start) & (bars.index <= end)]
    if window.empty:
        return _unverifiable(f"no price data for {_iso(start)}..{_iso(end)}", rule)
    peaks = {"High": (float(window["high"].max()), window["high"].astype(float).idxmax()),
             "Close": (float(window["close"].max()), window["close"].astype(float).idxmax())}
    stated = number_field(claim, "reference_value")
    if reference == "level" and stated > 0:  # "lost 86% from that peak": the high the text named
        peaks = {"stated high": (stated, _day(text_field(claim, "date")) or end)}
    close, low, high = (float(bars.at[end, c]) for c in ("close", "low", "high"))
    test = move_interval(claim).negated()  # "X% below" the high is a move of -X%, whatever the sign written
    at_close = {k: _move(close, v) for k, (v, _) in peaks.items()}
    facts = "; ".join(f"highest {k} {_usd(v)} on {_iso(d)} ({_iso(start)}..{_iso(end)}): close {_usd(close)} on "
                      f"{_iso(end)} is {_pct(at_close[k])}" for k, (v, d) in peaks.items())
    highest, highest_close = next(iter(peaks)), list(peaks)[-1]  # the High and the Close high, or the stated one
    common = dict(rule=rule, measured=at_close[highest], measured_text=_pct(at_close[highest]),
                  low=_move(low, peaks[highest][0]), high=_move(high, peaks[highest_close][0]),
                  sessions=tuple(sorted({_iso(d) for _, d in peaks.values()} | {_iso(end)})))
    if any(test.contains(m) for m in at_close.values()):
        return Verdict(SUPPORTED, f"the close is within {test.text('%')} of the high; {facts}", **common)
    ranges = [(_move(low, v), _move(high, v)) for v, _ in peaks.values()]
    when, when_text = _time_of_claim(claim, end, bitcoin)
    during, why = _written_during_session(claim, end, bitcoin)
    intraday_words = "intraday" in text_field(claim, "sentence").lower()
    if (when == "session" or during or intraday_words) and any(test.intersects(a, b) for a, b in ranges):
        return Verdict(CONSISTENT, f"some price of {_iso(end)} is within {test.text('%')} of the high "
                                   f"({when_text or why}); {facts}", **common)
    return Verdict(CONTRADICTED, f"the close is not within {test.text('%')} of the high; {facts}", **common)


# ---------------------------------------------------------------- market cap

def market_cap_level(claim: Mapping, bars: pd.DataFrame, *, bitcoin: bool = False) -> Verdict:
    """Bitcoin's market cap at a level on a day: close x circulating supply (issuance schedule).

    supported when close x supply is within the tolerance; consistent when
    only some price of the day's range gives it; contradicted otherwise.
    Companies: unverifiable (no shares outstanding in the price data).
    """
    rule = "market_cap_level"
    found = market_cap_day(claim, rule, bitcoin)
    if isinstance(found, Verdict):
        return found
    day, note = found
    session = session_on_or_before(bars, day)
    if session is None:
        return _unverifiable(f"no price data for {_iso(day)}", rule)
    supply = bitcoin_supply(session)
    close, low, high = (float(bars.at[session, c]) * supply for c in ("close", "low", "high"))
    interval = claim_interval(claim)
    facts = (f"supply {supply:,.0f} BTC on {_iso(session)} x close = {_usd(close)} (day range {_usd(low)} to "
             f"{_usd(high)})")
    common = dict(rule=rule, measured=close, measured_text=_usd(close), low=low, high=high,
                  sessions=(_iso(session),))
    notes = [note] if note else []
    if interval.contains(close):
        return Verdict(SUPPORTED, "; ".join(notes + [f"within {interval.text()}", facts]), **common)
    if interval.intersects(low, high):
        return Verdict(CONSISTENT, "; ".join(notes + [f"only some intraday price gives {interval.text()}", facts]),
                       **common)
    return Verdict(CONTRADICTED, "; ".join(notes + [f"no price of the day gives {interval.text()}", facts]),
                   **common)
