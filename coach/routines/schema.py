"""The JSON Schema of routine files, generated from the same specs the reader uses."""

from __future__ import annotations

from typing import Any

from coach.common.fields import (
    DURATION_TEXT,
    ID_TEXT,
    NOT_BLANK,
    PATTERN_TEXT,
    PRESETS,
    Spec,
    choices_for,
)
from coach.routines.model import MAX_STEPS
from coach.routines.spec import (
    CUE_FIELDS,
    PATTERN_FIELDS,
    ROUTINE_FIELDS,
    SAY_FIELDS,
    STEP_FIELDS,
    TEMPO_FIELDS,
)


def _finite(number: dict[str, Any], lo: float | None) -> dict[str, Any]:
    """Bounds, and no NaN: every comparison with NaN is false, so ``not (a number
    below lo)`` (true for any real number >= lo, and for text) refuses it."""
    if lo is not None:
        number["minimum"] = lo
        number["not"] = {"type": "number", "exclusiveMaximum": lo}
    return number


def _number(spec: Spec, kind: str = "number") -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind}
    if spec.hi is not None:
        out["maximum"] = spec.hi
    return _finite(out, spec.lo)


def _duration(spec: Spec) -> dict[str, Any]:
    """A number within bounds, or text like "1m30s": one schema, since the bounds apply
    to numbers only and the pattern to text only (editors then name the real problem)."""
    out = _number(spec)
    out.update(
        type=["number", "string"],
        pattern=f"^{DURATION_TEXT}$",
        patternErrorMessage='not a duration; write seconds like 30, "30s", "1m30s"',
    )
    return out


def _pattern() -> dict[str, Any]:
    return {
        "anyOf": [
            {"enum": list(PRESETS), "title": "a preset"},
            {
                "type": "string",
                "pattern": f"^{PATTERN_TEXT}$",
                "title": 'seconds like "4-7-8"',
                "patternErrorMessage": 'use a preset, seconds like "4-0-6", or {inhale: 4, exhale: 6}',
            },
            _object(PATTERN_FIELDS),
        ],
        "defaultSnippets": [
            {"label": "inhale, exhale", "body": {"inhale": 4, "exhale": 6}},
            {"label": "preset", "body": "box"},
        ],
    }


def _sides() -> dict[str, Any]:
    names = ["left", "right"]
    return {
        "anyOf": [
            {"enum": ["both", *names]},
            {"type": "array", "items": {"enum": names}, "minItems": 1},
        ],
        "default": ["left", "right"],
    }


def _field(spec: Spec) -> dict[str, Any]:
    kind = spec.kind
    out: dict[str, Any]
    if kind in ("text", "id"):
        out = {"type": "string", "pattern": f"^{ID_TEXT}$" if kind == "id" else NOT_BLANK}
        # yaml-language-server shows patternErrorMessage instead of the regex.
        out["patternErrorMessage"] = (
            "lowercase letters, digits and single dashes" if kind == "id" else "must not be empty"
        )
        if spec.pattern:
            out["allOf"] = [
                {"pattern": f"^(?:{spec.pattern})$", "patternErrorMessage": spec.pattern_doc}
            ]
        if spec.hi is not None:
            out["maxLength"] = int(spec.hi)
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
        out = _number(spec, "integer" if kind == "int" else "number")
    elif kind == "duration":
        out = _duration(spec)
    elif kind == "pattern":
        out = _pattern()
    elif kind == "tempo":
        out = {"anyOf": [_number(TEMPO_FIELDS["out"]), _object(TEMPO_FIELDS)]}
    elif kind == "say":
        out = _object(SAY_FIELDS)
    elif kind == "sides":
        out = _sides()
    elif kind == "cues":
        out = {"type": "array", "items": _object(CUE_FIELDS)}
    elif kind == "steps":
        out = {"type": "array", "minItems": 1, "maxItems": MAX_STEPS, "items": _steps()}
    else:  # pragma: no cover - a new kind must be added here
        raise AssertionError(kind)
    out["description"] = spec.doc
    if spec.example is not None:
        out["examples"] = [spec.example]
    if spec.default is not None:
        out["default"] = spec.default
    return out


def _object(specs: dict[str, Spec]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, s in specs.items() if s.required],
        "properties": {k: _field(s) for k, s in specs.items()},
    }


_STEP_DOCS = {
    "breathe": "Paced breathing: a pattern, for a number of cycles or a duration.",
    "hold": "A held position (a stretch), for some seconds, maybe on each side.",
    "reps": "Repeated movements: count, tempo, maybe sets and sides.",
    "rest": "A pause.",
}


def _step(kind: str) -> dict[str, Any]:
    body = _object(STEP_FIELDS[kind])
    if kind == "breathe":  # exactly one of cycles and duration
        body["oneOf"] = [{"required": ["cycles"]}, {"required": ["duration"]}]
    body["title"] = f"{kind} step"
    body["description"] = _STEP_DOCS[kind]
    return body


def step_snippet(kind: str) -> dict[str, Any]:
    """A valid step of ``kind`` with its required fields (what editors insert)."""
    body: dict[str, Any] = {}
    for name, spec in STEP_FIELDS[kind].items():
        if spec.required or (kind == "breathe" and name == "cycles"):
            body[name] = _SNIPPET_VALUES.get(name, spec.example)
    return {kind: body}


_SNIPPET_VALUES: dict[str, Any] = {
    "name": "Step name",
    "pattern": {"inhale": 4, "exhale": 6},
    "tempo": {"out": 2, "hold": 3, "back": 2},
}


def _steps() -> dict[str, Any]:
    """One step: a mapping with exactly one key, the step type (a discriminated choice).

    Unknown keys are "not allowed" (so a typo like ``stretch:`` is named), and each
    type has its own title, description and snippet.
    """
    return {
        "type": "object",
        "title": "step",
        "description": "One of: " + ", ".join(f"{k} ({d})" for k, d in _STEP_DOCS.items()),
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {k: _step(k) for k in STEP_FIELDS},
        "defaultSnippets": [
            {"label": f"{k} step", "description": _STEP_DOCS[k], "body": step_snippet(k)}
            for k in STEP_FIELDS
        ],
    }


def routine_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a routine file."""
    schema = _object(ROUTINE_FIELDS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coach.invalid/schema/routine-v1.json",
        "title": "coach routine (schema version 1)",
        **schema,
        "defaultSnippets": [{"label": "coach routine", "body": routine_snippet()}],
    }


def routine_snippet() -> dict[str, Any]:
    """A whole routine with its required keys, valid as inserted (an empty file's completion)."""
    return {
        "schema": 1,
        "title": "My routine",
        "category": "breathing",
        "targets": ["ribs"],
        "steps": [step_snippet("breathe")],
    }
