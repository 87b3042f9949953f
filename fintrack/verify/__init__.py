"""fintrack.verify: claim verdicts from daily prices.

    verify(claims, prices) -> DataFrame     one verdict per claim
    VERDICTS                                the four verdicts and their meaning
    TOLERANCE_TABLE, claimed_interval       how a stated number bounds the true one
    bitcoin_supply(date), bitcoin_market_cap(prices)

See :mod:`fintrack.verify.rules` for the rule applied to each metric and
:mod:`fintrack.verify.tolerance` for the tolerance table.
"""
from __future__ import annotations

from fintrack.verify.bitcoin_supply import bitcoin_market_cap, bitcoin_supply
from fintrack.verify.core import VERDICT_COLUMNS, verify, verify_claim
from fintrack.verify.rules import VERDICTS, Verdict
from fintrack.verify.tolerance import TOLERANCE_TABLE, Interval, claimed_interval

__all__ = [
    "verify", "verify_claim", "VERDICTS", "VERDICT_COLUMNS", "Verdict",
    "TOLERANCE_TABLE", "Interval", "claimed_interval",
    "bitcoin_supply", "bitcoin_market_cap",
]
