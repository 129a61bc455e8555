"""The domain layer stays pure: no Textual, SQLite, pyttsx3 or platformdirs imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = ["routine", "timeline", "player", "history", "suggest", "safety", "vocab", "checkin", "report",
          "fields", "lint", "yamlsafe", "routine_reader", "routine_spec", "schema", "records",
          "streaks", "pain"]
FORBIDDEN = ["textual", "sqlite3", "pyttsx3", "platformdirs", "rich"]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_imports_no_adapters(module):
    code = (
        "import importlib, importlib.util, sys\n"
        f"name = 'coach.{module}'\n"
        "importlib.import_module(name)\n"
        f"print([m for m in {FORBIDDEN!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_list_does_not_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from coach.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['list'])\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")
