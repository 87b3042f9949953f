"""Papercuts a new user hits on first contact, each with its test (issue 10, point 4)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from fintrack.cli import main
from fintrack.market.sources import SAMPLE_DIR, YahooSource

from .test_sample_data import run_args, work  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as strict JSON parsers do."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


# -- extract --published is a fallback; --force-published overrides ----------------------------------
@pytest.fixture
def two_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "dated.txt").write_text("Riot shares rose 5% on Monday.", encoding="utf-8")
    (folder / "undated.txt").write_text("Marathon shares fell 3% on Monday.", encoding="utf-8")
    (folder / "articles.csv").write_text("id,file,source,url,published\nd,dated.txt,Wire,,2024-05-08\n"
                                         "u,undated.txt,Wire,,\n", encoding="utf-8")
    return folder


def test_published_is_a_fallback_for_undated_articles(two_articles, capsys):
    assert main(["extract", str(two_articles), "--published", "2024-06-12", "-o", "-"]) == 0
    out = strict_json(capsys.readouterr().out)
    published = {c["article_id"]: (c["published"], c["date"]) for c in out["claims"]}
    assert published == {"d": ("2024-05-08", "2024-05-06"), "u": ("2024-06-12", "2024-06-10")}


def test_force_published_replaces_every_date(two_articles, capsys):
    assert main(["extract", str(two_articles), "--force-published", "2024-06-12", "-o", "-"]) == 0
    out = strict_json(capsys.readouterr().out)
    assert {c["published"] for c in out["claims"]} == {"2024-06-12"}


# -- JSON never holds NaN/Infinity and round-trips extract -> verify --------------------------------
def test_extract_json_then_verify_round_trips(tmp_path, shared_articles_dir, capsys):
    out = tmp_path / "x.json"
    assert main(["extract", str(shared_articles_dir), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    claims = strict_json(text)["claims"]
    assert any(c["value"] is None for c in claims)  # a number lost from the text is null
    capsys.readouterr()
    assert main(["verify", str(out), "--prices-dir", str(SAMPLE_DIR), "--json"]) == 0
    verdicts = strict_json(capsys.readouterr().out)
    assert len(verdicts) == len(claims)
    lost = [v for v in verdicts if v["claimed_value"] is None]
    assert len(lost) == sum(c["value"] is None for c in claims) and {v["verdict"] for v in lost} == {"unverifiable"}


def test_extract_to_stdout_writes_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Riot shares rose 5% on Monday.", encoding="utf-8")
    assert main(["extract", "a.txt", "--published", "2024-05-08", "-o", "-"]) == 0
    captured = capsys.readouterr()
    (claim,) = strict_json(captured.out)["claims"]
    assert (claim["subject"], claim["value"]) == ("RIOT", 5.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert "-> stdout" in captured.err


# -- the cache `prices import` fills is read first, and FINTRACK_CACHE_DIR is honoured --------------
@pytest.fixture
def imported_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(cache))
    monkeypatch.delenv("FINTRACK_PRICES_DIR", raising=False)
    for ticker in ("CAN", "QQQ", "BTC-USD"):
        assert main(["prices", "import", str(SAMPLE_DIR), ticker]) == 0
    monkeypatch.setattr(YahooSource, "_download", lambda *a: pytest.fail("went to Yahoo"))
    return cache


def test_verify_reads_the_cache_without_a_prices_folder(imported_cache, tmp_path, capsys):
    claims = tmp_path / "claims.csv"
    claims.write_bytes((REPO / "data" / "claims.csv").read_bytes())
    capsys.readouterr()
    assert main(["verify", str(claims), "--json"]) == 0
    verdicts = strict_json(capsys.readouterr().out)
    by_id = {v["claim_id"]: v for v in verdicts}
    assert by_id["bi-2021-03-09-canaan-37pct-c1"]["verdict"] == "consistent"  # as much as 37% on 2021-03-09
    assert by_id["bi-2021-03-09-canaan-37pct-c2"]["verdict"] == "supported"   # bitcoin's $1 trillion


def test_load_prices_reads_the_cache_first(imported_cache):
    import fintrack as ft

    can = ft.load_prices("CAN", "2021-03-09", "2021-03-09")
    assert can["close"].iloc[0] == pytest.approx(28.690001)
    assert can.attrs["provenance"]["source"] == "csv"


def test_run_honours_fintrack_cache_dir(work, imported_cache, capsys):  # noqa: F811
    args = [a for a in run_args(work, "--offline", "--json")]
    i = args.index("--cache-dir")
    del args[i:i + 2]
    assert main(args) == 0  # the imported cache, not the bundled sample
    out = json.loads(capsys.readouterr().out)
    assert not any("bundled sample" in w for w in out["warnings"])
    prov = pd.read_csv(work / "reports" / "latest" / "provenance.csv")
    assert set(prov["source"]) == {"csv"}


# -- dates: ISO only, one line naming the value (and the line) -------------------------------------
@pytest.mark.parametrize("argv, line", [
    (["prices", "show", "CAN", "--start", "2021-13-45"], "fintrack: error: --start: '2021-13-45' is not a date "
                                                         "in YYYY-MM-DD form"),
    (["prices", "show", "CAN", "--end", "09/03/2021"], "fintrack: error: --end: '09/03/2021' is not a date in "
                                                       "YYYY-MM-DD form"),
    (["prices", "show", "CAN", "--start", "2021-03-10", "--end", "2021-03-01"],
     "fintrack: error: --start 2021-03-10 is after --end 2021-03-01"),
    (["prices", "update", "CAN", "--start", "2021-3-9"], "fintrack: error: --start: '2021-3-9' is not a date in "
                                                         "YYYY-MM-DD form"),
])
def test_bad_dates_on_the_command_line(argv, line, tmp_path, capsys):
    assert main([*argv, "--cache-dir", str(tmp_path), "--prices-dir", str(SAMPLE_DIR)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [line]


def test_non_iso_date_in_the_event_registry_names_the_line(work, capsys):  # noqa: F811
    (work / "events.csv").write_text("event_id,ticker,date\ne1,CAN,2021-03-09\ne2,CAN,09/03/2021\n",
                                     encoding="utf-8")
    assert main(run_args(work, "--sample")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"fintrack: error: event registry {work / 'events.csv'}: line 3: date '09/03/2021' is not "
                   "an ISO date (YYYY-MM-DD, a date and time with its UTC offset, YYYY-MM or YYYY)"]
    assert not (work / "reports" / "latest").exists()


def test_non_iso_date_in_the_claims_file_names_the_line(work, capsys):  # noqa: F811
    from fintrack.news.schema import CLAIM_COLUMNS

    row = {c: "" for c in CLAIM_COLUMNS} | {"claim_id": "c1", "subject": "CAN", "metric": "close_to_close_move",
                                           "value": "5", "date": "2021-03-09", "date_end": "3/9/2021"}
    (work / "claims.csv").write_text(",".join(CLAIM_COLUMNS) + "\n" + ",".join(row[c] for c in CLAIM_COLUMNS) + "\n",
                                     encoding="utf-8")
    assert main(run_args(work, "--sample")) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"fintrack: error: claims file {work / 'claims.csv'}: line 2: date_end '3/9/2021' is not "
        "an ISO date (YYYY-MM-DD, a date and time with its UTC offset, YYYY-MM or YYYY)"]


def test_inverted_date_range_in_the_event_registry(work, capsys):  # noqa: F811
    (work / "events.csv").write_text("event_id,ticker,date,date_end\ne1,CAN,2021-03-09,2021-03-01\n",
                                     encoding="utf-8")
    assert main(run_args(work, "--sample")) == 2
    assert capsys.readouterr().err.strip().endswith("line 2: date_end 2021-03-01 is before date 2021-03-09")


@pytest.mark.parametrize("value, message", [
    ((dt.date.today() + dt.timedelta(days=1)).isoformat(), "is in the future"),
    ("2021-3-9", "is not a date in YYYY-MM-DD form"),
    ("2021-02-30", "is not a date in YYYY-MM-DD form"),
])
def test_run_date_must_be_iso_and_not_in_the_future(value, message, work, capsys):  # noqa: F811
    args = run_args(work, "--sample")
    args[args.index("--date") + 1] = value
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fintrack: error: --date: ") and value in err[0] and message in err[0]
    assert not (work / "reports").exists()


# -- an empty run warns in one line and exits 2, even with --quiet ---------------------------------
def test_empty_run_warns_and_exits_2_even_quiet(work, capsys):  # noqa: F811
    (work / "events.csv").write_text("event_id,ticker,date\n", encoding="utf-8")
    assert main(run_args(work, "--sample", "--quiet")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: empty run: no events and no claims")


# -- stale data says its age; an unfinished bar is dropped -----------------------------------------
def test_old_data_is_labelled_data_as_of_never_fresh(work, capsys):  # noqa: F811
    folder = work / "csv"
    folder.mkdir()
    for ticker in ("CAN", "QQQ", "BTC-USD"):
        (folder / f"{ticker}.csv").write_bytes((SAMPLE_DIR / f"{ticker}.csv").read_bytes())
    args = run_args(work, "--prices-dir", str(folder))
    args[args.index("--date") + 1] = "2025-10-01"
    assert main(args) == 0
    status = dict(pd.read_csv(work / "reports" / "2025-10-01" / "provenance.csv")[["ticker", "last"]].values)
    html = (work / "reports" / "2025-10-01" / "report.html").read_text(encoding="utf-8")
    assert status["CAN"] == "2025-09-29" and "fresh" in html  # two days old: fresh
    args[args.index("--date") + 1] = "2026-01-02"
    assert main(args) == 0
    html = (work / "reports" / "2026-01-02" / "report.html").read_text(encoding="utf-8")
    can_row = re.search(r"<tr><td>CAN</td>.*?</tr>", html).group(0)
    assert "data as of 2025-09-29" in can_row and "fresh" not in can_row


def _bars(dates):
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="Date").tz_localize("UTC")
    n = len(dates)
    return pd.DataFrame({"Open": [100.0] * n, "High": [110.0] * n, "Low": [90.0] * n, "Close": [105.0] * n,
                         "Adj Close": [105.0] * n, "Volume": [1] * n}, index=index)


def test_the_unfinished_utc_bar_of_bitcoin_is_dropped(monkeypatch):
    days = [d.date().isoformat() for d in pd.date_range("2026-11-25", "2026-12-04")]
    monkeypatch.setattr(YahooSource, "_download", lambda self, t, s, e: _bars(days))
    at_2230 = YahooSource(now=lambda: pd.Timestamp("2026-12-04 22:30", tz="UTC")).fetch("BTC-USD")
    assert at_2230.index[-1] == pd.Timestamp("2026-12-03")  # the 2026-12-04 UTC day is not over
    after_midnight = YahooSource(now=lambda: pd.Timestamp("2026-12-05 00:10", tz="UTC")).fetch("BTC-USD")
    assert after_midnight.index[-1] == pd.Timestamp("2026-12-04")


def test_a_stock_bar_during_the_session_is_dropped(monkeypatch):
    days = [d.date().isoformat() for d in pd.bdate_range("2026-11-23", "2026-12-04")]
    index = pd.DatetimeIndex(pd.to_datetime(days), name="Date").tz_localize("America/New_York")
    frame = _bars(days).set_axis(index)
    monkeypatch.setattr(YahooSource, "_download", lambda self, t, s, e: frame)
    open_ = YahooSource(now=lambda: pd.Timestamp("2026-12-04 18:00", tz="UTC")).fetch("QQQ")  # 13:00 New York
    assert open_.index[-1] == pd.Timestamp("2026-12-03")
    closed = YahooSource(now=lambda: pd.Timestamp("2026-12-04 22:30", tz="UTC")).fetch("QQQ")
    assert closed.index[-1] == pd.Timestamp("2026-12-04")


# -- the README's cron line uses the virtualenv the quick start creates ----------------------------
def test_readme_cron_line_uses_the_quick_start_venv():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    main_command = readme.split("<!-- main-command -->", 1)[1].split("```")[1]
    venv = re.search(r"python3 -m venv (\S+)", main_command).group(1)
    cron = re.search(r"```cron\n(.+?)\n```", readme, re.S).group(1).strip()
    assert f"&& {venv}/bin/python scripts/daily_update.py" in cron
    assert (REPO / "scripts" / "daily_update.py").is_file()
