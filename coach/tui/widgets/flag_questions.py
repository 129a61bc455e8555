"""The warning-sign questions as a yes/no list: every question due, grouped by level,
each wrapped in full with its answer beside it.

Every question starts unanswered ("[ ? ]"): nothing is assumed. y and n answer one;
`a` answers all the rest "no" as an explicit act, and those answers show as "[no*]"
so the person (and the summary) can tell them from ones answered one by one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from coach.care.safety import Question

#: Headings for the warning-sign questions, by level: calm words, most serious first.
GROUPS = {
    "emergency": "Signs that need help straight away",
    "urgent": "Signs to see a doctor about today",
    "review": "Signs worth a check-up",
}


#: How an answer was given: one by one, or with the "rest no" key.
BY_KEY, REST_NO = "key", "rest"
MARKERS = {None: "[ ? ]", True: "[YES]", False: "[ no]"}
REST_NO_MARKER = "[no*]"


class FlagRow(Horizontal):
    """One question with its answer in words ("?" / "no" / "YES") beside it."""

    def __init__(self, question: Question, answer: bool | None, how: str = BY_KEY) -> None:
        super().__init__(classes="flag-row")
        self.question = question
        self.answer = answer
        self.how = how
        self.highlighted = False

    @property
    def yes(self) -> bool:
        return self.answer is True

    def compose(self) -> ComposeResult:
        yield Static(self._answer_text(), classes="flag-answer", markup=False)
        yield Static(self.question.question, classes="flag-question", markup=False)

    def _answer_text(self) -> str:
        # The marker and the word carry the meaning; the row's classes only colour them.
        marker = (
            REST_NO_MARKER if self.answer is False and self.how == REST_NO else MARKERS[self.answer]
        )
        return ("▸" if self.highlighted else " ") + marker

    def set_answer(self, yes: bool, how: str = BY_KEY) -> None:
        """Show ``yes`` as the answer, given ``how`` (one by one, or "the rest no")."""
        self.answer = yes
        self.how = how
        self.set_class(yes, "-yes")
        self.set_class(False, "-unanswered")
        self.query_one(".flag-answer", Static).update(self._answer_text())

    def set_highlight(self, on: bool) -> None:
        """Mark this row as the one the keys answer."""
        if on != self.highlighted:
            self.highlighted = on
            self.set_class(on, "-highlight")
            self.query_one(".flag-answer", Static).update(self._answer_text())


class FlagQuestions(VerticalScroll, can_focus=True):
    """The warning-sign questions as a list: arrows move, y / n / space answer."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous", id="flags.up", show=False),
        Binding("down", "move(1)", "Next", id="flags.down", show=False),
        Binding("y", "answer(True)", "Yes", id="flags.yes", tooltip="Yes, this applies today"),
        Binding("n", "answer(False)", "No", id="flags.no", tooltip="No, this does not apply"),
        Binding(
            "space",
            "toggle_answer",
            "Change",
            id="flags.toggle",
            tooltip="Switch the answer between no and yes",
        ),
        Binding(
            "a",
            "rest_no",
            "All the rest: no",
            id="flags.rest_no",
            tooltip="Answer no to every question not answered yet",
        ),
    ]

    highlighted: reactive[int] = reactive(0, init=False)
    """Index of the question the keys answer."""

    @dataclass
    class Answered(Message):
        """An answer changed."""

        question_id: str
        yes: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answers: dict[str, bool] = {}  # kept across visits to the page
        self.how: dict[str, str] = {}  # BY_KEY or REST_NO, for each answer given

    @property
    def rows(self) -> list[FlagRow]:
        return list(self.query(FlagRow))

    @property
    def asked(self) -> list[str]:
        """Ids of the questions shown now."""
        return [row.question.id for row in self.rows]

    @property
    def yes(self) -> list[str]:
        """Ids of the shown questions answered yes."""
        return [row.question.id for row in self.rows if row.yes]

    @property
    def unanswered(self) -> list[str]:
        """Ids of the shown questions not answered yet."""
        return [row.question.id for row in self.rows if row.answer is None]

    def counts(self) -> dict[str, int]:
        """How the shown questions were answered: yes, no, rest_no (with `a`), unanswered."""
        out = {"yes": 0, "no": 0, "rest_no": 0, "unanswered": 0}
        for row in self.rows:
            if row.answer is None:
                out["unanswered"] += 1
            elif row.answer:
                out["yes"] += 1
            else:
                out["rest_no" if row.how == REST_NO else "no"] += 1
        return out

    async def ask(self, questions: Iterable[Question]) -> None:
        """Show ``questions`` grouped by level, keeping earlier answers to the same ones."""
        await self.remove_children()
        widgets: list[Static | FlagRow] = []
        level = ""
        for q in questions:
            if q.level != level:
                level = q.level
                widgets.append(Static(GROUPS.get(level, level), classes="flag-group"))
            row = FlagRow(q, self.answers.get(q.id), self.how.get(q.id, BY_KEY))
            row.set_class(row.yes, "-yes")
            row.set_class(row.answer is None, "-unanswered")
            widgets.append(row)
        await self.mount_all(widgets)
        self.highlighted = 0
        self._show_highlight()
        self.scroll_home(animate=False)

    def watch_highlighted(self) -> None:
        self._show_highlight()

    def _show_highlight(self) -> None:
        rows = self.rows
        for n, row in enumerate(rows):
            row.set_highlight(n == self.highlighted)
        if rows:
            # Show the group heading above the first question too.
            target = rows[self.highlighted]
            self.scroll_to_widget(target, animate=False, top=False)
            if self.highlighted == 0:
                self.scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        """Highlight the previous or next question."""
        if self.rows:
            self.highlighted = max(0, min(len(self.rows) - 1, self.highlighted + step))

    def action_answer(self, yes: bool) -> None:
        """Answer the highlighted question, then move on to the next one."""
        rows = self.rows
        if not rows:
            return
        self._record(rows[self.highlighted], yes)
        self.action_move(1)

    def action_toggle_answer(self) -> None:
        """Switch the highlighted answer between no and yes (unanswered becomes yes)."""
        rows = self.rows
        if rows:
            row = rows[self.highlighted]
            self._record(row, not row.yes)

    def action_rest_no(self) -> None:
        """Answer "no" to every question not answered yet (an explicit act, shown as [no*])."""
        for row in self.rows:
            if row.answer is None:
                self._record(row, False, REST_NO)

    def _record(self, row: FlagRow, yes: bool, how: str = BY_KEY) -> None:
        row.set_answer(yes, how)
        self.answers[row.question.id] = yes
        self.how[row.question.id] = how
        self.post_message(self.Answered(row.question.id, yes))

    def on_click(self, event: events.Click) -> None:
        # A click on a question highlights it and switches its answer.
        widget = event.widget
        while widget is not None and not isinstance(widget, FlagRow):
            widget = widget.parent  # type: ignore[assignment]
        if isinstance(widget, FlagRow):
            self.highlighted = self.rows.index(widget)
            self.action_toggle_answer()
