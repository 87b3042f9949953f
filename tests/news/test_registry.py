"""The ticker registry: aliases, whole words, longest match, case rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from fintrack.errors import ConfigError, MalformedFileError
from fintrack.news.registry import default_registry_path, load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("name, ticker", [
    ("Canaan", "CAN"), ("Canaan Inc.", "CAN"), ("Canaan Creative", "CAN"), ("bitcoin", "BTC-USD"),
    ("BTC", "BTC-USD"), ("Core Scientific", "CORZ"), ("Hive Blockchain", "HIVE"), ("Marathon", "MARA"),
    ("Riot", "RIOT"), ("Bitfarms", "BITF"), ("Hut 8", "HUT"), ("Ebang", "EBON"),
    ("the Nasdaq market", "^IXIC"), ("Nasdaq Composite", "^IXIC"), ("Nasdaq-100", "^NDX"),
    ("S&P 500", "^GSPC"), ("the Dow", "^DJI"), ("Russell 2000", "^RUT"), ("QQQ", "QQQ"),
])
def test_issue_aliases(registry, name, ticker):
    mentions = registry.find(f"News: {name} said")
    assert [m.ticker for m in mentions] == [ticker]


@pytest.mark.parametrize("name, ticker", [
    ("Bitdeer", "BTDR"), ("Cipher Mining", "CIFR"), ("TeraWulf", "WULF"), ("Iris Energy", "IREN"),
    ("Greenidge", "GREE"), ("Argo Blockchain", "ARBK"), ("Bit Digital", "BTBT"), ("Galaxy Digital", "GLXY"),
    ("Tesla", "TSLA"), ("Nvidia", "NVDA"), ("AMD", "AMD"), ("Robinhood", "HOOD"), ("Grayscale Bitcoin Trust", "GBTC"),
    ("iShares Bitcoin Trust", "IBIT"), ("Solana", "SOL-USD"), ("XRP", "XRP-USD"), ("Dogecoin", "DOGE-USD"),
    ("Twitter", "TWTR"), ("Netflix", "NFLX"),
])
def test_companies_and_coins_that_bitcoin_news_names_beside_the_miners(registry, name, ticker):
    # without their own rows, a figure of theirs went to the last company or coin named before them
    mentions = registry.find(f"News: {name} said")
    assert [m.ticker for m in mentions] == [ticker]


@pytest.mark.parametrize("text", ["an apple a day", "a meta question", "the robinhood of retail trading",
                                  "a sol of sunshine", "the amazon rain forest", "the alphabet soup"])
def test_company_names_that_are_english_words_match_only_capitalised(registry, text):
    assert registry.find(text) == []


def test_longest_alias_wins(registry):
    (mention,) = registry.find("Canaan Creative shipped")
    assert mention.name == "Canaan Creative"


def test_lowercase_degraded_text_still_matches(registry):
    assert [m.ticker for m in registry.find("chinese asic manufacturer canaan just")] == ["CAN"]


def test_the_english_word_can_is_not_the_ticker(registry):
    assert registry.find("Investors can buy. Can stock chart") == []


def test_english_words_riot_and_marathon_need_capitals(registry):
    assert registry.find("it was a riot, a marathon of trading") == []


def test_whole_words_only(registry):
    assert registry.find("Canaanite bitcoiners") == []


def test_nasdaq_listed_is_a_modifier(registry):
    assert [m.ticker for m in registry.find("Nasdaq-listed Canaan")] == ["CAN"]


def test_default_path_is_the_shipped_registry_unless_the_working_folder_has_its_own(monkeypatch, tmp_path):
    from fintrack.news.registry import SHIPPED_REGISTRY

    monkeypatch.delenv("FINTRACK_TICKERS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_registry_path() == SHIPPED_REGISTRY and SHIPPED_REGISTRY.is_file()
    assert SHIPPED_REGISTRY.parts[-3:] == ("fintrack", "data", "tickers.csv")  # inside the package: in every install
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tickers.csv").write_text("ticker,name,kind,aliases\nACME,Acme,equity,Acme\n")
    assert default_registry_path() == Path("data") / "tickers.csv"


def test_env_variable_overrides_default(monkeypatch, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ticker,name,kind,aliases\nACME,Acme,equity,Acme|Acme Corp\n")
    monkeypatch.setenv("FINTRACK_TICKERS", str(path))
    assert [e.ticker for e in load_registry().entities] == ["ACME"]


def test_missing_registry_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_registry(tmp_path / "none.csv")


def test_registry_without_aliases_column_is_malformed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ticker,name,kind\nACME,Acme,equity\n")
    with pytest.raises(MalformedFileError, match="aliases"):
        load_registry(path)


def test_unknown_kind_is_malformed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ticker,name,kind,aliases\nACME,Acme,bond,Acme\n")
    with pytest.raises(MalformedFileError, match="kind"):
        load_registry(path)


def test_can_at_the_start_of_a_caption_is_not_a_company():
    from fintrack.news.entities import find_mentions

    assert find_mentions("Can stock chart 2", load_registry()) == []


def test_unknown_companies_are_kept_by_name():
    from fintrack.news.entities import find_mentions

    found = find_mentions("Shares of Northwind slid while Acme Mining Corp. rose.", load_registry())
    assert [(m.ticker, m.name) for m in found] == [("", "Northwind"), ("", "Acme Mining Corp.")]


def test_a_symbol_in_parentheses_gives_the_ticker():
    from fintrack.news.entities import find_mentions

    (m,) = find_mentions("Northwind Exchange Inc. (NASDAQ: NWEX) fell.", load_registry())
    assert (m.ticker, m.name) == ("NWEX", "Northwind Exchange Inc.")


def test_anaphora_resolve_to_the_main_company():
    from fintrack.news.entities import find_mentions

    found = find_mentions("The mining machine maker traded at $2.06.", load_registry(), "CAN", "Canaan")
    assert [(m.ticker, m.anaphora) for m in found] == [("CAN", True)]


def test_bitcoin_as_an_industry_modifier_is_not_the_asset():
    from fintrack.news.entities import find_mentions

    found = find_mentions("Hive ordered 6,400 bitcoin miners; bitcoin rose.", load_registry())
    assert [m.ticker for m in found if m.kind == "crypto"] == ["BTC-USD"]
    assert [m.start for m in found if m.kind == "crypto"] == [35]
