"""Suggestions from the real built-in routines, for DOMAIN.md's typical days."""

from __future__ import annotations

import pytest

from coach import locations
from coach.care.checkin import make_checkin
from coach.care.suggest import rank
from coach.routines.library import load_library


@pytest.fixture(scope="module")
def builtins():
    lib = load_library([("builtin", locations.builtin_routines_dir())])
    if len(lib.routines) < 10:
        pytest.skip("the built-in routines are not there yet")
    return {r.id: r for r in lib.routines}


def suggested(builtins, *args, **kwargs) -> list[str]:
    return [s.id for s in rank(make_checkin(*args, **kwargs), list(builtins.values())).suggestions]


def test_builtin_library_loads_without_errors():
    lib = load_library([("builtin", locations.builtin_routines_dir())])
    assert lib.errors == []


@pytest.mark.parametrize(
    "area", ["neck", "shoulders", "upper-back", "mid-back", "lower-back", "ribs", "chest"]
)
def test_every_area_but_the_flank_gets_a_routine_that_targets_it(builtins, area):
    got = suggested(builtins, {area: 6})
    assert len(got) == 3
    for rid in got:
        assert area in builtins[rid].targets


def test_flank_pain_gets_no_builtin_routine(builtins):
    assert suggested(builtins, {"flank": 5}) == []


def test_asthma_flare_gets_only_upright_breathing_without_holds(builtins):
    got = suggested(builtins, {"upper-back": 5, "ribs": 3}, ["asthma-flare"], ["asthma"])
    assert got
    for rid in got:
        r = builtins[rid]
        assert r.category == "breathing" and not r.has_breath_hold
        assert set(r.positions) <= {"sitting", "standing"}
    assert "box-breathing" not in got and "four-seven-eight" not in got


def test_after_a_coughing_fit_gets_breathing_control_and_rib_work_no_twists(builtins):
    got = suggested(builtins, {"ribs": 6}, ["after-coughing-fit"], ["chronic-cough"])
    assert got
    assert {
        "breathing-control",
        "pursed-lip-breathing",
        "lateral-costal-breathing",
        "after-coughing-fit",
        "side-rib-stretch",
    } >= set(got)
    assert "open-book" not in got and "seated-rotation" not in got


def test_osteoporosis_never_gets_flexion_or_twists(builtins):
    for area in ("mid-back", "lower-back", "upper-back"):
        got = suggested(builtins, {area: 6}, [], ["osteoporosis"])
        assert not {"cat-cow", "open-book", "seated-rotation"} & set(got)


def test_lupus_flare_with_sore_wrists_is_gentle_and_off_the_hands(builtins):
    got = suggested(
        builtins, {"lower-back": 5, "mid-back": 4}, ["lupus-flare"], ["lupus", "sore-wrists"]
    )
    assert got
    for rid in got:
        assert builtins[rid].intensity == "gentle"
        assert "all-fours" not in builtins[rid].positions


def test_a_blocking_flag_stops_every_builtin(builtins):
    ranking = rank(make_checkin({"chest": 4}, red_flags=["heart-warning"]), list(builtins.values()))
    assert ranking.suggestions == ()
    assert set(ranking.excluded) == set(builtins)


def test_asthma_with_upper_back_6_puts_the_routine_written_for_asthma_first(builtins):
    # Issue 15: "Back relief for asthma" ranked 7th of seven tied routines, all with the
    # same two reasons. A tie now goes to the routine written for the condition, and the
    # shown suggestions say what sets each apart.
    ranking = rank(make_checkin({"upper-back": 6}, conditions=["asthma"]), list(builtins.values()))
    top = ranking.suggestions
    assert top[0].id == "asthma-back-relief"
    assert "written for asthma" in top[0].reasons
    assert all("written for asthma" not in s.reasons for s in top[1:])
    assert len({s.reasons for s in top}) == len(top) == 3
    assert len({s.reasons[2:] for s in top}) == 3  # beyond the shared area line, too
    assert any(
        r.endswith(" min of breathing and stretching, sitting or standing") for r in top[0].reasons
    )
    # Without the condition, the routine written for asthma has no such edge.
    plain = rank(make_checkin({"upper-back": 6}), list(builtins.values())).suggestions
    assert "written for asthma" not in [r for s in plain for r in s.reasons]
