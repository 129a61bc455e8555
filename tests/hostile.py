"""The worst strings a routine file, the config or the log can hold (DESIGN.md: text is data).

Each case is (name, text, words): ``words`` must be visible, literally, wherever the
text is shown. Routine files put one case in every text field of one routine.
"""

from __future__ import annotations

import json
from pathlib import Path

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"

#: (name, text, words that must show literally). Short: a title holds at most 80 characters.
CASES: list[tuple[str, str, tuple[str, ...]]] = [
    ("close tag", "Title [/] slash", ("[/] slash",)),
    ("optional", "Breathe in [slowly]", ("Breathe in [slowly]",)),
    ("optional first", "[optional] hold 5s", ("[optional] hold 5s",)),
    ("sides", "Rib stretch [left/right]", ("Rib stretch [left/right]",)),
    ("link", "[link=file:///etc/passwd]x[/link]", ("[link=file:///etc/passwd]x[/link]",)),
    ("click", "[@click=app.quit]tips[/]", ("[@click=app.quit]tips[/]",)),
    ("style", "[bold red on blue]loud[/bold red on blue]", ("[bold red on blue]loud",)),
    ("variable", "[$accent]var[/] $x", ("[$accent]var[/]",)),
    ("unclosed", "[bold unclosed", ("[bold unclosed",)),
    ("escaped", "\\[not] markup", ("\\[not] markup",)),
    ("rich emoji", ":warning: emo", (":warning: emo",)),
    ("CSI clear", f"clear{ESC}[2J{ESC}[H screen", ("clear", "screen")),
    ("alt screen", f"alt{ESC}[?1049h{ESC}[?25l screen", ("alt", "screen")),
    ("OSC 52", f"clip{ESC}]52;c;aGVsbG8={BEL} board", ("clip", "board")),
    ("title change", f"win{ESC}]0;pwned{BEL} title", ("win", "title")),
    ("OSC 8 link", f"{ESC}]8;;http://evil/{ST}hyper{ESC}]8;;{ST} link", ("hyper", "link")),
    ("DCS", f"dcs{ESC}P+q544e{ST} query", ("dcs", "query")),
    ("BEL", f"ding{BEL}dong", ("ding", "dong")),
    ("C1 CSI", "cone\x9b2J csi", ("cone", "csi")),
    ("C1 OSC", "ctwo\x9d0;t\x9c osc", ("ctwo", "osc")),
    ("backspace CR", "over\rwrite\x08 back", ("write", "back")),
    ("bidi override", "abc\u202edcba\u202c bidi", ("abc", "dcba")),
    ("bidi isolate", "iso\u2066late\u2069 mark", ("iso", "late")),
    ("zero width", "zero\u200bwidth\ufeff joiner", ("zero", "width")),
]

#: Characters that must never reach a terminal from these files (besides every C0/C1 control).
FORBIDDEN = "\u202e\u202c\u2066\u2069\u200b\ufeff"

#: A word too long for any line; log notes and arguments carry it.
LONG_WORD = "W" * 5000


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON escapes are YAML escapes)."""
    return json.dumps(text)


def routine_yaml(n: int, text: str) -> str:
    """A valid routine whose every text field holds ``text``."""
    q = quoted(text)
    return f"""schema: 1
id: hostile-{n:02d}
title: {quoted(f"T{n:02d} {text}")}
summary: {q}
category: breathing
targets: [ribs]
cautions: {q}
author: {q}
steps:
  - breathe:
      name: {q}
      instruction: {q}
      pattern: {{inhale: 1, exhale: 1}}
      cycles: 1
      prepare: 0
      cues:
        - {{at: 1s, say: {q}}}
  - reps:
      name: {q}
      instruction: {q}
      count: 1
      tempo: {{out: 1, hold: 0, back: 1}}
      say: {{out: {quoted(text[:40])}, hold: {quoted(text[:40])}, back: {quoted(text[:40])}}}
      prepare: 0
  - rest: {{seconds: 5, name: {quoted(text[:80])}, instruction: {q}}}
"""


def write_routines(folder: Path) -> list[Path]:
    """One routine file per case in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (_, text, _) in enumerate(CASES):
        path = folder / f"hostile-{n:02d}.yaml"
        path.write_text(routine_yaml(n, text), encoding="utf-8")
        paths.append(path)
    return paths


def config_yaml() -> str:
    """A config whose text settings hold hostile strings (kept valid where they can be)."""
    text = CASES[13][1]  # OSC 52
    return (
        f"voice_name: {quoted(text)}\nplayer: {quoted(CASES[4][1])}\n"
        f"conditions: [osteoporosis, {quoted(CASES[11][1])}]\n"
        f"keys: {{pause: {quoted(CASES[5][1])}, skip: {quoted(CASES[0][1][:12])}}}\n"
    )


def assert_clean_bytes(raw: bytes) -> None:
    """``raw`` is UTF-8 text with no C0/C1 control (but newline, tab and CRLF's CR) and none
    of the fixture's bidi or invisible characters."""
    text = raw.decode("utf-8")
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch in "\n\t" or (ch == "\r" and text[i + 1 : i + 2] == "\n"):
            continue
        assert not (code < 0x20 or 0x7F <= code < 0xA0), f"{ch!r} reached the output at {i}"
        assert ch not in FORBIDDEN, f"{ch!r} reached the output at {i}"
