"""The check-in value: what it accepts, what it refuses (with a hint), and what it implies."""

from __future__ import annotations

import pytest

from coach.care.checkin import CheckIn, CheckInError, checkin_from_dict, make_checkin, parse_pain


def test_a_checkin_keeps_areas_in_vocabulary_order_and_is_immutable():
    c = make_checkin({"flank": 2, "neck": 5, "upper-back": 0}, ["lupus-flare"], ["lupus"])
    assert list(c.pain) == ["neck", "upper-back", "flank"]
    assert c.painful_areas == {"neck": 5, "flank": 2}
    assert c.max_pain == 5
    with pytest.raises(AttributeError):
        c.contexts = frozenset()  # type: ignore[misc]


def test_red_flags_may_be_ids_answered_yes_or_a_mapping_of_answers():
    assert make_checkin(red_flags=["fever"]).yes_flags == {"fever"}
    c = make_checkin(red_flags={"fever": False, "night-pain": True})
    assert c.yes_flags == {"night-pain"}
    assert c.red_flags == {"fever": False, "night-pain": True}


def test_contexts_imply_their_condition_and_painful_areas_their_limitation():
    c = make_checkin({"ribs": 3, "shoulders": 1}, ["asthma-flare", "lupus-flare"], ["sore-wrists"])
    assert c.present == {
        "asthma-flare",
        "asthma",
        "lupus-flare",
        "lupus",
        "sore-wrists",
        "rib-pain",
        "shoulder-pain",
    }
    assert "rib-pain" not in make_checkin({"ribs": 0}).present


def test_round_trip_through_plain_values():
    c = make_checkin(
        {"neck": 4}, ["morning-stiffness"], ["asthma", "osteoporosis"], {"fever": False}
    )
    assert checkin_from_dict(c.as_dict()) == c


@pytest.mark.parametrize(
    "kwargs, field, words",
    [
        ({"pain": {"uper-back": 3}}, "pain", "did you mean 'upper-back'"),
        ({"pain": {"elbow": 3}}, "pain", "choose from: neck"),
        ({"pain": {"neck": 11}}, "pain", "from 0 to 10"),
        ({"pain": {"neck": -1}}, "pain", "from 0 to 10"),
        ({"pain": {"neck": 2.5}}, "pain", "whole number"),
        ({"pain": {"neck": True}}, "pain", "whole number"),
        ({"contexts": ["asthma-flair"]}, "contexts", "did you mean 'asthma-flare'"),
        ({"contexts": ["asthma"]}, "contexts", "use --condition asthma"),
        ({"conditions": ["lupus-flare"]}, "conditions", "use --context lupus-flare"),
        ({"conditions": ["osteoporsis"]}, "conditions", "did you mean 'osteoporosis'"),
        ({"red_flags": ["fevr"]}, "red_flags", "did you mean 'fever'"),
        ({"red_flags": ["zzz"]}, "red_flags", "--list-red-flags"),
        ({"red_flags": {"fever": "yes"}}, "red_flags", "yes or no"),
    ],
)
def test_bad_values_are_refused_with_the_field_and_a_hint(kwargs, field, words):
    with pytest.raises(CheckInError) as err:
        make_checkin(**kwargs)
    assert err.value.field == field
    assert words in str(err.value)


def test_direct_construction_is_validated_too():
    with pytest.raises(CheckInError):
        CheckIn(pain={"neck": 12})


@pytest.mark.parametrize(
    "text, expected",
    [("neck=4", ("neck", 4)), (" ribs = 0 ", ("ribs", 0)), ("upper-back=10", ("upper-back", 10))],
)
def test_parse_pain_reads_area_equals_score(text, expected):
    assert parse_pain(text) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("neck", "AREA=N"),
        ("=4", "AREA=N"),
        ("neck=x", "whole number"),
        ("neck=4.5", "whole number"),
        ("neck=11", "0 to 10"),
        ("nek=3", "did you mean 'neck'"),
    ],
)
def test_parse_pain_refuses_bad_text_with_a_hint(text, words):
    with pytest.raises(CheckInError, match=words):
        parse_pain(text)
