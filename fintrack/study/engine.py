"""The event-study engine: windows -> fit -> abnormal returns -> tests, all events at once.

No step loops over events in Python: each event's estimation and event
windows are gathered from the return panel with one fancy-indexing operation
into arrays of shape ``(events, sessions[, regressors])``, the normal-return
model is fitted with a batched solve, and the test statistics reduce those
arrays along the event axis (per group with ``bincount``).
"""
from __future__ import annotations

from collections.abc import Sequence

import warnings

import numpy as np
import pandas as pd

from fintrack.errors import ConfigError, DateOutsideDataError, EstimationWindowError, InputError
from fintrack.study import sample
from fintrack.study import statistics as st
from fintrack.study.models import NormalReturnModel, model_from_name
from fintrack.study.results import EventStudyResult
from fintrack.study.windows import EventWindows, window_label

__all__ = ["event_study", "EventStudyWarning"]


class EventStudyWarning(UserWarning):
    """Something in the event sample changed the study: a duplicate dropped, an overlap masked."""


TEST_NAMES = (
    "cross_sectional_t",
    "time_series_t",
    "patell_z",
    "bmp",
    "kolari_pynnonen",
    "corrado_rank",
    "generalized_sign",
    "wilcoxon",
    "adjusted_patell",
    "grank",
    "skewness_corrected_t",
)

_DUPLICATE_NOTE = "duplicate event(s)"

# reasons an event is left out; the first kind maps to DateOutsideDataError
_OUTSIDE = "outside"
_WINDOW = "window"


_DEGENERATE_REASONS = {
    1: "asset return constant over the estimation window (no trading?)",
    2: "a regressor is constant or collinear over the estimation window",
}


def _degenerate_estimation(mdl: NormalReturnModel, y: np.ndarray, x: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Events whose estimation window cannot identify the model.

    A flat asset (zero variance, e.g. a halted or untraded stock) gives sigma = 0
    and infinite test statistics; a constant or collinear regressor makes X'X
    singular. Both are skipped with a reason instead of failing the whole run.
    Singularity is read from the regressors' sample covariance: a zero variance,
    or a correlation matrix whose determinant is ~0 (cheaper than a condition
    number per event).

    Returns the kind of problem per event: 0 none, else a key of ``_DEGENERATE_REASONS``.
    """
    w = valid.astype(float)
    n = np.maximum(w.sum(axis=1), 1.0)
    y0 = np.where(valid, y, 0.0)
    y_var = np.einsum("el,el->e", y0, y0) / n - (y0.sum(axis=1) / n) ** 2
    flat = y_var <= 1e-16
    singular = np.zeros(len(y), dtype=bool)
    if mdl.estimated and x.shape[-1]:
        xv = np.where(valid[..., None], x, 0.0)
        xc = (xv - (xv.sum(axis=1) / n[:, None])[:, None, :]) * w[..., None]
        cov = np.einsum("elk,elm->ekm", xc, xc) / n[:, None, None]
        var = np.diagonal(cov, axis1=1, axis2=2)
        with np.errstate(all="ignore"):
            scale = np.sqrt(var[:, :, None] * var[:, None, :])
            det = np.linalg.det(np.where(scale > 0, cov / scale, 0.0))
        singular = (var <= 1e-16).any(axis=1) | ~(np.abs(det) > 1e-10)
    return np.where(flat, 1, np.where(singular, 2, 0))


def _resolve_model(model: str | NormalReturnModel, market: str, bitcoin: str) -> NormalReturnModel:
    if isinstance(model, NormalReturnModel):
        return model
    if isinstance(model, str):
        return model_from_name(model, market=market, bitcoin=bitcoin)
    raise ConfigError(f"model must be a name such as 'market' or a model object, got {type(model).__name__}")


def _check_panel(returns: pd.DataFrame) -> tuple[pd.DatetimeIndex, np.ndarray]:
    if not isinstance(returns, pd.DataFrame):
        raise InputError(f"returns must be a DataFrame of sessions x assets, got {type(returns).__name__}")
    index = returns.index
    if not isinstance(index, pd.DatetimeIndex):
        raise InputError("returns must have a DatetimeIndex of sessions")
    if not index.is_monotonic_increasing or index.has_duplicates:
        raise InputError("returns index must be strictly increasing sessions (sort it, drop duplicate dates)")
    if index.tz is not None:
        index = index.tz_localize(None)
    try:
        values = returns.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InputError(f"returns must be numeric simple returns: {exc}") from None
    return index.normalize(), values


def _check_events(events: pd.DataFrame, columns: pd.Index, calendar: str) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise InputError(f"events must be a DataFrame, got {type(events).__name__}")
    missing = [c for c in ("event_id", "asset", "date") if c not in events.columns]
    if missing:
        raise InputError(f"events table lacks column(s) {missing}; need event_id, asset, date")
    if len(events) == 0:
        raise InputError("events table is empty")
    if events["event_id"].duplicated().any():
        dup = events.loc[events["event_id"].duplicated(), "event_id"].iloc[0]
        raise InputError(f"event_id {dup!r} appears more than once in the events table")
    unknown = sorted(set(events["asset"].astype(str)) - set(map(str, columns)))
    if unknown:
        raise InputError(f"event asset(s) not in the returns panel: {unknown[:5]}")
    try:
        try:
            dates = pd.to_datetime(events["date"])
        except ValueError:
            # dates alone beside dates with a time of day
            dates = pd.to_datetime(events["date"], format="mixed")
    except (TypeError, ValueError) as exc:
        raise InputError(f"events 'date' column cannot be read as dates: {exc}") from None
    if dates.isna().any():
        raise InputError("events 'date' column has missing dates")
    # a time of day after the close (incl. a half day's early close) moves day 0 to the next session
    day = pd.Series(sample.event_sessions(dates, calendar))
    out = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "asset": events["asset"].astype(str).to_numpy(dtype=object),
            "group": (events["group"].to_numpy(dtype=object) if "group" in events.columns else np.full(len(events), None)),
            "event_date": day.dt.normalize().to_numpy(),
        }
    )
    return out


def event_study(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    model: str | NormalReturnModel = "market",
    *,
    market: str = "QQQ",
    bitcoin: str = "BTC-USD",
    estimation_window: tuple[int, int] = (-250, -11),
    event_window: tuple[int, int] = (-5, 5),
    car_windows: Sequence[tuple[int, int]] = ((0, 0), (-1, 1), (0, 5), (-5, 5)),
    min_estimation_obs: int = 120,
    mask_overlaps: bool = True,
    calendar: str = "XNAS",
    return_kind: str | None = None,
    price_field: str | None = None,
) -> EventStudyResult:
    """Run an event study of ``events`` on the return panel ``returns``.

    Parameters
    ----------
    returns : DataFrame
        Sessions x assets returns (fractions, 0.01 = 1%), DatetimeIndex of
        sessions, NaN where missing. Benchmark and factor columns (``market``,
        ``bitcoin``) live in the same panel.
    events : DataFrame
        Columns ``event_id`` (unique), ``asset`` (a panel column), ``date``
        (Timestamp or ISO string) and optionally ``group``. A date alone: day 0
        is the first session on or after it. A time of day (naive: New York
        time; or tz-aware): day 0 is the session that can first react, the
        next one after the close (see ``calendar``).
    model : str or NormalReturnModel
        ``"constant_mean"``, ``"market_adjusted"``, ``"market"``,
        ``"market_btc"`` (alias ``"market+bitcoin"``), ``"raw"``, or a model
        object such as ``FactorModel(["QQQ", "BTC-USD"])``.
    market, bitcoin : str
        Panel columns used by the named models.
    estimation_window, event_window : tuple of int
        Inclusive windows in sessions relative to day 0.
    car_windows : sequence of tuple of int
        Windows (inside the event window) to cumulate and test.
    min_estimation_obs : int
        Events with fewer valid estimation returns are skipped.
    mask_overlaps : bool
        Drop from each event's estimation window the sessions inside another
        event window of the same asset (default True); the overlaps are
        reported in ``result.overlaps`` either way.
    calendar : str
        exchange_calendars name whose session closes place events with a time
        of day, default ``"XNAS"``.
    return_kind, price_field : str, optional
        ``"simple"`` or ``"log"`` and the price column the returns come from;
        default: ``returns.attrs`` entries of those names, else ``"simple"``
        and ``"adj_close"``. BHAR needs simple returns (NaN for log returns).

    Returns
    -------
    EventStudyResult

    Raises
    ------
    ConfigError
        Inverted or overlapping windows, unknown model or return kind.
    InputError
        Malformed panel or events, asset or factor column not in the panel.
    DateOutsideDataError
        No event date falls inside the panel.
    EstimationWindowError
        No event has complete windows and enough estimation observations.
    """
    windows = EventWindows(estimation_window, event_window, tuple(car_windows), min_estimation_obs)
    mdl = _resolve_model(model, market, bitcoin)
    return_kind = str(return_kind or returns.attrs.get("return_kind", "simple")) if isinstance(
        returns, pd.DataFrame) else "simple"
    if return_kind not in ("simple", "log"):
        raise ConfigError(f"return_kind must be 'simple' or 'log', got {return_kind!r}")
    price_field = str(price_field or (returns.attrs.get("price_field", "adj_close") if isinstance(
        returns, pd.DataFrame) else "adj_close"))
    if isinstance(returns, pd.DataFrame):
        returns = mdl.prepare(returns)  # derived columns: leads and lags of the Dimson/Scholes-Williams models
    sessions, values = _check_panel(returns)
    columns = pd.Index([str(c) for c in returns.columns])
    missing_regs = [c for c in mdl.regressors + ((mdl.offset,) if mdl.offset else ()) if c not in columns]
    if missing_regs:
        hint = (" (add Ken French's factors: fintrack.study.factors.add_factors(returns, load_french_factors(...)))"
                if mdl.offset else "")
        raise InputError(f"model {mdl.name!r} needs column(s) {missing_regs} not in the returns panel{hint}")
    ev = _check_events(events, columns, calendar)
    notes: list[str] = []

    n_sessions = len(sessions)
    ev_dates = ev["event_date"].to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(sessions.to_numpy(dtype="datetime64[ns]"), ev_dates, side="left")
    asset_col = columns.get_indexer(ev["asset"])
    reg_cols = columns.get_indexer(list(mdl.regressors)).astype(np.intp)

    reason = np.full(len(ev), None, dtype=object)
    kind = np.full(len(ev), None, dtype=object)
    first, last = sessions[0].date(), sessions[-1].date()
    after = pos >= n_sessions
    before = ev_dates < sessions.to_numpy(dtype="datetime64[ns]")[0]
    reason[after], kind[after] = f"date after the last session {last}", _OUTSIDE
    reason[before], kind[before] = f"date before the first session {first}", _OUTSIDE
    in_panel = reason == None  # noqa: E711
    est0, est1 = windows.estimation
    evt0, evt1 = windows.event
    short_start = (reason == None) & (pos + est0 < 0)  # noqa: E711
    reason[short_start] = f"estimation window starts {-est0} sessions before day 0, before the first session {first}"
    kind[short_start] = _WINDOW
    dup = sample.duplicate_of(asset_col, pos, reason == None)  # noqa: E711
    if (dup >= 0).any():
        ids = ev["event_id"].to_numpy()
        idx = np.flatnonzero(dup >= 0)
        reason[idx] = [f"same asset and day-0 session as event {_id(ids[j])} (counted once)" for j in dup[idx]]
        kind[idx] = _WINDOW
        notes.append(f"{len(idx)} {_DUPLICATE_NOTE} (same asset and day-0 session as another) counted once: "
                     + ", ".join(f"{_id(ids[i])} = {_id(ids[j])}" for i, j in zip(idx[:5], dup[idx[:5]]))
                     + (" ..." if len(idx) > 5 else ""))

    cand = np.flatnonzero(reason == None)  # noqa: E711
    est_off = np.arange(est0, est1 + 1)
    evt_off = np.arange(evt0, evt1 + 1)
    p_c, a_c = pos[cand], asset_col[cand]
    est_rows = p_c[:, None] + est_off[None, :]
    evt_rows = p_c[:, None] + evt_off[None, :]
    # a window running past the panel's last session reads NaN there (see _missing_day_reasons)
    past_end = evt_rows >= n_sessions
    evt_rows_c = np.minimum(evt_rows, n_sessions - 1)
    y_est = values[est_rows, a_c[:, None]]
    x_est = values[est_rows[..., None], reg_cols[None, None, :]]
    y_evt = np.where(past_end, np.nan, values[evt_rows_c, a_c[:, None]])
    x_evt = np.where(past_end[..., None], np.nan, values[evt_rows_c[..., None], reg_cols[None, None, :]])
    if mdl.offset:
        # excess returns over the risk-free rate: fit R - RF, add RF back to the normal return
        off = columns.get_loc(mdl.offset)
        rf_est = values[est_rows, off]
        rf_evt = np.where(past_end, np.nan, values[evt_rows_c, off])
        x_est = np.concatenate([x_est, rf_est[..., None]], axis=2)
        x_evt = np.concatenate([x_evt, rf_evt[..., None]], axis=2)
        reg_cols = np.append(reg_cols, off)
    zero_share = _zero_share(y_est)
    valid_est = np.isfinite(y_est) & np.isfinite(x_est).all(axis=2)
    n_overlap, overlap_pairs, covered = sample.overlaps(
        asset_col, pos, in_panel, cand, windows.estimation, windows.event,
        est_rows=est_rows if mask_overlaps else None)
    n_masked = np.zeros(len(cand), dtype=int)
    if covered is not None:
        n_masked = (valid_est & covered).sum(axis=1)
        valid_est &= ~covered
    n_est = valid_est.sum(axis=1)
    evt_ok = np.isfinite(y_evt) & np.isfinite(x_evt).all(axis=2)
    window_ok = np.stack([evt_ok[:, windows.event_slice(w)].all(axis=1) for w in windows.car], axis=1)
    no_window = ~window_ok.any(axis=1)
    too_few = n_est < windows.min_estimation_obs
    idx = cand[no_window]
    reason[idx] = ["no CAR window has all its returns: " + r for r in _missing_day_reasons(
        np.flatnonzero(no_window), evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns, evt_off)]
    kind[idx] = _WINDOW
    idx = cand[too_few & ~no_window]
    reason[idx] = [
        f"only {k} valid estimation returns (< {windows.min_estimation_obs})"
        + (f"; {m} masked as other events' windows" if m else "")
        for k, m in zip(n_est[too_few & ~no_window], n_masked[too_few & ~no_window])
    ]
    kind[idx] = _WINDOW
    degenerate_kind = np.where(~no_window & ~too_few, _degenerate_estimation(
        mdl, y_est, x_est[..., :len(mdl.regressors)], valid_est), 0)
    degenerate = degenerate_kind > 0
    idx = cand[degenerate]
    reason[idx] = [_DEGENERATE_REASONS[k] for k in degenerate_kind[degenerate]]
    kind[idx] = _WINDOW
    keep_c = ~no_window & ~too_few & ~degenerate

    skipped_mask = reason != None  # noqa: E711
    skipped = pd.DataFrame(
        {
            "event_id": ev["event_id"].to_numpy()[skipped_mask],
            "asset": ev["asset"].to_numpy()[skipped_mask],
            "date": ev["event_date"].to_numpy()[skipped_mask],
            "reason": reason[skipped_mask].astype(str),
        }
    )
    if not keep_c.any():
        first_reason = skipped["reason"].iloc[0]
        error = DateOutsideDataError if (kind[skipped_mask] == _OUTSIDE).all() else EstimationWindowError
        raise error(f"no event could be studied ({len(ev)} skipped); first reason: {first_reason}")

    studied = cand[keep_c]
    y_est, x_est, valid_est = y_est[keep_c], x_est[keep_c], valid_est[keep_c]
    y_evt, x_evt = y_evt[keep_c], x_evt[keep_c]
    window_ok = window_ok[keep_c]
    day0 = pos[studied]
    overlap_frame = _overlap_frame(ev, overlap_pairs, cand[keep_c], sessions, pos)
    if len(overlap_frame):
        n_ev = overlap_frame["event_id"].nunique()
        notes.append(f"{n_ev} event(s) have another event of the same asset inside their estimation window"
                     + ("; those sessions were masked out of the fit" if mask_overlaps else
                        " (not masked: mask_overlaps=False)") + " (see .overlaps)")
    dropped = _dropped_frame(ev, studied, windows, window_ok, evt_ok[keep_c], evt_rows[keep_c], a_c[keep_c],
                             reg_cols, values, sessions, columns, evt_off)

    rf_evt = 0.0
    if mdl.offset:
        y_est = y_est - x_est[..., -1]
        rf_evt, x_est, x_evt = x_evt[..., -1], x_est[..., :-1], x_evt[..., :-1]
    if hasattr(mdl, "horizons"):
        # GARCH forecasts: event days counted from the estimation window's last session
        import copy

        mdl = copy.copy(mdl)
        mdl.horizons = evt_off - est1
    fit = mdl.fit(y_est, x_est, valid_est)
    d_evt = mdl.design(x_evt)
    normal = mdl.normal_returns(fit, d_evt) + rf_evt
    ar = y_evt - normal
    ar_var = mdl.forecast_variance(fit, d_evt)
    with np.errstate(invalid="ignore", divide="ignore"):
        sar = ar / np.sqrt(ar_var)
    ar_p = st.two_sided_t(sar, fit.df[:, None])

    info = ev.iloc[studied].reset_index(drop=True)
    events_frame = _events_frame(info, sessions[day0], mdl, fit, market)
    events_frame["n_overlaps"] = n_overlap[keep_c]
    events_frame["n_masked"] = n_masked[keep_c]
    events_frame["zero_share"] = zero_share[keep_c]
    events_frame["thin_trading"] = zero_share[keep_c] >= THIN_TRADING_SHARE
    if events_frame["thin_trading"].any():
        thin = events_frame[events_frame["thin_trading"]]
        notes.append(f"{len(thin)} event(s) trade thinly (>= {THIN_TRADING_SHARE:.0%} zero returns in the estimation "
                     f"window, e.g. {thin['asset'].iloc[0]} {thin['zero_share'].iloc[0]:.0%}): OLS betas are biased "
                     "toward zero; consider the scholes_williams or dimson model")
    ar_frame = _ar_frame(info, sessions, day0, evt_off, y_evt, normal, ar, ar_var, sar, ar_p)

    car_parts, test_parts = [], []
    groups = info["group"]
    has_groups = groups.notna().any()
    if has_groups:
        group_codes, group_names = pd.factorize(groups.astype(str), sort=True)
    ar_all = np.concatenate([fit.residuals, ar], axis=1)
    sums = _running_sums(fit.residuals)
    cache: dict = {"ranks": st.standardized_ranks(ar_all), "share": st.positive_share(fit.residuals),
                   "est_ranks": st.standardized_ranks(fit.residuals)}
    for window in windows.car:
        sl = windows.event_slice(window)
        length = window[1] - window[0] + 1
        car = ar[:, sl].sum(axis=1)
        car_var = mdl.car_variance(fit, d_evt[:, sl], sl)
        with np.errstate(invalid="ignore", divide="ignore"):
            scar = car / np.sqrt(car_var)
        bhar = _bhar(y_evt[:, sl], normal[:, sl], return_kind)
        emp_p = _empirical_p(sums, car, length)
        label = window_label(window)
        car_parts.append(
            pd.DataFrame(
                {
                    "event_id": info["event_id"].to_numpy(),
                    "asset": info["asset"].to_numpy(),
                    "window": label,
                    "start": window[0],
                    "end": window[1],
                    "car": car,
                    "car_var": car_var,
                    "scar": scar,
                    "t": scar,
                    "p": st.two_sided_t(scar, fit.df),
                    "bhar": bhar,
                    "empirical_p": emp_p,
                }
            )
        )
        window_slice = slice(windows.estimation_length + sl.start, windows.estimation_length + sl.stop)
        test_parts.append(_tests(label, car, scar, fit, ar_all, window_slice, length, None, ["all"], cache))
        if has_groups:
            test_parts.append(_tests(label, car, scar, fit, ar_all, window_slice, length, group_codes, list(group_names), cache))

    recommended = [sample.recommended_tests(day0, None, ["all"], _cached_r(cache, fit.residuals, None))]
    if has_groups:
        recommended.append(sample.recommended_tests(day0, group_codes, list(group_names),
                                                    _cached_r(cache, fit.residuals, group_codes)))
    if return_kind != "simple":
        notes.append("BHAR not computed: buy-and-hold returns compound simple returns, these are log returns")
    for note in notes:
        if _DUPLICATE_NOTE in note:
            # counting an event twice changes every test: say so loudly; other notes stay on the result
            warnings.warn(note, EventStudyWarning, stacklevel=2)

    n_day = np.isfinite(ar).sum(axis=0)
    aar = _nanmean_cols(ar)
    aar_frame = pd.DataFrame({"rel_day": evt_off, "n": n_day, "aar": aar, "caar": np.cumsum(aar)})
    return EventStudyResult(
        events=events_frame,
        ar=ar_frame,
        car=pd.concat(car_parts, ignore_index=True),
        aar=aar_frame,
        tests=pd.concat(test_parts, ignore_index=True),
        skipped=skipped,
        model=mdl.name,
        windows=windows,
        model_spec=mdl.describe(),
        dropped=dropped,
        overlaps=overlap_frame,
        recommended=pd.concat(recommended, ignore_index=True),
        notes=tuple(notes),
        return_kind=return_kind,
        price_field=price_field,
    )


# -- sample bookkeeping: missing days, overlaps, BHAR (kept apart from the vectorized core) --
#: Share of zero returns in the estimation window from which an event is flagged as thinly traded.
THIN_TRADING_SHARE = 0.2


def _zero_share(y_est: np.ndarray) -> np.ndarray:
    """Share of exact-zero returns among the valid estimation returns of each event (no trade, no quote change)."""
    ok = np.isfinite(y_est)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (ok & (y_est == 0.0)).sum(axis=1) / ok.sum(axis=1)


def _id(event_id) -> str:
    """An event id as written in messages: strings quoted, numbers plain (not ``np.int64(3)``)."""
    return repr(event_id) if isinstance(event_id, str) else str(event_id)


def _nanmean_cols(x: np.ndarray) -> np.ndarray:
    ok = np.isfinite(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, x, 0.0).sum(axis=0) / ok.sum(axis=0)


def _bhar(ret: np.ndarray, normal: np.ndarray, return_kind: str) -> np.ndarray:
    """Buy-and-hold abnormal return ``prod(1 + R) - prod(1 + normal)``; NaN unless returns are simple."""
    if return_kind != "simple":
        return np.full(len(ret), np.nan)
    return np.prod(1.0 + ret, axis=1) - np.prod(1.0 + normal, axis=1)


def _cached_r(cache: dict, residuals: np.ndarray, codes) -> np.ndarray:
    pre = cache.get(id(codes))
    if pre is not None and "r" in pre:
        return pre["r"]
    return st.average_residual_correlation(residuals, codes)


def _day_reason(row: int, col: int, rel: int, asset: str, values: np.ndarray, sessions: pd.DatetimeIndex,
                what: str) -> str:
    """Why one event-window return is missing: past the panel's end, past the series' end, or a gap."""
    n = len(sessions)
    if row >= n:
        return f"day {rel:+d} is past the end of the data (last session {sessions[-1].date()})"
    finite = np.flatnonzero(np.isfinite(values[:, col]))
    if len(finite) and row > finite[-1]:
        return f"day {rel:+d} ({sessions[row].date()}) is past the end of {what}'s data (last return {sessions[finite[-1]].date()})"
    label = f"{what} return" if what == asset else f"{what} (regressor) return"
    return f"missing {label} on {sessions[row].date()} (day {rel:+d})"


def _first_missing(e: int, cols: np.ndarray, evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns, evt_off):
    k = cols[~evt_ok[e, cols]][0]
    row, asset_c = int(evt_rows[e, k]), int(a_c[e])
    asset = columns[asset_c]
    if row < len(sessions) and np.isfinite(values[row, asset_c]):
        bad = [c for c in reg_cols if not np.isfinite(values[row, c])]
        return _day_reason(row, int(bad[0]), int(evt_off[k]), asset, values, sessions, columns[int(bad[0])])
    return _day_reason(row, asset_c, int(evt_off[k]), asset, values, sessions, asset)


def _missing_day_reasons(rows, evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns, evt_off) -> list[str]:
    """Reason naming the first missing day of the event window, for each event in ``rows``."""
    cols = np.arange(evt_ok.shape[1])
    return [_first_missing(e, cols, evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns, evt_off)
            for e in rows]


def _dropped_frame(ev, studied, windows, window_ok, evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns,
                   evt_off) -> pd.DataFrame:
    """CAR windows of studied events left out because a return in them is missing, with the day."""
    rows = []
    for e, w in zip(*np.nonzero(~window_ok)):
        sl = windows.event_slice(windows.car[w])
        cols = np.arange(sl.start, sl.stop)
        rows.append((ev["event_id"].iloc[studied[e]], ev["asset"].iloc[studied[e]], window_label(windows.car[w]),
                     _first_missing(e, cols, evt_ok, evt_rows, a_c, reg_cols, values, sessions, columns, evt_off)))
    return pd.DataFrame(rows, columns=["event_id", "asset", "window", "reason"])


def _overlap_frame(ev: pd.DataFrame, pairs: pd.DataFrame, studied: np.ndarray, sessions, pos) -> pd.DataFrame:
    """Pairs (studied event, other event of the same asset whose event window meets its estimation window)."""
    pairs = pairs[np.isin(pairs["event"].to_numpy(), studied)]
    ids = ev["event_id"].to_numpy()
    return pd.DataFrame({
        "event_id": ids[pairs["event"].to_numpy()],
        "asset": ev["asset"].to_numpy()[pairs["event"].to_numpy()],
        "other_event_id": ids[pairs["other"].to_numpy()],
        "other_session": sessions[pos[pairs["other"].to_numpy()]],
        "days": pairs["days"].to_numpy().astype(int),
    })


def _events_frame(
    info: pd.DataFrame, day0: pd.DatetimeIndex, mdl: NormalReturnModel, fit, market: str
) -> pd.DataFrame:
    n = len(info)
    params = dict(zip(mdl.param_names, fit.params.T))
    if not mdl.estimated:
        # fixed-parameter models report their implied coefficients; no alpha is estimated
        params.pop("alpha", None)
    market_col = getattr(mdl, "market", market)
    total_beta = mdl.total_beta(fit.params)
    frame = info[["event_id", "asset", "group", "event_date"]].copy()
    frame["session"] = np.asarray(day0)
    frame["n_est"] = fit.n_obs.astype(int)
    frame["alpha"] = params.get("alpha", np.full(n, np.nan))
    frame["beta"] = params.get(f"beta_{market_col}", np.full(n, np.nan)) if total_beta is None else total_beta
    if len(mdl.regressors) > 1:
        se = (np.sqrt(fit.sigma2[:, None] * np.diagonal(fit.xtx_inv, axis1=1, axis2=2))
              if fit.xtx_inv is not None and fit.xtx_inv.shape[-1] == len(mdl.param_names) else None)
        for col in mdl.regressors:
            if f"beta_{col}" in params:
                frame[f"beta_{col}"] = params[f"beta_{col}"]
                if se is not None:
                    # OLS t of the coefficient, e.g. whether bitcoin's lagged return matters (Dimson)
                    frame[f"t_beta_{col}"] = params[f"beta_{col}"] / se[:, mdl.param_names.index(f"beta_{col}")]
        bitcoin = getattr(mdl, "bitcoin", None)
        if bitcoin is not None:
            frame["beta_btc"] = params[f"beta_{bitcoin}"]
    frame["sigma"] = np.sqrt(fit.sigma2)
    frame["r2"] = fit.r2
    frame["model"] = mdl.name
    return frame


def _ar_frame(info, sessions, day0, evt_off, y_evt, normal, ar, ar_var, sar, ar_p) -> pd.DataFrame:
    n_ev, k = ar.shape
    rows = (day0[:, None] + evt_off[None, :]).ravel()
    return pd.DataFrame(
        {
            "event_id": np.repeat(info["event_id"].to_numpy(), k),
            "asset": np.repeat(info["asset"].to_numpy(), k),
            "rel_day": np.tile(evt_off, n_ev),
            # a day past the panel's last session has no date (NaT)
            "date": sessions[np.minimum(rows, len(sessions) - 1)].where(rows < len(sessions)),
            "ret": y_evt.ravel(),
            "normal_ret": normal.ravel(),
            "ar": ar.ravel(),
            "ar_var": ar_var.ravel(),
            "sar": sar.ravel(),
            "t": sar.ravel(),
            "p": ar_p.ravel(),
        }
    )


def _running_sums(residuals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok = np.isfinite(residuals)
    zero = np.zeros((len(residuals), 1))
    csum = np.concatenate([zero, np.cumsum(np.where(ok, residuals, 0.0), axis=1)], axis=1)
    ccount = np.concatenate([zero, np.cumsum(ok, axis=1)], axis=1)
    return csum, ccount


def _empirical_p(sums: tuple[np.ndarray, np.ndarray], car: np.ndarray, length: int) -> np.ndarray:
    """Share of same-length estimation-window CARs at least as large in absolute value.

    ``p = (1 + #{|CAR_j| >= |CAR|}) / (1 + J)`` over the ``J`` complete windows
    of ``length`` consecutive estimation residuals (the +1 keeps p above zero).
    ``sums`` are the running sums of the residuals and of their valid count,
    each with a leading zero column (see ``_running_sums``).
    """
    csum, ccount = sums
    roll = csum[:, length:] - csum[:, :-length]
    complete = (ccount[:, length:] - ccount[:, :-length]) == length
    exceed = (complete & (np.abs(roll) >= np.abs(car)[:, None])).sum(axis=1)
    return np.where(np.isfinite(car), (1.0 + exceed) / (1.0 + complete.sum(axis=1)), np.nan)


def _tests(label, car, scar, fit, ar_all, window_slice, length, codes, names, cache) -> pd.DataFrame:
    est = fit.residuals
    key = id(codes)
    if key not in cache:
        # window-independent pieces, computed once per grouping
        cache[key] = {
            "aar_sd": st.estimation_aar_sd(est, codes),
            "r": st.average_residual_correlation(est, codes),
        }
    pre = cache[key]
    results = {
        "cross_sectional_t": st.cross_sectional_t(car, codes),
        "time_series_t": st.time_series_t(car, est, length, codes, aar_sd=pre["aar_sd"]),
        "patell_z": st.patell_z(scar, fit.df, codes),
        "bmp": st.bmp_t(scar, codes),
        "kolari_pynnonen": st.kolari_pynnonen_t(scar, est, codes, r=pre["r"]),
        "corrado_rank": st.corrado_rank_z(ar_all, window_slice, codes, ranks=cache["ranks"]),
        "generalized_sign": st.generalized_sign_z(car, est, codes, share=cache["share"]),
        "wilcoxon": st.wilcoxon_signed_rank_z(car, codes),
        "adjusted_patell": st.adjusted_patell_z(scar, fit.df, est, codes, r=pre["r"]),
        "grank": st.grank_t(scar, est, np.sqrt(fit.sigma2), codes, est_ranks=cache["est_ranks"]),
        "skewness_corrected_t": st.skewness_corrected_t(car, codes),
    }
    parts = []
    for test in TEST_NAMES:
        stat, p, n = results[test]
        parts.append(
            pd.DataFrame(
                {"group": names, "window": label, "test": test, "statistic": stat, "p_value": p, "n": n.astype(int)}
            )
        )
    return pd.concat(parts, ignore_index=True)
