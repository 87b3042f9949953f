"""Shared fixtures: the real price snapshots and articles in ``../shared``.

CI clones the repo with ``shared/`` beside it, so these paths exist there. A
missing folder is a failure, not a skip: tests that silently skip prove nothing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FINTRACK_SHARED", REPO_ROOT.parent / "shared"))


def _shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.fail(f"shared data folder missing: {path} (clone the repo with ../shared beside it)")
    return path


@pytest.fixture(scope="session")
def shared_prices_dir() -> Path:
    """``../shared/data/prices``: real daily bars in yfinance CSV layout."""
    return _shared_dir("data", "prices")


@pytest.fixture(scope="session")
def shared_articles_dir() -> Path:
    """``../shared/articles``: the two source articles and ``articles.csv``."""
    return _shared_dir("articles")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never touch the network: any socket connection attempt fails loudly."""
    import socket

    def guard(*args, **kwargs):
        raise RuntimeError("tests must not use the network")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
