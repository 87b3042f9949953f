"""NASDAQ sessions and the mapping of news times to the session that can react."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.market import is_session, session_for, sessions

T = pd.Timestamp


def test_good_friday_2021_is_not_a_session():
    assert not is_session("2021-04-02")
    assert is_session("2021-04-01") and is_session("2021-04-05")


def test_nasdaq_had_252_sessions_in_2021():
    assert len(sessions("2021-01-01", "2021-12-31")) == 252


@pytest.mark.parametrize("when, expected", [
    ("2021-03-09", "2021-03-09"),                     # a session date
    ("2021-03-06", "2021-03-08"),                     # Saturday -> Monday
    ("2021-04-02", "2021-04-05"),                     # Good Friday -> Monday
    ("2021-03-09 11:55", "2021-03-09"),               # during the session (naive = New York)
    ("2021-03-09 08:00", "2021-03-09"),               # pre-market -> that day's session
    ("2021-03-09 16:00", "2021-03-10"),               # at the close: too late for that session
    ("2021-03-09 17:30", "2021-03-10"),               # after hours -> next session
    ("2021-03-12 18:00", "2021-03-15"),               # Friday evening -> Monday
    ("2021-11-26 13:30", "2021-11-29"),               # after the 13:00 early close on Black Friday
    ("2021-11-26 12:30", "2021-11-26"),               # before that early close
    ("2021-03-09T15:00:00Z", "2021-03-09"),           # 10:00 New York, given in UTC
    ("2021-03-09T22:00:00Z", "2021-03-10"),           # 17:00 New York, given in UTC
])
def test_session_for(when, expected):
    assert session_for(when) == T(expected)


def test_session_for_reads_naive_times_in_the_given_zone():
    # 23:00 in Tokyo on 2021-03-09 is 09:00 New York, before the open that day
    assert session_for("2021-03-09 23:00", tz="Asia/Tokyo") == T("2021-03-09")
    # 07:00 in Tokyo on 2021-03-10 is 17:00 New York on 2021-03-09: after the close
    assert session_for("2021-03-10 07:00", tz="Asia/Tokyo") == T("2021-03-10")
