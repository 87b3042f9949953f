"""Exception classes for every expected failure in fintrack.

Each class carries an ``exit_code`` that the CLI uses, so a user sees one line
naming the problem instead of a traceback:

* ``2``: bad input or configuration (the user can fix the command or file),
* ``3``: data unavailable (a download failed, a ticker has no data, a date is
  outside the data),
* ``1``: anything else that went wrong.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: object) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``): what a file name or an article
    holds cannot start a new line in a log or on stderr, or send terminal escape codes.

    The one escaping helper: the log formatter and every ``fintrack: error: ...`` line use it.
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


class FintrackError(Exception):
    """Base class of all fintrack errors."""

    exit_code = 1


class InputError(FintrackError, ValueError):
    """Bad input supplied by the user: a malformed file, an invalid argument."""

    exit_code = 2


class ConfigError(InputError):
    """An invalid configuration value (window, model name, missing file...)."""


class MalformedFileError(InputError):
    """A file that cannot be parsed: wrong layout, wrong encoding, binary data."""


class UnknownTickerError(InputError):
    """A ticker that no source or registry knows."""


class EstimationWindowError(InputError):
    """An estimation window with fewer valid observations than required."""


class DataUnavailableError(FintrackError):
    """Data needed for a computation cannot be had."""

    exit_code = 3


class DownloadError(DataUnavailableError):
    """A price download failed after all retries, or returned no usable rows."""


class RateLimitError(DownloadError):
    """The data vendor refused the request for being too frequent (HTTP 429)."""


class NoPriceDataError(DataUnavailableError):
    """No price rows for a ticker, or none in the requested range."""


class DateOutsideDataError(DataUnavailableError):
    """A date (an event, a claim) falls outside the available price data."""


class CacheCorruptError(DataUnavailableError):
    """A cache file that cannot be read; rebuild it with ``fintrack prices update``."""


class OutputError(FintrackError):
    """A report or cache file cannot be written (disk full, no permission); what was there is kept."""

    exit_code = 1


class LockHeldError(FintrackError):
    """Another fintrack run holds the lock."""

    exit_code = 1
