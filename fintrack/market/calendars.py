"""Trading calendars: NASDAQ sessions from exchange_calendars, and bitcoin's 24/7 days.

Vocabulary follows exchange_calendars: a *session* is a trading day, labelled
by its date; it has an *open* and a *close* (09:30 and 16:00 America/New_York
for NASDAQ, earlier closes on half days). Holidays come from the library, never
from a hand-written list.

Mapping news to a session (:func:`session_for`), the first session in which
the market could react:

* a timestamp during a session (open <= t < close): that session;
* before the open of a session day (pre-market): that day's session;
* after the close, or on a weekend or holiday: the next session;
* a date without a time: that date's session if it is one, else the next.

A naive timestamp with a time of day is read in the exchange's time zone
(America/New_York for NASDAQ); pass ``tz`` (or an aware timestamp) otherwise.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd

from fintrack.errors import ConfigError, DateOutsideDataError

DEFAULT_CALENDAR = "XNAS"
_CALENDAR_START = "2000-01-01"


@lru_cache(maxsize=8)
def get_calendar(name: str = DEFAULT_CALENDAR) -> xcals.ExchangeCalendar:
    """An exchange_calendars calendar (cached), covering 2000 to one year ahead."""
    try:
        return xcals.get_calendar(name, start=_CALENDAR_START)
    except xcals.errors.InvalidCalendarName:
        raise ConfigError(f"unknown trading calendar {name!r} (e.g. XNAS, XNYS)") from None


#: Quote currencies of Yahoo's crypto pairs (``BTC-USD``, ``ETH-EUR``): such a ticker trades 24/7 and
#: its daily bar is the UTC day. Stock tickers never end so on Yahoo (share classes are ``BRK-B``).
_AROUND_THE_CLOCK = re.compile(r"^[A-Z0-9]+-(USD|USDT|USDC|EUR|GBP|JPY|CAD|AUD|BTC|ETH)$")


def trades_around_the_clock(ticker: str) -> bool:
    """True for a 24/7 crypto pair named as Yahoo names it (``BTC-USD``); its bars are UTC days."""
    return bool(_AROUND_THE_CLOCK.match(str(ticker).strip().upper()))


def bar_timezone(ticker: str, calendar: str = DEFAULT_CALENDAR) -> str:
    """The time zone whose calendar date labels a daily bar of ``ticker``.

    UTC for a 24/7 pair (Yahoo's BTC-USD bar for day D is the UTC day D), else
    the exchange's (America/New_York for XNAS).
    """
    if trades_around_the_clock(ticker):
        return "UTC"
    return str(get_calendar(calendar).tz)


def sessions(start, end, calendar: str = DEFAULT_CALENDAR) -> pd.DatetimeIndex:
    """Sessions from ``start`` to ``end`` inclusive, as a tz-naive index named ``date``."""
    cal = get_calendar(calendar)
    start = max(pd.Timestamp(start).normalize(), cal.first_session)
    end = min(pd.Timestamp(end).normalize(), cal.last_session)
    if start > end:
        return pd.DatetimeIndex([], name="date")
    return pd.DatetimeIndex(cal.sessions_in_range(start, end), name="date")


def is_session(date, calendar: str = DEFAULT_CALENDAR) -> bool:
    """True when ``date`` is a trading day of ``calendar``."""
    return bool(get_calendar(calendar).is_session(pd.Timestamp(date).normalize()))


def _has_time(value) -> bool:
    if isinstance(value, str):
        return any(sep in value for sep in (":", "T")) and len(value) > 10
    if isinstance(value, dt.datetime):
        return True
    return False


def session_for(timestamp, calendar: str = DEFAULT_CALENDAR, *, tz: str | None = None) -> pd.Timestamp:
    """The first session in which the market could react to news at ``timestamp``.

    Parameters
    ----------
    timestamp
        A date (``'2021-03-09'``, ``datetime.date``) or a time
        (``'2021-03-09 11:55'``, an aware ``Timestamp``).
    calendar
        exchange_calendars name, default ``'XNAS'`` (NASDAQ).
    tz
        Time zone of a naive ``timestamp`` with a time; default: the exchange's.

    Returns
    -------
    pandas.Timestamp
        The session label (tz-naive midnight).

    Examples
    --------
    >>> session_for("2021-03-09 11:55", tz="America/New_York")   # during the session
    Timestamp('2021-03-09 00:00:00')
    >>> session_for("2021-03-09 17:30", tz="America/New_York")   # after the close
    Timestamp('2021-03-10 00:00:00')
    >>> session_for("2021-04-02")                                # Good Friday
    Timestamp('2021-04-05 00:00:00')
    """
    cal = get_calendar(calendar)
    stamp = pd.Timestamp(timestamp)
    if stamp.tzinfo is None and not _has_time(timestamp) and stamp == stamp.normalize():
        day = stamp
        if day < cal.first_session or day > cal.last_session:
            raise DateOutsideDataError(f"{day.date()} is outside the {calendar} calendar")
        return pd.Timestamp(cal.date_to_session(day, direction="next"))
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(tz or cal.tz)
    minute = stamp.tz_convert("UTC").floor("min")
    if minute < cal.first_minute or minute > cal.last_minute:
        raise DateOutsideDataError(f"{stamp} is outside the {calendar} calendar")
    local_day = stamp.tz_convert(cal.tz).normalize().tz_localize(None)
    if not cal.is_session(local_day):
        return pd.Timestamp(cal.date_to_session(local_day, direction="next"))
    if minute < cal.session_close(local_day):
        return local_day  # pre-market or during the session
    return pd.Timestamp(cal.next_session(local_day))


def missing_sessions(index: pd.DatetimeIndex, calendar: str = DEFAULT_CALENDAR) -> pd.DatetimeIndex:
    """Sessions of ``calendar`` between the first and last date of ``index`` that it lacks."""
    if len(index) == 0:
        return pd.DatetimeIndex([], name="date")
    expected = sessions(index[0], index[-1], calendar)
    return expected.difference(index)
