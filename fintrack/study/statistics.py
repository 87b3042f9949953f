"""Test statistics of the event study, as small pure array functions.

Every function works on all events at once and, when ``groups`` is given
(integer codes ``0..G-1``, one per event), returns one statistic per group,
so a single call tests many event samples (used for per-group results and for
the simulated-null checks). Without ``groups`` all events form one sample and
each function returns arrays of length 1.

Inputs are abnormal returns as fractions (0.01 = 1%). Each function returns a
tuple ``(statistic, p_value, n)`` of arrays, ``p_value`` two-sided.

References
----------
* MacKinlay, A. C. (1997). Event studies in economics and finance. JEL 35(1).
* Brown, S. and Warner, J. (1985). Using daily stock returns. JFE 14.
* Patell, J. (1976). Corporate forecasts of earnings per share. JAR 14.
* Boehmer, E., Musumeci, J. and Poulsen, A. (1991). Event-study methodology
  under conditions of event-induced variance. JFE 30.
* Kolari, J. and Pynnonen, S. (2010). Event study testing with cross-sectional
  correlation of abnormal returns. RFS 23(11).
* Corrado, C. (1989). A nonparametric test for abnormal security-price
  performance. JFE 23; multi-day form of Cowan (1992).
* Cowan, A. (1992). Nonparametric event study tests. RQFA 2 (generalized sign).
"""
from __future__ import annotations

import numpy as np
from scipy import special

__all__ = [
    "cross_sectional_t",
    "time_series_t",
    "patell_z",
    "bmp_t",
    "kolari_pynnonen_t",
    "corrado_rank_z",
    "generalized_sign_z",
    "wilcoxon_signed_rank_z",
    "adjusted_patell_z",
    "grank_t",
    "skewness_corrected_t",
    "bootstrap_t",
    "sign_permutation_p",
    "bhar_skewness_adjusted_t",
    "two_sided_t",
    "two_sided_z",
    "average_residual_correlation",
    "estimation_aar_sd",
    "positive_share",
    "standardized_ranks",
]

TestResult = tuple[np.ndarray, np.ndarray, np.ndarray]


def _codes(groups: np.ndarray | None, n: int) -> tuple[np.ndarray, int]:
    if groups is None:
        return np.zeros(n, dtype=np.intp), 1
    groups = np.asarray(groups, dtype=np.intp)
    return groups, int(groups.max()) + 1 if len(groups) else 0


def _gsum(x: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum ``x`` (shape (N,) or (N, L)) per group, NaN counted as 0."""
    x = np.asarray(x, dtype=float)
    x = np.where(np.isnan(x), 0.0, x)
    if n_groups == 1:
        # one sample (every code is 0): a plain sum is much cheaper than bincount over (N, L)
        return x.sum(axis=0, keepdims=True) if x.ndim > 1 else np.array([x.sum()])
    if x.ndim == 1:
        return np.bincount(codes, weights=x, minlength=n_groups)
    width = x.shape[1]
    flat = (codes[:, None] * width + np.arange(width)[None, :]).ravel()
    return np.bincount(flat, weights=x.ravel(), minlength=n_groups * width).reshape(n_groups, width)


def _gcount(mask: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    return _gsum(mask.astype(float), codes, n_groups)


def _gmean_std(x: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-group mean, sample standard deviation (ddof 1) and count of finite ``x``."""
    ok = np.isfinite(x)
    n = _gcount(ok, codes, n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _gsum(x, codes, n_groups) / n
        dev = np.where(ok, x - mean[codes], 0.0)
        var = _gsum(dev * dev, codes, n_groups) / (n - 1)
    return mean, np.sqrt(var), n


def two_sided_t(t: np.ndarray, df: np.ndarray | float) -> np.ndarray:
    """Two-sided p-value of ``t`` under Student's t with ``df`` degrees of freedom."""
    with np.errstate(invalid="ignore"):
        return 2.0 * special.stdtr(df, -np.abs(t))


def two_sided_z(z: np.ndarray) -> np.ndarray:
    """Two-sided p-value of ``z`` under the standard normal."""
    return 2.0 * special.ndtr(-np.abs(z))


_two_sided_t, _two_sided_z = two_sided_t, two_sided_z


def cross_sectional_t(car: np.ndarray, groups: np.ndarray | None = None) -> TestResult:
    """Cross-sectional t-test of the mean CAR: ``t = mean / (sd / sqrt(N))``, t(N-1).

    Parameters
    ----------
    car : ndarray, shape (N,)
        Cumulative abnormal return of each event over one window.
    groups : ndarray of int, optional
        Group code of each event.
    """
    codes, g = _codes(groups, len(car))
    mean, sd, n = _gmean_std(car, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = mean / (sd / np.sqrt(n))
    return t, _two_sided_t(t, n - 1), n


def time_series_t(
    car: np.ndarray,
    est_residuals: np.ndarray,
    window_length: int,
    groups: np.ndarray | None = None,
    *,
    aar_sd: tuple[np.ndarray, np.ndarray] | None = None,
) -> TestResult:
    """Brown-Warner time-series t-test (crude dependence adjustment).

    ``t = CAAR / (sqrt(l) * S(AAR) * sqrt(N / n))``, where ``S(AAR)`` is the
    standard deviation over estimation days of the average estimation-window
    residual across events, each day weighted by the number of events it holds
    (``estimation_aar_sd``), ``N`` the events of the group and ``n`` those with
    a CAR over the window; t with ``T - 1`` df (``T`` estimation days).

    Parameters
    ----------
    car : ndarray, shape (N,)
        CAR of each event over the window, NaN when the window lacks a return.
    est_residuals : ndarray, shape (N, L)
        Estimation-window abnormal returns, NaN where missing.
    window_length : int
        Number of sessions ``l`` in the window.
    aar_sd : tuple of ndarray, optional
        ``estimation_aar_sd(est_residuals, groups)``, to reuse across windows.
    """
    codes, g = _codes(groups, len(car))
    caar, _, n = _gmean_std(car, codes, g)
    n_all = np.bincount(codes, minlength=g).astype(float)
    s_aar, df = estimation_aar_sd(est_residuals, groups) if aar_sd is None else aar_sd
    with np.errstate(invalid="ignore", divide="ignore"):
        t = caar / (np.sqrt(window_length) * s_aar * np.sqrt(n_all / n))
    return t, _two_sided_t(t, df), n


def estimation_aar_sd(est_residuals: np.ndarray, groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviation over estimation days of the cross-event mean residual, scaled to ``N`` events, and its df.

    With ``N_t`` of the group's ``N`` events having a residual on day ``t`` and
    ``AAR_t`` their mean, ``Var(AAR_t) = sigma^2 / N_t``; weighting each day by
    ``N_t / N`` puts every day on the scale of a full-sample average::

        S^2 = sum_t (N_t / N) (AAR_t - m)^2 / (T - 1),   m = sum_t N_t AAR_t / sum_t N_t

    over the ``T`` days with ``N_t > 0``. With complete windows this is the
    textbook ``sd(AAR)`` (ddof 1); without the weights, days holding few events
    inflate ``S`` and the test under-rejects.
    """
    codes, g = _codes(groups, len(est_residuals))
    ok = np.isfinite(est_residuals)
    n_t = _gcount(ok, codes, g)
    n_all = np.bincount(codes, minlength=g).astype(float)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        aar_est = _gsum(est_residuals, codes, g) / n_t
        days = n_t > 0
        a = np.where(days, aar_est, 0.0)
        m = (n_t * a).sum(axis=1, keepdims=True) / n_t.sum(axis=1, keepdims=True)
        df = days.sum(axis=1) - 1.0
        s2 = (np.where(days, n_t / n_all * (a - m) ** 2, 0.0)).sum(axis=1) / df
        return np.sqrt(s2), df


def patell_z(scar: np.ndarray, df: np.ndarray, groups: np.ndarray | None = None) -> TestResult:
    """Patell Z: ``Z = sum_i SCAR_i / sqrt(sum_i df_i / (df_i - 2))``, N(0, 1).

    ``SCAR_i`` is the CAR divided by its forecast-error standard deviation, a
    t(df_i) variable with variance ``df_i / (df_i - 2)``. This is the J2 form
    (Campbell, Lo and MacKinlay 1997, with ``df = L - k``): dividing by the
    exact variance keeps Z standard normal for short or incomplete estimation
    windows, where the plain ``sum SCAR / sqrt(N)`` over-rejects.

    Parameters
    ----------
    scar : ndarray, shape (N,)
        Standardized CAR of each event.
    df : ndarray, shape (N,)
        Degrees of freedom of each event's residual variance.
    """
    codes, g = _codes(groups, len(scar))
    ok = np.isfinite(scar)
    n = _gcount(ok, codes, g)
    var = np.where(ok, df / (df - 2.0), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = _gsum(scar, codes, g) / np.sqrt(_gsum(var, codes, g))
    return z, _two_sided_z(z), n


def bmp_t(scar: np.ndarray, groups: np.ndarray | None = None) -> TestResult:
    """Boehmer-Musumeci-Poulsen standardized cross-sectional test, t(N-1).

    ``t = mean(SCAR) / (sd(SCAR) / sqrt(N))``: robust to event-induced variance.
    """
    return cross_sectional_t(scar, groups)


PAIRWISE_MAX_EVENTS = 500


def average_residual_correlation(est_residuals: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Average pairwise Pearson correlation of estimation residuals across events, per group.

    Residual series are aligned by session relative to day 0 (so events on the
    same date are aligned in calendar time, the case Kolari-Pynnonen address).
    Each pair's correlation uses the days both events have (pairwise-complete),
    as ``DataFrame.corr()`` does; treating a missing residual as zero would
    pull the average toward 0.

    A group without missing residuals uses the exact O(N L) identity
    ``r = (|sum_i z_i|^2 - sum_i |z_i|^2) / (N (N - 1))`` with ``z_i`` the
    demeaned, unit-norm residual vector. A group with missing residuals costs
    O(N^2 L): above ``PAIRWISE_MAX_EVENTS`` events, the average is taken over
    the pairs of a seeded random subset of that many events (an unbiased
    estimate of the average over all pairs).
    """
    codes, g = _codes(groups, len(est_residuals))
    ok = np.isfinite(est_residuals)
    complete_row = ok.all(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(est_residuals, axis=1) / ok.sum(axis=1)
        z = np.where(ok, est_residuals - mean[:, None], 0.0)
        z /= np.sqrt(np.einsum("nl,nl->n", z, z))[:, None]
    z = np.nan_to_num(z)
    s = _gsum(z, codes, g)
    sq = _gsum(np.einsum("nl,nl->n", z, z), codes, g)
    n = _gcount(np.ones(len(z), bool), codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (np.einsum("gl,gl->g", s, s) - sq) / (n * (n - 1))
    incomplete = np.flatnonzero(_gcount(~complete_row, codes, g) > 0)
    rng = np.random.default_rng(0)
    for group in incomplete:
        rows = np.flatnonzero(codes == group)
        if len(rows) > PAIRWISE_MAX_EVENTS:
            rows = np.sort(rng.choice(rows, PAIRWISE_MAX_EVENTS, replace=False))
        r[group] = _mean_pairwise_complete_correlation(est_residuals[rows])
    return r


def _mean_pairwise_complete_correlation(x: np.ndarray) -> float:
    """Mean over pairs ``i < j`` of the Pearson correlation on the days both rows are finite."""
    ok = np.isfinite(x)
    m = ok.astype(float)
    x0 = np.where(ok, x, 0.0)
    n = m @ m.T
    sx = x0 @ m.T  # sx[i, j]: sum of x_i over the days i and j share
    sxx = (x0 * x0) @ m.T
    sxy = x0 @ x0.T
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sx.T / n
        var_i = sxx - sx * sx / n
        corr = cov / np.sqrt(var_i * var_i.T)
    iu = np.triu_indices(len(x), k=1)
    vals = corr[iu]
    vals = vals[np.isfinite(vals) & (n[iu] >= 3)]
    return float(vals.mean()) if len(vals) else np.nan


def kolari_pynnonen_t(
    scar: np.ndarray,
    est_residuals: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    r: np.ndarray | None = None,
) -> TestResult:
    """Kolari-Pynnonen adjusted BMP test for cross-correlated (clustered) events.

    ``t_KP = t_BMP * sqrt((1 - r) / (1 + (N - 1) r))`` with ``r`` the average
    cross-correlation of estimation residuals (``average_residual_correlation``,
    which may be passed as ``r`` to reuse it across windows); t(N-1).
    """
    t, _, n = bmp_t(scar, groups)
    if r is None:
        r = average_residual_correlation(est_residuals, groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_adj = t * np.sqrt((1.0 - r) / (1.0 + (n - 1.0) * r))
    return t_adj, _two_sided_t(t_adj, n - 1), n


def standardized_ranks(ar_all: np.ndarray) -> np.ndarray:
    """``K_it = rank_it / (1 + M_i)``: each row ranked over its finite values (ties averaged)."""
    n_rows, width = ar_all.shape
    m = np.isfinite(ar_all).sum(axis=1)
    order = np.argsort(ar_all, axis=1)  # NaN sort last
    srt = np.take_along_axis(ar_all, order, axis=1)
    cols = np.broadcast_to(np.arange(width), (n_rows, width))
    new = np.ones((n_rows, width), bool)
    new[:, 1:] = srt[:, 1:] != srt[:, :-1]
    # ties get the mean of the ordinal ranks of their run: (first + last) / 2 + 1
    first = np.maximum.accumulate(np.where(new, cols, 0), axis=1)
    end = np.ones((n_rows, width), bool)
    end[:, :-1] = new[:, 1:]
    last = np.minimum.accumulate(np.where(end, cols, width - 1)[:, ::-1], axis=1)[:, ::-1]
    avg = (first + last) / 2.0 + 1.0
    ranks = np.empty_like(avg)
    np.put_along_axis(ranks, order, avg, axis=1)
    ranks[~np.isfinite(ar_all)] = np.nan
    return ranks / (1.0 + m)[:, None]


def corrado_rank_z(
    ar_all: np.ndarray,
    window: slice,
    groups: np.ndarray | None = None,
    *,
    ranks: np.ndarray | None = None,
) -> TestResult:
    """Corrado rank test, multi-day form of Cowan (1992), N(0, 1).

    Each event's abnormal returns over the estimation and event windows are
    ranked together, ``K_it = rank_it / (1 + M_i)`` (M_i valid days). With
    ``Kbar_t`` the mean over the ``N_t`` events with a return on day ``t`` and
    ``N`` the events of the group::

        S^2 = (1/D) sum_t (N_t / N) (Kbar_t - 0.5)^2        over the D days with N_t > 0
        Z   = sqrt(l) (mean_{t in window} Kbar_t - 0.5) / (S sqrt(N / n))

    the ``N_t / N`` weights of Corrado and Zivney (1992) and Kolari and
    Pynnonen (2011), so that incomplete windows do not inflate ``S``; the
    window means use the ``n`` events with every return in the window.

    Parameters
    ----------
    ar_all : ndarray, shape (N, D)
        Estimation-window residuals followed by event-window ARs, NaN where missing.
    window : slice
        Columns of ``ar_all`` forming the tested window.
    ranks : ndarray, optional
        ``standardized_ranks(ar_all)``, to reuse across windows.
    """
    codes, g = _codes(groups, len(ar_all))
    ok = np.isfinite(ar_all)
    k = standardized_ranks(ar_all) if ranks is None else ranks
    n_t = _gcount(ok, codes, g)
    n_all = np.bincount(codes, minlength=g).astype(float)
    in_window = ok[:, window].all(axis=1)
    n = _gcount(in_window, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        kbar = _gsum(np.where(ok, k, 0.0), codes, g) / n_t
        s2 = np.nanmean(np.where(n_t > 0, (n_t / n_all[:, None]) * (kbar - 0.5) ** 2, np.nan), axis=1)
        kw = _gsum(np.where(in_window[:, None], k[:, window], 0.0), codes, g) / n[:, None]
        length = kw.shape[1]
        z = np.sqrt(length) * (kw.mean(axis=1) - 0.5) / np.sqrt(s2 * n_all / n)
    return z, _two_sided_z(z), n


def positive_share(est_residuals: np.ndarray) -> np.ndarray:
    """Share of positive values among the finite estimation residuals of each event."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (est_residuals > 0).sum(axis=1) / np.isfinite(est_residuals).sum(axis=1)


def generalized_sign_z(
    car: np.ndarray,
    est_residuals: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    share: np.ndarray | None = None,
) -> TestResult:
    """Generalized sign test (Cowan 1992), N(0, 1).

    ``p = mean over events of the share of positive estimation-window ARs``;
    ``Z = (w - N p) / sqrt(N p (1 - p))`` with ``w`` the number of positive CARs.
    """
    codes, g = _codes(groups, len(car))
    if share is None:
        share = positive_share(est_residuals)
    fin = np.isfinite(car)
    n = _gcount(fin, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_hat = _gsum(np.where(fin, share, 0.0), codes, g) / n
        w = _gcount(fin & (car > 0), codes, g)
        z = (w - n * p_hat) / np.sqrt(n * p_hat * (1.0 - p_hat))
    return z, _two_sided_z(z), n


def wilcoxon_signed_rank_z(car: np.ndarray, groups: np.ndarray | None = None) -> TestResult:
    """Wilcoxon signed-rank test of CARs against zero, normal approximation.

    Zero CARs are dropped (Wilcoxon's convention). With ``W+`` the rank sum of
    positive CARs among the ranks of ``|CAR|`` (ties averaged)::

        Z = (W+ - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48)

    The statistic is signed: positive when CARs lean positive.
    """
    codes, g = _codes(groups, len(car))
    keep = np.isfinite(car) & (car != 0)
    c, a = codes[keep], np.abs(car[keep])
    positive = car[keep] > 0
    order = np.lexsort((a, c))
    c_s, a_s, pos_s = c[order], a[order], positive[order]
    n = np.bincount(c_s, minlength=g).astype(float)
    start = np.concatenate([[0], np.cumsum(n)[:-1]]).astype(np.intp)
    rank = np.arange(len(c_s)) - start[c_s] + 1.0
    # average ranks within runs of equal (group, |car|)
    new_run = np.ones(len(c_s), bool)
    new_run[1:] = (c_s[1:] != c_s[:-1]) | (a_s[1:] != a_s[:-1])
    run = np.cumsum(new_run) - 1
    run_len = np.bincount(run).astype(float)
    run_rank = np.bincount(run, weights=rank) / run_len
    rank = run_rank[run]
    run_group = c_s[new_run]
    ties = np.bincount(run_group, weights=run_len**3 - run_len, minlength=g)
    w_plus = np.bincount(c_s, weights=np.where(pos_s, rank, 0.0), minlength=g)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (w_plus - n * (n + 1) / 4.0) / np.sqrt(n * (n + 1) * (2 * n + 1) / 24.0 - ties / 48.0)
    return z, _two_sided_z(z), n


def adjusted_patell_z(
    scar: np.ndarray,
    df: np.ndarray,
    est_residuals: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    r: np.ndarray | None = None,
) -> TestResult:
    """Kolari-Pynnonen (2010) adjusted Patell test for cross-correlated events, N(0, 1).

    ``Z_adj = Z_Patell * sqrt((1 - r) / (1 + (N - 1) r))`` with ``Z_Patell``
    from :func:`patell_z` and ``r`` the average residual cross-correlation
    (:func:`average_residual_correlation`, reusable through ``r``).
    """
    z, _, n = patell_z(scar, df, groups)
    if r is None:
        r = average_residual_correlation(est_residuals, groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        z_adj = z * np.sqrt((1.0 - r) / (1.0 + (n - 1.0) * r))
    return z_adj, _two_sided_z(z_adj), n


def _skewness(x: np.ndarray, codes: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-group mean, sd (ddof 1), n and third central moment sum ``sum (x - mean)^3``."""
    mean, sd, n = _gmean_std(x, codes, g)
    ok = np.isfinite(x)
    with np.errstate(invalid="ignore"):
        dev = np.where(ok, x - mean[codes], 0.0)
    return mean, sd, n, _gsum(dev**3, codes, g)


def skewness_corrected_t(car: np.ndarray, groups: np.ndarray | None = None) -> TestResult:
    """Hall's (1992) skewness-corrected t of the mean CAR, t(N-1).

    With ``S = mean / sd`` (sd ddof 1) and the sample skewness
    ``g = N / ((N - 1)(N - 2)) sum (x - mean)^3 / sd^3``::

        t = sqrt(N) (S + g S^2 / 3 + g^2 S^3 / 27 + g / (6 N))

    the cubic term makes the correction monotone in ``S`` (Hall 1992).
    """
    codes, g = _codes(groups, len(car))
    mean, sd, n, m3 = _skewness(car, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = mean / sd
        gamma = n / ((n - 1.0) * (n - 2.0)) * m3 / sd**3
        t = np.sqrt(n) * (s + gamma * s**2 / 3.0 + gamma**2 * s**3 / 27.0 + gamma / (6.0 * n))
    return t, _two_sided_t(t, n - 1), n


def grank_t(
    scar: np.ndarray,
    est_residuals: np.ndarray,
    sigma: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    est_ranks: np.ndarray | None = None,
) -> TestResult:
    """Generalized rank test GRANK of Kolari and Pynnonen (2011), t(T - 2).

    The CAR window of each event is collapsed into one observation, its
    standardized CAR re-scaled by the cross-sectional sd of the group's SCARs
    (robust to event-induced variance), ``GSAR_i0 = SCAR_i / S(SCAR)``, and
    ranked together with the event's ``L`` standardized estimation residuals
    ``SAR_it = e_it / sigma_i``. With ``T_i`` valid values of event ``i``,
    ``U_it = rank / (T_i + 1) - 1/2``, ``Ubar_t`` the mean over the ``n_t``
    events with a value on day ``t`` and ``n`` the events with a SCAR::

        S^2 = (1/T) sum_t (n_t / n) Ubar_t^2    over the T = L + 1 days (those with n_t > 0)
        Z   = Ubar_0 / S,   t = Z sqrt((T - 2) / (T - 1 - Z^2))

    Parameters
    ----------
    scar : ndarray, shape (N,)
        Standardized CAR of each event over the window (NaN: not in the test).
    est_residuals : ndarray, shape (N, L)
        Estimation-window residuals, NaN where missing.
    sigma : ndarray, shape (N,)
        Residual standard deviation of each event.
    est_ranks : ndarray, optional
        ``standardized_ranks(est_residuals)``, to reuse across windows.
    """
    codes, g = _codes(groups, len(scar))
    fin = np.isfinite(scar)
    _, sd, n = _gmean_std(scar, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        gsar0 = np.where(fin, scar / sd[codes], np.nan)
        sar = est_residuals / sigma[:, None]
    ok = np.isfinite(sar) & fin[:, None]
    m = np.isfinite(sar).sum(axis=1)
    k = standardized_ranks(sar) if est_ranks is None else est_ranks
    # ranks among the estimation days alone, then shifted by where the event value falls
    r_est = k * (1.0 + m)[:, None]
    with np.errstate(invalid="ignore"):
        above = np.where(ok, (sar > gsar0[:, None]) + 0.5 * (sar == gsar0[:, None]), 0.0)
        below = np.where(ok, (sar < gsar0[:, None]) + 0.5 * (sar == gsar0[:, None]), 0.0)
    t_i = m + 1.0
    u_est = np.where(ok, (r_est + above) / (t_i + 1.0)[:, None] - 0.5, 0.0)
    u0 = np.where(fin, (1.0 + below.sum(axis=1)) / (t_i + 1.0) - 0.5, 0.0)
    n_t = _gcount(ok, codes, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = _gsum(u_est, codes, g) / n_t
        ubar0 = _gsum(u0, codes, g) / n
        days = (n_t > 0).sum(axis=1) + 1.0
        s2 = (np.where(n_t > 0, n_t / n[:, None] * ubar**2, 0.0).sum(axis=1) + ubar0**2) / days
        z = ubar0 / np.sqrt(s2)
        t = z * np.sqrt((days - 2.0) / (days - 1.0 - z**2))
    return t, _two_sided_t(t, days - 2.0), n


# -- resampling tests: on demand (EventStudyResult.resampling_tests), not in every study --
def _group_values(x: np.ndarray, groups: np.ndarray | None) -> list[np.ndarray]:
    codes, g = _codes(groups, len(x))
    ok = np.isfinite(x)
    order = np.argsort(codes[ok], kind="stable")
    vals, c = x[ok][order], codes[ok][order]
    return np.split(vals, np.searchsorted(c, np.arange(1, g)))


def bootstrap_t(car: np.ndarray, groups: np.ndarray | None = None, *, n_boot: int = 999, seed: int = 0) -> TestResult:
    """Event-level bootstrap p-value of the cross-sectional t of the mean CAR.

    Events are resampled with replacement from the CARs centred on their mean
    (imposing the null); ``t* = (mean* - mean) / (sd* / sqrt(N))`` and
    ``p = (1 + #{|t*| >= |t|}) / (1 + B)``. The statistic is the ordinary t.
    """
    rng = np.random.default_rng(seed)
    stat, p, n = [], [], []
    for x in _group_values(car, groups):
        k = len(x)
        if k < 3:
            stat.append(np.nan), p.append(np.nan), n.append(k)
            continue
        t = x.mean() / (x.std(ddof=1) / np.sqrt(k))
        draw = x[rng.integers(0, k, (n_boot, k))] - x.mean()
        with np.errstate(invalid="ignore", divide="ignore"):
            t_star = draw.mean(axis=1) / (draw.std(axis=1, ddof=1) / np.sqrt(k))
        stat.append(t), p.append((1.0 + (np.abs(t_star) >= abs(t)).sum()) / (1.0 + n_boot)), n.append(k)
    return np.array(stat), np.array(p), np.array(n, dtype=float)


def sign_permutation_p(car: np.ndarray, groups: np.ndarray | None = None, *, n_perm: int = 999,
                       seed: int = 0) -> TestResult:
    """Permutation (random sign-flip) p-value of the mean CAR.

    Under a null of CARs symmetric about zero, each sign is equally likely:
    ``p = (1 + #{|sum e_i CAR_i| >= |sum CAR_i|}) / (1 + B)`` over ``B`` random
    sign vectors ``e``. The statistic is the mean CAR (CAAR).
    """
    rng = np.random.default_rng(seed)
    stat, p, n = [], [], []
    for x in _group_values(car, groups):
        k = len(x)
        if k < 2:
            stat.append(np.nan), p.append(np.nan), n.append(k)
            continue
        signs = rng.integers(0, 2, (n_perm, k)) * 2.0 - 1.0
        exceed = (np.abs(signs @ x) >= abs(x.sum()) * (1 - 1e-12)).sum()
        stat.append(x.mean()), p.append((1.0 + exceed) / (1.0 + n_perm)), n.append(k)
    return np.array(stat), np.array(p), np.array(n, dtype=float)


def _lbt_t(x: np.ndarray, center: np.ndarray | float = 0.0) -> np.ndarray:
    """Lyon-Barber-Tsai skewness-adjusted t along the last axis: ``sqrt(n)(S + g S^2/3 + g/(6n))``."""
    k = x.shape[-1]
    mean = x.mean(axis=-1)
    sd = x.std(axis=-1, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (mean - center) / sd
        gamma = ((x - mean[..., None]) ** 3).sum(axis=-1) / (k * sd**3)
        return np.sqrt(k) * (s + gamma * s**2 / 3.0 + gamma / (6.0 * k))


def bhar_skewness_adjusted_t(
    bhar: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    n_boot: int = 999,
    seed: int = 0,
    resample_fraction: float = 1.0,
) -> TestResult:
    """Skewness-adjusted t of the mean BHAR with bootstrapped p-value (Lyon, Barber and Tsai 1999).

    ``t_sa = sqrt(n) (S + g S^2 / 3 + g / (6 n))``, ``S = mean / sd``,
    ``g = sum (x - mean)^3 / (n sd^3)``. Long-horizon BHARs are right-skewed,
    so the p-value comes from ``B`` bootstrap resamples of size
    ``n_b = resample_fraction * n`` (LBT used ``n/4``), each statistic centred
    on the sample mean: ``p = 2 min(P*(t* <= t), P*(t* >= t))``.
    """
    rng = np.random.default_rng(seed)
    stat, p, n = [], [], []
    for x in _group_values(bhar, groups):
        k = len(x)
        if k < 3:
            stat.append(np.nan), p.append(np.nan), n.append(k)
            continue
        t = float(_lbt_t(x))
        k_b = max(3, int(round(resample_fraction * k)))
        t_star = _lbt_t(x[rng.integers(0, k, (n_boot, k_b))], center=x.mean())
        t_star = t_star[np.isfinite(t_star)]
        lo = (1.0 + (t_star <= t).sum()) / (1.0 + len(t_star))
        hi = (1.0 + (t_star >= t).sum()) / (1.0 + len(t_star))
        stat.append(t), p.append(min(1.0, 2.0 * min(lo, hi))), n.append(k)
    return np.array(stat), np.array(p), np.array(n, dtype=float)
