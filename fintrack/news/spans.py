"""Which characters of a text are already claimed by an earlier match.

Rules that find names, dates and numbers run longest or most specific first;
a later match that overlaps an earlier one is dropped. :class:`Occupied`
answers "is any character of this span taken?" in time proportional to the
span, so long texts stay linear.
"""
from __future__ import annotations


class Occupied:
    """A mask over ``length`` characters."""

    def __init__(self, length: int, spans: list[tuple[int, int]] | None = None) -> None:
        self._mask = bytearray(length + 1)
        for start, end in spans or ():
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        return not any(self._mask[start:end])

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)
