""".ci/voice-deps, run by `make run`: installs the voice's system packages where it may, without
ever asking for a password, or says in one line what to install; never stops the app opening.

The script runs for real, with stand-ins for uname, ldconfig, id, sudo and apt-get on a PATH
of their own that log how they were called.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / ".ci" / "voice-deps"
LIBRARY = "\tlibespeak-ng.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libespeak-ng.so.1\n"


def fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


class Machine:
    """A pretend machine: which packages it has, who the user is, what sudo and apt-get do."""

    def __init__(self, tmp_path: Path) -> None:
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.log = tmp_path / "calls.log"
        self.tried = tmp_path / "voice-deps-tried"
        self.system = "Linux"
        self.library = False
        self.uid = 1000
        self.sudo_without_password = False
        self.apt_fails = False
        self.apt = True
        self.player = True

    def run(self) -> subprocess.CompletedProcess[str]:
        log = self.log
        fake(self.bin, "uname", f"echo {self.system}")
        fake(self.bin, "ldconfig", f"printf '%s' {LIBRARY!r}" if self.library else "true")
        fake(self.bin, "id", f'echo "id $*" >> {log}; echo {self.uid}')
        sudo_ok = 0 if self.sudo_without_password else 1
        fake(
            self.bin,
            "sudo",
            f'echo "sudo $*" >> {log}\n'
            f'[ "$1" = -n ] || {{ echo "sudo would prompt" >> {log}; exit 1; }}\n'
            f'[ "$2" = true ] && exit {sudo_ok}\nshift; exec "$@"',
        )
        if self.apt:
            fake(
                self.bin,
                "apt-get",
                f'echo "apt-get $*" >> {log}; exit {100 if self.apt_fails else 0}',
            )
        if self.player:
            fake(self.bin, "aplay", "true")
        return subprocess.run(
            ["/bin/bash", str(SCRIPT), str(self.tried)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,  # no terminal, as in CI
            env={"PATH": str(self.bin), "CI": "true"},
            timeout=30,
        )

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


def test_with_the_library_and_a_player_it_does_nothing_and_says_nothing(machine: Machine) -> None:
    machine.library = True
    done = machine.run()
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert machine.calls() == []  # not even asking who the user is: a second run stays quick


def test_as_root_it_installs_the_missing_library(machine: Machine) -> None:
    machine.uid = 0
    done = machine.run()
    assert done.returncode == 0
    assert done.stderr == "coach: installing the voice: libespeak-ng1 (once)\n"
    installs = [c for c in machine.calls() if c.startswith("apt-get")]
    assert installs == ["apt-get install -y -qq --no-install-recommends libespeak-ng1"]
    assert not any(c.startswith("sudo") for c in machine.calls())


def test_with_passwordless_sudo_it_installs_the_library_and_a_player(machine: Machine) -> None:
    machine.sudo_without_password = True
    machine.player = False
    done = machine.run()
    assert done.returncode == 0 and "installing the voice" in done.stderr
    assert machine.calls()[-1] == (
        "apt-get install -y -qq --no-install-recommends libespeak-ng1 alsa-utils"
    )
    assert "sudo -n apt-get install -y -qq --no-install-recommends libespeak-ng1 alsa-utils" in (
        machine.calls()
    )
    assert "sudo would prompt" not in machine.calls()


def test_when_sudo_wants_a_password_it_says_in_one_line_what_to_install(machine: Machine) -> None:
    done = machine.run()
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == (
        "coach: no voice yet: run 'sudo apt-get install libespeak-ng1', then 'make run' again; "
        "opening without sound\n"
    )
    assert machine.calls() == ["id -u", "sudo -n true"]  # asked without a prompt, no install


def test_a_failed_install_is_said_once_and_not_retried_on_the_next_run(machine: Machine) -> None:
    machine.uid = 0
    machine.apt_fails = True
    done = machine.run()
    assert done.returncode == 0
    assert [c.split()[1] for c in machine.calls() if c.startswith("apt-get")] == [
        "install",
        "update",
    ]  # the install, then a refresh of the lists (which failed too)
    assert done.stderr.splitlines()[-1].startswith("coach: could not install libespeak-ng1:")
    assert machine.tried.exists()
    machine.log.unlink()
    again = machine.run()
    assert again.returncode == 0 and machine.calls() == []
    assert again.stderr.count("\n") == 1 and "sudo apt-get install libespeak-ng1" in again.stderr


def test_without_apt_get_it_names_the_packages_for_another_package_manager(
    machine: Machine,
) -> None:
    machine.apt = False
    done = machine.run()
    assert done.returncode == 0 and done.stderr.count("\n") == 1
    assert "espeak-ng" in done.stderr and "opening without sound" in done.stderr


def test_on_macos_nothing_is_needed(machine: Machine) -> None:
    machine.system = "Darwin"
    done = machine.run()
    assert (done.returncode, done.stderr, machine.calls()) == (0, "", [])


def make_dry_run(target: str) -> list[str]:
    done = subprocess.run(
        ["make", "-n", "-s", target], capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_make_run_installs_the_voice_before_opening_the_app_and_make_test_does_not() -> None:
    run = make_dry_run("run")
    voice = next(i for i, ln in enumerate(run) if ".ci/voice-deps" in ln)
    app = next(i for i, ln in enumerate(run) if ln.startswith(".venv/bin/coach"))
    assert voice < app
    test = make_dry_run("test")
    assert not any("voice-deps" in ln for ln in test)
    assert any(".ci/system-deps" in ln for ln in test)
