"""The pain check-in: where it hurts and how much, today's context, standing conditions,
then the warning-sign questions that apply, all from the keyboard.

Two pages on one screen so nothing is lost going back: the areas page, then "Do any
of these apply today?" with every question due for those answers. Enter goes on,
escape goes back. The answers go to `coach.services.checkins.check_in` (the same sequence
`coach suggest` runs: history, ranking, the stored row, the weekly nudge) in a thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static
from textual.worker import Worker, WorkerState

from coach.care.checkin import CheckIn, make_checkin
from coach.care.safety import questions_for
from coach.common.vocab import vocabulary
from coach.tui.widgets.flag_questions import FlagQuestions
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.pain_areas import PainAreas, TickList
from coach.tui.widgets.suggestions import CheckInOutcome

if TYPE_CHECKING:
    from coach.log.store import Store
    from coach.routines.model import Routine


# ----------------------------------------------------------------- the log


def open_log() -> tuple[Store | None, str]:
    """The session log and "", or None and why it could not be opened (never raises)."""
    from coach.log.store import StoreError, open_store

    try:
        log = open_store()
    except StoreError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        return None, f"The session log could not be opened: {exc.message}{hint}"
    except OSError as exc:
        return None, f"The session log could not be opened: {exc}"
    return log, log.recovery_notice()


def record_checkin(
    checkin: CheckIn, routines: Sequence[Routine], remember: Sequence[str] | None = None
) -> CheckInOutcome:
    """Screen, rank and store ``checkin`` (and remember conditions in config if asked).

    Runs off the UI thread. The screen and suggestions never depend on the log or
    the config: a failed write becomes a warning, not an error.
    """
    from coach.services.checkins import check_in

    warnings: list[str] = []
    if remember is not None:
        from coach.settings.config import ConfigError
        from coach.settings.config_write import set_value

        try:
            set_value("conditions", json.dumps(list(remember)))
        except (ConfigError, OSError) as exc:
            warnings.append(f"Your conditions were not remembered: {exc}")
    log, problem = open_log()
    if problem:
        warnings.append(problem)
    if log is None:
        ranking, nudge, checkin_id = check_in(checkin, routines)
    else:
        try:
            ranking, nudge, checkin_id = check_in(checkin, routines, log)
        except Exception as exc:  # noqa: BLE001 - the screen must never depend on the log
            warnings.append(f"The check-in was not saved: {getattr(exc, 'message', exc)}")
            ranking, nudge, checkin_id = check_in(checkin, routines)
        finally:
            log.close()
    return CheckInOutcome(checkin, ranking, nudge, checkin_id, tuple(warnings))


# ------------------------------------------------------------------ screen


class CheckInScreen(Screen[CheckInOutcome | None]):
    """Pain per area, today's context and conditions, then the warning-sign questions.

    Dismissed with the `CheckInOutcome` once the answers are checked, or None when
    the person leaves with escape.
    """

    BINDINGS = [
        Binding(
            "enter",
            "next",
            "Next: warning signs",
            id="checkin.next",
            priority=True,
            tooltip="Go on to the warning-sign questions",
        ),
        Binding(
            "enter",
            "submit",
            "Done",
            id="checkin.done",
            priority=True,
            tooltip="Check the answers and see what may help",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="checkin.cancel",
            tooltip="Leave the check-in without saving it",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="checkin.previous",
            tooltip="Back to the areas and conditions (answers are kept)",
        ),
    ]

    page: reactive[str] = reactive("areas", init=False)
    """The page shown: "areas" or "flags"."""
    busy: reactive[bool] = reactive(False, init=False)
    """True while the answers are being checked and stored."""

    def __init__(
        self, conditions: Iterable[str] = (), routines: Callable[[], Sequence[Routine]] = tuple
    ) -> None:
        super().__init__()
        vocab = vocabulary()
        self.standing = tuple(
            vocab.conditions_of_kind("standing") + vocab.conditions_of_kind("limitation")
        )
        self.initial_conditions = tuple(c for c in conditions if c in self.standing)
        self._routines = routines

    def compose(self) -> ComposeResult:
        vocab = vocabulary()
        yield Header(icon="~")
        with ContentSwitcher(initial="areas-page", id="checkin-pages"):
            with VerticalScroll(id="areas-page", can_focus=False):
                yield Static(
                    "Where does it hurt today, and how much? 0 is no pain, 10 the worst "
                    "you can imagine.",
                    id="checkin-intro",
                )
                with Horizontal(id="checkin-columns"):
                    with Vertical(id="areas-column"):
                        areas = PainAreas(id="pain-areas")
                        areas.border_title = "Pain now (0-10)"
                        yield areas
                        yield Static("", id="area-detail")
                        yield Static(
                            "↑↓ choose an area, 0-9 or ←→ set its pain (1-3 mild, "
                            "4-6 moderate, 7-10 severe). Tab: next box, space: tick, "
                            "enter: go on.",
                            id="areas-help",
                        )
                    with Vertical(id="toggles-column"):
                        contexts = TickList(
                            [(c, vocab.conditions[c]) for c in vocab.conditions_of_kind("context")],
                            id="contexts",
                        )
                        contexts.border_title = "True today"
                        yield contexts
                        conditions = TickList(
                            [(c, vocab.conditions[c]) for c in self.standing],
                            self.initial_conditions,
                            id="conditions",
                        )
                        conditions.border_title = "Your conditions"
                        yield conditions
                        yield TickList([("remember", "Remember my conditions")], id="remember")
            with Vertical(id="flags-page"):
                yield Static(
                    "Do any of these apply today? ↑↓ move, y yes, n no; "
                    "a: all the rest no (shown [no*]).",
                    id="flags-intro",
                )
                yield FlagQuestions(id="flags")
                yield Static("", id="flags-summary")
        yield SteadyFooter()

    #: Below this width the two columns stack (areas first), so no label is cut short.
    NARROW = 78

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        self.sub_title = "Check in"
        self.query_one(PainAreas).focus()
        self._show_detail()

    # ------------------------------------------------------------ state

    @property
    def pain_areas(self) -> PainAreas:
        return self.query_one(PainAreas)

    @property
    def flags(self) -> FlagQuestions:
        return self.query_one(FlagQuestions)

    @property
    def contexts(self) -> list[str]:
        """Today's context ids ticked."""
        return self.query_one("#contexts", TickList).selected

    @property
    def conditions(self) -> list[str]:
        """Standing condition ids ticked, in vocabulary order."""
        return self.query_one("#conditions", TickList).selected

    def draft(self, red_flags: dict[str, bool] | None = None) -> CheckIn:
        """The check-in as answered so far."""
        return make_checkin(
            self.pain_areas.painful, self.contexts, self.conditions, red_flags or {}
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.busy:
            return False
        if action in ("next", "cancel"):
            return self.page == "areas"
        if action in ("submit", "back"):
            return self.page == "flags"
        return True

    # ----------------------------------------------------------- events

    @on(PainAreas.Changed)
    def _area_changed(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one("#area-detail", Static).update(self.pain_areas.describe())

    @on(FlagQuestions.Answered)
    def _answered(self) -> None:
        self._show_summary()

    def _show_summary(self) -> None:
        self.query_one("#flags-summary", Static).update(answers_summary(self.flags.counts()))

    def watch_page(self, page: str) -> None:
        self.query_one(ContentSwitcher).current = f"{page}-page"
        self.refresh_bindings()

    def watch_busy(self) -> None:
        self.refresh_bindings()

    # ---------------------------------------------------------- actions

    async def action_next(self) -> None:
        """Show the warning-sign questions due for these answers."""
        await self.flags.ask(questions_for(self.draft()))
        self.page = "flags"
        self.flags.focus()
        self._show_summary()

    def action_back(self) -> None:
        """Back to the areas page, answers kept."""
        self.page = "areas"
        self.pain_areas.focus()

    def action_cancel(self) -> None:
        """Leave without checking in."""
        self.dismiss(None)

    def action_submit(self) -> None:
        """Check the answers: the screen first, then what may help (in a thread).

        Every question must be answered first (y or n, or `a` for all the rest no):
        an unanswered warning sign is never taken as "no".
        """
        flags = self.flags
        missing = flags.unanswered
        if missing:
            self.query_one("#flags-summary", Static).update(
                f"{len(missing)} not answered yet: press y or n on each, or a to answer "
                "all the rest no.  Esc: back."
            )
            flags.highlighted = flags.asked.index(missing[0])
            return
        answers = {qid: qid in flags.yes for qid in flags.asked}
        checkin = self.draft(answers)
        remember = None
        if (
            self.query_one("#remember", TickList).selected
            and tuple(self.conditions) != self.initial_conditions
        ):
            remember = tuple(self.conditions)
        self.busy = True
        self.query_one("#flags-summary", Static).update("Checking your answers...")
        self.check(checkin, remember)

    def check(self, checkin: CheckIn, remember: tuple[str, ...] | None) -> None:
        """Run `record_checkin` off the UI thread; the result dismisses the screen."""
        self.run_worker(
            lambda: record_checkin(checkin, self._routines(), remember),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group="checkin",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "checkin":
            return
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.busy = False
            self.query_one("#flags-summary", Static).update(
                f"Could not check the answers: {event.worker.error}. Press enter to try again."
            )


def answers_summary(counts: dict[str, int]) -> str:
    """How the questions were answered, in one line ("12 questions: 1 yes, 8 no, ...")."""
    total = sum(counts.values())
    parts = [f"{counts['yes']} yes", f"{counts['no']} no"]
    if counts["rest_no"]:
        parts.append(f"{counts['rest_no']} no with a (all the rest)")
    if counts["unanswered"]:
        parts.append(f"{counts['unanswered']} not answered yet")
    end = "Enter: done." if not counts["unanswered"] else "Answer each, or a: the rest no."
    return f"{total} questions: {', '.join(parts)}.  {end}  Esc: back."


def checkin_outcome_from_record(
    record: Any, routines: Sequence[Routine], log: Store
) -> CheckInOutcome | None:
    """The outcome of a stored check-in, ranked again now (None if it cannot be read back)."""
    from coach.care.checkin import CheckInError, checkin_from_dict
    from coach.care.suggest import rank
    from coach.history.overview import routine_pain_drops

    try:
        checkin = checkin_from_dict(
            {
                "pain": record.areas,
                "contexts": record.contexts,
                "conditions": record.conditions,
                "red_flags": record.red_flags,
            }
        )
    except CheckInError:
        return None  # written by a newer coach with words this one does not know
    sessions = log.sessions()
    recent = [s.routine_id for s in reversed(sessions)]
    ranking = rank(checkin, routines, routine_pain_drops(sessions), recent)
    return CheckInOutcome(checkin, ranking, "", record.id)


def todays_outcome(routines: Sequence[Routine]) -> CheckInOutcome | None:
    """Today's latest stored check-in, ranked for ``routines``; None if there is none."""
    from coach.log.store import StoreError

    log, _ = open_log()
    if log is None:
        return None
    try:
        record = log.latest_checkin(log.clock().date())
        return None if record is None else checkin_outcome_from_record(record, routines, log)
    except StoreError:
        return None
    finally:
        log.close()
