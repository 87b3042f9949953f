"""What a report says, independent of its format.

The pipeline fills one :class:`ReportContent`; :mod:`fintrack.report.html` and
:mod:`fintrack.report.pdf` render the same object, so the HTML and the PDF
cannot drift apart. Every cell is already a display string: formatting
decisions (percent, p-values, dates) are made once, in the pipeline.

Text that came from articles (titles, sentences, claims) is untrusted; it is
stored here verbatim and escaped by the renderers (Jinja2 autoescape for HTML;
the PDF draws text, it does not interpret markup).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union

import pandas as pd

from fintrack.report.figures import Chart


@dataclass(frozen=True)
class Table:
    """A titled table of display strings; ``highlight`` names a column coloured by value (verdicts)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    highlight: str = ""
    note: str = ""
    kind: ClassVar[str] = "table"

    @classmethod
    def from_frame(cls, title: str, frame: pd.DataFrame, *, highlight: str = "", note: str = "") -> Table:
        rows = tuple(tuple("" if _missing(v) else str(v) for v in row) for row in frame.itertuples(index=False))
        return cls(title, tuple(str(c) for c in frame.columns), rows, highlight, note)

    @property
    def highlight_index(self) -> int:
        return self.columns.index(self.highlight) if self.highlight in self.columns else -1


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose, with an optional sub-heading (methodology)."""

    text: str
    heading: str = ""
    kind: ClassVar[str] = "paragraph"


Block = Union[Table, Chart, Paragraph]


@dataclass(frozen=True)
class Section:
    """A titled part of the report: tables, charts and paragraphs in reading order."""

    id: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows, in reading order: headline, then sections.

    ``notice`` labels the data once at the top (last session, stale or sample
    data). ``generated`` is the only line that may differ between two runs on
    the same inputs (it is labelled "generated at" in every format);
    ``volatile`` lists other such values (fetch times of the price cache) so
    tests of determinism can normalise them.
    """

    title: str
    run_date: str
    headline: tuple[str, ...]
    warnings: tuple[str, ...]
    sections: tuple[Section, ...]
    notice: str = ""
    generated: str = ""
    volatile: tuple[str, ...] = field(default=(), compare=False)

    #: Section ids and headings in reading order: results first, inputs after.
    SECTIONS = (
        ("headline", "Headline findings"),
        ("studies", "Event studies"),
        ("charts", "Charts"),
        ("events-claims", "Events and claims"),
        ("methodology", "Methodology"),
        ("provenance", "Data provenance"),
    )

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart of every section, in reading order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Chart))
