"""Settings: validated like routine files, and changed safely."""

from __future__ import annotations

import json
import os

import pytest

from coach.settings.config import Config, ConfigError, load_config, parse_config
from coach.settings.config_write import set_value
from tests.conftest import run_coach


def test_missing_file_gives_defaults(tmp_path):
    loaded = load_config(tmp_path / "none.yaml")
    assert loaded.config == Config() and not loaded.exists and loaded.problems == []


def test_settings_are_read(tmp_path):
    text = "voice: off\nrate: 180\nrest_days: [Sat, sunday]\nconditions: [asthma, lupus]\ntheme: high-contrast\nkeys: {pause: x}\n"
    config, problems = parse_config(text, "c.yaml")
    assert problems == []
    assert config.voice is False and config.rate == 180
    assert config.rest_days == ("sat", "sun") and config.rest_weekdays == {5, 6}
    assert config.conditions == ("asthma", "lupus") and config.theme == "high-contrast"
    assert config.keys["pause"] == "x" and config.keys["skip"] == "n"


def test_problems_name_line_column_and_suggest(tmp_path):
    text = "rate: 150\nvoise: on\nweekly_goal: 9\nrest_days: [funday]\nconditions: [astma]\n"
    config, problems = parse_config(text, "c.yaml")
    shown = [str(p) for p in problems]
    assert shown[0] == "c.yaml:2:1: error: unknown key 'voise' in the config; did you mean 'voice'?"
    assert shown[1] == "c.yaml:3:14: error: weekly_goal must be at most 7, not 9"
    assert shown[2].startswith("c.yaml:4:13: error: 'funday' is not a weekday (choose from: mon")
    assert shown[2].endswith("; no rest days apply")
    assert shown[3] == (
        "c.yaml:5:14: error: 'astma' is not a condition (did you mean 'asthma'?); "
        "no conditions apply"
    )
    # Each broken setting falls back to its default; good ones still apply.
    assert config.weekly_goal == 5 and config.rate == 150 and config.conditions == ()


def test_key_clash_is_an_error():
    _, problems = parse_config("keys: {pause: n}\n", "c.yaml")
    assert (
        problems and "pause: n is also the key for skip; pause keeps space" in problems[0].message
    )


def test_hostile_config_is_a_problem_not_a_crash():
    config, problems = parse_config(b"\x00\x01\x02", "c.yaml")
    assert config == Config() and "binary" in problems[0].message
    config, problems = parse_config("- a\n- b\n", "c.yaml")
    assert config == Config() and "must be a mapping" in problems[0].message
    config, problems = parse_config("rate: !!python/object:os.system x\n", "c.yaml")
    assert config == Config() and "not allowed" in problems[0].message


def test_set_value_keeps_comments_and_other_settings(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("# my settings\nrate: 150\nvoice: on\n# end\n")
    set_value("rate", "180", path)
    set_value("rest_days", "[sat]", path)
    set_value("keys.skip", "right", path)
    text = path.read_text()
    assert text.startswith("# my settings\nrate: 180\nvoice: on\n# end\n")
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.config.rate == 180 and loaded.config.rest_days == ("sat",)
    assert loaded.config.keys["skip"] == "right"


def test_set_value_refuses_invalid_values_and_leaves_the_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("rate: 150\n")
    with pytest.raises(ConfigError, match="rate must be at most 400"):
        set_value("rate", "9000", path)
    with pytest.raises(ConfigError, match="did you mean 'rate'"):
        set_value("rat", "100", path)
    with pytest.raises(ConfigError, match="unknown action"):
        set_value("keys.jump", "j", path)
    assert path.read_text() == "rate: 150\n"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "config.yaml"
    path.write_text("rate: 150\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError, match="the disk is full; the old file is unchanged"):
        set_value("rate", "120", path)
    assert path.read_text() == "rate: 150\n"
    assert os.listdir(tmp_path) == ["config.yaml"]  # no temp file left behind


def test_config_cli_show_and_set(coach_home):
    out = run_coach("config")
    assert out.returncode == 0 and "config file:" in out.stdout and "weekly_goal" in out.stdout
    out = run_coach("config", "set", "weekly_goal", "3")
    assert out.returncode == 0, out.stderr
    data = json.loads(run_coach("config", "--json").stdout)
    assert data["settings"]["weekly_goal"] == 3 and data["exists"] is True
    bad = run_coach("config", "set", "theme", "hi-contrast")
    assert bad.returncode == 2
    assert "did you mean 'high-contrast'?" in bad.stderr and "Traceback" not in bad.stderr


def test_config_cli_reports_a_broken_file(coach_home):
    path = coach_home / "config" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("rate: fast\n")
    out = run_coach("config")
    assert out.returncode == 1
    assert f"{path}:1:7: error: rate must be a number, not text" in out.stderr
