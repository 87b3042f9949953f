"""Claim rules on single sentences written for these tests.

Each sentence is wrapped in an Article published Wednesday 2022-06-15.
"""
from __future__ import annotations

import datetime as dt

import pytest

from fintrack.news import Article, extract

PUBLISHED = dt.date(2022, 6, 15)


def claims(text: str):
    article = Article("t", "", "", "", PUBLISHED, "", "", text)
    return extract(article).claims


def only(text: str) -> dict:
    found = claims(text)
    assert len(found) == 1, found[["value_text", "metric"]]
    return found.iloc[0].to_dict()


def test_a_date_between_verb_and_price_does_not_hide_the_verb():
    c = only("Riot closed Tuesday at $5.20.")
    assert (c["subject"], c["metric"], c["unit"], c["date"]) == ("RIOT", "price_level", "usd_per_share", "2022-06-14")


def test_a_price_topped_before_a_market_value_clause_stays_a_price():
    found = claims("Bitcoin Tops $23,000 as Market Value Passes $400 Billion")
    by_text = found.set_index("value_text")
    assert (by_text.at["$23,000", "metric"], by_text.at["$23,000", "comparator"]) == ("price_level", "at_least")
    assert by_text.at["$400 Billion", "metric"] == "market_cap_threshold"


def test_topped_is_a_lower_bound():
    c = only("Bitcoin briefly topped $64,000 on Monday.")
    assert (c["metric"], c["comparator"], c["direction"], c["date"]) == ("price_level", "at_least", "up", "2022-06-13")


def test_fell_below_is_an_upper_bound_with_direction_down():
    c = only("Bitcoin fell below $20,000 on Tuesday.")
    assert (c["comparator"], c["direction"]) == ("at_most", "down")


def test_first_time_since_is_not_the_claims_date():
    c = only("Bitcoin fell below $20,000 for the first time since December 2020.")
    assert (c["date"], c["precision"]) == ("", "unresolved")


def test_as_low_as_is_the_extreme():
    c = only("Ether dropped as low as $1,700 on Monday.")
    assert (c["comparator"], c["direction"]) == ("max", "down")


def test_slumped_and_plunged_are_down():
    assert only("Hut 8 slumped 14% on Monday.")["direction"] == "down"
    assert only("Shares of Bitfarms plunged 9.5% on Monday.")["direction"] == "down"


def test_percentage_points_of_a_share_are_not_moves():
    assert claims("Canaan holds a 10% stake in the venture.").empty


def test_years_and_times_are_not_numbers():
    assert claims("Canaan was founded in 2013 and reports at 8:00 a.m. ET.").empty


def test_closed_up_is_close_to_close():
    c = only("Marathon closed up 6.25% on Friday.")
    assert (c["metric"], c["decimals"], c["date"]) == ("close_to_close_move", 2, "2022-06-10")


def test_under_is_an_upper_bound():
    c = only("Riot shares traded under $6 on Monday.")
    assert (c["metric"], c["comparator"]) == ("price_level", "at_most")


def test_nearly_is_just_below_and_about_is_approximate():
    assert only("Bitfarms lost nearly 30% over the past month.")["comparator"] == "nearly"
    assert only("Bitfarms lost about 30% over the past month.")["comparator"] == "approx"


def test_words_as_numbers_with_percent():
    c = only("Canaan stock rose twenty percent on Monday.")
    assert (c["value"], c["unit"], c["value_text"]) == (20.0, "percent", "twenty percent")


@pytest.mark.parametrize("text", [
    "Riot may rise 5% next Friday.",
    "Analysts say Riot shares could jump 30% in the coming weeks.",
])
def test_future_and_vague_dates_stay_unresolved(text):
    c = only(text)
    assert (c["date"], c["precision"]) == ("", "unresolved")


def test_the_coin_is_the_articles_main_crypto_asset():
    c = only("Ether is the second-largest cryptocurrency by value. The coin has gained 60% so far this year.")
    assert (c["subject"], c["metric"], c["date"], c["date_end"]) == (
        "ETH-USD", "period_return", "2022-01-01", "2022-06-15")


def test_rising_to_a_percentage_is_a_level_not_a_move():
    assert claims("Bitcoin's market dominance rose to 45% this week.").empty


def test_a_net_loss_keeps_its_name_in_the_event():
    article = Article("t", "", "", "", PUBLISHED, "", "",
                      "Riot reported a net loss of $14.5 million in the first quarter.")
    events = extract(article).events
    assert "RIOT: net loss $14.5 million" in set(events["description"])


def test_growth_of_a_stated_revenue():
    found = claims("Canaan said revenue was $50 million in the first quarter, up 12% from a year earlier.")
    assert list(found["metric"]) == ["financial_figure", "financial_figure"]
    growth = found.iloc[1]
    assert (growth["value"], growth["direction"], growth["date"]) == (12.0, "up", "2022-01-01")


def test_reuters_pct_and_trailing_usd():
    c = only("Riot shares rose 5 pct on Monday.")
    assert (c["value"], c["unit"], c["value_text"]) == (5.0, "percent", "5 pct")
    c = only("Canaan reported revenue of 120 million USD in the first quarter.")
    assert (c["value"], c["unit"], c["scale"]) == (120e6, "usd", 1e6)


def test_n_fold_is_a_factor():
    c = only("Canaan's revenue rose tenfold in 2021.")
    assert (c["metric"], c["value"], c["unit"], c["value_text"]) == ("financial_figure", 10.0, "multiple", "tenfold")


def test_by_market_value_before_a_trading_price_is_a_price():
    c = only("The largest cryptocurrency by market value, bitcoin, was trading at $21,150 on Monday.")
    assert (c["subject"], c["metric"], c["unit"]) == ("BTC-USD", "price_level", "usd")


def test_gains_extended_to_a_percentage_are_a_return():
    c = only("Bitcoin rose on Friday, extending its gains this year to about 27%.")
    assert (c["metric"], c["comparator"], c["direction"], c["date"], c["date_end"]) == (
        "period_return", "approx", "up", "2022-01-01", "2022-06-15")


def test_a_date_inside_an_aside_is_not_the_numbers_date():
    c = only("Core Scientific, which filed for bankruptcy protection in December, fell 3%.")
    assert (c["subject"], c["metric"], c["date"]) == ("CORZ", "close_to_close_move", "")


def test_from_the_previous_quarter_is_a_comparison_base():
    c = only("Canaan said monthly users fell 2% to 9 million from the previous quarter.")
    assert (c["metric"], c["unit"], c["direction"], c["date"]) == ("quantity", "percent", "down", "")


def test_closing_move_beside_extended_trading():
    found = claims("Riot shares were down 6% in extended trading on Monday after closing 1.8% higher.")
    assert list(found["metric"]) == ["move_at_time", "close_to_close_move"]
    assert list(found["direction"]) == ["down", "up"]


def test_analyst_estimates_are_claims_but_not_events():
    article = Article("t", "", "", "", PUBLISHED, "", "",
                      "Riot revenue fell 64% to $803 million in the second quarter, missing the "
                      "average estimate of $854 million.")
    result = extract(article)
    assert list(result.claims["value_text"]) == ["64%", "$803 million", "$854 million"]
    assert "RIOT: revenue $854 million" not in set(result.events["description"])
    assert "RIOT: revenue $803 million" in set(result.events["description"])


def events(text: str):
    return extract(Article("t", "", "", "", PUBLISHED, "", "", text)).events


def test_a_move_without_a_number_is_still_a_price_move_event():
    found = events("Canaan shares surged on Tuesday. Bitcoin's price slid over the weekend.")
    moves = found[found["kind"] == "price_move"]
    assert list(zip(moves["description"], moves["date"], moves["date_end"])) == [
        ("CAN: price up", "2022-06-14", "2022-06-14"), ("BTC-USD: price down", "2022-06-11", "2022-06-12")]


def test_a_move_with_a_number_gives_one_event():
    moves = events("Canaan shares surged 12% on Tuesday.").query("kind == 'price_move'")
    assert list(moves["description"]) == ["CAN: closed up 12%"]


def test_a_price_with_a_time_of_day_keeps_the_time():
    c = only("Bitcoin was trading at $21,150 at 10:15 a.m. ET on Monday.")
    assert (c["metric"], c["time"], c["timezone"], c["date"]) == ("price_level", "10:15", "America/New_York", "2022-06-13")


def test_a_move_of_something_that_does_not_trade_is_not_a_claim():
    assert claims("Inflation rose 5% in May.").empty
    c = only("Shares rose 5% on Monday.")  # no company named: kept, subject unknown
    assert (c["subject"], c["metric"]) == ("", "close_to_close_move")


@pytest.mark.parametrize("phrase", ["since the start of the year", "since the beginning of the year",
                                    "since the start of this year", "this year so far", "year to date"])
def test_year_to_date_phrases_make_a_period_return_from_january_first(phrase):
    c = only(f"Riot shares have lost nearly 60% of their value {phrase}.")
    assert (c["subject"], c["metric"], c["direction"], c["comparator"], c["value"]) == (
        "RIOT", "period_return", "down", "nearly", 60.0)
    assert (c["date"], c["date_end"], c["precision"]) == ("2022-01-01", "2022-06-15", "period")


@pytest.mark.parametrize("phrase, start", [
    ("since January", "2022-01-01"),                  # the month's start, to publication
    ("since the end of last year", "2022-01-01"),     # from the year's last close, not from November 30's
    ("since the end of March", "2022-04-01"),         # from March's last close
    ("since the start of March", "2022-03-01"),       # from February's last close
    ("since March 3", "2022-03-03"),
])
def test_since_a_date_spans_that_date_to_publication(phrase, start):
    c = only(f"Riot shares have gained 50% {phrase}.")
    assert (c["metric"], c["date"], c["date_end"], c["precision"]) == ("period_return", start, "2022-06-15", "period")


@pytest.mark.parametrize("text, start, end", [
    # five sessions to Monday 06-13: the close before Tuesday 06-07 (06-06) to Monday's close
    ("Riot rose for a fifth straight session on Monday, climbing 40% over that stretch.", "2022-06-07", "2022-06-13"),
    ("Riot extended its losing streak to five sessions on Monday, a 26% decline over that run.", "2022-06-07",
     "2022-06-13"),
    # three sessions to publication (Wednesday 06-15): from Friday 06-10's close
    ("Riot has fallen for three consecutive sessions, shedding 12% over that stretch.", "2022-06-13", "2022-06-15"),
    # bitcoin's days are calendar days: seven of them to publication
    ("Bitcoin has now fallen for seven straight days, shedding 28% over that stretch.", "2022-06-09", "2022-06-15"),
])
def test_a_figure_over_a_counted_streak_is_the_return_of_its_sessions(text, start, end):
    c = only(text)
    assert (c["metric"], c["date"], c["date_end"], c["precision"]) == ("period_return", start, end, "period")


def test_a_date_in_a_having_closed_clause_dates_only_that_close():
    found = claims("Riot was down 9.6% at $44.80 at 10:32 a.m., having closed at $49.57 on Monday.")
    by_text = found.set_index("value_text")
    assert (by_text.at["9.6%", "date"], by_text.at["$44.80", "date"]) == ("", "")  # the publication day's
    assert (by_text.at["$49.57", "date"], by_text.at["$49.57", "price_field"]) == ("2022-06-13", "close")


def test_over_the_month_after_a_named_month_is_that_month():
    found = claims("Riot climbed 21% in May. Marathon rose 30% over the month, while bitcoin fell 16%.")
    spans = {r.value_text: (r.metric, r.date, r.date_end) for r in found.itertuples()}
    assert spans["30%"] == ("period_return", "2022-05-01", "2022-05-31")
    assert spans["16%"] == ("period_return", "2022-05-01", "2022-05-31")   # shares the sentence's span
    doubled = claims("Riot climbed 21% in May. Marathon nearly doubled over the month.").set_index("value_text")
    assert (doubled.at["doubled", "date"], doubled.at["doubled", "date_end"]) == ("2022-05-01", "2022-05-31")


def test_over_the_month_so_far_stays_the_month_of_publication():
    found = claims("Riot climbed 21% in May. It has gained 8% over the month so far.")
    assert found.set_index("value_text").at["8%", "date"] == "2022-06-01"


def test_a_day_figure_beside_a_streak_stays_that_days_move():
    c = only("Riot rose 7% on Monday, its fifth straight session of gains.")
    assert (c["metric"], c["date"]) == ("close_to_close_move", "2022-06-13")


@pytest.mark.parametrize("text, phase", [
    ("Shares of Riot slumped 4% after hours on Tuesday.", "after-hours"),
    ("Riot shares fell 3% in after-hours trading.", "after-hours"),
    ("Riot rose 6% in premarket trading on Tuesday.", "premarket"),
    ("Riot jumped 5% before the opening bell.", "premarket"),
    ("Riot jumped 5% before the open on Tuesday.", "premarket"),   # "at the open" is the open gap instead
    ("Riot was down 15% at one point on Tuesday.", "midday"),
])
def test_a_move_in_a_named_trading_phase_carries_that_phase_as_its_session_phase(text, phase):
    c = only(text)
    assert (c["subject"], c["metric"], c["session_phase"], c["time"]) == ("RIOT", "move_at_time", phase, "")


def test_the_price_of_an_open_stated_with_its_gap_is_the_open():
    found = claims("Riot opened 21% higher at $24.14 on Tuesday.").set_index("value_text")
    assert (found.at["21%", "metric"], found.at["$24.14", "price_field"]) == ("open_gap", "open")


def test_an_open_beside_an_after_hours_rally_stays_the_sessions_open():
    c = only("Riot opened at $24.14 on Tuesday, extending a rally that began in after-hours trading on Monday.")
    assert (c["metric"], c["price_field"], c["session_phase"], c["date"]) == ("price_level", "open", "", "2022-06-14")


def test_a_close_beside_extended_trading_stays_a_close():
    c = only("Riot closed 1.8% higher on Tuesday.")
    assert (c["metric"], c["time"]) == ("close_to_close_move", "")


def test_a_return_takes_the_span_next_to_it_not_a_farther_one():
    found = claims("Riot stock is down 34% so far this year, after soaring 11-fold in 2020.")
    by_text = found.set_index("value_text")
    assert (by_text.at["34%", "date"], by_text.at["34%", "date_end"]) == ("2022-01-01", "2022-06-15")
    assert (by_text.at["11-fold", "metric"], by_text.at["11-fold", "unit"]) == ("period_return", "multiple")
    assert (by_text.at["11-fold", "date"], by_text.at["11-fold", "date_end"]) == ("2020-01-01", "2020-12-31")


@pytest.mark.parametrize("text, figure", [
    ("Bitcoin could climb as high as $300,000 by June, one fund manager said.", "$300,000"),
    ("Riot may rise 5% next Friday.", "5%"),
    ("Shares of Marathon are expected to open 4% higher on Monday.", "4%"),
    ("Analysts see bitcoin hitting $100,000 next year.", "$100,000"),
    ("Two analysts see it hitting $2 by the end of the year.", "$2"),
    ("Riot shares will probably trade near $12 after the split.", "$12"),
    ("When bitcoin falls 10%, miners like Riot fall 15%, one analyst said.", "15%"),   # a generic rule of thumb
    ("If bitcoin drops 10%, Marathon drops 15%.", "15%"),
])
def test_a_figure_put_in_the_future_or_a_possibility_is_a_forecast(text, figure):
    found = claims(text)
    assert found.loc[found["value_text"] == figure, "metric"].tolist() == ["forecast"]


@pytest.mark.parametrize("text, figure, metric", [
    ("Riot shares rose 5% on Monday, which could mark a turning point.", "5%", "close_to_close_move"),
    ("Bitcoin traded at $20,000 on May 5.", "$20,000", "price_level"),
    ("The stock, which would later recover, fell 8% on Tuesday.", "8%", "close_to_close_move"),
    ("Marathon will join the index after it rose 12% on Monday.", "12%", "close_to_close_move"),
])
def test_a_modal_word_of_another_clause_leaves_a_reported_figure_alone(text, figure, metric):
    found = claims(text)
    assert found.loc[found["value_text"] == figure, "metric"].tolist() == [metric]


# ------------------------------------------------------------------ who holds the stock, not its price

@pytest.mark.parametrize("text, value", [
    ("Short Interest in Riot Platforms Rises By 24.5%", "24.5%"),
    ("As of May 31st, there was short interest totalling 9,100,000 shares, an increase of 24.5% from the May 15th "
     "total of 7,300,000 shares.", "24.5%"),
    ("Acme Capital LLC grew its position in Riot by 185.8% in the first quarter.", "185.8%"),
    ("Zenith Advisors increased its stake in shares of Marathon Digital by 12.1% during the 1st quarter.", "12.1%"),
    ("Northwind Partners purchased a new stake in shares of Riot in the 1st quarter valued at about $5,521,000.",
     "$5,521,000"),
    ("Acme Capital now owns 1,056,341 shares of the company's stock valued at $5,440,000.", "$5,440,000"),
    ("The miner sold 10 million American depositary shares at a price of $9 apiece in its listing.", "$9"),
])
def test_short_interest_a_funds_position_and_an_offering_price_are_not_price_claims(text, value):
    c = claims(text).set_index("value_text").loc[value]
    assert c["metric"] == "financial_figure"


@pytest.mark.parametrize("text, value, metric", [
    ("Riot's short interest rose, while its shares fell 5% on Tuesday.", "5%", "close_to_close_move"),
    ("Despite heavy short interest, Riot rose 5% on Tuesday.", "5%", "close_to_close_move"),
    ("A director of Riot sold 10,000 shares at an average price of $5.40 on Tuesday.", "$5.40", "price_level"),
])
def test_a_price_figure_beside_holdings_words_stays_a_price(text, value, metric):
    assert claims(text).set_index("value_text").at[value, "metric"] == metric


def test_bil_and_mil_are_scale_words():
    c = only("Riot has gained about $1.2 Bil in market value over the last 7 days.")
    assert (c["value"], c["unit"]) == (1.2e9, "usd")


def test_the_exchange_a_stock_trades_on_is_not_its_index():
    c = only("Riot share prices on the Nasdaq have fallen 9% since Monday.")
    assert c["subject"] == "RIOT"


def test_the_currency_is_the_articles_coin():
    found = claims("Bitcoin rose 5% on Tuesday. Riot fell 2% on Tuesday. The currency traded at $22,000 on Monday.")
    assert found.set_index("value_text").at["$22,000", "subject"] == "BTC-USD"


def test_a_dated_closing_high_is_that_sessions_close():
    c = only("Marathon is now down from its Nov. 9 closing high of $76.09.")
    assert (c["metric"], c["price_field"], c["date"]) == ("price_level", "close", "2021-11-09")


def test_a_record_closing_high_stays_a_record():
    c = only("Bitcoin is well below its all-time closing high of $67,566.")
    assert (c["metric"], c["reference"]) == ("period_high", "record")


def test_a_live_blog_posts_time_stamp_is_the_moment_of_every_sentence_of_the_post():
    found = claims("10:02 a.m. ET: Bitcoin slipped.\n\n11:05 a.m. ET: Stocks are mixed. Marathon is down 6%.")
    c = found[found["subject"] == "MARA"].iloc[0]
    assert (c["metric"], c["time"], c["date"]) == ("move_at_time", "11:05", "")


def test_a_live_blog_post_is_of_the_publication_day_not_a_day_an_earlier_post_named():
    found = claims("9:30 a.m. ET: Bitcoin rose 8.2% on Tuesday.\n\n9:40 a.m. ET: Marathon opened at $27.87.")
    by_subject = found.set_index("subject")
    assert (by_subject.at["BTC-USD", "metric"], by_subject.at["BTC-USD", "date"],
            by_subject.at["BTC-USD", "time"]) == ("close_to_close_move", "2022-06-14", "")
    assert (by_subject.at["MARA", "price_field"], by_subject.at["MARA", "date"],
            by_subject.at["MARA", "time"]) == ("open", "", "09:40")


def test_a_live_blog_post_stamped_after_the_close_writes_of_the_close():
    found = claims("3:55 p.m. ET: Riot is off 5%.\n\n4:10 p.m. ET: That's a wrap. Marathon closed down 7% at $5.00.")
    assert list(found[found["subject"] == "MARA"]["time"]) == ["", ""]


def test_a_single_time_stamped_line_is_not_a_live_blog():
    found = claims("11:05 a.m. ET: Markets are open. Marathon is down 6%.")
    assert found.iloc[0]["time"] == ""


def test_a_span_opening_the_sentence_is_the_span_of_each_move_after_it():
    found = claims("Week-to-date through Tuesday's close, Riot had been up 5.9%, while Marathon was up 6.6%.")
    assert list(zip(found["subject"], found["metric"], found["date"], found["date_end"])) == [
        ("RIOT", "period_return", "2022-06-13", "2022-06-14"), ("MARA", "period_return", "2022-06-13", "2022-06-14")]


def test_a_day_of_its_own_beats_the_span_opening_the_sentence():
    found = claims("Year to date, Riot is up 25.9%, while Marathon fell 5.6% on Monday.")
    assert (found.iloc[1]["subject"], found.iloc[1]["date"]) == ("MARA", "2022-06-13")


def test_over_the_same_period_takes_the_span_of_an_earlier_return_in_its_sentence():
    found = claims("Over the past year, Riot has gained about 133%, outpacing bitcoin's advance of more than 110% "
                   "over the same period.")
    c = found.iloc[1]
    assert (c["subject"], c["metric"], c["date"], c["date_end"]) == ("BTC-USD", "period_return", "2021-06-15",
                                                                       "2022-06-15")


def test_a_phase_named_in_a_later_clause_of_another_noun_is_not_the_figures():
    c = only("Riot shares are now down 4% in Wednesday's session as the early after-hours gain faded.")
    assert (c["metric"], c["session_phase"]) == ("move_at_time", "")


def test_a_venue_after_a_price_is_not_the_subject_of_the_next_figure():
    found = claims("Bitcoin fell as low as $59,300 on Coinbase, a drop of roughly 14% from its record.")
    assert list(found["subject"]) == ["BTC-USD", "BTC-USD"]


def test_the_figure_a_correction_line_replaces_is_no_claim():
    found = claims("(Corrects Hut 8's decline in fourth paragraph to 13.8% from 18.3%)")
    assert list(found["value_text"]) == ["13.8%"]


@pytest.mark.parametrize("text", ["Consumer prices rose 6.2% in the 12 months through October.",
                                  "U.S. wages climbed 4.1% last year, the department said."])
def test_a_move_of_an_economic_series_is_no_claim(text):
    assert claims(text).empty


def test_label_lines_under_a_company_heading_are_that_companys_figures():
    found = claims("Marathon Digital (MARA)\nShare price: $13.86\nYear-to-date return: 305%\n"
                   "52-week range: $3.11 - $18.88\n\nRiot Platforms (RIOT)\nShare price: $11.82\n1-year return: -12.4%")
    assert list(zip(found["subject"], found["metric"], found["value_text"])) == [
        ("MARA", "price_level", "$13.86"), ("MARA", "period_return", "305%"), ("MARA", "week52_low", "$3.11"),
        ("MARA", "week52_high", "$18.88"), ("RIOT", "price_level", "$11.82"), ("RIOT", "period_return", "12.4%")]
    assert (found.iloc[1]["date"], found.iloc[5]["date"], found.iloc[5]["direction"]) == (
        "2022-01-01", "2021-06-15", "down")


def test_a_past_when_clause_is_no_rule_of_thumb():
    found = claims("When bitcoin fell 10% on Tuesday, Riot dropped 15%.")
    assert "forecast" not in found["metric"].tolist()


def test_a_drawdown_as_of_a_close_ends_at_that_close():
    found = claims("As of Monday's close, Riot was about 31% below its March 3 high of $18.36.")
    c = found[found["metric"] == "off_high"].iloc[0]
    assert (c["date_end"], c["precision"]) == ("2022-06-13", "period")


@pytest.mark.parametrize("text, value", [("Marathon's shares have more than sextupled this year.", 6.0),
                                         ("Riot has quintupled since March.", 5.0)])
def test_quintupled_and_sextupled_are_factors(text, value):
    c = only(text)
    assert (c["metric"], c["unit"], c["value"]) == ("period_return", "multiple", value)


def test_the_day_an_extreme_was_set_is_not_the_day_of_the_move_before_it():
    found = claims("The S&P 500 fell 0.8%, pulling away from the record highs it set last week.")
    assert (found.iloc[0]["metric"], found.iloc[0]["date"]) == ("close_to_close_move", "")


def test_a_closing_high_in_a_month_is_that_months_high():
    found = claims("Riot is 20% below its closing high of $77.90 in February.")
    c = found[found["value_text"] == "$77.90"].iloc[0]
    assert (c["metric"], c["date"], c["date_end"]) == ("period_high", "2022-02-01", "2022-02-28")


def test_a_close_after_a_moment_named_before_it_stays_the_close():
    found = claims("Riot shares, at one point up 20%, closed 5% higher on Monday.")
    assert list(zip(found["metric"], found["session_phase"])) == [("move_at_time", "midday"),
                                                                 ("close_to_close_move", "")]


def test_a_quote_pages_bare_label_prices_are_its_companys_prices():
    found = claims("Marathon Digital Holdings (MARA) Stock Price\n\nPrevious close: 19.30\nOpen: 19.13\n"
                   "Day's range: 17.87 - 19.88\n52-week range: 3.11 - 19.88")
    assert list(zip(found["subject"], found["metric"], found["price_field"], found["unit"], found["value"])) == [
        ("MARA", "price_level", "prev_close", "usd_per_share", 19.30),
        ("MARA", "price_level", "open", "usd_per_share", 19.13),
        ("MARA", "price_level", "low", "usd_per_share", 17.87), ("MARA", "price_level", "high", "usd_per_share", 19.88),
        ("MARA", "week52_low", "", "usd_per_share", 3.11), ("MARA", "week52_high", "", "usd_per_share", 19.88)]


@pytest.mark.parametrize("text, value, metric", [
    ("Riot reported a 76% decline in year-over-year revenue on Tuesday.", "76%", "financial_figure"),
    ("Marathon has produced 2,038 bitcoin so far this year, a 58% increase over the same period in the prior year.",
     "58%", "financial_figure"),
    ("Traders bet on bitcoin reaching $300,000, potentially giving it a market capitalization of $6 trillion.",
     "$6 trillion", "forecast"),
    ("Riot surged by nearly 6% in mere hours on Tuesday.", "6%", "move_at_time"),
])
def test_company_growth_a_hedged_value_and_a_move_within_hours(text, value, metric):
    assert claims(text).set_index("value_text").at[value, "metric"] == metric
