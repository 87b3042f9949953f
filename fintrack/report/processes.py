"""Independent jobs of a report (its charts) shared with forked child processes.

Drawing the charts is most of a run's time, and matplotlib holds the interpreter
lock while it draws, so threads cannot share that work; a forked child can. It
starts with everything the jobs read already in its memory: only the results
(SVG bytes) come back, pickled through a pipe. Job ``i`` runs in process
``i % n`` (0 is this one), so the results and their order do not depend on ``n``.

Forking is used only where it is safe and cheap: on Linux, in a process with no
other thread (a thread holding a lock at the fork would leave it held forever in
the child), with at least two cores to use. Anywhere else, and whenever a child
fails (it died, was killed, or a job raised), this process runs the jobs itself,
so an error is raised here exactly as without children.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from fintrack.config import usable_cores

T = TypeVar("T")

#: Processes used when ``report.processes`` is 0 (automatic), at most.
AUTOMATIC_LIMIT = 4


def process_count(processes: int, jobs: int) -> int:
    """The processes ``jobs`` jobs run in when ``processes`` are asked for (0: automatic)."""
    wanted = min(usable_cores(), AUTOMATIC_LIMIT) if processes == 0 else processes
    if wanted < 2 or jobs < 2 or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:
        return 1
    return min(wanted, jobs)


def run_jobs(jobs: Sequence[Callable[[], T]], processes: int = 0) -> list[T]:
    """The results of ``jobs`` (zero-argument callables), in order, computed in up to ``processes`` processes."""
    n = process_count(processes, len(jobs))
    if n == 1:
        return [job() for job in jobs]
    children: dict[int, tuple[int, int]] = {}  # share k -> (pid, read end of its pipe)
    try:
        for k in range(1, n):
            read_end, write_end = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                break
            if pid == 0:
                os.close(read_end)
                _child(jobs[k::n], write_end)  # never returns
            os.close(write_end)
            children[k] = (pid, read_end)
        results: dict[int, T] = {i: jobs[i]() for i in range(0, len(jobs), n)}
        for k in range(1, n):
            indices = range(k, len(jobs), n)
            share = _collect(*children.pop(k)) if k in children else None
            if share is None or len(share) != len(indices):
                share = [jobs[i]() for i in indices]  # no child, or it failed: its jobs here, any error raised here
            results.update(zip(indices, share))
        return [results[i] for i in range(len(jobs))]
    finally:
        for pid, read_end in children.values():  # this process failed first: the children's work is not needed
            os.close(read_end)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _collect(pid: int, read_end: int) -> list | None:
    """A child's results, or None if it failed; the child is waited for and its pipe closed."""
    chunks = []
    try:
        with os.fdopen(read_end, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 (a truncated payload: the jobs run here instead)
        return None


def _child(jobs: Sequence[Callable[[], object]], write_end: int) -> None:
    # a collection would write to the header of every object the parent made, copying nearly all its memory
    # page by page; the child lives for a few charts
    gc.disable()
    code = 1
    try:
        payload = pickle.dumps([job() for job in jobs], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # noqa: BLE001 (the parent runs these jobs again and meets the error itself)
        pass
    finally:
        os._exit(code)
