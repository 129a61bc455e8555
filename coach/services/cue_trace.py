"""COACH_CUE_TRACE: when each spoken cue was due and when it was handed to the voice.

Both front ends honour it, so one benchmark (benchmarks/bench_cues.py) can
compare the app and plain mode on the same terms: set COACH_CUE_TRACE to a
file and every ``voice.say`` of a session appends one JSON line
``{"front", "text", "due", "fired"}``, both in wall seconds since the epoch
(``time.time()``), the clock a logging player command can also read. The
player's clock (time.monotonic) is turned into wall time at the moment of
writing, so the figures stay comparable across processes.

Unset (the normal case), ``open_cue_trace`` returns None and nothing is written.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import TextIO

CUE_TRACE_ENV = "COACH_CUE_TRACE"


class CueTrace:
    """Appends one line per spoken cue; safe to call from any thread."""

    def __init__(self, fh: TextIO, front: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._fh = fh
        self._front = front
        self._clock = clock
        self._lock = threading.Lock()

    def said(self, text: str, due: float, fired: float) -> None:
        """``text`` was handed to the voice at clock time ``fired``; it was due at ``due``."""
        shift = time.time() - self._clock()
        line = json.dumps(
            {
                "front": self._front,
                "text": text,
                "due": round(due + shift, 6),
                "fired": round(fired + shift, 6),
            },
            ensure_ascii=False,
        )
        with self._lock:
            self._fh.write(line + "\n")
            self._fh.flush()

    def close(self) -> None:
        with self._lock:
            self._fh.close()


def open_cue_trace(
    front: str, clock: Callable[[], float] = time.monotonic, env: Mapping[str, str] | None = None
) -> CueTrace | None:
    """The trace named by COACH_CUE_TRACE (appended to), or None when it is unset."""
    path = (os.environ if env is None else env).get(CUE_TRACE_ENV, "")
    if not path:
        return None
    return CueTrace(open(path, "a", encoding="utf-8"), front, clock)
