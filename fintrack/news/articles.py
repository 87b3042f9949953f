"""Loading articles: plain text, Markdown and (optionally) HTML, with metadata.

Metadata (title, source, url, publication date, optional time and timezone)
comes from, in order of precedence:

1. arguments (``published=`` / ``--published``),
2. a front-matter header at the top of the file::

       ---
       title: Riot soars
       source: Example News
       url: https://example.com/a
       published: 2021-03-09 14:05 America/New_York
       ---

3. a sidecar CSV (``articles.csv`` beside the article, columns
   ``id,file,source,url,published[,title]``).

A missing publication date stays ``None``; relative dates in the text then
stay unresolved (the extractor says so) rather than being guessed.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from fintrack.errors import InputError, MalformedFileError

#: Larger files are refused. News articles are well under 100 KB; extraction is
#: linear at about 1 ms a sentence, so 1 MB of text (~10,000 sentences) still
#: extracts in seconds, while a multi-megabyte file would hold a cron run's lock
#: for minutes.
MAX_ARTICLE_BYTES = 1024 * 1024
#: Most HTML elements (start tags) read from one page. trafilatura's cost grows with
#: the element count: a 40,000-row table in a page under the byte limit held a run for
#: minutes. A news page has a few thousand elements.
MAX_HTML_ELEMENTS = 20_000
_START_TAG = re.compile(r"<[A-Za-z]")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")

#: Common abbreviations of zones that news text and metadata use.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "EASTERN": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "GMT": "UTC", "UTC": "UTC", "Z": "UTC",
    "BST": "Europe/London", "CET": "Europe/Paris", "CEST": "Europe/Paris",
    "HKT": "Asia/Hong_Kong", "JST": "Asia/Tokyo", "SGT": "Asia/Singapore",
}


@dataclass(frozen=True)
class Article:
    """One article: its text and what is known about its publication.

    ``published`` is the local calendar date of publication (None if unknown);
    ``published_time`` is 'HH:MM' or ''; ``timezone`` an IANA zone or ''.
    """

    article_id: str
    title: str
    source: str
    url: str
    published: dt.date | None
    published_time: str
    timezone: str
    text: str
    path: str = ""


def parse_published(value: str | dt.date | dt.datetime | None) -> tuple[dt.date | None, str, str]:
    """Parse a publication stamp into (date, 'HH:MM' or '', IANA zone or '').

    Accepts ISO dates and date-times ('2021-03-09', '2021-03-09T14:05-05:00',
    '2021-03-09 14:05 America/New_York', '2021-03-09 2:05PM ET').
    """
    if value is None:
        return None, "", ""
    if isinstance(value, dt.datetime):
        zone = getattr(value.tzinfo, "key", None) or (str(value.tzinfo) if value.tzinfo else "")
        return value.date(), value.strftime("%H:%M"), zone
    if isinstance(value, dt.date):
        return value, "", ""
    text = str(value).strip()
    if not text:
        return None, "", ""
    m = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?(?![A-Za-z]))?"
        r"\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z_]+(?:/[A-Za-z_]+)*)?)?", text)
    if not m:
        return _parse_written_stamp(text)
    try:
        day = dt.date.fromisoformat(m.group(1))
    except ValueError as exc:
        raise InputError(f"invalid publication date {text!r}: {exc}") from exc
    if m.group(2) is None:
        return day, "", ""
    hour, minute = int(m.group(2)), int(m.group(3))
    if m.group(4):
        hour = hour % 12 + (12 if m.group(4)[0] in "Pp" else 0)
    zone = m.group(5) or ""
    if zone.upper() in ZONE_ABBREVIATIONS:
        zone = ZONE_ABBREVIATIONS[zone.upper()]
    elif re.fullmatch(r"[+-]\d{2}:?\d{2}", zone):
        zone = _offset_zone(zone)
    return day, f"{hour:02d}:{minute:02d}", zone


def _parse_written_stamp(text: str) -> tuple[dt.date, str, str]:
    """'March 9, 2021', 'Tue, 09 Mar 2021 14:05 EST' (dateparser); a full date is required."""
    import dateparser  # only for stamps that are not ISO

    zone = ""
    tail = re.search(r"\s([A-Za-z]{2,5}|[A-Za-z]+/[A-Za-z_]+)$", text)
    if tail and (tail.group(1).upper() in ZONE_ABBREVIATIONS or "/" in tail.group(1)):
        zone = ZONE_ABBREVIATIONS.get(tail.group(1).upper(), tail.group(1))
        text = text[:tail.start()]
    if not re.search(r"\b(?:19|20)\d\d\b", text):
        # "yesterday", "last Tuesday": a publication date must be absolute.
        raise InputError(f"cannot read publication date {text!r}: use YYYY-MM-DD[ HH:MM[ zone]]")
    parsed = dateparser.parse(text, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise InputError(f"cannot read publication date {text!r}: use YYYY-MM-DD[ HH:MM[ zone]]")
    has_time = re.search(r"\d:\d\d|\d\s*[ap]\.?m\b", text, re.IGNORECASE)
    return parsed.date(), parsed.strftime("%H:%M") if has_time else "", zone if has_time else ""


def _offset_zone(offset: str) -> str:
    """'+00:00' -> 'UTC', '-05:00' -> 'Etc/GMT+5' (IANA's Etc zones count the other way)."""
    sign, hours, minutes = offset[0], int(offset[1:3]), int(offset[-2:])
    if hours == 0 and minutes == 0:
        return "UTC"
    if minutes:
        return f"UTC{offset}"  # no IANA name for half-hour offsets; kept as written
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 byte-order mark, or text whose every other byte is NUL (BOM-less UTF-16)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = raw[:4096]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.9


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read article {path}: {exc.strerror}") from exc
    if size > MAX_ARTICLE_BYTES:
        raise MalformedFileError(f"{path}: article is {size / 1e6:.1f} MB, larger than the "
                                 f"{MAX_ARTICLE_BYTES / 1e6:.1f} MB limit")
    raw = path.read_bytes()
    if _looks_utf16(raw):
        raise MalformedFileError(f"{path}: UTF-16 text, not UTF-8; save it as UTF-8")
    if b"\x00" in raw:
        raise MalformedFileError(f"{path}: binary file, not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedFileError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise MalformedFileError(f"{path}: empty article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PUBLISHED_META = re.compile(
    r"""<meta\s+[^>]*(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|"""
    r"""og:article:published_time)["'][^>]*content\s*=\s*["'](?P<stamp>[^"']+)["']""", re.IGNORECASE)


def _html_to_text(html: str, path: Path) -> tuple[str, dict[str, str]]:
    try:
        import trafilatura  # optional extra
    except ImportError as exc:
        if exc.name == "trafilatura":  # not installed; otherwise one of its own imports failed
            raise InputError(f"{path}: reading HTML needs trafilatura: pip install fintrack[html]") from exc
        raise InputError(f"{path}: reading HTML: trafilatura failed to import ({exc}); "
                         "pip install 'fintrack[html]' installs what it needs") from exc
    elements = sum(1 for _ in _START_TAG.finditer(html))
    if elements > MAX_HTML_ELEMENTS:
        raise MalformedFileError(f"{path}: HTML page has {elements:,} elements, more than the "
                                 f"{MAX_HTML_ELEMENTS:,} limit (save the article text as .txt)")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise MalformedFileError(f"{path}: no article text found in the HTML page")
    meta: dict[str, str] = {}
    stamp = _PUBLISHED_META.search(html)
    doc = trafilatura.extract_metadata(html)
    if doc is not None:
        for key in ("title", "url", "date"):
            value = getattr(doc, key, None)
            if value:
                meta["published" if key == "date" else key] = str(value)
        if getattr(doc, "sitename", None):
            meta["source"] = str(doc.sitename)
    if stamp:
        # trafilatura keeps the date only; the time of day decides the trading session.
        meta["published"] = stamp.group("stamp")
    return text, meta


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a ``---`` header of ``key: value`` lines from the body."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.S)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            meta[key.strip().lower()] = value.strip().strip("'\"")
    # Offsets stay relative to the body: the header is not article text.
    return meta, text[m.end():]


def read_metadata_csv(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """Rows of a sidecar ``articles.csv`` keyed by file name (and by id)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise MalformedFileError(f"{path}: metadata CSV needs a 'file' column")
            rows: dict[str, dict[str, str]] = {}
            for row in reader:
                row = {k: (v or "").strip() for k, v in row.items() if k}
                rows[row["file"]] = row
            return rows
    except UnicodeDecodeError as exc:
        raise MalformedFileError(f"{path}: metadata CSV is not UTF-8") from exc
    except OSError as exc:
        raise InputError(f"cannot read metadata CSV {path}: {exc.strerror}") from exc


def load_article(
    path: str | os.PathLike[str],
    *,
    published: str | dt.date | None = None,
    metadata_csv: str | os.PathLike[str] | None = None,
) -> Article:
    """Read one article file (.txt, .md; .html with the ``html`` extra).

    ``metadata_csv`` defaults to ``articles.csv`` beside the file when present.
    ``published`` overrides any date found in the file or the CSV.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"article not found: {path}")
    text = _read_text(path)
    meta: dict[str, str] = {}
    if path.suffix.lower() in HTML_SUFFIXES:
        text, meta = _html_to_text(text, path)
    else:
        meta, text = _front_matter(text)
    if metadata_csv is None and (path.parent / "articles.csv").is_file():
        metadata_csv = path.parent / "articles.csv"
    own = "its front matter" if meta.get("published") or meta.get("date") else ""
    if metadata_csv is not None:
        row = read_metadata_csv(metadata_csv).get(path.name, {})
        for key, value in row.items():
            if value and not meta.get(key):
                meta[key] = value
        own = own or f"its row of {metadata_csv}"
    if published is not None:
        day, time, zone = parse_published(published)
    else:
        try:
            day, time, zone = parse_published(meta.get("published") or meta.get("date"))
        except InputError as exc:
            raise InputError(f"{path}: {exc} (the date in {own})") from None
    if meta.get("timezone"):
        zone = ZONE_ABBREVIATIONS.get(meta["timezone"].upper(), meta["timezone"])
    if meta.get("time") and not time:
        time = meta["time"]
    title = meta.get("title") or _first_line(text)
    return Article(
        article_id=meta.get("id") or path.stem,
        title=title,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        published=day,
        published_time=time,
        timezone=zone,
        text=text,
        path=str(path),
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()[:200]
    return ""


def article_paths(target: str | os.PathLike[str]) -> list[Path]:
    """The article files named by ``target``: the file itself, or a folder's articles."""
    target = Path(target)
    if target.is_dir():
        suffixes = TEXT_SUFFIXES + HTML_SUFFIXES
        return sorted(p for p in target.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    if not target.exists():
        raise InputError(f"article not found: {target}")
    return [target]
