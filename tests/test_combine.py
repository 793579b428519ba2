"""How rules and model combine: what the rules know is no claim stays so, whatever the model says."""

import pytest

from reliability.analysis.combine import combine
from reliability.analysis.rules import attribute
from reliability.analysis.vocabulary import CHECK_WORTHY, LABELS, NON_FACTUAL, UNIMPORTANT

SURE_CLAIM = {CHECK_WORTHY: 0.97, UNIMPORTANT: 0.02, NON_FACTUAL: 0.01}


def sure_of(label):
    return {name: 0.94 if name == label else 0.01 for name in LABELS}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("See also: Council votes to delay the harbour budget", "link to another story"),
        ("READ: What the new zoning rules mean for renters", "link to another story"),
        ("— Dana Reyes (@danareyes) March 3, 2019", "signature line"),
        ("— The Valley Courier, Jan. 30, 1975.", "signature line"),
        ("This story was produced in partnership with the Harbor Ledger.", "publication credit"),
        ("This article is co-published with the Lakeside Times.", "publication credit"),
        ("Correction: An earlier version of this story misstated the date of the vote.", "correction notice"),
        ("An earlier version of this article misspelled the councillor's name.", "correction notice"),
    ],
)
def test_what_the_rules_know_is_no_claim_stays_none_however_sure_the_model_is(text, reason):
    decision = combine(text, attribute(text), SURE_CLAIM, sure_of("none"))
    assert (decision.is_claim, decision.claim_score) == (False, 0.05)
    assert f"not a claim: {reason}" in decision.evidence


def test_a_signature_line_keeps_who_posted_although_it_is_no_claim():
    text = "— Dana Reyes (@danareyes) March 3, 2019"
    decision = combine(text, attribute(text), SURE_CLAIM, sure_of("named_person"))
    assert (decision.is_claim, decision.label) == (False, "named_person")


@pytest.mark.parametrize(
    "text",
    [
        "— The council voted on March 3, 2019.",  # a dash and a date, but a sentence: who did what
        "Reading: the council voted 5-4 on Tuesday.",
        "This story was updated on Tuesday after the council met.",
    ],
)
def test_sentences_shaped_like_furniture_are_left_to_the_model(text):
    decision = combine(text, attribute(text), SURE_CLAIM, sure_of("none"))
    assert (decision.is_claim, decision.claim_score) == (True, 0.97)
