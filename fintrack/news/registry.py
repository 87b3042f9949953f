"""The ticker registry: company and asset names with their aliases.

The registry is an editable CSV (``data/tickers.csv``) with columns

``ticker``         the price symbol ('CAN', 'BTC-USD', 'QQQ')
``name``           a display name
``kind``           'equity' | 'crypto' | 'index_proxy' (an ETF standing in for an index) |
                   'index' (an index itself: '^GSPC', '^IXIC'; the verifier measures it on its proxy)
``aliases``        names matched case-insensitively, separated by ``|``
``exact_aliases``  names matched only with this exact capitalisation (``|``);
                   for names that are also English words ('Riot', 'Marathon'),
                   so "a riot" or "a marathon" never becomes a ticker

Matching is whole-word and longest-alias-first, so "Canaan Inc." wins over
"Canaan" and the English word "can" never matches the ticker CAN (only the
aliases listed here match; the ticker symbol itself is not an alias unless
listed).
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from fintrack.errors import ConfigError, MalformedFileError
from fintrack.news.spans import Occupied

_REQUIRED_COLUMNS = ("ticker", "name", "kind", "aliases")
KINDS = ("equity", "crypto", "index_proxy", "index")


@dataclass(frozen=True)
class Entity:
    """One registry row."""

    ticker: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    exact_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A name found in a text: ``ticker`` is '' for a company not in the registry."""

    ticker: str
    name: str
    start: int
    end: int
    kind: str = "equity"
    anaphora: bool = False


def _alias_pattern(alias: str) -> str:
    # Whole word: not glued to letters/digits on either side; "Nasdaq-listed"
    # and "Beijing-based" style compounds are modifiers, not mentions.
    # "(NASDAQ:CAN)", "(Nasdaq: CAN)": an exchange prefix of a symbol, not the index.
    return r"(?<![\w-])" + re.escape(alias).replace(r"\ ", r"\s+") + r"(?![\w]|-listed|-traded|\s*:)"


@dataclass(frozen=True)
class TickerRegistry:
    """Registry of entities; :meth:`find` returns their mentions in a text."""

    entities: tuple[Entity, ...]
    _patterns: tuple[tuple[re.Pattern[str], Entity], ...] = field(
        default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs: list[tuple[str, bool, Entity]] = []
        for entity in self.entities:
            pairs += [(a, False, entity) for a in entity.aliases]
            pairs += [(a, True, entity) for a in entity.exact_aliases]
        pairs.sort(key=lambda p: -len(p[0]))  # longest alias first
        compiled = tuple(
            (re.compile(_alias_pattern(alias), 0 if exact else re.IGNORECASE), entity)
            for alias, exact, entity in pairs
        )
        object.__setattr__(self, "_patterns", compiled)

    def get(self, ticker: str) -> Entity | None:
        for entity in self.entities:
            if entity.ticker == ticker:
                return entity
        return None

    def lookup(self, name: str) -> Entity | None:
        """The entity whose alias equals ``name`` as a whole, or None."""
        for pattern, entity in self._patterns:
            if pattern.fullmatch(name.strip()):
                return entity
        return None

    def find(self, text: str) -> list[Mention]:
        """All registry mentions in ``text``, non-overlapping, longest first, in text order."""
        taken = Occupied(len(text))
        found: list[Mention] = []
        for pattern, entity in self._patterns:
            for m in pattern.finditer(text):
                if not taken.free(m.start(), m.end()):
                    continue
                taken.take(m.start(), m.end())
                found.append(Mention(entity.ticker, m.group(0), m.start(), m.end(), entity.kind))
        return sorted(found, key=lambda x: x.start)


def default_registry_path() -> Path:
    """Explicit path > ``$FINTRACK_TICKERS`` > ``data/tickers.csv`` in the repo > ``./data/tickers.csv``."""
    env = os.environ.get("FINTRACK_TICKERS")
    if env:
        return Path(env)
    repo_file = Path(__file__).resolve().parents[2] / "data" / "tickers.csv"
    if repo_file.is_file():
        return repo_file
    return Path("data") / "tickers.csv"


def _split_aliases(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def load_registry(path: str | os.PathLike[str] | None = None) -> TickerRegistry:
    """Read a registry CSV (see the module docstring for its columns)."""
    path = Path(path) if path is not None else default_registry_path()
    if not path.is_file():
        raise ConfigError(f"ticker registry not found: {path} (set FINTRACK_TICKERS or pass --registry)")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise MalformedFileError(f"{path}: ticker registry lacks column(s) {', '.join(missing)}")
            entities = []
            for line, row in enumerate(reader, start=2):
                ticker = (row.get("ticker") or "").strip()
                kind = (row.get("kind") or "").strip() or "equity"
                if not ticker:
                    raise MalformedFileError(f"{path}:{line}: empty ticker")
                if kind not in KINDS:
                    raise MalformedFileError(f"{path}:{line}: kind {kind!r} is not one of {', '.join(KINDS)}")
                name = (row.get("name") or "").strip() or ticker
                entities.append(Entity(ticker, name, kind, _split_aliases(row.get("aliases")),
                                       _split_aliases(row.get("exact_aliases"))))
    except UnicodeDecodeError as exc:
        raise MalformedFileError(f"{path}: ticker registry is not UTF-8 ({exc.reason})") from exc
    return TickerRegistry(tuple(entities))
