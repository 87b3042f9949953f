"""The PDF report: paginated, same content as the HTML, Unicode and markup printed as text."""
from __future__ import annotations

import io

import pypdf

from fintrack.report.pdf import render_pdf


def _pages(content) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    return [page.extract_text() for page in reader.pages]


def test_pdf_has_a_page_per_part_and_the_headline(content):
    pages = _pages(content)
    # title+headline+events/claims, studies, charts, methodology+provenance: 4 pages for this small report
    assert len(pages) == 4
    assert "Headline findings" in pages[0] and "+46.33%" in pages[0]
    assert "Event studies" in pages[1]
    assert "Charts" in pages[2]
    assert "Methodology" in pages[3] and "Data provenance" in pages[3]


def test_pdf_prints_untrusted_markup_literally_and_keeps_unicode(content):
    text = "\n".join(_pages(content))
    assert "<script>alert" in text
    assert "Test report \u2013 CAN" in text


def test_pdf_bytes_are_deterministic(content):
    assert render_pdf(content) == render_pdf(content)
