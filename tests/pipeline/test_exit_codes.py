"""Exit codes of `fintrack run`: 2 bad config, 3 missing data, 1 lock held."""
from __future__ import annotations

import pytest

from fintrack.cli import main
from fintrack.runlock import run_lock

from .conftest import run_args


def test_bad_config_exits_2_with_one_line(tmp_path, shared_prices_dir, registry_file, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("[study]\nevent_window = [5, -5]\n", encoding="utf-8")
    code = main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config)))
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "inverted" in err


def test_unknown_events_file_exits_2(tmp_path, shared_prices_dir, capsys):
    assert main(run_args(shared_prices_dir, tmp_path, tmp_path / "missing.csv")) == 2
    assert "--events" in capsys.readouterr().err


def test_primary_ticker_without_data_exits_3(tmp_path, shared_prices_dir, registry_file, capsys):
    config = tmp_path / "zzz.toml"
    config.write_text("[tickers]\nprimary = 'ZZZZ'\n", encoding="utf-8")
    code = main(run_args(shared_prices_dir, tmp_path, registry_file, "--config", str(config)))
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert err.startswith("fintrack: error: no price data for the primary ticker ZZZZ") and "\n" not in err
    assert not (tmp_path / "reports" / "latest").exists()


def test_offline_with_empty_cache_exits_3(tmp_path, registry_file, monkeypatch):
    monkeypatch.delenv("FINTRACK_PRICES_DIR", raising=False)
    args = ["run", "--offline", "--cache-dir", str(tmp_path / "cache"), "--output", str(tmp_path / "out"),
            "--events", str(registry_file), "--quiet", "--no-pdf"]
    assert main(args) == 3


def test_second_run_while_locked_exits_1(tmp_path, shared_prices_dir, registry_file, capsys):
    with run_lock(tmp_path / "reports"):
        code = main(run_args(shared_prices_dir, tmp_path, registry_file))
    assert code == 1
    assert "another fintrack run holds the lock" in capsys.readouterr().err


def test_lock_is_released_after_a_run(tmp_path):
    with run_lock(tmp_path):
        pass
    with run_lock(tmp_path):  # would raise LockHeldError if still held
        pass


def test_lock_in_another_process_blocks(tmp_path):
    import subprocess
    import sys

    from fintrack.errors import LockHeldError

    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys,time; from fintrack.runlock import run_lock\n"
                               f"with run_lock({str(tmp_path)!r}):\n print('held', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError):
            with run_lock(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()  # reaped: its descriptors are closed, so its lock is released
    with run_lock(tmp_path):
        pass
