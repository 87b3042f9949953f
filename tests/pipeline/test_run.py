"""`fintrack run` offline, end to end, on ../shared/data/prices and ../shared/articles."""
from __future__ import annotations

import io
import json
import re
import shutil

import pypdf
import pytest

from fintrack.cli import main
from fintrack.report.content import ReportContent

from .conftest import run_args


@pytest.fixture(scope="module")
def report(tmp_path_factory, shared_prices_dir, shared_articles_dir, registry_file):
    work = tmp_path_factory.mktemp("run")
    code = main(run_args(shared_prices_dir, work, registry_file, "--articles", str(shared_articles_dir)))
    return work, code, work / "reports" / "2026-01-02"


def test_offline_run_succeeds_and_writes_every_file(report):
    work, code, folder = report
    assert code == 0
    names = {p.name for p in folder.iterdir()}
    assert {"report.html", "report.pdf", "ar.csv", "car.csv", "tests.csv", "claims.csv", "events.csv",
            "summary.json", "provenance.csv"} <= names
    assert (work / "reports" / "latest").resolve() == folder.resolve()
    assert (work / "reports" / "fintrack.log").read_text().count("report written to") == 1


def test_html_has_every_section_and_the_can_2021_03_09_event(report):
    html = (report[2] / "report.html").read_text(encoding="utf-8")
    for section_id, heading in ReportContent.SECTIONS:
        assert f'<section id="{section_id}">' in html and heading in html
    assert re.search(r"<li>CAN rose [0-9.]+% on 2021-03-09 \(event CAN-2021-03-09", html)  # headline answer
    assert 'id="chart-event-CAN-2021-03-09"' in html             # its AR/CAR chart
    assert "Coefficients, event CAN-2021-03-09" in html and "beta BTC-USD" in html  # both betas, with std errors
    assert "Event Study Results" not in html                      # no repeated summary() blocks
    assert "date not resolved from the text" in html              # the undated event, listed as not studied
    assert len(re.findall(r'src="data:image/svg\+xml;base64,', html)) >= 6  # vector charts: prices, events, CAAR, ...


def test_event_day_car_is_the_large_positive_move(report):
    import pandas as pd

    car = pd.read_csv(report[2] / "car.csv")
    row = car[(car["event_id"] == "CAN-2021-03-09") & (car["window"] == "(0,0)") & (car["study"] == "primary")]
    assert set(row["model"]) == {"market", "market_btc"}
    # CAN closed +52% on 2021-03-09 while QQQ rose ~4%: the day-0 AR is far above zero
    assert (row["car"] > 0.30).all()


def test_pdf_pages_and_text(report):
    reader = pypdf.PdfReader(io.BytesIO((report[2] / "report.pdf").read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 3 <= len(reader.pages) <= 12
    for heading in ("Headline findings", "Events and claims", "Event studies", "Charts", "Methodology",
                    "Data provenance"):
        assert heading in text
    assert "on 2021-03-09 (event CAN-2021-03-09" in text and "Decomposition of the return" in text


def test_summary_json_counts_events_and_verdicts(report):
    summary = json.loads((report[2] / "summary.json").read_text())
    assert summary["run_date"] == "2026-01-02"
    assert summary["events_studied"] >= 1 and summary["events_not_studied"] >= 1
    assert sum(summary["claim_verdicts"].values()) > 0
    assert summary["stale_data"] == []


def _normalised(html: str, folder) -> str:
    for stamp in re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", html):
        html = html.replace(stamp, "FETCHED")
    return html


def test_rerun_on_same_inputs_gives_the_same_report(report, shared_prices_dir, shared_articles_dir, registry_file):
    work, _, folder = report
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(run_args(shared_prices_dir, work, registry_file, "--articles", str(shared_articles_dir))) == 0
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert before.keys() == after.keys()
    # only the cache's fetch times ("fetched at") may differ
    assert _normalised(before["report.html"].decode(), folder) == _normalised(after["report.html"].decode(), folder)
    for name in before:
        if name.endswith((".png", ".svg", ".csv", ".json")) and name != "provenance.csv":
            assert before[name] == after[name], name


def test_hostile_article_title_is_escaped(tmp_path, shared_prices_dir, registry_file):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "evil.txt").write_text('<script>alert("x")</script> Canaan stock jumped 37% on March 9, 2021.\n',
                                       encoding="utf-8")
    assert main(run_args(shared_prices_dir, tmp_path, registry_file, "--articles", str(articles), "--no-pdf")) == 0
    html = (tmp_path / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_json_summary_on_stdout(tmp_path, shared_prices_dir, registry_file, capsys):
    args = [a for a in run_args(shared_prices_dir, tmp_path, registry_file, "--no-pdf") if a != "--quiet"]
    assert main(args + ["--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["exit_code"] == 0 and summary["report_html"].endswith("2026-01-02/report.html")
    assert summary["report_pdf"] is None and summary["events_studied"] == 1


def test_stale_cache_is_used_reported_and_exits_3(tmp_path, shared_prices_dir, registry_file):
    prices = tmp_path / "prices"
    shutil.copytree(shared_prices_dir, prices)
    assert main(run_args(prices, tmp_path, registry_file, "--no-pdf")) == 0  # warms the cache
    (prices / "BITF.csv").unlink()                                          # BITF's source now fails
    assert main(run_args(prices, tmp_path, registry_file, "--no-pdf")) == 3
    html = (tmp_path / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert "BITF: the price update failed" in html and "STALE" in html


def test_shipped_registry_and_claims_from_the_example_config(tmp_path, shared_prices_dir):
    import pandas as pd

    repo = __import__("pathlib").Path(__file__).resolve().parents[2]
    args = ["run", "--config", str(repo / "fintrack.toml"), "--prices-dir", str(shared_prices_dir),
            "--cache-dir", str(tmp_path / "cache"), "--output", str(tmp_path / "reports"), "--date", "2026-01-02",
            "--no-pdf", "--quiet"]
    assert main(args) == 0
    events = pd.read_csv(tmp_path / "reports" / "latest" / "events.csv", dtype=str, keep_default_na=False)
    studied = events[events["status"] == "studied"]
    # the 2021-03-09 session is studied once, under the price move (not the article's publication)
    day = studied[studied["session"] == "2021-03-09"]
    assert len(day) == 1 and day["kind"].iloc[0] == "price_move"
    # month-, year- and period-precise registry events are listed, not studied
    vague = events[events["reason"].str.startswith("date known only to the")]
    assert len(vague) >= 3 and (vague["status"] == "not studied").all()
    claims = pd.read_csv(tmp_path / "reports" / "latest" / "claims.csv")
    assert "verdict" in claims and len(claims) > 0
