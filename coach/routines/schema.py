"""The JSON Schema of routine files, generated from the same specs the reader uses."""

from __future__ import annotations

from typing import Any

from coach.common.fields import PRESETS, Spec, choices_for
from coach.routines.spec import (
    CUE_FIELDS,
    PATTERN_FIELDS,
    ROUTINE_FIELDS,
    SAY_FIELDS,
    STEP_FIELDS,
    TEMPO_FIELDS,
)

_DURATION_TEXT = r"^\s*((\d+(\.\d+)?\s*m(in)?)?\s*(\d+(\.\d+)?\s*s(ec)?)?|\d+(\.\d+)?)\s*$"
_PART = r"\d+(\.\d+)?s?"


def _duration(spec: Spec) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "number"}
    if spec.lo is not None:
        number["minimum"] = spec.lo
    if spec.hi is not None:
        number["maximum"] = spec.hi
    return {"anyOf": [number, {"type": "string", "pattern": _DURATION_TEXT, "minLength": 1}]}


def _pattern() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "enum": list(PRESETS)},
            {"type": "string", "pattern": rf"^{_PART}(-{_PART}){{1,3}}$"},
            _object(PATTERN_FIELDS),
        ]
    }


def _sides() -> dict[str, Any]:
    return {
        "anyOf": [
            {"const": "both"},
            {"type": "array", "items": {"enum": ["left", "right"]}, "minItems": 1, "maxItems": 2},
        ]
    }


def _field(spec: Spec) -> dict[str, Any]:
    kind = spec.kind
    out: dict[str, Any]
    if kind in ("text", "id"):
        out = {"type": "string", "minLength": 1}
        if spec.hi is not None:
            out["maxLength"] = int(spec.hi)
        if kind == "id":
            out["pattern"] = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    elif kind == "enum":
        out = {"enum": list(choices_for(spec.choices))}
    elif kind == "enum_list":
        enum = {"enum": list(choices_for(spec.choices))}
        array: dict[str, Any] = {"type": "array", "items": enum}
        if spec.required:
            array["minItems"] = 1
        out = {"anyOf": [array, enum]}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind in ("int", "number"):
        out = {"type": "integer" if kind == "int" else "number"}
        if spec.lo is not None:
            out["minimum"] = spec.lo
        if spec.hi is not None:
            out["maximum"] = spec.hi
    elif kind == "duration":
        out = _duration(spec)
    elif kind == "pattern":
        out = _pattern()
    elif kind == "tempo":
        out_spec = TEMPO_FIELDS["out"]
        out = {
            "anyOf": [
                {"type": "number", "minimum": out_spec.lo, "maximum": out_spec.hi},
                _object(TEMPO_FIELDS),
            ]
        }
    elif kind == "say":
        out = _object(SAY_FIELDS)
    elif kind == "sides":
        out = _sides()
    elif kind == "cues":
        out = {"type": "array", "items": _object(CUE_FIELDS)}
    elif kind == "steps":
        out = {"type": "array", "minItems": 1, "items": {"oneOf": [_step(k) for k in STEP_FIELDS]}}
    else:  # pragma: no cover - a new kind must be added here
        raise AssertionError(kind)
    out["description"] = spec.doc
    return out


def _object(specs: dict[str, Spec]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, s in specs.items() if s.required],
        "properties": {k: _field(s) for k, s in specs.items()},
    }


def _step(kind: str) -> dict[str, Any]:
    body = _object(STEP_FIELDS[kind])
    if kind == "breathe":  # exactly one of cycles and duration
        body["oneOf"] = [{"required": ["cycles"]}, {"required": ["duration"]}]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [kind],
        "properties": {kind: body},
        "description": f"A {kind} step.",
    }


def routine_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a routine file."""
    schema = _object(ROUTINE_FIELDS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coach.invalid/schema/routine-v1.json",
        "title": "coach routine (schema version 1)",
        **schema,
    }
