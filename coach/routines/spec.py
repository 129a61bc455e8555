"""Field specifications of routine files: the reader, the JSON Schema and the guide use them."""

from __future__ import annotations

from coach.common.fields import MEDIA_TEXT, PRESETS, Spec

ROUTINE_FIELDS: dict[str, Spec] = {
    "schema": Spec("int", "Format version of this file. Always 1.", True, 1, 1, example=1),
    "id": Spec(
        "id",
        "Unique name used on the command line; defaults to the file name. Lowercase, digits, dashes.",
        hi=64,
        example="rib-release",
    ),
    "title": Spec(
        "text",
        "Title shown in lists and on the player.",
        True,
        hi=80,
        example="Rib release after coughing",
    ),
    "summary": Spec(
        "text",
        "One or two sentences on what it does and who it may help.",
        hi=400,
        example="Calm breathing, then gentle rib and side stretches.",
    ),
    "category": Spec(
        "enum", "What kind of routine this is.", True, choices="categories", example="breathing"
    ),
    "targets": Spec(
        "enum_list",
        "Pain areas it may help.",
        True,
        choices="areas",
        example=["ribs", "upper-back"],
    ),
    "good_for": Spec(
        "enum_list",
        "Conditions or situations it suits.",
        choices="conditions",
        example=["asthma", "chronic-cough"],
    ),
    "avoid_with": Spec(
        "enum_list",
        "Contraindications: never suggested to someone with these; warned before play.",
        choices="conditions",
        example=["osteoporosis"],
    ),
    "positions": Spec(
        "enum_list", "Body positions used.", choices="positions", example=["sitting"]
    ),
    "intensity": Spec(
        "enum",
        "gentle (default) or moderate.",
        choices="intensities",
        example="gentle",
        default="gentle",
    ),
    "cautions": Spec(
        "text",
        "Safety words shown before the first step.",
        hi=600,
        example="Stop if the pain sharpens or you feel dizzy.",
    ),
    "author": Spec(
        "text", "Who wrote it (kept with every logged session).", hi=120, example="Jane Doe, PT"
    ),
    "version": Spec(
        "int",
        "Your version number of this routine; raise it when you change it.",
        lo=1,
        hi=10_000,
        example=3,
    ),
    "language": Spec(
        "enum",
        "Language of the text (en, es, fr, de): picks the voice and the spoken cue words.",
        choices="languages",
        example="fr",
        default="en",
    ),
    "steps": Spec("steps", "The steps, in order: breathe, hold, reps or rest.", True),
}

_COMMON: dict[str, Spec] = {
    "name": Spec("text", "Step name, shown and spoken.", True, hi=80, example="Breathing control"),
    "instruction": Spec(
        "text",
        "What to do, shown and spoken at the start.",
        hi=400,
        example="Sit supported, hand on your stomach, breathe gently.",
    ),
    "prepare": Spec(
        "duration",
        "Time to get into position before the step (default 5s).",
        lo=0,
        hi=120,
        example="5s",
        default=5,
    ),
    "cues": Spec("cues", 'Extra spoken cues: a list of {at: 10s, say: "Relax your jaw"}.'),
    "halfway": Spec(
        "bool", 'Say "Halfway" at the middle of the step.', example=True, default=False
    ),
    "media": Spec(
        "text",
        "A picture or video of the exercise: an image path relative to the routine file, "
        "or a web address (shown in the handout and the app's details).",
        hi=500,
        example="images/chin-tuck.png",
        pattern=MEDIA_TEXT,
        pattern_doc="must be a web address (https://...) or a path relative to the routine file",
    ),
}

_SWITCH_REST = Spec(
    "duration", "Time to change sides (default 5s).", lo=0, hi=120, example="5s", default=5
)

PATTERN_FIELDS: dict[str, Spec] = {
    "inhale": Spec("duration", "Seconds breathing in.", True, 1, 20, example=4),
    "hold": Spec("duration", "Seconds holding the breath in (0 for none).", lo=0, hi=30, example=0),
    "exhale": Spec("duration", "Seconds breathing out.", True, 1, 30, example=6),
    "hold_after": Spec("duration", "Seconds holding with the lungs empty.", lo=0, hi=30, example=0),
}

TEMPO_FIELDS: dict[str, Spec] = {
    "out": Spec("duration", "Seconds moving into the position.", True, 0.5, 30, example=2),
    "hold": Spec("duration", "Seconds holding the position.", lo=0, hi=60, example=3),
    "back": Spec("duration", "Seconds returning.", lo=0, hi=30, example=2),
}

SAY_FIELDS: dict[str, Spec] = {
    "out": Spec(
        "text", 'Word said at the start of each rep (default "Go").', hi=40, example="Tuck"
    ),
    "hold": Spec("text", 'Word said when holding (default "Hold").', hi=40, example="Hold"),
    "back": Spec(
        "text", 'Word said on the way back (default "And back").', hi=40, example="Release"
    ),
}

CUE_FIELDS: dict[str, Spec] = {
    "at": Spec(
        "duration",
        "When, counted from the start of the step (after prepare).",
        True,
        0,
        7200,
        example="10s",
    ),
    "say": Spec("text", "The words.", True, hi=200, example="Relax your jaw"),
}

STEP_FIELDS: dict[str, dict[str, Spec]] = {
    "breathe": {
        **_COMMON,
        "pattern": Spec(
            "pattern",
            "Seconds per phase {inhale, hold, exhale, hold_after}, a dashed "
            '"4-7-8", or a preset: ' + ", ".join(PRESETS) + ".",
            True,
        ),
        "cycles": Spec("int", "Number of breaths (or give duration).", lo=1, hi=200, example=6),
        "duration": Spec(
            "duration",
            "How long to breathe (or give cycles); rounded to whole breaths.",
            lo=5,
            hi=3600,
            example="2m",
        ),
    },
    "hold": {
        **_COMMON,
        "seconds": Spec("duration", "How long each hold lasts.", True, 1, 600, example=20),
        "sides": Spec("sides", "Do it on each side: [left, right]."),
        "reps": Spec("int", "Holds per side.", lo=1, hi=50, example=2, default=1),
        "rest": Spec("duration", "Rest between holds.", lo=0, hi=300, example="10s"),
        "switch_rest": _SWITCH_REST,
        "breathe": Spec(
            "pattern", "Optional breath pacing during the hold, e.g. {inhale: 4, exhale: 6}."
        ),
    },
    "reps": {
        **_COMMON,
        "count": Spec("int", "Repetitions per set.", True, 1, 100, example=10),
        "tempo": Spec("tempo", "Seconds per phase of one rep: {out, hold, back}.", True),
        "sets": Spec("int", "Sets per side.", lo=1, hi=10, example=1, default=1),
        "rest": Spec("duration", "Rest between sets.", lo=0, hi=300, example="15s"),
        "sides": Spec("sides", "Do it on each side: [left, right]."),
        "switch_rest": _SWITCH_REST,
        "say": Spec("say", "Words for each phase: {out: Tuck, hold: Hold, back: Release}."),
    },
    "rest": {
        "name": Spec("text", 'Step name (default "Rest").', hi=80, example="Rest"),
        "seconds": Spec("duration", "How long to rest.", True, 1, 600, example=15),
        "instruction": _COMMON["instruction"],
        "prepare": Spec("duration", "Time before the rest (default 0).", lo=0, hi=120, default=0),
        "cues": _COMMON["cues"],
        "halfway": _COMMON["halfway"],
        "media": _COMMON["media"],
    },
}
