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

import sys

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
    "cross_event_sums",
    "window_independent_parts",
    "corrado_rank_z_from_sums",
    "grank_sums",
    "grank_t_from_sums",
]

TestResult = tuple[np.ndarray, np.ndarray, np.ndarray]


def _codes(groups: np.ndarray | None, n: int) -> tuple[np.ndarray, int]:
    if groups is None:
        return np.zeros(n, dtype=np.intp), 1
    groups = np.asarray(groups, dtype=np.intp)
    return groups, int(groups.max()) + 1 if len(groups) else 0


def _gsum(x: np.ndarray, codes: np.ndarray, n_groups: int, *, nan_free: bool = False) -> np.ndarray:
    """Sum ``x`` (shape (N,) or (N, L)) per group, NaN counted as 0 (``nan_free``: the caller knows there is none)."""
    x = np.asarray(x, dtype=float)
    if not nan_free:
        x = np.where(np.isnan(x), 0.0, x)
    if x.ndim == 2:
        return _rows_gsum(x, codes, n_groups)
    if n_groups == 1:
        # one group: a plain sum, no index
        return x.sum(axis=0)[None, ...] if len(x) else np.zeros((1,) + x.shape[1:])
    return np.bincount(codes, weights=x, minlength=n_groups)


def _rows_gsum(x: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-group sums of the rows of ``x`` (N, L), which holds no NaN (bool: counts), as a (groups, L) float array.

    One group is a column sum; codes in ascending order (a study visits its
    events by group where it can) are summed segment by segment; any other
    order goes through one ``bincount`` over an events x days index. Each way
    adds a group's rows in their order.
    """
    if x.dtype == bool:  # counts add up exactly, and faster, as small integers
        x, dtype = x.view(np.uint8), (np.uint16 if len(x) < 2**16 else np.int64)
    else:
        dtype = float
    out = np.zeros((n_groups, x.shape[1]))
    if not len(x):
        return out
    if n_groups == 1:
        out[0] = x.sum(axis=0, dtype=dtype)
        return out
    if len(codes) > 1 and not (codes[1:] >= codes[:-1]).all():
        width = x.shape[1]
        flat = (codes[:, None] * width + np.arange(width)[None, :]).ravel()
        return np.bincount(flat, weights=x.ravel().astype(float, copy=False),
                           minlength=n_groups * width).reshape(n_groups, width)
    starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    out[codes[starts]] = np.add.reduceat(x, starts, axis=0, dtype=dtype)
    return out


def _gcount(mask: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    if mask.ndim == 2:
        return _rows_gsum(np.asarray(mask, dtype=bool), codes, n_groups)  # counted as integers: no float copy
    return _gsum(mask.astype(float), codes, n_groups)


def _gmean_std(x: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-group mean, sample standard deviation (ddof 1) and count of finite ``x``."""
    if n_groups == 1 and x.ndim == 1:
        # one group (every study has "all"): plain sums over the finite values
        xs = _finite(x)
        n = np.array([float(len(xs))])
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = xs.sum(keepdims=True) / n
            dev = xs - mean
            var = np.dot(dev, dev)[None] / (n - 1)
        return mean, np.sqrt(var), n
    ok = np.isfinite(x)
    n = _gcount(ok, codes, n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _gsum(x, codes, n_groups) / n
        dev = np.where(ok, x - mean[codes], 0.0)
        var = _gsum(dev * dev, codes, n_groups) / (n - 1)
    return mean, np.sqrt(var), n


#: Whole degrees of freedom up to which ``two_sided_t`` may sum the finite series (about df / 2 multiply-adds
#: per value: at df 238, a third of the time of ``scipy.special.stdtr``, which pays ~130 ns per value).
SERIES_MAX_DF = 480
#: Largest ``|t|`` the series is used for: there the p-value is above 1e-3, so its absolute error (a few
#: 1e-15, from the cancellation in ``1 - A``) stays below 1e-11 relative; beyond, ``stdtr`` keeps small
#: p-values exact to their last digits.
SERIES_MAX_T = 3.25
#: Fewest values sharing one df for the series to pay for its per-term passes over them, per term of the
#: series (about df / 2 terms): each term is a pass of ~0.3 us of call overhead, stdtr ~0.12 us per value
#: (at df 238, 1,100 values: series 100 us, stdtr 125 us).
SERIES_VALUES_PER_TERM = 8
#: Most values whose series ``_t_series`` sums by ``_power_series`` (beyond, its (16, n) arrays leave the
#: cache and Horner's passes are cheaper).
SERIES_POWERS_MAX_VALUES = 2048
#: Fewest values for the series to be tried at all.
SERIES_MIN_VALUES = 64


def _finite(x: np.ndarray) -> np.ndarray:
    """The finite values of ``x`` (``x`` itself when all are)."""
    ok = np.isfinite(x)
    return x if ok.all() else x[ok]


def two_sided_t(t: np.ndarray, df: np.ndarray | float) -> np.ndarray:
    """Two-sided p-value of ``t`` under Student's t with ``df`` degrees of freedom.

    ``df`` broadcasts against ``t`` (e.g. one per event, shape ``(E, 1)``).
    Values whose df is a whole number of at most ``SERIES_MAX_DF`` shared by
    at least ``SERIES_VALUES_PER_TERM`` values per term of the series (and
    ``SERIES_MIN_VALUES``), with ``|t| <= SERIES_MAX_T``, take
    the exact finite series of Abramowitz and Stegun 26.7.3-4 (``_t_series``);
    every other value ``2 stdtr(df, -|t|)``. Both agree to a few 1e-15 (tests
    check the series against ``scipy.special.stdtr`` and closed forms).
    """
    x = np.abs(np.asarray(t, dtype=float))
    df_in = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        if x.size < SERIES_MIN_VALUES:
            return 2.0 * special.stdtr(df_in, -x)
        shared = np.unique(df_in)
        shared = shared[(shared >= 2) & (shared <= SERIES_MAX_DF) & (shared == np.floor(shared))]
        if not len(shared):
            return 2.0 * special.stdtr(df_in, -x)
        df_all = np.broadcast_to(df_in, x.shape)
        p = np.empty(x.shape)
        left = np.ones(x.shape, bool)
        small = x <= SERIES_MAX_T  # False for NaN
        for k in shared:
            sel = small & (df_all == k)
            if np.count_nonzero(sel) >= max(SERIES_MIN_VALUES, SERIES_VALUES_PER_TERM * (int(k) // 2)):
                p[sel] = _t_series(x[sel], int(k))
                left &= ~sel
        p[left] = 2.0 * special.stdtr(df_all[left], -x[left])
    return p


def _t_series(x: np.ndarray, k: int) -> np.ndarray:
    """``P(|T| > x)`` for Student's t with ``k >= 2`` whole degrees of freedom, ``x >= 0``, by a finite sum.

    With ``u = k / (k + x^2)`` (Abramowitz and Stegun 26.7.3-4, ``A = P(|T| <= x)``)::

        k even:  A = x / sqrt(k + x^2)  sum_{m=0}^{k/2-1} c_m u^m,      c_m = prod_{i<=m} (2i - 1) / (2i)
        k odd:   A = (2 / pi) [atan(x / sqrt(k)) + (x sqrt(k) / (k + x^2)) sum_{m=0}^{(k-3)/2} d_m u^m],
                 d_m = prod_{i<=m} 2i / (2i + 1)

    summed by Horner's rule (positive terms: no cancellation until ``1 - A``); up to ``SERIES_POWERS_MAX_VALUES``
    values, whose ~2 Horner passes per term would cost mostly numpy's per-call overhead, by ``_power_series``.
    """
    u = k / (k + x * x)
    i = np.arange(1, (k // 2 - 1 if k % 2 == 0 else (k - 3) // 2) + 1, dtype=float)
    coef = np.cumprod(np.concatenate([[1.0], (2.0 * i - 1.0) / (2.0 * i) if k % 2 == 0 else 2.0 * i / (2.0 * i + 1.0)]))
    if x.ndim == 1 and len(x) <= SERIES_POWERS_MAX_VALUES:
        acc = _power_series(u, coef)
    else:
        acc = np.full(x.shape, coef[-1])
        for c in coef[-2::-1]:
            acc *= u
            acc += c
    if k % 2 == 0:
        a = acc * x / np.sqrt(k + x * x)
    else:
        root = np.sqrt(float(k))
        a = (2.0 / np.pi) * (np.arctan(x / root) + acc * (x * root / (k + x * x)))
    return 1.0 - a


def _powers(base: np.ndarray, count: int) -> np.ndarray:
    """``base ** j`` for ``j = 0 .. count - 1``, as a ``(count, n)`` array built by doubling (log2 passes)."""
    out = np.empty((count, len(base)))
    out[0] = 1.0
    power, size = base, 1  # power = base ** size
    while size < count:
        take = min(size, count - size)
        np.multiply(out[:take], power, out=out[size:size + take])
        size += take
        if size < count:
            power = power * power
    return out


def _power_series(u: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """``sum_m coef_m u^m`` for each value of ``u`` (1-d) in a few passes: ``sum_j u^j sum_q coef_{qr+j} (u^r)^q``.

    With ``r = 16`` the powers ``u^0 .. u^15`` and ``(u^16)^0 ..`` are built by
    doubling, the inner sums are one matrix product and the outer one a dot
    product per value: ~15 numpy calls whatever the number of terms (Horner's
    rule takes two per term). The terms are the same positive numbers, summed
    in another order (a few 1e-16 relative; tests compare with ``stdtr``).
    """
    r = min(16, len(coef))
    q = -(-len(coef) // r)
    chains = np.concatenate([coef, np.zeros(q * r - len(coef))]).reshape(q, r)  # chains[q, j] = coef[q r + j]
    u_pow = _powers(u, r)
    v_pow = _powers(u_pow[-1] * u, q)
    return np.einsum("rn,rn->n", u_pow, chains.T @ v_pow)


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
    n_all = np.bincount(codes, minlength=g).astype(float)
    return _aar_sd_from_sums(_gsum(est_residuals, codes, g), _gcount(ok, codes, g), n_all)


def _aar_sd_from_sums(est_sum: np.ndarray, n_t: np.ndarray, n_all: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``estimation_aar_sd`` from per-group, per-day residual sums and counts and the group sizes."""
    n_all = n_all[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        aar_est = est_sum / n_t
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
    complete_row = np.isfinite(est_residuals).all(axis=1)
    z = _unit_residuals(est_residuals)
    sq = _gsum(np.einsum("nl,nl->n", z, z), codes, g)
    n = _gcount(np.ones(len(z), bool), codes, g)
    r = _residual_correlation_from_sums(_gsum(z, codes, g), sq, n)
    del z
    incomplete = np.flatnonzero(_gcount(~complete_row, codes, g) > 0)
    return pairwise_complete_correlation_of(r, incomplete, est_residuals, codes)


def pairwise_complete_correlation_of(r: np.ndarray, incomplete: np.ndarray, est_residuals: np.ndarray,
                                     codes: np.ndarray) -> np.ndarray:
    """``r`` with the groups ``incomplete`` (those with a missing residual) set to their pairwise-complete mean.

    Above ``PAIRWISE_MAX_EVENTS`` events, a seeded random subset of that many
    (the same subset for the same events, whatever the chunking).
    """
    rng = np.random.default_rng(0)
    for group in incomplete:
        rows = np.flatnonzero(codes == group)
        if len(rows) > PAIRWISE_MAX_EVENTS:
            rows = np.sort(rng.choice(rows, PAIRWISE_MAX_EVENTS, replace=False))
        r[group] = _mean_pairwise_complete_correlation(est_residuals[rows])
    return r


def _unit_residuals(est_residuals: np.ndarray, ok: np.ndarray | None = None,
                    zero_filled: np.ndarray | None = None) -> np.ndarray:
    """Each event's residuals demeaned and scaled to unit norm, missing days as 0.

    ``ok`` marks the finite residuals and ``zero_filled`` is the residuals with
    NaN as 0 (used up: it becomes the result), when the caller has them.
    """
    ok = np.isfinite(est_residuals) if ok is None else ok
    if ok.all():
        # the same arithmetic without the masking: a row is 0 / 0 only when it is constant (zero norm)
        z = est_residuals - (est_residuals.sum(axis=1) / est_residuals.shape[1])[:, None]
        norm = np.sqrt(np.einsum("nl,nl->n", z, z))
        with np.errstate(invalid="ignore"):
            z /= norm[:, None]
        if not (norm > 0.0).all() or not np.isfinite(norm).all():
            z[np.isnan(z)] = 0.0
        return z
    z = np.where(np.isnan(est_residuals), 0.0, est_residuals) if zero_filled is None else zero_filled
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = z.sum(axis=1) / ok.sum(axis=1)  # as np.nansum adds
        z -= mean[:, None]
        np.copyto(z, 0.0, where=~ok)
        z /= np.sqrt(np.einsum("nl,nl->n", z, z))[:, None]
    z[np.isnan(z)] = 0.0  # rows without a valid residual (0 / 0); nothing else can be non-finite
    return z


def _residual_correlation_from_sums(z_sum: np.ndarray, z_sq: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The O(N L) identity from per-group sums of unit residuals, of their squared norms, and counts."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.einsum("gl,gl->g", z_sum, z_sum) - z_sq) / (n * (n - 1))


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
    """``K_it = rank_it / (1 + M_i)``: each row ranked over its finite values (ties averaged), NaN where missing.

    Rows of 2 to 256 values are ordered by one sort of keys that carry their
    column (see ``_ranks_and_order``), several times quicker than
    ``argsort``, which ranks only the rows where that order is not exact.
    """
    return _ranks_and_order(ar_all)[0]


_KEY_COLUMNS = 256  # a column index fits in the low 8 bits of a key
_NAN_STAND_IN = np.finfo(float).max  # a missing value sorts last as the largest float (ties with it are checked)


def _ranks_and_order(ar_all: np.ndarray, with_order: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """``standardized_ranks(ar_all)`` and, ``with_order``, each row's columns in ascending order of value.

    The order (uint8 up to 256 columns) is ``argsort``'s but for the order
    among tied values and among missing ones (NaN last).

    A value's key is the float whose bits are the value's (-0.0 made +0.0,
    NaN the largest float) with the last 8 bits replaced by the column: keys
    keep the order of values that differ above those 8 bits, whatever their
    sign, and sorting floats is vectorized. Neighbours whose keys agree but
    for the column are tied, or nearly: a row whose such runs hold equal
    values gets their averaged ranks; a row with near-ties (values a few units
    in the last place apart) or an infinite value is ranked by ``argsort``.
    """
    x = np.ascontiguousarray(ar_all, dtype=float)
    n_rows, width = x.shape
    if not n_rows or not 1 < width <= _KEY_COLUMNS or sys.byteorder != "little":
        ranks, order = _ranks_by_argsort(x, np.count_nonzero(np.isfinite(x), axis=1))
        return ranks, (order if with_order else None)
    keys = np.add(x, 0.0)  # -0.0 + 0.0 = +0.0: equal values, equal bits
    m = np.full(n_rows, width)
    missing = None
    if not np.isfinite(keys).all():
        missing = np.isnan(keys)
        m -= np.count_nonzero(missing, axis=1)
        keys[missing] = _NAN_STAND_IN
    bits = keys.view(np.uint64)
    bits &= np.uint64(0xFFFF_FFFF_FFFF_FF00)
    bits |= np.arange(width, dtype=np.uint64)
    keys.sort(axis=1)
    redo = np.zeros(n_rows, bool)  # rows for argsort
    # an infinite value keeps an infinite key or gets a NaN one, which sort first or last
    infinite = np.flatnonzero(~(np.isfinite(keys[:, 0]) & np.isfinite(keys[:, -1])))
    if len(infinite):
        redo[infinite] = True
        m[infinite] = np.count_nonzero(np.isfinite(x[infinite]), axis=1)
    column_at = bits.view(np.uint8)[:, ::8].astype(np.uint16)  # the low byte (little-endian): the column
    order = column_at.astype(np.uint8) if with_order else None
    bits >>= np.uint64(8)
    same = bits[:, 1:] == bits[:, :-1]  # neighbours equal but for the column: tied, or nearly
    if missing is not None:
        same &= np.arange(width - 1)[None, :] < m[:, None]  # not between two NaN stand-ins
    close = same.any(axis=1)
    close[infinite] = False
    close = np.flatnonzero(close)
    every = len(close) == n_rows  # then the rows are read in place, not copied
    close_at = (column_at if every else column_at[close]).astype(np.intp)  # flat index of each sorted value
    close_at += (close * width)[:, None]
    # each column's place in the sorted row: sort (column, place) pairs by column
    column_at <<= np.uint16(8)
    column_at |= np.arange(width, dtype=np.uint16)
    column_at.sort(axis=1)
    rank = column_at
    rank &= np.uint16(0xFF)
    rank += np.uint16(1)  # the ordinal rank, at most 256: exact as uint16 and as float
    ranks = np.divide(rank, (1.0 + m)[:, None], out=keys)  # as _ranks_by_argsort divides
    if len(close):
        run = same if every else same[close]
        with np.errstate(invalid="ignore"):
            equal = x.ravel()[close_at]
            equal = equal[:, 1:] == equal[:, :-1]
        del close_at
        tied = (equal | ~run).all(axis=1)  # every run of equal keys holds equal values
        if not tied.all():
            redo[close[~tied]] = True
            close, run, every = close[tied], run[tied], False
        k_sorted = _tie_averaged_ranks(run, m[close]).ravel()
        place = (rank if every else rank[close]).astype(np.intp)  # each column's ordinal rank: its place + 1
        place += (np.arange(len(close)) * width - 1)[:, None]
        if every:
            np.take(k_sorted, place, out=ranks)
        else:
            ranks[close] = k_sorted[place]
    if missing is not None:
        ranks[missing] = np.nan  # sorted last, after the M_i finite values
    redo = np.flatnonzero(redo)
    if len(redo):
        ranks[redo], redo_order = _ranks_by_argsort(x[redo], m[redo])
        if with_order:
            order[redo] = redo_order
    return ranks, order


def _tie_averaged_ranks(same: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Standardized ranks by sorted place, ``same[:, p]`` where places ``p`` and ``p + 1`` hold equal values.

    Each run of equal values gets the mean of its ordinal ranks, ``(first + last) / 2 + 1``, over ``1 + m``;
    the places are counted in bytes when they fit.
    """
    n_rows, width = len(same), same.shape[1] + 1
    place, total = (np.uint8, np.uint16) if width <= 256 else (np.intp, np.intp)
    cols = np.arange(width, dtype=place)
    apart = ~same
    first = np.zeros((n_rows, width), place)
    np.multiply(apart, cols[1:], out=first[:, 1:], dtype=place)  # where a run starts its place, else 0
    np.maximum.accumulate(first, axis=1, out=first)  # each place's run's first place
    to_end = np.zeros((n_rows, width), place)  # where a run ends the places after it to the row's end, else 0
    np.multiply(apart, (width - 1) - cols[:-1], out=to_end[:, :-1], dtype=place)
    to_end = np.maximum.accumulate(to_end[:, ::-1], axis=1)[:, ::-1]  # from each place's run's last place
    first_plus_last = first.astype(total)
    first_plus_last += width - 1
    first_plus_last -= to_end
    ranks = np.divide(first_plus_last, 2.0)
    ranks += 1.0
    ranks /= (1.0 + m)[:, None]
    return ranks


def _ranks_by_argsort(x: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``standardized_ranks`` of ``x`` (contiguous float) with ``m`` finite values per row, and its ``argsort``."""
    n_rows, width = x.shape
    srt = np.sort(x, axis=1)  # NaN sort last; sorting the values is quicker than reading them in sorted order
    same = srt[:, 1:] == srt[:, :-1]  # NaN never equals NaN
    del srt
    tied = np.flatnonzero(same.any(axis=1))
    k_sorted = np.arange(1.0, width + 1.0)[None, :] / (1.0 + m)[:, None]
    if len(tied):
        k_sorted[tied] = _tie_averaged_ranks(same[tied], m[tied])
    del same
    short = np.flatnonzero(m < width)
    if len(short):
        # the missing values, sorted last
        rows = k_sorted[short]
        rows[np.arange(width)[None, :] >= m[short][:, None]] = np.nan
        k_sorted[short] = rows
    # each value's position in the flattened array, row by row in sorted order: the ranks go back there
    order = np.argsort(x, axis=1)
    flat = order + (np.arange(n_rows) * width)[:, None]
    ranks = np.empty(n_rows * width)
    ranks[flat] = k_sorted
    return ranks.reshape(n_rows, width), order


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
    n_all = np.bincount(codes, minlength=g).astype(float)
    in_window = ok[:, window].all(axis=1)
    s2 = _corrado_s2(_gsum(k, codes, g), _gcount(ok, codes, g), n_all)  # a missing day's rank is NaN: counts 0
    window_sum = _gsum(np.where(in_window[:, None], k[:, window], 0.0), codes, g)
    return _corrado_z(s2, window_sum, _gcount(in_window, codes, g), n_all)


def _corrado_s2(rank_sum: np.ndarray, n_t: np.ndarray, n_all: np.ndarray) -> np.ndarray:
    """Corrado's ``S^2`` per group: the window-independent part, computed once per grouping."""
    with np.errstate(invalid="ignore", divide="ignore"):
        kbar = rank_sum / n_t
        return np.nanmean(np.where(n_t > 0, (n_t / n_all[:, None]) * (kbar - 0.5) ** 2, np.nan), axis=1)


def _corrado_z(s2: np.ndarray, window_sum: np.ndarray, n: np.ndarray, n_all: np.ndarray) -> TestResult:
    """Corrado's Z from ``S^2``, the window's per-day rank sums over the ``n`` events complete in it."""
    with np.errstate(invalid="ignore", divide="ignore"):
        kw = window_sum / n[:, None]
        length = kw.shape[1]
        z = np.sqrt(length) * (kw.mean(axis=1) - 0.5) / np.sqrt(s2 * n_all / n)
    return z, _two_sided_z(z), n


def positive_share(est_residuals: np.ndarray) -> np.ndarray:
    """Share of positive values among the finite estimation residuals of each event."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (_row_counts(est_residuals > 0).astype(float)
                / _row_counts(np.isfinite(est_residuals)))  # the counts exact, as ints, whatever their type


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
    if g == 1:
        return _wilcoxon_one_group(car)
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


def _wilcoxon_one_group(car: np.ndarray) -> TestResult:
    """``wilcoxon_signed_rank_z`` of one group from two sorts (no argsort).

    Each positive CAR's average rank among all ``|CAR|`` is
    ``(first + last) / 2`` of its run of equal values, found by searching the
    sorted positive values in the sorted ``|CAR|``; the ranks are halves of
    whole numbers, so their sum is exact in any order.
    """
    x = car[np.isfinite(car) & (car != 0)]
    a_sorted = np.sort(np.abs(x))
    p_sorted = np.sort(x[x > 0])
    n = float(len(a_sorted))
    below = np.searchsorted(a_sorted, p_sorted, side="left")
    upto = np.searchsorted(a_sorted, p_sorted, side="right")
    w_plus = float(np.sum(below + upto + 1)) / 2.0  # ranks below + 1 .. upto, averaged
    edges = np.flatnonzero(np.concatenate([[True], a_sorted[1:] != a_sorted[:-1], [True]]))
    run_len = np.diff(edges).astype(float)
    ties = float(np.sum(run_len**3 - run_len))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.array([(w_plus - n * (n + 1) / 4.0) / np.sqrt(n * (n + 1) * (2 * n + 1) / 24.0 - ties / 48.0)])
    return z, _two_sided_z(z), np.array([n])


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
    if g == 1 and x.ndim == 1:
        dev = _finite(x) - mean
        return mean, sd, n, np.dot(dev * dev, dev)[None]
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
    _, sd, _ = _gmean_std(scar, codes, g)
    return grank_t_from_sums(grank_sums(scar, sd[codes], est_residuals, sigma, codes, g, est_ranks=est_ranks))


def grank_sums(scar: np.ndarray, scar_sd: np.ndarray, est_residuals: np.ndarray, sigma: np.ndarray,
               codes: np.ndarray, n_groups: int, *, est_ranks: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Additive per-group sums of ``grank_t`` for a chunk of events; ``scar_sd`` is each event's group sd of SCAR.

    The sd is over all the group's events, so a chunked study computes it
    first from the SCARs, then adds up these sums chunk by chunk. A study
    with several windows prepares the chunk once (``grank_prepared``) and
    calls ``grank_window_sums`` per window.
    """
    prep = grank_prepared(est_residuals, sigma, est_ranks=est_ranks)
    with np.errstate(invalid="ignore", divide="ignore"):
        gsar0 = scar / scar_sd
    return grank_window_sums(prep, gsar0, np.isfinite(scar), codes, n_groups)


def grank_prepared(est_residuals: np.ndarray, sigma: np.ndarray, *,
                   est_ranks: np.ndarray | None = None, overwrite: bool = False) -> dict[str, np.ndarray]:
    """The window-independent part of ``grank_sums`` for a chunk of events.

    ``sar`` the standardized residuals ``e_it / sigma_i``; ``finite`` where
    they exist; ``m`` their count per event; ``t1 = T_i + 1 = m + 2``; ``base``
    each estimation day's ``U_it`` before the window's value is ranked in,
    ``rank_among_estimation_days / (T_i + 1) - 1/2`` (0 where missing): the
    window's value only adds ``1 / (T_i + 1)`` (1/2 of it on a tie) to the
    days it falls below. ``order`` each event's days in ascending order of
    ``sar`` (None with ``est_ranks``), ``complete`` whether every residual
    exists, ``infinite`` the events with an infinite one: ``grank_window_sums``
    reads in them where a window's value may tie with a day. ``overwrite``:
    ``sar`` is built in ``est_residuals``'s memory (the caller gives it up).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        sar = np.divide(est_residuals, sigma[:, None], out=est_residuals if overwrite else None)
    finite = np.isfinite(sar)
    all_finite = bool(finite.all())
    m = np.full(len(sar), sar.shape[1]) if all_finite else np.count_nonzero(finite, axis=1)
    t1 = m + 2.0
    if est_ranks is None:
        base, order = _ranks_and_order(sar, with_order=True)  # a new array: scaled in place
        with np.errstate(invalid="ignore"):
            base *= ((1.0 + m) / t1)[:, None]
    else:
        order = None
        with np.errstate(invalid="ignore"):
            base = est_ranks * ((1.0 + m) / t1)[:, None]
    base -= 0.5
    infinite = np.zeros(len(sar), bool)
    if not all_finite:
        base[~finite] = 0.0
        infinite = np.isinf(sar).any(axis=1)
    return {"sar": sar, "finite": finite, "m": m.astype(float), "t1": t1, "base": base, "order": order,
            "complete": all_finite, "infinite": infinite}


def grank_window_sums(prep: dict[str, np.ndarray], gsar0: np.ndarray, has_scar: np.ndarray, codes: np.ndarray,
                      n_groups: int, *, totals: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """``grank_sums`` of one window from ``grank_prepared``: ``gsar0`` the events' ``SCAR / S(SCAR)``.

    ``has_scar`` marks the events in the test (a finite SCAR); ``codes`` in
    ascending order make the per-group sums segment sums (any order is right).
    ``totals`` is ``grank_totals(prep, codes, n_groups)``, the same for every
    window in which all the events have a SCAR.
    """
    g = n_groups
    sar, finite, m, t1 = prep["sar"], prep["finite"], prep["m"], prep["t1"]
    gsar0 = np.where(has_scar, gsar0, np.nan)  # an event without a SCAR is above and below nothing
    with np.errstate(invalid="ignore"):
        gt = sar > gsar0[:, None]  # False where either is NaN
    # each estimation day below the window's value moves up one rank: + 1 / (T_i + 1), half of it on a tie
    inv = 1.0 / t1
    above = _weighted_row_counts(gt, inv, codes, g)
    n_above = _row_counts(gt)
    del gt
    tied = _rows_tied_with(prep, gsar0, n_above)
    n_above = n_above.astype(float)
    if tied.any():
        with np.errstate(invalid="ignore"):
            if tied.all():
                eq = sar == gsar0[:, None]
            else:
                eq = np.zeros(sar.shape, bool)  # compared only in the rows that may hold a tie
                rows = np.flatnonzero(tied)
                eq[rows] = sar[rows] == gsar0[rows, None]
        if eq.any():
            above += _weighted_row_counts(eq, 0.5 * inv, codes, g)
            n_above += 0.5 * np.count_nonzero(eq, axis=1)
        del eq
    if has_scar.all():
        base_sum, n_t = grank_totals(prep, codes, g) if totals is None else totals
    else:
        base_sum = _rows_gsum(np.where(has_scar[:, None], prep["base"], 0.0), codes, g)
        n_t = _rows_gsum(finite & has_scar[:, None], codes, g)
    # the window's value ranks above the days below it: 1 + (days below, ties half) of T_i + 1
    u0 = np.where(has_scar, (1.0 + (m - n_above)) / t1 - 0.5, 0.0)
    return {"n_t": n_t, "u_sum": base_sum + above, "u0_sum": _gsum(u0, codes, g), "n": _gcount(has_scar, codes, g)}


def grank_windows_sums(prep: dict[str, np.ndarray], gsar0: np.ndarray, has_scar: np.ndarray, codes: np.ndarray,
                       n_groups: int, *, totals: tuple[np.ndarray, np.ndarray] | None = None) -> list[dict]:
    """``grank_window_sums`` of several windows at once: ``gsar0`` and ``has_scar`` have one column per window.

    The windows' values are compared with the estimation days in one pass over
    an (events, windows, days) array and counted per group in one sum, instead
    of a few dozen small calls per window; a window where a value may tie with
    a day goes through ``grank_window_sums``. Returns one dict per window.
    """
    g = n_groups
    sar, m, t1 = prep["sar"], prep["m"], prep["t1"]
    n_ev, n_win = gsar0.shape
    n_days = sar.shape[1]
    gsar0 = np.where(has_scar, gsar0, np.nan)  # an event without a SCAR is above and below nothing
    with np.errstate(invalid="ignore"):
        gt = sar[:, None, :] > gsar0[:, :, None]  # False where either is NaN
    n_above = _row_counts(gt.reshape(n_ev * n_win, n_days)).reshape(n_ev, n_win)
    tied = _rows_tied_with(prep, gsar0, n_above)
    inv = 1.0 / t1
    if len(inv) and (inv == inv[0]).all():  # the usual case: every event has all its days
        above = inv[0] * _rows_gsum(gt.reshape(n_ev, n_win * n_days), codes, g).reshape(g, n_win, n_days)
    else:
        above = np.stack([_weighted_row_counts(gt[:, w], inv, codes, g) for w in range(n_win)], axis=1)
    del gt
    # the window's value ranks above the days below it: 1 + (days below, ties half) of T_i + 1
    u0 = np.where(has_scar, (1.0 + (m[:, None] - n_above)) / t1[:, None] - 0.5, 0.0)
    u0_sum = _rows_gsum(u0, codes, g)
    n = _gcount(has_scar, codes, g)
    every = has_scar.all(axis=0)
    out = []
    for w in range(n_win):
        if tied[:, w].any():
            out.append(grank_window_sums(prep, gsar0[:, w], has_scar[:, w], codes, g, totals=totals))
            continue
        if every[w]:
            base_sum, n_t = grank_totals(prep, codes, g) if totals is None else totals
        else:
            base_sum = _rows_gsum(np.where(has_scar[:, w, None], prep["base"], 0.0), codes, g)
            n_t = _rows_gsum(prep["finite"] & has_scar[:, w, None], codes, g)
        out.append({"n_t": n_t, "u_sum": base_sum + above[:, w], "u0_sum": u0_sum[:, w], "n": n[:, w]})
    return out


def _row_counts(mask: np.ndarray) -> np.ndarray:
    """The True values of each row of a (N, L) bool array, summed as bytes when a row's count fits in one."""
    return np.add.reduce(mask.view(np.uint8), axis=1, dtype=np.uint8 if mask.shape[1] < 256 else np.intp)


def _rows_tied_with(prep: dict[str, np.ndarray], gsar0: np.ndarray, n_above: np.ndarray) -> np.ndarray:
    """The events whose window value ``gsar0`` may equal one of their ``sar`` (``n_above`` of which exceed it).

    ``gsar0`` and ``n_above`` may have one column per window (then so has the result).

    With ``c = m - n_above`` finite days at or below the value, the largest
    of them is the ``c``-th in ``prep["order"]``: a tie exactly when it equals
    the value. Every event without an order, and every event with an infinite
    residual (counted in ``n_above`` but not in ``m``), may tie.
    """
    order = prep.get("order")
    if order is None:
        return np.ones(gsar0.shape, bool)
    rows, m, infinite = np.arange(len(gsar0)), prep["m"].astype(np.intp), prep["infinite"]
    if gsar0.ndim == 2:  # one column per window
        rows, m, infinite = rows[:, None], m[:, None], infinite[:, None]
    at_or_below = m - n_above
    top = prep["sar"][rows, order[rows, np.maximum(at_or_below - 1, 0)]]
    return ((at_or_below > 0) & (top == gsar0)) | infinite


def grank_totals(prep: dict[str, np.ndarray], codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-group, per-day sums of ``prep["base"]`` and counts of residuals, over all the chunk's events."""
    if prep.get("complete"):
        return _rows_gsum(prep["base"], codes, n_groups), _every_day(
            _gcount(np.ones(len(codes), bool), codes, n_groups), prep["base"].shape[1])
    return _rows_gsum(prep["base"], codes, n_groups), _rows_gsum(prep["finite"], codes, n_groups)


def _weighted_row_counts(mask: np.ndarray, weights: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """``sum_i weights_i mask_it`` per group and column, as a (groups, L) array.

    The weights take few distinct values (one per count of valid estimation
    days), so the mask is counted per value and the counts scaled, rather than
    a float array of weights built and summed.
    """
    if len(weights) and (weights == weights[0]).all():  # the usual case: every event has all its days
        return weights[0] * _rows_gsum(mask, codes, n_groups)
    values = np.unique(weights)
    if len(values) > 4:
        return _rows_gsum(np.where(mask, weights[:, None], 0.0), codes, n_groups)
    out = np.zeros((n_groups, mask.shape[1]))
    for v in values:
        sel = weights == v
        if sel.all():
            out += v * _rows_gsum(mask, codes, n_groups)
        else:
            out += v * _rows_gsum(mask[sel], codes[sel], n_groups)
    return out


def grank_t_from_sums(sums: dict[str, np.ndarray]) -> TestResult:
    """``grank_t`` from the (summed) ``grank_sums``."""
    n_t, n = sums["n_t"], sums["n"]
    with np.errstate(invalid="ignore", divide="ignore"):
        ubar = sums["u_sum"] / n_t
        ubar0 = sums["u0_sum"] / n
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
    """Per-group sums of everything Brown-Warner, Kolari-Pynnonen and Corrado read from the (events x days) arrays.

    The sums are additive: the sums of two disjoint sets of events add up to
    the sums of their union, so a study can process its events in chunks and
    keep only these ``(groups x days)`` arrays. Each array has the group on its
    first axis: ``n`` events; ``incomplete`` events with a missing estimation
    residual; ``est_sum``, ``est_count`` residual sum and count per estimation
    day; ``z_sum``, ``z_sq`` unit-norm demeaned residuals summed per day and their
    summed squared norms; ``rank_sum``, ``rank_count`` standardized ranks of
    ``ar_all`` per day; ``window_complete`` (groups x windows) events with every
    day of each window valid and ``window_rank_sum`` (groups x windows x days of
    ``ar_all``) their rank sums per day (zero outside the window).

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
    ok_est = np.isfinite(est_residuals)
    n = _gcount(np.ones(len(est_residuals), bool), codes, g)
    # without a missing or infinite value (the usual case) nothing needs zero-filling and the counts are n
    est_finite = bool(ok_est.all())
    if est_finite:
        est_sum = _gsum(est_residuals, codes, g, nan_free=True)
        z = _unit_residuals(est_residuals, ok_est)
    else:
        zero_filled = np.where(np.isnan(est_residuals), 0.0, est_residuals)  # summed, then turned into z
        est_sum = _gsum(zero_filled, codes, g, nan_free=True)
        z = _unit_residuals(est_residuals, ok_est, zero_filled)
        del zero_filled
    sums = {
        "n": n,
        "incomplete": np.zeros(g) if est_finite else _gcount(~ok_est.all(axis=1), codes, g),
        "est_sum": est_sum,
        "est_count": _every_day(n, est_residuals.shape[1]) if est_finite else _gcount(ok_est, codes, g),
        "z_sum": _gsum(z, codes, g, nan_free=True),  # missing days are 0 in z
        "z_sq": _gsum(np.einsum("nl,nl->n", z, z), codes, g),
    }
    del z, ok_est
    ranks = standardized_ranks(ar_all)
    ok_all = np.isfinite(ar_all)
    all_finite = bool(ok_all.all())
    sums["rank_sum"] = _gsum(ranks, codes, g, nan_free=all_finite)  # NaN ranks (missing days) count 0
    sums["rank_count"] = _every_day(n, ar_all.shape[1]) if all_finite else _gcount(ok_all, codes, g)
    complete, window_sum = [], np.zeros((g, len(windows), ar_all.shape[1]))
    for w, window in enumerate(windows):
        if all_finite:
            # every event is complete: a window's per-day sums are those of every event (each column is
            # summed on its own, the same additions)
            complete.append(n)
            window_sum[:, w, window] = sums["rank_sum"][:, window]
            continue
        in_window = ok_all[:, window].all(axis=1)
        complete.append(_gcount(in_window, codes, g))
        window_sum[:, w, window] = _gsum(np.where(in_window[:, None], ranks[:, window], 0.0), codes, g)
    sums["window_complete"] = np.stack(complete, axis=1)
    sums["window_rank_sum"] = window_sum
    return sums


def _every_day(n: np.ndarray, n_days: int) -> np.ndarray:
    """Per-group, per-day counts (groups x days) when each of a group's ``n`` events has every day."""
    return np.repeat(n[:, None], n_days, axis=1)


def window_independent_parts(sums: dict[str, np.ndarray]) -> dict[str, object]:
    """From ``cross_event_sums``: Brown-Warner's ``S(AAR)`` and df, Kolari-Pynnonen's ``r`` (O(N L) identity),
    Corrado's ``S^2``; computed once per grouping and reused by every window.

    ``r`` is exact for groups without a missing residual; the caller replaces
    the others (``sums["incomplete"] > 0``) with ``pairwise_complete_correlation_of``.
    """
    return {
        "aar_sd": _aar_sd_from_sums(sums["est_sum"], sums["est_count"], sums["n"]),
        "r": _residual_correlation_from_sums(sums["z_sum"], sums["z_sq"], sums["n"]),
        "corrado_s2": _corrado_s2(sums["rank_sum"], sums["rank_count"], sums["n"]),
    }


def corrado_rank_z_from_sums(sums: dict[str, np.ndarray], parts: dict[str, object], w: int,
                             window: slice) -> TestResult:
    """``corrado_rank_z`` of window number ``w`` (columns ``window`` of ``ar_all``) from the sums."""
    return _corrado_z(parts["corrado_s2"], sums["window_rank_sum"][:, w, window], sums["window_complete"][:, w],
                      sums["n"])
