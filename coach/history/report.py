"""A one-page summary of the session log for a therapist, in Markdown or HTML (pure).

Neutral wording throughout: it reports what was logged (practice against the
weekly goal, streaks, routines, self-rated pain) and marks changes that pass
the meaningful-change line of DOMAIN.md section 6. It gives no health advice
and no judgement about missed days.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coach.history import overview as h
from coach.history.plan_report import plan_lines, plan_tables
from coach.plans.model import Adherence

MAX_NOTES = 15


@dataclass(frozen=True)
class Note:
    day: date
    what: str  # a routine title or "flare day" etc.
    text: str


@dataclass(frozen=True)
class RoutineHelp:
    routine_id: str
    title: str
    n: int  # sessions with pain before and after
    mean_drop: float
    meaningful: bool


@dataclass(frozen=True)
class Report:
    """Everything the report shows, computed once; render with `markdown` or `html_page`."""

    start: date
    end: date
    weekly_goal: int
    rest_days: tuple[str, ...]
    adherence: h.Adherence
    streak: h.StreakSummary
    status_counts: Mapping[str, int]
    minutes: float
    marked: Mapping[str, int]
    routines: list[h.RoutineTotal]
    pain: Mapping[str, h.PainChange]
    baseline: Mapping[str, h.BaselineChange]
    helped: list[RoutineHelp]
    notes: list[Note]
    more_notes: int
    area_labels: Mapping[str, str]
    plan: Adherence | None = None  # adherence to the active plan: the first section

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, area: str) -> str:
        if area == h.OVERALL:
            return "Overall (not by area)"
        return self.area_labels.get(area, area)


def build_report(
    sessions: Iterable[h.SessionRecord],
    today: date,
    days: int = 28,
    goal: int = 5,
    marks: Iterable[h.DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    area_labels: Mapping[str, str] | None = None,
    plan: Adherence | None = None,
    activity: Iterable[h.SessionRecord] | None = None,
    active: set[date] | None = None,
) -> Report:
    """The report over the last ``days`` days up to ``today`` (streaks use the whole log).

    On a long log, pass only the period's ``sessions`` and the whole log as
    ``activity`` (``Store.day_activity()``): streaks and adherence need all of it.
    """
    everything = list(sessions)
    marks = list(marks)
    start = today - timedelta(days=days - 1)
    period = [s for s in everything if start <= s.local_date <= today]
    if activity is not None:
        everything = list(activity)
    if active is None:  # or given: the whole log's counted days (Store.counted_days())
        active = h.active_days(everything)
    period_marks = [m for m in marks if start <= m.local_date <= today]
    by_routine = h.pain_changes_by_routine(period)
    titles = {t.routine_id: t.title for t in h.routine_totals(period)}
    helped = []
    for rid, (n, drop) in h.routine_pain_drops(period).items():
        changes = by_routine.get(rid, {})
        before = sum(c.mean_before * c.n for c in changes.values())
        after = sum(c.mean_after * c.n for c in changes.values())
        pairs = sum(c.n for c in changes.values())
        meaningful = bool(pairs) and h.meaningful_drop(before / pairs, after / pairs)
        helped.append(RoutineHelp(rid, titles.get(rid, rid), n, drop, meaningful))
    helped.sort(key=lambda r: (-r.mean_drop, -r.n, r.routine_id))
    notes = [
        Note(s.local_date, s.routine_title or s.routine_id, _one_line(s.note))
        for s in period
        if s.note.strip()
    ]
    notes += [
        Note(m.local_date, f"{m.kind} day", _one_line(m.note))
        for m in period_marks
        if m.note.strip()
    ]
    notes.sort(key=lambda n: n.day, reverse=True)
    return Report(
        start=start,
        end=today,
        weekly_goal=goal,
        rest_days=tuple(h.WEEKDAYS[d] for d in sorted(rest_days)),
        adherence=h.adherence(everything, start, today, goal, marks, rest_days, active=active),
        streak=h.streak_summary(everything, today, goal, marks, rest_days, active=active),
        status_counts=Counter(s.status for s in period),
        minutes=round(
            sum(s.elapsed_seconds for s in period if s.status in ("completed", "stopped")) / 60, 1
        ),
        marked=Counter(m.kind for m in period_marks),
        routines=h.routine_totals(period),
        pain=h.pain_changes(period),
        baseline=h.baseline_changes(period),
        helped=helped,
        notes=notes[:MAX_NOTES],
        more_notes=max(0, len(notes) - MAX_NOTES),
        area_labels=dict(area_labels or {}),
        plan=plan,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _minutes(m: float) -> str:
    hours, mins = divmod(round(m), 60)
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def _num(x: float) -> str:
    return f"{x:.1f}"


def _signed(x: float) -> str:
    return f"{x:+.1f}" if round(x, 1) else "0.0"


def _facts(r: Report) -> list[str]:
    """The practice section as plain sentences (shared by both formats)."""
    rest = f" (rest days: {', '.join(d.capitalize() for d in r.rest_days)})" if r.rest_days else ""
    a = r.adherence
    if a.ratio is None:
        adherence = "Adherence: no planned days in this period yet"
    else:
        weeks = (
            f"weekly goal met in {a.weeks_met} of {a.weeks_counted} weeks"
            if a.weeks_counted
            else "no week counted toward the weekly goal yet"
        )
        adherence = f"Adherence: {a.done} of {a.target} planned days ({a.ratio:.0%}); {weeks}"
    c = r.status_counts
    total = c.get("completed", 0) + c.get("stopped", 0)
    parts = [f"{c.get('completed', 0)} completed"]
    if c.get("stopped"):
        parts.append(f"{c['stopped']} stopped early")
    if c.get("abandoned"):
        parts.append(f"{c['abandoned']} interrupted (the program closed)")
    sessions = f"Sessions: {total} ({', '.join(parts)}), {_minutes(r.minutes)} in all"
    out = [f"Weekly goal: {r.weekly_goal} days a week{rest}", adherence, sessions]
    if r.marked:
        kinds = ", ".join(f"{r.marked[k]} {k}" for k in h.MARK_KINDS if r.marked.get(k))
        out.append(f"Days declared: {kinds} (these pause a streak rather than break it)")
    s = r.streak
    out.append(
        f"Streak: {s.current} days now, longest {s.longest}; "
        f"weeks at goal in a row: {s.weeks_met}; habit strength {s.strength:.0%}"
    )
    out.append(h.WEEK_RULE)
    return out


LINE_NOTE = (
    "Pain is self-rated 0-10. A change is marked meaningful when it is a drop of "
    "2 points or more, or of 30 % of the starting score (Farrar 2001; Ostelo 2008); "
    "1-point changes are within day-to-day variation."
)
DISCLAIMER = (
    "Recorded by the user with coach, a wellness aid; this is a log, not a clinical record."
)


def _rows(r: Report) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each table as (header, rows) of plain text, in display order."""
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    if r.routines:
        tables["Routines"] = (
            ["Routine", "Sessions", "Completed", "Minutes", "Last"],
            [
                [
                    f"{t.title} ({t.routine_id})",
                    str(t.sessions),
                    str(t.completed),
                    f"{t.minutes:.0f}",
                    t.last_date.isoformat(),
                ]
                for t in r.routines
            ],
        )
    if r.pain:
        tables["Pain before and after sessions"] = (
            ["Area", "Sessions", "Before (mean)", "After (mean)", "Change", "Meaningful drop"],
            [
                [
                    r.label(area),
                    str(c.n),
                    _num(c.mean_before),
                    _num(c.mean_after),
                    _signed(-c.mean_drop),
                    "yes" if c.meaningful else ("rise" if c.rose else "no"),
                ]
                for area, c in r.pain.items()
            ],
        )
    if r.baseline:
        tables["Pain at the start of sessions, early against late in the period"] = (
            ["Area", "Scores", "First 3 (mean)", "Last 3 (mean)", "Change", "Meaningful drop"],
            [
                [
                    r.label(area),
                    str(b.n),
                    _num(b.first),
                    _num(b.last),
                    _signed(b.last - b.first),
                    "yes" if b.meaningful else ("rise" if b.rose else "no"),
                ]
                for area, b in r.baseline.items()
            ],
        )
    if r.helped:
        tables["Pain change by routine"] = (
            ["Routine", "Sessions with both scores", "Mean change", "Meaningful drop"],
            [
                [
                    f"{x.title} ({x.routine_id})",
                    str(x.n),
                    _signed(-x.mean_drop),
                    "yes" if x.meaningful else "no",
                ]
                for x in r.helped
            ],
        )
    return tables


def _md_cell(text: str) -> str:
    # Backslash escapes keep user text literal: no table breaks, no raw HTML when rendered.
    for ch in "\\|<>`":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_tables(tables: Mapping[str, tuple[list[str], list[list[str]]]]) -> list[str]:
    out: list[str] = []
    for title, (header, rows) in tables.items():
        out += [
            "",
            f"## {title}",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
        ]
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def markdown(r: Report) -> str:
    """The report as Markdown."""
    out = [
        "# Breathing and stretching log: summary",
        "",
        f"Period: {r.start.isoformat()} to {r.end.isoformat()} ({r.days} days).",
        "",
        f"_{DISCLAIMER}_",
        "",
    ]
    if r.plan is not None:
        out += ["## Plan", ""] + [f"- {line}" for line in plan_lines(r.plan)]
        out += [*_md_tables(plan_tables(r.plan)), ""]
    out += ["## Practice", ""]
    out += [f"- {line}" for line in _facts(r)]
    tables = _rows(r)
    if not tables:
        out += ["", "No sessions were logged in this period."]
    out += _md_tables(tables)
    if r.pain or r.baseline:
        out += ["", LINE_NOTE]
    if r.notes:
        out += ["", "## Notes", ""]
        out += [f"- {n.day.isoformat()}, {_md_cell(n.what)}: {_md_cell(n.text)}" for n in r.notes]
        if r.more_notes:
            out.append(f"- ... and {r.more_notes} earlier notes")
    return "\n".join(out) + "\n"


_CSS = """
body { font: 11pt/1.4 system-ui, sans-serif; max-width: 50em; margin: 1.5em auto; color: #111; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; } h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
td.num, th.num { text-align: right; }
.yes { font-weight: bold; } .small { color: #444; font-size: 0.9em; }
@page { size: A4; margin: 1.5cm; }
"""


def html_page(r: Report) -> str:
    """The report as one self-contained, printable HTML page."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Breathing and stretching log: summary</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Breathing and stretching log: summary</h1>",
        f"<p>Period: {r.start.isoformat()} to {r.end.isoformat()} ({r.days} days).</p>",
        f'<p class="small">{e(DISCLAIMER)}</p>',
    ]
    if r.plan is not None:
        out += ["<h2>Plan</h2><ul>", *[f"<li>{e(x)}</li>" for x in plan_lines(r.plan)], "</ul>"]
        out += _html_tables(plan_tables(r.plan))
    out += ["<h2>Practice</h2>", "<ul>"]
    out += [f"<li>{e(line)}</li>" for line in _facts(r)]
    out.append("</ul>")
    tables = _rows(r)
    if not tables:
        out.append("<p>No sessions were logged in this period.</p>")
    out += _html_tables(tables)
    if r.pain or r.baseline:
        out.append(f'<p class="small">{e(LINE_NOTE)}</p>')
    if r.notes:
        out.append("<h2>Notes</h2><ul>")
        out += [f"<li>{n.day.isoformat()}, {e(n.what)}: {e(n.text)}</li>" for n in r.notes]
        if r.more_notes:
            out.append(f"<li>... and {r.more_notes} earlier notes</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_tables(tables: Mapping[str, tuple[list[str], list[list[str]]]]) -> list[str]:
    e = html.escape
    out = []
    for title, (header, rows) in tables.items():
        out.append(f"<h2>{e(title)}</h2><table><thead><tr>")
        out += [f"<th{_cls(i)}>{e(c)}</th>" for i, c in enumerate(header)]
        out.append("</tr></thead><tbody>")
        for row in rows:
            cells = []
            for i, c in enumerate(row):
                cls = ' class="yes"' if i == len(row) - 1 and c == "yes" else _cls(i)
                cells.append(f"<td{cls}>{e(c)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    return out


def _cls(i: int) -> str:
    return ' class="num"' if i > 0 else ""
