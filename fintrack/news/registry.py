"""The ticker registry: company and asset names with their aliases.

The registry is an editable CSV (shipped as ``fintrack/data/tickers.csv``; a ``data/tickers.csv`` in the
working folder, ``$FINTRACK_TICKERS`` or ``--registry`` replaces it) with columns

``ticker``         the price symbol ('RIOT', 'BTC-USD', 'QQQ')
``name``           a display name
``kind``           'equity' | 'crypto' | 'index_proxy' (an ETF standing in for an index) |
                   'index' (an index itself: '^GSPC', '^IXIC'; the verifier measures it on its proxy)
``aliases``        names matched case-insensitively, separated by ``|``; the ticker
                   itself, when alphabetic, is also matched in capitals ("MARA")
``exact_aliases``  names matched only with this exact capitalisation (``|``);
                   for names that are also English words ('Riot', 'Marathon'),
                   so "a riot" or "a marathon" never becomes a ticker

Matching is whole-word and longest-alias-first, so "Riot Platforms" wins over
"Riot", and a ticker that is also an English word never matches the word in
lower case (only the aliases listed here match; the ticker symbol itself
matches only in capitals).
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


_SYMBOL_MARK = "\x00symbol"
_AFTER_NAME = re.compile(r"\(\s*(?:[A-Za-z ]{2,12}\s*:\s*)?$")
#: glued to more word, or an exchange prefix ("NASDAQ: RIOT"); "MARA: +7.4%" in a movers list still names MARA
_NOT_A_NAME_AFTER = re.compile(r"[\w]|-\w|\s*:\s*[A-Z]{1,6}\b")


def _match_alias(text: str, at: int, words: tuple[str, ...], exact: bool) -> int:
    """End of the alias ``words`` written at ``at`` (any run of spaces between words), or -1.

    Whole words only: "Nasdaq-listed", "Beijing-based" style compounds are
    modifiers, and "(NASDAQ:RIOT)" is an exchange prefix of a symbol, not a mention.
    Compared without a regex per alias, so thousands of aliases cost nothing to build.
    """
    position = at
    for i, word in enumerate(words):
        if i:
            gap = position
            while position < len(text) and text[position].isspace():
                position += 1
            if position == gap:
                return -1
        piece = text[position:position + len(word)]
        if (piece if exact else piece.lower()) != word:
            return -1
        position += len(word)
    if _NOT_A_NAME_AFTER.match(text, position):
        return -1
    return position


_TOKEN = re.compile(r"[\w&]+")
#: Where a name may start: a word character not glued to a word or a hyphen before it.
_NAME_START = re.compile(r"(?<![\w-])[\w&]+")


def _first_token(alias: str) -> str:
    m = _TOKEN.match(alias.strip())
    return m.group(0).lower() if m else ""


def _name_key(name: str) -> str:
    return " ".join(name.split())


@dataclass(frozen=True)
class TickerRegistry:
    """Registry of entities; :meth:`find` returns their mentions in a text.

    Aliases are indexed by their first word, so :meth:`find` looks at each word
    of a text once and tries only the aliases starting with that word: the cost
    is linear in the text and does not grow with the number of aliases (an
    article naming thousands of unknown companies adds thousands of aliases).
    """

    entities: tuple[Entity, ...]
    _by_first: dict = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict = field(default_factory=dict, repr=False, compare=False)
    _by_ticker: dict = field(default_factory=dict, repr=False, compare=False)
    _last: dict = field(default_factory=dict, repr=False, compare=False)  # memo of the last text found

    def __post_init__(self) -> None:
        pairs: list[tuple[str, bool, Entity]] = []
        for entity in self.entities:
            pairs += [(a, False, entity) for a in entity.aliases]
            pairs += [(a, True, entity) for a in entity.exact_aliases]
            # A ticker symbol written in capitals ("MARA is down", "Shares of HIVE") names its
            # company; matched exactly, so the word "hive" never does.
            if entity.ticker.isalpha() and entity.ticker.isupper() and len(entity.ticker) >= 2:
                pairs.append((entity.ticker + _SYMBOL_MARK, True, entity))
        pairs.sort(key=lambda p: -len(p[0]))  # longest alias first
        by_first: dict[str, list[tuple[tuple[str, ...], bool, Entity]]] = {}
        by_name: dict[tuple[str, bool], Entity] = {}
        for alias, exact, entity in pairs:
            symbol = alias.endswith(_SYMBOL_MARK)
            alias = alias.removesuffix(_SYMBOL_MARK)
            words = tuple(alias.split())
            if not words:
                continue
            by_first.setdefault(_first_token(alias), []).append(
                (words if exact else tuple(w.lower() for w in words), exact, entity, symbol))
            if symbol:
                continue
            key = _name_key(alias)
            by_name.setdefault((key if exact else key.lower(), exact), entity)
        object.__setattr__(self, "_by_first", by_first)
        object.__setattr__(self, "_by_name", by_name)
        by_ticker: dict[str, Entity] = {}
        for entity in self.entities:
            by_ticker.setdefault(entity.ticker, entity)
        object.__setattr__(self, "_by_ticker", by_ticker)

    def get(self, ticker: str) -> Entity | None:
        return self._by_ticker.get(ticker)

    def lookup(self, name: str) -> Entity | None:
        """The entity whose alias equals ``name`` as a whole, or None."""
        key = _name_key(name)
        # Longest alias first means: the first registered wins, as in find().
        found = [e for e in (self._by_name.get((key.lower(), False)), self._by_name.get((key, True))) if e]
        return found[0] if found else None

    def _longest_at(self, text: str, at: int, token: str) -> tuple[int, int, Entity] | None:
        """(start, end, entity) of the longest alias written at ``at`` (its first word ``token``)."""
        for words, exact, entity, symbol in self._by_first.get(token, ()):  # longest alias first
            if symbol and _AFTER_NAME.search(text, max(0, at - 12), at):
                continue  # "Foo Inc. (NASDAQ: FOO)": the symbol of the name before it
            end = _match_alias(text, at, words, exact)
            if end > 0:
                return at, end, entity
        return None

    def find(self, text: str) -> list[Mention]:
        """All registry mentions in ``text``, non-overlapping, in text order.

        At each word, the longest alias starting there wins; a mention ends the
        words it covers, so the next one starts after it.
        """
        if self._last.get("text") is text:  # the same article read again (main company, main asset)
            return list(self._last["found"])
        found: list[Mention] = []
        position = 0
        starts = [(t.start(), t.group(0).lower()) for t in _NAME_START.finditer(text)]
        i = 0
        while i < len(starts):
            at, token = starts[i]
            i += 1
            if at < position:
                continue
            match = self._longest_at(text, at, token)
            if match is None:
                continue
            # A longer name starting inside this one wins ("The Nasdaq 100 index": the Nasdaq-100,
            # not "the Nasdaq"), as when the longest names are matched first.
            j = i
            while j < len(starts) and starts[j][0] < match[1]:
                inner = self._longest_at(text, *starts[j])
                if inner is not None and inner[1] > match[1] and inner[1] - inner[0] > match[1] - match[0]:
                    match, i = inner, j + 1
                j += 1
            start, end, entity = match
            found.append(Mention(entity.ticker, text[start:end], start, end, entity.kind))
            position = end
        self._last.update(text=text, found=list(found))
        return found


#: The registry shipped inside the package, so any install (editable or not, run from any folder) has one.
SHIPPED_REGISTRY = Path(__file__).resolve().parents[1] / "data" / "tickers.csv"


def default_registry_path() -> Path:
    """Explicit path > ``$FINTRACK_TICKERS`` > ``./data/tickers.csv`` (a registry of your own in the working
    folder, beside ``data/events.csv``) > the registry shipped with fintrack (:data:`SHIPPED_REGISTRY`)."""
    env = os.environ.get("FINTRACK_TICKERS")
    if env:
        return Path(env)
    own = Path("data") / "tickers.csv"
    return own if own.is_file() else SHIPPED_REGISTRY


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
