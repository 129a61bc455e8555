"""The README documents every command, and its reference section matches the real --help."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "cli_reference.py")
cli_reference = importlib.util.module_from_spec(spec)
sys.modules["cli_reference"] = cli_reference
spec.loader.exec_module(cli_reference)


def test_every_command_has_help_text():
    for name, parser in cli_reference.commands().items():
        assert parser.description or parser.format_help(), name
        assert len(parser.description or "") > 10, f"coach {name} needs a description"


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    for name in cli_reference.commands():
        assert f"### coach {name}\n" in readme, f"README lacks coach {name}"


def test_readme_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    start = readme.index(cli_reference.START.split(" (")[0])
    end = readme.index(cli_reference.END) + len(cli_reference.END)
    assert readme[start:end] == cli_reference.render(), (
        "README command reference is stale: run .venv/bin/python docs/cli_reference.py"
    )


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text()[:600]
    assert "make run" in head and "make test" in head


def test_screenshot_script_renders_every_screen_the_readme_shows(tmp_path):
    """docs/screenshots.py drives the real app; every picture the README shows is made."""
    import re
    import subprocess

    out = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    readme = (ROOT / "README.md").read_text()
    shown = re.findall(r"\(docs/screens/([\w-]+\.svg)\)", readme)
    assert len(shown) == 8
    for name in shown:
        svg = (tmp_path / name).read_text()
        assert svg.startswith("<svg") and (ROOT / "docs" / "screens" / name).exists()
    assert (
        "Call&#160;your&#160;local&#160;emergency&#160;number&#160;now."
        in (tmp_path / "advice.svg").read_text()
    )
    assert "Habit&#160;strength" in (tmp_path / "history.svg").read_text()
