"""The cron entry point passes `fintrack run`'s exit code through."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_daily_update_exits_2_on_a_bad_config(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[study]\nmodels = ['nope']\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "daily_update.py"), "--config", str(config),
                           "--output", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == "" and "unknown model 'nope'" in done.stderr
