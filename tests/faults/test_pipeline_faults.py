"""Fault cases 8-15 of the fault-injection suite: the main job ``fintrack run``.

Each case drives the CLI (in-process, or as real child processes where the
fault is a process dying or two processes racing) and checks the promises of
issue 7: one clear line naming the problem with the documented exit code (2 bad
input or configuration, 3 data unavailable), or a clearly labelled degraded
result; no traceback; the other events and tickers of the run still done; and
no loss of previously cached prices or previous reports (bytes compared before
and after).

Runs are offline on ``../shared/data/prices``. The two full runs that several
cases read are module-scoped fixtures, so the file stays well under a minute.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pypdf
import pytest

from fintrack.errors import MalformedFileError
from fintrack.cli import main
from fintrack.market import PriceCache

from ..children import ForkedChild, run_forked
from ..pipeline.conftest import registry_file, run_args  # noqa: F401 (fixture)

HOSTILE = "<script>alert(1)</script>, \"quoted\" <img src=x onerror=alert(2)>"
HOSTILE_CSV = '"<script>alert(1)</script>, ""quoted"" <img src=x onerror=alert(2)>"'

# One registry holding every kind of event the cases need, next to the good one.
FAULT_REGISTRY = f"""event_id,ticker,date,time,timezone,kind,description,article_id,source_url
CAN-2021-03-09,CAN,2021-03-09,11:55,America/New_York,price_move,CAN up as much as 37%,,
ZZZZ-2021-03-09,ZZZZ,2021-03-09,,,price_move,a company nobody lists,,
CAN-1999-01-04,CAN,1999-01-04,,,news,before CAN's first session,,
CAN-2030-01-02,CAN,2030-01-02,,,news,after the last session in the data,,
CAN-2020-01-15,CAN,2020-01-15,,,news,38 sessions after the listing,,
CAN-hostile,CAN,2021-06-01,,,news,{HOSTILE_CSV},,
CAN-dup,CAN,2021-08-02,,,news,first row with this id,,
CAN-dup,CAN,2021-09-01,,,news,second row with the same id,,
../../../escape,CAN,2021-10-01,,,news,an event id that looks like a path,,
"""

HOSTILE_ARTICLE = ("<script>alert(1)</script> Canaan <img src=x onerror=alert(2)> shares\n\n"
                   "Canaan stock jumped 37% on March 9, 2021. <script>alert(3)</script>\n")


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (symlinks as their target) -> bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = b"-> " + os.readlink(path).encode()
        elif path.is_file() and path.name != "fintrack.log":
            out[rel] = path.read_bytes()
    return out


def report_files(output: Path) -> dict[str, bytes]:
    """The published reports and ``latest`` (not the lock, the log or staging folders)."""
    return {k: v for k, v in snapshot(output).items() if not k.startswith(".") and k != "fintrack.log"}


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory, shared_prices_dir, shared_articles_dir):
    """One full run (with the PDF) on the fault registry and the articles plus a hostile one."""
    work = tmp_path_factory.mktemp("faultrun")
    registry = work / "events.csv"
    registry.write_text(FAULT_REGISTRY, encoding="utf-8")
    articles = work / "articles"
    shutil.copytree(shared_articles_dir, articles)
    (articles / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    code = main(run_args(shared_prices_dir, work, registry, "--articles", str(articles)))
    folder = work / "reports" / "2026-01-02"
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    return code, folder, events


# ---------------------------------------------------------------------------
# 8. a process killed in the middle of writing the cache / a report
# ---------------------------------------------------------------------------
def test_case_08_killed_while_writing_the_cache(tmp_path, shared_prices_dir, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("FINTRACK_CACHE_DIR", str(cache_dir))
    assert main(["prices", "import", str(shared_prices_dir), "CAN"]) == 0
    path = PriceCache(cache_dir).path_for("CAN")
    before = path.read_bytes()
    # the child rebuilds CAN's file and is SIGKILLed after writing half of the new Parquet bytes
    result = run_forked("""
        import os, signal, sys
        import pyarrow.parquet as pq
        real_write = pq.write_table
        def dying_write(table, where, **kw):
            real_write(table, where, **kw)
            data = open(where, "rb").read()
            with open(where, "wb") as handle:
                handle.write(data[: len(data) // 2])
                handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        pq.write_table = dying_write
        from fintrack.cli import main
        sys.exit(main(["prices", "update", "--rebuild", "CAN", "--prices-dir", sys.argv[1]]))
    """, str(shared_prices_dir))
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert path.read_bytes() == before
    assert len(PriceCache(cache_dir).load("CAN")) == 1471
    assert main(["prices", "update", "--rebuild", "CAN", "--prices-dir", str(shared_prices_dir)]) == 0
    assert len(PriceCache(cache_dir).load("CAN")) == 1471


KILLED_RUN = """
    import os, sys
    from pathlib import Path
    from fintrack.report import publish
    point = sys.argv[1]
    if point == "writing":          # half of the third file of the new report, then death
        real = publish.atomic_write_bytes
        calls = []
        def dying(path, write):
            calls.append(path)
            if len(calls) == 3:
                Path(path).parent.joinpath("half").write_bytes(b"x" * 100)
                os._exit(9)
            real(path, write)
        publish.atomic_write_bytes = dying
    elif point == "exchanging":     # right after the atomic swap, before the old folder is removed
        real_exchange = publish._exchange
        def dying_exchange(a, b):
            assert real_exchange(a, b)
            os._exit(9)
        publish._exchange = dying_exchange
    else:                           # no atomic swap: between moving the old folder aside and the new one in
        publish._exchange = lambda a, b: False
        real_replace = os.replace
        def dying_replace(src, dst):
            real_replace(src, dst)
            if Path(str(dst)).name.startswith(".old-"):
                os._exit(9)
        publish.os.replace = dying_replace
    from fintrack.cli import main
    sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def first_report(tmp_path_factory, shared_prices_dir) -> Path:
    """A folder holding a good report for 2026-01-02, its price cache and its registry (made once per module)."""
    from ..pipeline.conftest import REGISTRY

    work = tmp_path_factory.mktemp("first-report")
    registry = work / "events.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    assert main(run_args(shared_prices_dir, work, registry, "--no-pdf")) == 0
    return work


@pytest.fixture
def previous_report(first_report, tmp_path, shared_prices_dir):
    """This test's own copy of a good report for 2026-01-02, and the arguments that made it."""
    shutil.copytree(first_report, tmp_path, symlinks=True, dirs_exist_ok=True)
    args = run_args(shared_prices_dir, tmp_path, tmp_path / "events.csv", "--no-pdf")
    output = tmp_path / "reports"
    before = report_files(output)
    assert "2026-01-02/report.html" in before and before["latest"] == b"-> 2026-01-02"
    return args, output, before


def _rerun_succeeds(args, output, before):
    assert main(args) == 0  # a normal rerun succeeds and leaves no staging folder behind
    after = report_files(output)
    assert after.keys() == before.keys()
    assert after["2026-01-02/summary.json"] == before["2026-01-02/summary.json"]
    assert [p.name for p in output.iterdir() if p.name.startswith((".tmp-", ".old-"))] == []


def test_case_08_killed_while_writing_a_report(previous_report):
    args, output, before = previous_report
    killed = run_forked(KILLED_RUN, "writing", *args)
    assert killed.returncode == 9, killed.stderr
    assert report_files(output) == before  # the previous report and `latest`, byte for byte
    _rerun_succeeds(args, output, before)


def test_case_08_killed_while_swapping_in_a_report(previous_report):
    """Killed just after the atomic exchange: the new report is complete in place, nothing half-written."""
    args, output, before = previous_report
    killed = run_forked(KILLED_RUN, "exchanging", *args)
    assert killed.returncode == 9, killed.stderr
    now = report_files(output)
    assert now.keys() == before.keys() and now["latest"] == b"-> 2026-01-02"
    assert now["2026-01-02/summary.json"] == before["2026-01-02/summary.json"]
    _rerun_succeeds(args, output, before)


def test_case_08_killed_between_the_fallback_renames_then_restored(previous_report, tmp_path, capsys):
    """Where folders cannot be exchanged atomically, the next run (even one that fails) moves the old report back."""
    args, output, before = previous_report
    killed = run_forked(KILLED_RUN, "renaming", *args)
    assert killed.returncode == 9, killed.stderr
    assert not (output / "2026-01-02").exists()  # the old report sits in .old-2026-01-02-<pid>
    config = tmp_path / "zzzz.toml"
    config.write_text("[tickers]\nprimary = \"ZZZZ\"\n", encoding="utf-8")
    assert main(args + ["--config", str(config)]) == 3  # a run that fails for lack of data...
    assert report_files(output) == before              # ...has still put the previous report back
    _rerun_succeeds(args, output, before)


def _disk_full(*args, **kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_case_08_disk_full_while_writing_a_report(previous_report, monkeypatch, capsys):
    from fintrack.report import publish

    args, output, before = previous_report
    monkeypatch.setattr(publish, "atomic_write_bytes", _disk_full)
    capsys.readouterr()
    assert main(args) == 1
    assert one_error_line(capsys) == (f"fintrack: error: cannot write the report to {output / '2026-01-02'}: "
                                      "No space left on device; the previous report is unchanged")
    assert report_files(output) == before
    assert [p.name for p in output.iterdir() if p.name.startswith((".tmp-", ".old-"))] == []


def test_case_08_disk_full_while_writing_the_cache(previous_report, tmp_path, shared_prices_dir, monkeypatch):
    """A new CAN bar cannot be cached: the old file is kept and used, the report marks CAN STALE (exit 3)."""
    from fintrack.market import cache as cache_module

    args, output, before = previous_report
    prices = tmp_path / "prices"
    shutil.copytree(shared_prices_dir, prices)
    with (prices / "CAN.csv").open("a", encoding="utf-8") as handle:
        handle.write("2025-09-30,0.9,0.95,0.85,0.9,0.9,1000\n")
    cached = PriceCache(tmp_path / "cache").path_for("CAN")
    cached_before = cached.read_bytes()
    monkeypatch.setattr(cache_module, "atomic_write_bytes", _disk_full)
    args = [str(prices) if a == str(shared_prices_dir) else a for a in args]
    assert main(args) == 3
    assert cached.read_bytes() == cached_before
    html = (output / "latest" / "report.html").read_text(encoding="utf-8")
    assert f"cannot write the price cache {tmp_path / 'cache'}: No space left on device" in html
    assert "STALE" in html


# ---------------------------------------------------------------------------
# 9. two runs at the same time
# ---------------------------------------------------------------------------
HOLDS_THE_LOCK = """
    import contextlib, sys, time
    from pathlib import Path
    import fintrack.pipeline as pipeline
    held, go = Path(sys.argv[1]), Path(sys.argv[2])
    real_lock = pipeline.run_lock
    @contextlib.contextmanager
    def announcing_lock(folder, timeout=0):
        with real_lock(folder, timeout) as path:
            held.write_text("held")
            deadline = time.monotonic() + 60
            while not go.exists() and time.monotonic() < deadline:  # keep the lock until the rival has tried
                time.sleep(0.05)
            yield path
    pipeline.run_lock = announcing_lock
    from fintrack.cli import main
    sys.exit(main(sys.argv[3:]))
"""


RUN = """
    import sys
    from fintrack.cli import main
    sys.exit(main(sys.argv[1:]))
"""


def test_case_09_two_runs_at_the_same_time(tmp_path, shared_prices_dir, registry_file):
    args = run_args(shared_prices_dir, tmp_path, registry_file, "--no-pdf")
    held, go = tmp_path / "held", tmp_path / "go"
    first = ForkedChild(HOLDS_THE_LOCK, str(held), str(go), *args)
    try:
        deadline = time.monotonic() + 60
        while not held.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert held.exists(), first.wait().stderr
        second = run_forked(RUN, *args)
        go.write_text("go")
        err = first.wait().stderr
    finally:
        first.kill()
    lock = tmp_path / "reports" / ".fintrack.lock"
    assert second.returncode == 1
    assert second.stderr.strip() == (f"fintrack: error: another fintrack run holds the lock {lock}; "
                                     "try again when it has finished")
    assert first.returncode == 0, err
    folder = tmp_path / "reports" / "2026-01-02"
    assert (tmp_path / "reports" / "latest").resolve() == folder.resolve()
    summary = (folder / "summary.json").read_text()
    assert '"events_studied": 1' in summary
    assert {"report.html", "events.csv", "car.csv", "summary.json"} <= {p.name for p in folder.iterdir()}
    assert "</html>" in (folder / "report.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# 10. malformed articles
# ---------------------------------------------------------------------------
GOOD_TEXT = "Canaan shares\n\nCanaan stock jumped 37% on March 9, 2021.\n"
BAD_ARTICLES = {
    "empty.txt": (b"", "empty article"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file, not an article"),
    "latin1.txt": ("Canaan caf\u00e9 stock jumped 37% on March 9, 2021.\n".encode("latin-1"),
                   "not UTF-8 text (byte 10)"),
    "huge.txt": (None, "article is 1.3 MB, larger than the 1.0 MB limit"),
    "utf16.txt": (GOOD_TEXT.encode("utf-16"), "UTF-16 text, not UTF-8; save it as UTF-8"),
}


def _write_bad(folder: Path, name: str) -> Path:
    data, _ = BAD_ARTICLES[name]
    path = folder / name
    if data is None:
        path.write_bytes(("Canaan stock jumped 37% on March 9, 2021. " * 30_000).encode())  # 1.29 MB
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(BAD_ARTICLES))
def test_case_10_malformed_article_via_extract(name, tmp_path, capsys):
    path = _write_bad(tmp_path, name)
    assert main(["extract", str(path), "-o", str(tmp_path / "out.json")]) == 2
    assert one_error_line(capsys) == f"fintrack: error: {path}: {BAD_ARTICLES[name][1]}"
    assert not (tmp_path / "out.json").exists()


def test_case_10_article_at_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    """The limit keeps a cron run from holding its lock for minutes on a giant file;
    how long extraction takes near it is measured by scripts/bench_extract.py."""
    from fintrack.news import load_article
    from fintrack.news.articles import MAX_ARTICLE_BYTES

    sentence = "Canaan stock jumped 37% on March 9, 2021. "
    body = (sentence * (MAX_ARTICLE_BYTES // len(sentence) + 1))[:MAX_ARTICLE_BYTES]
    at_limit = tmp_path / "at_limit.txt"
    at_limit.write_text(body, encoding="utf-8")
    assert len(load_article(at_limit).text) == MAX_ARTICLE_BYTES
    over = tmp_path / "over.txt"
    over.write_text(body + "x", encoding="utf-8")
    with pytest.raises(MalformedFileError, match=r"over.txt: article is 1.0 MB, larger than the 1.0 MB limit"):
        load_article(over)


@pytest.fixture(scope="module")
def run_with_bad_articles(tmp_path_factory, shared_prices_dir, registry_file):
    work = tmp_path_factory.mktemp("badarticles")
    articles = work / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    for name in BAD_ARTICLES:
        _write_bad(articles, name)
    code = main(run_args(shared_prices_dir, work, registry_file, "--articles", str(articles), "--no-pdf"))
    return code, work, articles


def test_case_10_malformed_articles_among_good_ones_in_a_run(run_with_bad_articles):
    code, work, articles = run_with_bad_articles
    assert code == 2  # bad input; the report is still written, without the bad articles
    folder = work / "reports" / "latest"
    summary = (folder / "summary.json").read_text(encoding="utf-8")
    html = (folder / "report.html").read_text(encoding="utf-8")
    for name, (_, message) in BAD_ARTICLES.items():
        line = f"article {articles / name} skipped: {message}"
        assert line in summary and line in html, name
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    assert (events["origin"] == "article").any()                      # the good article was read
    assert (events.loc[events["event_id"] == "CAN-2021-03-09", "status"] == "studied").all()
    log = (work / "reports" / "fintrack.log").read_text(encoding="utf-8")
    assert f"article {articles / 'empty.txt'} skipped: empty article" in log


def test_case_10_malformed_articles_in_a_run_are_named_on_stderr(tmp_path, shared_prices_dir, registry_file,
                                                                 capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    _write_bad(articles, "empty.txt")
    args = [a for a in run_args(shared_prices_dir, tmp_path, registry_file, "--articles", str(articles),
                                "--no-pdf") if a != "--quiet"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"warning: article {articles / 'empty.txt'} skipped: empty article" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# 11-13. events the study cannot use
# ---------------------------------------------------------------------------
def test_case_11_unknown_ticker_in_the_events_table(fault_run):
    code, folder, events = fault_run
    assert code == 0
    assert events.loc["ZZZZ-2021-03-09", "status"] == "not studied"
    assert events.loc["ZZZZ-2021-03-09", "reason"] == "about ZZZZ, not CAN; ZZZZ has no price data"
    assert events.loc["CAN-2021-03-09", "status"] == "studied"
    car = pd.read_csv(folder / "car.csv")
    assert "CAN-2021-03-09" in set(car["event_id"]) and not car["event_id"].str.contains("ZZZZ").any()


def test_case_11_repeated_event_id_costs_only_the_repeat(fault_run):
    code, folder, events = fault_run
    assert code == 0
    dup = events.loc["CAN-dup"]
    assert dup["status"].tolist() == ["studied", "not studied"]
    assert dup["reason"].tolist() == ["", "event_id 'CAN-dup' repeats an earlier event's"]
    assert events.loc["CAN-2021-03-09", "status"] == "studied"


def test_case_11_event_id_that_looks_like_a_path_stays_inside_the_report(fault_run):
    code, folder, events = fault_run
    assert events.loc["../../../escape", "status"] == "studied"
    assert (folder / "chart-event-.._.._.._escape.svg").is_file()
    assert [p for p in folder.iterdir() if p.is_dir()] == []
    assert [p for p in folder.parents[2].rglob("*escape*") if folder not in p.parents] == []


BAD_EVENT_TABLES = {
    "row_longer_than_header": (b"event_id,ticker,date\nA,CAN,2021-03-09,extra,fields\n",
                               "line 2 has 5 fields, the header 3"),
    "binary": (b"\x00\x01\x02", "binary file, not a CSV text file"),
    "empty": (b"", "cannot parse CSV (No columns to parse from file)"),
    "latin1": ("event_id,ticker,date,description\nA,CAN,2021-03-09,caf\u00e9\n".encode("latin-1"),
               "not a UTF-8 text CSV file"),
}


@pytest.mark.parametrize("name", sorted(BAD_EVENT_TABLES))
def test_case_11_malformed_events_table(name, tmp_path, shared_prices_dir, capsys):
    data, message = BAD_EVENT_TABLES[name]
    registry = tmp_path / "events.csv"
    registry.write_bytes(data)
    assert main(run_args(shared_prices_dir, tmp_path, registry, "--no-pdf")) == 2
    assert one_error_line(capsys) == f"fintrack: error: event registry {registry}: {message}"
    assert report_files(tmp_path / "reports") == {}


def test_case_12_event_date_outside_the_price_data(fault_run):
    code, folder, events = fault_run
    assert code == 0
    assert events.loc["CAN-1999-01-04", "status"] == "not studied"
    assert events.loc["CAN-1999-01-04", "reason"] == "date 1999-01-04 is before the first price data 2019-11-20"
    assert events.loc["CAN-2030-01-02", "status"] == "not studied"
    assert events.loc["CAN-2030-01-02", "reason"] == "date 2030-01-02 is after the last price data 2025-09-29"
    assert events.loc["CAN-2021-03-09", "status"] == "studied"
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "CAN-2030-01-02" in html and "is after the last price data 2025-09-29" in html


def test_case_13_event_too_close_to_the_start_of_the_data(fault_run):
    code, folder, events = fault_run
    assert events.loc["CAN-2020-01-15", "status"] == "not studied"
    # CAN listed on 2019-11-20: day 0 on 2020-01-15 leaves 26 returns before day -11, not 120
    assert events.loc["CAN-2020-01-15", "reason"] == "market model: only 26 valid estimation returns (< 120)"
    assert events.loc["CAN-hostile", "status"] == "studied"  # a later event with a full window still is


def test_case_13_min_estimation_obs_longer_than_the_estimation_window(tmp_path, shared_prices_dir,
                                                                      registry_file, capsys):
    config = tmp_path / "short.toml"
    config.write_text("[study]\nestimation_window = [-60, -11]\nmin_estimation_obs = 120\n", encoding="utf-8")
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config))) == 2
    assert one_error_line(capsys) == ("fintrack: error: study.min_estimation_obs = 120 exceeds the estimation "
                                      "window's 50 sessions")
    assert not (tmp_path / "reports").exists()


# ---------------------------------------------------------------------------
# 14. HTML and script in titles and text
# ---------------------------------------------------------------------------
def test_case_14_html_and_script_are_escaped_in_report_html(fault_run):
    code, folder, _ = fault_run
    assert code == 0
    html = (folder / "report.html").read_text(encoding="utf-8")
    lowered = html.lower()
    assert "<script" not in lowered            # anywhere: markup, attributes, embedded data
    assert "<img src=x" not in lowered and "<img src=\"x\"" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_case_14_html_and_script_are_inert_in_the_pdf(fault_run):
    _, folder, _ = fault_run
    data = (folder / "report.pdf").read_bytes()
    # fpdf2's /OpenAction only sets the initial view ([page /FitH null]); no action runs code
    for action in (b"/JavaScript", b"/JS ", b"/Launch", b"/AA ", b"/SubmitForm"):
        assert action not in data
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "<script>alert(1)</script>" in text  # printed as plain text


def test_case_14_html_and_script_survive_the_csvs_as_plain_text(fault_run):
    _, folder, events = fault_run
    assert events.loc["CAN-hostile", "description"] == HOSTILE  # one row, comma and quotes intact
    articles = (folder / "report.html").read_text(encoding="utf-8")
    assert "hostile" in articles


def test_case_14_characters_the_fonts_lack_keep_a_quiet_run_quiet(tmp_path, shared_prices_dir):
    """Emoji, CJK and bidi controls in a description: the HTML and PDF are written and cron gets no stderr."""
    registry = tmp_path / "events.csv"
    registry.write_text("event_id,ticker,date,kind,description\n"
                        "CAN-2021-03-09,CAN,2021-03-09,price_move,Canaan \U0001f680 \u66b4\u6da8 \u202eevil\u202c\n",
                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "fintrack.cli", *run_args(shared_prices_dir, tmp_path, registry)],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    folder = tmp_path / "reports" / "latest"
    assert "Canaan \U0001f680 \u66b4\u6da8" in (folder / "report.html").read_text(encoding="utf-8")
    assert len(pypdf.PdfReader(folder / "report.pdf").pages) >= 3  # the whole (compact) report, not a stub


# ---------------------------------------------------------------------------
# 15. invalid configuration values
# ---------------------------------------------------------------------------
BAD_CONFIGS = {
    "inverted_event_window": ("[study]\nevent_window = [5, -5]\n",
                              "study.event_window: window [5, -5] is inverted (start after end)"),
    "inverted_estimation_window": ("[study]\nestimation_window = [-11, -250]\n",
                                   "study.estimation_window: window [-11, -250] is inverted (start after end)"),
    "negative_min_obs": ("[study]\nmin_estimation_obs = -10\n",
                         "study.min_estimation_obs: expected a positive integer, got -10"),
    "negative_rolling_window": ("[report]\nrolling_window = -60\n",
                                "report.rolling_window: expected a positive integer, got -60"),
    "overlapping_windows": ("[study]\nevent_window = [-20, 5]\ncar_windows = [[0, 0]]\n",
                            "study.estimation_window [-250, -11] must end before study.event_window [-20, 5] "
                            "starts"),
    "event_window_after_day_0": ("[study]\nestimation_window = [10, 250]\n",
                                 "study.estimation_window [10, 250] must end before study.event_window [-5, 5] "
                                 "starts"),
    "car_window_outside": ("[study]\ncar_windows = [[0, 10]]\n",
                           "study.car_windows: [0, 10] lies outside the event window [-5, 5]"),
    "unknown_model": ("[study]\nmodels = [\"capm\"]\n",
                      "study.models: unknown model 'capm' (known: market, market_btc, market_adjusted, "
                      "constant_mean, raw, ff3, carhart4, ff5, scholes_williams, dimson, dimson_btc, garch)"),
    "bad_ticker": ("[tickers]\npeers = [\"MARA\", \"RI OT\"]\n",
                   "tickers.peers: 'RI OT' is not a ticker symbol (letters, digits, '.', '-', '=', '^')"),
    "missing_registry": ("[events]\nregistry = \"no-such-events.csv\"\n",
                         "events.registry: {dir}/no-such-events.csv not found"),
    "missing_claims": ("[events]\nclaims = \"no-such-claims.csv\"\n",
                       "events.claims: {dir}/no-such-claims.csv not found"),
    "missing_prices_dir": ("[data]\nprices_dir = \"no-such-folder\"\n",
                           "data.prices_dir: {dir}/no-such-folder is not a folder"),
    "malformed_toml": ("[study\nmodels = [\"market\"]\n",
                       "{dir}/bad.toml: invalid TOML (Expected ']' at the end of a table declaration "
                       "(at line 1, column 7))"),
    "not_utf8": (b"[report]\ntitle = \"caf\xe9\"\n", "{dir}/bad.toml: not a UTF-8 text file"),
    "wrong_type_int": ("[study]\nmin_estimation_obs = \"120\"\n",
                       "study.min_estimation_obs: expected a positive integer, got '120'"),
    "wrong_type_bool": ("[report]\npdf = \"yes\"\n", "report.pdf: expected true or false, got 'yes'"),
    "wrong_type_window": ("[study]\nevent_window = \"-5,5\"\n",
                          "study.event_window: expected two integers [start, end] in sessions relative to the "
                          "event, got '-5,5'"),
    "wrong_type_list": ("[tickers]\npeers = \"MARA\"\n", "tickers.peers: expected a list of tickers, got 'MARA'"),
    "wrong_type_date": ("[data]\nstart = \"soon\"\n", "data.start: 'soon' is not a date (YYYY-MM-DD)"),
    "unknown_key": ("[study]\nwindow = 5\n",
                    "[study] unknown key 'window' (expected: models, estimation_window, event_window, car_windows, "
                    "min_estimation_obs, mask_overlaps, threads)"),
    "unknown_section": ("[plots]\ndpi = 5\n",
                        "unknown section [plots] (expected one of: tickers, data, events, study, report)"),
    "unknown_calendar": ("[data]\ncalendar = \"XXXX\"\n",
                         "data.calendar: unknown trading calendar 'XXXX' (e.g. XNAS, XNYS)"),
    "start_in_the_future": ("[data]\nstart = \"2999-01-01\"\n",
                            "data.start: 2999-01-01 is in the future; no prices to fetch from there"),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_case_15_invalid_configuration_value(name, tmp_path, shared_prices_dir, registry_file, capsys):
    text, message = BAD_CONFIGS[name]
    config = tmp_path / "bad.toml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    args = run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config))
    if name.startswith("missing_"):  # the file's value must not be overridden by the command line
        args = ["run", "--config", str(config), "--cache-dir", str(tmp_path / "cache"),
                "--output", str(tmp_path / "reports"), "--quiet"]
    assert main(args) == 2
    assert one_error_line(capsys) == "fintrack: error: " + message.format(dir=tmp_path)
    assert not (tmp_path / "reports").exists()
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("key", ["output", "cache-dir"])
def test_case_15_output_or_cache_folder_that_is_a_file(key, tmp_path, shared_prices_dir, registry_file, capsys):
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"keep me\n")
    args = run_args(shared_prices_dir, tmp_path, registry_file) + [f"--{key}", str(a_file)]
    assert main(args) == 2
    section = "report.output" if key == "output" else "data.cache_dir"
    assert one_error_line(capsys) == f"fintrack: error: {section}: {a_file} is a file, not a folder"
    assert a_file.read_bytes() == b"keep me\n"
    assert not (tmp_path / "reports").exists()


def test_case_15_invalid_configuration_with_json_prints_the_error_as_json(tmp_path, shared_prices_dir,
                                                                         registry_file, capsys):
    import json

    config = tmp_path / "bad.toml"
    config.write_text("[study]\nmodels = [\"capm\"]\n", encoding="utf-8")
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config), "--json")) == 2
    out = capsys.readouterr().out
    assert json.loads(out) == {"exit_code": 2, "error": "study.models: unknown model 'capm' (known: market, "
                                                        "market_btc, market_adjusted, constant_mean, raw, ff3, "
                                                        "carhart4, ff5, scholes_williams, dimson, dimson_btc, "
                                                        "garch)"}


def test_case_15_missing_config_file(tmp_path, shared_prices_dir, registry_file, capsys):
    missing = tmp_path / "nope.toml"
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(missing))) == 2
    assert one_error_line(capsys) == f"fintrack: error: config file not found: {missing}"
    assert not (tmp_path / "reports").exists()


def test_case_15_valid_ticker_without_data_is_data_unavailable_not_config(tmp_path, shared_prices_dir,
                                                                          registry_file, capsys):
    """A well-formed but unknown primary ticker is a data question (exit 3); no report is written."""
    config = tmp_path / "zzzz.toml"
    config.write_text("[tickers]\nprimary = \"ZZZZ\"\n", encoding="utf-8")
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config))) == 3
    assert one_error_line(capsys).startswith("fintrack: error: no price data for the primary ticker ZZZZ")
    assert report_files(tmp_path / "reports") == {}
