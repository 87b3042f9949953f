"""Market-wide news: index wraps, bitcoin returns, headlines over a lead, on sentences written for these tests.

Each text is wrapped in an Article published Thursday 2024-06-27 unless a test says otherwise.
"""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news import Article, extract
from fintrack.news.dates import find_temporal_expressions
from fintrack.news.resolvers import return_noun_direction

PUBLISHED = dt.date(2024, 6, 27)


def claims(text: str, published: dt.date = PUBLISHED):
    return extract(Article("t", "", "", "", published, "", "", text)).claims


def claim(text: str, value_text: str, published: dt.date = PUBLISHED) -> dict:
    found = claims(text, published)
    rows = found[found["value_text"] == value_text]
    assert len(rows) == 1, found[["value_text", "metric", "subject", "date"]]
    return rows.iloc[0].to_dict()


# ------------------------------------------------------------------ dates

def test_first_months_of_this_year_run_from_january_to_that_months_end():
    (t,) = find_temporal_expressions("a gain over the first four months of this year", PUBLISHED)
    assert (t.date, t.date_end, t.period) == (dt.date(2024, 1, 1), dt.date(2024, 4, 30), "P4M")
    (t,) = find_temporal_expressions("in the first two months of 2021", PUBLISHED)
    assert (t.date, t.date_end) == (dt.date(2021, 1, 1), dt.date(2021, 2, 28))


def test_beginning_of_a_year_is_its_first_ten_days_and_its_end_stays_december():
    (t,) = find_temporal_expressions("at the start of this year", PUBLISHED)
    assert (t.date, t.date_end) == (dt.date(2024, 1, 1), dt.date(2024, 1, 10))
    (t,) = find_temporal_expressions("at the end of last year", PUBLISHED)
    assert (t.date, t.date_end) == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))


def test_for_the_year_so_far_is_year_to_date():
    (t,) = find_temporal_expressions("its slide for the year so far", PUBLISHED)
    assert (t.date, t.date_end) == (dt.date(2024, 1, 1), PUBLISHED)


# ------------------------------------------------------------------ direction of a named gain or loss

def test_a_gain_brought_down_to_a_figure_is_still_a_gain():
    assert return_noun_direction("which cut the coin's annual gain down to only ") == "up"
    assert return_noun_direction("taking its losses since January to ") == "down"
    assert return_noun_direction("the token slid to ") == ""
    assert return_noun_direction("cutting its net loss to ") == ""  # an accounting loss, not a price's


def test_year_to_date_gain_brought_down_is_an_up_return():
    c = claim("Bitcoin changed hands at $61,000, trimming the year-to-date gain down to just 4%.", "4%")
    assert (c["metric"], c["direction"], c["date"]) == ("period_return", "up", "2024-01-01")


def test_a_loss_for_the_year_so_far_is_a_price_return_not_a_company_figure():
    c = claim("Bitcoin headed for a weekly drop, taking its losses for the year so far to 31%.", "31%")
    assert (c["metric"], c["direction"], c["subject"]) == ("period_return", "down", "BTC-USD")


# ------------------------------------------------------------------ sessions and headlines

def test_undated_index_moves_after_a_stated_close_are_of_that_session():
    text = ("The Dow Jones Industrial Average slid 2% to close at 38,100.25 on Tuesday. "
            "The Nasdaq Composite dropped 3.3%, while the S&P 500 lost 2.6%.")
    assert claim(text, "3.3%")["date"] == "2024-06-25"
    assert claim(text, "2.6%")["date"] == "2024-06-25"


def test_undated_move_after_a_mid_session_figure_keeps_the_publication_day():
    text = ("Acme Robotics rose as much as 12% on Tuesday morning. "
            "Across the sector, Bitcoin was trading 3% higher.")
    assert claim(text, "3%")["date"] == ""


def test_undated_moves_after_a_whole_past_session_are_of_that_session():
    text = ("Shares of crypto miners slumped on Tuesday as bitcoin slid from its peak. "
            "CleanSpark fell 13% to $15.20, while Riot Platforms dropped 9.5%.")
    for value_text in ("13%", "9.5%"):  # written on Thursday: Tuesday's session is over, spoken of as a day
        c = claim(text, value_text)
        assert (c["metric"], c["date"], c["precision"]) == ("close_to_close_move", "2024-06-25", "day")
    # written on Tuesday itself, the session may be under way: the moves keep the publication day
    assert claim(text, "9.5%", published=dt.date(2024, 6, 25))["date"] == ""


def test_a_present_tense_clause_after_a_closing_move_is_the_next_figures_not_the_closes():
    text = "Acme Robotics shares closed at $10.93 on Tuesday, down 6.8% on the day, and are down 29% so far this year."
    day = claim(text, "6.8%")
    assert (day["metric"], day["date"], day["snapshot"]) == ("close_to_close_move", "2024-06-25", "")
    assert claim(text, "29%")["metric"] == "period_return"
    # in its own clause the present tense still makes the figure the article's current quote
    now = claim("Acme Robotics rose 5% on Tuesday, while Beta Mining is currently up 3%.", "3%")
    assert (now["metric"], now["snapshot"]) == ("move_at_time", "quote")


def test_had_closed_on_a_named_day_is_that_days_close():
    named = claim("Beta Mining had closed at $16.07 on Monday.", "$16.07")
    assert (named["price_field"], named["date"]) == ("close", "2024-06-24")
    # without a day of its own it is the close before the session the text speaks of
    assert claim("Beta Mining had previously closed at $16.07.", "$16.07")["price_field"] == "prev_close"


def test_a_day_closing_an_after_clause_with_its_own_figure_is_that_figures():
    text = "Bitcoin fell 6% on Wednesday to $61,000, after hitting an all-time high of $71,900 on Monday."
    assert claim(text, "$61,000")["date"] == "2024-06-26"
    assert claim(text, "$71,900")["date"] == "2024-06-24"
    text = "Beta Mining rose 11.8% to $19.78, after setting a 52-week high of $20.13 last Monday."
    assert claim(text, "11.8%")["date"] == ""  # the text's session, not the high's day


def test_a_title_case_headline_does_not_name_a_company_with_the_next_lines_symbol():
    text = ("Bitcoin Smashes $70K: BTC Price Hits New All-Time High\n\n"
            "Bitcoin (BTC) hit a new all-time high on Wednesday. BTC is up 2.5% in the past 24 hours.")
    c = claim(text, "2.5%")
    assert (c["subject"], c["metric"]) == ("BTC-USD", "move_24h")


def test_a_wire_style_dollar_change_restated_in_percent_shares_the_moves_day():
    text = "Beta Mining rose $1.25, or 9%, to $15.10 on Monday."
    c = claim(text, "$1.25")
    assert (c["metric"], c["direction"], c["date"]) == ("dollar_change", "up", "2024-06-24")
    assert claim(text, "9%")["metric"] == "close_to_close_move"
    assert claim("Beta Mining fell to $11.21, or 13.4% below its high.", "$11.21")["metric"] == "price_level"


def test_the_level_a_dated_move_ended_at_is_of_the_moves_day():
    text = "Beta Mining fell 12% in premarket trading on Wednesday, after the stock edged up 0.6% on Monday to $11.30."
    c = claim(text, "$11.30")
    assert (c["date"], c["session_phase"]) == ("2024-06-24", "")
    # a day of its own after the level still wins
    assert claim("Beta Mining rose 3% on Monday to close at $13.04 on Tuesday.", "$13.04")["date"] == "2024-06-25"


def test_a_phase_named_after_another_percents_clause_is_that_percents():
    text = "Beta Mining shares, which tumbled 14% on Tuesday amid a selloff, fell another 3.7% in premarket trading."
    assert claim(text, "14%")["session_phase"] == ""
    assert claim(text, "3.7%")["session_phase"] == "premarket"
    # a price where the move ended, or a restated percent, does not take the phase away
    assert claim("Beta Mining rose 4.6% to $4.09 in premarket trading.", "4.6%")["session_phase"] == "premarket"


def test_for_the_week_and_ended_the_week_are_the_weeks_return():
    for text, value_text in (("Beta Mining rose 8% for the week.", "8%"),
                             ("Shares of Acme Robotics ended the week up 43%.", "43%")):
        c = claim(text, value_text)
        assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-24", "2024-06-27")


def test_a_listed_companys_multiple_with_no_object_is_its_stocks_return():
    c = claim("Riot Platforms has risen more than tenfold over the past year.", "tenfold")
    assert (c["subject"], c["metric"], c["value"], c["comparator"]) == ("RIOT", "period_return", 10.0, "at_least")
    assert (c["date"], c["date_end"]) == ("2023-06-27", "2024-06-27")
    assert claim("Hut 8 has more than doubled since the start of the year.", "doubled")["metric"] == "period_return"
    # a multiple with an object of its own is not the stock's
    assert claims("Hut 8 has doubled its hashrate since January.").empty


def test_a_records_since_is_not_the_span_of_the_move():
    c = claim("The S&P 500 closed up 9.5% on Wednesday, its best day since 2008.", "9.5%")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "2024-06-26")


def test_undated_moves_after_the_text_spoke_of_the_sessions_close_are_that_sessions_closing_moves():
    text = ("NEW YORK, June 27 - Shares of crypto miners surged on Thursday. Beta Mining jumped 30% to close at "
            "$25.01, while Acme Robotics soared 41%. Riot Platforms rose as much as 24% before paring gains. "
            "Hut 8 gained 19%.")
    c = claim(text, "19%")
    assert (c["metric"], c["date"], c["snapshot"]) == ("close_to_close_move", "2024-06-27", "close")
    assert claim(text, "$25.01")["date"] == "2024-06-27"  # "June 27" and "Thursday" name one day


def test_closed_at_a_price_then_the_move_is_the_closing_move():
    c = claim("Beta Mining shares closed at $0.64 on Tuesday, up 1.6%, after opening at $0.63.", "1.6%")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "2024-06-25")


def test_a_move_noun_right_after_the_percent_gives_its_direction():
    text = "Hut 8 rose 3%, while Riot Platforms slipped 2%, and Beta Mining eked out a 1.5% gain."
    assert claim(text, "1.5%")["direction"] == "up"
    assert claim("Shares of Beta Mining have fallen 27% this year, lagging bitcoin's roughly 60% gain.",
                 "60%")["direction"] == "up"


def test_a_phase_or_a_moment_after_another_percent_is_that_percents():
    text = "Beta Mining shares fell 7% on Tuesday, ending 7.4% lower after rising as much as 3% in early trading."
    ended = claim(text, "7.4%")
    assert (ended["metric"], ended["session_phase"]) == ("close_to_close_move", "")
    assert claim(text, "3%")["session_phase"] == "midday"


def test_a_possessive_date_is_its_own_noun_phrases_not_the_moves_around_it():
    text = "Hut 8 slid 7.5%, erasing gains from last week's rally, while Beta Mining pared losses to 1.9%."
    assert claim(text, "7.5%")["metric"] == "close_to_close_move"
    assert claim(text, "1.9%")["metric"] == "close_to_close_move"
    gain = claim("Riot Platforms extended last week's 12% gain, rising 3% on Wednesday.", "12%")
    assert (gain["metric"], gain["date"], gain["date_end"]) == ("period_return", "2024-06-17", "2024-06-23")


def test_a_count_of_occurrences_is_not_a_claim_and_does_not_date_the_move():
    text = "Beta Mining closed at $26.43 on Tuesday, up 6.6%, the second time this month it has gained more than 5%."
    found = claims(text)
    assert list(found["value_text"]) == ["$26.43", "6.6%"]
    assert claim(text, "6.6%")["date"] == "2024-06-25"
    # a figure without a threshold word after a count is a claim of its own
    assert claim("Bitcoin rose 5% for the second time this week, and it has now gained 12% this month.",
                 "12%")["metric"] == "period_return"
    # "for the second time on Tuesday" still dates the figure
    c = claim("Bitcoin topped $70,000 for the second time on Tuesday.", "$70,000")
    assert c["date"] == "2024-06-25"


def test_the_month_or_week_a_recap_reports_is_that_of_the_last_weekday_before_publication():
    text = "Beta Mining gained 64% for the month, Riot Platforms added 47% and Hut 8 jumped 83%."
    for value_text in ("64%", "47%", "83%"):  # written on Monday July 1: June
        c = claim(text, value_text, published=dt.date(2024, 7, 1))
        assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-01", "2024-06-30")
    c = claim("In a holiday-shortened week, Riot Platforms fell 8.5%.", "8.5%", published=dt.date(2024, 6, 22))
    assert (c["date"], c["date_end"]) == ("2024-06-17", "2024-06-22")


def test_trading_days_are_counted_in_sessions():
    # Thursday June 27, 2024: the last five sessions are June 21-27 (June 19 was a holiday), from the close of June 20
    c = claim("Beta Mining is up 19% over the past five trading days.", "19%")
    assert (c["metric"], c["date"], c["date_end"], c["period"]) == ("period_return", "2024-06-20", "2024-06-27", "P7D")


def test_the_stock_after_a_named_stock_in_the_same_sentence_is_that_stock():
    text = ("Hut 8 leads the sector.\n\nShares of Riot Platforms fell 12% on Wednesday, after the stock edged up "
            "0.6% on Tuesday to $11.30.")
    assert claim(text, "0.6%")["subject"] == "RIOT"


def test_a_headline_with_a_move_word_does_not_give_its_phase_to_the_body():
    text = "Riot slips before the bell\n\nShares of Riot Platforms edged up 0.6% on Tuesday to $11.30."
    assert claim(text, "0.6%")["session_phase"] == ""
    # a bare phase heading over a quote still does
    assert claim("Extended Trading\n\nRiot Platforms $11.30 -0.05 (-0.4%)", "$11.30")["session_phase"] == "after-hours"


def test_a_closing_move_stamped_with_a_time_after_the_close_is_the_closing_move():
    c = claim("4:05 p.m. ET: The S&P 500 closed up 2.1%.", "2.1%")
    assert (c["metric"], c["time"]) == ("close_to_close_move", "")


def test_pared_losses_is_a_market_idiom_not_an_accounting_loss():
    c = claim("Beta Mining fell as much as 9% on Tuesday before paring losses to close down 6.5%.", "6.5%")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "2024-06-25")
    assert claim("Acme Robotics narrowed its net loss to $20 million.", "$20 million")["metric"] == "financial_figure"


def test_the_pair_is_the_articles_crypto_asset():
    c = claim("BTC/USD slipped in Asian trading. The pair is down another 3% on the day.", "3%")
    assert c["subject"] == "BTC-USD"


def test_the_miner_in_a_sentence_naming_a_company_first_is_that_company():
    text = ("Hut 8 fell 8%. Riot Platforms (NASDAQ: RIOT) slid as much as 15% before the miner closed down 5.6% at "
            "$24.14.")
    assert claim(text, "5.6%")["subject"] == "RIOT" and claim(text, "$24.14")["subject"] == "RIOT"


def test_gapped_down_is_an_opening_gap_and_an_erased_gain_the_sessions_high():
    gap = claim("Beta Mining gapped down 15% at the open on Tuesday but pared losses.", "15%")
    assert (gap["metric"], gap["direction"]) == ("open_gap", "down")
    erased = claim("Beta Mining erased a 13% gain to close 3% lower.", "13%")
    assert (erased["metric"], erased["direction"], erased["comparator"]) == ("intraday_max_move", "up", "max")
    assert claim("Beta Mining extended its 13% gain.", "13%")["metric"] != "intraday_max_move"


def test_a_date_after_a_records_value_is_the_records():
    c = claim("Acme Robotics shares fell 13% but stayed above the 52-week low of $2.56, set in May.", "13%")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "")


def test_after_opening_down_is_not_a_moment_after_the_open():
    c = claim("Beta Mining was the laggard, ending 13% lower after opening down 11%.", "13%")
    assert c["metric"] == "close_to_close_move"
    assert claim("Beta Mining was 4% lower shortly after the open.", "4%")["metric"] == "move_at_time"


def test_closed_at_a_record_is_a_close():
    c = claim("Bitcoin closed at a record $67,566 on Wednesday.", "$67,566")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "close", "2024-06-26")


def test_a_records_since_does_not_stop_the_session_dating_an_undated_move():
    text = ("The Dow Jones Industrial Average slid 2% to close at 38,100.25 on Tuesday. "
            "The S&P 500 tumbled 9.5% in its steepest drop since 1987.")
    assert claim(text, "9.5%")["date"] == "2024-06-25"


def test_a_move_in_n_sessions_is_a_return_over_those_sessions():
    c = claim("Beta Mining shares have gained 33% in two sessions.", "33%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-25", "2024-06-27")


def test_a_crypto_notes_24h_figures_are_the_trailing_24_hours():
    c = claim("BTC/USD 24h change: -3.0%.", "3.0%")
    assert (c["subject"], c["metric"], c["direction"], c["period"]) == ("BTC-USD", "move_24h", "down", "PT24H")
    assert claim("Bitcoin is down 3% over 24h.", "3%")["metric"] == "move_24h"
    assert claim("Bitcoin traded at $61,000 at 14:24 h.", "$61,000")["period"] == ""  # a clock time, not a span


def test_a_trillion_dollar_asset_is_a_market_value():
    c = claim("Bitcoin, now a $2 trillion asset, closed at a record on Monday.", "$2 trillion")
    assert (c["subject"], c["metric"], c["value"], c["date"]) == ("BTC-USD", "market_cap_level", 2e12, "2024-06-24")
    assert claims("Crypto is a $2 trillion asset class.").empty


def test_a_price_up_from_a_year_ago_is_the_years_return_but_an_accounting_figures_base_stays_a_base():
    c = claim("Wednesday's close of $0.98 leaves Acme Robotics shares up about 13% from a year ago.", "13%")
    assert (c["metric"], c["date"], c["date_end"], c["period"]) == ("period_return", "2023-06-27", "2024-06-27", "P1Y")
    rev = claim("Acme Robotics said revenue rose 41% from a year ago to $88.8 million.", "41%")
    assert (rev["metric"], rev["date"]) == ("financial_figure", "")


def test_gave_back_is_a_fall():
    text = "Beta Mining jumped 10% on Monday but gave back 11% on Tuesday."
    assert claim(text, "11%")["direction"] == "down" and claim(text, "10%")["direction"] == "up"


def test_and_is_now_starts_another_figures_predicate():
    c = claim("Bitcoin rallied 9.5% on Wednesday and is now up about 170% from a year earlier.", "9.5%")
    assert (c["metric"], c["date"], c["snapshot"]) == ("close_to_close_move", "2024-06-26", "")


def test_a_market_value_that_moved_past_a_level_and_a_movers_list_line_are_claims():
    c = claim("Bitcoin's market capitalization dropped below $300 billion on Wednesday.", "$300 billion")
    assert (c["metric"], c["comparator"], c["date"]) == ("market_cap_level", "at_most", "2024-06-26")
    line = claim("Riot Platforms (RIOT): +17%", "17%")
    assert (line["subject"], line["direction"]) == ("RIOT", "up")



def test_movers_list_lines_without_a_colon_or_a_name_are_moves():
    text = ("Crypto stocks moved sharply.\n\n- Marathon Digital (MARA) +7.5%\n- RIOT -3.1%\n"
            "* CleanSpark (CLSK): +2.2%\nHUT: +19.9%")
    c = claims(text).set_index("value_text")
    assert c.loc[["7.5%", "3.1%", "2.2%", "19.9%"], "subject"].tolist() == ["MARA", "RIOT", "CLSK", "HUT"]
    assert c.loc[["7.5%", "3.1%", "2.2%", "19.9%"], "direction"].tolist() == ["up", "down", "up", "up"]
    # a symbol's colon that introduces a figure is not an exchange prefix; "NASDAQ: MARA" still is one
    assert claim("- MARA said 19.9% of its fleet was idle.", "19.9%")["metric"] == "financial_figure"
    assert claim("Marathon Digital (NASDAQ: MARA) fell 4% on Monday.", "4%")["subject"] == "MARA"


def test_a_sentence_or_list_heading_naming_one_past_day_dates_the_undated_moves_after_it():
    # written Thursday: the moves are Wednesday's, not the publication day's
    assert claim("Miners tumbled on Wednesday. Riot fell 9%.", "9%")["date"] == "2024-06-26"
    listed = claims("Crypto stocks moved sharply.\n\nTop movers on Wednesday:\nMARA: +7.4%\nRIOT: -3.3%")
    assert listed["date"].tolist() == ["2024-06-26", "2024-06-26"]
    assert claim("Bitcoin miners were mixed on Wednesday.\n\n- MARA +7.5%", "7.5%")["date"] == "2024-06-26"
    # a day in the article's own session dates nothing: the move may be written during it
    assert claim("Miners tumbled on Thursday. Riot fell 9%.", "9%")["date"] == ""

def test_a_headline_figure_takes_the_day_its_lead_sentence_names():
    text = ("Acme Robotics Sets New 12-Month Low at $4.10\n\n"
            "Acme Robotics shares hit a new 52-week low on Monday. The stock traded as low as $4.10.")
    c = claims(text)
    head = c[(c["value_text"] == "$4.10") & (c["metric"] == "week52_low")].iloc[0]
    assert (head["date"], head["precision"]) == ("2024-06-24", "day")


def test_a_headline_figure_keeps_no_date_when_the_lead_names_none():
    text = "Acme Robotics Sets New 12-Month Low at $4.10\n\nAcme Robotics shares hit a new 52-week low."
    c = claims(text)
    assert c[c["metric"] == "week52_low"].iloc[0]["date"] == ""


def test_lowest_since_ends_on_the_day_its_clause_names():
    c = claim("Bitcoin sank 9% Monday to under $25,000 per coin, the lowest price since March of 2023.",
              "$25,000")
    assert (c["metric"], c["date"], c["date_end"]) == ("lowest_since", "2023-03-01", "2024-06-24")


# ------------------------------------------------------------------ the fund itself

def test_an_etf_named_by_the_index_it_tracks_is_the_fund():
    c = claim("Tuesday's open in the ETF tracking the S&P 500 was 3.1% below Monday's close.", "3.1%")
    assert (c["metric"], c["subject"], c["date"]) == ("open_gap", "SPY", "2024-06-25")


# ------------------------------------------------------------------ the index spoken of

def test_the_index_refers_to_the_index_named_last():
    text = ("The Nasdaq Composite set a record in May. The S&P 500 slipped on Tuesday. "
            "The broad-market index is now about 4% below its record high.")
    assert claim(text, "4%")["subject"] == "^GSPC"


def test_an_index_fund_is_not_the_index():
    assert claim("The S&P 500 rose on Monday. The index gained 2% on Tuesday.", "2%")["subject"] == "^GSPC"
    assert claim("The S&P 500 rose on Monday. The index fund gained 2% on Tuesday.", "2%")["subject"] != "^GSPC"


def test_what_a_subject_overtook_is_not_the_subject():
    text = ("Bitcoin is ahead this year: it has surpassed both silver and the S&P 500 and moved past Acme "
            "Robotics, with a market cap above $1.8 trillion.")
    assert claim(text, "$1.8 trillion")["subject"] == "BTC-USD"


# ------------------------------------------------------------------ "a 16-month low"

def test_an_n_month_low_counts_months_back():
    c = claim("Bitcoin touched a fresh 14-month low on Tuesday as miners sold.", "14")
    assert (c["metric"], c["unit"], c["direction"], c["subject"], c["date_end"]) == (
        "lowest_since", "months", "down", "BTC-USD", "2024-06-25")


def test_a_three_year_high_in_words_and_52_week_extremes_left_to_their_rows():
    c = claim("Acme Robotics shares hit a three-year high.", "three")
    assert (c["metric"], c["value"], c["unit"]) == ("highest_since", 3.0, "years")
    found = claims("Acme Robotics shares hit a 52-week low on Monday.")
    assert "lowest_since" not in set(found["metric"])


# ------------------------------------------------------------------ returns from a named low

def test_a_rise_from_a_named_month_low_runs_from_that_month_to_publication():
    c = claim("The S&P 500 advanced roughly 40% from its October 2022 low as inflation cooled.", "40%")
    assert (c["metric"], c["reference"], c["date"], c["date_end"], c["precision"]) == (
        "period_return", "low", "2022-10-01", "2024-06-27", "month")


def test_indexes_up_from_their_lows_on_a_day():
    c = claim("From their lows on May 2, the S&P 500 and the Nasdaq Composite are up 9% and 14%.", "14%")
    assert (c["metric"], c["reference"], c["subject"], c["date"], c["precision"]) == (
        "period_return", "low", "^IXIC", "2024-05-02", "day")


# ------------------------------------------------------------------ "more than half"

def test_a_fraction_after_a_comparator_or_a_loss_is_a_percent():
    from fintrack.news.numbers import find_quantities

    got = [(q.value_text, round(q.value, 2), q.unit) for q in find_quantities(
        "The token lost nearly two-thirds of its value, after losses of more than half in May.")]
    assert got == [("two-thirds", 66.67, "percent"), ("half", 50.0, "percent")]
    for text in ("It took more than half an hour.", "in the first half of 2021", "about half of the year",
                 "Acme cut more than half of its staff."):
        assert find_quantities(text) == [] or all(q.unit != "percent" for q in find_quantities(text)), text


def test_losses_to_more_than_half_since_a_date_is_a_period_return():
    c = claim("Bitcoin fell again on Monday, taking its losses to more than half since the start of 2024.", "half")
    assert (c["metric"], c["value"], c["comparator"], c["direction"], c["date"]) == (
        "period_return", 50.0, "at_least", "down", "2024-01-01")


def test_the_index_after_a_price_index_is_not_the_stock_index():
    text = ("The S&P 500 fell 1% on Tuesday. The consumer price index rose in May. "
            "The index was up 3.3% from a year earlier.")
    assert claim(text, "3.3%")["subject"] != "^GSPC"


def test_half_of_something_that_is_not_a_value_is_not_a_percent():
    from fintrack.news.numbers import find_quantities

    assert find_quantities("Nearly half of analysts rate the stock a buy.") == []
    assert [q.value for q in find_quantities("The coin shed more than half of its market value.")] == [50.0]


def test_a_figure_in_trillions_is_not_a_price():
    found = claims("The crypto market has lost some $2 trillion in value since hitting a peak of $4.1 trillion.")
    assert not set(found["metric"]) & {"price_level", "period_high", "period_low"}


def test_an_old_session_does_not_date_later_undated_moves():
    text = ("In intraday trading, the S&P 500 rose as high as 4,790.10, close to its record closing high of "
            "4,796.20 from January 3, 2022. The index finished at 4,781, up 0.1% on the day.\n"
            "The Nasdaq Composite rose 0.2% to 15,010.")
    assert claim(text, "0.2%", published=dt.date(2023, 12, 28))["date"] == ""


# ------------------------------------------------------------------ lists, respective figures, stated prices

def test_respectively_pairs_each_figure_with_the_name_of_the_same_rank():
    c = claims("Bitcoin slipped 2% on Wednesday, while shares of Riot Platforms, Marathon Digital and "
               "CleanSpark gained 3%, 5.5% and 7%, respectively.").set_index("value_text")
    assert c.loc[["2%", "3%", "5.5%", "7%"], "subject"].tolist() == ["BTC-USD", "RIOT", "MARA", "CLSK"]
    assert set(c["date"]) == {"2024-06-26"}  # the list shares the day written after it
    # counts that differ pair nothing: each figure keeps the nearest name
    odd = claims("Riot and Marathon rose 1.8%, 1.2% and 3%, respectively.")
    assert set(odd["subject"]) == {"MARA"}


def test_a_percent_right_after_an_open_or_extreme_price_is_that_prices_move():
    gap = claim("Riot Platforms opened at $5.23 (-12.9%) and never recovered.", "12.9%")
    assert (gap["metric"], gap["direction"]) == ("open_gap", "down")
    low = claim("On Wednesday bitcoin sank as low as $28,170, down 6.7% from Tuesday's close.", "6.7%")
    assert (low["metric"], low["direction"], low["date"]) == ("intraday_max_move", "down", "2024-06-26")
    assert claim("Riot Platforms closed at $5.23 (-12.9%) on Monday.", "12.9%")["metric"] == "close_to_close_move"


def test_on_the_nth_is_that_day_of_the_latest_month_not_after_publication():
    c = claim("U.S.-listed miner Marathon Digital closed up 1.8 percent at 17.25 dollars on the 25th.", "1.8 percent")
    assert c["date"] == "2024-06-25"
    assert claim("Riot rose 4% on the 28th.", "4%")["date"] == "2024-05-28"  # the 28th of June is after publication
    (t,) = find_temporal_expressions("the index fell on the 31st", PUBLISHED)
    assert t.date == dt.date(2024, 5, 31)
    assert find_temporal_expressions("it rose for the 5th time, on the 5th straight day", PUBLISHED) == []


def test_since_a_days_close_starts_at_that_close_and_names_no_session():
    c = claim("Riot has now lost 23% since last Tuesday's close. Bitcoin (+2%) hovered near its highs.", "23%")
    assert (c["metric"], c["reference"], c["date"]) == ("period_return", "day_close", "2024-06-25")
    # the Tuesday a span starts from is no session the next sentence's undated move is of
    assert claim("Riot has now lost 23% since last Tuesday's close. Bitcoin (+2%) hovered near its highs.",
                 "2%")["date"] == ""


def test_a_drawdown_from_that_peak_is_from_the_high_the_sentence_named():
    c = claim("Hut 8, which hit a 52-week high of $21.10 on July 16, has now lost 45% from that peak.",
              "45%", dt.date(2024, 8, 5))
    assert (c["metric"], c["reference"], c["reference_value"]) == ("off_high", "level", 21.10)
    assert claim("Hut 8 has lost 45% from its record high.", "45%")["reference"] == "record"
    # the peak is the high named, not the last price before the figure
    c = claim("Hut 8, which hit a 52-week high of $21.10 on July 16, fell as low as $9.57 on Monday and has now "
              "lost 45% from that peak.", "45%", dt.date(2024, 8, 5))
    assert c["reference_value"] == 21.10


def test_a_day_in_an_aside_names_no_session_for_the_moves_after_it():
    text = "Riot, which had closed at $7.95 on Monday, opened lower on the news. Marathon fell 5%."
    assert claim(text, "$7.95")["date"] == "2024-06-24"
    assert claim(text, "5%")["date"] == ""
    assert claim("Riot closed at $7.95 on Wednesday. Marathon fell 5%.", "5%")["date"] == "2024-06-26"


def test_a_level_a_move_ended_at_over_a_span_is_of_the_spans_end():
    c = claim("Over the past week bitcoin has lost 27%, and its market value fell to about $756 billion.",
              "$756 billion")
    assert (c["metric"], c["date"], c["precision"]) == ("market_cap_level", "2024-06-27", "day")


def test_a_possessive_date_after_a_preposition_dates_only_its_own_phrase():
    text = "The stock traded as low as $1.85 during the session and has risen from $1.91 at Monday's close."
    assert claim(text, "$1.85")["date"] == ""
    assert (claim(text, "$1.91")["date"], claim(text, "$1.91")["price_field"]) == ("2024-06-24", "close")
    assert claim("Riot fell 3% after Monday's rally.", "3%")["date"] == ""
    assert claim("Tuesday's 10.6% drop took Riot to $8.30.", "$8.30")["date"] == "2024-06-25"


def test_the_previous_n_sessions_end_at_the_session_before_publication():
    c = claim("Riot shares are 29% higher over the previous three sessions.", "29%")
    assert (c["date"], c["date_end"]) == ("2024-06-21", "2024-06-26")  # Mon-Wed of a Thursday article, from Friday
    c = claim("Riot shares are 29% higher over the past three sessions.", "29%")
    assert (c["date"], c["date_end"]) == ("2024-06-24", "2024-06-27")


def test_a_percents_own_move_noun_names_whose_move_it_is():
    text = "Riot is up 30% this year, compared with a 45% rise for bitcoin and a 5% gain in revenue."
    assert [claim(text, v)["subject"] for v in ("30%", "45%")] == ["RIOT", "BTC-USD"]
    assert claim(text, "5%")["metric"] == "financial_figure"


def test_a_price_a_span_finished_at_is_its_last_close():
    c = claim("Riot shares finished the week at $13.27.", "$13.27", dt.date(2024, 6, 29))
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "close", "2024-06-29")
    c = claim("Bitcoin ended the UTC day at $58,192.", "$58,192")
    assert (c["metric"], c["price_field"]) == ("price_level", "close")


def test_a_span_counted_in_days_or_weeks_ends_at_publication():
    c = claim("Bitcoin has tumbled 14% in two days.", "14%")
    assert (c["metric"], c["date"], c["date_end"], c["period"]) == ("period_return", "2024-06-25", "2024-06-27", "P2D")
    assert claim("Riot lost 7.1% of its value in a week.", "7.1%")["period"] == "P7D"
    # a record compared over a span, and a span ahead, are none
    assert claim("Riot jumped 9% on Wednesday, its biggest gain in a week.", "9%")["metric"] == "close_to_close_move"
    assert find_temporal_expressions("results are due in two weeks", PUBLISHED) == []


def test_a_year_or_its_last_months_named_on_new_years_day_are_the_year_just_ended():
    new_year = dt.date(2022, 1, 1)
    c = claim("Marathon Digital lost 4.4% for the year.", "4.4%", new_year)
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2021-01-01", "2021-12-31")
    c = claim("Bitcoin ended 2021 up about 3%.", "3%", new_year)
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2021-01-01", "2021-12-31")
    c = claim("Riot rose 1.8% in the final three months of the year.", "1.8%", new_year)
    assert (c["date"], c["date_end"]) == ("2021-10-01", "2021-12-31")
    c = claim("Bitcoin finished 2021 at $46,306.", "$46,306", new_year)
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "close", "2021-12-31")
    # in June, "for the year" is the year to date
    assert claim("Riot is up 50% for the year.", "50%")["date"] == "2024-01-01"


def test_the_former_and_the_latter_are_the_first_and_second_of_the_two_names_before():
    c = claims("Marathon Digital and Riot Platforms also climbed on Wednesday, the former by 17% and the latter "
               "by 30%.").set_index("value_text")
    assert c.loc[["17%", "30%"], "subject"].tolist() == ["MARA", "RIOT"]


def test_a_return_as_of_a_days_close_ends_at_that_close_and_the_same_span_is_its_span():
    text = ("Shares of Marathon Digital soared 71.9% this week as of Wednesday's close. Riot Platforms gained "
            "14.5% over the same span.")
    first, second = claim(text, "71.9%"), claim(text, "14.5%")
    assert (first["date"], first["date_end"]) == ("2024-06-24", "2024-06-26")
    assert (second["metric"], second["date"], second["date_end"]) == ("period_return", "2024-06-24", "2024-06-26")
    c = claim("Up to Tuesday's close, Riot stock was down 7.6% this year.", "7.6%")
    assert (c["date"], c["date_end"]) == ("2024-01-01", "2024-06-25")


def test_a_return_ending_at_a_close_the_text_names_is_marked_a_close_snapshot():
    # Published Thursday: "as of Thursday's close" and "ended the week" end the span at a close, not mid-session.
    assert claim("Marathon Digital has gained 20% over the past two weeks, as of Thursday's close.",
                 "20%")["snapshot"] == "close"
    assert claim("Riot Platforms ended the week up 41%.", "41%")["snapshot"] == "close"
    assert claim("Riot Platforms is up 41% this week.", "41%")["snapshot"] == ""
    assert claim("Marathon Digital has gained 20% over the past two weeks.", "20%")["snapshot"] == ""


def test_in_that_time_frame_takes_the_span_read_before_else_stays_an_unresolved_return():
    text = "Marathon Digital soared 20% this week. Riot Platforms gained 14.5% in that time frame."
    c = claim(text, "14.5%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-24", "2024-06-27")
    c = claim("Riot Up 21% Since Last Earnings\nIt has been a month since Riot reported earnings. Shares have added "
              "20.7% in that time frame.", "20.7%")
    assert (c["metric"], c["date"], c["precision"]) == ("period_return", "", "unresolved")
    # "the same period" is itself a (vague) date expression: it still refers back, to an unresolved span too
    c = claim("Marathon soared 55% since its listing. Riot has lost 3.5% over the same period.", "3.5%")
    assert (c["metric"], c["date"], c["precision"]) == ("period_return", "", "unresolved")


def test_the_same_period_after_a_sessions_figures_and_no_return_stays_that_sessions_move():
    c = claim("As of 11:30 a.m. ET, Riot was up 24% at $35.35. Bitcoin was up 5% in the same period.", "5%")
    assert c["metric"] != "period_return"


def test_a_day_named_as_a_cause_or_in_a_list_item_dates_no_later_sentence():
    assert claim("The S&P 500 slipped 0.4% after Monday's 3.9% plunge. Marathon Digital sank 11.8%.",
                 "11.8%")["date"] == ""
    items = claims("** Riot closed at $3.46 on Wednesday\n** Bitcoin down 0.8% at $38,500")
    assert items.set_index("value_text").loc[["$3.46", "0.8%"], "date"].tolist() == ["2024-06-26", ""]


def test_a_later_clause_of_a_sentence_stays_on_the_session_it_named():
    assert claim("Riot soared 41% on Monday; its stock closed at $1.65.", "$1.65")["date"] == "2024-06-24"
    text = ("On Monday the stock of Riot spiked to an intraday high of $10.00 in what traders described as an "
            "erroneous print before closing at $1.95, down 15.2%.")
    assert [claim(text, v)["date"] for v in ("$1.95", "15.2%")] == ["2024-06-24", "2024-06-24"]
    # a figure written in the present is of the moment written
    assert claim("Riot closed at $10.20 on Monday; it is trading at $10.90.", "$10.90")["date"] == ""


def test_a_percent_after_an_open_price_is_the_gap_and_a_day_right_after_a_figure_beats_a_lead_in_span():
    c = claim("Riot had opened Monday at $2.45, a 39.4% jump from Friday's close.", "39.4%")
    assert (c["metric"], c["date"]) == ("open_gap", "2024-06-24")
    text = "The rebound started on the weekend: bitcoin added 9.8% on Saturday and 7.4% on Sunday, UTC."
    assert [claim(text, v)["date"] for v in ("9.8%", "7.4%")] == ["2024-06-22", "2024-06-23"]


def test_the_final_months_of_a_reviewed_year():
    c = claim("Riot lost 16% in the final three months.", "16%", dt.date(2022, 1, 1))
    assert (c["date"], c["date_end"]) == ("2021-10-01", "2021-12-31")


def test_a_day_that_dates_a_noun_names_no_session():
    text = ("Despite the rebound, the S&P 500 remains about 6% below its June 3 record close.\n\n"
            "Crypto stocks joined in: Riot Platforms climbed 13% to $9.10.")
    assert claim(text, "$9.10")["date"] == ""
    c = claim("Riot ended the week up 1.7% at $9.10.", "$9.10", dt.date(2024, 6, 29))
    assert (c["price_field"], c["date"]) == ("close", "2024-06-29")


def test_a_price_in_whole_cents_is_as_precise_as_whole_cents():
    from fintrack.news.numbers import find_quantities

    (q,) = find_quantities("it opened at 51 cents")
    assert (q.value, q.decimals, q.unit) == (0.51, 2, "usd")
    (q,) = find_quantities("it closed at 45.2 cents")
    assert (q.value, q.decimals) == (0.452, 3)


def test_expectations_conditions_and_views_are_forecasts():
    for text, value in (("'We expect Riot shares to gain 30%,' said an analyst.", "30%"),
                        ("If Riot falls another 14%, it would erase the gain.", "14%"),
                        ("Analysts had expected Riot to reach $15.", "$15"),
                        ("We see the shares reaching $3.50 by June.", "$3.50")):
        assert claim(text, value)["metric"] == "forecast", text
    assert claim("Riot, if anything, gained 5% on Monday.", "5%")["metric"] == "close_to_close_move"


def test_a_possessive_right_before_a_percent_owns_it_even_when_compared():
    assert claim("Riot's 17% jump on Monday outpaced bitcoin's 12% gain that day.", "12%")["subject"] == "BTC-USD"
    assert claim("Riot's 17% jump on Monday outpaced bitcoin's 12% gain that day.", "17%")["subject"] == "RIOT"


def test_spans_to_date_in_a_named_week_and_over_n_days():
    assert claim("Bitcoin is up 6.8% month to date.", "6.8%")["date"] == "2024-06-01"
    assert claim("Riot is up 3% week-to-date.", "3%")["date"] == "2024-06-24"
    c = claim("In the first week of March, Riot lost 13.7%.", "13.7%")
    assert (c["date"], c["date_end"]) == ("2024-03-01", "2024-03-07")
    c = claim("Riot suffered a two-day drop of 13.7%.", "13.7%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-25", "2024-06-27")
    # the span of another verb's clause is that clause's
    c = claim("Riot has now gained 41% this month, and it more than doubled over the past four weeks.", "41%")
    assert c["date"] == "2024-06-01"
    c = claim("Bitcoin is down 3.4% since Friday's UTC close.", "3.4%", dt.date(2024, 6, 24))
    assert (c["reference"], c["date"]) == ("day_close", "2024-06-21")


def test_a_change_in_money_then_the_level_it_ended_at():
    c = claim("Riot fell 4 cents to 45 cents on Wednesday.", "4 cents")
    assert (c["metric"], c["direction"], c["value"]) == ("dollar_change", "down", 0.04)
    assert claim("Riot fell to 45 cents on Wednesday.", "45 cents")["metric"] == "price_level"


# ------------------------------------------------------------------ figures dated by an event

def test_a_close_before_an_event_is_the_last_close_before_the_day_the_article_gives_it():
    text = "Hut 8 reported quarterly results on Tuesday. Before the results, its shares had closed at $2.10."
    c = claim(text, "$2.10")
    assert (c["date"], c["precision"], c["price_field"]) == ("2024-06-25", "day", "prev_close")


def test_a_close_before_an_event_that_came_after_the_bell_is_that_days_close():
    text = "Hut 8 reported quarterly results after the bell on Tuesday. Before the results, its shares closed at $2.10."
    c = claim(text, "$2.10")
    assert (c["date"], c["price_field"]) == ("2024-06-25", "close")


def test_a_close_before_an_event_the_phrase_dates_is_the_close_before_that_day():
    c = claim("Ahead of Tuesday's report, Hut 8 shares had closed at $2.10.", "$2.10")
    assert (c["date"], c["price_field"]) == ("2024-06-25", "prev_close")


def test_a_close_before_an_event_the_article_never_dates_is_relative_not_of_publication():
    c = claim("Before the results, Hut 8 shares had closed at $2.10.", "$2.10")
    assert (c["date"], c["precision"]) == ("", "relative")


def test_a_close_before_an_event_with_a_day_of_its_own_keeps_that_day():
    text = "Hut 8 reported results on Tuesday. Before the results, its shares had closed at $2.10 on Friday."
    c = claim(text, "$2.10")
    assert (c["date"], c["price_field"]) == ("2024-06-21", "close")


def test_a_move_the_day_after_an_undated_event_is_relative_not_of_publication():
    c = claim("Riot had fallen 3.5% on the day after the election.", "3.5%")
    assert (c["date"], c["precision"]) == ("", "relative")


def test_a_move_the_day_after_an_event_the_article_dates_is_of_the_next_day():
    c = claim("The election was held on Tuesday. Riot had fallen 3.5% on the day after the election.", "3.5%")
    assert (c["metric"], c["date"], c["precision"]) == ("close_to_close_move", "2024-06-26", "day")


def test_the_same_period_as_an_unresolved_span_is_unresolved_not_the_publication_day():
    text = "Marathon has soared 55% since Election Day's close. Riot has lost 3.5% over the same period."
    c = claim(text, "3.5%")
    assert (c["metric"], c["date"], c["precision"]) == ("period_return", "", "unresolved")
    text = "Marathon has soared 55% over the past week. Riot has lost 3.5% over the same period."
    c = claim(text, "3.5%")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_return", "2024-06-20", "2024-06-27")


def test_an_event_inside_a_date_phrase_is_not_dated_by_the_sentences_other_day():
    text = "Riot, whose stock had jumped 26% on the day after the election, fell 3.5% on Tuesday."
    c = claim(text, "26%")
    assert (c["date"], c["precision"]) == ("", "relative")


def test_a_return_from_a_price_the_stock_had_at_a_month_end_starts_at_that_close():
    text = "Bitfarms is still up 10% from the 63 cents it fetched at the end of May."
    c = claim(text, "10%")
    assert (c["metric"], c["date"], c["date_end"], c["reference"]) == (
        "period_return", "2024-05-31", "2024-06-27", "day_close")
    level = claim(text, "63 cents")  # the stated start price is a level claim of that day's close
    assert (level["metric"], level["price_field"], level["date"], level["value"]) == (
        "price_level", "close", "2024-05-31", 0.63)


def test_a_percent_from_a_price_without_a_date_of_its_own_is_not_a_return_from_a_month_end():
    c = claim("Bitfarms rose 10% from $6.00 on Tuesday.", "10%")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "2024-06-25")


def test_a_move_of_a_sentence_that_ended_the_day_is_of_the_session_even_after_its_low():
    text = "Bitcoin fell as low as $58,900 on Tuesday. It ended the day just shy of $61,000, down 4.4%."
    assert claim(text, "4.4%")["date"] == "2024-06-25"


# ------------------------------------------------------------------ corrections

def test_a_figure_a_correction_takes_back_is_dropped_and_the_corrected_one_takes_its_day():
    text = "Correction: An earlier version of this story said Riot shares fell 27% on Tuesday; they fell 17%."
    found = claims(text)
    assert list(found["value_text"]) == ["17%"]
    assert (found.iloc[0]["metric"], found.iloc[0]["date"]) == ("close_to_close_move", "2024-06-25")


def test_a_figure_after_comma_not_is_the_one_replaced():
    found = claims("Riot shares fell 17% on Tuesday, not 27%.")
    assert list(found["value_text"]) == ["17%"]
    # "not" away from the figure takes nothing back
    assert list(claims("Riot shares fell 17% on Tuesday, not far from their low of $5.10.")["value_text"]) == [
        "17%", "$5.10"]


def test_a_correction_in_the_next_sentence_keeps_the_retracted_figures_subject_and_day():
    text = ("Hut 8 rose 3% on Monday. Correction: An earlier version of this story said Riot fell 21% on Tuesday. "
            "It fell 12%.")
    found = claims(text)
    assert list(found["value_text"]) == ["3%", "12%"]
    c = claim(text, "12%")
    assert (c["subject"], c["date"]) == ("RIOT", "2024-06-25")


# ------------------------------------------------------------------ days counted from the day spoken of

def test_a_day_earlier_is_the_session_before_the_day_the_text_spoke_of():
    text = "Riot shares rose 13.6% on Wednesday. A day earlier they had fallen 9%."
    c = claim(text, "9%")
    assert (c["subject"], c["date"]) == ("RIOT", "2024-06-25")


def test_the_previous_session_after_a_dated_clause_is_the_session_before_it():
    c = claim("Riot rose 13.6% on Monday, after falling 10.2% in the previous session.", "10.2%")
    assert c["date"] == "2024-06-21"  # Friday
    c = claim("Riot rose 13.6% on Wednesday, a day after falling 9%.", "9%")
    assert c["date"] == "2024-06-25"


def test_every_figure_of_one_next_day_phrase_is_on_that_day_not_a_day_later_each():
    text = "Riot closed at $10.48 on Monday, then reported results. The shares fell 11.8% the next day to $9.24."
    assert (claim(text, "11.8%")["date"], claim(text, "$9.24")["date"]) == ("2024-06-25", "2024-06-25")


def test_a_day_earlier_with_no_day_spoken_of_is_relative_and_the_previous_session_is_before_publication():
    assert claim("A day earlier Riot had fallen 9%.", "9%")["precision"] == "relative"
    assert claim("Riot fell 9% in the previous session.", "9%")["date"] == "2024-06-26"


# ------------------------------------------------------------------ ranges

def test_a_range_a_stock_swung_in_is_the_sessions_low_and_high():
    text = "Riot shares swung between $9.80 and $10.45 on Tuesday."
    low, high = claim(text, "$9.80"), claim(text, "$10.45")
    assert (low["metric"], low["price_field"], low["date"]) == ("price_level", "low", "2024-06-25")
    assert (high["metric"], high["price_field"], high["date"]) == ("price_level", "high", "2024-06-25")
    assert claim("Riot traded in a range of $9.80 to $10.45 on Tuesday.", "$10.45")["price_field"] == "high"


def test_a_range_over_a_span_is_its_low_and_high_so_far():
    c = claim("Riot has traded between $8.10 and $12.60 this month.", "$12.60")
    assert (c["metric"], c["date"], c["date_end"]) == ("period_high", "2024-06-01", "2024-06-27")


def test_a_return_since_a_months_record_starts_at_that_months_highest_close():
    c = claim("Riot fell 5% on Tuesday and is down 40% since its April record.", "40%")
    assert (c["metric"], c["reference"], c["date"], c["date_end"]) == (
        "period_return", "span_high", "2024-04-01", "2024-06-27")
    assert claim("Riot has gained 60% since its April low.", "60%")["reference"] == "span_low"


def test_a_return_since_an_events_close_starts_at_the_close_of_the_day_the_article_gives_it():
    text = ("Election Day fell on Tuesday, June 18. Riot has soared 55% since Election Day's close. "
            "Marathon has lost 3.5% over the same period.")
    for figure in ("55%", "3.5%"):
        c = claim(text, figure)
        assert (c["metric"], c["date"], c["date_end"], c["reference"]) == (
            "period_return", "2024-06-18", "2024-06-27", "day_close")
    c = claim("Riot has soared 55% since Election Day's close.", "55%")
    assert (c["date"], c["precision"]) == ("", "relative")


def test_a_record_price_reached_is_a_record_high_and_a_sessions_possessive_day_dates_it():
    c = claim("Riot hit a record $67.66 during Monday's session.", "$67.66")
    assert (c["metric"], c["reference"], c["date"]) == ("period_high", "record", "2024-06-24")
    c = claim("Bitcoin set a new record just above $69,000 on Tuesday.", "$69,000")
    assert (c["metric"], c["comparator"], c["date"]) == ("period_high", "at_least", "2024-06-25")
    assert claim("Riot touched $9.10 in Monday's session.", "$9.10")["date"] == "2024-06-24"


def test_a_swing_from_one_move_to_another_is_the_sessions_extreme_then_its_close():
    text = "Riot swung from a 21.8% gain to an 8.5% loss on Wednesday."
    first, second = claim(text, "21.8%"), claim(text, "8.5%")
    assert (first["metric"], first["comparator"], first["direction"], first["date"]) == (
        "intraday_max_move", "max", "up", "2024-06-26")
    assert (second["metric"], second["direction"], second["date"]) == ("close_to_close_move", "down", "2024-06-26")
    c = claim("Riot swung from a 12% loss to a 5% gain on Wednesday.", "12%")
    assert (c["metric"], c["direction"]) == ("intraday_max_move", "down")


# ------------------------------------------------------------------ the crypto market as a whole

@pytest.mark.parametrize("sentence, value", [
    ("Bitcoin added 3%. The total crypto market capitalization stands at $3.3 trillion.", "$3.3 trillion"),
    ("Ether gained 7%. The global cryptocurrency market cap rose 4% on the day.", "4%"),
    ("Bitcoin slipped 1%, and the crypto market as a whole shed 2%.", "2%"),
    ("Ether rose 2%, and the crypto market was down 4% on the day.", "4%"),
])
def test_a_figure_of_the_whole_crypto_market_is_not_the_coin_named_before_it(sentence, value):
    c = claim(sentence, value)
    assert c["subject"] == ""


def test_a_coin_named_inside_a_crypto_market_phrase_keeps_its_own_figure():
    c = claim("In the crypto market, bitcoin rose 5% on Wednesday.", "5%")
    assert c["subject"] == "BTC-USD"


@pytest.mark.parametrize("text, value", [
    ("Riot fell 2% on Wednesday. Crypto stocks rose 5% on the day.", "5%"),
    ("Riot fell 2% on Wednesday. Bitcoin miners rose 6% on the day.", "6%"),
    ("Riot fell 2% on Wednesday. Tech stocks gained 8% on the day.", "8%"),
    ("Bitcoin fell 3% on Wednesday, while crypto-related shares jumped 9%.", "9%"),
])
def test_a_figure_of_a_group_of_stocks_is_no_one_companys(text, value):
    assert claim(text, value)["subject"] == ""


@pytest.mark.parametrize("text, value, subject", [
    ("Crypto stocks rallied on Wednesday, with Riot up 10%.", "10%", "RIOT"),
    ("Riot and other miners rose 4% on Wednesday.", "4%", "RIOT"),
    ("Bitcoin mining stocks rallied as Marathon Digital jumped 12% on Wednesday.", "12%", "MARA"),
])
def test_a_company_named_beside_a_group_keeps_its_own_figure(text, value, subject):
    assert claim(text, value)["subject"] == subject
