"""Pictures of the check-in screens at 80x24, compared with the accepted ones in
tests/snapshots/ (same folder and format as test_tui_snapshots.py).

Accept a deliberate change with: pytest tests/test_tui_checkin_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.test_tui_checkin import check_in, open_checkin, score_areas, settle, tick
from tests.test_tui_support import make_app

SIZE = (80, 24)


def test_checkin_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_checkin(pilot.app, pilot)
        await score_areas(pilot, {"upper-back": 6, "ribs": 4})
        await tick(pilot, "contexts", ["after-coughing-fit"])
        await tick(pilot, "conditions", ["asthma"])

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=answer)


def test_checkin_questions(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def questions(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_checkin(pilot.app, pilot)
        await score_areas(pilot, {"upper-back": 6})
        await pilot.press("enter", "n", "y")  # the second question answered yes
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=questions)


def test_advice_screen_emergency(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def tearing_pain(pilot) -> None:  # type: ignore[no-untyped-def]
        await check_in(pilot.app, pilot, {"upper-back": 6}, yes=("tearing-pain",))

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=tearing_pain)


def test_home_with_suggestions(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def suggestions(pilot) -> None:  # type: ignore[no-untyped-def]
        await check_in(pilot.app, pilot, {"upper-back": 6, "ribs": 4})

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=suggestions)


def test_first_launch_notice(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot.app, pilot)

    app = make_app(first_launch_notice=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)
