"""Sentence splitting: exact offsets, blank lines, abbreviations, quotations, dashes and ellipses."""

import pytest

from articles.sentences import split_sentences


def texts(body):
    return [body[start:end] for start, end in split_sentences(body)]


def test_offsets_are_exact_and_point_at_trimmed_sentences():
    body = "  The council met on Monday.   It voted 5-2.\n\nThe mayor left early.  \n"
    assert split_sentences(body) == [(2, 28), (31, 44), (46, 67)]
    assert texts(body) == ["The council met on Monday.", "It voted 5-2.", "The mayor left early."]


def test_empty_and_whitespace_only_bodies_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("   ") == []
    assert split_sentences(" \n\n\t\r\n \u00a0\n") == []


def test_leading_and_trailing_whitespace_is_trimmed_from_every_sentence():
    body = "\n\t  Rescuers reached the village at dawn.\t \n  Three were missing. \r\n\r\n\t Search resumes. "
    assert texts(body) == [
        "Rescuers reached the village at dawn.",
        "Three were missing.",
        "Search resumes.",
    ]


def test_a_blank_line_ends_a_headline_without_a_period():
    body = "Agenda: Security, trade, and strategic weapons\n\nThe two leaders meet in Alaska on Friday."
    assert texts(body) == [
        "Agenda: Security, trade, and strategic weapons",
        "The two leaders meet in Alaska on Friday.",
    ]


def test_blank_lines_with_spaces_tabs_or_crlf_are_hard_breaks_too():
    body = "Trump arrives Friday\n  \t\nPutin lands later\r\n\r\nTalks begin at noon\r\n \r\nNo deal expected"
    assert texts(body) == [
        "Trump arrives Friday",
        "Putin lands later",
        "Talks begin at noon",
        "No deal expected",
    ]


def test_nothing_crosses_a_blank_line_not_even_an_open_quote():
    body = "The senator said “we will not back down. Not now\n\nand not ever.” Aides declined to comment."
    assert texts(body) == [
        "The senator said “we will not back down.",
        "Not now",
        "and not ever.”",
        "Aides declined to comment.",
    ]


def test_a_hard_wrapped_paragraph_is_joined_across_single_newlines():
    body = (
        "The city council voted on Tuesday to approve\n"
        "the budget. Opponents said the plan would\n"
        "raise property taxes.\n"
        "The mayor disagreed."
    )
    assert texts(body) == [
        "The city council voted on Tuesday to approve\nthe budget.",
        "Opponents said the plan would\nraise property taxes.",
        "The mayor disagreed.",
    ]


def test_text_after_the_last_full_stop_is_a_sentence():
    body = "The summit ended without a deal. Both sides promised to meet again"
    assert texts(body) == ["The summit ended without a deal.", "Both sides promised to meet again"]


def test_question_and_exclamation_marks_end_sentences_even_when_repeated():
    body = "Will the ceasefire hold? Nobody knows! Can it really last?! Diplomats doubt it."
    assert texts(body) == [
        "Will the ceasefire hold?",
        "Nobody knows!",
        "Can it really last?!",
        "Diplomats doubt it.",
    ]


def test_a_full_stop_before_a_lowercase_word_does_not_split():
    body = "Turnout was low. and the count was slow, officials said."
    assert texts(body) == [body]


def test_a_sentence_may_open_with_a_digit_a_quote_a_bracket_or_a_dash():
    body = "The vote was close. 52 senators backed it. “It passed,” an aide said. (Two abstained.) — Staff"
    assert texts(body) == [
        "The vote was close.",
        "52 senators backed it.",
        "“It passed,” an aide said.",
        "(Two abstained.)",
        "— Staff",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sen. Lisa Murkowski and Gov. Mike Dunleavy met Mr. Smith, Mrs. Lee and Dr. Patel on Monday.",
        "Lt. Gen. James Ortiz and Capt. Ana Ruiz briefed Prof. Wu and Rev. Al Green on the mission.",
        "Rep. Mary Peltola toured St. Paul Island, Mt. Denali and Ft. Wainwright with Atty. Gen. Tom Lee.",
        "Protesters gathered outside (Sen. Dan Sullivan's) office in Anchorage.",
    ],
)
def test_titles_before_a_name_never_split(sentence):
    assert texts(sentence) == [sentence]


def test_single_capital_initials_do_not_split():
    body = "President Donald J. Trump praised J. K. Rowling and George W. Bush in a post. He then left."
    assert texts(body) == [
        "President Donald J. Trump praised J. K. Rowling and George W. Bush in a post.",
        "He then left.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote is set for Dec. 3 in Room No. 4 of the courthouse.",
        "The report, published Sept. 12 and Jan. 5, is cited on pp. 14-16 and in Fig. 2 of Vol. 3.",
        "Art. 5 of the treaty was invoked on Oct. 1 after strikes on p. 7 of the plan.",
    ],
)
def test_abbreviations_before_a_number_do_not_split(sentence):
    assert texts(sentence) == [sentence]


def test_number_only_abbreviations_split_when_no_number_follows():
    body = (
        "Asked if he would resign, the mayor said No. The council moved on. Sales fell in Dec. Prices rose."
    )
    assert texts(body) == [
        "Asked if he would resign, the mayor said No.",
        "The council moved on.",
        "Sales fell in Dec.",
        "Prices rose.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The bill passed the U.S. Senate and went to U.S. President Donald Trump on Friday.",
        "Talks start at 11:30 a.m. local time and end by 4 p.m. on Saturday.",
        "The U.N. envoy met E.U. and U.K. officials in Washington, D.C. last week.",
        "Allies, e.g. Japan, and partners, i.e. Canada, joined the U.S. 5th Fleet drills.",
        "Acme Inc. Chief Executive Jane Roe said Beta Corp. and Gamma Ltd. sold assets to Delta Co. staff.",
        "The Lakers vs. Celtics game drew celebrities, athletes, reporters, etc. and sold out.",
        "Martin Luther King Jr. Day and the march led by John Smith Sr. Monday drew crowds.",
    ],
)
def test_initialisms_do_not_split_before_lowercase_digits_or_other_capitalised_words(sentence):
    assert texts(sentence) == [sentence]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The meeting starts at 10 a.m. The president arrives later.",
            ["The meeting starts at 10 a.m.", "The president arrives later."],
        ),
        (
            "Alaska was bought by the U.S. In 1867 the price was $7.2 million.",
            ["Alaska was bought by the U.S.", "In 1867 the price was $7.2 million."],
        ),
        (
            "The sanctions target several banks, oil firms, etc. But exemptions remain.",
            ["The sanctions target several banks, oil firms, etc.", "But exemptions remain."],
        ),
        (
            "The factory belongs to Acme Corp. However, regulators have objected.",
            ["The factory belongs to Acme Corp.", "However, regulators have objected."],
        ),
        (
            "The award went to Ken Griffey Jr. He thanked his father.",
            ["The award went to Ken Griffey Jr.", "He thanked his father."],
        ),
        (
            "The envoy flew back to Washington, D.C. Officials there were briefed.",
            ["The envoy flew back to Washington, D.C.", "Officials there were briefed."],
        ),
    ],
)
def test_initialisms_split_before_a_common_sentence_starter(body, expected):
    assert texts(body) == expected


def test_a_curly_quotation_spanning_sentences_stays_in_one_sentence():
    body = (
        "Zelensky posted on social media, “It’s time to end the war, and Russia must take the necessary "
        "steps. We are relying on America.” Trump has described the summit as a “feel-out meeting” to "
        "gauge Putin’s stance."
    )
    assert texts(body) == [
        (
            "Zelensky posted on social media, “It’s time to end the war, and Russia must take the "
            "necessary steps. We are relying on America.”"
        ),
        "Trump has described the summit as a “feel-out meeting” to gauge Putin’s stance.",
    ]


def test_straight_double_quotes_toggle_and_hold_a_quotation_together():
    body = (
        'The spokesman said: "Talks went well. More are planned. We are hopeful." Officials declined '
        'to comment. A diplomat called it "progress. Real progress." Others were unsure.'
    )
    assert texts(body) == [
        'The spokesman said: "Talks went well. More are planned. We are hopeful."',
        "Officials declined to comment.",
        'A diplomat called it "progress. Real progress."',
        "Others were unsure.",
    ]


def test_a_quotation_before_its_attribution_splits_after_the_attribution():
    body = (
        "“The president is agreeing to this meeting at the request of President Putin,” she said. “And "
        "the goal of this meeting for the president is to walk away with a better understanding of how "
        "we can end this war.”"
    )
    assert texts(body) == [
        "“The president is agreeing to this meeting at the request of President Putin,” she said.",
        (
            "“And the goal of this meeting for the president is to walk away with a better understanding "
            "of how we can end this war.”"
        ),
    ]


def test_a_question_inside_a_quotation_does_not_end_the_sentence():
    assert texts("“Will you meet him again?” a reporter asked. Trump nodded.") == [
        "“Will you meet him again?” a reporter asked.",
        "Trump nodded.",
    ]


def test_an_unclosed_quote_is_ignored_so_it_cannot_swallow_the_paragraph():
    body = "He called the deal “a disaster. The council disagreed. The vote was 5-2."
    assert texts(body) == ["He called the deal “a disaster.", "The council disagreed.", "The vote was 5-2."]
    body = 'One aide wrote "no way. The memo leaked. Nobody was fired.'
    assert texts(body) == ['One aide wrote "no way.', "The memo leaked.", "Nobody was fired."]


def test_an_unclosed_quote_before_a_closed_one_does_not_pair_with_it():
    body = "Critics called it “reckless. Then the mayor said “we are done.” The meeting ended."
    assert texts(body) == [
        "Critics called it “reckless.",
        "Then the mayor said “we are done.”",
        "The meeting ended.",
    ]


def test_a_quotation_longer_than_a_thousand_characters_is_treated_as_stray():
    line = "The committee reviewed the evidence again."
    short = f"The report says “{line} {line}” Members left."
    assert texts(short) == [f"The report says “{line} {line}”", "Members left."]
    long = f"The report says “{' '.join([line] * 30)}” Members left."
    assert texts(long) == [f"The report says “{line}", *[line] * 28, f"{line}”", "Members left."]


def test_single_quotes_and_apostrophes_are_not_quotation_marks():
    body = "“I may leave and say, ‘Good luck,’ and that’ll be the end,” he said Monday. Trump’s aides agreed."
    assert texts(body) == [
        "“I may leave and say, ‘Good luck,’ and that’ll be the end,” he said Monday.",
        "Trump’s aides agreed.",
    ]
    body = "The players’ union called it ‘unfair. The league disagreed. Fans' groups stayed silent."
    assert texts(body) == [
        "The players’ union called it ‘unfair.",
        "The league disagreed.",
        "Fans' groups stayed silent.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "WASHINGTON — President Donald Trump will meet Russian President Vladimir Putin in Alaska on Friday.",
        "Anchorage, Alaska – A cold but dramatic morning made headlines around the world.",
        (
            "Despite repeated efforts to connect with Putin—such as a notable meeting on February 28 "
            "during which Trump publicly criticized Zelensky—the Russian leader has shown no signs of "
            "compromise."
        ),
        "KYIV - Air raid sirens sounded across the capital overnight - The Associated Press",
    ],
)
def test_dashes_never_split(sentence):
    assert texts(sentence) == [sentence]


def test_an_ellipsis_splits_before_a_capital_but_not_before_a_lowercase_word():
    body = "The talks… continued into the night. Then… Silence. He waited... and waited... Nothing came."
    assert texts(body) == [
        "The talks… continued into the night.",
        "Then…",
        "Silence.",
        "He waited... and waited...",
        "Nothing came.",
    ]


def test_a_colon_is_not_a_sentence_boundary():
    body = (
        'An unnamed US official revealed: "Although there are many disagreements, both sides want a deal." '
        "The note read: Meet at noon."
    )
    assert texts(body) == [
        'An unnamed US official revealed: "Although there are many disagreements, both sides want a deal."',
        "The note read: Meet at noon.",
    ]


def test_decimals_times_urls_and_emails_do_not_split():
    body = (
        "Inflation hit 3.5 percent at 11:30 local time, according to data at stats.example.com and "
        "press@agency.example.org. The figure was revised."
    )
    assert texts(body) == [
        (
            "Inflation hit 3.5 percent at 11:30 local time, according to data at stats.example.com and "
            "press@agency.example.org."
        ),
        "The figure was revised.",
    ]


def test_sentences_are_ordered_trimmed_disjoint_and_cover_every_visible_character():
    body = (
        "  BREAKING NEWS\r\n\r\nWASHINGTON — The U.S. Senate met at 9 a.m. The vote (see p. 4) was 51-49.\n"
        "“We won. It’s over,” Sen. J. R. Hale said… Critics? They stayed silent!\n \n"
        '"Unclosed quote. Dr. Ruiz left at 3.5 p.m. on Dec. 3... and Acme Inc. The end\t\n\n\n'
        "‘Single quote… Final words without a period   "
    )
    spans = split_sentences(body)
    assert len(spans) >= 10
    covered = []
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        sentence = body[start:end]
        assert sentence == sentence.strip()
        covered.extend(range(start, end))
        previous_end = end
    assert len(covered) == len(set(covered))
    assert {i for i, char in enumerate(body) if not char.isspace()} <= set(covered)
