"""When the player's screen next changes: the frame is drawn then, not 30 times a second.

Everything the player shows changes at known moments: a clock's m:ss when its
seconds cross a whole number, the words at a segment's end, the progress bar
at its next half cell, the gauge at its next eighth of a cell (every level is
linear in time within a segment). The screen sleeps until the earliest of them
(``next_change``); between them nothing is drawn and nothing is sent to the
terminal. Cues are not among them: sound is the cue scheduler's
(coach/playback/scheduler.py), on its own thread, never a frame's.
"""

from __future__ import annotations

import math

from coach.playback.player import Snapshot, gauge_level
from coach.tui.describe import motion_level

#: Woken this long after a change is due, so it has happened when the frame is drawn, and
#: so the sound due at the same instant (the scheduler's thread starting a player process)
#: goes first rather than waiting for the GIL behind the frame: with 1 ms the app's cues
#: reached the player 4.5 ms late (median, p99 8.8), with 6 ms 3.3 (p99 3.9), as plain mode.
MARGIN = 0.006


def to_next_second(seconds_left: float) -> float:
    """Routine seconds until ``clock_text(seconds_left)`` shows another value."""
    if seconds_left <= 0:
        return math.inf
    return seconds_left - math.floor(seconds_left - 1e-6)


def gauge_eighth(snap: Snapshot, steps: int) -> int:
    """The gauge's length in eighths of a cell (``steps`` across the bar), as drawn."""
    level = motion_level(snap.segment, snap.segment_progress, snap.gauge)
    return round(max(0.0, min(1.0, level)) * steps)


def to_next_gauge_step(snap: Snapshot, steps: int) -> float:
    """Routine seconds until the gauge's length changes by an eighth of a cell (inf if still)."""
    seg = snap.segment
    duration = seg.end - seg.start
    if steps <= 0 or duration <= 0:
        return math.inf
    now = motion_level(seg, snap.segment_progress, snap.gauge)
    ahead = min(1.0, snap.segment_progress + 0.01)
    later = motion_level(seg, ahead, gauge_level(seg, ahead))
    if later == now:
        return math.inf
    rate = (later - now) / (ahead - snap.segment_progress) / duration  # level per second
    shown = gauge_eighth(snap, steps)
    edge = (shown + (0.5 if rate > 0 else -0.5)) / steps
    return max(0.0, (edge - now) / rate)


def to_next_progress_step(position: float, total: float, cells: int) -> float:
    """Routine seconds until the progress bar (half-cell steps) grows by one step."""
    if cells <= 0 or total <= 0:
        return math.inf
    step = total / (cells * 2)
    return (math.floor(position / step + 1e-9) + 1) * step - position


def next_change(
    snap: Snapshot,
    *,
    gauge_steps: int,
    progress_cells: int,
    frame: float,
) -> float:
    """Wall seconds until the player's screen next looks different (at most 1 s).

    ``gauge_steps`` is 0 when the gauge does not move (reduced motion); the
    gauge alone never asks for frames closer than ``frame`` apart. While it moves, the
    progress bar is drawn on its frames; while it is still, at its own next half cell.
    """
    routine = min(
        to_next_second(snap.step.end - snap.position),
        to_next_second(snap.segment_remaining),
        to_next_second(snap.remaining),
        snap.segment_remaining if snap.segment_remaining > 0 else math.inf,
    )
    wall = routine / snap.speed + MARGIN
    gauge = to_next_gauge_step(snap, gauge_steps) / snap.speed
    progress = to_next_progress_step(snap.position, snap.total, progress_cells) / snap.speed
    if gauge < math.inf:
        # The progress bar's next half cell rides on the gauge's frames (at most a frame
        # late, unseen), so a moving gauge never costs extra frames for it.
        wall = min(wall, max(frame, gauge + MARGIN))
    else:
        wall = min(wall, progress + MARGIN)
    return max(MARGIN, min(wall, 1.0))


def progress_step(position: float, total: float, cells: int) -> int:
    """The half cell the progress bar draws ``position`` at (as Textual's Bar rounds it)."""
    if cells <= 0 or total <= 0:
        return -1
    return round(cells * min(1.0, max(0.0, position / total)) * 2)
