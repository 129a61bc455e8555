"""Problems found in a user's file: errors and warnings with a file position."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem at ``path:line:column``; ``message`` already carries any hint."""

    path: str
    line: int
    column: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """' did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


class Problems:
    """Collects every problem in one file, so all of them are reported at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, node: object, message: str) -> None:
        self._add(node, ERROR, message)

    def warn(self, node: object, message: str) -> None:
        self._add(node, WARNING, message)

    def _add(self, node: object, severity: str, message: str) -> None:
        line = getattr(node, "line", 1)
        column = getattr(node, "column", 1)
        self.items.append(Problem(self.path, line, column, severity, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]
