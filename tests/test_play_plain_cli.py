"""`coach play --plain` end to end: the real CLI in a subprocess, at preview speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import interrupt, run_coach, start_plain_session
from tests.test_play_plain import CAUTIOUS

LONG = """
schema: 1
id: long-rest
title: A long rest
category: breathing
targets: [ribs]
steps:
  - rest: {name: Quiet rest, seconds: 10m, instruction: Lie still.}
"""


@pytest.fixture
def short_routine(tmp_path: Path) -> Path:
    path = tmp_path / "three.yaml"
    path.write_text(CAUTIOUS, encoding="utf-8")
    return path


def test_plain_play_completes_with_steps_cues_and_a_trace(
    short_routine: Path, tmp_path: Path
) -> None:
    trace = tmp_path / "t.jsonl"
    result = run_coach(
        "play", str(short_routine), "--plain", "--no-voice", "--speed", "20", "--trace", str(trace)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    for text in (
        "Step 1 of 3: Calm breathing",
        "Step 2 of 3: Side stretch",
        "Step 3 of 3: Rest",
        "0:01  Breathe in",
        "0:10  Start with the left side. Stretch and hold.",
        "Not advised with: Osteoporosis or long-term steroids, Lupus flare now.",
        "Caution: Stop if the pain sharpens.",
        "Done: 17s, 3 of 3 steps.",
    ):
        assert text in out
    assert out.index("Caution:") < out.index("Step 1 of 3")
    records = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    shown = json.loads(run_coach("show", str(short_routine), "--json").stdout)
    expected = [(c["at"], c["text"]) for c in shown["timeline"]["cues"]]
    cue_records = [r for r in records if r["kind"] == "cue"]
    assert [(r["at"], r["text"]) for r in cue_records] == expected
    for r in cue_records:
        assert r["scheduled"] == pytest.approx(r["at"] / 20)
        assert 0 <= r["actual"] - r["scheduled"] < 0.5  # measured, and never early
    assert records[-1]["kind"] == "finished"


def test_play_without_a_terminal_plays_plain_lines(short_routine: Path) -> None:
    result = run_coach("play", str(short_routine), "--no-voice", "--speed", "100")
    assert result.returncode == 0, result.stderr
    assert "Step 3 of 3: Rest" in result.stdout
    assert "\x1b" not in result.stdout


def test_ctrl_c_stops_cleanly_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "long-rest.yaml"
    path.write_text(LONG, encoding="utf-8")
    proc = start_plain_session(path)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("A long rest (long-rest), 10m")
    out, err = interrupt(proc)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err == ""
    # The closing line, then what the session log says about it (test_play_plain_log.py).
    closing = [line for line in out.splitlines() if line.startswith("Stopped after ")]
    assert len(closing) == 1 and closing[0].endswith("(0 of 1 step).")


@pytest.mark.parametrize("speed", ["0", "0.0001", "-2", "nan", "inf", "101", "fast", ""])
def test_a_bad_speed_is_a_usage_error(short_routine: Path, speed: str) -> None:
    result = run_coach("play", str(short_routine), "--plain", "--no-voice", f"--speed={speed}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "argument --speed: must be a number from 0.1 to 100" in result.stderr
    assert result.stdout == ""


def test_an_unknown_routine_is_a_one_line_problem() -> None:
    result = run_coach("play", "no-such-routine", "--plain", "--no-voice")
    assert result.returncode == 1
    assert result.stderr.startswith("coach: error: no routine called 'no-such-routine'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_play_without_a_routine_is_a_usage_error() -> None:
    result = run_coach("play", "--plain")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_play_has_help() -> None:
    result = run_coach("play", "--help")
    assert result.returncode == 0
    for option in ("--plain", "--no-voice", "--speed", "--trace"):
        assert option in result.stdout
