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
exit code (1), not as a traceback, so the daily report still appears. Each
article, event row and claim is processed on its own: whatever one of them
raises (a date out of range, an unknown time zone, a number too large) makes
it a named skip in the report's warnings, ``summary.json``, the log and
stderr (exit code 2), and the run goes on. ``events.max_events`` and
``events.max_claims`` bound the work of one run.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import logging
import math
import os
import platform
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fintrack import __version__
from fintrack.config import Config
from fintrack.files import one_line
from fintrack.errors import (
    ConfigError,
    FintrackError,
    NoPriceDataError,
    OutputError,
)
from fintrack.runlock import run_lock
from fintrack.spreadsheet import spreadsheet_safe

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

STEPS = ("prices", "events and claims", "event studies", "claim verdicts", "charts", "report")

MODEL_TITLES = {
    "market": "market model",
    "market_btc": "market + bitcoin model",
    "market_adjusted": "market-adjusted returns",
    "constant_mean": "constant-mean model",
    "raw": "raw returns",
}
PEER_GROUP = "peer group"
EMPTY_RUN = "empty run"


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


def skip_reason(exc: BaseException) -> str:
    """One line saying why one input item (an article, an event row, a claim) was skipped.

    Expected problems (:class:`FintrackError`) keep their message; the rest are
    named in words a user can act on where the kind is known (a date out of
    range, an unknown time zone), else by their type.
    """
    from zoneinfo import ZoneInfoNotFoundError

    if isinstance(exc, FintrackError):
        return str(exc)
    if isinstance(exc, ZoneInfoNotFoundError):
        key = str(exc).strip("'\"").removeprefix("No time zone found with key ").strip()
        return f"unknown time zone {key!r} (use an IANA name such as America/New_York)"
    if isinstance(exc, (OverflowError, pd.errors.OutOfBoundsDatetime)):
        return f"a date or number out of range ({exc})"
    return f"cannot be processed ({type(exc).__name__}: {exc})"


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
    sample: str = ""  # "bundled sample data, last session D; why" when the bundled snapshot was used
    fallback: bool = False  # the sample replaced data that could not be had (exit code 3)


def _price_source(config: Config):
    from fintrack.market import PRICES_DIR_ENV, CsvSource, YahooSource

    folder = config.prices_dir or os.environ.get(PRICES_DIR_ENV) or None
    if folder:
        return CsvSource(folder)
    if config.offline:
        return None  # cache only
    return YahooSource()


def _sample_prices(config: Config, reason: str, *, fallback: bool) -> _Prices:
    """The bundled sample snapshot for every ticker it has; the price cache is left alone."""
    from fintrack.market.frames import content_hash
    from fintrack.market.sources import SampleSource

    source = SampleSource()
    out = _Prices({}, [], [], {}, [], fallback=fallback)
    for ticker in config.tickers:
        if not source.has(ticker):
            out.missing[ticker] = f"{ticker}: not in the bundled sample data"
            continue
        frame = source.fetch(ticker, start=config.start)
        out.frames[ticker] = frame
        out.provenance.append({"ticker": ticker, "source": "bundled sample", "fetched_at": "(bundled)",
                               "rows": len(frame), "first": frame.index[0].date().isoformat(),
                               "last": frame.index[-1].date().isoformat(), "content_hash": content_hash(frame)})
    required = [t for t in (config.primary, config.market, config.bitcoin) if t in out.frames]
    last = min(out.frames[t].index[-1] for t in required).date().isoformat() if required else "?"
    out.sample = f"bundled sample data, last session {last}; {reason}"
    out.warnings.append(f"prices: {out.sample}")
    return out


def update_prices(config: Config, *, sample: bool = False) -> _Prices:
    """Refresh the cache for every ticker of ``config`` and load the canonical frames.

    ``sample`` uses the bundled snapshot instead. Without a CSV folder, when the
    primary, market or bitcoin series cannot be had (Yahoo unreachable, or offline
    with an empty cache), the bundled snapshot is used too, as a degraded run.
    """
    from fintrack.errors import DownloadError, RateLimitError
    from fintrack.market import CsvSource, PriceCache
    from fintrack.market.sources import SampleSource

    if sample:
        return _sample_prices(config, "requested with --sample", fallback=False)
    cache = PriceCache(config.cache_dir)
    source = _price_source(config)
    out = _Prices({}, [], [], {}, [])
    unreachable = ""
    for ticker in config.tickers:
        failure = ""
        if source is not None:
            try:
                cache.update(ticker, source, start=config.start)
            except DownloadError as exc:
                failure = str(exc)
                unreachable = unreachable or ("Yahoo rate limit" if isinstance(exc, RateLimitError)
                                              else "Yahoo unreachable")
            except FintrackError as exc:
                failure = str(exc)
            except OSError as exc:  # the cache file cannot be written (disk full): keep the old one
                failure = f"cannot write the price cache {cache.root}: {exc.strerror or exc}"
                log.info("price update failed for %s: %s", ticker, exc)
        elif not cache.has(ticker):
            failure = f"{ticker}: offline and not in the price cache {cache.root}"
            unreachable = "offline, empty price cache"
        if not cache.has(ticker):
            out.missing[ticker] = failure or f"{ticker}: no price data"
            continue
        if failure and source is not None:
            out.stale.append(ticker)
            out.warnings.append(f"{ticker}: the price update failed ({failure}); using the cached copy "
                                f"through {cache.provenance(ticker).last} (stale)")
        frame = cache.load(ticker)
        from fintrack.market.frames import probable_unadjusted_splits

        out.warnings += probable_unadjusted_splits(frame, ticker, config.split_warning_ratio)
        out.frames[ticker] = frame
        out.provenance.append(frame.attrs["provenance"])
    required = (("primary", config.primary), ("market", config.market), ("bitcoin", config.bitcoin))
    lacking = [t for _, t in required if t in out.missing]
    if lacking and unreachable and not isinstance(source, CsvSource) and all(SampleSource().has(t) for t in lacking):
        log.info("no price data for %s (%s; %s); using the bundled sample data", ", ".join(lacking), unreachable,
                 out.missing[lacking[0]])
        return _sample_prices(config, unreachable, fallback=True)
    for role, ticker in required:
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
    _check_iso_dates(frame, f"event registry {path}")
    return frame


def _check_iso_dates(frame: pd.DataFrame, what: str) -> None:
    """Dates are ISO ``YYYY-MM-DD`` (or empty), ``date_end`` not before ``date``; else one line naming the line."""
    for i, row in enumerate(frame[[c for c in ("date", "date_end") if c in frame.columns]].itertuples(index=False)):
        values = [str(v).strip() for v in row]
        for column, value in zip(("date", "date_end"), values):
            if not value or value.lower() == "nan":
                continue
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise ValueError
                dt.date.fromisoformat(value)
            except ValueError:
                raise ConfigError(f"{what}: line {i + 2}: {column} {value!r} is not a date in YYYY-MM-DD form") from None
        if len(values) == 2 and all(v and v.lower() != "nan" for v in values) and values[1] < values[0]:
            raise ConfigError(f"{what}: line {i + 2}: date_end {values[1]} is before date {values[0]}")


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
        from fintrack.news.registry import load_registry as load_ticker_registry
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
    tickers = load_ticker_registry()
    parts = []
    for path in paths:
        # one article (empty, binary, too large, or one whose dates, time zone or numbers
        # the extraction cannot handle) must not cost the others: each is read and
        # extracted on its own, and a failure is a named skip
        try:
            parts.append(extract(load_article(path, metadata_csv=metadata), registry=tickers))
        except Exception as exc:  # noqa: BLE001 (isolation: anything one article raises)
            message = skip_reason(exc)
            if message.startswith(f"{path}: "):
                message = message[len(f"{path}: "):]
            bad_articles.append(one_line(f"article {path} skipped: {message}"))
            log.warning("article %s skipped: %s", path, message, extra={"file_only": True})
            log.debug("article %s: traceback", path, exc_info=True)
    if not parts:
        warnings.append(f"no readable article in {config.articles}")
        return None
    return type(parts[0])(**{f: pd.concat([getattr(p, f) for p in parts], ignore_index=True)
                             for f in ("events", "claims", "articles")})


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
            if "precision" not in reg.columns:  # a hand-written registry: the date's own precision
                reg["precision"] = [_date_precision(d) for d in reg["date"]]
            parts.append(reg)
        else:
            warnings.append(f"event registry {config.registry} not found; events come from articles only")
    claims = pd.DataFrame(columns=list(CLAIM_COLUMNS))
    if config.claims is not None and config.claims.is_file():
        claims = _read_csv(config.claims, "claims file")
        _check_iso_dates(claims, f"claims file {config.claims}")
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


def _apply_limits(inputs: _Inputs, config: Config) -> None:
    """Keep at most ``events.max_events`` events and ``events.max_claims`` claims (the first ones).

    The cost of a run (studies, verdicts, tables, charts) grows with both; a
    feed gone wrong must not hold the lock for hours. Cutting is bad input
    (exit code 2), named in the warnings.
    """
    for attr, limit, key, what in (("events", config.max_events, "events.max_events", "events"),
                                   ("claims", config.max_claims, "events.max_claims", "claims")):
        frame = getattr(inputs, attr)
        if len(frame) > limit:
            message = (f"{len(frame):,} {what} is more than the limit of {limit:,} per run ({key}); "
                       f"only the first {limit:,} were used")
            setattr(inputs, attr, frame.iloc[:limit].reset_index(drop=True))
            inputs.bad_inputs.append(message)
            inputs.warnings.append(message)
            log.warning("%s", message, extra={"file_only": True})


def _date_precision(text: str) -> str:
    """'year' for ``2021``, 'month' for ``2021-03``, else 'day': a registry date known only to the
    month must not be studied as an event on the month's first day."""
    text = str(text).strip()
    if re.fullmatch(r"\d{4}", text):
        return "year"
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return "month"
    return "day"


def resolve_sessions(events: pd.DataFrame, config: Config,
                     prices: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Add ``session`` (day 0), ``status`` ('studied'/'not studied') and ``reason`` to each event.

    Only day-precise events of the primary ticker are studied; a second event
    on the same session as an earlier one (registry first) is a duplicate.
    With ``prices`` (ticker -> frame), an event about a ticker without price
    data, or dated before the primary's first or after its last price, is
    listed with that reason. A row that cannot be resolved at all (an unknown
    time zone, a date out of range) is *not studied* with the reason, and named
    in ``attrs["skipped"]`` (bad input: exit code 2); the other rows go on.
    """
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
    skipped: list[str] = []
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
            try:
                session, status, reason = _resolve_one(ev, config, first, last, seen)
            except Exception as exc:  # noqa: BLE001 (isolation: one row must not stop the run)
                session, status, reason = pd.NaT, "not studied", f"skipped: {skip_reason(exc)}"
                skipped.append(one_line(f"event {ev.event_id} skipped: {skip_reason(exc)}"))
                log.warning("event %s skipped: %s", ev.event_id, skip_reason(exc), extra={"file_only": True})
        sessions[i], statuses[i], reasons[i] = session, status, reason
    out["session"] = pd.to_datetime(pd.Series(sessions, dtype="datetime64[ns]"))
    out["status"] = statuses
    out["reason"] = reasons
    out.attrs["skipped"] = skipped
    return out


def _resolve_one(ev, config: Config, first, last, seen: dict) -> tuple[object, str, str]:
    """(session, status, reason) of one day-precise event of the primary ticker."""
    from fintrack.market import session_for
    from fintrack.market.calendars import get_calendar

    session, status, reason = pd.NaT, "not studied", ""
    day = pd.Timestamp(str(ev.date)) if _is_date(str(ev.date)) else None
    aware = day is not None and day.tzinfo is not None
    if aware:  # '2021-03-09T11:55:00+09:00': compared on the exchange's date
        day = day.tz_convert(get_calendar(config.calendar).tz).tz_localize(None).normalize()
    if day is not None and first is not None and day < first.normalize():
        reason = f"date {day.date()} is before the first price data {first.date()}"
    elif day is not None and last is not None and day > last.normalize():
        reason = f"date {day.date()} is after the last price data {last.date()}"
    if reason:
        return session, status, reason
    try:
        stamp = f"{ev.date} {ev.time}" if str(ev.time) and not aware else str(ev.date)
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
    return session, status, reason


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
                warnings: list[str], missing: list[str],
                skipped: dict[tuple[str, str, str], str] | None = None) -> list[StudyRun]:
    """One ``event_study`` per model and events table. An event the study cannot handle at all
    is named in ``skipped`` ((kind, model, event_id) -> message) and the others are studied without it."""
    try:
        from fintrack.study import event_study
    except ImportError as exc:
        missing.append("event study")
        warnings.append(f"the event-study stage is not available ({exc}); no event was studied")
        return []
    runs = []
    for model in config.models:
        def study(events: pd.DataFrame, model: str = model):
            return event_study(returns, events, model, market=config.market, bitcoin=config.bitcoin,
                               estimation_window=config.estimation_window, event_window=config.event_window,
                               car_windows=config.car_windows, min_estimation_obs=config.min_estimation_obs)

        for kind, events in frames.items():
            if events.empty:
                continue
            title = f"{kind} study, {MODEL_TITLES.get(model, model)}"
            try:
                try:
                    result = study(events)
                except FintrackError:
                    raise
                except Exception:  # noqa: BLE001 (one event must not cost the others: find it, study the rest)
                    keep = []
                    for i in range(len(events)):
                        try:
                            study(events.iloc[[i]])
                        except FintrackError:
                            keep.append(i)  # a problem of the group (too few events), not of this event
                        except Exception as exc:  # noqa: BLE001
                            event_id = str(events["event_id"].iloc[i])
                            message = one_line(f"event {event_id} skipped in the {title}: {skip_reason(exc)}")
                            if skipped is not None:
                                skipped[(kind, model, event_id)] = message
                            log.warning("%s", message, extra={"file_only": True})
                        else:
                            keep.append(i)
                    if len(keep) == len(events) or not keep:
                        raise
                    result = study(events.iloc[keep].reset_index(drop=True))
            except FintrackError as exc:
                warnings.append(f"{title}: not run ({exc})")
                continue
            runs.append(StudyRun(kind, model, result))
    return runs


# ---------------------------------------------------------------------------
# 4. verdicts
# ---------------------------------------------------------------------------
def run_verdicts(claims: pd.DataFrame, frames: dict[str, pd.DataFrame], config: Config,
                 warnings: list[str], missing: list[str], skipped: list[str] | None = None) -> pd.DataFrame | None:
    """Verdicts on ``claims``; a claim that cannot be checked at all (a number out of range)
    gets the verdict 'unverifiable' with the reason, is named in ``skipped``, and the others go on."""
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

    try:
        return verify(claims, prices)
    except Exception:  # noqa: BLE001 (one claim must not cost the others: check them one by one)
        pass
    from fintrack.verify import VERDICT_COLUMNS

    rows = []
    for i in range(len(claims)):
        one = claims.iloc[[i]]
        try:
            rows.append(verify(one, prices))
        except Exception as exc:  # noqa: BLE001
            claim_id = str(one["claim_id"].iloc[0]) if "claim_id" in one else str(i + 1)
            message = one_line(f"claim {claim_id} skipped: {skip_reason(exc)}")
            if skipped is not None:
                skipped.append(message)
            log.warning("%s", message, extra={"file_only": True})
            row = {c: "" for c in VERDICT_COLUMNS}
            row.update({c: str(one[c].iloc[0]) for c in ("claim_id", "subject", "metric") if c in one})
            row.update(verdict="unverifiable", reason=f"skipped: {skip_reason(exc)}")
            for c in ("claimed_value", "measured", "low", "high"):
                row[c] = math.nan
            rows.append(pd.DataFrame([row], columns=list(VERDICT_COLUMNS)))
    return pd.concat(rows, ignore_index=True)


# ---------------------------------------------------------------------------
# 5. report
# ---------------------------------------------------------------------------
def _package_versions() -> list[tuple[str, str]]:
    rows = [("python", platform.python_version()), ("fintrack", __version__)]
    for dist in ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "exchange_calendars", "pyarrow",
                 "yfinance", "jinja2", "fpdf2"):
        try:
            rows.append((dist, importlib.metadata.version(dist)))
        except importlib.metadata.PackageNotFoundError:
            rows.append((dist, "not installed"))
    return rows


def _fmt(value: object, spec: str) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if not math.isfinite(number) else format(number, spec)


def _short_label(ev) -> str:
    text = str(ev.description or ev.kind or ev.event_id)
    return text if len(text) <= 28 else text[:27] + "\u2026"


#: A series whose last bar is more than this many days before the run date is not "fresh".
FRESH_DAYS = 5


def _data_status(provenance: dict, prices: _Prices, run_date: str) -> str:
    """"STALE" (the update failed), "data as of D" (old bars, or the bundled sample) or "fresh"."""
    if provenance["ticker"] in prices.stale:
        return "STALE"
    last = pd.Timestamp(provenance["last"])
    if prices.sample or (pd.Timestamp(run_date) - last).days > FRESH_DAYS:
        return f"data as of {last.date().isoformat()}"
    return "fresh"


def build_report(config: Config, run_date: str, prices: _Prices, returns: pd.DataFrame, inputs: _Inputs,
                 events: pd.DataFrame, runs: list[StudyRun], verdicts: pd.DataFrame | None,
                 warnings: list[str], progress: Progress) -> tuple[dict[str, bytes], tuple[str, ...], dict[str, int]]:
    """Charts, HTML, PDF and CSV tables as name -> bytes; also the headline lines and verdict counts."""
    from fintrack.report import compute, figures
    from fintrack.report.content import ReportContent, StudySection, Table
    from fintrack.report.html import render_html

    studied = events.loc[events["status"] == "studied"].copy()
    studied["label"] = [_short_label(ev) for ev in studied.itertuples(index=False)]
    primary_runs = [r for r in runs if r.kind == "primary"]
    peer_runs = [r for r in runs if r.kind == "peers"]
    counts = compute.verdict_counts(verdicts) if verdicts is not None else {}

    # -- headline ---------------------------------------------------------
    headline: list[str] = []
    for ev in studied.itertuples(index=False):
        parts = []
        for r in primary_runs:
            for window in ("(0,0)", "(-1,+1)"):
                row = compute.car_row(r.result.car, str(ev.event_id), window)
                if row is not None:
                    parts.append(f"CAR{window} {compute.format_pct(row['car'])} (p {compute.format_p(row['p'])}, "
                                 f"{MODEL_TITLES.get(r.model, r.model)})")
        desc = f" - {ev.description}" if str(ev.description) else ""
        if parts:
            headline.append(f"{config.primary} on {pd.Timestamp(ev.session).date()} ({ev.event_id}{desc}): " + "; ".join(parts) + ".")
        else:
            headline.append(f"{config.primary} on {pd.Timestamp(ev.session).date()} ({ev.event_id}{desc}): not studied "
                            "(see the study sections).")
    for r in peer_runs:
        tests = r.result.tests
        tests = tests[(tests["window"] == "(-1,+1)") & (tests["group"].isin([PEER_GROUP, "all"]))]
        caar = r.result.car.loc[r.result.car["window"] == "(-1,+1)", "car"].mean()
        detail = ", ".join(f"{t.test} p {compute.format_p(t.p_value)}"
                           for t in tests.drop_duplicates("test").itertuples(index=False)
                           if t.test in ("cross_sectional_t", "bmp", "corrado_rank"))
        headline.append(f"Peer group ({len(r.result.events)} event-asset pairs, {MODEL_TITLES.get(r.model, r.model)}): "
                        f"CAAR(-1,+1) {compute.format_pct(caar)}" + (f"; {detail}." if detail else "."))
    rolling = compute.rolling_beta_corr(returns, config.primary, [config.bitcoin, config.market],
                                        window=config.rolling_window)
    last = rolling.dropna(how="all")
    if len(last):
        row = last.iloc[-1]
        bits = [f"beta {_fmt(row.get(f'beta {x}'), '.2f')} / corr {_fmt(row.get(f'corr {x}'), '.2f')} to {x}"
                for x in (config.bitcoin, config.market)]
        headline.append(f"{config.primary}, last {config.rolling_window} sessions to {last.index[-1].date()}: "
                        + "; ".join(bits) + ".")
    if verdicts is not None:
        headline.append(f"Claims checked: {len(verdicts)} - " + ", ".join(f"{n} {v}" for v, n in counts.items() if n) + ".")
    elif not inputs.claims.empty:
        headline.append("Claims were not checked (the verification stage did not run).")
    else:
        headline.append("No claims to check.")

    # -- tables -----------------------------------------------------------
    ev_table = events.assign(
        session=[("" if pd.isna(s) else str(pd.Timestamp(s).date())) for s in events["session"]],
    )[["event_id", "ticker", "date", "time", "session", "kind", "description", "origin", "status", "reason"]]
    events_t = Table.from_frame("Events", ev_table, highlight="status",
                                note="Day 0 (session) is the first session in which the market could react "
                                     "(after-close news moves to the next session).")
    if verdicts is not None:
        claim_view = verdicts[["claim_id", "subject", "metric", "claimed", "tolerance", "measured_text",
                               "verdict", "reason"]].rename(columns={"measured_text": "measured"})
    else:
        keep = [c for c in ("claim_id", "subject", "metric", "value_text", "date", "sentence") if c in inputs.claims]
        claim_view = inputs.claims[keep]
    claims_t = Table.from_frame("Claims and verdicts", claim_view, highlight="verdict")
    art_cols = [c for c in ("article_id", "title", "source", "url", "published") if c in inputs.articles.columns]
    articles_t = Table.from_frame("Articles", inputs.articles[art_cols])

    sections = []
    for r in runs:
        res = r.result
        title = (f"{config.primary}, per event" if r.kind == "primary" else f"Peer group ({config.primary} + peers)")
        title += f" - {MODEL_TITLES.get(r.model, r.model)}"
        if r.kind == "primary":
            car = res.car.assign(
                CAR=[compute.format_pct(v) for v in res.car["car"]], t=[_fmt(v, ".2f") for v in res.car["t"]],
                p=[compute.format_p(v) for v in res.car["p"]], BHAR=[compute.format_pct(v) for v in res.car["bhar"]],
                emp_p=[compute.format_p(v) for v in res.car["empirical_p"]],
            )[["event_id", "asset", "window", "CAR", "t", "p", "BHAR", "emp_p"]].rename(columns={"emp_p": "empirical p"})
            table = Table.from_frame("CAR by event and window", car)
        else:
            tests = res.tests
            if (tests["group"] == PEER_GROUP).any():  # 'all' repeats the one group
                tests = tests[tests["group"] == PEER_GROUP]
            tests = tests.assign(statistic=[_fmt(v, ".3f") for v in tests["statistic"]],
                                     p_value=[compute.format_p(v) for v in tests["p_value"]])
            table = Table.from_frame("Cross-event tests", tests[["group", "window", "test", "statistic", "p_value", "n"]])
        # One event's significance comes from its own AR/CAR tables; cross-event tests
        # over a handful of unrelated CAN events would not mean anything.
        summary = ("\n\n".join(res.summary(event_id=e) for e in res.events["event_id"])
                   if r.kind == "primary" else res.summary())
        sections.append(StudySection(title, summary, table))

    prov_rows = []
    for p in prices.provenance:
        prov_rows.append({"ticker": p["ticker"], "source": p["source"], "fetched at (UTC)": p["fetched_at"],
                          "rows": p["rows"], "first": p["first"], "last": p["last"],
                          "sha256 of values": str(p["content_hash"])[:16] + "\u2026",
                          "status": _data_status(p, prices, run_date)})
    prov = pd.DataFrame(prov_rows)
    source_desc = prices.sample or (f"CSV folder {config.prices_dir or os.environ.get('FINTRACK_PRICES_DIR')}"
                   if (config.prices_dir or os.environ.get("FINTRACK_PRICES_DIR"))
                   else ("price cache only (offline)" if config.offline else "Yahoo Finance via yfinance"))
    provenance_t = Table.from_frame("Price series", prov,
                                    note=f"Source: {source_desc}; cache {config.cache_dir}. Hashes are SHA-256 of the "
                                         "cached values (first 16 hex digits shown; full values in provenance.csv).")
    versions_t = Table("Software", ("package", "version"), tuple(_package_versions()))

    # -- charts -----------------------------------------------------------
    progress(5, len(STEPS), "charts")
    dpi = config.dpi
    charts = []
    chart_tickers = [t for t in (config.primary, config.bitcoin) if t in prices.frames]
    levels = compute.price_levels(prices.frames, chart_tickers, start=config.start)
    markers = {t: compute.event_markers(studied[["event_id", "session", "label"]], levels[t]) for t in chart_tickers}
    charts.append(figures.Chart("prices", f"{' and '.join(chart_tickers)} prices with events",
                                f"Adjusted close in USD{' on a log scale' if config.log_scale else ''}; purple markers: "
                                "studied events at day 0.",
                                figures.prices_chart(levels, markers, log_scale=config.log_scale, dpi=dpi)))
    if primary_runs:
        first = primary_runs[0]
        for ev in first.result.events.itertuples(index=False):
            path = compute.ar_car_path(first.result.ar, ev.event_id)
            title = f"{ev.asset} {ev.event_id}, day 0 = {pd.Timestamp(ev.session).date()} ({MODEL_TITLES.get(first.model, first.model)})"
            charts.append(figures.Chart(f"event-{ev.event_id}", title,
                                        "Bars: daily abnormal return (%); line: cumulative abnormal return (%) over the "
                                        "event window with its 95% band (forecast-error variance).",
                                        figures.event_chart(path, title, dpi=dpi)))
    for r in peer_runs:
        title = f"Peer group CAAR, {MODEL_TITLES.get(r.model, r.model)}"
        charts.append(figures.Chart(f"caar-{r.model}", title,
                                    f"{len(r.result.events)} event-asset pairs ({config.primary} and peers). Bars: average "
                                    "abnormal return (%); line: CAAR (%) with its 95% band.",
                                    figures.caar_chart(compute.caar_path(r.result.aar, r.result.ar), title, dpi=dpi)))
    charts.append(figures.Chart("rolling", f"Rolling beta and correlation of {config.primary}",
                                f"{config.rolling_window}-session rolling OLS beta and Pearson correlation of "
                                f"{config.primary}'s daily simple returns on {config.bitcoin} and {config.market}.",
                                figures.rolling_chart(rolling.loc[pd.Timestamp(config.start):], config.primary,
                                                      config.rolling_window, dpi=dpi)))
    if verdicts is not None and len(verdicts):
        view = verdicts.assign(claim=verdicts["claim_id"])[["claim", "subject", "claimed", "measured_text", "verdict"]]
        view = view.rename(columns={"measured_text": "measured"})
        charts.append(figures.Chart("claims", "Claims: claimed vs measured",
                                    "Each claim as stated, the value the daily bars give, and the verdict.",
                                    figures.claims_chart(view, dpi=dpi)))

    # -- methodology ------------------------------------------------------
    try:
        from fintrack.study import TEST_NAMES
    except ImportError:
        TEST_NAMES = ()
    try:
        from fintrack.verify import VERDICTS
    except ImportError:
        VERDICTS = {}
    est, evt = config.estimation_window, config.event_window
    methodology = (
        ("Returns", "Daily simple returns (fractions; shown in percent) from the adjusted close on NASDAQ sessions "
                    "(exchange_calendars XNAS). Bitcoin (BTC-USD, UTC-day bars) is sampled at each session date and "
                    "compounded between sessions, so weekend moves land on Monday."),
        ("Event dates", "Each event maps to the first session in which the market could react: news during or before a "
                        "session belongs to that session, news after the 16:00 New York close or on a non-trading day to "
                        "the next session. Events without a day-precise date are listed but not studied."),
        ("Models", "Market model: R_i = a + b R_QQQ + e (OLS on the estimation window). Market + bitcoin model: "
                   "R_i = a + b R_QQQ + c R_BTC + e. Models run: " + ", ".join(MODEL_TITLES.get(m, m) for m in config.models) + "."),
        ("Windows", f"Estimation window {list(est)} sessions relative to day 0, event window {list(evt)}, CAR windows "
                    + ", ".join(str(list(w)) for w in config.car_windows)
                    + f"; an event needs at least {config.min_estimation_obs} valid estimation returns."),
        ("Statistics", "AR variances are forecast-error variances including parameter-estimation error; CAR bands are "
                       "+/-1.96 standard errors. Cross-event tests: " + (", ".join(TEST_NAMES) or "n/a")
                       + ". BHAR is the buy-and-hold abnormal return; the empirical p compares the CAR with CARs of the "
                       "same length in the estimation window. The peer group pools every studied event across "
                       f"{config.primary} and its peers with price data."),
        ("Claim verdicts", "; ".join(f"{k}: {v}" for k, v in VERDICTS.items()) or "n/a"),
        ("Rolling statistics", f"{config.rolling_window}-session rolling OLS beta (cov/var) and Pearson correlation of "
                               f"daily simple returns, full windows only."),
    )

    volatile = tuple(str(p["fetched_at"]) for p in prices.provenance)
    content = ReportContent(
        title=config.title, run_date=run_date, headline=tuple(headline), warnings=tuple(warnings),
        events=events_t, claims=claims_t, articles=articles_t, studies=tuple(sections), charts=tuple(charts),
        methodology=methodology, provenance=provenance_t, versions=versions_t, volatile=volatile,
    )

    progress(6, len(STEPS), "report")
    files: dict[str, bytes] = {"report.html": render_html(content).encode("utf-8")}
    if config.pdf:
        from fintrack.report.pdf import render_pdf

        files["report.pdf"] = render_pdf(content)
    for chart in charts:
        files[_chart_file_name(chart.name, files)] = chart.png

    def csv(frame: pd.DataFrame) -> bytes:
        return spreadsheet_safe(frame).to_csv(index=False, float_format="%.10g", lineterminator="\n").encode("utf-8")

    def stacked(attr: str) -> pd.DataFrame:
        parts = [getattr(r.result, attr).assign(study=r.kind, model=r.model) for r in runs]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    files["ar.csv"] = csv(stacked("ar"))
    files["car.csv"] = csv(stacked("car"))
    files["tests.csv"] = csv(stacked("tests"))
    files["events.csv"] = csv(ev_table)
    files["claims.csv"] = csv(verdicts if verdicts is not None else inputs.claims)
    files["provenance.csv"] = csv(pd.DataFrame(prices.provenance))
    summary = {
        "run_date": run_date,
        "tickers": {"primary": config.primary, "peers": [t for t in config.peers if t in prices.frames],
                    "market": config.market, "bitcoin": config.bitcoin},
        "events_studied": int((events["status"] == "studied").sum()),
        "events_not_studied": int((events["status"] != "studied").sum()),
        "claim_verdicts": counts,
        "stale_data": list(prices.stale),
        "warnings": list(warnings),
        "headline": headline,
    }
    files["summary.json"] = (json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return files, tuple(headline), counts


def _chart_file_name(name: str, taken) -> str:
    """``chart-<name>.png`` with the name reduced to a plain file name.

    Chart names carry event ids from the user's registry; a ``/`` or ``..`` in
    one must not place a file outside the report folder.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "chart"
    candidate, n = f"chart-{safe}.png", 1
    while candidate in taken:
        n += 1
        candidate = f"chart-{safe}-{n}.png"
    return candidate


# ---------------------------------------------------------------------------
def _no_progress(step: int, total: int, message: str) -> None:
    return None


def run(config: Config, *, run_date: str | dt.date | None = None, progress: Progress | None = None,
        sample: bool = False) -> RunResult:
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
        prices = update_prices(config, sample=sample)
        warnings = list(prices.warnings)
        from fintrack.market import returns_panel

        returns = returns_panel(prices.frames, calendar=config.calendar)

        progress(2, len(STEPS), "events and claims")
        inputs = gather_inputs(config)
        _apply_limits(inputs, config)
        warnings += inputs.warnings
        missing = list(inputs.missing_stages)
        events = resolve_sessions(inputs.events, config, prices.frames)
        empty_run = events.empty and inputs.claims.empty
        if empty_run:
            warnings.append(f"{EMPTY_RUN}: no events and no claims (registry {config.registry}, claims {config.claims}); "
                            "run from the repository root or give --events, --claims or --articles")
        elif events.empty:
            warnings.append("no events: give an event registry (events.registry) or an articles folder (events.articles)")

        progress(3, len(STEPS), "event studies")
        # event rows that could not be resolved at all (an unknown time zone) are bad input
        inputs.bad_inputs += events.attrs.get("skipped", [])
        warnings += events.attrs.get("skipped", [])
        peers = [t for t in config.peers if t in prices.frames and t != config.primary]
        skipped_studies: dict[tuple[str, str, str], str] = {}
        runs = run_studies(returns, study_frames(events, config, peers), config, warnings, missing,
                           skipped=skipped_studies)
        inputs.bad_inputs += list(skipped_studies.values())
        warnings += list(skipped_studies.values())
        # an event the study skipped (short history, outside the data) is not studied after all
        skipped: dict[str, str] = {}
        for (kind, _, event_id), message in skipped_studies.items():
            if kind == "primary":
                skipped.setdefault(event_id, message[len(one_line(f"event {event_id} ")):])
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
        skipped_claims: list[str] = []
        verdicts = run_verdicts(inputs.claims, prices.frames, config, warnings, missing, skipped=skipped_claims)
        inputs.bad_inputs += skipped_claims
        warnings += skipped_claims

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
    elif inputs.bad_inputs or empty_run:
        exit_code = 2  # the report is written without the unreadable articles it names
    elif prices.stale or prices.fallback:
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
