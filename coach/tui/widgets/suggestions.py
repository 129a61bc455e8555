"""The home screen's "may help today" panel: up to three suggestions with their reasons."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from coach.care.checkin import CheckIn
from coach.care.suggest import Ranking, Suggestion
from coach.common.safe_text import clean
from coach.tui.literal import literal

#: Shown beside the suggestions: the wellness framing of DOMAIN.md.
PANEL_TITLE = "May help today · a wellness aid, not medical advice"
BLOCKED_TITLE = "Today's check-in"
#: What each verdict level asks first, in words (the colour only repeats it).
FIRST_STEP = {
    "emergency": (
        "Call your local emergency number now.\nOr go to the nearest emergency department."
    ),
    "urgent": "See a doctor today.",
    "review": "Please read this before you exercise.",
}


@dataclass(frozen=True)
class CheckInOutcome:
    """A check-in and what came of it: the ranking (verdict first), the nudge and its row id."""

    checkin: CheckIn
    ranking: Ranking
    nudge: str = ""
    checkin_id: int | None = None
    warnings: tuple[str, ...] = ()  # the log or config could not be written; shown once
    done_today: frozenset[str] = frozenset()  # routine ids with a session that counts today

    @property
    def shown(self) -> tuple[Suggestion, ...]:
        """The suggestions in order, those done today moved after the rest."""
        todo = [s for s in self.ranking.suggestions if s.id not in self.done_today]
        return (*todo, *(s for s in self.ranking.suggestions if s.id in self.done_today))

    @property
    def top(self) -> Suggestion | None:
        """The first suggestion not done yet today (the first when all are), or None
        (always None for emergency and urgent)."""
        if self.ranking.verdict.blocks_exercise or not self.ranking.suggestions:
            return None
        return self.shown[0]


#: Width of the title column; the reasons take the rest and wrap under themselves.
TITLE_WIDTH = 28


def suggestion_line(n: int, suggestion: Suggestion) -> str:
    """``"1. Rib release: targets your ribs (6/10); suits a chronic cough"`` (for tests, logs)."""
    reasons = "; ".join(suggestion.reasons)
    return f"{n}. {suggestion.title}" + (f": {reasons}" if reasons else "")


def suggestions_table(
    suggestions: tuple[Suggestion, ...], done: frozenset[str] = frozenset()
) -> Table:
    """Number, title and reasons in columns. The first (the one g starts) shows all its
    reasons, wrapped under themselves; the others keep to one line each."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=2, no_wrap=True)
    table.add_column(width=TITLE_WIDTH, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=1)
    for n, s in enumerate(suggestions, 1):
        first = n == 1
        reasons = Text(
            clean("; ".join(s.reasons)),
            style="" if first else "dim",
            no_wrap=not first,
            overflow="ellipsis",
        )
        if s.id in done:
            reasons = Text("✓ done today", style="dim")
        table.add_row(f"{n}.", Text(clean(s.title), style="bold" if first else ""), reasons)
    return table


class SuggestionsPanel(Vertical):
    """Hidden until a check-in; then the verdict's first step or up to three suggestions.

    Each suggestion is one line (cut with an ellipsis on a narrow screen) so the
    routine table below stays usable at 80x24; the nudge and today's notes wrap.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcome: CheckInOutcome | None = None
        self.border_title = PANEL_TITLE

    def compose(self) -> ComposeResult:
        # markup=False: the words come from data files and routine files.
        yield Static("", id="suggestions-head", markup=False)
        yield Static("", id="suggestions-lines")
        yield Static("", id="suggestions-notes", markup=False)

    def on_mount(self) -> None:
        self.display = False

    def show(self, outcome: CheckInOutcome | None) -> None:
        """Show ``outcome`` (None hides the panel)."""
        self.outcome = outcome
        self.display = outcome is not None
        if outcome is None:
            return
        ranking = outcome.ranking
        verdict = ranking.verdict
        self.set_class(verdict.blocks_exercise, "-blocked")
        self.border_title = BLOCKED_TITLE if verdict.blocks_exercise else PANEL_TITLE
        head: list[str] = []
        notes: list[str] = []
        if verdict.blocks_exercise:
            head.append(f"{verdict.title}. {FIRST_STEP[verdict.level]}".replace("\n", " "))
            head.append("No exercise is suggested today.")
        else:
            if verdict.level == "review":
                head.append(f"{verdict.title}: {'; '.join(verdict.reasons)}.")
            if not ranking.suggestions:
                head.append("No routine to suggest for this check-in" + _why_none(ranking))
            notes.extend(ranking.notes)
        if outcome.nudge:
            notes.insert(0, outcome.nudge)
        self._fill("#suggestions-head", "\n".join(head))
        lines = self.query_one("#suggestions-lines", Static)
        shown = outcome.shown if outcome.top else ()
        lines.update(suggestions_table(shown, outcome.done_today) if shown else "")
        lines.display = bool(shown)
        self._fill("#suggestions-notes", "\n".join(notes))
        self.border_subtitle = "g  start the first" if outcome.top else ""

    def _fill(self, selector: str, text: str) -> None:
        box = self.query_one(selector, Static)
        box.update(literal(text))
        box.display = bool(text)


def _why_none(ranking: Ranking) -> str:
    """ ": " and the first reason routines were left out, or "."."""
    reasons = list(dict.fromkeys(ranking.excluded.values()))
    return f": {reasons[0]}." if reasons else "."
