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
    t(df_i) variable with variance ``df_i / (df_i - 2)``.

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


PAIRWISE_MAX_EVENTS = 1500


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
