"""The check-in flow in the Textual app, driven with Pilot at 80x24: areas, context,
conditions and warning-sign questions, then suggestions on home and the key that starts
the first. Real parts throughout: the session log is a real SQLite file under this
test's COACH_HOME and config.yaml is really written. The warning-sign path and the
first-launch notice are in test_tui_checkin_advice.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.care.safety import questions_for
from coach.common.vocab import vocabulary
from coach.log.store import local_now, open_store
from coach.settings.config import load_config
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.widgets.pain_areas import PainAreas, nrs_word
from coach.tui.widgets.suggestions import SuggestionsPanel
from tests.test_tui_support import make_app, screen_text
from tests.test_tui_support import settle as settle_workers

SIZE = (80, 24)
AREAS = list(vocabulary().areas)


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every worker finish and every message be handled (workers start workers)."""
    for _ in range(3):
        await settle_workers(app)
        await pilot.pause()


async def open_checkin(app, pilot) -> CheckInScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, CheckInScreen)
    return app.screen


async def score_areas(pilot, scores: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """Walk down the area list from the top, typing each score (10 is 9 then right)."""
    keys: list[str] = []
    last = max((AREAS.index(a) for a in scores), default=-1)
    for area in AREAS[: last + 1]:
        if area in scores:
            keys += ["9", "right"] if scores[area] == 10 else [str(scores[area])]
        keys.append("down")
    await pilot.press(*keys)


async def tick(pilot, box: str, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Tab into ``box`` (contexts or conditions) and tick ``values`` with space."""
    app = pilot.app
    while app.focused is None or app.focused.id != box:
        await pilot.press("tab")
    items = [v for v, _ in app.focused.items]
    for value in values:
        while items[app.focused.highlighted] != value:
            await pilot.press("down" if items.index(value) > app.focused.highlighted else "up")
        await pilot.press("space")


async def answer_yes(pilot, *ids: str) -> None:  # type: ignore[no-untyped-def]
    """On the questions page, arrow to each question and press y."""
    flags = pilot.app.screen.flags
    for qid in ids:
        steps = flags.asked.index(qid) - flags.highlighted
        await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "y")


async def check_in(
    app,
    pilot,
    scores: dict[str, int],
    contexts: list[str] = (),  # type: ignore[no-untyped-def, assignment]
    conditions: list[str] = (),
    yes: tuple[str, ...] = (),
) -> None:  # type: ignore[assignment]
    await open_checkin(app, pilot)
    await score_areas(pilot, scores)
    if contexts:
        await tick(pilot, "contexts", list(contexts))
    if conditions:
        await tick(pilot, "conditions", list(conditions))
    await pilot.press("enter")
    await pilot.pause()
    await answer_yes(pilot, *yes)
    await pilot.press("a", "enter")  # the rest answered no, as an explicit act
    await settle(app, pilot)


def panel(app) -> SuggestionsPanel:  # type: ignore[no-untyped-def]
    return app.home.query_one(SuggestionsPanel)


# ------------------------------------------------------------ the happy path


async def test_check_in_answers_show_suggestions_with_reasons_on_home(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        assert not panel(app).display  # nothing to show before a check-in
        await score_areas(pilot, {"upper-back": 6, "ribs": 4})
        assert checkin.pain_areas.painful == {"upper-back": 6, "ribs": 4}
        await tick(pilot, "contexts", ["morning-stiffness"])
        await pilot.press("enter")
        await pilot.pause()
        assert checkin.page == "flags"
        due = [q.id for q in questions_for(checkin.draft())]
        assert checkin.flags.asked == due  # every question due for these answers, in order
        assert "tearing-pain" in due  # upper back pain asks the tearing-pain question
        assert checkin.flags.unanswered == due  # nothing is assumed: every one starts open
        await pilot.press("enter")  # enter alone does not take an unanswered one as "no"
        await settle(app, pilot)
        assert app.screen is checkin and checkin.page == "flags"
        assert f"{len(due)} not answered yet" in screen_text(app)
        await pilot.press("a")  # a clearly labelled key answers all the rest "no"
        await pilot.pause()
        assert checkin.flags.unanswered == []
        assert f"{len(due)} questions: 0 yes, 0 no, {len(due)} no with a" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)

        assert app.screen_stack == [app.home]  # clear: no advice screen, straight home
        shown = screen_text(app)
        assert "1. Rib release after coughing   targets your upper back (6/10)" in shown
        assert "2. Calm breathing               targets your ribs (4/10)" in shown
        assert "Warmth first (a shower or a warm pack) may help" in shown  # today's note
        assert "g  start the first" in shown
        assert "g Start suggested" in shown  # the footer offers the key
        outcome = app.checkin_outcome
        assert [s.id for s in outcome.ranking.suggestions] == ["rib-release", "calm-breathing"]
        assert dict(outcome.checkin.pain) == {"upper-back": 6, "ribs": 4}
        assert outcome.checkin.contexts == {"morning-stiffness"}
        assert set(outcome.checkin.red_flags) == set(due)
        assert not any(outcome.checkin.red_flags.values())

    with open_store() as log:  # the check-in row is really in the session log
        [row] = log.checkins()
    assert row.id == outcome.checkin_id
    assert dict(row.areas) == {"upper-back": 6, "ribs": 4}
    assert row.contexts == ("morning-stiffness",)
    assert row.verdict_level == "clear"
    assert row.suggested == ("rib-release", "calm-breathing")
    assert set(row.red_flags) == set(due) and not any(row.red_flags.values())


async def test_pain_keys_set_scores_within_0_to_10_with_words() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        areas = checkin.pain_areas
        assert areas.has_focus and areas.current_area == "neck"
        await pilot.press("7")
        assert areas.scores["neck"] == 7
        await pilot.press("right", "right", "right", "plus")  # stops at 10
        assert areas.scores["neck"] == 10
        assert "Neck: 10 out of 10, severe" in screen_text(app)
        await pilot.press("minus", "left", "left")
        assert areas.scores["neck"] == 7
        await pilot.press("0", "left")  # stops at 0
        assert areas.scores["neck"] == 0
        await pilot.press("up", "down", "3")  # up at the top stays at the top
        assert areas.painful == {"shoulders": 3}
        shown = screen_text(app)
        assert "Shoulders  ███░░░░░░░  3 mild" in shown
        assert "Shoulders: 3 out of 10, mild" in shown
        for _ in range(10):
            await pilot.press("down")
        assert areas.current_area == "flank"  # down at the bottom stays at the bottom
    assert [nrs_word(n) for n in range(11)] == (
        ["none"] + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4
    )


async def test_standing_conditions_come_from_config_and_are_remembered_only_if_asked(
    coach_home: Path,
) -> None:
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("# my settings\nconditions: [asthma]\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        assert checkin.conditions == ["asthma"]  # prefilled from config
        assert "[x] Asthma" in screen_text(app)
        await tick(pilot, "conditions", ["lupus"])
        await pilot.press("enter", "a", "enter")  # not remembered: config unchanged
        await settle(app, pilot)
        assert app.checkin_outcome.checkin.conditions == {"asthma", "lupus"}
    assert load_config().config.conditions == ("asthma",)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(app, pilot)
        await tick(pilot, "conditions", ["asthma", "osteoporosis"])  # untick asthma
        await tick(pilot, "remember", ["remember"])
        await pilot.press("enter", "a", "enter")
        await settle(app, pilot)
        assert app.checkin_outcome.checkin.conditions == {"osteoporosis"}
    assert load_config().config.conditions == ("osteoporosis",)
    assert config.read_text().startswith("# my settings\n")  # the comment survives


async def test_escape_goes_back_a_page_keeping_answers_and_then_leaves_without_saving(
    coach_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        await score_areas(pilot, {"neck": 5})
        await pilot.press("enter")
        await pilot.pause()
        await answer_yes(pilot, "arm-tingling")
        assert ": 1 yes, 0 no" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert checkin.page == "areas" and checkin.pain_areas.has_focus
        assert checkin.pain_areas.painful == {"neck": 5}
        await pilot.press("enter")
        await pilot.pause()
        assert checkin.flags.yes == ["arm-tingling"]  # kept
        await pilot.press("n")  # the highlight is back on the first question: answer no
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert app.screen_stack == [app.home]
        assert app.checkin_outcome is None and not panel(app).display
    with open_store() as log:
        assert log.checkins() == []  # leaving saves nothing


async def test_g_starts_the_top_suggestion_and_records_the_choice(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"neck": 5, "shoulders": 4})
        top = app.checkin_outcome.top
        assert top is not None and top.id == "neck-ease"
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.entry.routine.id == "neck-ease"
        assert app.screen.player.state == "ready"  # cautions first, as from the detail screen
        checkin_id = app.checkin_outcome.checkin_id
    with open_store() as log:
        [row] = log.checkins()
    assert row.id == checkin_id and row.chosen_routine == "neck-ease"


async def test_c_and_g_type_into_the_filter_box_and_c_checks_in_from_the_table() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("/", *"neck", "c", "g")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#filter").value == "neckcg"
        assert "c Check in" not in screen_text(app)  # the footer says letters type here
        await pilot.press("backspace", "backspace", "down", "c")  # to the table, then c
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)


# ------------------------------------------------------------- the log


async def test_todays_stored_check_in_shows_its_suggestions_at_start_up() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"ribs": 6})
        first = [s.id for s in app.checkin_outcome.ranking.suggestions]
        first_id = app.checkin_outcome.checkin_id

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        outcome = app.checkin_outcome
        assert outcome is not None and outcome.checkin_id == first_id
        assert [s.id for s in outcome.ranking.suggestions] == first
        assert panel(app).display
        assert "targets your ribs (6/10)" in screen_text(app)


async def test_an_older_check_in_is_not_shown_at_start_up() -> None:
    with open_store() as log:
        log.add_checkin({"ribs": 6}, now=local_now() - timedelta(days=1))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.checkin_outcome is None and not panel(app).display


async def test_persistent_pain_nudge_shows_as_a_calm_notice(coach_home: Path) -> None:
    now = local_now()
    with open_store() as log:
        for days_ago in range(1, 13):
            log.add_checkin({"upper-back": 6}, now=now - timedelta(days=days_ago))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"upper-back": 6})
        assert app.checkin_outcome.nudge.startswith("Your upper back has been 4 or more")
        shown = screen_text(app)
        assert (
            "│ Your upper back has been 4 or more on most days for two weeks. It may be │" in shown
        )
        assert "│ worth booking a review with your doctor or physiotherapist." in shown
        assert "1. Rib release after coughing" in shown  # the suggestions are still there


async def test_the_pain_list_reads_without_colour() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        await score_areas(pilot, {"mid-back": 8})
        widget = checkin.query_one(PainAreas)
        assert widget.describe("mid-back") == "Mid back: 8 out of 10, severe"
        assert "Mid back   ████████░░  8 severe" in screen_text(app)


async def test_a_broken_config_says_so_before_the_check_in(coach_home: Path) -> None:
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("conditions: [asthmaa]\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        checkin = await open_checkin(app, pilot)
        assert checkin.conditions == []  # the broken setting falls back to none...
        notices = [n.message for n in app._notifications]
        assert any("1 problem(s); check your conditions below" in n for n in notices)  # ...said


async def test_a_narrow_screen_stacks_the_boxes_so_no_label_is_cut() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        checkin = await open_checkin(app, pilot)
        assert checkin.has_class("-narrow")
        await tick(pilot, "conditions", ["osteoporosis"])
        assert "[x] Osteoporosis or long-term steroids" in screen_text(app)
