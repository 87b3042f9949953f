"""A small hand-built report, so rendering is tested without running the pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from fintrack.report import compute, figures
from fintrack.report.content import ReportContent, StudySection, Table

HOSTILE = '<script>alert("pwned")</script> Canaan & co'


@pytest.fixture(scope="session")
def content() -> ReportContent:
    ar = pd.DataFrame({"event_id": "E1", "rel_day": range(-2, 3),
                       "date": pd.bdate_range("2021-03-05", periods=5), "ar": [0.01, -0.02, 0.46, 0.0, 0.05],
                       "ar_var": [0.004] * 5})
    png = figures.event_chart(compute.ar_car_path(ar, "E1"), "CAN E1", dpi=60)
    claims = pd.DataFrame({"claim": ["c1", "c2"], "subject": ["CAN", "BTC-USD"],
                           "claimed": ["up as much as 37% on 2021-03-09", "more than $1 trillion"],
                           "measured": ["max rise +58.84%", "$1.02 trillion"], "verdict": ["consistent", "supported"]})
    return ReportContent(
        title="Test report \u2013 CAN", run_date="2026-01-02",
        headline=("CAN on 2021-03-09: CAR(0,0) +46.33%.", "Claims checked: 2."),
        warnings=("BITF: stale",),
        events=Table("Events", ("event_id", "date", "description", "status"),
                     (("E1", "2021-03-09", "CAN up 37%", "studied"), ("E2", "", "unresolved", "not studied")),
                     highlight="status"),
        claims=Table.from_frame("Claims and verdicts", claims, highlight="verdict"),
        articles=Table("Articles", ("article_id", "title"), (("a1", HOSTILE),)),
        studies=(StudySection("CAN - market model", "Event Study Results\n  CAR (0,0) 0.4633", 
                              Table("CAR", ("window", "CAR"), (("(0,0)", "+46.33%"),))),),
        charts=(figures.Chart("event-E1", "CAN E1", "AR and CAR", png),),
        methodology=(("Models", "Market model."),),
        provenance=Table("Price series", ("ticker", "sha256"), (("CAN", "abc123"),)),
        versions=Table("Software", ("package", "version"), (("pandas", pd.__version__),)),
    )
