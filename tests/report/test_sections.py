"""Report sections from a synthetic run: the headline answer, decomposition, coefficients, and the two
bugs of issue 14 (a studied event headlined "not studied" with car_windows=[[0,5]]; the methodology
naming NASDAQ/XNAS and QQQ whatever the calendar and market)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from fintrack.report import compute, sections
from fintrack.report.inputs import ReportInputs, StudyRunView
from fintrack.study import event_study

MARKET, BTC = "SPY", "BTC-USD"


def _inputs(car_windows=((0, 0), (-1, 1)), calendar="XNAS", verdicts=None) -> ReportInputs:
    rng = np.random.default_rng(7)
    days = pd.bdate_range("2020-01-01", periods=400)
    m, b = rng.normal(0, 0.01, len(days)), rng.normal(0, 0.04, len(days))
    stock = 0.001 + 0.9 * m + 0.3 * b + rng.normal(0, 0.02, len(days))
    event_day = days[320]
    stock[320] += 0.25
    returns = pd.DataFrame({"XYZ": stock, MARKET: m, BTC: b}, index=days)
    frames = {t: pd.DataFrame({"adj_close": 10 * np.cumprod(1 + returns[t])}, index=days) for t in returns}
    events = pd.DataFrame({"event_id": ["E1", "E2"], "ticker": ["XYZ", "XYZ"], "date": [str(event_day.date()), ""],
                           "time": "", "session": [event_day, pd.NaT], "kind": "price_move",
                           "description": ["XYZ jumps", "undated"], "origin": "registry", "article_id": ["a1", ""],
                           "status": ["studied", "not studied"], "reason": ["", "date not resolved from the text"]})
    study_events = pd.DataFrame({"event_id": ["E1"], "asset": ["XYZ"], "date": [event_day], "group": ["XYZ"]})
    runs = tuple(StudyRunView("primary", model, event_study(returns, study_events, model, market=MARKET, bitcoin=BTC,
                                                            car_windows=car_windows, min_estimation_obs=100))
                 for model in ("market", "market_btc"))
    return ReportInputs(
        title="t", run_date="2026-01-02", primary="XYZ", peers=(), market=MARKET, bitcoin=BTC, calendar=calendar,
        start="2020-01-01", models=("market", "market_btc"), estimation_window=(-250, -11), event_window=(-5, 5),
        car_windows=tuple(car_windows), min_estimation_obs=100, rolling_window=60, log_scale=True, pdf=False,
        source="test", cache_dir="cache", frames=frames, provenance=(), stale=(), returns=returns, events=events,
        claims=pd.DataFrame(columns=["claim_id", "sentence"]), articles=pd.DataFrame(columns=["article_id"]),
        runs=runs, verdicts=verdicts, warnings=())


@pytest.fixture(scope="module")
def inp() -> ReportInputs:
    return _inputs()


def _ols(inp: ReportInputs, regressors):
    res = inp.runs[0].result
    pos = inp.returns.index.get_loc(pd.Timestamp(res.events["session"].iloc[0]))
    window = inp.returns.iloc[pos - 250:pos - 10]
    return sm.OLS(window["XYZ"], sm.add_constant(window[list(regressors)])).fit()


def test_car_window_0_5_alone_still_headlines_the_studied_event():
    line = sections.headline(_inputs(car_windows=((0, 5),)))[0]
    assert "not studied" not in line
    assert line.startswith("XYZ rose") and "abnormal" in line and "CAR(0,+5)" in line


def test_methodology_names_the_run_calendar_and_market():
    text = " ".join(b.text for b in sections.methodology_section(_inputs(calendar="XNYS"), (), {}).blocks)
    assert "XNYS" in text and f"R_{MARKET}" in text
    assert "XNAS" not in text and "NASDAQ" not in text and "QQQ" not in text


def test_headline_expected_return_is_alpha_plus_betas_times_factor_returns(inp):
    line = sections.headline(inp)[0]
    res = inp.runs[1].result  # market + bitcoin
    fit, day0 = res.events.iloc[0], res.ar[res.ar["rel_day"] == 0].iloc[0]
    day = pd.Timestamp(fit["session"])
    expected = fit["alpha"] + fit["beta"] * inp.returns.at[day, MARKET] + fit["beta_btc"] * inp.returns.at[day, BTC]
    assert expected == pytest.approx(day0["normal_ret"], abs=1e-12)
    assert f"expected {expected:+.2%}" in line and f"abnormal {day0['ar']:+.2%}" in line
    assert f"{BTC} beta {fit['beta_btc']:.2f}" in line
    assert "not studied" not in line


def test_estimation_fit_matches_statsmodels_ols(inp):
    session = inp.runs[1].result.events["session"].iloc[0]
    fit = compute.estimation_fit(inp.returns, "XYZ", session, (MARKET, BTC), inp.estimation_window)
    ref = _ols(inp, (MARKET, BTC))
    table = fit["table"]
    np.testing.assert_allclose(table["coef"], ref.params, rtol=1e-10)
    np.testing.assert_allclose(table["std_err"], ref.bse, rtol=1e-10)
    np.testing.assert_allclose(table["t"], ref.tvalues, rtol=1e-10)
    np.testing.assert_allclose(table["p"], ref.pvalues, rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(table[["ci_low", "ci_high"]].to_numpy(), ref.conf_int().to_numpy(), rtol=1e-10)
    assert fit["r2"] == pytest.approx(ref.rsquared, rel=1e-10)
    assert fit["sigma"] == pytest.approx(np.sqrt(ref.scale), rel=1e-10)
    assert fit["n"] == int(ref.nobs) == 240
    # the same coefficients the event study used
    ev = inp.runs[1].result.events.iloc[0]
    np.testing.assert_allclose(table["coef"], [ev["alpha"], ev["beta"], ev["beta_btc"]], rtol=1e-9)


def test_decomposition_parts_add_up_and_match_an_independent_sum(inp):
    res = inp.runs[1].result
    ev = res.events.iloc[0]
    parts = compute.decomposition(res.ar, ev, inp.returns, MARKET, BTC, [(0, 0), (-1, 1)]).set_index("window")
    ar = res.ar.set_index("rel_day")
    days = pd.to_datetime(ar.loc[-1:1, "date"])
    row = parts.loc["(-1,+1)"]
    assert row["raw"] == pytest.approx(ar.loc[-1:1, "ret"].sum(), abs=1e-14)
    assert row["alpha"] == pytest.approx(3 * ev["alpha"], abs=1e-14)
    assert row["market"] == pytest.approx(ev["beta"] * inp.returns.loc[days, MARKET].sum(), abs=1e-14)
    assert row["bitcoin"] == pytest.approx(ev["beta_btc"] * inp.returns.loc[days, BTC].sum(), abs=1e-14)
    assert row["abnormal"] == pytest.approx(compute.car_row(res.car, "E1", "(-1,+1)")["car"], abs=1e-14)
    total = parts[["alpha", "market", "bitcoin", "abnormal"]].sum(axis=1)
    np.testing.assert_allclose(total, parts["raw"], atol=1e-14)


def test_coefficients_table_has_both_betas_with_statsmodels_errors(inp):
    table = sections.coefficients_table(inp, "E1", inp.runs[1].result.events["session"].iloc[0])
    rows = {(r[1], i > 1): r for i, r in enumerate(table.rows)}
    ref = _ols(inp, (MARKET, BTC))
    btc = rows[(f"beta {BTC}", True)]
    assert btc[2] == f"{ref.params[BTC]:.4f}" and btc[3] == f"{ref.bse[BTC]:.4f}"
    assert table.columns == ("model", "term", "coef", "std err", "t", "p", "95% CI", "R^2", "sigma", "n")


def test_claim_verdict_joins_the_event_headline(inp):
    day = str(pd.Timestamp(inp.runs[0].result.events["session"].iloc[0]).date())
    verdicts = pd.DataFrame({"claim_id": ["a1-c1"], "subject": ["XYZ"], "claimed": [f"up as much as 20% on {day}"],
                             "tolerance": ["[19.5, 20.5)%"], "measured_text": ["max rise +27.00%"], "low": [3.0],
                             "high": [27.0], "verdict": ["consistent"], "sessions": [day], "reason": [""],
                             "measured": [27.0], "claimed_value": [20.0], "metric": ["intraday_max_move"]})
    line = sections.event_answer(dataclasses.replace(inp, verdicts=verdicts), next(inp.studied.itertuples()))
    assert line.endswith(f"The article's \"up as much as 20% on {day}\" is consistent: measured max rise +27.00%; "
                         "the daily bars allow +3.00% to +27.00%.")


def test_events_not_studied_are_grouped_by_reason(inp):
    studied, rest = sections.events_tables(inp)
    assert [r[0] for r in studied.rows] == ["E1"]
    assert rest.rows == (("date not resolved from the text", "1", "E2"),)
    assert sections.reason_group("about ZZZ, not XYZ; ZZZ has no price data") == "about another company, not XYZ"


def test_iso_periods_read_as_words_and_tolerances_parse():
    assert sections.humanize("up more than 1,000% over P6M ending 2021-03-09") == \
        "up more than 1,000% over six months ending 2021-03-09"
    assert sections.humanize("P1Y") == "one year"
    assert compute.claim_interval("[36.5, 37.5)%") == (36.5, 37.5)
    assert compute.claim_interval("> 1,000%") == (1000.0, float("inf"))
    assert np.isnan(compute.claim_interval("")[0])


def test_result_repr_and_notebook_forms(inp):
    res = inp.runs[0].result
    assert repr(res) == "<EventStudyResult market: 1 event studied, 0 skipped, CAR windows (0,0), (-1,+1)>"
    html = res._repr_html_()
    assert html.startswith("<p>&lt;EventStudyResult market") and "<table" in html and "E1" in html
    summary = res.summary()
    assert isinstance(summary, str) and summary.as_text() == str(summary)
    assert summary._repr_html_().startswith("<pre>") and "Event Study Results" in summary.as_html()


def test_plot_title_says_one_event_in_the_singular(inp):
    from matplotlib.figure import Figure

    ax = inp.runs[0].result.plot(ax=Figure().subplots())
    assert ax.get_title() == "market model, 1 event"
