"""The report's charts drawn in forked child processes: same results, same order, any failure handled here."""
from __future__ import annotations

import dataclasses
import os
import sys
import threading

import pytest

from fintrack.config import load_config
from fintrack.errors import ConfigError
from fintrack.report import build, processes

from .test_sections import _inputs

forks = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child processes are forked on Linux only")
PARENT = os.getpid()


def _where(i: int) -> tuple[int, bool]:
    return i, os.getpid() == PARENT


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:  # this process has no child, running or unwaited
        return True
    return False


@forks
@pytest.mark.parametrize("n", [2, 3])
def test_job_i_runs_in_process_i_mod_n_and_results_keep_the_job_order(n):
    jobs = [lambda i=i: _where(i) for i in range(7)]
    assert processes.run_jobs(jobs, n) == [(i, i % n == 0) for i in range(7)]
    assert _no_child_left()


def test_one_process_runs_every_job_here():
    assert processes.run_jobs([lambda i=i: _where(i) for i in range(4)], 1) == [(i, True) for i in range(4)]


@forks
def test_a_job_that_fails_in_the_child_is_run_again_here():
    def fails_in_a_child():
        if os.getpid() != PARENT:
            os._exit(3)  # as if the child were killed
        return "here"
    assert processes.run_jobs([lambda: 1, fails_in_a_child, lambda: 3, lambda: 4], 2) == [1, "here", 3, 4]
    assert _no_child_left()


@forks
def test_an_error_in_a_job_is_raised_here_as_without_children():
    def broken():
        raise ValueError("no such column: close")
    for jobs in ([lambda: 1, broken], [broken, lambda: 2]):  # the child's job, then this process's own
        with pytest.raises(ValueError, match="no such column: close"):
            processes.run_jobs(jobs, 2)
        assert _no_child_left()


@forks
def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert processes.process_count(2, 8) == 1
        assert processes.run_jobs([lambda i=i: _where(i) for i in range(3)], 2) == [(i, True) for i in range(3)]
    finally:
        stop.set()
        other.join()
    assert processes.process_count(2, 8) == 2


def test_automatic_count_is_the_usable_cores_at_most_four_and_never_more_than_the_jobs(monkeypatch):
    monkeypatch.setattr(processes, "usable_cores", lambda: 16)
    expected = 4 if sys.platform.startswith("linux") else 1
    assert processes.process_count(0, 8) == expected
    assert processes.process_count(0, 3) == min(expected, 3)
    assert processes.process_count(0, 1) == 1
    monkeypatch.setattr(processes, "usable_cores", lambda: 1)
    assert processes.process_count(0, 8) == 1


@forks
def test_charts_drawn_in_two_processes_are_byte_identical_to_one():
    inp = _inputs()
    noop = lambda *args: None  # noqa: E731
    one = build.build_content(dataclasses.replace(inp, processes=1), noop, (5, 6))
    two = build.build_content(dataclasses.replace(inp, processes=2), noop, (5, 6))
    assert [c.name for c in two.charts] == [c.name for c in one.charts] == [
        "event-E1", "decomposition-E1", "prices", "rolling"]
    assert [c.svg for c in two.charts] == [c.svg for c in one.charts]
    assert _no_child_left()


@pytest.mark.parametrize("value", [-1, 9, 1.5, True, "2"])
def test_report_processes_outside_0_to_8_is_a_config_error(tmp_path, value):
    path = tmp_path / "fintrack.toml"
    path.write_text(f"[report]\nprocesses = {value!r}\n".replace("'", '"').replace("True", "true"), encoding="utf-8")
    with pytest.raises(ConfigError, match="report.processes: expected a whole number of processes from 0"):
        load_config(path)


def test_report_processes_reads_from_the_config(tmp_path):
    path = tmp_path / "fintrack.toml"
    path.write_text("[report]\nprocesses = 1\n", encoding="utf-8")
    assert load_config(path).processes == 1
    assert load_config(None).processes == 0
