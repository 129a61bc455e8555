"""Text is data: the one place that makes outside text safe to print or draw.

Anything read from a routine, plan or config file, the log or the person is
shown *literally* (never parsed as Rich/Textual markup) and without terminal
control characters. A YAML escape such as ``"\\e]52;c;...\\a"`` would otherwise
reach the terminal as a real control sequence (clipboard write, title change,
screen clear), and ``[link=...]`` or ``[@click=...]`` would become live markup.

- `clean` turns C0/C1 controls (except newline and tab) into visible stand-ins
  (ESC shows as ``␛``) and shows bidi overrides and invisible characters as
  ``<U+202E>``, so what the file says is what the screen shows.
- coach/tui/literal.py gives the Textual `Content` (and Rich `Text`) of cleaned
  text for the app: never markup.
- `shorten` caps text echoed back in messages (arguments, values).
- `SafeStream` wraps stdout/stderr for the command line, so no command can
  print a control byte, whatever string it forgets to clean.
- `problems_in` finds such characters for `coach validate`'s warning.
"""

from __future__ import annotations

import re
from typing import IO, Any

#: Bidi embeddings/overrides/isolates and marks: they reorder what follows them
#: ("Trojan Source"), so a title could read differently from what it says.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters that draw nothing but change what a word is. ZWJ and ZWNJ stay:
#: emoji sequences and several scripts need them, and they cannot hide text.
_INVISIBLE = "\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
_CONTROL = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\t")
    + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))
)
_UNSAFE = re.compile(f"[{re.escape(_CONTROL + _BIDI + _INVISIBLE)}]")
#: Bytes the command line may never write: C0 controls but newline, tab and the
#: CR of a CRLF line end (CSV), DEL, and C1 controls.
#: One character class (the CR of a CRLF is let through by `_stream_visible`): an
#: alternation is tried at every position and costs four times as much on a long export.
_STREAM_UNSAFE = _UNSAFE


def _stream_visible(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\r" and m.string.startswith("\n", m.end()):
        return ch
    return _visible(ch)


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def clean(text: object) -> str:
    """``text`` as a string that is safe to print: controls and invisible marks made visible."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(lambda m: _visible(m.group()), s)


def has_unsafe(text: str) -> bool:
    """True when `clean` would change ``text``."""
    return _UNSAFE.search(text) is not None


def shorten(text: object, limit: int = 60) -> str:
    """Cleaned text capped at ``limit`` characters, for echoing an argument back in a message."""
    s = clean(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def echo(text: object, limit: int = 60) -> str:
    """An argument quoted for a message: ``'abc'``, cleaned and capped (see `shorten`)."""
    return repr(shorten(text, limit))


def problems_in(text: str) -> list[tuple[int, int, str]]:
    """(line, column, description) of every unsafe character, for `coach validate`."""
    found: list[tuple[int, int, str]] = []
    for m in _UNSAFE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        ch = m.group()
        kind = (
            "a bidi control"
            if ch in _BIDI
            else "an invisible character"
            if ch in _INVISIBLE
            else "a control character"
        )
        found.append((line, column, f"{kind} (U+{ord(ch):04X})"))
    return found


class SafeStream:
    """A text stream that writes through `clean` rules: no control byte leaves coach's CLI.

    Everything else (``buffer`` for binary output, ``isatty``, ``fileno``,
    ``encoding``) is the wrapped stream's own.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_STREAM_UNSAFE.sub(_stream_visible, text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
