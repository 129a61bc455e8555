"""yaml-language-server with coach's schema, driven over stdio as editors do (issue 14).

Installs yaml-language-server from npm where Node exists (skipped otherwise, or
when npm cannot reach its registry), then checks completion items and
diagnostics for a few routine files.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from coach.routines.schema import routine_schema

HERE = Path(tempfile.gettempdir()) / "coach-test-yaml-language-server"


def _server() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node and npm are not installed")
    binary = HERE / "node_modules" / ".bin" / "yaml-language-server"
    if not binary.exists():
        HERE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "yaml-language-server@1"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not binary.exists():
            pytest.skip(f"cannot install yaml-language-server: {done.stderr.strip()[:200]}")
    return binary


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, binary: Path) -> None:
        self.proc = subprocess.Popen(
            [str(binary), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        return reply.get("result")

    def wait(self, matches: Any, timeout: float = 60) -> dict[str, Any]:
        """The next message that ``matches``, answering the server's own requests meanwhile."""
        while True:
            message = self.inbox.get(timeout=timeout)
            if "method" in message and "id" in message:  # a request from the server
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [SETTINGS["yaml"] for _ in message["params"]["items"]]
                self.send({"id": message["id"], "result": result})
                continue
            if matches(message):
                return message

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


SETTINGS: dict[str, Any] = {
    "yaml": {"validate": True, "completion": True, "hover": True, "schemas": {}}
}


@pytest.fixture(scope="module")
def lsp() -> Any:
    binary = _server()
    folder = Path(tempfile.mkdtemp(prefix="coach-yls-"))
    schema = folder / "coach-routine.schema.json"
    schema.write_text(json.dumps(routine_schema()), encoding="utf-8")
    SETTINGS["yaml"]["schemas"] = {schema.as_uri(): ["*.coach.yaml"]}
    client = Client(binary)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": folder.as_uri(),
            "capabilities": {
                "textDocument": {"completion": {"completionItem": {"snippetSupport": True}}},
                "workspace": {"configuration": True},
            },
        },
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    yield client, folder
    client.close()
    shutil.rmtree(folder, ignore_errors=True)


def diagnostics(lsp: Any, name: str, text: str) -> list[str]:
    client, folder = lsp
    uri = (folder / name).as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    found = client.wait(
        lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    )
    return [
        f"{d['range']['start']['line'] + 1}: {d['message']}" for d in found["params"]["diagnostics"]
    ]


ROUTINE = """\
schema: 1
title: Neck, easy
category: stretching
targets: [neck]
steps:
  - hold:
      name: Side stretch
      seconds: 20
      sides: left
  - rest:
      seconds: 10
"""


def test_a_valid_file_has_no_diagnostics(lsp: Any) -> None:
    assert diagnostics(lsp, "neck-easy.coach.yaml", ROUTINE) == []


def test_an_unknown_step_type_is_named(lsp: Any) -> None:
    found = diagnostics(lsp, "typo.coach.yaml", ROUTINE.replace("- rest:", "- stretch:"))
    assert found == ["10: Property stretch is not allowed."]


def test_a_clock_time_and_yes_are_flagged_like_coach_does(lsp: Any) -> None:
    text = ROUTINE.replace("seconds: 20", "seconds: 1:30").replace(
        "      sides: left", "      sides: left\n      halfway: yes"
    )
    found = sorted(diagnostics(lsp, "clock.coach.yaml", text), key=lambda f: int(f.split(":")[0]))
    assert found == [
        '8: not a duration; write seconds like 30, "30s", "1m30s"',
        '10: Incorrect type. Expected "boolean".',
    ]


def test_completion_offers_each_step_type_with_a_valid_snippet(lsp: Any) -> None:
    client, folder = lsp
    text = ROUTINE + "  - \n"
    uri = (folder / "complete.coach.yaml").as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    line = text.count("\n") - 1
    result = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": 4}},
    )
    items = result["items"] if isinstance(result, dict) else result
    labels = [i["label"] for i in items]
    for label in ("breathe step", "hold step", "reps step", "rest step"):
        assert labels.count(label) == 1, labels
    inserted = " ".join(i.get("insertText", "") for i in items)
    assert "reps: 0" not in inserted and "count: 10" in inserted


def test_sides_in_words_is_not_told_to_be_both(lsp: Any) -> None:
    text = ROUTINE.replace("sides: left", "sides: left and right")
    found = diagnostics(lsp, "sides.coach.yaml", text)
    assert found and all(f.startswith("9: ") for f in found), found
    assert not any('Value must be "both"' in f for f in found), found


def test_pattern_errors_are_said_in_words(lsp: Any) -> None:
    text = ROUTINE.replace("title: Neck, easy", 'title: " "').replace(
        "seconds: 20", 'seconds: "20 seconds please"'
    )
    found = sorted(diagnostics(lsp, "words.coach.yaml", text))
    assert "2: must not be empty" in found, found
    assert any('not a duration; write seconds like 30, "30s", "1m30s"' in f for f in found), found
