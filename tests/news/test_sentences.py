"""Sentence spans, including text that lost its punctuation."""
from __future__ import annotations

from fintrack.news.sentences import MAX_DEGRADED_SENTENCE, split_sentences
from fintrack.news.spans import Occupied


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_end_at_full_stops_and_lines():
    assert texts("Riot rose 5%. Canaan fell.\nHeadline here") == ["Riot rose 5%.", "Canaan fell.", "Headline here"]


def test_abbreviations_do_not_end_sentences():
    assert texts("Mr. Zhang said on Jan. 23 that U.S. sales rose.") == [
        "Mr. Zhang said on Jan. 23 that U.S. sales rose."]


def test_bullets_are_stripped_from_spans():
    assert texts("  • Canaan jumped 37%.\n- Bitcoin rose") == ["Canaan jumped 37%.", "Bitcoin rose"]


def test_unpunctuated_text_is_cut_at_glued_quotes_and_discourse_words():
    # Where the full stop was lost, a quote is glued to the word before it.
    line = ("the firm made a profit in the quarter " * 6 + "additionally the firm sold machines"
            + "“we have preorders” the chief said " * 3)
    pieces = texts(line)
    assert any(p.startswith("additionally") for p in pieces)
    assert "“we have preorders”" in pieces


def test_a_quote_continuing_a_sentence_stays_in_it():
    line = "the chief said the turnaround was “driven by the rally” and by demand " * 5
    assert all("was “driven by the rally”" in p for p in texts(line)[:4])


def test_a_long_unpunctuated_run_is_cut_below_the_limit():
    line = "word " * 2000
    assert max(e - s for s, e in split_sentences(line)) <= MAX_DEGRADED_SENTENCE


def test_occupied_spans():
    taken = Occupied(10, [(2, 4)])
    assert taken.free(0, 2) and not taken.free(3, 6)
    taken.take(6, 8)
    assert not taken.free(7, 9) and taken.free(8, 10)
