"""Cue lengths against the real espeak-ng voice: the estimate errs long, and no built-in cuts a cue.

One engine and one voice cache serve the whole module (session scope), so the 24
built-ins share their synthesis: every distinct cue text is synthesised once.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.playback.cue_room import crowded_cues
from coach.playback.saying import estimate_seconds
from coach.playback.timeline import compile_routine
from coach.routines.library import read_file
from coach.services.cue_timing import CueTimer
from coach.voice.engine import EngineProcess, VoiceSettings
from coach.voice.track import render_track

ROOT = Path(__file__).resolve().parents[1]
BUILTINS = sorted((ROOT / "routines").glob("*.yaml"))

pytestmark = pytest.mark.voice


def _espeak_loads() -> bool:
    try:
        ctypes.CDLL("libespeak-ng.so.1")
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A voice cache shared by every test of the session."""
    return tmp_path_factory.mktemp("voice-cache")


@pytest.fixture(scope="session")
def engine() -> Iterator[EngineProcess]:
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    proc = EngineProcess(VoiceSettings())
    yield proc
    proc.close()


@pytest.fixture(scope="session")
def timer(engine: EngineProcess, voice_cache: Path) -> Iterator[CueTimer]:
    t = CueTimer(VoiceSettings(), voice_cache)
    yield t
    t.close()


def test_there_are_24_builtins() -> None:
    assert len(BUILTINS) == 24


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_every_builtin_cue_finishes_before_the_next_starts_in_the_real_voice_track(
    path: Path, engine: EngineProcess, voice_cache: Path, tmp_path: Path
) -> None:
    routine = read_file(path)[0].routine
    assert routine is not None
    timeline = compile_routine(routine)
    track = render_track(
        timeline, tmp_path / "track.wav", cache_dir=voice_cache, synthesiser=engine
    )
    assert track.cues == len(timeline.cues) > 0
    # the closing words follow the routine's end, then at most 2 s of silence
    assert timeline.total < track.seconds <= timeline.total + 6.0
    assert track.cut == (), [(c.at, c.text, round(c.spoken, 2), c.room) for c in track.cut]


def test_measured_lengths_find_no_crowded_cue_in_any_builtin(timer: CueTimer) -> None:
    """What `coach validate --voice routines/` checks, with the lengths of the real voice."""
    crowded = []
    for path in BUILTINS:
        routine = read_file(path)[0].routine
        assert routine is not None
        timeline = compile_routine(routine)
        measured = timer.lengths(c.text for c in timeline.cues)
        assert set(measured) == {c.text for c in timeline.cues}
        crowded += [(path.stem, c.cue.text) for c in crowded_cues(timeline, measured=measured)]
    assert crowded == []


TEXTS = [
    "Hold",
    "Breathe in",
    "Breathe out through pursed lips",
    "Last rep. Back and down",
    "Four rounds of 4-7-8. In quietly through your nose for four, hold for seven, then a "
    "long, slow breath out for eight.",
    "And relax. Shoulder blade set. Draw your shoulder blades gently back and down, and hold.",
    "Sit tall. Sit toward the front of your chair, feet flat. Grow tall on your sit bones "
    "and let your shoulders relax.",
]


def test_the_estimate_errs_long_within_bounds_against_the_real_voice(timer: CueTimer) -> None:
    measured = timer.lengths(TEXTS)
    for text in TEXTS:
        spoken, guess = measured[text], estimate_seconds(text)
        assert spoken > 0.2, text  # real speech was measured
        assert guess >= spoken - 0.2, (text, spoken, guess)  # never short by more than 0.2 s
        assert guess <= spoken * 1.25 + 0.4, (text, spoken, guess)  # and not wildly long


def test_the_estimate_follows_the_rate_of_the_real_voice(
    voice_cache: Path, engine: EngineProcess
) -> None:
    text = TEXTS[-1]
    for rate in (110, 220):
        timer = CueTimer(VoiceSettings(rate=rate), voice_cache)
        try:
            spoken = timer.lengths([text])[text]
        finally:
            timer.close()
        guess = estimate_seconds(text, rate)
        assert spoken - 0.2 <= guess <= spoken * 1.25 + 0.4, (rate, spoken, guess)
