"""Reading plan files: YAML text in, a `Plan` and every `Problem` out (pure).

The same safe reader and field specs as routine files: every problem carries its
line and column, unknown names get a did-you-mean, and all problems are found in
one pass. Routine ids are checked against the ids given (the library's).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.common.fields import INVALID, read_mapping
from coach.common.problems import Problem, Problems, did_you_mean
from coach.common.yamlsafe import YamlError, YNode, clean_scalars, compose, decode, walk_budget
from coach.plans.model import DAY_SETS, MAX_ITEMS, SCHEMA_VERSION, WEEKDAYS, Plan, PlanItem
from coach.plans.spec import ITEM_FIELDS, PLAN_FIELDS

_WEEKS = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$")
_FULL_NAMES = {d: i for i, d in enumerate(WEEKDAYS)} | {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}


@dataclass(frozen=True)
class PlanResult:
    """What reading one plan file gave: the plan if it had no errors, and every problem."""

    plan: Plan | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True)
class _Pos:
    line: int
    column: int


def read_plan_text(
    raw: bytes | str,
    path: str,
    routines: Mapping[str, Collection[str]] | None = None,
    conditions: Collection[str] = (),
) -> PlanResult:
    """Read plan text. ``routines`` maps each known routine id to its ``avoid_with``
    (None: ids are not checked); ``conditions`` are the person's, for warnings."""
    problems = Problems(path)
    try:
        text = decode(raw, "plan file") if isinstance(raw, bytes) else raw
        root = compose(text, "plan file")
        if root is not None:
            walk_budget(root)
    except YamlError as exc:
        hint = f"; {exc.hint}" if exc.hint else ""
        problems.error(_Pos(exc.line, exc.column), exc.message + hint)
        return PlanResult(None, problems.items)
    if root is None or (root.kind == "scalar" and root.value is None):
        problems.error(_Pos(1, 1), "the file is empty; see 'coach plan schema' and docs/plans.md")
        return PlanResult(None, problems.items)
    if root.kind != "map":
        problems.error(root, f"a plan file must be a mapping (plan:, items:), not {root.type_name}")
        return PlanResult(None, problems.items)
    clean_scalars(root, problems.warn)
    plan = _read_plan(root, problems, routines, conditions)
    problems.items.sort(key=lambda p: (p.line, p.column))
    return PlanResult(None if problems.errors else plan, problems.items)


def _read_plan(
    root: YNode,
    problems: Problems,
    routines: Mapping[str, Collection[str]] | None,
    conditions: Collection[str],
) -> Plan | None:
    found = read_mapping(root, PLAN_FIELDS, "the plan", problems)
    assert found is not None
    values = {k: v for k, (_, v) in found.items() if v is not INVALID}
    if "schema" in values and values["schema"] != SCHEMA_VERSION:
        problems.error(found["schema"][0], f"schema must be {SCHEMA_VERSION}")
    starts = _read_date(found["starts"][0], problems) if "starts" in found else None
    weeks = values.get("weeks")
    items: list[PlanItem] = []
    if "items" in found:
        node = found["items"][0]
        if node.kind != "seq":
            problems.error(node, f"items must be a list of routines, not {node.type_name}")
        elif not node.items:
            problems.error(node, "items must list at least one routine")
        elif len(node.items) > MAX_ITEMS:
            problems.error(node, f"a plan holds at most {MAX_ITEMS} items (keep it short)")
        else:
            for child in node.items:
                item = _read_item(child, problems, weeks, routines, conditions)
                if item is not None:
                    items.append(item)
    if problems.errors or starts is None:
        return None
    return Plan(
        id=values["plan"],
        title=values["title"],
        starts=starts,
        items=tuple(items),
        weeks=weeks,
        author=values.get("author", ""),
        note=values.get("note", ""),
    )


def _read_date(node: YNode, problems: Problems) -> date | None:
    raw = node.value if node.kind == "scalar" else None
    if not isinstance(raw, str):
        problems.error(node, f"starts must be a date like 2026-12-01, not {node.type_name}")
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems.error(node, f"starts {raw!r} is not a date; write it as YYYY-MM-DD")
        return None


def _read_item(
    node: YNode,
    problems: Problems,
    plan_weeks: int | None,
    routines: Mapping[str, Collection[str]] | None,
    conditions: Collection[str],
) -> PlanItem | None:
    found = read_mapping(node, ITEM_FIELDS, "a plan item", problems)
    if found is None:
        return None
    values = {k: v for k, (_, v) in found.items() if v is not INVALID}
    before = len(problems.errors)
    rid = values.get("routine")
    if rid is not None and routines is not None:
        rnode = found["routine"][0]
        if rid not in routines:
            problems.error(
                rnode,
                f"unknown routine {rid!r}{did_you_mean(rid, routines)} (see: coach list)",
            )
        else:
            met = sorted(set(routines[rid]) & set(conditions))
            if met:
                problems.warn(
                    rnode,
                    f"routine {rid!r} is marked avoid_with {', '.join(met)}, which you have; "
                    "the gate will ask before each session",
                )
    days = _read_days(found["days"][0], problems) if "days" in found else DAY_SETS["daily"]
    first, last = 1, None
    if "weeks" in found:
        first, last = _read_weeks(found["weeks"][0], problems, plan_weeks) or (1, None)
    if len(problems.errors) > before or rid is None or days is None:
        return None
    return PlanItem(
        routine=rid,
        days=days,
        times=values.get("times", 1),
        first=first,
        last=last,
        note=values.get("note", ""),
        line=node.line,
    )


def _read_days(node: YNode, problems: Problems) -> tuple[int, ...] | None:
    if node.kind == "scalar" and isinstance(node.value, str) and node.value in DAY_SETS:
        return DAY_SETS[node.value]
    items = node.items if node.kind == "seq" else [node] if node.kind == "scalar" else None
    if items is None or not items:
        problems.error(
            node, "days must be daily, weekdays, weekends or a list like [mon, wed, fri]"
        )
        return None
    out: set[int] = set()
    ok = True
    for item in items:
        word = item.value.strip().lower() if isinstance(item.value, str) else None
        if word is None or word not in _FULL_NAMES:
            choices = [*WEEKDAYS, *DAY_SETS]
            problems.error(
                item,
                f"unknown day {item.value!r} in days{did_you_mean(word or item.value, choices)}"
                " (mon, tue, wed, thu, fri, sat, sun; or daily, weekdays, weekends)",
            )
            ok = False
            continue
        if _FULL_NAMES[word] in out:
            problems.warn(item, f"{word!r} is listed twice in days")
        out.add(_FULL_NAMES[word])
    return tuple(sorted(out)) if ok else None


def _read_weeks(
    node: YNode, problems: Problems, plan_weeks: int | None
) -> tuple[int, int | None] | None:
    raw: Any = node.value if node.kind == "scalar" else None
    if isinstance(raw, bool):
        raw = None
    m = _WEEKS.match(str(raw)) if isinstance(raw, (int, str)) else None
    if m is None:
        problems.error(node, 'weeks must be a week or a range like "3-6" or "3-"')
        return None
    first = int(m.group(1))
    last = int(m.group(3)) if m.group(3) else (None if m.group(2) else first)
    if first < 1 or (last is not None and last < first):
        problems.error(node, f"weeks {raw!r} is not a range of weeks counted from 1")
        return None
    if plan_weeks is not None and (first > plan_weeks or (last or 0) > plan_weeks):
        problems.error(node, f"weeks {raw!r} goes past the plan's {plan_weeks} weeks")
        return None
    return first, last
