"""The main job: prices -> events & claims -> event studies -> verdicts -> report.

:func:`run` is what ``fintrack run`` and ``scripts/daily_update.py`` call::

    from fintrack.config import load_config
    from fintrack.pipeline import run
    result = run(load_config("fintrack.toml", {"prices_dir": "../shared/data/prices"}))
    result.exit_code, result.folder

Stages (each a public function of its sub-package, see ``docs/main-job.md``):

1. **prices**: update each ticker in the Parquet cache from the source (CSV
   folder offline, Yahoo online), then load it. A failed update with a cached
   copy uses the copy (*stale*: warned in the report, exit code 3). No data
   for the primary ticker, the market or bitcoin: :class:`NoPriceDataError`
   (exit 3). A peer without data is left out of the group, with a note.
2. **events & claims**: the event registry (``data/events.csv``), the claims
   file (``data/claims.csv``) and/or articles run through
   ``fintrack.news.extract``. Each event date maps to its reacting session with
   ``fintrack.market.session_for`` (time and time zone when given); an event
   without a day-precise date is listed as *not studied* with the reason.
3. **event studies** (``fintrack.study.event_study``) per model: the primary
   ticker per event, and the peer group (primary + peers) as one group.
4. **verdicts** (``fintrack.verify.verify``) of the claims against the prices.
5. **report**: charts, HTML, PDF and CSV tables, published atomically to
   ``<output>/<run date>/`` with ``<output>/latest`` pointing at it.

A stage that is not installed or fails is reported in the report and the
exit code (1), not as a traceback, so the daily report still appears.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fintrack.config import Config
from fintrack.errors import (
    ConfigError,
    FintrackError,
    NoPriceDataError,
    OutputError,
)
from fintrack.runlock import run_lock
from fintrack.study.models import MODEL_TITLES

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

STEPS = ("prices", "events and claims", "event studies", "claim verdicts", "charts", "report")

PEER_GROUP = "peer group"


@dataclass(frozen=True)
class RunResult:
    """What one run did; ``as_dict()`` is the ``--json`` summary."""

    run_date: str
    exit_code: int
    folder: Path | None
    files: tuple[str, ...]
    events_studied: int
    events_not_studied: int
    verdicts: dict[str, int]
    warnings: tuple[str, ...]
    stale: tuple[str, ...]
    missing_stages: tuple[str, ...] = ()
    headline: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        folder = str(self.folder) if self.folder else None
        return {
            "run_date": self.run_date,
            "exit_code": self.exit_code,
            "report_folder": folder,
            "report_html": str(self.folder / "report.html") if self.folder and "report.html" in self.files else None,
            "report_pdf": str(self.folder / "report.pdf") if self.folder and "report.pdf" in self.files else None,
            "files": list(self.files),
            "events_studied": self.events_studied,
            "events_not_studied": self.events_not_studied,
            "claim_verdicts": self.verdicts,
            "stale_data": list(self.stale),
            "missing_stages": list(self.missing_stages),
            "warnings": list(self.warnings),
            "headline": list(self.headline),
        }


# ---------------------------------------------------------------------------
# 1. prices
# ---------------------------------------------------------------------------
@dataclass
class _Prices:
    frames: dict[str, pd.DataFrame]
    provenance: list[dict[str, object]]
    stale: list[str]
    missing: dict[str, str]
    warnings: list[str]


def _price_source(config: Config):
    from fintrack.market import PRICES_DIR_ENV, CsvSource, YahooSource

    folder = config.prices_dir or os.environ.get(PRICES_DIR_ENV) or None
    if folder:
        return CsvSource(folder)
    if config.offline:
        return None  # cache only
    return YahooSource()


def update_prices(config: Config) -> _Prices:
    """Refresh the cache for every ticker of ``config`` and load the canonical frames."""
    from fintrack.market import PriceCache

    cache = PriceCache(config.cache_dir)
    source = _price_source(config)
    out = _Prices({}, [], [], {}, [])
    for ticker in config.tickers:
        failure = ""
        if source is not None:
            try:
                cache.update(ticker, source, start=config.start)
            except FintrackError as exc:
                failure = str(exc)
            except OSError as exc:  # the cache file cannot be written (disk full): keep the old one
                failure = f"cannot write the price cache {cache.root}: {exc.strerror or exc}"
                log.info("price update failed for %s: %s", ticker, exc)
        elif not cache.has(ticker):
            failure = f"{ticker}: offline and not in the price cache {cache.root}"
        if not cache.has(ticker):
            out.missing[ticker] = failure or f"{ticker}: no price data"
            continue
        if failure and source is not None:
            out.stale.append(ticker)
            out.warnings.append(f"{ticker}: the price update failed ({failure}); using the cached copy "
                                f"through {cache.provenance(ticker).last} (stale)")
        frame = cache.load(ticker)
        out.frames[ticker] = frame
        out.provenance.append(frame.attrs["provenance"])
    for role, ticker in (("primary", config.primary), ("market", config.market), ("bitcoin", config.bitcoin)):
        if ticker in out.missing:
            raise NoPriceDataError(f"no price data for the {role} ticker {ticker}: {out.missing[ticker]}")
    for ticker, reason in out.missing.items():
        out.warnings.append(f"peer {ticker} left out of the peer group: {reason}")
    return out


# ---------------------------------------------------------------------------
# 2. events and claims
# ---------------------------------------------------------------------------
REGISTRY_COLUMNS = ("event_id", "ticker", "date", "time", "timezone", "kind", "description", "article_id", "source_url")


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    from fintrack.files import read_csv

    return read_csv(path, what, dtype=str, keep_default_na=False)


def load_registry(path: Path) -> pd.DataFrame:
    """The event registry CSV with every column of :data:`REGISTRY_COLUMNS` (missing ones empty)."""
    frame = _read_csv(path, "event registry")
    for required in ("event_id", "ticker", "date"):
        if required not in frame.columns:
            raise ConfigError(f"event registry {path}: missing column {required!r}")
    for col in REGISTRY_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    frame["ticker"] = frame["ticker"].str.strip().str.upper()
    return frame


@dataclass
class _Inputs:
    events: pd.DataFrame            # candidate events (registry + extracted), str columns
    claims: pd.DataFrame            # CLAIM_COLUMNS
    articles: pd.DataFrame
    warnings: list[str]
    missing_stages: list[str]
    bad_inputs: list[str] = field(default_factory=list)  # skipped unreadable articles (exit code 2)


def _extract_articles(config: Config, warnings: list[str], missing: list[str], bad_articles: list[str]):
    try:
        from fintrack.news import extract, load_article
        from fintrack.news.articles import article_paths
    except ImportError as exc:
        missing.append("news extraction")
        warnings.append(f"the news extraction stage is not available ({exc}); articles were not read")
        return None
    metadata = config.articles_metadata
    if metadata is None:
        candidate = (config.articles if config.articles.is_dir() else config.articles.parent) / "articles.csv"
        metadata = candidate if candidate.is_file() else None
    paths = article_paths(config.articles)
    if not paths:
        warnings.append(f"no article files in {config.articles}")
        return None
    articles = []
    for path in paths:
        # one unreadable article (empty, binary, wrong encoding, too large) must not cost the others
        try:
            articles.append(load_article(path, metadata_csv=metadata))
        except FintrackError as exc:
            message = str(exc)
            if message.startswith(f"{path}: "):
                message = message[len(f"{path}: "):]
            bad_articles.append(f"article {path} skipped: {message}")
            log.warning("article %s skipped: %s", path, message, extra={"file_only": True})
    if not articles:
        warnings.append(f"no readable article in {config.articles}")
        return None
    return extract(articles)


def gather_inputs(config: Config) -> _Inputs:
    """Events and claims from the registry, the claims file and the articles."""
    from fintrack.news.schema import CLAIM_COLUMNS, EVENT_COLUMNS

    warnings: list[str] = []
    missing: list[str] = []
    bad_inputs: list[str] = []
    parts = []
    if config.registry is not None:
        if config.registry.is_file():
            reg = load_registry(config.registry)
            reg["origin"] = "registry"
            if "precision" not in reg.columns:  # a hand-written registry lists day events
                reg["precision"] = "day"
            parts.append(reg)
        else:
            warnings.append(f"event registry {config.registry} not found; events come from articles only")
    claims = pd.DataFrame(columns=list(CLAIM_COLUMNS))
    if config.claims is not None and config.claims.is_file():
        claims = _read_csv(config.claims, "claims file")
    articles = pd.DataFrame(columns=["article_id", "title", "source", "url", "published"])
    if config.articles is not None:
        extraction = _extract_articles(config, warnings, missing, bad_inputs)
        if extraction is not None:
            ev = extraction.events.copy()
            ev["origin"] = "article"
            parts.append(ev)
            extracted_claims = extraction.claims
            claims = pd.concat([claims, extracted_claims], ignore_index=True) if len(claims) else extracted_claims.copy()
            articles = extraction.articles.copy()
    if len(claims):
        claims = claims.drop_duplicates("claim_id", keep="first").reset_index(drop=True)
    columns = list(dict.fromkeys(["event_id", "ticker", "date", "time", "timezone", "kind", "description",
                                  "precision", "origin", "article_id", "source_url", *EVENT_COLUMNS]))
    events = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    for col in columns:
        if col not in events.columns:
            events[col] = ""
    events = events[columns].astype(object).where(events[columns].notna(), "")
    events["ticker"] = events["ticker"].astype(str).str.upper()
    return _Inputs(events.reset_index(drop=True), claims, articles, bad_inputs + warnings, missing, bad_inputs)


def resolve_sessions(events: pd.DataFrame, config: Config,
                     prices: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Add ``session`` (day 0), ``status`` ('studied'/'not studied') and ``reason`` to each event.

    Only day-precise events of the primary ticker are studied; a second event
    on the same session as an earlier one (registry first) is a duplicate.
    With ``prices`` (ticker -> frame), an event about a ticker without price
    data, or dated before the primary's first or after its last price, is
    listed with that reason.
    """
    from fintrack.market import session_for

    first = last = None
    if prices is not None and config.primary in prices and len(prices[config.primary]):
        first, last = prices[config.primary].index[0], prices[config.primary].index[-1]

    out = events.copy()
    n = len(out)
    sessions, statuses, reasons = [pd.NaT] * n, ["not studied"] * n, [""] * n
    seen: dict[pd.Timestamp, str] = {}
    # a session keeps the event that names what happened, not the article's publication
    order = sorted(range(n), key=lambda i: str(out["kind"].iloc[i]) == "publication")
    rows = list(out.itertuples(index=False))
    # an event_id used twice would make the whole study refuse the table; the first row keeps it
    repeated = out["event_id"].astype(str).duplicated(keep="first").to_numpy()
    for i in order:
        ev = rows[i]
        session, status, reason = pd.NaT, "not studied", ""
        if repeated[i]:
            reason = f"event_id {ev.event_id!r} repeats an earlier event's"
        elif ev.ticker != config.primary:
            reason = f"about {ev.ticker or 'an unknown company'}, not {config.primary}"
            if prices is not None and ev.ticker and ev.ticker not in prices:
                reason += f"; {ev.ticker} has no price data"
        elif not str(ev.date):
            reason = "date not resolved from the text"
        elif str(ev.precision) not in ("day", ""):
            reason = f"date known only to the {ev.precision}; an event study needs a day"
        else:
            day = pd.Timestamp(str(ev.date)) if _is_date(str(ev.date)) else None
            if day is not None and first is not None and day < first.normalize():
                reason = f"date {day.date()} is before the first price data {first.date()}"
            elif day is not None and last is not None and day > last.normalize():
                reason = f"date {day.date()} is after the last price data {last.date()}"
            if reason:
                sessions[i], statuses[i], reasons[i] = session, status, reason
                continue
            try:
                stamp = f"{ev.date} {ev.time}" if str(ev.time) else str(ev.date)
                session = session_for(stamp, config.calendar, tz=str(ev.timezone) or None)
            except FintrackError as exc:
                reason = str(exc)
            except (ValueError, TypeError):
                reason = f"cannot read date {ev.date!r} time {ev.time!r}"
            else:
                if session in seen:
                    reason = f"same session as event {seen[session]}"
                    session = pd.NaT
                else:
                    seen[session] = str(ev.event_id)
                    status = "studied"
        sessions[i], statuses[i], reasons[i] = session, status, reason
    out["session"] = pd.to_datetime(pd.Series(sessions, dtype="datetime64[ns]"))
    out["status"] = statuses
    out["reason"] = reasons
    return out


def _is_date(text: str) -> bool:
    try:
        pd.Timestamp(text)
    except (ValueError, TypeError):
        return False
    return bool(text)


# ---------------------------------------------------------------------------
# 3. event studies
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StudyRun:
    """One ``event_study`` call: which set of events, which model, its result."""

    kind: str       # 'primary' or 'peers'
    model: str
    result: object  # EventStudyResult


def study_frames(events: pd.DataFrame, config: Config, peers: list[str]) -> dict[str, pd.DataFrame]:
    """The events tables given to ``event_study``: the primary alone, and the peer group."""
    studied = events.loc[events["status"] == "studied"]
    primary = pd.DataFrame({"event_id": studied["event_id"].astype(str).to_numpy(), "asset": config.primary,
                            "date": studied["session"].to_numpy(), "group": config.primary})
    rows = []
    for ev in studied.itertuples(index=False):
        for asset in [config.primary, *peers]:
            rows.append({"event_id": f"{ev.event_id}:{asset}", "asset": asset, "date": ev.session, "group": PEER_GROUP})
    group = pd.DataFrame(rows, columns=["event_id", "asset", "date", "group"])
    return {"primary": primary, "peers": group}


def run_studies(returns: pd.DataFrame, frames: dict[str, pd.DataFrame], config: Config,
                warnings: list[str], missing: list[str]) -> list[StudyRun]:
    try:
        from fintrack.study import event_study
    except ImportError as exc:
        missing.append("event study")
        warnings.append(f"the event-study stage is not available ({exc}); no event was studied")
        return []
    runs = []
    for model in config.models:
        for kind, events in frames.items():
            if events.empty:
                continue
            try:
                result = event_study(returns, events, model, market=config.market, bitcoin=config.bitcoin,
                                     estimation_window=config.estimation_window, event_window=config.event_window,
                                     car_windows=config.car_windows, min_estimation_obs=config.min_estimation_obs)
            except FintrackError as exc:
                warnings.append(f"{kind} study, {MODEL_TITLES.get(model, model)}: not run ({exc})")
                continue
            runs.append(StudyRun(kind, model, result))
    return runs


# ---------------------------------------------------------------------------
# 4. verdicts
# ---------------------------------------------------------------------------
def run_verdicts(claims: pd.DataFrame, frames: dict[str, pd.DataFrame], config: Config,
                 warnings: list[str], missing: list[str]) -> pd.DataFrame | None:
    if claims.empty:
        return None
    try:
        from fintrack.verify import verify
    except ImportError as exc:
        missing.append("claim verification")
        warnings.append(f"the claim-verification stage is not available ({exc}); claims were not checked")
        return None
    from fintrack.market import PriceCache

    cache = PriceCache(config.cache_dir)

    def prices(ticker: str) -> pd.DataFrame:
        if ticker in frames:
            return frames[ticker]
        return cache.load(ticker)  # raises NoPriceDataError -> 'unverifiable'

    return verify(claims, prices)


# ---------------------------------------------------------------------------
# 5. report
# ---------------------------------------------------------------------------
def build_report(config: Config, run_date: str, prices: _Prices, returns: pd.DataFrame, inputs: _Inputs,
                 events: pd.DataFrame, runs: list[StudyRun], verdicts: pd.DataFrame | None,
                 warnings: list[str], progress: Progress) -> tuple[dict[str, bytes], tuple[str, ...], dict[str, int]]:
    """Charts, HTML, PDF and CSV tables as name -> bytes; also the headline lines and verdict counts.

    The page is composed in :mod:`fintrack.report` from one frozen
    :class:`~fintrack.report.ReportInputs` record.
    """
    from fintrack.report import ReportInputs, build_files

    report_inputs = ReportInputs.from_pipeline(config, run_date, prices, returns, inputs, events, runs, verdicts,
                                               warnings)
    return build_files(report_inputs, progress, (5, len(STEPS)))


# ---------------------------------------------------------------------------
def _no_progress(step: int, total: int, message: str) -> None:
    return None


def run(config: Config, *, run_date: str | dt.date | None = None, progress: Progress | None = None) -> RunResult:
    """Run the main job under the output folder's lock; see the module docstring.

    Raises
    ------
    LockHeldError
        Another run holds ``<output>/.fintrack.lock`` (exit code 1).
    NoPriceDataError
        No price data at all for the primary ticker, the market or bitcoin (3).
    ConfigError, InputError
        Unreadable registry or claims file (2).
    """
    progress = progress or _no_progress
    label = (pd.Timestamp(run_date).date() if run_date else dt.date.today()).isoformat()
    with run_lock(config.output):
        from fintrack.report.publish import recover_interrupted

        for folder in recover_interrupted(config.output):  # a previous run died while publishing
            log.warning("restored report %s left aside by an interrupted run", folder)
        log.info("run %s: config %s", label, config.source or "(defaults)")
        progress(1, len(STEPS), "prices")
        prices = update_prices(config)
        warnings = list(prices.warnings)
        from fintrack.market import returns_panel

        returns = returns_panel(prices.frames, calendar=config.calendar)

        progress(2, len(STEPS), "events and claims")
        inputs = gather_inputs(config)
        warnings += inputs.warnings
        missing = list(inputs.missing_stages)
        events = resolve_sessions(inputs.events, config, prices.frames)
        if events.empty:
            warnings.append("no events: give an event registry (events.registry) or an articles folder (events.articles)")

        progress(3, len(STEPS), "event studies")
        peers = [t for t in config.peers if t in prices.frames and t != config.primary]
        runs = run_studies(returns, study_frames(events, config, peers), config, warnings, missing)
        # an event the study skipped (short history, outside the data) is not studied after all
        skipped = {}
        for r in runs:
            if r.kind == "primary":
                for s in r.result.skipped.itertuples(index=False):
                    skipped.setdefault(str(s.event_id), f"{MODEL_TITLES.get(r.model, r.model)}: {s.reason}")
        if skipped:
            mask = events["event_id"].astype(str).isin(skipped)
            events.loc[mask, "reason"] = events.loc[mask, "event_id"].astype(str).map(skipped)
            studied_any = {str(e) for r in runs if r.kind == "primary" for e in r.result.events["event_id"]}
            events.loc[mask & ~events["event_id"].astype(str).isin(studied_any), "status"] = "not studied"

        progress(4, len(STEPS), "claim verdicts")
        verdicts = run_verdicts(inputs.claims, prices.frames, config, warnings, missing)

        files, headline, counts = build_report(config, label, prices, returns, inputs, events, runs, verdicts,
                                               warnings, progress)
        from fintrack.report.publish import publish_report

        try:
            folder = publish_report(config.output, label, files)
        except OSError as exc:  # disk full, permissions: the previous report is untouched
            raise OutputError(f"cannot write the report to {config.output / label}: "
                              f"{exc.strerror or exc}; the previous report is unchanged") from None
        log.info("report written to %s", folder)

    exit_code = 0
    if missing or (events["status"].eq("studied").any() and not runs):
        exit_code = 1
    elif inputs.bad_inputs:
        exit_code = 2  # the report is written without the unreadable articles it names
    elif prices.stale:
        exit_code = 3
    return RunResult(
        run_date=label, exit_code=exit_code, folder=folder, files=tuple(sorted(files)),
        events_studied=int((events["status"] == "studied").sum()),
        events_not_studied=int((events["status"] != "studied").sum()),
        verdicts=counts, warnings=tuple(warnings), stale=tuple(prices.stale), missing_stages=tuple(missing),
        headline=headline,
    )


__all__ = ["RunResult", "run", "update_prices", "gather_inputs", "resolve_sessions", "run_studies", "run_verdicts",
           "build_report", "load_registry"]
