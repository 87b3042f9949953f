"""Who a sentence is about: registry names, unknown companies and anaphora.

* Registry aliases (see :mod:`fintrack.news.registry`) give a ticker.
* Capitalised names ending in a company word ('Acme Mining Corp.', 'Foo
  Holdings') or marked as listed ('Shares of Foo', "Foo's stock", 'Foo
  shares') are companies the registry does not know: kept by name with ticker
  ''. A symbol the text gives ('Foo Inc. (NASDAQ: FOO)') becomes the ticker.
* "the company", "the firm", "the mining machine maker", "its shares" refer to
  the article's main company: the registry equity mentioned most often (ties:
  the first mentioned). Without a main company they are not mentions.
* "the coin", "the token", "the cryptocurrency" refer to the article's main
  crypto asset (the one mentioned most often).
* A crypto name used as a modifier ("bitcoin mining machines", "bitcoin
  miners") names an industry, not the asset, and is dropped.
"""
from __future__ import annotations

import re
from collections import Counter

from fintrack.news.lexicon import ASSET_ANAPHORA, COMPANY_ANAPHORA, DOWN_VERBS, INDEX_ANAPHORA, UP_VERBS
from fintrack.news.registry import Entity, Mention, TickerRegistry
from fintrack.news.spans import Occupied

_COMPANY_SUFFIX = (r"Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|plc|PLC|AG|SA|NV|"
                   r"Group|Holdings|Technologies|Mining|Digital|Capital|Partners|Platforms|Systems")
# Names start only where a word starts (not inside "A-A-A-...") and their words are
# bounded in length, so a pattern never retries a long token from each of its letters.
_UNKNOWN_COMPANY = re.compile(
    r"(?<![\w&'.’-])(?P<name>(?:[A-Z][\w&'-]{0,40}[^\S\n]+){1,4}(?:" + _COMPANY_SUFFIX + r"))(?![\w])")
# (a name's words never run across a line break: a headline's last words are not the name of the body's first)
_NAME = r"(?<![\w&.'’-])[A-Z][\w&.'’-]{0,40}(?:[^\S\n]+(?:[A-Z][\w&.'’-]{0,40}|\d+)){0,3}"
# Names the text marks as listed companies: "Shares of X", "X's stock", "X shares",
# "X (NASDAQ: XYZ)"; the symbol in parentheses is used as the ticker.
_LISTED_COMPANY = re.compile(
    r"\b[Ss]hares\s+of\s+(?P<a>" + _NAME + r")"
    r"|(?P<b>" + _NAME + r")(?:'s|’s)\s+(?:stock|shares|share\s+price|market\s+(?:cap\w*|value)|valuation)\b"
    r"|(?P<c>" + _NAME + r")\s+(?:shares|stock)\b"
    r"|(?P<e>" + _NAME + r")\s+(?:jumped|rose|soared|surged|gained|climbed|rallied|spiked|fell|dropped|slumped|"
    r"plunged|tumbled|declined|sank|slid|slipped|lost|traded|closed|opened|added|shed|skyrocketed)\b"
    r"|(?P<d>" + _NAME + r"),?\s*\((?:(?:NASDAQ|Nasdaq|NYSE|NYSE\s+American|AMEX|TSX|TSXV|OTC|HKEX|LSE)\s*:\s*)?"
    r"(?P<sym>[A-Z]{1,5}(?:\.[A-Z])?)\)")
_NOT_NAMES = {"The", "A", "An", "And", "But", "As", "In", "On", "Its", "Their", "Our", "His", "Her",
              "Shares", "Stock", "Stocks", "ADSs", "ADRs", "ADS", "ADR",
              "Investors", "Analysts", "It", "This", "That", "Those",
              "These", "Some", "Many", "Most", "Other", "While", "After", "Before", "When", "If",
              "Meanwhile", "However", "Also", "Both", "All", "Company", "Watch", "Read", "Markets",
              "Previously", "Since", "During", "Over", "Prices", "Price", "Traders", "Crypto", "Tech",
              "Oil", "Gold", "Silver", "Futures", "Treasury", "Treasuries", "Yields", "Equities", "Bonds",
              "Wall", "Street", "Europe", "European", "Asia", "Asian", "US", "U.S.", "China", "Japan",
              "Index", "Indexes", "Indices", "Revenue", "Sales", "Profit", "Earnings", "Volume", "Demand",
              "Supply", "Mining", "Bitcoin", "Cryptocurrency", "Cryptocurrencies", "Token", "Tokens",
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Then", "Now",
              "Today", "Yesterday", "He", "She", "They", "We", "Which", "What", "Who", "Why", "How",
              "Where", "Can", "Could", "Will", "Would", "Should", "May", "Might", "Must", "Does", "Did",
              "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Here", "There", "See", "Chart",
              # economic and market nouns that start sentences like names ("Inflation rose")
              "Inflation", "Unemployment", "Consumer", "Retail", "Home", "Housing", "Exports", "Imports",
              "Production", "Output", "Hashrate", "Hash", "Difficulty", "Activity", "Trading", "Open",
              "Funding", "Rates", "Rate", "Spending", "Growth", "GDP", "CPI", "PPI", "Payrolls", "Jobs",
              "Volatility", "Liquidity", "Inflows", "Outflows", "Net", "Total", "Gross", "Operating",
              "Quarterly", "Annual", "Monthly", "Weekly", "Daily", "Global", "World", "Emerging", "Markets",
              "Market", "Benchmark", "Dollar", "Euro", "Yen", "Yuan", "Copper", "Crude", "Brent", "Natural",
              "Bond", "Stablecoin", "Stablecoins", "Altcoins", "Memecoins", "Ether", "Both", "Each", "Several"}
# First words too generic to stand for a company on their own ("Digital Holdings").
_COMMON_FIRST_WORDS = {"digital", "global", "first", "united", "national", "american", "general",
                       "international", "new", "china", "chinese", "bitcoin", "crypto", "mining",
                       "capital", "group", "north", "south", "east", "west", "asia", "euro", "bank",
                       "january", "february", "march", "april", "june", "july", "august", "september",
                       "october", "november", "december", "monday", "tuesday", "wednesday",
                       "thursday", "friday", "saturday", "sunday"}
_SYMBOL = re.compile(r"\s*,?\s*\((?:(?:NASDAQ|Nasdaq|NYSE|NYSE\s+American|AMEX|TSX|TSXV|OTC|HKEX|LSE)\s*:\s*)?"
                     r"(?P<sym>[A-Z]{1,5}(?:\.[A-Z])?)\)")
_AFTER_PREPOSITION = re.compile(r"\b(?:from|to|with|by|for|of|at|into|than|on|about|over|against)\s+$",
                                re.IGNORECASE)
_ANAPHORA = re.compile(rf"\b(?:{COMPANY_ANAPHORA})\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE)
_ASSET_ANAPHORA = re.compile(
    rf"\b(?:{ASSET_ANAPHORA})\b(?!\s+(?:market|industry|sector|exchange|miners?|mining|stocks?|companies|firms))",
    re.IGNORECASE)
_INDEX_ANAPHORA = re.compile(
    rf"\b(?:{INDEX_ANAPHORA})\b(?!\s+(?:funds?|futures|options|providers?|inclusion|rebalanc\w*|(?-i:[A-Z])))",
    re.IGNORECASE)
#: The market of all coins together ("the total crypto market capitalization", "the global cryptocurrency market
#: cap", "the crypto market as a whole"): a subject of its own, with no price file, so a figure of it is never
#: read as the coin named before it ("Bitcoin added 3%. The total crypto market cap stands at $3.3 trillion.").
_CRYPTO_MARKET = re.compile(
    r"\b(?:(?:total|overall|global|entire|whole|combined|broader|wider)\s+)?(?:crypto(?:currency)?|digital[- ]asset)s?"
    r"\s+market(?:s|'s|’s)?(?:\s+as\s+a\s+whole)?"
    rf"(?=\s+(?:cap\b|capitali[sz]ation|value|valuation)|\s+(?:is|was|has|had|stands|stood|sits|hit|reached|"
    rf"{UP_VERBS}|{DOWN_VERBS})\b)", re.IGNORECASE)
#: A group of stocks ("crypto stocks", "bitcoin miners", "mining shares", "tech stocks"): the subject of its own
#: figure, which is no one company's ("Riot fell 2%. Crypto stocks rose 5%": not Riot's 5%); not after "other" or
#: "fellow" ("Riot and other miners rose 5%" keeps the figure with Riot).
_SECTOR = re.compile(
    r"(?<!\bother\s)(?<!\bfellow\s)\b(?:crypto(?:currency)?|bitcoin|blockchain|digital[- ]asset|mining|tech(?:nology)?|"
    r"chip|semiconductor|bank(?:ing)?|energy|growth|meme|small[- ]cap|large[- ]cap|mega[- ]cap)"
    r"(?:[- ](?:related|linked|exposed|focused))?\s+(?:stocks|shares|equities|names|miners|companies)\b", re.IGNORECASE)
#: An exchange's bare name, which after "on" is where a stock trades ("shares on the Nasdaq"), not an index.
_VENUE_NAME = re.compile(r"(?:the\s+)?(?:Nasdaq|NASDAQ)", re.IGNORECASE)
_ON_VENUE = re.compile(r"\b(?:on|onto)\s+(?:the\s+)?$", re.IGNORECASE)
_MODIFIER_USE = re.compile(r"\s+(?:mining|miners?|machines?|industry|sector|companies|firms|stocks?)\b",
                           re.IGNORECASE)
_SENTENCE_START_WORDS = {"The", "A", "An", "And", "But", "As", "In", "On", "Watch", "Read", "Markets"}


def main_company(text: str, registry: TickerRegistry) -> tuple[str, str]:
    """(ticker, name) of the company mentioned most often in ``text``; ('', '') if none.

    Registry equities and companies the registry does not know (see
    :func:`article_registry`) both count; ties go to the first mentioned.
    The name is the one the article first writes ("Riot").
    """
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for mention in registry.find(text):
        if mention.kind in ("equity", "index_proxy"):  # an ETF is the "stock" of a note about it
            key = mention.ticker or mention.name
            counts[key] += 1
            first.setdefault(key, mention)
    if not counts:
        return "", ""
    best = min(counts, key=lambda k: (-counts[k], first[k].start))
    return first[best].ticker, first[best].name


def article_registry(text: str, registry: TickerRegistry) -> TickerRegistry:
    """``registry`` plus the companies of ``text`` that it does not know.

    Each unknown company ("Northwind Exchange Inc.", given the symbol NWEX in
    the text or not) is added under its full name and its first word
    ("Northwind"), matched with exact capitalisation, so later short mentions
    count for it.
    """
    extra: dict[str, Entity] = {}
    for mention in find_mentions(text, registry):
        known = mention.ticker and registry.get(mention.ticker)
        if mention.anaphora or known or mention.kind in ("crypto", "sector"):
            continue  # a known name, or the crypto market or a group of stocks (each sentence finds them again)
        name = mention.name.rstrip(".,")
        aliases = [mention.name, name]
        short = name.split()[0]
        if (len(short) >= 4 and short not in _NOT_NAMES and short.lower() not in _COMMON_FIRST_WORDS
                and registry.lookup(short) is None):
            aliases.append(short)
        extra.setdefault(name.lower(), Entity(mention.ticker, name, "equity", (), tuple(dict.fromkeys(aliases))))
    if not extra:
        return registry
    return TickerRegistry(registry.entities + tuple(extra.values()))


def main_asset(text: str, registry: TickerRegistry) -> tuple[str, str]:
    """(ticker, name) of the crypto asset mentioned most often in ``text``; ('', '') if none."""
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for mention in registry.find(text):
        if mention.kind == "crypto":
            counts[mention.ticker] += 1
            first.setdefault(mention.ticker, mention)
    if not counts:
        return "", ""
    best = min(counts, key=lambda k: (-counts[k], first[k].start))
    return best, first[best].name


def find_mentions(text: str, registry: TickerRegistry, main_ticker: str = "",
                  main_name: str = "", asset: tuple[str, str] = ("", ""),
                  known: list[Mention] | None = None, index: tuple[str, str] = ("", "")) -> list[Mention]:
    """Mentions in ``text`` (a sentence), in order: registry names, unknown companies, anaphora.

    ``asset`` (ticker, name) is what "the coin", "the token" refer to; ``index`` (ticker, name),
    the stock index named last before, is what "the index", "the broad-market index" refer to.
    ``known``: the registry mentions of ``text`` when the caller found them
    already (over the whole article, once), with offsets in ``text``.
    """
    mentions = []
    for mention in (registry.find(text) if known is None else known):
        if mention.kind == "crypto" and _MODIFIER_USE.match(text, mention.end):
            continue
        if mention.kind == "index" and _VENUE_NAME.fullmatch(mention.name) and \
                _ON_VENUE.search(text, max(0, mention.start - 12), mention.start):
            continue  # "Riot shares on the Nasdaq fell 9%": the exchange they trade on, not its index
        mentions.append(mention)
    taken = Occupied(len(text), [(m.start, m.end) for m in mentions])
    for pattern, kind in ((_CRYPTO_MARKET, "crypto"), (_SECTOR, "sector")):  # subjects with no price file
        for m in pattern.finditer(text):
            if taken.free(m.start(), m.end()):
                mentions.append(Mention("", m.group(), m.start(), m.end(), kind))
                taken.take(m.start(), m.end())
    for m in _UNKNOWN_COMPANY.finditer(text):
        name = m.group("name")
        words = name.split()
        while words and words[0] in _SENTENCE_START_WORDS:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        start = m.end() - len(name)
        if not taken.free(start, m.end()):
            continue
        entity = registry.lookup(name)
        mentions.append(Mention(entity.ticker if entity else "", name, start, m.end(),
                                entity.kind if entity else "equity"))
        taken.take(start, m.end())
    for m in _LISTED_COMPANY.finditer(text):
        group = next(g for g in "abcde" if m.group(g))
        words = m.group(group).split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if not words:
            continue
        name = " ".join(words)
        start = m.start(group) + m.group(group).index(words[0])
        end = start + len(name)
        if not taken.free(start, end):
            if m.group("sym"):  # "Foo Inc. (NASDAQ: FOO)": give the unknown name its symbol
                mentions = [Mention(m.group("sym"), x.name, x.start, x.end, x.kind)
                            if not x.ticker and x.start < end and start < x.end else x for x in mentions]
            continue
        entity = registry.lookup(name) or (registry.get(m.group("sym")) if m.group("sym") else None)
        ticker = entity.ticker if entity else (m.group("sym") or "")
        mentions.append(Mention(ticker, name, start, end, entity.kind if entity else "equity"))
        taken.take(start, end)
    # A symbol in parentheses right after an unknown name is its ticker.
    for i, mention in enumerate(mentions):
        symbol = _SYMBOL.match(text, mention.end)
        if symbol and not mention.ticker:
            mentions[i] = Mention(symbol.group("sym"), mention.name, mention.start, mention.end, mention.kind)
    if main_ticker or main_name:
        companies = [x for x in mentions if x.kind == "equity" and x.ticker]
        for m in _ANAPHORA.finditer(text):
            if not taken.free(m.start(), m.end()):
                continue
            # "Shares of Marathon fell 12%, after the stock edged up 0.6%", "Riot slid 15% before the miner
            # closed down 5.6%": the company this sentence named first, before it; not after a preposition
            # ("Hive ordered 6,400 machines from the company": the article's own company)
            ticker, name = next(((x.ticker, x.name) for x in companies if x.end <= m.start()
                                 and not _AFTER_PREPOSITION.search(text, max(0, m.start() - 12), m.start())),
                                (main_ticker, main_name or main_ticker))
            mentions.append(Mention(ticker, name, m.start(), m.end(), "equity", anaphora=True))
            taken.take(m.start(), m.end())
    if index[0]:
        named = [x for x in mentions if x.kind == "index"]
        for m in _INDEX_ANAPHORA.finditer(text):
            if taken.free(m.start(), m.end()):
                # the index named last before it, in this sentence or before
                ticker, name = next(((x.ticker, x.name) for x in reversed(named) if x.end <= m.start()), index)
                mentions.append(Mention(ticker, name, m.start(), m.end(), "index", anaphora=True))
                taken.take(m.start(), m.end())
    if asset[0]:
        for m in _ASSET_ANAPHORA.finditer(text):
            if taken.free(m.start(), m.end()):
                mentions.append(Mention(asset[0], asset[1], m.start(), m.end(), "crypto", anaphora=True))
    return sorted(mentions, key=lambda m: m.start)
