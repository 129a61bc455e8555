"""Playing commands: play (the app's player, or plain lines with --plain)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from coach.services.voice import open_voice_or_silent

if TYPE_CHECKING:
    from coach.cli.play_log import PlainSession
    from coach.playback.player import Outcome
    from coach.services.launch import AppRequest

H = "coach.cli.play:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "play",
        help="play a routine with voice and timing",
        description="Play a routine: the full-screen player, or plain lines with --plain "
        "(also used when output is not a terminal). Ctrl-C stops at any time. The session is "
        "saved to your log with pain before and after (asked when input is a terminal); a "
        "preview faster than normal speed is not saved unless --log is given.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine id, or a path to a routine file")
    p.add_argument(
        "--plain",
        action="store_true",
        help="print one plain line per step and cue (no full-screen app)",
    )
    p.add_argument("--no-voice", action="store_true", help="do not speak the cues")
    p.add_argument(
        "--speed",
        type=speed_arg,
        default=1.0,
        metavar="X",
        help="play X times faster, from 0.1 to 100 (a preview; default 1)",
    )
    p.add_argument(
        "--trace",
        metavar="FILE",
        help="write one JSON line per event with its scheduled and actual time (implies --plain)",
    )
    log = p.add_mutually_exclusive_group()
    log.add_argument(
        "--log",
        dest="log",
        action="store_const",
        const=True,
        default=None,
        help="save the session to your log even as a preview (--speed above 1)",
    )
    log.add_argument(
        "--no-log",
        dest="log",
        action="store_const",
        const=False,
        help="do not save this session to your log (sessions at --speed above 1 "
        "are previews and are not saved anyway)",
    )
    p.add_argument(
        "--no-prompts",
        action="store_true",
        help="with --plain: do not ask pain before/after or a note (also when input "
        "is not a terminal, or --pain-before/--pain-after/--note is given)",
    )
    p.add_argument(
        "--pain-before",
        nargs="+",
        action="extend",
        default=[],
        metavar="N|AREA=N",
        help="with --plain: pain 0-10 before, a single N (overall) or AREA=N for "
        "each area (the app asks on screen instead)",
    )
    p.add_argument(
        "--pain-after",
        nargs="+",
        action="extend",
        default=[],
        metavar="N|AREA=N",
        help="with --plain: pain 0-10 after, as for --pain-before",
    )
    p.add_argument(
        "--note", metavar="TEXT", default="", help="with --plain: a note for you or your therapist"
    )
    p.set_defaults(handler=H + "cmd_play")


def speed_arg(text: str) -> float:
    """argparse type for --speed: a number more than 0 and at most 100, like 5, 0.5 or 5x."""
    from coach.common.safe_text import echo
    from coach.playback.player import MAX_SPEED, MIN_SPEED, check_speed

    raw = text.strip()
    raw = raw[:-1] if raw.lower().endswith("x") else raw
    try:
        return check_speed(float(raw))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number from {MIN_SPEED:g} to {MAX_SPEED:g} (like 5 or 0.5), not {echo(text)}"
        ) from None


def cmd_play(args: argparse.Namespace) -> int | AppRequest:
    """`coach play ROUTINE`: the app's player, or plain lines when asked or not on a terminal.

    A session is saved to the log unless it is a preview (--speed above 1,
    unless --log) or --no-log is given; see coach/cli/play_log.py.
    """
    from coach.cli.play_log import preview_line
    from coach.cli.routines import resolve_or_fail
    from coach.common.outfile import StdoutClosed
    from coach.services.sessions import records_session

    if getattr(sys.stdout, "is_closed_stdout", False):  # nothing could be shown: do not start
        raise StdoutClosed
    from coach.routines.library import SUFFIXES, load_library

    # Read once, here: the app is handed this library rather than reading it again.
    by_id = not (args.routine.endswith(SUFFIXES) or "/" in args.routine or "\\" in args.routine)
    library = load_library() if by_id else None
    entry = resolve_or_fail(args.routine, library)
    from coach.cli.play_gate import pass_gate

    pass_gate(entry.routine)  # the one gate before exercise: exit 1 unless it may start
    before = pain_option(args.pain_before, "--pain-before")
    after = pain_option(args.pain_after, "--pain-after")
    record = records_session(args.speed, args.log)
    from coach.cli import can_open_app

    plain = args.plain or args.trace is not None or not can_open_app(need_stdin=False)
    if not plain:
        from coach.services.launch import AppRequest, app_available

        if app_available():
            # The app applies the same preview rule itself (and asks pain on screen).
            # The default voice starts in the app's background, not before its screen; a
            # routine in another language gets a voice for it here (the app would start
            # the default one).
            language = entry.routine.language
            if args.no_voice or language != "en":
                voice = open_voice_or_silent(not args.no_voice, language)
            else:
                voice = None
            return AppRequest(entry, args.speed, voice, args.log, library)
        print(
            "coach: note: the full-screen player is not available; playing plain lines",
            file=sys.stderr,
        )
    if record:
        play_plain_logged(entry, args, before, after)
    else:
        if args.log is None:
            print(preview_line(args.speed))
        play_plain(
            entry,
            open_voice_or_silent(not args.no_voice, entry.routine.language),
            args.speed,
            args.trace,
        )
    # Stopping with Ctrl-C is a normal end chosen by the person, so it is not an error.
    return 0


def play_plain_logged(
    entry: Any, args: argparse.Namespace, before: dict[str, int], after: dict[str, int]
) -> None:
    """A plain session saved to the log: pain before, the session row, pain after and a note.

    Questions are asked only on a terminal, without --no-prompts, and when no
    pain or note option was given (a script says everything on the command line).
    Ctrl-C at a question before the session ends the command; after it, it
    skips the rest of the questions (the session is already saved).
    """
    from coach.cli.play_log import (
        PlainSession,
        areas_for,
        ask_note,
        ask_pain,
        open_log_or_warn,
        pain_defaults_for,
        routine_intro,
    )
    from coach.common.vocab import vocabulary

    store = open_log_or_warn()
    if store is None:
        play_plain(
            entry,
            open_voice_or_silent(not args.no_voice, entry.routine.language),
            args.speed,
            args.trace,
        )
        return
    with store:
        asking = (
            sys.stdin.isatty()
            and not args.no_prompts
            and not (args.pain_before or args.pain_after or args.note)
        )
        labels = vocabulary().areas
        areas = areas_for(store, entry.routine) if asking else []
        if asking and areas:
            from coach.playback.timeline import compile_routine

            # Which routine this is comes first, then pain now with the last score offered.
            print(routine_intro(compile_routine(entry.routine)))
            before = ask_pain(areas, labels, "before", defaults=pain_defaults_for(store, areas))
            print()
        # The voice opens after the questions: its engine need not idle while they are answered.
        voice = open_voice_or_silent(not args.no_voice, entry.routine.language)
        session = PlainSession(store, entry, args.speed, before)
        play_plain(entry, voice, args.speed, args.trace, session=session)
        if not session.finished:
            return
        note = args.note.strip()
        if asking:
            print()
            try:
                after = ask_pain(list(before) or areas, labels, "after")
                note = ask_note()
            except KeyboardInterrupt:
                print()
        session.save_after(after, note)
        print("Saved to your log.")
        _print_streak(store, session.id)


def _print_streak(store: Any, session_id: int | None) -> None:
    # The same words as `coach log` after recording a session; only when this one counted,
    # so a session stopped early is not followed by a streak that reads like a reproach.
    import sqlite3

    from coach.cli.streak_cmd import load_streak_summary, streak_line
    from coach.log.errors import StoreError

    try:
        record = store.session(session_id) if session_id is not None else None
        if record is not None and record.counts:
            print(streak_line(load_streak_summary(store)))
    except (sqlite3.Error, StoreError):
        pass  # the session is saved; the streak line can wait for `coach streak`


def pain_option(values: list[str], flag: str) -> dict[str, int]:
    """--pain-before/--pain-after values as {area: score}, or a usage error naming the flag."""
    if not values:
        return {}
    from coach.cli import EXIT_USAGE, CommandError
    from coach.common.vocab import vocabulary
    from coach.history.overview import parse_pain

    try:
        return parse_pain(values, vocabulary().areas)
    except ValueError as exc:
        hint = "" if "area" in str(exc) else "give N (0-10) or AREA=N, e.g. ribs=4"
        raise CommandError(f"{flag}: {exc}", hint, code=EXIT_USAGE) from None


def play_plain(
    entry: Any, voice: Any, speed: float, trace: str | None, session: PlainSession | None = None
) -> Outcome:
    """Run a plain session of a library entry and return how it ended.

    The trace file is opened first, so a bad path fails before anything plays
    or is logged. With ``session``, its row is written as the routine starts,
    its progress saved while playing, and it is finished when the routine
    ends, Ctrl-C included.
    """
    from coach.cli import CommandError
    from coach.cli.plain import OutputLost, run_plain
    from coach.playback.guidance import plays_tones, spoken_cycles_for
    from coach.playback.timeline import compile_routine
    from coach.settings.config import load_config

    config = load_config().config  # guidance: voice, tones or both
    spoken = spoken_cycles_for(config.guidance, config.spoken_cycles)
    timeline = compile_routine(entry.routine, spoken_cycles=spoken)
    trace_file = None
    if trace is not None:
        try:
            trace_file = open(trace, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            voice.close()
            raise CommandError(
                f"cannot write the trace file {trace}: {exc.strerror}",
                "check that its folder exists and is writable",
            ) from None
    try:
        if session is not None:
            session.start(timeline)
        outcome = run_plain(
            timeline,
            entry.routine,
            voice,
            speed=speed,
            trace_file=trace_file,
            tones=plays_tones(config.guidance),
            avoid_labels=avoid_labels(entry.routine),
            should_stop=session.tick if session is not None else None,
        )
    except OutputLost as gone:  # `| head -1`: record the session as stopped, then exit quietly
        if session is not None:
            session.finish(gone.outcome)
        raise gone.error from None
    finally:
        if trace_file is not None:
            trace_file.close()
    if session is not None:
        session.finish(outcome)
    return outcome


def avoid_labels(routine: Any) -> list[str]:
    """The routine's avoid_with conditions in words ("Osteoporosis or long-term steroids")."""
    from coach.common.vocab import vocabulary

    labels = vocabulary().conditions
    return [labels.get(c, c) for c in routine.avoid_with]
