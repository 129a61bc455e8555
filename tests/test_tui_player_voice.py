"""The player's sound through the cue scheduler, and its voice controls heard and seen.

calm-breathing's first step: 5 s to get ready, then breaths of 4 s in, 2 s hold, 6 s out.
"""

from __future__ import annotations

import threading

import pytest

from coach.settings.config import DEFAULT_KEYS, Config
from coach.tui.screens.player import PlayerScreen
from coach.voice.speech import SilentVoice
from tests.test_tui_player import SIZE, Session, _footer
from tests.test_tui_support import FakeClock, RecordingVoice, make_app, screen_text, settle

OPENING = "Breathing control. Sit supported, one hand on your stomach, breathe gently."


async def test_cues_tones_and_chimes_reach_the_voice_through_the_scheduler() -> None:
    async with Session() as s:
        await s.press("space")
        assert s.voice.said == [OPENING]
        assert s.voice.tones == [("prepare", pytest.approx(5.0))]
        await s.advance(5)
        assert s.voice.said[-1] == "Breathe in"
        assert s.voice.tones[-1] == ("inhale", pytest.approx(4.0))
        assert [e.kind for e in s.screen.scheduler.fired][-2:] == ["segment", "cue"]
        await s.press("n")  # the next step opens with the step chime
        assert s.voice.chimes[-1] == "step"
        assert s.voice.said[-1].startswith("Rest")


async def test_without_tones_the_player_only_speaks() -> None:
    clock, voice = FakeClock(), RecordingVoice()
    app = make_app(clock, voice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        entry = app.library.get("calm-breathing")
        screen = PlayerScreen(entry, voice=voice, clock=clock, tick_hz=0, tones=False)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("space")
        clock.advance(5)
        screen.tick()
        assert voice.said == [OPENING, "Breathe in"]
        assert (voice.tones, voice.chimes) == ([], [])


async def test_drawing_fires_no_sound_the_scheduler_does() -> None:
    clock, voice = FakeClock(), RecordingVoice()
    app = make_app(clock, voice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        screen = PlayerScreen(
            app.library.get("calm-breathing"), voice=voice, clock=clock, tick_hz=0, cue_thread=True
        )

        def until_replanned(cond: threading.Condition, timeout: float | None) -> None:
            cond.wait()  # the fake clock never reaches a deadline: only a re-plan wakes it

        screen.scheduler.start(until_replanned)  # before mount: the screen's own start is a no-op
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("space")
        assert voice.said == [OPENING]  # begin re-plans: the opening is due at once
        clock.advance(5)
        for _ in range(3):
            screen.tick()
        await pilot.pause()
        assert "Breathe in" in screen_text(app)  # the frame drew the breath...
        assert voice.said == [OPENING]  # ...and said nothing
        screen.scheduler.replan()
        assert voice.said == [OPENING, "Breathe in"]
        app.pop_screen()
        await pilot.pause()
        assert not screen.scheduler.running  # unmounting ends the thread


async def test_pause_and_resume_are_heard_and_the_tone_goes_on_from_where_it_was() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(7)  # half way through the 4 s breath in
        await s.press("space")
        assert s.voice.chimes[-1] == "pause"
        assert s.voice.stops >= 1
        await s.advance(20)
        await s.press("space")
        assert s.voice.chimes[-1] == "resume"
        assert s.voice.tones[-1] == ("inhale", pytest.approx(2.0))


async def test_muting_is_heard_said_in_words_and_the_footer_offers_unmute() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(1)
        assert "Mute" in await _footer(s, "Mute")
        await s.press("m")
        assert s.voice.muted == [True]
        assert s.voice.chimes[-1] == "mute"
        assert "Sound muted (voice and tones) - press m to unmute" in s.text
        footer = await _footer(s, "Unmute")
        assert "m Unmute" in footer and "m Mute" not in footer
        await s.press("m")
        assert s.voice.muted == [True, False]
        assert s.voice.chimes[-1] == "unmute"
        assert s.voice.tones[-1] == ("prepare", pytest.approx(4.0))  # the tone comes back
        assert "Sound muted" not in s.text
        footer = await _footer(s, "m Mute")
        assert "m Mute" in footer and "Unmute" not in footer


async def test_the_muted_line_names_the_persons_own_key() -> None:
    clock = FakeClock()
    app = make_app(clock, config=Config(keys=dict(DEFAULT_KEYS, mute="v")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        screen = app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        await pilot.press("space", "v")
        await pilot.pause()
        assert screen.muted
        assert "Sound muted (voice and tones) - press v to unmute" in screen_text(app)


async def test_with_the_voice_off_there_is_no_mute_key() -> None:
    clock = FakeClock()
    app = make_app(clock, SilentVoice())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        screen = app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        await pilot.press("space")
        for _ in range(100):  # the footer is redrawn a few idle rounds after the bindings change
            footer = screen_text(app).splitlines()[-1]
            if "Pause" in footer:
                break
            await pilot.pause()
        assert "Pause" in footer and "Mute" not in footer
        await pilot.press("m")
        assert not screen.muted


async def test_a_failing_player_is_shown_once_and_the_session_goes_on() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(1)
        toasts = len(s.app._notifications)
        s.voice.failure = "no sound reached the speakers: aplay said: [bold]nosuchdevice\x1b[31m"
        await s.advance(1)
        assert "Sound: no sound reached the speakers: aplay said: [bold]nosuchdevice" in s.text
        assert len(s.app._notifications) == toasts + 1
        await s.advance(3)  # 5 s: the first breath in, said on time
        assert len(s.app._notifications) == toasts + 1  # one toast, the line stays
        assert "aplay said: [bold]nosuchdevice" in s.text
        assert s.screen.player.state == "playing"
        assert s.voice.said[-1] == "Breathe in"
