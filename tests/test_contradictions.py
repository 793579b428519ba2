"""Contradictions: the same happening given a different time, place, number, date or person."""

import pytest

from reliability.contradictions import disagreements, person_disagreement, slots

CASES = [
    (
        "The talks are scheduled to start at 11:30 a.m. local time at Elmendorf Air Force Base.",
        "The meeting is to begin after 2:30 p.m. Eastern time (10:30 a.m. local time).",
        [("time", "11:30 a.m. local time", "10:30 a.m. local time")],
    ),
    (
        "The president landed at Ted Stevens International Airport on a cold morning.",
        "The plane landed in Anchorage, touching down at Joint Base Elmendorf-Richardson.",
        [("place", "Ted Stevens International Airport", "Joint Base Elmendorf-Richardson")],
    ),
    (
        "The regatta will start at 9 a.m. Hawaii time.",
        "The regatta is to begin at 10 a.m. Hawaii time.",
        [("time", "9 a.m. Hawaii time", "10 a.m. Hawaii time")],
    ),
    (
        "Police said 12 people were killed in the blast.",
        "Officials said 15 people were killed.",
        [("number", "12 people", "15 people")],
    ),
    (
        "The summit will start on Friday.",
        "The summit will start on Thursday.",
        [("date", "Friday", "Thursday")],
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), CASES)
def test_disagreeing_values_of_the_same_happening_are_found(first, second, expected):
    assert disagreements(first, second) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The talks will start at Elmendorf Air Force Base.",
            "The talks will start at Joint Base Elmendorf-Richardson.",
        ),
        ("At least 12 people were killed.", "Officials said 15 people were killed."),
        ("The summit will start on Friday.", "The summit will start on August 15."),
        ("The talks will start at 9 a.m. local time.", "The plane landed at 11 a.m. local time."),
        ("The ferry resumed service on Monday.", "The ferry resumed service on Monday."),
    ],
)
def test_agreement_approximations_and_different_happenings_are_not_contradictions(first, second):
    assert disagreements(first, second) == []


def test_a_sentence_giving_two_values_for_one_slot_compares_neither():
    assert slots("The talks start at 9 a.m. local time and at 11 a.m. local time for the press.") == {}


def test_closely_matching_claims_naming_different_people_disagree_on_the_person():
    assert person_disagreement(["Sergey Lavrov"], ["Yuri Ushakov"]) == (
        "person",
        "Sergey Lavrov",
        "Yuri Ushakov",
    )
    assert person_disagreement(["Sergey Lavrov"], ["Sergey Lavrov", "Yuri Ushakov"]) is None
    assert person_disagreement([], ["Yuri Ushakov"]) is None
