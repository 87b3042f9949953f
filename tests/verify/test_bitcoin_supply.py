"""Bitcoin supply from the issuance schedule, against public figures."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.verify.bitcoin_supply import bitcoin_market_cap, bitcoin_supply, block_height, supply_at_height


def test_supply_at_each_halving_block_follows_the_schedule():
    # Blocks 0..209,999 pay 50 BTC: 10.5M; block 210,000 is the first 25-BTC block.
    assert supply_at_height(209_999) == 10_500_000
    assert supply_at_height(419_999) == 10_500_000 + 5_250_000
    assert supply_at_height(629_999) == 18_375_000


def test_supply_never_reaches_21_million():
    final = supply_at_height(10_000_000)
    assert final < 21_000_000
    assert final == pytest.approx(20_999_999.9769, abs=1e-4)


def test_block_height_hits_the_halving_anchors():
    assert block_height("2020-05-10") == pytest.approx(630_000, abs=200)
    assert block_height("2016-07-08") == pytest.approx(420_000, abs=200)


def test_supply_in_early_march_2021_is_about_18_65_million():
    # Public figure (blockchain.com, 2021-03-09): about 18.65M BTC.
    assert bitcoin_supply("2021-03-09") == pytest.approx(18_650_000, rel=0.002)


def test_supply_in_2025_is_about_19_8_million():
    # Public figure mid-2025: about 19.89M BTC.
    assert bitcoin_supply("2025-06-30") == pytest.approx(19_890_000, rel=0.003)


def test_supply_before_genesis_is_zero():
    assert bitcoin_supply("2008-12-31") == 0


def test_market_cap_is_close_times_supply():
    closes = pd.Series([50_000.0, 60_000.0], index=pd.to_datetime(["2021-03-08", "2021-03-09"]))
    cap = bitcoin_market_cap(closes)
    assert cap.iloc[1] == pytest.approx(60_000 * bitcoin_supply("2021-03-09"))
    assert cap.name == "market_cap"
