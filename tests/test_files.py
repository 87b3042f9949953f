"""atomic_write_bytes: the one way fintrack replaces a file."""
from __future__ import annotations

import os
import stat

import pytest

from fintrack.files import atomic_write_bytes


def test_new_file_gets_the_permissions_of_a_plain_open_not_of_a_temporary_file(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    target = tmp_path / "atomic.txt"
    atomic_write_bytes(target, lambda tmp: open(tmp, "w").write("x"))
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


def test_a_failing_writer_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"good")

    def fail(tmp):
        with open(tmp, "wb") as handle:
            handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(target, fail)
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["data.bin"]


# ------------------------------------------------------------------ rows longer than the header

def _by_the_csv_module(text):
    import csv
    import io

    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    for row in rows:
        if header and len(row) > len(header):
            return rows.line_num, len(row), len(header)
    return None


@pytest.mark.parametrize("text", [
    "a,b,c\n1,2,3\n4,5,6,7\n", "a,b\n1,2\n", "a,b\r\n1,2,3\r\n", "a,b\r1,2\r3,4,5\r", "\na,b\n1,2,3\n",
    "a,b\n\n1,2,3", "a\n1,2\n", "", "a,b,c\n1,2\n", 'a,b\n"1,2",3\n4,5,6\n', 'a,b\r"x",2\r3,4,5\r',
])
def test_the_first_row_longer_than_the_header_is_the_one_the_csv_module_finds(text):
    from fintrack.files import _row_longer_than_header

    # text without quotes is counted by commas; text with quotes by the csv module itself
    assert _row_longer_than_header(text) == _by_the_csv_module(text)


def test_a_quoted_file_with_carriage_return_line_ends_is_read_not_raised(tmp_path):
    from fintrack.files import read_csv

    path = tmp_path / "old-mac.csv"
    path.write_bytes(b'Date,Note\r2021-03-09,"up, then down"\r2021-03-10,flat\r')
    frame = read_csv(path, "notes file", dtype=str)
    assert frame["Note"].tolist() == ["up, then down", "flat"]


def test_a_row_longer_than_the_header_names_its_line(tmp_path):
    from fintrack.errors import MalformedFileError
    from fintrack.files import read_csv

    path = tmp_path / "prices.csv"
    path.write_text("Date,Close\n2021-03-08,1.0\n2021-03-09,2.0,9\n", encoding="utf-8")
    with pytest.raises(MalformedFileError, match=r"prices file .*prices\.csv: line 3 has 3 fields, the header 2$"):
        read_csv(path, "prices file")
