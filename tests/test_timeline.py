"""Compiling routines into timelines: totals, expansion of sides/reps/sets, natural cues."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.playback.timeline import compile_routine
from coach.routines.reader import parse_routine
from tests.test_routine_errors import GOOD


def routine(steps_yaml: str, **meta: str):
    head = "schema: 1\ntitle: T\ncategory: mixed\ntargets: [ribs]\n"
    head += "".join(f"{k}: {v}\n" for k, v in meta.items())
    text = head + "steps:\n" + textwrap.indent(textwrap.dedent(steps_yaml), "  ")
    result = parse_routine(text, "t.yaml", "t")
    assert result.errors == [], result.errors
    return result.routine


def test_total_equals_sum_of_segments_and_of_steps():
    r = parse_routine(GOOD, "r.yaml", "r").routine
    tl = compile_routine(r)
    assert tl.total == pytest.approx(sum(s.duration for s in tl.segments))
    assert tl.total == pytest.approx(r.total_seconds)
    # 5+6*10 | 5 + 2 sides*(2*20+10) + 5 switch | 5 + 10*7 | 15
    assert tl.total == pytest.approx(65 + 110 + 75 + 15)
    for a, b in zip(tl.segments, tl.segments[1:], strict=False):
        assert b.start == pytest.approx(a.end)  # no gaps, no overlaps


def test_breathing_cycles_expand_into_phases_with_cues():
    r = routine("""
        - breathe: {name: Box, pattern: box, cycles: 2, prepare: 0}
    """)
    tl = compile_routine(r)
    assert [s.phase for s in tl.segments] == ["inhale", "hold", "exhale", "hold_after"] * 2
    texts = [c.text for c in tl.cues]
    assert texts[0] == "Box. Breathe in."
    assert texts[1:4] == ["Hold", "Breathe out", "Hold"]
    assert texts.count("Breathe out") == 2


def test_last_breath_is_announced_when_there_are_several():
    r = routine("- breathe: {name: Calm, pattern: diaphragmatic, cycles: 4, prepare: 0}\n")
    texts = [c.text for c in compile_routine(r).cues]
    assert sum("Last breath in" in t for t in texts) == 1
    assert "Last breath" in texts[-2]


def test_duration_rounds_to_whole_breaths():
    r = routine("- breathe: {name: Res, pattern: resonance, duration: 1m}\n")
    step = r.steps[0]
    assert step.cycles == 5  # 60 s / 11 s per breath, rounded
    assert compile_routine(r).total == pytest.approx(5 + 55)


def test_sides_switch_with_a_spoken_cue_and_rest():
    r = routine("""
        - hold: {name: Rib stretch, seconds: 20, sides: [left, right], reps: 2, rest: 10, switch_rest: 6}
    """)
    tl = compile_routine(r)
    phases = [(s.phase, s.side) for s in tl.segments]
    assert phases == [
        ("prepare", ""),
        ("stretch", "left"),
        ("rest", "left"),
        ("stretch", "left"),
        ("switch", "right"),
        ("stretch", "right"),
        ("rest", "right"),
        ("stretch", "right"),
    ]
    texts = [c.text for c in tl.cues]
    assert any("Start with the left side" in t for t in texts)
    assert any("Switch to the right side" in t for t in texts)
    assert sum("Last rep" in t for t in texts) == 1
    switch = next(c for c in tl.cues if "Switch to the right side" in c.text)
    assert switch.at == pytest.approx(5 + 50)


def test_reps_sets_and_words():
    r = routine("""
        - reps:
            name: Chin tucks
            count: 3
            sets: 2
            rest: 15s
            tempo: {out: 2, hold: 5, back: 2}
            say: {out: Tuck, back: Release}
    """)
    tl = compile_routine(r)
    moves = [s for s in tl.segments if s.phase == "move"]
    assert [(s.set, s.rep) for s in moves] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]
    texts = [c.text for c in tl.cues]
    assert texts.count("Tuck") == 5 and "Last rep. Tuck" in texts
    assert texts.count("Release") == 6 and texts.count("Hold") == 6
    assert tl.total == pytest.approx(5 + 2 * 3 * 9 + 15)


def test_halfway_and_custom_cues_sit_inside_the_step():
    r = routine("""
        - hold:
            name: Pec stretch
            seconds: 30
            prepare: 5
            halfway: true
            cues: [{at: 10s, say: Let your shoulders drop}]
    """)
    tl = compile_routine(r)
    at = {c.text: c.at for c in tl.cues}
    assert at["Halfway"] == pytest.approx(5 + 15)
    assert at["Let your shoulders drop"] == pytest.approx(15)


def test_paced_breathing_inside_a_hold_fits_the_hold_exactly():
    r = routine("- hold: {name: Open, seconds: 25, prepare: 0, breathe: {inhale: 4, exhale: 6}}\n")
    tl = compile_routine(r)
    assert [s.phase for s in tl.segments] == ["inhale", "exhale"] * 2 + ["inhale", "exhale"]
    assert tl.total == pytest.approx(25)
    assert tl.segments[-1].duration == pytest.approx(1)  # last breath trimmed


def test_cues_at_the_same_moment_merge_into_one_utterance():
    r = routine("""
        - rest: {seconds: 5}
        - breathe: {name: Calm, pattern: diaphragmatic, cycles: 1, prepare: 0}
    """)
    tl = compile_routine(r)
    ats = [c.at for c in tl.cues]
    assert len(ats) == len(set(ats))
    assert tl.cues[1].text == "Calm. Breathe in."


def test_step_spans_cover_the_routine():
    r = parse_routine(GOOD, "r.yaml", "r").routine
    tl = compile_routine(r)
    assert tl.steps[0].start == 0 and tl.steps[-1].end == pytest.approx(tl.total)
    assert [s.name for s in tl.steps] == [s.name for s in r.steps]
    assert tl.step_index_at(0) == 0 and tl.step_index_at(tl.steps[2].start + 0.01) == 2
    assert tl.segment_index_at(tl.total + 5) == len(tl.segments) - 1


@settings(max_examples=150, deadline=None)
@given(
    seconds=st.integers(1, 120),
    reps=st.integers(1, 5),
    rest=st.integers(0, 30),
    sides=st.sampled_from(["", "[left, right]", "[right]"]),
    prepare=st.integers(0, 20),
    count=st.integers(1, 12),
    sets=st.integers(1, 3),
    out=st.integers(1, 5),
    hold=st.integers(0, 5),
    back=st.integers(0, 5),
)
def test_timeline_total_always_matches_the_model(
    seconds, reps, rest, sides, prepare, count, sets, out, hold, back
):
    side = f", sides: {sides}" if sides else ""
    r = routine(f"""
        - hold: {{name: H, seconds: {seconds}, reps: {reps}, rest: {rest}, prepare: {prepare}{side}}}
        - reps: {{name: R, count: {count}, sets: {sets}, rest: {rest}, tempo: {{out: {out}, hold: {hold}, back: {back}}}{side}}}
    """)
    tl = compile_routine(r)
    assert tl.total == pytest.approx(r.total_seconds)
    assert tl.total == pytest.approx(sum(s.duration for s in tl.segments))
    n_sides = 2 if "left" in sides else 1
    assert sum(1 for s in tl.segments if s.phase == "stretch") == reps * n_sides
    assert sum(1 for s in tl.segments if s.phase == "move") == count * sets * n_sides
    assert all(0 <= c.at < tl.total for c in tl.cues)


def test_cues_record_which_field_of_the_routine_their_words_come_from() -> None:
    r = routine(
        """\
        - breathe:
            name: Calm
            instruction: Sit back.
            pattern: {inhale: 2, exhale: 3}
            cycles: 4
            halfway: true
            cues:
              - {at: 1s, say: "Soft shoulders"}
        - reps:
            name: Tuck
            count: 2
            tempo: {out: 2, hold: 2, back: 2}
            say: {out: Tuck, back: Release}
        """
    )
    origins = {o for c in compile_routine(r).cues for o in c.origins}
    assert origins == {
        (0, "opening", "Calm. Sit back."),
        (0, "halfway", "Halfway"),
        (0, "cues[0]", "Soft shoulders"),
        (1, "opening", "Tuck."),
        (1, "say.out", "Tuck"),
        (1, "say.out", "Last rep. Tuck"),
        (1, "say.back", "Release"),
    }
    fixed = [c.text for c in compile_routine(r).cues if not c.origins]
    assert "Breathe out" in fixed and "Hold" in fixed  # coach's own words: no origin


def test_a_paced_hold_names_its_first_side_with_the_opening_words() -> None:
    r = routine(
        """\
        - hold:
            name: Side stretch
            prepare: 8s
            seconds: 10
            sides: [left, right]
            breathe: {inhale: 4, exhale: 6}
        """
    )
    cues = [(c.at, c.text) for c in compile_routine(r).cues]
    assert cues[0] == (0.0, "Side stretch. Start with the left side.")
    assert cues[1] == (8.0, "Stretch and hold. Breathe in.")
