"""COACH_CUE_TRACE: both front ends write when each spoken cue was due and handed to the voice."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from coach.playback.player import FINISHED_TEXT
from coach.services.cue_trace import CUE_TRACE_ENV, open_cue_trace
from tests.conftest import run_coach
from tests.test_play_plain import CAUTIOUS
from tests.test_player import FakeClock


def test_unset_means_no_trace() -> None:
    assert open_cue_trace("app", env={}) is None


def test_each_line_is_the_text_with_due_and_fired_in_wall_time(tmp_path: Path) -> None:
    path = tmp_path / "cues.jsonl"
    clock = FakeClock(50.0)
    trace = open_cue_trace("app", clock, env={CUE_TRACE_ENV: str(path)})
    assert trace is not None
    before = time.time()
    trace.said("Breathe in", due=49.99, fired=50.0)  # fired now, 10 ms after it was due
    trace.close()
    (line,) = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert (record["front"], record["text"]) == ("app", "Breathe in")
    assert record["fired"] - record["due"] == pytest.approx(0.01, abs=1e-5)
    assert before - 1 < record["fired"] < time.time() + 1  # the clock made into wall time


def test_plain_mode_traces_every_spoken_cue(tmp_path: Path) -> None:
    routine, path = tmp_path / "three.yaml", tmp_path / "cues.jsonl"
    routine.write_text(CAUTIOUS, encoding="utf-8")
    result = run_coach(
        "play",
        str(routine),
        "--plain",
        "--no-voice",
        "--speed",
        "20",
        env={CUE_TRACE_ENV: str(path)},
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    shown = json.loads(run_coach("show", str(routine), "--json").stdout)
    assert [r["text"] for r in records] == [c["text"] for c in shown["timeline"]["cues"]] + [
        FINISHED_TEXT
    ]
    assert all(r["front"] == "plain" and r["fired"] >= r["due"] for r in records)
