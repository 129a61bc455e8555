"""The red-flag screen (DOMAIN.md section 5): warning signs come before any suggestion.

Pure: the questions and advice live in ``coach/data/red_flags.yaml`` (read through
`coach.data`); `screen` turns a check-in into a `Verdict`. There is deliberately
no switch to turn the screen off, and `coach.care.suggest.rank` calls it itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from coach import data
from coach.care.checkin import CheckIn
from coach.common.vocab import vocabulary

#: Levels from least to most serious.
LEVELS = ("clear", "review", "urgent", "emergency")
#: Levels where no exercise is suggested at all.
BLOCKING = frozenset({"urgent", "emergency"})
ALWAYS = "always"

#: The in-session stop rule (DOMAIN.md section 5, last paragraph), for every front end.
STOP_RULE = (
    "Stop and rest if your pain rises by 2 points or more, if it turns sharp or shooting, "
    "if numbness appears, if you start to wheeze or your chest feels tight, or if you feel dizzy."
)

#: Wellness framing shown with suggestions.
DISCLAIMER = (
    "A wellness aid that may help; not medical advice. Keep taking your medicines as prescribed."
)

#: The persistent-pain nudge is shown at most this often.
NUDGE_EVERY_DAYS = 7
NUDGE_TEXT = (
    "Your {areas} {verb} been 4 or more on most days for two weeks. "
    "It may be worth booking a review with your doctor or physiotherapist."
)


@dataclass(frozen=True)
class Question:
    """One yes/no red-flag question and what a "yes" means."""

    id: str
    level: str
    question: str
    reason: str
    advice: str
    areas: tuple[str, ...] = ()  # asked when one of these areas hurts
    conditions: tuple[str, ...] = ()  # ... or one of these is present
    always: bool = False
    source: str = ""  # where the warning sign comes from (a clinician audits each one)
    #: (condition, sentence): added to the advice only when the condition is present.
    advice_with: tuple[tuple[str, str], ...] = ()

    def advice_for(self, checkin: CheckIn) -> str:
        """The advice, with the sentences meant only for the conditions ``checkin`` has."""
        extra = [text for cond, text in self.advice_with if cond in checkin.present]
        return " ".join([self.advice, *extra])

    def applies_to(self, checkin: CheckIn) -> bool:
        """Whether this question should be asked for ``checkin``."""
        if self.always:
            return True
        return bool(set(self.areas) & set(checkin.painful_areas)) or bool(
            set(self.conditions) & checkin.present
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: id, level, question, advice, reason and ask_when."""
        ask_when: Any = (
            ALWAYS
            if self.always
            else {
                k: list(v) for k, v in (("areas", self.areas), ("conditions", self.conditions)) if v
            }
        )
        return {
            "id": self.id,
            "level": self.level,
            "question": self.question,
            "advice": self.advice,
            "reason": self.reason,
            "ask_when": ask_when,
            "source": self.source,
        }


@dataclass(frozen=True)
class Notice:
    """A warning that fires from the check-in itself (severe pain, flank pain), no question."""

    id: str
    level: str
    reason: str
    advice: str
    pain_at_least: int = 0
    areas: tuple[str, ...] = ()
    source: str = ""

    def triggered_by(self, checkin: CheckIn) -> dict[str, int]:
        """The areas (with scores) that set this notice off; empty when it does not fire."""
        hurting = checkin.painful_areas
        if self.pain_at_least:
            return {a: s for a, s in hurting.items() if s >= self.pain_at_least}
        return {a: s for a, s in hurting.items() if a in self.areas}


@dataclass(frozen=True)
class RedFlags:
    """Everything in red_flags.yaml, checked."""

    questions: tuple[Question, ...]
    notices: tuple[Notice, ...]
    clinician_only_areas: frozenset[str]
    clear_advice: str
    titles: Mapping[str, str]

    def question(self, flag_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == flag_id), None)

    @property
    def ids(self) -> list[str]:
        """Question ids in file order (most serious first)."""
        return [q.id for q in self.questions]


@dataclass(frozen=True)
class Verdict:
    """The screen's answer: the highest level, its advice, and why."""

    level: str
    advice: str
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # ids of the questions and notices that fired, most serious first
    title: str = ""

    @property
    def blocks_exercise(self) -> bool:
        """Emergency and urgent: suggest no exercise at all, only the advice."""
        return self.level in BLOCKING

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: level, title, advice, reasons, flags, blocks_exercise."""
        return {
            "level": self.level,
            "title": self.title,
            "advice": self.advice,
            "reasons": list(self.reasons),
            "flags": list(self.flags),
            "blocks_exercise": self.blocks_exercise,
        }


class RedFlagDataError(ValueError):
    """red_flags.yaml is malformed (a packaging bug, caught by the tests)."""


@lru_cache(maxsize=1)
def red_flags() -> RedFlags:
    """The red-flag questions and notices shipped in ``coach/data/red_flags.yaml``."""
    return parse_red_flags(data.load("red_flags"))


def parse_red_flags(raw: Mapping[str, Any]) -> RedFlags:
    """Check and convert the parsed red-flag data; `RedFlagDataError` names what is wrong."""
    vocab = vocabulary()
    areas, conditions = set(vocab.areas), set(vocab.conditions)

    def need(ok: bool, where: str, message: str) -> None:
        if not ok:
            raise RedFlagDataError(f"red_flags.yaml: {where}: {message}")

    levels = raw.get("levels") or {}
    need(set(levels) == set(LEVELS), "levels", f"must list exactly {', '.join(LEVELS)}")
    questions: list[Question] = []
    seen: set[str] = set()
    for n, item in enumerate(raw.get("questions") or [], 1):
        where = f"question {n} ({item.get('id', '?')})"
        qid = item.get("id")
        need(isinstance(qid, str) and _is_kebab(qid), where, "id must be kebab-case")
        need(qid not in seen, where, "duplicate id")
        seen.add(qid)
        need(item.get("level") in LEVELS[1:], where, "level must be emergency, urgent or review")
        for key in ("question", "reason", "advice"):
            need(isinstance(item.get(key), str) and item[key].strip(), where, f"{key} is missing")
        need(str(item["question"]).rstrip().endswith("?"), where, "a question ends with '?'")
        ask = item.get("ask_when")
        if ask == ALWAYS:
            q_areas: tuple[str, ...] = ()
            q_conditions: tuple[str, ...] = ()
        else:
            need(
                isinstance(ask, dict) and set(ask) <= {"areas", "conditions"} and bool(ask),
                where,
                "ask_when must be 'always' or {areas: [...], conditions: [...]}",
            )
            q_areas = tuple(ask.get("areas") or ())
            q_conditions = tuple(ask.get("conditions") or ())
            need(set(q_areas) <= areas, where, f"unknown area in {sorted(set(q_areas) - areas)}")
            need(
                set(q_conditions) <= conditions,
                where,
                f"unknown condition in {sorted(set(q_conditions) - conditions)}",
            )
        need(
            isinstance(item.get("source"), str) and item["source"].strip(),
            where,
            "source is missing (say where the warning sign comes from)",
        )
        extra = item.get("advice_with") or {}
        need(
            isinstance(extra, dict) and set(extra) <= conditions,
            where,
            "advice_with must map known conditions to a sentence",
        )
        questions.append(
            Question(
                qid,
                item["level"],
                item["question"].strip(),
                item["reason"].strip(),
                item["advice"].strip(),
                q_areas,
                q_conditions,
                ask == ALWAYS,
                " ".join(item["source"].split()),
                tuple((c, " ".join(str(t).split())) for c, t in extra.items()),
            )
        )
    need(bool(questions), "questions", "there are none")
    notices: list[Notice] = []
    for n, item in enumerate(raw.get("notices") or [], 1):
        where = f"notice {n} ({item.get('id', '?')})"
        nid = item.get("id")
        need(
            isinstance(nid, str) and _is_kebab(nid) and nid not in seen,
            where,
            "id must be kebab-case and unique",
        )
        seen.add(nid)
        need(item.get("level") in LEVELS[1:], where, "level must be emergency, urgent or review")
        when = item.get("when") or {}
        need(
            isinstance(when, dict) and len(when) == 1 and set(when) <= {"pain_at_least", "areas"},
            where,
            "when must be {pain_at_least: N} or {areas: [...]}",
        )
        n_areas = tuple(when.get("areas") or ())
        need(set(n_areas) <= areas, where, "unknown area")
        notices.append(
            Notice(
                nid,
                item["level"],
                str(item["reason"]).strip(),
                " ".join(str(item["advice"]).split()),
                int(when.get("pain_at_least") or 0),
                n_areas,
                " ".join(str(item.get("source") or "").split()),
            )
        )
    only = frozenset(raw.get("clinician_only_areas") or ())
    need(only <= areas, "clinician_only_areas", "unknown area")
    return RedFlags(
        questions=tuple(questions),
        notices=tuple(notices),
        clinician_only_areas=only,
        clear_advice=str(levels["clear"].get("advice", "")).strip(),
        titles={lv: str(levels[lv].get("title", lv)) for lv in LEVELS},
    )


def _is_kebab(text: str) -> bool:
    parts = text.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


def questions_for(checkin: CheckIn) -> list[Question]:
    """The questions to ask for this check-in's areas and conditions, most serious first."""
    return [q for q in red_flags().questions if q.applies_to(checkin)]


def screen(checkin: CheckIn) -> Verdict:
    """The verdict for ``checkin``: the highest level that fired, with its advice and reasons.

    Every "yes" counts, even to a question that was not due (`CheckIn` already
    refused unknown ids, so a typo cannot hide a warning sign).
    """
    flags = red_flags()
    fired: list[tuple[str, str, str, str]] = []  # (level, id, reason, advice)
    yes = checkin.yes_flags
    for q in flags.questions:
        if q.id in yes:
            fired.append((q.level, q.id, q.reason, q.advice_for(checkin)))
    for notice in flags.notices:
        hit = notice.triggered_by(checkin)
        if hit:
            shown = ", ".join(f"{_area_words(a)} {s}/10" for a, s in hit.items())
            scores = ", ".join(f"{s}/10" for s in hit.values())
            fired.append(
                (
                    notice.level,
                    notice.id,
                    notice.reason.format(areas=shown, scores=scores),
                    notice.advice,
                )
            )
    if not fired:
        return Verdict("clear", flags.clear_advice, title=flags.titles["clear"])
    # Most serious first; the file's order within a level (stable sort).
    fired.sort(key=lambda f: -LEVELS.index(f[0]))
    top = fired[0][0]
    advice: list[str] = []
    for level, _, _, text in fired:
        if level == top and text not in advice:
            advice.append(text)
    return Verdict(
        level=top,
        advice="\n".join(advice),
        reasons=tuple(f[2] for f in fired),
        flags=tuple(f[1] for f in fired),
        title=flags.titles[top],
    )


def _area_words(area: str) -> str:
    # "overall" is the log's key for a single pain number not tied to an area.
    return "pain" if area == "overall" else area.replace("-", " ")


def nudge_due(last_shown: date | None, today: date) -> bool:
    """Whether the persistent-pain nudge may be shown today: at most once every 7 days.

    A ``last_shown`` in the future (the clock was wrong) counts as stale, so a bad
    date can never silence the nudge for good.
    """
    if last_shown is None or last_shown > today:
        return True
    return (today - last_shown).days >= NUDGE_EVERY_DAYS


def nudge_text(areas: Sequence[str]) -> str:
    """The persistent-pain nudge for these area ids ("Your upper back and ribs have been ...")."""
    words = [_area_words(a) for a in dict.fromkeys(areas)]
    if not words:
        raise ValueError("nudge_text needs at least one area")
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    plural = len(words) > 1 or words[0] in _PLURAL_AREAS
    return NUDGE_TEXT.format(areas=joined, verb="have" if plural else "has")


_PLURAL_AREAS = {"shoulders", "ribs"}
