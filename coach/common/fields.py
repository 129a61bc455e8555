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

INVALID = object()
_YES_NO = {
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
}  # a value that was reported as a problem and must not be used

# The text forms, written once for the reader (re.fullmatch) and the JSON Schema
# (ECMA-262 "^...$"): ASCII digits and spaces only, so both read them the same.
_NUM = r"[0-9]+(?:\.[0-9]+)?"
#: A duration written as text: "30", "30s", "30 sec", "2m", "1m30s", "1 min 30 sec".
DURATION_TEXT = (
    rf"[ \t]*(?:({_NUM})[ \t]*m(?:in)?(?:[ \t]*({_NUM})[ \t]*s(?:ec)?)?"
    rf"|({_NUM})[ \t]*s(?:ec)?|({_NUM}))[ \t]*"
)
#: A breathing pattern written as seconds: "4-6", "4-7-8", "4s - 4s - 4s - 4s".
PATTERN_TEXT = rf"{DURATION_TEXT}(?:-{DURATION_TEXT}){{1,3}}"
#: Text that is not blank (the reader strips these spaces around text).
NOT_BLANK = r"[^ \t\r\n]"
ID_TEXT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: A step's picture or video: a web address, or a path (relative to the routine file).
MEDIA_TEXT = r"https?://[^ \t\r\n]+|(?![A-Za-z][A-Za-z0-9+.-]*:)[^ \t\r\n].*"
#: Languages a routine may be written in: its text is spoken by a voice for it,
#: and the fixed cue words come from coach.voice.words.
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}
_DURATION = re.compile(DURATION_TEXT)
_ID = re.compile(ID_TEXT)

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
    default: Any = None  # what the reader uses when the key is left out
    pattern: str = ""  # text kinds: the whole text must match (a regex, see above)
    pattern_doc: str = ""  # what a text that does not match is told


def parse_duration(value: Any) -> float | None:
    """Seconds from 12, 12.5, "30s", "1m30s", "2m"; None when it is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _DURATION.fullmatch(value)
        if not m:
            return None
        minutes, after, seconds, bare = m.groups()
        return float(minutes or 0) * 60 + float(after or seconds or bare or 0)
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
        "languages": LANGUAGES,
    }[name]


def read_value(node: YNode, spec: Spec, name: str, problems: Problems) -> Any:
    """Read one scalar or list field; report problems and return INVALID on failure."""
    kind = spec.kind
    if kind in ("text", "id", "enum"):
        # Text is text: a number or true/false is read differently by editors (YAML 1.2)
        # and would show as something else than was written, so it is quoted.
        raw = node.value
        if node.kind != "scalar" or not isinstance(raw, str):
            quote = (
                f'; put it in quotes: {name}: "..."'
                if node.kind == "scalar" and raw is not None
                else ""
            )
            problems.error(node, f"{name} must be text, not {node.type_name}{quote}")
            return INVALID
        text = raw.strip(" \t\r\n")
        if not text:
            problems.error(node, f"{name} must not be empty")
            return INVALID
        if spec.hi is not None and len(raw) > spec.hi:
            problems.error(
                node, f"{name} is too long ({len(raw)} characters; at most {int(spec.hi)})"
            )
            return INVALID
        if kind in ("id", "enum"):
            text = raw
        if spec.pattern and not re.fullmatch(spec.pattern, raw):
            problems.error(node, f"{name} {raw!r} {spec.pattern_doc}")
            return INVALID
        if kind == "id" and not _ID.fullmatch(text):
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
            said = node.value if node.kind == "scalar" and isinstance(node.value, str) else ""
            hint = (
                f"; write true or false ({said} is read as text)" if said.lower() in _YES_NO else ""
            )
            problems.error(node, f"{name} must be true or false, not {node.type_name}{hint}")
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
            clock = isinstance(raw, str) and ":" in raw
            problems.error(
                node,
                f"{name} {raw!r} is not a duration; write "
                + (
                    'minutes and seconds as "1m30s"' if clock else 'seconds like 30, "30s", "1m30s"'
                ),
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
