"""Files fintrack writes for users: written whole or not at all.

:func:`atomic_write_bytes` is the one way fintrack replaces a file (price
cache, report files, extraction output): the content goes to a temporary file
in the same folder, is flushed to disk, then renamed over the target, so a
process killed mid-write leaves the previous file intact. The new file gets
the permissions a plain ``open()`` would give it (0666 less the umask), not
the 0600 of a temporary file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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
