"""Sentence splitting: exact offsets, abbreviations, quotations, dashes and blank lines."""

import pytest

from articles.sentences import split_sentences


def texts(body):
    return [body[start:end] for start, end in split_sentences(body)]


def test_offsets_are_exact_and_trimmed():
    body = "  The council met.   It voted 5-2.\n\nThe mayor left.  "
    assert split_sentences(body) == [(2, 18), (21, 34), (36, 51)]
    assert texts(body) == ["The council met.", "It voted 5-2.", "The mayor left."]


def test_empty_and_blank_bodies_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def test_a_blank_line_always_ends_a_sentence():
    body = (
        "Agenda: Security, trade, and strategic weapons\n\n"
        "The two sides will meet “on Friday\n \nin Anchorage."
    )
    assert texts(body) == [
        "Agenda: Security, trade, and strategic weapons",
        "The two sides will meet “on Friday",
        "in Anchorage.",
    ]


def test_a_single_line_break_inside_a_paragraph_is_only_a_space():
    body = "The council voted on Tuesday to approve\nthe budget. Opponents said it would\nraise taxes."
    assert texts(body) == [
        "The council voted on Tuesday to approve\nthe budget.",
        "Opponents said it would\nraise taxes.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sen. Lisa Murkowski and Gov. Mike Dunleavy met Mr. Smith and Dr. Jones on Monday.",
        "President Donald J. Trump spoke with J. K. Rowling.",
        "The talks are scheduled to start at 11:30 a.m. local time at the base.",
        "The U.S. Senate voted, and the U.S. President signed the bill in Washington, D.C. on Friday.",
        "The vote is set for Dec. 3 in Room No. 4 of the courthouse.",
        "Acme Inc. said profits rose, according to Acme Corp. filings.",
        "The rate was 3.5 percent, the agency said at example.com on Monday.",
    ],
)
def test_abbreviations_do_not_end_sentences(sentence):
    assert texts(sentence) == [sentence]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The meeting starts at 10 a.m. The president arrives later.",
            ["The meeting starts at 10 a.m.", "The president arrives later."],
        ),
        (
            "Alaska was bought by the U.S. In 1867 it cost $7.2 million.",
            ["Alaska was bought by the U.S.", "In 1867 it cost $7.2 million."],
        ),
        (
            "The shares went to Acme Inc. However, regulators objected.",
            ["The shares went to Acme Inc.", "However, regulators objected."],
        ),
        ("He said no. Nobody believed him.", ["He said no.", "Nobody believed him."]),
    ],
)
def test_abbreviations_end_sentences_before_a_sentence_opener(body, expected):
    assert texts(body) == expected


def test_a_quotation_spanning_sentences_stays_with_its_speaker():
    body = (
        "Zelensky posted on social media, “It’s time to end the war, and Russia must take the necessary "
        "steps. We are relying on America.” Trump has described the summit as a “feel-out meeting” to "
        "gauge Putin’s stance."
    )
    assert texts(body) == [
        "Zelensky posted on social media, “It’s time to end the war, and Russia must take the necessary "
        "steps. We are relying on America.”",
        "Trump has described the summit as a “feel-out meeting” to gauge Putin’s stance.",
    ]


def test_straight_quotes_also_hold_a_quotation_together():
    body = 'The official said: "Talks went well. More are planned." Officials declined to comment.'
    assert texts(body) == [
        'The official said: "Talks went well. More are planned."',
        "Officials declined to comment.",
    ]


def test_a_quotation_before_its_speaker_ends_after_the_attribution():
    body = (
        "“The president is agreeing to this meeting at the request of President Putin,” she said. “And the "
        "goal is to end this war.”"
    )
    assert texts(body) == [
        "“The president is agreeing to this meeting at the request of President Putin,” she said.",
        "“And the goal is to end this war.”",
    ]
    assert texts("“Are you coming?” she asked. He nodded.") == ["“Are you coming?” she asked.", "He nodded."]


def test_nested_single_quotes_and_apostrophes_are_not_quotation_marks():
    body = "“I may leave and say, ‘Good luck,’ and that’ll be the end,” he said Monday. Trump’s aides agreed."
    assert texts(body) == [
        "“I may leave and say, ‘Good luck,’ and that’ll be the end,” he said Monday.",
        "Trump’s aides agreed.",
    ]


def test_an_unclosed_quote_does_not_swallow_the_paragraph():
    body = "He called it “a disaster. The council disagreed. The vote was 5-2."
    assert texts(body) == ["He called it “a disaster.", "The council disagreed.", "The vote was 5-2."]


def test_dashes_never_split():
    for sentence in [
        "WASHINGTON — President Donald Trump will meet Russian President Vladimir Putin on Friday.",
        "Anchorage, Alaska – A cold but dramatic morning made global headlines.",
        "Despite repeated efforts to connect with Putin—such as a meeting on February 28—the Russian "
        "leader has shown no signs of compromise.",
    ]:
        assert texts(sentence) == [sentence]


def test_colons_do_not_split_and_ellipses_split_only_before_a_capital():
    body = 'An unnamed US official revealed: "Cooperation can help." The talks… continued. Then… Nothing.'
    assert texts(body) == [
        'An unnamed US official revealed: "Cooperation can help."',
        "The talks… continued.",
        "Then…",
        "Nothing.",
    ]


def test_questions_exclamations_and_trailing_text_without_punctuation():
    body = "Will the talks succeed? Nobody knows! Open ending – Handshake or new fight"
    assert texts(body) == ["Will the talks succeed?", "Nobody knows!", "Open ending – Handshake or new fight"]


def test_sentences_cover_every_character_in_order_without_overlap():
    body = (
        "Select the U.S. text. “Yes,” he said.\n\n  Mr. Lee left at 9 a.m. The end…\n"
        "more text here (see p. 4). Done!\n\n\n“Unclosed quote. Final words"
    )
    spans = split_sentences(body)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        assert body[start:end] == body[start:end].strip()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, char in enumerate(body) if not char.isspace()} <= covered
