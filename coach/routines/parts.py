"""The compound values of a step: breathing patterns, tempo, sides and cues. Pure."""

from __future__ import annotations

import math
import re

from coach.common.fields import (
    INVALID,
    PATTERN_TEXT,
    PRESETS,
    Spec,
    parse_duration,
    read_mapping,
    read_value,
)
from coach.common.problems import Problems, did_you_mean
from coach.common.yamlsafe import YNode
from coach.routines.model import Cue, Pattern, Tempo
from coach.routines.spec import CUE_FIELDS, PATTERN_FIELDS, TEMPO_FIELDS

_PATTERN = re.compile(PATTERN_TEXT)


def read_pattern(node: YNode, name: str, problems: Problems) -> Pattern | None:
    if node.kind == "scalar" and isinstance(node.value, str):
        text = node.value
        if text in PRESETS:
            return Pattern(*PRESETS[text], preset=text, line=node.line, column=node.column)
        numbers = [parse_duration(p) for p in text.split("-")]
        if _PATTERN.fullmatch(text):
            seq = [float(x) for x in numbers if x is not None]
            if len(seq) == 2:
                seq = [seq[0], 0.0, seq[1], 0.0]
            elif len(seq) == 3:
                seq.append(0.0)
            return _bounded_pattern(node, name, seq, problems)
        problems.error(
            node,
            f"unknown {name} {node.value!r}{did_you_mean(text.strip().lower(), PRESETS)}; use a preset "
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


def read_tempo(node: YNode, problems: Problems) -> Tempo | None:
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


def read_sides(node: YNode, problems: Problems) -> tuple[str, ...] | None:
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


def read_cues(node: YNode, where: str, problems: Problems) -> tuple[Cue, ...] | None:
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
