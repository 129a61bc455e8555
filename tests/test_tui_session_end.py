"""The end of a recorded session, typed fast: the end screen's words, digits typed there,
a digit typed with Enter on the pain-after form, and 10 typed as "1" then "0".

Keys go in one Pilot press() call, as a fast typist's burst arrives.
"""

from __future__ import annotations

from pathlib import Path

from textual import events

from coach.tui.screens.home import HomeScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.pain_form import TEN_WITHIN, PainForm
from coach.tui.widgets.panels import ASK_AFTER, GO_BACK
from tests.test_tui_log import LogApp, _sessions
from tests.test_tui_support import FakeClock


async def _ended(s: LogApp) -> None:
    """Play calm-breathing (pain before skipped) to its end screen."""
    await s.press("enter", "p", "s")
    await s.play_to_the_end()


async def test_the_end_screen_says_enter_opens_the_pain_question(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        assert ASK_AFTER in s.text
        assert GO_BACK not in s.text
        await s.press("enter")
        assert isinstance(s.app.screen, SummaryScreen)
        assert "How is your pain now?" in s.text


async def test_a_preview_end_screen_still_says_go_back() -> None:
    async with LogApp(speed=5.0) as s:
        await s.press("enter", "p")
        await s.play_to_the_end()
        assert GO_BACK in s.text
        await s.press("enter")
        assert not isinstance(s.app.screen, SummaryScreen)


async def test_a_digit_typed_on_the_end_screen_is_the_pain_after(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        await s.press("7")
        screen = s.app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.query_one(PainForm).values == {"chest": 7}
        await s.press("enter")
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 7}


async def test_seven_and_enter_together_on_the_end_screen_record_seven(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        await s.press("7", "enter")  # 7 opens the pain form with 7; enter saves it
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 7}


async def test_ten_typed_on_the_end_screen(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        await s.press("1", "0")
        assert s.app.screen.query_one(PainForm).values == {"chest": 10}
        await s.press("enter")
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 10}


async def test_a_digit_typed_with_enter_on_the_pain_form_is_recorded(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        await s.press("enter")
        assert isinstance(s.app.screen, SummaryScreen)
        await s.press("7", "enter")  # one burst: the 7 lands before the form closes
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 7}


async def test_enter_then_digit_and_enter_in_one_burst_from_the_end_screen(
    coach_home: Path,
) -> None:
    async with LogApp() as s:
        await _ended(s)
        await s.press("enter", "4", "enter")
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 4}


# ------------------------------------------------------------ 10 on the pain forms


async def test_one_then_zero_together_is_ten_and_zero_alone_is_no_pain() -> None:
    async with LogApp() as s:
        clock = FakeClock()
        answers: list[object] = []
        labels = {"ribs": "Ribs", "neck": "Neck"}
        s.app.push_screen(PainScreen(["ribs", "neck"], labels, clock=clock), answers.append)
        await s.settle()
        assert "For 10, type 1 then 0 quickly" in s.text
        form = s.app.screen.query_one(PainForm)
        await s.press("1", "0")
        assert form.values == {"ribs": 10}
        await s.press("0")  # a 0 after the 10: no pain
        assert form.values == {"ribs": 0}
        await s.press("down", "1")
        clock.advance(TEN_WITHIN + 0.5)
        await s.press("0")  # too late to make 10: 0
        assert form.values == {"ribs": 0, "neck": 0}
        await s.press("1", "up", "0")  # a 1 on another area does not make this one 10
        assert form.values == {"ribs": 0, "neck": 1}
        await s.press("enter")
        assert answers == [{"ribs": 0, "neck": 1}]


async def test_a_true_burst_of_digit_and_enter_keeps_the_digit(coach_home: Path) -> None:
    """Both keys queued on the app before either is handled, as a terminal delivers them."""
    async with LogApp() as s:
        await _ended(s)
        await s.press("enter")
        for key, char in (("7", "7"), ("enter", "\r")):
            s.app.post_message(events.Key(key, char))
        await s.settle()
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 7}


async def test_a_true_burst_on_the_end_screen_keeps_the_digit(coach_home: Path) -> None:
    async with LogApp() as s:
        await _ended(s)
        for key, char in (("6", "6"), ("enter", "\r")):
            s.app.post_message(events.Key(key, char))
        await s.settle()
        await s.press("enter")
        assert isinstance(s.app.screen, HomeScreen)
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 6}
