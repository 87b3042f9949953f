"""Normal-return models for the event study, fitted for all events at once.

Every model here is *linear in its parameters*: the normal (expected) return of
an asset on a session is ``d_t' b``, where ``d_t`` is a design row built from
panel columns (an intercept, the market return, factor returns) and ``b`` is
either estimated by OLS on the estimation window (constant mean, market model,
factor models) or fixed in advance (market-adjusted: ``b = [1]`` on the market;
raw returns: no design at all, normal return 0).

That single representation gives every model the same exact forecast-error
variance (MacKinlay 1997, eq. 7 and its multi-factor form)::

    Var(AR_t)          = sigma^2 (1 + d_t' (X'X)^-1 d_t)
    Var(CAR_{t1..t2})  = sigma^2 (l + s' (X'X)^-1 s),   s = sum of d_t over the window

with the ``(X'X)^-1`` terms absent for fixed-parameter models. For the market
model ``d_t' (X'X)^-1 d_t = 1/L + (Rm_t - mean Rm)^2 / sum (Rm - mean Rm)^2``.

Fitting is vectorized across events: the estimation-window data of ``E``
events arrive as arrays ``y (E, L)``, ``x (E, L, k)`` and a validity mask, and
one batched solve replaces ``E`` separate regressions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fintrack.errors import ConfigError

__all__ = [
    "NormalReturnModel",
    "ConstantMean",
    "MarketAdjusted",
    "MarketModel",
    "FactorModel",
    "MarketBitcoinModel",
    "RawReturns",
    "FittedNormalModel",
    "EstimationSums",
    "estimation_sums",
    "FamaFrench3",
    "Carhart4",
    "FamaFrench5",
    "DimsonModel",
    "ScholesWilliamsModel",
    "GarchMarketModel",
    "ModelEntry",
    "MODELS",
    "MODEL_TITLES",
    "model_from_name",
]


@dataclass(frozen=True)
class FittedNormalModel:
    """Estimation-window fit of a normal-return model for ``E`` events.

    Attributes
    ----------
    params : ndarray, shape (E, p)
        Coefficients on the design columns (intercept first when present).
    xtx_inv : ndarray, shape (E, p, p) or None
        ``(X'X)^-1`` of the estimation design; None for fixed-parameter models,
        whose normal return carries no estimation error.
    sigma2 : ndarray, shape (E,)
        Residual variance (OLS: SSR / (n - p); fixed models: sample variance of
        the estimation-window abnormal returns, ddof 1).
    df : ndarray, shape (E,)
        Degrees of freedom of ``sigma2``.
    r2 : ndarray, shape (E,)
        R-squared of the estimation regression (NaN for fixed models and for
        the constant-mean model, which explains nothing).
    n_obs : ndarray, shape (E,)
        Valid estimation observations used.
    residuals : ndarray, shape (E, L)
        Estimation-window abnormal returns, NaN where the observation was invalid.
    means : ndarray, shape (E, 1 + k), or None
        Mean of the asset's and of each regressor's valid estimation returns,
        which the residuals were built about (OLS with an intercept; else None):
        :meth:`NormalReturnModel.residuals_again` rebuilds them from these.
    """

    params: np.ndarray
    xtx_inv: np.ndarray | None
    sigma2: np.ndarray
    df: np.ndarray
    r2: np.ndarray
    n_obs: np.ndarray
    residuals: np.ndarray
    means: np.ndarray | None = None


@dataclass
class EstimationSums:
    """Sums over each event's valid estimation sessions: what the degenerate-window check and the OLS fit both read.

    Built by :func:`estimation_sums`; ``E`` events, ``L`` sessions, ``k`` regressors.

    Attributes
    ----------
    n : ndarray, shape (E,)
        Valid sessions (float).
    y0 : ndarray, shape (E, L)
        The asset returns, zero where invalid (the input array itself when every value is valid).
    y_sum, y_sq : ndarray, shape (E,)
        Sum and sum of squares of the valid asset returns.
    x_mean : ndarray, shape (E, k)
        Mean of each regressor over the valid sessions (zero when not centred).
    x_centred : list of k ndarrays of shape (E, L), or None
        Each regressor minus ``x_mean``, zero where invalid: new arrays, which the
        fit takes over (and sets this to None).
    cxx : ndarray, shape (E, k, k)
        Cross-products of ``x_centred``.
    centred : bool
        Whether the regressors were centred (models with an intercept).
    every : bool
        True when every value was valid.
    valid : ndarray of bool, shape (E, L)
        The validity mask the sums were built from.
    """

    n: np.ndarray
    y0: np.ndarray
    y_sum: np.ndarray
    y_sq: np.ndarray
    x_mean: np.ndarray
    x_centred: list | None
    cxx: np.ndarray
    centred: bool
    every: bool
    valid: np.ndarray
    source: tuple = ()

    def describes(self, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> bool:
        """True when these sums were built from these very arrays (``x`` may be another view of the same memory).

        ``source`` holds the arrays themselves, so that no other array can take
        their place (and memory) while the sums live.
        """
        if self.x_centred is None or len(self.source) != 3:
            return False
        src_y, src_x, src_valid = self.source
        return y is src_y and valid is src_valid and _layout(x) == _layout(src_x)

    def release(self) -> None:
        """Drop the arrays (once the fit has read them, or will not)."""
        self.x_centred, self.source = None, ()


def _layout(a: np.ndarray) -> tuple:
    return a.__array_interface__["data"][0], a.shape, a.strides, a.dtype.str


def estimation_sums(y: np.ndarray, x: np.ndarray, valid: np.ndarray, *, centre: bool = True,
                    overwrite_x: bool = False) -> EstimationSums:
    """Sums of the valid estimation returns of each event: counts, asset sums, centred regressor cross-products.

    Parameters
    ----------
    y : ndarray, shape (E, L)
        Asset returns.
    x : ndarray, shape (E, L, k)
        Regressor returns.
    valid : ndarray of bool, shape (E, L)
        Which sessions count.
    centre : bool
        Centre the regressors about their means (models with an intercept);
        otherwise ``x_centred`` holds copies of the regressors, zeroed where invalid.
    overwrite_x : bool
        Centre them in ``x``'s own memory when every value is valid (the caller
        gives ``x`` up: one array less per regressor; the same numbers).
    """
    every = bool(valid.all())  # the usual case: no masking copies
    n = np.full(len(y), float(y.shape[1])) if every else np.count_nonzero(valid, axis=1).astype(float)
    y0 = np.ascontiguousarray(y) if every else np.where(valid, y, 0.0)  # contiguous rows: see below
    divisor = np.maximum(n, 1.0)  # an event without a valid session has mean 0, not NaN
    k = x.shape[-1]
    ones = np.ones(y.shape[1])  # row sums as dot products: several times faster than .sum(axis=1)
    x_mean = np.zeros((len(y), k))
    xc = []
    for j in range(k):
        # each regressor as contiguous rows: a row's dot products then take the same path (and give the same
        # bits) whichever events share the call and however x is laid out (a row subset strides its columns)
        xj = np.ascontiguousarray(x[..., j]) if every else np.where(valid, x[..., j], 0.0)
        if centre:
            x_mean[:, j] = _row_dot(xj, ones) / divisor
            xj = np.subtract(xj, x_mean[:, j, None], out=None if every and not overwrite_x else xj)
            if not every:
                xj *= valid
        elif every:
            xj = xj.copy()  # the fit writes into these arrays
        xc.append(xj)
    cxx = np.empty((len(y), k, k))
    for a in range(k):
        for b in range(a, k):
            cxx[:, a, b] = cxx[:, b, a] = _row_dot(xc[a], xc[b])
    return EstimationSums(n, y0, _row_dot(y0, ones), _row_dot(y0, y0), x_mean, xc, cxx, centre, every,
                          valid, (y, x, valid))


class NormalReturnModel:
    """Base class: a linear normal-return model ``E[R_t] = d_t' b``.

    Subclasses set ``name`` and the design: ``intercept`` (a constant column),
    ``regressors`` (panel columns used as explanatory returns) and, for models
    whose parameters are not estimated, ``fixed_params``.
    """

    name: str = "model"
    intercept: bool = True
    fixed_params: tuple[float, ...] | None = None
    #: panel column subtracted from the asset's return before fitting (the risk-free
    #: rate of the Fama-French models) and added back to the normal return
    offset: str | None = None
    #: Fitted for all events at once with numpy, row by row (cheap to redo, and the same to the last bit
    #: whichever events share the call); False for a model fitted event by event (GARCH).
    vectorized: bool = True

    def __init__(self, regressors: tuple[str, ...] = ()) -> None:
        self.regressors: tuple[str, ...] = tuple(regressors)

    def prepare(self, returns):
        """The return panel with any derived columns the model needs (leads, lags); default: unchanged."""
        return returns

    def total_beta(self, params: np.ndarray) -> np.ndarray | None:
        """Market beta reported for each event, when it is not a single coefficient (Dimson); else None."""
        return None

    # -- description -----------------------------------------------------
    @property
    def param_names(self) -> tuple[str, ...]:
        """Names of the design columns: ``"alpha"`` then ``"beta_<column>"``."""
        names = ("alpha",) if self.intercept else ()
        return names + tuple(f"beta_{c}" for c in self.regressors)

    @property
    def estimated(self) -> bool:
        """True when the parameters are estimated by OLS on the estimation window."""
        return self.fixed_params is None

    def __repr__(self) -> str:
        regs = ", ".join(self.regressors)
        return f"{type(self).__name__}({regs})"

    def describe(self) -> str:
        """The normal-return equation in words, e.g. ``R = alpha + b1 QQQ + b2 BTC-USD``."""
        if self.fixed_params is not None:
            terms = [f"{p:g} {c}" for p, c in zip(self.fixed_params[int(self.intercept):], self.regressors)]
            return "AR = R - (" + " + ".join(terms) + ")" if terms else "AR = R"
        terms = (["alpha"] if self.intercept else []) + [f"b{i} {c}" for i, c in enumerate(self.regressors, 1)]
        return "R = " + " + ".join(terms) + " + e (OLS)"

    # -- design and fit --------------------------------------------------
    def design(self, x: np.ndarray) -> np.ndarray:
        """Design array ``(..., p)`` from regressor returns ``x (..., k)``."""
        if self.intercept:
            ones = np.ones(x.shape[:-1] + (1,))
            return np.concatenate([ones, x], axis=-1)
        return x

    def fit(self, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> FittedNormalModel:
        """Fit the model on the estimation windows of all events at once.

        Parameters
        ----------
        y : ndarray, shape (E, L)
            Asset simple returns in each event's estimation window.
        x : ndarray, shape (E, L, k)
            Regressor simple returns over the same sessions.
        valid : ndarray of bool, shape (E, L)
            True where the asset return and every regressor are finite.

        Returns
        -------
        FittedNormalModel
        """
        if not self.estimated:
            return self._fit_fixed(y, x, valid)
        return self._fit_ols(estimation_sums(y, x, valid, centre=self.intercept))

    @property
    def fits_from_sums(self) -> bool:
        """True when :meth:`fit_reusing` can fit from the degenerate check's :class:`EstimationSums`.

        OLS with an intercept (the check centres the regressors) on the asset's own
        returns (not excess returns: no ``offset``), by this class's :meth:`fit`.
        """
        return (self.estimated and self.intercept and not self.offset
                and type(self).fit is NormalReturnModel.fit)

    def fit_reusing(self, sums: EstimationSums | None, y: np.ndarray, x: np.ndarray,
                    valid: np.ndarray) -> FittedNormalModel:
        """:meth:`fit`, reading the sums already computed for these same arrays (by the degenerate-window check).

        Falls back to :meth:`fit` when ``sums`` is None or describes other arrays
        (e.g. a subset of the events) and when not :attr:`fits_from_sums`. The
        fit takes over the centred regressor arrays of ``sums`` (it builds the
        residuals in them).
        """
        if sums is None or not self.fits_from_sums or not sums.describes(y, x, valid):
            if sums is not None:
                sums.release()
            return self.fit(y, x, valid)
        return self._fit_ols(sums)

    def _fit_ols(self, sums: EstimationSums) -> FittedNormalModel:
        """OLS of every event from its estimation sums (the centred regressors are overwritten)."""
        # With an intercept the slopes solve the k x k system of the regressors centred about their means
        # (better conditioned than the raw X'X; closed forms for one and two regressors) and the intercept
        # is mean(y) - mean(x)'b; without one, the same equations on the uncentred regressors.
        n, y0, every = sums.n, sums.y0, sums.every
        xc = sums.x_centred
        sums.release()
        k = len(xc)
        cxx_inv = _inverse(sums.cxx)
        cxy = np.empty((len(n), k))
        for a in range(k):
            cxy[:, a] = _row_dot(xc[a], y0)  # = the centred cross-product: centred x sums to 0
        beta = np.einsum("epq,eq->ep", cxx_inv, cxy)
        y_mean = sums.y_sum / n
        sst = sums.y_sq - sums.y_sum * y_mean  # about the mean, with or without an intercept
        if self.intercept:
            # (X'X)^-1 of [1, x] from the centred inverse C^-1: [[1/n + m'C^-1 m, -m'C^-1], [-C^-1 m, C^-1]]
            c_m = np.einsum("epq,eq->ep", cxx_inv, sums.x_mean)
            xtx_inv = np.empty((len(n), k + 1, k + 1))
            xtx_inv[:, 0, 0] = 1.0 / n + np.einsum("ep,ep->e", sums.x_mean, c_m)
            xtx_inv[:, 0, 1:] = xtx_inv[:, 1:, 0] = -c_m
            xtx_inv[:, 1:, 1:] = cxx_inv
            params = np.concatenate([(y_mean - np.einsum("ep,ep->e", sums.x_mean, beta))[:, None], beta], axis=1)
        else:
            xtx_inv, params = cxx_inv, beta
        # residuals y - mean(y) - (x - mean(x))'b, built in the regressors' arrays (no new array when k >= 1)
        if k:
            resid = np.multiply(xc[0], beta[:, 0, None], out=xc[0])
            for a in range(1, k):
                resid += np.multiply(xc[a], beta[:, a, None], out=xc[a])
            np.subtract(y0, resid, out=resid)
        else:
            resid = np.array(y0)
        del xc
        if self.intercept:
            resid -= y_mean[:, None]
        if not every:
            resid *= sums.valid  # the invalid sessions hold -mean(y): out of the sum of squares
        n_par = params.shape[1]
        df = n - n_par
        ssr = _row_dot(resid, resid)
        sigma2 = ssr / df
        r2 = 1.0 - ssr / sst if n_par > 1 else np.full(len(n), np.nan)
        if not every:
            resid = np.where(sums.valid, resid, np.nan)  # (faster than copyto with a where mask)
        means = np.concatenate([y_mean[:, None], sums.x_mean], axis=1) if self.intercept else None
        return FittedNormalModel(params, xtx_inv, sigma2, df, r2, n, resid, means)

    @staticmethod
    def residuals_again(params: np.ndarray, means: np.ndarray, y: np.ndarray, x: np.ndarray,
                        valid: np.ndarray | None) -> np.ndarray:
        """The estimation residuals of an OLS fit from sums, rebuilt from its ``params`` and ``means`` alone.

        The same operations on the same numbers as :meth:`fit` (``y - mean(y) -
        sum_a (x_a - mean(x_a)) b_a``, in that order), so the same bits, without
        the sums, the solve or the sums of squares: for a second pass over
        events whose residuals were not kept. ``valid`` None: every value is.
        """
        resid = None
        for a in range(x.shape[-1]):
            if valid is None:
                xa = np.subtract(x[..., a], means[:, 1 + a, None])
            else:
                xa = np.where(valid, x[..., a], 0.0)
                xa -= means[:, 1 + a, None]
            xa *= params[:, 1 + a, None]
            if resid is None:
                resid = xa
            else:
                resid += xa
        y0 = y if valid is None else np.where(valid, y, 0.0)
        resid = np.subtract(y0, resid, out=resid) if resid is not None else np.array(y0)
        resid -= means[:, 0, None]
        return resid if valid is None else np.where(valid, resid, np.nan)

    def _fit_fixed(self, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> FittedNormalModel:
        """Fixed-parameter fit: the estimation-window abnormal returns and their sample variance."""
        every = bool(valid.all())  # the usual case: no masking copies
        w = valid.astype(float)
        n = w.sum(axis=1)
        y0 = y if every else np.where(valid, y, 0.0)
        d0 = self.design(x if every else np.where(valid[..., None], x, 0.0)) * w[..., None]
        params = np.broadcast_to(np.asarray(self.fixed_params, float), (len(n), d0.shape[-1])).copy()
        resid = y0 - (d0 @ params[..., None])[..., 0]
        mean = resid.sum(axis=1) / n
        dev = (resid - mean[:, None]) * w
        df = n - 1.0
        sigma2 = np.einsum("el,el->e", dev, dev) / df
        r2 = np.full(len(n), np.nan)
        residuals = resid if every else np.where(valid, resid, np.nan)
        return FittedNormalModel(params, None, sigma2, df, r2, n, residuals)

    @staticmethod
    def normal_returns(fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        """Normal returns ``d_t' b`` for design rows ``d (E, K, p)``."""
        return (d @ fit.params[..., None])[..., 0]

    @staticmethod
    def forecast_variance(fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        """Forecast-error variance of each AR: ``sigma^2 (1 + d' (X'X)^-1 d)``."""
        if fit.xtx_inv is None:
            return np.repeat(fit.sigma2[:, None], d.shape[1], axis=1)
        return fit.sigma2[:, None] * (1.0 + _quadratic_form(d, fit.xtx_inv))

    @staticmethod
    def car_variance(fit: FittedNormalModel, d: np.ndarray, window: slice | None = None) -> np.ndarray:
        """Variance of the CAR over all ``K`` rows of ``d (E, K, p)``: ``sigma^2 (l + s'(X'X)^-1 s)``.

        ``window`` (the event-window columns of ``d``) matters only to models whose
        variance changes over the event window (GARCH).
        """
        length = d.shape[1]
        if fit.xtx_inv is None:
            return fit.sigma2 * length
        s = np.einsum("ekp->ep", d)  # the window's design rows summed (d.sum(axis=1) is several times slower)
        return fit.sigma2 * (length + _quadratic_form(s[:, None, :], fit.xtx_inv)[:, 0])

    def car_variances(self, fit: FittedNormalModel, d: np.ndarray, windows: list[slice]) -> np.ndarray:
        """:meth:`car_variance` of each window (columns ``windows`` of ``d (E, K, p)``), as an ``(E, W)`` array.

        For this class's variance, with every design value finite (the usual case),
        the windows' summed design rows come from one matrix product with the
        windows' 0/1 day indicators and one quadratic form over every window.
        """
        member = np.zeros((len(windows), d.shape[1]))
        for w, sl in enumerate(windows):
            member[w, sl] = 1.0
        lengths = member.sum(axis=1)
        if type(self).car_variance is not NormalReturnModel.car_variance:
            return np.stack([self.car_variance(fit, d[:, sl], sl) for sl in windows], axis=1)
        if fit.xtx_inv is None:
            return fit.sigma2[:, None] * lengths
        if not np.isfinite(d).all():  # a missing day must not reach the windows without it (NaN * 0 is NaN)
            return np.stack([self.car_variance(fit, d[:, sl], sl) for sl in windows], axis=1)
        n_ev, n_days, n_par = d.shape
        # each window's design rows summed, (E, W, p): one matrix product of (E p, K) rows with (K, W)
        s = (np.ascontiguousarray(np.swapaxes(d, 1, 2)).reshape(n_ev * n_par, n_days) @ member.T).reshape(
            n_ev, n_par, len(windows)).swapaxes(1, 2)
        return fit.sigma2[:, None] * (lengths + _quadratic_form(s, fit.xtx_inv))


def _row_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot product of each row of ``a (E, L)`` with the same row of ``b`` (or with ``b (L,)``)."""
    if _VECDOT is not None:
        return _VECDOT(a, b)
    return np.einsum("el,el->e", a, np.broadcast_to(b, a.shape))


_VECDOT = getattr(np, "vecdot", None)  # numpy >= 2.0; a BLAS dot per row, faster than einsum


def _quadratic_form(d: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``d_ek' A_e d_ek`` for rows ``d (E, K, p)`` and symmetric ``A (E, p, p)``, as an ``(E, K)`` array.

    A sum over the ``p (p + 1) / 2`` coefficient pairs of ``(E, K)`` products: for
    the few parameters of a normal-return model, much cheaper than a batched
    matrix product of tiny matrices.
    """
    p = d.shape[-1]
    out = np.zeros(d.shape[:2])
    for i in range(p):
        out += a[:, i, i, None] * d[..., i] ** 2
        for j in range(i + 1, p):
            out += (2.0 * a[:, i, j, None]) * (d[..., i] * d[..., j])
    return out


def _inverse(c: np.ndarray) -> np.ndarray:
    """Inverses of a stack of symmetric ``(E, k, k)`` matrices; closed forms for k <= 2 (a batched LU costs more)."""
    k = c.shape[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        if k == 1:
            return 1.0 / c
        if k == 2:
            a, b, d = c[:, 0, 0], c[:, 0, 1], c[:, 1, 1]
            det = a * d - b * b
            out = np.empty_like(c)
            out[:, 0, 0] = d / det
            out[:, 1, 1] = a / det
            out[:, 0, 1] = out[:, 1, 0] = -b / det
            return out
    return np.linalg.inv(c)


class ConstantMean(NormalReturnModel):
    """Constant-mean-return model: ``R_t = mu + e_t`` (alpha = mu, no beta)."""

    name = "constant_mean"

    def __init__(self) -> None:
        super().__init__(())


class MarketAdjusted(NormalReturnModel):
    """Market-adjusted model: ``AR_t = R_t - Rm_t`` (alpha 0 and beta 1, not estimated).

    Parameters
    ----------
    market : str
        Panel column of the benchmark return, e.g. ``"QQQ"``.
    """

    name = "market_adjusted"
    intercept = False
    fixed_params = (1.0,)

    def __init__(self, market: str = "QQQ") -> None:
        super().__init__((market,))
        self.market = market


class MarketModel(NormalReturnModel):
    """Market model: ``R_t = alpha + beta Rm_t + e_t``, OLS on the estimation window.

    Parameters
    ----------
    market : str
        Panel column of the benchmark return, e.g. ``"QQQ"``.
    """

    name = "market"

    def __init__(self, market: str = "QQQ") -> None:
        super().__init__((market,))
        self.market = market


class FactorModel(NormalReturnModel):
    """Multi-factor OLS model: ``R_t = alpha + sum_j beta_j F_jt + e_t``.

    Parameters
    ----------
    factors : sequence of str
        Panel columns used as factor returns (simple returns, like the assets).
    """

    name = "factor"

    def __init__(self, factors: tuple[str, ...] | list[str]) -> None:
        factors = tuple(factors)
        if not factors:
            raise ConfigError("FactorModel needs at least one factor column")
        if len(set(factors)) != len(factors):
            raise ConfigError(f"FactorModel factors repeat a column: {list(factors)}")
        super().__init__(factors)
        self.market = factors[0]


class MarketBitcoinModel(FactorModel):
    """Two-factor model on the market and bitcoin: ``R = a + b_m Rm + b_btc Rbtc + e``.

    Answers "how much of the stock's move does bitcoin explain": compare the
    day-0 AR with that of :class:`MarketModel`.

    Parameters
    ----------
    market : str
        Benchmark column, default ``"QQQ"``.
    bitcoin : str
        Bitcoin column, default ``"BTC-USD"`` (its return on an equity session
        compounds all BTC bars since the previous session).
    """

    name = "market_btc"

    def __init__(self, market: str = "QQQ", bitcoin: str = "BTC-USD") -> None:
        super().__init__((market, bitcoin))
        self.bitcoin = bitcoin


class RawReturns(NormalReturnModel):
    """Raw returns: normal return 0, so ``AR_t = R_t``."""

    name = "raw"
    intercept = False
    fixed_params = ()

    def __init__(self) -> None:
        super().__init__(())


class FamaFrench3(FactorModel):
    """Fama-French (1993) three factors on excess returns: ``R - RF = a + b MKT + s SMB + h HML + e``.

    Factor columns as named in Ken French's daily file (``Mkt-RF``, ``SMB``,
    ``HML``, risk-free ``RF``), fractions; merge them into the return panel
    with :func:`fintrack.study.factors.add_factors`. The normal return is
    ``RF + a + b'F``.
    """

    name = "ff3"
    offset = "RF"
    columns: tuple[str, ...] = ("Mkt-RF", "SMB", "HML")

    def __init__(self, factors: tuple[str, ...] | None = None, risk_free: str = "RF") -> None:
        super().__init__(tuple(factors) if factors is not None else self.columns)
        self.offset = risk_free

    def describe(self) -> str:
        return f"R - {self.offset} = " + " + ".join(["alpha"] + [f"b{i} {c}" for i, c in enumerate(self.regressors, 1)]) \
            + " + e (OLS)"


class Carhart4(FamaFrench3):
    """Carhart (1997) four factors: Fama-French three plus momentum (``Mom``), on excess returns."""

    name = "carhart4"
    columns = ("Mkt-RF", "SMB", "HML", "Mom")


class FamaFrench5(FamaFrench3):
    """Fama-French (2015) five factors: ``Mkt-RF``, ``SMB``, ``HML``, ``RMW``, ``CMA``, on excess returns."""

    name = "ff5"
    columns = ("Mkt-RF", "SMB", "HML", "RMW", "CMA")


def _shifted(column: str, k: int) -> str:
    """Name of ``column`` shifted by ``k`` sessions: ``QQQ@-1`` is yesterday's return, ``QQQ@+1`` tomorrow's."""
    return f"{column}@{k:+d}"


def _add_shifts(returns, columns: tuple[str, ...], shifts: tuple[int, ...]):
    import pandas as pd

    missing = [c for c in columns if c not in returns.columns]
    if missing:
        return returns  # the engine names the missing column
    extra = {_shifted(c, k): returns[c].shift(-k) for c in columns for k in shifts if k != 0}
    extra = {k: v for k, v in extra.items() if k not in returns.columns}
    if not extra:
        return returns
    out = pd.concat([returns, pd.DataFrame(extra, index=returns.index)], axis=1)
    out.attrs = dict(returns.attrs)
    return out


class DimsonModel(FactorModel):
    """Dimson (1979) model for non-synchronous trading: leads and lags of the factors.

    ``R_t = alpha + sum_c sum_{k=-lags..leads} b_ck F_c,t+k + e_t`` by OLS; the
    reported beta of each factor is the sum of its coefficients. Use it for
    thinly traded stocks and for bitcoin, whose 24:00 UTC close comes four
    hours after NASDAQ's 16:00 (20:00/21:00 UTC): bitcoin's moves in those
    four hours reach the stock's next close, so the stock's return loads on
    the *previous* bitcoin day's return (``BTC-USD@-1``).

    Parameters
    ----------
    factors : sequence of str
        Panel columns, e.g. ``("QQQ",)`` or ``("QQQ", "BTC-USD")``.
    lags, leads : int
        Sessions of lags and leads, default one each.
    """

    name = "dimson"

    def __init__(self, factors: tuple[str, ...] | list[str] = ("QQQ",), lags: int = 1, leads: int = 1) -> None:
        factors = tuple(factors)
        if lags < 0 or leads < 0:
            raise ConfigError(f"Dimson lags and leads must be >= 0, got {lags} and {leads}")
        self.base = factors
        self.shifts = tuple(range(-lags, leads + 1))
        super().__init__(tuple(c if k == 0 else _shifted(c, k) for c in factors for k in self.shifts))
        self.market = factors[0]

    def __repr__(self) -> str:
        return f"DimsonModel({', '.join(self.base)}; shifts {self.shifts[0]:+d}..{self.shifts[-1]:+d})"

    def prepare(self, returns):
        return _add_shifts(returns, self.base, self.shifts)

    def total_beta(self, params: np.ndarray) -> np.ndarray:
        per = len(self.shifts)
        return params[:, 1:1 + per].sum(axis=1)  # the first factor's coefficients, summed


class ScholesWilliamsModel(MarketModel):
    """Market model with the Scholes-Williams (1977) beta for non-synchronous trading.

    ``beta = (b_-1 + b_0 + b_+1) / (1 + 2 rho_m)``, with ``b_k`` the slope of
    the asset's return on the market's return ``k`` sessions later (each a
    simple regression over the estimation window) and ``rho_m`` the market's
    first-order autocorrelation; ``alpha = mean(R) - beta mean(Rm)``. The
    forecast-error variance uses the market model's ``(X'X)^-1``.
    """

    name = "scholes_williams"

    def __init__(self, market: str = "QQQ") -> None:
        super().__init__(market)
        self.regressors = (market, _shifted(market, -1), _shifted(market, 1))

    @property
    def param_names(self) -> tuple[str, ...]:
        return ("alpha", f"beta_{self.market}")

    def prepare(self, returns):
        return _add_shifts(returns, (self.market,), (-1, 1))

    def describe(self) -> str:
        return f"R = alpha + b {self.market} + e (Scholes-Williams beta)"

    def design(self, x: np.ndarray) -> np.ndarray:
        return np.concatenate([np.ones(x.shape[:-1] + (1,)), x[..., :1]], axis=-1)

    def fit(self, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> FittedNormalModel:
        w = valid.astype(float)
        n = w.sum(axis=1)

        def mean(a):
            return np.where(valid, a, 0.0).sum(axis=1) / n

        def cov(a, b):
            return np.where(valid, (a - mean(a)[:, None]) * (b - mean(b)[:, None]), 0.0).sum(axis=1) / (n - 1)

        m0, m_lag, m_lead = x[..., 0], x[..., 1], x[..., 2]
        slopes = [cov(y, m) / cov(m, m) for m in (m_lag, m0, m_lead)]
        rho = cov(m0, m_lag) / np.sqrt(cov(m0, m0) * cov(m_lag, m_lag))
        beta = sum(slopes) / (1.0 + 2.0 * rho)
        alpha = mean(y) - beta * mean(m0)
        params = np.stack([alpha, beta], axis=1)
        d0 = self.design(np.where(valid[..., None], x, 0.0)) * w[..., None]
        xtx_inv = np.linalg.inv(d0.swapaxes(1, 2) @ d0)
        resid = np.where(valid, y - alpha[:, None] - beta[:, None] * m0, 0.0)
        df = n - 2.0
        ssr = np.einsum("el,el->e", resid, resid)
        dev = np.where(valid, y - mean(y)[:, None], 0.0)
        r2 = 1.0 - ssr / np.einsum("el,el->e", dev, dev)
        return FittedNormalModel(params, xtx_inv, ssr / df, df, r2, n, np.where(valid, resid, np.nan))


class GarchMarketModel(MarketModel):
    """Market model with GARCH(1,1) normal errors, fitted by maximum likelihood with ``arch``.

    ``R_t = alpha + beta Rm_t + e_t``, ``e_t ~ N(0, h_t)``,
    ``h_t = omega + a e_{t-1}^2 + b h_{t-1}``. The AR variance on an event day
    ``k`` sessions after the estimation window's last day is the GARCH
    forecast plus the estimation error of the mean parameters::

        h_{T+1} = omega + a e_T^2 + b h_T,   h_{T+k} = omega + (a + b) h_{T+k-1}
        Var(AR_t) = h_t + d_t' Cov(alpha, beta) d_t,  Var(CAR) = sum_t h_t + s' Cov s

    One ``arch`` fit per event (not vectorized: slower than the OLS models).
    Missing estimation days are skipped (the remaining days are treated as
    consecutive). ``sigma`` reports the mean in-sample conditional sd.
    """

    name = "garch"
    vectorized = False

    def __init__(self, market: str = "QQQ") -> None:
        super().__init__(market)
        self.horizons: np.ndarray | None = None  # event-window days after the estimation window's end (engine)
        self._h: np.ndarray | None = None

    def describe(self) -> str:
        return f"R = alpha + b {self.market} + e, e ~ GARCH(1,1) (ML, arch)"

    def fit(self, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> FittedNormalModel:
        try:
            from arch import arch_model
        except ImportError:
            raise ConfigError("the garch model needs the 'arch' package: pip install arch") from None
        if self.horizons is None:
            raise ConfigError("GarchMarketModel.horizons is unset: run it through event_study")
        n_ev, length = y.shape
        params = np.full((n_ev, 2), np.nan)
        cov = np.full((n_ev, 2, 2), np.nan)
        h_event = np.full((n_ev, len(self.horizons)), np.nan)
        sigma2 = np.full(n_ev, np.nan)
        resid = np.full((n_ev, length), np.nan)
        scale = 100.0  # arch's optimizer prefers percent returns
        for i in range(n_ev):
            ok = valid[i]
            yi, xi = y[i, ok] * scale, x[i, ok, :1] * scale
            res = arch_model(yi, x=xi, mean="LS", vol="GARCH", p=1, q=1, dist="normal", rescale=False).fit(
                disp="off", show_warning=False)
            p = res.params.to_numpy()
            params[i] = [p[0] / scale, p[1]]
            c = res.param_cov.to_numpy()[:2, :2]
            cov[i] = c * np.array([[1 / scale**2, 1 / scale], [1 / scale, 1.0]])
            omega, a, b = p[2], p[3], p[4]
            e_last = float(res.resid[-1])
            h_last = float(res.conditional_volatility[-1]) ** 2
            path = [omega + a * e_last**2 + b * h_last]
            for _ in range(int(self.horizons.max()) - 1):
                path.append(omega + (a + b) * path[-1])
            h_event[i] = np.asarray(path)[self.horizons - 1] / scale**2
            sigma2[i] = float(np.mean(res.conditional_volatility**2)) / scale**2
            resid[i, ok] = (yi - p[0] - p[1] * xi[:, 0]) / scale
        n = valid.sum(axis=1).astype(float)
        dev = np.where(valid, y - np.nanmean(np.where(valid, y, np.nan), axis=1)[:, None], 0.0)
        ssr = np.nansum(resid**2, axis=1)
        r2 = 1.0 - ssr / np.einsum("el,el->e", dev, dev)
        fit = FittedNormalModel(params, None, sigma2, n - 2.0, r2, n, resid)
        self._h = h_event
        self._cov = cov
        return fit

    def forecast_variance(self, fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        return self._h + np.einsum("ekp,epq,ekq->ek", d, self._cov, d)

    def car_variance(self, fit: FittedNormalModel, d: np.ndarray, window: slice | None = None) -> np.ndarray:
        h = self._h[:, window] if window is not None else self._h
        s = d.sum(axis=1)
        return h.sum(axis=1) + np.einsum("ep,epq,eq->e", s, self._cov, s)


@dataclass(frozen=True)
class ModelEntry:
    """One named normal-return model: what config, CLI, report and API call it.

    Attributes
    ----------
    name : str
        Key used in config files and on the command line.
    title : str
        Human title for reports.
    build : callable
        ``build(market, bitcoin) -> NormalReturnModel``.
    needs : str
        Panel columns the model reads, in words.
    reference : str
        Where the model comes from.
    """

    name: str
    title: str
    build: object
    needs: str
    reference: str


#: The one list of named models (config, CLI, report and ``model_from_name`` read it).
MODELS: tuple[ModelEntry, ...] = (
    ModelEntry("market", "market model", lambda m, b: MarketModel(m), "market", "MacKinlay (1997)"),
    ModelEntry("market_btc", "market + bitcoin model", lambda m, b: MarketBitcoinModel(m, b), "market, bitcoin",
               "two-factor OLS"),
    ModelEntry("market_adjusted", "market-adjusted returns", lambda m, b: MarketAdjusted(m), "market",
               "Brown and Warner (1985)"),
    ModelEntry("constant_mean", "constant-mean model", lambda m, b: ConstantMean(), "-", "Brown and Warner (1985)"),
    ModelEntry("raw", "raw returns", lambda m, b: RawReturns(), "-", "-"),
    ModelEntry("ff3", "Fama-French 3-factor model", lambda m, b: FamaFrench3(), "Mkt-RF, SMB, HML, RF",
               "Fama and French (1993)"),
    ModelEntry("carhart4", "Carhart 4-factor model", lambda m, b: Carhart4(), "Mkt-RF, SMB, HML, Mom, RF",
               "Carhart (1997)"),
    ModelEntry("ff5", "Fama-French 5-factor model", lambda m, b: FamaFrench5(), "Mkt-RF, SMB, HML, RMW, CMA, RF",
               "Fama and French (2015)"),
    ModelEntry("scholes_williams", "market model, Scholes-Williams beta", lambda m, b: ScholesWilliamsModel(m),
               "market (and its lead and lag)", "Scholes and Williams (1977)"),
    ModelEntry("dimson", "market model, Dimson beta (1 lag, 1 lead)", lambda m, b: DimsonModel((m,)),
               "market (and its lead and lag)", "Dimson (1979)"),
    ModelEntry("dimson_btc", "market + bitcoin, Dimson betas (1 lag, 1 lead)", lambda m, b: DimsonModel((m, b)),
               "market, bitcoin (and their leads and lags)", "Dimson (1979)"),
    ModelEntry("garch", "market model, GARCH(1,1) errors", lambda m, b: GarchMarketModel(m), "market",
               "Bollerslev (1986); arch package"),
)

#: Model name -> title, for reports.
MODEL_TITLES = {entry.name: entry.title for entry in MODELS}
_ALIASES = {"market+bitcoin": "market_btc", "carhart": "carhart4"}
_MODEL_NAMES = tuple(MODEL_TITLES)


def model_from_name(name: str, *, market: str = "QQQ", bitcoin: str = "BTC-USD") -> NormalReturnModel:
    """Build a model from its name in :data:`MODELS` (``"market"``, ``"ff3"``, ...).

    Raises
    ------
    ConfigError
        If the name is unknown.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    for entry in MODELS:
        if entry.name == key:
            model = entry.build(market, bitcoin)
            model.name = entry.name  # e.g. "dimson_btc" for a DimsonModel on market and bitcoin
            return model
    raise ConfigError(f"unknown event-study model {name!r}; use one of {', '.join(_MODEL_NAMES)} or a model object")
