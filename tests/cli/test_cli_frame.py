"""The CLI frame: exit codes and one-line errors."""
from __future__ import annotations

import pytest

from fintrack import cli
from fintrack.errors import ConfigError, DownloadError


def _register_failing(monkeypatch, exc):
    def register(subparsers):
        sub = subparsers.add_parser("boom")
        sub.set_defaults(handler=lambda args: (_ for _ in ()).throw(exc))

    module = type("M", (), {"register": staticmethod(register)})
    real_import = cli.importlib.import_module
    monkeypatch.setattr(cli, "_COMMAND_MODULES", ("fake.boom",))
    monkeypatch.setattr(cli.importlib, "import_module",
                        lambda name: module if name == "fake.boom" else real_import(name))


@pytest.mark.parametrize("exc, code, line", [
    (ConfigError("event window (5, -5) is inverted"), 2, "fintrack: error: event window (5, -5) is inverted"),
    (DownloadError("CAN: download failed"), 3, "fintrack: error: CAN: download failed"),
    (ZeroDivisionError("division by zero"), 1,
     "fintrack: internal error: ZeroDivisionError: division by zero (run with -v for the traceback)"),
])
def test_errors_become_one_line_and_an_exit_code(monkeypatch, capsys, exc, code, line):
    _register_failing(monkeypatch, exc)
    assert cli.main(["boom"]) == code
    assert capsys.readouterr().err.strip().splitlines() == [line]


def test_no_command_prints_help_and_exits_2(capsys):
    assert cli.main([]) == 2
    assert "usage: fintrack" in capsys.readouterr().out


def test_every_stage_registers_its_commands():
    help_text = cli.build_parser().format_help()
    for command in ("prices", "extract", "verify", "run"):
        assert command in help_text
