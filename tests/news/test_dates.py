"""Temporal expressions resolved against a publication date, one rule per test.

Weekday checks: 2021-03-09 was a Tuesday; 2022-11-16 a Wednesday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news.dates import (
    add_months, anchor_offset, event_anchor, find_temporal_expressions, resolve, shift_day)

BI_PUBLISHED = dt.date(2021, 3, 9)


def one(text: str, published: dt.date | None = BI_PUBLISHED):
    found = find_temporal_expressions(text, published)
    assert len(found) == 1, found
    return found[0]


def test_weekday_is_latest_on_or_before_publication():
    t = one("Canaan's stock jumped on Tuesday.")
    assert (t.date, t.date_end, t.precision, t.text) == (dt.date(2021, 3, 9),) * 2 + ("day", "on Tuesday")


def test_weekday_before_publication_goes_back_within_the_week():
    assert one("shares fell on Friday").date == dt.date(2021, 3, 5)


def test_last_weekday_on_the_same_weekday_is_a_week_earlier():
    assert one("last Tuesday").date == dt.date(2021, 3, 2)


def test_next_weekday_stays_unresolved():
    t = one("a rebound next Friday")
    assert t.precision == "unresolved" and t.date is None and "ambiguous" in t.note


def test_month_day_without_year_is_latest_not_after_publication():
    assert one("on February 7 Canaan sold").date == dt.date(2021, 2, 7)
    assert one("from the company on Jan 23.").date == dt.date(2021, 1, 23)


@pytest.mark.parametrize("text, day", [
    ("until December 14 of this year", dt.date(2021, 12, 14)), ("on March 3 of last year", dt.date(2020, 3, 3)),
    ("by June 1, next year", dt.date(2022, 6, 1)), ("on February 29 of last year", dt.date(2020, 2, 29)),
])
def test_month_day_with_a_relative_year_takes_that_year(text, day):
    t = one(text)
    assert (t.date, t.date_end, t.precision) == (day, day, "day")


def test_month_day_after_publication_falls_in_the_previous_year():
    # December 20 has not happened yet on 2021-03-09: the latest one is 2020-12-20.
    assert one("on December 20 the company").date == dt.date(2020, 12, 20)


def test_day_month_order_and_ordinals():
    assert one("on the 7th of March").date == dt.date(2021, 3, 7)


@pytest.mark.parametrize("text, day", [
    ("on 21/02/2021", dt.date(2021, 2, 21)),   # 21 cannot be a month: day-first
    ("on 02/21/2021", dt.date(2021, 2, 21)),   # month-first
    ("on 21.02.2021", dt.date(2021, 2, 21)),
    ("on 02/03/2021", dt.date(2021, 3, 2)),    # both read as dates: the latest on or before publication
    ("on 03/03/2021", dt.date(2021, 3, 3)),
])
def test_numeric_date_takes_the_order_its_parts_allow(text, day):
    t = one(f"Riot closed at $44.29 {text}.")
    assert (t.date, t.date_end, t.precision) == (day, day, "day")


def test_numeric_date_whose_readings_are_both_after_publication_stays_unresolved():
    t = one("Riot closed at $44.29 on 10/11/2021.")
    assert t.precision == "unresolved" and t.date is None and "ambiguous" in t.note


def test_month_of_last_year_has_month_precision():
    t = one("in September of last year")
    assert (t.date, t.date_end, t.precision) == (dt.date(2020, 9, 1), dt.date(2020, 9, 30), "month")


def test_month_with_year():
    t = one("in September 2019")
    assert (t.date, t.date_end, t.precision) == (dt.date(2019, 9, 1), dt.date(2019, 9, 30), "month")


def test_month_alone_after_preposition_is_latest_such_month():
    assert one("sales in June").date == dt.date(2020, 6, 1)
    assert one("sales in March").date == dt.date(2021, 3, 1)


@pytest.mark.parametrize("text, start, end", [
    ("Bitcoin rose 84% from January through June.", dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
    ("Riot gained between March and May 2020.", dt.date(2020, 3, 1), dt.date(2020, 5, 31)),
    ("Marathon climbed from November to February.", dt.date(2020, 11, 1), dt.date(2021, 2, 28)),
])
def test_a_run_of_months_spans_the_first_months_start_to_the_last_months_end(text, start, end):
    t = one(text)
    assert (t.kind, t.date, t.date_end) == ("period", start, end)


@pytest.mark.parametrize("text", ["Overnight on Wall Street, the S&P 500 fell 0.3 per cent.",
                                  "Riot Blockchain rose 2 per cent in New York overnight.",
                                  "Overnight in U.S. trading, Marathon slid 5%."])
def test_overnight_in_new_york_is_the_session_before_publication(text):
    assert one(text).date == dt.date(2021, 3, 8)


def test_a_bare_overnight_is_no_date():
    assert find_temporal_expressions("Marathon jumped 13% overnight.", BI_PUBLISHED) == []


@pytest.mark.parametrize("text, start, period, words", [
    ("Bitfarms has a one-year return of 64%.", dt.date(2020, 3, 9), "P1Y", "one-year"),
    ("Its 3-month performance lags bitcoin's.", dt.date(2020, 12, 9), "P3M", "3-month"),
    ("The 5-day change was 3%.", dt.date(2021, 3, 2), "P7D", "5-day"),   # five sessions back from Tuesday
])
def test_an_n_unit_return_spans_that_length_to_publication_and_leaves_its_noun_readable(text, start, period, words):
    t = one(text)
    assert (t.date, t.date_end, t.period, t.text) == (start, BI_PUBLISHED, period, words)


@pytest.mark.parametrize("text", ["Hut 8 posted a one-day gain of 19%.",
                                  "The S&P 500 dropped 3%, its biggest three-day decline since 2022."])
def test_a_one_day_move_or_a_record_n_day_move_is_no_span(text):
    assert [t for t in find_temporal_expressions(text, BI_PUBLISHED) if t.kind == "period"] == []


def test_the_verb_may_is_not_a_month():
    assert find_temporal_expressions("the company may sell more", BI_PUBLISHED) == []


def test_first_quarter_of_the_year_is_the_publication_year():
    t = one("in the first quarter of the year")
    assert (t.date, t.date_end, t.precision) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31), "quarter")


def test_bare_q1_is_latest_started_quarter():
    assert one("Q1 results").date == dt.date(2021, 1, 1)
    # Q4 has not started by March 2021, so "the fourth quarter" is Q4 2020.
    t = one("in the fourth quarter")
    assert (t.date, t.date_end) == (dt.date(2020, 10, 1), dt.date(2020, 12, 31))


def test_quarter_with_explicit_year_needs_no_publication_date():
    t = one("Q1 2021 results", published=None)
    assert (t.date, t.precision) == (dt.date(2021, 1, 1), "quarter")
    assert one("the second quarter of 2020", published=None).date == dt.date(2020, 4, 1)


def test_quarter_whose_year_was_lost_stays_unresolved():
    # Degraded text: "the first quarter of  compared to ..." lost its year.
    t = one("in the first quarter of  compared to last", published=None)
    assert t.precision == "unresolved" and t.note == "year missing"


def test_in_year():
    t = one("changed its model in 2021", published=None)
    assert (t.date, t.date_end, t.precision) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year")


def test_late_year_is_its_last_four_months():
    t = one("but in late 2020 the client base", published=None)
    assert (t.date, t.date_end, t.precision) == (dt.date(2020, 9, 1), dt.date(2020, 12, 31), "period")


def test_early_and_mid_year():
    assert one("early 2021").date_end == dt.date(2021, 4, 30)
    assert one("mid-2021").date == dt.date(2021, 5, 1)


def test_past_six_months_is_a_period_ending_at_publication():
    t = one("over the past six months, rising")
    assert (t.date, t.date_end, t.precision, t.period) == (
        dt.date(2020, 9, 9), dt.date(2021, 3, 9), "period", "P6M")


def test_past_week_is_seven_days():
    t = one("in the past week")
    assert (t.date, t.period) == (dt.date(2021, 3, 2), "P7D")


def test_past_few_months_stays_unresolved():
    t = one("over the past few months")
    assert t.precision == "unresolved" and t.date is None


def test_prior_years_without_a_number_stays_unresolved():
    assert one("in prior years").precision == "unresolved"


def test_time_of_day_with_eastern_zone():
    found = find_temporal_expressions("up 37.13% as of 11:55AM ET on Tuesday.", BI_PUBLISHED)
    time = next(t for t in found if t.kind == "time")
    assert (time.time, time.timezone, time.text) == ("11:55", "America/New_York", "as of 11:55AM ET")


def test_time_with_pm_and_dotted_meridiem():
    t = one("at 2:15 p.m. EST")
    assert (t.time, t.timezone) == ("14:15", "America/New_York")


def test_a_bare_number_is_not_a_time():
    assert find_temporal_expressions("sold 6,000 units", BI_PUBLISHED) == []


def test_absolute_date_with_year_uses_dateparser():
    t = one("on March 9, 2021", published=None)
    assert (t.date, t.precision) == (dt.date(2021, 3, 9), "day")


def test_yesterday_and_today():
    assert one("yesterday").date == dt.date(2021, 3, 8)
    assert one("today").date == dt.date(2021, 3, 9)


def test_year_to_date():
    t = one("year to date")
    assert (t.date, t.date_end, t.precision) == (dt.date(2021, 1, 1), BI_PUBLISHED, "period")


def test_end_of_last_year():
    t = one("since the end of last year")
    assert (t.date, t.precision) == (dt.date(2020, 12, 1), "month")


def test_at_press_time_is_the_publication_day():
    assert one("up nearly 5% at press time").date == BI_PUBLISHED


def test_a_year_earlier_is_relative_to_another_date_and_unresolved():
    assert one("compared with a year earlier").precision == "unresolved"


@pytest.mark.parametrize("text", ["on Tuesday", "February 7", "September of last year", "Q1",
                                  "over the past six months", "last year", "at press time"])
def test_relative_dates_without_publication_date_stay_unresolved(text):
    t = one(text, published=None)
    assert t.precision == "unresolved" and t.date is None and t.note == "no publication date"


def test_the_day_after_an_event_the_phrase_dates_is_the_next_day():
    t = one("on the day after the Feb. 24 election")
    assert (t.date, t.precision, t.text) == (dt.date(2021, 2, 25), "day", "on the day after the Feb. 24 election")
    assert one("the day before the Feb. 24 vote").date == dt.date(2021, 2, 23)


def test_the_day_after_an_event_the_phrase_does_not_date_keeps_the_event_for_the_text():
    t = one("on the day after the election")
    assert (t.date, t.precision) == (None, "unresolved")
    assert event_anchor(t) == ("election", 1)
    assert event_anchor(one("the session before Tuesday's report")) is None  # dated: resolved, no anchor
    assert event_anchor(one("a day earlier")) is None


def test_at_the_end_of_a_month_is_its_last_day_but_since_the_end_of_a_month_is_no_day():
    t = one("the price it fetched at the end of February")
    assert (t.date, t.precision, t.text) == (dt.date(2021, 2, 28), "day", "at the end of February")
    assert one("at the end of November 2020").date == dt.date(2020, 11, 30)
    assert all(t.precision != "day" for t in find_temporal_expressions("since the end of February", BI_PUBLISHED))


@pytest.mark.parametrize("text, offset", [("A day earlier", -1), ("the day before,", -1), ("the next day", 1),
                                          ("a day later", 1), ("a day after falling", -1),
                                          ("the following session", 1)])
def test_a_day_counted_from_the_day_spoken_of_is_left_to_the_text(text, offset):
    t = find_temporal_expressions(text, BI_PUBLISHED)[0]
    assert (t.date, anchor_offset(t)) == (None, offset)


def test_the_previous_session_is_before_publication_unless_the_text_speaks_of_another_day():
    t = one("in the previous session")
    assert (t.date, anchor_offset(t)) == (dt.date(2021, 3, 8), -1)


@pytest.mark.parametrize("text, published, day", [
    # published 2021-03-09 (Tue): February's last session was Friday the 26th, not the session before publication
    ("on the final trading day of February", BI_PUBLISHED, dt.date(2021, 2, 26)),
    ("on the last trading day of last month", BI_PUBLISHED, dt.date(2021, 2, 26)),
    ("the final session of the week", BI_PUBLISHED, dt.date(2021, 3, 5)),  # this week's is still to come
    ("on the last trading day of 2020", BI_PUBLISHED, dt.date(2020, 12, 31)),
    ("on the final trading day of the year", dt.date(2023, 1, 3), dt.date(2022, 12, 30)),  # Dec 31 a Saturday
    ("on the last trading day of the first quarter", dt.date(2021, 4, 5), dt.date(2021, 3, 31)),
    ("on the final day of February", BI_PUBLISHED, dt.date(2021, 2, 28)),  # a calendar day (bitcoin's)
])
def test_the_final_trading_day_of_a_period_is_its_last_session(text, published, day):
    t = one(text, published)
    assert (t.date, t.precision) == (day, "day")


def test_a_final_trading_day_still_to_come_is_unresolved():
    assert one("on the final trading day of March").precision == "unresolved"


def test_shift_day_counts_exchange_sessions_or_calendar_days():
    assert shift_day(dt.date(2021, 3, 8), -1) == dt.date(2021, 3, 5)  # Monday -> Friday
    assert shift_day(dt.date(2021, 3, 6), 1) == dt.date(2021, 3, 8)  # Saturday -> Monday
    assert shift_day(dt.date(2021, 3, 6), -1) == dt.date(2021, 3, 5)
    assert shift_day(dt.date(2021, 3, 8), -1, sessions=False) == dt.date(2021, 3, 7)


def test_a_month_owned_by_an_extreme_is_that_month():
    t = one("down since its February record")
    assert (t.date, t.date_end, t.text) == (dt.date(2021, 2, 1), dt.date(2021, 2, 28), "February")
    assert one("below the March peak").date == dt.date(2021, 3, 1)


def test_vague_words_are_reported_unresolved():
    t = one("Canaan recently announced")
    assert (t.kind, t.precision) == ("vague", "unresolved")


def test_spans_point_into_the_text():
    text = "The maker traded at $2.06 in September of last year."
    t = resolve(text, BI_PUBLISHED)
    assert text[t.start:t.end] == "September of last year"


def test_add_months_clips_to_month_end():
    assert add_months(dt.date(2021, 3, 31), -1) == dt.date(2021, 2, 28)


def test_over_a_number_of_hours_looks_back_from_publication():
    t = one("down 2% over 24 hours")
    assert (t.date, t.date_end, t.period) == (dt.date(2021, 3, 8), BI_PUBLISHED, "PT24H")


def test_half_years():
    t = one("in the first half of 2020", published=None)
    assert (t.date, t.date_end, t.precision) == (dt.date(2020, 1, 1), dt.date(2020, 6, 30), "period")
    # H2 has not started by March 2021: the latest second half is 2020's.
    assert one("in H2").date == dt.date(2020, 7, 1)


def test_fiscal_year_written_together():
    assert one("FY2020 revenue", published=None).date == dt.date(2020, 1, 1)


def test_reporting_period_ended_on_a_day():
    t = one("for the three months ended Sept. 30", published=dt.date(2021, 11, 10))
    assert (t.date, t.date_end, t.period) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30), "P3M")
    t = one("in the quarter ended March 31, 2020", published=None)
    assert (t.date, t.date_end) == (dt.date(2020, 1, 1), dt.date(2020, 3, 31))


def test_noon_with_zone():
    t = one("as of noon ET")
    assert (t.time, t.timezone) == ("12:00", "America/New_York")


def test_spelled_out_zone():
    t = one("at 9:30 a.m. New York time")
    assert (t.time, t.timezone) == ("09:30", "America/New_York")


def test_comparison_bases_stay_unresolved():
    for text in ("up 20% from a year ago", "revenue rose 15% year-over-year",
                 "compared with the same period last year"):
        t = one(text)
        assert (t.precision, t.note) == ("unresolved", "comparison base"), text


def test_over_the_weekend_is_the_latest_weekend():
    # 2021-03-09 is a Tuesday: the weekend before is March 6-7.
    t = one("bitcoin rallied over the weekend")
    assert (t.date, t.date_end, t.precision) == (dt.date(2021, 3, 6), dt.date(2021, 3, 7), "period")


def test_a_date_repeated_through_an_article_is_parsed_once(monkeypatch):
    """dateparser costs ~2 ms a call; long articles repeat their dates."""
    from fintrack.news import dates

    dates._parse_day.cache_clear()
    calls = []
    real = dates._dateparser()

    class CountingParser:
        @staticmethod
        def parse(text, **kwargs):
            calls.append(text)
            return real.parse(text, **kwargs)

    monkeypatch.setattr(dates, "_dateparser", lambda: CountingParser)
    published = dt.date(2021, 3, 10)
    for _ in range(50):
        (found,) = [t for t in find_temporal_expressions("Shares rose on March 9, 2021.", published) if t.date]
        assert found.date == dt.date(2021, 3, 9)
    assert calls == ["March 9, 2021"]
    dates._parse_day.cache_clear()
