"""Child processes forked from the test process, for the fault cases where a process dies or two race.

A child started as a fresh interpreter spends a second or two importing pandas, matplotlib and fintrack
again before the code under test runs; a forked child has them already. The child runs a script the way
``python -c SCRIPT ARGS...`` would (``sys.argv[1:]`` is ``ARGS``, ``sys.exit`` sets its status, an uncaught
exception prints its traceback and exits 1) with its own stdout and stderr, and the parent sees its exit
status as :mod:`subprocess` reports it (``-9`` for SIGKILL). POSIX only, as the fault cases are.
"""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback


class ForkedChild:
    """A script running in a forked child: ``poll()``, ``wait(timeout)`` and ``kill()``, like ``subprocess.Popen``;
    ``wait`` returns a ``subprocess.CompletedProcess`` with the child's status, stdout and stderr."""

    def __init__(self, script: str, *args: str) -> None:
        self.args = ["-c", script, *args]
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            _run_child(textwrap.dedent(script), list(args), self._out.fileno(), self._err.fileno())
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])

    def wait(self, timeout: float = 120) -> subprocess.CompletedProcess:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.01)
        return subprocess.CompletedProcess(self.args, self.returncode, _read(self._out), _read(self._err))


def run_forked(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``script`` in a forked child with ``args`` and wait for it (``subprocess.run`` with ``capture_output``)."""
    return ForkedChild(script, *args).wait(timeout)


def _read(handle) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")


def _run_child(script: str, args: list[str], out: int, err: int) -> None:
    code = 1
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.argv = ["-c", *args]
        exec(compile(script, "<child>", "exec"), {"__name__": "__main__"})
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 (the child reports anything, as an interpreter would)
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
