"""The outlet's own voice: rumour outside quotes, sensational headlines, headlines the body bears out."""

import pytest

from reliability.analysis.features import judging
from reliability.analysis.language import rumour, sensational, support, unsupported


@pytest.mark.parametrize(
    "title, reason",
    [
        ("Council approves budget as bridge repairs begin", None),
        ("Senate passes the bill, 52-48!", "exclamation"),
        ("Governor's plan EXPOSED in leaked memo", "shouted word"),
        ("NATO and the EU agree on new sanctions", None),  # acronyms are not shouting
        ("“We will not back down,” minister says of strike", "quotation"),
        ("Senator slams rival over tax plan", "sensational word"),
        ("Reports detail the storm's path", None),
        ("", None),
    ],
)
def test_a_headline_is_sensational_for_one_named_reason(title, reason):
    assert sensational(title) == reason


def test_the_body_bears_out_a_headline_whose_key_words_it_uses():
    body = "The council approved the budget on Tuesday. Repairs to the bridge begin next week."
    # all but "approves" (the body says "approved": words are not stemmed)
    assert support("Council approves budget as bridge repairs begin", body) == pytest.approx(5 / 6)
    assert not unsupported("Council budget: bridge repairs", body)
    assert unsupported("Pop star's secret wedding", body)
    assert support("Watch: breaking news update", body) == 1.0  # nothing but filler: nothing to bear out


@pytest.mark.parametrize(
    "text, passes_on",
    [
        ("The minister reportedly resigned on Friday.", True),
        ("The funds were allegedly moved offshore.", True),
        ("“He reportedly resigned,” the aide said.", False),  # the source's words, not the outlet's
        ("The minister resigned on Friday.", False),
    ],
)
def test_rumour_is_read_outside_quotation_marks(text, passes_on):
    assert rumour(text) is passes_on


def test_judging_words_count_only_in_the_writers_own_voice():
    assert judging("The disgraceful scheme was drawn up in secret.")
    assert not judging("“It is a disgraceful scheme,” the mayor said.")
