"""Properties of `rank` for any check-in and any routines (hypothesis).

The contraindications a person has are worked out here independently of
`CheckIn.present`, straight from DOMAIN.md, so a mistake there is caught too.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.care.checkin import make_checkin
from coach.care.safety import red_flags
from coach.care.suggest import rank
from coach.common.vocab import vocabulary
from tests.test_suggest_rank import make_routine

V = vocabulary()
AREAS = list(V.areas)
CONTEXTS = V.conditions_of_kind("context")
CONDITIONS = V.conditions_of_kind("standing") + V.conditions_of_kind("limitation")
ALL_CONDITIONS = list(V.conditions)
FLAGS = list(red_flags().ids)
IDS = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"]
BLOCKING = {q.id for q in red_flags().questions if q.level in ("emergency", "urgent")}


def has_now(checkin) -> set[str]:
    """What the person has today (DOMAIN.md): a flare means its condition, a sore area its limit."""
    out = set(checkin.conditions) | set(checkin.contexts)
    if "asthma-flare" in out:
        out.add("asthma")
    if "lupus-flare" in out:
        out.add("lupus")
    if checkin.pain.get("ribs", 0) > 0:
        out.add("rib-pain")
    if checkin.pain.get("shoulders", 0) > 0:
        out.add("shoulder-pain")
    return out


checkins = st.builds(
    make_checkin,
    pain=st.dictionaries(st.sampled_from(AREAS), st.integers(0, 10), max_size=5),
    contexts=st.lists(st.sampled_from(CONTEXTS), max_size=3, unique=True),
    conditions=st.lists(st.sampled_from(CONDITIONS), max_size=4, unique=True),
    red_flags=st.dictionaries(st.sampled_from(FLAGS), st.booleans(), max_size=3),
)


@st.composite
def routines(draw):
    # Parsed once per shape (cached) and renamed, which keeps each example fast.
    rid = draw(st.sampled_from(IDS))
    parsed = make_routine(
        "routine",
        category=draw(st.sampled_from(list(V.categories))),
        targets=draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=4, unique=True)),
        good_for=draw(st.lists(st.sampled_from(ALL_CONDITIONS), max_size=3, unique=True)),
        avoid_with=draw(st.lists(st.sampled_from(ALL_CONDITIONS), max_size=3, unique=True)),
        positions=draw(st.lists(st.sampled_from(list(V.positions)), max_size=3, unique=True)),
        intensity=draw(st.sampled_from(list(V.intensities))),
        hold=draw(st.booleans()),
        minutes=draw(st.sampled_from([2, 5, 9, 14])),
    )
    return replace(parsed, id=rid, title=rid.title())


routine_lists = st.lists(routines(), max_size=12)
history = st.dictionaries(
    st.sampled_from(IDS),
    st.tuples(st.integers(0, 20), st.floats(-10, 10, allow_nan=False)),
    max_size=6,
)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(checkins, routine_lists, history)
def test_no_suggestion_has_a_contraindication_the_person_has(checkin, rs, hist):
    by_id = {}
    for r in rs:
        by_id.setdefault(r.id, r)
    ranking = rank(checkin, rs, history=hist)
    has = has_now(checkin)
    for s in ranking.suggestions:
        r = by_id[s.id]
        assert not set(r.avoid_with) & has, (r.id, r.avoid_with, has)
        if "asthma-flare" in checkin.contexts:
            assert r.category == "breathing" and not r.has_breath_hold
            assert set(r.positions) <= {"sitting", "standing"}
        if "after-coughing-fit" in checkin.contexts:
            assert "after-coughing-fit" in r.good_for or (
                r.category == "breathing" and not r.has_breath_hold
            )
        if "lupus-flare" in checkin.contexts:
            assert r.intensity == "gentle"
        if has & {"sore-wrists", "painful-knees"}:
            assert "all-fours" not in r.positions


@FAST
@given(checkins, routine_lists)
def test_emergency_or_urgent_never_comes_with_a_suggestion(checkin, rs):
    ranking = rank(checkin, rs)
    if checkin.yes_flags & BLOCKING:
        assert ranking.verdict.level in ("emergency", "urgent")
    if ranking.verdict.level in ("emergency", "urgent"):
        assert ranking.suggestions == ()


@FAST
@given(checkins, routine_lists, history, st.lists(st.sampled_from(IDS), max_size=5))
def test_same_inputs_give_the_same_output_in_any_routine_order(checkin, rs, hist, recent):
    first = rank(checkin, rs, history=hist, recent=recent)
    assert first == rank(
        checkin,
        list(reversed(rs)) if len({r.id for r in rs}) == len(rs) else rs,
        history=hist,
        recent=recent,
    )
    scores = [s.score for s in first.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert len(first.suggestions) <= 3
    assert all(s.reasons for s in first.suggestions)


@FAST
@given(checkins, routine_lists)
def test_nothing_is_suggested_for_the_flank(checkin, rs):
    ranking = rank(checkin, rs)
    hurting = {a for a, v in checkin.pain.items() if v > 0}
    if hurting == {"flank"}:
        assert ranking.suggestions == ()
    for s in ranking.suggestions:
        assert not any("flank" in reason for reason in s.reasons)
