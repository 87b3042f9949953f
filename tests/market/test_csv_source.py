"""CsvSource and the canonical frame on real and hand-made CSV files."""
from __future__ import annotations

import pytest

from fintrack.errors import MalformedFileError, NoPriceDataError, UnknownTickerError
from fintrack.market import COLUMNS, CsvSource, load_prices


def test_shared_snapshots_load_in_the_canonical_layout(shared_prices_dir):
    source = CsvSource(shared_prices_dir)
    assert {"CAN", "BTC-USD", "QQQ", "SPY", "MARA", "RIOT", "HIVE", "BITF", "HUT", "EBON"} <= set(source.tickers())
    frame = source.fetch("CAN")
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 1471  # SOURCES.md: CAN, 2019-11-20..2025-09-29, 1471 rows


def test_can_closed_at_2_06_on_2020_09_09(shared_prices_dir):
    frame = load_prices("CAN", "2020-09-09", "2020-09-09", prices_dir=shared_prices_dir)
    assert frame["close"].iloc[0] == pytest.approx(2.06, abs=1e-6)


def test_can_bars_of_2021_03_09(shared_prices_dir):
    bar = load_prices("CAN", prices_dir=shared_prices_dir).loc["2021-03-09"]
    assert (bar.open, bar.high, bar.low, bar.close) == pytest.approx((21.738, 30.29, 21.32, 28.69), abs=1e-5)


def test_lowercase_symbol_layout(tmp_path):
    (tmp_path / "XYZ.csv").write_text(
        "symbol,date,open,high,low,close,volume,adjclose\n"
        "XYZ,2021-01-04,10,11,9,10.5,100,10.4\n"
        "XYZ,2021-01-05,10.5,12,10,11.5,200,11.4\n")
    frame = CsvSource(tmp_path).fetch("xyz")
    assert frame["adj_close"].tolist() == [10.4, 11.4]
    assert frame["volume"].tolist() == [100, 200]


def test_file_without_adjusted_close_uses_close(tmp_path):
    (tmp_path / "ABC.csv").write_text("Date,Open,High,Low,Close,Volume\n2021-01-04,1,2,0.5,1.5,10\n")
    assert CsvSource(tmp_path).fetch("ABC")["adj_close"].tolist() == [1.5]


def test_unknown_ticker_names_the_folder(tmp_path):
    (tmp_path / "ABC.csv").write_text("Date,Open,High,Low,Close,Volume\n2021-01-04,1,2,0.5,1.5,10\n")
    with pytest.raises(UnknownTickerError, match=r"no price file for NOPE in .* \(have: ABC\)"):
        CsvSource(tmp_path).fetch("NOPE")


def test_file_without_close_column_is_malformed(tmp_path):
    (tmp_path / "BAD.csv").write_text("when,price\n2021-01-04,1\n")
    with pytest.raises(MalformedFileError, match="no Close column"):
        CsvSource(tmp_path).fetch("BAD")


def test_binary_file_is_malformed(tmp_path):
    (tmp_path / "BIN.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 50)
    with pytest.raises(MalformedFileError, match="BIN.csv"):
        CsvSource(tmp_path).fetch("BIN")


def test_range_without_rows_is_no_data(shared_prices_dir):
    with pytest.raises(NoPriceDataError, match="CAN: no rows between 1999-01-01 and 1999-12-31"):
        CsvSource(shared_prices_dir).fetch("CAN", "1999-01-01", "1999-12-31")


def test_unsorted_and_duplicated_rows_are_sorted_and_deduplicated_with_warnings(tmp_path):
    (tmp_path / "DUP.csv").write_text(
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2021-01-06,3,3,3,3,3,30\n"
        "2021-01-04,1,1,1,1,1,10\n"
        "2021-01-05,2,2,2,2,2,20\n"
        "2021-01-05,2.5,2.5,2.5,2.5,2.5,25\n")
    frame = CsvSource(tmp_path).fetch("DUP")
    assert frame.index.strftime("%Y-%m-%d").tolist() == ["2021-01-04", "2021-01-05", "2021-01-06"]
    assert frame.loc["2021-01-05", "close"] == 2.5  # the last row of a repeated date wins
    warnings = " ".join(frame.attrs["warnings"])
    assert "sorted" in warnings and "repeated date(s) 2021-01-05" in warnings


def test_impossible_rows_are_dropped_and_named(tmp_path):
    (tmp_path / "BADROWS.csv").write_text(
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2021-01-04,1,1.2,0.9,1.1,1.1,10\n"
        "2021-01-05,,,,,,\n"
        "2021-01-06,0,1,0,0,0,10\n"
        "2021-01-07,1,0.8,1.2,1,1,10\n"
        "2021-01-08,-1,1,1,1,1,10\n"
        "2021-01-11,1,1.2,0.9,1.0,1.0,10\n")
    frame = CsvSource(tmp_path).fetch("BADROWS")
    assert frame.index.strftime("%Y-%m-%d").tolist() == ["2021-01-04", "2021-01-11"]
    warnings = " ".join(frame.attrs["warnings"])
    assert "missing prices: 2021-01-05" in warnings
    assert "zero or negative prices: 2021-01-06, 2021-01-08" in warnings
    assert "high below low: 2021-01-07" in warnings


def test_a_row_longer_than_the_header_is_refused_not_shifted(tmp_path):
    # pandas would make the extra leading field an index and shift the row's prices by one column
    (tmp_path / "LONG.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\n"
                                       "2021-01-04,1,2,0.5,1.5,1.5,10\n"
                                       "2021-01-05,extra,1,2,0.5,1.5,1.5,10\n")
    with pytest.raises(MalformedFileError, match=r"LONG.csv: line 3 has 8 fields, the header 7"):
        CsvSource(tmp_path).fetch("LONG")
