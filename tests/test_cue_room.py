"""`coach validate` warns at the words of a cue that cannot finish before the next one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.playback.cue_room import crowded_cues, cue_room_problems
from coach.playback.saying import estimate_seconds
from coach.playback.timeline import compile_routine
from coach.routines.reader import parse_routine
from tests.conftest import run_coach

CROWDED = """\
schema: 1
title: Crowded
category: mixed
targets: [ribs]
steps:
  - breathe:
      name: Belly breathing
      instruction: Sit back with one hand on your chest and one on your belly, and let it rise.
      prepare: 2s
      pattern: {inhale: 4, exhale: 6}
      cycles: 2
      cues:
        - {at: 3s, say: "Let your shoulders drop"}
  - reps:
      name: Squeeze
      prepare: 3s
      count: 2
      tempo: {out: 1, hold: 3, back: 2}
      say: {out: Draw the shoulder blades back and down, hold: Hold, back: Release}
  - breathe:
      name: Slow
      prepare: 3s
      pattern: {inhale: 2, exhale: 3}
      cycles: 3
      halfway: true
  - breathe:
      name: Quick
      prepare: 3s
      pattern: {inhale: 1, exhale: 2}
      cycles: 3
"""

#: (line, column, the field named, the start of what follows it) for each warning.
EXPECTED = [
    (8, 20, "step 1's instruction:", "lengthen 'prepare' (now 2s) to 6.5s, or shorten the words"),
    (13, 25, "step 1's cues[0].say:", "move it ('at'), or shorten the words"),
    (19, 18, "step 2's say.out:", "shorten the word, or lengthen the tempo"),
    (19, 18, "step 2's say.out:", "shorten the word, or lengthen the tempo"),
    (25, 16, "step 3's halfway:", "move this cue, or drop it"),
    (29, 16, "step 4:", "lengthen the phase it starts (its seconds, tempo or pattern)"),
]


def crowded_routine():  # type: ignore[no-untyped-def]
    result = parse_routine(CROWDED, "crowded.yaml", "crowded")
    assert result.errors == []
    return result.routine


def test_each_crowded_cue_is_a_warning_at_the_exact_words_with_seconds_and_a_hint() -> None:
    problems = cue_room_problems(crowded_routine(), CROWDED, "crowded.yaml")
    got = [(p.path, p.line, p.column, p.severity) for p in problems]
    assert got == [("crowded.yaml", line, col, "warning") for line, col, _, _ in EXPECTED]
    for p, (_, _, field, hint) in zip(problems, EXPECTED, strict=True):
        assert p.message.startswith(field), p.message
        assert p.message.endswith(hint), p.message
        assert "needs " in p.message and "s to say but has " in p.message
    first = problems[0].message
    assert "needs 6.5s to say but has 2.0s before 'Breathe in' starts" in first
    assert "'Let your shoulders drop' (5s into the routine) needs 1.6s" in problems[1].message
    assert "has 1.0s before 'Breathe out' starts" in problems[1].message
    assert "'Halfway' (47.5s into the routine) starts while 'Breathe out'" in problems[4].message
    assert "'Last breath in'" in problems[5].message


def test_measured_lengths_replace_the_estimate() -> None:
    routine = crowded_routine()
    texts = {c.text for c in compile_routine(routine).cues}
    assert cue_room_problems(routine, CROWDED, "c.yaml", measured=dict.fromkeys(texts, 0.3)) == []
    long = dict.fromkeys(texts, 0.3) | {"Hold": 3.5}
    problems = cue_room_problems(routine, CROWDED, "c.yaml", measured=long)
    assert [(p.line, p.column) for p in problems] == [(19, 64), (19, 64)]  # say.hold
    assert all(p.message.startswith("step 2's say.hold:") for p in problems)


def test_a_faster_rate_gives_the_words_room() -> None:
    routine = crowded_routine()
    slow = crowded_cues(compile_routine(routine), rate=100)
    fast = crowded_cues(compile_routine(routine), rate=400)
    assert len(fast) < len(slow)


def test_a_cue_at_the_very_end_is_closing_words_and_is_not_warned() -> None:
    head = CROWDED.split("steps:")[0]
    text = head + "steps:\n  - hold: {name: Stretch, prepare: 3s, seconds: 10}\n"
    routine = parse_routine(text, "end.yaml", "end").routine
    assert routine is not None
    timeline = compile_routine(routine)
    assert (timeline.cues[-1].text, timeline.cues[-1].at) == ("And relax", timeline.total)
    assert cue_room_problems(routine, text, "end.yaml") == []
    squeezed = text.replace("prepare: 3s", "prepare: 0.5s")  # "Stretch." has half a second
    assert [p.line for p in cue_room_problems(routine_of(squeezed), squeezed, "e.yaml")] == [6]


def routine_of(text: str):  # type: ignore[no-untyped-def]
    result = parse_routine(text, "t.yaml", "t")
    assert result.errors == []
    return result.routine


@pytest.mark.parametrize(
    ("shorter", "longer"),
    [
        ("Hold", "Hold your breath gently"),
        ("Breathe in", "Breathe in. Slowly."),
        ("Breathe in slowly", "Breathe in, slowly"),
        ("Four rounds", "Four rounds of 4-7-8"),
    ],
)
def test_the_estimate_grows_with_words_letters_and_pauses(shorter: str, longer: str) -> None:
    assert estimate_seconds(shorter) < estimate_seconds(longer)


def test_the_estimate_scales_with_the_rate_and_ignores_symbols() -> None:
    text = "Let your shoulders drop"
    assert estimate_seconds(text, 300) < estimate_seconds(text, 150) < estimate_seconds(text, 80)
    assert estimate_seconds(text + " 😌") == estimate_seconds(text)
    assert estimate_seconds("😌 ...") == 0.0


def test_validate_cli_prints_each_warning_at_its_position_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "crowded.yaml"
    path.write_text(CROWDED)
    done = run_coach("validate", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for (line, col, field, _), out in zip(EXPECTED, lines, strict=False):
        assert out.startswith(f"{path}:{line}:{col}: warning: {field}"), out
    assert lines[-1] == "1 file(s) checked: 0 with errors, 0 error(s), 6 warning(s)"
    as_json = run_coach("validate", str(path), "--json")
    found = json.loads(as_json.stdout)
    assert [(p["line"], p["column"], p["severity"]) for p in found] == [
        (line, col, "warning") for line, col, _, _ in EXPECTED
    ]


def test_validate_cli_finds_no_crowded_cue_in_the_builtins() -> None:
    done = run_coach("validate", "routines/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith("0 error(s), 0 warning(s)")


@pytest.mark.voice
def test_validate_cli_with_the_real_voice_times_the_cues(tmp_path: Path) -> None:
    path = tmp_path / "crowded.yaml"
    path.write_text(CROWDED)
    done = run_coach("validate", "--voice", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # The real voice says "Last breath in" in under a second: that warning was the estimate's.
    assert [ln.split(": warning")[0] for ln in lines[:-1]] == [
        f"{path}:{line}:{col}" for line, col, _, _ in EXPECTED[:5]
    ]
