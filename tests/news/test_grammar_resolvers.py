"""Normalization, resolvers and the linear-time registry, on sentences written for these tests.

Each text is wrapped in an Article published Wednesday 2022-06-15.
"""
from __future__ import annotations

import datetime as dt
import math

import pytest

from fintrack.news import Article, extract
from fintrack.news.normalize import normalize
from fintrack.news.registry import Entity, TickerRegistry

PUBLISHED = dt.date(2022, 6, 15)


def claims(text: str):
    return extract(Article("t", "", "", "", PUBLISHED, "", "", text)).claims


def claim(text: str, value_text: str) -> dict:
    found = claims(text)
    rows = found[found["value_text"] == value_text]
    assert len(rows) == 1, found[["value_text", "metric", "subject"]]
    return rows.iloc[0].to_dict()


# ------------------------------------------------------------------ normalize

def test_normalize_keeps_offsets_and_length():
    text = "Riot\u2019s stock fell \u22125%\u00a0on \u201cTuesday\u201d \u2014 again"
    n = normalize(text)
    assert len(n.text) == len(text)
    assert n.text == "Riot's stock fell -5% on \"Tuesday\" - again"
    assert n.span(5, 10) == (5, 10)


def test_curly_apostrophe_and_no_break_space_read_as_plain_text():
    c = claim("Riot\u2019s shares closed at\u00a0$5.20 on Tuesday.", "$5.20")
    assert (c["subject"], c["metric"], c["price_field"], c["date"]) == ("RIOT", "price_level", "close", "2022-06-14")


def test_value_text_is_as_written_in_the_article():
    c = claim("Riot shares fell 4\u00a0percent on Tuesday.", "4\u00a0percent")
    assert (c["value"], c["unit"]) == (4.0, "percent")


# ------------------------------------------------------------------ new columns

def test_premarket_move_is_in_session_phase_not_time():
    c = claim("Riot rose 6% in premarket trading on Tuesday.", "6%")
    assert (c["session_phase"], c["time"]) == ("premarket", "")


def test_mid_day_trading_is_a_moment_of_the_session():
    c = claim("Riot traded up $0.20 during mid-day trading on Monday.", "$0.20")
    assert (c["metric"], c["session_phase"], c["date"]) == ("dollar_change", "midday", "2022-06-13")


def test_present_tense_quote_is_a_snapshot():
    c = claim("Riot shares are trading lower by 3.5% at $7.92.", "$7.92")
    assert (c["metric"], c["snapshot"], c["direction"]) == ("price_level", "quote", "down")


@pytest.mark.parametrize("text, value_text, comparator", [
    ("Riot Platforms closed in the low $40s on Tuesday.", "$40", "band_low"),
    ("Riot Platforms traded in the mid-$30s on Tuesday.", "$30", "band_mid"),
    ("Riot Platforms closed in the high $40s on Tuesday.", "$40", "band_high"),
    ("Riot Platforms closed at $40-something on Tuesday.", "$40", "band"),
    ("Bitcoin traded in the low $20,000s on Tuesday.", "$20,000", "band_low"),
    ("Riot Platforms closed above $50 on Tuesday.", "$50", "at_least"),
    ("Riot Platforms closed under $5 on Tuesday.", "$5", "at_most"),
    ("Riot Platforms closed at $40 on Tuesday.", "$40", "equal"),
])
def test_a_price_band_or_bound_is_a_close_or_level_with_its_comparator(text, value_text, comparator):
    c = claim(text, value_text)
    assert (c["metric"], c["comparator"]) == ("price_level", comparator)


def test_record_high_is_a_period_high_with_reference_record():
    c = claim("Bitcoin set a record high of $69,000 in November 2021.", "$69,000")
    assert (c["metric"], c["reference"], c["date"], c["date_end"]) == (
        "period_high", "record", "2021-11-01", "2021-11-30")


def test_daily_high_is_a_level_with_price_field_high():
    c = claim("Riot set a daily high of $2.29 on Monday.", "$2.29")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "high", "2022-06-13")


def test_drawdown_from_record_is_off_high():
    c = claim("Bitcoin is down roughly 9% from its record high.", "9%")
    assert (c["metric"], c["reference"], c["direction"], c["comparator"]) == ("off_high", "record", "down", "approx")


def test_lowest_since_spans_the_since_date_to_publication():
    c = claim("Bitcoin fell to below $16,000, the lowest price since November of 2020.", "$16,000")
    assert (c["metric"], c["comparator"], c["date"], c["date_end"]) == (
        "lowest_since", "at_most", "2020-11-01", "2022-06-15")


def test_overnight_jump_of_a_stock_is_an_open_gap():
    c = claim("Marathon Digital (MARA) jumped 13% overnight.", "13%")
    assert (c["subject"], c["metric"], c["session_phase"]) == ("MARA", "open_gap", "overnight")


def test_figures_of_an_unlisted_company_after_a_listed_one_are_not_the_listed_ones():
    found = claims("Riot Platforms Inc. RIOT fell 1.4% to $23.88, and Northwind Hash Inc. NWHX fell 9.9% to $20.52.")
    by_text = found.set_index("value_text")
    assert (by_text.at["1.4%", "subject"], by_text.at["$23.88", "subject"]) == ("RIOT", "RIOT")
    assert (by_text.at["9.9%", "subject"], by_text.at["$20.52", "subject"]) == ("", "")


def test_an_unlisted_name_inside_the_subjects_clause_does_not_take_its_figure():
    c = claim("Riot, a customer of Bitmain Technologies Ltd., fell 3% on Tuesday.", "3%")
    assert c["subject"] == "RIOT"


def test_move_at_the_open_of_a_stock_is_an_open_gap():
    c = claim("Marathon Digital fell 6% at the open on Tuesday.", "6%")
    assert (c["subject"], c["metric"], c["direction"], c["date"]) == ("MARA", "open_gap", "down", "2022-06-14")


def test_a_day_after_a_percents_move_noun_beats_a_period_nearby():
    c = claim("Bitcoin was little changed over the past 24 hours, after a 4.3% jump on Tuesday.", "4.3%")
    assert (c["metric"], c["date"], c["date_end"]) == ("close_to_close_move", "2022-06-14", "2022-06-14")


def test_bitcoin_24_hour_move():
    c = claim("Bitcoin is up more than 3% in the last 24 hours.", "3%")
    assert (c["subject"], c["metric"], c["comparator"]) == ("BTC-USD", "move_24h", "at_least")


# ------------------------------------------------------------------ resolvers

@pytest.mark.parametrize("text, ticker", [
    ("The S&P 500 rose 0.9% on Tuesday.", "^GSPC"),
    ("The Nasdaq Composite fell 1.1% on Tuesday.", "^IXIC"),
    ("The Nasdaq-100 fell 1.3% on Tuesday.", "^NDX"),
    ("The Dow fell 2% on Tuesday.", "^DJI"),
    ("The Russell 2000 index was up 1.1% on Tuesday.", "^RUT"),
])
def test_index_names_resolve_to_index_tickers(text, ticker):
    (value,) = [w for w in text.split() if w.endswith("%")]
    assert claim(text, value)["subject"] == ticker


def test_index_point_level_is_a_level_in_points():
    c = claim("The S&P 500 rose 25 points, or 0.9%, to 2,933 on Tuesday.", "2,933")
    assert (c["subject"], c["metric"], c["unit"]) == ("^GSPC", "price_level", "points")


def test_a_company_named_in_a_relative_clause_is_not_the_subject():
    c = claim("The Nasdaq 100 index, which recently added Riot Platforms, is up 1.3% on Tuesday.", "1.3%")
    assert c["subject"] == "^NDX"


def test_it_refers_to_the_subject_of_the_previous_claim():
    c = claim("Bitcoin fell 12% on Tuesday. On Wednesday it recovered to $16,665.", "$16,665")
    assert (c["subject"], c["date"]) == ("BTC-USD", "2022-06-15")


def test_undated_figures_take_the_session_spoken_of():
    text = ("Shares of Riot hit a new 52-week low during mid-day trading on Monday. "
            "The stock traded as low as $2.47 and last traded at $2.87.")
    low, last = claim(text, "$2.47"), claim(text, "$2.87")
    assert (low["date"], low["price_field"], low["session_phase"]) == ("2022-06-13", "low", "midday")
    assert (last["date"], last["session_phase"]) == ("2022-06-13", "midday")


def test_a_date_right_after_another_percent_is_that_numbers():
    text = "Riot shares have risen about 155% so far this year, after plunging 89% in 2021."
    c = claim(text, "89%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2021-01-01", "2021-12-31")


def test_a_weekday_with_its_date_takes_the_date():
    c = claim("Riot opened at $6.91 on Monday, February 7th, and closed at $7.04 on Friday.", "$6.91")
    assert (c["price_field"], c["date"]) == ("open", "2022-02-07")


def test_drawdown_from_a_dated_record_runs_to_publication():
    c = claim("Bitcoin is down 9% from its record high of $108,135 on June 1.", "9%")
    assert (c["metric"], c["date"], c["date_end"]) == ("off_high", "2022-06-01", "2022-06-15")


def test_a_move_from_a_stated_level_has_that_reference():
    c = claim("Riot shares fell 31.21%, from $2.82 on April 28 to $1.94 on Tuesday.", "31.21%")
    assert (c["reference"], c["reference_value"], c["direction"]) == ("level", 2.82, "down")


def test_a_move_between_two_dated_stated_prices_is_a_return_over_that_span():
    c = claim("Riot shares fell 31.21%, from $2.82 on April 28 to $1.94 on Tuesday.", "31.21%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2022-04-28", "2022-06-14")
    # the span can come first and the percent name it afterwards
    c = claim("Riot climbed from its open of $4.10 on Monday, June 6th, to close at $5.00 on Friday, "
              "June 10th, a gain of nearly 22%.", "22%")
    assert (c["metric"], c["date"], c["date_end"], c["reference_value"], c["comparator"]) == (
        "period_return", "2022-06-06", "2022-06-10", 4.10, "nearly")


def test_a_clock_time_stated_with_the_end_price_is_the_returns_moment():
    c = claim("Riot shares slid 12.5% in nine sessions from $4.00 at 2022-06-01, to $3.50 at 11:20 EST on "
              "Tuesday.", "12.5%")
    assert (c["metric"], c["date"], c["date_end"], c["time"]) == ("period_return", "2022-06-01", "2022-06-14",
                                                                   "11:20")
    start = claim("Riot shares slid 12.5% in nine sessions from $4.00 at 2022-06-01, to $3.50 at 11:20 EST on "
                  "Tuesday.", "$4.00")
    assert (start["date"], start["time"]) == ("2022-06-01", "")  # the time is the other day's


def test_a_move_from_an_unpriced_reference_to_a_level_has_no_stated_start():
    c = claim("By midday Riot shares had dropped nearly 7% from the offering price to $8.40 each.", "7%")
    assert c["reference"] == "" and math.isnan(c["reference_value"])


def test_a_percent_beside_one_dated_price_only_is_not_a_span():
    c = claim("Riot shares fell 4% on Tuesday from $2.82 to $2.71.", "4%")
    assert c["metric"] == "close_to_close_move"


def test_early_in_a_month_is_its_first_ten_days():
    c = claim("Bitcoin tumbled below $20,000 in early June.", "$20,000")
    assert (c["metric"], c["comparator"], c["date"], c["date_end"]) == (
        "price_level", "at_most", "2022-06-01", "2022-06-10")


def test_moving_average_and_price_target_are_not_claims():
    assert claims("Riot has a 50-day moving average of $3.16 and a price target of $12.00.").empty


# ------------------------------------------------------------------ registry

def test_registry_with_thousands_of_aliases_finds_longest_at_each_word():
    entities = tuple(Entity(f"Z{i}", f"Zorblax{i} Holdings", "equity", (f"Zorblax{i} Holdings", f"Zorblax{i}"))
                     for i in range(3000))
    registry = TickerRegistry(entities + (Entity("ACME", "Acme", "equity", ("Acme", "Acme Robotics Inc.")),))
    found = registry.find("Zorblax2999 Holdings and Acme  Robotics Inc. beat Zorblax7.")
    assert [(m.ticker, m.name) for m in found] == [
        ("Z2999", "Zorblax2999 Holdings"), ("ACME", "Acme  Robotics Inc."), ("Z7", "Zorblax7")]


def test_ticker_in_capitals_names_the_company_but_not_after_an_exchange_prefix():
    registry = TickerRegistry((Entity("CAN", "Canaan", "equity", ("Canaan",)),))
    assert [m.ticker for m in registry.find("Shares of CAN rose; you can see it.")] == ["CAN"]
    assert [m.name for m in registry.find("Canaan Inc. (NASDAQ: CAN) rose.")] == ["Canaan"]


# ------------------------------------------------------------------ the session a note reports

def test_a_note_on_the_most_recent_trading_day_dates_its_undated_figures_to_the_session_before():
    text = ("Riot Platforms gained 4.5% to close at $5.10. It opened the session at $4.95. "
            "Volume was heavy in the most recent trading day.")
    found = claims(text)
    dates = dict(zip(found["value_text"], found["date"]))
    assert dates == {"4.5%": "2022-06-14", "$5.10": "2022-06-14", "$4.95": "2022-06-14"}


def test_the_reported_session_skips_exchange_holidays():
    # Tuesday 2022-01-18 follows Martin Luther King Jr. Day: the last session was Friday 2022-01-14.
    text = "Riot Platforms closed at $14.20, up 3.1%, in the most recent trading session."
    found = extract(Article("t", "", "", "", dt.date(2022, 1, 18), "", "", text)).claims
    assert set(found["date"]) == {"2022-01-14"}


def test_without_the_words_undated_figures_stay_undated():
    found = claims("Riot Platforms gained 4.5% to close at $5.10.")
    assert set(found["precision"]) == {"unresolved"}


def test_the_day_of_a_cause_clause_is_not_the_day_of_the_move_before_it():
    c = claim("Riot shares fell as much as 9% after the company sold new shares at $10 each on Monday.", "9%")
    assert c["precision"] == "unresolved"
    c = claim("Riot shares fell as much as 9% on Monday after the company sold new shares.", "9%")
    assert c["date"] == "2022-06-13"


def test_a_move_of_an_index_the_registry_does_not_know_is_that_index_without_a_ticker():
    c = claim("New listings lagged, compared with a 12% gain in the Zeta Frontier Markets Index this year.", "12%")
    assert (c["subject"], c["subject_name"], c["metric"]) == ("", "Zeta Frontier Markets Index", "period_return")
    assert claims("Inflation rose 5% last year.").empty  # a move of nothing that trades stays out


def test_a_return_since_its_low_in_a_month_starts_at_that_low():
    c = claim("Bitcoin is up more than five-fold since its low in March 2020.", "five-fold")
    assert (c["metric"], c["reference"], c["date"], c["date_end"]) == (
        "period_return", "span_low", "2020-03-01", "2022-06-15")
    c = claim("Bitcoin has fallen 40% since its peak in November 2021.", "40%")
    assert (c["metric"], c["reference"]) == ("period_return", "span_high")
    assert claim("Bitcoin has fallen 40% since November 2021.", "40%")["reference"] == ""
# ------------------------------------------------------------------ issue 15, miners folder rules

def test_a_symbol_named_only_on_a_foreign_exchange_is_that_listing():
    from fintrack.news.resolvers import foreign_listings
    assert foreign_listings("Hut 8 Mining (TSE:HUT) rose; HUT shares gained.") == {"HUT": "HUT.TO"}
    assert foreign_listings("Acme (LON: ACM) fell.") == {"ACM": "ACM.L"}
    # also listed in the US: the US line stays
    assert foreign_listings("Bitfarms (Nasdaq: $BITF) (TSX: BITF)") == {}
    assert foreign_listings("a miner (NASDAQ/TSX: BITF)") == {}


def test_claims_about_a_foreign_listing_take_its_ticker():
    c = claim("Hut 8 Mining Corp. (TSE:HUT) shares rose 12.5% on Monday.", "12.5%")
    assert (c["subject"], c["metric"]) == ("HUT.TO", "close_to_close_move")


@pytest.mark.parametrize("text, value_text, subject", [
    ("Hut 8 jumped 31% to C$6.62 in Toronto on Tuesday.", "31%", "HUT.TO"),
    ("Shares of HIVE Blockchain rose 20% on the TSX Venture Exchange on Tuesday.", "20%", "HIVE.V"),
    ("Bitfarms' Toronto-listed shares climbed 22% on Tuesday.", "22%", "BITF.TO"),
    ("Bitfarms jumped 14% to C$3.30 on Tuesday.", "14%", "BITF.TO"),  # a C$ price beside the move
    # the venue nearest the figure decides; a US venue, a company's seat or no venue keep the US line
    ("Hut 8 rose 31% in Toronto on Tuesday, while its Nasdaq-listed shares gained 12%.", "31%", "HUT.TO"),
    ("Hut 8 rose 31% in Toronto on Tuesday, while its Nasdaq-listed shares gained 12%.", "12%", "HUT"),
    ("Bitfarms, which is based in Toronto, rose 5% on Tuesday.", "5%", "BITF"),
    ("Bitfarms rose 5% on Tuesday.", "5%", "BITF"),
    # a C$ price nearest the figure is of the Canadian line the sentence names ("TSX" in "TSX Venture" is not TSX)
    ("Toronto-listed Hut 8 rose 31% on Tuesday, while HIVE gained 6% to C$2.40 on the TSX Venture Exchange.", "6%",
     "HIVE.V"),
])
def test_a_figure_placed_on_a_canadian_listing_is_that_listings(text, value_text, subject):
    assert claim(text, value_text)["subject"] == subject


def test_nears_a_level_is_the_level_itself_dated_by_publication_not_by_a_return_before_it():
    c = claim("Marathon Digital is up 90% in 2022 as bitcoin nears $25K", "$25K")
    assert (c["subject"], c["metric"], c["comparator"], c["value"], c["date"]) == (
        "BTC-USD", "price_level", "near", 25000.0, "")


def test_a_date_closing_a_clause_with_another_number_is_that_numbers():
    text = "Riot shares rose as high as $15.10 after closing at $13.20 on Thursday."
    assert claim(text, "$15.10")["date"] == ""
    assert claim(text, "$13.20")["date"] == "2022-06-09"


def test_christmas_eve_is_the_latest_one_before_publication():
    from fintrack.news.dates import find_temporal_expressions
    (t,) = find_temporal_expressions("after closing at $13.12 on Christmas Eve", dt.date(2021, 1, 4))
    assert (t.date, t.precision) == (dt.date(2020, 12, 24), "day")


def test_as_much_as_to_a_level_is_the_high_so_far():
    c = claim("Riot climbed as much as 20%, to $9.60, on Tuesday.", "$9.60")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "high", "2022-06-14")
    c = claim("Riot slid as much as 20%, to $6.40, on Tuesday.", "$6.40")
    assert (c["metric"], c["price_field"]) == ("price_level", "low")


def test_the_session_spoken_of_is_the_latest_day_and_keeps_its_mid_session_moment():
    text = ("Riot gained as much as 18% shortly after the opening bell on Tuesday, after closing at $9.00 "
            "on Monday. Marathon jumped as much as 25%, to $14.")
    c = claim(text, "$14")
    assert (c["date"], c["session_phase"], c["price_field"]) == ("2022-06-14", "midday", "high")


def test_a_high_named_by_its_year_is_the_years_high_so_far_whatever_day_it_was_set():
    c = claim("Riot reached a 2022 high of $18.40 on March 29.", "$18.40")
    assert (c["metric"], c["date"], c["date_end"], c["price_field"]) == (
        "period_high", "2022-01-01", "2022-06-15", "")
    c = claim("Riot hit a year-to-date low of $5.10 on May 12.", "$5.10")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_low", "2022-01-01", "2022-06-15")
    c = claim("Riot set a daily high of $8.40 on Monday.", "$8.40")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "high", "2022-06-13")


def test_the_previous_session_is_the_last_exchange_session_before_publication():
    from fintrack.news.dates import find_temporal_expressions
    # published Tuesday 2021-01-19, the day after Martin Luther King Jr. Day: the previous session is Friday
    (t,) = find_temporal_expressions("after a 3% gain in the previous session", dt.date(2021, 1, 19))
    assert (t.date, t.precision) == (dt.date(2021, 1, 15), "day")


def test_a_phase_named_beyond_another_date_is_not_the_numbers():
    text = "Riot rose as much as 9% in premarket trade on Wednesday, extending its 3.5% gain in the previous session."
    assert claim(text, "9%")["session_phase"] == "premarket"
    c = claim(text, "3.5%")
    assert (c["metric"], c["date"], c["session_phase"]) == ("close_to_close_move", "2022-06-14", "")


def test_a_move_beyond_the_opening_gap_is_measured_from_the_open():
    c = claim("Riot opened 10% lower on Tuesday and lost an additional 2.5% in the hour after the open.", "2.5%")
    assert (c["metric"], c["reference"], c["direction"]) == ("move_at_time", "open", "down")


def test_during_the_quarter_is_the_last_quarter_completed_before_publication():
    c = claim("Results suffered from a 40% decline in the price of bitcoin during the quarter.", "40%")
    assert (c["subject"], c["metric"], c["direction"], c["date"], c["date_end"]) == (
        "BTC-USD", "period_return", "down", "2022-01-01", "2022-03-31")


def test_a_stated_span_is_read_only_from_prices_near_its_percent():
    # The span's own sentence reads as a return from $2.82; the same words behind 2,000 characters of
    # other figures still do, and prices far before the percent are never paired with it.
    text = "Riot fell 31% from $2.82 on April 28 to $1.94 on Tuesday."
    assert claim(text, "31%")["reference_value"] == 2.82
    filler = "Riot traded at $3.10 on May 2. " * 70
    assert claim(filler + text, "31%")["reference_value"] == 2.82


def test_compared_objects_are_found_once_per_sentence_and_removed_only_when_something_is_left():
    from fintrack.news.resolvers import compared_objects, compared_objects_removed

    text = "Bitcoin surpassed both gold and the S&P 500 with a market cap of $2.2 trillion."
    from fintrack.news.registry import load_registry

    mentions = load_registry().find(text)
    compared = compared_objects(mentions, text)
    names = [m.name for m in compared_objects_removed(mentions, compared)]
    assert "Bitcoin" in names[0] and all("S&P" not in n for n in names)
    assert compared_objects_removed(mentions, frozenset()) is mentions


def test_the_date_of_an_extreme_noun_is_that_extremes_not_a_later_figures():
    text = ("Bitcoin rose to $31,900 on Monday, topping its April 2021 peak of $64,900, before sliding as low as "
            "$29,500.")
    assert claim(text, "$64,900")["date"] == "2021-01-01"  # the peak's own span (its year)
    c = claim(text, "$29,500")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "low", "2022-06-13")


def test_a_date_past_a_comma_and_another_move_verb_is_that_verbs_not_a_figure_dated_before():
    c = claim("Bitcoin, which ended Friday's UTC day at $22,600, slipped on Sunday.", "$22,600")
    assert (c["price_field"], c["date"]) == ("close", "2022-06-10")
    c = claim("Bitcoin ended Friday's UTC day at $22,600, and slipped on Sunday.", "$22,600")
    assert c["date"] == "2022-06-10"
    # a date right after the figure, with no other verb between, stays the figure's
    assert claim("Riot closed at $6.10 on Monday.", "$6.10")["date"] == "2022-06-13"


@pytest.mark.parametrize("phrase", ["The ADSs", "Its ADRs", "The American depositary shares"])
def test_depositary_shares_after_a_company_was_named_are_that_companys(phrase):
    c = claim(f"Hut 8 rose on Monday. Ebang reported results on Tuesday. {phrase} fell 5% on Tuesday.", "5%")
    assert c["subject"] == "EBON"
