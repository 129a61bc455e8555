"""Every built-in routine validates cleanly, fits its time budget and passes the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from coach.locations import builtin_routines_dir
from coach.playback.timeline import compile_routine
from coach.routines.library import load_library
from coach.routines.reader import parse_routine
from coach.routines.schema import routine_schema

FILES = sorted(builtin_routines_dir().glob("*.yaml"))
REQUIRED = {
    "diaphragmatic-breathing",
    "pursed-lip-breathing",
    "box-breathing",
    "box-breathing-no-hold",
    "resonance-breathing",
    "lateral-costal-breathing",
    "breathing-control",
    "chair-thoracic-extension",
    "open-book",
    "seated-rotation",
    "side-rib-stretch",
    "doorway-pec-stretch",
    "cat-cow",
    "chin-tucks",
    "scapular-retraction",
    "wall-angels",
    "seated-posture-reset",
    "inhaler-posture",
    "asthma-back-relief",
    "after-coughing-fit",
    "lupus-morning-mobility",
    "osteoporosis-safe-posture",
}


def test_the_library_ships_the_required_routines():
    assert len(FILES) >= 14
    assert {p.stem for p in FILES} >= REQUIRED


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_builtin_is_valid_without_warnings_and_3_to_12_minutes(path: Path):
    result = parse_routine(path.read_bytes(), str(path), path.stem)
    assert [str(p) for p in result.problems] == []
    r = result.routine
    assert 3 * 60 <= compile_routine(r).total <= 12 * 60
    assert r.targets and r.summary and r.cautions and r.author
    assert "treat" not in (r.summary + r.cautions).lower()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_builtin_passes_the_json_schema(path: Path):
    jsonschema.validate(yaml.safe_load(path.read_text()), routine_schema())


def test_json_schema_is_itself_valid_and_rejects_typos():
    schema = routine_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = yaml.safe_load(FILES[0].read_text())
    doc["sumary"] = "typo"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    json.dumps(schema)  # serialisable


def test_asthma_flare_routines_have_no_breath_holds_and_are_upright():
    lib = load_library()
    flare = [r for r in lib.routines if "asthma-flare" in r.good_for]
    assert flare, "at least one routine suits an asthma flare"
    for r in flare:
        assert not r.has_breath_hold, r.id
        assert set(r.positions) <= {"sitting", "standing"}, r.id


def test_osteoporosis_blocks_flexion_and_twists():
    lib = load_library()
    assert "osteoporosis" in lib.get("cat-cow").routine.avoid_with
    assert "osteoporosis" not in lib.get("osteoporosis-safe-posture").routine.avoid_with


@pytest.mark.parametrize(
    "text, ok",
    [
        ("pattern: 4s-6s", True),
        ("pattern: box", True),
        ("pattern: 4-0-6", True),
        ("duration: '90'", True),
        ("duration: 1m30s", True),
    ],
)
def test_schema_accepts_the_spellings_the_reader_accepts(text, ok):
    from tests.test_routine_errors import GOOD

    doc_text = GOOD.replace(
        "pattern: {inhale: 4, exhale: 6}",
        text if "pattern" in text else "pattern: {inhale: 4, exhale: 6}",
    )
    if "duration" in text:
        doc_text = doc_text.replace("cycles: 6", text)
    assert parse_routine(doc_text, "r.yaml", "r").errors == []
    jsonschema.validate(yaml.safe_load(doc_text), routine_schema())


def test_schema_requires_cycles_or_duration():
    from tests.test_routine_errors import GOOD

    doc = yaml.safe_load(GOOD.replace("      cycles: 6\n", ""))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, routine_schema())
