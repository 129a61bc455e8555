"""Field specifications of plan files: the reader and the JSON Schema use them."""

from __future__ import annotations

from coach.common.fields import Spec
from coach.plans.model import MAX_ITEMS, MAX_TIMES, MAX_WEEKS

PLAN_FIELDS: dict[str, Spec] = {
    "schema": Spec("int", "Format version of this file. Always 1.", True, 1, 1, example=1),
    "plan": Spec(
        "id",
        "The plan's name: lowercase letters, digits and dashes.",
        True,
        hi=64,
        example="back-care-after-asthma",
    ),
    "title": Spec(
        "text",
        "Title shown on today's list.",
        True,
        hi=80,
        example="Back care while asthma settles",
    ),
    "author": Spec("text", "Who wrote it.", hi=120, example="Jane Doe, PT"),
    "note": Spec("text", "Words for the patient, shown with the plan.", hi=600),
    "starts": Spec("date", "First day of week 1 (YYYY-MM-DD).", True, example="2026-12-01"),
    "weeks": Spec(
        "int", "How many weeks it lasts; open-ended without it.", lo=1, hi=MAX_WEEKS, example=6
    ),
    "items": Spec("items", f"The routines prescribed (1 to {MAX_ITEMS}).", True),
}

ITEM_FIELDS: dict[str, Spec] = {
    "routine": Spec(
        "id", "The routine's id (coach list).", True, hi=64, example="breathing-control"
    ),
    "days": Spec(
        "days",
        "daily (default), weekdays, weekends, or a list like [mon, wed, fri].",
        example="daily",
    ),
    "times": Spec("int", "Times a day (default 1).", lo=1, hi=MAX_TIMES, example=2),
    "weeks": Spec(
        "weeks", 'Active weeks only: "3-6", "3-" (from week 3) or 2; every week without it.'
    ),
    "note": Spec("text", "Words for the patient about this item.", hi=400),
}
