"""Fault cases 16-19 of the fault-injection suite: one bad input item must not stop or stall a run.

Issue 11: whatever one article, event row or claim raises becomes a named skip
(report, ``summary.json``, log, stderr; exit code 2) and the run goes on; price
files are read strictly (ISO dates, finite prices, sane volumes, no future
rows); configuration numbers are bounded; unwritable paths give one
``cannot write ...`` line. Each test checks the exit code, the message, and
that earlier cache and report bytes are unchanged where something was refused.

The full runs are offline on ``../shared/data/prices``; the one run that
several cases read is a module-scoped fixture.
"""
from __future__ import annotations

import contextlib
import html as htmllib
import io
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fintrack.errors import MalformedFileError
from fintrack.cli import main
from fintrack.market import PriceCache
from fintrack.market.frames import canonical_frame

from ..pipeline.conftest import REGISTRY, registry_file, run_args  # noqa: F401 (fixture)
from .test_pipeline_faults import report_files, snapshot

NINES = "9" * 309  # reads as float inf

# Every row the isolation cases need, beside one good event.
BAD_REGISTRY = r"""event_id,ticker,date,time,timezone,kind,description,article_id,source_url
CAN-2021-03-09,CAN,2021-03-09,11:55,America/New_York,price_move,CAN up as much as 37%,,
CAN-tz,CAN,2021-04-09,11:55,ET,news,a time zone given as an abbreviation,,
CAN-aware,CAN,2021-06-02T01:00:00+09:00,,,news,a date and time with a UTC offset,,
CAN-month,CAN,2021-05,,,news,known only to the month,,
CAN-year,CAN,2021,,,news,known only to the year,,
CAN-$\frac{$,CAN,2021-07-01,,,news,"$\frac{$ cost, range $51,981.83 to $54,824.12",,
"""

OVERFLOW_ARTICLE = ("---\ntitle: far dates\npublished: 9999-12-31\n---\n"
                    "Canaan shares rose 5% tomorrow. Canaan stock jumped 37% 99999999 days ago. "
                    "Over the past 99999 months Canaan rose 10%.\n")
MARS_ARTICLE = ("---\ntitle: a zone nobody has\ntimezone: Mars/Olympus\npublished: 2021-03-09 10:00\n---\n"
                "Canaan stock jumped 37% on March 9, 2021.\n")
DOLLAR_ARTICLE = ("---\ntitle: $\\frac{$ in a title, range $51,981.83 to $54,824.12\npublished: 2021-03-10\n---\n"
                  "Canaan shares closed at $28.69 on March 9, 2021.\n")
GOOD_ARTICLE = ("---\ntitle: a plain one\npublished: 2021-03-10\n---\n"
                "Canaan stock jumped 37% on March 9, 2021.\n")


def claims_csv(rows: list[dict]) -> str:
    from fintrack.news.schema import CLAIM_COLUMNS

    frame = pd.DataFrame([{c: row.get(c, "") for c in CLAIM_COLUMNS} for row in rows], columns=list(CLAIM_COLUMNS))
    return frame.to_csv(index=False)


def move_claim(claim_id: str, value: str) -> dict:
    return {"claim_id": claim_id, "article_id": "x", "subject": "CAN", "subject_name": "Canaan",
            "metric": "close_to_close_move", "direction": "up", "comparator": "equal", "value": value,
            "value_text": f"{value}%", "decimals": "0", "unit": "percent", "scale": "1.0", "date": "2021-03-09",
            "date_end": "2021-03-09", "precision": "day", "ordinal": "0", "published": "2021-03-09",
            "span_start": "0", "span_end": "3"}


class Outcome:
    """What one CLI run left: exit code, stderr, the report folder, its summary and log."""

    def __init__(self, code: int, err: str, out: str, output: Path, date: str):
        self.code, self.err, self.out = code, err, out
        self.folder = output / date
        self.summary = json.loads((self.folder / "summary.json").read_text(encoding="utf-8"))
        self.log = (output / "fintrack.log").read_text(encoding="utf-8")
        self.html = htmllib.unescape((self.folder / "report.html").read_text(encoding="utf-8"))
        self.events = pd.read_csv(self.folder / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
        self.claims = pd.read_csv(self.folder / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")

    def named_everywhere(self, text: str) -> None:
        """``text`` is in the report's warnings, summary.json, the log and on stderr."""
        assert any(text in w for w in self.summary["warnings"]), self.summary["warnings"]
        assert text in self.log
        assert text in self.err
        assert any(text in w for w in self.html.split("\n"))


def run_cli(args: list[str]) -> tuple[int, str, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(args)
    return code, err.getvalue(), out.getvalue()


def loud(args: list[str]) -> list[str]:
    """``run_args`` without ``--quiet``: warnings reach stderr."""
    return [a for a in args if a != "--quiet"]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, shared_prices_dir):
    """A good run on 2026-01-01, then one on 2026-01-02 with every bad item the isolation cases need."""
    work = tmp_path_factory.mktemp("badrun")
    good = work / "good.csv"
    good.write_text(REGISTRY, encoding="utf-8")
    first = run_args(shared_prices_dir, work, good, "--no-pdf")
    first[first.index("--date") + 1] = "2026-01-01"
    assert main(first) == 0
    earlier = report_files(work / "reports")
    earlier = {k: v for k, v in earlier.items() if k.startswith("2026-01-01")}
    cache = snapshot(work / "cache")

    registry = work / "events.csv"
    registry.write_text(BAD_REGISTRY, encoding="utf-8")
    articles = work / "articles"
    articles.mkdir()
    (articles / "overflow.txt").write_text(OVERFLOW_ARTICLE, encoding="utf-8")
    (articles / "mars.txt").write_text(MARS_ARTICLE, encoding="utf-8")
    (articles / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (articles / "forged\nERROR fintrack: forged line.txt").write_text("", encoding="utf-8")
    (articles / "$\\frac{$ quote.txt").write_text(DOLLAR_ARTICLE, encoding="utf-8")
    claims = work / "claims.csv"
    claims.write_text(claims_csv([move_claim("ok-1", "37"), move_claim("huge-1", NINES)]), encoding="utf-8")
    args = run_args(shared_prices_dir, work, registry, "--articles", str(articles), "--no-pdf")
    args[args.index("--claims") + 1] = str(claims)
    code, err, out = run_cli(loud(args))
    outcome = Outcome(code, err, out, work / "reports", "2026-01-02")
    outcome.earlier, outcome.earlier_now = earlier, {
        k: v for k, v in report_files(work / "reports").items() if k.startswith("2026-01-01")}
    outcome.cache, outcome.cache_now = cache, snapshot(work / "cache")
    return outcome


# ---------------------------------------------------------------------------
# 16. one bad article, event row or claim: a named skip, the run goes on (exit 2)
# ---------------------------------------------------------------------------
def test_case_16_a_run_with_bad_items_exits_2_and_keeps_earlier_report_and_cache(bad_run):
    assert bad_run.code == 2
    assert "Traceback" not in bad_run.err and "internal error" not in bad_run.err
    assert bad_run.events.loc["CAN-2021-03-09", "status"] == "studied"
    assert bad_run.earlier_now == bad_run.earlier and bad_run.earlier
    assert bad_run.cache_now == bad_run.cache and bad_run.cache


def test_case_16_unknown_time_zone_in_the_registry_is_a_named_skip(bad_run):
    assert bad_run.events.loc["CAN-tz", "status"] == "not studied"
    assert bad_run.events.loc["CAN-tz", "reason"].startswith("skipped: unknown time zone 'ET'")
    bad_run.named_everywhere("event CAN-tz skipped: unknown time zone 'ET'")


def test_case_16_unknown_time_zone_in_front_matter_is_named(bad_run):
    # whether the article or its publication event is the skipped item, the zone is named
    assert any("Mars/Olympus" in w and "skipped" in w for w in bad_run.summary["warnings"])
    assert "Mars/Olympus" in bad_run.err and "Mars/Olympus" in bad_run.log


def test_case_16_article_with_overflowing_dates_does_not_stop_the_run(bad_run):
    # the far dates are either resolved to nothing or the article is a named skip; the others are read
    skipped = [w for w in bad_run.summary["warnings"] if "overflow.txt" in w]
    assert all("skipped" in w for w in skipped)
    assert bad_run.events.index.str.startswith("good-").any()


def test_case_16_registry_date_with_utc_offset_is_studied_on_the_exchange_date(bad_run):
    # 2021-06-02 01:00 +09:00 is 2021-06-01 12:00 in New York: during that session
    row = bad_run.events.loc["CAN-aware"]
    assert (row["status"], row["session"]) == ("studied", "2021-06-01")


def test_case_16_309_digit_number_in_a_claim_does_not_cost_the_other_claims(bad_run):
    assert bad_run.claims.loc["huge-1", "verdict"] == "unverifiable"
    assert bad_run.claims.loc["ok-1", "verdict"] != "unverifiable"
    assert bad_run.claims.loc["ok-1", "tolerance"] == "[36.5, 37.5)%"


def test_case_16_dollar_signs_in_ids_and_descriptions_are_drawn_as_text(bad_run):
    # '$\frac{$' is invalid matplotlib math text: drawn as math it would raise while saving a chart
    assert bad_run.events.loc["CAN-$\\frac{$", "status"] == "studied"
    assert any(name.endswith(".svg") for name in os.listdir(bad_run.folder))  # charts drawn (chart-*.svg)


def test_case_16_dollar_signs_in_an_article_file_name_and_title_are_drawn_as_text(bad_run):
    # the article's one claim ($28.69 close on 2021-03-09) is checked like any other; nothing about it is skipped
    assert bad_run.claims.loc["$\\frac{$ quote-c1", "verdict"] == "supported"
    assert not [w for w in bad_run.summary["warnings"] if "skipped" in w and "frac" in w]


def test_case_16_chart_labels_with_dollar_amounts_are_plain_text_not_math():
    import matplotlib
    from matplotlib.text import Text

    from fintrack.report.charts import STYLE, label

    text = "range $51,981.83 to $54,824.12"
    with matplotlib.rc_context(STYLE):
        # drawn as math text this would read 'range 51, 981.83to54,824.12'
        assert Text(text=label(text))._preprocess_math(label(text)) == (text, False)


def test_case_16_a_309_digit_number_extracted_to_json_is_null_not_infinity(tmp_path):
    article = tmp_path / "big.txt"
    article.write_text(f"---\ntitle: t\npublished: 2021-03-10\n---\nCanaan stock jumped {NINES}% on March 9, 2021.\n",
                       encoding="utf-8")
    assert main(["extract", str(article), "-o", str(tmp_path / "x.json")]) == 0

    def refuse(name):
        raise ValueError(f"not strict JSON: {name}")

    claims = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"), parse_constant=refuse)["claims"]
    assert [c["value"] for c in claims] == [None]


def test_case_16_internal_error_in_a_stage_writes_its_error_line_to_the_log(tmp_path, shared_prices_dir,
                                                                          registry_file, monkeypatch, capsys):
    import fintrack.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the report stage")

    monkeypatch.setattr(pipeline, "build_report", broken)
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--no-pdf")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["fintrack: internal error: RuntimeError: a bug in the report stage (run with -v for the traceback)"]
    log = (tmp_path / "reports" / "fintrack.log").read_text(encoding="utf-8")
    assert "ERROR fintrack: run failed: internal error: RuntimeError: a bug in the report stage" in log


def test_case_16_an_article_whose_extraction_raises_is_a_named_skip(tmp_path, shared_prices_dir, registry_file,
                                                                    monkeypatch):
    import fintrack.news as news

    real = news.extract

    def extract(article, **kwargs):
        if "bad" in str(article.path):
            raise OverflowError("date value out of range")
        return real(article, **kwargs)

    monkeypatch.setattr(news, "extract", extract)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bad.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (articles / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    code, err, _ = run_cli(loud(run_args(shared_prices_dir, tmp_path, registry_file, "--articles", str(articles),
                                         "--no-pdf")))
    assert code == 2
    line = f"article {articles / 'bad.txt'} skipped: a date or number out of range (date value out of range)"
    assert f"warning: {line}" in err.splitlines()
    outcome = Outcome(code, err, "", tmp_path / "reports", "2026-01-02")
    outcome.named_everywhere(line)
    assert outcome.events.index.str.startswith("good-").any()
    assert not outcome.events.index.str.startswith("bad-").any()


def test_case_16_an_event_the_study_cannot_handle_is_a_named_skip(tmp_path, shared_prices_dir, monkeypatch):
    import fintrack.study as study

    real = study.event_study

    def event_study(returns, events, *args, **kwargs):
        if events["event_id"].astype(str).str.startswith("CAN-2021-06-01").any():
            raise ZeroDivisionError("float division by zero")
        return real(returns, events, *args, **kwargs)

    monkeypatch.setattr(study, "event_study", event_study)
    registry = tmp_path / "events.csv"
    registry.write_text("event_id,ticker,date\nCAN-2021-03-09,CAN,2021-03-09\nCAN-2021-06-01,CAN,2021-06-01\n",
                        encoding="utf-8")
    code, err, _ = run_cli(loud(run_args(shared_prices_dir, tmp_path, registry, "--no-pdf")))
    assert code == 2
    outcome = Outcome(code, err, "", tmp_path / "reports", "2026-01-02")
    outcome.named_everywhere("event CAN-2021-06-01 skipped in the primary study, market model: cannot be processed "
                             "(ZeroDivisionError: float division by zero)")
    outcome.named_everywhere("event CAN-2021-06-01:CAN skipped in the peers study, market model")
    assert outcome.events.loc["CAN-2021-03-09", "status"] == "studied"
    assert outcome.events.loc["CAN-2021-06-01", "status"] == "not studied"
    assert outcome.events.loc["CAN-2021-06-01", "reason"] == (
        "skipped in the primary study, market model: cannot be processed (ZeroDivisionError: float division by zero)")


def test_case_16_a_claim_whose_check_raises_is_a_named_skip(monkeypatch):
    import fintrack.verify as verify_module
    from fintrack.config import Config
    from fintrack.pipeline import run_verdicts

    real = verify_module.verify

    def verify(claims, prices, **kwargs):
        if (claims["claim_id"] == "huge-1").any():
            raise OverflowError("cannot convert float infinity to integer")
        return real(claims, prices, **kwargs)

    monkeypatch.setattr(verify_module, "verify", verify)
    claims = pd.read_csv(io.StringIO(claims_csv([move_claim("ok-1", "37"), move_claim("huge-1", "5")])), dtype=str,
                         keep_default_na=False)
    index = pd.bdate_range("2021-03-01", "2021-03-12", name="date")
    close = np.linspace(10, 20, len(index))
    frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "adj_close": close,
                          "volume": 1}, index=index)
    skipped, warnings = [], []
    verdicts = run_verdicts(claims, {"CAN": frame}, Config(), warnings, [], skipped=skipped)
    assert list(verdicts["claim_id"]) == ["ok-1", "huge-1"]
    assert verdicts.set_index("claim_id").loc["huge-1", "verdict"] == "unverifiable"
    assert verdicts.set_index("claim_id").loc["ok-1", "rule"] != ""
    assert skipped == ["claim huge-1 skipped: a date or number out of range (cannot convert float infinity to integer)"]


# ---------------------------------------------------------------------------
# 17. bounded cost: HTML elements, events and claims per run
# ---------------------------------------------------------------------------
def test_case_17_html_page_with_too_many_elements_is_refused_before_parsing(tmp_path):
    pytest.importorskip("trafilatura", reason="reading HTML needs the html extra")
    from fintrack.errors import MalformedFileError
    from fintrack.news import load_article
    from fintrack.news.articles import MAX_HTML_ELEMENTS

    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(MAX_HTML_ELEMENTS // 2 + 1))
    page = tmp_path / "table.html"
    page.write_text(f"<html><body><p>Canaan shares rose 5%.</p><table>{rows}</table></body></html>", encoding="utf-8")
    with pytest.raises(MalformedFileError) as caught:
        load_article(page)
    assert str(caught.value) == (f"{page}: HTML page has {MAX_HTML_ELEMENTS + 6:,} elements, more than the "
                                 f"{MAX_HTML_ELEMENTS:,} limit (save the article text as .txt)")


def test_case_17_events_and_claims_over_the_per_run_limit_are_cut_with_a_warning(tmp_path, shared_prices_dir):
    config = tmp_path / "fintrack.toml"
    config.write_text("[events]\nmax_events = 1\nmax_claims = 1\n", encoding="utf-8")
    registry = tmp_path / "events.csv"
    registry.write_text(BAD_REGISTRY, encoding="utf-8")
    claims = tmp_path / "claims.csv"
    claims.write_text(claims_csv([move_claim("ok-1", "37"), move_claim("ok-2", "50")]), encoding="utf-8")
    args = run_args(shared_prices_dir, tmp_path, registry, "--config", str(config), "--no-pdf")
    args[args.index("--claims") + 1] = str(claims)
    code, err, _ = run_cli(loud(args))
    assert code == 2
    outcome = Outcome(code, err, "", tmp_path / "reports", "2026-01-02")
    outcome.named_everywhere("6 events is more than the limit of 1 per run (events.max_events); only the first 1 "
                             "were used")
    outcome.named_everywhere("2 claims is more than the limit of 1 per run (events.max_claims); only the first 1 "
                             "were used")
    assert list(outcome.events.index) == ["CAN-2021-03-09"]
    assert list(outcome.claims.index) == ["ok-1"]


def test_case_17_the_claims_chart_draws_the_first_8_of_3000_claims_and_the_table_keeps_all():
    import dataclasses

    from fintrack.report import build, compute, sections
    from tests.report.test_sections import _inputs

    verdicts = pd.DataFrame({"claim_id": [f"c{i}" for i in range(3000)], "subject": "CAN",
                             "claimed": "up 37% on 2021-03-09", "claimed_value": "37", "tolerance": "[36.5, 37.5)%",
                             "measured": "50.45", "low": "11.8", "high": "58.84", "verdict": "consistent",
                             "measured_text": "+50.45%", "reason": "", "metric": "close_to_close_move",
                             "sessions": "2021-03-09"})
    inp = dataclasses.replace(_inputs(), verdicts=verdicts)  # report.claims_chart_top at its default, 8
    rolling = compute.rolling_beta_corr(inp.returns, inp.primary, [inp.bitcoin, inp.market], window=60)
    chart = [c for c in build.overview_charts(inp, rolling) if c.name == "claims"]
    # a 990 x 92,480-pixel chart at 3,000 claims: now eight rows, whatever the count
    assert len(chart) == 1 and "The first 8 of 3000 are drawn" in chart[0].caption
    checked, _ = sections.claims_tables(inp)
    assert len(checked.rows) == 3000 and checked.note.startswith("2992 of the 3000 claims")


# ---------------------------------------------------------------------------
# 18. price input: strict dates, no non-finite or impossible values, splits
# ---------------------------------------------------------------------------
HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n"


def frame_of(text: str, **kwargs) -> pd.DataFrame:
    return canonical_frame(pd.read_csv(io.StringIO(text)), "CAN", origin="CAN.csv", **kwargs)


@pytest.fixture()
def imported(tmp_path, shared_prices_dir, monkeypatch):
    """A cache with CAN imported from the shared prices; returns (cache dir, bytes of CAN's file)."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(cache_dir))
    assert main(["prices", "import", str(shared_prices_dir), "CAN"]) == 0
    return cache_dir, PriceCache(cache_dir).path_for("CAN").read_bytes()


def test_case_18_day_first_dates_are_refused_and_the_cache_is_unchanged(tmp_path, imported, capsys):
    cache_dir, before = imported
    capsys.readouterr()
    prices = tmp_path / "ddmm"
    prices.mkdir()
    (prices / "CAN.csv").write_text(HEADER + "09/03/2021,1,1,1,1,1,10\n10/03/2021,1,1,1,1,1,10\n", encoding="utf-8")
    assert main(["prices", "import", str(prices), "CAN"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"fintrack: error: {prices / 'CAN.csv'}: date '09/03/2021' (data row 1) is not an ISO date YYYY-MM-DD; "
        "day-first and month-first dates are not guessed (convert the file, or declare its format)")
    assert PriceCache(cache_dir).path_for("CAN").read_bytes() == before


def test_case_18_an_impossible_iso_date_is_named_with_its_row_on_one_line():
    with pytest.raises(MalformedFileError) as caught:
        frame_of(HEADER + "2021-02-26,1,1,1,1,1,10\n2021-02-30,1,1,1,1,1,10\n")
    assert str(caught.value).endswith(": date '2021-02-30' (data row 2) is not a calendar date")
    with pytest.raises(MalformedFileError) as caught:  # with a time, the date is read by the full pattern
        frame_of(HEADER + "2021-02-26 00:00,1,1,1,1,1,10\n2021-02-30 00:00,1,1,1,1,1,10\n")
    assert str(caught.value).endswith(": unparseable dates (day is out of range for month)")


def test_case_18_bare_dates_read_as_the_full_pattern_reads_them():
    # the array check for plain YYYY-MM-DD files and the pattern that reads times and offsets agree
    bare = "2020-02-29,2021-03-09,1999-12-31,2024-01-02".split(",")
    plain = frame_of(HEADER + "".join(f"{d},1,1,1,1,1,10\n" for d in bare))
    timed = frame_of(HEADER + "".join(f"{d} 00:00:00,1,1,1,1,1,10\n" for d in bare))
    pd.testing.assert_index_equal(plain.index, timed.index)
    assert list(plain.index.date.astype(str)) == sorted(bare)


def test_case_18_a_declared_date_format_is_read_day_first():
    frame = frame_of(HEADER + "09/03/2021,1,1,1,1,1,10\n", date_format="%d/%m/%Y")
    assert list(frame.index.date.astype(str)) == ["2021-03-09"]


def test_case_18_yfinance_export_with_dst_offset_change_is_read_on_exchange_dates():
    # history().to_csv(): local midnight, -05:00 before the 2021-03-14 DST change and -04:00 after
    frame = frame_of(HEADER + "2021-03-12 00:00:00-05:00,1,1,1,1,1,10\n2021-03-15 00:00:00-04:00,1,1,1,1,1,10\n")
    assert list(frame.index.date.astype(str)) == ["2021-03-12", "2021-03-15"]


def test_case_18_utc_timestamps_convert_to_the_exchange_date():
    # 02:00 UTC on the 16th is 22:00 on the 15th in New York
    frame = frame_of(HEADER + "2021-03-12T14:30:00Z,1,1,1,1,1,10\n2021-03-16T02:00:00+00:00,1,1,1,1,1,10\n",
                     tz="America/New_York")
    assert list(frame.index.date.astype(str)) == ["2021-03-12", "2021-03-15"]


def test_case_18_non_finite_prices_are_dropped_naming_the_date():
    frame = frame_of(HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,inf,inf,1,inf,inf,10\n2021-03-16,1,1,1,1,1,10\n")
    assert list(frame.index.date.astype(str)) == ["2021-03-12", "2021-03-16"]
    assert frame.attrs["warnings"] == ["CAN: dropped 1 row(s) with non-finite prices: 2021-03-15"]


def test_case_18_the_cache_never_stores_inf(tmp_path):
    from fintrack.errors import MalformedFileError

    index = pd.DatetimeIndex(["2021-03-12", "2021-03-15"], name="date")
    frame = pd.DataFrame({"open": [1.0, np.inf], "high": [1.0, np.inf], "low": [1.0, 1.0], "close": [1.0, np.inf],
                          "adj_close": [1.0, np.inf], "volume": [1, 1]}, index=index)
    with pytest.raises(MalformedFileError, match=r"CAN: refusing to cache non-finite prices \(2021-03-15\)"):
        PriceCache(tmp_path).store("CAN", frame, "test")
    assert list(tmp_path.iterdir()) == []


def test_case_18_negative_and_overflowing_volumes_are_dropped_naming_the_dates():
    frame = frame_of(HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,1,1,1,1,1,-5\n2021-03-16,1,1,1,1,1,1e30\n")
    assert list(frame.index.date.astype(str)) == ["2021-03-12"]
    assert frame.attrs["warnings"] == ["CAN: dropped 1 row(s) with negative volume: 2021-03-15",
                                       "CAN: dropped 1 row(s) with volume too large to store: 2021-03-16"]
    assert frame["volume"].tolist() == [10]


def test_case_18_high_below_low_is_dropped_naming_the_date():
    frame = frame_of(HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,1,0.5,0.9,0.8,0.8,10\n")
    assert frame.attrs["warnings"] == ["CAN: dropped 1 row(s) with high below low: 2021-03-15"]


def test_case_18_future_dated_rows_are_dropped_naming_the_dates():
    future = (pd.Timestamp.now(tz="UTC").normalize() + pd.Timedelta(days=30)).date().isoformat()
    frame = frame_of(HEADER + f"2021-03-12,1,1,1,1,1,10\n{future},1,1,1,1,1,10\n")
    assert list(frame.index.date.astype(str)) == ["2021-03-12"]
    assert frame.attrs["warnings"] == [f"CAN: dropped 1 row(s) with dates in the future: {future}"]


def test_case_18_one_day_move_beyond_the_bound_without_a_split_is_warned():
    # a 1-for-30 split left unadjusted: the close goes from 1 to 30 (+2,900%)
    frame = frame_of(HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,30,30,30,30,30,10\n2021-03-16,31,31,31,31,31,10\n")
    assert frame.attrs["warnings"] == ["CAN: close moved +2,900% on 2021-03-15 with no split recorded; probably an "
                                       "unadjusted split (use split-adjusted prices)"]
    assert len(frame) == 3  # kept: only warned about


def test_case_18_a_recorded_split_or_a_wider_bound_gives_no_split_warning():
    rows = "2021-03-12,1,1,1,1,1,10,0\n2021-03-15,30,30,30,30,30,10,0.0333\n"
    assert frame_of(HEADER.strip() + ",Stock Splits\n" + rows).attrs["warnings"] == []
    plain = HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,30,30,30,30,30,10\n"
    assert frame_of(plain, split_warning_ratio=50.0).attrs["warnings"] == []


def test_case_18_a_split_recorded_in_splits_csv_is_not_warned_and_an_unrecorded_one_is(tmp_path):
    from fintrack.market import CsvSource

    # two unadjusted jumps: x30 on 2021-03-15 (recorded as a 1-for-30 split), x0.1 on 2021-03-17 (not recorded)
    (tmp_path / "ABC.csv").write_text(HEADER + "2021-03-12,1,1,1,1,1,10\n2021-03-15,30,30,30,30,30,10\n"
                                      "2021-03-16,30,30,30,30,30,10\n2021-03-17,3,3,3,3,3,10\n", encoding="utf-8")
    (tmp_path / "splits.csv").write_text("Ticker,Date,Stock Splits\nABC,2021-03-15,0.033333\n", encoding="utf-8")
    frame = CsvSource(tmp_path).fetch("ABC")
    assert frame.attrs["warnings"] == ["ABC: close moved -90% on 2021-03-17 with no split recorded; probably an "
                                       "unadjusted split (use split-adjusted prices)"]
    assert len(frame) == 4  # kept: only warned about


def test_case_18_splits_csv_is_the_split_history_not_a_ticker(shared_prices_dir):
    from fintrack.market import CsvSource
    from fintrack.market.sources import SampleSource

    assert "SPLITS" not in CsvSource(shared_prices_dir).tickers()
    assert "SPLITS" not in SampleSource().tickers()
    # the bundled sample's splits.csv: HIVE's 1-for-5 reverse split on 2022-05-24
    assert [d.date().isoformat() for d in SampleSource().split_days("hive")] == ["2022-05-24"]
    assert list(SampleSource().split_days("CAN")) == []


def _unadjusted_prices(folder: Path, sample: Path, split_day: str) -> float:
    """CAN, QQQ and BTC-USD from ``sample`` into ``folder``, CAN's bars before ``split_day`` left unadjusted
    for a 1-for-30 reverse split (divided by 30); returns the close move on ``split_day`` (fraction)."""
    folder.mkdir()
    for name in ("QQQ.csv", "BTC-USD.csv"):
        (folder / name).write_bytes((sample / name).read_bytes())
    can = pd.read_csv(sample / "CAN.csv")
    before = can["Date"] < split_day
    for column in ("Open", "High", "Low", "Close", "Adj Close"):
        can.loc[before, column] = can.loc[before, column] / 30
    can.to_csv(folder / "CAN.csv", index=False)
    at = int(np.flatnonzero(can["Date"] == split_day)[0])
    return can["Close"].iloc[at] / can["Close"].iloc[at - 1] - 1


def test_case_18_an_unadjusted_split_in_a_run_is_warned_unless_splits_csv_records_it(tmp_path, shared_prices_dir):
    from fintrack.config import load_config
    from fintrack.pipeline import update_prices

    prices = tmp_path / "prices"
    move = _unadjusted_prices(prices, shared_prices_dir, "2021-06-01")
    expected = (f"CAN: close moved {100 * move:+,.0f}% on 2021-06-01 with no split recorded; probably an "
                "unadjusted split (use split-adjusted prices)")
    config = load_config(None, {"prices_dir": prices, "cache_dir": tmp_path / "cache1"})
    assert expected in update_prices(config).warnings
    (prices / "splits.csv").write_text("Ticker,Date,Stock Splits\nCAN,2021-06-01,0.033333\n", encoding="utf-8")
    config = load_config(None, {"prices_dir": prices, "cache_dir": tmp_path / "cache2"})
    assert not [w for w in update_prices(config).warnings if "split" in w]


def test_case_18_csv_offsets_across_dst_land_on_local_dates_for_stocks_and_bitcoin(tmp_path):
    from fintrack.market import CsvSource

    # history().to_csv(): local midnight, -05:00 before the 2021-03-14 DST change and -04:00 after; a stamp at
    # midnight labels its date (also 00:00 UTC for a stock); another time is an instant, dated in the bar's zone
    (tmp_path / "CAN.csv").write_text(
        HEADER + "2021-03-09 00:00:00-05:00,1,1,1,1,1,10\n2021-03-15 00:00:00-04:00,1,1,1,1,1,10\n"
        "2021-03-17T02:00:00+00:00,1,1,1,1,1,10\n2021-03-18 00:00:00+00:00,1,1,1,1,1,10\n", encoding="utf-8")
    # BTC-USD's bar is the UTC day: 20:00 New York time (EDT) on the 16th is 00:00 UTC on the 17th,
    # 21:00 on the 18th is 01:00 UTC on the 19th
    (tmp_path / "BTC-USD.csv").write_text(
        HEADER + "2021-03-09 00:00:00-05:00,1,1,1,1,1,10\n2021-03-15 00:00:00-04:00,1,1,1,1,1,10\n"
        "2021-03-16 20:00:00-04:00,1,1,1,1,1,10\n2021-03-18 21:00:00-04:00,1,1,1,1,1,10\n", encoding="utf-8")
    source = CsvSource(tmp_path)
    assert list(source.fetch("CAN").index.date.astype(str)) == ["2021-03-09", "2021-03-15", "2021-03-16",
                                                                "2021-03-18"]
    assert list(source.fetch("BTC-USD").index.date.astype(str)) == ["2021-03-09", "2021-03-15", "2021-03-17",
                                                                    "2021-03-19"]


# ---------------------------------------------------------------------------
# 19. configuration bounds, month-only dates, recovery, unwritable paths, logs, ticker files
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("body, message", [
    ("[study]\nestimation_window = [-1000000000, -11]\n",
     "study.estimation_window: window [-1000000000, -11] reaches beyond 2520 sessions (about ten years) from the "
     "event"),
    ("[study]\nevent_window = [-5, 100000]\n",
     "study.event_window: window [-5, 100000] reaches beyond 2520 sessions (about ten years) from the event"),
    ("[report]\nrolling_window = 100000000\n",
     "report.rolling_window: 100000000 is more than 2520 sessions (about ten years)"),
    ("[events]\nmax_claims = 0\n", "events.max_claims: expected a positive integer, got 0"),
    ("[data]\nsplit_warning_ratio = 1.0\n",
     "data.split_warning_ratio: expected a number from 1.5 to 1000 (a day's close over the previous one), got 1.0"),
])
def test_case_19_config_numbers_out_of_bounds_are_refused(tmp_path, shared_prices_dir, registry_file, capsys,
                                                           body, message):
    config = tmp_path / "fintrack.toml"
    config.write_text(body, encoding="utf-8")
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config))) == 2
    assert capsys.readouterr().err.strip() == f"fintrack: error: {message}"
    assert not (tmp_path / "reports").exists() and not (tmp_path / "cache").exists()


def test_case_19_month_and_year_only_registry_dates_are_not_studied(bad_run):
    assert bad_run.events.loc["CAN-month", "status"] == "not studied"
    assert bad_run.events.loc["CAN-month", "reason"] == "date known only to the month; an event study needs a day"
    assert bad_run.events.loc["CAN-year", "reason"] == "date known only to the year; an event study needs a day"


def test_case_19_recovery_leaves_folders_it_did_not_create_alone(tmp_path):
    from fintrack.report.publish import publish_report

    output = tmp_path / "shared-output"
    others = {".tmp-build": "a", ".old-config": "b", ".tmp-2026-01-02-1": None, ".old-9999-99-99-1": "c"}
    for name, content in others.items():
        (output / name).mkdir(parents=True)
        if content is None:
            (output / name / "sub").mkdir()  # a folder with sub-folders is not a report fintrack staged
        else:
            (output / name / "file.txt").write_text(content, encoding="utf-8")
    before = snapshot(output)
    folders = sorted(p.name for p in output.rglob("*") if p.is_dir())
    publish_report(output, "2026-01-03", {"report.html": b"<p>ok</p>"})
    after = {k: v for k, v in snapshot(output).items() if not k.startswith(("2026-01-03", "latest"))}
    assert after == before
    assert sorted(p.name for p in output.rglob("*") if p.is_dir() and p.name not in ("2026-01-03", "latest")) == folders
    assert not (output / "config").exists()


def test_case_19_recovery_still_restores_its_own_left_aside_report(tmp_path):
    from fintrack.report.publish import recover_interrupted

    aside = tmp_path / ".old-2026-01-02-999999999"
    aside.mkdir()
    (aside / "report.html").write_bytes(b"previous")
    assert recover_interrupted(tmp_path) == [tmp_path / "2026-01-02"]
    assert (tmp_path / "2026-01-02" / "report.html").read_bytes() == b"previous"


def assert_one_error_line_and_json(capsys, line: str) -> None:
    """stderr is the one ``fintrack: error:`` line and ``--json`` still prints the exit code and that line."""
    captured = capsys.readouterr()
    assert captured.err.strip() == f"fintrack: error: {line}"
    assert json.loads(captured.out) == {"exit_code": 1, "error": line}


def test_case_19_folder_as_log_file_gives_cannot_write_and_json_still_prints(tmp_path, shared_prices_dir,
                                                                             registry_file, capsys):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    args = run_args(shared_prices_dir, tmp_path, registry_file, "--log-file", str(folder), "--json")
    assert main(args) == 1
    assert_one_error_line_and_json(capsys, f"cannot write the log file {folder}: Is a directory")
    assert not (tmp_path / "reports").exists()


def test_case_19_read_only_reports_folder_gives_cannot_write_and_json_still_prints(tmp_path, shared_prices_dir,
                                                                                   registry_file, capsys,
                                                                                   monkeypatch):
    import fintrack.runlock as runlock

    class ReadOnlyLock:  # what filelock raises in a folder without write permission (root ignores chmod)
        def __init__(self, path, timeout=0):
            self.path = path

        def acquire(self):
            raise PermissionError(13, "Permission denied", self.path)

    monkeypatch.setattr(runlock, "FileLock", ReadOnlyLock)
    log = tmp_path / "run.log"
    args = run_args(shared_prices_dir, tmp_path, registry_file, "--log-file", str(log), "--json")
    assert main(args) == 1
    line = f"cannot write the lock file {tmp_path / 'reports' / '.fintrack.lock'}: Permission denied"
    assert_one_error_line_and_json(capsys, line)
    assert f"run failed: {line}" in log.read_text(encoding="utf-8")


def test_case_19_prices_import_into_read_only_cache_names_each_ticker(tmp_path, imported, shared_prices_dir,
                                                                      capsys, monkeypatch):
    import fintrack.files as files

    cache_dir, before = imported
    capsys.readouterr()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    assert main(["prices", "import", str(shared_prices_dir), "QQQ", "SPY"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"fintrack: error: {t}: cannot write the price cache {cache_dir}: Permission denied; the cached file is "
        "unchanged" for t in ("QQQ", "SPY")]
    assert PriceCache(cache_dir).path_for("CAN").read_bytes() == before
    assert sorted(p.name for p in cache_dir.iterdir()) == ["CAN.parquet"]


def test_case_19_a_newline_in_a_file_name_cannot_forge_a_log_line(bad_run):
    escaped = "forged\\nERROR fintrack: forged line.txt skipped: empty article"
    assert escaped in bad_run.log
    assert any(w.endswith(escaped) for w in bad_run.summary["warnings"])
    for text in (bad_run.log, bad_run.err):
        assert not any(line.startswith("ERROR fintrack: forged") for line in text.splitlines())


def test_case_19_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path, capsys):
    article = tmp_path / "a\nfintrack: error: forged.txt"
    article.write_text("", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [f"fintrack: error: {tmp_path}/a\\nfintrack: error: forged.txt: empty article"]


def test_case_19_a_newline_in_a_prices_folder_name_cannot_forge_an_error_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(tmp_path / "cache"))
    prices = tmp_path / "p\nfintrack: error: forged"
    prices.mkdir()
    for name in ("CAN.csv", "can.csv"):
        (prices / name).write_text(HEADER + "2021-03-12,1,1,1,1,1,10\n", encoding="utf-8")
    assert main(["prices", "import", str(prices), "CAN"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"fintrack: error: CAN: several price files match in {tmp_path}/p\\nfintrack: error: forged "
        "(CAN.csv, can.csv); keep one"]


def test_case_19_one_line_escapes_control_characters():
    from fintrack.files import one_line

    assert one_line("a\nb\r\x1b[31mc\u2028") == "a\\nb\\r\\x1b[31mc\\u2028"


def test_case_19_ticker_files_match_case_insensitively(tmp_path):
    from fintrack.market import CsvSource

    (tmp_path / "can.csv").write_text(HEADER + "2021-03-12,1,1,1,1,1,10\n", encoding="utf-8")
    assert CsvSource(tmp_path).path_for("CAN") == tmp_path / "can.csv"


def test_case_19_ticker_files_differing_only_in_case_are_refused(tmp_path, imported, capsys):
    cache_dir, before = imported
    capsys.readouterr()
    prices = tmp_path / "both"
    prices.mkdir()
    for name in ("CAN.csv", "can.csv"):
        (prices / name).write_text(HEADER + "2021-03-12,1,1,1,1,1,10\n", encoding="utf-8")
    assert main(["prices", "import", str(prices), "CAN"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"fintrack: error: CAN: several price files match in {prices} (CAN.csv, can.csv); keep one")
    assert PriceCache(cache_dir).path_for("CAN").read_bytes() == before

