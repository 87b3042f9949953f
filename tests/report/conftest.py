"""A small hand-built report, so rendering is tested without running the pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.report import figures
from fintrack.report.content import Paragraph, ReportContent, Section, Table

HOSTILE = '<script>alert("pwned")</script> Canaan & co'


@pytest.fixture(scope="session")
def content() -> ReportContent:
    days = list(range(-2, 3))
    ar = pd.DataFrame({"event_id": "E1", "rel_day": days, "date": pd.bdate_range("2021-03-05", periods=5),
                       "ar": [0.01, -0.02, 0.46, 0.0, 0.05], "ar_var": [0.004] * 5})
    car = pd.DataFrame({"window": ["(0,0)", "(-1,+1)"], "car": [0.46, 0.44], "car_var": [0.004, 0.012]})
    zoom = pd.DataFrame({"CAN": [100, 101, 150, 149, 155], "QQQ": [100, 100, 102, 101, 101]}, index=days)
    images = figures.event_chart(zoom, {"market model": ar}, {"market model": car}, "CAN E1")
    claims = pd.DataFrame({"claim": ["c1", "c2"], "subject": ["CAN", "BTC-USD"],
                           "claimed": ["up as much as 37% on 2021-03-09", "more than $1 trillion"],
                           "measured": ["max rise +58.84%", "$1.02 trillion"], "verdict": ["consistent", "supported"]})
    events = Table("Events", ("event_id", "date", "description", "status"),
                   (("E1", "2021-03-09", "CAN up 37%", "studied"), ("E2", "", "unresolved", "not studied")),
                   highlight="status")
    return ReportContent(
        title="Test report \u2013 CAN", run_date="2026-01-02",
        headline=("CAN rose 50.45% on 2021-03-09; abnormal +46.33%.", "Claims checked: 2."),
        warnings=("BITF: stale",),
        notice="Prices through CAN 2025-09-29.",
        sections=(
            Section("studies", "Event studies", (figures.Chart("event-E1", "CAN E1", "AR and CAR", *images),
                                                 Table("CAR", ("window", "CAR"), (("(0,0)", "+46.33%"),)))),
            Section("charts", "Charts", ()),
            Section("events-claims", "Events and claims",
                    (events, Table.from_frame("Claims and verdicts", claims, highlight="verdict"),
                     Table("Articles", ("article_id", "title"), (("a1", HOSTILE),)))),
            Section("methodology", "Methodology", (Paragraph("Market model.", "Models"),)),
            Section("provenance", "Data provenance",
                    (Table("Price series", ("ticker", "sha256"), (("CAN", "abc123"),)),
                     Table("Software", ("package", "version"), (("pandas", pd.__version__),)))),
        ),
    )
