"""Guidance: voice, tones or both, and how many breaths still say the breathing words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from coach.playback import guidance
from coach.playback.guidance import plays_tones, spoken_cycles_for
from coach.playback.timeline import compile_routine
from coach.routines.reader import parse_routine
from coach.settings import config as config_module
from coach.settings.config import Config, load_config, parse_config
from tests.conftest import run_coach
from tests.test_tui_support import make_app, settle

BREATHING = {"Breathe in", "Hold", "Breathe out", "Breathe out through pursed lips"}


def routine(steps_yaml: str):  # type: ignore[no-untyped-def]
    head = "schema: 1\ntitle: T\ncategory: mixed\ntargets: [ribs]\nsteps:\n"
    result = parse_routine(head + textwrap.indent(textwrap.dedent(steps_yaml), "  "), "t", "t")
    assert result.errors == [], result.errors
    return result.routine


STEPS = """\
- breathe:
    name: Box
    prepare: 4s
    pattern: {inhale: 4, hold: 4, exhale: 4, hold_after: 4}
    cycles: 5
    halfway: true
    cues:
      - {at: 50s, say: "Relax your jaw"}
- breathe: {name: Lips, pattern: pursed-lip, cycles: 4, prepare: 3s}
- hold:
    name: Side stretch
    prepare: 5s
    seconds: 20
    reps: 2
    rest: 5s
    breathe: {inhale: 4, exhale: 6}
"""


def words_by_step(spoken_cycles: int | None) -> list[list[str]]:
    timeline = compile_routine(routine(STEPS), spoken_cycles=spoken_cycles)
    out: list[list[str]] = [[] for _ in timeline.steps]
    for cue in timeline.cues:
        out[cue.step] += [part.strip() for part in cue.text.split(".") if part.strip()]
    return out


def test_the_helper_maps_each_choice() -> None:
    assert spoken_cycles_for("voice", 3) is None
    assert spoken_cycles_for("both", 3) == 3
    assert spoken_cycles_for("both", 0) == 0
    assert spoken_cycles_for("tones", 3) == 0
    assert (plays_tones("voice"), plays_tones("tones"), plays_tones("both")) == (False, True, True)
    with pytest.raises(ValueError, match="guidance must be one of voice, tones, both"):
        spoken_cycles_for("loud", 3)
    with pytest.raises(ValueError):
        plays_tones("")


def test_none_says_every_breathing_word_as_before() -> None:
    steps = words_by_step(None)
    assert steps[0].count("Breathe in") == 4 and steps[0].count("Hold") == 10
    assert steps[0].count("Last breath in") == 1
    assert steps[1].count("Breathe out through pursed lips") == 4
    assert steps[2].count("Breathe in") == 4  # two breaths in each of the two holds
    assert compile_routine(routine(STEPS)) == compile_routine(routine(STEPS), spoken_cycles=None)


def test_n_says_the_breathing_words_only_in_the_first_n_cycles_of_each_set() -> None:
    steps = words_by_step(2)
    box, lips, hold = steps
    assert box.count("Breathe in") == 2 and box.count("Breathe out") == 2
    assert box.count("Hold") == 4  # hold and hold_after, in cycles 1 and 2
    assert box.count("Last breath in") == 1  # always said
    assert {"Box", "Halfway", "Relax your jaw"} <= set(box)  # everything else stays
    assert lips.count("Breathe out through pursed lips") == 2
    assert hold.count("Breathe in") == 4 and hold.count("Stretch and hold") == 2  # 2 a hold
    box, lips, hold = words_by_step(1)
    assert hold.count("Breathe in") == 2 and hold.count("Breathe out") == 2  # 1 in each hold
    assert box.count("Breathe in") == 1 and lips.count("Last breath in") == 1


def test_zero_leaves_only_the_last_breath_and_the_routine_words() -> None:
    box, lips, hold = words_by_step(0)
    assert not BREATHING & set(box + lips + hold)
    assert box.count("Last breath in") == 1 and lips.count("Last breath in") == 1
    assert {"Halfway", "Relax your jaw", "Stretch and hold", "Rest", "And relax"} <= set(box + hold)


def test_thinning_the_words_never_moves_time() -> None:
    full = compile_routine(routine(STEPS))
    for n in (0, 1, 3, 20):
        thin = compile_routine(routine(STEPS), spoken_cycles=n)
        assert (thin.segments, thin.steps, thin.total) == (full.segments, full.steps, full.total)
        assert {c.at for c in thin.cues} <= {c.at for c in full.cues}
        kept = {(c.at, words) for c in full.cues for _, _, words in c.origins}  # its own words
        assert len(kept) == 5  # 3 openings, halfway, the cue
        assert all(any(at == t.at and text in t.text for t in thin.cues) for at, text in kept)


def test_config_reads_guidance_and_spoken_cycles_with_line_accurate_problems() -> None:
    assert (Config().guidance, Config().spoken_cycles) == ("both", 3)
    assert config_module.GUIDANCE == guidance.GUIDANCE
    assert Config().guidance == guidance.DEFAULT_GUIDANCE
    assert Config().spoken_cycles == guidance.DEFAULT_SPOKEN_CYCLES
    config, problems = parse_config("guidance: tones\nspoken_cycles: 0\n", "c.yaml")
    assert (config.guidance, config.spoken_cycles, problems) == ("tones", 0, [])
    config, problems = parse_config("voice: true\nguidance: tone\nspoken_cycles: 21\n", "c.yaml")
    assert (config.guidance, config.spoken_cycles) == ("both", 3)  # defaults kept
    shown = [str(p) for p in problems]
    assert (
        "c.yaml:2:11: error: 'tone' is not a guidance choice (did you mean 'tones'?); "
        "the default applies" in shown
    )
    assert any(s.startswith("c.yaml:3:16: error: spoken_cycles must be at most 20") for s in shown)


def test_coach_config_shows_and_sets_guidance(coach_home: Path) -> None:
    shown = run_coach("config")
    assert shown.returncode == 0
    assert any(ln.split()[:2] == ["guidance", "both"] for ln in shown.stdout.splitlines())
    assert any(ln.split()[:2] == ["spoken_cycles", "3"] for ln in shown.stdout.splitlines())
    assert run_coach("config", "set", "guidance", "voice").returncode == 0
    bad = run_coach("config", "set", "spoken_cycles", "-1")
    assert bad.returncode != 0 and "spoken_cycles" in bad.stderr
    config = load_config(coach_home / "config" / "config.yaml").config
    assert (config.guidance, config.spoken_cycles) == ("voice", 3)


async def test_the_settings_screen_offers_the_guidance_choice(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        select = screen.query_one("#value-guidance", Select)
        assert select.value == "both"
        assert screen.query_one("#value-spoken_cycles", Input).value == "3"
        select.focus()
        await pilot.press("enter", "up", "enter")  # both -> tones
        await pilot.pause()
        assert select.value == "tones"
    assert load_config(coach_home / "config" / "config.yaml").config.guidance == "tones"
