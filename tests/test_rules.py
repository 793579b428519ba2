"""The editorial rules: cues, source spans and labels, sentence by sentence and with memory."""

import pytest

from reliability.analysis.rules import analyse_article, attribute, claim_evidence, find_cues


def only(text):
    finding = attribute(text)
    source = text[slice(*finding.source)] if finding.source else None
    cue = text[slice(*finding.cue)] if finding.cue else None
    return finding.label, source, cue


@pytest.mark.parametrize(
    ("text", "label", "source", "cue"),
    [
        (
            "Karoline Leavitt, the White House press secretary, told reporters that talks would go ahead.",
            "named_person",
            "Karoline Leavitt, the White House press secretary",
            "told reporters",
        ),
        (
            "Russian Foreign Minister Sergei Lavrov stated that Moscow would not predict the outcome.",
            "named_person",
            "Russian Foreign Minister Sergei Lavrov",
            "stated",
        ),
        ("The plant will close in March, the company said.", "named_organization", "the company", "said"),
        (
            "The Ministry of Home Affairs said 14,000 officers would be deployed.",
            "named_organization",
            "The Ministry of Home Affairs",
            "said",
        ),
        ("“We will not back down,” said Governor Ana Ruiz.", "named_person", "Governor Ana Ruiz", "said"),
        (
            "According to court filings, the firm owed $4 million.",
            "document",
            "court filings",
            "According to",
        ),
        ("The bridge reopened, according to Reuters.", "media_report", "Reuters", "according to"),
        (
            "The Riverside Ledger reported that the mayor hired a second law firm.",
            "media_report",
            "The Riverside Ledger",
            "reported",
        ),
        (
            "A senior official who spoke on condition of anonymity because the talks are private "
            "said no deal was near.",
            "anonymous",
            "A senior official who spoke on condition of anonymity because the talks are private",
            "said",
        ),
        (
            "People familiar with the matter said the bid would be raised.",
            "anonymous",
            "People familiar with the matter",
            "said",
        ),
        ("Critics argue that the map was drawn to protect incumbents.", "vague", "Critics", "argue"),
        ("It is believed that the minister will resign.", "vague", None, "It is believed"),
        ("The singer has reportedly signed with a new label.", "vague", None, "reportedly"),
        ("Mayor Lena Ortiz: budget will not cover pay rises", "named_person", "Mayor Lena Ortiz", ":"),
        ("The bridge closed on Monday after a lorry struck its railing.", "none", None, None),
        # Verbs of stance, when a source takes the stance.
        (
            "Republicans are slamming Governor Hale for the veto.",
            "named_organization",
            "Republicans",
            "slamming",
        ),
        ("Ruiz charges that the count was rigged.", "named_person", "Ruiz", "charges"),
        (
            "Senator Maria Lopez echoed her concerns on Tuesday.",
            "named_person",
            "Senator Maria Lopez",
            "echoed",
        ),
        ("The governor joked that he needed a bigger podium.", "named_person", "The governor", "joked"),
        ("Mayor Ortiz has complimented the fire crews.", "named_person", "Mayor Ortiz", "complimented"),
        ("The council condemned the attack.", "named_organization", "The council", "condemned"),
        (
            "The union has sharply criticized the plan and called for new tariffs.",
            "named_organization",
            "The union",
            "criticized",
        ),
        ("House Democrats called the citation a ploy.", "named_organization", "House Democrats", "called"),
        (
            "Sen. Dana Hale (R-Ohio) recommended a pause.",
            "named_person",
            "Sen. Dana Hale (R-Ohio)",
            "recommended",
        ),
        # Nominal cues, dashes after quotations, transcript speakers and headlines.
        (
            "The ministry said in a letter that it would appeal.",
            "named_organization",
            "The ministry",
            "said in a letter",
        ),
        ("“We will rebuild.” ― Mayor Dana Reyes", "named_person", "Mayor Dana Reyes", "―"),
        ("LENA ORTIZ: We lost 300 jobs in March.", "named_person", "LENA ORTIZ", ":"),
        ("Ortiz Blasts Bank Chief: 'You Should Resign'", "named_person", "Ortiz", "Blasts"),
        ("He was widely criticized for the delay.", "vague", None, "was widely criticized"),
        (
            "Only 28 percent of voters think the state is on the right track.",
            "document",
            "Only 28 percent of voters",
            "think",
        ),
        ("A majority of voters say the economy is weak.", "document", "A majority of voters", "say"),
        ("But many say the rule does not go far enough.", "vague", "many", "say"),
        (
            "Sen. Ana Ruiz on Wednesday slammed the plan as a giveaway.",
            "named_person",
            "Sen. Ana Ruiz",
            "slammed",
        ),
        (
            "Vote today. pic.twitter.com/x1Y2 — Dana Hale (@danahale) July 8, 2020",
            "named_person",
            "Dana Hale",
            "—",
        ),
    ],
)
def test_single_sentences_get_their_label_source_and_cue(text, label, source, cue):
    assert only(text) == (label, source, cue)


def test_justified_anonymity_is_flagged():
    finding = attribute(
        "An official, who spoke on the condition of anonymity to reveal internal planning, said it was set."
    )
    assert finding.label == "anonymous"
    assert finding.justified is True
    assert "anonymity explained" in finding.evidence


def test_words_inside_a_quotation_are_not_cues():
    cues = find_cues("“I think we will win,” Ortiz said.")
    assert [cue.name for cue in cues] == ["verb: said"]


def test_proper_nouns_and_passives_are_not_cues():
    assert find_cues("Putin visited the United States.") == ()
    assert only("The two leaders are expected to hold a press conference.") == ("none", None, None)


def test_a_pronoun_source_takes_the_label_of_the_person_named_before():
    findings = analyse_article(
        ["Dmitry Peskov spoke to journalists in Moscow.", "He said no document was expected."]
    )
    assert findings[1].label == "named_person"
    assert findings[1].resolved == "Dmitry Peskov"
    assert "pronoun 'he' refers to Dmitry Peskov" in findings[1].evidence


def test_the_company_refers_back_to_the_organisation_named_before():
    findings = analyse_article(["Norvale Inc said profits fell.", "The company said the drop was a one-off."])
    assert findings[1].label == "named_organization"
    assert findings[1].resolved == "Norvale Inc"


def test_a_quotation_continues_its_speakers_attribution():
    findings = analyse_article(
        ["“We are ready,” she said, naming Mayor Lena Ortiz.", "“The rest is up to them.”"]
    )
    assert findings[1].label == findings[0].label == "named_person"
    assert findings[1].source is None
    assert findings[1].evidence[0] == "quotation continues the previous sentence's speaker"


def test_items_of_a_list_introduced_by_an_attributed_colon_inherit_its_source():
    sentences = [
        "A source from the ministry said the talks will cover:",
        "Arms control.",
        "Trade routes.",
        "It rained.",
    ]
    findings = analyse_article(sentences, [True, True, True, False])
    assert [finding.label for finding in findings] == ["anonymous", "anonymous", "anonymous", "none"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Subscribe now to our newsletter for daily updates.", "page furniture"),
        ("Will the bridge ever be finished?", "question"),
        ("I think this budget is a mistake.", "writer's opinion"),
        ("More in News", "headline or label: no closing punctuation"),
        ("Protesters gather outside the parliament (Photo by Jane Doe/AP).", "photo credit"),
    ],
)
def test_sentences_that_are_not_claims_say_why(text, reason):
    against, _ = claim_evidence(text, attribute(text))
    assert reason in against


def test_an_attributed_question_is_still_a_claim():
    text = "“Where is the money?” the auditor asked."
    against, supporting = claim_evidence(text, attribute(text))
    assert against == ()
    assert "attributed statement" in supporting


def test_a_source_phrase_without_a_head_word_is_unidentified_not_an_error():
    # Found by the property test: ",0 sAID".
    finding = attribute(",0 sAID")
    assert (finding.label, finding.strength) == ("vague", 0.3)
    assert finding.evidence[-1] == "unidentified source: '0'"


def test_a_sentence_opening_inside_an_appositive_takes_the_subject_named_before():
    # Real flattened copy split a subject from its verb: the second sentence opens with ", who".
    findings = analyse_article(
        [
            "The statement came from Sen. Dana Whitfield of Ohio.",
            ", who faces a close race this fall, said the following in a statement Monday: the vote matters.",
        ]
    )
    finding = findings[-1]
    assert (finding.label, finding.source, finding.resolved) == ("named_person", None, "Dana Whitfield")
    assert "opens inside an appositive" in finding.evidence[1]


def test_a_sentence_opening_inside_an_appositive_with_no_one_named_before_is_not_an_error():
    finding = attribute(", who is in a closely watched race, said the following on Tuesday:")
    assert (finding.label, finding.source, finding.cue) == ("none", None, None)


@pytest.mark.parametrize(
    "text",
    [
        "A storm slammed the Gulf Coast on Monday.",
        "The police charged two men with burglary.",
        "Robert Vance, charged with arson, appeared in court.",
        "He won 52 pledged delegates in the state.",
        "A proposed bill would block the sale.",
        "The talks covered ten states.",
        "UPDATE: The road has reopened.",
    ],
)
def test_words_that_look_like_cues_but_attribute_nothing(text):
    assert only(text) == ("none", None, None)


def test_a_quotation_left_open_carries_its_speaker_for_a_few_sentences():
    sentences = [
        "Ortiz said: “The budget is short by $4 million.",
        "We cut the parks first.",
        "Then the libraries.”",
        "The council meets on Friday.",
    ]
    labels = [finding.label for finding in analyse_article(sentences)]
    assert labels == ["named_person", "named_person", "named_person", "none"]


def test_a_nested_attribution_keeps_the_outermost_source_and_records_the_inner_one():
    text = "The ministry said Mayor Lena Ortiz had told officials that the port would close."
    finding = attribute(text)
    assert (finding.label, text[slice(*finding.source)]) == ("named_organization", "The ministry")
    assert "inner attribution: named_person 'Mayor Lena Ortiz' (verb: told)" in finding.evidence


def test_cue_phrases_found_from_their_first_words_are_those_the_full_pattern_finds():
    from reliability.analysis.rules import _CUE_PHRASES, _phrase_cues
    from reliability.training.dataset import load_examples

    texts = [example.text for example in load_examples()]
    slow = [[(m.start(), m.end()) for m in _CUE_PHRASES.finditer(text)] for text in texts]
    fast = [[(cue.start, cue.end) for cue in _phrase_cues(text)] for text in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 300  # the training sentences use the phrases a lot


def test_every_sentence_an_unanchored_marker_matches_holds_one_of_the_words_it_is_searched_by():
    """The markers searched only where one of their words stands (lexicon.MARKER_WORDS, VAGUE_CUE_WORDS)
    must name every word their patterns need: a pattern added without its word would go unsearched."""
    from reliability.analysis import rules
    from reliability.training.dataset import load_examples

    texts = [example.text for example in load_examples()]
    assert len(texts) > 1000
    markers = [*rules._OPINIONS, *rules._FURNITURE, rules._ANY_VAGUE_CUE]
    missed = [
        (marker.name, text)
        for marker in markers
        if marker.elsewhere is not None
        for text in texts
        if marker.elsewhere.search(text) and not any(word in text.lower() for word in marker.words)
    ]
    assert missed == []
    matched = {
        marker.name
        for marker in markers
        for text in texts
        if marker.elsewhere and marker.elsewhere.search(text)
    }
    assert (
        len(matched) >= len([marker for marker in markers if marker.elsewhere]) // 2
    )  # the test sees them work
