"""The event-study engine: windows -> fit -> abnormal returns -> tests, in chunks of events.

No step loops over events in Python: the events are processed in chunks
(``CHUNK_EVENTS``); each chunk's estimation and event windows are gathered
from the return panel with one fancy-indexing operation into arrays of shape
``(events, sessions[, regressors])``, the normal-return model is fitted with a
batched solve, and the per-event results are written into the output arrays.
Every cross-event statistic that reads the ``(events x days)`` arrays
(Brown-Warner, Kolari-Pynnonen, Corrado) is kept as additive per-group sums
(``statistics.cross_event_sums``), so a chunk's temporaries are freed before
the next one and memory beyond the results does not grow with the events.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special

from fintrack.errors import ConfigError, DateOutsideDataError, EstimationWindowError, InputError
from fintrack.study import statistics as st
from fintrack.study.models import NormalReturnModel, model_from_name
from fintrack.study.results import EventStudyResult
from fintrack.study.windows import EventWindows, window_label

__all__ = ["event_study"]

TEST_NAMES = (
    "cross_sectional_t",
    "time_series_t",
    "patell_z",
    "bmp",
    "kolari_pynnonen",
    "corrado_rank",
    "generalized_sign",
    "wilcoxon",
)

# events processed at a time: big enough that numpy's per-call overhead is negligible,
# small enough that the (events x days) temporaries of a chunk stay around 100-200 MB
CHUNK_EVENTS = 10_000

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
        # one regressor at a time: (E, L) row sums instead of an (E, L, k) product
        k = x.shape[-1]
        xc = []
        for j in range(k):
            xj = np.where(valid, x[..., j], 0.0)
            xc.append((xj - (xj.sum(axis=1) / n)[:, None]) * w)
        cov = np.empty((len(y), k, k))
        for a in range(k):
            for b in range(a, k):
                cov[:, a, b] = cov[:, b, a] = np.einsum("el,el->e", xc[a], xc[b]) / n
        del xc
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


def _check_events(events: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
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
    unknown = sorted(set(events["asset"].astype(str).unique()) - set(map(str, columns)))
    if unknown:
        raise InputError(f"event asset(s) not in the returns panel: {unknown[:5]}")
    try:
        dates = pd.to_datetime(events["date"])
    except (TypeError, ValueError) as exc:
        raise InputError(f"events 'date' column cannot be read as dates: {exc}") from None
    if dates.isna().any():
        raise InputError("events 'date' column has missing dates")
    if getattr(dates.dt, "tz", None) is not None:
        # the trading day is the New York calendar date of the timestamp
        dates = dates.dt.tz_convert("America/New_York").dt.tz_localize(None)
    out = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "asset": events["asset"].astype(str).to_numpy(dtype=object),
            "group": (events["group"].to_numpy(dtype=object) if "group" in events.columns else np.full(len(events), None)),
            "event_date": dates.dt.normalize().to_numpy(),
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
    chunk_size: int = CHUNK_EVENTS,
) -> EventStudyResult:
    """Run an event study of ``events`` on the return panel ``returns``.

    Parameters
    ----------
    returns : DataFrame
        Sessions x assets simple returns (fractions, 0.01 = 1%) from adjusted
        closes, DatetimeIndex of sessions, NaN where missing. Benchmark and
        factor columns (``market``, ``bitcoin``) live in the same panel.
    events : DataFrame
        Columns ``event_id`` (unique), ``asset`` (a panel column), ``date``
        (Timestamp or ISO string; day 0 is the first session on or after its
        calendar date) and optionally ``group``.
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
    chunk_size : int
        Events processed at a time (default 10,000). Memory beyond the
        results is bounded by one chunk; the results do not depend on it
        (cross-event tests add up per-chunk sums).

    Returns
    -------
    EventStudyResult

    Raises
    ------
    ConfigError
        Inverted or overlapping windows, unknown model.
    InputError
        Malformed panel or events, asset or factor column not in the panel.
    DateOutsideDataError
        No event date falls inside the panel.
    EstimationWindowError
        No event has complete windows and enough estimation observations.
    """
    windows = EventWindows(estimation_window, event_window, tuple(car_windows), min_estimation_obs)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ConfigError(f"chunk_size must be a positive whole number of events, got {chunk_size!r}")
    mdl = _resolve_model(model, market, bitcoin)
    sessions, values = _check_panel(returns)
    columns = pd.Index([str(c) for c in returns.columns])
    missing_regs = [c for c in mdl.regressors if c not in columns]
    if missing_regs:
        raise InputError(f"model {mdl.name!r} needs column(s) {missing_regs} not in the returns panel")
    ev = _check_events(events, columns)

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
    est0, est1 = windows.estimation
    evt0, evt1 = windows.event
    short_start = (reason == None) & (pos + est0 < 0)  # noqa: E711
    reason[short_start] = f"estimation window starts {-est0} sessions before day 0, before the first session {first}"
    kind[short_start] = _WINDOW
    short_end = (reason == None) & (pos + evt1 >= n_sessions)  # noqa: E711
    reason[short_end] = f"event window ends {evt1} sessions after day 0, after the last session {last}"
    kind[short_end] = _WINDOW

    cand = np.flatnonzero(reason == None)  # noqa: E711
    evt_off = np.arange(evt0, evt1 + 1)
    group_codes, group_names = _group_codes(ev["group"])
    n_cand = len(cand)
    out = _Outputs(n_cand, len(evt_off), len(windows.car), len(mdl.param_names))
    est_len = windows.estimation_length
    window_slices = [windows.event_slice(w) for w in windows.car]
    test_slices = [slice(est_len + sl.start, est_len + sl.stop) for sl in window_slices]
    sums_all: dict | None = None
    # assets x sessions, so that each event's window is one contiguous run of memory to copy
    by_asset = np.ascontiguousarray(values.T)
    del values
    sums_grouped: dict | None = None
    for start in range(0, n_cand, chunk_size):
        chunk = cand[start:start + chunk_size]
        part = _study_chunk(by_asset, pos[chunk], asset_col[chunk], reg_cols, windows, mdl, window_slices)
        too_few, evt_complete, degenerate_kind = part["too_few"], part["evt_complete"], part["degenerate_kind"]
        idx = chunk[~evt_complete]
        reason[idx], kind[idx] = "missing return in the event window", _WINDOW
        idx = chunk[too_few & evt_complete]
        reason[idx] = [f"only {k} valid estimation returns (< {windows.min_estimation_obs})"
                       for k in part["n_est"][too_few & evt_complete]]
        kind[idx] = _WINDOW
        degenerate = degenerate_kind > 0
        idx = chunk[degenerate]
        reason[idx] = [_DEGENERATE_REASONS[k] for k in degenerate_kind[degenerate]]
        kind[idx] = _WINDOW
        if not len(part["studied"]):
            continue
        studied_c = chunk[part["studied"]]
        out.add(studied_c, part)
        est, ar_all = part["est_residuals"], part["ar_all"]
        if group_codes is None:
            sums_all = _add_sums(sums_all, st.cross_event_sums(est, ar_all, test_slices))
        else:
            # one pass per chunk: groups 0..G-1, and bucket G for events without a group (they count only
            # in "all", which is the total over every bucket)
            codes = np.where(group_codes[studied_c] >= 0, group_codes[studied_c], len(group_names))
            sums_grouped = _add_sums(sums_grouped, st.cross_event_sums(est, ar_all, test_slices, codes,
                                                                        len(group_names) + 1))
        del part, est, ar_all  # the chunk's (events x days) arrays go now: memory stays per chunk

    skipped_mask = reason != None  # noqa: E711
    skipped = pd.DataFrame(
        {
            "event_id": ev["event_id"].to_numpy()[skipped_mask],
            "asset": ev["asset"].to_numpy()[skipped_mask],
            "date": ev["event_date"].to_numpy()[skipped_mask],
            "reason": reason[skipped_mask].astype(str),
        }
    )
    if out.n == 0:
        first_reason = skipped["reason"].iloc[0]
        error = DateOutsideDataError if (kind[skipped_mask] == _OUTSIDE).all() else EstimationWindowError
        raise error(f"no event could be studied ({len(ev)} skipped); first reason: {first_reason}")

    res = out.trimmed()
    studied = res["index"]
    day0 = pos[studied]
    info = ev.iloc[studied].reset_index(drop=True)
    events_frame = _events_frame(info, sessions[day0], mdl, res, market)
    ar_frame = _ar_frame(info, sessions, day0, evt_off, res)

    if group_codes is not None:
        sums_all = {k: v.sum(axis=0, keepdims=True) for k, v in sums_grouped.items()}
        sums_grouped = {k: v[:-1] for k, v in sums_grouped.items()}
    groupings = [(None, ["all"], sums_all)]
    if group_codes is not None and (group_codes[studied] >= 0).any():
        codes = group_codes[studied]
        present = sums_grouped["n"] > 0
        # drop groups with no studied event; renumber the rest 0..G-1 (names stay sorted)
        new_code = np.cumsum(present) - 1
        sums = {k: v[present] for k, v in sums_grouped.items()}
        groupings.append((np.where(codes >= 0, new_code[np.maximum(codes, 0)], -1), list(group_names[present]), sums))
    parts = [st.window_independent_parts(sums) for _, _, sums in groupings]

    labels = [window_label(window) for window in windows.car]
    test_rows = []
    for w, window in enumerate(windows.car):
        length = window[1] - window[0] + 1
        car, scar = res["car"][:, w], res["scar"][:, w]
        for (codes, names, sums), pre in zip(groupings, parts):
            test_rows.append(_tests(labels[w], car, scar, res["df"], res["share"], length, codes, names, pre,
                                    test_slices[w], sums["window_complete"][:, w]))
    car_frame = _car_frame(info, windows.car, labels, res)
    tests_frame = pd.DataFrame({key: np.concatenate([rows[key] for rows in test_rows])
                                for key in ("group", "window", "test", "statistic", "p_value", "n")})

    with np.errstate(invalid="ignore", divide="ignore"):
        aar = out.ar_sum / out.ar_count
    aar_frame = pd.DataFrame({"rel_day": evt_off, "n": out.ar_count.astype(int), "aar": aar, "caar": np.cumsum(aar)})
    return EventStudyResult(
        events=events_frame,
        ar=ar_frame,
        car=car_frame,
        aar=aar_frame,
        tests=tests_frame,
        skipped=skipped,
        model=mdl.name,
        windows=windows,
        model_spec=mdl.describe(),
    )


def _group_codes(groups: pd.Series) -> tuple[np.ndarray | None, np.ndarray]:
    """Integer code per event (-1: no group) and the sorted group names; None when no event has a group."""
    if not groups.notna().any():
        return None, np.array([], dtype=object)
    codes, names = pd.factorize(groups.where(groups.isna(), groups.astype(str)), sort=True)
    return codes.astype(np.intp), np.asarray(names, dtype=object)


def _add_sums(total: dict | None, part: dict) -> dict:
    if total is None:
        return part
    for key, value in part.items():
        total[key] += value
    return total


def _study_chunk(by_asset, pos_c, asset_c, reg_cols, windows: EventWindows, mdl: NormalReturnModel,
                 window_slices: list[slice]) -> dict:
    """Everything per event for one chunk of candidate events: validity, fit, ARs, CARs, ranks.

    Returns the chunk's per-event arrays; the (events x days) arrays ``est_residuals``
    and ``ar_all`` are only for the caller's cross-event sums.
    """
    y_est, x_est = _gather(by_asset, pos_c, asset_c, reg_cols, windows.estimation)
    y_evt, x_evt = _gather(by_asset, pos_c, asset_c, reg_cols, windows.event)
    valid_est = np.isfinite(y_est) & np.isfinite(x_est).all(axis=2)
    n_est = valid_est.sum(axis=1)
    evt_complete = np.isfinite(y_evt).all(axis=1) & np.isfinite(x_evt).all(axis=(1, 2))
    too_few = n_est < windows.min_estimation_obs
    check = evt_complete & ~too_few
    degenerate_kind = np.zeros(len(pos_c), dtype=int)
    if check.any():
        degenerate_kind[check] = _degenerate_estimation(mdl, y_est[check], x_est[check], valid_est[check])
    keep = check & (degenerate_kind == 0)
    part = {"n_est": n_est, "too_few": too_few, "evt_complete": evt_complete, "degenerate_kind": degenerate_kind,
            "studied": np.flatnonzero(keep)}
    if not keep.any():
        return part
    if not keep.all():
        y_est, x_est, valid_est, y_evt, x_evt = y_est[keep], x_est[keep], valid_est[keep], y_evt[keep], x_evt[keep]
    fit = mdl.fit(y_est, x_est, valid_est)
    del y_est, x_est, valid_est
    d_evt = mdl.design(x_evt)
    normal = mdl.normal_returns(fit, d_evt)
    ar = y_evt - normal
    ar_var = mdl.forecast_variance(fit, d_evt)
    with np.errstate(invalid="ignore", divide="ignore"):
        sar = ar / np.sqrt(ar_var)
    n_windows = len(window_slices)
    car = np.empty((len(ar), n_windows))
    car_var, scar, bhar, emp_p = np.empty_like(car), np.empty_like(car), np.empty_like(car), np.empty_like(car)
    sums = _running_sums(fit.residuals)
    gross_y, gross_normal = 1.0 + y_evt, 1.0 + normal
    for w, sl in enumerate(window_slices):
        length = sl.stop - sl.start
        car[:, w] = ar[:, sl].sum(axis=1)
        car_var[:, w] = mdl.car_variance(fit, d_evt[:, sl])
        bhar[:, w] = np.prod(gross_y[:, sl], axis=1) - np.prod(gross_normal[:, sl], axis=1)
        emp_p[:, w] = _empirical_p(sums, car[:, w], length)
    del sums, gross_y, gross_normal, d_evt, x_evt
    with np.errstate(invalid="ignore", divide="ignore"):
        scar = car / np.sqrt(car_var)
    ar_all = np.concatenate([fit.residuals, ar], axis=1)
    part.update(
        params=fit.params, sigma2=fit.sigma2, r2=fit.r2, n_obs=fit.n_obs, df=fit.df,
        y_evt=y_evt, normal=normal, ar=ar, ar_var=ar_var, sar=sar,
        ar_p=_two_sided_t_p(sar, fit.df[:, None]),
        car=car, car_var=car_var, scar=scar, car_p=_two_sided_t_p(scar, fit.df[:, None]),
        bhar=bhar, empirical_p=emp_p, share=st.positive_share(fit.residuals),
        est_residuals=fit.residuals, ar_all=ar_all,
    )
    return part


def _gather(by_asset: np.ndarray, pos_c: np.ndarray, asset_c: np.ndarray, reg_cols: np.ndarray,
            window: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Each event's asset returns ``(E, L)`` and regressor returns ``(E, L, k)`` over ``window`` around day 0.

    ``by_asset`` is the panel as assets x sessions; a sliding-window view over
    sessions turns every event's window into one row to copy.
    """
    length = window[1] - window[0] + 1
    runs = np.lib.stride_tricks.sliding_window_view(by_asset, length, axis=1)
    start = pos_c + window[0]
    y = runs[asset_c, start]
    x = np.moveaxis(runs[reg_cols[:, None], start[None, :]], 0, -1)  # (E, L, k) view of a (k, E, L) copy
    return y, x


class _Outputs:
    """Per-event results of every chunk, written into arrays allocated once (no concatenation copies)."""

    _EVENT = ("sigma2", "r2", "n_obs", "df", "share")
    _DAY = ("y_evt", "normal", "ar", "ar_var", "sar", "ar_p")
    _WINDOW = ("car", "car_var", "scar", "car_p", "bhar", "empirical_p")

    def __init__(self, n_max: int, n_days: int, n_windows: int, n_params: int) -> None:
        self.n = 0
        self.arrays = {"index": np.empty(n_max, dtype=np.intp), "params": np.empty((n_max, n_params))}
        self.arrays.update({k: np.empty(n_max) for k in self._EVENT})
        self.arrays.update({k: np.empty((n_max, n_days)) for k in self._DAY})
        self.arrays.update({k: np.empty((n_max, n_windows)) for k in self._WINDOW})
        self.ar_sum = np.zeros(n_days)
        self.ar_count = np.zeros(n_days)

    def add(self, index: np.ndarray, part: dict) -> None:
        rows = slice(self.n, self.n + len(index))
        self.arrays["index"][rows] = index
        for key in ("params",) + self._EVENT + self._DAY + self._WINDOW:
            self.arrays[key][rows] = part[key]
        ar = part["ar"]
        finite = np.isfinite(ar)
        self.ar_sum += np.where(finite, ar, 0.0).sum(axis=0)
        self.ar_count += finite.sum(axis=0)
        self.n += len(index)

    def trimmed(self) -> dict[str, np.ndarray]:
        return {k: v[: self.n] for k, v in self.arrays.items()}


def _events_frame(info: pd.DataFrame, day0: pd.DatetimeIndex, mdl: NormalReturnModel, res: dict,
                  market: str) -> pd.DataFrame:
    n = len(info)
    params = dict(zip(mdl.param_names, res["params"].T))
    if not mdl.estimated:
        # fixed-parameter models report their implied coefficients; no alpha is estimated
        params.pop("alpha", None)
    market_col = getattr(mdl, "market", market)
    frame = info[["event_id", "asset", "group", "event_date"]].copy()
    frame["session"] = np.asarray(day0)
    frame["n_est"] = res["n_obs"].astype(int)
    frame["alpha"] = params.get("alpha", np.full(n, np.nan))
    frame["beta"] = params.get(f"beta_{market_col}", np.full(n, np.nan))
    if len(mdl.regressors) > 1:
        for col in mdl.regressors:
            frame[f"beta_{col}"] = params[f"beta_{col}"]
        bitcoin = getattr(mdl, "bitcoin", None)
        if bitcoin is not None:
            frame["beta_btc"] = params[f"beta_{bitcoin}"]
    frame["sigma"] = np.sqrt(res["sigma2"])
    frame["r2"] = res["r2"]
    frame["model"] = mdl.name
    return frame


def _ar_frame(info, sessions, day0, evt_off, res: dict) -> pd.DataFrame:
    n_ev, k = res["ar"].shape
    rows = (day0[:, None] + evt_off[None, :]).ravel()
    sar = res["sar"].ravel()
    each = np.repeat(np.arange(n_ev), k)
    return pd.DataFrame(
        {
            "event_id": info["event_id"].array.take(each),
            "asset": info["asset"].array.take(each),
            "rel_day": np.tile(evt_off, n_ev),
            "date": sessions[rows],
            "ret": res["y_evt"].ravel(),
            "normal_ret": res["normal"].ravel(),
            "ar": res["ar"].ravel(),
            "ar_var": res["ar_var"].ravel(),
            "sar": sar,
            "t": sar,
            "p": res["ar_p"].ravel(),
        }
    )


def _two_sided_t_p(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """``2 P(T > |t|)`` for T ~ t(df): ``scipy.stats.t.sf``'s own formula, without its argument checks."""
    return 2.0 * special.stdtr(df, -np.abs(t))


def _running_sums(residuals: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Running sums of each row's residuals and of its valid count, with a leading zero column.

    The count is None when every residual is valid (then every window is complete).
    """
    ok = np.isfinite(residuals)
    csum = np.zeros((len(residuals), residuals.shape[1] + 1))
    if ok.all():
        np.cumsum(residuals, axis=1, out=csum[:, 1:])
        return csum, None
    np.cumsum(np.where(ok, residuals, 0.0), axis=1, out=csum[:, 1:])
    ccount = np.zeros(csum.shape, dtype=np.int32)
    np.cumsum(ok, axis=1, dtype=np.int32, out=ccount[:, 1:])
    return csum, ccount


def _empirical_p(sums: tuple[np.ndarray, np.ndarray], car: np.ndarray, length: int) -> np.ndarray:
    """Share of same-length estimation-window CARs at least as large in absolute value.

    ``p = (1 + #{|CAR_j| >= |CAR|}) / (1 + J)`` over the ``J`` complete windows
    of ``length`` consecutive estimation residuals (the +1 keeps p above zero).
    ``sums`` are the running sums of the residuals and of their valid count,
    each with a leading zero column (see ``_running_sums``).
    """
    csum, ccount = sums
    roll = np.subtract(csum[:, length:], csum[:, :-length])
    np.abs(roll, out=roll)
    n_windows = roll.shape[1]
    at_least = roll >= np.abs(car)[:, None]
    del roll
    if ccount is None:
        return (1.0 + np.count_nonzero(at_least, axis=1)) / (1.0 + n_windows)
    complete = (ccount[:, length:] - ccount[:, :-length]) == length
    exceed = np.count_nonzero(complete & at_least, axis=1)
    return (1.0 + exceed) / (1.0 + np.count_nonzero(complete, axis=1))


def _tests(label, car, scar, df, share, length, codes, names, pre, window_slice, n_complete) -> dict:
    """The eight cross-event tests of one window for one grouping (``codes`` None: all events)."""
    if codes is not None and (codes < 0).any():
        has = codes >= 0  # events without a group are only in "all"
        car, scar, df, share, codes = car[has], scar[has], df[has], share[has], codes[has]
    results = {
        "cross_sectional_t": st.cross_sectional_t(car, codes),
        "time_series_t": st.time_series_t(car, None, length, codes, aar_sd=pre["aar_sd"]),
        "patell_z": st.patell_z(scar, df, codes),
        "bmp": st.bmp_t(scar, codes),
        "kolari_pynnonen": st.kolari_pynnonen_t(scar, None, codes, r=pre["r"]),
        "corrado_rank": st.corrado_rank_z_from_sums(pre, window_slice, n_complete),
        "generalized_sign": st.generalized_sign_z(car, None, codes, share=share),
        "wilcoxon": st.wilcoxon_signed_rank_z(car, codes),
    }
    n_groups = len(names)
    return {
        "group": np.tile(np.asarray(names, dtype=object), len(TEST_NAMES)),
        "window": np.full(n_groups * len(TEST_NAMES), label, dtype=object),
        "test": np.repeat(np.asarray(TEST_NAMES, dtype=object), n_groups),
        "statistic": np.concatenate([results[t][0] for t in TEST_NAMES]),
        "p_value": np.concatenate([results[t][1] for t in TEST_NAMES]),
        "n": np.concatenate([results[t][2] for t in TEST_NAMES]).astype(int),
    }


def _car_frame(info: pd.DataFrame, car_windows, labels: list[str], res: dict) -> pd.DataFrame:
    """One row per window and event, window by window (each window's rows in event order)."""
    n_ev, n_win = res["car"].shape

    def by_window(key: str) -> np.ndarray:
        return res[key].T.ravel()

    scar = by_window("scar")
    each = np.tile(np.arange(n_ev), n_win)
    return pd.DataFrame(
        {
            "event_id": info["event_id"].array.take(each),
            "asset": info["asset"].array.take(each),
            "window": np.repeat(np.asarray(labels, dtype=object), n_ev),
            "start": np.repeat([w[0] for w in car_windows], n_ev),
            "end": np.repeat([w[1] for w in car_windows], n_ev),
            "car": by_window("car"),
            "car_var": by_window("car_var"),
            "scar": scar,
            "t": scar,
            "p": by_window("car_p"),
            "bhar": by_window("bhar"),
            "empirical_p": by_window("empirical_p"),
        }
    )
