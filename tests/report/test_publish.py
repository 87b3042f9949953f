"""Publishing a report folder: all or nothing, ``latest`` follows."""
from __future__ import annotations

import os

import pytest

from fintrack.report import publish


def test_publish_writes_files_and_points_latest(tmp_path):
    folder = publish.publish_report(tmp_path, "2026-01-02", {"report.html": b"<html>1</html>", "a.csv": b"x\n"})
    assert folder == tmp_path / "2026-01-02"
    assert (folder / "report.html").read_bytes() == b"<html>1</html>"
    assert os.readlink(tmp_path / "latest") == "2026-01-02"
    assert oct((folder / "a.csv").stat().st_mode & 0o777) == "0o644"


def test_republish_replaces_the_folder_as_a_whole(tmp_path):
    publish.publish_report(tmp_path, "2026-01-02", {"report.html": b"old", "stale.csv": b"old"})
    publish.publish_report(tmp_path, "2026-01-02", {"report.html": b"new"})
    assert sorted(p.name for p in (tmp_path / "2026-01-02").iterdir()) == ["report.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-01-02", "latest"]


def test_a_failed_write_keeps_the_previous_report(tmp_path, monkeypatch):
    publish.publish_report(tmp_path, "2026-01-02", {"report.html": b"good"})

    def broken(path, write):
        raise OSError("disk full")

    monkeypatch.setattr(publish, "atomic_write_bytes", broken)
    with pytest.raises(OSError):
        publish.publish_report(tmp_path, "2026-01-02", {"report.html": b"bad"})
    assert (tmp_path / "2026-01-02" / "report.html").read_bytes() == b"good"
    assert not list(tmp_path.glob(".tmp-*"))


def test_latest_moves_to_the_newest_run(tmp_path):
    publish.publish_report(tmp_path, "2026-01-02", {"r": b"1"})
    publish.publish_report(tmp_path, "2026-01-03", {"r": b"2"})
    assert (tmp_path / "latest" / "r").read_bytes() == b"2"
