"""Put a finished report in place: all files or none, and ``latest`` pointing at it.

A report is built in a hidden staging folder ``<output>/.tmp-<date>-<pid>/``
(each file written atomically with :func:`fintrack.files.atomic_write_bytes`),
then swapped in for ``<output>/<date>/`` in one step: on Linux the two folders
are exchanged atomically (``renameat2(RENAME_EXCHANGE)``), so ``<output>/<date>``
always exists; elsewhere the old folder is renamed aside, the new one renamed
into place, and the old one removed. A run killed at any point leaves either
the previous good report or the new complete one under ``<output>/<date>``
(plus, at worst, a stray staging folder that the next run removes). If a run
dies in the two-rename fallback between the renames, :func:`recover_interrupted`
(called at the start of every run and by :func:`publish_report`) moves the
previous report back. ``<output>/latest`` is a relative symlink replaced
atomically (a temporary link renamed over it).
"""
from __future__ import annotations

import ctypes
import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from fintrack.files import atomic_write_bytes

LATEST = "latest"


def recover_interrupted(output: str | os.PathLike[str]) -> list[Path]:
    """Undo what a run killed while publishing left behind under ``output``; returns restored folders.

    A previous report moved aside (``.old-<date>-<pid>``) by a run that died
    before moving the new one in is moved back to ``<date>``; staging folders
    and leftovers of dead runs are removed. Folders of live runs are left alone,
    and so is anything whose name and content do not prove it is fintrack's:
    exactly ``.tmp-YYYY-MM-DD-<pid>`` or ``.old-YYYY-MM-DD-<pid>`` with a real
    date, holding only plain files (a report folder has no sub-folders); the
    output folder may be shared with other tools that use ``.tmp-*`` names.
    """
    output = Path(output)
    restored = []
    if not output.is_dir():
        return restored
    for stale in sorted(output.glob(".old-*")) + sorted(output.glob(".tmp-*")):
        match = _OWN_FOLDER.fullmatch(stale.name)
        if match is None or not _is_own_folder(stale, match.group("date")):
            continue
        pid = int(match.group("pid"))
        if _alive(pid) and pid != os.getpid():
            continue
        try:
            if match.group("kind") == "old":
                final = output / match.group("date")
                if not final.exists() and not final.is_symlink():
                    os.replace(stale, final)
                    restored.append(final)
                    continue
            shutil.rmtree(stale)
        except OSError:  # a read-only folder: left for a later run; this run's own writes will say so
            continue
    return restored


_OWN_FOLDER = re.compile(r"\.(?P<kind>tmp|old)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<pid>\d{1,10})")


def _is_own_folder(folder: Path, date: str) -> bool:
    """A folder fintrack staged or moved aside: a real ISO date in its name, only plain files in it."""
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        return False
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        return all(entry.is_file(follow_symlinks=False) for entry in os.scandir(folder))
    except OSError:
        return False


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False  # EINVAL/ENOSYS: the file system or kernel cannot exchange; use the two renames


def _swap_in(staging: Path, final: Path, aside: Path) -> Path | None:
    """Put ``staging`` at ``final``; returns where the previous report now is (to delete), if any."""
    if not final.exists():
        os.replace(staging, final)
        return None
    if _exchange(staging, final):
        return staging
    os.replace(final, aside)
    os.replace(staging, final)
    return aside


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
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"report file name {name!r} is not a plain file name")
    output.mkdir(parents=True, exist_ok=True)
    recover_interrupted(output)
    pid = os.getpid()
    staging = output / f".tmp-{run_date}-{pid}"
    staging.mkdir()
    try:
        for name, data in files.items():
            atomic_write_bytes(staging / name, lambda tmp, data=data: Path(tmp).write_bytes(data))
        final = output / run_date
        previous = _swap_in(staging, final, output / f".old-{run_date}-{pid}")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    _point_latest(output, run_date)
    return final


def _point_latest(output: Path, run_date: str) -> None:
    link = output / LATEST
    tmp = output / f".{LATEST}.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(run_date, tmp)  # relative: the folder can be moved as a whole
    os.replace(tmp, link)
