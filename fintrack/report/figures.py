"""Figure composition: lay computed frames out on figures and render them to SVG and to pixels.

The alphalens ``tears`` layer for charts. Uses ``matplotlib.figure.Figure``
directly (no pyplot state, nothing shown), so it is safe in cron jobs and
threads. Each figure is drawn twice: as SVG (vector, for the HTML report and
``chart-<name>.svg``; text stays text with sans-serif fallbacks) and, when a
PDF is written, as RGB pixels at ``report.dpi`` per printed inch (default 220:
twice the density of the former 110-dpi PNGs), because fpdf2 draws
matplotlib's SVG without clipping or hatch patterns. Both are deterministic:
no date or software version is written, and SVG element ids come from a fixed
hash salt (``charts.STYLE``).
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
class Raster:
    """An RGB image the PDF embeds: ``width`` x ``height`` pixels, ``pixels`` row-major RGB bytes.

    Kept raw, not as PNG: the PDF stores its own compressed copy, so encoding a
    PNG only for fpdf2 to decode it again would cost time and nothing else.
    """

    width: int
    height: int
    pixels: bytes

    def image(self):
        """The raster as a PIL image."""
        from PIL import Image

        return Image.frombytes("RGB", (self.width, self.height), self.pixels)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: a stable file name, a title, a caption, SVG bytes (HTML, ``chart-<name>.svg``) and the
    PDF's raster copy (None when no PDF is written)."""

    name: str
    title: str
    caption: str
    svg: bytes
    raster: Raster | None
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


#: rcParams of the raster copy only: at 100-220 pixels per printed inch glyph hinting (snapping outlines to the
#: pixel grid, for small screen text) changes nothing visible, and drawing without it is about 15% faster
RASTER_STYLE = {"text.hinting": "no_hinting"}


def to_raster(fig, dpi: float = 220) -> Raster:
    """``fig`` drawn at ``dpi`` dots per inch as RGB pixels (the background is opaque white: no alpha)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    with _quiet_glyphs(), matplotlib.rc_context(RASTER_STYLE):
        canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    # PIL drops the alpha channel in one C pass, twice as fast as numpy's strided copy
    rgb = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    return Raster(width, height, rgb.tobytes())


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


#: Width (inches) a chart is printed at in the PDF: A4 less two 12 mm margins.
PRINT_WIDTH_IN = (210 - 2 * 12) / 25.4
#: Tallest a chart is printed in the PDF (mm); a taller one is shrunk to it, narrower than the page.
PRINT_MAX_HEIGHT_MM = 150.0


def render(fig, dpi: float | None) -> tuple[bytes, Raster | None]:
    """``(svg, raster)`` of ``fig``: the HTML's vector image and the PDF's pixels (None when ``dpi`` is None: no PDF
    is written, and drawing a raster copy would only cost time).

    ``dpi`` is the raster's density on the printed page: a figure wider than
    the PDF's text column (or taller than ``PRINT_MAX_HEIGHT_MM``) is printed
    shrunk to it, so it needs fewer pixels per figure inch for the same
    sharpness on paper.
    """
    svg = to_svg(fig)
    if not dpi:
        return svg, None
    width, height = fig.get_size_inches()
    shrink = min(1.0, PRINT_WIDTH_IN / width, PRINT_MAX_HEIGHT_MM / 25.4 / height)
    return svg, to_raster(fig, dpi * shrink)


def _styled(draw):
    """Run ``draw`` under the report style and return its ``(svg, raster)``."""
    import matplotlib

    with matplotlib.rc_context(charts.STYLE):
        return draw()


def prices_chart(levels: pd.DataFrame, primary: str, markers: pd.DataFrame, *, log_scale: bool, dpi: float | None
                 ) -> tuple[bytes, Raster | None]:
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
        return render(fig, dpi)
    return _styled(draw)


def event_chart(zoom: pd.DataFrame, ars: dict[str, pd.DataFrame], cars: dict[str, pd.DataFrame], title: str, *,
                dpi: float | None, base: int = -1) -> tuple[bytes, Raster | None]:
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
        return render(fig, dpi)
    return _styled(draw)


def decomposition_chart(parts: dict[str, pd.DataFrame], market: str, bitcoin: str, *, dpi: float | None
                        ) -> tuple[bytes, Raster | None]:
    def draw():
        fig = _figure(9, 3.4, left=0.7, bottom=0.6, top=0.4)
        charts.plot_decomposition(parts, market, bitcoin, ax=fig.subplots())
        return render(fig, dpi)
    return _styled(draw)


def caar_chart(paths: dict[str, pd.DataFrame], title: str, *, dpi: float | None) -> tuple[bytes, Raster | None]:
    """A group's AAR bars and CAAR line with its 95% band, one panel per model (``compute.caar_path`` frames)."""
    def draw():
        fig = _figure(11, 3.3, left=0.7, top=0.6, bottom=0.5, wspace=0.06)
        axes = fig.subplots(1, len(paths), sharey=True, squeeze=False)[0]
        for ax, (name, path) in zip(axes, paths.items()):
            charts.plot_abnormal_returns(path, ax=ax, title=charts.label(name), labels=("AAR", "CAAR"))
        fig.suptitle(charts.label(title), fontsize=10, y=0.985)
        return render(fig, dpi)
    return _styled(draw)


def rolling_chart(rolling: pd.DataFrame, asset: str, window: int, *, dpi: float | None) -> tuple[bytes, Raster | None]:
    def draw():
        fig = _figure(9, 4.2, left=0.8, top=0.35, bottom=0.35, hspace=0.12)
        top, bottom = fig.subplots(2, 1, sharex=True)
        charts.plot_rolling(rolling, "beta", ax=top, window=window)
        charts.plot_rolling(rolling, "corr", ax=bottom, window=window)
        top.set_title(charts.label(f"{asset}: rolling {window}-session beta and correlation of daily simple returns"))
        return render(fig, dpi)
    return _styled(draw)


def claims_chart(view: pd.DataFrame, *, dpi: float | None) -> tuple[bytes, Raster | None]:
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
        return render(fig, dpi)
    return _styled(draw)
