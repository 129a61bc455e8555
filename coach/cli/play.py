"""Playing commands: play (the app's player, or plain lines with --plain)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.player import Outcome

H = "coach.cli.play:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "play", help="play a routine with voice and timing",
        description="Play a routine: the full-screen player, or plain lines with --plain "
        "(also used when output is not a terminal). Ctrl-C stops at any time.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine id, or a path to a routine file")
    p.add_argument("--plain", action="store_true",
                   help="print one plain line per step and cue (no full-screen app)")
    p.add_argument("--no-voice", action="store_true", help="do not speak the cues")
    p.add_argument("--speed", type=speed_arg, default=1.0, metavar="X",
                   help="play X times faster, more than 0 and at most 100 (a preview; default 1)")
    p.add_argument("--trace", metavar="FILE",
                   help="write one JSON line per event with its scheduled and actual time "
                   "(implies --plain)")
    p.set_defaults(handler=H + "cmd_play")


def speed_arg(text: str) -> float:
    """argparse type for --speed: a number more than 0 and at most 100, like 5, 0.5 or 5x."""
    from coach.player import MAX_SPEED, check_speed

    raw = text.strip()
    raw = raw[:-1] if raw.lower().endswith("x") else raw
    try:
        return check_speed(float(raw))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number more than 0 and at most {MAX_SPEED:g} (like 5 or 0.5), not {text!r}"
        ) from None


def cmd_play(args: argparse.Namespace) -> int:
    """`coach play ROUTINE`: the app's player, or plain lines when asked or not on a terminal."""
    from coach.cli.routines import resolve_or_fail

    entry = resolve_or_fail(args.routine)
    voice = open_voice_or_silent(enabled=not args.no_voice)
    plain = args.plain or args.trace is not None or not sys.stdout.isatty()
    if not plain:
        try:
            from coach.tui.app import run_app
        except ImportError:
            print("coach: note: the full-screen player is not available; playing plain lines",
                  file=sys.stderr)
        else:
            return int(run_app(play=args.routine, speed=args.speed, voice=voice) or 0)
    play_plain(entry, voice, args.speed, args.trace)
    # Stopping with Ctrl-C is a normal end chosen by the person, so it is not an error.
    return 0


def play_plain(entry: Any, voice: Any, speed: float, trace: str | None) -> Outcome:
    """Run a plain session of a library entry and return how it ended (for the session log).

    The trace file is opened first, so a bad path fails before anything plays.
    """
    from coach.cli import CommandError
    from coach.plain import run_plain
    from coach.timeline import compile_routine

    timeline = compile_routine(entry.routine)
    trace_file = None
    if trace is not None:
        try:
            trace_file = open(trace, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            voice.close()
            raise CommandError(f"cannot write the trace file {trace}: {exc.strerror}",
                               "check that its folder exists and is writable") from None
    try:
        return run_plain(timeline, entry.routine, voice, speed=speed, trace_file=trace_file,
                         avoid_labels=avoid_labels(entry.routine))
    finally:
        if trace_file is not None:
            trace_file.close()


def avoid_labels(routine: Any) -> list[str]:
    """The routine's avoid_with conditions in words ("Osteoporosis or long-term steroids")."""
    from coach.vocab import vocabulary

    labels = vocabulary().conditions
    return [labels.get(c, c) for c in routine.avoid_with]


def open_voice_or_silent(enabled: bool) -> Any:
    """The voice as config.yaml sets it up, or a SilentVoice (with a notice when speech was wanted)."""
    from coach.config import load_config
    from coach.voice import SilentVoice, open_voice

    config = load_config().config
    if not enabled or not config.voice:
        return SilentVoice()
    try:
        return open_voice(enabled=True, rate=config.rate, volume=config.volume,
                          voice_name=config.voice_name or None, player=config.player or None)
    except (OSError, RuntimeError, ValueError) as exc:
        return SilentVoice(f"voice unavailable ({exc}); playing silently (see 'coach doctor')")
