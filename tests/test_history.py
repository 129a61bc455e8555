"""coach.history.overview with explicit dates: streaks, weekly goal, adherence, strength, calendar, pain."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from coach.history import overview as h
from coach.history.overview import CheckinRecord, DayMark, SessionRecord

MON = date(2026, 11, 16)  # a Monday
SAT_SUN = frozenset({5, 6})
_ids = iter(range(1, 10**9))


def rec(day: date, status: str = "completed", routine: str = "rib", **kw: object) -> SessionRecord:
    kw.setdefault("elapsed_seconds", 300.0)
    return SessionRecord(next(_ids), routine, status, day, **kw)  # type: ignore[arg-type]


def days(start: date, n: int, **kw: object) -> list[SessionRecord]:
    return [rec(start + timedelta(days=i), **kw) for i in range(n)]


def d(offset: int) -> date:
    return MON + timedelta(days=offset)


# ---------------------------------------------------------------- which sessions count


def test_completed_session_counts_and_a_running_one_does_not_yet():
    assert rec(MON).counts
    assert not rec(MON, "in_progress", elapsed_seconds=3000).counts


def test_an_abandoned_session_counts_by_the_progress_it_saved():
    # The laptop died 4 minutes into a 5-minute routine: the day is not lost.
    assert rec(MON, "abandoned", elapsed_seconds=240, planned_seconds=300).counts
    assert not rec(MON, "abandoned", elapsed_seconds=0, planned_seconds=300).counts


@pytest.mark.parametrize(
    "elapsed, planned, steps, total, counts",
    [
        (120, 600, 0, 5, True),  # two minutes is a real effort
        (119, 600, 0, 5, False),
        (60, 100, 0, 5, True),  # 60 % of a short routine
        (59, 100, 0, 5, False),
        (30, 0, 3, 5, True),  # length unknown: 60 % of the steps
        (30, 0, 2, 5, False),
        (30, 0, 0, 0, False),
    ],
)
def test_stopped_session_counts_after_two_minutes_or_sixty_percent(
    elapsed, planned, steps, total, counts
):
    s = rec(
        MON,
        "stopped",
        elapsed_seconds=elapsed,
        planned_seconds=planned,
        completed_steps=steps,
        total_steps=total,
    )
    assert h.session_counts(s) is counts


# ---------------------------------------------------------------- daily streaks


def test_no_sessions_means_no_streak():
    s = h.streaks([], MON)
    assert (s.current, s.longest, s.today_done) == (0, 0, False)


def test_consecutive_days_make_a_streak_including_today_once_done():
    s = h.streaks(days(MON, 4), d(3))
    assert (s.current, s.longest, s.today_done) == (4, 4, True)


def test_current_streak_counts_through_yesterday_before_todays_session():
    s = h.streaks(days(MON, 4), d(4))
    assert s.current == 4
    assert not s.today_done


def test_a_missed_day_breaks_the_current_streak_but_longest_remembers():
    sessions = days(MON, 5) + days(d(6), 2)
    s = h.streaks(sessions, d(7))
    assert (s.current, s.longest) == (2, 5)


def test_a_missed_yesterday_ends_the_current_streak():
    s = h.streaks(days(MON, 3), d(4))
    assert s.current == 0
    assert s.longest == 3


def test_flare_day_pauses_the_streak_neither_counting_nor_breaking():
    sessions = days(MON, 2) + days(d(3), 2)
    marks = [DayMark(d(2), "flare")]
    s = h.streaks(sessions, d(4), marks)
    assert (s.current, s.longest) == (4, 4)
    assert h.streaks(sessions, d(4)).current == 2  # without the mark, the gap breaks it


def test_several_sick_days_in_a_row_pause_the_streak():
    sessions = [rec(MON), rec(d(5))]
    marks = [DayMark(d(i), "sick") for i in range(1, 5)]
    assert h.streaks(sessions, d(5), marks).current == 2


def test_rest_weekdays_pause_the_streak():
    sessions = [rec(d(4)), rec(d(7))]  # Friday, then Monday
    s = h.streaks(sessions, d(7), rest_days=SAT_SUN)
    assert s.current == 2
    assert h.streaks(sessions, d(7)).current == 1


def test_a_session_on_a_rest_day_counts():
    sessions = [rec(d(4)), rec(d(5)), rec(d(7))]
    assert h.streaks(sessions, d(7), rest_days=SAT_SUN).current == 3


def test_today_marked_is_reported_and_does_not_break():
    sessions = days(MON, 3)
    s = h.streaks(sessions, d(3), [DayMark(d(3), "flare")])
    assert (s.current, s.today_mark) == (3, "flare")
    assert h.streaks(sessions, d(5), rest_days=SAT_SUN).today_mark == "off"


def test_streak_crosses_month_and_year_boundaries():
    sessions = days(date(2025, 12, 29), 6)  # to 2026-01-03
    assert h.streaks(sessions, date(2026, 1, 3)).current == 6
    leap = days(date(2028, 2, 27), 4)  # 27, 28, 29 Feb, 1 Mar
    assert h.streaks(leap, date(2028, 3, 1)).current == 4


def test_session_dated_after_today_by_a_time_zone_move_still_counts():
    # Logged in a zone ahead of today's: its local date is tomorrow.
    sessions = days(MON, 3)
    assert h.streaks(sessions, d(1)).current == 3


# ---------------------------------------------------------------- weekly goal


def test_weeks_report_done_days_against_goal():
    sessions = [*days(MON, 3), rec(MON)]  # two sessions on Monday count once
    w = h.weeks(sessions, d(3), goal=5)
    assert [(x.start, x.done, x.target, x.met) for x in w] == [(MON, 3, 5, False)]


def test_declared_days_lower_the_weeks_target():
    marks = [DayMark(d(i), "flare") for i in range(3)]
    w = h.weeks([rec(d(3))], d(6), goal=5, marks=marks)
    assert w[0].target == 4


def test_rest_weekdays_lower_the_target_only_below_the_goal():
    assert h.week_target(MON, 5, {}, SAT_SUN) == 5
    assert h.week_target(MON, 6, {}, SAT_SUN) == 5


def test_a_session_on_a_marked_day_does_not_lower_the_target():
    marks = {d(0): "flare"}
    assert h.week_target(MON, 7, marks, frozenset()) == 6
    assert h.week_target(MON, 7, marks, frozenset(), {d(0)}) == 7


def test_weeks_met_streak_counts_full_weeks_at_goal():
    sessions = days(MON - timedelta(days=14), 5) + days(MON - timedelta(days=7), 5)
    w = h.weeks(sessions, d(1), goal=5)
    assert h.weeks_met_streak(w, d(1)) == 2  # this week is not over: it neither counts nor breaks


def test_this_week_joins_the_weeks_streak_once_met():
    sessions = days(MON - timedelta(days=7), 5) + days(MON, 5)
    w = h.weeks(sessions, d(4), goal=5)
    assert h.weeks_met_streak(w, d(4)) == 2


def test_a_past_week_below_goal_breaks_the_weeks_streak():
    sessions = days(MON - timedelta(days=14), 5) + days(MON - timedelta(days=7), 4)
    assert h.weeks_met_streak(h.weeks(sessions, d(0), goal=5), d(0)) == 0


def test_a_fully_paused_week_neither_counts_nor_breaks():
    sessions = days(MON - timedelta(days=14), 5) + days(MON, 5)
    marks = [DayMark(MON - timedelta(days=7 - i), "sick") for i in range(7)]
    w = h.weeks(sessions, d(6), goal=5, marks=marks)
    assert [x.target for x in w] == [5, 0, 5]
    assert h.weeks_met_streak(w, d(6)) == 2


def test_an_unmet_first_week_neither_counts_nor_breaks_and_a_met_one_counts():
    # Started on a Thursday: 4 days cannot meet a goal of 5, and must not break the run.
    late_start = days(MON - timedelta(days=4), 4) + days(MON, 5)
    w = h.weeks(late_start, d(6), goal=5)
    assert [(x.first, x.met) for x in w] == [(True, False), (False, True)]
    assert h.weeks_met_streak(w, d(6)) == 1
    assert h.adherence(late_start, MON - timedelta(days=28), d(6), goal=5).weeks_counted == 1
    early_start = days(MON - timedelta(days=7), 7) + days(MON, 5)
    assert h.weeks_met_streak(h.weeks(early_start, d(6), goal=5), d(6)) == 2


# ---------------------------------------------------------------- adherence


def test_adherence_is_against_the_goal_not_every_calendar_day():
    sessions = days(MON - timedelta(days=14), 5) + days(MON - timedelta(days=7), 5)
    a = h.adherence(sessions, MON - timedelta(days=14), d(0), goal=5)
    assert (a.done, a.target, a.ratio, a.weeks_met, a.weeks_counted) == (10, 10, 1.0, 2, 2)


def test_adherence_caps_days_beyond_the_goal_per_week():
    sessions = days(MON - timedelta(days=14), 7) + days(MON - timedelta(days=7), 2)
    a = h.adherence(sessions, MON - timedelta(days=14), d(0), goal=3)
    assert (a.done, a.target) == (5, 6)


def test_adherence_starts_at_the_first_session_and_prorates_that_week():
    first = MON - timedelta(days=7) + timedelta(days=4)  # a Friday: 3 days left in that week
    sessions = days(first, 3)
    a = h.adherence(sessions, MON - timedelta(days=60), d(0), goal=5)
    assert a.target == round(5 * 3 / 7)
    assert a.done == a.target


def test_unfinished_current_week_never_lowers_adherence():
    past = days(MON - timedelta(days=7), 5)
    a = h.adherence([*past, rec(d(0))], MON - timedelta(days=7), d(2), goal=5)
    assert (a.done, a.target) == (5, 5)
    met = h.adherence(past + days(MON, 5), MON - timedelta(days=7), d(4), goal=5)
    assert (met.done, met.target, met.weeks_counted) == (10, 10, 2)


def test_adherence_with_no_sessions_has_no_ratio():
    assert h.adherence([], MON, d(6)).ratio is None


# ---------------------------------------------------------------- habit strength


def test_strength_of_fourteen_daily_sessions_is_one_half():
    # The half-life is 14 days: 14 days each at full value (goal 1 a week) reach 1 - 0.5.
    assert h.habit_strength(days(MON, 14), d(13), goal=1) == pytest.approx(0.5, abs=1e-4)


def test_strength_grows_with_practice_and_fades_when_practice_stops():
    sessions = days(MON, 40)
    at_end = h.habit_strength(sessions, d(39))
    later = h.habit_strength(sessions, d(39 + 30))
    assert 0.8 < at_end <= 1.0
    assert later < at_end / 2


def test_strength_does_not_fade_over_flare_days_or_before_today_is_done():
    sessions = days(MON, 20)
    base = h.habit_strength(sessions, d(19))
    assert h.habit_strength(sessions, d(20)) == base  # today not done yet
    marks = [DayMark(d(20 + i), "flare") for i in range(10)]
    assert h.habit_strength(sessions, d(30), marks=marks) == base


def test_strength_of_five_days_a_week_matches_daily_practice_for_a_five_day_goal():
    weekdays_only = [rec(d(i)) for i in range(70) if d(i).weekday() < 5]
    assert h.habit_strength(weekdays_only, d(69), goal=5) > 0.9


def test_strength_is_zero_without_sessions():
    assert h.habit_strength([], MON) == 0.0


# ---------------------------------------------------------------- summary


def test_streak_summary_as_json_shape():
    s = h.streak_summary(days(MON, 3), d(2), goal=5)
    out = s.as_dict()
    assert out["current"] == 3 and out["longest"] == 3
    assert out["week"] == {"done": 3, "goal": 5, "weekly_goal": 5}
    assert 0 < out["strength"] < 1
    assert out["today"] == {"done": True, "mark": ""}


# ---------------------------------------------------------------- calendar and routines


def test_calendar_covers_52_weeks_from_a_monday_with_counts_minutes_and_marks():
    sessions = [
        rec(d(0), elapsed_seconds=120),
        rec(d(0), elapsed_seconds=60),
        rec(d(1), "stopped", elapsed_seconds=30),
        rec(d(2), "abandoned"),
    ]
    cal = h.calendar(sessions, d(5), [DayMark(d(3), "flare")], SAT_SUN)
    assert cal[0].day.weekday() == 0
    assert cal[-1].day == d(5)
    assert len(cal) == 51 * 7 + 6
    by_day = {c.day: c for c in cal}
    assert (by_day[d(0)].sessions, by_day[d(0)].minutes, by_day[d(0)].counted) == (2, 3.0, True)
    assert (by_day[d(1)].sessions, by_day[d(1)].counted) == (1, False)
    assert by_day[d(2)].sessions == 0
    assert by_day[d(3)].mark == "flare"
    assert by_day[d(5)].mark == "off"


def test_routine_totals_count_sessions_and_minutes_most_used_first():
    sessions = [
        rec(d(0), routine="a", elapsed_seconds=600, routine_title="A"),
        rec(d(1), routine="b", elapsed_seconds=60),
        rec(d(2), routine="b", status="stopped", elapsed_seconds=60),
        rec(d(3), routine="b", status="abandoned"),
    ]
    totals = h.routine_totals(sessions)
    assert [(t.routine_id, t.sessions, t.completed, t.minutes) for t in totals] == [
        ("b", 2, 1, 2.0),
        ("a", 1, 1, 10.0),
    ]
    assert totals[1].title == "A"
    assert totals[0].last_date == d(2)


# ---------------------------------------------------------------- pain


@pytest.mark.parametrize(
    "before, after, meaningful",
    [
        (5, 3, True),  # 2 points
        (8, 7, False),  # 1 point is noise
        (3, 2, False),  # 33 % but only 1 point
        (2, 0, True),
        (4.0, 2.7, True),  # 1.3 points, 32 %
        (8.0, 6.5, False),  # 1.5 points, 19 %
        (0, 0, False),
        (3, 5, False),
    ],
)
def test_meaningful_drop_is_two_points_or_thirty_percent_above_noise(before, after, meaningful):
    assert h.meaningful_drop(before, after) is meaningful


def test_meaningful_rise_is_two_points():
    assert h.meaningful_rise(3, 5)
    assert not h.meaningful_rise(3, 4)


def test_pain_trend_per_area_in_time_order():
    sessions = [
        rec(d(1), pain_before={"ribs": 5}, pain_after={"ribs": 3}, local_time="09:00:00"),
        rec(d(0), pain_before={"ribs": 6, "neck": 2}),
        rec(d(1), pain_after={"neck": 1}, local_time="08:00:00"),
    ]
    trend = h.pain_trend(sessions)
    assert [(p.day, p.before, p.after) for p in trend["ribs"]] == [(d(0), 6, None), (d(1), 5, 3)]
    assert [(p.before, p.after) for p in trend["neck"]] == [(2, None), (None, 1)]


def test_pain_changes_use_sessions_with_both_scores():
    sessions = [
        rec(d(0), pain_before={"ribs": 6}, pain_after={"ribs": 3}),
        rec(d(1), pain_before={"ribs": 4}, pain_after={"ribs": 3}),
        rec(d(2), pain_before={"ribs": 9}),
    ]
    c = h.pain_changes(sessions)["ribs"]
    assert (c.n, c.mean_before, c.mean_after, c.mean_drop) == (2, 5.0, 3.0, 2.0)
    assert c.meaningful and not c.rose


def test_pain_changes_by_routine_and_routine_pain_drops():
    sessions = [
        rec(
            d(0), routine="a", pain_before={"ribs": 6, "neck": 4}, pain_after={"ribs": 3, "neck": 3}
        ),
        rec(d(1), routine="a", pain_before={"ribs": 5}, pain_after={"ribs": 5}),
        rec(d(2), routine="b", pain_before={"ribs": 5}),
        rec(d(3), routine="c", pain_before={"overall": 4}, pain_after={"overall": 6}),
    ]
    by = h.pain_changes_by_routine(sessions)
    assert set(by) == {"a", "c"}
    assert by["a"]["ribs"].n == 2
    drops = h.routine_pain_drops(sessions)
    assert drops == {"a": (2, 1.0), "c": (1, -2.0)}  # a: mean of (3+1)/2 and 0


def test_baseline_change_compares_first_and_last_three_starting_scores():
    sessions = [rec(d(i), pain_before={"ribs": v}) for i, v in enumerate([7, 7, 6, 5, 4, 4, 3])]
    b = h.baseline_changes(sessions)["ribs"]
    assert (b.first, b.last, b.n) == (6.67, 3.67, 7)
    assert b.meaningful
    assert h.baseline_changes(sessions[:5]) == {}


def _checkins(area: str, scores: list[int], end: date) -> list[CheckinRecord]:
    start = end - timedelta(days=len(scores) - 1)
    return [CheckinRecord(i, start + timedelta(days=i), {area: v}) for i, v in enumerate(scores)]


def test_persistent_pain_on_most_days_for_two_weeks_without_a_drop():
    scores = [5, 6, 4, 5, 0, 5, 6, 5, 4, 3, 5, 6, 5, 5]  # 4+ on 12 of 14 days
    assert h.persistent_pain(_checkins("ribs", scores, d(13)), [], d(13)) == ["ribs"]


def test_persistent_pain_needs_eight_of_fourteen_days():
    scores = [5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0]  # 7 days
    assert h.persistent_pain(_checkins("ribs", scores, d(13)), [], d(13)) == []


def test_persistent_pain_that_is_improving_meaningfully_is_not_flagged():
    scores = [8, 8, 8, 8, 8, 8, 8, 5, 5, 5, 4, 4, 4, 4]
    assert h.persistent_pain(_checkins("neck", scores, d(13)), [], d(13)) == []


def test_persistent_pain_ignores_days_outside_the_window_and_uses_session_scores():
    old = _checkins("ribs", [6] * 14, d(-1))
    assert h.persistent_pain(old, [], d(13)) == []
    sessions = [rec(d(i), pain_before={"mid-back": 5}) for i in range(0, 14, 1) if i % 3]
    assert h.persistent_pain([], sessions, d(13)) == ["mid-back"]


# ---------------------------------------------------------------- helpers for front ends


def test_parse_pain_reads_a_bare_number_as_overall_and_area_pairs():
    areas = ["ribs", "neck"]
    assert h.parse_pain(["5"], areas) == {"overall": 5}
    assert h.parse_pain(["ribs=4", "neck=2"], areas) == {"ribs": 4, "neck": 2}
    assert h.parse_pain(["ribs=4,neck=0"], areas) == {"ribs": 4, "neck": 0}
    assert h.parse_pain([], areas) == {}


@pytest.mark.parametrize(
    "values, message",
    [
        (["rib=4"], "unknown pain area 'rib' (did you mean 'ribs'?)"),
        (["11"], "outside 0-10"),
        (["ribs=x"], "'x' is not a whole number"),
        (["4", "5"], "given twice"),
        (["ribs=-1"], "outside 0-10"),
    ],
)
def test_parse_pain_rejects_bad_values_with_a_clear_message(values, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        h.parse_pain(values, ["ribs", "neck"])


def test_areas_to_ask_prefers_the_last_checkins_sore_areas():
    c = CheckinRecord(1, MON, {"ribs": 5, "neck": 0})
    assert h.areas_to_ask(c, ["upper-back"]) == ["ribs"]
    assert h.areas_to_ask(CheckinRecord(2, MON, {"neck": 0}), ["upper-back"]) == ["upper-back"]
    assert h.areas_to_ask(None, ("upper-back", "ribs")) == ["upper-back", "ribs"]


def test_parse_weekdays():
    assert h.parse_weekdays(["sat", "Sunday"]) == SAT_SUN
    with pytest.raises(ValueError, match="'funday' is not a weekday"):
        h.parse_weekdays(["funday"])


def test_overview_bundles_summary_calendar_routines_pain_and_recent():
    sessions = [rec(d(i), pain_before={"ribs": 5}, pain_after={"ribs": 3}) for i in range(5)]
    o = h.overview(sessions, d(4), recent=3)
    assert o.summary.current == 5
    assert o.calendar[-1].day == d(4)
    assert o.routines[0].sessions == 5
    assert o.changes["ribs"].meaningful
    assert [s.local_date for s in o.recent] == [d(4), d(3), d(2)]


def test_a_bare_number_goes_to_the_one_area_asked_about():
    assert h.parse_pain(["4"], ["ribs"], bare_area="ribs") == {"ribs": 4}
    assert h.parse_pain([""], ["ribs"], bare_area="ribs") == {}


def test_pain_prompt_names_the_areas_and_how_to_skip():
    assert h.pain_prompt(["ribs"], "before") == "Pain before in your ribs, 0-10 (Enter to skip): "
    text = h.pain_prompt(["ribs", "neck"], "after")
    assert text.startswith("Pain after, 0-10") and "ribs, neck" in text and "Enter to skip" in text


def test_overview_can_take_streaks_from_the_whole_log_and_the_rest_from_the_last_year():
    old = days(MON - timedelta(days=400), 400)  # unbroken for 400 days up to yesterday
    recent = [s for s in old if s.local_date >= MON - timedelta(days=365)]
    o = h.overview(recent, MON, activity=old)
    assert o.summary.current == 400
    assert h.overview(recent, MON).summary.current < 400
