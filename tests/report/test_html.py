"""The HTML report: self-contained, every section, untrusted text escaped."""
from __future__ import annotations

import re

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
