"""fintrack: link news events to stock and bitcoin prices.

The pipeline, one sub-package per stage::

    articles -> events & claims -> prices on trading calendars
             -> event study -> claim verdicts -> report

    fintrack.news     extract(...)                       articles -> events, claims
    fintrack.market   load_prices(...), returns_panel(...), session_for(...)
    fintrack.study    event_study(...)                   AR/CAR/BHAR and tests
    fintrack.verify   verify(...)                        claims -> verdicts
    fintrack.report   charts, HTML and PDF
    fintrack.pipeline run(...)                           the main job

The public names below are imported lazily, so ``import fintrack`` and the
CLI start fast and a user of one stage does not pay for the others.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # market
    "load_prices": "fintrack.market",
    "returns_panel": "fintrack.market",
    "session_for": "fintrack.market",
    "CsvSource": "fintrack.market",
    "YahooSource": "fintrack.market",
    "PriceCache": "fintrack.market",
    # news
    "extract": "fintrack.news",
    "load_article": "fintrack.news",
    # study
    "event_study": "fintrack.study",
    # verify
    "verify": "fintrack.verify",
    # main job
    "run": "fintrack.pipeline",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fintrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
