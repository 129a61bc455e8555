"""Take the README's screenshots from the real app: built-in routines, a demo log.

Run: .venv/bin/python docs/screenshots.py [--out docs/screens]

Each scene drives the app the way the CLI builds it (coach.tui.app.build_app), in a
private COACH_HOME holding four weeks of demo sessions, with the clocks pinned so the
pictures only change when the app does. tests/test_docs.py runs this script, so a
scene that breaks fails the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
SIZE = (80, 24)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Quiet:
    """A voice that says nothing (the pictures need no sound)."""

    notice = ""
    failure = ""

    def prepare(self, texts: object) -> None: ...
    def prepare_tones(self, pairs: object) -> None: ...
    def say(self, text: str) -> None: ...
    def tone(self, phase: str, seconds: float) -> None: ...
    def chime(self, kind: str) -> None: ...
    def stop(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...
    def wait_idle(self, timeout: float) -> bool:
        return True

    def close(self) -> None: ...


def seed_log(home: Path) -> None:
    """Four weeks of demo sessions with pain before and after, and a flare day."""
    from coach.log.store import open_store

    db = home / "data" / "coach.db"
    with open_store(db, clock=lambda: NOW) as store, store.batch():
        day, n = date(2026, 10, 24), 0
        plan = ["asthma-back-relief", "breathing-control", "chin-tucks", "open-book"]
        while day < NOW.date():
            if day not in (date(2026, 11, 7), date(2026, 11, 11)):
                rid = plan[n % len(plan)]
                before = {"upper-back": 6 - min(n // 7, 3), "ribs": 4 - min(n // 10, 2)}
                after = {"upper-back": before["upper-back"] - 2, "ribs": before["ribs"] - 1}
                at = datetime(day.year, day.month, day.day, 8, 10, tzinfo=timezone.utc)
                store.add_session(
                    rid,
                    at,
                    rid.replace("-", " ").capitalize(),
                    1,
                    elapsed_seconds=300 + 20 * (n % 4),
                    planned_seconds=320,
                    total_steps=4,
                    pain_before=before,
                    pain_after=after,
                    source="tui",
                )
                n += 1
            day += timedelta(days=1)
        store.mark_day(date(2026, 11, 11), "flare", "lupus flare")


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    from textual.worker import WorkerCancelled

    await pilot.pause()
    for _ in range(20):  # a worker the app replaced with a newer one is cancelled: fine
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def scene_home(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settle(pilot)


async def scene_checkin(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.open_checkin()
    await _settle(pilot)
    await pilot.press("down", "down", "6", "down", "down", "down", "4")  # upper back 6, ribs 4


async def scene_advice(pilot) -> None:  # type: ignore[no-untyped-def]
    from coach.care.checkin import make_checkin
    from coach.care.safety import screen
    from coach.tui.screens.advice import AdviceScreen

    await _settle(pilot)
    verdict = screen(make_checkin(pain={"upper-back": 6}, red_flags=["tearing-pain"]))
    await pilot.app.push_screen(AdviceScreen(verdict))
    await _settle(pilot)


async def scene_suggestions(pilot) -> None:  # type: ignore[no-untyped-def]
    from coach.care.checkin import make_checkin
    from coach.tui.screens.checkin import record_checkin

    await _settle(pilot)
    checkin = make_checkin(pain={"upper-back": 6, "ribs": 4}, conditions=["asthma"])
    outcome = record_checkin(checkin, pilot.app.library.routines)
    pilot.app.show_checkin_outcome(outcome)
    await _settle(pilot)


async def scene_detail(pilot) -> None:  # type: ignore[no-untyped-def]
    from coach.tui.screens.detail import DetailScreen

    await _settle(pilot)
    await pilot.app.push_screen(DetailScreen(pilot.app.library.get("asthma-back-relief")))
    await _settle(pilot)


def scene_player(clock: _Clock) -> Callable[..., Awaitable[None]]:
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        pilot.app.open_player(pilot.app.library.get("diaphragmatic-breathing"), record=False)
        await _settle(pilot)
        await pilot.press("space")
        await _settle(pilot)
        clock.now += 10 + 2  # past the 10 s get-ready, 2 s into the first breath in
        pilot.app.screen.tick()
        await _settle(pilot)

    return run


async def scene_history(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.action_history()
    await _settle(pilot)


async def scene_settings(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.action_settings()
    await _settle(pilot)


async def scene_routines(pilot) -> None:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.action_routines()
    await _settle(pilot)


async def take(
    name: str, out: Path, scene: Callable[..., Awaitable[None]], clock: _Clock | None = None
) -> Path:
    """Run one scene in a fresh app and save its SVG as ``out/name.svg``."""
    from coach.tui.app import build_app

    app = build_app(
        voice=_Quiet(),
        clock=clock or _Clock(),
        cursor_blink=False,
        tick_hz=0,
        first_launch_notice=False,
        record_sessions=False,
        watch_interval=0,
        wall_clock=lambda: NOW,
    )
    async with app.run_test(size=SIZE) as pilot:
        await scene(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(out))
    return out / f"{name}.svg"


def scenes() -> list[tuple[str, Callable[..., Awaitable[None]], _Clock | None]]:
    clock = _Clock()
    return [
        ("home", scene_suggestions, None),
        ("checkin", scene_checkin, None),
        ("advice", scene_advice, None),
        ("detail", scene_detail, None),
        ("player", scene_player(clock), clock),
        ("history", scene_history, None),
        ("settings", scene_settings, None),
        ("routine-files", scene_routines, None),
    ]


async def main_async(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name, scene, clock in scenes():
        made.append(await take(name, out, scene, clock))
        print(f"wrote {made[-1]}")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args(argv)
    # A fixed folder name, so the paths shown in the pictures do not change between runs.
    with tempfile.TemporaryDirectory() as tmp:
        home = str(Path(tmp).parent / "coach-demo")
        shutil.rmtree(home, ignore_errors=True)
        os.environ["COACH_HOME"] = home
        os.environ.pop("COACH_ROUTINES_PATH", None)
        broken = Path(home) / "data" / "routines"
        broken.mkdir(parents=True)
        (broken / "rib-opener.yaml").write_text(
            (ROOT / "tests" / "data" / "therapist" / "rib-opener.yaml").read_text()
        )
        seed_log(Path(home))
        try:
            asyncio.run(main_async(args.out))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
