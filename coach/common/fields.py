"""Field specifications of the routine format, and the readers for each kind of value.

The same specs drive three things: reading a file (with line-accurate errors),
the JSON Schema that `coach schema` prints, and the authoring guide's field list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from coach.common.problems import Problems, did_you_mean
from coach.common.vocab import vocabulary
from coach.common.yamlsafe import YNode

INVALID = object()  # a value that was reported as a problem and must not be used

_DURATION = re.compile(
    r"^\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s(?:ec)?)?\s*$"
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Breathing presets, in seconds (DOMAIN.md section 1). ``box-no-hold`` is the
#: asthma-flare-safe variant of box breathing.
PRESETS: dict[str, tuple[float, float, float, float]] = {
    "box": (4, 4, 4, 4),
    "box-no-hold": (4, 0, 4, 0),
    "4-7-8": (4, 7, 8, 0),
    "resonance": (5, 0, 6, 0),
    "pursed-lip": (2, 0, 4, 0),
    "diaphragmatic": (4, 0, 6, 0),
}


@dataclass(frozen=True)
class Spec:
    """How one field is read: its kind, bounds and the words that document it."""

    kind: str
    doc: str
    required: bool = False
    lo: float | None = None
    hi: float | None = None
    choices: str = ""  # a vocabulary name for enum kinds
    example: Any = None


def parse_duration(value: Any) -> float | None:
    """Seconds from 12, 12.5, "30s", "1m30s", "2m"; None when it is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m and (m.group("m") or m.group("s")):
            return float(m.group("m") or 0) * 60 + float(m.group("s") or 0)
        try:
            number = float(value.strip()) if value.strip() else None
        except ValueError:
            return None
        # "nan" and "inf" parse as floats but are never durations.
        return number if number is not None and math.isfinite(number) else None
    return None


def format_seconds(seconds: float) -> str:
    """A duration as people say it: 45s, 2m, 1m30s."""
    total = round(seconds)
    m, s = divmod(total, 60)
    if m and s:
        return f"{m}m{s:02d}s"
    return f"{m}m" if m else f"{s}s"


def choices_for(name: str) -> dict[str, str]:
    v = vocabulary()
    return {
        "areas": v.areas,
        "conditions": v.conditions,
        "positions": v.positions,
        "categories": v.categories,
        "intensities": v.intensities,
        "sides": {"left": "Left", "right": "Right"},
    }[name]


def read_value(node: YNode, spec: Spec, name: str, problems: Problems) -> Any:
    """Read one scalar or list field; report problems and return INVALID on failure."""
    kind = spec.kind
    if kind in ("text", "id", "enum"):
        if node.kind != "scalar" or node.value is None or isinstance(node.value, (dict, list)):
            problems.error(node, f"{name} must be text, not {node.type_name}")
            return INVALID
        text = str(node.value).strip() if not isinstance(node.value, bool) else None
        if text is None:
            problems.error(node, f"{name} must be text, not true/false")
            return INVALID
        if not text:
            problems.error(node, f"{name} must not be empty")
            return INVALID
        if spec.hi is not None and len(text) > spec.hi:
            problems.error(
                node, f"{name} is too long ({len(text)} characters; at most {int(spec.hi)})"
            )
            return INVALID
        if kind == "id" and not _ID.match(text):
            problems.error(
                node, f"{name} {text!r} must be lowercase letters, digits and single dashes"
            )
            return INVALID
        if kind == "enum":
            options = choices_for(spec.choices)
            if text not in options:
                problems.error(
                    node,
                    f"unknown {name} {text!r}{did_you_mean(text, options)}"
                    f" (choose from: {', '.join(options)})",
                )
                return INVALID
        return text
    if kind == "bool":
        if node.kind != "scalar" or not isinstance(node.value, bool):
            problems.error(node, f"{name} must be true or false, not {node.type_name}")
            return INVALID
        return node.value
    if kind in ("int", "number", "duration"):
        return _read_number(node, spec, name, problems)
    if kind == "enum_list":
        return _read_enum_list(node, spec, name, problems)
    raise AssertionError(f"no reader for field kind {kind}")


def _read_number(node: YNode, spec: Spec, name: str, problems: Problems) -> Any:
    if node.kind != "scalar":
        problems.error(node, f"{name} must be a number, not {node.type_name}")
        return INVALID
    raw = node.value
    if spec.kind == "duration":
        value = parse_duration(raw)
        if value is None:
            problems.error(
                node,
                f'{name} {raw!r} is not a duration; write seconds like 30, "30s", "1m30s"',
            )
            return INVALID
    elif isinstance(raw, bool) or not isinstance(raw, (int, float)):
        problems.error(node, f"{name} must be a number, not {node.type_name}")
        return INVALID
    else:
        value = raw
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        problems.error(node, f"{name} must be a finite number")
        return INVALID
    if spec.kind == "int" and (isinstance(value, float) and not value.is_integer()):
        problems.error(node, f"{name} must be a whole number, not {raw}")
        return INVALID
    unit = " seconds" if spec.kind == "duration" else ""
    if spec.lo is not None and value < spec.lo:
        problems.error(node, f"{name} must be at least {_num(spec.lo)}{unit}, not {_num(value)}")
        return INVALID
    if spec.hi is not None and value > spec.hi:
        problems.error(node, f"{name} must be at most {_num(spec.hi)}{unit}, not {_num(value)}")
        return INVALID
    return int(value) if spec.kind == "int" else float(value)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _read_enum_list(node: YNode, spec: Spec, name: str, problems: Problems) -> Any:
    options = choices_for(spec.choices)
    items = node.items if node.kind == "seq" else [node] if node.kind == "scalar" else None
    if items is None:
        problems.error(node, f"{name} must be a list like [{', '.join(list(options)[:2])}]")
        return INVALID
    out: list[str] = []
    ok = True
    for item in items:
        if item.kind != "scalar" or not isinstance(item.value, str):
            problems.error(item, f"each {name} entry must be a name, not {item.type_name}")
            ok = False
            continue
        if item.value not in options:
            problems.error(
                item,
                f"unknown {spec.choices[:-1] if spec.choices.endswith('s') else spec.choices}"
                f" {item.value!r} in {name}{did_you_mean(item.value, options)}",
            )
            ok = False
            continue
        if item.value in out:
            problems.warn(item, f"{item.value!r} is listed twice in {name}")
            continue
        out.append(item.value)
    if ok and spec.required and not out:
        problems.error(node, f"{name} must list at least one {spec.choices.rstrip('s')}")
        return INVALID
    return tuple(out) if ok else INVALID


def read_mapping(
    node: YNode, specs: dict[str, Spec], where: str, problems: Problems
) -> dict[str, tuple[YNode, Any]] | None:
    """Read a mapping against its specs: unknown keys, missing keys and each value.

    Returns ``{name: (node, value)}`` for the keys that were present (value may
    be INVALID for a complex kind the caller reads itself), or None when the
    node is not a mapping at all.
    """
    if node.kind != "map":
        problems.error(node, f"{where} must be a mapping of keys to values, not {node.type_name}")
        return None
    found: dict[str, tuple[YNode, Any]] = {}
    for key, value in node.pairs:
        if key.kind != "scalar" or not isinstance(key.value, str):
            problems.error(key, f"keys in {where} must be names, not {key.type_name}")
            continue
        name = key.value
        if name in found:
            problems.error(key, f"{name!r} appears twice in {where}")
            continue
        spec = specs.get(name)
        if spec is None:
            problems.error(
                key,
                f"unknown key {name!r} in {where}{did_you_mean(name, specs)}",
            )
            continue
        if spec.kind in SIMPLE_KINDS:
            found[name] = (value, read_value(value, spec, name, problems))
        else:
            found[name] = (value, INVALID)
    for name, spec in specs.items():
        if spec.required and name not in found:
            problems.error(node, f"{where} is missing the required key {name!r}")
    return found


SIMPLE_KINDS = {"text", "id", "enum", "bool", "int", "number", "duration", "enum_list"}
