"""The routine model (schema version 1) and the reader that turns YAML text into it.

Pure: text in, a `Routine` and a list of `Problem` out. Every problem carries the
line and column of the node it is about, and all problems of a file are found
in one pass so a therapist can fix them together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from coach.fields import INVALID, PRESETS, Spec, parse_duration, read_mapping, read_value
from coach.problems import Problems, did_you_mean
from coach.yamlsafe import YamlError, YNode, compose, decode, walk_budget

SCHEMA_VERSION = 1
MAX_TOTAL_SECONDS = 2 * 60 * 60
MAX_STEPS = 60
STEP_KINDS = ("breathe", "hold", "reps", "rest")
DEFAULT_PREPARE = 5.0
DEFAULT_SWITCH_REST = 5.0


@dataclass(frozen=True)
class Pattern:
    """One breath: seconds in, held full, out, held empty."""

    inhale: float
    hold: float
    exhale: float
    hold_after: float = 0.0
    preset: str = ""
    line: int = 0
    column: int = 0

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.hold_after

    @property
    def has_hold(self) -> bool:
        return self.hold > 0 or self.hold_after > 0

    def describe(self) -> str:
        parts = [f"in {self.inhale:g}s"]
        if self.hold:
            parts.append(f"hold {self.hold:g}s")
        parts.append(f"out {self.exhale:g}s")
        if self.hold_after:
            parts.append(f"hold {self.hold_after:g}s")
        text = ", ".join(parts)
        return f"{self.preset} ({text})" if self.preset else text


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of one repetition."""

    out: float
    hold: float = 0.0
    back: float = 0.0

    @property
    def rep_seconds(self) -> float:
        return self.out + self.hold + self.back


@dataclass(frozen=True)
class Cue:
    """Extra words said ``at`` seconds into a step's active part."""

    at: float
    say: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Step:
    """One step of a routine; ``kind`` is breathe, hold, reps or rest.

    Fields that do not apply to a kind keep their defaults.
    """

    kind: str
    name: str
    instruction: str = ""
    prepare: float = DEFAULT_PREPARE
    cues: tuple[Cue, ...] = ()
    halfway: bool = False
    # breathe
    pattern: Pattern | None = None
    cycles: int = 0
    # hold (seconds) and rest (seconds)
    seconds: float = 0.0
    breathe: Pattern | None = None
    # hold and reps
    sides: tuple[str, ...] = ()
    reps: int = 1
    rest: float = 0.0
    switch_rest: float = 0.0
    # reps
    count: int = 0
    tempo: Tempo | None = None
    sets: int = 1
    say: tuple[str, str, str] = ("", "", "")
    line: int = 0
    column: int = 0

    @property
    def active_seconds(self) -> float:
        """Seconds after the prepare time: what the step itself lasts."""
        if self.kind == "breathe":
            assert self.pattern is not None
            return self.cycles * self.pattern.cycle_seconds
        if self.kind == "rest":
            return self.seconds
        sides = max(1, len(self.sides))
        if self.kind == "hold":
            one_side = self.reps * self.seconds + (self.reps - 1) * self.rest
        else:
            assert self.tempo is not None
            one_side = self.sets * self.count * self.tempo.rep_seconds + (self.sets - 1) * self.rest
        return sides * one_side + (sides - 1) * self.switch_rest

    @property
    def total_seconds(self) -> float:
        return self.prepare + self.active_seconds

    @property
    def has_breath_hold(self) -> bool:
        p = self.pattern or self.breathe
        return bool(p and p.has_hold)


@dataclass(frozen=True)
class Routine:
    """A whole routine file, read and checked."""

    id: str
    title: str
    category: str
    steps: tuple[Step, ...]
    summary: str = ""
    targets: tuple[str, ...] = ()
    good_for: tuple[str, ...] = ()
    avoid_with: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    intensity: str = "gentle"
    cautions: str = ""
    author: str = ""
    version: int = 1
    schema: int = SCHEMA_VERSION
    path: str = ""
    id_line: int = 1
    id_column: int = 1
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def total_seconds(self) -> float:
        return sum(s.total_seconds for s in self.steps)

    @property
    def has_breath_hold(self) -> bool:
        return any(s.has_breath_hold for s in self.steps)

    @property
    def exercise_count(self) -> int:
        return sum(1 for s in self.steps if s.kind != "rest")


# ---------------------------------------------------------------- the format

ROUTINE_FIELDS: dict[str, Spec] = {
    "schema": Spec("int", "Format version of this file. Always 1.", True, 1, 1, example=1),
    "id": Spec(
        "id",
        "Unique name used on the command line; defaults to the file name. Lowercase, digits, dashes.",
        hi=64,
        example="rib-release",
    ),
    "title": Spec("text", "Title shown in lists and on the player.", True, hi=80,
                  example="Rib release after coughing"),
    "summary": Spec("text", "One or two sentences on what it does and who it may help.", hi=400,
                    example="Calm breathing, then gentle rib and side stretches."),
    "category": Spec("enum", "What kind of routine this is.", True, choices="categories",
                     example="breathing"),
    "targets": Spec("enum_list", "Pain areas it may help.", True, choices="areas",
                    example=["ribs", "upper-back"]),
    "good_for": Spec("enum_list", "Conditions or situations it suits.", choices="conditions",
                     example=["asthma", "chronic-cough"]),
    "avoid_with": Spec("enum_list",
                       "Contraindications: never suggested to someone with these; warned before play.",
                       choices="conditions", example=["osteoporosis"]),
    "positions": Spec("enum_list", "Body positions used.", choices="positions",
                      example=["sitting"]),
    "intensity": Spec("enum", "gentle (default) or moderate.", choices="intensities",
                      example="gentle"),
    "cautions": Spec("text", "Safety words shown before the first step.", hi=600,
                     example="Stop if the pain sharpens or you feel dizzy."),
    "author": Spec("text", "Who wrote it (kept with every logged session).", hi=120,
                   example="Jane Doe, PT"),
    "version": Spec("int", "Your version number of this routine; raise it when you change it.",
                    lo=1, hi=10_000, example=3),
    "steps": Spec("steps", "The steps, in order: breathe, hold, reps or rest.", True),
}

_COMMON: dict[str, Spec] = {
    "name": Spec("text", "Step name, shown and spoken.", True, hi=80, example="Breathing control"),
    "instruction": Spec("text", "What to do, shown and spoken at the start.", hi=400,
                        example="Sit supported, hand on your stomach, breathe gently."),
    "prepare": Spec("duration", "Time to get into position before the step (default 5s).",
                    lo=0, hi=120, example="5s"),
    "cues": Spec("cues", "Extra spoken cues: a list of {at: 10s, say: \"Relax your jaw\"}."),
    "halfway": Spec("bool", "Say \"Halfway\" at the middle of the step.", example=True),
}

PATTERN_FIELDS: dict[str, Spec] = {
    "inhale": Spec("duration", "Seconds breathing in.", True, 1, 20, example=4),
    "hold": Spec("duration", "Seconds holding the breath in (0 for none).", lo=0, hi=30, example=0),
    "exhale": Spec("duration", "Seconds breathing out.", True, 1, 30, example=6),
    "hold_after": Spec("duration", "Seconds holding with the lungs empty.", lo=0, hi=30,
                       example=0),
}

TEMPO_FIELDS: dict[str, Spec] = {
    "out": Spec("duration", "Seconds moving into the position.", True, 0.5, 30, example=2),
    "hold": Spec("duration", "Seconds holding the position.", lo=0, hi=60, example=3),
    "back": Spec("duration", "Seconds returning.", lo=0, hi=30, example=2),
}

SAY_FIELDS: dict[str, Spec] = {
    "out": Spec("text", "Word said at the start of each rep (default \"Go\").", hi=40,
                example="Tuck"),
    "hold": Spec("text", "Word said when holding (default \"Hold\").", hi=40, example="Hold"),
    "back": Spec("text", "Word said on the way back (default \"And back\").", hi=40,
                 example="Release"),
}

CUE_FIELDS: dict[str, Spec] = {
    "at": Spec("duration", "When, counted from the start of the step (after prepare).", True,
               0, 7200, example="10s"),
    "say": Spec("text", "The words.", True, hi=200, example="Relax your jaw"),
}

STEP_FIELDS: dict[str, dict[str, Spec]] = {
    "breathe": {
        **_COMMON,
        "pattern": Spec("pattern",
                        "Seconds per phase {inhale, hold, exhale, hold_after}, a dashed "
                        "\"4-7-8\", or a preset: " + ", ".join(PRESETS) + ".", True),
        "cycles": Spec("int", "Number of breaths (or give duration).", lo=1, hi=200, example=6),
        "duration": Spec("duration", "How long to breathe (or give cycles); rounded to whole breaths.",
                         lo=5, hi=3600, example="2m"),
    },
    "hold": {
        **_COMMON,
        "seconds": Spec("duration", "How long each hold lasts.", True, 1, 600, example=20),
        "sides": Spec("sides", "Do it on each side: [left, right]."),
        "reps": Spec("int", "Holds per side.", lo=1, hi=50, example=2),
        "rest": Spec("duration", "Rest between holds.", lo=0, hi=300, example="10s"),
        "switch_rest": Spec("duration", "Time to change sides (default 5s).", lo=0, hi=120,
                            example="5s"),
        "breathe": Spec("pattern", "Optional breath pacing during the hold, e.g. {inhale: 4, exhale: 6}."),
    },
    "reps": {
        **_COMMON,
        "count": Spec("int", "Repetitions per set.", True, 1, 100, example=10),
        "tempo": Spec("tempo", "Seconds per phase of one rep: {out, hold, back}.", True),
        "sets": Spec("int", "Sets per side.", lo=1, hi=10, example=1),
        "rest": Spec("duration", "Rest between sets.", lo=0, hi=300, example="15s"),
        "sides": Spec("sides", "Do it on each side: [left, right]."),
        "switch_rest": Spec("duration", "Time to change sides (default 5s).", lo=0, hi=120,
                            example="5s"),
        "say": Spec("say", "Words for each phase: {out: Tuck, hold: Hold, back: Release}."),
    },
    "rest": {
        "name": Spec("text", "Step name (default \"Rest\").", hi=80, example="Rest"),
        "seconds": Spec("duration", "How long to rest.", True, 1, 600, example=15),
        "instruction": _COMMON["instruction"],
        "prepare": Spec("duration", "Time before the rest (default 0).", lo=0, hi=120),
        "cues": _COMMON["cues"],
        "halfway": _COMMON["halfway"],
    },
}


# ------------------------------------------------------------------- reading

@dataclass(frozen=True)
class LoadResult:
    """What reading one file gave: a routine if it had no errors, and every problem."""

    routine: Routine | None
    problems: list[Any]

    @property
    def errors(self) -> list[Any]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Any]:
        return [p for p in self.problems if p.severity == "warning"]


def parse_routine(raw: bytes | str, path: str, default_id: str = "") -> LoadResult:
    """Read routine text; ``path`` names the file in messages, ``default_id`` is its stem."""
    problems = Problems(path)
    try:
        text = decode(raw) if isinstance(raw, bytes) else raw
        if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > 256 * 1024:
            decode(raw.encode("utf-8", "surrogatepass"))
        root = compose(text)
        if root is not None:
            walk_budget(root)
    except YamlError as exc:
        hint = f"; {exc.hint}" if exc.hint else ""
        problems.error(_Pos(exc.line, exc.column), exc.message + hint)
        return LoadResult(None, problems.items)
    if root is None or (root.kind == "scalar" and root.value is None):
        problems.error(_Pos(1, 1), "the file is empty; start from `coach new ID` for a template")
        return LoadResult(None, problems.items)
    if root.kind != "map":
        problems.error(
            root,
            f"a routine file must be a mapping (keys like 'title:' and 'steps:'), not {root.type_name}",
        )
        return LoadResult(None, problems.items)
    routine = _read_routine(root, problems, path, default_id)
    if routine is not None:
        from coach.lint import lint  # local: lint imports this module

        lint(routine, problems)
    problems.items.sort(key=lambda p: (p.line, p.column))
    if problems.errors:
        return LoadResult(None, problems.items)
    return LoadResult(routine, problems.items)


@dataclass(frozen=True)
class _Pos:
    line: int
    column: int


def _read_routine(root: YNode, problems: Problems, path: str, default_id: str) -> Routine | None:
    found = read_mapping(root, ROUTINE_FIELDS, "the routine", problems)
    assert found is not None
    values = {k: v for k, (_, v) in found.items() if v is not INVALID}
    if "schema" not in found:
        pass  # reported as missing
    id_node = found.get("id", (root, None))[0]
    rid = values.get("id") or default_id
    if not rid and "id" not in found:
        problems.error(root, "the routine has no id; add 'id: my-routine'")
    elif "id" not in found and default_id:
        from coach.fields import _ID

        if not _ID.match(default_id):
            problems.error(
                _Pos(1, 1),
                f"the file name {default_id!r} is not a valid id; rename the file "
                "(lowercase, digits, dashes) or add an 'id:' key",
            )
    steps: list[Step] = []
    if "steps" in found:
        steps_node = found["steps"][0]
        steps = _read_steps(steps_node, problems)
    total = sum(s.total_seconds for s in steps)
    if total > MAX_TOTAL_SECONDS:
        node = found["steps"][0] if "steps" in found else root
        problems.error(
            node,
            f"the routine lasts {total / 60:.0f} minutes; the limit is "
            f"{MAX_TOTAL_SECONDS // 60} minutes (check the cycles, reps and seconds)",
        )
    if problems.errors:
        return None
    return Routine(
        id=rid,
        title=values["title"],
        category=values["category"],
        steps=tuple(steps),
        summary=values.get("summary", ""),
        targets=values.get("targets", ()),
        good_for=values.get("good_for", ()),
        avoid_with=values.get("avoid_with", ()),
        positions=values.get("positions", ()),
        intensity=values.get("intensity", "gentle"),
        cautions=values.get("cautions", ""),
        author=values.get("author", ""),
        version=values.get("version", 1),
        schema=values.get("schema", SCHEMA_VERSION),
        path=path,
        id_line=id_node.line,
        id_column=id_node.column,
    )


def _read_steps(node: YNode, problems: Problems) -> list[Step]:
    if node.kind != "seq":
        problems.error(node, f"steps must be a list (each item starting with '- '), not {node.type_name}")
        return []
    if not node.items:
        problems.error(node, "steps is empty; add at least one step")
        return []
    if len(node.items) > MAX_STEPS:
        problems.error(node, f"too many steps ({len(node.items)}; at most {MAX_STEPS})")
        return []
    steps = []
    for n, item in enumerate(node.items, 1):
        step = _read_step(item, n, problems)
        if step is not None:
            steps.append(step)
    return steps


def _read_step(node: YNode, n: int, problems: Problems) -> Step | None:
    where = f"step {n}"
    if node.kind == "scalar" and isinstance(node.value, str) and node.value in STEP_KINDS:
        problems.error(node, f"{where}: '{node.value}' needs its settings after a colon, e.g. '- {node.value}: {{...}}'")
        return None
    if node.kind != "map" or len(node.pairs) != 1:
        kinds = ", ".join(STEP_KINDS)
        if node.kind == "map" and len(node.pairs) > 1:
            extra = node.pairs[1][0]
            problems.error(
                extra,
                f"{where} has more than one kind; each step is one of {kinds} "
                "(indent its settings under it)",
            )
        else:
            problems.error(node, f"{where} must be one of {kinds}, like '- breathe: {{...}}'")
        return None
    key, body = node.pairs[0]
    kind = key.value
    if kind not in STEP_KINDS:
        problems.error(
            key,
            f"unknown step kind {kind!r}{did_you_mean(kind, STEP_KINDS)}"
            f" (choose from: {', '.join(STEP_KINDS)})",
        )
        return None
    where = f"step {n} ({kind})"
    specs = STEP_FIELDS[kind]
    found = read_mapping(body, specs, where, problems)
    if found is None:
        return None
    v = {k: val for k, (_, val) in found.items() if val is not INVALID}
    ok = all(val is not INVALID for k, (_, val) in found.items() if specs[k].kind in _SIMPLE)
    fields: dict[str, Any] = {
        "kind": kind,
        "name": v.get("name", "Rest" if kind == "rest" else ""),
        "instruction": v.get("instruction", ""),
        "prepare": v.get("prepare", 0.0 if kind == "rest" else DEFAULT_PREPARE),
        "halfway": v.get("halfway", False),
        "line": key.line,
        "column": key.column,
    }
    if kind == "breathe":
        pattern = _read_pattern(found["pattern"][0], "pattern", problems) if "pattern" in found else None
        ok = ok and pattern is not None
        has_cycles, has_duration = "cycles" in found, "duration" in found
        if has_cycles and has_duration:
            problems.error(found["duration"][0], f"{where}: give cycles or duration, not both")
            ok = False
        elif not has_cycles and not has_duration:
            problems.error(key, f"{where} needs 'cycles' (number of breaths) or 'duration'")
            ok = False
        if ok and pattern is not None:
            # Whole breaths, halves rounded up (Python's round() would round them to even).
            cycles = v.get("cycles") or max(1, math.floor(v["duration"] / pattern.cycle_seconds + 0.5))
            fields.update(pattern=pattern, cycles=cycles)
    elif kind == "rest":
        fields["seconds"] = v.get("seconds", 0.0)
    else:
        sides = _read_sides(found["sides"][0], problems) if "sides" in found else ()
        ok = ok and sides is not None
        fields.update(
            sides=sides or (),
            rest=v.get("rest", 0.0),
            switch_rest=v.get("switch_rest", DEFAULT_SWITCH_REST if sides else 0.0),
        )
        if kind == "hold":
            pacing = None
            if "breathe" in found:
                pacing = _read_pattern(found["breathe"][0], "breathe", problems)
                ok = ok and pacing is not None
            fields.update(seconds=v.get("seconds", 0.0), reps=v.get("reps", 1), breathe=pacing)
        else:
            tempo = _read_tempo(found["tempo"][0], problems) if "tempo" in found else None
            ok = ok and tempo is not None
            say = ("", "", "")
            if "say" in found:
                words = read_mapping(found["say"][0], SAY_FIELDS, f"{where} say", problems)
                if words is None or any(w is INVALID for _, w in words.values()):
                    ok = False
                else:
                    say = tuple(words.get(k, (None, ""))[1] for k in ("out", "hold", "back"))  # type: ignore[assignment]
            fields.update(count=v.get("count", 1), tempo=tempo, sets=v.get("sets", 1), say=say)
    cues: tuple[Cue, ...] = ()
    if "cues" in found:
        read = _read_cues(found["cues"][0], where, problems)
        ok = ok and read is not None
        cues = read or ()
    if not ok:
        return None
    step = Step(**fields, cues=cues)
    for cue in cues:
        if cue.at >= step.active_seconds:
            problems.error(
                cue,
                f"{where}: cue at {cue.at:g}s is past the end of the step "
                f"({step.active_seconds:g}s after prepare)",
            )
    return step


_SIMPLE = {"text", "id", "enum", "bool", "int", "number", "duration", "enum_list"}


def _read_pattern(node: YNode, name: str, problems: Problems) -> Pattern | None:
    if node.kind == "scalar" and isinstance(node.value, str):
        text = node.value.strip().lower()
        if text in PRESETS:
            return Pattern(*PRESETS[text], preset=text, line=node.line, column=node.column)
        parts = text.split("-")
        numbers = [parse_duration(p) for p in parts]
        if 2 <= len(parts) <= 4 and all(x is not None for x in numbers):
            seq = [float(x) for x in numbers if x is not None]
            if len(seq) == 2:
                seq = [seq[0], 0.0, seq[1], 0.0]
            elif len(seq) == 3:
                seq.append(0.0)
            return _bounded_pattern(node, name, seq, problems)
        problems.error(
            node,
            f"unknown {name} {node.value!r}{did_you_mean(text, PRESETS)}; use a preset "
            f"({', '.join(PRESETS)}), seconds like \"4-0-6\", or {{inhale: 4, exhale: 6}}",
        )
        return None
    if node.kind != "map":
        problems.error(node, f"{name} must be a preset name or {{inhale: 4, exhale: 6}}, not {node.type_name}")
        return None
    found = read_mapping(node, PATTERN_FIELDS, name, problems)
    if found is None or any(v is INVALID for _, v in found.values()):
        return None
    if "inhale" not in found or "exhale" not in found:
        return None
    return Pattern(
        found["inhale"][1],
        found.get("hold", (None, 0.0))[1],
        found["exhale"][1],
        found.get("hold_after", (None, 0.0))[1],
        line=node.line,
        column=node.column,
    )


def _bounded_pattern(node: YNode, name: str, seq: list[float], problems: Problems) -> Pattern | None:
    ok = True
    for (field_name, spec), value in zip(PATTERN_FIELDS.items(), seq):
        if not math.isfinite(value) or (spec.lo is not None and value < spec.lo) or (
            spec.hi is not None and value > spec.hi
        ):
            lo = spec.lo or 0
            problems.error(
                node,
                f"{name}: {field_name} must be between {lo:g} and {spec.hi:g} seconds, not {value:g}",
            )
            ok = False
    return Pattern(*seq, line=node.line, column=node.column) if ok else None


def _read_tempo(node: YNode, problems: Problems) -> Tempo | None:
    if node.kind == "scalar" and not isinstance(node.value, bool) and isinstance(node.value, (int, float)):
        value = read_value(node, TEMPO_FIELDS["out"], "tempo", problems)
        return None if value is INVALID else Tempo(value)
    found = read_mapping(node, TEMPO_FIELDS, "tempo", problems)
    if found is None or any(v is INVALID for _, v in found.values()) or "out" not in found:
        return None
    return Tempo(found["out"][1], found.get("hold", (None, 0.0))[1], found.get("back", (None, 0.0))[1])


def _read_sides(node: YNode, problems: Problems) -> tuple[str, ...] | None:
    if node.kind == "scalar" and node.value == "both":
        return ("left", "right")
    value = read_value(node, Spec("enum_list", "", choices="sides"), "sides", problems)
    if value is INVALID:
        return None
    if not value:
        problems.error(node, "sides is empty; write [left, right] or leave it out")
        return None
    return value


def _read_cues(node: YNode, where: str, problems: Problems) -> tuple[Cue, ...] | None:
    if node.kind != "seq":
        problems.error(node, f"cues must be a list like - {{at: 10s, say: \"Relax your jaw\"}}, not {node.type_name}")
        return None
    cues = []
    ok = True
    for item in node.items:
        found = read_mapping(item, CUE_FIELDS, f"{where} cue", problems)
        if found is None or any(v is INVALID for _, v in found.values()):
            ok = False
            continue
        if "at" in found and "say" in found:
            cues.append(Cue(found["at"][1], found["say"][1], item.line, item.column))
        else:
            ok = False
    return tuple(sorted(cues, key=lambda c: c.at)) if ok else None
