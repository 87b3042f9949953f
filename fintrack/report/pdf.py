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
    such as "wire-2021-03-09-riot-jumps-c1" is one word and its column must be at least that wide."""
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


_HEADER_FILL = (238, 242, 246)
_PADDING_MM = 0.6  # around a cell's text, each side
_TOLERANCE = 1e-9  # fpdf2's FloatTolerance: a line may be this much wider than its cell


class _Wrapper:
    """The lines fpdf2's ``multi_cell`` (word wrap, left-aligned) would break a cell's text into, for one font.

    fpdf2 measures the growing line again for every character it adds (quadratic in a cell's length); this
    measures each distinct word once. Widths are what fpdf2 sums: the font's per-character widths (``cw``,
    thousandths of the font size, no kerning since text shaping is off), converted to mm in the same order of
    operations, so a line breaks exactly where fpdf2 breaks it. Like fpdf2, lines break at spaces (and the other
    breaking spaces, tab included), the space at a break is dropped, a word wider than the cell is cut where it
    overflows (no hyphen) and ``\\n`` starts a new line. Unlike fpdf2, a soft hyphen is dropped rather than
    used as a place to hyphenate.
    """

    def __init__(self, pdf) -> None:
        from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR

        self._spaces = BREAKING_SPACE_SYMBOLS_STR
        self._split = re.compile(f"([{re.escape(self._spaces)}])").split  # spaces kept as tokens of their own
        self._cw = pdf.current_font.cw  # a defaultdict: a character the font lacks has the font's default width
        self._size, self._k = pdf.font_size_pt, pdf.k
        self._words: dict[str, tuple[int, int]] = {}

    def _mm(self, units: int) -> float:
        return units * self._size * 0.001 / self._k

    def _overflows(self, units: int, last: int, width: float) -> bool:
        """Whether a line of ``units`` whose last character is ``last`` units wide is wider than ``width``:
        fpdf2's test when it adds that character (line so far + character)."""
        return self._mm(units - last) + self._mm(last) - width > _TOLERANCE

    def _measure(self, word: str) -> tuple[int, int]:
        """A word's width and its last character's, in font units."""
        known = self._words.get(word)
        if known is None:
            cw = self._cw
            known = self._words[word] = (sum(cw[ord(c)] for c in word), cw[ord(word[-1])])
        return known

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` mm (a single character wider than that still gets
        a line of its own)."""
        text = text.replace("\r", "").replace("\u00ad", "")
        segments = text.split("\n")
        out: list[str] = []
        for n, segment in enumerate(segments):
            units = self._wrap(segment, width, out)
            if not units and n == len(segments) - 1:
                out.pop()  # like fpdf2, a last line of no width is not a line ("a\\n" is one line)
        if not out:
            return [""]  # multi_cell gives any text a line (a lone soft hyphen)
        return [line.replace("\u00a0", " ") for line in out] if "\u00a0" in text else out  # fpdf2 prints it as a space

    def _wrap(self, segment: str, width: float, out: list[str]) -> int:
        """Append the lines of one paragraph (no newline in it) to ``out``; returns the last line's width."""
        line: list[str] = []
        units = 0
        space = -1  # index in ``line`` of its last breaking space: where an overflowing word breaks it
        for token in self._split(segment):
            if not token:
                continue
            size, last = self._measure(token)
            if len(token) == 1 and token in self._spaces:
                if self._overflows(units + size, last, width):
                    out.append("".join(line))  # the space that does not fit ends the line and is dropped
                    line, units, space = [], 0, -1
                    continue
                space = len(line)
                line.append(token)
                units += size
                continue
            if self._overflows(units + size, last, width):
                if space >= 0:  # break at the line's last space: the word starts the next line
                    out.append("".join(line[:space]))
                    line, units, space = [], 0, -1
                if line or self._overflows(size, last, width):  # no space to break at: cut the word
                    head, units = self._cut("".join(line), units, token, width, out)
                    line, space = [head], -1
                    continue
            line.append(token)
            units += size
        out.append("".join(line))
        return units

    def _cut(self, head: str, units: int, word: str, width: float, out: list[str]) -> tuple[str, int]:
        """Continue the line ``head`` (``units`` wide) with a word that does not fit, cut where a character
        overflows as fpdf2 cuts it (every line keeps at least one character); full lines go to ``out``, the
        last one is returned with its width for the caller to continue."""
        cw = self._cw
        start = 0
        for i, char in enumerate(word):
            w = cw[ord(char)]
            if (head or i > start) and self._mm(units) + self._mm(w) - width > _TOLERANCE:
                out.append(head + word[start:i])
                head, start, units = "", i, 0
            units += w
        return head + word[start:], units


class _Grid:
    """A table drawn with rectangles, lines and one ``text()`` per line of text.

    It looks like fpdf2's ``pdf.table()`` as this module called it (left-aligned text, vertically centred in its
    row, 0.6 mm padding, bold header row on a grey fill, borders ``ALL`` or ``SINGLE_TOP_LINE``, the header
    repeated on top of every page the table continues on, a row moved whole to the next page when it does not
    fit) at a fraction of the cost: ``pdf.table()`` breaks every cell through ``multi_cell`` twice (once to size
    the row, once to draw it). A row taller than a whole page is split across pages, its text top-aligned;
    ``pdf.table()`` raised an error. Only the header and verdict cells are filled: ``pdf.table()`` also filled
    every other cell with the document's last fill colour (the warnings' yellow, when a report had warnings).
    """

    def __init__(self, pdf, table: Table, widths: tuple[float, ...], size: float) -> None:
        self.pdf, self.size = pdf, size
        self.line_height = size * 0.5
        self.all_borders = len(table.columns) <= 9  # wide tables: only a line under the header
        total = sum(widths)
        self.widths = [w / total * pdf.epw for w in widths]  # pdf.table() scales col_widths to the page width
        self.xs = [pdf.l_margin]
        for w in self.widths[:-1]:
            self.xs.append(self.xs[-1] + w)
        pdf.set_font(_BODY, "B", size)
        self.header = self._cells(_Wrapper(pdf), table.columns)
        pdf.set_font(_BODY, "", size)
        body = _Wrapper(pdf)
        self.rows = [self._cells(body, row) for row in table.rows]
        highlight = table.highlight_index
        self.fills = [tuple(_hex_rgb(VERDICT_COLORS[c]) if i == highlight and c in VERDICT_COLORS else None
                            for i, c in enumerate(row)) for row in table.rows]
        self.header_height = self._height(self.header)

    def _cells(self, wrapper: _Wrapper, texts) -> list[list[str]]:
        return [wrapper.lines(str(t), w - 2 * _PADDING_MM) if t else [] for t, w in zip(texts, self.widths)]

    def _height(self, cells: list[list[str]]) -> float:
        """A row's height: its tallest cell's lines plus padding (one line height for a row of empty cells)."""
        most = max(len(lines) for lines in cells)
        return most * self.line_height + 2 * _PADDING_MM if most else self.line_height

    def draw(self) -> None:
        pdf = self.pdf
        fill = pdf.fill_color
        # room under the header on a fresh page; a taller row is split
        usable = pdf.page_break_trigger - pdf.t_margin - self.header_height
        first = self._height(self.rows[0])
        if first > usable:
            first = self.line_height + 2 * _PADDING_MM  # a row to split needs room for one line
        if pdf.will_page_break(self.header_height + first):
            pdf.add_page(same=True)  # the header row never ends a page alone
        self._draw_header()
        for cells, fills in zip(self.rows, self.fills):
            height = self._height(cells)
            if height > usable:
                self._draw_split(cells, fills)
                continue
            if pdf.will_page_break(height):
                self._new_page()
            self._draw_row(cells, fills, height, middle=True)
        pdf.set_fill_color(fill)
        pdf.set_font(_BODY, "", self.size)

    def _new_page(self) -> None:
        self.pdf.add_page(same=True)
        self._draw_header()

    def _draw_header(self) -> None:
        self.pdf.set_font(_BODY, "B", self.size)
        self._draw_row(self.header, (_HEADER_FILL,) * len(self.header), self.header_height, middle=True,
                       header=True)
        self.pdf.set_font(_BODY, "", self.size)

    def _draw_split(self, cells: list[list[str]], fills) -> None:
        """A row taller than a page: as many of its lines as fit on each page, the header on top of each new one."""
        pdf, line_height = self.pdf, self.line_height
        start, count, fresh = 0, max(len(lines) for lines in cells), False
        while start < count:
            room = int((pdf.page_break_trigger - pdf.y - 2 * _PADDING_MM) // line_height)
            if room < 1 and not fresh:
                self._new_page()
                fresh = True
                continue
            take = max(1, min(room, count - start))  # at least one line, even on a page too small for it
            self._draw_row([lines[start:start + take] for lines in cells], fills,
                           take * line_height + 2 * _PADDING_MM, middle=False)
            start += take
            if start < count:
                self._new_page()
                fresh = True

    def _draw_row(self, cells: list[list[str]], fills, height: float, middle: bool, header: bool = False) -> None:
        """One row at the current y, then y moves below it. Fills and borders first, then all text with the
        fill colour set back to the text colour (``text()`` would otherwise wrap each line in its own colour)."""
        pdf = self.pdf
        y = pdf.y
        for x, w, color in zip(self.xs, self.widths, fills):
            if color:
                pdf.set_fill_color(*color)
            if self.all_borders:
                pdf.rect(x, y, w, height, style="DF" if color else "D")
            else:  # SINGLE_TOP_LINE: fills, and one line under the header row
                if color:
                    pdf.rect(x, y, w, height, style="F")
                if header:
                    pdf.line(x, y + height, x + w, y + height)
        pdf.set_fill_color(pdf.text_color)
        line_height = self.line_height
        baseline = 0.5 * line_height + 0.3 * pdf.font_size  # where fpdf2 puts a line's baseline in its line box
        for x, lines in zip(self.xs, cells):
            top = y + _PADDING_MM + baseline
            if middle:
                top += (height - len(lines) * line_height - 2 * _PADDING_MM) / 2
            for i, line in enumerate(lines):
                if line:
                    pdf.text(x + _PADDING_MM, top + i * line_height, line)
        pdf.set_xy(pdf.l_margin, y + height)


def _table(pdf, table: Table, size: float = 7) -> None:
    """A titled table, "(none)" when it has no rows, and its note."""
    if table.title:
        _heading(pdf, table.title, 10)
    if not table.rows:
        _paragraph(pdf, "(none)")
        return
    pdf.set_font(_BODY, "", size)
    _Grid(pdf, table, _column_widths(pdf, table), size).draw()
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
    svg = _FONT_SIZE_PX.sub(rb"font-size: \1", _flattened(svg))
    return svg.replace(b"<svg ", b'<svg style="fill: #000000; stroke-linejoin: round" ', 1)


_SVG_NS, _XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"


def _flattened(svg: bytes) -> bytes:
    """``svg`` without the groups that only name an artist (``<g id="patch_3">``: no style, transform or clip)
    and without ``<metadata>``: the same drawing, and fpdf2 builds a graphics state per group (a fifth of its
    time on a chart). A ``<use>`` refers to ``<defs>`` paths only, never to such a group."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    group, metadata = f"{{{_SVG_NS}}}g", f"{{{_SVG_NS}}}metadata"

    def flatten(element) -> None:
        children = []
        for child in element:
            flatten(child)
            if child.tag == group and set(child.attrib) <= {"id"} and not (child.text or "").strip():
                children.extend(child)
            elif child.tag != metadata:
                children.append(child)
        element[:] = children

    root = ET.fromstring(svg)
    flatten(root)
    return ET.tostring(root)


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
