"""The therapist report: the numbers it carries, and both renderings (Markdown and HTML)."""

from __future__ import annotations

import html.parser
from datetime import date, timedelta

from coach.history import report
from coach.history.overview import DayMark, SessionRecord

TODAY = date(2026, 11, 22)  # a Sunday
LABELS = {"ribs": "Ribs", "neck": "Neck"}
_ids = iter(range(1, 10**9))


def rec(back: int, routine: str = "rib", status: str = "completed", **kw: object) -> SessionRecord:
    kw.setdefault("elapsed_seconds", 600.0)
    kw.setdefault("routine_title", routine.capitalize())
    day = TODAY - timedelta(days=back)
    return SessionRecord(next(_ids), routine, status, day, **kw)  # type: ignore[arg-type]


def sample() -> report.Report:
    sessions = [rec(b, pain_before={"ribs": 6}, pain_after={"ribs": 3}) for b in range(1, 8)]
    sessions += [rec(b, "neck", pain_before={"neck": 4}, pain_after={"neck": 4}) for b in (2, 4)]
    sessions += [
        rec(3, "neck", "stopped", elapsed_seconds=30),
        rec(5, "rib", "abandoned"),
        rec(40, note="long before the period"),
    ]
    sessions += [rec(1, "rib", note="felt | looser\nafter")]
    marks = [DayMark(TODAY - timedelta(days=9), "flare", "hands"), DayMark(TODAY, "rest")]
    return report.build_report(sessions, TODAY, 14, 5, marks, frozenset({6}), LABELS)


def test_report_covers_the_period_and_counts_what_was_logged():
    r = sample()
    assert (r.start, r.end, r.days) == (TODAY - timedelta(days=13), TODAY, 14)
    assert dict(r.status_counts) == {"completed": 10, "stopped": 1, "abandoned": 1}
    assert r.minutes == round((10 * 600 + 30) / 60, 1)
    assert dict(r.marked) == {"flare": 1, "rest": 1}
    assert [(t.routine_id, t.sessions) for t in r.routines] == [("rib", 8), ("neck", 3)]
    assert r.rest_days == ("sun",)


def test_report_pain_marks_meaningful_changes_and_which_routines_helped():
    r = sample()
    assert r.pain["ribs"].meaningful and not r.pain["neck"].meaningful
    assert [(x.routine_id, x.n, x.mean_drop, x.meaningful) for x in r.helped] == [
        ("rib", 7, 3.0, True),
        ("neck", 2, 0.0, False),
    ]


def test_report_notes_are_newest_first_and_limited_to_the_period():
    r = sample()
    assert [(n.day, n.what, n.text) for n in r.notes] == [
        (TODAY - timedelta(days=1), "Rib", "felt | looser after"),
        (TODAY - timedelta(days=9), "flare day", "hands"),
    ]


def test_markdown_has_every_section_and_escapes_table_breaking_text():
    md = report.markdown(sample())
    for heading in (
        "# Breathing and stretching log: summary",
        "## Practice",
        "## Routines",
        "## Pain before and after sessions",
        "## Pain change by routine",
        "## Notes",
    ):
        assert heading in md
    assert "- Weekly goal: 5 days a week (rest days: Sun)" in md
    assert "1 stopped early, 1 interrupted (the program closed)" in md
    assert "| Ribs | 7 | 6.0 | 3.0 | -3.0 | yes |" in md
    assert "| Neck | 2 | 4.0 | 4.0 | 0.0 | no |" in md
    assert "felt \\| looser after" in md
    assert "long before the period" not in md


class _Checker(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_well_formed_self_contained_and_escaped():
    r = sample()
    page = report.html_page(r)
    checker = _Checker()
    checker.feed(page)
    assert checker.stack == []
    assert "http" not in page  # no external resources
    text = " ".join(checker.text)
    assert "Pain before and after sessions" in text and "felt | looser after" in text
    assert '<td class="yes">yes</td>' in page
    evil = report.build_report(
        [rec(1, note="<img src=x onerror=alert(1)>", routine_title="<b>bold</b>")], TODAY, 7
    )
    page = report.html_page(evil)
    assert "<img" not in page and "<b>bold" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_empty_report_is_neutral():
    r = report.build_report([], TODAY, 28)
    md = report.markdown(r)
    assert "No sessions were logged in this period." in md
    assert "Adherence: no planned days in this period yet" in md
    for word in ("fail", "missed", "should", "must", "bad"):
        assert word not in md.lower()
    assert "No sessions were logged" in report.html_page(r)


def test_report_wording_gives_no_advice():
    text = report.markdown(sample()).lower() + report.html_page(sample()).lower()
    for phrase in (
        "you should",
        "you must",
        "medication",
        "medicine",
        "treat",
        "diagnos",
        "missed",
        "failed",
        "lazy",
    ):
        assert phrase not in text


def _week_figures(text: str) -> tuple[int, int, int]:
    import re

    met = re.search(r"weekly goal met in (\d+) of (\d+) weeks", text)
    row = re.search(r"weeks at goal in a row: (\d+)", text)
    assert met and row, text
    return int(met[1]), int(met[2]), int(row[1])


def test_weeks_met_and_weeks_in_a_row_follow_one_stated_rule_for_a_partial_first_week():
    # Started on a Thursday and practised every day to Sunday (4 days, goal 5), then
    # met the goal the next week: the two figures once read "2 of 2" and "in a row: 1".
    started = TODAY - timedelta(days=10)  # Thursday of the week before last
    sessions = [rec(b) for b in range(10, 6, -1)] + [rec(b) for b in range(6, 1, -1)]
    assert started.weekday() == 3 and sessions[0].local_date == started
    r = report.build_report(sessions, TODAY, 28, 5)
    text = report.markdown(r)
    assert _week_figures(text) == (1, 1, 1)  # the unmet first week is left out of both
    assert f"- {report.h.WEEK_RULE}" in text
    assert "first session" in report.h.WEEK_RULE and "in progress" in report.h.WEEK_RULE
    # Met in full, the first week counts in both.
    more = [rec(11), rec(12), rec(13)]  # Mon-Wed of that first week
    assert _week_figures(report.markdown(report.build_report(sessions + more, TODAY, 28, 5))) == (
        2,
        2,
        2,
    )


def test_a_report_with_no_week_counted_yet_says_so_instead_of_0_of_0():
    # Two sessions this week (goal 5): the week in progress does not count until it is met.
    sessions = [rec(1), rec(0)]
    text = report.markdown(report.build_report(sessions, TODAY, 28, 5))
    assert "0 of 0 weeks" not in text
    assert "no week counted toward the weekly goal yet" in text
