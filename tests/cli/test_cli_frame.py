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
    monkeypatch.setattr(cli, "COMMANDS", {"boom": ("fake.boom", "fails")})
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
    parser = cli.build_parser("*")
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) == set(cli.COMMANDS) == {"prices", "extract", "verify", "run"}
    for name, (module, help_text) in cli.COMMANDS.items():
        assert commands[name].format_help().startswith(f"usage: fintrack {name}")
    help_text = cli.build_parser().format_help()
    for name, (module, one_line) in cli.COMMANDS.items():
        assert name in help_text and one_line.split(",")[0] in " ".join(help_text.split())


@pytest.mark.parametrize("name", ["prices", "extract", "verify", "run"])
def test_the_command_table_help_is_the_registered_help(name):
    """The lazy table's one-line help is what the stage's own module registers."""
    parser = cli.build_parser(name)
    action = parser._subparsers._group_actions[0]
    helps = {a.dest: a.help for a in action._choices_actions}
    assert helps[name] == cli.COMMANDS[name][1]


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []])
def test_help_and_version_import_no_stage_and_no_scipy(argv):
    import subprocess
    import sys

    code = ("import sys\nfrom fintrack.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy', 'scipy', 'yfinance') "
            "or m in ('fintrack.market', 'fintrack.news', 'fintrack.study', 'fintrack.verify', 'fintrack.pipeline')))"
            % argv)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_command_loads_only_its_own_stage():
    import subprocess
    import sys

    code = ("import sys\nfrom fintrack.cli import main\ntry:\n    main(['prices', '--help'])\nexcept SystemExit:\n"
            "    pass\nprint('scipy.stats' in sys.modules, 'fintrack.study' in sys.modules)\n"
            # what reading and checking a claims table needs, without the claim grammar (0.2 s of regexes)
            "import fintrack.news.schema, fintrack.news.numbers, fintrack.verify.core\n"
            "print(*(f'fintrack.news.{m}' in sys.modules for m in ('claims', 'patterns', 'dates')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-2:] == ["False False", "False False False"]


def test_study_p_values_need_no_scipy_stats():
    """The study's two-sided p-values use scipy.special; checked against scipy.stats itself."""
    import numpy as np
    from scipy import stats

    from fintrack.study import statistics as st

    t = np.array([0.0, 0.4, -1.96, 2.5, 7.0, np.nan])
    df = np.array([3, 10, 30.5, 250, 1e6, 5])
    np.testing.assert_allclose(st._two_sided_t(t, df), 2 * stats.t.sf(np.abs(t), df), rtol=1e-12)
    np.testing.assert_allclose(st._two_sided_z(t), 2 * stats.norm.sf(np.abs(t)), rtol=1e-12)
