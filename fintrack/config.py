"""The main job's configuration: ``fintrack.toml``, built-in defaults, CLI overrides.

:func:`load_config` reads a TOML file (every key optional; ``fintrack.toml`` at
the repository root documents them all), fills in the defaults below, applies
overrides (the ``fintrack run`` options) and validates the result. Every
problem raises :class:`~fintrack.errors.ConfigError` with a one-line message
naming the key, so the CLI exits with code 2.

Relative paths in a file are resolved against the file's folder; relative
paths given as overrides or left at their defaults are resolved against the
current working folder.

Whether a ticker *has data* is not a configuration question: the pipeline
raises :class:`~fintrack.errors.DataUnavailableError` (exit 3) for that. Only a
ticker that cannot be a ticker at all (``"CA N"``, ``""``) is a config error.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fintrack.errors import ConfigError


#: Accepted ``report.claims_chart_top``: price claims drawn in the claims chart (0 = no chart); one row each.
CLAIMS_CHART_RANGE = (0, 30)

#: Most ``study.threads`` (each chunk in flight holds its own temporaries).
THREAD_LIMIT = 64
#: Most ``report.processes`` (processes drawing the charts).
PROCESS_LIMIT = 8


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform reports it): what ``study.threads``
    and ``report.processes`` of 0 (automatic) start from."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1

#: Furthest a window may reach from day 0, in sessions (about ten years): a typo such as
#: [-1e9, -11] would otherwise allocate gigabytes before anything could say it is wrong.
WINDOW_LIMIT = 2520

#: Largest accepted ``events.max_events`` / ``events.max_claims``.
ITEM_LIMIT = 100_000

#: Accepted ``data.split_warning_ratio`` (a day's close over the previous one).
SPLIT_RATIO_RANGE = (1.5, 1000.0)

_TICKER_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-=^]{0,19}$")


def check_ticker(value: object, key: str) -> str:
    """``value`` upper-cased if it is a syntactically valid ticker, else ConfigError."""
    if not isinstance(value, str) or not _TICKER_RE.match(value.strip().upper()):
        raise ConfigError(f"{key}: {value!r} is not a ticker symbol (letters, digits, '.', '-', '=', '^')")
    return value.strip().upper()


def _window(value: object, key: str) -> tuple[int, int]:
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise ConfigError(f"{key}: expected two integers [start, end] in sessions relative to the event, got {value!r}")
    start, end = int(value[0]), int(value[1])
    if max(abs(start), abs(end)) > WINDOW_LIMIT:
        raise ConfigError(f"{key}: window [{start}, {end}] reaches beyond {WINDOW_LIMIT} sessions (about ten years) "
                          "from the event")
    if start > end:
        raise ConfigError(f"{key}: window [{start}, {end}] is inverted (start after end)")
    return start, end


@dataclass(frozen=True)
class Config:
    """Everything ``fintrack run`` needs; see ``fintrack.toml`` for each key's meaning."""

    # [tickers]
    primary: str = "CAN"
    peers: tuple[str, ...] = ("MARA", "RIOT", "HIVE", "BITF", "HUT", "EBON")
    market: str = "QQQ"
    bitcoin: str = "BTC-USD"
    # [data]
    prices_dir: Path | None = None
    cache_dir: Path = Path("data/cache")
    offline: bool = False
    start: str = "2019-01-01"
    calendar: str = "XNAS"
    split_warning_ratio: float = 3.0
    # [events]
    registry: Path | None = Path("data/events.csv")
    articles: Path | None = None
    articles_metadata: Path | None = None
    claims: Path | None = Path("data/claims.csv")
    max_events: int = 1000
    max_claims: int = 1000
    # [study]
    models: tuple[str, ...] = ("market", "market_btc")
    estimation_window: tuple[int, int] = (-250, -11)
    event_window: tuple[int, int] = (-5, 5)
    car_windows: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 5), (-5, 5))
    min_estimation_obs: int = 120
    mask_overlaps: bool = True
    threads: int = 0  # 0: the cores the process may use, at most 4
    # [report]
    output: Path = Path("reports")
    pdf: bool = True
    log_scale: bool = True
    rolling_window: int = 60
    claims_chart_top: int = 8
    processes: int = 0  # 0: the cores the process may use (at most 4); 1: no child processes
    title: str = "fintrack: CAN, bitcoin and the news"
    # where the file came from ('' = built-in defaults)
    source: str = field(default="", compare=False)

    @property
    def tickers(self) -> tuple[str, ...]:
        """Every ticker the run needs, primary first, without duplicates."""
        seen: dict[str, None] = {}
        for t in (self.primary, *self.peers, self.market, self.bitcoin):
            seen.setdefault(t, None)
        return tuple(seen)

    def as_dict(self) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Path) else value
        return out


# TOML section -> keys it may hold (dataclass field names).
_SECTIONS: dict[str, tuple[str, ...]] = {
    "tickers": ("primary", "peers", "market", "bitcoin"),
    "data": ("prices_dir", "cache_dir", "offline", "start", "calendar", "split_warning_ratio"),
    "events": ("registry", "articles", "articles_metadata", "claims", "max_events", "max_claims"),
    "study": ("models", "estimation_window", "event_window", "car_windows", "min_estimation_obs", "mask_overlaps",
              "threads"),
    "report": ("output", "pdf", "log_scale", "rolling_window", "claims_chart_top", "title", "processes"),
}
# Keys an older fintrack read that no longer mean anything: accepted with any value and dropped, so a config file
# written for that version still loads, and silently (a cron job's quiet run prints nothing on success). Not listed
# as expected keys. report.dpi set the density of the PDF's raster charts; the PDF now draws them as vectors.
_IGNORED: dict[str, tuple[str, ...]] = {"report": ("dpi",)}
_PATH_KEYS = ("prices_dir", "cache_dir", "registry", "articles", "articles_metadata", "claims", "output")
_OPTIONAL_PATHS = ("prices_dir", "registry", "articles", "articles_metadata", "claims")


def _flatten(document: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for section, body in document.items():
        if section not in _SECTIONS:
            raise ConfigError(f"unknown section [{section}] (expected one of: {', '.join(_SECTIONS)})")
        if not isinstance(body, Mapping):
            raise ConfigError(f"[{section}] must be a table of keys")
        for key, value in body.items():
            if key in _IGNORED.get(section, ()):
                continue
            if key not in _SECTIONS[section]:
                raise ConfigError(f"[{section}] unknown key {key!r} (expected: {', '.join(_SECTIONS[section])})")
            values[key] = value
    return values


def _coerce(values: dict[str, Any], base: Path | None) -> dict[str, Any]:
    """Turn raw TOML/override values into validated field values."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        where = f"{_section_of(key)}.{key}"
        if key in _PATH_KEYS:
            if value is None or value == "":
                if key not in _OPTIONAL_PATHS:
                    raise ConfigError(f"{where}: a folder is required")
                out[key] = None
                continue
            if not isinstance(value, (str, os.PathLike)):
                raise ConfigError(f"{where}: expected a path string, got {value!r}")
            path = Path(os.path.expanduser(os.fspath(value)))
            if base is not None and not path.is_absolute():
                path = base / path
            out[key] = path
        elif key in ("primary", "market", "bitcoin"):
            out[key] = check_ticker(value, where)
        elif key == "peers":
            if not isinstance(value, (list, tuple)):
                raise ConfigError(f"{where}: expected a list of tickers, got {value!r}")
            out[key] = tuple(check_ticker(v, where) for v in value)
        elif key == "models":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, (list, tuple)) or not value:
                raise ConfigError(f"{where}: expected a non-empty list of model names")
            # the one list of models lives with the event-study stage (imported here, not at start-up)
            from fintrack.study.models import _ALIASES as aliases
            from fintrack.study.models import MODEL_TITLES as known_models

            names = []
            for name in value:
                canonical = aliases.get(name.strip().lower(), name) if isinstance(name, str) else name
                if canonical not in known_models:
                    raise ConfigError(f"{where}: unknown model {name!r} (known: {', '.join(known_models)})")
                names.append(canonical)
            out[key] = tuple(dict.fromkeys(names))  # "carhart" and "carhart4" are one model, run once
        elif key in ("estimation_window", "event_window"):
            out[key] = _window(value, where)
        elif key == "car_windows":
            if not isinstance(value, (list, tuple)) or not value:
                raise ConfigError(f"{where}: expected a list of [start, end] windows")
            out[key] = tuple(_window(v, where) for v in value)
        elif key in ("min_estimation_obs", "rolling_window", "max_events", "max_claims"):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where}: expected a positive integer, got {value!r}")
            if key in ("min_estimation_obs", "rolling_window") and value > WINDOW_LIMIT:
                raise ConfigError(f"{where}: {value} is more than {WINDOW_LIMIT} sessions (about ten years)")
            if key in ("max_events", "max_claims") and value > ITEM_LIMIT:
                raise ConfigError(f"{where}: {value} is more than {ITEM_LIMIT:,} per run")
            out[key] = value
        elif key == "threads":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= THREAD_LIMIT:
                raise ConfigError(f"{where}: expected a whole number of threads from 0 (automatic) to "
                                  f"{THREAD_LIMIT}, got {value!r}")
            out[key] = value
        elif key == "processes":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= PROCESS_LIMIT:
                raise ConfigError(f"{where}: expected a whole number of processes from 0 (automatic) to "
                                  f"{PROCESS_LIMIT}, got {value!r}")
            out[key] = value
        elif key == "claims_chart_top":
            low, high = CLAIMS_CHART_RANGE
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ConfigError(f"{where}: expected a whole number of claims from {low} to {high}, got {value!r}")
            out[key] = value
        elif key == "split_warning_ratio":
            low, high = SPLIT_RATIO_RANGE
            if (not isinstance(value, (int, float)) or isinstance(value, bool)
                    or not low <= float(value) <= high):
                raise ConfigError(f"{where}: expected a number from {low:g} to {high:g} (a day's close over the "
                                  f"previous one), got {value!r}")
            out[key] = float(value)
        elif key in ("offline", "pdf", "log_scale", "mask_overlaps"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected true or false, got {value!r}")
            out[key] = value
        elif key == "start":
            import pandas as pd

            try:
                out[key] = pd.Timestamp(str(value)).date().isoformat()
            except (ValueError, TypeError):
                raise ConfigError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
            if out[key] > pd.Timestamp.today().date().isoformat():
                raise ConfigError(f"{where}: {out[key]} is in the future; no prices to fetch from there")
        elif key in ("calendar", "title"):
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: expected a non-empty string")
            if key == "calendar":
                import exchange_calendars

                if value not in exchange_calendars.get_calendar_names():
                    raise ConfigError(f"{where}: unknown trading calendar {value!r} (e.g. XNAS, XNYS)")
            out[key] = value
        else:  # pragma: no cover - _SECTIONS and this function list the same keys
            raise ConfigError(f"unknown key {key!r}")
    return out


def _section_of(key: str) -> str:
    for section, keys in _SECTIONS.items():
        if key in keys:
            return section
    return "?"


def _validate(config: Config) -> Config:
    est, evt = config.estimation_window, config.event_window
    if est[1] >= evt[0]:
        raise ConfigError(f"study.estimation_window {list(est)} must end before study.event_window {list(evt)} starts")
    length = est[1] - est[0] + 1
    if config.min_estimation_obs > length:
        raise ConfigError(f"study.min_estimation_obs = {config.min_estimation_obs} exceeds the "
                          f"estimation window's {length} sessions")
    for w in config.car_windows:
        if w[0] < evt[0] or w[1] > evt[1]:
            raise ConfigError(f"study.car_windows: {list(w)} lies outside the event window {list(evt)}")
    if config.primary in (config.market, config.bitcoin):
        raise ConfigError(f"tickers.primary {config.primary} cannot also be the market or bitcoin series")
    for key in ("registry", "claims", "articles_metadata"):
        path = getattr(config, key)
        if path is not None and path.exists() and not path.is_file():
            raise ConfigError(f"events.{key}: {path} is not a file")
    if config.articles is not None and not config.articles.exists():
        raise ConfigError(f"events.articles: {config.articles} not found")
    for key, section in (("output", "report"), ("cache_dir", "data")):
        folder = getattr(config, key)
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"{section}.{key}: {folder} is a file, not a folder")
    if config.prices_dir is not None and not config.prices_dir.is_dir():
        raise ConfigError(f"data.prices_dir: {config.prices_dir} is not a folder")
    if config.articles_metadata is not None and not config.articles_metadata.is_file():
        raise ConfigError(f"events.articles_metadata: {config.articles_metadata} not found")
    return config


def load_config(path: str | os.PathLike[str] | None = None,
                overrides: Mapping[str, Any] | None = None) -> Config:
    """Defaults, then the TOML file ``path`` (if given), then ``overrides``; validated.

    ``overrides`` maps field names (``prices_dir``, ``output``, ``registry``...) to
    values; ``None`` values are ignored so CLI options that were not given do not
    override the file.
    """
    values: dict[str, Any] = {}
    source = ""
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"config file not found: {file}")
        try:
            document = tomllib.loads(file.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(f"{file}: not a UTF-8 text file") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: invalid TOML ({exc})") from None
        values.update(_coerce(_flatten(document), file.resolve().parent))
        source = str(file)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = [k for k in given if _section_of(k) == "?"]
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    values.update(_coerce(given, None))
    # a registry or claims file named in the file or on the command line must exist; only the
    # built-in defaults (data/events.csv, data/claims.csv) may be absent
    for key in ("registry", "claims"):
        named = values.get(key)
        if named is not None and not named.exists():
            raise ConfigError(f"events.{key}: {named} not found")
    return _validate(Config(source=source, **values))
