"""Pain over the session log (pure): trends, changes, the meaningful-change line, questions.

Per area: every session's pain before and after, mean changes (overall and per
routine), the starting score early against late, persistent pain for the
"book a review" nudge, and the pain question a plain front end asks and parses.
Everything takes plain values (coach.history.records); no clock, no database, no files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.history.records import CheckinRecord, SessionRecord, in_time_order

#: Pain key for a single number not tied to an area (``coach log --pain-before 5``).
#: Kept apart from the body areas rather than copied onto the routine's targets:
#: one answer must not be counted as several area scores in a therapist's report.
OVERALL = "overall"
#: DOMAIN.md section 6: a change of 2 points or 30 % is meaningful; 1 point is noise.
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
NOISE_POINTS = 1.0


def meaningful_drop(before: float, after: float) -> bool:
    """A drop of 2 points, or of 30 % of the starting score when above 1-point noise."""
    drop = before - after
    if drop >= MEANINGFUL_POINTS:
        return True
    return before > 0 and drop > NOISE_POINTS and drop / before >= MEANINGFUL_FRACTION


def meaningful_rise(before: float, after: float) -> bool:
    """A rise of 2 points or more (also the in-session stop line)."""
    return after - before >= MEANINGFUL_POINTS


@dataclass(frozen=True)
class PainPoint:
    day: date
    time: str
    routine_id: str
    before: int | None
    after: int | None


def pain_trend(sessions: Iterable[SessionRecord]) -> dict[str, list[PainPoint]]:
    """Per area, every session's pain before and after in time order (either may be None)."""
    out: dict[str, list[PainPoint]] = defaultdict(list)
    for s in in_time_order(sessions):
        for area in sorted(set(s.pain_before) | set(s.pain_after)):
            out[area].append(
                PainPoint(
                    s.local_date,
                    s.local_time,
                    s.routine_id,
                    s.pain_before.get(area),
                    s.pain_after.get(area),
                )
            )
    return dict(out)


@dataclass(frozen=True)
class PainChange:
    """Mean pain before and after over sessions that have both scores."""

    n: int
    mean_before: float
    mean_after: float

    @property
    def mean_drop(self) -> float:
        return round(self.mean_before - self.mean_after, 2)

    @property
    def meaningful(self) -> bool:
        """The mean drop passes the meaningful-change line (DOMAIN.md section 6)."""
        return meaningful_drop(self.mean_before, self.mean_after)

    @property
    def rose(self) -> bool:
        return meaningful_rise(self.mean_before, self.mean_after)


def _change(pairs: list[tuple[int, int]]) -> PainChange:
    n = len(pairs)
    before = sum(b for b, _ in pairs) / n
    after = sum(a for _, a in pairs) / n
    return PainChange(n, round(before, 2), round(after, 2))


def _pairs(s: SessionRecord) -> dict[str, tuple[int, int]]:
    return {a: (s.pain_before[a], s.pain_after[a]) for a in s.pain_before if a in s.pain_after}


def pain_changes(sessions: Iterable[SessionRecord]) -> dict[str, PainChange]:
    """Per area, the mean before/after change within sessions that recorded both."""
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in sessions:
        for area, pair in _pairs(s).items():
            pairs[area].append(pair)
    return {area: _change(p) for area, p in sorted(pairs.items())}


def pain_changes_by_routine(sessions: Iterable[SessionRecord]) -> dict[str, dict[str, PainChange]]:
    """Per routine, then per area, the mean before/after change."""
    groups: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        groups[s.routine_id].append(s)
    return {rid: c for rid, g in sorted(groups.items()) if (c := pain_changes(g))}


def routine_pain_drops(sessions: Iterable[SessionRecord]) -> dict[str, tuple[int, float]]:
    """Per routine: (sessions with before and after, mean drop averaged over their areas)."""
    drops: dict[str, list[float]] = defaultdict(list)
    for s in sessions:
        pairs = _pairs(s)
        if pairs:
            drops[s.routine_id].append(sum(b - a for b, a in pairs.values()) / len(pairs))
    return {rid: (len(d), round(sum(d) / len(d), 2)) for rid, d in sorted(drops.items())}


@dataclass(frozen=True)
class BaselineChange:
    """The starting score early in a period against late in it, per area."""

    first: float  # mean of the first few "before" scores
    last: float  # mean of the last few
    n: int

    @property
    def meaningful(self) -> bool:
        return meaningful_drop(self.first, self.last)

    @property
    def rose(self) -> bool:
        return meaningful_rise(self.first, self.last)


def baseline_changes(sessions: Iterable[SessionRecord], k: int = 3) -> dict[str, BaselineChange]:
    """Per area with at least 2k before-scores: mean of the first k against the last k."""
    out = {}
    for area, points in pain_trend(sessions).items():
        scores = [p.before for p in points if p.before is not None]
        if len(scores) >= 2 * k:
            out[area] = BaselineChange(
                round(sum(scores[:k]) / k, 2), round(sum(scores[-k:]) / k, 2), len(scores)
            )
    return out


def persistent_pain(
    checkins: Iterable[CheckinRecord],
    sessions: Iterable[SessionRecord],
    today: date,
    threshold: int = 4,
    min_days: int = 8,
    window_days: int = 14,
) -> list[str]:
    """Areas at ``threshold``+ on ``min_days`` of the last ``window_days`` days, not improving.

    A day's score for an area is the highest from that day's check-ins and
    session "before" scores (after-session relief is left out: it is short-lived).
    "Not improving" means the second week's mean is not a meaningful drop from
    the first's. For the "book a review" nudge (DOMAIN.md section 5).
    """
    first = today - timedelta(days=window_days - 1)
    daily: dict[str, dict[date, int]] = defaultdict(dict)

    def note(area: str, day: date, score: int) -> None:
        if first <= day <= today:
            daily[area][day] = max(score, daily[area].get(day, score))

    for c in checkins:
        for area, score in c.areas.items():
            note(area, c.local_date, score)
    for s in sessions:
        for area, score in s.pain_before.items():
            note(area, s.local_date, score)
    half = first + timedelta(days=window_days // 2)
    out = []
    for area, days in sorted(daily.items()):
        if sum(1 for v in days.values() if v >= threshold) < min_days:
            continue
        early = [v for d, v in days.items() if d < half]
        late = [v for d, v in days.items() if d >= half]
        if early and late and meaningful_drop(sum(early) / len(early), sum(late) / len(late)):
            continue
        out.append(area)
    return out


def areas_to_ask(checkin: CheckinRecord | None, targets: Sequence[str]) -> list[str]:
    """Areas a player asks pain for: the last check-in's sore areas, else the routine's targets."""
    if checkin is not None:
        sore = [a for a, v in checkin.areas.items() if v > 0]
        if sore:
            return sore
    return list(targets)


def pain_prompt(areas: Sequence[str], phase: str) -> str:
    """The question a plain front end asks: ``phase`` is "before" or "after"."""
    if len(areas) == 1:
        return f"Pain {phase} in your {areas[0]}, 0-10 (Enter to skip): "
    listed = ", ".join(areas) if areas else "any area"
    return f"Pain {phase}, 0-10: one number, or AREA=N for {listed} (Enter to skip): "


def parse_pain(
    values: Iterable[str], areas: Iterable[str], bare_area: str = OVERALL
) -> dict[str, int]:
    """``["5"]`` or ``["ribs=4", "neck=2"]`` as {area: score}; a bare N goes to ``bare_area``.

    ``bare_area`` is "overall" unless the question named a single area. Raises
    ValueError with a one-line message naming the bad value (and a "did you
    mean" for a misspelt area). Scores are whole numbers 0-10; "" gives {}.
    """
    known = list(areas)
    out: dict[str, int] = {}
    for raw in values:
        for token in str(raw).replace(",", " ").split():
            area, sep, num = token.partition("=")
            if not sep:
                area, num = bare_area, token
            area = area.strip().lower()
            if area not in known and area not in (OVERALL, bare_area):
                import difflib

                near = difflib.get_close_matches(area, known, n=1)
                hint = f"did you mean {near[0]!r}?" if near else f"areas: {', '.join(known)}"
                raise ValueError(f"unknown pain area {area!r} ({hint})")
            try:
                score = int(num)
            except ValueError:
                raise ValueError(f"pain score {num!r} is not a whole number 0-10") from None
            if not 0 <= score <= 10:
                raise ValueError(f"pain score {score} is outside 0-10")
            if area in out:
                raise ValueError(f"pain for {area!r} is given twice")
            out[area] = score
    return out
