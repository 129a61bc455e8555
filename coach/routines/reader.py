"""Reading routine files: YAML text in, a `Routine` and every `Problem` out.

Pure. Every problem carries the line and column of the node it is about, and all
problems of a file are found in one pass so a therapist can fix them together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from coach.common.fields import (
    _ID,
    INVALID,
    PRESETS,
    Spec,
    parse_duration,
    read_mapping,
    read_value,
)
from coach.common.problems import Problems, did_you_mean
from coach.common.yamlsafe import YamlError, YNode, clean_scalars, compose, decode, walk_budget
from coach.routines.lint import lint
from coach.routines.model import (
    DEFAULT_PREPARE,
    DEFAULT_SWITCH_REST,
    MAX_STEPS,
    MAX_TOTAL_SECONDS,
    SCHEMA_VERSION,
    STEP_KINDS,
    Cue,
    Pattern,
    Routine,
    Step,
    Tempo,
)
from coach.routines.spec import (
    CUE_FIELDS,
    PATTERN_FIELDS,
    ROUTINE_FIELDS,
    SAY_FIELDS,
    STEP_FIELDS,
    TEMPO_FIELDS,
)


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
    return read_routine_text(raw, path, default_id)


def read_routine_text(raw: bytes | str, path: str, default_id: str = "") -> LoadResult:
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
    clean_scalars(root, problems.warn)
    routine = _read_routine(root, problems, path, default_id)
    if routine is not None:
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
    elif "id" not in found and default_id and not _ID.match(default_id):
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
        problems.error(
            node, f"steps must be a list (each item starting with '- '), not {node.type_name}"
        )
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
        problems.error(
            node,
            f"{where}: '{node.value}' needs its settings after a colon, e.g. '- {node.value}: {{...}}'",
        )
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
        pattern = (
            _read_pattern(found["pattern"][0], "pattern", problems) if "pattern" in found else None
        )
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
            cycles = v.get("cycles") or max(
                1, math.floor(v["duration"] / pattern.cycle_seconds + 0.5)
            )
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
            f'({", ".join(PRESETS)}), seconds like "4-0-6", or {{inhale: 4, exhale: 6}}',
        )
        return None
    if node.kind != "map":
        problems.error(
            node, f"{name} must be a preset name or {{inhale: 4, exhale: 6}}, not {node.type_name}"
        )
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


def _bounded_pattern(
    node: YNode, name: str, seq: list[float], problems: Problems
) -> Pattern | None:
    ok = True
    for (field_name, spec), value in zip(PATTERN_FIELDS.items(), seq, strict=False):
        if (
            not math.isfinite(value)
            or (spec.lo is not None and value < spec.lo)
            or (spec.hi is not None and value > spec.hi)
        ):
            lo = spec.lo or 0
            problems.error(
                node,
                f"{name}: {field_name} must be between {lo:g} and {spec.hi:g} seconds, not {value:g}",
            )
            ok = False
    if not ok:
        return None
    inhale, hold, exhale, hold_after = seq
    return Pattern(inhale, hold, exhale, hold_after, line=node.line, column=node.column)


def _read_tempo(node: YNode, problems: Problems) -> Tempo | None:
    if (
        node.kind == "scalar"
        and not isinstance(node.value, bool)
        and isinstance(node.value, (int, float))
    ):
        value = read_value(node, TEMPO_FIELDS["out"], "tempo", problems)
        return None if value is INVALID else Tempo(value)
    found = read_mapping(node, TEMPO_FIELDS, "tempo", problems)
    if found is None or any(v is INVALID for _, v in found.values()) or "out" not in found:
        return None
    return Tempo(
        found["out"][1], found.get("hold", (None, 0.0))[1], found.get("back", (None, 0.0))[1]
    )


def _read_sides(node: YNode, problems: Problems) -> tuple[str, ...] | None:
    if node.kind == "scalar" and node.value == "both":
        return ("left", "right")
    value = read_value(node, Spec("enum_list", "", choices="sides"), "sides", problems)
    if value is INVALID:
        return None
    if not value:
        problems.error(node, "sides is empty; write [left, right] or leave it out")
        return None
    sides: tuple[str, ...] = value
    return sides


def _read_cues(node: YNode, where: str, problems: Problems) -> tuple[Cue, ...] | None:
    if node.kind != "seq":
        problems.error(
            node,
            f'cues must be a list like - {{at: 10s, say: "Relax your jaw"}}, not {node.type_name}',
        )
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
