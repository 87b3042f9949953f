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
    "svg.fonttype": "none",  # SVG text stays text (selectable, smaller, faster to write); sans-serif fallbacks listed
    # DejaVu Sans (shipped with matplotlib) first whatever a matplotlibrc says: the font the PDF embeds and draws the
    # SVG's text in (pdf._BODY); a browser without it falls back along the sans-serif list
    "font.family": ["DejaVu Sans", "sans-serif"],
    "text.parse_math": False,  # labels carry article text and "$": never matplotlib math text
    # a fixed title height: matplotlib otherwise measures every tick label of the axes on each save to
    # place the title (no chart has tick labels on top), a fifth of the drawing time
    "axes.titley": 1.0,
}

COLORS = {
    "ar": "#4a90c2",
    "car": "#c0392b",
    "event": "#7f3fbf",
    "alpha": "#9e9e9e",
    "market": "#555555",
    "bitcoin": "#e69500",
    "abnormal": "#c0392b",
}
#: Strength of a part's colour in the decomposition chart's light bars (every other model): 0 white, 1 the colour.
DECOMPOSITION_TINT = 0.35
#: Line colours of the models, in the order they are drawn.
MODEL_COLORS = ("#1f4e79", "#c0392b", "#2e7d32", "#6a1b9a")
#: Colours of the three series of the zoomed price chart: primary, market, bitcoin.
SERIES_COLORS = ("#1f4e79", "#555555", "#e69500")


def label(text: object) -> str:
    """Chart label text: plain (never math text; see ``STYLE``), one line, whitespace collapsed.

    Every title, axis label, legend entry and annotation of a report chart goes
    through here.
    """
    return " ".join(str(text).split())
VERDICT_COLORS = {
    "supported": "#c8e6c9",
    "consistent": "#e3f2fd",
    "contradicted": "#ffcdd2",
    "unverifiable": "#eeeeee",
}


def _plain(text: object) -> str:
    return label(text)


def _NullLocator():
    from matplotlib.ticker import NullLocator

    return NullLocator()


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
        Log price axis (recommended for miners and bitcoin, which move by multiples).
    """
    from matplotlib.ticker import LogLocator, ScalarFormatter

    name = _plain(label or str(levels.name))
    clean = levels.dropna()
    ax.plot(clean.index, clean.to_numpy(), color=color or "#1f4e79", linewidth=1.0, label=name)
    if len(markers):
        ax.scatter(markers["date"], markers["price"], color=COLORS["event"], zorder=3, s=18, label="studied event")
        for i, row in enumerate(markers.itertuples(index=False), 1):
            # a number beside the marker; the key under the chart says which event it is
            ax.annotate(str(i), (row.date, row.price), textcoords="offset points", xytext=(-6 + 12 * (i % 2), 10),
                        ha="center", fontsize=7, color=COLORS["event"], fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    if log_scale:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        formatter = ScalarFormatter()
        formatter.set_scientific(False)
        ax.yaxis.set_major_formatter(formatter)
        ax.yaxis.set_minor_locator(_NullLocator())  # unlabelled minor ticks: clutter, and costly to draw
    ax.set_ylabel(_plain(f"{name} (USD{', log' if log_scale else ''})"))
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


def plot_rolling(rolling: pd.DataFrame, stat: str, *, ax: Axes, window: int = 60,
                 colors: dict[str, str] | None = None) -> Axes:
    """Rolling ``stat`` ('beta' or 'corr') columns of ``compute.rolling_beta_corr`` as lines.

    ``colors``: series name -> colour (the market's and bitcoin's, whatever their tickers); others take the cycle's.
    """
    cols = [c for c in rolling.columns if c.startswith(stat + " ")]
    for col in cols:
        name = col.split(" ", 1)[1]
        series = rolling[col].dropna()
        ax.plot(series.index, series.to_numpy(), linewidth=1.0, color=(colors or {}).get(name),
                label=label(f"vs {name}"))
    ax.axhline(0, color="black", linewidth=0.6)
    what = "beta (unitless)" if stat == "beta" else "correlation"
    ax.set_ylabel(f"{window}-session {what}")
    if stat == "corr":
        ax.set_ylim(-1, 1)
    _date_axis(ax)
    ax.legend(loc="upper left")
    return ax


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking the cut (keeps a label inside its figure)."""
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def plot_rebased_prices(zoom: pd.DataFrame, *, ax: Axes, base: int = -1) -> Axes:
    """Rebased prices (100 on session ``base``, relative to day 0) by session relative to day 0, one line per column."""
    days = zoom.index.to_numpy()
    for color, name in zip(SERIES_COLORS, zoom.columns):
        ax.plot(days, zoom[name].to_numpy(), color=color, marker="o", markersize=2.5, linewidth=1.2,
                label=label(name))
    ax.axvline(0, color="grey", linestyle="--", linewidth=0.7)
    ax.axhline(100, color="black", linewidth=0.6)
    ax.set_xticks(days)
    ax.set_xlabel("session relative to day 0")
    ax.set_ylabel(f"price, day {base:+d} = 100")
    ax.set_title("Prices around the event")
    ax.legend(loc="upper left")
    return ax


def plot_model_ars(ars: dict[str, pd.DataFrame], *, ax: Axes) -> Axes:
    """Daily abnormal returns (%) of each model side by side, with 95% intervals (1.96 x forecast-error sd)."""
    import numpy as np

    width = 0.8 / max(len(ars), 1)
    for i, (name, ar) in enumerate(ars.items()):
        days = ar["rel_day"].to_numpy(dtype=float) - 0.4 + width * (i + 0.5)
        half = 1.959963984540054 * np.sqrt(ar["ar_var"].to_numpy(dtype=float)) * 100
        ax.bar(days, ar["ar"].to_numpy() * 100, width=width, color=MODEL_COLORS[i % len(MODEL_COLORS)],
               alpha=0.8, yerr=half, error_kw={"elinewidth": 0.6, "capsize": 1.5, "ecolor": "#333333"},
               label=label(name))
    ax.axhline(0, color="black", linewidth=0.7)
    first = next(iter(ars.values()))
    ax.set_xticks(first["rel_day"].to_numpy())
    ax.set_xlabel("session relative to day 0")
    ax.set_ylabel("abnormal return (%)")
    ax.set_title("Daily abnormal return, 95% interval")
    ax.legend(loc="upper left")
    return ax


def plot_window_cars(cars: dict[str, pd.DataFrame], *, ax: Axes) -> Axes:
    """CAR (%) per window and model as dots with 95% intervals; windows on the y axis, as in the headline."""
    import numpy as np

    first = next(iter(cars.values()))
    windows = list(first["window"])
    pos = np.arange(len(windows))
    step = 0.6 / max(len(cars), 1)
    for i, (name, car) in enumerate(cars.items()):
        car = car.set_index("window").reindex(windows)
        y = pos - 0.3 + step * (i + 0.5)
        half = 1.959963984540054 * np.sqrt(car["car_var"].to_numpy(dtype=float)) * 100
        ax.errorbar(car["car"].to_numpy() * 100, y, xerr=half, fmt="o", markersize=4, capsize=2, linewidth=1,
                    color=MODEL_COLORS[i % len(MODEL_COLORS)], label=label(name))
    ax.axvline(0, color="black", linewidth=0.7)
    ax.set_yticks(pos)
    ax.set_yticklabels([label(f"CAR{w}") for w in windows])
    ax.invert_yaxis()
    ax.set_xlabel("cumulative abnormal return (%)")
    ax.set_title("CAR by window, 95% interval")
    return ax


def plot_decomposition(parts: dict[str, pd.DataFrame], market: str, bitcoin: str, *, ax: Axes) -> Axes:
    """Stacked bars (%) of alpha, market, bitcoin and abnormal parts per window and model; a tick at the raw return.

    ``parts``: model title -> ``compute.decomposition`` frame. Positive parts
    stack upwards from 0, negative ones downwards, so the bar ends need not
    equal the raw return; the black tick shows it. Every other model's bars are
    light with an outline in the part's colour (the x-axis label says which
    model is which): a tint and a stroke, which the PDF draws from the SVG as
    a browser does, where a hatch pattern would be lost.
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    names = list(parts)
    windows = list(next(iter(parts.values()))["window"])
    width = 0.8 / max(len(names), 1)
    keys = (("alpha", "alpha", COLORS["alpha"]), ("market", market, COLORS["market"]),
            ("bitcoin", bitcoin, COLORS["bitcoin"]), ("abnormal", "abnormal", COLORS["abnormal"]))
    for i, name in enumerate(names):
        frame = parts[name].set_index("window").reindex(windows)
        x = np.arange(len(windows)) - 0.4 + width * (i + 0.5)
        up, down = np.zeros(len(windows)), np.zeros(len(windows))
        for key, text, color in keys:
            values = frame[key].to_numpy(dtype=float) * 100
            base = np.where(values >= 0, up, down)
            if i % 2:  # light: the part's colour at DECOMPOSITION_TINT on white, outlined in the colour itself
                face = tuple(1 - DECOMPOSITION_TINT * (1 - c) for c in to_rgb(color))
                style = {"color": face, "edgecolor": color, "linewidth": 0.8}
            else:
                style = {"color": color, "edgecolor": "white", "linewidth": 0.4}
            ax.bar(x, values, width=width * 0.92, bottom=base, label=label(text) if i == 0 else None, **style)
            up, down = up + np.clip(values, 0, None), down + np.clip(values, None, 0)
        ax.scatter(x, frame["raw"].to_numpy() * 100, marker="_", s=180, color="black", zorder=4,
                   label="raw return" if i == 0 else None)
    ax.axhline(0, color="black", linewidth=0.7)
    ax.set_xticks(np.arange(len(windows)))
    ax.set_xticklabels([label(w) for w in windows])
    ax.set_xlabel(label("window (sessions relative to day 0); " + " | ".join(
        f"{'solid' if i % 2 == 0 else 'light, outlined'}: {n}" for i, n in enumerate(names))))
    ax.set_ylabel("return (%)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=5, borderaxespad=0.2)  # above the bars, never on them
    return ax


def plot_claims(view: pd.DataFrame, *, axes) -> None:
    """One row per price claim on its own scale: claimed interval (red), measured range (grey), measured (dot).

    ``view``: claim, verdict, claimed, claim_low, claim_high, measured, low, high
    (numbers in the claim's unit: percent or USD).
    """
    import numpy as np

    for ax, row in zip(axes, view.itertuples(index=False)):
        numbers = (row.claimed, row.claim_low, row.claim_high, row.measured, row.low, row.high)
        top = max((abs(v) for v in numbers if np.isfinite(v)), default=1.0)
        scale, unit = next(((f, u) for f, u in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")) if top >= f),
                           (1.0, ""))
        row = row._replace(**{k: getattr(row, k) / scale for k in ("claimed", "claim_low", "claim_high", "measured",
                                                                      "low", "high")})
        values = [v for v in (row.claimed, row.claim_low, row.claim_high, row.measured, row.low, row.high)
                  if np.isfinite(v)]
        lo, hi = min(values), max(values)
        pad = (hi - lo) * 0.08 or abs(hi) * 0.05 or 1.0
        if np.isfinite(row.low) and np.isfinite(row.high):
            ax.plot([row.low, row.high], [0, 0], color="#9e9e9e", linewidth=6, solid_capstyle="butt",
                    label="bars allow")
        c_lo = row.claim_low if np.isfinite(row.claim_low) else lo - pad
        c_hi = row.claim_high if np.isfinite(row.claim_high) else hi + pad
        if np.isfinite(row.claim_low) or np.isfinite(row.claim_high):
            ax.plot([c_lo, c_hi], [0.32, 0.32], color="#c0392b", linewidth=2.2, label="claimed")
        if np.isfinite(row.claimed):
            ax.plot([row.claimed], [0.32], marker="v", color="#c0392b", markersize=5)
        if np.isfinite(row.measured):
            ax.plot([row.measured], [0], marker="o", color="black", markersize=4, linestyle="none", label="measured")
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.5, 0.8)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(False, axis="y")
        ax.set_title(label(f"{row.claim}  [{row.verdict}]" + (f"  (axis in {unit})" if unit else "")), fontsize=8,
                     loc="left")
        ax.tick_params(axis="x", labelsize=7)
        ax.ticklabel_format(axis="x", style="plain", useOffset=False)
