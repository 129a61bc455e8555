"""A pain form: one 0-10 score per area, set from the keyboard alone.

Up/down choose an area, a digit sets 0-9, "1" then "0" typed together (within
TEN_WITHIN seconds) sets 10, left/right step by one, backspace clears, Enter
submits. "0" alone is still no pain. An area left unset is simply not recorded:
every answer is optional.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MAX_SCORE = 10
LABEL_WIDTH = 12
#: "1" then "0" within this many seconds on one area is 10 (a slower "0" means no pain).
TEN_WITHIN = 1.0
#: The keys in words, for the screens' help lines.
KEYS_HELP = (
    "↑↓ choose an area, 0-9 set the score.\nFor 10, type 1 then 0 quickly; ←→ adjust by one."
)


def is_digit(character: str | None) -> bool:
    """One of 0-9 (not "²" or other characters Python calls digits)."""
    return character is not None and len(character) == 1 and character in "0123456789"


class PainForm(Widget, can_focus=True):
    """Pain 0-10 for each of a few areas."""

    COMPONENT_CLASSES = {
        "pain-form--cursor",
        "pain-form--bar",
        "pain-form--empty",
        "pain-form--hint",
    }
    DEFAULT_CSS = """
    PainForm { height: auto; width: 1fr; }
    PainForm > .pain-form--cursor { text-style: bold; color: $accent; }
    PainForm > .pain-form--bar { color: $primary; }
    PainForm > .pain-form--empty { color: $text-muted 50%; }
    PainForm > .pain-form--hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Previous area", id="pain.up", show=False),
        Binding("down", "move(1)", "Next area", id="pain.down", show=False),
        Binding("left", "nudge(-1)", "Less", id="pain.less", show=False),
        Binding("right", "nudge(1)", "More", id="pain.more", show=False),
        Binding("backspace,delete", "clear", "Clear", id="pain.clear", show=False),
        Binding("enter", "submit", "Save", id="pain.save", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    """The area the keys act on."""

    @dataclass
    class Submitted(Message):
        """Enter was pressed: ``values`` holds the areas that were set."""

        form: PainForm
        values: dict[str, int]

    def __init__(
        self,
        areas: Sequence[str],
        labels: Mapping[str, str],
        values: Mapping[str, int] | None = None,
        hints: Mapping[str, str] | None = None,
        *,
        id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        enter_submits: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.enter_submits = enter_submits  # False: the screen's own Enter binding acts
        self.clock = clock
        self._last_one: tuple[str, float] | None = None  # (area, when) of a "1" just typed
        self.areas = list(areas)
        self.labels = dict(labels)
        self.hints = dict(hints or {})
        self._scores: dict[str, int | None] = dict.fromkeys(self.areas)
        for area, score in (values or {}).items():
            if area in self._scores:
                self._scores[area] = score

    @property
    def values(self) -> dict[str, int]:
        """The scores set so far, by area."""
        return {a: v for a, v in self._scores.items() if v is not None}

    def set_score(self, area: str, score: int | None) -> None:
        """Set (or clear, with None) one area's score."""
        if score is not None and not 0 <= score <= MAX_SCORE:
            raise ValueError(f"pain score {score} is outside 0-{MAX_SCORE}")
        self._scores[area] = score
        self.refresh()

    # ------------------------------------------------------------ keys

    def _current(self) -> str | None:
        return self.areas[self.cursor] if self.areas else None

    def action_move(self, step: int) -> None:
        """Choose the previous or next area."""
        if self.areas:
            self.cursor = max(0, min(len(self.areas) - 1, self.cursor + step))

    def action_nudge(self, step: int) -> None:
        """One point less or more (an unset score starts at 0)."""
        area = self._current()
        if area is not None:
            now = self._scores[area]
            start = 0 if now is None else now + step
            self.set_score(area, max(0, min(MAX_SCORE, start)))

    def action_clear(self) -> None:
        """Leave the current area unanswered."""
        area = self._current()
        if area is not None:
            self.set_score(area, None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.enter_submits if action == "submit" else True

    def action_submit(self) -> None:
        """Hand the scores to the screen."""
        self.post_message(self.Submitted(self, self.values))

    def type_digit(self, digit: str) -> None:
        """A digit typed on the current area: its score, or 10 for "1" then "0" together."""
        area = self._current()
        if area is None:
            return
        now, last = self.clock(), self._last_one
        self._last_one = (area, now) if digit == "1" else None
        if digit == "0" and last is not None and last[0] == area and now - last[1] <= TEN_WITHIN:
            self.set_score(area, MAX_SCORE)
        else:
            self.set_score(area, int(digit))

    def on_key(self, event: events.Key) -> None:
        if is_digit(event.character):
            self.type_digit(str(event.character))
            event.stop()
            event.prevent_default()

    def watch_cursor(self) -> None:
        self.refresh()

    # ------------------------------------------------------------ drawing

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.areas))

    def render(self) -> Text:
        cursor = self.get_component_rich_style("pain-form--cursor")
        bar = self.get_component_rich_style("pain-form--bar")
        empty = self.get_component_rich_style("pain-form--empty")
        hint = self.get_component_rich_style("pain-form--hint")
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, area in enumerate(self.areas):
            here = i == self.cursor and self.has_focus
            score = self._scores[area]
            label = self.labels.get(area, area)[:LABEL_WIDTH]
            out.append("› " if here else "  ", cursor)
            out.append(f"{label:<{LABEL_WIDTH}} ", cursor if here else "")
            filled = score or 0
            out.append("█" * filled, bar)
            out.append("░" * (MAX_SCORE - filled), empty)
            out.append(f" {'–' if score is None else score:>2}", cursor if here else "")
            if area in self.hints:
                out.append(f"   {self.hints[area]}", hint)
            if i < len(self.areas) - 1:
                out.append("\n")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
