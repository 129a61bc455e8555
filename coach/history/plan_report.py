"""The report's plan section (pure): adherence to the therapist's plan, read first.

Done / planned per item and per week, with sessions set aside on declared flare or
sick days; in plain words, without judgement.
"""

from __future__ import annotations

from coach.plans.model import Adherence, Cell


def _cell(c: Cell) -> str:
    if not c.planned:
        return "-" if not c.paused else f"paused {c.paused}"
    text = f"{c.done}/{c.planned}"
    return text + (f" (+{c.paused} paused)" if c.paused else "")


def _rate(c: Cell) -> str:
    return f"{c.done / c.planned:.0%}" if c.planned else "-"


def plan_lines(a: Adherence) -> list[str]:
    """The plan in a few lines: what, since when, and done against planned."""
    p = a.plan
    t = a.total
    length = f"{p.weeks} weeks" if p.weeks else "open-ended"
    lines = [
        f"Plan: {p.title} ({p.id}), from {p.starts.isoformat()}, {length}"
        + (f", by {p.author}" if p.author else ""),
    ]
    if not a.weeks:
        lines.append("The plan has not started yet.")
        return lines
    lines.append(
        f"Done against planned to {a.until.isoformat()}: {t.done} of {t.planned} "
        f"sessions ({_rate(t)})"
        + (f"; {t.paused} set aside on declared flare or sick days" if t.paused else "")
    )
    return lines


def plan_summary_line(a: Adherence) -> str:
    """One line: the plan, done against planned so far and this week (the app's history)."""
    t = a.total
    line = f"Plan {a.plan.title}: {t.done} of {t.planned} planned sessions"
    if a.weeks:
        w = a.week_total(a.weeks[-1])
        line += f" · week {a.weeks[-1]}: {w.done}/{w.planned}"
    return line + (f" · {t.paused} paused" if t.paused else "")


def plan_tables(a: Adherence) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Per item (with each week) and per week: done / planned."""
    if not a.weeks:
        return {}
    header = ["Routine", "Prescribed", *[f"Wk {w}" for w in a.weeks], "Done"]
    rows = []
    for i, item in enumerate(a.plan.items):
        times = f", {item.times}x a day" if item.times > 1 else ""
        rows.append(
            [
                item.routine,
                f"{item.days_text}{times}, {item.weeks_text}",
                *[_cell(a.cells[(i, w)]) for w in a.weeks],
                _rate(a.item_total(i)),
            ]
        )
    weeks = [[f"Week {w}", _cell(a.week_total(w)), _rate(a.week_total(w))] for w in a.weeks]
    return {
        "Plan by routine (done/planned)": (header, rows),
        "Plan by week": (["Week", "Done/planned", "Rate"], weeks),
    }
