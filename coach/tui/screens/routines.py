"""The therapist's view: every routine file, good or broken, with its problems and a fast preview.

Good routines are listed with their id, title, source and file; a file that could not
be loaded is listed beside them with its errors, each as ``path:line:col: error: message``
(the same lines `coach validate` prints), so it can be fixed in an editor next to the app.
The list follows the files on disk: the app reloads it when one changes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coach.common.problems import ERROR, Problem
from coach.common.safe_text import clean
from coach.routines.library import Entry, Library
from coach.tui.literal import fit, literal, rich_text
from coach.tui.widgets.footer import SteadyFooter

#: Preview speeds the person steps through with + and -; 5x is the default.
SPEEDS = (1.0, 2.0, 5.0, 10.0, 20.0)
DEFAULT_SPEED = 5.0


def shown_path(path: str | Path, cwd: Path | None = None) -> str:
    """A path as short as it can be and still be opened: relative to here, or under ~."""
    p = Path(path)
    here = cwd if cwd is not None else Path.cwd()
    try:
        return str(p.relative_to(here))
    except ValueError:
        pass
    home = Path(os.path.expanduser("~"))
    try:
        return str(Path("~") / p.relative_to(home))
    except ValueError:
        return str(p)


def problem_line(problem: Problem) -> Content:
    """``path:line:col: error: message``, the severity coloured by the theme."""
    style = "$error bold" if problem.severity == ERROR else "$warning bold"
    return Content.assemble(
        clean(f"{shown_path(problem.path)}:{problem.line}:{problem.column}: "),
        (problem.severity, style),
        clean(f": {problem.message}"),
    )


@dataclass(frozen=True)
class Row:
    """One line of the list: a good routine (``entry``) or a broken file (``problems``)."""

    key: str
    path: Path
    source: str
    entry: Entry | None = None
    problems: tuple[Problem, ...] = ()


def rows_of(library: Library, folders: Sequence[tuple[str, Path]]) -> list[Row]:
    """Good routines in the library's order, then each broken file with its problems."""
    by_file: dict[str, list[Problem]] = {}
    for problem in library.problems:
        by_file.setdefault(problem.path, []).append(problem)
    rows = [
        Row(f"id:{e.routine.id}", e.path, e.source, e, tuple(by_file.get(str(e.path), ())))
        for e in library.sorted_entries()
    ]
    for path in sorted(set(library.broken)):
        source = next((s for s, folder in folders if path.parent == folder), "file")
        rows.append(Row(f"file:{path}", path, source, None, tuple(by_file.get(str(path), ()))))
    return rows


class RoutineFiles(DataTable[str | Text | Content]):
    """ID, title, source and file of every routine file; columns fit the width, never scroll."""

    FIXED = (("ID", 20), ("Source", 7))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[Row] = []

    def _widths(self) -> tuple[int, int, int, int]:
        ids = max((len(r.entry.routine.id) for r in self.rows_shown if r.entry), default=8)
        id_w = max(8, min(20, ids))
        spare = max(20, self.size.width - id_w - 7 - 2 * 4 - 1)
        title_w = spare * 3 // 5
        return id_w, title_w, 7, spare - title_w

    def on_resize(self, event: events.Resize) -> None:
        self.show(self.rows_shown)

    def show(self, rows: list[Row]) -> None:
        """Replace the list with ``rows``, keeping the highlighted file if it is still there.

        The file, not the row key: a file that was broken and is fixed (or the other
        way round) moves between the good and the broken rows and keeps the cursor.
        """
        keep = self.highlighted.path if self.highlighted else None
        self.rows_shown = rows
        self.clear(columns=True)
        id_w, title_w, source_w, file_w = self._widths()
        self.add_column("ID", width=id_w, key="id")
        self.add_column("Title", width=title_w, key="title")
        self.add_column("Source", width=source_w, key="source")
        self.add_column("File", width=file_w, key="file")
        for row in rows:
            if row.entry is not None:
                rid, title = row.entry.routine.id, row.entry.routine.title
                title_cell: Text | Content = rich_text(fit(title, title_w))
            else:
                errors = sum(1 for p in row.problems if p.severity == ERROR)
                rid = row.path.stem
                title_cell = Content.assemble(
                    (f"✗ {errors} error{'s' if errors != 1 else ''}: not loaded", "$error bold")
                )
            # Cells as Rich Text: titles and file names are data, never markup.
            self.add_row(
                rich_text(fit(rid, id_w)),
                title_cell,
                row.source,
                rich_text(fit(row.path.name, file_w)),
                key=row.key,
            )
        paths = [r.path for r in rows]
        if keep in paths:
            self.move_cursor(row=paths.index(keep), animate=False)

    @property
    def highlighted(self) -> Row | None:
        """The row under the cursor, or None when the list is empty."""
        if not self.row_count or not self.rows_shown:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)]


class RoutinesScreen(Screen[None]):
    """Every routine file with its problems; Enter for details, v to preview at speed."""

    BINDINGS = [
        Binding(
            "v",
            "preview",
            "Preview",
            id="routines.preview",
            tooltip="Play the highlighted routine at the preview speed",
        ),
        Binding(
            "enter",
            "open",
            "Details",
            id="routines.open",
            priority=True,
            tooltip="Open the highlighted routine's details",
        ),
        Binding(
            "plus,equals_sign",
            "speed(1)",
            "Faster",
            id="routines.faster",
            key_display="+",
            tooltip="Raise the preview speed",
        ),
        Binding(
            "minus",
            "speed(-1)",
            "Slower",
            id="routines.slower",
            key_display="-",
            tooltip="Lower the preview speed",
        ),
        Binding("escape", "back", "Back", id="routines.back", tooltip="Back to the home screen"),
    ]

    @dataclass
    class PreviewChosen(Message):
        """The person asked to preview ``entry`` at ``speed`` times normal speed."""

        entry: Entry
        speed: float

    def __init__(
        self,
        library: Library | None = None,
        folders: Sequence[tuple[str, Path]] = (),
        speed: float = DEFAULT_SPEED,
    ) -> None:
        super().__init__()
        self.library = library
        self.folders = tuple(folders)
        self.speed = speed

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        yield Static("Loading routines...", id="routines-status")
        yield RoutineFiles(id="routine-files")
        yield Static("", id="routine-where")
        with VerticalScroll(id="routine-problems"):
            yield Static("", id="routine-problem-lines")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Routine files"
        self.query_one("#routine-problems").border_title = "Problems"
        if self.library is not None:
            self.show_library(self.library)

    @property
    def table(self) -> RoutineFiles:
        return self.query_one(RoutineFiles)

    def show_library(self, library: Library) -> None:
        """List ``library``'s routines and broken files, and every problem under them."""
        self.library = library
        self.table.show(rows_of(library, self.folders))
        self._show_status(
            len(set(library.broken)), len(library.errors), len(library.folder_problems)
        )
        self._show_where()

    def _show_problems(self) -> None:
        """Folder problems, then the highlighted file's problems (the others are named)."""
        library = self.library
        if library is None:
            return
        box = self.query_one("#routine-problems")
        lines = self._problem_lines(library)
        box.display = bool(lines)
        row = self.table.highlighted
        # A file name is data: a literal title, never markup.
        box.border_title = (
            literal(f"Problems in {row.path.name}") if row is not None else "Problems"
        )
        self.query_one("#routine-problem-lines", Static).update(
            Content("\n").join(lines) if lines else ""
        )

    def _problem_lines(self, library: Library) -> list[Content]:
        row = self.table.highlighted
        here = str(row.path) if row is not None else None
        mine = [p for p in library.problems if p.path == here]
        lines = [problem_line(p) for p in library.folder_problems + mine]
        others = sorted({p.path for p in library.problems if p.path != here})
        if others:
            names = ", ".join(Path(p).name for p in others)
            what = "No problems in this file" if not mine else "Also"
            lines.append(
                Content(clean(f"{what}; problems in: {names} (move to a file to see them)"))
            )
        return lines

    def _show_status(self, broken: int = 0, errors: int = 0, folders: int = 0) -> None:
        count = len(self.library.entries) if self.library else 0
        parts = [f"{count} routine{'s' if count != 1 else ''}"]
        if broken:
            parts.append(
                f"{broken} file{'s' if broken != 1 else ''} with "
                f"{errors} error{'s' if errors != 1 else ''}"
            )
        if folders:
            parts.append(f"{folders} folder{'s' if folders != 1 else ''} not read")
        parts.append(f"preview {self.speed:g}x")
        status = self.query_one("#routines-status", Static)
        status.set_class(bool(broken or folders), "-problems")
        status.update("  ·  ".join(parts))

    def _show_where(self) -> None:
        row = self.table.highlighted
        text = ""
        if row is not None:
            text = shown_path(row.path)
            if row.entry is not None and row.entry.shadows:
                text += f"  (replaces {shown_path(row.entry.shadows[0])})"
        self.query_one("#routine-where", Static).update(literal(text))
        self._show_problems()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_where()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()  # a mouse click on a row

    def _chosen(self) -> Entry | None:
        row = self.table.highlighted
        if row is not None and row.entry is None:
            self.notify(
                f"{row.path.name} has errors; fix them first (listed below)",
                severity="warning",
                timeout=4,
            )
        return row.entry if row is not None else None

    def action_preview(self) -> None:
        """Play the highlighted routine at the preview speed."""
        entry = self._chosen()
        if entry is not None:
            self.post_message(self.PreviewChosen(entry, self.speed))

    def action_open(self) -> None:
        """Open the highlighted routine's details."""
        from coach.tui.screens.detail import DetailScreen

        entry = self._chosen()
        if entry is not None:
            self.app.push_screen(DetailScreen(entry))

    def action_speed(self, step: int) -> None:
        """Step the preview speed up or down through 1x, 2x, 5x, 10x and 20x."""
        at = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.speed))
        self.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, at + step))]
        if self.library is not None:
            self._show_status(
                len(set(self.library.broken)),
                len(self.library.errors),
                len(self.library.folder_problems),
            )

    def action_back(self) -> None:
        """Back to where the view was opened from."""
        self.dismiss()
