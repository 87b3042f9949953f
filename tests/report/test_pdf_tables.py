"""The PDF's tables: drawn by our own grid (rectangles and one text() per line), looking like fpdf2's table().

The tests read the PDF back: text and its positions through pypdf, fills and rectangles from the page content
streams, so a renderer that drops, misplaces or miscolours a cell fails here.
"""
from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import pytest

from fintrack.report.charts import VERDICT_COLORS
from fintrack.report.content import Section, Table
from fintrack.report.pdf import _BODY, _document, _hex_rgb, _Wrapper, render_pdf

_PT_PER_MM = 72 / 25.4


def _report(content, *tables: Table):
    return dataclasses.replace(content, sections=(Section("events-claims", "Events and claims", tables),))


def _pieces(data: bytes) -> list[tuple[int, float, float, str]]:
    """Every piece of text drawn, in drawing order: (page, x, y, text), x and y in pt from the bottom left."""
    out = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():  # pypdf may prefix a space to a piece on the same line as the one before
                out.append((number, tm[4], tm[5], text.strip()))
        page.extract_text(visitor_text=visit)
    return out


def _streams(data: bytes) -> list[str]:
    return [page.get_contents().get_data().decode("latin-1") for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _fills(stream: str) -> list[tuple[float, float, float]]:
    return [tuple(float(v) for v in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)]


def _has_fill(stream: str, rgb: tuple[int, int, int]) -> bool:
    return any(all(abs(a - b / 255) < 2e-3 for a, b in zip(fill, rgb)) for fill in _fills(stream))


CLAIMS = Table("Claims", ("claim", "subject", "claimed", "verdict"), (
    ("bi-2021-03-09-canaan-37pct-c1", "CAN", "up as much as 37% on 2021-03-09", "consistent"),
    ("bi-2021-03-09-canaan-37pct-c2", "CAN",
     "Canaan said it shipped more than 6,400 mining rigs to a buyer in Chile during the winter quarter, "
     "and that its backlog of orders for the next two quarters had more than doubled since the autumn; the company "
     "expects to ship the remaining rigs before the summer, when its new factory in Malaysia opens", "contradicted"),
), highlight="verdict")


def test_every_cell_comes_back_whole_including_wrapped_text_and_hyphenated_ids(content):
    pieces = _pieces(render_pdf(_report(content, CLAIMS)))
    text = " ".join(p[3] for p in pieces)  # a wrapped cell's lines are drawn one after the other
    for cell in CLAIMS.columns + tuple(c for row in CLAIMS.rows for c in row):
        assert cell in text, cell
    long_cell = CLAIMS.rows[1][2]
    lines = [p for p in pieces if p[3] in long_cell]
    assert len(lines) >= 3  # it wrapped...
    assert len({round(p[1], 2) for p in lines}) == 1  # ...every line starting at the column's left edge
    subject = next(p for p in pieces if p[3] == "CAN" and p[2] < lines[0][2])
    assert subject[2] == pytest.approx((lines[0][2] + lines[-1][2]) / 2, abs=0.05)  # centred on the row, as before


def test_a_table_longer_than_a_page_repeats_its_header_row_on_every_page(content):
    rows = tuple((f"c{i}", "CAN", f"claim number {i} " * (1 + i % 5), "supported") for i in range(150))
    table = Table("Claims", ("claim", "subject", "claimed", "verdict"), rows, highlight="verdict")
    pieces = _pieces(render_pdf(_report(content, table)))
    pages = sorted({p[0] for p in pieces if re.fullmatch(r"c\d+", p[3])})
    assert len(pages) >= 3
    for page in pages:
        on_page = [p for p in pieces if p[0] == page]
        header = [p for p in on_page if p[3] == "claimed"]
        assert len(header) == 1, page
        ids = [p for p in on_page if re.fullmatch(r"c\d+", p[3])]
        assert all(p[2] < header[0][2] for p in ids), page  # the header row is above the rows (y grows upwards)
    assert [p[3] for p in pieces if re.fullmatch(r"c\d+", p[3])] == [f"c{i}" for i in range(150)]  # each row once


def test_a_word_wider_than_its_column_is_cut_inside_the_column(content):
    word = "x" * 150
    table = Table("Too long", ("a", "b"), ((word + " tail", "next column"),))
    data = render_pdf(_report(content, table))
    pieces = _pieces(data)
    cut = [p for p in pieces if p[3].startswith("xxx")]
    assert "".join(p[3] for p in cut) == word + " tail" and len(cut) > 1  # cut, no hyphen; "tail" follows the rest
    next_column = next(p for p in pieces if p[3] == "next column")
    pdf = _document(content)
    pdf.add_page()
    pdf.set_font(_BODY, "", 6.5)
    for piece in cut:
        right = piece[1] + pdf.get_string_width(piece[3]) * _PT_PER_MM
        assert right < next_column[1], piece  # never reaches the next column's text (0.6 mm padding on each side)


def test_line_breaks_are_fpdf2s_own(content):
    """The grid's wrapper breaks lines exactly where fpdf2's multi_cell breaks them (what pdf.table() used)."""
    pdf = _document(content)
    pdf.add_page()
    texts = ["bi-2021-03-09-canaan-37pct-c1", "up as much as 37% on 2021-03-09", "two  spaces  and\nnewline\n",
             "a " + "w" * 90 + " b", "tab\tseparated words here", "emoji \U0001F680 rocket", "non\u00a0breaking space",
             " leading space", "trailing space ", "\n\nblank lines", CLAIMS.rows[1][2]]
    for style in ("", "B"):
        pdf.set_font(_BODY, style, 6.5)
        for width in (6.0, 11.3, 24.7, 60.0):
            wrapper = _Wrapper(pdf)
            for text in texts:
                expected = pdf.multi_cell(width, 3.25, text, dry_run=True, output="LINES", padding=0.6, align="L")
                assert wrapper.lines(text, width - 1.2) == expected, (text, width, style)


def test_verdict_cells_and_the_header_are_filled_and_nothing_else(content):
    assert content.warnings  # the warning box's fill colour must not leak into the table
    streams = _streams(render_pdf(_report(content, CLAIMS)))
    page = next(s for s in streams if "re B" in s)
    assert _has_fill(page, _hex_rgb(VERDICT_COLORS["consistent"]))
    assert _has_fill(page, _hex_rgb(VERDICT_COLORS["contradicted"]))
    assert _has_fill(page, (238, 242, 246))
    assert not _has_fill(page, _hex_rgb(VERDICT_COLORS["supported"]))  # no such verdict in this table
    filled, outlined = page.count("re B"), page.count("re S")
    assert (filled, outlined) == (4 + 2, 3 * 2)  # header and verdict cells filled; the others only outlined


def test_wide_tables_draw_one_line_under_the_header_and_no_boxes(content):
    columns = tuple(f"c{i}" for i in range(10))
    table = Table("Wide", columns, tuple(tuple(f"r{r}v{i}" for i in range(10)) for r in range(3)))
    data = render_pdf(dataclasses.replace(_report(content, table), warnings=()))
    page = _streams(data)[next(p[0] for p in _pieces(data) if p[3] == "r0v0")]
    assert "re S" not in page and "re B" not in page
    assert page.count(" l S") == 10  # SINGLE_TOP_LINE: a line under each header cell...
    assert page.count("re f") == 10 and _has_fill(page, (238, 242, 246))  # ...on its fill; the rows are not filled


def test_an_empty_table_prints_none(content):
    text = " ".join(p[3] for p in _pieces(render_pdf(_report(content, Table("Nothing here", ("a", "b"), ())))))
    assert "Nothing here" in text and "(none)" in text


def test_table_bytes_are_deterministic(content):
    rows = tuple((f"c{i}", "x " * (i % 40), "supported") for i in range(120))
    report = _report(content, Table("Many", ("id", "text", "verdict"), rows, highlight="verdict"))
    assert render_pdf(report) == render_pdf(report)


def test_a_character_the_font_lacks_is_dropped_not_raised(content):
    table = Table("Emoji", ("a", "b"), (("rocket \U0001F680 launch", "after"),))
    text = " ".join(p[3] for p in _pieces(render_pdf(_report(content, table))))
    assert "rocket" in text and "launch" in text and "after" in text


@pytest.mark.parametrize("columns", [2, 11])
def test_a_row_taller_than_a_page_is_split_across_pages(content, columns):
    words = [f"w{i}" for i in range(5000)]
    cells = (" ".join(words),) + ("short",) * (columns - 1)
    table = Table("Huge row", tuple(f"h{i}" for i in range(columns)), (cells, ("after",) + ("",) * (columns - 1)))
    data = render_pdf(_report(content, table))
    pieces = _pieces(data)
    assert " ".join(p[3] for p in pieces if p[3].startswith("w")).split() == words  # every word, in order
    pages = sorted({p[0] for p in pieces if p[3].startswith("w")})
    assert len(pages) >= 2
    for page in pages:  # the header on top of each page the row continues on
        assert any(p[3] == "h0" for p in pieces if p[0] == page)
    assert any(p[3] == "after" for p in pieces)
    for page in pages:  # nothing drawn below the bottom margin (16 mm)
        assert min(p[2] for p in pieces if p[0] == page and p[3].startswith("w")) > 16 * _PT_PER_MM
