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
    processes: int = 0  # processes drawing the charts: 0 automatic (fintrack.report.processes), 1 this one only

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
        if any(p.get("source") == "bundled sample" for p in prices.provenance):  # --sample, or the offline fallback
            source = "bundled sample data (fintrack/data/sample), not live prices"
        return cls(
            title=config.title, run_date=run_date, primary=config.primary,
            peers=tuple(t for t in config.peers if t in prices.frames and t != config.primary),
            market=config.market, bitcoin=config.bitcoin, calendar=config.calendar, start=str(config.start),
            models=tuple(config.models), estimation_window=tuple(config.estimation_window),
            event_window=tuple(config.event_window), car_windows=tuple(tuple(w) for w in config.car_windows),
            min_estimation_obs=int(config.min_estimation_obs), rolling_window=int(config.rolling_window),
            log_scale=bool(config.log_scale), pdf=bool(config.pdf), source=source,
            cache_dir=str(config.cache_dir), frames=dict(prices.frames), provenance=tuple(prices.provenance),
            stale=tuple(prices.stale), returns=returns, events=events,
            claims=claims_with_sentences(inputs.claims, inputs.articles),
            articles=inputs.articles, runs=tuple(StudyRunView(r.kind, r.model, r.result) for r in runs),
            verdicts=verdicts, warnings=tuple(warnings), claims_chart_top=int(config.claims_chart_top),
            processes=int(config.processes),
        )


def claims_with_sentences(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with each one's sentence and where its number sits in it, read from the article files.

    A claims file (``data/claims.csv``) carries the article id and character
    offsets of each figure, not the article's text; when the run read the
    articles (``articles`` has their ``path``), the sentence around those
    offsets is taken from the article. Adds ``number_at`` and ``number_end``:
    the figure's offsets inside ``sentence`` (-1 when unknown). A claim whose
    offsets do not fit its article (another version of the text) keeps what it had.
    """
    out = claims.copy()
    if out.empty:
        return out.assign(number_at=pd.Series(dtype=int), number_end=pd.Series(dtype=int))
    sentence = out["sentence"].fillna("").astype(str) if "sentence" in out else pd.Series("", index=out.index)
    at, end = [-1] * len(out), [-1] * len(out)
    for i, (text, value) in enumerate(zip(sentence, out.get("value_text", pd.Series("", index=out.index)).fillna(""))):
        found = text.find(str(value)) if str(value) else -1
        if found >= 0:
            at[i], end[i] = found, found + len(str(value))
    paths = {}
    if "path" in articles and "article_id" in articles:
        paths = {str(a): str(p) for a, p in zip(articles["article_id"], articles["path"]) if str(p or "")}
    texts: dict[str, tuple[str, list[tuple[int, int]]] | None] = {}
    for i, claim in enumerate(out.to_dict("records")):
        article = str(claim.get("article_id") or "")
        if article not in paths:
            continue
        if article not in texts:
            texts[article] = _article_sentences(paths[article])
        start, stop = pd.to_numeric(pd.Series([claim.get("span_start"), claim.get("span_end")]), errors="coerce")
        if texts[article] is None or pd.isna(start) or pd.isna(stop):
            continue
        text, spans = texts[article]
        start, stop = int(start), int(stop)
        value = str(claim.get("value_text") or "")
        if not 0 <= start <= stop <= len(text) or (value and text[start:stop] != value):
            continue
        for s0, s1 in spans:
            if s0 <= start < s1 or (start == stop and s0 <= start <= s1):
                sentence.iloc[i], at[i], end[i] = text[s0:s1], start - s0, min(stop, s1) - s0
                break
    return out.assign(sentence=sentence.to_numpy(), number_at=at, number_end=end)


def _article_sentences(path: str) -> tuple[str, list[tuple[int, int]]] | None:
    """An article's text and sentence spans, or None when it cannot be read now."""
    from fintrack.errors import InputError
    from fintrack.news.articles import load_article
    from fintrack.news.sentences import split_sentences

    try:
        text = load_article(path).text
    except (InputError, OSError, UnicodeError, ValueError):
        return None
    return text, split_sentences(text)
