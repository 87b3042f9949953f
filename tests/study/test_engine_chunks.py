"""Chunked processing gives the same study as one pass over all events (issue 13)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fintrack.errors import ConfigError
from fintrack.study import event_study
from fintrack.study import statistics as st

from .conftest import first_and_refitted_residuals


@pytest.fixture(scope="module")
def gappy_panel(panel_factory):
    """420 sessions x 60 assets with 400 missing returns, so some windows are incomplete and some events skipped."""
    panel = panel_factory(420, 60, seed=11)
    values = panel.to_numpy().copy()
    rng = np.random.default_rng(12)
    values[rng.integers(0, 420, 400), rng.integers(0, 60, 400)] = np.nan
    return pd.DataFrame(values, index=panel.index, columns=panel.columns)


@pytest.mark.parametrize("model", ["market", "market_btc", "constant_mean", "market_adjusted", "raw"])
def test_chunked_study_equals_the_one_pass_study_to_1e_12(gappy_panel, events_factory, model):
    events = events_factory(gappy_panel, 400, seed=13, n_assets=60, group_size=45)
    kw = dict(model=model, estimation_window=(-150, -11), min_estimation_obs=100)
    whole = event_study(gappy_panel, events, chunk_size=len(events), **kw)
    chunked = event_study(gappy_panel, events, chunk_size=97, **kw)  # 8 chunks, the last one short
    # both paths see skipped events, studied events, CAR windows dropped for a missing day and overlaps
    assert len(whole.skipped) > 0 and len(whole.events) > 250 and len(whole.dropped) > 0 and len(whole.overlaps) > 0
    pd.testing.assert_frame_equal(chunked.skipped, whole.skipped)
    for table in ("events", "ar", "car", "aar", "tests", "dropped", "overlaps", "recommended"):
        pd.testing.assert_frame_equal(getattr(chunked, table), getattr(whole, table), check_exact=False,
                                      rtol=1e-12, atol=1e-12)


def test_chunk_with_no_studiable_event_is_passed_over(gappy_panel):
    # the first chunk holds only an event whose estimation window starts before the data
    events = pd.DataFrame({"event_id": [1, 2, 3], "asset": ["A001", "A002", "A003"],
                           "date": gappy_panel.index[[5, 300, 320]]})
    kw = dict(estimation_window=(-150, -11), min_estimation_obs=100)
    whole = event_study(gappy_panel, events, chunk_size=3, **kw)
    chunked = event_study(gappy_panel, events, chunk_size=1, **kw)
    pd.testing.assert_frame_equal(chunked.tests, whole.tests, check_exact=False, rtol=1e-12, atol=1e-12)
    assert chunked.skipped["event_id"].tolist() == [1]


def test_cross_event_sums_of_two_halves_add_up_to_the_sums_of_the_whole():
    rng = np.random.default_rng(3)
    est = rng.normal(size=(60, 40))
    est[rng.random(est.shape) < 0.05] = np.nan
    ar_all = np.concatenate([est, rng.normal(size=(60, 5))], axis=1)
    codes = rng.integers(0, 4, 60)
    windows = [slice(40, 41), slice(40, 45)]
    whole = st.cross_event_sums(est, ar_all, windows, codes, 4)
    first = st.cross_event_sums(est[:25], ar_all[:25], windows, codes[:25], 4)
    second = st.cross_event_sums(est[25:], ar_all[25:], windows, codes[25:], 4)
    for key, value in whole.items():
        np.testing.assert_allclose(first[key] + second[key], value, rtol=1e-13, atol=1e-13, err_msg=key)
    # and the window-independent parts give the same statistics as the array functions
    parts = st.window_independent_parts(whole)
    # groups with a missing residual take the pairwise-complete correlation from the residuals themselves
    r = st.pairwise_complete_correlation_of(parts["r"], np.flatnonzero(whole["incomplete"] > 0), est, codes)
    np.testing.assert_allclose(r, st.average_residual_correlation(est, codes), rtol=1e-12)
    np.testing.assert_allclose(parts["aar_sd"][0], st.estimation_aar_sd(est, codes)[0], rtol=1e-12)
    z_sums = st.corrado_rank_z_from_sums(whole, parts, 1, windows[1])[0]
    np.testing.assert_allclose(z_sums, st.corrado_rank_z(ar_all, windows[1], codes)[0], rtol=1e-12)


@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_chunk_size_must_be_a_positive_whole_number(small_panel, bad):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": small_panel.index[[300]]})
    with pytest.raises(ConfigError, match="chunk_size"):
        event_study(small_panel, events, chunk_size=bad)


@pytest.mark.parametrize("model", ["market", "market_btc", "scholes_williams"])
def test_threads_give_the_same_study_as_one_thread(gappy_panel, events_factory, model):
    events = events_factory(gappy_panel, 400, seed=13, n_assets=60, group_size=45)
    kw = dict(model=model, estimation_window=(-150, -11), min_estimation_obs=100, chunk_size=53)
    one = event_study(gappy_panel, events, threads=1, **kw)
    many = event_study(gappy_panel, events, threads=3, **kw)
    for table in ("events", "ar", "car", "aar", "tests", "skipped", "dropped", "overlaps", "recommended"):
        pd.testing.assert_frame_equal(getattr(many, table), getattr(one, table), check_exact=True)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_threads_must_be_a_positive_whole_number(small_panel, bad):
    events = pd.DataFrame({"event_id": [1], "asset": ["A001"], "date": small_panel.index[[300]]})
    with pytest.raises(ConfigError, match="threads"):
        event_study(small_panel, events, threads=bad)


@pytest.mark.parametrize("model", ["market", "market_btc", "constant_mean", "scholes_williams", "dimson"])
@pytest.mark.parametrize("mask", [True, False])
def test_refitted_residuals_equal_the_first_fit_to_the_last_bit(gappy_panel, events_factory, model, mask):
    """GRANK refits the estimation windows instead of keeping the residuals: the refit must be the same fit."""
    events = events_factory(gappy_panel, 400, seed=13, n_assets=60, group_size=45)
    kw = dict(model=model, estimation_window=(-150, -11), min_estimation_obs=100, mask_overlaps=mask, threads=1)
    first, again, _ = first_and_refitted_residuals(lambda: event_study(gappy_panel, events, chunk_size=61, **kw))
    # the GRANK pass visits the events in group order, in other chunks than the first pass
    assert set(again) == set(first) and len(first) > 250
    assert any(np.isnan(r).any() for r in first.values())  # missing and masked days are in the comparison
    for i, residuals in first.items():
        np.testing.assert_array_equal(again[i], residuals)


def test_garch_keeps_its_residuals_instead_of_fitting_again():
    from fintrack.study.models import model_from_name

    assert model_from_name("market").vectorized and not model_from_name("garch").vectorized


def test_t_columns_share_memory_until_written_and_a_write_never_reaches_the_other(small_panel):
    events = pd.DataFrame({"event_id": [1, 2], "asset": ["A001", "A002"], "date": small_panel.index[[300, 310]]})
    result = event_study(small_panel, events)
    for table, column in ((result.ar, "sar"), (result.car, "scar")):
        assert list(table.columns).index("t") == list(table.columns).index(column) + 1
        np.testing.assert_array_equal(table["t"].to_numpy(), table[column].to_numpy())
        before = table[column].to_numpy().copy()
        table.loc[table.index[0], "t"] = 123.0
        np.testing.assert_array_equal(table[column].to_numpy(), before)
        table.loc[table.index[1], column] = -7.0
        assert table["t"].iloc[1] == before[1]
