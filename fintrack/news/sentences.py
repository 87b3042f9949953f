"""Sentence spans of an article text.

Sentences end at '.', '!' or '?' followed by a capital, a digit or a quote,
and at line breaks (headlines, bullets and captions are one line each).
Abbreviations ('Mr.', 'Inc.', 'Jan.', 'U.S.') do not end a sentence.

Text that lost its punctuation (a long line with almost no sentence marks)
is cut further at quotation marks and at discourse words that start a
sentence ('additionally', 'notably', ...), so that a claim is not tied to a
date or a company three sentences away.
"""
from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "ltd", "st", "vs", "no", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "e.g", "i.e", "a.m", "p.m", "approx", "est",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9•$])")
_DEGRADED_BOUNDARY = re.compile(
    r"(?<=\S)(?=“)|(?<=”)\s*|\s(?=(?:additionally|notably|meanwhile|however|moreover|furthermore|"
    r"looking ahead|in addition)\b)", re.IGNORECASE)
_BULLET = re.compile(r"[\s•*\-–·]+")
_DEGRADED_LINE = 300  # characters without a sentence mark before a line counts as degraded
MAX_DEGRADED_SENTENCE = 1000  # characters; a longer unpunctuated run is cut at spaces


def _is_degraded(line: str) -> bool:
    marks = len(re.findall(r"[.!?]", line))
    return len(line) > _DEGRADED_LINE and marks < len(line) / _DEGRADED_LINE


def _cut(text: str, start: int, end: int, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, last = [], start
    for m in boundary.finditer(text, start, end):
        if boundary is _BOUNDARY:
            word = re.search(r"([\w.]+)[.!?]$", text[max(start, m.start() - 20):m.start()])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
        if m.start() > last:
            spans.append((last, m.start()))
        last = m.end()
    if end > last:
        spans.append((last, end))
    return spans


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run longer than ``MAX_DEGRADED_SENTENCE`` at spaces, so no "sentence" spans a page."""
    spans = []
    while end - start > MAX_DEGRADED_SENTENCE:
        cut = text.rfind(" ", start + MAX_DEGRADED_SENTENCE // 2, start + MAX_DEGRADED_SENTENCE)
        cut = cut if cut > start else start + MAX_DEGRADED_SENTENCE
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``, without bullets or spaces."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        pieces = _cut(text, line.start(), line.end(), _BOUNDARY)
        if _is_degraded(line.group(0)):
            pieces = [p for s, e in pieces for p in _cut(text, s, e, _DEGRADED_BOUNDARY)]
            pieces = [p for s, e in pieces for p in _chunks(text, s, e)]
        for start, end in pieces:
            bullet = _BULLET.match(text, start, end)
            if bullet:
                start = bullet.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans
