"""The claim grammar: a table of frozen :class:`ClaimPattern` rows.

Each number found in a sentence (:mod:`fintrack.news.numbers`) is offered to
the rows in priority order (highest first); the first row whose unit, text
before and text after all match decides the claim's metric and fills some
fields. Resolvers (:mod:`fintrack.news.resolvers`) then fill the subject, the
date or period, the comparator, the trading phase and the snapshot flag.

Why a compiled regex table rather than spaCy's Matcher: the rows match a few
words on either side of a number whose span is already known, which is what a
regex anchored at the number does, in time bounded by the window (so per-number
work does not grow with the sentence: issue 11); no pipeline or model is
loaded, and a row stays readable next to its examples.

A row's ``before`` is searched in the (at most ``WINDOW`` characters of)
text ending right before the number, with the sentence's dates blanked out
("closed Tuesday at $5.20" reads "closed         at $5.20"); it must match at
the end (an implicit ``$``). ``after`` must match at the start of the text
right after the number (implicit ``^``). Empty means "anything".

Metrics are the keys of :data:`fintrack.news.schema.METRICS`, plus three that
a resolver refines from the date the number refers to:

``move``   a percent move: ``period_return`` over a period, ``move_24h`` over
           24 hours of a crypto asset, ``move_at_time`` at a time of day or in
           a snapshot, else ``close_to_close_move``;
``high``/``low``  an extreme: ``period_high``/``period_low`` over a month,
           year, period or record, else ``price_level`` with ``price_field``
           'high'/'low' on a day;
``none``   a number that is not a claim (a moving average, a price target).
``index_level``  index points: ``price_level`` in unit 'points' for an index
           subject, dropped for anything else.

Adding a claim kind is one row here (with examples and counter-examples in
your own words; ``tests/news/test_patterns.py`` runs them) plus, for a new
metric, one entry in ``schema.METRICS`` and one verify rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from fintrack.news.lexicon import (
    DOWN_NOUNS, DOWN_VERBS, MARKET_CAP_WORDS, RETURN_NOUNS, UP_NOUNS, UP_VERBS)

#: Characters of text before a number that rows look at.
WINDOW = 110
#: Characters after a number that rows look at.
AFTER_WINDOW = 90

#: Rows at or above this priority name a price so specifically ("a 52-week low of", "as much as")
#: that an accounting word nearby does not make the number a company figure.
TRUSTED = 70

#: Unit groups a row can ask for.
MONEY, PERCENT, BARE = "money", "percent", "bare"

# Shared fragments. _CMP: comparator words that may stand between a cue and its number.
_CMP = (r"(?:\s*\b(?:just|only|about|around|nearly|almost|roughly|approximately|some|over|above|under|"
        r"below|past|more\s+than|less\s+than|as\s+(?:high|low|much)\s+as|an?\s+additional|another|"
        r"a\s+staggering|staggering|by|of|a|an|the)\b)*\s*[-+]?")

#: After a price: a relative clause saying the security had it on a date ("the 63 cents it fetched at the end of
#: November", "the $6 its shares traded at on Nov. 30"); the date is blanked in the window (a run of spaces).
HAD_AT_A_DATE = (r"\s+(?:it|they|its\s+shares|the\s+(?:stock|shares|coin))\s+(?:had\s+)?(?:fetched|traded(?:\s+at)?|"
                  r"sold\s+for|closed(?:\s+at)?|stood(?:\s+at)?|changed\s+hands(?:\s+at)?|commanded|cost)"
                  r"(?:\s+(?:on|in))?\s{4,}")
#: A span's range of prices: "swung between $40 and $45", "traded in a range of $40 to $45", "ranged from $40 to
#: $45" (not "rose from $40 to $45": a move's start and end, nor a bare "moved from").
_RANGE_VERB = (r"\b(?:(?:rang|fluctuat|oscillat)(?:ed|es|ing)|swung|swing(?:s|ing)?|see-?saw(?:ed|s|ing)|"
               r"whipsaw(?:ed|s|ing)|(?:trad|mov)(?:ed|es|ing)\s+(?:with)?in\s+a\s+(?:narrow\s+|wide\s+)?range\s+of|"
               r"trad(?:ed|es|ing)\s+between)(?:\s+(?:from|between))?")

_MOVE = rf"\b(?:{UP_VERBS}|{DOWN_VERBS})\b"
#: A price and then, in brackets or after a comma, a percent of it: "$5.23 (-12.9%)", "$28,170, down 6.7%"
_PRICE_THEN_PERCENT = (r"(?:US)?\$\s?[\d.,]+\s*(?:[kK]\b)?\s*(?:\(\s*[-+\u2212]?|,\s*(?:(?:up|down|higher|lower)\s+)?"
                       r"(?:by\s+)?(?:an?\s+)?)" + r"(?:\s*\b(?:about|around|nearly|almost|roughly|some)\b)?\s*")
_W52 = r"(?:(?:52|fifty-two|12|twelve)[-\s]+(?:week|month)|(?:1|one)[-\s]+year)"
_LEVEL_VERB = (r"\b(?:trad(?:e|ed|es|ing)|priced|changing\s+hands|chang(?:ed|es)\s+hands|hit|hits|hitting|"
               r"reach(?:ed|es|ing)?|touch(?:ed|es|ing)?|tap(?:ped|s)?|price\s+of|costs?|little\s+changed|"
               r"unchanged|flat|steady|valued|sett(?:ing|led|les|le|ling)|sat|sits|sitting|stood|stands|hover(?:ed|s|ing)|"
               r"near(?:s|ed|ing)?|broke\s+out|level\s+of|(?:is|was|stood)\s+at|"
               + UP_VERBS + "|" + DOWN_VERBS + r")\b")
_TO_AT = r"(?:\s+(?:the\s+day|the\s+session))?(?:\s+(?:at|to|from|below|above|under|past|over|through|near|around|" \
         r"as\s+\w+\s+as|back\s+to|a\s+bit\s+to|in(?=\s+the\s)))?"
#: The part of a price band right before its figure: "in the low $40s", "the mid-$30s" (the band itself is read by
#: resolvers.price_band from the figure's "s" or "-something").
_BAND_PART = r"(?:\s*\b(?:low|lower|mid|middle|high|upper)\b\s*-?\s*)?"
_CURRENCY_NOUN = r"(?:share|coin|bitcoin|token|ADS|ADR|unit)"
#: At most one word between a figure and the noun it sizes ("a $1 trillion total market value"), not a conjunction
#: that starts the next clause ("tops $23,000 as market value passes $400 billion").
_WORD_THEN = r"(?:\s+(?!(?:as|while|and|when|after|before|with)\b)\w+)?"


@dataclass(frozen=True)
class ClaimPattern:
    """One row of the claim grammar.

    ``fills`` are (column, value) pairs set on the claim (``price_field``,
    ``reference``, ``direction``, ``comparator``, ``session_phase``,
    ``snapshot``, ``period``). ``examples`` are sentences (your own words,
    never article text) in which the row must classify a number;
    ``counter_examples`` are sentences in which it must not.
    """

    name: str
    metric: str
    units: tuple[str, ...]
    before: str = ""
    after: str = ""
    fills: tuple[tuple[str, str], ...] = ()
    priority: int = 50
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    before_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    after_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.before:
            object.__setattr__(self, "before_re", re.compile(rf"(?:{self.before})$", re.IGNORECASE))
        if self.after:
            object.__setattr__(self, "after_re", re.compile(rf"(?:{self.after})", re.IGNORECASE))

    def matches(self, unit_group: str, before: str, after: str) -> bool:
        if unit_group not in self.units:
            return False
        if self.before_re is not None and self.before_re.search(before) is None:
            return False
        return self.after_re is None or self.after_re.match(after) is not None


#: Prefix of the rows reading a data block's "label: value" lines: their subject is the company heading the block.
LABEL_ROW = "label_"


def _row(name, metric, units, before="", after="", fills=(), priority=50, examples=(), counter=()):
    return ClaimPattern(name, metric, tuple(units), before, after, tuple(fills), priority, tuple(examples),
                        tuple(counter))


PATTERNS: tuple[ClaimPattern, ...] = tuple(sorted((
    # ------------------------------------------------------------ not claims
    _row("not_a_price", "none", [MONEY, PERCENT],
         before=r"\b(?:price\s+target|target\s+price|price\s+objective)[^;%]{0,60}?" + _CMP
                + r"|\b(?:moving\s+average|strike\s+price|"
                r"(?:stake|position|holdings?)\s+(?:\w+\s+){0,3}(?:worth|valued\s+at)|worth\s+approximately|"
                r"exercise\s+price|beta\s+of|ratio\s+of)[^;.$%]{0,30}?" + _CMP
                + r"|\b(?:offering|IPO|listing|issue|subscription|conversion)\s+price\s+(?:of|at|was|is)" + _CMP
                + r"|\bpriced\s+(?:its|the|their)\s+(?:IPO|offering|shares)\s+at" + _CMP, priority=100,
         examples=("Acme Robotics has a 50-day moving average of $3.16.",
                   "An analyst set a price target of $12.00 on Acme Robotics.",
                   "An analyst cut the price objective on Acme Robotics from $5.00 to $4.00.",
                   "An analyst upped their price objective on Acme Robotics Technologies from $5.00 to $6.00.",
                   "Acme Robotics sold its shares at an offering price of $9 each."),
         counter=("Acme Robotics traded at $3.16 on Monday.",)),
    _row("not_a_move_statistic", "none", [PERCENT],
         before=r"\b(?:an\s+average|on\s+average|averag(?:ing|es|ed)|(?:historical|median|typical|long-term)\s+"
                r"(?:average\s+)?(?:annual\s+)?(?:gain|return|decline|loss|drop|rise|increase))(?:\s+(?:gain|return|"
                r"decline|loss|drop|rise))?(?:\s+of)?" + _CMP,
         priority=100,
         examples=("Stocks have fallen by an average of 24% in past downturns.",
                   "The half beat the historical average gain of 5.1% since 1950.",
                   "The index rose in most of those weeks, averaging 1.4%."),
         counter=("The index fell 24% from its peak.",)),
    _row("not_a_move_frequency", "none", [PERCENT],
         after=r"\s*of\s+(?:the\s+time|all\s+(?:years|sessions|days|weeks|months)|(?:those|these|the)\s+"
               r"(?:years|sessions|days|weeks|months|cases|occasions))\b",
         priority=100,
         examples=("In that week the index has been up 78% of the time.",),
         counter=("In that week the index has been up 7.8%.",)),
    _row("not_a_move_vs_average", "none", [PERCENT],
         after=r"\s*(?:above|below|over|under|from)\s+(?:its|the|their)\s+(?:\d+|[a-z]+(?:-[a-z]+)?)[-\s]"
               r"(?:day|week)\s+(?:simple\s+|exponential\s+)?moving\s+average\b",
         priority=100,
         examples=("Riot stock now trades roughly 70% above its 50-day moving average.",),
         counter=("Riot stock now trades roughly 70% above its March low.",)),
    _row("not_a_move_volume", "none", [PERCENT],
         after=r"\s*(?:from|below|above|over|versus|vs\.?)\s+(?:the|its)\s+(?:[\w-]+\s+){0,2}?volume\b",
         priority=100,
         examples=("About 2 million shares changed hands, a drop of 40% from the average daily volume.",),
         counter=("Shares fell 40% from the average price of last year.",)),
    # ------------------------------------------------------------ 52-week extremes
    _row("week52_high", "week52_high", [MONEY],
         before=rf"\b{_W52}\s+high(?:\s+price)?\s+(?:of|at|was|is){_CMP}", priority=95,
         examples=("Acme Robotics has a 52-week high of $14.20 and a low of $3.10.",
                   "The stock's twelve month high of $9.75 was set in May."),
         counter=("Acme Robotics hit a record high of $14.20 on Tuesday.",)),
    _row("week52_low", "week52_low", [MONEY],
         before=rf"\b{_W52}\s+low(?:\s+price)?\s+(?:of|at|was|is){_CMP}", priority=95,
         examples=("Acme Robotics has a fifty-two week low of $3.10.", "Acme Robotics Sets New 1-Year Low at $2.47",
                   "Shares touched a 12-month low of $2.05 last week."),
         counter=("Acme Robotics fell to a low of $3.10 on Tuesday.",)),
    _row("week52_range_high", "week52_high", [MONEY],
         after=rf"\s+and\s+\$?[\d.,]+\s+(?:over|in|during)\s+(?:a|the)\s+(?:past\s+)?{_W52}",
         before=r"\bbetween\s*", priority=95,
         examples=("Acme Robotics traded between $14.20 and $3.10 over a 52-week period.",),
         counter=("Acme Robotics traded between $14.20 and $13.10 on Tuesday.",)),
    _row("week52_range_low", "week52_low", [MONEY],
         before=r"\bbetween\s+\$?[\d.,]+\s+and\s*",
         after=rf"\s+(?:over|in|during)\s+(?:a|the)\s+(?:past\s+)?{_W52}", priority=95,
         examples=("Acme Robotics traded between $14.20 and $3.10 over a 52-week period.",),
         counter=("Acme Robotics traded between $14.20 and $13.10 on Tuesday.",)),
    # A data block's "label: value" lines under a company's heading ("Share price: $13.86", "52-week range: $3.11 -
    # $18.88", "Year-to-date return: 305%"): the label names the figure as a sentence's words would.
    # (a quote page prints its prices bare: "Previous close: 19.30", "Day's range: 17.87 - 19.88")
    _row("label_week52_range_low", "week52_low", [MONEY, BARE], before=rf"\b{_W52}\s+range\s*:\s*", priority=95,
         examples=("52-week range: $3.11 - $18.88",), counter=("Day's range: $3.11 - $3.88",)),
    _row("label_week52_range_high", "week52_high", [MONEY, BARE],
         before=rf"\b{_W52}\s+range\s*:\s*\$?\s?[\d.,]+\s*(?:-|to)\s*", priority=95,
         examples=("52-week range: $3.11 - $18.88",), counter=("Day's range: $3.11 - $3.88",)),
    _row("label_price", "price_level", [MONEY, BARE],
         before=r"(?:^|\n)[ \t]*(?:(?:share|stock|last|current|recent)\s+)?price(?:\s+\((?:USD|US\$|\$)\))?\s*:\s*",
         priority=76,
         examples=("Share price: $13.86", "Price: $1.47"), counter=("The share price fell to $13.86.",)),
    _row("label_prev_close", "price_level", [MONEY, BARE],
         before=r"(?:^|\n)[ \t]*(?:previous|prior|prev\.?|last)\s+close\s*:\s*", priority=86,
         fills=(("price_field", "prev_close"),),
         examples=("Previous close: 19.30",), counter=("The previous close was a record.",)),
    _row("label_open", "price_level", [MONEY, BARE], before=r"(?:^|\n)[ \t]*open(?:ing\s+price)?\s*:\s*", priority=86,
         fills=(("price_field", "open"),), examples=("Open: 19.13",), counter=("Riot shares, open to all: 19 funds.",)),
    _row("label_day_range_low", "low", [MONEY, BARE],
         before=r"(?:^|\n)[ \t]*(?:day's|daily|today's|intraday|session)\s+range\s*:\s*", priority=86,
         examples=("Day's range: 17.87 - 19.88",), counter=("52-week range: 3.11 - 19.88",)),
    _row("label_day_range_high", "high", [MONEY, BARE],
         before=r"(?:^|\n)[ \t]*(?:day's|daily|today's|intraday|session)\s+range\s*:\s*\$?\s?[\d.,]+\s*(?:-|to)\s*",
         priority=86, examples=("Day's range: 17.87 - 19.88",), counter=("52-week range: 3.11 - 19.88",)),
    _row("label_return", "move", [PERCENT],
         before=r"(?:^|\n)[ \t]*[\w\s-]{0,20}?\b(?:return|performance|change|gain|loss)\s*:\s*[+-]?",
         priority=76,
         examples=("Year-to-date return: 305%", "1-year return: -12.4%"),
         counter=("Its return of 305% this year beat bitcoin's.",)),
    # ------------------------------------------------------------ records, period extremes
    _row("record_reached", "high", [MONEY],
         before=r"\b(?:hit|hits|hitting|reached|reaches|reaching|touched|touches|touching|set|sets|setting|notched|"
                r"scaled)\s+(?:a|an|its|another)\s+(?:new\s+|fresh\s+)?(?:all-time\s+)?record" + _CMP,
         priority=90, fills=(("reference", "record"),),
         examples=("Acme Robotics hit a record $67.66 during Friday's session.",
                   "Bitcoin set a new record just above $69,000 on Tuesday."),
         counter=("Acme Robotics closed at a record $67.66 on Friday.",)),
    _row("record_high", "high", [MONEY],
         before=r"\b(?:all-time|record|then-all-time|lifetime|then[-\s]record)\s+(?:closing\s+|intraday\s+)?"
                r"(?:high|peak)(?:\s+price)?\s+(?:of|at|near|around|was)" + _CMP, priority=90,
         fills=(("reference", "record"),),
         examples=("Bitcoin set a record high of $71,200 in March.",
                   "The coin's all-time high of around $19,500 came in December 2017."),
         counter=("Bitcoin set a daily high of $71,200 on Monday.",)),
    _row("record_low", "low", [MONEY],
         before=r"\b(?:all-time|record|then-all-time|lifetime)\s+(?:closing\s+|intraday\s+)?lows?\s+"
                r"(?:of|at|near|around|was)" + _CMP, priority=90, fills=(("reference", "record"),),
         examples=("The shares sank to all-time lows of $1.20 in June.",),
         counter=("The shares sank to a low of $1.20 on Monday.",)),
    # "its Nov. 9 closing high of $76.09": that day's close, not its intraday High ("its closing high of $77.90 in
    # February": the month's high, as any extreme of a span). Below record_high, which keeps "its all-time closing
    # high of $X" a record (highest High or Close).
    _row("closing_high_of", "high", [MONEY],
         before=r"\bclosing\s+(?:high|peak|top)(?:\s+price)?\s+(?:of|at|near|around|was)" + _CMP, priority=89,
         fills=(("price_field", "close"),),
         examples=("Acme Robotics is down 71% from its Nov. 9 closing high of $76.09.",
                   "The stock finished well below its Feb. 17 closing peak of $77.90."),
         counter=("Acme Robotics is down 71% from its Nov. 9 intraday high of $83.45.",
                  "Bitcoin set a record closing high of $67,566 on Monday.")),
    _row("high_of", "high", [MONEY],
         before=r"\b(?:high|peak|top)(?:\s+price)?\s+(?:of|at|near|around|was)" + _CMP
                + r"|\bpeak(?:ed|s|ing)?" + _TO_AT + _CMP
                + r"|\bas\s+high\s+as\s*|\btopp(?:ed)?\s+out\s+at" + _CMP,
         priority=80, fills=(("comparator", "equal"),),
         examples=("Acme Robotics set a daily high of $2.40 on Monday.",
                   "Bitcoin peaked above $64,000 in mid-April.",
                   "Acme Robotics shares traded as high as $15.30 on Monday."),
         counter=("Acme Robotics closed at $2.40 on Monday.",)),
    # "jumped as much as 28%, to $14": the level the "as much as" move reached is the extreme so far.
    _row("as_much_as_to_high", "high", [MONEY],
         before=rf"\b(?:{UP_VERBS})\b\s+(?:by\s+)?(?:as\s+much\s+as|up\s+to)\s+[\d.,]+\s*(?:%|percent|per\s*cent)"
                r"\s*,?\s*(?:to|at)" + _CMP, priority=82, fills=(("comparator", "equal"),),
         examples=("Acme Robotics climbed as much as 12%, to $7.80, before paring gains.",),
         counter=("Acme Robotics climbed 12% to $7.80 on Friday.", "Acme Robotics slid as much as 12%, to $7.80.")),
    _row("as_much_as_to_low", "low", [MONEY],
         before=rf"\b(?:{DOWN_VERBS})\b\s+(?:by\s+)?as\s+much\s+as\s+[\d.,]+\s*(?:%|percent|per\s*cent)"
                r"\s*,?\s*(?:to|at)" + _CMP, priority=82,
         examples=("Acme Robotics slid as much as 12%, to $7.80, in early trading.",),
         counter=("Acme Robotics slid 12% to $7.80 on Friday.", "Acme Robotics climbed as much as 12%, to $7.80.")),
    _row("session_high_after", "high", [MONEY],
         after=r"(?:/share)?\s*(?:\([^()]{0,20}\)\s*)?(?:at|near)\s+(?:the|its|a)\s+(?:[\w-]+\s+){0,2}high\b",
         priority=80,
         examples=("Acme Robotics climbed to $2.31 (+8.5%) at the early session high.",),
         counter=("Acme Robotics climbed to $2.31 at the close.",)),
    # "swung between $40 and $45 on Tuesday": the session's (span's) low and high, not two prices it traded at
    _row("range_low", "low", [MONEY], before=_RANGE_VERB + _CMP, priority=78,
         examples=("Acme Robotics swung between $40 and $45 on Tuesday.",
                   "Acme Robotics traded in a range of $40 to $45 on Tuesday."),
         counter=("Acme Robotics rose from $40 to $45 on Tuesday.",)),
    _row("range_high", "high", [MONEY],
         before=_RANGE_VERB + _CMP + r"(?:US)?\$?\s?[\d.,]+\s*(?:[kK]\b|cents?\b)?\s*(?:to|and|-)" + _CMP,
         priority=78, fills=(("comparator", "equal"),),
         examples=("Acme Robotics swung between $40 and $45 on Tuesday.",
                   "Acme Robotics ranged from $40 to $45 on Tuesday."),
         counter=("Acme Robotics rose from $40 to $45 on Tuesday.",)),
    _row("low_of", "low", [MONEY],
         before=r"\b(?:low|lows|bottom|trough)(?:\s+price)?\s+(?:of|at|near|around|was)" + _CMP
                + r"|\bbottom(?:ed|s)?(?:\s+out)?\s+(?:at|near|around)" + _CMP + r"|\bas\s+low\s+as\s*",
         priority=80,
         examples=("Bitcoin slid to a low of $58,100 earlier today.",
                   "Acme Robotics traded as low as $2.47 on Monday."),
         counter=("Acme Robotics traded at $2.47 on Monday.",)),
    _row("lowest_since", "lowest_since", [MONEY],
         after=r"(?:\s*(?:per|a)\s+\w+)?\s*,?\s*(?:-\s*)?(?:the|its|a|their)\s+lowest\s+(?:[\w']+\s+){0,5}?since\b",
         priority=85, fills=(("price_field", "low"),),
         examples=("Bitcoin slid below $16,000, its lowest level since November 2020.",),
         counter=("Bitcoin slid below $16,000 on Wednesday.",)),
    _row("highest_since", "highest_since", [MONEY],
         after=r"(?:\s*(?:per|a)\s+\w+)?\s*,?\s*(?:-\s*)?(?:the|its|a|their)\s+highest\s+(?:[\w']+\s+){0,5}?since\b",
         priority=85, fills=(("price_field", "high"),),
         examples=("Bitcoin rose above $48,000, the highest price since May 2022.",),
         counter=("Bitcoin rose above $48,000 on Friday.",)),
    # ------------------------------------------------------------ close, open, previous close
    _row("prev_close", "price_level", [MONEY],
         before=r"\b(?:previously\s+closed|had\s+closed|(?:previous|prior|last)\s+(?:session's\s+)?"
                r"clos(?:e|ing\s+price)\s+(?:of|was|at)|closed\s+the\s+(?:previous|prior)\s+(?:session|day))"
                r"(?:\s+at)?" + _CMP, priority=85, fills=(("price_field", "prev_close"),),
         examples=("The stock had previously closed at $3.81.", "Acme's last close was $1.89."),
         counter=("The stock closed at $3.81 on Friday.",)),
    _row("close_at", "price_level", [MONEY],
         # not after a negation: "did not close above $13" says where it did not close
         before=r"(?<!\bnot\s)(?<!n't\s)(?<!\bnever\s)"
                r"\b(?:clos(?:e|ed|es|ing)|settl(?:e|ed|es|ing)|finish(?:ed|es|ing)?|end(?:ed|s|ing)?)"
                r"(?:\s+(?:the\s+)?(?:(?:UTC|trading|regular)\s+)?(?:day|session|trading\s+day|week))?"
                r"(?:\s+(?:up|down|higher|lower|flat)(?:\s+(?:US)?\$?[\d.,]+\s*(?:cents?|%|percent))?)?"
                r"\s+(?:at|to|in(?=\s+the\s)|(?=(?:just\s+)?(?:above|below|under|over)\b))"
                r"(?:\s+an?\s+(?:new\s+|fresh\s+)?(?:record|all-time\s+high|high|low)(?:\s+of)?)?" + _CMP + _BAND_PART,
         priority=75, fills=(("price_field", "close"),),
         examples=("Acme Robotics closed at $8.99 Thursday.", "It then rose to close at $5.53.",
                   "Acme Robotics spiked on Thursday before closing down 1 cent at $2.24.",
                   "The stock ended the session at $12.10.", "Bitcoin closed at a record $67,566 on Monday.",
                   "Bitcoin ended the UTC day at $58,192.", "Acme Robotics closed above $50 on Friday.",
                   "Acme Robotics closed in the low $40s on Friday."),
         counter=("Acme Robotics opened at $8.99 Thursday.", "Acme Robotics closed the deal at $50 a share.",
                  "Acme Robotics did not close above $13 on Wednesday.", "Acme has never closed above $62,000.")),
    _row("price_it_fetched", "price_level", [MONEY],
         before=r"\bfrom\s+(?:the\s+)?" + _CMP, after=HAD_AT_A_DATE, priority=74,
         fills=(("price_field", "close"),),
         examples=("Acme is up 10% from the $6.00 it fetched at the end of November.",
                   "Acme is down 14% from the 63 cents its shares fetched on Nov. 30."),
         counter=("Acme fell 10% from $6.00 on Tuesday.",)),
    _row("close_after", "price_level", [MONEY],
         after=r"(?:-?each)?\s+(?:as\s+of|at)\s+(?:[\w.]+\s+){0,3}?(?:the\s+)?close\b",
         priority=75, fills=(("price_field", "close"),),
         examples=("Acme Robotics traded around $1.19 as of the close.",),
         counter=("Acme Robotics traded around $1.19 as of noon.",)),
    _row("open_at", "price_level", [MONEY],
         before=r"\bopen(?:ed|s|ing)?(?:\s+(?:the\s+)?(?:trading\s+)?(?:session|day))?(?:\s+this\s+morning)?"
                r"(?:\s+(?:up|down|higher|lower))?(?:\s+[\d.,]+\s?%(?:\s+(?:higher|lower))?)?\s+(?:at|of)" + _CMP
                + r"|\bopen(?:ing)?\s+(?:price\s+)?of" + _CMP + r"|\bgap(?:ped|s)?\s+(?:up|down)\s+to" + _CMP,
         priority=75, fills=(("price_field", "open"),),
         examples=("Shares of Acme opened at $1.87 on Friday.", "From their open of $6.91, they climbed.",
                   "Acme Robotics Shares Gap Up to $3.81", "Acme Robotics opened 21% higher at $24.14 on Friday."),
         counter=("Shares of Acme closed at $1.87 on Friday.",)),
    # ------------------------------------------------------------ market caps
    _row("market_cap_crossing", "market_cap_threshold", [MONEY],
         before=r"\b(?:hit|hits|reach(?:ed|es)?|pushed\s+past|topp?(?:ed|s)?|cross(?:ed|es)?|pass(?:ed|es)?|"
                r"surpass(?:ed|es)?|broke|exceed(?:ed|s)?|regain(?:ed|s)?)\s+(?:above\s+|past\s+)?(?:an?\s+)?"
                + _CMP, after=_WORD_THEN + rf"\s+(?:{MARKET_CAP_WORDS})",
         priority=72, fills=(("comparator", "at_least"), ("direction", "up")),
         examples=("Bitcoin hit a $1 trillion market capitalization on Tuesday.",),
         counter=("Bitcoin has a market cap of $1 trillion.", "Bitcoin tops $23,000 as market value passes a peak.")),
    _row("market_cap_crossing_after", "market_cap_threshold", [MONEY],
         before=rf"\b(?:{MARKET_CAP_WORDS})\s+(?:\w+\s+){{0,2}}?(?:hit|reach(?:ed|es)?|pushed\s+past|"
                r"topp?(?:ed|s)?|cross(?:ed|es)?|pass(?:ed|es)?|surpass(?:ed|es)?|broke\s+(?:above|through)|"
                r"exceed(?:ed|s)?)" + _CMP,
         priority=72, fills=(("comparator", "at_least"), ("direction", "up")),
         examples=("The coin's market value surpassed $1 trillion on Friday.",),
         counter=("The coin's market value is $1 trillion.",)),
    _row("market_cap_level", "market_cap_level", [MONEY],
         before=rf"\b(?:{MARKET_CAP_WORDS})\s+(?:of|at|was|is|stood\s+at|near|to|exceeding|above|around|"
                r"(?:\w+\s+){0,2}(?:at|of)|(?:(?:has|had|have)\s+)?(?:rose|risen|climbed|fell|fallen|dropped|slipped|"
                r"sank|sunk|surged|jumped|topped|crossed|passed|hit|reached|touched|slid)(?:\s+(?:below|above|under|"
                r"over|past|beyond|to|back\s+(?:above|below)))?)" + _CMP,
         after="", priority=70,
         examples=("Bitcoin now has a market cap of over $1 trillion.",),
         counter=("Bitcoin traded at $52,000 on Wednesday.",)),
    _row("market_cap_level_after", "market_cap_level", [MONEY],
         after=_WORD_THEN + rf"\s+(?:{MARKET_CAP_WORDS})\b", priority=68,
         examples=("Acme is a $2 billion market cap company.",),
         counter=("Acme reported $2 billion in revenue.", "Bitcoin tops $23,000 as market value passes a peak.")),
    _row("market_cap_asset", "market_cap_level", [MONEY],
         # "Bitcoin, now a $2 trillion asset": the asset's market value (a price is never in trillions)
         before=r"\b(?:an?|the)\s+" + _CMP,
         after=r"[-\s]+(?:crypto\s+|digital\s+)?(?:asset|cryptocurrency|coin|token)\b(?!\s+class)",
         priority=67,
         examples=("Bitcoin, now a $2 trillion asset, closed at a record on Monday.",),
         counter=("Crypto is a $2 trillion asset class.",)),
    # ------------------------------------------------------------ dollar changes
    _row("dollar_change", "dollar_change", [MONEY],
         before=r"\b(?:(?:trad(?:ed|ing)|was|were|is|are|closed|ended|shares|stock)\s+)?(?:up|down|higher|lower)"
                r"(?:\s+by)?" + r"\s*[-+]?|\b(?:gain(?:ed|s|ing)?|lost|los(?:e|es|ing)|shed|add(?:ed|s|ing))"
                r"(?:\s+(?:just|about|nearly|almost|roughly|another))?\s*",
         after=r"(?!\s*(?:per\s+share\s+)?(?:billion|million|trillion|in\s+(?:revenue|sales)))",
         priority=65,
         examples=("Acme Robotics traded down $0.55 during trading hours on Tuesday.",
                   "Shares of Acme gained $1.25 to $14.10."),
         counter=("Acme Robotics traded down to $0.55 on Tuesday.", "Acme Robotics fell 5% to $7.30.")),
    _row("dollar_change_or_percent", "dollar_change", [MONEY],
         # the wire style: the change in dollars, then in percent ("fell $1.74, or 13.4%, to $11.21")
         before=r"\b(?:rose|rise[sn]?|fell|falls?|gained|lost|dropped|climbed|jumped|slid|slipped|declined|added|"
                r"shed|advanced|tumbled|sank|surged|soared|plunged|rallied|increased|decreased)"
                r"(?:\s+(?:by|another))?\s*",
         after=r"\s*,?\s*or\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+)?[-+]?\d[\d.,]*\s?%", priority=66,
         examples=("Acme Robotics fell $1.74, or 13.4%, to $11.21.", "Shares of Acme rose $1.25, or 9%, on Monday."),
         counter=("Acme Robotics fell 13.4% to $11.21.", "Acme Robotics fell to $11.21, or 13.4% below its high.")),
    _row("dollar_change_to_level", "dollar_change", [MONEY],
         # a change in money and the level it ended at: "fell $0.04 to $0.45", "fell 4 cents to 45 cents"
         before=r"\b(?:rose|rise[sn]?|fell|falls?|gained|lost|dropped|climbed|jumped|slid|slipped|declined|added|"
                r"shed|advanced|tumbled|sank|surged|soared|plunged|rallied|increased|decreased|edged\s+(?:up|down))"
                r"(?:\s+(?:by|another|just|about|nearly|almost|roughly))?\s*",
         after=r"\s*(?:a\s+share\s+|per\s+share\s+)?,?\s*to\s+(?:about\s+|around\s+)?(?:US)?\$?\s?\d[\d.,]*"
               r"(?:\s*cents?\b)?(?!\s*(?:billion|million|trillion|%))",
         priority=64,
         examples=("Acme Robotics fell 4 cents to 45 cents on Friday.", "Shares of Acme rose $0.32 to $4.10."),
         counter=("Acme Robotics fell to 45 cents on Friday.", "Acme raised $4 million to $10 million.")),
    # ------------------------------------------------------------ bare price levels
    _row("from_level", "price_level", [MONEY],
         before=r"\bfrom(?:\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:price|level|close|open)\s+of)?" + _CMP,
         after=r"[^;.%]{0,60}?\bto\s+(?:[\w-]+\s+){0,3}?\$", priority=58,
         examples=("Acme Robotics slid 31%, from $2.82 at the end of April to $1.94 on Tuesday.",),
         counter=("Acme Robotics raised $2.82 million from investors.",)),
    _row("to_level_after_from", "price_level", [MONEY],
         before=r"\bfrom\s+(?:[\w-]+\s+){0,6}?\$[\d.,]+[^;%$]{0,60}?\bto" + _CMP, priority=58,
         examples=("Acme Robotics slid 31%, from $2.82 at the end of April to $1.94 on Tuesday.",),
         counter=("Acme Robotics slid 31% on Tuesday.",)),
    _row("move_to_level", "price_level", [MONEY],
         before=r"(?:%|\bper\s*cent|\bpercent|\bpct)\s*(?:higher|lower|up|down)?\s*,?\s*(?:to|at)" + _CMP,
         priority=60,
         examples=("Acme Robotics rallied nearly 18% to $20.67.",),
         counter=("Acme Robotics rallied nearly 18% on Monday.",)),
    _row("phase_level", "price_level", [MONEY],
         before=r"\b(?:in|during)\s+(?:pre[-\s]?market|after[-\s]?hours|extended|overnight)(?:\s+(?:trading|trade|"
                r"session))?\s*,?\s*(?:at|to|of)" + _CMP, priority=56,
         examples=("Acme Robotics was lower in after-hours at $14.22.",),
         counter=("Acme Robotics was lower on Tuesday at noon.",)),
    _row("per_unit_price", "price_level", [MONEY],
         after=rf"\s*(?:/\s*share|(?:per|a|each)\s+{_CURRENCY_NOUN}\b|-each\b)", priority=55,
         examples=("Bitcoin was at around $320 per bitcoin on Jan. 1.",
                   "Acme Robotics sold for $2.06 per share in September."),
         counter=("Acme Robotics reported earnings of $0.12 per share last quarter.",)),
    _row("traded_at", "price_level", [MONEY],
         before=_LEVEL_VERB + _TO_AT + _CMP
                + r"(?:\s*(?:a|an|its|their|the)\s+(?:[\w-]+\s+){0,2}(?:level|price|mark|threshold)\s+"
                  r"(?:of|at|near|around))?" + _BAND_PART + r"\s*",
         priority=50,
         examples=("Acme Robotics traded at $2.06 in September.", "Bitcoin briefly jumped past $28,000.",
                   "The coin was hitting $11.60 on Tuesday.", "Bitcoin nears $42K.",
                   "Bitcoin fell below the $6,000 threshold.", "Acme Robotics traded in the mid-$30s on Friday."),
         counter=("Acme Robotics reported revenue of $2.06 million.",)),
    _row("verb_words_to_level", "price_level", [MONEY],
         before=r"\b(?:" + UP_VERBS + "|" + DOWN_VERBS + r"|trad(?:ed|ing))\b(?:\s+[\w'-]+){1,5}?\s+to" + _CMP,
         priority=49,
         examples=("Acme Robotics soared past its offering price to $11.23 on Thursday.",),
         counter=("Acme Robotics soared past its offering price on Thursday.",)),
    _row("noun_past_level", "price_level", [MONEY],
         before=r"\b(?:shares|stock|cryptocurrency|coin|token|bitcoin|ether|price)\s+(?:back\s+)?"
                r"(?:below|above|under|over|past|beyond)" + _CMP, priority=48,
         examples=("A market crash pulled the largest cryptocurrency below $20,000 in early June.",),
         counter=("The cryptocurrency exchange raised $20 million in early June.",)),
    _row("price_is", "price_level", [MONEY],
         before=r"\b(?:price|value)\s+of\s+(?:[\w-]+\s+){1,3}(?:is|was|stood\s+at|hit|reached)" + _CMP,
         priority=51,
         examples=("The current price of bitcoin is around $54,000.", "The value of one coin hit $10,000."),
         counter=("The price of bitcoin rose 5% on Monday.",)),
    _row("starting_price", "price_level", [MONEY],
         before=r"\b(?:starting|ending|opening|closing|offering|current|average)\s+price\s+of" + _CMP,
         priority=52,
         examples=("Bitcoin began the quarter at a starting price of $9,225.",),
         counter=("The starting price of the new miner is unknown.",)),
    _row("index_points", "index_level", [BARE],
         before=r"(?:%|points?)\s*,?\s*(?:to|at)\s*|\bto\s+end\s+at\s*|\bclosed\s+at\s*|\bat\s*",
         after=r"(?!\s*(?:%|points?\b|a\.?m|p\.?m|GMT|UTC|ET\b|EST\b))", priority=40,
         examples=("The S&P 500 rose 25 points, or 0.9%, to 2,933.",),
         counter=("The S&P 500 rose 25 points on Tuesday.",)),
    # ------------------------------------------------------------ moves (percent)
    _row("as_much_as", "intraday_max_move", [PERCENT],
         before=r"\b(?:as\s+much\s+as|up\s+to)\s*", priority=90, fills=(("comparator", "max"),),
         examples=("Acme Robotics shares rose as much as 44% on Thursday.",),
         counter=("Acme Robotics shares rose 44% on Thursday.",)),
    # a percent right after a price of the open or of an extreme is that price's move over the previous close:
    # "opened at $5.23 (-12.9%)", "sank as low as $28,170, down 6.7% from Tuesday's close"
    _row("open_gap_of_price", "open_gap", [PERCENT],
         before=r"\bopen(?:ed|s|ing)?\s+(?:the\s+(?:day|session)\s+)?at\s+" + _PRICE_THEN_PERCENT, priority=89,
         examples=("Acme Robotics opened at $5.23 (-12.9%) and never recovered.",
                   "Acme Robotics opened at $5.23, down 12.9%, on Monday.",
                   "Acme Robotics had opened at $2.45, a 39.4% jump from Thursday's close."),
         counter=("Acme Robotics closed at $5.23 (-12.9%) on Monday.",)),
    _row("extreme_of_price", "intraday_max_move", [PERCENT],
         before=r"\b(?:as\s+(?:high|low)\s+as|(?:a|an|its|the)\s+(?:(?:session|intraday|day's|daily)\s+)?"
                r"(?:high|low|peak|trough)\s+of)\s+" + _PRICE_THEN_PERCENT, priority=89,
         fills=(("comparator", "max"),),
         examples=("Bitcoin sank as low as $28,170, down 6.7% from Tuesday's close.",
                   "Acme Robotics touched a high of $8.10 (+21%) on Monday."),
         counter=("Bitcoin sank to $28,170, down 6.7% from Tuesday's close.",)),
    _row("open_gap_opened", "open_gap", [PERCENT],
         before=r"\bopen(?:ed|s|ing)?\s+(?:(?:up|down|higher|lower)\s+)?(?:by\s+)?" + _CMP,
         priority=88,
         examples=("Acme Robotics opened up 12% on Monday.",),
         counter=("Acme Robotics closed up 12% on Monday.",)),
    _row("open_gap_gapped", "open_gap", [PERCENT],
         before=r"\bgap(?:ped|s|ping)?\s+(?:up|down|higher|lower)\s+(?:by\s+)?" + _CMP, priority=88,
         examples=("Acme Robotics gapped down 15% at the open on Monday.",),
         counter=("Acme Robotics slid 15% on Monday.",)),
    _row("extreme_erased", "intraday_max_move", [PERCENT],
         # "erased a 13% gain to close 3% lower": the gain was the session's high (a loss erased, its low)
         before=r"\b(?:eras(?:ed|es|ing|e)|wip(?:ed|es|ing|e)\s+out|gave\s+up|giv(?:es|ing|e)\s+up|reversed|"
                r"surrender(?:ed|s|ing)?|pared|erased\s+all\s+of)\s+(?:an?\s+|its\s+|their\s+|an\s+early\s+|"
                r"an\s+intraday\s+)?(?:(?:early|intraday|initial)\s+)?" + _CMP,
         after=r"[-\s]*(?:gains?|advance|rally|jump|rise|loss|drop|decline|slide|fall)\b", priority=91,
         fills=(("comparator", "max"),),
         examples=("Acme Robotics erased a 13% gain to close 3% lower on Monday.",),
         counter=("Acme Robotics extended its 13% gain on Monday.",)),
    _row("open_gap_overnight", "open_gap", [PERCENT],
         before=_MOVE + r"[^;%]{0,40}", after=r"\s*(?:higher|lower)?\s*overnight\b", priority=88,
         fills=(("session_phase", "overnight"),),
         examples=("Acme Robotics (ACME) jumped 13% overnight.",),
         counter=("Acme Robotics (ACME) jumped 13% on Monday.",)),
    # a move "at the open" is the open over the previous close ("before the open" is premarket: lexicon)
    _row("open_gap_at_the_open", "open_gap", [PERCENT],
         before=_MOVE + r"[^;%]{0,40}",
         after=r"\s*(?:higher|lower)?\s*(?:at|on)\s+the\s+(?:market\s+)?(?:open|opening\s+bell)\b", priority=88,
         examples=("Acme Robotics fell 6% at the open on Thursday.",
                   "Acme Robotics shares were up 9% at the opening bell."),
         counter=("Acme Robotics fell 6% before the open on Thursday.", "Acme Robotics fell 6% on Thursday.")),
    _row("open_gap_vs_close", "open_gap", [PERCENT],
         before=r"\bopen(?:ed|ing|s)?\b[^;%]{0,70}",
         after=r"\s*(?:(?:lower|higher)\s+than|below|above|from)\s+(?:the\s+)?(?:[\w';]+\s+){0,3}?close\b",
         priority=87,
         examples=("The stock opened at $5.23, falling 17% from market close on Monday.",
                   "Monday's open in the Acme shares was 7.4% lower than Friday's close."),
         counter=("The stock fell 17% from Monday's close.",)),
    _row("from_named_low_after", "period_return", [PERCENT],
         before=_MOVE + r"[^;%]{0,40}",
         after=r"\s*from\s+(?:its|their|the|a)\s+(?:[\w-]+\s+){0,3}?lows?\b", priority=85,
         fills=(("reference", "low"), ("direction", "up")),
         examples=("Acme Robotics rallied some 140% from its October 2022 low before the selloff.",
                   "The Nasdaq Composite climbed 31% from the lows of late April."),
         counter=("Acme Robotics fell 14% from its record high.", "Acme Robotics rallied 14% on Tuesday.")),
    _row("from_named_low_before", "period_return", [PERCENT],
         before=r"\bfrom\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,3}?lows?\b[^;.]{0,90}?\b(?:up|higher|gained|"
                r"rallied|risen|climbed|rebounded|advanced)\b[^;]{0,25}",
         priority=85, fills=(("reference", "low"), ("direction", "up")),
         examples=("From their lows in early March, both indexes are up 12% and 19%.",),
         counter=("From Monday's open, Acme Robotics is up 12%.",)),
    _row("off_record", "off_high", [PERCENT],
         after=r"\s*(?:below|off|from|under|short\s+of)\s+(?:its|the|their|a|that)\s+(?:[\w.'-]+\s+){0,4}?"
               r"(?:record|all-time|peak)", priority=86,
         fills=(("reference", "record"), ("direction", "down")),
         examples=("Bitcoin is down roughly 9% from its record high.",
                   "The index remains about 6% below its all-time closing high."),
         counter=("Bitcoin is down roughly 9% from Monday.",)),
    _row("off_week52_high", "off_high", [PERCENT],
         after=rf"\s*(?:below|off|from|under)\s+(?:its|the|their|a)\s+{_W52}\s+high",
         priority=86, fills=(("reference", "week52_high"), ("direction", "down")),
         examples=("Acme Robotics trades 40% below its 52-week high.",),
         counter=("Acme Robotics trades 40% below its offering price.",)),
    _row("off_high", "off_high", [PERCENT],
         after=r"\s*(?:below|off|from|under)\s+(?:its|the|their|a|that)\s+(?:[\w.'-]+\s+){0,2}?"
               r"(?:high|highs|level|peak)\b", priority=84,
         fills=(("reference", "period_high"), ("direction", "down")),
         examples=("The index is now about 29% below that level.",),
         counter=("The index is now about 29% above that level.",)),
    _row("yearly_gain", "move", [PERCENT],
         after=r"\s*(?:yearly|annual)\s+(?:gains?|loss(?:es)?|returns?|increase|decline)",
         priority=70, fills=(("period", "P1Y"),),
         examples=("Bitcoin is trading near its peak, with over 53% yearly gains.",),
         counter=("Bitcoin is trading near its peak, with 53% of supply held long term.",)),
    _row("quote_widget", "move", [PERCENT],
         before=r"\(\s*(?:[A-Z]{2,6}:)?[A-Z]{1,5}(?:\.[A-Z])?\s+[-+]?", after=r"\s*\)",
         priority=70, fills=(("snapshot", "quote"),),
         examples=("Acme Robotics (ACME 9.38%) reported results.",),
         counter=("Acme Robotics (ACME) reported 9.38% growth in sales.",)),
    _row("widget_close", "price_level", [MONEY],
         after=r"\s+[-+][\d.,]+\s*\(\s*[-+]?[\d.,]+\s*%\s*\)\s*(?:\n\s*)?(?:closing\s+price|at\s+close|close)\b",
         priority=76, fills=(("price_field", "close"),),
         examples=("Acme Robotics (ACME) $0.68 -0.08 (-10.36%) Closing price 05/21/2025 04:00 PM Eastern",),
         counter=("Acme Robotics (ACME) $0.70 +0.01 (+1.67%) in extended trading",)),
    _row("widget_quote", "price_level", [MONEY],
         after=r"\s+[-+][\d.,]+\s*\(\s*[-+]?[\d.,]+\s*%\s*\)", priority=57,
         fills=(("snapshot", "quote"),),
         examples=("Acme Robotics (ACME) $0.70 +0.01 (+1.67%) in extended trading",),
         counter=("Acme Robotics (ACME) rose to $0.70 on Tuesday.",)),
    _row("labelled_change", "move", [PERCENT],
         # a crypto note's data line: "BTC/USD 24h change: -3.0%" (the sign gives the direction)
         before=r"\b(?:(?:24\s?-?\s?h(?:our)?s?|daily|day's|weekly|7d)\s+)?(?:price\s+)?change\s*:\s*[-+]?",
         priority=60, fills=(("snapshot", "quote"),),
         examples=("BTC/USD 24h change: -3.0%.",),
         counter=("The change in revenue was 3%.",)),
    _row("movers_list", "move", [PERCENT],
         # a movers list's line: "Hut 8 (HUT): +19.9%", "- Hut 8 (HUT) +19.9%", "- HUT +19.9%" at the start of
         # a line (the sign gives the direction)
         before=r"(?:\(\s*(?:[A-Z]{2,6}:\s*)?[A-Z]{1,5}(?:\.[A-Z])?\s*\)\s*:?|(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?"
                r"[A-Z]{1,5}(?:\.[A-Z])?[ \t]*:?)[ \t]*[-+\u2212]", priority=61,
         examples=("Hut 8 (HUT): +19.9%", "- Hut 8 (HUT) +19.9%", "- HUT +19.9%", "HUT: -3.1%"),
         counter=("Hut 8 (HUT) said 19.9% of its fleet was idle.", "- HUT said 19.9% of its fleet was idle.")),
    _row("signed_widget", "move", [PERCENT],
         before=r"\(\s*[-+]", after=r"\s*\)", priority=60, fills=(("snapshot", "quote"),),
         examples=("Acme Robotics climbed to $2.21/share (+9.41%) on Tuesday.",),
         counter=("Acme Robotics climbed to $2.21/share (9.41% of its range) on Tuesday.",)),
    # "opened 17% lower and lost an additional 4.6% in the hour after the open": a move beyond the
    # opening gap, measured from the open.
    _row("move_beyond_open", "move", [PERCENT],
         before=_MOVE + r"\s+(?:by\s+)?(?:an?\s+additional|another|a\s+further)\s*",
         after=r"[^.;%]{0,60}?\b(?:after|since|from)\s+(?:the\s+)?(?:market\s+|opening\s+)?(?:open|opening\s+bell)\b",
         priority=62, fills=(("reference", "open"),),
         examples=("Acme Robotics opened 6% lower and shed another 3.5% in the first hour after the open.",),
         counter=("Acme Robotics shed another 3.5% on Friday.", "Acme Robotics shed 3.5% after the open.")),
    _row("move_verb", "move", [PERCENT],
         before=_MOVE + r"[^;]{0,80}", priority=50,
         examples=("Acme Robotics shares fell 7.8% on Tuesday.", "Bitcoin has lost more than 40% this year.",
                   "The S&P 500 rose 25 points, or 0.9%."),
         counter=("Inflation was 5% last year.",)),
    _row("move_direction_after", "move", [PERCENT],
         after=r"\s*(?:higher|lower|up|down)\b(?!\s+(?:from|to)\b)", priority=50,
         examples=("Acme Robotics closed 2.3% higher on Friday.",),
         counter=("Acme Robotics holds a 2.3% stake.",)),
    _row("move_noun_after", "move", [PERCENT],
         after=rf"\s*(?:[\w-]+\s+)?(?:{UP_NOUNS}|{DOWN_NOUNS})\b", priority=55,
         examples=("Acme Robotics shares posted a 14.27% intraday jump on Tuesday.",
                   "The index fell into a nearly 57% drop during the bear market."),
         counter=("Acme Robotics owns 14% of the joint venture.",)),
    _row("move_noun_before", "move", [PERCENT],
         before=rf"\b(?:{RETURN_NOUNS})\s+(?:of|to|at|down\s+to|up\s+to)" + _CMP, priority=55,
         examples=("The stock recorded an increase of nearly 90% that week.",
                   "The S&P 500 extended its year-to-date gain to 14.8%."),
         counter=("Revenue rose to $14.8 million.",)),
), key=lambda row: -row.priority))


def unit_group(unit: str) -> str:
    """The row unit group of a number's unit ('usd' -> 'money', 'percent', '' -> 'bare')."""
    if unit == "percent":
        return PERCENT
    return BARE if unit == "" else MONEY


def match_pattern(unit: str, before: str, after: str) -> ClaimPattern | None:
    """The highest-priority row matching a number of ``unit`` between ``before`` and ``after``."""
    group = unit_group(unit)
    before = before[-WINDOW:]
    after = after[:AFTER_WINDOW]
    for row in PATTERNS:
        if row.matches(group, before, after):
            return row
    return None


# Direction words used by the resolvers (kept here so rows and resolvers agree).
UP_WORD = re.compile(rf"\b(?:{UP_VERBS}|{UP_NOUNS})\b", re.IGNORECASE)
DOWN_WORD = re.compile(rf"\b(?:{DOWN_VERBS}|{DOWN_NOUNS})\b", re.IGNORECASE)
