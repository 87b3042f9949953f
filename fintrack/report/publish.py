"""Put a finished report in place: all files or none, and ``latest`` pointing at it.

A report is built in a hidden staging folder ``<output>/.tmp-<date>-<pid>/``
(each file written atomically with :func:`fintrack.market.atomic_write_bytes`),
then swapped in for ``<output>/<date>/``: the old folder is renamed aside, the
new one renamed into place, and the old one removed. A run killed at any point
leaves either the previous good report or the new complete one under
``<output>/<date>`` (plus, at worst, a stray staging folder that the next run
removes). ``<output>/latest`` is a relative symlink replaced atomically
(a temporary link renamed over it).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from fintrack.market import atomic_write_bytes

LATEST = "latest"


def _clean_stale_staging(output: Path) -> None:
    for stale in list(output.glob(".tmp-*")) + list(output.glob(".old-*")):
        if stale.is_dir():
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
                continue
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish_report(output: str | os.PathLike[str], run_date: str, files: Mapping[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) as ``<output>/<run_date>/`` and point ``latest`` at it.

    Returns the final folder.
    """
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    _clean_stale_staging(output)
    pid = os.getpid()
    staging = output / f".tmp-{run_date}-{pid}"
    staging.mkdir()
    try:
        for name, data in files.items():
            atomic_write_bytes(staging / name, lambda tmp, data=data: Path(tmp).write_bytes(data))
            os.chmod(staging / name, 0o644)  # mkstemp makes 0600; a report is meant to be read
        final = output / run_date
        aside = output / f".old-{run_date}-{pid}"
        if final.exists():
            os.replace(final, aside)
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    _point_latest(output, run_date)
    return final


def _point_latest(output: Path, run_date: str) -> None:
    link = output / LATEST
    tmp = output / f".{LATEST}.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(run_date, tmp)  # relative: the folder can be moved as a whole
    os.replace(tmp, link)
