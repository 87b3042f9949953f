"""The immutable result of an event study: tidy frames, a text summary, a plot."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from fintrack.study.windows import EventWindows

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["EventStudyResult", "Summary"]


class Summary(str):
    """The text of :meth:`EventStudyResult.summary`, with an HTML form for notebooks (as statsmodels' ``Summary``).

    It is a ``str``, so printing, ``in`` and joining work as before.
    """

    def as_text(self) -> str:
        return str(self)

    def as_html(self) -> str:
        import html

        return f"<pre>{html.escape(str(self))}</pre>"

    def _repr_html_(self) -> str:
        return self.as_html()


@dataclass(frozen=True)
class EventStudyResult:
    """Result of :func:`fintrack.study.event_study`; every table is tidy.

    Attributes
    ----------
    events : DataFrame
        One row per studied event: event_id, asset, group, event_date, session
        (day 0), n_est, alpha, beta (market beta, NaN if the model has none),
        ``beta_<factor>`` and its OLS t ``t_beta_<factor>`` per factor of
        multi-factor models (``QQQ@-1`` names a lag, ``QQQ@+1`` a lead; the
        Dimson ``beta`` is their sum; ``beta_btc`` for the market + bitcoin
        model), sigma, r2, model, n_overlaps (other events of the asset inside
        the estimation window), n_masked (estimation sessions masked for them),
        zero_share (share of zero estimation returns) and thin_trading (>= 20%).
    ar : DataFrame
        One row per event and event-window session: event_id, asset, rel_day,
        date, ret, normal_ret, ar, ar_var (forecast-error variance with the
        estimation-error correction), sar (= t), t, p (two-sided, t(df)).
    car : DataFrame
        One row per event and CAR window: event_id, asset, window (``"(-1,+1)"``),
        start, end, car, car_var, scar (= t), t, p, bhar, empirical_p.
    aar : DataFrame
        rel_day, n, aar, caar (cumulated from the start of the event window).
    tests : DataFrame
        group (``"all"``, then each group if events had one), window, test,
        statistic, p_value (two-sided), n.
    skipped : DataFrame
        Events left out: event_id, asset, date, reason (a missing return names
        its day; a window past the end of the data says so).
    dropped : DataFrame
        CAR windows of studied events left out because a return inside them is
        missing: event_id, asset, window, reason (naming the day). Other
        windows of the same event are kept.
    overlaps : DataFrame
        Other events of the same asset whose event window meets a studied
        event's estimation window: event_id, asset, other_event_id,
        other_session (its day 0), days (estimation sessions inside its event
        window; masked out of the fit unless ``mask_overlaps=False``).
    recommended : DataFrame
        The headline test of each group: group, test, reason, n, sessions
        (distinct day-0 sessions), clustered (events share a day-0 session:
        then the clustering-robust Kolari-Pynnonen test), residual_correlation
        (average pairwise-complete correlation of estimation residuals).
    notes : tuple of str
        Changes the sample underwent (duplicates counted once, overlaps
        masked, BHAR not computed), also issued as ``EventStudyWarning``.
    sample_notes : tuple of str
        The notes of ``notes`` that say the sample changed (an event counted once
        under two ids, other events' windows inside an estimation window), worded
        for a reader of a report (no attribute names).
    return_kind, price_field : str
        ``"simple"`` or ``"log"`` returns, and the price column they come from.
    model : str
        Model name (``"market"``, ``"market_btc"``...).
    windows : EventWindows
        Estimation, event and CAR windows used.
    model_spec : str
        Model with its columns, e.g. ``"MarketModel(QQQ)"``.
    """

    events: pd.DataFrame
    ar: pd.DataFrame
    car: pd.DataFrame
    aar: pd.DataFrame
    tests: pd.DataFrame
    skipped: pd.DataFrame
    model: str
    windows: EventWindows
    model_spec: str = ""
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["event_id", "asset", "window", "reason"]))
    overlaps: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["event_id", "asset", "other_event_id", "other_session", "days"]))
    recommended: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["group", "test", "reason", "n", "sessions", "clustered", "residual_correlation"]))
    notes: tuple[str, ...] = ()
    sample_notes: tuple[str, ...] = ()
    return_kind: str = "simple"
    price_field: str = "adj_close"

    def recommended_test(self, group: str = "all") -> tuple[str, str]:
        """The headline test of ``group`` and why, e.g. ``("kolari_pynnonen", "14 of 14 events share ...")``.

        Raises
        ------
        KeyError
            If the study has no such group.
        """
        row = self.recommended[self.recommended["group"] == group]
        if row.empty:
            raise KeyError(f"no group {group!r} in this study (groups: {list(self.recommended['group'])})")
        return str(row["test"].iloc[0]), str(row["reason"].iloc[0])

    def resampling_tests(self, n_resamples: int = 999, seed: int = 0) -> pd.DataFrame:
        """Resampling tests of each CAR window, per group (``"all"`` first), on demand.

        * ``bootstrap_t``: event-level bootstrap p-value of the cross-sectional t of CAAR;
        * ``sign_permutation``: random sign-flip permutation p-value of CAAR (statistic: CAAR);
        * ``bhar_skewness_adjusted_t``: Lyon, Barber and Tsai (1999) skewness-adjusted t of
          the mean BHAR with a bootstrapped p-value (NaN for log returns, which have no BHAR).

        Parameters
        ----------
        n_resamples : int
            Bootstrap resamples or random sign vectors per test (p-values have
            Monte Carlo error ~ sqrt(p (1 - p) / n_resamples)).
        seed : int
            Seed of the random draws, for reproducible p-values.

        Returns
        -------
        DataFrame
            group, window, test, statistic, p_value, n (the columns of ``tests``).
        """
        from fintrack.study import statistics as st

        groups = self.events.set_index("event_id")["group"]
        parts = []
        for window, frame in self.car.groupby("window", sort=False):
            group = frame["event_id"].map(groups)
            samples = [("all", None)]
            if group.notna().any():
                codes, names = pd.factorize(group.astype(str), sort=True)
                samples.append((list(names), codes))
            for names, codes in samples:
                names = [names] if isinstance(names, str) else names
                car, bhar = frame["car"].to_numpy(), frame["bhar"].to_numpy()
                for test, (stat, p, n) in (
                    ("bootstrap_t", st.bootstrap_t(car, codes, n_boot=n_resamples, seed=seed)),
                    ("sign_permutation", st.sign_permutation_p(car, codes, n_perm=n_resamples, seed=seed)),
                    ("bhar_skewness_adjusted_t",
                     st.bhar_skewness_adjusted_t(bhar, codes, n_boot=n_resamples, seed=seed)),
                ):
                    parts.append(pd.DataFrame({"group": names, "window": window, "test": test, "statistic": stat,
                                               "p_value": p, "n": n.astype(int)}))
        return pd.concat(parts, ignore_index=True)

    def to_frame(self) -> pd.DataFrame:
        """One row per event and CAR window: the CAR table joined with the event fit."""
        info = self.events.drop(columns=["asset"])
        return self.car.merge(info, on="event_id", how="left")

    def summary(self, event_id: Any = None) -> Summary:
        """Readable text table: set-up, per-window CAAR with every test, skipped events.

        Parameters
        ----------
        event_id : optional
            Summarise this one event instead: its fit, AR table with t-tests and
            CAR table (cross-event tests need a sample, not one event).
        """
        if event_id is not None:
            if event_id not in set(self.events["event_id"]):
                raise KeyError(f"event {event_id!r} was not studied (see .skipped)")
            return Summary(self._summary_lines(self.events[self.events["event_id"] == event_id], skipped=0))
        return Summary(self._summary_lines(self.events, skipped=len(self.skipped)))

    def _summary_lines(self, events: pd.DataFrame, skipped: int) -> str:
        w = self.windows
        width = 78
        line = "=" * width
        thin = "-" * width
        head = [
            "Event Study Results".center(width),
            line,
            f"{'Model:':<16}{self.model}: {self.model_spec}" if self.model_spec else f"{'Model:':<16}{self.model}",
            f"{'Events studied:':<16}{len(events):<23}{'Events skipped:':<22}{skipped:>17}",
            f"{'Estimation:':<16}{str(w.estimation):<23}{'Min. est. obs:':<22}{w.min_estimation_obs:>17}",
            f"{'Event window:':<16}{str(w.event):<23}{'CAR windows:':<22}{len(w.car):>17}",
            f"{'Returns:':<16}{self._returns_label():<23}{'Day 0:':<22}{'session reacting':>17}",
            line,
        ]
        body = []
        tests = self.tests[self.tests["group"] == "all"]
        car = self.car
        # cross-event tests need at least two events; a single event gets its own AR/CAR table
        labels = dict.fromkeys(car["window"]) if len(events) > 1 else {}
        headline, reason = self.recommended_test("all") if len(self.recommended) else ("", "")
        for label in labels:
            caar = car.loc[car["window"] == label, "car"].mean()
            body.append(f"CAR window {label}   CAAR = {caar:+.4%}")
            body.append(f"{'test':<22}{'statistic':>14}{'p-value':>14}{'n':>10}")
            body.append(thin)
            for row in tests[tests["window"] == label].itertuples(index=False):
                mark = "*" if row.test == headline else " "
                body.append(f"{row.test + mark:<22}{row.statistic:>14.4f}{row.p_value:>14.4f}{row.n:>10d}")
            body.append(line)
        if labels and headline:
            body.append(f"* headline test: {reason}")
            body.append(line)
        for note in self.notes:
            body.append(f"Note: {note}")
        if len(events) == 1:
            body.append(self._single_event_lines(events.iloc[0], thin, line))
        dropped = self.dropped[self.dropped["event_id"].isin(events["event_id"])]
        if len(dropped):
            body.append(f"Dropped CAR windows ({len(dropped)}):")
            for row in dropped.head(10).itertuples(index=False):
                body.append(f"  {str(row.event_id):<12}{str(row.asset):<10}{row.window:<10}{row.reason}")
            if len(dropped) > 10:
                body.append(f"  ... and {len(dropped) - 10} more (see .dropped)")
        if skipped:
            body.append(f"Skipped events ({len(self.skipped)}):")
            for row in self.skipped.head(10).itertuples(index=False):
                date = pd.Timestamp(row.date).date()
                body.append(f"  {str(row.event_id):<12}{str(row.asset):<10}{str(date):<12}{row.reason}")
            if len(self.skipped) > 10:
                body.append(f"  ... and {len(self.skipped) - 10} more (see .skipped)")
        return "\n".join(head + body)

    def _returns_label(self) -> str:
        field_name = {"adj_close": "adj. close", "close": "close"}.get(self.price_field.lower(), self.price_field)
        return f"{self.return_kind}, {field_name}"

    def _single_event_lines(self, ev: pd.Series, thin: str, line: str) -> str:
        ar = self.ar[self.ar["event_id"] == ev["event_id"]]
        car = self.car[self.car["event_id"] == ev["event_id"]]
        lines = [
            f"Event {ev['event_id']} {ev['asset']} day 0 = {pd.Timestamp(ev['session']).date()}: "
            f"alpha {ev['alpha']:.5f} beta {ev['beta']:.3f} sigma {ev['sigma']:.4f} R2 {ev['r2']:.3f}",
            f"{'rel_day':>8}{'ret':>12}{'AR':>12}{'t':>10}{'p':>10}",
            thin,
        ]
        for row in ar.itertuples(index=False):
            lines.append(f"{row.rel_day:>8d}{row.ret:>12.4%}{row.ar:>12.4%}{row.t:>10.3f}{row.p:>10.4f}")
        lines.append(thin)
        lines.append(f"{'window':>10}{'CAR':>12}{'t':>10}{'p':>10}{'BHAR':>12}{'emp. p':>10}")
        for row in car.itertuples(index=False):
            lines.append(
                f"{row.window:>10}{row.car:>12.4%}{row.t:>10.3f}{row.p:>10.4f}{row.bhar:>12.4%}{row.empirical_p:>10.4f}"
            )
        lines.append(line)
        return "\n".join(lines)

    def __str__(self) -> str:
        return str(self.summary())

    def __repr__(self) -> str:
        n = len(self.events)
        return (f"<EventStudyResult {self.model}: {n} event{'s' if n != 1 else ''} studied, "
                f"{len(self.skipped)} skipped, CAR windows {', '.join(dict.fromkeys(self.car['window']))}>")

    def _repr_html_(self) -> str:
        """Notebook view: the one-line description, then the CAR table of every event."""
        import html

        table = self.car[["event_id", "asset", "window", "car", "t", "p", "bhar"]].to_html(
            index=False, float_format=lambda v: f"{v:.4f}", max_rows=40)
        return f"<p>{html.escape(repr(self))}</p>{table}"

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw AAR bars and the CAAR line with a 95% band; returns the axes.

        Delegates to the plotting layer (``fintrack.report.charts``), which
        draws the same chart for one event (AR and CAR) in the reports.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Axes to draw on; a new figure is made when omitted.
        """
        from fintrack.report.charts import plot_abnormal_returns
        from fintrack.report.compute import caar_path

        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(8, 4.5))
        kwargs.setdefault("labels", ("AAR", "CAAR"))
        return plot_abnormal_returns(caar_path(self.aar, self.ar), ax=ax,
                                     title=f"{self.model} model, {len(self.events)} event"
                                           f"{'s' if len(self.events) != 1 else ''}", **kwargs)
