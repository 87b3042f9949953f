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
class StudySection:
    """One event study: its ``summary()`` text and its CAR table."""

    title: str
    summary: str
    table: Table


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows, in reading order.

    ``generated`` is the only line that may differ between two runs on the
    same inputs (it is labelled "generated at" in every format); ``volatile``
    lists other such values (fetch times of the price cache) so tests of
    determinism can normalise them.
    """

    title: str
    run_date: str
    headline: tuple[str, ...]
    warnings: tuple[str, ...]
    events: Table
    claims: Table
    articles: Table
    studies: tuple[StudySection, ...]
    charts: tuple[Chart, ...]
    methodology: tuple[tuple[str, str], ...]
    provenance: Table
    versions: Table
    generated: str = ""
    volatile: tuple[str, ...] = field(default=(), compare=False)

    SECTIONS = (
        ("headline", "Headline findings"),
        ("events-claims", "Events and claims"),
        ("studies", "Event studies"),
        ("charts", "Charts"),
        ("methodology", "Methodology"),
        ("provenance", "Data provenance"),
    )
