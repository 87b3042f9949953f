"""HTML pages through trafilatura (the ``html`` extra, installed with ``test``).

The fixture page was written for these tests: navigation, footer and a script
around one article, with its metadata in meta tags.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from fintrack.news import extract, load_article

PAGE = Path(__file__).parent / "fixtures" / "riot-jumps.html"


def test_html_page_gives_the_article_text_without_navigation_footer_or_script():
    article = load_article(PAGE)
    assert article.text.startswith("Riot shares jump as bitcoin rallies")
    assert "Shares of Riot Blockchain jumped as much as 9% on Tuesday" in article.text
    for boilerplate in ("Home", "Subscribe to our newsletter", "tracking"):
        assert boilerplate not in article.text


def test_html_metadata_comes_from_the_meta_tags_with_the_time_of_day():
    article = load_article(PAGE)
    assert (article.title, article.source, article.url) == (
        "Riot shares jump as bitcoin rallies", "Example News", "https://example.com/markets/riot-jumps")
    assert article.published == dt.date(2022, 3, 29)
    assert article.published_time == "14:05"  # -04:00: New York daylight time, during the session


def test_html_claims_resolve_against_the_pages_publication_date():
    claims = extract(PAGE).claims.set_index("value_text")
    assert (claims.at["9%", "subject"], claims.at["9%", "metric"], claims.at["9%", "date"]) == (
        "RIOT", "intraday_max_move", "2022-03-29")
    assert (claims.at["40%", "metric"], claims.at["40%", "period"], claims.at["40%", "date"]) == (
        "period_return", "P1M", "2022-02-28")


def test_without_trafilatura_an_html_page_says_which_extra_to_install(monkeypatch):
    import sys

    import pytest

    from fintrack.errors import InputError

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    with pytest.raises(InputError, match=r"riot-jumps.html: reading HTML needs trafilatura: pip install fintrack\[html\]"):
        load_article(PAGE)


def test_a_broken_trafilatura_install_names_the_failing_import(monkeypatch):
    """As seen in CI: lxml 5.2+ without lxml_html_clean breaks trafilatura's import."""
    import importlib.abc
    import sys

    import pytest

    from fintrack.errors import InputError

    class BrokenDependency(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "trafilatura":
                raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.",
                                  name="lxml.html.clean")
            return None

    monkeypatch.delitem(sys.modules, "trafilatura", raising=False)
    monkeypatch.setattr(sys, "meta_path", [BrokenDependency(), *sys.meta_path])
    with pytest.raises(InputError, match=r"trafilatura failed to import \(lxml.html.clean module is now a "
                                         r"separate project lxml_html_clean.\); pip install 'fintrack\[html\]'"):
        load_article(PAGE)
