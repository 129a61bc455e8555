"""Voice commands: `coach audio` (a routine's voice track as one WAV) and `coach doctor`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

H = "coach.cli.voice_cmds:"
GUIDANCE = ("voice", "tones", "both")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `audio` and `doctor` to the parser."""
    p = sub.add_parser(
        "audio",
        help="write a routine's voice track to one WAV file",
        description="Speak every cue of a routine at its moment into one WAV file, with a soft "
        "tone rising through each in-breath and falling through each out-breath and a chime at "
        "each new step and the end: for a phone, or for someone without a terminal. It ends "
        "with the closing words. Voice settings default to config.yaml.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine id, or a path to a routine file")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.wav",
        help="the WAV file to write ('-' for standard output)",
    )
    p.add_argument("--rate", type=_rate, metavar="WPM", help="speaking rate, words per minute")
    p.add_argument("--volume", type=_volume, metavar="V", help="voice volume from 0.0 to 1.0")
    p.add_argument("--voice", metavar="NAME", help="a voice name, e.g. en-us (espeak-ng --voices)")
    p.add_argument(
        "--guidance",
        choices=GUIDANCE,
        help="voice: words only; tones or both: breath tones and chimes under the words "
        "(default: 'guidance' in config.yaml, else both)",
    )
    p.set_defaults(handler=H + "cmd_audio")

    p = sub.add_parser(
        "doctor",
        help="check the voice, folders and routines, and say how to fix problems",
        description="Check the voice engine, espeak-ng and its voices, the audio player (it "
        "plays a short test sound and checks the player's exit status and messages) and "
        "device, the data and config folders and the routine library. Prints 'ok' or 'fix' "
        "per check. Exit 1 only for essential problems: the voice is optional (coach runs "
        "silently without it).",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=H + "cmd_doctor")


def _rate(text: str) -> int:
    from coach.voice.engine import RATE_RANGE

    lo, hi = RATE_RANGE
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{value} is out of range ({lo}-{hi} words per minute)")
    return value


def _volume(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise argparse.ArgumentTypeError(f"{text} is out of range (0.0-1.0)")
    return value


def _config() -> Any:
    from coach.settings.config import load_config

    return load_config().config


def cmd_audio(args: argparse.Namespace) -> int:
    from coach.cli import CommandError
    from coach.cli.routines import resolve_or_fail
    from coach.common.fields import format_seconds
    from coach.common.outfile import OutputError, check_target, is_stdout
    from coach.common.safe_text import clean
    from coach.playback.guidance import plays_tones, spoken_cycles_for
    from coach.playback.timeline import compile_routine
    from coach.voice.engine import SynthesisError, VoiceSettings, VoiceUnavailable
    from coach.voice.track import render_track

    entry = resolve_or_fail(args.routine)
    out = None if is_stdout(args.output) else Path(args.output).expanduser()
    if out is not None:
        try:  # refuse a device, pipe or folder before synthesising anything
            check_target(out, "-o ")
        except OutputError as exc:
            raise CommandError(exc.message, exc.hint) from None
    elif sys.stdout.isatty():
        raise CommandError(
            "-o - would print a WAV on the terminal",
            "redirect it: coach audio ROUTINE -o - > track.wav",
            code=2,
        )
    config = _config()
    settings = VoiceSettings(
        rate=args.rate if args.rate is not None else config.rate,
        volume=args.volume if args.volume is not None else config.volume,
        voice_name=args.voice if args.voice is not None else config.voice_name,
    )
    guidance = args.guidance or config.guidance
    timeline = compile_routine(
        entry.routine, spoken_cycles=spoken_cycles_for(guidance, config.spoken_cycles)
    )
    try:
        track = render_track(timeline, out, settings, tones=plays_tones(guidance))
    except VoiceUnavailable as exc:
        raise CommandError(
            f"no voice to render with: {exc.missing}", exc.fix or "run 'coach doctor'"
        ) from None
    except SynthesisError as exc:
        raise CommandError(f"the voice engine failed: {exc}", "run 'coach doctor'") from None
    except OutputError as exc:
        raise CommandError(exc.message, exc.hint) from None
    except OSError as exc:  # the voice cache, not the output
        raise CommandError(
            f"cannot render the track: {exc.strerror or exc}", "run 'coach doctor'"
        ) from None
    for c in track.cut:
        step = f" in step {clean(c.step)!r}" if c.step else ""
        print(
            f"coach: warning: the cue at {format_seconds(c.at)}{step} ({clean(c.text)!r}) speaks "
            f"for {c.spoken:.1f} s with {c.room:.1f} s before the next cue, which waits for it "
            "(not cut); a longer 'prepare' or a faster --rate gives it room",
            file=sys.stderr,
        )
    # With -o - the WAV is standard output: the summary goes to stderr.
    print(
        f"Wrote {out or 'the track to standard output'}: {format_seconds(track.seconds)} "
        f"({track.seconds:.2f} s), {track.cues} spoken cues ({track.synthesised} newly "
        f"synthesised), {track.tones} tones and chimes",
        file=sys.stderr if out is None else sys.stdout,
    )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from coach.services.doctor import Check, healthy, run_checks, summary
    from coach.settings.config import load_config

    loaded = load_config()
    checks = run_checks(
        player=loaded.config.player or None, voice_name=loaded.config.voice_name or None
    )
    if loaded.problems:
        first = loaded.problems[0]
        more = f" (and {len(loaded.problems) - 1} more)" if len(loaded.problems) > 1 else ""
        checks.append(
            Check(
                "config file",
                False,
                False,
                fix=f"{first}{more}; that setting uses its default until fixed",
            )
        )
    elif loaded.exists:
        checks.append(Check("config file", True, False, str(loaded.path)))
    ok = healthy(checks)
    if args.json:
        json.dump({"ok": ok, "checks": [c.as_dict() for c in checks]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for check in checks:
            print(check.line())
        print(summary(checks))
    return 0 if ok else 1
