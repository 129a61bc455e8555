"""The pain check-in: where it hurts and how much, today's context, standing conditions
and the answers to the red-flag questions (DOMAIN.md sections 4 and 5).

Pure: plain values in, a validated frozen `CheckIn` out, or a `CheckInError`
that names the field and carries a did-you-mean hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coach import data
from coach.common.problems import did_you_mean
from coach.common.vocab import vocabulary

PAIN_MIN, PAIN_MAX = 0, 10

#: Condition kinds allowed under ``conditions`` (remembered) and ``contexts`` (today).
CONDITION_KINDS = ("standing", "limitation")
CONTEXT_KINDS = ("context",)

# A context implies its standing condition (a lupus flare means lupus), so a
# routine marked avoid_with lupus is never offered on a lupus-flare day.
_IMPLIED_BY_CONTEXT = {"asthma-flare": "asthma", "lupus-flare": "lupus"}
# Pain in an area implies the matching limitation, so avoid_with rib-pain works
# from the pain scores alone.
_IMPLIED_BY_AREA = {"ribs": "rib-pain", "shoulders": "shoulder-pain"}


class CheckInError(ValueError):
    """A check-in value that is not allowed: ``field`` names where, ``hint`` says what to do."""

    def __init__(self, field_name: str, message: str, hint: str = "") -> None:
        super().__init__(f"{message} ({hint})" if hint else message)
        self.field = field_name
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class CheckIn:
    """One check-in. Build it with `make_checkin` (which validates) or directly (validated too).

    - ``pain``: area id -> 0-10 (only areas the person scored; 0 means "no pain there")
    - ``contexts``: what is true today (asthma-flare, after-coughing-fit, lupus-flare,
      morning-stiffness)
    - ``conditions``: standing conditions and limitations (asthma, lupus, sore-wrists, ...)
    - ``red_flags``: red-flag question id -> the answer (True = yes); unanswered ids are absent
    """

    pain: Mapping[str, int] = field(default_factory=dict, hash=False)
    contexts: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    red_flags: Mapping[str, bool] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        vocab = vocabulary()
        pain = dict(self.pain)
        for area, score in pain.items():
            _check_area(area, "pain")
            _check_score(area, score)
        # Keep the vocabulary's order so output and storage are stable.
        ordered = {a: int(pain[a]) for a in vocab.areas if a in pain}
        object.__setattr__(self, "pain", ordered)
        object.__setattr__(self, "contexts", _conditions(self.contexts, "contexts", CONTEXT_KINDS))
        object.__setattr__(
            self, "conditions", _conditions(self.conditions, "conditions", CONDITION_KINDS)
        )
        answers = {}
        known = red_flag_ids()
        for key, value in dict(self.red_flags).items():
            if key not in known:
                # Refused, not ignored: a typo must never hide a warning sign.
                hint = did_you_mean(key, known).lstrip("; ")
                raise CheckInError(
                    "red_flags",
                    f"unknown red-flag id {key!r}",
                    hint or "see 'coach suggest --list-red-flags'",
                )
            if not isinstance(value, bool):
                raise CheckInError(
                    "red_flags", f"the answer to red flag {key!r} must be yes or no (True/False)"
                )
            answers[key] = value
        object.__setattr__(self, "red_flags", dict(sorted(answers.items())))

    @property
    def painful_areas(self) -> dict[str, int]:
        """Areas with a score above 0, in vocabulary order."""
        return {a: s for a, s in self.pain.items() if s > 0}

    @property
    def max_pain(self) -> int:
        """The highest score given (0 when none)."""
        return max(self.pain.values(), default=0)

    @property
    def yes_flags(self) -> frozenset[str]:
        """Ids of the red-flag questions answered yes."""
        return frozenset(k for k, v in self.red_flags.items() if v)

    @property
    def present(self) -> frozenset[str]:
        """Every condition id that applies today: conditions, contexts and what they imply."""
        out = set(self.conditions) | set(self.contexts)
        out |= {_IMPLIED_BY_CONTEXT[c] for c in self.contexts if c in _IMPLIED_BY_CONTEXT}
        out |= {_IMPLIED_BY_AREA[a] for a in self.painful_areas if a in _IMPLIED_BY_AREA}
        return frozenset(out)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (for storage and `--json`)."""
        return {
            "pain": dict(self.pain),
            "contexts": sorted(self.contexts),
            "conditions": sorted(self.conditions),
            "red_flags": dict(self.red_flags),
        }


def red_flag_ids() -> tuple[str, ...]:
    """Ids of the red-flag questions in ``coach/data/red_flags.yaml``, in file order."""
    return tuple(str(q["id"]) for q in data.load("red_flags")["questions"])


def make_checkin(
    pain: Mapping[str, int] | None = None,
    contexts: Iterable[str] = (),
    conditions: Iterable[str] = (),
    red_flags: Mapping[str, bool] | Iterable[str] = (),
) -> CheckIn:
    """A validated check-in; ``red_flags`` may be a mapping of answers or the ids answered yes."""
    if isinstance(red_flags, Mapping):
        answers = dict(red_flags)
    else:
        answers = dict.fromkeys(red_flags, True)
    return CheckIn(
        pain=dict(pain or {}),
        contexts=frozenset(contexts),
        conditions=frozenset(conditions),
        red_flags=answers,
    )


def checkin_from_dict(raw: Mapping[str, Any]) -> CheckIn:
    """The inverse of `CheckIn.as_dict` (for reading stored check-ins back)."""
    return make_checkin(
        pain=raw.get("pain") or {},
        contexts=raw.get("contexts") or (),
        conditions=raw.get("conditions") or (),
        red_flags=raw.get("red_flags") or {},
    )


def parse_pain(text: str) -> tuple[str, int]:
    """``"upper-back=6"`` -> ``("upper-back", 6)``; a `CheckInError` with a hint otherwise."""
    area, sep, value = text.partition("=")
    area, value = area.strip(), value.strip()
    if not sep or not area:
        raise CheckInError("pain", f"{text!r} must be AREA=N", "for example upper-back=6")
    _check_area(area, "pain", shown=text)
    try:
        score = int(value)
    except ValueError:
        raise CheckInError(
            "pain",
            f"pain {value!r} for {area} is not a whole number",
            f"use 0 to 10, e.g. {area}=4",
        ) from None
    _check_score(area, score)
    return area, score


def _check_area(area: object, field_name: str, shown: str = "") -> None:
    areas = vocabulary().areas
    if area not in areas:
        where = f" in {shown!r}" if shown else ""
        hint = did_you_mean(area, areas).lstrip("; ")
        raise CheckInError(
            field_name,
            f"unknown area {area!r}{where}",
            hint or f"choose from: {', '.join(areas)}",
        )


def _check_score(area: str, score: object) -> None:
    whole = isinstance(score, int) or (isinstance(score, float) and score.is_integer())
    if isinstance(score, bool) or not whole:
        raise CheckInError(
            "pain", f"pain for {area} must be a whole number, not {score!r}", "use 0 to 10"
        )
    if not PAIN_MIN <= score <= PAIN_MAX:  # type: ignore[operator]
        raise CheckInError(
            "pain",
            f"pain for {area} must be from {PAIN_MIN} to {PAIN_MAX}, not {score}",
            "0 is no pain, 10 the worst imaginable",
        )


def _conditions(values: Iterable[str], field_name: str, kinds: tuple[str, ...]) -> frozenset[str]:
    vocab = vocabulary()
    allowed = [c for c, k in vocab.condition_kinds.items() if k in kinds]
    out = set()
    for value in values:
        if value in allowed:
            out.add(value)
            continue
        singular = field_name[:-1]
        if value in vocab.condition_kinds:
            # The right word under the wrong heading: say where it belongs.
            other = "context" if vocab.condition_kinds[value] == "context" else "condition"
            raise CheckInError(
                field_name,
                f"{value!r} is a {other}, not a {singular}",
                f"use --{other} {value}",
            )
        hint = did_you_mean(value, allowed).lstrip("; ")
        raise CheckInError(
            field_name,
            f"unknown {singular} {value!r}",
            hint or f"choose from: {', '.join(allowed)}",
        )
    return frozenset(out)
