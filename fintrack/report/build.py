"""Compose a report from :class:`~fintrack.report.inputs.ReportInputs`: charts, content, files.

:func:`build_files` is what the main job calls: it draws each chart once,
assembles the :class:`~fintrack.report.content.ReportContent` from the pure
section functions, renders HTML (and PDF) and writes the CSV and JSON tables,
all as ``name -> bytes`` for the atomic publisher. The same inputs give the
same bytes.
"""
from __future__ import annotations

import functools
import importlib.metadata
import json
import platform
import re
from collections.abc import Callable

import pandas as pd

from fintrack import __version__
from fintrack.report import compute, figures, processes, sections
from fintrack.report.content import ReportContent, Section
from fintrack.report.figures import Chart
from fintrack.report.inputs import ReportInputs, model_title
from fintrack.spreadsheet import spreadsheet_safe

Progress = Callable[[int, int, str], None]


def package_versions() -> list[tuple[str, str]]:
    rows = [("python", platform.python_version()), ("fintrack", __version__)]
    for dist in ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "exchange_calendars", "pyarrow",
                 "yfinance", "jinja2", "fpdf2"):
        try:
            rows.append((dist, importlib.metadata.version(dist)))
        except importlib.metadata.PackageNotFoundError:
            rows.append((dist, "not installed"))
    return rows


def event_charts(inp: ReportInputs) -> dict[str, tuple[Chart, ...]]:
    """Per studied event: the zoomed prices with AR and CAR of every model, and the decomposition."""
    return {eid: job() for eid, job in _event_chart_jobs(inp).items()}


def _event_chart_jobs(inp: ReportInputs) -> dict[str, Callable[[], tuple[Chart, ...]]]:
    """Per studied event with primary results: the job drawing its two charts."""
    return {str(ev.event_id): functools.partial(_event_pair, inp, ev) for ev in inp.studied.itertuples(index=False)
            if sections.primary_results(inp, str(ev.event_id))}


def _event_pair(inp: ReportInputs, ev) -> tuple[Chart, ...]:
    eid = str(ev.event_id)
    results = sections.primary_results(inp, eid)
    first = next(iter(results.values()))
    path = first.ar.loc[first.ar["event_id"] == eid].sort_values("rel_day")
    days = path["rel_day"].tolist()
    base = days.index(-1) if -1 in days else 0
    zoom = compute.normalized_prices(inp.frames, [inp.primary, inp.market, inp.bitcoin], path["date"], base=base)
    zoom.index = path["rel_day"].to_numpy()
    ars = {model_title(m): r.ar.loc[r.ar["event_id"] == eid] for m, r in results.items()}
    cars = {model_title(m): r.car.loc[r.car["event_id"] == eid] for m, r in results.items()}
    when = sections.day(ev.session)
    title = f"{inp.primary}, event {eid}, day 0 = {when}"
    chart = Chart(f"event-{eid}", title,
                  f"Left: {', '.join(zoom.columns)} adjusted close = 100 on day {days[base]:+d} "
                  "(the session before day 0). "
                  "Middle: daily abnormal return per model with its 95% interval. Right: CAR per window (each "
                  "starts at its window's first day, as in the headline) with its 95% interval.",
                  *figures.event_chart(zoom, ars, cars, title, base=days[base]))
    windows = [(0, 0)] + [tuple(w) for w in inp.car_windows if tuple(w) != (0, 0)]
    parts = {}
    for m, r in results.items():
        fit = r.events.loc[r.events["event_id"] == eid].iloc[0]
        parts[model_title(m)] = compute.decomposition(r.ar, fit, inp.returns, inp.market, inp.bitcoin, windows)
    decomposition = Chart(f"decomposition-{eid}", f"What explains {inp.primary}'s move, event {eid}",
                          f"Raw return (black tick) = alpha + {inp.market} + {inp.bitcoin} + abnormal, per window "
                          "and model; sums of daily simple returns (%).",
                          *figures.decomposition_chart(parts, inp.market, inp.bitcoin))
    return chart, decomposition


def peer_charts(inp: ReportInputs) -> tuple[Chart, ...]:
    return tuple(job() for job in _peer_chart_jobs(inp))


def _peer_chart_jobs(inp: ReportInputs) -> list[Callable[[], Chart]]:
    return [functools.partial(_caar_chart, inp)] if inp.peer_runs else []


def _caar_chart(inp: ReportInputs) -> Chart:
    paths = {model_title(r.model): compute.caar_path(r.result.aar, r.result.ar) for r in inp.peer_runs}
    n = len(inp.peer_runs[0].result.events)
    title = f"Peer group CAAR ({inp.primary} and peers, {n} event-asset pairs)"
    return Chart("caar", title, "Per model: bars average abnormal return (%); line CAAR (%) cumulated from the first "
                                "day of the event window, with its 95% band.",
                 *figures.caar_chart(paths, title))


def overview_charts(inp: ReportInputs, rolling: pd.DataFrame) -> tuple[Chart, ...]:
    """The prices with the studied events, the rolling beta and correlation, and the claims (if any are drawn)."""
    return tuple(job() for job in _overview_chart_jobs(inp, rolling))


def _overview_chart_jobs(inp: ReportInputs, rolling: pd.DataFrame) -> list[Callable[[], Chart]]:
    def prices() -> Chart:
        tickers = [t for t in (inp.primary, inp.market, inp.bitcoin) if t in inp.frames]
        levels = compute.price_levels(inp.frames, tickers, start=inp.start)
        studied = inp.studied.assign(label=[str(e.description or e.kind or e.event_id)
                                            for e in inp.studied.itertuples(index=False)])
        markers = compute.event_markers(studied[["event_id", "session", "label"]], levels[inp.primary])
        return Chart("prices", f"{', '.join(tickers)} prices with {inp.primary}'s studied events",
                     f"Adjusted close in USD{' on a log scale' if inp.log_scale else ''}; numbered markers: studied "
                     f"events of {inp.primary} at day 0 (key below the chart).",
                     *figures.prices_chart(levels, inp.primary, markers, log_scale=inp.log_scale))

    def rolling_beta() -> Chart:
        return Chart("rolling", f"Rolling beta and correlation of {inp.primary}",
                     f"{inp.rolling_window}-session rolling OLS beta and Pearson correlation of {inp.primary}'s "
                     f"daily simple returns on {inp.bitcoin} and {inp.market}.",
                     *figures.rolling_chart(rolling.loc[pd.Timestamp(inp.start):], inp.primary, inp.rolling_window,
                                            inp.market, inp.bitcoin))

    jobs = [prices, rolling_beta]
    view = sections.claims_chart_frame(inp.verdicts)
    drawn = view.head(inp.claims_chart_top)
    if len(drawn):
        left = (f" The first {len(drawn)} of {len(view)} are drawn (report.claims_chart_top)."
                if len(view) > len(drawn) else "")

        def claims() -> Chart:
            return Chart("claims", "Claims: claimed vs measured",
                         "Per price claim: the claimed interval (red) against the measured value (dot) and the "
                         "range the daily bars allow (grey), on the claim's own scale; contradicted claims "
                         f"first.{left}",
                         *figures.claims_chart(drawn))
        jobs.append(claims)
    return jobs


def build_content(inp: ReportInputs, progress: Progress, steps: tuple[int, int]) -> ReportContent:
    """The whole report as display content; draws every chart once."""
    try:
        from fintrack.study import TEST_NAMES
    except ImportError:
        TEST_NAMES = ()
    try:
        from fintrack.verify import VERDICTS
    except ImportError:
        VERDICTS = {}
    progress(steps[0], steps[1], "charts")
    rolling = compute.rolling_beta_corr(inp.returns, inp.primary, [inp.bitcoin, inp.market],
                                        window=inp.rolling_window)
    # every chart is one job; the jobs share the cores (report.processes), the charts come back in this order
    per_event = _event_chart_jobs(inp)
    peers, overview = _peer_chart_jobs(inp), _overview_chart_jobs(inp, rolling)
    figures.preload()
    drawn = iter(processes.run_jobs([*per_event.values(), *peers, *overview], inp.processes))
    event_pairs = {eid: next(drawn) for eid in per_event}
    peer_drawn = tuple(next(drawn) for _ in peers)
    results = sections.results_section(inp, event_pairs, peer_drawn)
    overview = Section("charts", "Charts", tuple(drawn))
    return ReportContent(
        title=inp.title, run_date=inp.run_date, headline=sections.headline(inp), warnings=inp.warnings,
        notice=sections.notice(inp),
        sections=(results, overview, sections.inputs_section(inp),
                  sections.methodology_section(inp, TEST_NAMES, VERDICTS),
                  sections.provenance_section(inp, package_versions())),
        volatile=tuple(str(p["fetched_at"]) for p in inp.provenance),
    )


def build_files(inp: ReportInputs, progress: Progress, steps: tuple[int, int] = (5, 6)
                ) -> tuple[dict[str, bytes], tuple[str, ...], dict[str, int]]:
    """Charts, HTML, PDF and CSV tables as name -> bytes; also the headline lines and verdict counts."""
    from fintrack.report.html import render_html

    content = build_content(inp, progress, steps)
    progress(steps[1], steps[1], "report")
    files: dict[str, bytes] = {"report.html": render_html(content).encode("utf-8")}
    if inp.pdf:
        from fintrack.report.pdf import render_pdf

        files["report.pdf"] = render_pdf(content)
    for chart in content.charts:
        files[chart_file_name(chart.name, files)] = chart.svg
    counts = compute.verdict_counts(inp.verdicts) if inp.verdicts is not None else {}
    files.update(tables(inp, content.headline, counts))
    return files, content.headline, counts


def _csv(frame: pd.DataFrame) -> bytes:
    return spreadsheet_safe(frame).to_csv(index=False, float_format="%.10g", lineterminator="\n").encode("utf-8")


def tables(inp: ReportInputs, headline: tuple[str, ...], counts: dict[str, int]) -> dict[str, bytes]:
    """ar/car/tests/events/claims/provenance CSVs and summary.json."""
    def stacked(attr: str) -> pd.DataFrame:
        parts = [getattr(r.result, attr).assign(study=r.kind, model=r.model) for r in inp.runs]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    events = inp.events
    ev_table = events.assign(session=[sections.day(s) for s in events["session"]])[
        ["event_id", "ticker", "date", "time", "session", "kind", "description", "origin", "status", "reason"]]
    summary = {
        "run_date": inp.run_date,
        "tickers": {"primary": inp.primary, "peers": list(inp.peers), "market": inp.market, "bitcoin": inp.bitcoin},
        "events_studied": int((events["status"] == "studied").sum()),
        "events_not_studied": int((events["status"] != "studied").sum()),
        "claim_verdicts": counts,
        "stale_data": list(inp.stale),
        "warnings": list(inp.warnings),
        "headline": list(headline),
    }
    return {
        "ar.csv": _csv(stacked("ar")), "car.csv": _csv(stacked("car")), "tests.csv": _csv(stacked("tests")),
        "events.csv": _csv(ev_table),
        "claims.csv": _csv(inp.verdicts if inp.verdicts is not None else inp.claims),
        "provenance.csv": _csv(pd.DataFrame(list(inp.provenance))),
        "summary.json": (json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }


def chart_file_name(name: str, taken) -> str:
    """``chart-<name>.svg`` with the name reduced to a plain file name.

    Chart names carry event ids from the user's registry; a ``/`` or ``..`` in
    one must not place a file outside the report folder.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "chart"
    candidate, n = f"chart-{safe}.svg", 1
    while candidate in taken:
        n += 1
        candidate = f"chart-{safe}-{n}.svg"
    return candidate
