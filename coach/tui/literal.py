"""Outside text for the app's widgets, shown literally (coach/common/safe_text.py's rule).

Every string from a routine, plan or config file, the log or the person reaches
a widget through `literal` (Textual `Content`) or `rich_text` (Rich `Text`, for
DataTable cells), cleaned of control characters and never parsed as markup.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.content import Content

from coach.common.safe_text import clean


def literal(text: object) -> Content:
    """Cleaned text as Textual `Content`: shown as written, ``[slowly]`` included."""
    return Content(clean(text))


def rich_text(text: object, style: str = "") -> Text:
    """Cleaned text as a Rich `Text` (for Rich tables and DataTable cells): never markup."""
    return Text(clean(text), style=style)


def one_line(text: object) -> str:
    """Cleaned text for a single row: line breaks and tabs become spaces (a raw newline
    sent to the terminal would move the cursor off the row)."""
    return " ".join(clean(text).split())


def fit(text: object, width: int) -> str:
    """Cleaned text cut to ``width`` cells, the cut marked "…" (a long cell never scrolls
    sideways, and a wide character is never split)."""
    s = clean(text)
    if cell_len(s) <= width:
        return s
    if width <= 0:
        return ""
    return set_cell_size(s, width - 1).rstrip(" ,") + "…"
