"""The JSON Schema of plan files, from the same specs the reader uses (for editors)."""

from __future__ import annotations

from typing import Any

from coach.common.fields import SIMPLE_KINDS, Spec
from coach.plans.model import DAY_SETS, MAX_ITEMS, WEEKDAYS
from coach.plans.spec import ITEM_FIELDS, PLAN_FIELDS
from coach.routines.schema import _field as field_schema


def _field(spec: Spec) -> dict[str, Any]:
    if spec.kind in SIMPLE_KINDS:
        return field_schema(spec)  # the same words and bounds as routine files
    out: dict[str, Any] = {"description": spec.doc}
    if spec.kind == "date":
        out.update(type="string", format="date")
    elif spec.kind == "days":
        out["anyOf"] = [
            {"enum": list(DAY_SETS)},
            {"type": "array", "items": {"enum": list(WEEKDAYS)}, "minItems": 1},
        ]
    elif spec.kind == "weeks":
        out["anyOf"] = [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": r"^\s*\d+\s*(-\s*\d*)?\s*$"},
        ]
    elif spec.kind == "items":
        out.update(type="array", minItems=1, maxItems=MAX_ITEMS, items=_object(ITEM_FIELDS))
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


def _object(specs: dict[str, Spec]) -> dict[str, Any]:
    required = [k for k, s in specs.items() if s.required]
    fields = {k: _field(s) for k, s in specs.items()}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": fields,
    }


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for a coach plan file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach plan",
        **_object(PLAN_FIELDS),
    }
