"""Real data: CAN (Canaan) on 2021-03-09, built with the market layer from ../shared/data/prices.

CAN closed at 28.69 on 2021-03-09 against 19.07 the session before: a +50.4% day,
while QQQ rose 3.9% and BTC-USD 4.9%.
"""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.market import load_prices, returns_panel
from fintrack.study import event_study

EVENT = pd.DataFrame({"event_id": ["can-2021-03-09"], "asset": ["CAN"], "date": ["2021-03-09"]})


@pytest.fixture(scope="module")
def panel(shared_prices_dir):
    return returns_panel({t: load_prices(t, prices_dir=shared_prices_dir) for t in ("CAN", "QQQ", "BTC-USD")})


def test_can_return_on_2021_03_09_is_plus_50_4_percent(panel):
    assert panel.loc["2021-03-09", "CAN"] == pytest.approx(28.69 / 19.07 - 1, abs=1e-4)


def test_can_day0_market_model_ar_is_plus_0_46_and_significant_at_1_percent(panel):
    result = event_study(panel, EVENT, model="market")
    day0 = result.ar[result.ar["rel_day"] == 0].iloc[0]
    assert day0["date"] == pd.Timestamp("2021-03-09")
    assert day0["ar"] == pytest.approx(0.46, abs=0.01)  # measured 0.4633
    assert day0["p"] < 0.01  # t = 5.04
    assert result.events["n_est"].iloc[0] == 240


def test_can_day0_ar_stays_plus_0_46_with_the_market_bitcoin_model(panel):
    result = event_study(panel, EVENT, model="market_btc")
    day0 = result.ar[result.ar["rel_day"] == 0].iloc[0]
    assert day0["ar"] == pytest.approx(0.46, abs=0.01)  # measured 0.4613: bitcoin explains ~0.2 pp
    assert day0["p"] < 0.01
    assert result.events["beta_btc"].iloc[0] > 0
