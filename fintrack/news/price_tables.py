"""Price columns of data tables: one closing-price claim per dated row.

Data pages (short-interest histories, price histories) print tables whose
rows are not sentences. A row's price is read through its table's header: the
header names a date column and a price column, and each row gives the price
for its date ("Price on Report Date" on a row dated 3/15/2025 is the close of
that day, or of the last session before it when the day is not a session).

Two layouts are read:

* pipe tables (Markdown, or HTML flattened with ``|`` between cells): the
  date and price cells are found by their header's column positions;
* HTML tables flattened with no separator at all, one row a line
  ("4/30/202521,700,000 shares $15.27 million +22.6%N/A1.3 $0.70"): only
  when the header line starts with the date column and ends with the price
  column, so that a row's leading date and trailing dollar figure are those
  two cells whatever ran together between them.

Anything else in a table (volumes, percent columns) is left to the sentence
rules; a header this module does not recognise yields no claims.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: Header words of the date column.
_DATE_HEADER = r"(?:(?:report|record|settlement|trade|trading|as\s+of)\s+)?date"
#: Header words of a column holding the session's closing price.
_PRICE_HEADER = (r"(?:(?:closing|close|last|share|stock)\s+)?price(?:\s+on\s+(?:the\s+)?(?:[\w-]+\s+)?date)?|"
                 r"close|closing\s+price")
# Flattened cells run together ("Report DateTotal Shares ... Days to CoverPrice on Report Date"): a
# cell boundary is a space or a lower-case letter followed by a capital.
_CELL_EDGE = r"(?:(?<=\s)|(?<=[a-z])(?=[A-Z]))"
_FLAT_HEADER = re.compile(rf"^\s*(?i:{_DATE_HEADER})(?:(?<=[a-z])(?=[A-Z])|\s).*?{_CELL_EDGE}(?i:{_PRICE_HEADER})\s*$")
_DATE_CELL = re.compile(rf"^\s*{_DATE_HEADER}\s*$", re.IGNORECASE)
_PRICE_CELL = re.compile(rf"^\s*(?:{_PRICE_HEADER})\s*(?:\(\s*(?:USD|\$)\s*\))?\s*$", re.IGNORECASE)
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}
_LEADING_DATE = re.compile(
    r"^\s*(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})|"
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<md>\d{1,2}),?\s+(?P<my>\d{4}))")
_TRAILING_PRICE = re.compile(r"(?P<tok>\$\s?(?P<num>\d[\d,]*(?:\.(?P<dec>\d+))?))\s*$")
_PRICE_ONLY = re.compile(r"^\s*(?P<tok>\$?\s?(?P<num>\d[\d,]*(?:\.(?P<dec>\d+))?))\s*$")


@dataclass(frozen=True)
class TableRow:
    """One dated price read from a table row: offsets of the price in the text."""

    date: dt.date
    value: float
    decimals: int
    start: int
    end: int
    row_start: int
    row_end: int


def _row_date(cell: str) -> dt.date | None:
    m = _LEADING_DATE.match(cell)
    if m is None:
        return None
    try:
        if m.group("y"):
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("iy"):
            return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        month = _MONTHS.get(m.group("mon").lower()[:3])
        return dt.date(int(m.group("my")), month, int(m.group("md"))) if month else None
    except ValueError:
        return None


def _lines(text: str):
    """(start, end) of each line of ``text``."""
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _cells(line: str) -> list[tuple[int, int]]:
    """Offsets (in ``line``) of the cells of a pipe-table line, outer pipes dropped."""
    bounds = [m.start() for m in re.finditer(r"\|", line)]
    if len(bounds) < 2:
        return []
    spans = list(zip([-1] + bounds, bounds + [len(line)]))
    spans = [(a + 1, b) for a, b in spans]
    if line[:bounds[0]].strip() == "":
        spans = spans[1:]
    if line[bounds[-1] + 1:].strip() == "":
        spans = spans[:-1]
    return spans


def price_rows(text: str) -> list[TableRow]:
    """Dated closing prices read from the tables of ``text`` (see the module docstring)."""
    rows: list[TableRow] = []
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        cells = _cells(line)
        if cells:
            names = [line[a:b] for a, b in cells]
            date_col = next((k for k, n in enumerate(names) if _DATE_CELL.match(n)), None)
            price_col = next((k for k, n in enumerate(names) if _PRICE_CELL.match(n)), None)
            if date_col is not None and price_col is not None:
                i += 1
                while i < len(lines):
                    r_start, r_end = lines[i]
                    row = text[r_start:r_end]
                    row_cells = _cells(row)
                    if not row_cells:
                        break
                    if len(row_cells) == len(cells) and not set(row.strip()) <= set("|-: "):
                        day = _row_date(row[slice(*row_cells[date_col])])
                        a, b = row_cells[price_col]
                        price = _PRICE_ONLY.match(row[a:b])
                        if day is not None and price is not None:
                            rows.append(_row(day, price, r_start + a, r_start, r_end))
                    i += 1
                continue
        elif _FLAT_HEADER.match(line):
            i += 1
            while i < len(lines):
                r_start, r_end = lines[i]
                row = text[r_start:r_end]
                day = _row_date(row)
                if day is None:
                    break
                price = _TRAILING_PRICE.search(row)
                if price is not None:
                    rows.append(_row(day, price, r_start, r_start, r_end))
                i += 1
            continue
        i += 1
    return rows


def _row(day: dt.date, price: re.Match, offset: int, row_start: int, row_end: int) -> TableRow:
    """A row's price; ``offset`` is where the text ``price`` was matched in begins."""
    return TableRow(day, float(price.group("num").replace(",", "")), len(price.group("dec") or ""),
                    offset + price.start("tok"), offset + price.end("tok"), row_start, row_end)
