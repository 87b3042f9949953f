"""Configuration: defaults, the example file, and one-line errors for bad values."""
from __future__ import annotations

from pathlib import Path

import pytest

from fintrack.config import Config, load_config
from fintrack.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_defaults_follow_the_issue():
    config = load_config()
    assert config.primary == "CAN" and config.market == "QQQ" and config.bitcoin == "BTC-USD"
    assert config.peers == ("MARA", "RIOT", "HIVE", "BITF", "HUT", "EBON")
    assert config.models == ("market", "market_btc")
    assert config.tickers[0] == "CAN" and len(config.tickers) == 9


def test_example_file_at_repo_root_loads_and_matches_the_defaults():
    config = load_config(REPO / "fintrack.toml")
    defaults = Config()
    for key in ("primary", "peers", "market", "bitcoin", "models", "estimation_window", "event_window",
                "car_windows", "min_estimation_obs", "rolling_window", "pdf", "start"):
        assert getattr(config, key) == getattr(defaults, key), key


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "fintrack.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("[study]\nevent_window = [5, -5]\n", "inverted"),
    ("[study]\nestimation_window = [-250, 0]\n", "must end before"),
    ("[study]\nmodels = ['fama_french_9']\n", "unknown model 'fama_french_9'"),
    ("[study]\nmin_estimation_obs = -3\n", "positive integer"),
    ("[tickers]\npeers = ['MARA', 'RI OT']\n", "'RI OT' is not a ticker"),
    ("[tickers]\nprimary = 'QQQ'\n", "cannot also be the market"),
    ("[report]\ncolour = 'red'\n", "unknown key 'colour'"),
    ("[study\n", "invalid TOML"),
    ("[study]\nthreads = -1\n", "whole number of threads from 0"),
    ("[study]\nthreads = 2.5\n", "whole number of threads from 0"),
    ("[study]\nthreads = 1000\n", "to 64, got 1000"),
    ("[events]\narticles = 'no/such/folder'\n", "not found"),
])
def test_bad_values_raise_one_line_config_errors(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as info:
        load_config(_write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_relative_paths_in_a_file_resolve_against_its_folder(tmp_path):
    config = load_config(_write(tmp_path, "[report]\noutput = 'out'\n"))
    assert config.output == tmp_path / "out"


def test_overrides_win_and_none_means_not_given(tmp_path):
    config = load_config(_write(tmp_path, "[report]\npdf = false\n"), {"pdf": None, "output": "elsewhere"})
    assert config.pdf is False and config.output == Path("elsewhere")


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize("value", ["220", "100000", "'high'"])
def test_the_retired_report_dpi_key_still_loads_silently_and_means_nothing(tmp_path, value, recwarn, capsys):
    """Charts in the PDF are vectors now: an older file's ``report.dpi`` (any value) is dropped, without a warning
    or a line on stderr, so a quiet scheduled run stays quiet; it is not offered as an expected key."""
    config = load_config(_write(tmp_path, f"[report]\ndpi = {value}\npdf = false\n"))
    assert config.pdf is False and not hasattr(config, "dpi")
    assert not recwarn.list and capsys.readouterr() == ("", "")
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, "[report]\ndpl = 220\n"))
    assert "unknown key 'dpl'" in str(info.value) and "dpi" not in str(info.value)



@pytest.mark.parametrize("threads, passed", [(0, None), (1, 1), (3, 3)])
def test_study_threads_reach_the_event_study(tmp_path, monkeypatch, threads, passed):
    """``study.threads`` is read (0: automatic) and each of the run's studies gets it."""
    import numpy as np
    import pandas as pd

    import fintrack.study as study
    from fintrack.pipeline import run_studies

    config = load_config(_write(tmp_path, f"[study]\nthreads = {threads}\nmodels = ['market']\n"))
    assert config.threads == threads
    seen = []
    real = study.event_study

    def spy(*args, **kwargs):
        seen.append(kwargs.get("threads", "not given"))
        return real(*args, **kwargs)

    monkeypatch.setattr(study, "event_study", spy)
    rng = np.random.default_rng(0)
    index = pd.bdate_range("2020-01-01", periods=400, name="date")
    returns = pd.DataFrame(rng.normal(0, 0.02, (400, 3)), index=index, columns=["CAN", "QQQ", "BTC-USD"])
    events = pd.DataFrame({"event_id": ["e1"], "asset": ["CAN"], "date": [index[320]]})
    runs = run_studies(returns, {"primary": events}, config, [], [])
    assert seen == [passed] and len(runs) == 1
