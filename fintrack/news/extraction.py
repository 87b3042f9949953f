"""Articles -> events and claims tables (see :mod:`fintrack.news.schema`)."""
from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from fintrack.news.articles import Article, article_paths, load_article
from fintrack.news.claims import SPAN_START_BEFORE, Claim, claims_in_sentence
from fintrack.news.dates import TemporalExpression, find_temporal_expressions
from fintrack.news.entities import article_registry, find_mentions, main_asset, main_company
from fintrack.news.events import Event, event_from_claim, events_in_sentence
from fintrack.news.lexicon import EVENT_WORDS, TRADING_PHASES
from fintrack.news.normalize import normalize
from fintrack.news.patterns import DOWN_WORD, UP_WORD
from fintrack.news.resolvers import (
    ASIDE, REPORTED_SESSION_METRICS, foreign_listings, listing_suffix, reported_session, trading_phase)
from fintrack.news.registry import Mention, TickerRegistry, load_registry
from fintrack.news.schema import CLAIM_COLUMNS, EVENT_COLUMNS
from fintrack.news.sentences import split_sentences
from fintrack.news.price_tables import price_rows
from fintrack.news.tables import table_claims
from fintrack.files import atomic_write_bytes
from fintrack.spreadsheet import spreadsheet_safe

ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "title", "source", "url", "published", "time", "timezone", "path")


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` found: three tidy tables.

    ``events`` has ``EVENT_COLUMNS``, ``claims`` has ``CLAIM_COLUMNS`` (in that
    order), ``articles`` has ``ARTICLE_COLUMNS``.
    """

    events: pd.DataFrame
    claims: pd.DataFrame
    articles: pd.DataFrame


def _as_articles(articles, published, metadata_csv) -> list[Article]:
    if isinstance(articles, (str, os.PathLike, Article)):
        articles = [articles]
    loaded: list[Article] = []
    for item in articles:
        if isinstance(item, Article):
            if published is not None:
                from fintrack.news.articles import parse_published
                day, time, zone = parse_published(published)
                item = Article(item.article_id, item.title, item.source, item.url, day, time or
                               item.published_time, zone or item.timezone, item.text, item.path)
            loaded.append(item)
            continue
        for path in article_paths(item):
            loaded.append(load_article(path, published=published, metadata_csv=metadata_csv))
    return loaded


#: A dateline's word for a note written once the session was over ("March 16, 2021, after the close").
_AFTER_THE_CLOSE = re.compile(r"\b(?:after|at)\s+the\s+(?:close|closing\s+bell|market\s+close)\b", re.IGNORECASE)
#: What a dateline holds besides its day and time: "Updated", "Published", a weekday, punctuation.
_DATELINE_REST = re.compile(r"[\W\s]*(?:(?:last\s+)?(?:updated|published|posted)|on|at|(?:Mon|Tues|Wednes|Thurs|Fri|"
                            r"Satur|Sun)day)?(?:[\W\s]+(?:on|at))?[\W\s]*", re.IGNORECASE)
#: Lines at the top of an article searched for its dateline, and their greatest length.
_DATELINE_LINES, _DATELINE_LENGTH = 5, 100


def dateline_time(text: str, published: dt.date | None) -> tuple[str, str] | None:
    """(time, zone) a dateline at the top of the article gives its publication day: a short line naming that day
    and a clock time ("March 16, 2021, 4:30 p.m. ET"), or the close ("March 16, 2021, after the close": 16:00 New
    York time, the regular close); None when no such line is found."""
    if published is None:
        return None
    lines = [line for line in text.splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        if len(line) > _DATELINE_LENGTH:
            continue
        found = find_temporal_expressions(line, published)
        if not any(t.kind == "day" and t.precision == "day" and t.date == published for t in found):
            continue
        rest = line
        for t in found:
            rest = rest.replace(t.text, " ")
        after_close = _AFTER_THE_CLOSE.search(rest)
        if not _DATELINE_REST.fullmatch(_AFTER_THE_CLOSE.sub(" ", rest)):
            continue  # a sentence that names the day, not a dateline
        clock = next((t for t in found if t.kind == "time" and t.time and t.timezone), None)
        if clock is not None:
            return clock.time, clock.timezone
        if after_close:
            return "16:00", "America/New_York"
    return None


def extract_article(article: Article, registry: TickerRegistry) -> tuple[list[dict], list[dict]]:
    """Event rows and claim rows (schema columns) of one article."""
    if not article.published_time and (stamp := dateline_time(article.text, article.published)) is not None:
        # a publication time the metadata lacks but the article's dateline gives
        article = replace(article, published_time=stamp[0], timezone=stamp[1])
    published = article.published
    # Link targets and bare URLs are not prose: blanked (same length, so offsets
    # stay those of the article text) before sentences, dates and numbers are read.
    text = _URL.sub(lambda m: " " * len(m.group(0)), article.text)
    # Typographic quotes, dashes, minus signs and odd spaces made plain (see
    # fintrack.news.normalize); spans are mapped back to the article text below.
    normalized = normalize(text)
    original, text = text, normalized.text
    registry = article_registry(text, registry)
    main, main_name = main_company(text, registry)
    asset = main_asset(text, registry)
    # Registry names are matched once over the whole article; each sentence takes its share.
    article_mentions = registry.find(text)
    known_starts = [m.start for m in article_mentions]
    claims: list[Claim] = []
    events: list[Event] = []
    # "The stock", "the company" and sentences naming no one refer to the company that
    # led the latest sentence naming one (its first company: in "Bitfarms sold miners to
    # Core Scientific", the next "the company" is Bitfarms); before any, the main company.
    context_ticker, context_name = main, main_name
    previous_subject: Mention | None = None
    session: dict | None = None  # the trading day the text is speaking of, and where it was said
    session_end = 0
    last_span: dict | None = None  # the span of the latest return, for "over the same span"
    previous_line = ""
    headline: tuple[int, int] | None = None  # the first line, when it is a headline (no closing stop)
    lead_days: list = []  # day-precision dates of the sentence after the headline
    first_sentence, lead_seen, headline_claims = True, False, 0
    last_index: tuple[str, str] = ("", "")  # the stock index named last: what "the index" refers to
    event_days: dict[str, tuple[str, bool]] = {}  # events the text dated so far: family -> (day, after its close)
    posts = _stamped_posts(text, published)  # (post start, post end, its stamp's time) of a live blog
    # Sentences are cut on the original characters (curly quotes tell an opening
    # from a closing one); normalization keeps offsets, so the spans hold in both.
    for start, end in split_sentences(original if len(original) == len(text) else text):
        sentence = text[start:end]
        lo = bisect.bisect_left(known_starts, start)
        hi = bisect.bisect_left(known_starts, end)
        known = [Mention(m.ticker, m.name, m.start - start, m.end - start, m.kind)
                 for m in article_mentions[lo:hi] if m.end <= end]
        if _OTHER_INDEX.search(sentence):
            last_index = ("", "")  # "the consumer price index ... the index rose 0.3%": not a stock index
        mentions = find_mentions(sentence, registry, context_ticker, context_name, asset, known=known,
                                 index=last_index)
        named_indexes = [m for m in mentions if m.kind == "index" and not m.anaphora]
        if named_indexes:
            last_index = (named_indexes[-1].ticker, named_indexes[-1].name)
        main_mention = (Mention(context_ticker, context_name, -1, -1, "equity", anaphora=True)
                        if context_name else None)
        if main_mention is None and asset[0]:
            # An article about an asset, naming no company: "It was trading at $63,783" is the asset.
            main_mention = Mention(asset[0], asset[1], -1, -1, "crypto", anaphora=True)
        named = [m for m in mentions if m.kind == "equity" and not m.anaphora]
        if named:
            context_ticker, context_name = named[0].ticker, named[0].name
        temporals = find_temporal_expressions(sentence, published)
        if first_sentence and sentence.strip() and not sentence.rstrip().endswith((".", "!", "?")):
            headline = (start, end)
        elif headline is not None and not lead_seen and headline[1] <= start:
            lead_seen = True
            if not text[headline[1]:start].strip():
                lead_days = [t for t in temporals if t.kind == "day" and t.precision == "day"]
        first_sentence = first_sentence and not sentence.strip()
        # A short heading line naming a phase ("Extended Trading") is the phase of the quote under it.
        heading_phase = (trading_phase(previous_line, 0, len(previous_line))
                         if len(previous_line) <= 40 and not _MOVE_WORD.search(previous_line) else "")
        previous_line = sentence
        post = next((p for p in posts if p[0] <= start < p[1]), None)
        stamp = None
        if post is not None:
            if start <= post[0] + 1 or not text[post[0]:start].strip():
                session = None  # a new post is written on the publication day: no day the posts before spoke of
            if post[2] is not None:  # sentence-relative: the stamp lies at or before the sentence's start
                stamp = replace(post[2], start=post[2].start - start, end=post[2].end - start)
        sentence_claims = claims_in_sentence(sentence, start, mentions, temporals, published,
                                             main_mention, previous_subject,
                                             session if session and start - session_end <= _SESSION_REACH else None,
                                             heading_phase, last_span, stamp)
        # The session spoken of is the latest day of the sentence's session figures ("rose on Monday
        # after closing at $13.12 on Thursday": Monday), with "mid-day" when its figures are of a moment.
        # (not a figure of an aside: "The stock, which had closed at $7.95 on March 31, opened at $5.23")
        asides = [a.span() for a in ASIDE.finditer(sentence)]
        # (nor one that names a cause: "slipped 0.4% after Monday's 3.9% plunge" speaks of today, not Monday)
        dated = [c for c in sentence_claims if c.precision == "day" and c.metric in _SESSION_METRICS
                 and not any(a <= c.start - start and c.end - start <= b for a, b in asides)
                 and not _CAUSE_BEFORE.search(sentence, max(0, c.start - start - 40), c.start - start)]
        # A list's item speaks of its own figure: its day is not the next item's ("** RIOT closed at $3.46 on
        # Tuesday / ** Bitcoin down 0.8% at $38,500"); the list keeps the day its heading named.
        list_item = bool(_BULLET.fullmatch(text, text.rfind("\n", 0, start) + 1, start) or _BULLET.match(sentence))
        if list_item:
            pass
        elif dated:
            latest = max(c.date for c in dated)
            # (a close already spoken of stays spoken of while the text stays on that day)
            session = {"date": latest, "date_end": latest, "precision": "day", "period": "",
                       "closed": bool(_SESSION_CLOSED.search(sentence)) or bool(
                           session and session.get("date") == latest and session.get("closed")),
                       # "rose as much as 21% on Thursday morning": a moment of the session, not its close
                       "moment": any(c.metric in _MOMENT_METRICS or c.session_phase or c.price_field in ("high", "low")
                                     for c in dated if c.date == latest)}
            if any(c.session_phase == "midday" for c in dated if c.date == latest):
                session["extreme_phase"] = "midday"  # for the extremes "so far" that follow
            session_end = dated[-1].sentence_end
        else:
            # "X hit a new 52-week low during mid-day trading on Monday." names the session without a number.
            # (a day a span starts from names no session spoken of: "lost 30% since last Tuesday's close")
            days = [t for t in temporals if t.kind == "day" and t.precision == "day"
                    and not SPAN_START_BEFORE.search(sentence, max(0, t.start - 12), t.start)
                    and not _CAUSE_BEFORE.search(sentence, max(0, t.start - 40), t.start)
                    and not _DAY_OF_A_NOUN.match(sentence, t.end)
                    and not any(a <= t.start and t.end <= b for a, b in asides)
                    and not re.match(r"(?i)since\b", t.text)]
            # "Nov 11 ... on Monday"; "Miners tumbled on Tuesday."; "Top movers on Tuesday:" over a list
            if len({t.date for t in days}) == 1 and (_SESSION_WORDS.search(sentence) or _MOVE_WORD.search(sentence)):
                day = days[0].date.isoformat()
                session = {"date": day, "date_end": day, "precision": "day", "period": "",
                           "closed": bool(_SESSION_CLOSED.search(sentence)), "moment": False}
                if _MID_SESSION.search(sentence):  # "... during mid-day trading on Monday": a moment of it
                    session["session_phase"] = "midday"
                    session["moment"] = True
                session_end = end
            elif (session is not None and not session.get("moment") and start - session_end <= _SESSION_REACH
                  and _SESSION_CLOSED.search(sentence)):
                # "Miners surged on Monday. Marathon jumped 30% to close at $25.01.": the text now speaks of
                # that session's close, so its undated moves after this are close-to-close moves of it
                session = {**session, "closed": True}
                session_end = end
        for claim in reversed(sentence_claims):
            entity = registry.get(claim.subject) if claim.subject else None
            if entity is not None:
                previous_subject = Mention(entity.ticker, claim.subject_name, -1, -1, entity.kind, anaphora=True)
                break
        event_days.update(_event_days(sentence, temporals))
        # (a figure a correction takes back has given its subject and day to the text after it; it is no claim)
        sentence_claims = [_dated_by_event(c, event_days, published) if c.event else c for c in sentence_claims
                           if not c.retracted]
        # the span of the latest return: what a later "over the same span" means (a span the text left unresolved,
        # "since Election Day's close" in an article that never dates it, stays unresolved: not the publication day)
        last_span = next(({"date": c.date, "date_end": c.date_end, "precision": "period", "period": c.period,
                           "reference": c.reference}
                          if c.date and c.date_end else {"date": "", "date_end": "", "precision": "unresolved",
                                                         "period": ""}
                          for c in reversed(sentence_claims) if c.metric == "period_return"), last_span)
        claims += sentence_claims
        if headline is not None and (start, end) == headline:
            headline_claims = len(claims)
        from_claims = []
        for claim in sentence_claims:
            expr_text = next((t.text for t in temporals if t.date and t.date.isoformat() == claim.date), "")
            event = event_from_claim(claim, expr_text)
            if event is not None:
                from_claims.append(event)
        events += from_claims
        # A qualitative event that a claim of the sentence already reports ("revenue
        # change" beside "revenue down 20%") is left out.
        covered = {(e.kind, e.ticker) for e in from_claims}
        events += [e for e in events_in_sentence(sentence, start, mentions, temporals, main_mention,
                                                 published)
                   if (e.kind, e.ticker) not in covered or e.kind not in ("earnings", "financial", "price_move")]
    if headline is not None and len({t.date for t in lead_days}) == 1:
        # A headline states the fact its lead sentence tells: "X Sets New 12-Month Low at $2.47" above
        # "X hit a new 52-week low on Monday." is of Monday, not of the publication date.
        day = lead_days[0].date.isoformat()
        claims[:headline_claims] = [
            replace(c, date=day, date_end=day, precision="day") if c.precision == "unresolved"
            and c.metric in _HEADLINE_DATED else c for c in claims[:headline_claims]]
    claims = _date_by_reported_session(claims, text, article, registry)
    claims = _with_table_prices(claims, text, main, main_name, registry)
    # Cells of return tables, read from their header and first column, not as sentences.
    claims += table_claims(text, registry, published)
    # A company the article names only on a foreign listing ("TSE:HUT") is that listing's security.
    listings = foreign_listings(text)
    claims = [replace(c, subject=listings[c.subject]) if c.subject in listings else c for c in claims]
    # A figure its sentence places on a Canadian listing ("rose 31% in Toronto") is that listing's.
    claims = [replace(c, subject=c.subject + suffix) if "." not in c.subject
              and (entity := registry.get(c.subject)) is not None and entity.kind == "equity"
              and (suffix := listing_suffix(
                  text[c.sentence_start:c.sentence_end], c.start - c.sentence_start, c.end - c.sentence_start))
              else c for c in claims]
    published_iso = published.isoformat() if published else ""
    if published is not None or article.source:
        events.insert(0, Event("publication", f"{article.source}: article published" if article.source
                               else "article published",
                               main, main_name if main else "", published_iso, published_iso,
                               "day" if published else "unresolved", article.published_time,
                               article.timezone, "", 0, 0))

    event_rows, seen = [], set()
    for event in events:
        key = (event.kind, event.ticker, event.date, event.date_end, event.description)
        if key in seen:
            continue
        seen.add(key)
        event_rows.append({
            "event_id": f"{article.article_id}-e{len(event_rows) + 1}", "article_id": article.article_id,
            "kind": event.kind, "description": event.description, "ticker": event.ticker,
            "company": event.company, "date": event.date, "date_end": event.date_end,
            "precision": event.precision, "time": event.time, "timezone": event.timezone,
            "date_text": event.date_text, "sentence": article.text[slice(*normalized.span(event.start, event.end))],
            "span_start": normalized.position(event.start) if event.end > event.start else event.start,
            "span_end": normalized.span(event.start, event.end)[1] if event.end > event.start else event.end,
        })
    claim_rows, stated = [], set()
    for claim in claims:
        fields = claim.row()
        span_start, span_end = normalized.span(claim.start, claim.end)
        if fields["value_text"]:
            fields["value_text"] = article.text[span_start:span_end]  # as written, before normalization
        # A summary bullet often repeats a body sentence: the same fact is one claim
        # (its first mention). A claim whose number the text lost is never merged:
        # two lost figures look alike but need not be the same fact.
        if fields["value"] == fields["value"]:  # not NaN
            key = tuple(fields[c] for c in _SAME_FACT)
            if key in stated:
                continue
            stated.add(key)
        claim_rows.append({
            "claim_id": f"{article.article_id}-c{len(claim_rows) + 1}", "article_id": article.article_id,
            **fields, "published": _published_stamp(published_iso, article.published_time, article.timezone),
            "sentence": article.text[slice(*normalized.span(claim.sentence_start, claim.sentence_end))],
            "span_start": span_start, "span_end": span_end,
        })
    return event_rows, claim_rows


def _with_table_prices(claims: list[Claim], text: str, ticker: str, name: str,
                       registry: TickerRegistry) -> list[Claim]:
    """The price column of the article's data tables, one closing-price claim of its main company per
    dated row (:mod:`fintrack.news.price_tables`), in place of what the sentence rules read in those rows."""
    rows = price_rows(text) if ticker else []
    if not rows:
        return claims
    entity = registry.get(ticker)
    unit = "usd_per_share" if entity is None or entity.kind == "equity" else "usd"
    inside = [(r.row_start, r.row_end) for r in rows]
    kept = [c for c in claims if not any(a <= c.start < b for a, b in inside)]
    for r in rows:
        day = r.date.isoformat()
        kept.append(Claim(
            subject=ticker, subject_name=name, metric="price_level", direction="", comparator="equal",
            value=r.value, value_text=text[r.start:r.end], decimals=r.decimals, unit=unit, scale=1.0,
            date=day, date_end=day, precision="day", period="", time="", timezone="", ordinal=0,
            start=r.start, end=r.end, sentence_start=r.row_start, sentence_end=r.row_end,
            price_field="close", pattern="table_price_column"))
    return sorted(kept, key=lambda c: c.start)


_EVENT_WORD = {family: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for family, words in EVENT_WORDS.items()}
#: Right before an event word, a phrase that puts the text's time before the event, not on its day.
_BEFORE_WORDS = re.compile(r"\b(?:before|ahead\s+of|prior\s+to|in\s+advance\s+of)\s+(?:[\w.'\u2019-]+\s+){0,4}$",
                           re.IGNORECASE)
#: An event that came after its day's close ("reported results after the bell on Thursday").
_AFTER_THE_CLOSE = re.compile(r"\bafter\s+(?:the\s+)?(?:(?:market|closing)\s+)?(?:close|bell)\b|"
                              r"\bafter\s+(?:the\s+)?market\s+(?:closed|hours)\b|\bafter[-\s]hours\b", re.IGNORECASE)


def _event_days(sentence: str, temporals: list) -> dict[str, tuple[str, bool]]:
    """The events a sentence dates ("Riot reported fourth-quarter results on Thursday"): family
    (``lexicon.EVENT_WORDS``) -> (ISO day, True when the event came after that day's close). Only a sentence
    naming one day dates its events; an event word after "before" or inside a date ("on the day after the
    election") is another figure's time, not the event's."""
    days = {t.date for t in temporals if t.kind == "day" and t.precision == "day" and t.date is not None}
    if len(days) != 1:
        return {}
    day = next(iter(days)).isoformat()
    found = {}
    for family, pattern in _EVENT_WORD.items():
        if any(not _BEFORE_WORDS.search(sentence, max(0, m.start() - 60), m.start())
               and not any(t.start <= m.start() < t.end for t in temporals) for m in pattern.finditer(sentence)):
            found[family] = (day, bool(_AFTER_THE_CLOSE.search(sentence)))
    return found


def _dated_by_event(claim: Claim, event_days: dict[str, tuple[str, bool]], published: dt.date | None) -> Claim:
    """A claim of precision 'relative' dated by the event the text dated before ("Riot reported results on
    Thursday. Before the results, its shares had closed at $1.74": the close before Thursday's session, or
    Thursday's close when the results came after it; a return "since Election Day's close" runs from that close
    to publication); unchanged (unverifiable) when the text never dated it."""
    if claim.precision != "relative" or claim.event not in event_days:
        return claim
    day, after_close = event_days[claim.event]
    if claim.metric == "period_return":
        if published is None or day >= published.isoformat():
            return claim
        return replace(claim, date=day, date_end=published.isoformat(), precision="period", event="")
    if claim.event_offset:  # "the day after the election": a calendar day (verify takes the next session)
        day = (dt.date.fromisoformat(day) + dt.timedelta(days=claim.event_offset)).isoformat()
    field = "close" if after_close and claim.price_field == "prev_close" else claim.price_field
    return replace(claim, date=day, date_end=day, precision="day", price_field=field, event="")


def _stamped_posts(text: str, published: dt.date | None) -> list[tuple[int, int, TemporalExpression | None]]:
    """The posts of a live blog: (start, end, the stamp's time as an article-relative TemporalExpression) for each
    line opening with a clock time ("11:05 a.m. ET: Marathon is up 6%"), up to the next blank line or stamp. A
    text with a single stamped line is no blog: a time at a line's start is then that sentence's own. A post
    stamped at or after the New York close ("4:10 p.m. ET: That's a wrap") carries no time: like a publication
    time after the close, it writes of the day's close, not of after-hours trading."""
    stamps = []
    for m in _POST_STAMP.finditer(text):
        found = [t for t in find_temporal_expressions(m.group("stamp"), published) if t.kind == "time"]
        if found:
            stamp = replace(found[0], start=m.start("stamp") + found[0].start, end=m.start("stamp") + found[0].end)
            stamps.append((m.start("stamp"), None if _after_the_close(stamp, published) else stamp))
    if len(stamps) < 2:
        return []
    posts = []
    for i, (start, stamp) in enumerate(stamps):
        blank = _BLANK_LINE.search(text, start)
        end = min(blank.start() if blank else len(text), stamps[i + 1][0] if i + 1 < len(stamps) else len(text))
        posts.append((start, end, stamp))
    return posts


def _after_the_close(stamp: TemporalExpression, day: dt.date | None) -> bool:
    """True when a clock time (its own zone, else New York's) is at or after 16:00 in New York on ``day``."""
    moment = pd.Timestamp(f"{day or dt.date(2000, 1, 3)} {stamp.time}").tz_localize(stamp.timezone or _NEW_YORK)
    return moment.tz_convert(_NEW_YORK).strftime("%H:%M") >= "16:00"


def _last_session_before(day: dt.date) -> dt.date:
    """The last exchange session before ``day`` (the previous weekday outside the calendar's bounds)."""
    from fintrack.market.calendars import sessions

    found = sessions(day - dt.timedelta(days=10), day - dt.timedelta(days=1))
    if len(found):
        return found[-1].date()
    back = day - dt.timedelta(days=1)
    while back.weekday() >= 5:
        back -= dt.timedelta(days=1)
    return back


def _date_by_reported_session(claims: list[Claim], text: str, article: Article,
                              registry: TickerRegistry) -> list[Claim]:
    """Undated session figures of a stock in a note that says it reports "the most recent trading
    day" are of the last session before its publication date (see
    :func:`fintrack.news.resolvers.reported_session`)."""
    if article.published_time:
        return claims
    day = reported_session(text, article.published, _last_session_before)
    if day is None:
        return claims
    iso = day.isoformat()

    def of_a_stock(claim: Claim) -> bool:
        entity = registry.get(claim.subject) if claim.subject else None
        return entity is not None and entity.kind == "equity"

    return [replace(c, date=iso, date_end=iso, precision="day")
            if c.precision == "unresolved" and c.metric in REPORTED_SESSION_METRICS and of_a_stock(c) else c
            for c in claims]


_SESSION_METRICS = ("price_level", "dollar_change", "move_at_time", "close_to_close_move", "intraday_max_move",
                    "open_gap")
#: Indexes that are not stock indexes: after one is named, "the index" no longer means a stock index.
_OTHER_INDEX = re.compile(r"\b(?:price|prices|dollar|volatility|greed|confidence|sentiment|manufacturing|services|"
                          r"managers'?|housing|activity|inflation)\s+index\b|\b(?:CPI|PPI|PMI|VIX|DXY)\b",
                          re.IGNORECASE)

#: A sentence speaking of a session's close: the undated moves after it are that session's.
_SESSION_CLOSED = re.compile(r"\b(?:clos(?:e|ed|ing)\s+(?:at|up|down|higher|lower)|closed|ended\s+(?:the\s+"
                             r"(?:day|session)|at|up|down|higher|lower)|finished|settled)\b", re.IGNORECASE)

#: A move word: a headline that has one ("Marathon slips before the bell") tells a story, not the phase of a quote.
_MOVE_WORD = re.compile(rf"{UP_WORD.pattern}|{DOWN_WORD.pattern}", re.IGNORECASE)
#: Figures of a moment of a session: the session they date is spoken of as under way, not as a whole day.
_MOMENT_METRICS = ("intraday_max_move", "move_at_time")

#: Headline figures that take the day of the lead sentence when they have no date of their own.
_HEADLINE_DATED = ("price_level", "week52_high", "week52_low", "close_to_close_move", "move_at_time",
                   "intraday_max_move", "open_gap", "dollar_change", "lowest_since", "highest_since")


#: Characters after a dated price figure within which undated figures are of the same session.
_SESSION_REACH = 400
#: A list item's marker, before its text or at its start: "- ", "** ", "1. ".
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022\u25aa\u25cf]|\*\*|\d{1,2}[.)])[ \t]+")
_NEW_YORK = "America/New_York"
#: A live blog's post stamp: a line opening with a clock time and a colon or dash ("2:35 p.m. ET: Marathon is down
#: 11%", "Update 10:15 a.m. ET: ..."). Its post runs to the next blank line or stamp.
_POST_STAMP = re.compile(r"(?im)^[ \t]*(?:(?:update|updated)[ \t]*(?:at[ \t]*)?)?(?P<stamp>\d{1,2}:\d{2}[ \t]*"
                         r"(?:[ap]\.?[ \t]?m\.?)?(?:[ \t]*[A-Z]{2,4}\b)?)[ \t]*[:\-|][ \t]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: A day that dates a noun, not the text's session: "below its July 16 record close".
_DAY_OF_A_NOUN = re.compile(r"\s+(?:record|all-time|closing|intraday|high|low|peak|top|bottom|close|level)\b",
                            re.IGNORECASE)
_CAUSE_BEFORE = re.compile(r"\b(?:after|following|before|since|despite|amid)\s+(?:the\s+|an?\s+|its\s+|their\s+)?"
                           r"(?:[\w-]+(?:'s|\u2019s)\s+)?$", re.IGNORECASE)
_MID_SESSION = re.compile(rf"\b(?:{TRADING_PHASES['midday']})", re.IGNORECASE)
_SESSION_WORDS = re.compile(r"\b(?:trad(?:e|ed|es|ing)|shares|stock|opened|closed|session|hit|touched|"
                            r"movers|gainers|losers|mixed)\b", re.IGNORECASE)

_SAME_FACT = ("subject", "metric", "direction", "comparator", "value", "unit", "date", "date_end",
              "period", "time", "timezone", "ordinal")
_URL = re.compile(r"\]\([^)\s]*\)|<?https?://[^\s<>()]+>?|!\[[^\]]*\]")


_INT_COLUMNS = ("span_start", "span_end", "decimals", "ordinal")
_FLOAT_COLUMNS = ("value", "scale", "reference_value")


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in _INT_COLUMNS:
            frame[column] = frame[column].astype("int64")
        elif column in _FLOAT_COLUMNS:
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].fillna("").astype(str)
    return frame


def extract(
    articles: str | os.PathLike[str] | Article | Iterable[str | os.PathLike[str] | Article],
    *,
    published: str | dt.date | None = None,
    registry: TickerRegistry | str | os.PathLike[str] | None = None,
    metadata_csv: str | os.PathLike[str] | None = None,
) -> Extraction:
    """Events and claims of ``articles`` (paths, folders or :class:`Article` objects).

    ``published`` (ISO date) overrides the articles' own publication dates;
    without any, relative dates stay unresolved (precision 'unresolved').
    ``registry`` is a :class:`TickerRegistry` or a path to one (default: see
    :func:`fintrack.news.registry.default_registry_path`).
    """
    if not isinstance(registry, TickerRegistry):
        registry = load_registry(registry)
    loaded = _as_articles(articles, published, metadata_csv)
    event_rows, claim_rows, article_rows = [], [], []
    for article in loaded:
        events, claims = extract_article(article, registry)
        event_rows += events
        claim_rows += claims
        article_rows.append({
            "article_id": article.article_id, "title": article.title, "source": article.source,
            "url": article.url, "published": article.published.isoformat() if article.published else "",
            "time": article.published_time, "timezone": article.timezone, "path": article.path})
    return Extraction(_frame(event_rows, EVENT_COLUMNS), _frame(claim_rows, CLAIM_COLUMNS),
                      pd.DataFrame(article_rows, columns=list(ARTICLE_COLUMNS)).astype(str))


def write_extraction(extraction: Extraction, output: str | os.PathLike[str]) -> list[Path]:
    """Write events and claims atomically; returns the files written.

    ``FILE.json`` -> one file ``{"events": [...], "claims": [...]}``;
    ``FILE.csv`` -> ``FILE_events.csv`` and ``FILE_claims.csv`` beside it.
    """
    import json
    import math

    from fintrack.errors import InputError

    output = Path(output)
    suffix = output.suffix.lower()

    def atomic(path: Path, write) -> Path:
        try:
            atomic_write_bytes(path, write)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror}") from exc
        return path

    if not output.parent.is_dir():
        raise InputError(f"output folder does not exist: {output.parent}")
    if suffix == ".json":
        def records(frame: pd.DataFrame) -> list[dict]:
            # strict JSON: a missing or overflowing number (309 digits read as inf) is null, never NaN/Infinity
            return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
                    for row in frame.to_dict(orient="records")]
        payload = {"events": records(extraction.events), "claims": records(extraction.claims)}
        return [atomic(output, lambda p: Path(p).write_text(json.dumps(payload, indent=2, default=str,
                                                                       allow_nan=False), encoding="utf-8"))]
    if suffix == ".csv":
        written = []
        for name, frame in (("events", extraction.events), ("claims", extraction.claims)):
            target = output.with_name(f"{output.stem}_{name}.csv")
            written.append(atomic(target, lambda p, f=frame: spreadsheet_safe(f).to_csv(p, index=False)))
        return written
    raise InputError(f"output must end in .csv or .json: {output}")


def registry_tables(extraction: Extraction) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and claims for the shipped registries (``data/events.csv``, ``data/claims.csv``).

    Facts only: the ``sentence`` column is emptied (article text stays out of
    the repository; the spans still locate it) and events gain ``source_url``.
    """
    urls = dict(zip(extraction.articles["article_id"], extraction.articles["url"]))
    events = extraction.events.assign(sentence="")
    events["source_url"] = events["article_id"].map(urls).fillna("")
    claims = extraction.claims.assign(sentence="")
    return events, claims


def _published_stamp(day: str, time: str, zone: str) -> str:
    """The claim's ``published``: the date, with the time and UTC offset when the article gives them."""
    if not day or not time:
        return day
    try:
        stamp = pd.Timestamp(f"{day} {time}")
        return (stamp.tz_localize(zone) if zone else stamp).isoformat()
    except (ValueError, TypeError):
        return day
