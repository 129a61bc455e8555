"""A routine's details: what it is for, its cautions, its steps and how long it takes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.common.safe_text import clean
from coach.playback.timeline import compile_routine
from coach.routines.library import Entry
from coach.tui.describe import dose_text, duration_text, words
from coach.tui.literal import literal, rich_text
from coach.tui.widgets.footer import SteadyFooter


class DetailScreen(Screen[None]):
    """Read about one routine before playing it."""

    BINDINGS = [
        Binding(
            "p,enter",
            "play",
            "Play",
            id="detail.play",
            key_display="p",
            tooltip="Start this routine (you will see its cautions first)",
        ),
        Binding("escape", "back", "Back", id="detail.back", tooltip="Back to the list of routines"),
    ]

    @dataclass
    class PlayChosen(Message):
        """The person asked to play this routine."""

        entry: Entry

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        r = self.entry.routine
        yield Header(icon="~")
        with VerticalScroll(id="detail"):
            yield Static(literal(r.title), id="detail-title")
            meta = f"{r.category}  ·  {duration_text(r.total_seconds)}"
            if r.targets:
                meta += f"  ·  may help: {words(r.targets)}"
            yield Static(literal(meta), id="detail-meta")
            if r.summary:
                yield Static(literal(r.summary), id="detail-summary")
            if r.good_for or r.avoid_with:
                yield Static(self._suitability(), id="detail-suits")
            if r.cautions:
                cautions = Static(literal(r.cautions), id="detail-cautions")
                cautions.border_title = "Caution"
                yield cautions
            yield Static(self._steps_table(), id="detail-steps")
            if any(step.media for step in r.steps):
                media = Static(self._media(), id="detail-media")
                media.border_title = "Pictures and videos"
                yield media
            yield Static(self._footnote(), id="detail-total")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = clean(self.entry.routine.title)

    def _suitability(self) -> Text:
        r = self.entry.routine
        text = Text()
        if r.good_for:
            text.append("Good for: ", style="bold")
            text.append(clean(words(r.good_for)))
        if r.avoid_with:
            if r.good_for:
                text.append("    ")
            text.append("Avoid with: ", style="bold")
            text.append(clean(words(r.avoid_with)))
        return text

    def _steps_table(self) -> Table:
        r = self.entry.routine
        spans = compile_routine(r).steps
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("#", justify="right", width=2)
        table.add_column("Step", ratio=3)
        table.add_column("Dose", ratio=4)
        table.add_column("Time", justify="right", width=6)
        for n, (step, span) in enumerate(zip(r.steps, spans, strict=False), 1):
            table.add_row(
                str(n),
                rich_text(step.name),
                rich_text(dose_text(step)),
                duration_text(span.duration),
            )
        return table

    def _media(self) -> Text:
        """Each step's picture or video as a link (a terminal that knows links opens it)."""
        from rich.style import Style

        text = Text()
        base = self.entry.path.parent
        for n, step in enumerate(self.entry.routine.steps, 1):
            if not step.media:
                continue
            web = step.media.startswith(("http://", "https://"))
            url = clean(step.media) if web else (base / step.media).resolve().as_uri()
            if text:
                text.append("\n")
            text.append(clean(f"{n}. {step.name}: "))
            text.append(clean(step.media), style=Style(link=url, underline=True))
        return text

    def _footnote(self) -> Text:
        r = self.entry.routine
        text = Text()
        text.append(f"Total {duration_text(r.total_seconds)}", style="bold")
        who = f"  ·  by {r.author}" if r.author else ""
        text.append(clean(f"{who}  ·  version {r.version}  ·  {self.entry.source}"))
        return text

    def action_play(self) -> None:
        """Ask the app to start the player on this routine."""
        self.post_message(self.PlayChosen(self.entry))

    def action_back(self) -> None:
        """Back to the routine list."""
        self.dismiss()
