"""The PDF report: paginated, same content as the HTML, Unicode and markup printed as text."""
from __future__ import annotations

import io
import re

import pandas as pd
import pypdf

from fintrack.report.pdf import render_pdf


def _pages(content) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    return [page.extract_text() for page in reader.pages]


def test_pdf_is_compact_with_the_headline_first(content):
    pages = _pages(content)
    # sections flow on without forced page breaks: this small report fits on two pages, none of them near-empty
    assert len(pages) <= 2
    assert "Headline findings" in pages[0] and "+46.33%" in pages[0]
    text = "\n".join(pages)
    for heading in ("Event studies", "Events and claims", "Methodology", "Data provenance"):
        assert heading in text
    assert text.index("Event studies") < text.index("Events and claims") < text.index("Methodology")


def test_pdf_prints_untrusted_markup_literally_and_keeps_unicode(content):
    text = "\n".join(_pages(content))
    assert "<script>alert" in text
    assert "Test report \u2013 CAN" in text


def test_pdf_bytes_are_deterministic(content):
    assert render_pdf(content) == render_pdf(content)


def test_long_hyphenated_ids_are_never_broken_inside_a_cell(content):
    import dataclasses

    from fintrack.report.content import Section, Table

    ids = [f"xx-2021-03-09-example-co-37pct-c{i}" for i in range(1, 4)]  # 32 characters, as long as real ids
    table = Table("Other figures", ("claim", "subject", "metric", "figure", "context", "why"),
                  tuple((i, "XYZ", "financial_figure", "about 6,400 on 2021-01-23",
                         "Example Corp said it shipped 6,400 rigs to a buyer in Chile during the winter quarter",
                         "not a price claim (financial_figure)") for i in ids))
    report = dataclasses.replace(content, sections=(Section("events-claims", "Events and claims", (table,)),))
    lines = "\n".join(_pages(report)).splitlines()
    for claim_id in ids:  # each id whole on one line
        assert any(claim_id in line for line in lines), claim_id


def _report_with(content, *charts):
    import dataclasses

    from fintrack.report.content import Section

    return dataclasses.replace(content, sections=(Section("charts", "Charts", charts),))


def _streams(pdf_bytes: bytes) -> tuple[list, str]:
    """The pages and their content streams decoded (fpdf2 writes text as glyph ids, operators as ASCII)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages
    return pages, "\n".join(page.get_contents().get_data().decode("latin-1") for page in pages)


def _fill_colour_at(stream: str, position: int) -> str:
    """The fill colour operator in effect at ``position`` of a content stream (q/Q save and restore it)."""
    stack, fill = [], "0 g"  # a page starts filling black
    for op in re.finditer(r"\bq\b|\bQ\b|(?:-?[0-9.]+ ){3}rg|(?:-?[0-9.]+ )g\b", stream[:position]):
        if op.group() == "q":
            stack.append(fill)
        elif op.group() == "Q":
            fill = stack.pop()
        else:
            fill = op.group().strip()
    return fill


def test_charts_are_drawn_as_vectors_with_their_text_in_the_embedded_fonts(content):
    data = render_pdf(content)
    pages, stream = _streams(data)
    text = "\n".join(page.extract_text() for page in pages)
    # the event chart's own text: panel titles, axis labels, tick labels with the minus sign U+2212
    for label in ("Daily abnormal return, 95% interval", "session relative to day 0", "\u22122", "CAR(0,0)"):
        assert label in text, label
    assert re.search(r"\d l\b", stream) and re.search(r"\bS\b", stream)  # lines as path operators, stroked
    assert " W n" in stream  # clip paths: a line or error bar beyond the axes limits stops at the axes
    assert b"/LJ 1" in data  # round line joins, as matplotlib's SVG sets them (miter joins spike on jagged lines)
    # chart text at the figure's point sizes (matplotlib's "9px" is 9 user units, not 6.75), drawn black although
    # the report's warning box left the page's fill colour yellow
    tick = stream.index("/F1 9 Tf")
    assert "6.75 Tf" not in stream and _fill_colour_at(stream, tick) in ("0 g", "0 0 0 rg")
    for page in pages:  # no chart as a picture; every font an embedded DejaVu (never a latin-1 core font)
        resources = page["/Resources"]
        assert all(x.get_object()["/Subtype"] != "/Image" for x in (resources.get("/XObject") or {}).values())
        for font in (resources.get("/Font") or {}).values():
            assert "DejaVuSans" in font.get_object()["/BaseFont"]


def test_chart_title_with_emoji_cjk_and_markup_prints_as_text(content):
    from fintrack.report import figures

    from .conftest import HOSTILE

    chart = next(b for s in content.sections for b in s.blocks if isinstance(b, figures.Chart))
    days = list(range(-1, 2))
    ar = pd.DataFrame({"rel_day": days, "ar": [0.0, 0.4, 0.0], "ar_var": [0.001] * 3})
    car = pd.DataFrame({"window": ["(0,0)"], "car": [0.4], "car_var": [0.001]})
    zoom = pd.DataFrame({"CAN": [100.0, 140.0, 139.0]}, index=days)
    title = "CAN \U0001f680 \u6bd4\u7279\u5e01 " + HOSTILE
    hostile = figures.Chart("event-x", "x", "x", *figures.event_chart(zoom, {"m": ar}, {"m": car}, title))
    pages, _ = _streams(render_pdf(_report_with(content, chart, hostile)))
    text = "\n".join(page.extract_text() for page in pages)
    # the glyphs DejaVu lacks are left out, the markup is printed literally (the chart's own title line)
    assert "CAN " + HOSTILE in " ".join(text.split()) and "\U0001f680" not in text


def test_decomposition_second_model_is_drawn_light_and_outlined_not_hatched(content):
    from matplotlib.colors import to_rgb

    from fintrack.report import charts, figures

    frame = pd.DataFrame({"window": ["(0,0)", "(-1,+1)"], "raw": [0.5, 0.4], "alpha": [0.01, 0.02],
                          "market": [0.03, -0.01], "bitcoin": [0.0, 0.05], "abnormal": [0.46, 0.34]})
    parts = {"market model": frame, "market + bitcoin model": frame.assign(bitcoin=[0.1, 0.1], abnormal=[0.36, 0.24])}
    svg, size = figures.decomposition_chart(parts, "QQQ", "BTC-USD")
    assert b"<pattern" not in svg and b"Gradient" not in svg and b"<image" not in svg  # all drawn by fpdf2
    assert "solid: market model | light, outlined: market + bitcoin model" in svg.decode("utf-8")
    _, stream = _streams(render_pdf(_report_with(content, figures.Chart("decomposition", "d", "d", svg, size))))
    fills = {tuple(float(v) for v in m.split()) for m in re.findall(r"((?:[0-9.]+ ){3})rg", stream)}
    for part in ("abnormal", "bitcoin"):  # each model's bar of the part: solid colour and its light tint
        solid = to_rgb(charts.COLORS[part])
        light = tuple(1 - charts.DECOMPOSITION_TINT * (1 - c) for c in solid)
        for colour in (solid, light):
            assert any(max(abs(a - b) for a, b in zip(colour, fill)) < 1.5 / 255 for fill in fills), (part, colour)


def test_svg_for_fpdf2_drops_only_groups_that_name_an_artist_and_keeps_every_drawing_element(content):
    import xml.etree.ElementTree as ET

    from fintrack.report.content import Chart
    from fintrack.report.pdf import _flattened

    chart = next(b for s in content.sections for b in s.blocks if isinstance(b, Chart))
    before, after = ET.fromstring(chart.svg), ET.fromstring(_flattened(chart.svg))
    drawn = ("path", "use", "text", "rect", "clipPath", "defs")

    def elements(root, tags):
        return [(e.tag.split("}")[1], tuple(sorted(e.attrib.items()))) for e in root.iter()
                if e.tag.split("}")[1] in tags]

    assert elements(after, drawn) == elements(before, drawn)  # the same drawing, in the same order
    groups = lambda root, bare: [g for g in root.iter("{http://www.w3.org/2000/svg}g")  # noqa: E731
                                 if (set(g.attrib) <= {"id"}) == bare]
    assert groups(before, bare=True) and not groups(after, bare=True)
    assert [g.attrib for g in groups(after, bare=False)] == [g.attrib for g in groups(before, bare=False)]
    assert not list(after.iter("{http://www.w3.org/2000/svg}metadata"))
