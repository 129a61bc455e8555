"""The red-flag screen, from DOMAIN.md section 5: every flag, its level and when it is asked."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from coach import data
from coach.care.checkin import make_checkin
from coach.care.safety import (
    BLOCKING,
    LEVELS,
    STOP_RULE,
    RedFlagDataError,
    nudge_due,
    nudge_text,
    parse_red_flags,
    questions_for,
    red_flags,
    screen,
)
from coach.care.suggest import rank

# DOMAIN.md section 5, flag by flag: (id in red_flags.yaml, level).
DOMAIN_FLAGS = [
    ("saddle-numbness", "emergency"),  # new numbness in the saddle area
    ("bladder-change", "emergency"),  # new difficulty passing or controlling urine
    ("bowel-incontinence", "emergency"),  # new bowel incontinence
    ("both-legs", "emergency"),  # pain, numbness or weakness in both legs
    ("leg-weakness", "emergency"),  # severe or worsening leg weakness
    ("cough-nerve-signs", "emergency"),  # severe pain after coughing + nerve signs
    ("major-injury", "emergency"),  # back pain after significant trauma
    ("fall-with-fragile-bones", "emergency"),  # minor fall with osteoporosis or long-term steroids
    ("heart-warning", "emergency"),  # chest pressure, heaviness or tightness (NHS)
    ("chest-pain-with-signs", "emergency"),  # chest pain + sweating/sick/light-headed/breathless
    ("lupus-clot-signs", "emergency"),  # lupus: sudden breathlessness + sharp chest pain
    ("tearing-pain", "emergency"),  # sudden tearing pain between the shoulder blades
    ("asthma-attack", "emergency"),  # reliever not helping, breathless, blue lips
    ("fever", "urgent"),  # fever with back pain
    ("weight-loss", "urgent"),  # unexplained weight loss
    ("cancer-history", "urgent"),  # history of cancer
    ("night-pain", "urgent"),  # night pain not eased by rest
    ("kidney-signs", "urgent"),  # flank: blood/foamy urine, swelling (nephritis)
    ("urine-infection-signs", "urgent"),  # flank pain with fever or burning urination
    ("breathing-chest-pain", "urgent"),  # lupus: sharp pain on breathing in (pleurisy)
    ("new-breathlessness", "urgent"),  # new breathlessness (lupus, asthma, cough)
    ("fragile-bones-sudden-pain", "urgent"),  # sudden back/rib pain on steroids, even no fall
    ("coughing-blood", "urgent"),  # coughing up blood
    ("rib-pain-after-cough", "urgent"),  # sharp localised rib pain after coughing
    ("steroid-height-loss", "urgent"),  # sudden mid-back pain with height loss on steroids
    ("arm-tingling", "review"),  # neck gate: arm tingling or weakness
    ("numbness-over-a-week", "review"),  # numbness or pins and needles for more than a week
    ("six-weeks-no-better", "review"),  # no improvement after about 6 weeks
    ("two-weeks-most-days", "review"),  # pain on most days for two weeks, not improving
    # issue 11: milder signs NICE lists, advice first and then suggestions
    ("new-pain-over-50", "review"),  # new back pain over 50
    ("immunosuppressed-pain", "review"),  # pain on immunosuppressants (fever: urgent)
    ("inflammatory-pattern", "review"),  # morning stiffness > 30 min easing, onset < 45
    ("reliever-use-rising", "review"),  # using the reliever more often
    ("steroid-hip-groin", "review"),  # hip or groin pain on long-term steroids
]

BLOCKING_FLAGS = [f for f, level in DOMAIN_FLAGS if level in BLOCKING]
ALWAYS_ASKED = [
    "saddle-numbness",
    "bladder-change",
    "bowel-incontinence",
    "both-legs",
    "leg-weakness",
    "major-injury",
    "heart-warning",
    "chest-pain-with-signs",
    "fever",
    "weight-loss",
    "cancer-history",
    "night-pain",
]


def ids(questions):
    return [q.id for q in questions]


def test_every_domain_flag_is_in_the_data_file_with_its_level():
    flags = red_flags()
    got = {q.id: q.level for q in flags.questions}
    assert got == dict(DOMAIN_FLAGS)


def test_every_question_is_plain_yes_no_with_advice_that_says_where_to_go():
    for q in red_flags().questions:
        assert q.question.endswith("?"), q.id
        assert len(q.question) < 200, q.id
        advice = q.advice.lower()
        if q.level == "emergency":
            assert "emergency" in advice, q.id
        elif q.level == "urgent":
            assert "see a doctor today" in advice, q.id
        else:
            assert "book an appointment with your doctor" in advice, q.id


def test_asthma_attack_advice_points_to_the_reliever_and_action_plan():
    q = red_flags().question("asthma-attack")
    assert q is not None
    assert "reliever" in q.advice and "action plan" in q.advice
    # Blue lips or drowsiness are life-threatening: call now, not "if you are getting worse"
    # (issue 11: one text, from the data file, in the CLI and the app alike).
    assert q.advice.startswith("Call your local emergency number now.")
    assert "getting worse" not in q.advice


@pytest.mark.parametrize("flag", BLOCKING_FLAGS)
def test_each_emergency_and_urgent_flag_sets_its_level_and_blocks(flag):
    level = dict(DOMAIN_FLAGS)[flag]
    verdict = screen(make_checkin({"upper-back": 3}, red_flags=[flag]))
    assert verdict.level == level
    assert verdict.blocks_exercise
    assert verdict.flags[0] == flag
    assert verdict.reasons and verdict.advice


@pytest.mark.parametrize("flag", [f for f, level in DOMAIN_FLAGS if level == "review"])
def test_review_flags_give_advice_but_do_not_block(flag):
    verdict = screen(make_checkin({"neck": 3}, red_flags=[flag]))
    assert verdict.level == "review"
    assert not verdict.blocks_exercise
    assert "book an appointment" in verdict.advice.lower()


def test_no_answers_and_mild_pain_is_clear():
    verdict = screen(make_checkin({"upper-back": 5, "neck": 2}, ["morning-stiffness"], ["asthma"]))
    assert verdict.level == "clear"
    assert verdict.flags == () and verdict.reasons == ()
    assert not verdict.blocks_exercise


def test_answering_no_to_every_question_is_clear():
    checkin = make_checkin({"ribs": 4}, red_flags=dict.fromkeys(red_flags().ids, False))
    assert screen(checkin).level == "clear"


def test_highest_level_wins_and_only_its_advice_is_given():
    verdict = screen(make_checkin({"neck": 9}, red_flags=["arm-tingling", "fever", "both-legs"]))
    assert verdict.level == "emergency"
    assert verdict.flags[0] == "both-legs"
    assert set(verdict.flags) == {"both-legs", "fever", "arm-tingling", "severe-pain"}
    assert "emergency" in verdict.advice.lower()
    assert "see a doctor today" not in verdict.advice.lower()


def test_distinct_advice_lines_at_the_top_level_are_combined_once_each():
    verdict = screen(
        make_checkin(
            {"chest": 3},
            ["asthma-flare"],
            red_flags=["asthma-attack", "both-legs", "saddle-numbness"],
        )
    )
    lines = verdict.advice.splitlines()
    assert len(lines) == len(set(lines)) == 2
    assert any("reliever" in line for line in lines)


def test_a_yes_counts_even_when_the_question_was_not_due():
    checkin = make_checkin({"neck": 2}, red_flags=["kidney-signs"])
    assert "kidney-signs" not in ids(questions_for(checkin))
    assert screen(checkin).level == "urgent"


def test_severe_pain_anywhere_is_a_review_notice_not_a_block():
    verdict = screen(make_checkin({"lower-back": 8}))
    assert verdict.level == "review" and not verdict.blocks_exercise
    assert verdict.flags == ("severe-pain",)
    assert "lower back 8/10" in verdict.reasons[0]
    assert "before you exercise" in verdict.advice


def test_pain_of_seven_is_not_severe():
    assert screen(make_checkin({"lower-back": 7, "neck": 7})).level == "clear"


@pytest.mark.parametrize("score", [1, 4, 9])
def test_flank_pain_of_any_score_gives_review_advice_for_a_clinician(score):
    verdict = screen(make_checkin({"flank": score}))
    assert verdict.level == "review"
    assert "flank-pain" in verdict.flags
    assert "clinician" in verdict.advice


def test_always_questions_are_asked_with_no_pain_at_all():
    asked = ids(questions_for(make_checkin({})))
    assert set(ALWAYS_ASKED) <= set(asked)
    assert "kidney-signs" not in asked and "asthma-attack" not in asked


@pytest.mark.parametrize(
    "pain, contexts, conditions, expected",
    [
        ({"flank": 3}, [], [], ["kidney-signs", "urine-infection-signs"]),
        (
            {"chest": 3},
            [],
            [],
            ["tearing-pain", "breathing-chest-pain", "coughing-blood", "rib-pain-after-cough"],
        ),
        ({"mid-back": 3}, [], [], ["tearing-pain", "steroid-height-loss"]),
        ({"ribs": 3}, [], [], ["rib-pain-after-cough", "coughing-blood", "tearing-pain"]),
        ({"upper-back": 3}, [], [], ["tearing-pain", "arm-tingling"]),
        ({"neck": 3}, [], [], ["arm-tingling"]),
        ({}, [], ["lupus"], ["kidney-signs", "breathing-chest-pain", "fall-with-fragile-bones"]),
        ({}, ["lupus-flare"], [], ["kidney-signs", "breathing-chest-pain"]),
        ({}, [], ["osteoporosis"], ["fall-with-fragile-bones", "steroid-height-loss"]),
        (
            {},
            [],
            ["chronic-cough"],
            ["cough-nerve-signs", "coughing-blood", "rib-pain-after-cough"],
        ),
        ({}, ["after-coughing-fit"], [], ["cough-nerve-signs", "rib-pain-after-cough"]),
        ({}, [], ["asthma"], ["asthma-attack"]),
        ({}, ["asthma-flare"], [], ["asthma-attack"]),
    ],
)
def test_areas_and_conditions_add_their_own_questions(pain, contexts, conditions, expected):
    baseline = set(ids(questions_for(make_checkin({}))))
    asked = ids(questions_for(make_checkin(pain, contexts, conditions)))
    for q in expected:
        assert q in asked and q not in baseline


def test_questions_come_most_serious_first():
    levels = [q.level for q in questions_for(make_checkin({"chest": 2, "neck": 2}, [], ["lupus"]))]
    assert levels == sorted(levels, key=lambda lv: -LEVELS.index(lv))


def test_a_pain_score_of_zero_does_not_count_as_pain_for_questions():
    assert "kidney-signs" not in ids(questions_for(make_checkin({"flank": 0})))
    assert screen(make_checkin({"flank": 0})).level == "clear"


def test_the_screen_has_no_switch_to_turn_it_off():
    assert list(inspect.signature(screen).parameters) == ["checkin"]
    assert "screen" not in inspect.signature(rank).parameters


def test_rank_runs_the_screen_itself():
    ranking = rank(make_checkin({"neck": 2}, red_flags=["heart-warning"]), [])
    assert ranking.verdict.level == "emergency"
    assert ranking.suggestions == ()


def test_stop_rule_has_every_trigger_from_domain():
    text = STOP_RULE.lower()
    for words in ("2 points", "sharp or shooting", "numbness", "wheeze", "chest", "dizzy"):
        assert words in text


def test_red_flag_data_is_checked_when_read():
    raw = data.load("red_flags")
    broken = dict(raw, questions=[dict(raw["questions"][0], level="mild")])
    with pytest.raises(RedFlagDataError, match="level"):
        parse_red_flags(broken)
    broken = dict(raw, questions=[dict(raw["questions"][0], ask_when={"areas": ["elbow"]})])
    with pytest.raises(RedFlagDataError, match="unknown area"):
        parse_red_flags(broken)
    broken = dict(raw, questions=[raw["questions"][0], raw["questions"][0]])
    with pytest.raises(RedFlagDataError, match="duplicate"):
        parse_red_flags(broken)
    broken = dict(raw, questions=[dict(raw["questions"][0], question="Numbness")])
    with pytest.raises(RedFlagDataError, match="'\\?'"):
        parse_red_flags(broken)


def test_flank_is_the_only_clinician_only_area():
    assert red_flags().clinician_only_areas == {"flank"}


# ------------------------------------------------------------ persistent-pain nudge


@pytest.mark.parametrize(
    "last_shown, today, due",
    [
        (None, date(2025, 3, 10), True),  # never shown
        (date(2025, 3, 10), date(2025, 3, 10), False),  # shown today
        (date(2025, 3, 4), date(2025, 3, 10), False),  # 6 days ago
        (date(2025, 3, 3), date(2025, 3, 10), True),  # a week ago
        (date(2025, 1, 1), date(2025, 3, 10), True),  # long ago
        (date(2025, 4, 1), date(2025, 3, 10), True),  # in the future: a wrong clock
    ],
)
def test_nudge_is_shown_at_most_once_a_week(last_shown, today, due):
    assert nudge_due(last_shown, today) is due


def test_nudge_stays_quiet_every_day_of_the_week_after_it_was_shown():
    shown = date(2025, 3, 1)
    quiet = [nudge_due(shown, date(2025, 3, d)) for d in range(1, 8)]
    assert quiet == [False] * 7
    assert nudge_due(shown, date(2025, 3, 8))


def test_nudge_text_names_the_areas_and_suggests_a_review():
    assert nudge_text(["upper-back"]) == (
        "Your upper back has been 4 or more on most days for two weeks. "
        "It may be worth booking a review with your doctor or physiotherapist."
    )
    assert nudge_text(["neck", "ribs"]).startswith("Your neck and ribs have been")
    assert nudge_text(["shoulders"]).startswith("Your shoulders have been")
    assert nudge_text(["overall"]).startswith("Your pain has been")
    with pytest.raises(ValueError):
        nudge_text([])
