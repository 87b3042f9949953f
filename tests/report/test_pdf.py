"""The PDF report: paginated, same content as the HTML, Unicode and markup printed as text."""
from __future__ import annotations

import io

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
