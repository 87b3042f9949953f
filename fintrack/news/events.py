"""Events: what happened, to whom, when.

Events come from two places:

* claims: a price move ('price_move'), a price level ('price_level'), a
  market-cap threshold ('market_cap'), and an accounting figure with a stated
  value ('earnings' for results, 'financial' for balance-sheet items);
* qualitative rules on sentences: price moves stated without a number
  ('price_move'), results ('earnings': a return to profit, a
  loss, estimates beaten or missed, guidance raised or cut), orders and
  preorders ('order'), sales of machines ('sale'), balance-sheet changes
  ('financial'), business model, customer base, overseas share, mining
  location, partnerships, launches, executives ('business'), founding,
  acquisitions, listings, offerings, dividends ('corporate'), lawsuits and
  fines ('legal'), halvings and ETF decisions ('market').

Hedged statements ("could", "plans to", "if") are not events. Results,
orders and business events with no company named in the sentence belong to
the article's main company. One earnings, one order and one price-move event
per sentence at most, and none beside a claim event of the same kind and
company ("shares surged" without a number is a price move; with "37%" the
claim's event says it).

Descriptions are short labels written from a fixed vocabulary (never article
text), e.g. "RIOT: return to profit (driven by bitcoin price rally)".
Duplicates (the same kind, subject, date and label, as in a summary bullet
and the body) are kept once, at their first mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fintrack.news.claims import Claim, date_fields, pick_date
from fintrack.news.dates import TemporalExpression
from fintrack.news.numbers import MONEY_UNITS
from fintrack.news.registry import Mention


@dataclass(frozen=True)
class Event:
    kind: str
    description: str
    ticker: str
    company: str
    date: str
    date_end: str
    precision: str
    time: str
    timezone: str
    date_text: str
    start: int
    end: int


_REGIONS = (r"north\s+america|south\s+america|latin\s+america|europe|asia|africa|the\s+middle\s+east|"
            r"overseas|abroad")

# (kind, label, pattern); a sentence matching the pattern yields the event.
_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, label, re.compile(pattern, re.IGNORECASE)) for kind, label, pattern in (
        ("earnings", "return to profit",
         r"\b(?:eked\s+out|returned\s+to|return\s+to|swung\s+to|turned)\s+(?:a\s+)?(?:net\s+)?profit"
         r"|\bfinancial\s+turnaround\b|\bback\s+in\s+the\s+black\b"),
        ("earnings", "reports a profit",
         r"\b(?:report(?:ed|s)?|post(?:ed|s)?|book(?:ed|s)?)\s+(?:a\s+)?(?:net\s+income|net\s+profit|profit)\b"),
        ("earnings", "reports a loss",
         r"\b(?:report(?:ed|s)?|post(?:ed|s)?|book(?:ed|s)?|swung\s+to)\s+(?:a\s+)?(?:net\s+)?loss\b"),
        ("earnings", "revenue change",
         r"\b(?:revenues?|sales)\s+(?:rose|fell|grew|increased|decreased|declined|jumped|dropped|slumped|surged)\b"),
        ("price_move", "price up",
         r"\b(?:shares?|stocks?|share\s+price|price)\b[^.;]{0,40}?\b(?:jumped|rose|soared|surged|rallied|climbed|"
         r"gained|spiked|skyrocketed|rebounded|popped)\b"),
        ("price_move", "price down",
         r"\b(?:shares?|stocks?|share\s+price|price)\b[^.;]{0,40}?\b(?:fell|dropped|slumped|plunged|tumbled|"
         r"declined|sank|slid|slipped|crashed|tanked|plummeted)\b"),
        ("order", "preorders received",
         r"\bpre-?orders?\b"),
        ("order", "purchase orders received",
         r"\b(?:received|obtained|secured|won|announced)\b[^.]{0,40}\b(?:purchase\s+)?orders?\b"
         r"|\border\s+backlog\b|\bpurchase\s+orders?\b"),
        ("order", "machines ordered",
         r"\bordered\b"),
        ("sale", "machines sold",
         # "\w*miners?" also takes product names ending in -miner ("XMiner units")
         r"\b(?:sold|sells|selling|shipped|delivered)\b[^.]{0,80}\b(?:machines?|\w*[Mm]iners?|units?|"
         r"rigs?|equipment)\b"),
        ("financial", "contract liabilities up",
         r"\bcontract\s+liabilit(?:y|ies)\b[^.]{0,80}\b(?:tripled|doubled|rose|increased|grew|jumped|up)\b"),
        ("business", "overseas share of orders or revenue rising",
         r"\b(?:overseas|outside\s+(?:china|the\s+u\.?s\.?)|abroad|international|foreign)\b[^.]{0,80}"
         r"\b(?:increased|rose|grew|rising|up|share|percent\w*|of\s+(?:the|our|total))\b"
         r"|\b(?:increased|rose|grew|percent|share)\b[^.]{0,60}\b(?:overseas|outside\s+china|abroad)\b"),
        ("business", "operations relocating",
         r"\b(?:mining|operations|production|manufacturing)\b[^.]{0,40}\b(?:migrat\w*|mov\w*|shift\w*|relocat\w*)"
         # no closing \b: degraded text glues the next word on ("north americanotably")
         rf"\b[^.]{{0,30}}\b(?:to|toward|towards|into)\s+(?:{_REGIONS}|other\s+countries)"
         r"|\b(?:shift|migration|move|relocation)\b[^.]{0,60}\b(?:mining|operations|production|manufacturing)\b"
         rf"[^.]{{0,60}}\b(?:{_REGIONS}|elsewhere)\b"),
        ("business", "business model change",
         r"\bchanged?\s+(?:its|the|our)\s+[\"“]?(?:operations?|business)\s+model"
         r"|\bclient\s+base\s+shifted\b"),
        ("business", "sales increase",
         r"\b(?:increase|rise|growth|surge)\s+in\s+(?:\w+\s+){0,2}(?:unit\s+)?sales\b|\brising\s+sales\b"),
        ("earnings", "results beat estimates",
         r"\b(?:beat(?:s|ing)?|top(?:ped|ping|s)|exceed(?:ed|ing|s)|surpass(?:ed|ing|es))\s+(?:[\w'’-]+\s+){0,3}"
         r"(?:estimates|expectations|forecasts|consensus)\b"),
        ("earnings", "results miss estimates",
         r"\b(?:miss(?:ed|ing|es)?|f(?:e|a)ll(?:ing)?\s+short\s+of|trail(?:ed|ing))\s+(?:[\w'’-]+\s+){0,3}"
         r"(?:estimates|expectations|forecasts|consensus)\b"),
        ("earnings", "guidance raised",
         r"\b(?:raised|lifted|boosted|increased|raises|lifts)\s+(?:its\s+|their\s+)?(?:[\w-]+\s+)?(?:guidance|forecast|outlook)\b"),
        ("earnings", "guidance cut",
         r"\b(?:cut|cuts|lowered|lowers|slashed|reduced|withdrew)\s+(?:its\s+|their\s+)?(?:[\w-]+\s+)?(?:guidance|forecast|outlook)\b"),
        ("earnings", "results reported",
         r"\b(?:reported|posted|announced|released)\s+(?:its\s+|their\s+)?(?:\w+\s+){0,2}(?:results|earnings|financials)\b"),
        ("corporate", "company founded", r"\bfounded\b"),
        ("corporate", "acquisition or merger",
         r"\b(?:acquired|acquires|to\s+acquire|acquisition\s+of|agreed\s+to\s+buy|takeover\s+of|merger\s+with|"
         r"to\s+merge\s+with)\b"),
        ("corporate", "public listing",
         r"\b(?:initial\s+public\s+offering|IPO|went\s+public|began\s+trading|direct\s+listing)\b"),
        ("corporate", "bankruptcy filing",
         r"\b(?:filed\s+for\s+(?:chapter\s+11\s+)?bankruptcy|bankruptcy\s+protection|chapter\s+11\s+"
         r"(?:filing|protection|bankruptcy))\b"),
        ("corporate", "share offering",
         r"\b(?:share|stock|equity|secondary|at-the-market)\s+offering\b"),
        ("corporate", "dividend or buyback",
         r"\b(?:dividend|buyback|share\s+repurchase)s?\b"),
        ("legal", "legal or regulatory action",
         r"\b(?:lawsuit|sued|class\s+action|subpoena|charged\s+by|fined|investigation\s+into|probe\s+into)\b"),
        ("business", "partnership or agreement",
         r"\b(?:partnership|partnered|agreement\s+with|deal\s+with|signed\s+(?:a|an)\s+(?:\w+\s+){0,2}"
         r"(?:deal|agreement|contract))\b"),
        ("business", "layoffs", r"\b(?:layoffs?|laid\s+off|job\s+cuts)\b"),
        ("business", "product launch",
         r"\b(?:launch(?:ed|es)?|unveil(?:ed|s)?)\s+(?:a|an|its|the)\s+(?:new\s+)?\w+"),
        ("business", "executive change",
         r"\b(?:resigned|steps?\s+down|stepped\s+down|stepping\s+down|was\s+appointed|named\s+(?:as\s+)?"
         r"(?:its\s+)?(?:new\s+)?(?:chief|CEO|CFO|president|chair))\b"),
        ("market", "bitcoin halving", r"\bhalving\b"),
        ("market", "ETF decision",
         r"\bETFs?\b[^.]{0,60}\b(?:approv\w+|reject\w+|launch\w*|debut\w*)\b"
         r"|\b(?:approv\w+|reject\w+)\b[^.]{0,40}\bETFs?\b"),
    ))

_HEDGE = re.compile(r"\b(?:could|might|may|would|if|whether|expects?\s+to|plans?\s+to|intends?\s+to|"
                    r"aims?\s+to|hopes?\s+to|considering|weighing|rumou?red|speculation)\b", re.IGNORECASE)

#: Kinds whose unnamed subject is the article's main company ("we obtained preorders").
_COMPANY_KINDS = ("earnings", "order", "sale", "financial", "business", "corporate")

_DRIVERS = (
    ("driven by bitcoin price rally",
     re.compile(r"\b(?:thanks\s+to|driven\s+by|due\s+to|on\s+the\s+back\s+of|amid|as)\b[^.]{0,40}"
                r"\b(?:bitcoin|crypto\w*)\b[^.]{0,20}\b(?:price|rally|surge|run|breakout)"
                r"|\b(?:surge|rally|run)\s+(?:in|for)\s+(?:the\s+)?bitcoin", re.IGNORECASE)),
    ("from long-term clients", re.compile(r"\blong-?\s?term\s+(?:clients|customers)\b", re.IGNORECASE)),
)
#: Regions named as where customers or operations are: a fixed vocabulary, written as labels.
_REGION_LABELS = {"north america": "North America", "south america": "South America", "latin america":
                  "Latin America", "europe": "Europe", "asia": "Asia", "africa": "Africa", "the middle east":
                  "the Middle East", "overseas": "overseas", "abroad": "abroad"}
_FROM_REGION = re.compile(r"\bfrom\s+(?:customers\s+in\s+)?(?P<region>" + _REGIONS + r")\b", re.IGNORECASE)

_CLAIM_KINDS = {"intraday_max_move": "price_move", "move_at_time": "price_move",
                "close_to_close_move": "price_move", "period_return": "price_move",
                "price_level": "price_level", "market_cap_threshold": "market_cap"}
_COMPARATOR_WORDS = {"max": "as much as ", "at_least": "more than ", "at_most": "less than ",
                     "nearly": "nearly ", "near": "nearing ", "approx": "about ", "equal": "",
                     "band": "a band from ", "band_low": "the low part of a band from ",
                     "band_mid": "the middle of a band from ", "band_high": "the high part of a band from "}
_ORDINAL_WORDS = {1: "1st", 2: "2nd", 3: "3rd"}


def _format_value(claim: Claim) -> str:
    """'as much as 37%', 'more than $1 trillion', '$2.06/share', 'value missing'."""
    if claim.value != claim.value:  # NaN: the text lost it
        return "value missing"
    words = _COMPARATOR_WORDS[claim.comparator]
    if claim.unit == "percent":
        return f"{words}{claim.value:g}%"
    if claim.unit in MONEY_UNITS or claim.unit == "usd_per_share":
        sign = "$" if claim.unit in ("usd", "usd_per_share") else f"{claim.unit.upper()} "
        for factor, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
            if claim.value >= factor:
                return f"{words}{sign}{claim.value / factor:g}{word}"
        suffix = "/share" if claim.unit == "usd_per_share" else ""
        amount = f"{claim.value:,.2f}" if claim.value < 1000 or claim.value % 1 else f"{claim.value:,.0f}"
        return f"{words}{sign}{amount}{suffix}"
    if claim.unit == "multiple":
        return f"{words}{claim.value:g}x"
    return f"{words}{claim.value:,.0f}"


_BALANCE_SHEET = ("liabilit", "cash", "debt", "assets")


def event_from_claim(claim: Claim, date_text: str) -> Event | None:
    """The event a claim reports: moves, price levels, market-cap thresholds, and
    accounting figures with a stated value ('RIOT: revenue $213.2 million')."""
    name = claim.subject or claim.subject_name or "unknown"
    if (claim.metric == "financial_figure" and claim.value == claim.value and claim.unit != "multiple"
            and claim.qualifiers and not claim.estimate):
        item = claim.qualifiers or "financial figure"
        kind = "financial" if item.startswith(_BALANCE_SHEET) else "earnings"
        move = f"{claim.direction} " if claim.direction and claim.unit == "percent" else ""
        return Event(kind, f"{name}: {item} {move}{_format_value(claim)}", claim.subject,
                     claim.subject_name, claim.date, claim.date_end, claim.precision, "", "",
                     date_text, claim.sentence_start, claim.sentence_end)
    kind = _CLAIM_KINDS.get(claim.metric)
    if kind is None:
        return None
    value = _format_value(claim)
    move = f"{claim.direction} {value}" if claim.direction else value
    if claim.metric == "intraday_max_move":
        label = f"{move} intraday"
    elif claim.metric == "move_at_time":
        at = f"{claim.time} {claim.timezone}".strip() or "a time of day"
        label = f"{move} at {at}"
    elif claim.metric == "period_return":
        span = claim.period or (f"{claim.date}..{claim.date_end}" if claim.date else "an unstated period")
        label = f"{move} over {span}"
    elif claim.metric == "close_to_close_move":
        label = f"closed {move}"
    elif claim.metric == "price_level":
        label = f"traded at {value}"
    else:
        nth = _ORDINAL_WORDS.get(claim.ordinal, f"{claim.ordinal}th")
        label = f"market cap {value}" + (f" ({nth} time)" if claim.ordinal else "")
    return Event(kind, f"{name}: {label}", claim.subject, claim.subject_name, claim.date,
                 claim.date_end, claim.precision, claim.time, claim.timezone, date_text,
                 claim.sentence_start, claim.sentence_end)


def _counterparty(sentence: str, cue: int, mentions: list[Mention], subject: Mention | None) -> str:
    """' (to CORZ)' for "sold ... to Core Scientific", ' (from RIOT)' for "ordered ... from the company"."""
    for x in mentions:
        if x.start <= cue or x.kind == "crypto" or (subject is not None and x.ticker == subject.ticker
                                                     and x.name == subject.name):
            continue
        word = re.search(r"\b(to|from)\s+$", sentence[max(0, x.start - 6):x.start], re.IGNORECASE)
        if word:
            return f" ({word.group(1).lower()} {x.ticker or x.name})"
    return ""


def events_in_sentence(
    sentence: str,
    offset: int,
    mentions: list[Mention],
    temporals: list[TemporalExpression],
    main: Mention | None = None,
    published=None,
) -> list[Event]:
    """Qualitative events of one sentence (numbers are handled through claims).

    Results, orders and business changes with no company named in the
    sentence ("we obtained preorders") belong to ``main``, the article's main
    company. One earnings and one order event per sentence at most: their
    rules are alternative wordings of the same fact.
    """
    found = []
    exclusive_done: set[str] = set()
    for kind, label, pattern in _RULES:
        m = pattern.search(sentence)
        if not m or kind in exclusive_done:
            continue
        if _HEDGE.search(sentence[max(0, m.start() - 40):m.end() + 25]):
            continue  # "an approval could come", "plans to report": not (yet) an event
        if kind in ("earnings", "order", "price_move"):
            exclusive_done.add(kind)
        drivers = [name for name, rx in _DRIVERS if rx.search(sentence)]
        region = _FROM_REGION.search(sentence)
        if region:
            drivers.append(f"from {_REGION_LABELS[' '.join(region.group('region').lower().split())]}")
        if drivers and kind in ("earnings", "order"):
            label = f"{label} ({', '.join(drivers)})"
        # Subject: the registry company nearest before the cue, else the first one after it.
        eligible = [x for x in mentions if kind in ("market", "price_move") or x.kind != "crypto"]
        before = [x for x in eligible if x.end <= m.end()]
        after = [x for x in eligible if x.start >= m.start()]
        subject = before[-1] if before else (after[0] if after else None)
        if subject is None and kind in _COMPANY_KINDS:
            subject = main
        expr = pick_date(temporals, m.start(), m.end(), sentence=sentence)
        when = date_fields(expr, sentence, published)
        name = subject.ticker if subject and subject.ticker else (subject.name if subject else "")
        if kind in ("sale", "order"):
            label += _counterparty(sentence, m.start(), mentions, subject)
        found.append(Event(
            kind=kind, description=f"{name or 'unknown'}: {label}",
            ticker=subject.ticker if subject else "", company=subject.name if subject else "",
            date=when["date"], date_end=when["date_end"], precision=when["precision"],
            time="", timezone="", date_text=expr.text if expr else "",
            start=offset, end=offset + len(sentence),
        ))
    return found
