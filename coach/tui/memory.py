"""Keep Python's full garbage collections out of a session.

A full collection walks every object the process holds: with 1,000 routine files
and the home table filled that took 170-200 ms on the UI thread, a few times a
minute, and each one held up the player's display (bench_app.py measures it).
Whatever is alive when a session starts lives through it, so it is frozen out of
the collector's generations then; when the session ends (the summary is no timed
display) the collector gets one full pass, and what survives is frozen again.
"""

from __future__ import annotations

import gc


def before_session() -> None:
    """Leave what is alive now out of the collections during the session."""
    gc.freeze()


def after_session() -> None:
    """Collect what the session left behind (one pause, off the timed display), freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
