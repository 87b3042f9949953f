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
    "model_from_name",
    "MODEL_TITLES",
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
    """

    params: np.ndarray
    xtx_inv: np.ndarray | None
    sigma2: np.ndarray
    df: np.ndarray
    r2: np.ndarray
    n_obs: np.ndarray
    residuals: np.ndarray


class NormalReturnModel:
    """Base class: a linear normal-return model ``E[R_t] = d_t' b``.

    Subclasses set ``name`` and the design: ``intercept`` (a constant column),
    ``regressors`` (panel columns used as explanatory returns) and, for models
    whose parameters are not estimated, ``fixed_params``.
    """

    name: str = "model"
    intercept: bool = True
    fixed_params: tuple[float, ...] | None = None

    def __init__(self, regressors: tuple[str, ...] = ()) -> None:
        self.regressors: tuple[str, ...] = tuple(regressors)

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
        w = valid.astype(float)
        n = w.sum(axis=1)
        y0 = np.where(valid, y, 0.0)
        # zeroing invalid rows of y and of the design drops them from every sum below
        d0 = self.design(np.where(valid[..., None], x, 0.0)) * w[..., None]
        if self.estimated:
            d0t = d0.swapaxes(1, 2)
            xtx_inv = np.linalg.inv(d0t @ d0)
            params = (xtx_inv @ (d0t @ y0[..., None]))[..., 0]
            resid = y0 - (d0 @ params[..., None])[..., 0]
            df = n - d0.shape[-1]
            ssr = np.einsum("el,el->e", resid, resid)
            sigma2 = ssr / df
            dev = (y0 - (y0.sum(axis=1) / n)[:, None]) * w
            sst = np.einsum("el,el->e", dev, dev)
            r2 = 1.0 - ssr / sst if d0.shape[-1] > 1 else np.full(len(n), np.nan)
        else:
            params = np.broadcast_to(np.asarray(self.fixed_params, float), (len(n), d0.shape[-1])).copy()
            xtx_inv = None
            resid = y0 - (d0 @ params[..., None])[..., 0]
            mean = resid.sum(axis=1) / n
            dev = (resid - mean[:, None]) * w
            df = n - 1.0
            sigma2 = np.einsum("el,el->e", dev, dev) / df
            r2 = np.full(len(n), np.nan)
        residuals = np.where(valid, resid, np.nan)
        return FittedNormalModel(params, xtx_inv, sigma2, df, r2, n, residuals)

    @staticmethod
    def normal_returns(fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        """Normal returns ``d_t' b`` for design rows ``d (E, K, p)``."""
        return (d @ fit.params[..., None])[..., 0]

    @staticmethod
    def forecast_variance(fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        """Forecast-error variance of each AR: ``sigma^2 (1 + d' (X'X)^-1 d)``."""
        if fit.xtx_inv is None:
            return np.repeat(fit.sigma2[:, None], d.shape[1], axis=1)
        return fit.sigma2[:, None] * (1.0 + np.einsum("ekq,ekq->ek", d @ fit.xtx_inv, d))

    @staticmethod
    def car_variance(fit: FittedNormalModel, d: np.ndarray) -> np.ndarray:
        """Variance of the CAR over all ``K`` rows of ``d (E, K, p)``: ``sigma^2 (l + s'(X'X)^-1 s)``."""
        length = d.shape[1]
        if fit.xtx_inv is None:
            return fit.sigma2 * length
        s = d.sum(axis=1)
        return fit.sigma2 * (length + np.einsum("ep,epq,eq->e", s, fit.xtx_inv, s))


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


#: Reader-facing title of each named model: the one place reports, warnings and charts read it from.
MODEL_TITLES: dict[str, str] = {
    "market": "market model",
    "market_btc": "market + bitcoin model",
    "market_adjusted": "market-adjusted returns",
    "constant_mean": "constant-mean model",
    "raw": "raw returns",
}

_MODEL_NAMES = ("constant_mean", "market_adjusted", "market", "market_btc", "market+bitcoin", "raw")


def model_from_name(name: str, *, market: str = "QQQ", bitcoin: str = "BTC-USD") -> NormalReturnModel:
    """Build a model from its string name (``"market"``, ``"market_btc"``, ...).

    Raises
    ------
    ConfigError
        If the name is unknown.
    """
    key = name.strip().lower()
    if key == "constant_mean":
        return ConstantMean()
    if key == "market_adjusted":
        return MarketAdjusted(market)
    if key == "market":
        return MarketModel(market)
    if key in ("market_btc", "market+bitcoin"):
        return MarketBitcoinModel(market, bitcoin)
    if key == "raw":
        return RawReturns()
    raise ConfigError(f"unknown event-study model {name!r}; use one of {', '.join(_MODEL_NAMES)} or a model object")
