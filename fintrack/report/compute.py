"""Report computations: tidy frames in, tidy frames out, nothing drawn.

This is the alphalens ``performance`` layer of the report: every chart in
:mod:`fintrack.report.charts` draws a frame computed here, so the numbers in a
chart can be tested without matplotlib.

Units: returns, ARs and CARs are fractions (0.01 = 1%); prices are USD.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Two-sided 95% normal quantile used for every confidence band in the report.
Z95 = 1.959963984540054

VERDICT_ORDER = ("supported", "consistent", "contradicted", "unverifiable")


def price_levels(prices: dict[str, pd.DataFrame], tickers: Sequence[str], column: str = "adj_close",
                 start=None, end=None) -> pd.DataFrame:
    """Date x ticker price levels (USD) of ``tickers`` that exist in ``prices``, each on its own days."""
    series = {t: prices[t][column] for t in tickers if t in prices}
    frame = pd.DataFrame(series).sort_index()
    if start is not None:
        frame = frame.loc[pd.Timestamp(start):]
    if end is not None:
        frame = frame.loc[:pd.Timestamp(end)]
    return frame


def event_markers(events: pd.DataFrame, levels: pd.Series) -> pd.DataFrame:
    """Where to mark each studied event on a price line: date, price (USD) and a short label.

    ``events`` needs ``event_id``, ``session`` (day 0) and ``label``; an event
    whose session has no price in ``levels`` is marked at the last earlier price.
    """
    clean = levels.dropna()
    rows = []
    for ev in events.itertuples(index=False):
        day = pd.Timestamp(ev.session)
        before = clean.loc[:day]
        if before.empty:
            continue
        rows.append({"event_id": ev.event_id, "date": day, "price": float(before.iloc[-1]), "label": ev.label})
    return pd.DataFrame(rows, columns=["event_id", "date", "price", "label"])


def ar_car_path(ar: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """One event's abnormal returns over its event window with the CAR and its 95% band.

    Parameters
    ----------
    ar : DataFrame
        ``EventStudyResult.ar`` (event_id, rel_day, date, ar, ar_var, ...).
    event_id : str

    Returns
    -------
    DataFrame
        rel_day, date, ar, car (cumulated from the first day of the event
        window), car_low, car_high: ``car -/+ 1.96 sqrt(sum of ar_var)``,
        treating daily ARs as independent (the usual event-window convention).
    """
    one = ar.loc[ar["event_id"] == event_id].sort_values("rel_day")
    out = pd.DataFrame({
        "rel_day": one["rel_day"].to_numpy(dtype=int),
        "date": pd.to_datetime(one["date"]).to_numpy(),
        "ar": one["ar"].to_numpy(dtype=float),
    })
    out["car"] = out["ar"].cumsum()
    half = Z95 * np.sqrt(one["ar_var"].to_numpy(dtype=float).cumsum())
    out["car_low"] = out["car"] - half
    out["car_high"] = out["car"] + half
    return out


def caar_path(aar: pd.DataFrame, ar: pd.DataFrame) -> pd.DataFrame:
    """A group's AAR by event-window day with the CAAR and its 95% band.

    Parameters
    ----------
    aar : DataFrame
        ``EventStudyResult.aar`` (rel_day, aar, caar; fractions).
    ar : DataFrame
        ``EventStudyResult.ar``, for the forecast-error variances.

    Returns
    -------
    DataFrame
        The columns of :func:`ar_car_path` but ``date``: rel_day, ar (the AAR),
        car (the CAAR), car_low, car_high: ``caar -/+ 1.96 sqrt(Var CAAR)``
        with ``Var(AAR_t) = sum_i var_it / N_t^2``, ARs independent across
        events and days.
    """
    grouped = ar.groupby("rel_day")
    var_aar = grouped["ar_var"].sum() / grouped["ar"].count() ** 2
    half = (Z95 * np.sqrt(var_aar.cumsum())).reindex(aar["rel_day"]).to_numpy()
    out = pd.DataFrame({"rel_day": aar["rel_day"].to_numpy(dtype=int),
                        "ar": aar["aar"].to_numpy(dtype=float), "car": aar["caar"].to_numpy(dtype=float)})
    out["car_low"] = out["car"] - half
    out["car_high"] = out["car"] + half
    return out


def rolling_beta_corr(returns: pd.DataFrame, asset: str, against: Sequence[str], window: int = 60,
                      min_periods: int | None = None) -> pd.DataFrame:
    """Rolling OLS beta and Pearson correlation of ``asset`` on each series in ``against``.

    Parameters
    ----------
    returns : DataFrame
        Sessions x tickers simple returns (``fintrack.market.returns_panel``).
    asset : str
    against : sequence of str
        Columns to compare with (e.g. BTC-USD, QQQ); missing ones are left out.
    window : int
        Sessions in each window (60 by default, about three months).
    min_periods : int, optional
        Valid pairs needed; defaults to ``window`` (a value needs a full window).

    Returns
    -------
    DataFrame
        Index ``date``; columns ``beta <X>`` and ``corr <X>`` per series X.
        ``beta = cov(asset, X) / var(X)`` over the window.
    """
    min_periods = window if min_periods is None else min_periods
    y = returns[asset]
    out = {}
    for name in against:
        if name not in returns:
            continue
        x = returns[name]
        pair = pd.concat([y, x], axis=1, keys=["y", "x"]).dropna()
        cov = pair["y"].rolling(window, min_periods=min_periods).cov(pair["x"])
        var = pair["x"].rolling(window, min_periods=min_periods).var()
        out[f"beta {name}"] = (cov / var).reindex(returns.index)
        out[f"corr {name}"] = pair["y"].rolling(window, min_periods=min_periods).corr(pair["x"]).reindex(returns.index)
    frame = pd.DataFrame(out, index=returns.index)
    frame.index.name = "date"
    return frame


def verdict_counts(verdicts: pd.DataFrame) -> dict[str, int]:
    """Number of claims per verdict, every verdict listed (zero included), in a fixed order."""
    counts = verdicts["verdict"].value_counts() if len(verdicts) else pd.Series(dtype=int)
    out = {v: int(counts.get(v, 0)) for v in VERDICT_ORDER}
    for other in sorted(set(counts.index) - set(VERDICT_ORDER)):
        out[str(other)] = int(counts[other])
    return out


def car_row(car: pd.DataFrame, event_id: str, window: str) -> pd.Series | None:
    """The CAR row of one event and window label (``"(-1,+1)"``), or None."""
    rows = car.loc[(car["event_id"] == event_id) & (car["window"] == window)]
    return None if rows.empty else rows.iloc[0]


def format_pct(value: float, digits: int = 2) -> str:
    """``0.1234`` -> ``'+12.34%'``; NaN -> ``'n/a'``."""
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value * 100:+.{digits}f}%"


def format_p(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


# ---------------------------------------------------------------------------
# per-event fit, decomposition, zoomed prices, claims
# ---------------------------------------------------------------------------
def model_regressors(model: str, market: str, bitcoin: str) -> tuple[str, ...] | None:
    """Panel columns a named model regresses on; None for models without estimated coefficients."""
    return {"market": (market,), "market_btc": (market, bitcoin), "constant_mean": ()}.get(model)


def estimation_fit(returns: pd.DataFrame, asset: str, session, regressors: Sequence[str],
                   estimation_window: tuple[int, int]) -> dict[str, object]:
    """OLS of ``asset`` on ``regressors`` (plus an intercept) over the estimation window of one event.

    The window is in sessions of the ``returns`` index relative to ``session``
    (day 0), both ends included; observations with a missing value are dropped.

    Returns
    -------
    dict
        ``table``: DataFrame indexed by term (``alpha``, ``beta <column>``) with
        coef, std_err, t, p (two-sided, t with n - k degrees of freedom),
        ci_low, ci_high (95%); and ``r2``, ``sigma`` (residual standard
        deviation, SSR / (n - k)), ``n``.
    """
    from scipy import special  # scipy.stats.t's own functions; importing scipy.stats costs a run ~0.5 s

    pos = int(returns.index.searchsorted(pd.Timestamp(session), side="left"))
    lo, hi = pos + estimation_window[0], pos + estimation_window[1] + 1
    window = returns.iloc[max(lo, 0):max(hi, 0)]
    y = window[asset].to_numpy(dtype=float)
    x = window[list(regressors)].to_numpy(dtype=float) if regressors else np.empty((len(window), 0))
    ok = np.isfinite(y) & np.isfinite(x).all(axis=1)
    y, x = y[ok], np.column_stack([np.ones(ok.sum()), x[ok]])
    n, k = x.shape
    xtx_inv = np.linalg.inv(x.T @ x)
    coef = xtx_inv @ x.T @ y
    resid = y - x @ coef
    df = n - k
    sigma2 = float(resid @ resid) / df
    se = np.sqrt(np.diag(xtx_inv) * sigma2)
    t = coef / se
    q = special.stdtrit(df, 0.975)
    centred = y - y.mean()
    r2 = 1.0 - float(resid @ resid) / float(centred @ centred) if k > 1 else float("nan")
    names = ["alpha"] + [f"beta {c}" for c in regressors]
    table = pd.DataFrame({"coef": coef, "std_err": se, "t": t, "p": 2.0 * special.stdtr(df, -np.abs(t)),
                          "ci_low": coef - q * se, "ci_high": coef + q * se}, index=pd.Index(names, name="term"))
    return {"table": table, "r2": r2, "sigma": float(np.sqrt(sigma2)), "n": int(n)}


def decomposition(ar: pd.DataFrame, event: pd.Series, returns: pd.DataFrame, market: str, bitcoin: str,
                  windows: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """Split an event's raw return over each window into alpha, market, bitcoin and abnormal parts.

    Parameters
    ----------
    ar : DataFrame
        ``EventStudyResult.ar`` (event_id, rel_day, date, ret, normal_ret, ar).
    event : Series
        The event's row of ``EventStudyResult.events`` (event_id, alpha, beta, beta_btc).
    windows : sequence of (start, end)
        Windows in sessions relative to day 0, inside the event window.

    Returns
    -------
    DataFrame
        window (label), start, end, raw (sum of daily simple returns, the
        scale of the CAR), alpha (alpha x days), market (beta x summed market
        return), bitcoin (bitcoin beta x summed bitcoin return), abnormal
        (the CAR). ``raw = alpha + market + bitcoin + abnormal`` for the
        linear models; a part the model lacks is 0.
    """
    from fintrack.study.windows import window_label

    one = ar.loc[ar["event_id"] == event["event_id"]].set_index("rel_day").sort_index()
    dates = pd.to_datetime(one["date"])
    r_m = returns[market].reindex(dates).to_numpy(dtype=float) if market in returns else np.zeros(len(one))
    r_b = returns[bitcoin].reindex(dates).to_numpy(dtype=float) if bitcoin in returns else np.zeros(len(one))
    alpha = _finite(event.get("alpha"))
    beta, beta_btc = _finite(event.get("beta")), _finite(event.get("beta_btc"))
    rows = []
    for start, end in windows:
        sel = (one.index >= start) & (one.index <= end)
        rows.append({"window": window_label((start, end)), "start": start, "end": end,
                     "raw": float(one.loc[sel, "ret"].sum()), "alpha": alpha * int(sel.sum()),
                     "market": beta * float(r_m[sel].sum()), "bitcoin": beta_btc * float(r_b[sel].sum()),
                     "abnormal": float(one.loc[sel, "ar"].sum())})
    return pd.DataFrame(rows, columns=["window", "start", "end", "raw", "alpha", "market", "bitcoin", "abnormal"])


def _finite(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if np.isfinite(number) else 0.0


def normalized_prices(frames: dict[str, pd.DataFrame], tickers: Sequence[str], sessions: Sequence,
                      column: str = "adj_close", base: int = 0) -> pd.DataFrame:
    """Price of each ticker on ``sessions`` rebased to 100 on ``sessions[base]`` (the report passes day -1, so
    day 0 reads as 100 + the day-0 return in percent).

    A ticker without a price on a session takes its last earlier price (bitcoin
    trades every day, so it always has one).
    """
    days = pd.DatetimeIndex(pd.to_datetime(list(sessions)))
    out = {}
    for t in tickers:
        if t not in frames:
            continue
        series = frames[t][column].dropna().sort_index()
        level = series.reindex(series.index.union(days)).ffill().reindex(days)
        out[t] = level / level.iloc[base] * 100.0
    return pd.DataFrame(out, index=days)


_TOLERANCE = re.compile(r"^\s*([\[(])\s*([-+0-9.eE,]+)\s*,\s*([-+0-9.eE,]+)\s*([\])])|^\s*([<>]=?)\s*([-+0-9.eE,]+)")


def claim_interval(tolerance: str) -> tuple[float, float]:
    """The numeric interval of a verdict's tolerance text: ``"[36.5, 37.5)%"`` -> (36.5, 37.5), ``"> 1,000%"`` -> (1000, inf)."""
    match = _TOLERANCE.match(str(tolerance or ""))
    if not match:
        return (float("nan"), float("nan"))
    if match.group(2) is not None:
        return (float(match.group(2).replace(",", "")), float(match.group(3).replace(",", "")))
    value = float(match.group(6).replace(",", ""))
    return (value, float("inf")) if match.group(5).startswith(">") else (float("-inf"), value)
