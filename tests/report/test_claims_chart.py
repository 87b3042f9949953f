"""The claims chart draws ``report.claims_chart_top`` price claims (contradicted first); the table says which are not
drawn; the setting is validated."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from fintrack.config import load_config
from fintrack.errors import ConfigError
from fintrack.report import build, compute, sections

from .test_sections import _inputs


def _verdicts(n: int, contradicted_last: bool = True) -> pd.DataFrame:
    verdict = ["supported"] * n
    if contradicted_last:
        verdict[-1] = "contradicted"
    return pd.DataFrame({
        "claim_id": [f"a1-c{i}" for i in range(1, n + 1)], "subject": "XYZ",
        "claimed": [f"up {i}% on 2021-03-09" for i in range(1, n + 1)], "tolerance": [f"[{i - 0.5}, {i + 0.5})%"
                                                                               for i in range(1, n + 1)],
        "measured": [float(i) for i in range(1, n + 1)], "measured_text": [f"+{i}.00%" for i in range(1, n + 1)],
        "low": [float(i) for i in range(1, n + 1)], "high": [float(i) for i in range(1, n + 1)], "verdict": verdict,
        "claimed_value": [float(i) for i in range(1, n + 1)], "reason": "", "metric": "close_to_close_move",
        "sessions": "2021-03-09"})


def _charts(inp):
    rolling = compute.rolling_beta_corr(inp.returns, inp.primary, [inp.bitcoin, inp.market], window=60)
    return build.overview_charts(inp, rolling)


def test_chart_frame_puts_contradicted_claims_first_and_keeps_the_rest_in_order():
    frame = sections.claims_chart_frame(_verdicts(5))
    assert frame["claim_id"].tolist() == ["a1-c5", "a1-c1", "a1-c2", "a1-c3", "a1-c4"]


def test_claims_chart_draws_the_configured_number_and_the_table_names_the_rest():
    inp = dataclasses.replace(_inputs(), verdicts=_verdicts(5), claims_chart_top=3)
    chart = [c for c in _charts(inp) if c.name == "claims"]
    assert len(chart) == 1 and "The first 3 of 5 are drawn" in chart[0].caption
    checked, _ = sections.claims_tables(inp)
    assert checked.note == ("2 of the 5 claims with a measured value are not drawn in the claims chart "
                            "(report.claims_chart_top = 3): a1-c3, a1-c4. Every verdict is in claims.csv.")
    assert len(checked.rows) == 5  # the table keeps every claim


def test_all_claims_drawn_means_no_note_and_zero_means_no_chart():
    inp = dataclasses.replace(_inputs(), verdicts=_verdicts(3), claims_chart_top=8)
    assert sections.claims_tables(inp)[0].note == ""
    none = dataclasses.replace(inp, claims_chart_top=0)
    assert [c.name for c in _charts(none) if c.name == "claims"] == []
    assert "3 of the 3 claims" in sections.claims_tables(none)[0].note


def test_claims_chart_top_defaults_to_8(tmp_path):
    assert load_config(overrides={"output": tmp_path}).claims_chart_top == 8


@pytest.mark.parametrize("value", ["31", "-1", "2.5", '"8"', "true"])
def test_claims_chart_top_outside_0_to_30_or_not_a_whole_number_is_one_config_error(tmp_path, value):
    toml = tmp_path / "fintrack.toml"
    toml.write_text(f"[report]\nclaims_chart_top = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^report\.claims_chart_top: expected a whole number of claims from 0 to 30"):
        load_config(toml)


def test_claims_chart_top_from_the_file(tmp_path):
    toml = tmp_path / "fintrack.toml"
    toml.write_text("[report]\nclaims_chart_top = 30\n", encoding="utf-8")
    assert load_config(toml).claims_chart_top == 30


def test_bundled_sample_prices_are_named_as_the_source_at_the_top():
    from types import SimpleNamespace

    from fintrack.config import Config
    from fintrack.report.inputs import ReportInputs

    base = _inputs()
    prices = SimpleNamespace(frames=base.frames, stale=(), provenance=(
        {"ticker": "XYZ", "source": "bundled sample", "fetched_at": "(bundled)"},))
    gathered = SimpleNamespace(claims=base.claims, articles=base.articles)
    inp = ReportInputs.from_pipeline(Config(offline=True), "2026-01-02", prices, base.returns, gathered, base.events,
                                     (), None, ())
    assert sections.notice(inp).endswith("(source: bundled sample data (fintrack/data/sample), not live prices).")


def test_a_tall_claims_chart_is_shrunk_to_fit_the_pdf_page():
    import io

    import pypdf

    from fintrack.report import figures, pdf
    from fintrack.report.content import ReportContent, Section

    view = sections.claims_chart_frame(_verdicts(20))
    chart = figures.Chart("claims", "Claims", "20 rows", *figures.claims_chart(view))
    assert chart.size == pytest.approx((9.0, 17.6))  # 0.6 + 0.85 in per row: 364 mm tall at the page's 186 mm width
    content = ReportContent(title="t", run_date="2026-01-02", headline=(), warnings=(), notice="",
                            sections=(Section("charts", "Charts", (chart,)),))
    width, height = pdf._chart_size(pdf._document(content), chart)
    assert height == 150.0 and width == pytest.approx(150.0 * 9.0 / 17.6)  # 150 mm tall, 76.7 mm wide
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.render_pdf(content))).pages]
    assert len(pages) == 1  # the whole chart with its title and caption on one page, first and last rows included
    assert "up 20% on 2021-03-09 [contradicted]" in pages[0] and "up 19% on 2021-03-09 [supported]" in pages[0]
