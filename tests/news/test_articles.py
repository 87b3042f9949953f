"""Loading articles and their metadata; malformed files are one-line errors."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from fintrack.errors import InputError, MalformedFileError
from fintrack.news import load_article
from fintrack.news.articles import MAX_ARTICLE_BYTES, parse_published

FIXTURES = Path(__file__).parent / "fixtures"


def test_front_matter_gives_metadata_and_is_not_article_text():
    article = load_article(FIXTURES / "miners-slide.md")
    assert article.article_id == "miners-slide"
    assert article.title == "Bitcoin miners slide as the token retreats"
    assert article.source == "Fintrack Test Wire"
    assert article.url == "https://example.com/miners-slide"
    assert (article.published, article.published_time, article.timezone) == (
        dt.date(2022, 11, 16), "16:30", "America/New_York")
    assert not article.text.startswith("---")


def test_sidecar_csv_beside_the_article_is_read_by_default():
    article = load_article(FIXTURES / "sidecar" / "hive-order.txt")
    assert (article.article_id, article.published) == ("sidecar-hive-order", dt.date(2023, 1, 25))
    assert article.title == "Hive Blockchain orders miners"


def test_shared_articles_csv(shared_articles_dir):
    bi = load_article(shared_articles_dir / "businessinsider-canaan-37pct.txt")
    assert (bi.article_id, bi.source, bi.published) == (
        "bi-2021-03-09-canaan-37pct", "Business Insider", dt.date(2021, 3, 9))
    assert bi.url.startswith("https://businessinsider.nl/")
    coindesk = load_article(shared_articles_dir / "coindesk-canaan-q1-profit.txt")
    assert coindesk.published is None


def test_published_argument_overrides_the_file(shared_articles_dir):
    article = load_article(shared_articles_dir / "coindesk-canaan-q1-profit.txt", published="2021-05-12")
    assert article.published == dt.date(2021, 5, 12)


def test_explicit_metadata_csv(tmp_path):
    (tmp_path / "a.txt").write_text("Some text about Riot.")
    meta = tmp_path / "meta.csv"
    meta.write_text("id,file,source,url,published\nx1,a.txt,Wire,https://e.com,2020-01-02\n")
    article = load_article(tmp_path / "a.txt", metadata_csv=meta)
    assert (article.article_id, article.published) == ("x1", dt.date(2020, 1, 2))


def test_a_bad_date_of_the_article_names_the_file_and_where_the_date_was(tmp_path):
    (tmp_path / "a.txt").write_text("Some text about Riot.")
    meta = tmp_path / "meta.csv"
    meta.write_text("id,file,published\nx1,a.txt,2021-02-30\n")
    with pytest.raises(InputError) as caught:
        load_article(tmp_path / "a.txt", metadata_csv=meta)
    assert str(caught.value).startswith(f"{tmp_path / 'a.txt'}: invalid publication date '2021-02-30'")
    assert str(caught.value).endswith(f"(the date in its row of {meta})")
    (tmp_path / "b.md").write_text("---\npublished: last Tuesday\n---\nSome text about Riot.\n")
    with pytest.raises(InputError, match=r"b\.md: .*'last Tuesday'.*\(the date in its front matter\)$"):
        load_article(tmp_path / "b.md")
    # a date given for the article replaces its own, which is then never read
    assert load_article(tmp_path / "a.txt", metadata_csv=meta, published="2021-03-01").published == dt.date(2021, 3, 1)


@pytest.mark.parametrize("stamp, expected", [
    ("2021-03-09", (dt.date(2021, 3, 9), "", "")),
    ("2021-03-09 14:05 America/New_York", (dt.date(2021, 3, 9), "14:05", "America/New_York")),
    ("2021-03-09 2:05PM ET", (dt.date(2021, 3, 9), "14:05", "America/New_York")),
    ("2021-03-09T14:05:00Z", (dt.date(2021, 3, 9), "14:05", "UTC")),
    ("2021-03-09T14:05:00-05:00", (dt.date(2021, 3, 9), "14:05", "Etc/GMT+5")),
    ("March 9, 2021", (dt.date(2021, 3, 9), "", "")),
    ("Tue, 09 Mar 2021 2:05 PM EST", (dt.date(2021, 3, 9), "14:05", "America/New_York")),
])
def test_parse_published(stamp, expected):
    assert parse_published(stamp) == expected


@pytest.mark.parametrize("stamp", ["March the ninth", "2021-02-30", "last Tuesday"])
def test_bad_or_incomplete_published_is_an_input_error(stamp):
    with pytest.raises(InputError):
        parse_published(stamp)


def test_empty_file_is_malformed(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(MalformedFileError, match="empty.txt: empty"):
        load_article(path)


def test_binary_file_is_malformed(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(MalformedFileError, match="binary"):
        load_article(path)


def test_wrong_encoding_is_malformed(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 soci\xe9t\xe9".encode("latin-1"))
    with pytest.raises(MalformedFileError, match="not UTF-8"):
        load_article(path)


def test_huge_file_is_malformed(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(MalformedFileError, match=r"larger than the 1.0 MB limit"):
        load_article(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_article(tmp_path / "nope.txt")


def test_html_without_trafilatura_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if the html extra were absent
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Riot rose 5% on Monday.</p></body></html>")
    with pytest.raises(InputError, match=r"pip install fintrack\[html\]"):
        load_article(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])  # with BOM, and BOM-less both ways
def test_utf16_article_is_named_as_such_not_as_binary(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes("Canaan shares rose 12% on Tuesday after the results were published.".encode(encoding))
    with pytest.raises(MalformedFileError, match=r"wide.txt: UTF-16 text, not UTF-8; save it as UTF-8"):
        load_article(path)
