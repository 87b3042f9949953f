"""Event-study windows, in sessions relative to the event session (day 0)."""
from __future__ import annotations

from dataclasses import dataclass

from fintrack.errors import ConfigError

__all__ = ["EventWindows", "window_label"]

Window = tuple[int, int]


def window_label(window: Window) -> str:
    """Label of a window in session offsets, e.g. ``(-1, 1) -> "(-1,+1)"``, ``(0, 0) -> "(0,0)"``."""
    def fmt(x: int) -> str:
        return f"{x:+d}" if x != 0 else "0"

    return f"({fmt(window[0])},{fmt(window[1])})"


def _as_window(value: object, what: str) -> Window:
    try:
        start, end = value  # type: ignore[misc]
        start_i, end_i = int(start), int(end)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a pair of session offsets like (-5, 5), got {value!r}") from None
    if (start_i, end_i) != (start, end):
        raise ConfigError(f"{what} offsets must be whole sessions, got {value!r}")
    if start_i > end_i:
        raise ConfigError(f"{what} {value!r} is inverted: start must not be after end")
    return start_i, end_i


@dataclass(frozen=True)
class EventWindows:
    """Estimation, event and CAR windows, inclusive, in sessions relative to day 0.

    Parameters
    ----------
    estimation : tuple of int
        Estimation window, default ``(-250, -11)``; must end before the event window.
    event : tuple of int
        Event window, default ``(-5, 5)``.
    car : tuple of tuple of int
        Windows over which CARs are cumulated and tested; each inside ``event``.
    min_estimation_obs : int
        Minimum valid estimation observations, default 120.
    """

    estimation: Window = (-250, -11)
    event: Window = (-5, 5)
    car: tuple[Window, ...] = ((0, 0), (-1, 1), (0, 5), (-5, 5))
    min_estimation_obs: int = 120

    def __post_init__(self) -> None:
        est = _as_window(self.estimation, "estimation_window")
        ev = _as_window(self.event, "event_window")
        if est[1] >= ev[0]:
            raise ConfigError(f"estimation_window {est} overlaps the event window {ev}: it must end before {ev[0]}")
        if isinstance(self.car, tuple) and len(self.car) == 2 and all(isinstance(x, int) for x in self.car):
            raise ConfigError(f"car_windows must be a list of windows, e.g. [(0, 0), (-1, 1)], got {self.car!r}")
        cars = tuple(_as_window(w, "car window") for w in self.car)
        if not cars:
            raise ConfigError("car_windows is empty: give at least one window such as (0, 0)")
        for w in cars:
            if w[0] < ev[0] or w[1] > ev[1]:
                raise ConfigError(f"car window {w} lies outside the event window {ev}")
        if len(set(cars)) != len(cars):
            raise ConfigError(f"car_windows repeat a window: {list(cars)}")
        length = est[1] - est[0] + 1
        if not 4 <= int(self.min_estimation_obs) <= length:
            raise ConfigError(
                f"min_estimation_obs={self.min_estimation_obs} must be between 4 and the estimation length {length}"
            )
        object.__setattr__(self, "estimation", est)
        object.__setattr__(self, "event", ev)
        object.__setattr__(self, "car", cars)
        object.__setattr__(self, "min_estimation_obs", int(self.min_estimation_obs))

    @property
    def estimation_length(self) -> int:
        """Number of sessions in the estimation window."""
        return self.estimation[1] - self.estimation[0] + 1

    @property
    def event_length(self) -> int:
        """Number of sessions in the event window."""
        return self.event[1] - self.event[0] + 1

    def event_slice(self, window: Window) -> slice:
        """Columns of an event-window array covering ``window``."""
        return slice(window[0] - self.event[0], window[1] - self.event[0] + 1)
