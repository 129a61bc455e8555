"""Shared fakes for the Textual app tests: a clock that moves only when told, a voice that
records what it was asked to do, and the app built through the CLI's own factory."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from coach.tui.app import CoachApp, build_app
from tests.test_player import FakeClock  # one fake clock for the player and the app

TEST_ROUTINES = Path(__file__).resolve().parent / "data" / "routines"
#: The test routines only, never the built-ins, so snapshots do not change when one is edited.
TEST_LIBRARY = [("path", TEST_ROUTINES)]


class RecordingVoice:
    """A voice that records every call instead of speaking."""

    def __init__(self, notice: str = "") -> None:
        self.notice = notice
        self.failure = ""
        self.said: list[str] = []
        self.tones: list[tuple[str, float]] = []  # (phase, seconds)
        self.chimes: list[str] = []
        self.prepared: list[str] = []
        self.prepared_tones: list[tuple[str, float]] = []
        self.muted: list[bool] = []
        self.stops = 0
        self.closed = False
        self._lock = threading.Lock()  # prepare() runs in a worker thread

    def prepare(self, texts: Iterable[str]) -> None:
        with self._lock:
            self.prepared.extend(texts)

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.stops += 1

    def set_muted(self, muted: bool) -> None:
        self.muted.append(muted)

    def tone(self, phase: str, seconds: float) -> None:
        self.tones.append((phase, seconds))

    def chime(self, kind: str) -> None:
        self.chimes.append(kind)

    def prepare_tones(self, pairs: Iterable[tuple[str, float]]) -> None:
        with self._lock:
            self.prepared_tones.extend(pairs)

    def wait_idle(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


def make_app(
    clock: FakeClock | None = None, voice: RecordingVoice | None = None, **kwargs: object
) -> CoachApp:
    """The app as the CLI builds it, on the test routines, with time and blinking pinned."""
    options: dict[str, object] = {
        "voice": voice if voice is not None else RecordingVoice(),
        "clock": clock if clock is not None else FakeClock(),
        "library_dirs": TEST_LIBRARY,
        "cursor_blink": False,
        "tick_hz": 0,
        "first_launch_notice": False,  # its own tests turn it on
        "record_sessions": False,  # the session log's tests (test_tui_log*.py) turn it on
    }
    options.update(kwargs)
    return build_app(**options)  # type: ignore[arg-type]


async def settle(app: CoachApp) -> None:
    """Wait until no worker runs. A worker the app cancelled in favour of a newer one
    (an exclusive group, e.g. a reload superseding a load), or one that failed as the
    test intends, is expected, not a failure of the wait."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            # A failed worker (an unopenable log) is the app's to report, which tests check;
            # it only ends this wait early when it fails while being waited for.
            continue
        if not any(w.is_running for w in app.workers):
            return


def screen_text(app: CoachApp) -> str:
    """What the current screen shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_fake_clock_moves_only_when_advanced() -> None:
    clock = FakeClock(5.0)
    assert clock() == clock() == 5.0
    clock.advance(1.5)
    assert clock() == 6.5
