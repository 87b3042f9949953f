"""Files fintrack exchanges with users: written whole or not at all, read strictly.

:func:`atomic_write_bytes` is the one way fintrack replaces a file (price
cache, report files, extraction output): the content goes to a temporary file
in the same folder, is flushed to disk, then renamed over the target, so a
process killed mid-write leaves the previous file intact. The new file gets
the permissions a plain ``open()`` would give it (0666 less the umask), not
the 0600 of a temporary file.

:func:`read_csv` is the one way fintrack reads a CSV file a user supplies
(prices, event registry, claims), refusing what pandas would misread silently.
"""
from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from fintrack.errors import one_line  # noqa: F401 (the one escaping helper; imported from here too)

#: A temporary file older than this is left over from a killed writer; a younger
#: one may belong to a writer still running.
STALE_TMP_SECONDS = 3600


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_bytes(path: str | os.PathLike[str], write: Callable[[str], object]) -> None:
    """Write a file via ``write(tmp_path)`` then rename over ``path``: all or nothing.

    Leftover temporary files of ``path`` over :data:`STALE_TMP_SECONDS` old are
    swept first. Whatever ``write`` raises is re-raised after the temporary file
    is removed; ``path`` is then untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_TMP_SECONDS:
                stale.unlink()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_csv(path: str | os.PathLike[str], what: str = "", **read_csv_kwargs) -> pd.DataFrame:
    """A user's CSV file as a frame, refusing what pandas would misread silently.

    Refused with :class:`~fintrack.errors.MalformedFileError` naming the file
    (``what`` says which file it is, e.g. "claims file"): binary data, text that
    is not UTF-8, and a row with more fields than the header: pandas would turn
    its extra leading fields into an index and shift every column of that row.
    ``read_csv_kwargs`` go to :func:`pandas.read_csv`.
    """
    path = Path(path)
    return csv_frame(path.read_bytes(), f"{what} {path}" if what else str(path), **read_csv_kwargs)


def _row_longer_than_header(text: str) -> tuple[int, int, int] | None:
    """(line number, fields, header fields) of the first row of CSV ``text`` with more fields than the header.

    Text without a quote (a price file) has no quoted comma, so a line's fields are its commas plus one, counted
    by ``str.count`` (a tenth of the time of building the csv module's rows); other text is read row by row.
    """
    if '"' not in text:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # the csv module's line ends
        if not lines[0]:
            return None
        commas = lines[0].count(",")
        if max(map(str.count, lines, itertools.repeat(","))) <= commas:
            return None
        number = next(i for i, line in enumerate(lines) if line.count(",") > commas)
        return number + 1, lines[number].count(",") + 1, commas + 1
    rows = csv.reader(io.StringIO(text, newline=""))  # lines end at \r, \n or \r\n, as the csv module expects
    header = next(rows, None)
    for row in rows:
        if header and len(row) > len(header):
            return rows.line_num, len(row), len(header)
    return None


def csv_frame(raw: bytes, name: str, **read_csv_kwargs) -> pd.DataFrame:
    """:func:`read_csv` of bytes already read; ``name`` names the file in the error."""
    from fintrack.errors import MalformedFileError

    if b"\x00" in raw:
        raise MalformedFileError(f"{name}: binary file, not a CSV text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedFileError(f"{name}: not a UTF-8 text CSV file") from None
    longer = _row_longer_than_header(text)
    if longer is not None:
        line, fields, header = longer
        raise MalformedFileError(f"{name}: line {line} has {fields} fields, the header {header}")
    try:
        return pd.read_csv(io.StringIO(text), **read_csv_kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise MalformedFileError(f"{name}: cannot parse CSV ({str(exc).splitlines()[0]})") from None
