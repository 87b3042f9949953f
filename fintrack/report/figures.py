"""Figure composition: lay computed frames out on figures and render them to PNG bytes.

The alphalens ``tears`` layer for charts. Uses the Agg backend through
``matplotlib.figure.Figure`` directly (no pyplot state, nothing shown), so it
is safe in cron jobs and threads. PNG bytes are deterministic: the
``Software`` metadata entry (which carries the matplotlib version) is dropped
and nothing time-dependent is written.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from fintrack.report import charts


@dataclass(frozen=True)
class Chart:
    """A rendered chart: a stable file name, a title, a caption and PNG bytes."""

    name: str
    title: str
    caption: str
    png: bytes


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_png(fig, dpi: int = 110) -> bytes:
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # a character the font lacks (emoji, CJK in an article title) is drawn as a box; saying so on
        # stderr on every run would only fill cron mail
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _styled(draw):
    """Run ``draw`` under the report style and return its PNG bytes."""
    import matplotlib

    with matplotlib.rc_context(charts.STYLE):
        return draw()


def prices_chart(levels: pd.DataFrame, markers: dict[str, pd.DataFrame], *, log_scale: bool, dpi: int) -> bytes:
    """One panel per column of ``levels`` (e.g. CAN, BTC-USD), sharing the date axis."""
    def draw():
        fig = _figure(9, 2.6 * len(levels.columns) + 0.4)
        axes = fig.subplots(len(levels.columns), 1, sharex=True, squeeze=False)[:, 0]
        for ax, name in zip(axes, levels.columns):
            charts.plot_price_with_events(levels[name], markers.get(name, pd.DataFrame(columns=["date", "price", "label"])),
                                          ax=ax, log_scale=log_scale, label=str(name))
        axes[0].set_title("Adjusted close with studied events")
        return to_png(fig, dpi)
    return _styled(draw)


def event_chart(path: pd.DataFrame, title: str, *, dpi: int) -> bytes:
    def draw():
        fig = _figure(7, 3.3)
        charts.plot_abnormal_returns(path, ax=fig.subplots(), title=title)
        return to_png(fig, dpi)
    return _styled(draw)


def caar_chart(path: pd.DataFrame, title: str, *, dpi: int) -> bytes:
    """A group's AAR bars and CAAR line with its 95% band (``compute.caar_path`` output)."""
    def draw():
        fig = _figure(7, 3.3)
        charts.plot_abnormal_returns(path, ax=fig.subplots(), title=title, labels=("AAR", "CAAR"))
        return to_png(fig, dpi)
    return _styled(draw)


def rolling_chart(rolling: pd.DataFrame, asset: str, window: int, *, dpi: int) -> bytes:
    def draw():
        fig = _figure(9, 4.6)
        top, bottom = fig.subplots(2, 1, sharex=True)
        charts.plot_rolling(rolling, "beta", ax=top, window=window)
        charts.plot_rolling(rolling, "corr", ax=bottom, window=window)
        top.set_title(f"{asset}: rolling {window}-session beta and correlation of daily simple returns")
        return to_png(fig, dpi)
    return _styled(draw)


def claims_chart(table: pd.DataFrame, *, dpi: int) -> bytes:
    def draw():
        fig = _figure(9, 0.45 + 0.28 * (len(table) + 1))
        ax = fig.subplots()
        charts.plot_claims_table(table, ax=ax)
        ax.set_title("Claims: claimed vs measured")
        return to_png(fig, dpi)
    return _styled(draw)
