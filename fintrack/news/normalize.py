"""Text normalization before matching, with offsets mappable to the original.

The claim patterns (:mod:`fintrack.news.patterns`) are written against plain
ASCII punctuation. Real pages use typographic quotes, dashes, Unicode minus
signs, non-breaking and thin spaces, zero-width characters, and compact
notations. :func:`normalize` rewrites them:

================================  =========================
original                          normalized
================================  =========================
‘ ’ ‛ ′ (and “ ” „ ″)             ' (and ")
– — ‒ ― (dashes), − (minus)       -
no-break, thin, figure spaces     space
zero-width space / joiner, BOM    space
================================  =========================

Every replacement is one character for one, so offsets in the normalized text
are offsets in the original (sentence boundaries found on the original, where
curly quotes still tell an opening from a closing one, hold in both).
"pct" and "per cent" are read by :mod:`fintrack.news.numbers` as percent.

Signed amounts ("-$0.70", "+0.01 (+1.67%)") keep their sign in place: the
direction resolver reads it. Scale words ("$63.8K", "$1.2 trillion"), "70
cents" and "percent" are read by
:mod:`fintrack.news.numbers`; quote widgets ("(RIOT 9.38%)", "(NASDAQ:RIOT)")
by :mod:`fintrack.news.entities` and the pattern table. Normalization keeps
them intact so those readers see them whole.

Every character of the normalized text remembers the offset of the original
character it came from (:attr:`Normalized.origin`), so spans found in the
normalized text are reported in the original (:meth:`Normalized.span`). One
pass over the text, linear in its length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SINGLE = {"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
           "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-",
           "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
           "\u200a": " "}
_DROP = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_SPECIAL = re.compile(
    "[" + "".join(_SINGLE) + "".join(_DROP) + "]"
    )


@dataclass(frozen=True)
class Normalized:
    """Normalized ``text`` and, per character, the offset it came from in ``original``."""

    text: str
    original: str
    origin: tuple[int, ...]

    def position(self, index: int) -> int:
        """Original offset of normalized offset ``index`` (``len(text)`` maps to ``len(original)``)."""
        if index >= len(self.origin):
            return len(self.original)
        return self.origin[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalized span ``start:end``."""
        if end <= start:
            at = self.position(start)
            return at, at
        return self.position(start), self.position(end - 1) + 1


def normalize(text: str) -> Normalized:
    """``text`` with typographic characters and compact notations made plain (see module doc)."""
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _SPECIAL.finditer(text):
        start, end = m.span()
        pieces.append(text[last:start])
        origin.extend(range(last, start))
        found = m.group(0)
        if found in _DROP:
            replacement, sources = " ", [start]
        else:
            replacement, sources = _SINGLE[found], [start]
        pieces.append(replacement)
        origin.extend(sources)
        last = end
    pieces.append(text[last:])
    origin.extend(range(last, len(text)))
    return Normalized("".join(pieces), text, tuple(origin))
