"""The HTML report: self-contained, every section, untrusted text escaped."""
from __future__ import annotations

import re

import pytest

from fintrack.report.content import ReportContent
from fintrack.report.html import render_html

from .conftest import HOSTILE


def test_html_has_every_section_in_order(content):
    html = render_html(content)
    positions = [html.index(f'<section id="{sid}">') for sid, _ in ReportContent.SECTIONS]
    assert positions == sorted(positions)


def test_hostile_article_title_is_escaped_not_executed(content):
    html = render_html(content)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; Canaan &amp; co" in html
    assert "<script" not in html  # the report itself ships no script at all


def test_html_is_self_contained(content):
    html = render_html(content)
    sources = re.findall(r'src="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert "http://" not in html.replace("http://www.w3.org", "") and "<link" not in html


def test_verdict_cells_are_classed_for_colour(content):
    html = render_html(content)
    assert '<td class="v-supported">supported</td>' in html
    assert '<td class="v-not-studied">not studied</td>' in html


def test_chart_text_with_dollar_signs_is_plain_text_in_the_svg():
    import pandas as pd

    from fintrack.report import figures

    days = list(range(-1, 2))
    ar = pd.DataFrame({"rel_day": days, "ar": [0.0, 0.4, 0.0], "ar_var": [0.001] * 3})
    car = pd.DataFrame({"window": ["(0,0)"], "car": [0.4], "car_var": [0.001]})
    zoom = pd.DataFrame({"CAN": [100.0, 140.0, 139.0]}, index=days)
    title = r"up $1 trillion $\frac{$ event"  # invalid math text: parsed as math it would raise
    svg, size = figures.event_chart(zoom, {"market model": ar}, {"market model": car}, title)
    assert f">{title}</text>" in svg.decode("utf-8")  # drawn literally, as text
    assert size == (11.0, 3.5)  # the figure's inches: the PDF prints the SVG at this aspect ratio


@pytest.mark.parametrize("market, bitcoin", [("QQQ", "BTC-USD"), ("SPY", "ETH-USD")])
def test_rolling_chart_colours_the_market_and_bitcoin_by_role_whatever_their_tickers(market, bitcoin):
    import numpy as np
    import pandas as pd

    from fintrack.report import charts, figures

    days = pd.bdate_range("2021-01-04", periods=40, name="date")
    wave = np.sin(np.arange(40) / 5)
    rolling = pd.DataFrame({f"beta {bitcoin}": wave, f"corr {bitcoin}": wave / 2,
                            f"beta {market}": wave + 1, f"corr {market}": wave / 3}, index=days)
    svg = figures.rolling_chart(rolling, "RIOT", 20, market, bitcoin)[0].decode("utf-8")
    # the data lines (1 point wide: no stroke-width written); each series in both panels and the two legends
    strokes = re.findall(r"stroke: (#[0-9a-f]{6}); stroke-linecap: square", svg)
    assert strokes.count(charts.COLORS["market"]) == 4 and strokes.count(charts.COLORS["bitcoin"]) == 4, strokes
    assert f"vs {market}" in svg and f"vs {bitcoin}" in svg
