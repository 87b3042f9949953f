"""Period returns from markdown tables whose header and first column name what each cell is.

Articles often summarise returns in a table::

    | Period | ACME | S&P 500 |
    |---|---|---|
    | 2023 | 41.2% | 24.2% |
    | YTD 2024 | -8.5% | 10.1% |

Sentences do not describe such cells, so the pattern table
(:mod:`fintrack.news.patterns`) cannot read them. A cell is read here from
its two labels instead: one label (a header cell or a row's first cell) must
name a security of the registry, the other a span of time (a bare year such
as "2023", or any date expression of :mod:`fintrack.news.dates` covering the
whole label: "YTD 2024", "Q1 2023", "March 2024"); the cell must be a percent.
It is then a ``period_return`` of that security over that span, signed as
written. Either orientation works (securities across the header, spans down
the first column, or the reverse).

Only tables about returns are read: the header row or the line above the
table names a return ("Return Period", "performance", "change"). Labels that
are not a calendar span ("1D", "7D (Current Streak)", "FY2023": a fiscal year
need not be the calendar year) are left alone: fintrack never guesses a span.

A table of one session's moves, one security a row, is read by its header::

    Miners on Tuesday:

    | Ticker | Close | Change |
    |---|---|---|
    | RIOT | $12.25 | -9.1% |

a column of securities ("Ticker", "Symbol", "Company", "Stock", "Name"), a
column of the day's change ("Change", "% Change", "Chg", "Daily change"):
each percent is a ``close_to_close_move`` of the row's security (signed as
written), a signed amount ("+1.31") beside a price column its
``dollar_change``, and a "Close" ("Closing price", "Price", "Last") column's
dollar figure a ``price_level`` (its close for "Close"). The session is the one
day the text right above the table names ("Miners on Tuesday:"), else
unresolved (verify then takes the publication date, as for an undated
sentence).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fintrack.news.claims import Claim
from fintrack.news.dates import find_temporal_expressions
from fintrack.news.lexicon import RETURN_NOUNS
from fintrack.news.numbers import find_quantities
from fintrack.news.registry import Mention, TickerRegistry

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RETURN_WORD = re.compile(rf"\b(?:{RETURN_NOUNS}|performance|change|period)\b", re.IGNORECASE)
#: A table of company figures ("Revenue growth", "Hash rate change") is not a table of returns.
_COMPANY_WORD = re.compile(r"\b(?:revenues?|sales|income|earnings|profits?|margins?|ebitda|cash|debt|dividends?|"
                           r"yields?|hash\s*rate|volumes?|production|output|shipments|deliveries)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_FISCAL = re.compile(r"\b(?:FY|F?Q\d|fiscal)", re.IGNORECASE)
_SPAN_KINDS = ("year", "quarter", "month", "period")
#: Characters above a table searched for the word that makes it a table of returns.
_CAPTION_REACH = 300


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and its article offsets."""

    text: str
    start: int
    end: int


def _cells(line: str, offset: int) -> list[Cell]:
    """The cells of one ``| a | b |`` line (outer pipes dropped), with article offsets."""
    cells, position = [], line.index("|") + 1
    for piece in line[position:].split("|")[:-1]:
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell(piece.strip(), offset + position + lead, offset + position + lead + len(piece.strip())))
        position += len(piece) + 1
    return cells


def markdown_tables(text: str) -> list[tuple[int, list[list[Cell]]]]:
    """(offset of the header line, rows of cells) of each markdown table of ``text``; row 0 is the header."""
    tables, lines, offset = [], [], 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    i = 0
    while i + 1 < len(lines):
        start, header = lines[i]
        if _ROW.match(header) and _SEPARATOR.match(lines[i + 1][1]):
            rows = [_cells(header, start)]
            j = i + 2
            while j < len(lines) and _ROW.match(lines[j][1]):
                rows.append(_cells(lines[j][1], lines[j][0]))
                j += 1
            tables.append((start, rows))
            i = j
        else:
            i += 1
    return tables


def _subject(label: str, registry: TickerRegistry) -> Mention | None:
    """The security a label names when the label is (almost) only that name."""
    found = registry.find(label)
    if len(found) != 1 or not found[0].ticker:
        return None
    rest = (label[:found[0].start] + label[found[0].end:]).strip(" ()-:")
    return found[0] if not re.search(r"[A-Za-z]{3,}", rest) else None


def _span(label: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of the calendar span a label names, the last day capped at publication."""
    if _FISCAL.search(label):
        return None
    if _YEAR.fullmatch(label):
        first, last = dt.date(int(label), 1, 1), dt.date(int(label), 12, 31)
    else:
        found = [t for t in find_temporal_expressions(label, published)
                 if t.kind in _SPAN_KINDS and t.date is not None and t.date_end is not None]
        if len(found) != 1:
            return None
        rest = (label[:found[0].start] + label[found[0].end:]).strip(" ()")
        if re.search(r"[A-Za-z0-9]", rest) and rest != str(found[0].date.year):  # "YTD 2025": its own year
            return None
        first, last = found[0].date, found[0].date_end
    if published is not None:
        if first > published:
            return None
        last = min(last, published)
    return first, last


def _percent(cell: Cell) -> tuple[float, str, int] | None:
    """(signed value, text as written, decimals) of a cell holding one percent and nothing else."""
    found = find_quantities(cell.text, [])
    if len(found) != 1 or found[0].unit != "percent" or found[0].missing:
        return None
    q = found[0]
    sign = cell.text[:q.start].strip()
    if sign not in ("", "-", "+") or cell.text[q.end:].strip():
        return None
    value = -q.value if sign == "-" else q.value
    return value, cell.text, q.decimals


#: Header cells of a movers table: the security column, the day's change, the price.
_SUBJECT_HEADER = re.compile(r"^(?:ticker|symbol|company|stock|name|security)$", re.IGNORECASE)
_CHANGE_HEADER = re.compile(r"^(?:%\s*)?(?:(?:daily|day's|1-?day|session)\s+)?(?:change|chg\.?)(?:\s*\(?%\)?)?$",
                            re.IGNORECASE)
_VOLUME = re.compile(r"^\s*(?:vol\.?|volume)\s*$", re.IGNORECASE)
_PRICE_HEADER = re.compile(r"^(?P<close>close|closing\s+price)$|^(?:price|last|last\s+price)$", re.IGNORECASE)


def _money(cell: Cell) -> tuple[float, str, int] | None:
    """(value, text as written, decimals) of a cell holding one dollar price and nothing else."""
    found = find_quantities(cell.text, [])
    if len(found) != 1 or found[0].unit != "usd" or found[0].missing or found[0].scale != 1.0:
        return None
    q = found[0]
    if cell.text[:q.start].strip() or cell.text[q.end:].strip():
        return None
    return q.value, cell.text, q.decimals


_SIGNED_AMOUNT = re.compile(r"^(?P<sign>[-+])\s?\$?(?P<num>\d+(?:\.(?P<dec>\d+))?)$")


def _dollars_changed(cell: Cell) -> tuple[float, str, int] | None:
    """(signed value, text, decimals) of a cell holding a signed amount ("+1.31", "-$0.25"), else None."""
    m = _SIGNED_AMOUNT.match(cell.text.strip())
    if m is None:
        return None
    value = float(m["num"]) * (-1 if m["sign"] == "-" else 1)
    return value, cell.text, len(m["dec"] or "")


def _caption_day(above: str, published: dt.date | None) -> dt.date | None:
    """The one day the text right above a table names ("Top movers on Tuesday:", a heading "closing prices,
    Wednesday, March 20, 2024"), else None."""
    days = {t.date for t in find_temporal_expressions(above, published)
            if t.kind == "day" and t.precision == "day" and t.date is not None}
    return days.pop() if len(days) == 1 else None


def movers_claims(rows: list[list[Cell]], above: str, registry: TickerRegistry,
                  published: dt.date | None) -> list[Claim]:
    """The day's moves (and closes) of a movers table: one security a row (see the module docstring)."""
    header = [c.text.strip(" *_") for c in rows[0]]
    subject_col = next((i for i, h in enumerate(header) if _SUBJECT_HEADER.match(h)), None)
    change_cols = [i for i, h in enumerate(header) if _CHANGE_HEADER.match(h)]
    price_col = next((i for i, h in enumerate(header) if _PRICE_HEADER.match(h)), None)
    if subject_col is None or not change_cols:
        return []
    closing = price_col is not None and _PRICE_HEADER.match(header[price_col]).group("close") is not None
    day = _caption_day(above, published)
    dated = {"date": day.isoformat(), "date_end": day.isoformat(), "precision": "day"} if day else {
        "date": "", "date_end": "", "precision": "unresolved"}
    claims: list[Claim] = []
    for row in rows[1:]:
        if len(row) != len(header) or (subject := _subject(row[subject_col].text, registry)) is None:
            continue
        common = dict(subject=subject.ticker, subject_name=subject.name, period="", time="", timezone="", ordinal=0,
                      sentence_start=row[0].start, sentence_end=row[-1].end, pattern="table_move", **dated)
        for column in change_cols:
            cell = row[column]
            # a percent is the day's move; a signed amount beside a price column ("+1.31") its change in dollars
            move = _percent(cell)
            amount = _dollars_changed(cell) if move is None and price_col is not None else None
            if move is None and amount is None:
                continue
            number, written, decimals = move or amount
            claims.append(Claim(metric="close_to_close_move" if move else "dollar_change",
                                direction="down" if number < 0 else "up", comparator="equal", value=number,
                                value_text=written, decimals=decimals, unit="percent" if move else "usd", scale=1.0,
                                start=cell.start, end=cell.end, **common))
        if price_col is not None and (price := _money(row[price_col])) is not None:
            value, written, decimals = price
            claims.append(Claim(metric="price_level", direction="", comparator="equal", value=value,
                                value_text=written, decimals=decimals, unit="usd", scale=1.0,
                                start=row[price_col].start, end=row[price_col].end,
                                price_field="close" if closing else "", **common))
    return claims


def table_claims(text: str, registry: TickerRegistry, published: dt.date | None) -> list[Claim]:
    """Period-return claims of the return tables in ``text``, and the day's moves of its movers tables (spans are
    offsets in ``text``)."""
    claims: list[Claim] = []
    for start, rows in markdown_tables(text):
        header, body = rows[0], rows[1:]
        # The line above the table (its caption) or the header must name a return.
        caption = [line for line in text[max(0, start - _CAPTION_REACH):start].splitlines() if line.strip()][-1:]
        words = " ".join([c.text for c in header] + caption)
        if len(header) < 2:
            continue
        # a movers table may carry the day's volume; any other company figure makes it no table of prices
        if not _COMPANY_WORD.search(" ".join([c.text for c in header if not _VOLUME.match(c.text)] + caption)) and (
                movers := movers_claims(rows, text[max(0, start - _CAPTION_REACH):start], registry, published)):
            claims += movers
            continue
        if not _RETURN_WORD.search(words) or _COMPANY_WORD.search(words):
            continue
        for row in body:
            if not row:
                continue
            line_start, line_end = row[0].start, row[-1].end
            for column, cell in enumerate(row[1:], start=1):
                if column >= len(header):
                    break
                value = _percent(cell)
                if value is None:
                    continue
                labels = (header[column].text, row[0].text)
                subject, span = _subject(labels[0], registry), _span(labels[1], published)
                if subject is None or span is None:
                    subject, span = _subject(labels[1], registry), _span(labels[0], published)
                if subject is None or span is None:
                    continue
                number, written, decimals = value
                claims.append(Claim(
                    subject=subject.ticker, subject_name=subject.name, metric="period_return",
                    direction="down" if number < 0 else "up", comparator="equal", value=number,
                    value_text=written, decimals=decimals, unit="percent", scale=1.0,
                    date=span[0].isoformat(), date_end=span[1].isoformat(), precision="period", period="",
                    time="", timezone="", ordinal=0, start=cell.start, end=cell.end,
                    sentence_start=line_start, sentence_end=line_end, pattern="table_return"))
    return claims
