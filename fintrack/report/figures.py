"""Figure composition: lay computed frames out on figures and render them to SVG.

The alphalens ``tears`` layer for charts. Uses ``matplotlib.figure.Figure``
directly (no pyplot state, nothing shown), so it is safe in cron jobs and
threads. Each figure is drawn once, as SVG: the HTML report and
``chart-<name>.svg`` show it, and the PDF draws the same SVG as vector
graphics (:mod:`fintrack.report.pdf`). Text stays text, with sans-serif
fallbacks. So the PDF can draw it, a chart uses only what fpdf2's SVG reader
draws: paths, clip paths, text, markers, dashes and opacity, no hatches or
other patterns, gradients or embedded images. The SVG is deterministic: no date
or software version is written, and element ids come from a fixed hash salt
(``charts.STYLE``).
"""
from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from fintrack.report import charts


@dataclass(frozen=True)
class Chart:
    """A rendered chart: a stable file name, a title, a caption, SVG bytes (HTML, PDF, ``chart-<name>.svg``) and
    the figure's ``(width, height)`` in inches, which the PDF scales to its page."""

    name: str
    title: str
    caption: str
    svg: bytes
    size: tuple[float, float]
    kind: ClassVar[str] = "chart"


def _figure(width: float, height: float, *, left: float = 0.75, right: float = 0.15, bottom: float = 0.5,
            top: float = 0.35, wspace: float = 0.25, hspace: float = 0.2):
    """A figure ``width`` x ``height`` inches with fixed margins in inches.

    Fixed margins instead of a layout engine: the labels of each chart are
    known in advance, and constrained layout costs an extra draw per figure.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height,
                        wspace=wspace, hspace=hspace)
    return fig


def preload() -> None:
    """Import what drawing a chart needs (matplotlib's figure and its SVG backend) into this process, so that
    processes forked to share the charts (:mod:`fintrack.report.processes`) find it imported, not each import it."""
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401


def to_svg(fig) -> bytes:
    """SVG bytes of ``fig``: vector, text as text (``charts.STYLE``), no date."""
    return _save(fig, "svg", metadata={"Date": None})


def _save(fig, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    with _quiet_glyphs():
        fig.savefig(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet_glyphs():
    # a character the font lacks (emoji, CJK in an article title) is drawn as a box; saying so on
    # stderr on every run would only fill cron mail
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        yield


#: What a chart function returns: ``(svg, size)``, the last two fields of :class:`Chart`.
Drawn = tuple[bytes, tuple[float, float]]


def render(fig) -> Drawn:
    """``(svg, size)`` of ``fig``: its SVG and its ``(width, height)`` in inches."""
    width, height = fig.get_size_inches()
    return to_svg(fig), (float(width), float(height))


def _styled(draw):
    """Run ``draw`` under the report style and return its ``(svg, size)``."""
    import matplotlib

    with matplotlib.rc_context(charts.STYLE):
        return draw()


def prices_chart(levels: pd.DataFrame, primary: str, markers: pd.DataFrame, *, log_scale: bool) -> Drawn:
    """One panel per column of ``levels`` (primary, market, bitcoin) on a shared date axis.

    The primary's studied events are numbered on its own panel; the key (number,
    date, label) is printed under the chart so no label is cut.
    """
    def draw():
        import textwrap

        n = len(levels.columns)
        key = [f"{i}: {pd.Timestamp(r.date).date()} {charts.label(r.label)}"
               for i, r in enumerate(markers.itertuples(index=False), 1)]
        # the key wraps onto as many lines as it needs (about 150 characters of 7-point text fit in 9 inches)
        lines = textwrap.wrap("Events: " + "; ".join(key), 150) if key else []
        fig = _figure(9, 1.9 * n + 0.6 + 0.13 * len(lines), left=0.85, bottom=0.45 + 0.13 * len(lines), top=0.3,
                      hspace=0.12)
        axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
        empty = pd.DataFrame(columns=["date", "price", "label"])
        for i, (ax, name) in enumerate(zip(axes, levels.columns)):
            charts.plot_price_with_events(levels[name], markers if name == primary else empty, ax=ax,
                                          log_scale=log_scale, label=str(name),
                                          color=charts.SERIES_COLORS[i % len(charts.SERIES_COLORS)])
        axes[0].set_title("Adjusted close")
        if lines:
            fig.text(0.5, 0.04 / fig.get_figheight(), "\n".join(lines), ha="center", va="bottom", fontsize=7,
                     color=charts.COLORS["event"], linespacing=1.3)
        return render(fig)
    return _styled(draw)


def event_chart(zoom: pd.DataFrame, ars: dict[str, pd.DataFrame], cars: dict[str, pd.DataFrame], title: str, *,
                base: int = -1) -> Drawn:
    """One event: rebased prices, each model's daily AR and each model's CAR per window, side by side."""
    def draw():
        fig = _figure(11, 3.5, left=0.6, right=0.15, top=0.55, bottom=0.5, wspace=0.42)
        left, middle, right = fig.subplots(1, 3, width_ratios=[1, 1.2, 1])
        charts.plot_rebased_prices(zoom, ax=left, base=base)
        charts.plot_model_ars(ars, ax=middle)
        charts.plot_window_cars(cars, ax=right)
        # one key for the models of the middle and right panels, beside the title: in a panel it covers a bar
        handles, labels = middle.get_legend_handles_labels()
        middle.get_legend().remove()
        fig.legend(handles, labels, loc="upper right", bbox_to_anchor=(0.99, 0.995), ncols=len(labels), fontsize=8)
        fig.suptitle(charts.clip(charts.label(title), 75), fontsize=10, x=0.01, y=0.985, ha="left")  # clear of the key
        return render(fig)
    return _styled(draw)


def decomposition_chart(parts: dict[str, pd.DataFrame], market: str, bitcoin: str) -> Drawn:
    def draw():
        fig = _figure(9, 3.4, left=0.7, bottom=0.6, top=0.4)
        charts.plot_decomposition(parts, market, bitcoin, ax=fig.subplots())
        return render(fig)
    return _styled(draw)


def caar_chart(paths: dict[str, pd.DataFrame], title: str) -> Drawn:
    """A group's AAR bars and CAAR line with its 95% band, one panel per model (``compute.caar_path`` frames)."""
    def draw():
        fig = _figure(11, 3.3, left=0.7, top=0.6, bottom=0.5, wspace=0.06)
        axes = fig.subplots(1, len(paths), sharey=True, squeeze=False)[0]
        for ax, (name, path) in zip(axes, paths.items()):
            charts.plot_abnormal_returns(path, ax=ax, title=charts.label(name), labels=("AAR", "CAAR"))
        fig.suptitle(charts.label(title), fontsize=10, y=0.985)
        return render(fig)
    return _styled(draw)


def rolling_chart(rolling: pd.DataFrame, asset: str, window: int, market: str, bitcoin: str) -> Drawn:
    """Rolling beta (top) and correlation (bottom) of ``asset`` on the market and bitcoin, in their report colours."""
    def draw():
        fig = _figure(9, 4.2, left=0.8, top=0.35, bottom=0.35, hspace=0.12)
        top, bottom = fig.subplots(2, 1, sharex=True)
        colors = {market: charts.COLORS["market"], bitcoin: charts.COLORS["bitcoin"]}
        charts.plot_rolling(rolling, "beta", ax=top, window=window, colors=colors)
        charts.plot_rolling(rolling, "corr", ax=bottom, window=window, colors=colors)
        top.set_title(charts.label(f"{asset}: rolling {window}-session beta and correlation of daily simple returns"))
        return render(fig)
    return _styled(draw)


def claims_chart(view: pd.DataFrame) -> Drawn:
    """Each price claim's claimed interval against the measured value and range (``build.claims_chart_frame``)."""
    def draw():
        fig = _figure(9, 0.6 + 0.85 * len(view), left=0.2, right=0.2, top=0.45, bottom=0.3, hspace=1.6)
        axes = fig.subplots(len(view), 1, squeeze=False)[:, 0]
        charts.plot_claims(view, axes=axes)
        handles, labels = {}, {}
        for ax in axes:  # one legend entry per kind of mark, whichever row first has it
            for handle, text in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(text, handle)
        if handles:
            fig.legend(list(handles.values()), list(handles), loc="upper right", bbox_to_anchor=(0.98, 0.995), ncols=3,
                       fontsize=7)
        return render(fig)
    return _styled(draw)
