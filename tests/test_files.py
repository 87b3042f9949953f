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
