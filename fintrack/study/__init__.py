"""fintrack.study: the event-study engine (MacKinlay 1997), vectorized across events.

    result = event_study(returns, events, model="market")
    print(result.summary())
    result.car, result.tests, result.plot()

Conventions
-----------
* **Returns** are simple returns as fractions (0.01 = 1%) by default, computed
  from the adjusted close of each session (split- and dividend-adjusted), one
  column per asset or factor, indexed by session date; NaN marks a missing
  return. ``return_kind``/``price_field`` (or the panel's ``attrs``) say
  otherwise; BHAR needs simple returns.
* **Sessions**: windows count trading sessions of the panel, not calendar
  days. Day 0 is the first panel session on or after the event's date; an
  event with a time of day (naive: New York time) at or after the session's
  close, half days included, moves to the next session (``calendar="XNAS"``).
* **Sample**: an asset and day 0 repeated under two ids is counted once (with
  an ``EventStudyWarning``); another event's window inside an estimation
  window is reported (``result.overlaps``) and masked out of the fit; a
  missing return drops only the CAR windows containing it (``result.dropped``).
* **Bitcoin**: BTC-USD trades every day; its return on an equity session
  compounds all BTC daily bars since the previous equity session (the market
  layer builds it that way), so it lines up with the stock's close-to-close.
* **Windows** are inclusive, relative to day 0: estimation ``(-250, -11)``,
  event ``(-5, 5)``, CAR windows ``(0,0), (-1,+1), (0,+5), (-5,+5)``.
* **Variances** of AR and CAR are forecast-error variances that include the
  estimation error of the normal-return parameters.
* Events that cannot be studied are listed in ``result.skipped`` with the
  reason, never dropped silently.
* **Headline test**: ``result.recommended_test(group)``: Kolari-Pynnonen when
  events share a day-0 session (clustering), else BMP, with the reason.
"""
from __future__ import annotations

from fintrack.study import models as _models
from fintrack.study import statistics as _statistics
from fintrack.study.engine import TEST_NAMES, EventStudyWarning, event_study
from fintrack.study.models import *  # noqa: F403  (the models and their list: models.__all__)
from fintrack.study.results import EventStudyResult
from fintrack.study.statistics import *  # noqa: F403  (the test statistics: statistics.__all__)
from fintrack.study.windows import EventWindows

__all__ = ["event_study", "EventStudyWarning", "EventStudyResult", "EventWindows", "TEST_NAMES"]
__all__ += _models.__all__
__all__ += _statistics.__all__
