"""The first-launch notice: coach is a wellness aid, not medical advice. Shown once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.care.safety import DISCLAIMER, STOP_RULE
from coach.tui.widgets.footer import SteadyFooter

#: Meta key in the session log: set once the person has read the notice.
NOTICE_META_KEY = "first_launch_notice_seen"

NOTICE_TEXT = (
    (
        "coach guides breathing, stretching and posture exercises that may help with back pain "
        "linked to asthma, a chronic cough or lupus."
    ),
    DISCLAIMER + " It does not replace your doctor, physiotherapist or asthma nurse.",
    (
        "Before it suggests anything, coach asks about warning signs. If one applies, it tells "
        "you where to get help instead of suggesting exercise."
    ),
    STOP_RULE,
    "In an emergency, call your local emergency number.",
)


def notice_seen() -> bool:
    """Whether the notice was acknowledged before (False when the log cannot be read)."""
    from coach.log.store import StoreError
    from coach.tui.screens.checkin import open_log

    log, _ = open_log()
    if log is None:
        return False  # better shown twice than never
    try:
        return bool(log.get_meta(NOTICE_META_KEY))
    except StoreError:
        return False
    finally:
        log.close()


def mark_notice_seen(when: str) -> None:
    """Remember that the notice was read (``when``: an ISO date, for the record)."""
    from coach.tui.screens.checkin import open_log

    log, _ = open_log()
    if log is None:
        return
    try:
        log.set_meta(NOTICE_META_KEY, when)
    finally:
        log.close()


class FirstLaunchNotice(Screen[None]):
    """A short welcome with the wellness framing; enter continues to the home screen."""

    BINDINGS = [
        Binding(
            "enter",
            "continue",
            "Continue",
            id="notice.continue",
            tooltip="I have read this; go to the routines",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        with VerticalScroll(id="notice"):
            yield Static("Welcome to coach", id="notice-title")
            for n, paragraph in enumerate(NOTICE_TEXT):
                yield Static(paragraph, classes="notice-text", id=f"notice-{n}", markup=False)
            yield Static("Press enter to continue.", id="notice-hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "A wellness aid, not medical advice"

    def action_continue(self) -> None:
        """Close the notice (the app remembers it was read)."""
        self.dismiss()
