"""Who a sentence is about: registry names, unknown companies and anaphora.

* Registry aliases (see :mod:`fintrack.news.registry`) give a ticker.
* Capitalised names ending in a company word ('Acme Mining Corp.', 'Foo
  Holdings') are companies the registry does not know: kept by name with
  ticker ''.
* "the company", "the firm", "the mining machine maker", "its shares" refer to
  the article's main company: the registry equity mentioned most often (ties:
  the first mentioned). Without a main company they are not mentions.
* A crypto name used as a modifier ("bitcoin mining machines", "bitcoin
  miners") names an industry, not the asset, and is dropped.
"""
from __future__ import annotations

import re
from collections import Counter

from fintrack.news.registry import Mention, TickerRegistry

_COMPANY_SUFFIX = (r"Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|plc|PLC|AG|SA|NV|"
                   r"Group|Holdings|Technologies|Mining|Digital|Capital|Partners|Platforms|Systems")
_UNKNOWN_COMPANY = re.compile(
    r"\b(?P<name>(?:[A-Z][\w&'-]*\s+){1,4}(?:" + _COMPANY_SUFFIX + r"))(?![\w])")
_ANAPHORA = re.compile(
    r"\b(?:the\s+(?:company|firm|group|(?:[\w-]+\s+){0,3}(?:maker|manufacturer|producer|miner|"
    r"company|firm|developer|supplier))|its\s+(?:stock|shares|share price))\b(?!\s+(?-i:[A-Z]))",
    re.IGNORECASE)
_MODIFIER_USE = re.compile(r"\s+(?:mining|miners?|machines?|industry|sector|companies|firms|stocks?)\b",
                           re.IGNORECASE)
_SENTENCE_START_WORDS = {"The", "A", "An", "And", "But", "As", "In", "On", "Watch", "Read", "Markets"}


def main_company(text: str, registry: TickerRegistry) -> str:
    """Ticker of the most-mentioned registry equity in ``text`` ('' if none)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for mention in registry.find(text):
        if mention.kind == "equity":
            counts[mention.ticker] += 1
            first.setdefault(mention.ticker, mention.start)
    if not counts:
        return ""
    return min(counts, key=lambda t: (-counts[t], first[t]))


def find_mentions(text: str, registry: TickerRegistry, main_ticker: str = "",
                  main_name: str = "") -> list[Mention]:
    """Mentions in ``text`` (a sentence), in order: registry names, unknown companies, anaphora."""
    mentions = []
    for mention in registry.find(text):
        if mention.kind == "crypto" and _MODIFIER_USE.match(text, mention.end):
            continue
        mentions.append(mention)
    taken = [(m.start, m.end) for m in mentions]
    for m in _UNKNOWN_COMPANY.finditer(text):
        name = m.group("name")
        words = name.split()
        while words and words[0] in _SENTENCE_START_WORDS:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        start = m.end() - len(name)
        if any(start < e and s < m.end() for s, e in taken):
            continue
        entity = registry.lookup(name)
        mentions.append(Mention(entity.ticker if entity else "", name, start, m.end(),
                                entity.kind if entity else "equity"))
        taken.append((start, m.end()))
    if main_ticker:
        for m in _ANAPHORA.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            mentions.append(Mention(main_ticker, main_name or main_ticker, m.start(), m.end(),
                                    "equity", anaphora=True))
    return sorted(mentions, key=lambda m: m.start)
