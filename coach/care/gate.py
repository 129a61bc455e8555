"""One gate before exercise (DESIGN.md): every way of starting a routine passes here.

Pure: today's check-in (if any), the person's standing conditions and the routine's
own safety warnings in, a `GateResult` out. The app (home, list, palette, today,
suggestion) and the command line (`coach play`, plain mode) both call `check`;
`coach.services.gate` reads today's check-in and the config for the command line.

What the gate says:
- today's latest check-in blocked exercise (emergency or urgent): the advice again,
  and starting needs "I have been checked" (or checking in again);
- the routine's ``avoid_with`` meets the person's conditions or today's context, or
  a context rule (asthma flare, severe pain, lupus flare, ...) rules it out: named
  ("You have osteoporosis: this routine is not advised for you") and an explicit choice;
- the routine file has safety warnings (`coach.routines.lint.safety_warnings`): shown first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coach.care.checkin import CheckIn, make_checkin
from coach.care.safety import Verdict, screen
from coach.care.suggest import avoid_clash, context_exclusion
from coach.common.vocab import vocabulary
from coach.routines.lint import safety_warnings
from coach.routines.model import Routine

#: The two ways past a blocking verdict (the app's keys and the command line's answers).
CHECKED = "I have been checked"
MISTAKE = "My answer was a mistake: check in again"
#: The one way past a clash or a warning.
CHOOSE = "I choose to do this routine anyway"

_CONTEXT_WORDS = {
    "asthma-flare": "an asthma flare today",
    "after-coughing-fit": "had a coughing fit today",
    "lupus-flare": "a lupus flare today",
    "morning-stiffness": "morning stiffness today",
    "rib-pain": "rib pain today",
    "shoulder-pain": "shoulder pain today",
}


@dataclass(frozen=True)
class GateResult:
    """What stands between the person and ``routine_id``; nothing when ``clear``."""

    routine_id: str
    verdict: Verdict | None = None  # today's blocking verdict, or None
    clashes: tuple[str, ...] = ()  # "You have osteoporosis: this routine is not advised for you"
    warnings: tuple[str, ...] = ()  # the routine file's safety warnings

    @property
    def blocked(self) -> bool:
        """Today's check-in found an emergency or urgent sign."""
        return self.verdict is not None

    @property
    def clear(self) -> bool:
        """Nothing to show or confirm: the routine may start."""
        return not (self.blocked or self.clashes or self.warnings)

    @property
    def title(self) -> str:
        if self.verdict is not None:
            return f"Today's check-in: {self.verdict.title}"
        if self.clashes:
            return "This routine is not advised for you today"
        return "This routine file has a safety warning"

    def lines(self) -> list[str]:
        """Everything to show before asking, in plain words, most serious first."""
        out: list[str] = []
        if self.verdict is not None:
            out.append("Your check-in today found a warning sign, and no exercise was suggested.")
            out += [line for line in self.verdict.advice.splitlines() if line.strip()]
            if self.verdict.reasons:
                out.append("Because you said: " + "; ".join(self.verdict.reasons) + ".")
        out += list(self.clashes)
        out += [f"Warning about this routine file: {w}" for w in self.warnings]
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "routine": self.routine_id,
            "clear": self.clear,
            "blocked": self.blocked,
            "verdict": self.verdict.as_dict() if self.verdict else None,
            "clashes": list(self.clashes),
            "warnings": list(self.warnings),
        }


def check(
    routine: Routine,
    today: CheckIn | None,
    conditions: Iterable[str] = (),
    warnings: Sequence[str] | None = None,
) -> GateResult:
    """The gate for starting ``routine`` now.

    ``today``: today's latest check-in (None if there was none); ``conditions``: the
    person's standing conditions from config (added to the check-in's);
    ``warnings``: the routine's safety warnings (None: worked out here).
    """
    checkin = _with_conditions(today, conditions)
    verdict = screen(today) if today is not None else None
    blocking = verdict if verdict is not None and verdict.blocks_exercise else None
    clashes = [_clash_words(c, checkin) for c in avoid_clash(routine, checkin)]
    rule = context_exclusion(routine, checkin)
    if rule:
        clashes.append(f"From today's check-in: {rule}.")
    found = safety_warnings(routine) if warnings is None else list(warnings)
    return GateResult(routine.id, blocking, tuple(dict.fromkeys(clashes)), tuple(found))


def _with_conditions(today: CheckIn | None, conditions: Iterable[str]) -> CheckIn:
    kinds = vocabulary().condition_kinds
    standing = [c for c in conditions if kinds.get(c) in ("standing", "limitation")]
    if today is None:
        return make_checkin(conditions=standing)
    return make_checkin(today.pain, today.contexts, {*today.conditions, *standing}, today.red_flags)


def _clash_words(condition: str, checkin: CheckIn) -> str:
    vocab = vocabulary()
    if condition in checkin.contexts or (
        condition not in checkin.conditions and condition in _CONTEXT_WORDS
    ):
        what = _CONTEXT_WORDS.get(condition, vocab.conditions[condition].lower())
        return f"You have {what}: this routine is not advised for you today."
    label = vocab.conditions[condition]
    return f"You have {label[0].lower() + label[1:]}: this routine is not advised for you."
