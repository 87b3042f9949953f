"""Offline pipeline runs on the shared price snapshots and articles."""
from __future__ import annotations

from pathlib import Path

import pytest

REGISTRY = """event_id,ticker,date,time,timezone,kind,description,article_id,source_url
CAN-2021-03-09,CAN,2021-03-09,11:55,America/New_York,price_move,CAN up as much as 37%,bi-2021-03-09-canaan-37pct,
CAN-undated,CAN,,,,earnings,Q1 profit (year lost from the text),coindesk-canaan-q1-profit,
"""


@pytest.fixture(scope="session")
def registry_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "events.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def run_args(prices: Path, work: Path, registry: Path, *extra: str) -> list[str]:
    """``fintrack run`` arguments for an offline run whose files all live under ``work``.

    The claims file is an empty table, so only claims extracted from ``--articles`` are checked.
    """
    from fintrack.news.schema import CLAIM_COLUMNS

    work.mkdir(parents=True, exist_ok=True)
    (work / "no-claims.csv").write_text(",".join(CLAIM_COLUMNS) + "\n", encoding="utf-8")
    return ["run", "--prices-dir", str(prices), "--cache-dir", str(work / "cache"), "--output", str(work / "reports"),
            "--events", str(registry), "--claims", str(work / "no-claims.csv"), "--date", "2026-01-02", "--quiet",
            *extra]
