"""Report charts: each function takes computed frames and an ``ax`` and only draws.

This is the alphalens ``plotting`` layer: no computation beyond unit scaling,
no figure creation, no ``plt.show()``. Figures are composed in
:mod:`fintrack.report.figures`. One style (:data:`STYLE`) is applied there so
every chart shares fonts, grid and colours.

Units on the axes: prices in USD, returns in percent, betas unitless.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: rcParams shared by every report chart.
STYLE: dict[str, object] = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.hashsalt": "fintrack",
    "text.parse_math": False,  # labels carry article text and "$": never matplotlib math text
}

COLORS = {
    "CAN": "#1f4e79",
    "BTC-USD": "#e69500",
    "QQQ": "#555555",
    "ar": "#4a90c2",
    "car": "#c0392b",
    "event": "#7f3fbf",
}
VERDICT_COLORS = {
    "supported": "#c8e6c9",
    "consistent": "#e3f2fd",
    "contradicted": "#ffcdd2",
    "unverifiable": "#eeeeee",
}


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def plot_price_with_events(levels: pd.Series, markers: pd.DataFrame, *, ax: Axes, log_scale: bool = True,
                           label: str = "", color: str | None = None) -> Axes:
    """A price line (USD) with a marker and a short label at each event.

    Parameters
    ----------
    levels : Series
        Price by date (USD), e.g. the adjusted close.
    markers : DataFrame
        ``compute.event_markers`` output: date, price, label.
    log_scale : bool
        Log price axis (recommended for CAN and bitcoin, which move by multiples).
    """
    name = label or str(levels.name)
    clean = levels.dropna()
    ax.plot(clean.index, clean.to_numpy(), color=color or COLORS.get(name, "#1f4e79"), linewidth=1.1, label=name)
    if len(markers):
        ax.scatter(markers["date"], markers["price"], color=COLORS["event"], zorder=3, s=22, label="event")
        for i, row in enumerate(markers.itertuples(index=False)):
            # alternate label heights so neighbouring events stay readable
            offset = (14, -18, 26)[i % 3]
            ax.annotate(str(row.label), (row.date, row.price), textcoords="offset points", xytext=(0, offset),
                        ha="center", fontsize=7, color=COLORS["event"],
                        arrowprops={"arrowstyle": "-", "color": COLORS["event"], "lw": 0.5})
    if log_scale:
        ax.set_yscale("log")
    ax.set_ylabel(f"{name} price (USD{', log scale' if log_scale else ''})")
    _date_axis(ax)
    ax.legend(loc="upper left")
    return ax


def plot_abnormal_returns(path: pd.DataFrame, *, ax: Axes, title: str = "",
                          labels: tuple[str, str] = ("AR", "CAR")) -> Axes:
    """Abnormal-return bars and the cumulative line with its 95% band over an event window, in percent.

    ``path`` is ``compute.ar_car_path`` (one event: AR and CAR) or
    ``compute.caar_path`` (a group: pass ``labels=("AAR", "CAAR")``) output:
    rel_day, ar, car, car_low, car_high, as fractions.
    """
    bars, line = labels
    days = path["rel_day"].to_numpy()
    ax.bar(days, path["ar"].to_numpy() * 100, color=COLORS["ar"], alpha=0.75, label=bars)
    ax.plot(days, path["car"].to_numpy() * 100, color=COLORS["car"], marker="o", markersize=3, label=line)
    ax.fill_between(days, path["car_low"].to_numpy() * 100, path["car_high"].to_numpy() * 100,
                    color=COLORS["car"], alpha=0.15, label=f"{line} 95% band")
    ax.axhline(0, color="black", linewidth=0.7)
    ax.axvline(0, color="grey", linestyle="--", linewidth=0.7)
    ax.set_xticks(days)
    ax.set_xlabel("session relative to the event (day 0)")
    ax.set_ylabel("abnormal return (%)")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


def plot_rolling(rolling: pd.DataFrame, stat: str, *, ax: Axes, window: int = 60) -> Axes:
    """Rolling ``stat`` ('beta' or 'corr') columns of ``compute.rolling_beta_corr`` as lines."""
    cols = [c for c in rolling.columns if c.startswith(stat + " ")]
    for col in cols:
        name = col.split(" ", 1)[1]
        series = rolling[col].dropna()
        ax.plot(series.index, series.to_numpy(), linewidth=1.0, color=COLORS.get(name), label=f"vs {name}")
    ax.axhline(0, color="black", linewidth=0.6)
    what = "beta (unitless)" if stat == "beta" else "correlation"
    ax.set_ylabel(f"{window}-session {what}")
    if stat == "corr":
        ax.set_ylim(-1, 1)
    _date_axis(ax)
    ax.legend(loc="upper left")
    return ax


def plot_claims_table(table: pd.DataFrame, *, ax: Axes) -> Axes:
    """The claims as a table, one row per claim, the verdict cell coloured.

    ``table`` columns: claim, claimed, measured, verdict (display strings).
    """
    ax.axis("off")
    if table.empty:
        ax.text(0.5, 0.5, "no claims", ha="center", va="center")
        return ax
    cells = [[_clip(str(v), 48) for v in row] for row in table.itertuples(index=False)]
    tbl = ax.table(cellText=cells, colLabels=[str(c) for c in table.columns], loc="upper center",
                   cellLoc="left", colLoc="left")
    tbl.auto_set_font_size(False)
    tbl.set_fontsize(7.5)
    tbl.scale(1, 1.35)
    verdict_col = list(table.columns).index("verdict")
    for (r, c), cell in tbl.get_celld().items():
        cell.set_edgecolor("#bbbbbb")
        if r == 0:
            cell.set_facecolor("#dddddd")
            cell.set_text_props(weight="bold")
        elif c == verdict_col:
            cell.set_facecolor(VERDICT_COLORS.get(cells[r - 1][c], "white"))
    tbl.auto_set_column_width(list(range(len(table.columns))))
    return ax


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"

