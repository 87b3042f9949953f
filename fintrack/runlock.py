"""One run at a time: an exclusive, non-blocking lock on a file.

Two ``fintrack run`` invocations on the same output folder (a cron job that
overlaps a slow manual run) would race on the report folder and the price
cache. :func:`run_lock` takes ``<output>/.fintrack.lock`` with ``filelock``
(an OS-level lock, released automatically if the process dies) and fails at
once with :class:`~fintrack.errors.LockHeldError` (exit code 1) when another
process holds it: a scheduled run should not queue behind a stuck one.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from fintrack.errors import LockHeldError, OutputError

LOCK_NAME = ".fintrack.lock"


@contextlib.contextmanager
def run_lock(folder: str | os.PathLike[str], timeout: float = 0) -> Iterator[Path]:
    """Hold ``<folder>/.fintrack.lock`` for the ``with`` block.

    Raises
    ------
    LockHeldError
        When another process holds the lock for longer than ``timeout`` seconds
        (default 0: fail immediately).
    OutputError
        The lock file cannot be created (a read-only folder).
    """
    path = Path(folder) / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise LockHeldError(f"another fintrack run holds the lock {path}; try again when it has finished") from None
    except OSError as exc:  # a read-only reports folder: one line, not a traceback
        raise OutputError(f"cannot write the lock file {path}: {exc.strerror or exc}") from None
    try:
        yield path
    finally:
        lock.release()
