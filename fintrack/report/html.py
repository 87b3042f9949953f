"""Render a :class:`~fintrack.report.content.ReportContent` as one self-contained HTML file.

Charts are embedded as base64 SVG ``data:`` URIs (vector, sharp at any zoom;
an SVG shown through ``<img>`` runs no script) and the stylesheet is inline,
so the file opens in a browser with no network. The Jinja2 environment has
autoescape on for every template: article titles, sentences and claims are
untrusted input and must never become markup.
"""
from __future__ import annotations

import base64
from functools import lru_cache

from fintrack.report.content import ReportContent


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fintrack.report", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def render_html(content: ReportContent) -> str:
    """The report as an HTML document (str)."""
    return _environment().get_template("report.html.j2").render(c=content)
