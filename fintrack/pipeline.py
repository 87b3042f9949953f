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
import math
import re
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fintrack.config import Config
from fintrack.files import one_line
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
        return CsvSource(folder, split_warning_ratio=config.split_warning_ratio, calendar=config.calendar)
    if config.offline:
        return None  # cache only
    return YahooSource()


def _sample_prices(config: Config, reason: str, *, fallback: bool) -> _Prices:
    """The bundled sample snapshot for every ticker it has; the price cache is left alone."""
    from fintrack.market.frames import content_hash
    from fintrack.market.sources import SampleSource

    source = SampleSource(split_warning_ratio=config.split_warning_ratio)
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
        from fintrack.market.splits import recorded_splits

        # a recorded split (splits.csv in the prices folder, or the cache's) is not a probable unadjusted one
        split_days = recorded_splits(ticker, prices_dir=source.folder if isinstance(source, CsvSource) else None,
                                     cache_root=cache.root).index
        out.warnings += probable_unadjusted_splits(frame, ticker, config.split_warning_ratio, split_days)
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
                if re.fullmatch(r"\d{4}(-\d{2})?", value):  # year or month only: listed, not studied
                    dt.date.fromisoformat(value + "-01-01"[len(value) - 4:])
                elif re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?", value):
                    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                else:
                    raise ValueError
            except ValueError:
                raise ConfigError(f"{what}: line {i + 2}: {column} {value!r} is not an ISO date (YYYY-MM-DD, "
                                  "a date and time with its UTC offset, YYYY-MM or YYYY)") from None
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


#: Online, cached Fama-French factors older than this are downloaded again (the library adds a month at a time).
FACTORS_MAX_AGE_DAYS = 7


def _factor_panel(returns: pd.DataFrame, model: str, config: Config, offline: bool,
                  loaded: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``returns`` with the Fama-French/Carhart factors ``model`` regresses on (none for other models).

    The daily factors come from Ken French's CSV in the prices folder (or, without
    one, in ``<cache_dir>/french``), else the cached zip, else a download unless offline
    (online, a cached zip older than :data:`FACTORS_MAX_AGE_DAYS` is downloaded again).
    """
    from fintrack.market import PRICES_DIR_ENV
    from fintrack.study.factors import MODEL_DATASETS, add_factors, factors_for_model

    if model not in MODEL_DATASETS:
        return returns
    folder = config.prices_dir or os.environ.get(PRICES_DIR_ENV) or None
    where = Path(folder) if folder else config.cache_dir / "french"
    factors = factors_for_model(model, prices_dir=where, cache_dir=config.cache_dir, offline=offline, loaded=loaded,
                                max_age_days=FACTORS_MAX_AGE_DAYS)
    return add_factors(returns, factors)


def run_studies(returns: pd.DataFrame, frames: dict[str, pd.DataFrame], config: Config,
                warnings: list[str], missing: list[str],
                skipped: dict[tuple[str, str, str], str] | None = None, *,
                offline: bool | None = None) -> list[StudyRun]:
    """One ``event_study`` per model and events table. An event the study cannot handle at all
    is named in ``skipped`` ((kind, model, event_id) -> message) and the others are studied without it.

    The Fama-French/Carhart models (``ff3``, ``carhart4``, ``ff5``) read Ken French's daily factors
    (see :func:`_factor_panel`); without them the model is *not run*, with one warning saying which
    file to put where. ``offline`` (default: ``data.offline``, or a prices folder given) forbids their
    download. What an event study changed in its sample (an event counted once under two ids, other
    events' windows masked out of an estimation window, thin trading) is added to ``warnings``.
    """
    try:
        from fintrack.study import EventStudyWarning, event_study
    except ImportError as exc:
        missing.append("event study")
        warnings.append(f"the event-study stage is not available ({exc}); no event was studied")
        return []
    import warnings as pywarnings

    from fintrack.market import PRICES_DIR_ENV

    if offline is None:
        offline = config.offline or bool(config.prices_dir or os.environ.get(PRICES_DIR_ENV))
    loaded: dict[str, pd.DataFrame] = {}
    runs = []
    for model in config.models:
        if all(events.empty for events in frames.values()):
            break
        try:
            panel = _factor_panel(returns, model, config, offline, loaded)
        except FintrackError as exc:
            warnings.append(one_line(f"{MODEL_TITLES.get(model, model)}: not run: {exc}"))
            continue

        def study(events: pd.DataFrame, model: str = model, panel: pd.DataFrame = panel):
            with pywarnings.catch_warnings():
                # the notes are the result's; the run reports them as warnings below
                pywarnings.simplefilter("ignore", EventStudyWarning)
                return event_study(panel, events, model, market=config.market, bitcoin=config.bitcoin,
                                   estimation_window=config.estimation_window, event_window=config.event_window,
                                   car_windows=config.car_windows, min_estimation_obs=config.min_estimation_obs,
                                   mask_overlaps=config.mask_overlaps, calendar=config.calendar,
                                   threads=config.threads or None)

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
            # the notes saying the sample changed (B4 counted once, B5 masked overlaps) are run warnings;
            # notes on the model (thin trading) stay with the result
            warnings.extend(one_line(f"{title}: {note}") for note in result.sample_notes)
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
    """Charts, HTML, PDF and CSV tables as name -> bytes; also the headline lines and verdict counts.

    The page is composed in :mod:`fintrack.report` from one frozen
    :class:`~fintrack.report.ReportInputs` record.
    """
    from fintrack.report import ReportInputs, build_files

    for p in prices.provenance:  # "fresh", "STALE" or "data as of D" (old bars, or the bundled sample)
        p["status"] = _data_status(p, prices, run_date)
    report_inputs = ReportInputs.from_pipeline(config, run_date, prices, returns, inputs, events, runs, verdicts,
                                               warnings)
    return build_files(report_inputs, progress, (5, len(STEPS)))


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
        # two event ids on one session of the primary are counted once: say so beside the events table
        same = events["status"].ne("studied") & events["reason"].astype(str).str.startswith("same session as event ")
        if same.any():
            pairs = [f"{e} = {str(r).removeprefix('same session as event ')}"
                     for e, r in zip(events.loc[same, "event_id"], events.loc[same, "reason"])]
            warnings.append(one_line(f"{len(pairs)} event(s) on the session of an earlier event of {config.primary} "
                                     f"counted once (not studied): {', '.join(pairs[:5])}"
                                     + (" ..." if len(pairs) > 5 else "")))
        runs = run_studies(returns, study_frames(events, config, peers), config, warnings, missing,
                           skipped=skipped_studies, offline=True if prices.sample else None)
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
