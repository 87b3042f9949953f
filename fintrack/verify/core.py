"""``verify(claims, prices)``: dispatch each claim to its rule, return a tidy frame."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

import pandas as pd

from fintrack.errors import FintrackError
from fintrack.market.splits import on_scale_of, scale_text
from fintrack.news.numbers import MONEY_UNITS
from fintrack.verify.rules import (
    CONSISTENT,
    CONTRADICTED,
    SUPPORTED,
    UNVERIFIABLE,
    Verdict,
    claim_interval,
    is_bitcoin,
    is_fall,
    number_field,
    text_field,
)
from fintrack.verify.table import (
    INDEX_PREFIX,
    INDEX_PROXIES,
    NOT_PRICE_CLAIMS,
    NOT_PRICE_WHY,
    PRICE_VALUED,
    RULES,
    PROXY_SLACK_DAILY,
    proxy_slack_points,
)

#: Columns of the frame :func:`verify` returns, in order.
VERDICT_COLUMNS: tuple[str, ...] = (
    "claim_id", "subject", "metric", "claimed", "claimed_value", "tolerance", "measured",
    "measured_text", "low", "high", "verdict", "reason", "sessions", "rule",
)

PriceSource = Mapping[str, pd.DataFrame] | Callable[[str], pd.DataFrame]

_PRICE_COLUMNS = ("open", "high", "low", "close")


SplitSource = Mapping[str, pd.Series] | Callable[[str], pd.Series]


class _Prices:
    """Look up (and remember) one frame per ticker from a mapping or a loader, and its splits."""

    def __init__(self, prices: PriceSource, splits: SplitSource | None = None):
        self._prices = prices
        self._splits = splits
        self._cache: dict[str, pd.DataFrame | str] = {}
        self._split_cache: dict[str, pd.Series | None] = {}

    def splits(self, ticker: str) -> pd.Series | None:
        """The ticker's split history (ratio by date), None when there is none or no source."""
        if self._splits is None:
            return None
        if ticker not in self._split_cache:
            try:
                found = self._splits(ticker) if callable(self._splits) and not isinstance(self._splits, Mapping) \
                    else self._splits.get(ticker)
            except (FintrackError, KeyError, FileNotFoundError, LookupError):
                found = None
            self._split_cache[ticker] = found if found is not None and len(found) else None
        return self._split_cache[ticker]

    def get(self, ticker: str) -> pd.DataFrame | str:
        """The ticker's canonical frame, or a reason string when there is none."""
        if ticker not in self._cache:
            self._cache[ticker] = self._load(ticker)
        return self._cache[ticker]

    @property
    def loaded(self) -> int:
        return sum(isinstance(v, pd.DataFrame) for v in self._cache.values())

    @property
    def requested(self) -> int:
        return len(self._cache)

    def _load(self, ticker: str) -> pd.DataFrame | str:
        try:
            if callable(self._prices) and not isinstance(self._prices, Mapping):
                frame = self._prices(ticker)
            else:
                frame = self._prices.get(ticker)
        except (FintrackError, KeyError, FileNotFoundError, LookupError) as exc:
            return f"no price data for {ticker} ({exc})"
        if frame is None or len(frame) == 0:
            return f"no price data for {ticker}"
        missing = [c for c in _PRICE_COLUMNS if c not in frame.columns]
        if missing:
            return f"price data for {ticker} lack columns {missing}"
        frame = frame.sort_index()
        frame.index = pd.DatetimeIndex(frame.index).normalize()
        return frame


#: Money units of other currencies than the US dollar (lowercase ISO codes, as fintrack.news.numbers writes them).
FOREIGN_MONEY: frozenset[str] = frozenset(MONEY_UNITS - {"usd", "usd_per_share"})


def _ticker_for(subject: str) -> str:
    return "BTC-USD" if is_bitcoin(subject) else subject.strip().upper()


def _claimed_text(claim: Mapping) -> str:
    words = {"max": "as much as", "at_least": "more than", "at_most": "less than",
             "nearly": "nearly", "near": "nearing", "approx": "about", "equal": "",
             "band": "in the band of", "band_low": "in the low part of", "band_mid": "in the middle of",
             "band_high": "in the high part of"}
    comparator = words.get(text_field(claim, "comparator"), "")
    direction = text_field(claim, "direction")
    value_text = text_field(claim, "value_text")
    if not value_text:
        value = number_field(claim, "value")
        value_text = "(no value)" if math.isnan(value) else f"{value:g}"
    parts = [p for p in (direction, comparator, value_text) if p]
    ordinal = int(number_field(claim, "ordinal", 0))
    if ordinal:
        parts.append(f"(time #{ordinal})")
    when = text_field(claim, "date")
    if text_field(claim, "period"):
        when = f"{text_field(claim, 'period')} ending {text_field(claim, 'date_end') or when or text_field(claim, 'published')}"
    elif text_field(claim, "date_end") and text_field(claim, "date_end") != when:
        when = f"{when}..{text_field(claim, 'date_end')}"
    if text_field(claim, "time"):
        when = f"{when} {text_field(claim, 'time')}"
    preposition = "over" if text_field(claim, "period") else "on"
    return " ".join(parts) + (f" {preposition} {when.strip()}" if when.strip() else "")


#: How far (percent points) an index move measured on its proxy ETF may miss the
#: claimed interval and still be consistent: an ETF tracks its index closely but
#: not exactly (QQQ follows the Nasdaq-100, not the Nasdaq Composite).
PROXY_SLACK_POINTS = PROXY_SLACK_DAILY


def index_proxies() -> dict[str, str]:
    """Tickers that stand in for an index (registry kind ``index_proxy``) -> what they stand for."""
    from fintrack.errors import FintrackError as _Error
    from fintrack.news import load_registry

    try:
        registry = load_registry()
    except _Error:
        return {}
    return {e.ticker: e.name for e in registry.entities if e.kind == "index_proxy"}


def _on_proxy(claim: Mapping, verdict: Verdict, proxy_for: str) -> Verdict:
    """A verdict measured on a proxy ETF: never 'supported', and a small miss is 'consistent'."""
    name = text_field(claim, "subject_name") or proxy_for
    note = f"measured on {text_field(claim, 'subject')}, an ETF standing in for {name}"
    outcome = verdict.verdict
    if outcome == SUPPORTED:
        outcome = CONSISTENT
    elif outcome == CONTRADICTED and text_field(claim, "unit") in ("percent", "multiple"):
        slack = proxy_slack_points(claim)
        interval = claim_interval(claim)
        if text_field(claim, "unit") == "multiple":
            interval = replace(interval, low=(interval.low - 1) * 100, high=(interval.high - 1) * 100)
        if is_fall(claim) or text_field(claim, "metric") == "off_high":
            interval = interval.negated()
        low, high = verdict.low, verdict.high
        if text_field(claim, "metric") in ("close_to_close_move", "period_return", "open_gap", "off_high") \
                or math.isnan(low) or math.isnan(high):
            low = high = verdict.measured  # a closing figure: the proxy's own close, not its range
        if not math.isnan(low) and interval.intersects(min(low, high) - slack, max(low, high) + slack):
            outcome = CONSISTENT
            note += f"; within {slack:g} point{'' if slack == 1 else 's'} of the claim, as close as a proxy can tell"
    return replace(verdict, verdict=outcome, reason=f"{note}; {verdict.reason}")


def _index_subject(claim: Mapping, ticker: str, rule_name: str) -> tuple[str, str] | Verdict:
    """(proxy ticker, index name) for an index claim, or the Verdict that it cannot be checked."""
    name = text_field(claim, "subject_name") or ticker
    proxy = INDEX_PROXIES.get(ticker)
    if proxy is None:
        return Verdict(UNVERIFIABLE, f"{name} ({ticker}): no price data for this index and no ETF proxy "
                                     f"(proxies exist for {', '.join(sorted(INDEX_PROXIES))})", rule_name)
    if text_field(claim, "unit") not in ("percent", "multiple"):
        return Verdict(UNVERIFIABLE, f"{name} ({ticker}): an index point level cannot be checked on its ETF "
                                     f"proxy {proxy}", rule_name)
    return proxy, name


_FUND_WORDS = re.compile(r"\b(?:ETFs?|funds?|trust)\b", re.IGNORECASE)


def _names_the_fund(name: str, ticker: str) -> bool:
    """True when a proxy's subject name names the fund itself ("SPY", "the ETF representing the
    S&P 500"), not only the index it stands for ("S&P 500")."""
    return ticker in name.upper() or _FUND_WORDS.search(name) is not None


def _quotes_near(claim: Mapping, records: list[dict], fields: tuple[str, ...] = ("", "close")) -> tuple[dict, ...]:
    """The bare price levels (or closes; ``fields``) the claim's article quotes for its subject, those before
    it first, nearest first:
    what "the return at the price the article quotes" is measured to (see ``rules.current_quote``), and
    the extremes an "as much as" figure is the move to (``fields`` high and low)."""
    article, subject = text_field(claim, "article_id"), text_field(claim, "subject")
    at = number_field(claim, "span_start", 0)
    found = [r for r in records if text_field(r, "article_id") == article and text_field(r, "subject") == subject
             and text_field(r, "metric") == "price_level" and text_field(r, "price_field") in fields
             and text_field(r, "session_phase") == "" and not math.isnan(number_field(r, "value"))]
    # a quote before the claim sets up the price it speaks of; one after it comes next
    return tuple(sorted(found, key=lambda r: (number_field(r, "span_start", 0) > at,
                                              abs(number_field(r, "span_start", 0) - at))))


def _scale_day(claim: Mapping) -> pd.Timestamp | None:
    """The day whose price scale the article used: its publication date, else the claim's date."""
    for key in ("published", "date_end", "date"):
        text = text_field(claim, key)
        if text:
            try:
                return pd.Timestamp(text[:10])
            except (ValueError, TypeError):
                continue
    return None


def _dated_after_publication(claim: Mapping) -> str:
    """Why a claim dated after its article's publication cannot be checked, or ''.

    "Has until December 14 of this year to get its share price above $1" is a deadline or a plan: bars of
    later days would judge what the text could not have known. A day of slack: a crypto desk's UTC date can
    be the day after a local publication date.
    """
    try:
        published = dt.date.fromisoformat(text_field(claim, "published")[:10])
        dated = dt.date.fromisoformat(text_field(claim, "date")[:10])
    except ValueError:
        return ""
    if dated <= published + dt.timedelta(days=1):
        return ""
    return f"dated {dated}, after the article's publication on {published}: a plan or a deadline, not a reported price"


def verify_claim(claim: Mapping, prices: PriceSource | _Prices,
                 proxies: Mapping[str, str] | None = None) -> Verdict:
    """The verdict on one claim (a row of the claims frame, or a dict).

    The rule comes from :data:`fintrack.verify.table.RULES`. Index subjects
    ('^GSPC', '^IXIC', '^NDX') are measured on their ETF proxy
    (:data:`~fintrack.verify.table.INDEX_PROXIES`); other indexes and index
    point levels are unverifiable. ``proxies`` maps tickers that stand in for
    an index to the index's name (default: :func:`index_proxies`); a claim on
    one whose ``subject_name`` names the index rather than the fund is judged
    as a proxy claim too: never 'supported', and a miss within the proxy's
    slack (:func:`~fintrack.verify.table.proxy_slack_points`) is 'consistent'.
    Prices quoted before a later split are judged on the scale of the
    article's date (the price source's splits; the reason says so).
    """
    book = prices if isinstance(prices, _Prices) else _Prices(prices)
    metric = text_field(claim, "metric")
    if metric in NOT_PRICE_CLAIMS:
        return Verdict(UNVERIFIABLE, NOT_PRICE_WHY.get(metric, f"not a price claim ({metric})"), "not_price")
    rule = RULES.get(metric)
    if rule is None:
        return Verdict(UNVERIFIABLE, f"unknown metric {metric!r}", "unknown_metric")
    if math.isnan(number_field(claim, "value")):
        return Verdict(UNVERIFIABLE, "value missing in the text", rule.__name__)
    if text_field(claim, "precision") == "relative":
        # "the day after the election" in an article that never dates the election: the publication date
        # would measure another session
        return Verdict(UNVERIFIABLE, "dated relative to an event or a day the text does not date", rule.__name__)
    later = _dated_after_publication(claim)
    if later:
        return Verdict(UNVERIFIABLE, later, rule.__name__)
    unit = text_field(claim, "unit")
    if unit in FOREIGN_MONEY:
        # "traded as high as C$2.58": another currency, so another listing than the USD bars.
        return Verdict(UNVERIFIABLE, f"quoted in {unit.upper()}: the price data are in USD", rule.__name__)
    subject = text_field(claim, "subject")
    if not subject and is_bitcoin(text_field(claim, "subject_name")):
        subject = "BTC-USD"
    if not subject:
        return Verdict(UNVERIFIABLE, "subject unknown: no ticker to price", rule.__name__)
    ticker = _ticker_for(subject)
    bitcoin = is_bitcoin(subject)
    phase = text_field(claim, "session_phase").lower()
    if not bitcoin and phase in ("premarket", "pre-market", "after-hours", "afterhours", "extended"):
        return Verdict(UNVERIFIABLE, f"{phase} figure: daily bars hold the regular session only", rule.__name__)
    if not bitcoin and phase == "overnight" and metric in ("close_to_close_move", "move_at_time", "intraday_max_move"):
        rule = RULES["open_gap"]  # a stock's "overnight" move is the gap from the close to the open
    proxy_for = ""
    if ticker.startswith(INDEX_PREFIX):
        found = _index_subject(claim, ticker, rule.__name__)
        if isinstance(found, Verdict):
            return found
        ticker, proxy_for = found
    proxies = index_proxies() if proxies is None else proxies
    if not proxy_for and ticker in proxies and not _names_the_fund(text_field(claim, "subject_name"), ticker):
        if text_field(claim, "unit") not in ("percent", "multiple"):
            return Verdict(UNVERIFIABLE, f"{proxies[ticker]}: an index point level cannot be checked on its ETF "
                                         f"proxy {ticker}", rule.__name__)
        proxy_for = proxies[ticker]
    bars = book.get(ticker)
    if isinstance(bars, str):
        return Verdict(UNVERIFIABLE, bars, rule.__name__)
    scale_note = ""
    splits = book.splits(ticker)
    needs_scale = (metric in PRICE_VALUED or not math.isnan(number_field(claim, "reference_value"))
                   or bool(claim.get("quotes")))
    if splits is not None and needs_scale and (day := _scale_day(claim)) is not None:
        bars, factor = on_scale_of(bars, splits, day)
        if factor != 1.0:
            scale_note = f"{scale_text(factor)} (prices as quoted on {day:%Y-%m-%d}, before a later split)"
    verdict = rule(claim, bars, bitcoin=bitcoin)
    if scale_note:
        verdict = replace(verdict, reason=f"{scale_note}; {verdict.reason}")
    if proxy_for and verdict.verdict != UNVERIFIABLE:
        claim = {**claim, "subject": ticker} if text_field(claim, "subject") != ticker else claim
        return _on_proxy(claim, verdict, proxy_for)
    return verdict


def verify(claims: pd.DataFrame, prices: PriceSource, *, proxies: Mapping[str, str] | None = None,
           splits: SplitSource | None = None) -> pd.DataFrame:
    """Check each claim against daily prices.

    Parameters
    ----------
    claims : DataFrame with the columns of ``fintrack.news.schema.CLAIM_COLUMNS``
        (missing optional columns are read as empty).
    prices : mapping ticker -> canonical daily frame, or a callable
        ``ticker -> frame`` (loaded lazily, once per ticker). A ticker the
        source cannot supply gives an ``unverifiable`` verdict, not an error.
        Bitcoin subjects ('BTC', 'BTC-USD', 'bitcoin') are priced as 'BTC-USD'.
    proxies : mapping ticker -> index name, optional
        ETFs that stand in for an index (default: the ticker registry's
        ``index_proxy`` entries, e.g. QQQ for the Nasdaq); see :func:`verify_claim`.
    splits : mapping ticker -> split ratios by date (yfinance convention), or a
        callable ``ticker -> Series``, optional; see :mod:`fintrack.market.splits`.

    Returns
    -------
    DataFrame with :data:`VERDICT_COLUMNS`, one row per claim, in order:
    ``claimed`` the claim in words, ``tolerance`` the interval of true values
    it allows (percent points or USD), ``measured`` the number the prices give
    (NaN when the bars only give a range), ``low``/``high`` the measured range
    (moves in percent, levels in USD), ``sessions`` the ISO dates used
    (comma-separated), ``rule`` the rule applied.
    """
    book = _Prices(prices, splits)
    proxies = index_proxies() if proxies is None else proxies
    rows = []
    records = claims.to_dict("records")
    for claim in records:
        if text_field(claim, "metric") in ("period_return", "move_24h"):
            claim["quotes"] = _quotes_near(claim, records)
        elif text_field(claim, "metric") == "intraday_max_move":
            claim["quotes"] = _quotes_near(claim, records, ("high", "low"))
        verdict = verify_claim(claim, book, proxies)
        try:
            if verdict.rule in ("not_price", "unknown_metric"):
                raise ValueError("no tolerance for a claim that is not checked against prices")
            tolerance = claim_interval(claim).text("%" if text_field(claim, "unit") == "percent" else "")
        except ValueError:
            tolerance = ""
        rows.append({
            "claim_id": text_field(claim, "claim_id"),
            "subject": text_field(claim, "subject"),
            "metric": text_field(claim, "metric"),
            "claimed": _claimed_text(claim),
            "claimed_value": number_field(claim, "value"),
            "tolerance": tolerance,
            "measured": verdict.measured,
            "measured_text": verdict.measured_text,
            "low": verdict.low,
            "high": verdict.high,
            "verdict": verdict.verdict,
            "reason": verdict.reason,
            "sessions": ", ".join(verdict.sessions),
            "rule": verdict.rule,
        })
    result = pd.DataFrame(rows, columns=list(VERDICT_COLUMNS))
    result.attrs["tickers_requested"] = book.requested
    result.attrs["tickers_loaded"] = book.loaded
    return result
