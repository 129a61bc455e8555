"""Today on home: the plan's items due today with done / to do, or the last routine ("again").

Titles come from routine files and ids from the plan file: data, drawn with `literal()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from coach.tui.literal import literal

if TYPE_CHECKING:
    from coach.routines.library import Library
    from coach.services.plans import HomeToday


class TodayPanel(Static):
    """One short block above the list; hidden until there is something to show."""

    DEFAULT_CSS = """
    TodayPanel { height: auto; padding: 0 1; margin: 0 0 1 0; display: none; }
    TodayPanel.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.today: HomeToday | None = None
        self.next_id: str | None = None
        self.key = "n"

    def show(self, today: HomeToday | None, library: Library | None, key: str = "n") -> None:
        """Draw ``today``; the next routine is offered only when the library holds it."""
        self.today, self.key = today, key
        lines = self._lines(today, library) if today is not None else []
        self.set_class(bool(lines), "-shown")
        self.update(literal("\n".join(lines)))

    def _lines(self, today: HomeToday, library: Library | None) -> list[str]:
        def title(rid: str) -> str:
            entry = library.get(rid) if library is not None else None
            return entry.routine.title if entry is not None else rid

        nxt = today.next_id
        self.next_id = nxt if library is not None and nxt and library.get(nxt) else None
        lines: list[str] = []
        status = today.plan
        if status is not None:
            lines.append(f"Today · {status.plan.title}")
            if not status.dues:
                lines.append("  Nothing planned today: a rest day in your plan.")
            for d in status.dues:
                mark = "✓" if d.finished else "○"
                times = f"  {d.done}/{d.planned}" if d.planned > 1 else ""
                state = "done" if d.finished else "to do"
                lines.append(f"  {mark} {title(d.item.routine)}{times}  ({state})")
            if status.dues and all(d.finished for d in status.dues):
                lines.append("  All done for today.")
        elif today.again:
            lines.append(f"Again: {title(today.again)} (your last routine)")
        if today.problem:
            lines.append(today.problem)
        if self.next_id is not None:
            lines.append(f"{self.key}  start {title(self.next_id)}")
        return lines
