"""`coach doctor`: every check printed as ok/fix; only essential problems fail the exit code."""

from __future__ import annotations

import json
import shutil
import stat
import wave
from array import array
from pathlib import Path

import pytest

from coach.services import doctor
from coach.services.doctor import Check, healthy
from tests.conftest import run_coach

CHECK_NAMES = (
    "espeak-ng library",
    "voice engine",
    "player",
    "audio device",
    "data folder",
    "config folder",
    "voice cache",
    "session log",
    "routines",
)

GOOD = """\
schema: 1
title: My stretch
category: stretching
targets: [neck]
steps:
  - hold: {name: Neck stretch, seconds: 20}
"""


def check_lines(stdout: str) -> dict[str, str]:
    """name -> 'ok' or 'fix', asserting every line but the summary has the format."""
    lines = stdout.strip().splitlines()
    out = {}
    for line in lines[:-1]:
        status, rest = line[:6], line[6:]
        assert status in ("ok    ", "fix   "), line
        name, _, detail = rest.partition(": ")
        assert detail, line
        out[name] = status.strip()
    return out


def discard_player(tmp_path: Path) -> str:
    script = tmp_path / "discard"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_doctor_prints_every_check_and_exits_0_when_the_essentials_are_fine(tmp_path: Path) -> None:
    done = run_coach("doctor", env={"COACH_PLAYER": discard_player(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    found = check_lines(done.stdout)
    assert set(CHECK_NAMES) <= set(found)
    assert found["player"] == "ok" and found["audio device"] == "ok"
    assert "(from COACH_PLAYER)" in done.stdout and "not checked" in done.stdout
    assert "ready" in done.stdout.splitlines()[-1]


def test_a_broken_routine_file_is_a_fix_naming_its_line_but_not_a_failure(
    tmp_path: Path, coach_home: Path
) -> None:
    routines = coach_home / "data" / "routines"
    routines.mkdir(parents=True)
    (routines / "mine.yaml").write_text(GOOD)
    (routines / "broken.yaml").write_text(GOOD.replace("seconds: 20", "secnds: 20"))
    done = run_coach("doctor", env={"COACH_PLAYER": discard_player(tmp_path)})
    # The other routines load and play, so it warns (issue 14) instead of failing.
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == (
        "coach is ready; fix the routine files above (the others load and play)."
    )
    fix = [ln for ln in done.stdout.splitlines() if ln.startswith("fix   routine file:")]
    assert len(fix) == 1
    assert f"{routines / 'broken.yaml'}:6:" in fix[0] and "error:" in fix[0] and "seconds" in fix[0]
    assert f"coach validate {routines / 'broken.yaml'}" in fix[0]
    assert "1 yours" in done.stdout


def test_no_player_is_a_fix_but_not_a_failure(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    done = run_coach("doctor", env={"PATH": str(empty)})
    assert done.returncode == 0, done.stdout + done.stderr
    found = check_lines(done.stdout)
    assert found["player"] == "fix"
    assert "alsa-utils" in done.stdout
    assert "voice is optional" in done.stdout


def test_no_voice_engine_is_a_fix_but_not_a_failure(tmp_path: Path) -> None:
    fake = tmp_path / "fake-site"
    fake.mkdir()
    (fake / "pyttsx3.py").write_text("raise ImportError('No module named pyttsx3')\n")
    done = run_coach("doctor", env={"PYTHONPATH": str(fake)})
    assert done.returncode == 0
    line = next(ln for ln in done.stdout.splitlines() if "voice engine" in ln)
    assert line.startswith("fix   voice engine:") and "pip install" in line


def test_an_unwritable_data_folder_fails_the_doctor(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where COACH_HOME should be")
    done = run_coach("doctor", env={"COACH_HOME": str(blocker)})
    assert done.returncode == 1
    found = check_lines(done.stdout)
    assert found["data folder"] == "fix" and found["config folder"] == "fix"
    assert "essential problem" in done.stdout.splitlines()[-1]


def test_a_config_problem_is_reported_with_its_line(tmp_path: Path, coach_home: Path) -> None:
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("voice: true\nrat: 120\n")
    done = run_coach("doctor", env={"COACH_PLAYER": discard_player(tmp_path)})
    assert done.returncode == 0
    line = next(ln for ln in done.stdout.splitlines() if "config file" in ln)
    assert line.startswith("fix   config file:") and f"{config}:2:" in line


def test_doctor_json_lists_checks_with_an_overall_ok(tmp_path: Path) -> None:
    done = run_coach("doctor", "--json", env={"COACH_PLAYER": discard_player(tmp_path)})
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["ok"] is True
    names = [c["name"] for c in data["checks"]]
    assert set(CHECK_NAMES) <= set(names)
    for c in data["checks"]:
        assert set(c) == {"name", "ok", "essential", "detail", "fix"}
        assert c["detail"] if c["ok"] else c["fix"]
    essential = {c["name"] for c in data["checks"] if c["essential"]}
    assert essential == {"data folder", "config folder", "session log", "routines"}


def test_check_lines_are_aligned_ok_and_fix() -> None:
    assert Check("player", True, False, "aplay -q").line() == "ok    player: aplay -q"
    assert Check("player", False, False, fix="install it").line() == "fix   player: install it"


def test_only_essential_checks_decide_health() -> None:
    voice_off = Check("voice engine", False, False, fix="x")
    assert healthy([Check("data folder", True, True, "d"), voice_off])
    assert not healthy([Check("data folder", False, True, fix="y"), voice_off])


def test_no_routines_at_all_is_an_essential_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coach.locations.builtin_routines_dir", lambda: tmp_path / "none")
    checks = doctor._routines()
    assert [(c.name, c.ok, c.essential) for c in checks] == [("routines", False, True)]
    assert "no routines found" in checks[0].fix


def test_help_lists_audio_and_doctor() -> None:
    done = run_coach("--help")
    assert done.returncode == 0
    assert "audio" in done.stdout and "doctor" in done.stdout
    for command in ("audio", "doctor"):
        assert run_coach(command, "--help").returncode == 0


# --- the test sound ---------------------------------------------------------------------------


def script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def player_line(stdout: str) -> str:
    return next(ln for ln in stdout.splitlines() if ln[6:].startswith("player:"))


def test_a_player_that_plays_the_test_sound_is_ok_and_was_given_a_real_wav(
    tmp_path: Path,
) -> None:
    # Keeps what it was asked to play, to check it was the chime as a WAV.
    kept = tmp_path / "played.wav"
    player = script(tmp_path, "keep", f'cp "$1" {kept}')
    done = run_coach("doctor", env={"COACH_PLAYER": player})
    assert (
        player_line(done.stdout)
        == f"ok    player: {player} (from COACH_PLAYER) (test sound played)"
    )
    with wave.open(str(kept), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert 0.5 < w.getnframes() / 22050 < 2.0
        assert any(array("h", w.readframes(w.getnframes())))


def test_a_player_that_fails_with_a_message_is_a_fix_quoting_it(tmp_path: Path) -> None:
    player = script(
        tmp_path, "broken", 'echo "audio open error: No such device\x1b[31m" >&2; exit 3'
    )
    done = run_coach("doctor", env={"COACH_PLAYER": player})
    assert done.returncode == 0  # the voice is optional
    line = player_line(done.stdout)
    assert line.startswith(f"fix   player: {player} (from COACH_PLAYER): no sound reached")
    assert "exited with status 3 and said: audio open error: No such device" in line
    assert "\x1b" not in done.stdout  # the player's words are data: no escapes on the terminal
    assert "unset COACH_PLAYER" in line


def test_false_as_the_player_is_a_fix(tmp_path: Path) -> None:
    done = run_coach("doctor", env={"COACH_PLAYER": "false"})
    line = player_line(done.stdout)
    assert line.startswith("fix   player: false (from COACH_PLAYER): no sound reached")
    assert "exited with status 1 without a message" in line
    # and the device it never reached is not called ok beside that
    assert "fix   audio device: not reached: fix the player above" in done.stdout
    assert "ok    audio device" not in done.stdout


def test_a_player_that_exits_0_but_complains_is_a_fix(tmp_path: Path) -> None:
    player = script(tmp_path, "grumble", 'echo "underrun!" >&2')
    line = player_line(run_coach("doctor", env={"COACH_PLAYER": player}).stdout)
    assert line.startswith("fix   player:") and "said: underrun!" in line


@pytest.mark.skipif(not shutil.which("aplay"), reason="aplay is not installed (alsa-utils)")
def test_real_aplay_to_a_missing_device_fails_and_to_the_null_device_plays() -> None:
    bad = player_line(run_coach("doctor", env={"COACH_PLAYER": "aplay -q -D nosuchdevice"}).stdout)
    assert bad.startswith("fix   player: aplay -q -D nosuchdevice (from COACH_PLAYER)")
    assert "exited with status 1 and said:" in bad and "nosuchdevice" in bad.split("said:")[1]
    good = player_line(run_coach("doctor", env={"COACH_PLAYER": "aplay -q -D null"}).stdout)
    assert good == "ok    player: aplay -q -D null (from COACH_PLAYER) (test sound played)"


def test_a_stuck_player_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    from coach.voice.players import Player

    pid_file = tmp_path / "child.pid"
    # A shell that leaves a child behind: the whole group must be stopped.
    stuck = script(tmp_path, "stuck", f"sleep 60 >/dev/null 2>&1 & echo $! > {pid_file}; wait")
    problem = doctor.test_sound(Player((stuck,), "config"), timeout=0.3)
    assert "did not finish in 0.3 s (stopped)" in problem
    assert "'player' in config.yaml" in problem
    stat_file = Path(f"/proc/{pid_file.read_text().strip()}/stat")
    if stat_file.exists():  # killed, perhaps not yet reaped by init
        state = stat_file.read_text().rsplit(")", 1)[1].split()[0]
        assert state in ("Z", "X")


def test_a_player_that_cannot_run_is_a_fix(tmp_path: Path) -> None:
    from coach.voice.players import Player

    not_exec = tmp_path / "plain-file"
    not_exec.write_text("not a program")
    problem = doctor.test_sound(Player((str(not_exec),), "auto"))
    assert problem.startswith(f"cannot run {str(not_exec)!r} (Permission denied)")
    assert "COACH_PLAYER" in problem


def test_doctor_names_where_every_voice_id_is_listed() -> None:
    listing = "Pty Language Age/Gender VoiceName File Other\n" + "".join(
        f" 5  {lang}  M  x  gmw/{lang}\n" for lang in ("en-gb", "es", "fr-fr", "de")
    )
    check = doctor._voices_per_language(listing)
    assert check.ok and check.detail.startswith("en: en-gb; es: es; fr: fr-fr; de: de; ")
    assert "every voice id: espeak-ng --voices" in check.detail
