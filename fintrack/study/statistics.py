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
from scipy import stats

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
    "cross_event_sums",
    "window_independent_parts",
    "corrado_rank_z_from_sums",
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
        # one group: a plain column sum, no flattened events x days index
        return x.sum(axis=0)[None, ...] if len(x) else np.zeros((1,) + x.shape[1:])
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


def _two_sided_t(t: np.ndarray, df: np.ndarray | float) -> np.ndarray:
    return 2.0 * stats.t.sf(np.abs(t), df)


def _two_sided_z(z: np.ndarray) -> np.ndarray:
    return 2.0 * stats.norm.sf(np.abs(z))


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

    ``t = CAAR / (sqrt(l) * S(AAR))``, where ``S(AAR)`` is the standard deviation
    (ddof 1) over estimation days of the average estimation-window residual
    across events (aligned by session relative to day 0); t with ``L - 1`` df.

    Parameters
    ----------
    car : ndarray, shape (N,)
        CAR of each event over the window.
    est_residuals : ndarray, shape (N, L)
        Estimation-window abnormal returns, NaN where missing.
    window_length : int
        Number of sessions ``l`` in the window.
    aar_sd : tuple of ndarray, optional
        ``estimation_aar_sd(est_residuals, groups)``, to reuse across windows.
    """
    codes, g = _codes(groups, len(car))
    caar, _, n = _gmean_std(car, codes, g)
    s_aar, df = estimation_aar_sd(est_residuals, groups) if aar_sd is None else aar_sd
    with np.errstate(invalid="ignore", divide="ignore"):
        t = caar / (np.sqrt(window_length) * s_aar)
    return t, _two_sided_t(t, df), n


def estimation_aar_sd(est_residuals: np.ndarray, groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviation (ddof 1) over estimation days of the cross-event mean residual, and its df."""
    codes, g = _codes(groups, len(est_residuals))
    ok = np.isfinite(est_residuals)
    return _aar_sd_from_sums(_gsum(est_residuals, codes, g), _gcount(ok, codes, g))


def _aar_sd_from_sums(est_sum: np.ndarray, est_count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``estimation_aar_sd`` from per-group, per-day sums and counts of the residuals."""
    with np.errstate(invalid="ignore", divide="ignore"):
        aar_est = est_sum / est_count
        return np.nanstd(aar_est, axis=1, ddof=1), np.isfinite(aar_est).sum(axis=1) - 1.0


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


def average_residual_correlation(est_residuals: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Average pairwise correlation of estimation residuals across events, per group.

    Residual series are aligned by session relative to day 0 (so events on the
    same date are aligned in calendar time, the case Kolari-Pynnonen address).
    Uses ``r = (|sum_i z_i|^2 - sum_i |z_i|^2) / (N (N - 1))`` with ``z_i`` the
    demeaned, unit-norm residual vector, which is O(N L) instead of O(N^2 L).
    Missing observations are treated as zero after demeaning, a close
    approximation to pairwise-complete correlation.
    """
    codes, g = _codes(groups, len(est_residuals))
    z = _unit_residuals(est_residuals)
    sq = _gsum(np.einsum("nl,nl->n", z, z), codes, g)
    n = _gcount(np.ones(len(z), bool), codes, g)
    return _residual_correlation_from_sums(_gsum(z, codes, g), sq, n)


def _unit_residuals(est_residuals: np.ndarray) -> np.ndarray:
    """Each event's residuals demeaned and scaled to unit norm, missing days as 0."""
    ok = np.isfinite(est_residuals)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(est_residuals, axis=1) / ok.sum(axis=1)
        z = np.where(ok, est_residuals - mean[:, None], 0.0)
        z /= np.sqrt(np.einsum("nl,nl->n", z, z))[:, None]
    z[np.isnan(z)] = 0.0  # rows without a valid residual (0 / 0); nothing else can be non-finite
    return z


def _residual_correlation_from_sums(z_sum: np.ndarray, z_sq: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``average_residual_correlation`` from per-group sums of unit residuals, of their squared norms, and counts."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.einsum("gl,gl->g", z_sum, z_sum) - z_sq) / (n * (n - 1))


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
    order, k_sorted = _sorted_standardized_ranks(ar_all)
    ranks = np.empty(ar_all.shape)
    np.put_along_axis(ranks, order, k_sorted, axis=1)
    return ranks


def _sorted_standardized_ranks(ar_all: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sort order and its standardized ranks in that order (NaN where the value is missing).

    ``K[i, order[i, j]] = k_sorted[i, j]``; a consumer that only sums ranks can
    scatter-add ``k_sorted`` by ``order`` instead of building ``K``.
    """
    n_rows, width = ar_all.shape
    m = np.isfinite(ar_all).sum(axis=1)
    order = np.argsort(ar_all, axis=1)  # NaN sort last
    srt = np.ascontiguousarray(ar_all).ravel()[order + (np.arange(n_rows) * width)[:, None]]
    same = srt[:, 1:] == srt[:, :-1]  # NaN never equals NaN
    tied = np.flatnonzero(same.any(axis=1))
    avg = np.broadcast_to(np.arange(1.0, width + 1.0), (n_rows, width)).copy()
    if len(tied):
        # only rows with ties: each run of equal values gets the mean of its ordinal ranks, (first + last) / 2 + 1
        cols = np.broadcast_to(np.arange(width), (len(tied), width))
        new = np.ones((len(tied), width), bool)
        new[:, 1:] = ~same[tied]
        first = np.maximum.accumulate(np.where(new, cols, 0), axis=1)
        end = np.ones((len(tied), width), bool)
        end[:, :-1] = new[:, 1:]
        last = np.minimum.accumulate(np.where(end, cols, width - 1)[:, ::-1], axis=1)[:, ::-1]
        avg[tied] = (first + last) / 2.0 + 1.0
    del srt, same
    avg[np.arange(width)[None, :] >= m[:, None]] = np.nan  # the missing values, sorted last
    avg /= (1.0 + m)[:, None]
    return order, avg


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
    ``Kbar_t`` the mean over events on day ``t``::

        S^2 = (1/D) sum_t (N_t / Nbar) (Kbar_t - 0.5)^2        over all D days
        Z   = sqrt(l) (mean_{t in window} Kbar_t - 0.5) / S

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
    kbar, s2 = _corrado_day_means(_gsum(np.where(ok, k, 0.0), codes, g), _gcount(ok, codes, g))
    return _corrado_from_day_means(kbar, s2, window, _gcount(ok[:, window].all(axis=1), codes, g))


def _corrado_day_means(rank_sum: np.ndarray, rank_count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean standardized rank per group and day, ``Kbar_t``, and ``S^2``: the window-independent part of Corrado."""
    with np.errstate(invalid="ignore", divide="ignore"):
        kbar = rank_sum / rank_count
        nbar = rank_count.mean(axis=1, keepdims=True)
        s2 = np.nanmean((rank_count / nbar) * (kbar - 0.5) ** 2, axis=1)
    return kbar, s2


def _corrado_from_day_means(kbar: np.ndarray, s2: np.ndarray, window: slice, n: np.ndarray) -> TestResult:
    with np.errstate(invalid="ignore", divide="ignore"):
        kw = kbar[:, window]
        length = kw.shape[1]
        z = np.sqrt(length) * (kw.mean(axis=1) - 0.5) / np.sqrt(s2)
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
    order = np.argsort(a, kind="stable") if g == 1 else np.lexsort((a, c))  # the same order with one group
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


# ---------------------------------------------------------------------------
# Additive partial sums: the cross-event tests in chunks of events
# ---------------------------------------------------------------------------
def cross_event_sums(
    est_residuals: np.ndarray,
    ar_all: np.ndarray,
    windows: list[slice],
    groups: np.ndarray | None = None,
    n_groups: int | None = None,
) -> dict[str, np.ndarray]:
    """Per-group sums of everything the cross-event tests read from the (events x days) arrays.

    The sums are additive: the sums of two disjoint sets of events add up to
    the sums of their union, so a study can process its events in chunks and
    keep only these ``(groups x days)`` arrays (plus one number per event: the
    CARs) instead of every event's residuals and ranks. Each array has the
    group on its first axis:

    ``n`` events; ``est_sum``, ``est_count`` residual sum and count per estimation
    day (Brown-Warner); ``z_sum``, ``z_sq`` unit-norm demeaned residuals summed per
    day and their summed squared norms (Kolari-Pynnonen); ``rank_sum``,
    ``rank_count`` standardized ranks per day of ``ar_all`` (Corrado);
    ``window_complete`` events with every day of each of ``windows`` valid.

    Parameters
    ----------
    est_residuals : ndarray, shape (N, L)
        Estimation-window abnormal returns, NaN where missing.
    ar_all : ndarray, shape (N, D)
        Estimation residuals followed by event-window ARs (ranked here, as in ``standardized_ranks``).
    windows : list of slice
        Columns of ``ar_all`` of each tested window.
    groups : ndarray of int, optional
        Group code of each event, ``0..n_groups-1``.
    n_groups : int, optional
        Number of groups (default: largest code + 1), so chunks agree on the shape.
    """
    codes, g = _codes(groups, len(est_residuals))
    if n_groups is not None:
        g = n_groups
    z = _unit_residuals(est_residuals)
    ok_all = np.isfinite(ar_all)
    sums = {
        "n": _gcount(np.ones(len(z), bool), codes, g),
        "est_sum": _gsum(est_residuals, codes, g),
        "est_count": _gcount(np.isfinite(est_residuals), codes, g),
        "z_sum": _gsum(z, codes, g),
        "z_sq": _gsum(np.einsum("nl,nl->n", z, z), codes, g),
        "rank_sum": _rank_sums(ar_all, codes, g),
        "rank_count": _gcount(ok_all, codes, g),
    }
    del z
    sums["window_complete"] = np.stack([_gcount(ok_all[:, w].all(axis=1), codes, g) for w in windows], axis=1)
    return sums


def _rank_sums(ar_all: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group and day, the sum of the standardized ranks (missing days count 0), without building the ranks."""
    order, k_sorted = _sorted_standardized_ranks(ar_all)
    width = ar_all.shape[1]
    index = order if n_groups == 1 else order + (codes * width)[:, None]
    k_sorted[np.isnan(k_sorted)] = 0.0  # missing days add nothing
    return np.bincount(index.ravel(), weights=k_sorted.ravel(), minlength=n_groups * width).reshape(n_groups, width)


def window_independent_parts(sums: dict[str, np.ndarray]) -> dict[str, object]:
    """From ``cross_event_sums``: Brown-Warner's ``S(AAR)`` and df, Kolari-Pynnonen's ``r``, Corrado's ``Kbar_t`` and ``S^2``.

    Computed once per grouping and reused by every window.
    """
    return {
        "aar_sd": _aar_sd_from_sums(sums["est_sum"], sums["est_count"]),
        "r": _residual_correlation_from_sums(sums["z_sum"], sums["z_sq"], sums["n"]),
        "corrado": _corrado_day_means(sums["rank_sum"], sums["rank_count"]),
    }


def corrado_rank_z_from_sums(parts: dict[str, object], window: slice, n_complete: np.ndarray) -> TestResult:
    """``corrado_rank_z`` from ``window_independent_parts`` and the events complete over ``window``."""
    kbar, s2 = parts["corrado"]
    return _corrado_from_day_means(kbar, s2, window, n_complete)
