"""Everything a report is composed from, gathered once by the main job.

:class:`ReportInputs` is a frozen record: the tickers, windows, calendar and
model names the run used (so no section assumes a default), the price frames
and their provenance, the resolved events, the study runs and the claim
verdicts. Section functions in :mod:`fintrack.report.sections` read it and
nothing else.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from fintrack.study.models import MODEL_TITLES

PEER_GROUP = "peer group"


def model_title(model: str) -> str:
    """The reader-facing title of a model name (``"market_btc"`` -> ``"market + bitcoin model"``)."""
    return MODEL_TITLES.get(model, model)


@dataclass(frozen=True, eq=False)
class StudyRunView:
    """One event-study run as the report sees it: which events (primary or peer group), model, result."""

    kind: str
    model: str
    result: Any  # fintrack.study.EventStudyResult


@dataclass(frozen=True, eq=False)
class ReportInputs:
    """The frozen inputs of one report; see the module docstring.

    Units: returns are fractions; prices USD. ``events`` has the pipeline's
    resolved columns (event_id, ticker, date, session, status, reason, ...).
    """

    title: str
    run_date: str
    primary: str
    peers: tuple[str, ...]
    market: str
    bitcoin: str
    calendar: str
    start: str
    models: tuple[str, ...]
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    car_windows: tuple[tuple[int, int], ...]
    min_estimation_obs: int
    rolling_window: int
    log_scale: bool
    dpi: int
    pdf: bool
    source: str
    cache_dir: str
    frames: dict[str, pd.DataFrame]
    provenance: tuple[dict[str, object], ...]
    stale: tuple[str, ...]
    returns: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    articles: pd.DataFrame
    runs: tuple[StudyRunView, ...]
    verdicts: pd.DataFrame | None
    warnings: tuple[str, ...]
    claims_chart_top: int = 8  # price claims drawn in the claims chart; the rest are only in tables and claims.csv

    @property
    def primary_runs(self) -> tuple[StudyRunView, ...]:
        return tuple(r for r in self.runs if r.kind == "primary")

    @property
    def peer_runs(self) -> tuple[StudyRunView, ...]:
        return tuple(r for r in self.runs if r.kind == "peers")

    @property
    def studied(self) -> pd.DataFrame:
        """Studied events, in session order."""
        out = self.events.loc[self.events["status"] == "studied"]
        return out.sort_values("session", kind="stable")

    @classmethod
    def from_pipeline(cls, config, run_date: str, prices, returns: pd.DataFrame, inputs, events: pd.DataFrame,
                      runs, verdicts: pd.DataFrame | None, warnings) -> ReportInputs:
        """Build the record from the pipeline's stage outputs (``fintrack.pipeline.run``)."""
        folder = config.prices_dir or os.environ.get("FINTRACK_PRICES_DIR")
        source = (f"CSV folder {folder}" if folder
                  else ("price cache only (offline)" if config.offline else "Yahoo Finance via yfinance"))
        return cls(
            title=config.title, run_date=run_date, primary=config.primary,
            peers=tuple(t for t in config.peers if t in prices.frames and t != config.primary),
            market=config.market, bitcoin=config.bitcoin, calendar=config.calendar, start=str(config.start),
            models=tuple(config.models), estimation_window=tuple(config.estimation_window),
            event_window=tuple(config.event_window), car_windows=tuple(tuple(w) for w in config.car_windows),
            min_estimation_obs=int(config.min_estimation_obs), rolling_window=int(config.rolling_window),
            log_scale=bool(config.log_scale), dpi=int(config.dpi), pdf=bool(config.pdf), source=source,
            cache_dir=str(config.cache_dir), frames=dict(prices.frames), provenance=tuple(prices.provenance),
            stale=tuple(prices.stale), returns=returns, events=events, claims=inputs.claims,
            articles=inputs.articles, runs=tuple(StudyRunView(r.kind, r.model, r.result) for r in runs),
            verdicts=verdicts, warnings=tuple(warnings), claims_chart_top=int(config.claims_chart_top),
        )
