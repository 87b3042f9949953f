"""``fintrack extract``: outputs, --published, and one-line errors with exit codes."""
from __future__ import annotations

import json
import shutil

import pandas as pd

from fintrack.cli import main
from fintrack.news import CLAIM_COLUMNS, EVENT_COLUMNS


def test_json_output_has_events_and_claims(shared_articles_dir, tmp_path):
    out = tmp_path / "x.json"
    assert main(["extract", str(shared_articles_dir / "businessinsider-canaan-37pct.txt"), "-o", str(out)]) == 0
    payload = json.loads(out.read_text())
    assert set(payload) == {"events", "claims"}
    assert list(payload["claims"][0]) == list(CLAIM_COLUMNS)
    assert any(c["value_text"] == "37.13%" and c["time"] == "11:55" for c in payload["claims"])


def test_csv_output_writes_two_files_and_no_temp_files(shared_articles_dir, tmp_path):
    out = tmp_path / "canaan.csv"
    assert main(["extract", str(shared_articles_dir), "-o", str(out)]) == 0
    events = pd.read_csv(tmp_path / "canaan_events.csv", keep_default_na=False)
    claims = pd.read_csv(tmp_path / "canaan_claims.csv", keep_default_na=False)
    assert list(events.columns) == list(EVENT_COLUMNS) and list(claims.columns) == list(CLAIM_COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canaan_claims.csv", "canaan_events.csv"]


def test_published_option_resolves_relative_dates(shared_articles_dir, tmp_path):
    article = tmp_path / "coindesk.txt"  # copied without articles.csv beside it
    shutil.copy(shared_articles_dir / "coindesk-canaan-q1-profit.txt", article)
    out = tmp_path / "c.json"
    assert main(["extract", str(article), "--published", "2021-05-12", "-o", str(out)]) == 0
    claims = json.loads(out.read_text())["claims"]
    assert {c["published"] for c in claims} == {"2021-05-12"}
    assert any(c["precision"] == "quarter" and c["date"] == "2021-01-01" for c in claims)
    assert all(c["value"] is None for c in claims if c["value_text"] == "")  # JSON null, not NaN


def test_malformed_article_is_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    assert main(["extract", str(bad), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "bad.txt" in err


def test_unknown_output_suffix_is_exit_2(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text("Riot rose 5% on Monday.")
    assert main(["extract", str(good), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert ".csv or .json" in capsys.readouterr().err


def test_bad_published_date_is_exit_2(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text("Riot rose 5% on Monday.")
    assert main(["extract", str(good), "--published", "yesterday", "-o", str(tmp_path / "o.csv")]) == 2
    assert "publication date" in capsys.readouterr().err


def test_custom_registry(tmp_path):
    registry = tmp_path / "tickers.csv"
    registry.write_text("ticker,name,kind,aliases\nACME,Acme Widgets,equity,Acme Widgets|Acme\n")
    article = tmp_path / "a.txt"
    article.write_text("Acme shares jumped 8% on Monday.")
    out = tmp_path / "o.json"
    assert main(["extract", str(article), "--registry", str(registry), "--published", "2024-05-08",
                 "-o", str(out)]) == 0
    (claim,) = json.loads(out.read_text())["claims"]
    assert (claim["subject"], claim["value"], claim["date"]) == ("ACME", 8.0, "2024-05-06")


def test_an_article_without_publication_date_is_reported(shared_articles_dir, tmp_path, capsys):
    article = shared_articles_dir / "coindesk-canaan-q1-profit.txt"
    assert main(["extract", str(article), "-o", str(tmp_path / "c.json")]) == 0
    assert "coindesk-canaan-q1-profit has no publication date" in capsys.readouterr().err
