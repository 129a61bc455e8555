"""Each kind of mistake in a routine file is reported at its exact line and column."""

from __future__ import annotations

import textwrap

import pytest

from coach.routines.reader import parse_routine

GOOD = """\
schema: 1
title: Rib release
summary: Calm breathing, then a gentle side stretch.
category: mixed
targets: [ribs, upper-back]
good_for: [chronic-cough]
avoid_with: [osteoporosis]
cautions: Stop if the pain sharpens.
author: Test PT
version: 2
steps:
  - breathe:
      name: Breathing control
      instruction: Sit supported, hand on your stomach.
      pattern: {inhale: 4, exhale: 6}
      cycles: 6
  - hold:
      name: Side stretch
      seconds: 20
      sides: [left, right]
      reps: 2
      rest: 10s
  - reps:
      name: Chin tucks
      count: 10
      tempo: {out: 2, hold: 3, back: 2}
  - rest: {seconds: 15, instruction: Relax your shoulders.}
"""


def problems(text: str, path: str = "r.yaml") -> list[tuple[int, int, str, str]]:
    result = parse_routine(textwrap.dedent(text).encode(), path, "rib-release")
    return [(p.line, p.column, p.severity, p.message) for p in result.problems]


def errors(text: str) -> list[tuple[int, int, str]]:
    return [(line, col, msg) for line, col, sev, msg in problems(text) if sev == "error"]


def replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_good_file_has_no_problems():
    result = parse_routine(GOOD.encode(), "r.yaml", "rib-release")
    assert result.problems == []
    r = result.routine
    assert r is not None and r.id == "rib-release" and r.version == 2
    assert [s.kind for s in r.steps] == ["breathe", "hold", "reps", "rest"]


def test_unknown_top_level_key_suggests_the_right_one():
    (err,) = errors(replace("summary:", "sumary:"))
    assert err[:2] == (3, 1)
    assert "unknown key 'sumary'" in err[2] and "did you mean 'summary'?" in err[2]


def test_unknown_step_key_points_at_the_key():
    found = errors(replace("      cycles: 6", "      cycle: 6"))
    assert (16, 7, "unknown key 'cycle' in step 1 (breathe); did you mean 'cycles'?") in found
    # Without cycles the step also lacks a length, reported at the step itself.
    assert [pos[:2] for pos in found] == [(12, 5), (16, 7)]


def test_wrong_type_names_the_field_and_what_was_given():
    found = errors(replace("title: Rib release", "title: [Rib, release]"))
    assert found == [(2, 8, "title must be text, not a list")]


def test_reps_must_be_a_whole_number():
    found = errors(replace("      reps: 2", "      reps: 2.5"))
    assert found == [(21, 13, "reps must be a whole number, not 2.5")]


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "seconds must be at least 1 seconds, not 0"),
        ("-5", "seconds must be at least 1 seconds, not -5"),
        (".nan", "seconds must be a finite number"),
        ("99999", "seconds must be at most 600 seconds, not 99999"),
        ("soon", "seconds 'soon' is not a duration"),
    ],
)
def test_out_of_range_durations_are_errors_at_the_value(value, message):
    found = errors(replace("      seconds: 20", f"      seconds: {value}"))
    assert len(found) == 1
    assert found[0][:2] == (19, 16)
    assert found[0][2].startswith(message)


def test_a_total_over_two_hours_is_an_error():
    found = errors(
        replace("      cycles: 6", "      cycles: 200").replace(
            "pattern: {inhale: 4, exhale: 6}", "pattern: {inhale: 20, exhale: 30}"
        )
    )
    assert len(found) == 1
    line, col, msg = found[0]
    assert (line, col) == (12, 3)  # the steps list
    assert "the limit is 120 minutes" in msg


def test_unknown_area_suggests_the_closest():
    found = errors(replace("targets: [ribs, upper-back]", "targets: [ribs, upper-bak]"))
    assert found == [(5, 17, "unknown area 'upper-bak' in targets; did you mean 'upper-back'?")]


def test_unknown_condition_is_an_error():
    found = errors(replace("avoid_with: [osteoporosis]", "avoid_with: [osteoporsis]"))
    assert found == [
        (7, 14, "unknown condition 'osteoporsis' in avoid_with; did you mean 'osteoporosis'?")
    ]


def test_unknown_category_lists_the_choices():
    (err,) = errors(replace("category: mixed", "category: stretch"))
    assert err[:2] == (4, 11)
    assert "did you mean 'stretching'?" in err[2] and "breathing" in err[2]


def test_unknown_step_kind_points_at_the_kind():
    found = errors(replace("  - rest: {seconds", "  - rset: {seconds"))
    assert found == [
        (
            27,
            5,
            "unknown step kind 'rset'; did you mean 'rest'? (choose from: breathe, hold, reps, rest)",
        )
    ]


def test_unknown_pattern_preset_suggests_the_closest():
    found = errors(replace("pattern: {inhale: 4, exhale: 6}", "pattern: resonanse"))
    assert len(found) == 1
    assert found[0][:2] == (15, 16)
    assert "did you mean 'resonance'?" in found[0][2]


def test_missing_required_key_is_reported_at_its_mapping():
    found = errors(replace("title: Rib release\n", ""))
    assert found == [(1, 1, "the routine is missing the required key 'title'")]


def test_breathe_step_needs_cycles_or_duration_but_not_both():
    both = errors(replace("      cycles: 6", "      cycles: 6\n      duration: 1m"))
    assert both == [(17, 17, "step 1 (breathe): give cycles or duration, not both")]
    neither = errors(replace("      cycles: 6\n", ""))
    assert neither == [(12, 5, "step 1 (breathe) needs 'cycles' (number of breaths) or 'duration'")]


def test_duplicate_key_is_an_error():
    found = errors(replace("version: 2", "version: 2\nversion: 3"))
    assert found == [(11, 1, "'version' appears twice in the routine")]


def test_cue_past_the_end_of_its_step():
    text = replace(
        "      rest: 10s", "      rest: 10s\n      cues:\n        - {at: 5m, say: Relax}"
    )
    found = errors(text)
    assert len(found) == 1 and found[0][:2] == (24, 11)
    assert "past the end of the step" in found[0][2]


def test_every_problem_in_a_file_is_reported_at_once():
    text = (
        replace("summary:", "sumary:")
        .replace("category: mixed", "category: stretch")
        .replace("      seconds: 20", "      seconds: 0")
        .replace("      reps: 2", "      reps: many")
    )
    found = errors(text)
    assert [(line, col) for line, col, _ in found] == [(3, 1), (4, 11), (19, 16), (21, 13)]


def test_problems_are_formatted_path_line_column():
    result = parse_routine(replace("summary:", "sumary:").encode(), "/x/r.yaml", "r")
    assert str(result.problems[0]).startswith("/x/r.yaml:3:1: error: unknown key 'sumary'")


def test_invalid_file_name_as_id_needs_an_id_key():
    result = parse_routine(GOOD.encode(), "My Routine.yaml", "My Routine")
    assert [str(p) for p in result.errors] == [
        "My Routine.yaml:1:1: error: the file name 'My Routine' is not a valid id; rename the "
        "file (lowercase, digits, dashes) or add an 'id:' key"
    ]
    fixed = parse_routine(("id: my-routine\n" + GOOD).encode(), "My Routine.yaml", "My Routine")
    assert fixed.routine is not None and fixed.routine.id == "my-routine"


def test_bad_id_value():
    found = errors("id: Rib_Release\n" + GOOD)
    assert found == [(1, 5, "id 'Rib_Release' must be lowercase letters, digits and single dashes")]


def test_schema_version_must_be_one():
    found = errors(replace("schema: 1", "schema: 2"))
    assert found == [(1, 9, "schema must be at most 1, not 2")]


# ---------------------------------------------------------------- warnings


def warnings(text: str) -> list[tuple[int, int, str]]:
    return [(line, col, msg) for line, col, sev, msg in problems(text) if sev == "warning"]


def test_breath_hold_in_asthma_routine_warns_at_the_pattern():
    text = replace("good_for: [chronic-cough]", "good_for: [asthma]").replace(
        "pattern: {inhale: 4, exhale: 6}", "pattern: box"
    )
    found = warnings(text)
    assert len(found) == 1 and found[0][:2] == (15, 16)
    assert "holds the breath" in found[0][2] and "asthma" in found[0][2]
    assert parse_routine(text.encode(), "r.yaml", "r").routine is not None  # still valid


def test_one_sided_stretch_warns_unbalanced():
    found = warnings(replace("sides: [left, right]", "sides: [left]"))
    assert found == [
        (17, 5, "step 2 works only the left side; add the other side to keep it balanced")
    ]


def test_long_hold_warns():
    found = warnings(replace("      seconds: 20", "      seconds: 90"))
    assert len(found) == 1 and found[0][:2] == (17, 5) and "90s" in found[0][2]


def test_more_than_four_exercises_warns():
    extra = "  - hold: {name: Extra, seconds: 20}\n"
    found = warnings(GOOD + extra + extra)
    assert any("5 exercises" in msg for _, _, msg in found)


def test_over_twenty_minutes_warns():
    found = warnings(replace("      cycles: 6", "      cycles: 150"))
    assert any("minutes is hard to keep up daily" in msg for _, _, msg in found)


@pytest.mark.parametrize("pattern", ['"nan-6"', '"NaN-0-6"', '"inf-6"'])
def test_non_finite_dashed_patterns_are_errors(pattern):
    found = errors(
        replace("pattern: {inhale: 4, exhale: 6}", f"pattern: {pattern}").replace(
            "      cycles: 6", "      duration: 1m"
        )
    )
    assert len(found) == 1 and found[0][:2] == (15, 16)


def test_lower_bound_message_names_the_real_limit():
    found = errors(replace("tempo: {out: 2, hold: 3, back: 2}", "tempo: {out: 0.3}"))
    assert found == [(26, 20, "out must be at least 0.5 seconds, not 0.3")]


def test_targets_must_not_be_empty():
    found = errors(replace("targets: [ribs, upper-back]", "targets: []"))
    assert found == [(5, 10, "targets must list at least one area")]


def test_duration_rounds_halves_up():
    text = replace("pattern: {inhale: 4, exhale: 6}", "pattern: {inhale: 4, exhale: 6}").replace(
        "      cycles: 6", "      duration: 25s"
    )
    assert parse_routine(text, "r.yaml", "r").routine.steps[0].cycles == 3
