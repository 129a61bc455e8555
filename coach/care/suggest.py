"""Which routine may help today, and why (DOMAIN.md sections 4 and 6).

Pure and deterministic: a check-in, the routines and the person's own history in,
a `Ranking` out. `rank` runs the red-flag screen itself, so no caller can skip it:
an emergency or urgent verdict means no suggestion at all.

How a routine is chosen:
1. rules remove what must not be offered: ``avoid_with`` meeting what the person
   has today, and the context rules (asthma flare, after a coughing fit, lupus
   flare, sore wrists or knees); each removal is kept with its reason;
2. the score is the pain of every area the routine targets (0-10 each), plus a
   small bonus for each condition or context it is marked good for, and the
   context nudges (morning stiffness favours breathing; a lupus flare penalises
   routines over 8 minutes);
3. once a routine has at least 3 logged sessions with pain before and after, the
   person's own mean pain drop after it is added (a rise lowers it);
4. ties go to a routine written for the person's condition (``good_for`` naming it
   first among at most two, coach/care/reasons.py), then to the routine done least
   recently, then the more focused, the shorter, then by id, so one routine is not
   suggested for ever;
5. shown suggestions whose reasons would read the same also say what differs: the
   other areas each works, its length, kind and position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from coach.care.checkin import CheckIn
from coach.care.reasons import (
    and_,
    condition_words,
    detail_words,
    history_words,
    set_apart,
    suits_words,
    words,
    written_for,
)
from coach.care.safety import Verdict, red_flags, screen
from coach.routines.lint import safety_warnings
from coach.routines.model import Routine

DEFAULT_LIMIT = 3
#: History counts only after this many sessions with pain before and after.
MIN_HISTORY_SESSIONS = 3
#: A mean drop is capped so one lucky week cannot swamp the area match.
HISTORY_CAP = 4.0
GOOD_FOR_BONUS = 1.0
#: A routine lists its main area first; one aimed at today's worst place ranks above
#: one that only touches it on the way (less than a point of pain, so pain still leads).
PRIMARY_TARGET_BONUS = 0.5
MORNING_BREATHING_BONUS = 1.0
#: Lupus flare: about half the volume; routines longer than this lose points.
FLARE_LONG_SECONDS = 8 * 60
#: "Short and gentle for a flare day": only routines this short (and gentle).
FLARE_SHORT_SECONDS = 5 * 60
#: Pain at or above this in any area is severe (DOMAIN.md section 6: 7-10; the screen's
#: severe-pain notice fires at 8): only gentle breathing that does not load it is offered.
SEVERE_PAIN = 8
#: Positions that put weight on a painful back or ribs (severe pain: not offered).
LOADING_POSITIONS = frozenset({"all-fours", "side-lying"})
FLARE_LONG_PENALTY = 2.0

UPRIGHT = frozenset({"sitting", "standing"})
KNEELING = "all-fours"
#: Limitations that rule out hands-and-knees positions (DOMAIN.md section 2).
NO_ALL_FOURS_WITH = ("sore-wrists", "painful-knees")

#: Reminders shown with the suggestions for what is true today.
_NOTES = {
    "asthma-flare": "Follow your asthma action plan. Breathing exercises add to your medicines; "
    "they never replace them. Return to normal breathing whenever you want.",
    "after-coughing-fit": "No end-range twists today. Hugging a pillow to your ribs may help "
    "if you cough again.",
    "lupus-flare": "On a flare day about half your usual amount is plenty: shorter holds, and "
    "stop early if you tire.",
    "morning-stiffness": "Warmth first (a shower or a warm pack) may help; then start with "
    "breathing and small movements.",
    "osteoporosis": "With osteoporosis or long-term steroids, avoid rapid, repeated or loaded "
    "bending and twisting.",
}


@dataclass(frozen=True)
class Suggestion:
    """A routine that may help, with its score and the reasons in words."""

    id: str
    title: str
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: id, title, score, reasons (DESIGN.md's suggest --json)."""
        return {
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Ranking:
    """The verdict (always shown first), up to ``limit`` suggestions, and what was left out."""

    verdict: Verdict
    suggestions: tuple[Suggestion, ...] = ()
    excluded: Mapping[str, str] = field(default_factory=dict, hash=False)
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: verdict, suggestions, excluded (id -> why) and notes."""
        return {
            "verdict": self.verdict.as_dict(),
            "suggestions": [s.as_dict() for s in self.suggestions],
            "excluded": dict(self.excluded),
            "notes": list(self.notes),
        }


def rank(
    checkin: CheckIn,
    routines: Sequence[Routine],
    history: Mapping[str, tuple[int, float]] | None = None,
    recent: Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Ranking:
    """Screen ``checkin``, then rank ``routines`` for it.

    ``history`` maps routine id -> (sessions with pain before and after, mean drop);
    ``recent`` lists routine ids of recent sessions, most recent first (for ties).
    """
    verdict = screen(checkin)
    unique = _unique(routines)
    if verdict.blocks_exercise:
        return Ranking(
            verdict, (), {r.id: "no exercise today: follow the advice first" for r in unique}
        )
    hurting = checkin.painful_areas
    clinician_only = red_flags().clinician_only_areas
    scored_areas = {a: s for a, s in hurting.items() if a not in clinician_only}
    notes = _notes(checkin, hurting, clinician_only)
    if hurting and not scored_areas:
        # Only a clinician-only area hurts (flank): nothing here is chosen for it.
        why = "only your flank hurts, and flank pain needs a clinician's check first"
        return Ranking(verdict, (), {r.id: why for r in unique}, notes)

    excluded: dict[str, str] = {}
    candidates: list[tuple[float, int, float, Suggestion, int, Routine]] = []
    for routine in unique:
        reason = exclusion(routine, checkin)
        if reason:
            excluded[routine.id] = reason
            continue
        scored = _score(routine, checkin, scored_areas, history or {})
        if scored is not None:
            written = len(written_for(routine, checkin.present))
            total = routine.total_seconds
            candidates.append((scored[0], written, total, scored[1], len(routine.targets), routine))

    # Ties: one written for the person's condition first; then the least recently done;
    # then the more focused one (fewer target areas); then the shorter one (short
    # programmes are kept up better, DOMAIN.md section 7); then the id.
    order = _recency(recent or ())
    candidates.sort(
        key=lambda c: (-round(c[0], 6), -c[1], order(c[3].id), c[4], round(c[2]), c[3].id)
    )
    shown = candidates[: max(0, limit)]
    # Suggestions that would read the same also say what differs between them.
    said = set(hurting) | clinician_only  # areas named already, or never offered for
    apart = set_apart([c[3].reasons for c in shown], [detail_words(c[5], said) for c in shown])
    suggestions = tuple(replace(c[3], reasons=r) for c, r in zip(shown, apart, strict=True))
    return Ranking(verdict, suggestions, excluded, notes)


def _unique(routines: Sequence[Routine]) -> list[Routine]:
    seen: dict[str, Routine] = {}
    for r in routines:
        seen.setdefault(r.id, r)  # the first wins, like the library's own lookup
    return [seen[k] for k in sorted(seen)]


def exclusion(routine: Routine, checkin: CheckIn) -> str:
    """Why ``routine`` must not be offered for ``checkin``, or '' when it may be.

    The same rules hold whether coach suggests the routine or the person picks it
    (`coach.care.gate` asks for an explicit choice when this returns a reason).
    """
    warnings = safety_warnings(routine)
    if warnings:
        return "the routine file has a safety warning: " + warnings[0]
    clash = avoid_clash(routine, checkin)
    if clash:
        return "marked to avoid with " + and_([condition_words(c) for c in clash])
    return context_exclusion(routine, checkin)


def avoid_clash(routine: Routine, checkin: CheckIn) -> list[str]:
    """The routine's ``avoid_with`` conditions that ``checkin`` has (contexts and what they imply)."""
    return [c for c in routine.avoid_with if c in checkin.present]


def severe_areas(checkin: CheckIn) -> dict[str, int]:
    """Areas with severe pain (SEVERE_PAIN or more)."""
    return {a: s for a, s in checkin.painful_areas.items() if s >= SEVERE_PAIN}


def context_exclusion(routine: Routine, checkin: CheckIn) -> str:
    """The rules of today's context and limitations (not ``avoid_with``): why not, or ''."""
    severe = severe_areas(checkin)
    if severe:
        loads = sorted(set(routine.positions) & LOADING_POSITIONS)
        if routine.category != "breathing" or routine.intensity != "gentle" or loads:
            where = and_([words(a) for a in severe])
            return (
                f"with pain of {SEVERE_PAIN} or more ({where}) only gentle breathing that "
                "does not load the painful area"
            )
    contexts = checkin.contexts
    if "asthma-flare" in contexts:
        if routine.category != "breathing":
            return "during an asthma flare only upright breathing without breath holds"
        if routine.has_breath_hold:
            return "holds the breath: not during an asthma flare"
        if not _upright(routine):
            return "not upright: during an asthma flare breathe sitting or standing"
    if (
        "after-coughing-fit" in contexts
        and "after-coughing-fit" not in routine.good_for
        and (routine.category != "breathing" or routine.has_breath_hold)
    ):
        return "after a coughing fit only gentle breathing without holds, or routines marked for it"
    if "lupus-flare" in contexts and routine.intensity != "gentle":
        return "not gentle: on a lupus flare day only gentle routines"
    if "lupus-flare" in contexts and KNEELING in routine.positions:
        return "on hands and knees: weight on the wrists is not advised in a lupus flare"
    if KNEELING in routine.positions:
        limits = [c for c in NO_ALL_FOURS_WITH if c in checkin.present]
        if limits:
            return "on hands and knees: not with " + and_([condition_words(c) for c in limits])
    return ""


def _upright(routine: Routine) -> bool:
    if routine.positions:
        return set(routine.positions) <= UPRIGHT
    # No positions declared: trust only a routine its author marked for a flare.
    return "asthma-flare" in routine.good_for


def _score(
    routine: Routine,
    checkin: CheckIn,
    areas: Mapping[str, int],
    history: Mapping[str, tuple[int, float]],
) -> tuple[float, Suggestion] | None:
    """Score and reasons for an allowed routine; None when it has nothing to offer today."""
    reasons: list[str] = []
    matched = {a: s for a, s in areas.items() if a in routine.targets}
    score = float(sum(matched.values()))
    if matched:
        where = [f"{words(a)} ({s}/10)" for a, s in matched.items()]
        reasons.append("targets your " + and_(where))
        if routine.targets[0] in matched:
            score += PRIMARY_TARGET_BONUS

    contexts = checkin.contexts
    suits = [c for c in sorted(checkin.present) if c in routine.good_for]
    score += GOOD_FOR_BONUS * len(suits)
    context_fit = bool(set(suits) & contexts)
    if "asthma-flare" in contexts:
        reasons.append("upright breathing with no breath holds, for an asthma flare")
        context_fit = True
    if "after-coughing-fit" in contexts:
        reasons.append("gentle enough for after a coughing fit")
        context_fit = True
    if "lupus-flare" in contexts:
        if routine.total_seconds > FLARE_LONG_SECONDS:
            score -= FLARE_LONG_PENALTY
            reasons.append(
                f"gentle, but over {FLARE_LONG_SECONDS // 60} minutes: "
                "on a flare day you may stop halfway"
            )
        elif routine.total_seconds <= FLARE_SHORT_SECONDS and routine.intensity == "gentle":
            # A modifier, not a recommendation: it does not make a routine a candidate.
            reasons.append("short and gentle for a flare day")
        else:
            reasons.append(
                f"gentle, about {round(routine.total_seconds / 60)} minutes: on a "
                "flare day you may stop early"
            )
    if "morning-stiffness" in contexts and routine.category == "breathing":
        score += MORNING_BREATHING_BONUS
        reasons.append("starts gently with breathing, for morning stiffness")
        context_fit = True
    skip = {"asthma-flare", "after-coughing-fit", "lupus-flare"}
    written = written_for(routine, checkin.present)
    reasons += [suits_words(c, written) for c in suits if c not in skip]

    if areas and not matched and not context_fit:
        return None  # it helps none of today's painful areas and nothing about today
    n, drop = history.get(routine.id, (0, 0.0))
    if n >= MIN_HISTORY_SESSIONS and isinstance(drop, (int, float)) and math.isfinite(drop):
        score += max(-HISTORY_CAP, min(HISTORY_CAP, float(drop)))
        reasons.append(history_words(n, float(drop)))
    if not reasons:
        reasons.append("a gentle general routine: you reported no pain today")
    return score, Suggestion(routine.id, routine.title, round(score, 2), tuple(reasons))


def _recency(recent: Sequence[str]) -> Callable[[str], tuple[int, int]]:
    """Sort key part: never done first, then the one done longest ago, the latest last."""
    first_seen: dict[str, int] = {}
    for i, rid in enumerate(recent):
        first_seen.setdefault(rid, i)

    def key(rid: str) -> tuple[int, int]:
        if rid not in first_seen:
            return (0, 0)
        return (1, -first_seen[rid])

    return key


def _notes(
    checkin: CheckIn, hurting: Mapping[str, int], clinician_only: frozenset[str]
) -> tuple[str, ...]:
    out = [text for key, text in _NOTES.items() if key in checkin.present]
    for area in sorted(set(hurting) & clinician_only):
        out.append(
            f"Nothing here is chosen for {words(area)} pain: only a clinician can "
            "tell whether it comes from the muscles."
        )
    return tuple(out)
