"""Each cross-event test statistic equals a plain, independent implementation (loops, scipy)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from fintrack.study import event_study
from fintrack.study import statistics as st

WINDOWS = ((0, 0), (-1, 1), (0, 5))


@pytest.fixture(scope="module")
def study(panel_factory, events_factory):
    """15 events, market model, with a planted +2% on day 0 so statistics are away from zero."""
    panel = panel_factory(600, 10, seed=21)
    events = events_factory(panel, 15, seed=5, n_assets=10)
    panel = panel.copy()
    for row in events.itertuples():
        panel.loc[row.date, row.asset] += 0.02
    # unmasked: the loop references below refit on the full estimation window
    return event_study(panel, events, model="market", car_windows=WINDOWS, mask_overlaps=False), panel, events


def _est_residuals(result, panel):
    """Estimation residuals rebuilt by a loop over events from alpha and beta."""
    out = []
    for row in result.events.itertuples(index=False):
        p0 = panel.index.get_loc(row.session)
        est = panel.iloc[p0 - 250:p0 - 10]
        out.append(est[row.asset].to_numpy() - row.alpha - row.beta * est["QQQ"].to_numpy())
    return np.array(out)


def _stat(result, window, test):
    row = result.tests[(result.tests["window"] == window) & (result.tests["test"] == test)].iloc[0]
    return row["statistic"], row["p_value"]


def _car(result, window):
    return result.car[result.car["window"] == window].sort_values("event_id")


@pytest.mark.parametrize("window", ["(0,0)", "(-1,+1)", "(0,+5)"])
def test_cross_sectional_t_equals_scipy_one_sample_t_test(study, window):
    result, _, _ = study
    ref = stats.ttest_1samp(_car(result, window)["car"], 0.0)
    stat, p = _stat(result, window, "cross_sectional_t")
    assert stat == pytest.approx(ref.statistic, rel=1e-12)
    assert p == pytest.approx(ref.pvalue, rel=1e-9)


@pytest.mark.parametrize("window", ["(0,0)", "(-1,+1)", "(0,+5)"])
def test_bmp_equals_t_test_of_standardized_cars_with_loop_variances(study, window):
    result, panel, _ = study
    scars = []
    for row in result.events.itertuples(index=False):
        # CAR variance by a loop: sigma^2 (l + l^2/L + (sum_t (Rm_t - mean Rm))^2 / Sxx)
        p0 = panel.index.get_loc(row.session)
        rm = panel["QQQ"].iloc[p0 - 250:p0 - 10].to_numpy()
        start, end = {"(0,0)": (0, 0), "(-1,+1)": (-1, 1), "(0,+5)": (0, 5)}[window]
        rm_w = panel["QQQ"].iloc[p0 + start:p0 + end + 1].to_numpy()
        y_w = panel[row.asset].iloc[p0 + start:p0 + end + 1].to_numpy()
        ell = len(rm_w)
        var = row.sigma**2 * (ell + ell**2 / 240 + ((rm_w - rm.mean()).sum()) ** 2 / ((rm - rm.mean()) ** 2).sum())
        scars.append((y_w - row.alpha - row.beta * rm_w).sum() / math.sqrt(var))
    ref = stats.ttest_1samp(scars, 0.0)
    stat, p = _stat(result, window, "bmp")
    assert stat == pytest.approx(ref.statistic, rel=1e-9)
    assert p == pytest.approx(ref.pvalue, rel=1e-7)


def test_patell_z_is_sum_of_scar_over_root_sum_of_t_variances(study):
    result, _, _ = study
    car = _car(result, "(-1,+1)")
    total, var = 0.0, 0.0
    for scar, n in zip(car["scar"], result.events.sort_values("event_id")["n_est"]):
        total += scar
        var += (n - 2) / (n - 4)  # SCAR ~ t(n - 2) in the market model
    stat, p = _stat(result, "(-1,+1)", "patell_z")
    assert stat == pytest.approx(total / math.sqrt(var), rel=1e-12)
    assert p == pytest.approx(2 * stats.norm.sf(abs(total / math.sqrt(var))), rel=1e-9)


def test_time_series_t_divides_caar_by_root_l_times_sd_of_estimation_aar(study):
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    aar_est = [resid[:, t].mean() for t in range(resid.shape[1])]
    s = np.std(aar_est, ddof=1)
    caar = _car(result, "(0,+5)")["car"].mean()
    stat, p = _stat(result, "(0,+5)", "time_series_t")
    assert stat == pytest.approx(caar / (math.sqrt(6) * s), rel=1e-9)
    assert p == pytest.approx(2 * stats.t.sf(abs(caar / (math.sqrt(6) * s)), 239), rel=1e-7)


def test_kolari_pynnonen_uses_the_mean_off_diagonal_residual_correlation(study):
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    corr = np.corrcoef(resid)
    n = len(corr)
    r_bar = (corr.sum() - n) / (n * (n - 1))
    assert st.average_residual_correlation(resid)[0] == pytest.approx(r_bar, rel=1e-10)
    t_bmp, _ = _stat(result, "(0,0)", "bmp")
    stat, _ = _stat(result, "(0,0)", "kolari_pynnonen")
    assert stat == pytest.approx(t_bmp * math.sqrt((1 - r_bar) / (1 + (n - 1) * r_bar)), rel=1e-9)


def test_kolari_pynnonen_shrinks_bmp_when_events_share_a_date():
    # 5 events on the same date with a common shock in residuals: r > 0 lowers |t|
    rng = np.random.default_rng(0)
    common = rng.normal(size=240)
    resid = common[None, :] + rng.normal(size=(5, 240))
    scar = np.array([1.0, 2.0, 1.5, 0.5, 2.5])
    t_bmp = st.bmp_t(scar)[0][0]
    t_kp = st.kolari_pynnonen_t(scar, resid)[0][0]
    assert 0 < t_kp < t_bmp


def test_corrado_rank_equals_a_loop_over_days_of_scipy_ranks(study):
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    ar = np.array([g["ar"].to_numpy() for _, g in result.ar.sort_values(["event_id", "rel_day"]).groupby("event_id")])
    both = np.concatenate([resid, ar], axis=1)
    n_ev, n_days = both.shape
    k = np.array([stats.rankdata(row) / (n_days + 1) for row in both])
    kbar = k.mean(axis=0)
    s = math.sqrt(sum((kbar[t] - 0.5) ** 2 for t in range(n_days)) / n_days)
    day0 = 240 + 5  # day 0 column: 240 estimation days, then rel days -5..+5
    window = kbar[day0 - 1:day0 + 2]  # (-1,+1)
    expected = math.sqrt(3) * (window.mean() - 0.5) / s
    stat, p = _stat(result, "(-1,+1)", "corrado_rank")
    assert stat == pytest.approx(expected, rel=1e-10)
    assert p == pytest.approx(2 * stats.norm.sf(abs(expected)), rel=1e-9)


def test_generalized_sign_counts_positive_cars_against_estimation_share(study):
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    p_hat = np.mean([(row > 0).mean() for row in resid])
    cars = _car(result, "(0,0)")["car"]
    w = sum(1 for c in cars if c > 0)
    n = len(cars)
    expected = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    stat, _ = _stat(result, "(0,0)", "generalized_sign")
    assert stat == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("window", ["(0,0)", "(0,+5)"])
def test_wilcoxon_matches_scipy_normal_approximation(study, window):
    result, _, _ = study
    cars = _car(result, window)["car"].to_numpy()
    ref = stats.wilcoxon(cars, method="approx", correction=False)
    stat, p = _stat(result, window, "wilcoxon")
    assert abs(stat) == pytest.approx(abs(ref.zstatistic), rel=1e-10)
    assert p == pytest.approx(ref.pvalue, rel=1e-9)


def test_wilcoxon_handles_ties_and_zeros_like_scipy():
    x = np.array([0.0, 1.0, -1.0, 2.0, 2.0, 3.0, -2.0, 4.0, 4.0, 4.0, 5.0])
    ref = stats.wilcoxon(x, method="approx", correction=False, zero_method="wilcox")
    stat, p, n = st.wilcoxon_signed_rank_z(x)
    assert n[0] == 10  # the zero is dropped
    assert abs(stat[0]) == pytest.approx(abs(ref.zstatistic), rel=1e-12)
    assert p[0] == pytest.approx(ref.pvalue, rel=1e-12)


def test_grouped_statistics_equal_separate_calls_per_group():
    rng = np.random.default_rng(4)
    car = rng.normal(0.01, 0.02, 30)
    groups = np.repeat([0, 1, 2], 10)
    t_all = st.cross_sectional_t(car, groups)[0]
    z_all = st.wilcoxon_signed_rank_z(car, groups)[0]
    for g in range(3):
        assert t_all[g] == pytest.approx(st.cross_sectional_t(car[groups == g])[0][0], rel=1e-12)
        assert z_all[g] == pytest.approx(st.wilcoxon_signed_rank_z(car[groups == g])[0][0], rel=1e-12)


def test_standardized_ranks_average_ties_and_skip_nan_like_scipy():
    a = np.array([[0.1, np.nan, 0.1, -0.2, 0.3], [1.0, 1.0, 1.0, 2.0, np.nan]])
    expected = np.array([[2.5, np.nan, 2.5, 1.0, 4.0], [2.0, 2.0, 2.0, 4.0, np.nan]]) / 5.0
    np.testing.assert_allclose(st.standardized_ranks(a), expected, equal_nan=True)


# ---------------------------------------------------------------------------
# Issue 12 tests: GRANK, adjusted Patell, skewness-corrected t, resampling, BHAR
# ---------------------------------------------------------------------------
def test_grank_equals_a_loop_over_events_with_scipy_ranks(study):
    # Kolari & Pynnonen (2011): GSAR = SARs of the estimation days + SCAR / sd(SCAR) for the window
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    sigma = result.events["sigma"].to_numpy()
    scar = _car(result, "(-1,+1)")["scar"].to_numpy()
    gsar0 = scar / np.std(scar, ddof=1)
    u = []
    for i in range(len(scar)):
        series = np.append(resid[i] / sigma[i], gsar0[i])
        u.append(stats.rankdata(series) / (len(series) + 1) - 0.5)
    ubar = np.mean(u, axis=0)
    big_t = len(ubar)  # 241 days: 240 estimation + the collapsed window
    s = math.sqrt(np.mean(ubar**2))
    z = ubar[-1] / s
    expected = z * math.sqrt((big_t - 2) / (big_t - 1 - z**2))
    stat, p = _stat(result, "(-1,+1)", "grank")
    assert stat == pytest.approx(expected, rel=1e-10)
    assert p == pytest.approx(2 * stats.t.sf(abs(expected), big_t - 2), rel=1e-9)


def test_grank_on_a_hand_example_with_one_missing_estimation_day():
    # 3 events, 4 estimation days (event 2 lacks day 1), sigma 1, SCARs 2, 1, 0 (sd 1): GSAR_0 = 2, 1, 0
    # ranks (of T_i + 1 = 6, 6, 5): event 1 values -1,0.5,1.5,-0.5 | 2 -> U = -1/3, 0, 1/6, -1/6 | 1/3
    # event 2: 0.2, nan, -0.3, 1.2 | 1 -> T = 4: U = 2/5-1/2, -, 1/5-1/2, 4/5-1/2 | 3/5-1/2
    # event 3: 0.1, 0.2, 0.3, 0.4 | 0 -> U = 2/6-1/2, 3/6-1/2, 4/6-1/2, 5/6-1/2 | 1/6-1/2
    est = np.array([[-1.0, 0.5, 1.5, -0.5], [0.2, np.nan, -0.3, 1.2], [0.1, 0.2, 0.3, 0.4]])
    scar = np.array([2.0, 1.0, 0.0])
    u = np.array([[-1 / 3, 0.0, 1 / 6, -1 / 6], [-0.1, np.nan, -0.3, 0.3], [-1 / 6, 0.0, 1 / 6, 1 / 3]])
    u0 = np.array([1 / 3, 0.1, -1 / 3])
    ubar = np.nanmean(u, axis=0)
    n_t = np.array([3, 2, 3, 3])
    s2 = (np.sum(n_t / 3 * ubar**2) + u0.mean() ** 2) / 5
    z = u0.mean() / math.sqrt(s2)
    t = z * math.sqrt(3 / (4 - z**2))
    stat, _, n = st.grank_t(scar, est, np.ones(3))
    assert stat[0] == pytest.approx(t, rel=1e-12)
    # Ubar_0 = 1/30; Ubar_t = -0.2, 0, 1/90, 0.155556; S^2 = 0.065432 / 5; Z = 0.291373; t = 0.255069
    assert stat[0] == pytest.approx(0.255069, abs=1e-6)
    assert n[0] == 3


def test_grank_with_window_values_tied_to_residuals_and_gaps_equals_a_scipy_rank_loop():
    # residuals on a 0.25 grid (ties among them), 20% missing, sigma a power of two (exact division), groups of
    # unequal size in no particular order, and on three days per event a residual equal to its GSAR_0 (half ranks)
    rng = np.random.default_rng(21)
    n, days = 240, 30
    sigma = rng.choice([0.5, 1.0, 2.0], n)
    est = np.round(rng.normal(size=(n, days)) * 4) / 4 * sigma[:, None]
    groups = rng.integers(0, 3, n)
    scar = rng.normal(size=n)
    scar[::17] = np.nan
    sd = np.array([np.nanstd(scar[groups == g], ddof=1) for g in range(3)])
    gsar0 = scar / sd[groups]
    for i in np.flatnonzero(np.isfinite(scar)):
        est[i, rng.choice(days, 3, replace=False)] = gsar0[i] * sigma[i]
    est[rng.random(est.shape) < 0.2] = np.nan
    stat, p, n_used = st.grank_t(scar, est, sigma, groups)
    assert (est / sigma[:, None] == gsar0[:, None]).sum() > 300  # the ties this test is about
    for g in range(3):
        rows = np.flatnonzero((groups == g) & np.isfinite(scar))
        u = np.full((len(rows), days + 1), np.nan)
        for k, i in enumerate(rows):
            series = np.append(est[i] / sigma[i], gsar0[i])
            ok = np.isfinite(series)
            u[k, ok] = stats.rankdata(series[ok]) / (ok.sum() + 1) - 0.5
        n_t = np.isfinite(u).sum(axis=0)
        ubar = np.nansum(u, axis=0) / n_t
        s2 = np.sum(n_t / len(rows) * ubar**2) / (days + 1)
        z = ubar[-1] / math.sqrt(s2)
        expected = z * math.sqrt((days + 1 - 2) / (days + 1 - 1 - z**2))
        assert n_used[g] == len(rows)
        assert stat[g] == pytest.approx(expected, rel=1e-12)
        assert p[g] == pytest.approx(2 * stats.t.sf(abs(expected), days - 1), rel=1e-9)


def test_adjusted_patell_is_patell_times_the_kolari_pynnonen_factor(study):
    result, panel, _ = study
    resid = _est_residuals(result, panel)
    corr = np.corrcoef(resid)
    n = len(corr)
    r_bar = (corr.sum() - n) / (n * (n - 1))
    z, _ = _stat(result, "(0,+5)", "patell_z")
    stat, p = _stat(result, "(0,+5)", "adjusted_patell")
    expected = z * math.sqrt((1 - r_bar) / (1 + (n - 1) * r_bar))
    assert stat == pytest.approx(expected, rel=1e-10)
    assert p == pytest.approx(2 * stats.norm.sf(abs(expected)), rel=1e-9)


def test_skewness_corrected_t_uses_the_unbiased_skewness_of_scipy():
    x = np.array([0.01, -0.02, 0.03, 0.15, 0.0, 0.02, -0.01])
    n = len(x)
    s = x.mean() / x.std(ddof=1)
    g = stats.skew(x, bias=False)  # n / ((n-1)(n-2)) sum d^3 / sd^3
    expected = math.sqrt(n) * (s + g * s**2 / 3 + g**2 * s**3 / 27 + g / (6 * n))
    stat, p, _ = st.skewness_corrected_t(x)
    assert stat[0] == pytest.approx(expected, rel=1e-12)
    # mean 0.025714, sd 0.057404, S = 0.447952, g = 2.168228: t = sqrt(7) * 0.660244 = 1.746865
    assert stat[0] == pytest.approx(1.746865, abs=1e-6)
    assert p[0] == pytest.approx(2 * stats.t.sf(abs(expected), n - 1), rel=1e-10)


def test_skewness_corrected_t_of_the_study(study):
    result, _, _ = study
    cars = _car(result, "(0,+5)")["car"].to_numpy()
    n = len(cars)
    s = cars.mean() / cars.std(ddof=1)
    g = stats.skew(cars, bias=False)
    expected = math.sqrt(n) * (s + g * s**2 / 3 + g**2 * s**3 / 27 + g / (6 * n))
    assert _stat(result, "(0,+5)", "skewness_corrected_t")[0] == pytest.approx(expected, rel=1e-10)


def test_sign_permutation_p_matches_scipy_exact_sign_flip_test():
    x = np.array([0.03, 0.01, -0.005, 0.02, 0.04, -0.01, 0.015, 0.025, 0.005, -0.02])
    ref = stats.permutation_test((x,), np.mean, permutation_type="samples", n_resamples=np.inf,
                                 alternative="two-sided")
    stat, p, n = st.sign_permutation_p(x, n_perm=20_000, seed=1)
    assert stat[0] == pytest.approx(x.mean(), rel=1e-12)
    # 20,000 random sign vectors: standard error sqrt(p(1-p)/20000) < 0.0011 at p ~ 0.04
    assert p[0] == pytest.approx(ref.pvalue, abs=0.004)


def test_bootstrap_t_p_value_is_close_to_the_t_test_for_normal_cars():
    rng = np.random.default_rng(5)
    x = rng.normal(0.004, 0.02, 40)
    ref = stats.ttest_1samp(x, 0.0)
    stat, p, _ = st.bootstrap_t(x, n_boot=20_000, seed=2)
    assert stat[0] == pytest.approx(ref.statistic, rel=1e-12)
    assert p[0] == pytest.approx(ref.pvalue, abs=0.02)


def test_bhar_skewness_adjusted_t_is_the_lyon_barber_tsai_formula():
    x = np.array([0.4, -0.1, -0.05, 0.02, -0.2, 1.1, -0.15, 0.05])
    n = len(x)
    s = x.mean() / x.std(ddof=1)
    g = stats.skew(x, bias=True) * ((n - 1) / n) ** 1.5  # sum d^3 / (n sd^3), sd with ddof 1
    expected = math.sqrt(n) * (s + g * s**2 / 3 + g / (6 * n))
    stat, p, _ = st.bhar_skewness_adjusted_t(x, n_boot=2000)
    assert stat[0] == pytest.approx(expected, rel=1e-12)
    assert 0 < p[0] <= 1


# Null sizes of the resampling tests: 1,000 samples each; Monte Carlo standard error of a
# 5% rate 0.69 points, band 5 +- 1.5 (about 2.2 standard errors).
@pytest.mark.parametrize("test", ["bootstrap_t", "sign_permutation_p"])
def test_resampling_caar_tests_reject_about_5_percent_under_the_null(test):
    rng = np.random.default_rng(31)
    car = rng.standard_t(5, 30 * 1000) * 0.02
    groups = np.repeat(np.arange(1000), 30)
    _, p, _ = getattr(st, test)(car, groups, n_boot=199) if test == "bootstrap_t" else st.sign_permutation_p(
        car, groups, n_perm=199)
    rate = (p < 0.05).mean()
    assert 0.035 <= rate <= 0.065, rate


def test_bhar_test_rejects_about_5_percent_under_a_skewed_null():
    # BHARs with mean zero and strong right skew: exp(N(0, 0.5)) - E[exp(N(0, 0.5))]
    rng = np.random.default_rng(32)
    bhar = np.exp(rng.normal(0, 0.5, 50 * 1000)) - math.exp(0.125)
    groups = np.repeat(np.arange(1000), 50)
    _, p, _ = st.bhar_skewness_adjusted_t(bhar, groups, n_boot=199)
    rate = (p < 0.05).mean()
    assert 0.035 <= rate <= 0.065, rate


def test_resampling_tests_of_the_result_equal_the_statistics_functions(study):
    result, _, _ = study
    table = result.resampling_tests(n_resamples=299, seed=3).set_index(["window", "test"])
    car = _car(result, "(0,+5)")
    assert table.loc[("(0,+5)", "bootstrap_t"), "statistic"] == pytest.approx(
        stats.ttest_1samp(car["car"], 0.0).statistic, rel=1e-12)
    ref = st.sign_permutation_p(car.sort_index()["car"].to_numpy(), n_perm=299, seed=3)
    assert table.loc[("(0,+5)", "sign_permutation"), "statistic"] == pytest.approx(car["car"].mean(), rel=1e-12)
    assert table.loc[("(0,+5)", "sign_permutation"), "p_value"] == pytest.approx(ref[1][0])
    assert set(table.index.get_level_values("test")) == {"bootstrap_t", "sign_permutation", "bhar_skewness_adjusted_t"}
    assert (table["n"] == 15).all()


def test_t_series_equals_closed_forms_and_stdtr_for_every_whole_df():
    from scipy import special

    x = np.linspace(0.0, st.SERIES_MAX_T, 4001)
    # closed forms: df 2 -> 1 - x / sqrt(2 + x^2); df 3 -> 1 - (2/pi) (atan(x/sqrt3) + x sqrt3 / (3 + x^2))
    np.testing.assert_allclose(st._t_series(x, 2), 1.0 - x / np.sqrt(2.0 + x * x), rtol=0, atol=2e-16)
    np.testing.assert_allclose(st._t_series(x, 3), 1.0 - (2.0 / np.pi) * (
        np.arctan(x / np.sqrt(3.0)) + x * np.sqrt(3.0) / (3.0 + x * x)), rtol=0, atol=5e-16)
    for k in range(2, st.SERIES_MAX_DF + 1):
        ref = 2.0 * special.stdtr(k, -x)
        np.testing.assert_allclose(st._t_series(x, k), ref, rtol=5e-12, atol=1e-14, err_msg=f"df {k}")


def test_t_series_by_powers_equals_stdtr_and_horners_rule_for_every_whole_df():
    from scipy import special

    x = np.linspace(0.0, st.SERIES_MAX_T, st.SERIES_POWERS_MAX_VALUES)  # few values: summed by _power_series
    many = np.concatenate([x, x])  # more: Horner's rule
    for k in range(2, st.SERIES_MAX_DF + 1):
        got = st._t_series(x, k)
        np.testing.assert_allclose(got, 2.0 * special.stdtr(k, -x), rtol=5e-12, atol=1e-14, err_msg=f"df {k}")
        np.testing.assert_allclose(got, st._t_series(many, k)[: len(x)], rtol=1e-12, atol=5e-15, err_msg=f"df {k}")


def test_two_sided_t_mixes_the_series_and_stdtr_and_matches_scipy_everywhere():
    from scipy import stats

    rng = np.random.default_rng(5)
    n_ev = 3000
    df = np.where(rng.random(n_ev) < 0.9, 238.0, rng.integers(100, 240, n_ev).astype(float))
    df[:5] = [np.nan, 1.0, 600.0, 237.5, 2.0]  # no df, df 1, beyond the series, not whole, the smallest whole df
    t = rng.standard_t(8, (n_ev, 11)) * 1.5
    t[0, 0], t[1, 1], t[2, 2] = np.nan, 40.0, -7.5  # missing, far tails (stdtr keeps tiny p exact)
    got = st.two_sided_t(t, df[:, None])
    want = 2.0 * stats.t.sf(np.abs(t), df[:, None])
    assert np.isnan(got[0]).all() and np.isnan(got[np.isnan(t)]).all()
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=5e-12, atol=1e-14)
    assert got[1, 1] > 0 and got[1, 1] == pytest.approx(want[1, 1], rel=1e-12)
    # scalar df and small inputs take stdtr only
    np.testing.assert_allclose(st.two_sided_t(np.array([0.5, -2.0]), 10.0), 2.0 * stats.t.sf([0.5, 2.0], 10.0),
                               rtol=1e-14)
