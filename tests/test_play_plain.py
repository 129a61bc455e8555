"""The plain session runner, with a fake clock and a fake sleep that moves it: deterministic."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest

from coach.cli import run
from coach.cli.plain import CLOSING_WORDS_SECONDS, closing_line, preamble_lines, run_plain
from coach.playback.player import FINISHED_TEXT, Outcome
from coach.playback.timeline import Timeline, compile_routine
from coach.routines.model import Routine
from coach.routines.reader import parse_routine
from coach.voice.speech import SilentVoice
from tests.test_player import THREE_STEPS, FakeClock

CAUTIOUS = THREE_STEPS.replace(
    "targets: [ribs]",
    "targets: [ribs]\navoid_with: [osteoporosis, lupus-flare]\n"
    "cautions: Stop if the pain sharpens.",
)


class FakeSleep:
    """Moves the fake clock instead of waiting; can raise Ctrl-C at a given clock time."""

    def __init__(
        self, clock: FakeClock, interrupt_at: float | None = None, oversleep: float = 0.0
    ) -> None:
        self.clock = clock
        self.calls: list[float] = []
        self.interrupt_at = interrupt_at
        self.oversleep = oversleep

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.interrupt_at is not None and self.clock.now + seconds >= self.interrupt_at:
            self.clock.now = self.interrupt_at
            raise KeyboardInterrupt
        self.clock.advance(seconds + self.oversleep)


class RecordingVoice(SilentVoice):
    """A voice that remembers what it was asked to do."""

    def __init__(self, notice: str = "") -> None:
        super().__init__(notice)
        self.said: list[str] = []
        self.prepared: list[str] = []
        self.closed = 0
        self.calls: list[tuple] = []  # say, tone, chime, wait_idle and close, in order

    def prepare(self, texts) -> None:  # type: ignore[no-untyped-def]
        self.prepared = list(texts)

    def prepare_tones(self, pairs) -> None:  # type: ignore[no-untyped-def]
        self.calls.append(("prepare_tones", list(pairs)))

    def say(self, text: str) -> None:
        self.said.append(text)
        self.calls.append(("say", text))

    def tone(self, phase: str, seconds: float) -> None:
        self.calls.append(("tone", phase, seconds))

    def chime(self, kind: str) -> None:
        self.calls.append(("chime", kind))

    def wait_idle(self, timeout: float) -> bool:
        self.calls.append(("wait_idle", timeout))
        return True

    def close(self) -> None:
        self.closed += 1
        self.calls.append(("close",))


def routine_of(text: str) -> tuple[Routine, Timeline]:
    result = parse_routine(text, "test.yaml", "test")
    assert result.routine is not None, result.problems
    return result.routine, compile_routine(result.routine)


def play(text: str = THREE_STEPS, speed: float = 1.0, **kw):  # type: ignore[no-untyped-def]
    routine, tl = routine_of(text)
    clock = FakeClock()
    sleep = kw.pop("sleep", None) or FakeSleep(clock, **kw.pop("sleep_kw", {}))
    sleep.clock = clock
    voice = kw.pop("voice", None) or RecordingVoice()
    out = io.StringIO()
    trace = io.StringIO()
    outcome = run_plain(
        tl, routine, voice, clock=clock, sleep=sleep, out=out, speed=speed, trace_file=trace, **kw
    )
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in trace.getvalue().splitlines()]
    return outcome, lines, records, voice, sleep, tl


def test_plain_run_prints_steps_cues_and_time_left() -> None:
    outcome, lines, _, _, _, _ = play()
    assert outcome.finished
    assert lines[0] == "Three steps (three), 17s."
    body = lines[lines.index("") + 1 :]
    assert body == [
        "Step 1 of 3: Calm breathing (9s; 17s left)",
        "  Sit tall.",
        "  0:01  Breathe in",
        "  0:02  Hold",
        "  0:03  Breathe out",
        "  0:05  Breathe in",
        "  0:06  Hold",
        "  0:07  Breathe out",
        "Step 2 of 3: Side stretch (6s; 8s left)",
        "  0:10  Start with the left side. Stretch and hold.",
        "  0:12  And relax. Switch to the right side.",
        "  0:13  Stretch and hold",
        "Step 3 of 3: Rest (2s; 2s left)",
        "  0:15  And relax. Rest.",
        "",
        "Done: 17s, 3 of 3 steps. Well done.",
    ]
    assert not any("\x1b" in line or "\r" in line for line in lines)


def test_cautions_and_avoid_with_come_before_the_first_step() -> None:
    routine, tl = routine_of(CAUTIOUS)
    lines = preamble_lines(
        routine,
        tl,
        1.0,
        "voice unavailable",
        ["Osteoporosis or long-term steroids", "Lupus flare now"],
    )
    assert lines[1] == "Note: voice unavailable"
    assert lines[2] == "Not advised with: Osteoporosis or long-term steroids, Lupus flare now."
    assert lines[3] == "Caution: Stop if the pain sharpens."
    _, out, _, _, _, _ = play(CAUTIOUS, avoid_labels=["Osteoporosis or long-term steroids"])
    first_step = out.index("Step 1 of 3: Calm breathing (9s; 17s left)")
    assert out.index("Caution: Stop if the pain sharpens.") < first_step
    assert out.index("Not advised with: Osteoporosis or long-term steroids.") < first_step


def test_voice_notice_is_printed_once_before_the_first_step() -> None:
    _, lines, _, _, _, _ = play(voice=RecordingVoice("no audio device found"))
    assert [line for line in lines if "no audio device" in line] == ["Note: no audio device found"]
    assert lines.index("Note: no audio device found") < lines.index(
        "Step 1 of 3: Calm breathing (9s; 17s left)"
    )


def test_trace_has_one_line_per_event_with_exact_times_on_a_perfect_clock() -> None:
    _, _, records, _, _, tl = play(speed=4.0)
    cue_records = [r for r in records if r["kind"] == "cue"]
    assert [r["text"] for r in cue_records] == [c.text for c in tl.cues]
    for r in records:
        assert set(r) >= {"kind", "text", "scheduled", "actual"}
        assert r["scheduled"] == pytest.approx(r["at"] / 4.0)
        assert r["actual"] == pytest.approx(r["scheduled"])
    assert records[-1]["kind"] == "finished" and records[-1]["actual"] == pytest.approx(17 / 4)


def test_trace_shows_lateness_when_sleep_oversleeps() -> None:
    _, _, records, _, _, _ = play(sleep_kw={"oversleep": 0.003})
    late = [r["actual"] - r["scheduled"] for r in records if r["kind"] == "cue" and r["at"] > 0]
    assert all(abs(x - 0.003) < 1e-6 for x in late)


def test_runner_sleeps_until_each_deadline_and_never_busy_polls() -> None:
    _, _, records, _, sleep, tl = play()
    distinct_times = {r["at"] for r in records}
    assert all(s > 0 for s in sleep.calls)
    assert len(sleep.calls) <= len(distinct_times)
    assert sum(sleep.calls) == pytest.approx(tl.total)


def test_cues_are_spoken_and_prepared_before_playing() -> None:
    _, _, _, voice, _, tl = play()
    assert voice.prepared == [c.text for c in tl.cues] + [FINISHED_TEXT]
    assert voice.said == [c.text for c in tl.cues] + [FINISHED_TEXT]
    assert voice.closed == 1


def test_only_the_newest_of_several_due_cues_is_spoken() -> None:
    # At 4x, cues come every 0.25 s; waking half a second late finds several due at once.
    _, lines, _, voice, _, tl = play(speed=4.0, sleep_kw={"oversleep": 0.5})
    assert len(voice.said) < len(tl.cues)
    assert voice.said[-1] == FINISHED_TEXT
    # Every cue is still printed (the two step openings are shown by their step lines).
    assert sum(1 for line in lines if line.startswith("  0:")) == len(tl.cues) - 2


def test_the_closing_words_are_heard_to_their_end_before_the_voice_closes() -> None:
    _, _, _, voice, sleep, tl = play()
    assert voice.calls[-2:] == [("wait_idle", CLOSING_WORDS_SECONDS), ("close",)]
    assert ("say", FINISHED_TEXT) in voice.calls[:-2]
    assert sum(sleep.calls) == pytest.approx(tl.total)  # waiting on the voice, not sleeping


def test_a_stopped_session_does_not_wait_for_the_voice() -> None:
    _, _, _, voice, _, _ = play(sleep_kw={"interrupt_at": 1000.0 + 5})
    assert not any(c[0] == "wait_idle" for c in voice.calls)
    assert voice.calls[-1] == ("close",)


def test_ctrl_c_stops_cleanly_with_a_closing_line_and_closes_the_voice() -> None:
    outcome, lines, records, voice, _, _ = play(sleep_kw={"interrupt_at": 1000.0 + 10.5})
    assert outcome.status == "stopped" and not outcome.finished
    assert outcome.elapsed_seconds == pytest.approx(10.5)
    assert outcome.completed_steps == 1
    assert lines[-1] == "Stopped after 10s (1 of 3 steps)."
    assert voice.closed == 1
    assert records[-1]["kind"] != "finished"


def test_ctrl_c_while_preparing_the_voice_still_closes_it() -> None:
    class SlowVoice(RecordingVoice):
        def prepare(self, texts) -> None:  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt

    outcome, lines, _, voice, _, _ = play(voice=SlowVoice())
    assert outcome.status == "stopped" and outcome.elapsed_seconds == 0
    assert lines[-1] == "Stopped after 0s (0 of 3 steps)."
    assert voice.closed == 1


def test_should_stop_ends_the_session_between_events() -> None:
    routine, tl = routine_of(THREE_STEPS)
    clock = FakeClock()
    sleep = FakeSleep(clock)
    outcome = run_plain(
        tl,
        routine,
        RecordingVoice(),
        clock=clock,
        sleep=sleep,
        out=io.StringIO(),
        should_stop=lambda: clock.now >= 1000.0 + 4.0,
    )
    assert outcome.status == "stopped"
    assert outcome.elapsed_seconds == pytest.approx(4.0)
    assert max(sleep.calls) <= 0.1 + 1e-9


def test_closing_line_wording() -> None:
    done = Outcome(300.0, 300.0, 5, 0, 5, True, "completed")
    assert closing_line(done) == "Done: 5m, 5 of 5 steps. Well done."
    skipped = Outcome(200.0, 300.0, 4, 1, 5, True, "completed")
    assert closing_line(skipped) == "Done: 3m20s, 4 of 5 steps, 1 skipped. Well done."
    stopped = Outcome(130.0, 130.0, 3, 0, 5, False, "stopped")
    assert closing_line(stopped) == "Stopped after 2m10s (3 of 5 steps)."


# ------------------------------------------------------------------ the command, in process


@pytest.fixture
def short_routine(tmp_path: Path) -> Path:
    path = tmp_path / "three.yaml"
    path.write_text(CAUTIOUS, encoding="utf-8")
    return path


def test_play_falls_back_to_plain_when_the_app_cannot_be_imported(
    short_routine: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setitem(sys.modules, "textual", None)  # no Textual: the app cannot be imported
    assert run(["play", str(short_routine), "--no-voice", "--speed", "100"]) == 0
    captured = capsys.readouterr()
    assert "full-screen player is not available" in captured.err
    assert "Step 1 of 3: Calm breathing" in captured.out


def test_play_opens_the_app_player_on_a_terminal(
    short_routine: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    fake = types.ModuleType("coach.tui.app")
    fake.run_app = lambda request: calls.append(request) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coach.tui.app", fake)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    from coach.__main__ import main

    assert main(["play", str(short_routine), "--no-voice", "--speed", "5"]) == 0
    assert len(calls) == 1
    assert calls[0].play.path == short_routine and calls[0].speed == 5.0
    assert isinstance(calls[0].voice, SilentVoice)


def test_play_without_a_voice_adapter_goes_on_silently_with_a_notice(
    short_routine: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import coach.voice.speech

    def broken(**kw):  # type: ignore[no-untyped-def]
        raise OSError("no audio device")

    monkeypatch.setattr(coach.voice.speech, "open_voice", broken, raising=False)
    assert run(["play", str(short_routine), "--plain", "--speed", "100"]) == 0
    out = capsys.readouterr().out.splitlines()
    notes = [line for line in out if line.startswith("Note:")]
    assert len(notes) == 1 and "no audio device" in notes[0] and "coach doctor" in notes[0]


def test_trace_into_a_missing_folder_is_a_clear_error(
    short_routine: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "no-such-folder" / "t.jsonl"
    assert run(["play", str(short_routine), "--no-voice", "--trace", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("coach: error: cannot write the trace file")
