"""``fintrack verify CLAIMS_FILE [--prices-dir DIR] [--json]``."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from fintrack.cli import main
from fintrack.verify.cli import read_claims


@pytest.fixture
def claims_csv(tmp_path, make_claim):
    # CAN on 2021-03-09 closed 28.690001 vs 19.07: +50.45%, so "closed up 50%" holds.
    rows = [make_claim(claim_id="x-c1", subject="CAN", value=50, date="2021-03-09", date_end="2021-03-09"),
            make_claim(claim_id="x-c2", subject="CAN", metric="quantity", value=100000, unit="units")]
    path = tmp_path / "claims.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_prints_a_table_and_exits_0(claims_csv, shared_prices_dir, capsys):
    assert main(["verify", str(claims_csv), "--prices-dir", str(shared_prices_dir)]) == 0
    out = capsys.readouterr().out
    assert "x-c1" in out and "supported" in out and "+50.45%" in out
    assert "not a price claim (quantity)" in out


def test_json_output_is_one_record_per_claim(claims_csv, shared_prices_dir, capsys):
    assert main(["verify", str(claims_csv), "--prices-dir", str(shared_prices_dir), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in records] == ["supported", "unverifiable"]
    assert records[0]["measured"] == pytest.approx(50.45, abs=0.01)
    assert records[1]["measured"] is None


def test_prices_dir_from_the_environment(claims_csv, shared_prices_dir, monkeypatch, capsys):
    monkeypatch.setenv("FINTRACK_PRICES_DIR", str(shared_prices_dir))
    assert main(["verify", str(claims_csv)]) == 0


def test_json_claims_file_is_accepted(tmp_path, make_claim, shared_prices_dir, capsys):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps([make_claim(claim_id="j1", subject="CAN", value=50)]))
    assert main(["verify", str(path), "--prices-dir", str(shared_prices_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "supported"


def test_malformed_claims_file_exits_2(tmp_path, shared_prices_dir, capsys):
    path = tmp_path / "claims.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["verify", str(path), "--prices-dir", str(shared_prices_dir)]) == 2
    assert "lacks columns" in capsys.readouterr().err


def test_missing_claims_file_exits_2(tmp_path, shared_prices_dir):
    assert main(["verify", str(tmp_path / "none.csv"), "--prices-dir", str(shared_prices_dir)]) == 2


def test_non_numeric_value_exits_2(tmp_path, make_claim, shared_prices_dir, capsys):
    path = tmp_path / "claims.csv"
    frame = pd.DataFrame([make_claim()])
    frame["value"] = "ten"
    frame.to_csv(path, index=False)
    assert main(["verify", str(path), "--prices-dir", str(shared_prices_dir)]) == 2
    assert "not a number" in capsys.readouterr().err


def test_missing_prices_folder_exits_3(claims_csv, tmp_path, capsys):
    assert main(["verify", str(claims_csv), "--prices-dir", str(tmp_path / "nope")]) == 3
    assert "prices folder not found" in capsys.readouterr().err


def test_folder_without_any_needed_ticker_exits_3(claims_csv, tmp_path):
    empty = tmp_path / "prices"
    empty.mkdir()
    assert main(["verify", str(claims_csv), "--prices-dir", str(empty)]) == 3


def test_read_claims_fills_absent_optional_columns(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,subject,metric,value\nk1,CAN,quantity,\n")
    frame = read_claims(path)
    assert frame.loc[0, "decimals"] == -1
    assert pd.isna(frame.loc[0, "value"])
    assert frame.loc[0, "period"] == ""


def test_claims_row_longer_than_the_header_exits_2_naming_the_line(claims_csv, shared_prices_dir, capsys):
    lines = claims_csv.read_text().splitlines()
    lines[2] = "shifted," + lines[2]  # pandas would silently shift this row's columns by one
    claims_csv.write_text("\n".join(lines) + "\n")
    header_fields = len(lines[0].split(","))
    assert main(["verify", str(claims_csv), "--prices-dir", str(shared_prices_dir)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"fintrack: error: claims file {claims_csv}: line 3 has {header_fields + 1} fields, the header {header_fields}")


def test_an_article_without_claims_verifies_to_an_empty_list(tmp_path, shared_prices_dir, capsys):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"claims": []}))
    assert main(["verify", str(path), "--prices-dir", str(shared_prices_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_splits_csv_in_the_prices_folder_puts_old_quotes_on_their_scale(tmp_path, make_claim, capsys):
    prices = tmp_path / "prices"
    prices.mkdir()
    (prices / "ABC.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\n"
                                    "2022-05-09,6.0,6.2,5.6,5.8,5.8,100\n2022-05-10,5.8,6.1,5.6,5.95,5.95,100\n"
                                    "2022-06-01,2.0,2.1,1.9,2.0,2.0,100\n")
    (prices / "splits.csv").write_text("Ticker,Date,Stock Splits\nABC,2022-05-24,0.2\n")
    claim = make_claim(claim_id="s1", subject="ABC", metric="price_level", price_field="close", unit="usd",
                       value=1.19, decimals=2, value_text="$1.19", date="2022-05-10", published="2022-05-11",
                       direction="")
    path = tmp_path / "claims.json"
    path.write_text(json.dumps([claim]))
    assert main(["verify", str(path), "--prices-dir", str(prices), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)[0]
    assert record["verdict"] == "supported"
    assert "split-adjusted scale: x5" in record["reason"]


def test_a_folder_of_prices_without_the_claims_ticker_answers_unverifiable_and_exits_0(tmp_path, make_claim,
                                                                                        make_bars, capsys):
    folder = tmp_path / "prices"
    folder.mkdir()
    frame = make_bars({"2021-03-08": (10, 11, 9, 10), "2021-03-09": (10, 12, 9, 11)})
    frame.rename(columns=str.title).rename(columns={"Adj_Close": "Adj Close"}).rename_axis("Date").to_csv(
        folder / "TEST.csv")
    claims = tmp_path / "claims.csv"
    pd.DataFrame([make_claim(claim_id="f1", subject="ACME.TO", value=10)]).to_csv(claims, index=False)
    assert main(["verify", str(claims), "--prices-dir", str(folder), "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["verdict"] == "unverifiable" and "ACME.TO" in record["reason"]


def test_an_empty_prices_folder_is_an_error(tmp_path, make_claim, capsys):
    folder = tmp_path / "prices"
    folder.mkdir()
    claims = tmp_path / "claims.csv"
    pd.DataFrame([make_claim(claim_id="f1", subject="ACME", value=10)]).to_csv(claims, index=False)
    assert main(["verify", str(claims), "--prices-dir", str(folder)]) != 0
    assert "no price data for any of the 1 ticker(s)" in capsys.readouterr().err
