"""Run `coach` with probes for bench_app: Python's GC pauses and, optionally, event-loop stalls.

    python benchmarks/probe.py ARGS...   (as `python -m coach ARGS...`)

COACH_PROBE_OUT names a file that gets, every half second, one JSON line per new
pause: ``["gc", wall time, ms, generation]`` for every collection and, with
COACH_PROBE_LAG=1, ``["lag", wall time, ms]`` for every time the app's event loop
ran a 20 ms timer more than 5 ms late (a stalled frame). Only new lines are
written (``read_events`` reads them back): rewriting everything seen so far
cost the measured process a few % of a core by the end of a session.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
import time
from typing import Any

OUT = os.environ.get("COACH_PROBE_OUT", "")
LAG = os.environ.get("COACH_PROBE_LAG") == "1"
LAG_EVERY = 0.02
events: dict[str, list[list[float]]] = {"gc": [], "lag": []}
_started: list[float] = []


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started:
        ms = (time.perf_counter() - _started[0]) * 1000
        events["gc"].append([time.time(), ms, float(info.get("generation", -1))])


def _writer() -> None:
    written = dict.fromkeys(events, 0)
    while True:
        time.sleep(0.5)
        lines = []
        for kind, seen in events.items():
            new, written[kind] = seen[written[kind] :], len(seen)
            lines += [json.dumps([kind, *event]) + "\n" for event in new]
        if lines:
            with open(OUT, "a") as fh:
                fh.writelines(lines)


def read_events(path: str) -> dict[str, list[list[float]]]:
    """The events a probed run wrote to ``path``, by kind."""
    seen: dict[str, list[list[float]]] = {"gc": [], "lag": []}
    with open(path) as fh:
        for line in fh:
            kind, *event = json.loads(line)
            seen.setdefault(kind, []).append(event)
    return seen


_run_forever = asyncio.BaseEventLoop.run_forever


def _run_forever_probed(self: asyncio.BaseEventLoop) -> None:
    def beat(due: float) -> None:
        now = self.time()
        if now - due > 0.005:
            events["lag"].append([time.time(), (now - due) * 1000])
        self.call_at(now + LAG_EVERY, beat, now + LAG_EVERY)

    self.call_soon(beat, self.time())
    _run_forever(self)


def main() -> int:
    if OUT:
        gc.callbacks.append(_on_gc)
        threading.Thread(target=_writer, daemon=True).start()
        if LAG:
            asyncio.BaseEventLoop.run_forever = _run_forever_probed  # type: ignore[method-assign]
    from coach.__main__ import main as coach_main

    return coach_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
