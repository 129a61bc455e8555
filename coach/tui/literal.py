"""Outside text for the app's widgets, shown literally (coach/common/safe_text.py's rule).

Every string from a routine, plan or config file, the log or the person reaches
a widget through `literal` (Textual `Content`) or `rich_text` (Rich `Text`, for
DataTable cells), cleaned of control characters and never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from coach.common.safe_text import clean


def literal(text: object) -> Content:
    """Cleaned text as Textual `Content`: shown as written, ``[slowly]`` included."""
    return Content(clean(text))


def rich_text(text: object, style: str = "") -> Text:
    """Cleaned text as a Rich `Text` (for Rich tables and DataTable cells): never markup."""
    return Text(clean(text), style=style)
