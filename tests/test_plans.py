"""Plan files: parsing, every error kind at its exact line and column, today's items,
adherence per item and week, and the reminder's decision (all pure, plain values)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.plans.model import Due, PlanItem, adherence, next_due, today, week_of
from coach.plans.reader import read_plan_text
from coach.plans.reminder import decide

ROUTINES = {
    "breathing-control": (),
    "chin-tucks": (),
    "chair-thoracic-extension": ("osteoporosis",),
}

GOOD = """\
schema: 1
plan: back-care
title: Back care while your asthma settles
author: "Jane Doe, PT"
starts: 2026-12-01
weeks: 6
items:
  - routine: breathing-control
    days: daily
    times: 2
  - routine: chin-tucks
    days: [mon, wed, fri]
  - routine: chair-thoracic-extension
    days: [tue, thu, sat]
    weeks: 3-6
"""


def read(text: str, conditions: tuple[str, ...] = ()):
    return read_plan_text(text, "plan.yaml", ROUTINES, conditions)


def problems(text: str, conditions: tuple[str, ...] = ()) -> list[str]:
    return [str(p) for p in read(text, conditions).problems]


def test_the_example_reads_into_a_plan() -> None:
    result = read(GOOD)
    assert result.problems == []
    plan = result.plan
    assert plan is not None
    assert (plan.id, plan.starts, plan.weeks, plan.ends) == (
        "back-care",
        date(2026, 12, 1),
        6,
        date(2027, 1, 11),
    )
    assert [(i.routine, i.days, i.times, i.first, i.last) for i in plan.items] == [
        ("breathing-control", (0, 1, 2, 3, 4, 5, 6), 2, 1, None),
        ("chin-tucks", (0, 2, 4), 1, 1, None),
        ("chair-thoracic-extension", (1, 3, 5), 1, 3, 6),
    ]
    assert plan.items[2].weeks_text == "weeks 3-6" and plan.items[1].days_text == "mon, wed, fri"


def test_the_shipped_example_plan_is_valid() -> None:
    from coach.routines.library import load_library
    from coach.services.plans import library_ids
    from tests.conftest import ROOT

    text = (ROOT / "plans" / "back-care-after-asthma.yaml").read_text(encoding="utf-8")
    result = read_plan_text(text, "x", library_ids(load_library()))
    assert result.errors == [] and result.plan is not None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Back",
            "titel: Back",
            [
                "plan.yaml:1:1: error: the plan is missing the required key 'title'",
                "plan.yaml:3:1: error: unknown key 'titel' in the plan; did you mean 'title'?",
            ],
        ),
        (
            "starts: 2026-12-01",
            "starts: 2026-13-01",
            ["plan.yaml:5:9: error: starts '2026-13-01' is not a date; write it as YYYY-MM-DD"],
        ),
        (
            "starts: 2026-12-01",
            "starts: 20261201",
            ["plan.yaml:5:9: error: starts must be a date like 2026-12-01, not a number"],
        ),
        (
            "routine: chin-tucks",
            "routine: chin-tuck",
            [
                "plan.yaml:11:14: error: unknown routine 'chin-tuck'; did you mean "
                "'chin-tucks'? (see: coach list)"
            ],
        ),
        (
            "[mon, wed, fri]",
            "[mon, wedn, fri]",
            [
                "plan.yaml:12:17: error: unknown day 'wedn' in days; did you mean 'wed'? "
                "(mon, tue, wed, thu, fri, sat, sun; or daily, weekdays, weekends)"
            ],
        ),
        (
            "times: 2",
            "times: 9",
            ["plan.yaml:10:12: error: times must be at most 6, not 9"],
        ),
        (
            "weeks: 3-6",
            "weeks: 6-3",
            ["plan.yaml:15:12: error: weeks '6-3' is not a range of weeks counted from 1"],
        ),
        (
            "weeks: 3-6",
            "weeks: 3-9",
            ["plan.yaml:15:12: error: weeks '3-9' goes past the plan's 6 weeks"],
        ),
        (
            "    days: daily\n",
            "    dayz: daily\n",
            ["plan.yaml:9:5: error: unknown key 'dayz' in a plan item; did you mean 'days'?"],
        ),
        (
            "schema: 1",
            "schema: 2",
            ["plan.yaml:1:9: error: schema must be at most 1, not 2"],
        ),
    ],
)
def test_every_error_is_at_its_line_and_column(old: str, new: str, expected: list[str]) -> None:
    assert old in GOOD
    result = read(GOOD.replace(old, new, 1))
    assert [str(p) for p in result.problems] == expected
    assert result.plan is None


def test_a_routine_to_avoid_with_your_conditions_is_a_warning_on_its_line() -> None:
    result = read(GOOD, conditions=("osteoporosis", "asthma"))
    assert [str(p) for p in result.problems] == [
        "plan.yaml:13:14: warning: routine 'chair-thoracic-extension' is marked avoid_with "
        "osteoporosis, which you have; the gate will ask before each session"
    ]
    assert result.plan is not None  # a warning, not an error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "plan.yaml:1:1: error: the file is empty"),
        ("- a\n- b\n", "plan.yaml:1:1: error: a plan file must be a mapping"),
        ("plan: [x\n", "plan.yaml:2:1: error:"),
        (GOOD.split("items:")[0] + "items: []\n", "plan.yaml:7:8: error: items must list"),
        (GOOD.split("items:")[0] + "items: yes\n", "plan.yaml:7:8: error: items must be a list"),
    ],
)
def test_files_that_are_not_plans(text: str, expected: str) -> None:
    found = problems(text)
    assert found and found[0].startswith(expected), found


def test_many_problems_are_reported_in_one_pass_in_file_order() -> None:
    text = GOOD.replace("chin-tucks", "chin-tuk").replace("times: 2", "times: 0")
    found = problems(text)
    assert [f.split(": error")[0] for f in found] == ["plan.yaml:10:12", "plan.yaml:11:14"]


def test_ids_are_not_checked_without_a_library() -> None:
    result = read_plan_text(GOOD.replace("chin-tucks", "anything"), "p", None)
    assert result.errors == []


# ------------------------------------------------------------------ today and adherence

PLAN = read(GOOD).plan
assert PLAN is not None
START = date(2026, 12, 1)  # a Tuesday


def test_today_counts_times_a_day_and_weekdays() -> None:
    wed = date(2026, 12, 2)
    dues = today(PLAN, wed, {"breathing-control": 1})
    assert [(d.item.routine, d.planned, d.done, d.finished) for d in dues] == [
        ("breathing-control", 2, 1, False),
        ("chin-tucks", 1, 0, False),
    ]
    assert next_due(dues).item.routine == "breathing-control"
    dues = today(PLAN, wed, {"breathing-control": 5, "chin-tucks": 1})
    assert all(d.finished for d in dues) and next_due(dues) is None
    assert [d.done for d in dues] == [2, 1]  # capped at planned


def test_a_progression_item_is_due_only_in_its_weeks() -> None:
    thu_week_2 = START + timedelta(days=9)
    thu_week_3 = START + timedelta(days=16)
    assert (week_of(PLAN, thu_week_2), week_of(PLAN, thu_week_3)) == (2, 3)
    ids = lambda day: [d.item.routine for d in today(PLAN, day, {})]  # noqa: E731
    assert ids(thu_week_2) == ["breathing-control"]
    assert ids(thu_week_3) == ["breathing-control", "chair-thoracic-extension"]
    assert ids(START - timedelta(days=1)) == []  # before the start
    assert ids(START + timedelta(days=42)) == []  # after six weeks
    assert ids(START + timedelta(days=41)) == ["breathing-control", "chin-tucks"]  # last day, Mon


def test_adherence_per_item_and_week_caps_each_day_and_sets_flare_days_aside() -> None:
    sessions = [
        ("breathing-control", START),
        ("breathing-control", START),
        ("breathing-control", START),  # a third on the same day counts as planned (2)
        ("breathing-control", START + timedelta(days=1)),
        ("chin-tucks", START + timedelta(days=1)),  # a Wednesday: due
        ("chin-tucks", START + timedelta(days=2)),  # a Thursday: not due, not counted
        ("breathing-control", START + timedelta(days=7)),
    ]
    flare = START + timedelta(days=8)
    a = adherence(PLAN, sessions, START + timedelta(days=8), [flare])
    assert a.weeks == (1, 2)
    week1 = a.cells[(0, 1)]
    assert (week1.done, week1.planned) == (3, 14)
    assert (a.cells[(1, 1)].done, a.cells[(1, 1)].planned) == (1, 3)  # wed, fri, mon
    week2 = a.cells[(0, 2)]
    assert (week2.done, week2.planned, week2.paused) == (1, 2, 2)  # the flare day set aside
    assert a.cells[(2, 1)].planned == 0  # chair extension starts in week 3
    d = a.as_dict()
    assert d["total"] == {"done": 5, "planned": 19, "paused": 3, "rate": round(5 / 19, 3)}
    assert d["weeks"][1] == {"week": 2, "done": 1, "planned": 2, "paused": 3, "rate": 0.5}


def test_adherence_before_the_start_is_empty() -> None:
    a = adherence(PLAN, [], START - timedelta(days=3))
    assert a.weeks == () and a.total.planned == 0


# ------------------------------------------------------------------ the reminder decision


def _due(planned: int, done: int) -> Due:
    return Due(PlanItem("breathing-control"), planned, done)


def test_the_reminder_speaks_only_when_something_is_left() -> None:
    assert decide([_due(2, 1)], None).notify
    assert decide([_due(2, 1)], None).message == "1 session left today: breathing-control"
    assert not decide([_due(2, 2)], None).notify
    assert not decide([], None).notify  # nothing planned today
    assert not decide([_due(1, 0)], None, paused=True).notify  # a flare day
    assert decide(None, 3).notify  # no plan: the weekly goal
    assert not decide(None, 3, today_done=True).notify
    assert not decide(None, 0).notify
    assert not decide(None, None).notify


def test_remind_check_decides_from_the_log_on_an_injected_clock(coach_home) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from coach.log.store import open_store
    from coach.services.remind import decision

    (coach_home / "data").mkdir(parents=True)
    (coach_home / "data" / "plan.yaml").write_text(GOOD, encoding="utf-8")
    now = datetime(2026, 12, 2, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))  # Wednesday, week 1
    with open_store(coach_home / "data" / "coach.db", clock=lambda: now) as store:
        first = decision(store)
        store.add_session("breathing-control", now - timedelta(hours=9))
        store.add_session("breathing-control", now - timedelta(hours=1))
        second = decision(store)
        store.add_session("chin-tucks", now - timedelta(minutes=30))
        third = decision(store)
        store.mark_day(now.date(), "flare")
    assert (first.notify, first.message) == (
        True,
        "3 sessions left today: breathing-control, chin-tucks",
    )
    assert (second.notify, second.message) == (True, "1 session left today: chin-tucks")
    assert (third.notify, third.message) == (False, "today's plan is done")
