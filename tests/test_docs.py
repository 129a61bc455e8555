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
        "README command reference is stale: run .venv/bin/python docs/cli_reference.py")


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text()[:600]
    assert "make run" in head and "make test" in head
