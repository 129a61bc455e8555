"""The command palette (ctrl+p): play any routine, and every screen of the app, by name.

Screens are looked up when the palette opens (``action_checkin``, ``action_history`` ...),
so the palette offers whatever the app can do now and nothing it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from coach.common.safe_text import clean
from coach.tui.literal import literal

#: What the palette offers when the app can do it: (app methods to try, label, help).
SCREENS = (
    (
        ("action_checkin", "open_checkin"),
        "Check in",
        "Say where it hurts today and get routines that may help",
    ),
    (
        ("action_suggestion", "start_suggestion"),
        "Play the suggestion",
        "Start the first routine suggested for today's check-in",
    ),
    (("action_history", "open_history"), "History", "Sessions, streaks and pain before and after"),
    (("action_settings",), "Settings", "Voice, theme, motion, goals and keys"),
    (
        ("action_routines",),
        "Routine files",
        "Every routine file and its problems; preview at speed",
    ),
)


@dataclass(frozen=True)
class Command:
    """One palette entry: what it says, what it does, and a line of help."""

    label: str
    run: Callable[[], Any]
    help: str


def commands(app: Any) -> list[Command]:
    """Everything the palette offers on ``app`` right now.

    While a session is open only Quit is offered, so a stray command never
    leaves a routine half-played.
    """
    from coach.tui.describe import duration_text
    from coach.tui.screens.player import PlayerScreen

    found: list[Command] = []
    in_session = any(isinstance(s, PlayerScreen) for s in app.screen_stack)
    if not in_session:
        library = getattr(app, "library", None)
        for entry in library.sorted_entries() if library is not None else ():
            r = entry.routine
            found.append(
                Command(
                    f"Play: {r.title}",
                    partial(app.play_gated, entry),
                    f"{r.category}, {duration_text(r.total_seconds)}  ·  {r.id}",
                )
            )
        for names, label, help_text in SCREENS:
            method = next((m for m in (getattr(app, n, None) for n in names) if callable(m)), None)
            if method is None or (label == "Play the suggestion" and not _has_suggestion(app)):
                continue
            found.append(Command(label, method, help_text))
        if has_report():
            found.append(
                Command(
                    "Report",
                    partial(start_report, app),
                    "Write the therapist's report to the data folder",
                )
            )
    found.append(Command("Quit", app.exit, "Leave coach"))
    return found


def _has_suggestion(app: Any) -> bool:
    outcome = getattr(app, "checkin_outcome", None)
    return getattr(outcome, "top", None) is not None


class CoachCommands(Provider):
    """Routines to play and the app's screens, matched by fuzzy search."""

    async def discover(self) -> Hits:
        for command in commands(self.app):
            yield DiscoveryHit(
                literal(command.label),
                command.run,
                # Textual types help as str but reads it with Content.from_markup(str | Content).
                help=literal(command.help),  # type: ignore[arg-type]
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in commands(self.app):
            score = matcher.match(command.label)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, command.label),
                    command.run,
                    text=clean(command.label),
                    help=literal(command.help),  # type: ignore[arg-type]  # as above
                )


def highlight(matcher: Matcher, label: str) -> Content:
    """The label with the matched letters marked, as literal text (Textual's own
    `Matcher.highlight` reads the label as markup, and routine titles are data)."""
    content = literal(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def has_report() -> bool:
    """Whether this install can write the therapist's report."""
    from importlib.util import find_spec

    return (
        find_spec("coach.history.report") is not None and find_spec("coach.log.store") is not None
    )


def start_report(app: Any) -> None:
    """Write the report off the UI thread and say where it went (or why it could not)."""

    def write() -> None:
        try:
            path = write_report()
        except Exception as exc:  # noqa: BLE001 - any failure is told in one line, never raised
            app.call_from_thread(
                app.notify,
                f"Could not write the report: {exc}",
                title="Report",
                severity="error",
                timeout=8,
            )
        else:
            app.call_from_thread(app.notify, f"Wrote {path}", title="Report", timeout=8)

    app.run_worker(write, thread=True, group="report", exit_on_error=False)


def write_report(days: int = 28) -> Path:
    """`coach report`'s Markdown page, written to the data folder; returns its path."""
    from datetime import timedelta

    from coach import locations
    from coach.common.vocab import vocabulary
    from coach.history.report import build_report, markdown
    from coach.log.store import open_store
    from coach.settings.config import load_config

    config = load_config().config
    with open_store() as store:
        today = store.clock().date()
        report = build_report(
            store.sessions(since=today - timedelta(days=days - 1)),
            today,
            days,
            config.weekly_goal,
            store.day_marks(),
            config.rest_weekdays,
            vocabulary().areas,
            activity=store.day_activity(),
        )
    path = locations.ensure_dir(locations.data_dir()) / f"report-{today.isoformat()}.md"
    path.write_text(markdown(report), encoding="utf-8")
    return path
