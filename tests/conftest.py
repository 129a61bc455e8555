"""Shared fixtures: every test gets its own COACH_HOME, so nothing touches the real one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


class _SnapshotsFolderSVG(SVGImageExtension):
    """The plugin's SVG format, kept in tests/snapshots/ rather than __snapshots__/."""

    @classmethod
    def dirname(cls, *, test_location: object) -> str:
        return str(SNAPSHOTS)


@pytest.fixture
def snapshot(snapshot):  # type: ignore[no-untyped-def]
    """Snapshots of the app (snap_compare) live in tests/snapshots/."""
    svg = snapshot.use_extension(_SnapshotsFolderSVG)
    # snap_compare asks for the plugin's own extension; keep ours (same format, our folder).
    svg.use_extension = lambda *_: svg
    return svg


# ------------------------------------------------------------ the log belongs to SQLite

#: Opens of a live database file seen by the audit hook, as (path, mode) pairs.
_LOG_FILE_OPENS: list[tuple[str, str]] = []


class LogFileOpened(RuntimeError):
    """Raised inside code that opens a database file while this process has a connection to it."""


def _guard_log_files(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not args or isinstance(args[0], int) or args[0] is None:
        return
    # Not imported yet means no connection yet (and importing here would recurse).
    live_files = getattr(sys.modules.get("coach.log.file"), "live_files", None)
    if live_files is None:
        return
    live = live_files()
    if not live:
        return
    name = os.fsdecode(os.fspath(args[0]))  # type: ignore[arg-type]
    if os.path.basename(name) not in {os.path.basename(f) for f in live}:
        return
    if os.path.realpath(name) in live:
        _LOG_FILE_OPENS.append((name, str(args[1])))
        raise LogFileOpened(
            f"{name} opened with Python's file functions while SQLite has it "
            "open: closing it drops SQLite's locks (coach/log/file.py)"
        )


_GUARD_INSTALLED: list[bool] = []


@pytest.fixture(autouse=True)
def log_file_guard() -> object:
    """Every test fails if any code opens a live session log with open() (see coach/log/file.py)."""
    if not _GUARD_INSTALLED:
        sys.addaudithook(_guard_log_files)  # cannot be removed: installed once per run
        _GUARD_INSTALLED.append(True)
    _LOG_FILE_OPENS.clear()
    yield
    found, _LOG_FILE_OPENS[:] = list(_LOG_FILE_OPENS), []
    assert not found, f"the session log was opened with open() while connected: {found}"


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty COACH_HOME for this test (data, config and cache go under it)."""
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_ROUTINES_PATH", raising=False)
    monkeypatch.delenv("COACH_PLAYER", raising=False)
    return home


def run_coach(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    input: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess with this test's environment."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        input=input,
        timeout=timeout,
    )


def start_plain_session(path: Path) -> subprocess.Popen[str]:
    """`coach play PATH --plain --no-voice` in the background, interruptible like at a terminal."""
    import signal

    return subprocess.Popen(
        [sys.executable, "-m", "coach", "play", str(path), "--plain", "--no-voice"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        # A shell's background job inherits SIGINT ignored; the person at a terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def interrupt(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """Press Ctrl-C on a running session; its stdout and stderr (killed if it hangs)."""
    import signal

    try:
        proc.send_signal(signal.SIGINT)
        return proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture
def coach_cli():
    """The `run_coach` helper as a fixture."""
    return run_coach
