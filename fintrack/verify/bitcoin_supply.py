"""Bitcoin's circulating supply from the protocol's issuance schedule.

The block subsidy starts at 50 BTC and halves every 210,000 blocks (integer
satoshi arithmetic, as the protocol does). The block height on a date is
estimated by linear interpolation between known anchors (genesis and the
halving blocks, whose dates are public record); before the first and after the
last anchor one block every 10 minutes (144 a day) is assumed.

Supply at height ``h`` is the sum of the subsidies of blocks ``0..h`` inclusive
(the unspendable genesis reward is counted, as public supply figures do).
Fees are not new coins and lost coins are not subtracted. Error: the height
estimate is within a few thousand blocks between anchors, i.e. within
~0.1 % of supply after 2016, which is far below the precision of a
"$1 trillion" claim.

Dates are UTC calendar days, the same days as BTC-USD daily bars.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SATOSHI_PER_BTC = 100_000_000
INITIAL_SUBSIDY_SAT = 50 * SATOSHI_PER_BTC
HALVING_INTERVAL = 210_000
BLOCKS_PER_DAY = 144  # one block per 10 minutes, the protocol's target

#: (UTC date, block height) anchors: genesis and each halving block.
HEIGHT_ANCHORS: tuple[tuple[str, int], ...] = (
    ("2009-01-03", 0),
    ("2012-11-28", 210_000),
    ("2016-07-09", 420_000),
    ("2020-05-11", 630_000),
    ("2024-04-20", 840_000),
)

_ANCHOR_DAYS = np.array([pd.Timestamp(d).value // 86_400_000_000_000 for d, _ in HEIGHT_ANCHORS], dtype=float)
_ANCHOR_HEIGHTS = np.array([h for _, h in HEIGHT_ANCHORS], dtype=float)


def block_height(date) -> int:
    """Estimated block height at the end of UTC day ``date`` (-1 before genesis: no blocks)."""
    day = pd.Timestamp(date).tz_localize(None) if pd.Timestamp(date).tzinfo else pd.Timestamp(date)
    # End of the day: the supply a daily close sees.
    x = day.normalize().value / 86_400_000_000_000 + 1.0
    if x <= _ANCHOR_DAYS[0]:
        return -1
    if x >= _ANCHOR_DAYS[-1]:
        return int(_ANCHOR_HEIGHTS[-1] + (x - _ANCHOR_DAYS[-1]) * BLOCKS_PER_DAY)
    return int(np.interp(x, _ANCHOR_DAYS, _ANCHOR_HEIGHTS))


def supply_at_height(height: int) -> float:
    """BTC issued by blocks ``0..height`` inclusive (the subsidy schedule)."""
    if height < 0:
        return 0.0
    blocks = height + 1
    total_sat = 0
    era = 0
    while blocks > 0:
        subsidy = INITIAL_SUBSIDY_SAT >> era
        if subsidy == 0:
            break
        in_era = min(blocks, HALVING_INTERVAL)
        total_sat += in_era * subsidy
        blocks -= in_era
        era += 1
    return total_sat / SATOSHI_PER_BTC


def bitcoin_supply(date) -> float:
    """Circulating BTC at the end of UTC day ``date`` (estimate, see module doc)."""
    return supply_at_height(block_height(date))


def bitcoin_market_cap(prices) -> pd.Series:
    """Market capitalisation in USD: daily close times :func:`bitcoin_supply`.

    ``prices`` is a canonical BTC-USD frame (column ``close``) or a Series of
    closes indexed by UTC date. Returns a float Series named ``market_cap``.
    """
    close = prices["close"] if isinstance(prices, pd.DataFrame) else prices
    supply = np.array([bitcoin_supply(d) for d in close.index], dtype=float)
    return pd.Series(close.to_numpy(dtype=float) * supply, index=close.index, name="market_cap")
