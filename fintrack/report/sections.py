"""Pure section functions: :class:`~fintrack.report.inputs.ReportInputs` in, display content out.

Each function computes one part of the page from the inputs (tickers, windows,
calendar and model names included: nothing assumes a default) and returns
strings, :class:`~fintrack.report.content.Table` or
:class:`~fintrack.report.content.Section` objects. Charts are drawn elsewhere
(:mod:`fintrack.report.build`) and passed in.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from fintrack.report import compute
from fintrack.report.content import Paragraph, Section, Table
from fintrack.report.figures import Chart
from fintrack.report.inputs import PEER_GROUP, ReportInputs, model_title
from fintrack.study.windows import window_label

TEST_TITLES = {
    "kolari_pynnonen": "Kolari-Pynnonen adjusted BMP test",
    "bmp": "BMP test",
    "cross_sectional_t": "cross-sectional t-test",
    "corrado_rank": "Corrado rank test",
    "generalized_sign": "generalized sign test",
}
PRICE_UNITS = ("%", ")", "]")


def fmt(value: object, spec: str) -> str:
    """``format(value, spec)`` for a finite number, else ``""``."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if not math.isfinite(number) else format(number, spec)


def day(value: object) -> str:
    return "" if pd.isna(value) else str(pd.Timestamp(value).date())


def preferred_model(models) -> str:
    """The model the headline leads with: market + bitcoin when run, else the first."""
    models = list(models)
    return "market_btc" if "market_btc" in models else models[0]


def primary_results(inp: ReportInputs, event_id: str) -> dict[str, object]:
    """model -> EventStudyResult of the primary runs that studied ``event_id``."""
    return {r.model: r.result for r in inp.primary_runs if event_id in set(r.result.events["event_id"].astype(str))}


# ---------------------------------------------------------------------------
# headline
# ---------------------------------------------------------------------------
def event_answer(inp: ReportInputs, ev) -> str:
    """One computed sentence for a studied event: move, expected parts, abnormal, the article's claim."""
    eid, when = str(ev.event_id), day(ev.session)
    desc = f": {ev.description}" if str(ev.description) else ""
    results = primary_results(inp, eid)
    if not results:
        return f"{inp.primary} on {when} (event {eid}{desc}): not studied ({ev.reason or 'no model could fit it'})."
    model = preferred_model(results)
    res = results[model]
    row0 = res.ar.loc[(res.ar["event_id"] == eid) & (res.ar["rel_day"] == 0)].iloc[0]
    fit = res.events.loc[res.events["event_id"] == eid].iloc[0]
    verb = "rose" if row0["ret"] >= 0 else "fell"
    text = f"{inp.primary} {verb} {abs(row0['ret']):.2%} on {when} (event {eid}{desc})."
    text += f" The {model_title(model)} expected {row0['normal_ret']:+.2%}{expected_terms(inp, fit, ev.session)}; "
    text += f"abnormal {row0['ar']:+.2%} (t {row0['t']:.2f}, p {compute.format_p(row0['p'])})."
    for other, ores in results.items():
        if other != model:
            o = ores.ar.loc[(ores.ar["event_id"] == eid) & (ores.ar["rel_day"] == 0)].iloc[0]
            text += f" {model_title(other).capitalize()}: abnormal {o['ar']:+.2%} (p {compute.format_p(o['p'])})."
    wins = [w for w in inp.car_windows if tuple(w) != (0, 0)]
    cars = [compute.car_row(res.car, eid, window_label(w)) for w in wins]
    parts = [f"CAR{row['window']} {compute.format_pct(row['car'])} (p {compute.format_p(row['p'])})"
             for row in cars if row is not None]
    if parts:
        text += f" Over windows ({model_title(model)}, sessions relative to day 0): " + ", ".join(parts) + "."
    return text + claim_clause(inp, ev)


def expected_terms(inp: ReportInputs, fit: pd.Series, session) -> str:
    """``" (alpha +0.31% + QQQ 1.20 x +3.67% + BTC-USD 0.35 x +2.10%)"`` from the fit and the day-0 factor returns."""
    stamp = pd.Timestamp(session)
    terms = []
    if math.isfinite(float(fit.get("alpha", float("nan")))):
        terms.append(f"alpha {fit['alpha']:+.2%}")
    for column, name in (("beta", inp.market), ("beta_btc", inp.bitcoin)):
        beta = float(fit.get(column, float("nan")))
        if math.isfinite(beta) and name in inp.returns:
            terms.append(f"{name} beta {beta:.2f} x {inp.returns.at[stamp, name]:+.2%}")
    return f" ({' + '.join(terms)})" if terms else ""


def claim_clause(inp: ReportInputs, ev) -> str:
    """The verdict on the price claim the event's article makes about that session, if any."""
    v = inp.verdicts
    if v is None or v.empty:
        return ""
    when = day(ev.session)
    low, high = pd.to_numeric(v["low"], errors="coerce"), pd.to_numeric(v["high"], errors="coerce")
    mask = (v["subject"] == inp.primary) & v["sessions"].astype(str).str.contains(when, regex=False) & low.notna()
    cand = v.loc[mask]
    if cand.empty:
        return ""
    own = cand["claim_id"].astype(str).str.startswith(str(ev.article_id)) if str(ev.article_id) else cand["claim_id"].isna()
    row = (cand[own] if own.any() else cand).iloc[0]
    unit = "%" if str(row["tolerance"]).endswith("%") else ""
    rng = f"{float(row['low']):+.2f}{unit} to {float(row['high']):+.2f}{unit}" if unit else \
        f"{float(row['low']):.2f} to {float(row['high']):.2f}"
    return (f" The article's \"{humanize(row['claimed'])}\" is {row['verdict']}: measured {row['measured_text']}; "
            f"the daily bars allow {rng}.")


def peer_answer(inp: ReportInputs) -> str:
    """One sentence on the peer group, with the test that allows for events sharing a day."""
    runs = {r.model: r.result for r in inp.peer_runs}
    if not runs:
        return ""
    model = preferred_model(runs)
    res = runs[model]
    labels = [window_label(w) for w in inp.car_windows]
    window = "(-1,+1)" if "(-1,+1)" in labels else labels[0]
    caar = res.car.loc[res.car["window"] == window, "car"].mean()
    clustered = res.events["session"].duplicated().any()
    test = "kolari_pynnonen" if clustered else "bmp"
    tests = res.tests[(res.tests["window"] == window) & (res.tests["test"] == test)
                      & res.tests["group"].isin([PEER_GROUP, "all"])]
    p = compute.format_p(tests["p_value"].iloc[0]) if len(tests) else "n/a"
    why = ("the pairs share event days, so it allows for cross-correlated abnormal returns" if clustered
           else "no two pairs share an event day")
    return (f"Peer group ({inp.primary} and {len(inp.peers)} peers, {len(res.events)} event-asset pairs, "
            f"{model_title(model)}): CAAR{window} {compute.format_pct(caar)}; {TEST_TITLES[test]} p {p} ({why}).")


def headline(inp: ReportInputs) -> tuple[str, ...]:
    """Answers first: one sentence per studied event, the peer group, the rolling link, the claims count."""
    lines = [event_answer(inp, ev) for ev in inp.studied.itertuples(index=False)]
    peer = peer_answer(inp)
    if peer:
        lines.append(peer)
    rolling = compute.rolling_beta_corr(inp.returns, inp.primary, [inp.bitcoin, inp.market],
                                        window=inp.rolling_window).dropna(how="all")
    if len(rolling):
        row = rolling.iloc[-1]
        bits = [f"beta {fmt(row.get(f'beta {x}'), '.2f')} / corr {fmt(row.get(f'corr {x}'), '.2f')} to {x}"
                for x in (inp.bitcoin, inp.market)]
        lines.append(f"{inp.primary}, last {inp.rolling_window} sessions to {rolling.index[-1].date()}: "
                     + "; ".join(bits) + ".")
    if inp.verdicts is not None:
        counts = compute.verdict_counts(inp.verdicts)
        lines.append(f"Claims checked: {len(inp.verdicts)} - " + ", ".join(f"{n} {v}" for v, n in counts.items() if n)
                     + ".")
    elif not inp.claims.empty:
        lines.append("Claims were not checked (the verification stage did not run).")
    else:
        lines.append("No claims to check.")
    return tuple(lines)


def notice(inp: ReportInputs) -> str:
    """One line labelling the data: the last session of each core series, and stale series."""
    lasts = [f"{t} {day(inp.frames[t].index[-1])}" for t in (inp.primary, inp.market, inp.bitcoin) if t in inp.frames]
    text = "Prices through " + ", ".join(lasts) + f" (source: {inp.source})."
    if inp.stale:
        text += " STALE (update failed, cached copy used): " + ", ".join(inp.stale) + "."
    return text


# ---------------------------------------------------------------------------
# results tables
# ---------------------------------------------------------------------------
def decomposition_table(inp: ReportInputs, event_id: str) -> Table:
    """Raw return split into alpha, market, bitcoin and abnormal parts, day 0 and each CAR window, every model."""
    rows = []
    windows = [(0, 0)] + [tuple(w) for w in inp.car_windows if tuple(w) != (0, 0)]
    for model, res in primary_results(inp, event_id).items():
        fit = res.events.loc[res.events["event_id"] == event_id].iloc[0]
        parts = compute.decomposition(res.ar, fit, inp.returns, inp.market, inp.bitcoin, windows)
        for part in parts.itertuples(index=False):
            car = compute.car_row(res.car, event_id, part.window)
            if car is None:  # day 0 is not a configured CAR window: its AR test
                car = res.ar.loc[(res.ar["event_id"] == event_id) & (res.ar["rel_day"] == 0)].iloc[0]
            rows.append((model_title(model), part.window, compute.format_pct(part.raw), compute.format_pct(part.alpha),
                         compute.format_pct(part.market), compute.format_pct(part.bitcoin),
                         compute.format_pct(part.abnormal), fmt(car["t"], ".2f"), compute.format_p(car["p"])))
    columns = ("model", "window", "raw", "alpha", inp.market, inp.bitcoin, "abnormal (CAR)", "t", "p")
    return Table(f"Decomposition of the return, event {event_id}", columns, tuple(rows),
                 note=f"Sums of daily simple returns; raw = alpha + {inp.market} + {inp.bitcoin} + abnormal. "
                      "Windows in sessions relative to day 0; t and p test the abnormal part.")


def coefficients_table(inp: ReportInputs, event_id: str, session) -> Table:
    """Estimation-window OLS per model: coef, std err, t, p, 95% CI, with R^2, sigma and n."""
    rows = []
    for model in primary_results(inp, event_id):
        regs = compute.model_regressors(model, inp.market, inp.bitcoin)
        if regs is None:
            continue
        fit = compute.estimation_fit(inp.returns, inp.primary, session, regs, inp.estimation_window)
        for i, (term, r) in enumerate(fit["table"].iterrows()):
            extra = (fmt(fit["r2"], ".3f"), fmt(fit["sigma"], ".4f"), str(fit["n"])) if i == 0 else ("", "", "")
            rows.append((model_title(model) if i == 0 else "", term, fmt(r["coef"], ".4f"), fmt(r["std_err"], ".4f"),
                         fmt(r["t"], ".2f"), compute.format_p(r["p"]),
                         f"[{fmt(r['ci_low'], '.4f')}, {fmt(r['ci_high'], '.4f')}]", *extra))
    columns = ("model", "term", "coef", "std err", "t", "p", "95% CI", "R^2", "sigma", "n")
    est = list(inp.estimation_window)
    return Table(f"Coefficients, event {event_id}", columns, tuple(rows),
                 note=f"OLS of daily {inp.primary} returns on the estimation window {est} (sessions relative to day 0); "
                      "returns as fractions; sigma is the residual standard deviation.")


def peer_tests_table(inp: ReportInputs) -> Table:
    """Per model and window: the CAAR and the p-values of the main cross-event tests."""
    rows = []
    for r in inp.peer_runs:
        tests = r.result.tests[r.result.tests["group"].isin([PEER_GROUP, "all"])].drop_duplicates(["window", "test"])
        for w in inp.car_windows:
            label = window_label(w)
            caar = r.result.car.loc[r.result.car["window"] == label, "car"].mean()
            ps = tests[tests["window"] == label].set_index("test")["p_value"]
            rows.append((model_title(r.model), label, compute.format_pct(caar),
                         *(compute.format_p(ps.get(t, float("nan"))) for t in TEST_TITLES)))
    columns = ("model", "window", "CAAR", "KP p", "BMP p", "t p", "rank p", "sign p")
    return Table("Peer group: cross-event tests", columns, tuple(rows),
                 note="KP: Kolari-Pynnonen adjusted BMP (for events sharing a day); BMP: Boehmer-Musumeci-Poulsen; "
                      "t: cross-sectional t; rank: Corrado; sign: generalized sign. Two-sided p-values.")


def results_section(inp: ReportInputs, event_charts: dict[str, tuple[Chart, ...]],
                    peer_charts: tuple[Chart, ...]) -> Section:
    blocks: list = []
    for ev in inp.studied.itertuples(index=False):
        eid = str(ev.event_id)
        if not primary_results(inp, eid):
            continue
        blocks += [*event_charts.get(eid, ()), decomposition_table(inp, eid), coefficients_table(inp, eid, ev.session)]
    if inp.peer_runs:
        blocks += [*peer_charts, peer_tests_table(inp)]
    if not blocks:
        blocks.append(Paragraph("No event study could be run (see the warnings above)."))
    return Section("studies", "Event studies", tuple(blocks))


# ---------------------------------------------------------------------------
# inputs: events, claims, articles
# ---------------------------------------------------------------------------
_ISO_PERIOD = re.compile(r"\bP(\d+)([DWMY])\b")
_PERIOD_WORDS = {"D": "day", "W": "week", "M": "month", "Y": "year"}
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def humanize(text: object) -> str:
    """Display text with ISO durations in words: ``"over P6M"`` -> ``"over six months"``."""
    def words(match: re.Match) -> str:
        n = int(match.group(1))
        unit = _PERIOD_WORDS[match.group(2)] + ("s" if n != 1 else "")
        return f"{_NUMBER_WORDS.get(n, str(n))} {unit}"
    return _ISO_PERIOD.sub(words, str(text))


def reason_group(reason: str) -> str:
    """A not-studied reason without its particulars, so events group by why they were left out."""
    reason = re.sub(r"^about .*?, not (\S+)(; .*)?$", r"about another company, not \1", str(reason))
    reason = re.sub(r"^same session as event .*$", "same session as an earlier event", reason)
    reason = re.sub(r"^event_id .* repeats an earlier event's$", "repeated event_id", reason)
    return reason or "not studied"


def events_tables(inp: ReportInputs) -> tuple[Table, Table]:
    """The studied events, then the others grouped by reason with counts."""
    studied = inp.studied
    rows = tuple((str(e.event_id), str(e.date), day(e.session), str(e.kind), str(e.description))
                 for e in studied.itertuples(index=False))
    first = Table("Studied events", ("event", "date", "day 0", "kind", "description"), rows,
                  note="Day 0 is the first session in which the market could react (after-close news moves to the "
                       "next session).")
    rest = inp.events.loc[inp.events["status"] != "studied"]
    groups: dict[str, list[str]] = {}
    for e in rest.itertuples(index=False):
        groups.setdefault(reason_group(e.reason), []).append(str(e.event_id))
    grouped = tuple((reason, str(len(ids)), ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else ""))
                    for reason, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    second = Table(f"Events not studied ({len(rest)})", ("reason", "events", "examples"), grouped,
                   note="Every event with its own reason is in events.csv.")
    return first, second


def claims_tables(inp: ReportInputs) -> tuple[Table, Table]:
    """Claims the prices can check (with verdicts), and the other figures with the sentence they come from."""
    v = inp.verdicts
    if v is None:
        keep = [c for c in ("claim_id", "subject", "metric", "value_text", "date") if c in inp.claims]
        return Table.from_frame("Claims (not checked)", inp.claims[keep]), Table("", (), ())
    checkable = v["verdict"] != "unverifiable"
    rows = tuple((str(r.claim_id), str(r.subject), humanize(r.claimed), humanize(r.measured_text), str(r.verdict))
                 for r in v[checkable].itertuples(index=False))
    checked = Table("Claims checked against prices", ("claim", "subject", "claimed", "measured", "verdict"), rows,
                    highlight="verdict", note=undrawn_note(inp))
    context = {str(c["claim_id"]): claim_context(c) for c in inp.claims.to_dict("records")}
    other = tuple((str(r.claim_id), str(r.subject), str(r.metric), humanize(r.claimed),
                   context.get(str(r.claim_id), ""), str(r.reason)) for r in v[~checkable].itertuples(index=False))
    sentences = inp.claims["sentence"].fillna("").astype(str).str.strip() if "sentence" in inp.claims else pd.Series()
    note = ("Context: the article's sentence around the figure." if sentences.ne("").all()
            else "Context: the article's sentence around the figure, else (no article text in this run: give the "
                 "articles with --articles) its parsed fields.")
    rest = Table(f"Other figures in the articles ({len(other)}, not decidable from prices)",
                 ("claim", "subject", "metric", "figure", "context", "why"), other, note=note)
    return checked, rest


def claims_chart_frame(verdicts: pd.DataFrame | None) -> pd.DataFrame:
    """Every price claim a chart can draw, contradicted ones first: claim, verdict, claimed interval, measured value
    and range. The chart draws the first ``report.claims_chart_top`` rows."""
    rows = []
    for r in (verdicts if verdicts is not None else pd.DataFrame()).itertuples(index=False):
        if r.verdict == "unverifiable":
            continue
        low_c, high_c = compute.claim_interval(r.tolerance)
        measured, low, high = (pd.to_numeric(pd.Series([r.measured, r.low, r.high]), errors="coerce")).tolist()
        if not (pd.notna(measured) or pd.notna(low)):
            continue
        rows.append({"claim_id": str(r.claim_id), "claim": _clip(humanize(f"{r.subject}: {r.claimed}"), 100),
                     "verdict": r.verdict, "claimed": float(pd.to_numeric(r.claimed_value, errors="coerce")),
                     "claim_low": low_c, "claim_high": high_c, "measured": measured, "low": low, "high": high})
    frame = pd.DataFrame(rows, columns=["claim_id", "claim", "verdict", "claimed", "claim_low", "claim_high",
                                        "measured", "low", "high"])
    return frame.sort_values("verdict", key=lambda v: v != "contradicted", kind="stable").reset_index(drop=True)


def undrawn_note(inp: ReportInputs) -> str:
    """How many price claims the claims chart leaves out (``report.claims_chart_top``), and which."""
    view = claims_chart_frame(inp.verdicts)
    left = view["claim_id"].iloc[inp.claims_chart_top:].tolist()
    if not left:
        return ""
    shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
    return (f"{len(left)} of the {len(view)} claims with a measured value are not drawn in the claims chart "
            f"(report.claims_chart_top = {inp.claims_chart_top}): {shown}. Every verdict is in claims.csv.")


_SCALES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}


def claim_context(claim: dict) -> str:
    """What a figure is: an excerpt of its sentence around the number when the run has the sentence, else its
    parsed fields (subject, number, unit, date)."""
    sentence = str(claim.get("sentence") or "").strip()
    if sentence and sentence != "nan":
        at, end = (int(pd.to_numeric(claim.get(k), errors="coerce")) if pd.notna(pd.to_numeric(claim.get(k),
                   errors="coerce")) else -1 for k in ("number_at", "number_end"))
        return excerpt(str(claim.get("sentence")), at, end)
    scale = pd.to_numeric(pd.Series([claim.get("scale")]), errors="coerce").iloc[0]
    parts = [str(claim.get(k) or "").strip() for k in ("subject_name", "value_text", "unit")]
    parts.append(_SCALES.get(float(scale), "") if pd.notna(scale) else "")
    when = str(claim.get("date") or "").strip()
    text = " ".join(p for p in parts if p and p != "nan")
    if not str(claim.get("value_text") or "").strip():
        text += " (no number in the text)"
    return _clip(text + (f", {when}" if when and when != "nan" else ""), 140)


def excerpt(sentence: str, at: int, end: int, width: int = 110) -> str:
    """At most ``width`` characters of ``sentence`` around its number (``sentence[at:end]``), cut between words.

    An end that was cut is marked with an ellipsis; whitespace is collapsed.
    Without a position (``at`` < 0) the sentence is taken from its start.
    """
    if at < 0 or at > len(sentence):
        at = end = 0
    end = max(end, at)
    room = max(width - (end - at), 0)
    left = min(at, room // 2)
    right = min(len(sentence) - end, room - left)
    left = min(at, room - right)  # a short right side gives its room to the left
    start, stop = at - left, end + right
    if start > 0 and not sentence[start - 1].isspace():  # do not start or stop inside a word
        space = sentence.find(" ", start, at)
        start = space + 1 if space >= 0 else at
    if stop < len(sentence) and not sentence[stop].isspace():
        space = sentence.rfind(" ", end, stop)
        stop = space if space >= 0 else end
    text = " ".join(sentence[start:stop].split())
    return ("\u2026" if start > 0 else "") + text + ("\u2026" if stop < len(sentence) else "")


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def inputs_section(inp: ReportInputs) -> Section:
    studied, rest = events_tables(inp)
    checked, other = claims_tables(inp)
    cols = [c for c in ("article_id", "title", "source", "published") if c in inp.articles.columns]
    articles = Table.from_frame("Articles", inp.articles[cols])
    blocks = [studied, rest, checked] + ([other] if other.rows else []) + [articles]
    return Section("events-claims", "Events and claims", tuple(blocks))


# ---------------------------------------------------------------------------
# methodology and provenance
# ---------------------------------------------------------------------------
def methodology_section(inp: ReportInputs, test_names, verdicts: dict[str, str]) -> Section:
    """How the numbers were made, with the calendar, market and windows this run used."""
    est, evt = list(inp.estimation_window), list(inp.event_window)
    m, b = inp.market, inp.bitcoin
    texts = (
        ("Returns", f"Daily simple returns (fractions; shown in percent) from the adjusted close on {inp.calendar} "
                    f"sessions (exchange_calendars {inp.calendar}). Bitcoin ({b}, UTC-day bars) is sampled at each "
                    "session date and compounded between sessions, so weekend moves land on the next session."),
        ("Event dates", "Each event maps to the first session in which the market could react: news during or before a "
                        f"session belongs to that session, news after the close of the {inp.calendar} session or on a "
                        "non-trading day to the next one. Events without a day-precise date are listed but not studied."),
        ("Models", f"Market model: R_i = a + b R_{m} + e (OLS on the estimation window). Market + bitcoin model: "
                   f"R_i = a + b R_{m} + c R_{b} + e. Models run: " + ", ".join(model_title(x) for x in inp.models) + "."),
        ("Windows", f"Estimation window {est} sessions relative to day 0, event window {evt}, CAR windows "
                    + ", ".join(str(list(w)) for w in inp.car_windows)
                    + f"; an event needs at least {inp.min_estimation_obs} valid estimation returns. Every CAR starts "
                    "at the first day of its window."),
        ("Statistics", "AR variances are forecast-error variances including parameter-estimation error; bands are "
                       "+/-1.96 standard errors. Cross-event tests: "
                       + (", ".join(TEST_TITLES.get(t, t.replace("_", " ")) for t in test_names) or "n/a")
                       + ". The peer group pools every studied event across "
                       f"{inp.primary} and its peers with price data; they share event days, so the Kolari-Pynnonen "
                       "adjustment of the BMP test is the one to read."),
        ("Claim verdicts", "; ".join(f"{k}: {v}" for k, v in verdicts.items()) or "n/a"),
        ("Rolling statistics", f"{inp.rolling_window}-session rolling OLS beta (cov/var) and Pearson correlation of "
                               "daily simple returns, full windows only."),
    )
    return Section("methodology", "Methodology", tuple(Paragraph(t, h) for h, t in texts))


def provenance_section(inp: ReportInputs, versions: list[tuple[str, str]]) -> Section:
    rows = tuple((str(p["ticker"]), str(p["source"]), str(p["fetched_at"]), str(p["rows"]), str(p["first"]),
                  str(p["last"]), str(p["content_hash"])[:16] + "\u2026",
                  str(p.get("status") or ("STALE" if p["ticker"] in inp.stale else "fresh")))
                 for p in inp.provenance)
    prices = Table("Price series", ("ticker", "source", "fetched at (UTC)", "rows", "first", "last",
                                    "sha256 of values", "status"), rows,
                   note=f"Source: {inp.source}; cache {inp.cache_dir}. Hashes are SHA-256 of the cached values (first "
                        "16 hex digits shown; full values in provenance.csv).")
    # one line, not a 16-row table: in the PDF a table of versions was the last page's only content
    software = Paragraph("; ".join(f"{name} {version}" for name, version in versions) + ".", "Software")
    return Section("provenance", "Data provenance", (prices, software))
