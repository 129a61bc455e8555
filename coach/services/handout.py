"""A routine or a plan as a printable handout: one self-contained HTML page (A4 and Letter).

A plan's page starts with its weekly schedule, then each routine it uses on a page of its own.

Cautions come first, then every step with its dose in words and its time, then
the stop rule. Every text from the routine file is data: it is HTML-escaped, and
a step's ``media`` becomes a picture (a path relative to the routine file) or a
link (a web address), never markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from coach.care.safety import STOP_RULE
from coach.common.fields import format_seconds
from coach.plans.model import Plan
from coach.routines.model import Pattern, Routine, Step

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")

CSS = """
body { font: 12pt/1.45 system-ui, sans-serif; max-width: 44em; margin: 1.5em auto; color: #111; }
h1 { font-size: 1.6em; margin: 0 0 0.2em; } h2 { font-size: 1.15em; margin: 1.1em 0 0.3em; }
.meta, .small { color: #444; font-size: 0.92em; }
.cautions, .stop { border: 2px solid #111; padding: 0.5em 0.8em; margin: 0.8em 0; }
ol.steps > li { margin: 0 0 0.9em; break-inside: avoid; page-break-inside: avoid; }
.dose { font-weight: bold; } .time { color: #444; }
img.media { max-width: 60%; max-height: 7cm; display: block; margin: 0.3em 0; }
a { color: #003d99; }
table.schedule { border-collapse: collapse; margin: 0.4em 0; }
table.schedule th, table.schedule td { border: 1px solid #666; padding: 0.2em 0.5em; text-align: center; }
table.schedule td:first-child { text-align: left; }
section.routine { break-before: page; page-break-before: always; }
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11.5pt; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}
/* Fits A4 (21 x 29.7 cm) and US Letter (21.6 x 27.9 cm): no fixed page size is forced. */
"""


def _seconds(value: float) -> str:
    n = f"{value:g}"
    return f"{n} second" if value == 1 else f"{n} seconds"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def breathing_words(p: Pattern) -> str:
    """``breathe in for 4 seconds, hold for 7 seconds, breathe out for 8 seconds``."""
    parts = [f"breathe in for {_seconds(p.inhale)}"]
    if p.hold:
        parts.append(f"hold for {_seconds(p.hold)}")
    parts.append(f"breathe out for {_seconds(p.exhale)}")
    if p.hold_after:
        parts.append(f"rest empty for {_seconds(p.hold_after)}")
    return ", ".join(parts)


def _sides(step: Step) -> str:
    if len(step.sides) > 1:
        return " on each side (left, then right)"
    return f" on the {step.sides[0]} side only" if step.sides else ""


def dose_words(step: Step) -> str:
    """What to do, in words: sides, reps, holds and the breathing pattern."""
    if step.kind == "breathe":
        assert step.pattern is not None
        n = step.cycles
        return f"{n} breath{'s' if n != 1 else ''}: {breathing_words(step.pattern)}"
    if step.kind == "hold":
        text = f"Hold for {_seconds(step.seconds)}, {_times(step.reps)}{_sides(step)}"
        if step.reps > 1 and step.rest:
            text += f", resting {_seconds(step.rest)} between holds"
        if step.breathe is not None:
            text += f"; while holding, {breathing_words(step.breathe)}"
        return text
    if step.kind == "reps":
        assert step.tempo is not None
        t = step.tempo
        tempo = [f"{_seconds(t.out)} to move"]
        if t.hold:
            tempo.append(f"hold {_seconds(t.hold)}")
        if t.back:
            tempo.append(f"{_seconds(t.back)} back")
        sets = f"{step.sets} sets of " if step.sets > 1 else ""
        text = f"{sets}{step.count} repetitions{_sides(step)} ({', '.join(tempo)})"
        if step.sets > 1 and step.rest:
            text += f", resting {_seconds(step.rest)} between sets"
        return text[0].upper() + text[1:]
    return f"Rest for {_seconds(step.seconds)}"


def _media(step: Step, routine_path: str) -> str:
    e = html.escape
    media = step.media
    if not media:
        return ""
    if media.startswith(("http://", "https://")):
        href = e(media, quote=True)
        if media.lower().split("?")[0].endswith(_IMAGE_SUFFIXES):
            return f'<img class="media" src="{href}" alt="{e(step.name)}"><a href="{href}">{e(media)}</a>'
        return f'<p>Picture or video: <a href="{href}">{e(media)}</a></p>'
    base = Path(routine_path).parent if routine_path else Path.cwd()
    target = (base / media).resolve()
    src = e("file://" + quote(target.as_posix()), quote=True)
    return f'<img class="media" src="{src}" alt="{e(step.name)}">'


def _page(title: str, lang: str, body: list[str]) -> str:
    e = html.escape
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang, quote=True)}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{CSS}</style></head><body>",
    ]
    return "\n".join([*head, *body, "</body></html>"]) + "\n"


def _routine_body(r: Routine, level: int = 1) -> list[str]:
    """A routine's part of a page: title, meta, cautions first, the steps (every value escaped)."""
    e = html.escape
    h, sub = f"h{level}", f"h{level + 1}"
    meta = [f"Total time about {format_seconds(r.total_seconds)}"]
    if r.author:
        meta.append(f"by {r.author}")
    meta.append(f"version {r.version}")
    out = [f"<{h}>{e(r.title)}</{h}>", f'<p class="meta">{e(" · ".join(meta))}</p>']
    if r.cautions:
        out.append(f'<div class="cautions"><{sub}>Cautions</{sub}><p>{e(r.cautions)}</p></div>')
    if r.summary:
        out.append(f"<p>{e(r.summary)}</p>")
    out.append(f'<{sub}>Steps</{sub}><ol class="steps">')
    for step in r.steps:
        out.append(
            f"<li><strong>{e(step.name)}</strong> "
            f'<span class="time">({e(format_seconds(step.total_seconds))})</span><br>'
            f'<span class="dose">{e(dose_words(step))}.</span>'
        )
        if step.instruction:
            out.append(f"<br>{e(step.instruction)}")
        out.append(_media(step, r.path))
        out.append("</li>")
    out.append("</ol>")
    return out


def _stop_rule() -> str:
    return f'<div class="stop"><h2>When to stop</h2><p>{html.escape(STOP_RULE)}</p></div>'


def handout_html(routine: Routine) -> str:
    """The handout page for ``routine`` (every value escaped)."""
    body = _routine_body(routine)
    body += [
        _stop_rule(),
        f'<p class="small">Routine {html.escape(routine.id)}, made with coach.</p>',
    ]
    return _page(routine.title, routine.language, body)


_DAY_HEADS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def schedule_rows(plan: Plan, titles: Mapping[str, str]) -> list[tuple[str, str, list[str]]]:
    """The weekly schedule in words: (routine title, weeks, a mark per weekday: "", "✓", "2×")."""
    rows = []
    for item in plan.items:
        mark = "✓" if item.times == 1 else f"{item.times}×"
        marks = [mark if d in item.days else "" for d in range(7)]
        rows.append((titles.get(item.routine, item.routine), item.weeks_text, marks))
    return rows


def plan_handout_html(plan: Plan, routines: Mapping[str, Routine]) -> str:
    """A plan as a printable page: the weekly schedule first, then every routine it uses."""
    e = html.escape
    when = f"from {plan.starts.strftime('%d %b %Y')}"
    if plan.ends is not None:
        when += f" to {plan.ends.strftime('%d %b %Y')} ({plan.weeks} weeks)"
    meta = [when] + ([f"by {plan.author}"] if plan.author else [])
    body = [f"<h1>{e(plan.title)}</h1>", f'<p class="meta">{e(" · ".join(meta))}</p>']
    if plan.note:
        body.append(f"<p>{e(plan.note)}</p>")
    titles = {rid: r.title for rid, r in routines.items()}
    head = "".join(f"<th>{d}</th>" for d in _DAY_HEADS)
    body.append(
        f'<h2>Each week</h2><table class="schedule"><tr><th>Routine</th>{head}<th>Weeks</th></tr>'
    )
    for item, (title, weeks, marks) in zip(plan.items, schedule_rows(plan, titles), strict=True):
        cells = "".join(f"<td>{e(m)}</td>" for m in marks)
        note = f'<br><span class="small">{e(item.note)}</span>' if item.note else ""
        body.append(f"<tr><td>{e(title)}{note}</td>{cells}<td>{e(weeks)}</td></tr>")
    body.append("</table>")
    body.append(_stop_rule())
    seen: set[str] = set()
    for item in plan.items:
        r = routines.get(item.routine)
        if r is None or r.id in seen:
            continue
        seen.add(r.id)
        body.append('<section class="routine">')
        body += _routine_body(r, level=2)
        body.append("</section>")
    body.append(f'<p class="small">Plan {e(plan.id)}, made with coach.</p>')
    return _page(plan.title, "en", body)
