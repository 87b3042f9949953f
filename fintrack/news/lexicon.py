"""The words of financial news, each class listed once.

Claims (:mod:`fintrack.news.claims`, :mod:`fintrack.news.patterns`), events
(:mod:`fintrack.news.events`), entities (:mod:`fintrack.news.entities`) and the
verifier's wording read these lists; none keeps its own copy. Every entry is a
regular-expression alternation (no groups, no anchors), so a list can be placed
inside a larger pattern: ``rf"\\b(?:{UP_VERBS})\\b"``.

None of the alternations can backtrack beyond its own length: they are flat
lists of words with optional suffixes.
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------- moves
#: Verbs and adverbs of a price going up.
UP_VERBS = (r"jump(?:ed|s|ing)?|r[oi]se|ris(?:es|ing)|risen|soar(?:ed|s|ing)?|skyrocket(?:ed|s|ing)?|"
            r"surg(?:e|ed|es|ing)|gain(?:ed|s|ing)?|climb(?:ed|s|ing)?|rall(?:y|ied|ies|ying)|up|"
            r"higher|increas(?:e|ed|es|ing)|advanc(?:e|ed|es|ing)|spik(?:e|ed|es|ing)|popp(?:ed|ing)|"
            r"added|rebound(?:ed|s|ing)?|grew|grow(?:s|ing|n)?|pushed\s+past|tops|topp(?:ed|ing)|"
            r"surpass(?:ed|es|ing)?|cross(?:ed|es|ing)|doubl(?:ed|ing)|tripl(?:ed|ing)|quadrupl(?:ed|ing)|"
            r"quintupl(?:ed|ing)|sextupl(?:ed|ing)|"
            r"shot\s+up|boost(?:ed|ing)?|recover(?:ed|s|ing)?")
#: Verbs and adverbs of a price going down.
DOWN_VERBS = (r"f[ae]ll(?:s|ing|en)?|dropp?(?:ed|s|ing)?|slump(?:ed|s|ing)?|plung(?:e|ed|es|ing)|"
              r"tumbl(?:e|ed|es|ing)|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|lost|los(?:e|es|ing)|"
              r"down|lower|sank|sink(?:s|ing)?|sli(?:d|de|des|ding)|slipp?(?:ed|s|ing)?|shed|crash(?:ed|es|ing)?|"
              r"dipp?(?:ed|s|ing)?|retreat(?:ed|s|ing)?|shrank|shrink(?:s|ing)?|tank(?:ed|s|ing)?|"
              r"sell-off|plummet(?:ed|s|ing)?|erod(?:e|ed|ing)|(?:gave|giv(?:e|es|ing)|handed)\s+back")
#: Move nouns that carry a direction ("a 10% jump", "its losses").
UP_NOUNS = r"gains?|jumps?|rally|rise|increase|advance|surge|rebound|climb"
DOWN_NOUNS = r"loss(?:es)?|drops?|declines?|slides?|slump|falls?|plunge|drawdown|decrease|tumble"
#: Nouns of a return over a span ("the year-to-date gain").
RETURN_NOUNS = UP_NOUNS + "|" + DOWN_NOUNS + r"|returns?"

MOVE = re.compile(rf"\b(?:(?P<up>{UP_VERBS})|(?P<down>{DOWN_VERBS}))\b", re.IGNORECASE)

# ------------------------------------------------------------- comparators
#: Comparator name -> phrases placed right before a number (see schema.COMPARATORS).
COMPARATOR_PHRASES: tuple[tuple[str, str], ...] = (
    ("max", r"as\s+much\s+as|up\s+to|as\s+high\s+as|as\s+low\s+as"),
    # "nears $42K": the level approached, itself the claim (a point), not a figure just below it.
    ("near", r"nears|nearing|approach(?:es|ed|ing)"),
    ("nearly", r"nearly|almost|just\s+under|just\s+shy\s+of|close\s+to|just\s+below|near"),
    ("at_least", r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|at\s+least|north\s+of|past|"
                 r"beyond|exceeding|greater\s+than|better\s+than|tops|topped|topping|surpassed|surpassing|"
                 r"crossed|crossing|exceeded|breached|broke\s+(?:through|above)|cleared|"
                 r"broke\s+out\s+above"),
    ("at_most", r"less\s+than|under|below|fewer\s+than|at\s+most|no\s+more\s+than|south\s+of|"
                r"lower\s+than|not\s+more\s+than"),
    ("approx", r"about|around|roughly|some|approximately|approx\.|an\s+estimated|circa|~|an?\s+"
               r"approximate"),
)
#: Words between a comparator and its number ("more than just", "up to a").
COMPARATOR_FILLER = (r"(?:\s*\b(?:by|to|of|totaling|totalling|just|only|a|an|at|worth|for|the|briefly|"
                     r"another|additional|staggering|further)\b)*\s*")
#: Words that make a statement a possibility, not a fact.
HEDGES = (r"could|might|may|would|if|whether|expects?\s+to|plans?\s+to|intends?\s+to|aims?\s+to|"
          r"hopes?\s+to|considering|weighing|rumou?red|speculation")
#: Words that put the figure after them in the future or in a possibility ("could reach $300,000",
#: "is expected to open 5% higher", "analysts see it hitting $2"): a forecast, not a price the bars
#: can check. Lower-case modal verbs only ("May 5" is a date).
FORECAST_WORDS = (r"(?-i:will|could|might|may|would|should|won't|wouldn't|couldn't|if|If|unless|Unless)|"
                  r"potentially|possibly|hypothetically|"
                  r"(?:is|are|was|were)\s+(?:expected|forecast|predicted|projected|set|poised|likely|unlikely|"
                  r"on\s+track)\s+to|expect(?:s|ed|ing)?\s+(?:[\w'.&-]+\s+){0,3}?to|forecasts?|predicts?|projects?|"
                  r"bets?\s+(?:on|that)|betting\s+(?:on|that)|targets?|targeting|calls?\s+for|"
                  r"sees?\s+(?:[\w'-]+\s+){1,3}?(?:hitting|reaching|rising|falling|climbing|dropping|at)")

# ------------------------------------------------------------- price fields
#: Bar field -> words naming it in a level claim (schema column ``price_field``).
PRICE_FIELDS: dict[str, str] = {
    "prev_close": r"previous(?:ly)?\s+clos(?:e|ed)|last\s+close|prior\s+close|(?:yesterday|friday|monday|"
                  r"tuesday|wednesday|thursday)'s\s+close|had\s+closed",
    "close": r"clos(?:e|ed|es|ing)|settl(?:e|ed|es|ing)|end(?:ed)?\s+(?:the\s+(?:day|session)\s+)?at|"
             r"finish(?:ed)?",
    "open": r"open(?:ed|s|ing)?|gap(?:ped)?\s+(?:up|down)",
    "high": r"high|peak(?:ed|s)?|top(?:ped)?\s+out|as\s+high\s+as",
    "low": r"low|lowest|bottom(?:ed)?|trough|as\s+low\s+as",
}

# ---------------------------------------------------------- trading phases
#: Phase -> words naming it (schema column ``session_phase`` keeps the first three).
TRADING_PHASES: dict[str, str] = {
    "premarket": r"pre[-\s]?market|before\s+the\s+(?:opening\s+)?bell|before\s+the\s+(?:market\s+)?open\b|futures",
    "after-hours": r"after[-\s]?hours|extended\s+trading|after\s+the\s+(?:closing\s+)?bell|post[-\s]?market",
    "overnight": r"overnight",
    # A moment inside the regular session named without a clock time ("during mid-day trading");
    # not "morning"/"afternoon" alone, which often date a whole day's figure.
    "midday": r"mid-?day|mid-?session|(?:in|during)\s+early\s+trad(?:e|ing)|early\s+session|"
              r"(?:first|opening)\s+(?:hours?|minutes)\s+of\s+trading|shortly\s+after\s+the\s+open(?:ing\s+bell)?|"
              r"(?:half|first)\s+hour\s+after\s+(?:the\s+)?(?:market\s+)?open|"
              # "plunged 30% at one point on Wednesday": a moment of the session, its extreme or not
              r"at\s+one\s+point|"
              # "surged nearly 6% in mere hours": a move inside the session, not its close
              r"(?:in|within)\s+(?:(?:mere|a\s+few|just|a\s+matter\s+of)\s+)?hours",
    "intraday": r"intraday|during\s+(?:the\s+)?(?:trading\s+)?(?:session|day)|during\s+trading\s+hours",
}

# ---------------------------------------------------------- listings
#: Exchange prefixes of listings outside the US ("TSE:HUT") -> Yahoo's suffix for that listing
#: ("HUT.TO"): another security than the US line of the same symbol, priced in another currency.
FOREIGN_EXCHANGES: dict[str, str] = {
    "TSE": ".TO", "TSX": ".TO", "TSXV": ".V", "CVE": ".V", "NEO": ".NE", "CSE": ".CN", "LON": ".L",
    "LSE": ".L", "ASX": ".AX", "HKEX": ".HK", "HKG": ".HK", "SEHK": ".HK", "FRA": ".F", "ETR": ".DE",
    "XETRA": ".DE", "EPA": ".PA", "AMS": ".AS", "TYO": ".T", "SGX": ".SI", "SWX": ".SW", "STO": ".ST"}
#: Exchange prefixes of US listings ("NASDAQ:HUT"): the line the USD price files hold.
US_EXCHANGES = r"NASDAQ|Nasdaq|NYSE|NYSEARCA|NYSE\s+American|NYSEAMERICAN|AMEX|OTC|OTCMKTS|BATS|CBOE"

#: Words placing a figure on a Canadian listing ("jumped 31% in Toronto", "on the TSX Venture Exchange",
#: "its Toronto-listed shares") -> Yahoo's suffix of that listing; a C$ price beside a figure does the same.
CANADIAN_VENUES: tuple[tuple[str, str], ...] = (
    (".V", r"\b(?:on|in)\s+(?:the\s+)?(?:TSX\s+Venture(?:\s+Exchange)?|TSX-?V)\b|\b(?:TSX-?V|TSX\s+Venture)-listed\b"),
    # not where a company is ("based in Toronto")
    (".TO", r"(?<!based\s)(?<!headquartered\s)(?<!located\s)(?<!offices\s)\b(?:on|in)\s+(?:the\s+)?"
            r"(?:Toronto(?:\s+Stock\s+Exchange)?|TSX(?!\s+Venture|-?V\b))\b|\bin\s+Canadian\s+trading\b|"
            r"\b(?:Toronto|TSX)-listed\b"),
)
#: Words placing a figure on the US listing ("its Nasdaq-listed shares gained 12%", "in New York").
US_VENUES = (r"\b(?:on|in)\s+(?:the\s+)?(?:Nasdaq|NYSE|New\s+York)\b(?!\s+(?:Composite|100))|"
             r"\b(?:Nasdaq|NYSE|U\.?S\.?)-listed\b|\bin\s+U\.?S\.?\s+trading\b")

# ---------------------------------------------------------- subjects
#: What is traded ("shares rose", "the stock fell", "ADRs").
SECURITY_NOUNS = (r"shares?|stocks?|share\s+price|stock\s+price|ADRs?|ADSs?|American\s+depositary\s+"
                  r"(?:shares|receipts)|equity|units|prices?|token|coin")
#: Phrases that refer back to the article's main company.
COMPANY_ANAPHORA = (r"the\s+(?:company|firm|group|(?:[\w-]+\s+){0,3}(?:maker|manufacturer|producer|miner|"
                    r"company|firm|developer|supplier))|its\s+(?:stock|shares|share\s+price)|the\s+stock|"
                    r"the\s+shares|(?:the|its)\s+(?:ADSs|ADRs|American\s+depositary\s+(?:shares|receipts))")
#: Phrases that refer back to the stock index named last ("The index is now 29% below that level",
#: "the broad-market index finished at 4,783").
INDEX_ANAPHORA = (r"the\s+(?:(?:broad|broader|wider|broad-market|tech-heavy|tech|blue-chip|benchmark|large-cap|"
                  r"small-cap|main|key|[\w]+-stock)[\s-]+){0,2}(?:index|benchmark|gauge)")
#: Phrases that refer back to the article's main crypto asset.
ASSET_ANAPHORA = (r"(?:the|its)\s+(?:(?:world's\s+)?(?:largest|biggest|leading|original)\s+)?(?:coin|token|"
                  r"cryptocurrency|currency|(?:digital|virtual)\s+(?:asset|currency|coin)|crypto\s+asset|crypto|"
                  r"pair)")  # "BTC/USD slipped. The pair is down 3%": the trading pair of the article's asset

# ---------------------------------------------------------- not price claims
#: Accounting words: a number they govern is a company figure, not a price.
FINANCIAL_NOUNS = (r"net\s+income|net\s+loss|income|profits?|loss(?:es)?|revenues?|sales|earnings|ebitda|"
                   r"margins?|liabilit(?:y|ies)|assets|cash|debt|expenses?|costs?|guidance|dividends?|"
                   r"funding|raised|capex|spending|backlog\s+worth|estimates?|forecasts?|consensus")
#: Counted things: a number before them is a quantity.
QUANTITY_NOUNS = (r"units?|machines?|\w*miners?|rigs?|devices?|chips?|orders?|order\s+backlog|customers?|"
                  r"clients?|employees?|terahash(?:es)?|petahash(?:es)?|exahash(?:es)?|coins?|bitcoins?|"
                  r"vehicles?|cars?|subscribers?|users?|stores?|contracts?|blocks?")
PRODUCT_NOUNS = r"units?|machines?|\w*miners?|rigs?|devices?|chips?|vehicles?|cars?"
MARKET_CAP_WORDS = r"market\s+cap(?:italization|italisation)?|market\s+value|valuation"

# ---------------------------------------------------------- events a figure is dated by
#: Events a text dates figures by ("before the results", "the day after the election"): family -> the words
#: naming one, noun or verb, so that "Before the report" finds the day of "Riot reported results on Thursday".
EVENT_WORDS: dict[str, str] = {
    "results": r"results|earnings|report",  # not "reported": "Bloomberg reported on Monday" is no event
    "announcement": r"announcements?|announced",
    "election": r"elections?|Election\s+Day",
    "ruling": r"ruling|ruled|verdict",
    "vote": r"vote|voted",
    "halving": r"halving",
}
#: The event words as one alternation with a named group per family; :func:`event_family` reads a match of it.
EVENT_FAMILY = "|".join(f"(?P<{family}>{words})" for family, words in EVENT_WORDS.items())


def event_family(match: re.Match) -> str:
    """The family (``EVENT_WORDS`` key) of the event word a pattern holding ``EVENT_FAMILY`` matched."""
    return next(f for f in EVENT_WORDS if match.group(f) is not None)


#: Small numbers written as words: periods ("six months", "a week") in dates.py, figures in numbers.py.
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90,
}
