"""Shared fixtures: price snapshots and source articles, from inside the clone.

The suite needs nothing outside the repository. Prices come from the bundled
sample (``fintrack/data/sample``: the same real bars as the shared folder's
``data/prices``); the source articles from ``tests/fixtures/source-articles``,
a restatement of their facts in our own words, when the shared folder is not
there. The shared folder is ``$FINTRACK_SHARED``, default ``../shared`` beside
the repository; tests that need its article corpus or the original article
text skip, with a one-line reason, when it is absent. ``.ci/run`` runs the
suite both with and without it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FINTRACK_SHARED") or REPO_ROOT.parent / "shared")
SAMPLE_PRICES = REPO_ROOT / "fintrack" / "data" / "sample"
RESTATED_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "source-articles"


def shared_dir(*parts: str) -> Path | None:
    """``$FINTRACK_SHARED/<parts>`` if that folder exists, else None."""
    path = SHARED.joinpath(*parts)
    return path if path.is_dir() else None


def _need_shared(*parts: str) -> Path:
    path = shared_dir(*parts)
    if path is None:
        pytest.skip(f"needs the shared folder {SHARED.joinpath(*parts)} (absent; set FINTRACK_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared_prices_dir() -> Path:
    """Real daily bars in yfinance CSV layout: the bundled sample (the shared snapshots' figures)."""
    return SAMPLE_PRICES


@pytest.fixture(scope="session")
def shared_articles_dir() -> Path:
    """The two source articles and ``articles.csv``: the shared originals, else our restatement of their facts."""
    return shared_dir("articles") or RESTATED_ARTICLES


@pytest.fixture(scope="session")
def original_articles_dir() -> Path:
    """The original source articles (exact text and offsets); skips without the shared folder."""
    return _need_shared("articles")


@pytest.fixture(scope="session")
def shared_corpus_dir() -> Path:
    """The shared article corpus; skips without the shared folder."""
    return _need_shared("corpus")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never touch the network: any socket connection attempt fails loudly."""
    import socket

    def guard(*args, **kwargs):
        raise RuntimeError("tests must not use the network")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
