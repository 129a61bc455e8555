"""Issue 9: outputs written safely, closed stdout and pipes, local-time history order.

Real CLI in a subprocess, real files and a real SQLite log under COACH_HOME.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import wave
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.common.outfile import OutputError, atomic_output, write_text
from tests.conftest import ROOT, run_coach
from tests.test_audio_track import SHORT as ROUTINE  # 15 s: prepare, one breath, a rest


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    line = done.stderr.strip()
    assert line.startswith("coach: error: "), line
    for word in words:
        assert word in line, line
    return line


def shell(command: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash with the CLI as "$COACH" (this test's COACH_HOME)."""
    env = dict(os.environ, COACH=f"{sys.executable} -m coach")
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- report -o


def test_report_refuses_a_device_and_leaves_it_a_device() -> None:
    before = os.stat("/dev/full")
    done = run_coach("report", "-o", "/dev/full")
    one_line_error(done, "-o /dev/full is a device", "'-o -'")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert leftovers(Path("/dev")) == []


def test_report_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    done = run_coach("report", "-o", str(fifo), timeout=20)
    one_line_error(done, "named pipe")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and leftovers(tmp_path) == []


def test_report_refuses_a_socket_and_a_folder(tmp_path: Path) -> None:
    import socket

    sock_path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        one_line_error(run_coach("report", "-o", str(sock_path)), "socket")
    one_line_error(run_coach("report", "-o", str(tmp_path)), "is a folder")


def test_report_into_a_read_only_place_is_one_line_and_leaves_nothing() -> None:
    # /proc refuses new files even to root.
    one_line_error(run_coach("report", "-o", "/proc/coach-report.html"), "-o /proc/")
    assert not Path("/proc/coach-report.html").exists()


def test_report_with_a_name_too_long(tmp_path: Path) -> None:
    name = tmp_path / ("r" * 300 + ".md")
    one_line_error(run_coach("report", "-o", str(name)), "file name too long")
    assert list(tmp_path.iterdir()) == []


def test_report_replaces_a_file_whole_keeping_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old")
    out.chmod(0o600)
    done = run_coach("report", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_report_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run_coach("report", "-o", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text().startswith("# ")


def test_report_dash_is_standard_output(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    done = run_coach("report", "-o", "-", cwd=work)
    assert done.returncode == 0 and done.stdout.startswith("# ")
    assert list(work.iterdir()) == []


def in_tiny_tmpfs(command: str, folder: Path, options: str = "size=4k") -> str:
    """``command`` inside a private mount namespace with a tiny tmpfs on ``folder``."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a mount namespace here")
    return (
        f"unshare -m bash -c 'mount -t tmpfs -o {options} tmpfs {folder} && "
        f'{command}; echo "rc=$?"; ls -A {folder}\''
    )


def test_report_on_a_full_disk_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    """A real ENOSPC: a 4 KiB tmpfs (in a private mount namespace) and a bigger report."""
    from coach.log.store import open_store

    with open_store() as store, store.batch():  # enough for a report larger than 4 KiB
        start = datetime.now().astimezone() - timedelta(days=20)
        for i in range(60):
            store.add_session(
                f"routine-{i}",
                start + timedelta(hours=7 * i),
                f"Routine {i}",
                1,
                "0" * 64,
                "",
                1,
                elapsed_seconds=60,
                planned_seconds=60,
                pain_before={"ribs": 5},
                pain_after={"ribs": 3},
            )
    folder = tmp_path / "small"
    folder.mkdir()
    done = shell(in_tiny_tmpfs(f"$COACH report --days 28 -o {folder}/r.html", folder))
    assert "Traceback" not in done.stderr
    assert "coach: error: cannot write -o " in done.stderr and "the disk is full" in done.stderr
    assert done.stdout.strip().splitlines() == ["rc=1"]  # and the tmpfs was left empty


def test_report_into_a_read_only_mount(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    done = shell(in_tiny_tmpfs(f"$COACH report -o {folder}/r.md", folder, "ro,size=4k"))
    assert "read-only" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert done.stdout.strip().splitlines() == ["rc=1"]


# ---------------------------------------------------------------- the helper itself


class _FullDisk:
    """Stands in for a file on a full disk."""

    def __init__(self, fh):
        self.fh = fh

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_helper_turns_enospc_into_one_message_and_removes_the_temp(tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    out.write_text("old")
    with pytest.raises(OutputError) as caught, atomic_output(out, label="-o ") as fh:
        _FullDisk(fh).write("new")
    assert caught.value.message == f"cannot write -o {out}: the disk is full"
    assert caught.value.errno == errno.ENOSPC and caught.value.hint
    assert out.read_text() == "old" and sorted(os.listdir(tmp_path)) == ["x.md"]


def test_helper_leaves_no_temp_when_the_body_fails(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_output(tmp_path / "x.md") as fh:
        fh.write("half")
        raise ValueError("stop")
    assert os.listdir(tmp_path) == []


def test_helper_new_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "new.md", "text")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


# ---------------------------------------------------------------- audio -o


def test_audio_refuses_a_device_before_synthesising(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(ROUTINE)
    done = run_coach("audio", str(tmp_path / "r.yaml"), "-o", "/dev/full")
    one_line_error(done, "-o /dev/full is a device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_audio_refuses_a_fifo_and_a_long_name(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(ROUTINE)
    fifo = tmp_path / "t.wav"
    os.mkfifo(fifo)
    one_line_error(
        run_coach("audio", str(tmp_path / "r.yaml"), "-o", str(fifo), timeout=20), "named pipe"
    )
    long_name = str(tmp_path / ("t" * 260 + ".wav"))
    one_line_error(
        run_coach("audio", str(tmp_path / "r.yaml"), "-o", long_name), "file name too long"
    )


def test_audio_track_streams_to_a_pipe_as_a_whole_wav(tmp_path: Path) -> None:
    """``-o -``: the WAV goes to standard output, which may be a pipe (no seeking back)."""
    code = (
        "import sys; from pathlib import Path\n"
        "from tests.test_audio_track import timeline\n"
        "from tests.test_voice_player import ToneSynth\n"
        "from coach.voice.track import render_track\n"
        "tl = timeline([(0.0, 'a'), (1.0, 'b')], total=2.0)\n"
        f"render_track(tl, None, cache_dir=Path({str(tmp_path / 'cache')!r}), "
        "synthesiser=ToneSynth(seconds=0.3))\n"
    )
    out = tmp_path / "piped.wav"
    done = shell(f'{sys.executable} -c "{code}" | cat > {out}')
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    with wave.open(str(out), "rb") as w:
        frames = w.getnframes()  # 2 s, the closing words (0.3 s) and a 1 s tail
        assert frames == round(3.3 * w.getframerate()) and len(w.readframes(10**6)) == 2 * frames


# ---------------------------------------------------------------- closed stdout and pipes


@pytest.fixture
def logged(coach_home: Path) -> None:
    from coach.log.store import open_store

    with open_store() as store, store.batch():
        start = datetime.now().astimezone() - timedelta(days=400)
        for i in range(3000):  # far more than a pipe's 64 KiB buffer holds
            store.add_session(
                "r",
                start + timedelta(hours=3 * i),
                "A routine",
                1,
                "0" * 64,
                "",
                1,
                elapsed_seconds=60,
                planned_seconds=60,
            )


@pytest.mark.parametrize(
    "command",
    ["history", "history --json", "history --csv", "list", "show box-breathing", "report"],
)
def test_a_closed_stdout_is_one_line_not_a_traceback(command: str) -> None:
    done = shell(f"$COACH {command} >&-")
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        "coach: error: cannot print: standard output is closed (redirect it to a file or "
        "/dev/null instead of closing it)"
    ]


@pytest.mark.parametrize("command", ["history", "history --json", "history --csv"])
def test_head_1_ends_quietly_with_the_sigpipe_code(command: str, logged: None) -> None:
    done = shell(f'$COACH {command} | head -1; echo "rc=${{PIPESTATUS[0]}}"')
    assert done.stderr == ""  # no "Exception ignored ... BrokenPipeError"
    assert done.stdout.splitlines()[-1] == "rc=141"
    assert len(done.stdout.splitlines()) == 2


def test_list_and_show_through_head_never_trace() -> None:
    for command in ("list", "list --json", "show box-breathing"):
        done = shell(f'$COACH {command} | head -1; echo "rc=${{PIPESTATUS[0]}}"')
        assert done.stderr == "", command
        assert done.stdout.splitlines()[-1] in ("rc=0", "rc=141")


def test_play_plain_into_head_records_the_session_as_stopped(
    tmp_path: Path, coach_home: Path
) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    done = shell(
        f"$COACH play {routine} --plain --no-voice --speed 5 --log | head -1; "
        f'echo "rc=${{PIPESTATUS[0]}}"',
        timeout=60,
    )
    assert done.stderr == ""
    assert done.stdout.splitlines() == ["Short test (short-test), 15s at 5x speed.", "rc=141"]
    with sqlite3.connect(coach_home / "data" / "coach.db") as db:
        rows = db.execute("SELECT status, elapsed_seconds FROM sessions").fetchall()
    assert len(rows) == 1
    status, elapsed = rows[0]
    assert status == "stopped" and 0 <= elapsed < 15  # stopped at the first line it could not print


def test_play_plain_with_stdout_closed_logs_nothing(tmp_path: Path, coach_home: Path) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    done = shell(f"$COACH play {routine} --plain --no-voice >&-")
    assert done.returncode == 1 and "standard output is closed" in done.stderr
    assert "Traceback" not in done.stderr
    db = coach_home / "data" / "coach.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)


# ---------------------------------------------------------------- history order


def seed_across_a_zone_change() -> None:
    """25 Nov 23:00 in UTC-8, then 26 Nov 06:00 in UTC: the later day is earlier in UTC."""
    from coach.log.store import open_store

    west = timezone(timedelta(hours=-8))
    with open_store() as store:
        for at, title in (
            (datetime(2026, 11, 25, 23, 0, tzinfo=west), "Evening"),
            (datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc), "Morning"),
        ):
            store.add_session(
                "r", at, title, 1, "0" * 64, "", 1, elapsed_seconds=60, planned_seconds=60
            )


def test_history_table_and_csv_sort_by_local_date_and_time() -> None:
    seed_across_a_zone_change()
    table = run_coach("history").stdout.splitlines()[1:]
    assert [line.split()[0] for line in table] == ["2026-11-25", "2026-11-26"]
    rows = run_coach("history", "--csv").stdout.splitlines()[1:]
    assert [r.split(",")[1] for r in rows] == ["2026-11-25", "2026-11-26"]
    last = run_coach("history", "--limit", "1").stdout.splitlines()[1:]
    assert last[0].startswith("2026-11-26")


def test_history_json_sorts_by_local_date_and_time() -> None:
    seed_across_a_zone_change()
    dates = [s["local_date"] for s in json.loads(run_coach("history", "--json").stdout)]
    assert dates == ["2026-11-25", "2026-11-26"]
    last = json.loads(run_coach("history", "--json", "--limit", "1").stdout)
    assert [s["local_date"] for s in last] == ["2026-11-26"]
