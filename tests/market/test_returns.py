"""Return panels on the NASDAQ calendar, with bitcoin compounded between sessions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fintrack.errors import ConfigError
from fintrack.market import CsvSource, returns_panel, sessions


@pytest.fixture(scope="module")
def prices(shared_prices_dir):
    source = CsvSource(shared_prices_dir)
    return {t: source.fetch(t) for t in ("CAN", "QQQ", "BTC-USD")}


def test_2021_panel_has_exactly_one_row_per_nasdaq_session(prices):
    panel = returns_panel(prices, start="2021-01-01", end="2021-12-31")
    assert panel.index.equals(sessions("2021-01-01", "2021-12-31"))
    assert len(panel) == 252 and panel.index.is_unique
    assert panel.notna().all().all()


def test_monday_bitcoin_return_compounds_saturday_sunday_and_monday(prices):
    btc = prices["BTC-USD"]["adj_close"]
    daily = btc / btc.shift(1) - 1
    compounded = (1 + daily.loc["2021-03-06":"2021-03-08"]).prod() - 1
    panel = returns_panel(prices, start="2021-03-08", end="2021-03-08")
    assert panel.loc["2021-03-08", "BTC-USD"] == pytest.approx(compounded, rel=1e-12)
    # the same as Monday's close over Friday's close: 52246.523438 / 48927.304688 - 1
    assert panel.loc["2021-03-08", "BTC-USD"] == pytest.approx(52246.523438 / 48927.304688 - 1, rel=1e-9)


def test_holiday_bitcoin_moves_go_to_the_next_session(prices):
    # Good Friday 2021-04-02: Thursday's close to Monday's close covers Fri, Sat, Sun, Mon
    btc = prices["BTC-USD"]["adj_close"]
    panel = returns_panel(prices, start="2021-04-05", end="2021-04-05")
    assert panel.loc["2021-04-05", "BTC-USD"] == pytest.approx(btc["2021-04-05"] / btc["2021-04-01"] - 1, rel=1e-12)


def test_can_day_return_on_2021_03_09_is_simple_close_to_close(prices):
    panel = returns_panel(prices, start="2021-03-09", end="2021-03-09")
    assert panel.loc["2021-03-09", "CAN"] == pytest.approx(28.690001 / 19.070000 - 1, rel=1e-9)  # +50.4%


def test_log_returns_on_request(prices):
    simple = returns_panel(prices, start="2021-03-01", end="2021-03-31")
    log = returns_panel(prices, start="2021-03-01", end="2021-03-31", kind="log")
    np.testing.assert_allclose(log.to_numpy(), np.log1p(simple.to_numpy()), rtol=1e-12)


def test_missing_equity_session_is_not_bridged():
    days = sessions("2021-03-01", "2021-03-05")
    close = pd.Series([10.0, 11.0, 12.0, 13.0, 14.0], index=days)
    frame = pd.DataFrame({c: close for c in ("open", "high", "low", "close", "adj_close")}).assign(volume=1)
    frame = frame.drop(pd.Timestamp("2021-03-03"))
    panel = returns_panel({"X": frame})
    assert panel["X"].isna().tolist() == [True, False, True, True, False]
    assert panel.loc["2021-03-02", "X"] == pytest.approx(0.1)


def test_unknown_return_kind_is_a_config_error(prices):
    with pytest.raises(ConfigError, match="unknown return kind 'pct'"):
        returns_panel(prices, kind="pct")
