"""The event-study engine: windows -> fit -> abnormal returns -> tests, in chunks of events.

No step loops over events in Python: the events are processed in chunks
(``CHUNK_EVENTS``); each chunk's estimation and event windows are gathered
from the return panel with one fancy-indexing operation into arrays of shape
``(events, sessions[, regressors])``, the normal-return model is fitted with a
batched solve, and the per-event results are written into the output arrays.
Every cross-event statistic that reads the ``(events x days)`` arrays
(Brown-Warner, Kolari-Pynnonen, Corrado) is kept as additive per-group sums
(``statistics.cross_event_sums``), so a chunk's temporaries are freed before
the next one; chunks run in worker threads (numpy releases the GIL in its
array loops) and their sums are added in chunk order, so the results do not
depend on the thread count. What stays per event is the results: GRANK, which
scales each SCAR by its group's sd (known only once every chunk is done),
refits each chunk's estimation windows in a second pass instead of keeping
8 bytes per estimation day and event (a model fitted event by event, GARCH,
keeps its residuals). The result tables are views of the per-event arrays.
"""
from __future__ import annotations

import copy
import threading
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from fintrack.config import usable_cores
from fintrack.errors import ConfigError, DateOutsideDataError, EstimationWindowError, InputError
from fintrack.study import sample
from fintrack.study import statistics as st
from fintrack.study.models import EstimationSums, NormalReturnModel, estimation_sums, model_from_name
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



# events processed at a time: big enough that numpy's per-call overhead is small, small enough that a
# chunk's (events x days) temporaries (~2 MB each at 250 days) stay in cache and in the allocator's reused
# memory, with one chunk in flight per thread (at 10k and 100k events, 1,000 took no more CPU than 2,500)
CHUNK_EVENTS = 1_000
#: Events whose empirical p-values are computed at a time (their rolling sums take ~4 arrays of their residuals).
EMPIRICAL_P_ROWS = 500


#: Most threads a study uses by default (chunks in flight; each holds its own temporaries).
MAX_THREADS = 4


def _thread_count(threads: int | None) -> int:
    """The thread count asked for, or the cores this process may use (at most ``MAX_THREADS``)."""
    if threads is None:
        return max(1, min(MAX_THREADS, usable_cores()))
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ConfigError(f"threads must be a positive whole number, got {threads!r}")
    return int(threads)


class _Work:
    """``func`` over ``items`` by ``workers`` threads of ``pool`` started at once, and by the caller once it
    calls :meth:`finish`; each result goes to ``fold`` in the items' order as soon as it and every earlier one
    are done, so only results waiting for an earlier one are held. With no pool (one thread) the caller
    does every item in order.

    The caller working too keeps the chunks' freed temporaries in its own
    allocator arena, where the result tables are built next, instead of idle
    memory in one more worker's.
    """

    def __init__(self, func: Callable, items: Sequence, pool: ThreadPoolExecutor | None, workers: int,
                 fold: Callable[[object], None]) -> None:
        self._func, self._items, self._fold = func, items, fold
        self._next = 0
        self._lock = threading.Lock()  # taking an item
        self._fold_lock = threading.Lock()  # folding the results in order
        self._done: dict[int, object] = {}
        self._next_fold = 0
        self._errors: list[BaseException] = []
        self._workers = [pool.submit(self._run) for _ in range(min(workers, len(items)))] if pool else []

    def _run(self) -> None:
        while True:
            with self._lock:
                i = self._next
                self._next += 1
            if i >= len(self._items):
                return
            try:
                result = self._func(self._items[i])
                with self._fold_lock:
                    self._done[i] = result
                    while self._next_fold in self._done:
                        self._fold(self._done.pop(self._next_fold))
                        self._next_fold += 1
            except BaseException as exc:  # handed to the caller; the other threads stop taking items
                with self._lock:
                    self._errors.append(exc)
                    self._next = len(self._items)
                return

    def finish(self) -> None:
        """Take the items left, wait for the workers, raise the first error."""
        self._run()
        for worker in self._workers:
            worker.result()
        if self._errors:
            raise self._errors[0]


def _degenerate_estimation(mdl: NormalReturnModel, y: np.ndarray, x: np.ndarray, valid: np.ndarray,
                           overwrite_x: bool = False) -> tuple[np.ndarray, EstimationSums | None]:
    """Events whose estimation window cannot identify the model.

    A flat asset (zero variance, e.g. a halted or untraded stock) gives sigma = 0
    and infinite test statistics; a constant or collinear regressor makes X'X
    singular. Both are skipped with a reason instead of failing the whole run.
    Singularity is read from the regressors' sample covariance: a zero variance,
    or a correlation matrix whose determinant is ~0 (cheaper than a condition
    number per event).

    Returns the kind of problem per event (0 none, else a key of
    ``_DEGENERATE_REASONS``) and, when no event has one, the estimation sums the
    check read, for the fit to reuse (``NormalReturnModel.fit_reusing``); else None.
    ``overwrite_x``: the regressors may be centred in ``x``'s memory (see ``estimation_sums``).
    """
    sums = estimation_sums(y, x if mdl.estimated else x[..., :0], valid, overwrite_x=overwrite_x)
    n = np.maximum(sums.n, 1.0)
    y_var = sums.y_sq / n - (sums.y_sum / n) ** 2
    flat = y_var <= 1e-16
    singular = np.zeros(len(y), dtype=bool)
    k = sums.cxx.shape[-1]
    if k:
        cov = sums.cxx / n[:, None, None]
        var = np.diagonal(cov, axis1=1, axis2=2)
        with np.errstate(all="ignore"):
            scale = np.sqrt(var[:, :, None] * var[:, None, :])
            corr = np.where(scale > 0, cov / scale, 0.0)
            # a 1 x 1 correlation matrix is its own determinant (LU costs more than the matrix)
            det = corr[:, 0, 0] if k == 1 else np.linalg.det(corr)
        singular = (var <= 1e-16).any(axis=1) | ~(np.abs(det) > 1e-10)
    kind = np.where(flat, 1, np.where(singular, 2, 0))
    if kind.any() or not mdl.fits_from_sums:
        sums.release()  # the fit will see other arrays or fit its own way: free the centred regressors now
        return kind, None
    return kind, sums


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


def _check_events(events: pd.DataFrame, columns: pd.Index, calendar: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The events table checked, with day 0's calendar date, and each event's column in the panel."""
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
    assets = events["asset"].astype(str)  # pandas' string dtype: checked and kept without a row-by-row copy
    if assets.isna().any():
        raise InputError("events 'asset' column has missing values")
    codes, names = assets.factorize()  # each distinct asset looked up once
    column_of = columns.get_indexer(names)
    if (column_of < 0).any():
        raise InputError(f"event asset(s) not in the returns panel: {sorted(names[column_of < 0])[:5]}")
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
    day = sample.event_sessions(dates, calendar)  # session dates, at midnight
    out = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "asset": assets.array,
            "group": (events["group"].to_numpy(dtype=object) if "group" in events.columns else np.full(len(events), None)),
            "event_date": day,
        }
    )
    return out, column_of[codes]


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
    chunk_size: int = CHUNK_EVENTS,
    threads: int | None = None,
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
    chunk_size : int
        Events processed at a time (default 1,000). Memory beyond the
        results is bounded by one chunk per thread; the results do not depend on it
        (cross-event tests add up per-chunk sums).
    threads : int, optional
        Chunks processed at the same time, each in its own thread (numpy
        releases the GIL in its array loops); default: the cores this process
        may use, at most ``MAX_THREADS``. The results do not depend on it: the
        chunks' sums are added in chunk order whatever the thread count. Each
        chunk in flight holds its own temporaries.

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
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ConfigError(f"chunk_size must be a positive whole number of events, got {chunk_size!r}")
    threads = _thread_count(threads)
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
    ev, asset_col = _check_events(events, columns, calendar)
    notes: list[str] = []
    sample_notes: list[str] = []  # the notes that say which events the sample counted once or masked

    n_sessions = len(sessions)
    ev_dates = ev["event_date"].to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(sessions.to_numpy(dtype="datetime64[ns]"), ev_dates, side="left")
    reg_cols = columns.get_indexer(list(mdl.regressors)).astype(np.intp)
    if mdl.offset:
        # excess returns over the risk-free rate: the rate rides along as a last regressor column, is
        # subtracted from the asset's return for the fit and added back to the normal return
        reg_cols = np.append(reg_cols, columns.get_loc(mdl.offset))
    if hasattr(mdl, "horizons"):
        # GARCH forecasts: event days counted from the estimation window's last session
        mdl = copy.copy(mdl)
        mdl.horizons = np.arange(event_window[0], event_window[1] + 1) - estimation_window[1]

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
        sample_notes.append(f"{len(idx)} {_DUPLICATE_NOTE} (same asset and day-0 session as another) counted "
                            "once: " + ", ".join(f"{_id(ids[i])} = {_id(ids[j])}" for i, j in zip(idx[:5], dup[idx[:5]]))
                            + (" ..." if len(idx) > 5 else ""))
        notes.append(sample_notes[-1])

    cand = np.flatnonzero(reason == None)  # noqa: E711
    evt_off = np.arange(evt0, evt1 + 1)
    group_codes, group_names = _group_codes(ev["group"])
    n_cand = len(cand)
    est_len = windows.estimation_length
    # a model fitted for every event at once has its residuals rebuilt (OLS from sums: from its kept means,
    # 8 bytes per mean and event) or fitted again for GRANK, not kept per estimation day; one fitted event by
    # event (GARCH) keeps its residuals instead
    keep_residuals = not mdl.vectorized
    n_means = 0 if keep_residuals or not mdl.fits_from_sums else 1 + len(mdl.regressors)
    out = _Outputs(n_cand, len(evt_off), len(windows.car), len(mdl.param_names), est_len if keep_residuals else 0,
                   n_means)
    window_slices = [windows.event_slice(w) for w in windows.car]
    test_slices = [slice(est_len + sl.start, est_len + sl.stop) for sl in window_slices]
    sums_all: dict | None = None
    sums_grouped: dict | None = None
    by_asset = _by_asset(values, pos[cand] + evt1 >= n_sessions, evt1)
    overlap_index = sample.overlap_index(asset_col, pos, in_panel, windows.estimation, windows.event)
    context = _ChunkContext(ev, _runs(by_asset, windows.estimation), _runs(by_asset, windows.event), values, sessions,
                            columns, reg_cols, windows, mdl, window_slices, evt_off, return_kind, mask_overlaps,
                            asset_col, pos, in_panel, overlap_index)
    pair_parts, dropped_parts = [], []
    n_pairs = 0

    def study(chunk: np.ndarray) -> tuple[np.ndarray, dict]:
        """One chunk's per-event results and its cross-event sums (run in a worker thread)."""
        part = _study_chunk(context, chunk)
        if len(part["studied"]):
            codes, n_buckets = None, None
            if group_codes is not None:
                # groups 0..G-1, and bucket G for events without a group (they count only in "all", which is
                # the total over every bucket)
                studied_c = chunk[part["studied"]]
                codes = np.where(group_codes[studied_c] >= 0, group_codes[studied_c], len(group_names))
                n_buckets = len(group_names) + 1
            part["sums"] = st.cross_event_sums(part["est_residuals"], part.pop("ar_all"), test_slices, codes,
                                               n_buckets)
            if not keep_residuals:
                del part["est_residuals"]  # before the part waits its turn to be added in
        return chunk, part

    def add(done: tuple[np.ndarray, dict]) -> None:
        """A chunk's results into the study's, chunk by chunk in order (then its arrays go)."""
        nonlocal n_pairs, sums_all, sums_grouped
        chunk, part = done
        if n_pairs < sample.MAX_OVERLAP_PAIRS:
            pairs = {k: v[: sample.MAX_OVERLAP_PAIRS - n_pairs] for k, v in part["pairs"].items()}
            n_pairs += len(pairs["event"])
            pair_parts.append(pairs)
        too_few, no_window, degenerate_kind = part["too_few"], part["no_window"], part["degenerate_kind"]
        idx = chunk[no_window]
        reason[idx] = ["no CAR window has all its returns: " + r for r in part["missing_reasons"]]
        kind[idx] = _WINDOW
        sel = too_few & ~no_window
        idx = chunk[sel]
        reason[idx] = [
            f"only {k} valid estimation returns (< {windows.min_estimation_obs})"
            + (f"; {m} masked as other events' windows" if m else "")
            for k, m in zip(part["n_est"][sel], part["n_masked_all"][sel])
        ]
        kind[idx] = _WINDOW
        degenerate = degenerate_kind > 0
        idx = chunk[degenerate]
        reason[idx] = [_DEGENERATE_REASONS[k] for k in degenerate_kind[degenerate]]
        kind[idx] = _WINDOW
        if not len(part["studied"]):
            return
        if part["dropped"] is not None:
            dropped_parts.append(part["dropped"])
        out.add(chunk[part["studied"]], part)
        if group_codes is None:
            sums_all = _add_sums(sums_all, part["sums"])
        else:
            sums_grouped = _add_sums(sums_grouped, part["sums"])

    chunks = [cand[start:start + chunk_size] for start in range(0, n_cand, chunk_size)]
    # one pool for both passes: its thread and the calling one keep the same allocator arenas from chunk to
    # chunk, so GRANK's pass and the result tables reuse the memory the first pass freed
    pool = ThreadPoolExecutor(max_workers=threads - 1, thread_name_prefix="fintrack-study") if threads > 1 else None
    _Work(study, chunks, pool, threads - 1, add).finish()

    skipped_mask = reason != None  # noqa: E711
    skipped = pd.DataFrame(
        {
            "event_id": ev["event_id"].array[skipped_mask],
            "asset": ev["asset"].array[skipped_mask],
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
    if keep_residuals:
        def residuals(rows) -> np.ndarray:
            return res["est_residuals"][rows]
    else:
        def residuals(rows) -> np.ndarray:
            return _refit_residuals(context, studied[rows], res, rows)
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
    # GRANK's second pass on every thread, then the tables on this one: built beside the pass, the tables'
    # pandas code held the interpreter lock the pass's threads wait for, and both passes' temporaries met
    granks = _grank_by_window(res, groupings, len(windows.car), chunk_size, pool, threads - 1, residuals,
                              refitted=not keep_residuals)
    if pool is not None:
        pool.shutdown(wait=False)
    day0 = pos[studied]
    pairs = {k: np.concatenate([part[k] for part in pair_parts] + [np.array([], np.intp)]).astype(np.intp, copy=False)
             for k in ("event", "other", "days")}
    overlap_frame = _overlap_frame(ev, pairs, studied, sessions, pos)
    if len(overlap_frame):
        n_ev = overlap_frame["event_id"].nunique()
        sample_notes.append(f"{n_ev} event(s) have another event of the same asset inside their estimation window"
                            + ("; those sessions were masked out of the fit" if mask_overlaps else
                               " (not masked: mask_overlaps=False)"))
        notes.append(sample_notes[-1] + " (see .overlaps)")
    dropped = (pd.concat(dropped_parts, ignore_index=True) if dropped_parts
               else pd.DataFrame(columns=["event_id", "asset", "window", "reason"]))

    parts = []
    for codes, _, sums in groupings:
        pre = st.window_independent_parts(sums)
        incomplete = np.flatnonzero(sums["incomplete"] > 0)
        if len(incomplete):
            # pairwise-complete correlations need the residuals themselves: those of the events kept
            has = np.ones(len(studied), bool) if codes is None else codes >= 0
            pre["r"] = st.pairwise_complete_correlation_of(
                pre["r"], incomplete, _Rows(residuals, np.flatnonzero(has)),
                np.zeros(int(has.sum()), np.intp) if codes is None else codes[has])
        parts.append(pre)
    info = ev.iloc[studied].reset_index(drop=True)
    events_frame = _events_frame(info, sessions[day0], mdl, res, market)
    if events_frame["thin_trading"].any():
        thin = events_frame[events_frame["thin_trading"]]
        notes.append(f"{len(thin)} event(s) trade thinly (>= {THIN_TRADING_SHARE:.0%} zero returns in the estimation "
                     f"window, e.g. {thin['asset'].iloc[0]} {thin['zero_share'].iloc[0]:.0%}): OLS betas are biased "
                     "toward zero; consider the scholes_williams or dimson model")
    ar_frame = _ar_frame(info, sessions, day0, evt_off, res)

    labels = [window_label(window) for window in windows.car]
    car_frame = _car_frame(info, windows.car, labels, res)
    window_tests = []  # (window label, group names, every test but GRANK), window by window, grouping by grouping
    for w, window in enumerate(windows.car):
        length = window[1] - window[0] + 1
        car, scar = res["car"][:, w], res["scar"][:, w]
        for (codes, names, sums), pre in zip(groupings, parts):
            window_tests.append((labels[w], names, _tests(car, scar, res["df"], res["share"], length, codes, pre,
                                                          sums, w, test_slices[w])))
    # residuals kept for GRANK and the pairwise-complete correlation only
    res.pop("est_residuals", None)
    out.arrays.pop("est_residuals", None)
    test_rows = [_test_rows(label, names, {**results, "grank": grank})
                 for (label, names, results), grank in zip(window_tests, (g for row in granks for g in row))]
    tests_frame = pd.DataFrame({key: np.concatenate([rows[key] for rows in test_rows])
                                for key in ("group", "window", "test", "statistic", "p_value", "n")})

    recommended = [sample.recommended_tests(day0, None, ["all"], parts[0]["r"])]
    if len(groupings) > 1:
        codes = groupings[1][0]
        has = codes >= 0
        recommended.append(sample.recommended_tests(day0[has], codes[has], groupings[1][1], parts[1]["r"]))
    if return_kind != "simple":
        notes.append("BHAR not computed: buy-and-hold returns compound simple returns, these are log returns")
    for note in notes:
        if _DUPLICATE_NOTE in note:
            # counting an event twice changes every test: say so loudly; other notes stay on the result
            warnings.warn(note, EventStudyWarning, stacklevel=2)

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
        dropped=dropped,
        overlaps=overlap_frame,
        recommended=pd.concat(recommended, ignore_index=True),
        notes=tuple(notes),
        sample_notes=tuple(sample_notes),
        return_kind=return_kind,
        price_field=price_field,
    )


# -- sample bookkeeping: missing days, overlaps, BHAR (kept apart from the vectorized core) --
#: Share of zero returns in the estimation window from which an event is flagged as thinly traded.
THIN_TRADING_SHARE = 0.2


def _zero_share(y_est: np.ndarray) -> np.ndarray:
    """Share of exact-zero returns among the valid estimation returns of each event (no trade, no quote change)."""
    flags = np.isfinite(y_est)
    n_valid = np.full(len(y_est), y_est.shape[1]) if flags.all() else st._row_counts(flags)
    np.equal(y_est, 0.0, out=flags)  # a zero is finite: no need to AND with the finite flags
    zeros = st._row_counts(flags) if flags.any() else np.zeros(len(y_est), dtype=np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        return zeros / n_valid


def _id(event_id) -> str:
    """An event id as written in messages: strings quoted, numbers plain (not ``np.int64(3)``)."""
    return repr(event_id) if isinstance(event_id, str) else str(event_id)


def _bhars(ret: np.ndarray, normal: np.ndarray, window_slices: list[slice], return_kind: str) -> np.ndarray:
    """Buy-and-hold abnormal return ``prod(1 + R) - prod(1 + normal)`` of every window (columns
    ``window_slices`` of ``ret`` and ``normal``), as an ``(E, W)`` array; NaN unless returns are simple.

    Each window's days are gathered into one (events, windows, longest window)
    array, padded with 1.0 (a factor that changes no product), and compounded in
    one product along its last axis.
    """
    n_ev = len(ret)
    if return_kind != "simple":
        return np.full((n_ev, len(window_slices)), np.nan)
    n_days = ret.shape[1]
    longest = max(sl.stop - sl.start for sl in window_slices)
    days = np.full((len(window_slices), longest), n_days)  # column n_days: the padding 1.0
    for w, sl in enumerate(window_slices):
        days[w, : sl.stop - sl.start] = np.arange(sl.start, sl.stop)
    factors = np.ones((2, n_ev, n_days + 1))
    np.add(ret, 1.0, out=factors[0, :, :n_days])
    np.add(normal, 1.0, out=factors[1, :, :n_days])
    grown, expected = np.multiply.reduce(factors[:, :, days], axis=3)
    return grown - expected


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


def _overlap_frame(ev: pd.DataFrame, pairs: dict[str, np.ndarray], studied: np.ndarray, sessions,
                   pos) -> pd.DataFrame:
    """Pairs (studied event, other event of the same asset whose event window meets its estimation window)."""
    is_studied = np.zeros(len(ev), bool)
    is_studied[studied] = True
    keep = is_studied[pairs["event"]]
    event, other = pairs["event"][keep], pairs["other"][keep]
    ids = ev["event_id"].array  # taken as arrays: no per-row type inference of string ids and assets
    return pd.DataFrame({
        "event_id": ids.take(event),
        "asset": ev["asset"].array.take(event),
        "other_event_id": ids.take(other),
        "other_session": sessions[pos[other]],
        "days": pairs["days"][keep].astype(int),
    })


def _group_codes(groups: pd.Series) -> tuple[np.ndarray | None, np.ndarray]:
    """Integer code per event (-1: no group) and the sorted group names; None when no event has a group."""
    if not groups.notna().any():
        return None, np.array([], dtype=object)
    codes, names = pd.factorize(groups.where(groups.isna(), groups.astype(str)), sort=True)
    return codes.astype(np.intp), np.asarray(names, dtype=object)


def _add_sums(total: dict | None, part: dict) -> dict:
    """``total`` plus ``part``, key by key, in place; the first part is copied (its arrays may be shared)."""
    if total is None:
        return {key: np.array(value, dtype=float) for key, value in part.items()}
    for key, value in part.items():
        total[key] += value
    return total


@dataclass(frozen=True)
class _ChunkContext:
    """What every chunk reads: the panel (as assets x sessions, NaN-padded past the end) and the setup."""

    ev: pd.DataFrame
    runs_est: np.ndarray  # _runs of the estimation and event windows
    runs_evt: np.ndarray
    values: np.ndarray
    sessions: pd.DatetimeIndex
    columns: pd.Index
    reg_cols: np.ndarray
    windows: EventWindows
    mdl: NormalReturnModel
    window_slices: list
    evt_off: np.ndarray
    return_kind: str
    mask_overlaps: bool
    asset_col: np.ndarray
    pos: np.ndarray
    in_panel: np.ndarray
    overlap_index: tuple


def _study_chunk(ctx: _ChunkContext, chunk: np.ndarray) -> dict:
    """Everything per event for one chunk of candidate events (indices ``chunk``): validity, fit, ARs, CARs.

    Returns the chunk's per-event arrays; the (events x days) arrays ``est_residuals``
    and ``ar_all`` are for the caller's cross-event sums.
    """
    # a copy per chunk: a model may keep state from its fit for its variances (GARCH), and chunks run in threads
    windows, mdl, reg_cols = ctx.windows, copy.copy(ctx.mdl), ctx.reg_cols
    pos_c, asset_c = ctx.pos[chunk], ctx.asset_col[chunk]
    y_est, x_est = _gather(ctx.runs_est, pos_c, asset_c, reg_cols, windows.estimation[0])
    y_evt, x_evt = _gather(ctx.runs_evt, pos_c, asset_c, reg_cols, windows.event[0])
    zero_share = _zero_share(y_est)
    valid_est = np.isfinite(y_est) & np.isfinite(x_est).all(axis=2)
    est_rows = (pos_c[:, None] + np.arange(windows.estimation[0], windows.estimation[1] + 1)[None, :]
                if ctx.mask_overlaps else None)
    n_overlap, pairs, covered = sample.overlaps(
        ctx.asset_col, ctx.pos, ctx.in_panel, chunk, windows.estimation, windows.event,
        est_rows=est_rows, index=ctx.overlap_index)
    del est_rows
    n_masked = np.zeros(len(chunk), dtype=int)
    if covered is not None:
        n_masked = (valid_est & covered).sum(axis=1)
        valid_est &= ~covered
        del covered
    n_est = valid_est.sum(axis=1)
    evt_ok = np.isfinite(y_evt) & np.isfinite(x_evt).all(axis=2)
    window_ok = np.stack([evt_ok[:, sl].all(axis=1) for sl in ctx.window_slices], axis=1)
    no_window = ~window_ok.any(axis=1)
    too_few = n_est < windows.min_estimation_obs
    check = ~no_window & ~too_few
    degenerate_kind, est_sums = np.zeros(len(chunk), dtype=int), None
    if check.all():  # the usual case: no copy of the chunk's arrays
        # a model fitted from these sums centres its regressors in x_est's memory (one array less); the
        # regressors are gathered again in the rare chunk whose fit cannot use the sums (a degenerate window)
        in_place = mdl.fits_from_sums
        degenerate_kind, est_sums = _degenerate_estimation(mdl, y_est, x_est[..., :len(mdl.regressors)], valid_est,
                                                           overwrite_x=in_place)
        if in_place and est_sums is None:
            x_est = _gather(ctx.runs_est, pos_c, asset_c, reg_cols, windows.estimation[0])[1]
    elif check.any():
        degenerate_kind[check] = _degenerate_estimation(mdl, y_est[check], x_est[check][..., :len(mdl.regressors)],
                                                        valid_est[check])[0]
    keep = check & (degenerate_kind == 0)
    evt_rows = pos_c[:, None] + ctx.evt_off[None, :]
    part = {"n_est": n_est, "too_few": too_few, "no_window": no_window, "degenerate_kind": degenerate_kind,
            "n_masked_all": n_masked, "pairs": pairs, "studied": np.flatnonzero(keep),
            "missing_reasons": _missing_day_reasons(np.flatnonzero(no_window), evt_ok, evt_rows, asset_c, reg_cols,
                                                    ctx.values, ctx.sessions, ctx.columns, ctx.evt_off)}
    if not keep.any():
        return part
    studied = chunk[keep]
    part["dropped"] = None  # no frame built for a chunk without a dropped window (most chunks)
    if not window_ok[keep].all():
        part["dropped"] = _dropped_frame(ctx.ev, studied, windows, window_ok[keep], evt_ok[keep], evt_rows[keep],
                                         asset_c[keep], reg_cols, ctx.values, ctx.sessions, ctx.columns, ctx.evt_off)
    del evt_rows, evt_ok
    if not keep.all():
        y_est, x_est, valid_est, y_evt, x_evt = y_est[keep], x_est[keep], valid_est[keep], y_evt[keep], x_evt[keep]
    rf_evt = 0.0
    if mdl.offset:
        y_est = y_est - x_est[..., -1]
        rf_evt, x_est, x_evt = x_evt[..., -1], x_est[..., :-1], x_evt[..., :-1]
    fit = mdl.fit_reusing(est_sums, y_est, x_est, valid_est)
    del y_est, x_est, valid_est, est_sums  # the sums hold y_est (their y0)
    d_evt = mdl.design(x_evt)
    normal = mdl.normal_returns(fit, d_evt) + rf_evt
    ar = y_evt - normal
    # the estimation residuals and the ARs side by side for the cross-event sums; the residuals are read from
    # there on and their first array goes
    est_len = fit.residuals.shape[1]
    ar_all = np.empty((len(ar), est_len + ar.shape[1]))
    ar_all[:, :est_len] = fit.residuals
    ar_all[:, est_len:] = ar
    fit = replace(fit, residuals=ar_all[:, :est_len])
    ar_var = mdl.forecast_variance(fit, d_evt)
    with np.errstate(invalid="ignore", divide="ignore"):
        sar = ar / np.sqrt(ar_var)
    n_windows = len(ctx.window_slices)
    car = np.empty((len(ar), n_windows))
    emp_p = np.empty_like(car)
    car_var = mdl.car_variances(fit, d_evt, ctx.window_slices)
    for w, sl in enumerate(ctx.window_slices):
        car[:, w] = ar[:, sl].sum(axis=1)
    bhar = _bhars(y_evt, normal, ctx.window_slices, ctx.return_kind)
    del d_evt, x_evt
    # the empirical p-values in blocks of events: their rolling-sum scratch arrays stay a fraction of the chunk's
    for rows in range(0, len(ar), EMPIRICAL_P_ROWS):
        block = slice(rows, rows + EMPIRICAL_P_ROWS)
        sums = _running_sums(ar_all[block], est_len)  # the block's rows of ar_all in place
        for w, sl in enumerate(ctx.window_slices):
            emp_p[block, w] = _empirical_p(sums, car[block, w], sl.stop - sl.start)
        del sums
    with np.errstate(invalid="ignore", divide="ignore"):
        scar = car / np.sqrt(car_var)
    # the days' and the windows' p-values in one call: one df per event, shared by more values
    p = st.two_sided_t(np.concatenate([sar, scar], axis=1), fit.df[:, None])
    part.update(
        params=fit.params, sigma2=fit.sigma2, r2=fit.r2, n_obs=fit.n_obs, df=fit.df,
        n_overlaps=n_overlap[keep], n_masked=n_masked[keep], zero_share=zero_share[keep],
        param_se=_param_se(fit, mdl), means=fit.means,
        y_evt=y_evt, normal=normal, ar=ar, ar_var=ar_var, sar=sar, ar_p=p[:, :sar.shape[1]],
        car=car, car_var=car_var, scar=scar, car_p=p[:, sar.shape[1]:],
        bhar=bhar, empirical_p=emp_p, share=st.positive_share(fit.residuals),
        est_residuals=fit.residuals, ar_all=ar_all,
    )
    return part


class _Rows:
    """The rows ``base[rows]`` of the studied events' estimation residuals, made on demand by ``residuals``."""

    def __init__(self, residuals: Callable[[np.ndarray], np.ndarray], base: np.ndarray) -> None:
        self.residuals, self.base = residuals, base

    def __getitem__(self, rows) -> np.ndarray:
        return self.residuals(self.base[rows])


def _refit_residuals(ctx: _ChunkContext, idx: np.ndarray, res: dict, rows) -> np.ndarray:
    """The estimation residuals of the studied events ``idx`` (rows ``rows`` of the results ``res``), again.

    Their first fit (``_study_chunk``) saw the same returns, validity and
    masked sessions; a vectorized model's fit works row by row, one event's
    numbers never touching another's, so the residuals come out the same to
    the last bit whichever events share the call (a test checks it). An OLS
    fit from sums is not redone: its residuals are rebuilt from its kept
    coefficients and means (``NormalReturnModel.residuals_again``).
    """
    windows, mdl = ctx.windows, copy.copy(ctx.mdl)
    pos_c, asset_c = ctx.pos[idx], ctx.asset_col[idx]
    y_est, x_est = _gather(ctx.runs_est, pos_c, asset_c, ctx.reg_cols, windows.estimation[0])
    rebuilt = "means" in res
    if rebuilt and (res["n_obs"][rows] == y_est.shape[1]).all():  # every return valid, none masked
        return mdl.residuals_again(res["params"][rows], res["means"][rows], y_est, x_est, None)
    valid_est = np.isfinite(y_est) & np.isfinite(x_est).all(axis=2)
    if ctx.mask_overlaps:
        est_rows = pos_c[:, None] + np.arange(windows.estimation[0], windows.estimation[1] + 1)[None, :]
        covered = sample.overlaps(ctx.asset_col, ctx.pos, ctx.in_panel, idx, windows.estimation, windows.event,
                                  est_rows=est_rows, index=ctx.overlap_index)[2]
        valid_est &= ~covered
    if rebuilt:
        return mdl.residuals_again(res["params"][rows], res["means"][rows], y_est, x_est, valid_est)
    if mdl.offset:
        y_est, x_est = y_est - x_est[..., -1], x_est[..., :-1]
    return mdl.fit(y_est, x_est, valid_est).residuals


def _by_asset(values: np.ndarray, past_end: np.ndarray, evt1: int) -> np.ndarray:
    """The panel as assets x sessions, so that each event's window is one contiguous run of memory to copy.

    A view of the panel when its columns are already contiguous (a DataFrame
    of one float block) and no event window runs past the last session;
    otherwise a copy, with NaN past the last session when a window runs past
    it, so that the window reads NaN there.
    """
    if not past_end.any():
        return np.ascontiguousarray(values.T)
    n_sessions = values.shape[0]
    by_asset = np.full((values.shape[1], n_sessions + max(evt1, 0) + 1), np.nan)
    by_asset[:, :n_sessions] = values.T
    return by_asset


def _runs(by_asset: np.ndarray, window: tuple[int, int]) -> np.ndarray:
    """Every run of ``window``'s length of each asset's sessions, a view of the panel (assets x sessions)."""
    return np.lib.stride_tricks.sliding_window_view(by_asset, window[1] - window[0] + 1, axis=1)


def _gather(runs: np.ndarray, pos_c: np.ndarray, asset_c: np.ndarray, reg_cols: np.ndarray,
            first: int) -> tuple[np.ndarray, np.ndarray]:
    """Each event's asset returns ``(E, L)`` and regressor returns ``(E, L, k)`` over a window from day ``first``.

    ``runs`` is ``_runs(by_asset, window)``: a sliding-window view over the
    sessions turns every event's window into one row to copy.
    """
    start = pos_c + first
    y = runs[asset_c, start]
    x = np.moveaxis(runs[reg_cols[:, None], start[None, :]], 0, -1)  # (E, L, k) view of a (k, E, L) copy
    return y, x


class _Outputs:
    """Per-event results of every chunk, written into arrays allocated once (no concatenation copies).

    ``est_len`` > 0 keeps the estimation residuals (8 bytes per estimation day and
    event) for the GRANK test and the pairwise-complete residual correlation,
    which read them again once every event's SCAR is known; 0 keeps none (they
    are recomputed, see ``_refit_residuals``). ``n_means`` > 0 keeps the fit's
    ``means``, from which an OLS fit's residuals are rebuilt.
    """

    _EVENT = ("sigma2", "r2", "n_obs", "df", "share", "n_overlaps", "n_masked", "zero_share")
    _DAY = ("y_evt", "normal", "ar", "ar_var", "sar", "ar_p")
    _WINDOW = ("car", "car_var", "scar", "car_p", "bhar", "empirical_p")

    def __init__(self, n_max: int, n_days: int, n_windows: int, n_params: int, est_len: int, n_means: int = 0) -> None:
        self.n = 0
        self.arrays = {"index": np.empty(n_max, dtype=np.intp), "params": np.empty((n_max, n_params)),
                       "param_se": np.empty((n_max, n_params))}
        if est_len:
            self.arrays["est_residuals"] = np.empty((n_max, est_len))
        if n_means:
            self.arrays["means"] = np.empty((n_max, n_means))
        self.arrays.update({k: np.empty(n_max) for k in self._EVENT})
        self.arrays.update({k: np.empty((n_max, n_days)) for k in self._DAY})
        # window by window in memory, so that each window's column of the CAR table is a view, not a copy
        self.arrays.update({k: np.empty((n_windows, n_max)).T for k in self._WINDOW})
        self.ar_sum = np.zeros(n_days)
        self.ar_count = np.zeros(n_days)

    def add(self, index: np.ndarray, part: dict) -> None:
        rows = slice(self.n, self.n + len(index))
        self.arrays["index"][rows] = index
        for key in self.arrays.keys() - {"index"}:
            self.arrays[key][rows] = part[key]
        ar = part["ar"]
        finite = np.isfinite(ar)
        self.ar_sum += np.where(finite, ar, 0.0).sum(axis=0)
        self.ar_count += finite.sum(axis=0)
        self.n += len(index)

    def trimmed(self) -> dict[str, np.ndarray]:
        return {k: v[: self.n] for k, v in self.arrays.items()}


def _grank_by_window(res: dict, groupings: list, n_windows: int, chunk_size: int, pool: ThreadPoolExecutor | None,
                     workers: int, residuals: Callable[[slice | np.ndarray], np.ndarray],
                     refitted: bool = False) -> list[list[tuple]]:
    """GRANK of every window and grouping, in chunks of events whose residuals ``residuals(rows)`` gives.

    Each event's SCAR is scaled by the sd of its group's SCARs, known only once
    every chunk is done. The events are visited in group order (so that the
    per-group sums are segment sums); per chunk the residuals are standardized
    and ranked once for every window and grouping. ``workers`` threads of ``pool``
    and the calling thread take the chunks; their sums are added in chunk
    order. Returns the tests, ``[window][grouping]``. ``refitted``:
    ``residuals`` returns a new array on every call (refitted), which is
    standardized in place.
    """
    sigma = np.sqrt(res["sigma2"])
    n = len(sigma)
    setups = []
    order = None
    for codes, names, _ in groupings:
        c = np.zeros(n, np.intp) if codes is None else np.where(codes >= 0, codes, len(names))
        g = len(names) + (0 if codes is None else 1)
        sds = np.stack([st._gmean_std(res["scar"][:, w], c, g)[1] for w in range(n_windows)], axis=1)
        if codes is not None:
            order = np.argsort(c, kind="stable")
        setups.append((c, g, sds))
    totals = [[None] * len(groupings) for _ in range(n_windows)]

    def chunk_sums(rows) -> list[list[dict]]:
        """The GRANK sums of one chunk of events, per window and grouping (run in a worker thread)."""
        prep = st.grank_prepared(residuals(rows), sigma[rows], overwrite=refitted)
        scar = res["scar"][rows]
        has_scar = np.isfinite(scar)
        sums = [[None] * len(setups) for _ in range(n_windows)]
        for j, (c, g, sds) in enumerate(setups):
            c_rows = c[rows]
            with np.errstate(invalid="ignore", divide="ignore"):
                gsar0 = scar / sds[c_rows]
            every_window = st.grank_totals(prep, c_rows, g)  # the sums of windows where every event has a SCAR
            for w, window_sums in enumerate(st.grank_windows_sums(prep, gsar0, has_scar, c_rows, g,
                                                                  totals=every_window)):
                sums[w][j] = window_sums
        return sums

    chunks = [slice(start, start + chunk_size) if order is None else order[start:start + chunk_size]
              for start in range(0, n, chunk_size)]
    def add(sums: list[list[dict]]) -> None:
        for w in range(n_windows):
            for j in range(len(setups)):
                totals[w][j] = _add_sums(totals[w][j], sums[w][j])

    _Work(chunk_sums, chunks, pool, workers, add).finish()
    out = []
    for w in range(n_windows):
        row = []
        for (codes, names, _), total in zip(groupings, totals[w]):
            if codes is not None:
                total = {k: v[: len(names)] for k, v in total.items()}  # drop the bucket of ungrouped events
            row.append(st.grank_t_from_sums(total))
        out.append(row)
    return out


def _param_se(fit, mdl: NormalReturnModel) -> np.ndarray:
    """OLS standard error of each coefficient, NaN when the model has no ``(X'X)^-1`` of its parameters."""
    n_par = len(mdl.param_names)
    if fit.xtx_inv is not None and fit.xtx_inv.shape[-1] == n_par:
        return np.sqrt(fit.sigma2[:, None] * np.diagonal(fit.xtx_inv, axis1=1, axis2=2))
    return np.full((len(fit.sigma2), n_par), np.nan)


def _events_frame(info: pd.DataFrame, day0: pd.DatetimeIndex, mdl: NormalReturnModel, res: dict,
                  market: str) -> pd.DataFrame:
    """One row per studied event: its fit, sample bookkeeping and thin-trading flag.

    Built in one constructor from the result arrays without copying them (a
    column added at a time costs pandas a reindex of its columns per column).
    """
    n = len(info)
    params = dict(zip(mdl.param_names, res["params"].T))
    if not mdl.estimated:
        # fixed-parameter models report their implied coefficients; no alpha is estimated
        params.pop("alpha", None)
    market_col = getattr(mdl, "market", market)
    total_beta = mdl.total_beta(res["params"])
    columns = {key: info[key].array for key in ("event_id", "asset", "group", "event_date")}
    columns["session"] = np.asarray(day0)
    columns["n_est"] = res["n_obs"].astype(int)
    columns["alpha"] = params.get("alpha", np.full(n, np.nan))
    columns["beta"] = params.get(f"beta_{market_col}", np.full(n, np.nan)) if total_beta is None else total_beta
    if len(mdl.regressors) > 1:
        se = res["param_se"] if np.isfinite(res["param_se"]).any() else None
        for col in mdl.regressors:
            if f"beta_{col}" in params:
                columns[f"beta_{col}"] = params[f"beta_{col}"]
                if se is not None:
                    # OLS t of the coefficient, e.g. whether bitcoin's lagged return matters (Dimson)
                    columns[f"t_beta_{col}"] = params[f"beta_{col}"] / se[:, mdl.param_names.index(f"beta_{col}")]
        bitcoin = getattr(mdl, "bitcoin", None)
        if bitcoin is not None:
            columns["beta_btc"] = params[f"beta_{bitcoin}"]
    columns["sigma"] = np.sqrt(res["sigma2"])
    columns["r2"] = res["r2"]
    columns["model"] = _repeated([mdl.name], n)
    columns["n_overlaps"] = res["n_overlaps"].astype(int)
    columns["n_masked"] = res["n_masked"].astype(int)
    columns["zero_share"] = res["zero_share"]
    columns["thin_trading"] = res["zero_share"] >= THIN_TRADING_SHARE
    return pd.DataFrame(columns, copy=False)


def _ar_frame(info, sessions, day0, evt_off, res: dict) -> pd.DataFrame:
    n_ev, k = res["ar"].shape
    rows = (day0[:, None] + evt_off[None, :]).ravel()
    sar = res["sar"].ravel()
    each = np.repeat(np.arange(n_ev), k)
    past_end = rows >= len(sessions)
    dates = sessions[np.minimum(rows, len(sessions) - 1)]
    frame = pd.DataFrame(
        {
            "event_id": info["event_id"].array.take(each),
            "asset": info["asset"].array.take(each),
            "rel_day": np.tile(evt_off, n_ev),
            # a day past the panel's last session has no date (NaT)
            "date": dates.where(~past_end) if past_end.any() else dates,
            "ret": res["y_evt"].ravel(),
            "normal_ret": res["normal"].ravel(),
            "ar": res["ar"].ravel(),
            "ar_var": res["ar_var"].ravel(),
            "sar": sar,
            "p": res["ar_p"].ravel(),
        },
        copy=False,  # the columns are views of the per-event arrays (11 rows per event): no second copy
    )
    return _with_t(frame, "sar")


def _repeated(labels: Sequence[str], n: int):
    """Each of ``labels`` ``n`` times in turn (a CAR table's window labels), as the string dtype pandas infers.

    With pandas' Arrow strings the column is built from its buffers in numpy's
    memory: a few times quicker than pandas converting an object array row
    by row, and nothing left in Arrow's own memory pool.
    """
    if not (isinstance(_STR_DTYPE, pd.StringDtype) and _STR_DTYPE.storage == "pyarrow"):
        return np.repeat(np.asarray(labels, dtype=object), n)
    import pyarrow as pa

    encoded = [str(label).encode() for label in labels]
    offsets = np.zeros(len(encoded) * n + 1, np.int64)
    np.cumsum(np.repeat([len(b) for b in encoded], n), out=offsets[1:])
    data = np.frombuffer(b"".join(b * n for b in encoded), np.uint8)
    strings = pa.Array.from_buffers(pa.large_string(), len(offsets) - 1,
                                    [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return pd.array(strings, dtype=_STR_DTYPE)


_STR_DTYPE = pd.Series(["label"]).dtype  # what pandas makes of strings: its Arrow string dtype, or object


def _with_t(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with a ``t`` column after ``column``, equal to it: a copy-on-write reference, so no memory
    until a user writes to one of the two, and a write to one never changes the other."""
    frame.insert(frame.columns.get_loc(column) + 1, "t", frame[column])
    return frame


def _running_sums(residuals: np.ndarray, est_len: int | None = None) -> dict:
    """What ``_empirical_p`` builds its rolling window sums from, and its scratch arrays.

    ``residuals`` holds one event per row: its estimation residuals in the
    first ``est_len`` columns (default: every column); further columns (the
    event window's ARs of a chunk's ``ar_all``) ride along, never in a window
    that counts, so that a contiguous block of rows is used in place. The
    rows zeroed where missing and, when some are missing, their validity,
    both flattened: ``{"sums": {1: values}, "complete": {1: valid} or None,
    ...}``. ``_empirical_p`` adds the blocks it builds (rolling sums of 2, 4,
    ... values, see ``_rolling``) to these dicts, to be reused by the next
    window. ``complete`` is None when every estimation residual is valid (then
    every window that counts is complete).
    """
    ok = np.isfinite(residuals)
    every = bool(ok[:, :est_len].all())
    values = np.ascontiguousarray(residuals) if every else np.where(ok, residuals, 0.0)
    return {"shape": residuals.shape, "est_len": residuals.shape[1] if est_len is None else est_len,
            "sums": {1: values.reshape(-1)}, "complete": None if every else {1: ok.reshape(-1)},
            # scratch for each window's |rolling sum| (zeroed: its unwritten tail is read, never counted)
            "roll": np.zeros(residuals.size), "at_least": np.empty(residuals.shape, dtype=bool),
            "window_complete": None if every else np.empty(residuals.size, dtype=bool)}


def _rolling(parts: dict, length: int, combine, out: np.ndarray) -> np.ndarray:
    """Rolling ``combine`` (``np.add``, ``np.logical_and``) of ``length`` consecutive values of ``parts[1]``.

    ``parts[1]`` is the events' rows laid end to end (entry ``i`` of the result
    combines values ``i .. i + length - 1``; entries whose window crosses into the
    next row are computed but meaningless): every step is one contiguous pass.
    Each window is combined directly (not as a difference of running sums) from
    blocks of 1, 2, 4, ... values, each built once from its two halves and kept in
    ``parts`` for the next window. Blocks cost memory (each is as large as the
    residuals), which the usual short windows do not repay: a window of up to 16
    values is tiled with blocks of 2 (11 = 2+2+2+2+2+1), a longer one with the
    blocks of its length's binary digits (41 = 32+8+1). Returns the kept block
    itself when it is the window, else the filled start of ``out``.
    """
    largest = 1 << (length.bit_length() - 1)
    size = 1
    while size * 2 <= (largest if length > 16 else min(length, 2)):
        if size * 2 not in parts:
            half = parts[size]
            parts[size * 2] = combine(half[:-size], half[size:])
        size *= 2
    if size == length:
        return parts[size]
    n = max(len(parts[1]) - length + 1, 0)
    pieces = []
    start, rest = 0, length
    while rest:
        block = min(size, 1 << (rest.bit_length() - 1))
        pieces.append(parts[block][start:start + n])
        start, rest = start + block, rest - block
    combine(pieces[0], pieces[1], out=out[:n])
    for piece in pieces[2:]:
        combine(out[:n], piece, out=out[:n])
    return out[:n]


def _empirical_p(sums: dict, car: np.ndarray, length: int) -> np.ndarray:
    """Share of same-length estimation-window CARs at least as large in absolute value.

    ``p = (1 + #{|CAR_j| >= |CAR|}) / (1 + J)`` over the ``J`` complete windows
    of ``length`` consecutive estimation residuals (the +1 keeps p above zero);
    NaN when the CAR is (a missing return in its window).
    ``sums`` holds the residuals and what earlier windows built (see ``_running_sums``).
    """
    n_events, width = sums["shape"]
    n_windows = max(sums["est_len"] - length + 1, 0)  # per event
    roll = _rolling(sums["sums"], length, np.add, sums["roll"])
    np.abs(roll, out=sums["roll"][:len(roll)])
    # whole rows (contiguous) compared; only each row's first n_windows entries are real windows
    at_least = np.greater_equal(sums["roll"].reshape(n_events, width), np.abs(car)[:, None], out=sums["at_least"])
    at_least = at_least[:, :n_windows]
    if sums["complete"] is None:
        p = (1.0 + st._row_counts(at_least)) / (1.0 + n_windows)
    else:
        complete = sums["window_complete"]
        flags = _rolling(sums["complete"], length, np.logical_and, complete)
        if flags.base is not complete:  # a kept block: into the whole-row scratch
            complete[:len(flags)] = flags
        complete = complete.reshape(n_events, width)[:, :n_windows]
        at_least &= complete
        p = (1.0 + st._row_counts(at_least)) / (1.0 + st._row_counts(complete))
    return np.where(np.isfinite(car), p, np.nan)


def _tests(car, scar, df, share, length, codes, pre, sums, w, window_slice) -> dict:
    """The cross-event tests but GRANK of one window for one grouping (``codes`` None: all events)."""
    if codes is not None and (codes < 0).any():
        has = codes >= 0  # events without a group are only in "all"
        car, scar, df, share, codes = car[has], scar[has], df[has], share[has], codes[has]
    results = {
        "cross_sectional_t": st.cross_sectional_t(car, codes),
        "time_series_t": st.time_series_t(car, None, length, codes, aar_sd=pre["aar_sd"]),
        "patell_z": st.patell_z(scar, df, codes),
        "bmp": st.bmp_t(scar, codes),
        "kolari_pynnonen": st.kolari_pynnonen_t(scar, None, codes, r=pre["r"]),
        "corrado_rank": st.corrado_rank_z_from_sums(sums, pre, w, window_slice),
        "generalized_sign": st.generalized_sign_z(car, None, codes, share=share),
        "wilcoxon": st.wilcoxon_signed_rank_z(car, codes),
        "adjusted_patell": st.adjusted_patell_z(scar, df, None, codes, r=pre["r"]),
        "skewness_corrected_t": st.skewness_corrected_t(car, codes),
    }
    return results


def _test_rows(label: str, names: list, results: dict) -> dict:
    """The rows of the tests table for one window and grouping, from each test's (statistic, p, n)."""
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
        return res[key].T.ravel()  # a view when every candidate event was studied (_Outputs stores by window)

    scar = by_window("scar")
    each = np.tile(np.arange(n_ev), n_win)
    frame = pd.DataFrame(
        {
            "event_id": info["event_id"].array.take(each),
            "asset": info["asset"].array.take(each),
            "window": _repeated(labels, n_ev),
            "start": np.repeat([w[0] for w in car_windows], n_ev),
            "end": np.repeat([w[1] for w in car_windows], n_ev),
            "car": by_window("car"),
            "car_var": by_window("car_var"),
            "scar": scar,
            "p": by_window("car_p"),
            "bhar": by_window("bhar"),
            "empirical_p": by_window("empirical_p"),
        },
        copy=False,
    )
    return _with_t(frame, "scar")
