"""The check-in form's widgets: the body-area list (one 0-10 pain score per area, set
from the keyboard) and the tick lists beside it (today's context, conditions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from coach.common.vocab import vocabulary

PAIN_MAX = 10
BAR_FULL, BAR_EMPTY = "█", "░"


def nrs_word(score: int) -> str:
    """The Numeric Rating Scale's word for a score: none, mild 1-3, moderate 4-6, severe 7-10."""
    if score <= 0:
        return "none"
    if score <= 3:
        return "mild"
    if score <= 6:
        return "moderate"
    return "severe"


def short_label(label: str) -> str:
    """A vocabulary label without its explanation: "Upper back (between ...)" -> "Upper back"."""
    return label.split(" (", 1)[0]


class PainAreas(Widget, can_focus=True):
    """Eight body areas, each with a score: arrows choose, digits or left/right set it.

    Every row shows its number and the scale's word, not only the bar, so the
    meaning never rests on a picture alone.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Previous area", id="pain.up", show=False),
        Binding("down", "move(1)", "Next area", id="pain.down", show=False),
        Binding("right,plus,equals_sign", "change(1)", "More", id="pain.more", show=False),
        Binding("left,minus", "change(-1)", "Less", id="pain.less", show=False),
        Binding(
            "0",
            "set(0)",
            "Set pain",
            id="pain.digits",
            key_display="0-9 ←→",
            tooltip="Set the highlighted area's pain: 0 none ... 9; right or + for 10",
        ),
        *[Binding(str(d), f"set({d})", "Set pain", show=False) for d in range(1, 10)],
    ]

    highlighted: reactive[int] = reactive(0)
    """Index of the area the keys change."""

    @dataclass
    class Changed(Message):
        """The highlighted area or one score changed (the screen updates its detail line)."""

        pain_areas: PainAreas
        area: str
        score: int

        @property
        def control(self) -> PainAreas:
            return self.pain_areas

    def __init__(self, scores: Mapping[str, int] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        vocab = vocabulary()
        self.areas: tuple[str, ...] = tuple(vocab.areas)
        self.labels: dict[str, str] = dict(vocab.areas)
        self._scores: dict[str, int] = dict.fromkeys(self.areas, 0)
        for area, score in (scores or {}).items():
            if area in self._scores:
                self._scores[area] = max(0, min(PAIN_MAX, int(score)))

    # ----------------------------------------------------------------- values

    @property
    def scores(self) -> dict[str, int]:
        """Every area with its score (0 = no pain), in vocabulary order."""
        return dict(self._scores)

    @property
    def painful(self) -> dict[str, int]:
        """Only the areas scored above 0 (what the check-in records)."""
        return {a: s for a, s in self._scores.items() if s > 0}

    @property
    def current_area(self) -> str:
        """The id of the highlighted area."""
        return self.areas[self.highlighted]

    def set_score(self, area: str, score: int) -> None:
        """Set ``area``'s score, kept within 0-10."""
        self._scores[area] = max(0, min(PAIN_MAX, score))
        self.refresh()
        self.post_message(self.Changed(self, area, self._scores[area]))

    def describe(self, area: str | None = None) -> str:
        """One line for an area: its full label, score and word ("Ribs: 6 out of 10, moderate")."""
        area = area or self.current_area
        score = self._scores[area]
        return f"{self.labels[area]}: {score} out of 10, {nrs_word(score)}"

    # ---------------------------------------------------------------- actions

    def action_move(self, step: int) -> None:
        """Highlight the previous or next area (stops at the ends)."""
        self.highlighted = max(0, min(len(self.areas) - 1, self.highlighted + step))

    def action_change(self, step: int) -> None:
        """Raise or lower the highlighted area's score by one."""
        area = self.current_area
        self.set_score(area, self._scores[area] + step)

    def action_set(self, score: int) -> None:
        """Set the highlighted area's score to a digit."""
        self.set_score(self.current_area, score)

    def watch_highlighted(self) -> None:
        self.refresh()
        self.post_message(self.Changed(self, self.current_area, self._scores[self.current_area]))

    def on_click(self, event: events.Click) -> None:
        # A click on a row highlights that area (the keys then set it).
        row = event.y - self.gutter.top
        if 0 <= row < len(self.areas):
            self.highlighted = row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ----------------------------------------------------------------- drawing

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.areas)

    def render(self) -> Text:
        width = max(len(short_label(label)) for label in self.labels.values()) + 1
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, area in enumerate(self.areas):
            score = self._scores[area]
            here = n == self.highlighted
            marker = "▸ " if here else "  "
            style = ("reverse" if self.has_focus else "bold") if here else ""
            line = Text(f"{marker}{short_label(self.labels[area]):<{width}}", style=style)
            line.append(BAR_FULL * score, style="" if here and self.has_focus else "bold")
            line.append(BAR_EMPTY * (PAIN_MAX - score), style="dim" if not here else "")
            line.append(f" {score:>2} {nrs_word(score):<8}")
            if n:
                text.append("\n")
            text.append_text(line)
        return text


class TickList(Widget, can_focus=True):
    """Short yes/no items, one a line: ``[x] Asthma`` / ``[ ] Lupus``; arrows move, space ticks.

    The mark is a letter, not a colour, so a ticked item reads as ticked in any theme.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Previous", id="ticks.up", show=False),
        Binding("down", "move(1)", "Next", id="ticks.down", show=False),
        Binding(
            "space", "toggle_tick", "Tick", id="ticks.toggle", tooltip="Tick or untick this item"
        ),
    ]

    highlighted: reactive[int] = reactive(0)
    """Index of the item space ticks."""

    @dataclass
    class Changed(Message):
        """An item was ticked or unticked."""

        tick_list: TickList
        value: str
        ticked: bool

        @property
        def control(self) -> TickList:
            return self.tick_list

    def __init__(
        self, items: Sequence[tuple[str, str]], ticked: Iterable[str] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.items = tuple(items)  # (value, label)
        self._ticked = {v for v, _ in self.items if v in set(ticked)}

    @property
    def selected(self) -> list[str]:
        """The ticked values, in the list's order."""
        return [v for v, _ in self.items if v in self._ticked]

    def set_ticked(self, value: str, ticked: bool) -> None:
        """Tick or untick ``value``."""
        if ticked:
            self._ticked.add(value)
        else:
            self._ticked.discard(value)
        self.refresh()
        self.post_message(self.Changed(self, value, ticked))

    def action_move(self, step: int) -> None:
        """Highlight the previous or next item."""
        self.highlighted = max(0, min(len(self.items) - 1, self.highlighted + step))

    def action_toggle_tick(self) -> None:
        """Tick or untick the highlighted item."""
        if self.items:
            value = self.items[self.highlighted][0]
            self.set_ticked(value, value not in self._ticked)

    def watch_highlighted(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.gutter.top
        if 0 <= row < len(self.items):
            self.highlighted = row
            self.action_toggle_tick()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.items)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, (value, label) in enumerate(self.items):
            mark = "[x]" if value in self._ticked else "[ ]"
            style = "reverse" if n == self.highlighted and self.has_focus else ""
            if n:
                text.append("\n")
            text.append(f"{mark} {label}", style=style)
        return text
