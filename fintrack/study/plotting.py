"""Drawing of event-study results on a given matplotlib axes (no computation, no show)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_abnormal_returns"]


def plot_abnormal_returns(aar: pd.DataFrame, band: pd.Series, *, ax: Axes, title: str = "") -> Axes:
    """AAR as bars and CAAR as a line with a shaded 95% band, in percent.

    Parameters
    ----------
    aar : DataFrame
        ``EventStudyResult.aar``: rel_day, aar, caar (fractions).
    band : Series
        Half-width of the 95% CAAR band indexed by rel_day (fraction).
    ax : Axes
        Axes to draw on.
    title : str
        Axes title.
    """
    days = aar["rel_day"].to_numpy()
    caar = aar["caar"].to_numpy() * 100
    half = band.reindex(days).to_numpy() * 100
    ax.bar(days, aar["aar"].to_numpy() * 100, color="tab:blue", alpha=0.6, label="AAR")
    ax.plot(days, caar, color="tab:red", marker="o", label="CAAR")
    ax.fill_between(days, caar - half, caar + half, color="tab:red", alpha=0.15, label="CAAR 95% band")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(0, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel("session relative to event (day 0)")
    ax.set_ylabel("abnormal return (%)")
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return ax
