"""`coach suggest` in a real subprocess: output, --json shape, exit codes, config and the log."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from coach.care.safety import red_flags
from tests.conftest import run_coach


def suggest_json(*args: str, code: int = 0, env=None) -> dict:
    out = run_coach("suggest", *args, "--json", env=env)
    assert out.returncode == code, out.stderr
    return json.loads(out.stdout)


def one_line_error(out, *words: str) -> None:
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("coach: error: ")
    assert "Traceback" not in out.stderr
    for w in words:
        assert w in lines[0], lines[0]


def builtin_ids() -> set[str]:
    out = run_coach("list", "--json")
    return {r["id"] for r in json.loads(out.stdout)}


def test_a_clear_checkin_prints_suggestions_with_reasons_and_exits_0():
    out = run_coach("suggest", "--pain", "upper-back=6", "ribs=4")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "No warning signs in your answers." in text
    assert "Routines that may help:" in text
    assert "1. " in text and "targets your upper back (6/10)" in text
    assert "not medical advice" in text
    assert "Stop and rest if your pain rises by 2 points" in text
    assert "coach play " in text


def test_json_shape_follows_design():
    data = suggest_json(
        "--pain", "upper-back=6", "--context", "morning-stiffness", "--condition", "asthma"
    )
    assert {"verdict", "suggestions"} <= set(data)
    assert {"level", "advice"} <= set(data["verdict"])
    assert data["verdict"]["level"] == "clear"
    assert 1 <= len(data["suggestions"]) <= 3
    known = builtin_ids()
    for s in data["suggestions"]:
        assert set(s) == {"id", "title", "score", "reasons"}
        assert s["id"] in known
        assert isinstance(s["score"], (int, float))
        assert s["reasons"] and all(isinstance(r, str) for r in s["reasons"])
    assert data["checkin"] == {
        "pain": {"upper-back": 6},
        "contexts": ["morning-stiffness"],
        "conditions": ["asthma"],
        "red_flags": {},
    }
    assert "Stop and rest" in data["stop_rule"]


@pytest.mark.parametrize(
    "flag, level",
    [
        ("saddle-numbness", "emergency"),
        ("asthma-attack", "emergency"),
        ("fever", "urgent"),
        ("rib-pain-after-cough", "urgent"),
    ],
)
def test_emergency_and_urgent_exit_1_with_advice_and_no_exercise(flag, level):
    data = suggest_json("--pain", "ribs=5", "--red-flag", flag, code=1)
    assert data["verdict"]["level"] == level
    assert data["suggestions"] == []
    out = run_coach("suggest", "--pain", "ribs=5", "--red-flag", flag)
    assert out.returncode == 1
    assert f"({level})" in out.stdout
    assert "No exercise is suggested today" in out.stdout
    assert "coach play" not in out.stdout


def test_emergency_text_says_where_to_go():
    out = run_coach("suggest", "--pain", "lower-back=7", "--red-flag", "bladder-change")
    assert "GET HELP NOW (emergency)" in out.stdout
    assert "Call your local emergency number or go to the emergency department now." in out.stdout
    assert "Because: new difficulty passing or controlling urine." in out.stdout


def test_review_prints_the_advice_before_the_suggestions_and_exits_0():
    out = run_coach("suggest", "--pain", "neck=5", "--red-flag", "arm-tingling")
    assert out.returncode == 0
    text = out.stdout
    assert "(review)" in text
    assert text.index("Book an appointment") < text.index("Routines that may help:")


def test_flank_pain_alone_gets_review_advice_and_no_routine():
    data = suggest_json("--pain", "flank=3")
    assert data["verdict"]["level"] == "review"
    assert "clinician" in data["verdict"]["advice"]
    assert data["suggestions"] == []


def test_asthma_flare_suggests_only_upright_breathing_without_holds():
    data = suggest_json("--pain", "upper-back=5", "--context", "asthma-flare")
    listing = {r["id"]: r for r in json.loads(run_coach("list", "--json").stdout)}
    assert data["suggestions"]
    for s in data["suggestions"]:
        assert listing[s["id"]]["category"] == "breathing"
    assert any("asthma action plan" in n for n in data["notes"])


def test_several_values_and_repeats_both_work():
    a = suggest_json("--pain", "neck=3", "ribs=4", "--context", "morning-stiffness")
    b = suggest_json("--pain", "neck=3", "--pain", "ribs=4", "--context", "morning-stiffness")
    assert a["suggestions"] == b["suggestions"]


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["--pain", "uper-back=3"],
            ["--pain", "unknown area 'uper-back'", "did you mean 'upper-back'"],
        ),
        (["--pain", "neck=11"], ["--pain", "from 0 to 10, not 11"]),
        (["--pain", "neck=-1"], ["from 0 to 10, not -1"]),
        (["--pain", "neck"], ["AREA=N", "upper-back=6"]),
        (["--pain", "neck=two"], ["not a whole number"]),
        (["--pain", "neck=3", "neck=4"], ["neck is given twice"]),
        (["--context", "asthma-flair"], ["--context", "did you mean 'asthma-flare'"]),
        (["--context", "lupus"], ["use --condition lupus"]),
        (["--condition", "lupos"], ["--condition", "did you mean 'lupus'"]),
        (["--red-flag", "fevr"], ["--red-flag", "did you mean 'fever'"]),
        (["--red-flag", "nonsense-flag"], ["--list-red-flags"]),
    ],
)
def test_bad_input_is_a_one_line_usage_error_with_a_hint(args, words):
    one_line_error(run_coach("suggest", *args), *words)


def test_list_red_flags_json_has_every_question():
    out = run_coach("suggest", "--list-red-flags", "--json")
    assert out.returncode == 0
    items = json.loads(out.stdout)
    assert [i["id"] for i in items] == red_flags().ids
    for item in items:
        assert {"id", "level", "question", "advice"} <= set(item)
        assert item["level"] in ("emergency", "urgent", "review")


def test_list_red_flags_text_shows_ids_and_levels():
    out = run_coach("suggest", "--list-red-flags")
    assert out.returncode == 0
    assert "emergency  saddle-numbness" in out.stdout
    assert "urgent" in out.stdout and "review" in out.stdout
    assert "--red-flag ID" in out.stdout


def test_list_red_flags_for_a_checkin_lists_only_what_is_due():
    plain = {i["id"] for i in json.loads(run_coach("suggest", "--list-red-flags", "--json").stdout)}
    due = json.loads(run_coach("suggest", "--list-red-flags", "--json", "--pain", "neck=3").stdout)
    due_ids = {i["id"] for i in due}
    assert due_ids < plain
    assert "arm-tingling" in due_ids and "kidney-signs" not in due_ids
    flank = json.loads(
        run_coach("suggest", "--list-red-flags", "--json", "--pain", "flank=3").stdout
    )
    assert "kidney-signs" in {i["id"] for i in flank}


def write_config(home: Path, text: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.yaml").write_text(text, encoding="utf-8")


def test_conditions_from_config_are_used(coach_home):
    without = suggest_json("--pain", "mid-back=6")
    assert "open-book" not in without["excluded"]
    write_config(coach_home, "conditions: [osteoporosis]\n")
    data = suggest_json("--pain", "mid-back=6")
    assert data["checkin"]["conditions"] == ["osteoporosis"]
    assert "osteoporosis" in data["excluded"]["open-book"]
    assert "open-book" not in [s["id"] for s in data["suggestions"]]


def test_a_broken_config_warns_but_still_screens(coach_home):
    write_config(coach_home, "conditions: [osteoporsis]\n")
    out = run_coach("suggest", "--pain", "neck=3", "--red-flag", "fever")
    assert out.returncode == 1
    assert "coach: warning:" in out.stderr and "config" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_checkin_is_stored_in_the_log(coach_home):
    from coach.log.store import open_store

    suggest_json(
        "--pain", "ribs=4", "--context", "after-coughing-fit", "--red-flag", "arm-tingling"
    )
    suggest_json("--pain", "neck=2", "--red-flag", "fever", code=1)
    with open_store(coach_home / "data" / "coach.db") as log:
        rows = log.checkins()
    assert [r.verdict_level for r in rows] == ["review", "urgent"]
    assert rows[0].areas == {"ribs": 4}
    assert rows[0].contexts == ("after-coughing-fit",)
    assert rows[0].red_flags == {"arm-tingling": True}
    assert rows[0].suggested and rows[1].suggested == ()


def test_own_history_lifts_a_routine_after_three_sessions(coach_home):
    from coach.log.store import local_now, open_store

    base = suggest_json("--pain", "upper-back=6")
    ids = [s["id"] for s in base["suggestions"]]
    # a routine that targets the upper back but is not in the top 3 yet
    listing = json.loads(run_coach("list", "--json").stdout)
    other = next(
        r["id"]
        for r in listing
        if "upper-back" in r["targets"] and r["id"] not in ids and not r["avoid_with"]
    )
    now = local_now()
    with open_store(coach_home / "data" / "coach.db") as log:
        for days in (3, 2):
            log.add_session(
                other,
                now - timedelta(days=days),
                pain_before={"upper-back": 6},
                pain_after={"upper-back": 3},
            )
    two = suggest_json("--pain", "upper-back=6")
    assert two["suggestions"][0]["id"] != other  # two sessions: not yet
    with open_store(coach_home / "data" / "coach.db") as log:
        log.add_session(
            other,
            now - timedelta(days=1),
            pain_before={"upper-back": 6},
            pain_after={"upper-back": 3},
        )
    three = suggest_json("--pain", "upper-back=6")
    assert three["suggestions"][0]["id"] == other
    assert (
        "helped you before: pain down 3.0 on average over 3 sessions"
        in three["suggestions"][0]["reasons"]
    )


def test_persistent_pain_nudge_shows_once_a_week(coach_home):
    from coach.log.store import local_now, open_store

    now = local_now()
    with open_store(coach_home / "data" / "coach.db") as log:
        for days in range(1, 14):
            log.add_checkin({"mid-back": 6}, now=now - timedelta(days=days))
    first = suggest_json("--pain", "mid-back=6")
    assert first["nudge"] is not None
    assert first["nudge"].startswith("Your mid back has been 4 or more on most days")
    again = run_coach("suggest", "--pain", "mid-back=6")
    assert "most days for two weeks" not in again.stdout  # already shown this week


def test_no_nudge_when_pain_is_improving_or_low(coach_home):
    from coach.log.store import local_now, open_store

    now = local_now()
    with open_store(coach_home / "data" / "coach.db") as log:
        for days in range(1, 14):
            log.add_checkin({"mid-back": 7 if days > 7 else 2}, now=now - timedelta(days=days))
    assert suggest_json("--pain", "mid-back=2")["nudge"] is None


def test_help_describes_the_command():
    out = run_coach("suggest", "--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    for words in ("--pain AREA=N", "--red-flag", "--list-red-flags", "not medical advice"):
        assert words in text


def test_suggest_works_without_the_session_log_module(coach_home):
    import subprocess
    import sys

    code = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'coach.log.store' else real(n, *a)\n"
        "from coach.__main__ import main\n"
        "sys.exit(main(['suggest', '--pain', 'neck=4', '--json']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["suggestions"]
    assert not (coach_home / "data" / "coach.db").exists()
