"""Render a :class:`~fintrack.report.content.ReportContent` as a paginated PDF with fpdf2.

Pure Python, no system packages: the fonts are the DejaVu TrueType files that
ship inside matplotlib (``matplotlib/mpl-data/fonts/ttf``), so any Unicode text
from an article prints instead of failing on latin-1 core fonts. Text is drawn
as text: markup in an article title (``<script>``) is printed literally.

Charts are the SVG the HTML shows, drawn by fpdf2 as vector graphics (lines,
clip paths, text in the embedded fonts): sharp at any zoom, and cheaper than
drawing each figure a second time as pixels. :func:`_fpdf_svg` adapts the few
things fpdf2 reads differently from a browser.

The PDF is deterministic for a given content: its creation date is the run
date, not the clock.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from fintrack.report.charts import VERDICT_COLORS
from fintrack.report.content import ReportContent, Table
from fintrack.report.figures import Chart

#: The body font's family name: the one matplotlib's SVG text names first, so fpdf2 draws chart text in the
#: embedded DejaVu fonts (any other name falls through to a latin-1 core font, e.g. Helvetica for "Arial").
_BODY = "DejaVu Sans"
#: Tallest a chart is printed (mm); a taller one (the claims chart of many rows) is shrunk to it, narrower than the
#: page, to leave room for its title and caption.
_CHART_MAX_HEIGHT_MM = 150.0


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _document(content: ReportContent):
    from fpdf import FPDF

    class _ReportPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(_BODY, size=7)
            self.set_text_color(120, 120, 120)
            self.cell(0, 6, f"{content.title} - {content.run_date} - page {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = _ReportPDF(orientation="portrait", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font(_BODY, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(_BODY, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(content.title)
    pdf.set_author("fintrack")
    pdf.set_creator("fintrack")
    pdf.set_producer("fintrack")
    try:
        stamp = dt.datetime.fromisoformat(content.run_date).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        stamp = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    pdf.set_creation_date(stamp)
    return pdf


def _heading(pdf, text: str, size: float = 13) -> None:
    pdf.set_font(_BODY, "B", size)
    pdf.set_text_color(31, 78, 121)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _paragraph(pdf, text: str, size: float = 9) -> None:
    pdf.set_font(_BODY, "", size)
    pdf.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


_CELL_PADDING_MM = 1.6   # left + right padding of a cell (padding=0.6 each side, plus slack)
_LONGEST_WORD_MM = 48.0  # a longer token (over ~40 characters at 6.5 pt) may wrap mid-word, not starve others
_LONGEST_CELL_MM = 120.0


def _words(text: str) -> list[str]:
    """The pieces a line may break between: fpdf2 breaks lines at spaces only (not after a hyphen), so an id
    such as "bi-2021-03-09-canaan-37pct-c1" is one word and its column must be at least that wide."""
    return text.split()


def _column_widths(pdf, table: Table) -> tuple[float, ...]:
    """Column widths (mm) that never split a word the font can fit, sharing the rest by text length.

    Each column gets at least the width of its longest word (capped, so one long
    identifier cannot take the page); what is left of the page width goes to the
    columns in proportion to how much wider their longest cell is than that.
    """
    total = pdf.epw
    family, size = pdf.font_family, pdf.font_size_pt
    minimum, desired = [], []
    for i, heading in enumerate(table.columns):
        cells = [str(row[i]) for row in table.rows]
        pdf.set_font(family, "B", size)  # headings are bold, hence wider
        head_word = max((pdf.get_string_width(w) for w in heading.split()), default=0.0)
        head_width = pdf.get_string_width(heading)
        pdf.set_font(family, "", size)
        widest_word = max([head_word] + [pdf.get_string_width(w) for c in cells for w in _words(c)])
        minimum.append(min(widest_word, _LONGEST_WORD_MM) + _CELL_PADDING_MM)
        widest_cell = max([head_width] + [pdf.get_string_width(c) for c in cells])
        desired.append(min(widest_cell, _LONGEST_CELL_MM) + _CELL_PADDING_MM)
    floor = sum(minimum)
    if floor >= total:
        return tuple(m * total / floor for m in minimum)
    room = [max(d - m, 0.0) for d, m in zip(desired, minimum)]
    spare = total - floor
    if sum(room) <= spare:  # everything fits on one line: keep natural widths, spread the rest evenly
        return tuple(d + (spare - sum(room)) / len(desired) for d in desired)
    return tuple(m + spare * r / sum(room) for m, r in zip(minimum, room))


def _table(pdf, table: Table, size: float = 7) -> None:
    from fpdf.fonts import FontFace

    if table.title:
        _heading(pdf, table.title, 10)
    if not table.rows:
        _paragraph(pdf, "(none)")
        return
    pdf.set_font(_BODY, "", size)
    widths = _column_widths(pdf, table)
    highlight = table.highlight_index
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=size * 0.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(238, 242, 246)),
                   borders_layout="SINGLE_TOP_LINE" if len(table.columns) > 9 else "ALL",
                   padding=0.6) as grid:
        header = grid.row()
        for col in table.columns:
            header.cell(col)
        for row in table.rows:
            line = grid.row()
            for i, cell in enumerate(row):
                color = VERDICT_COLORS.get(cell) if i == highlight else None
                if color:
                    line.cell(cell, style=FontFace(fill_color=_hex_rgb(color)))
                else:
                    line.cell(cell)
    if table.note:
        _paragraph(pdf, table.note, 7.5)
    pdf.ln(2)


#: matplotlib writes font sizes in px, meaning SVG user units (here points, as the viewBox is in points); fpdf2
#: reads a px as 0.75 of a user unit, which would print every chart's text at three quarters of its size
_FONT_SIZE_PX = re.compile(rb"font-size: ?([0-9.]+)px")


def _fpdf_svg(svg: bytes) -> bytes:
    """matplotlib's SVG as fpdf2 should read it to draw what a browser draws.

    Besides the font sizes (``_FONT_SIZE_PX``), two defaults go on the root
    element: the round line joins matplotlib sets in a ``*`` style rule, which
    fpdf2 does not apply (without them, jagged price lines grow miter spikes),
    and the black fill of text, which matplotlib leaves to SVG's default and
    fpdf2 would take from the page's current fill colour.
    """
    svg = _FONT_SIZE_PX.sub(rb"font-size: \1", svg)
    return svg.replace(b"<svg ", b'<svg style="fill: #000000; stroke-linejoin: round" ', 1)


def _image(pdf, chart: Chart, width: float) -> None:
    pdf.image(io.BytesIO(_fpdf_svg(chart.svg)), w=width, x=pdf.l_margin)
    pdf.ln(2)


def _room_for(pdf, height: float) -> None:
    """Start a new page unless ``height`` mm still fit on this one (keeps a chart with its title)."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF bytes: the same sections as the HTML, paginated (A4).

    Characters the embedded font lacks (emoji, CJK) are left out of the PDF,
    charts included, silently; the HTML report shows them.
    """
    import logging

    fpdf_log = logging.getLogger("fpdf")
    level = fpdf_log.level
    # fpdf warns on stderr once per missing glyph, and about each chart's <metadata> (which it skips: nothing drawn)
    fpdf_log.setLevel(logging.ERROR)
    try:
        return _render_pdf(content)
    finally:
        fpdf_log.setLevel(level)


def _chart_size(pdf, chart: Chart) -> tuple[float, float]:
    """Width and height (mm) a chart is drawn at: the figure's aspect ratio at page width, tall figures shrunk to
    ``_CHART_MAX_HEIGHT_MM``."""
    width = pdf.epw
    height = width * chart.size[1] / chart.size[0]
    if height > _CHART_MAX_HEIGHT_MM:
        width *= _CHART_MAX_HEIGHT_MM / height
        height = _CHART_MAX_HEIGHT_MM
    return width, height


def _block_height(pdf, block) -> float:
    """Room (mm) the start of a block needs on a page: a whole chart, or a table title and a few rows."""
    return _chart_size(pdf, block)[1] + 14 if isinstance(block, Chart) else 24


def _chart(pdf, chart: Chart) -> None:
    width, height = _chart_size(pdf, chart)
    _room_for(pdf, height + 14)
    _heading(pdf, chart.title, 9.5)
    _image(pdf, chart, width)
    _paragraph(pdf, chart.caption, 7)


def _block(pdf, block) -> None:
    if isinstance(block, Chart):
        _chart(pdf, block)
    elif isinstance(block, Table):
        _room_for(pdf, 24)  # a table title never ends a page alone
        _table(pdf, block, 6.5)
    else:
        if block.heading:
            _room_for(pdf, 16)
            _heading(pdf, block.heading, 10)
        _paragraph(pdf, block.text, 8.5)


def _render_pdf(content: ReportContent) -> bytes:
    pdf = _document(content)
    pdf.add_page()
    pdf.set_font(_BODY, "B", 16)
    pdf.multi_cell(0, 8, content.title, new_x="LMARGIN", new_y="NEXT")
    meta = f"Run date {content.run_date}"
    if content.generated:
        meta += f" - generated at {content.generated}"
    _paragraph(pdf, meta, 8.5)
    if content.notice:
        _paragraph(pdf, content.notice, 8)

    _heading(pdf, "Headline findings")
    for warning in content.warnings:
        pdf.set_fill_color(255, 243, 205)
        pdf.set_font(_BODY, "", 8.5)
        pdf.multi_cell(0, 4.2, "Warning: " + warning, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    for line in content.headline:
        _paragraph(pdf, "\u2022 " + line)

    for section in content.sections:
        _room_for(pdf, 12 + (_block_height(pdf, section.blocks[0]) if section.blocks else 0))  # no orphan heading
        pdf.ln(2)
        _heading(pdf, section.heading)
        for block in section.blocks:
            _block(pdf, block)
    return bytes(pdf.output())
