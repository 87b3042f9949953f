"""Numbers as written in news text: '1,000%', '$1 trillion', '37.13%', '6,400',
'$2.06', 'sixteen thousand dollars', and numbers that the text lost.

:func:`find_quantities` returns :class:`Quantity` records with the value in
the stated unit after applying scale words ('$1 trillion' -> 1e12 usd, scale
1e12). The unit here is what the number itself says ('percent', 'usd' or '');
the claim rules decide the contextual units ('usd_per_share', 'units').

Degraded text (digits stripped, as in a copy that lost its numbers) leaves
gaps where numbers were: "a net income of  from  million". Such gaps come
back as quantities with ``value`` NaN and ``missing`` True, so a claim can be
kept without inventing its number.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from fintrack.news.lexicon import WORD_NUMBERS
from fintrack.news.spans import Occupied

SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "mil": 1e6, "mill": 1e6, "bil": 1e9, "bln": 1e9,  # "$1.0 Bil" in auto-generated notes
}
_WORD_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = {k: v for k, v in WORD_NUMBERS.items() if k not in ("a", "an")} | {
    "zero": 0, "seventy": 70, "eighty": 80}


@dataclass(frozen=True)
class Quantity:
    """A number found in text; ``value`` is NaN when the text lost it."""

    value: float
    value_text: str
    decimals: int
    unit: str
    scale: float
    start: int
    end: int
    missing: bool = False


_SCALE_RE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bn|mn|tn|bil|bln|mill?)\b|(?P<short>[kmb]n?)\b)"
_NUMERIC = re.compile(
    r"(?P<cur>US\$|HK\$|C\$|A\$|S\$|\$|USD\s?|RMB\s?|CNY\s?|EUR\s?|GBP\s?|€|£)?\s?"
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w,.]*\d)"
    # "52-week", "10-year", "16-month low": a compound adjective, not a quantity ("$1.19-each" and
    # "$123,855-but" are numbers)
    r"(?!-(?:week|month|year|day|hour|minute|second|session|fold|time|times|plus|point|percent|share|"
    r"inch|foot|feet|mile|member|page|person|story|game|bit|core|nanometer|nm|for|to|of|and|or|cent)s?\b)"
    + _SCALE_RE + r"?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b|pct\b))?"
    r"(?P<dollars>\s+(?:(?:US|U\.S\.)\s+)?dollars\b|\s+USD\b|\s+(?:yuan|renminbi)\b|\s+euros?\b"
    r"|\s+pounds\s+sterling\b)?"
    r"(?P<cents>\s*(?:cents?\b|¢))?",
    re.IGNORECASE,
)
_WORD_TOKEN = r"(?:" + "|".join(sorted(_NUMBER_WORDS | _WORD_SCALES, key=len, reverse=True)) + r")"
_WORDS = re.compile(
    r"\b(?P<words>(?:an?\s+(?=hundred|thousand|million|billion|trillion))?"
    + _WORD_TOKEN + r"(?:(?:[\s-]+|\s+and\s+)" + _WORD_TOKEN + r")*)\b"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?(?P<dollars>\s+(?:US\s+)?dollars\b)?",
    re.IGNORECASE,
)
# A gap of two or more spaces between words where a number-taking word
# precedes it or a unit/scale word follows it.
_GAP = re.compile(r"(?<=[a-z’'])(?P<gap> {2,})(?=[a-z%$])", re.IGNORECASE)
_BEFORE_GAP = re.compile(
    r"\b(?:of|to|nearly|almost|some|about|around|up|down|by|worth|from|than|totaling|totalling|"
    r"roughly|approximately|just|over|under|reported|sold|notably|increased|decreased|rose|fell|"
    r"jumped|gained|lost|at)$", re.IGNORECASE)
_LOST_DATE = re.compile(
    r"\b(?:quarter|period|half|year|month|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|fiscal)\s+of$|\b(?:in|since|fiscal|during)$", re.IGNORECASE)
_AFTER_GAP = re.compile(
    r"^(?P<unit>percent|per cent|%|thousand|million|billion|trillion|terahashes|units|machines|"
    r"miners|shares|orders)\b", re.IGNORECASE)


# A share of a price written as a fraction after a comparator or a verb of losing: "losses to more than
# half", "lost almost a third of its value" (percent). Not "half an hour", "half of the year".
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
              "one quarter": 25.0, "three quarters": 75.0}
_FRACTION = re.compile(
    r"\b(?:(?:more|less)\s+than|nearly|almost|about|roughly|around|over|under|some|just\s+(?:over|under)|"
    r"lost|los(?:e|es|ing)|shed(?:ding|s)?|wiped\s+out)\s+(?P<word>half|(?:a|one)\s+third|two[-\s]thirds|"
    r"(?:a|one)\s+quarter|three[-\s]quarters)\b"
    r"(?!\s+(?:an?\s+)?(?:hours?|days?|points?|percentage|century|decade|dozen|(?:the|this|last|next)\s+"
    r"(?:year|month|session|day|week|quarter|decade|century)\b|(?:19|20)\d\d)"
    # "half of" only of a value or a price ("more than half of its value"), not "half of analysts"
    r"|\s+of\b(?!\s+(?:its|their|the)\s+(?:[\w'’-]+\s+)?(?:value|worth|price|market\s+(?:value|cap\w*))\b))",
    re.IGNORECASE)


def _decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def parse_number_words(words: str) -> float | None:
    """'sixteen thousand' -> 16000.0, 'thirty-seven' -> 37.0, 'a million' -> 1e6."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens:
        return None
    total, current = 0.0, 0.0
    seen_number = False
    for i, token in enumerate(tokens):
        if token in ("a", "an") and i == 0 and len(tokens) > 1 and tokens[1] in _WORD_SCALES:
            current, seen_number = 1.0, True
        elif token in _NUMBER_WORDS:
            current += _NUMBER_WORDS[token]
            seen_number = True
        elif token == "hundred":
            current = (current or 1.0) * 100
        elif token in _WORD_SCALES:
            if not seen_number:
                return None
            total += (current or 1.0) * _WORD_SCALES[token]
            current = 0.0
        else:
            return None
    return total + current if seen_number else None


#: Currency markers -> unit; dollars without a country are US dollars.
CURRENCIES: dict[str, str] = {
    "$": "usd", "us$": "usd", "usd": "usd", "dollars": "usd", "hk$": "hkd", "c$": "cad", "a$": "aud",
    "s$": "sgd", "rmb": "cny", "cny": "cny", "yuan": "cny", "renminbi": "cny", "eur": "eur", "€": "eur",
    "euro": "eur", "euros": "eur", "gbp": "gbp", "£": "gbp", "pounds sterling": "gbp",
}
MONEY_UNITS = frozenset(CURRENCIES.values())


def _unit(match: re.Match[str]) -> str:
    if match.group("pct"):
        return "percent"
    marker = match.groupdict().get("cur") or match.group("dollars") or ""
    marker = re.sub(r"\s+", " ", marker.strip().lower())
    marker = re.sub(r"^(?:us|u\.s\.) dollars$", "dollars", marker)
    return CURRENCIES.get(marker, "")


def find_quantities(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Numbers in ``text``, in order, skipping spans in ``exclude`` (dates, times)."""
    taken = Occupied(len(text), list(exclude or []))
    found: list[Quantity] = []
    free = taken.free

    for m in _NUMERIC.finditer(text):
        start = m.start("cur") if m.group("cur") else m.start("num")
        end = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if not free(m.start("num"), m.end("num")):
            continue
        digits = m.group("num").replace(",", "")
        scale_word = (m.group("scale") or m.group("short") or "").lower()
        # "5m" is 5 million only after a currency sign; "5 b" or "A1246" are not numbers.
        if m.group("short") and not m.group("cur"):
            scale_word = ""
            end = m.end("num")
        scale = SCALES.get(scale_word, 1.0)
        value, unit, decimals = float(digits) * scale, _unit(m), _decimals(digits)
        if m.group("cents") and not m.groupdict().get("cur") and not m.group("pct"):
            # "12 cents" is $0.12, as precise as a price in whole cents (to half a cent, not to half a dollar)
            value, unit, decimals = round(value / 100, 10), "usd", decimals + 2
        found.append(Quantity(value, text[start:end], decimals, unit, scale, start, end))
        taken.take(start, end)
    for m in _WORDS.finditer(text):
        words = m.group("words")
        has_scale = re.search(r"hundred|thousand|million|billion|trillion", words, re.I)
        # A lone "one" or "six" is rarely a claim; words count only with a unit or a scale.
        if not (has_scale or m.group("pct") or m.group("dollars")):
            continue
        if not free(m.start(), m.end()):
            continue
        value = parse_number_words(words)
        if value is None:
            continue
        scale = 1.0
        for word, factor in _WORD_SCALES.items():
            if re.search(rf"\b{word}\b", words, re.I) and factor > 100:
                scale = max(scale, factor)
        end = m.end()
        found.append(Quantity(value, text[m.start():end].strip(), 0, _unit(m), scale, m.start(), end))
        taken.take(m.start(), end)
    for m in _FRACTION.finditer(text):
        if not free(m.start("word"), m.end("word")):
            continue
        word = re.sub(r"[\s-]+", " ", m.group("word").lower())
        found.append(Quantity(_FRACTIONS[word], m.group("word"), 0, "percent", 1.0, m.start("word"), m.end("word")))
        taken.take(m.start("word"), m.end("word"))
    for m in _GAP.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        after = text[m.end():m.end() + 30]
        unit_match = _AFTER_GAP.match(after)
        if not (_BEFORE_GAP.search(before) or unit_match):
            continue
        if _LOST_DATE.search(before) and not unit_match:
            continue  # "the first quarter of  compared...": a lost year, not a figure
        if not free(m.start(), m.end()):
            continue
        unit_word = unit_match.group("unit").lower() if unit_match else ""
        unit = "percent" if unit_word in ("percent", "per cent", "%") else ""
        scale = SCALES.get(unit_word, 1.0)
        found.append(Quantity(math.nan, "", -1, unit, scale, m.start(), m.end(), missing=True))
    return sorted(found, key=lambda q: q.start)
