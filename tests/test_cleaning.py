"""Cleaning keeps the article, drops page furniture, and maps every body offset back to the raw text."""

from articles.cleaning import clean, furniture_rule


def paragraphs(raw):
    return clean(raw).body.split("\n\n")


def rules(raw):
    return [(item.rule, item.text) for item in clean(raw).removed]


def test_language_picker_and_image_placeholder_are_removed():
    raw = (
        "Select Language:\n![]() |\n| The mayor opens the bridge |\nThe mayor opened the bridge on Monday.\n"
    )
    assert paragraphs(raw) == ["The mayor opened the bridge on Monday."]
    assert rules(raw) == [
        ("language picker", "Select Language:"),
        ("image placeholder", "![]() |"),
        ("photo caption", "| The mayor opens the bridge |"),
    ]


def test_photo_captions_with_credits_are_removed_but_sentences_with_brackets_stay():
    raw = (
        "The mayor cuts the ribbon on the new bridge, May 3, 2024. (Jane Roe/The Daily Bugle)\n"
        "Crowds gathered along the river. (Photo by John Doe)\n"
        "The meeting begins at 2:30 p.m. Eastern time (10:30 a.m. local time).\n"
        "Photo: Jane Roe for the Bugle\n"
    )
    assert paragraphs(raw) == ["The meeting begins at 2:30 p.m. Eastern time (10:30 a.m. local time)."]
    assert (
        rules(raw)
        == [  # consecutive lines of one kind are one removed range
            ("photo caption", raw[: raw.index("\nThe meeting")]),
            ("photo caption", "Photo: Jane Roe for the Bugle"),
        ]
    )


def test_teaser_block_and_everything_after_it_is_removed():
    raw = (
        "Council approves budget\n\nThe council approved the budget on Tuesday.\n\n"
        "More in News\n\nA new library opens downtown\n\nThe library has 40,000 books.\n\nMost Read\n"
    )
    cleaned = clean(raw)
    assert cleaned.body == "Council approves budget\n\nThe council approved the budget on Tuesday."
    (teasers,) = cleaned.removed
    assert teasers.rule == "teaser block"
    assert raw[teasers.start : teasers.end] == (
        "More in News\n\nA new library opens downtown\n\nThe library has 40,000 books.\n\nMost Read"
    )


def test_a_teaser_marker_before_any_text_is_navigation_only():
    raw = "Most Read\nThe council approved the budget on Tuesday.\n"
    assert paragraphs(raw) == ["The council approved the budget on Tuesday."]
    assert rules(raw) == [("navigation", "Most Read")]


def test_copyright_and_credit_lines_are_not_article_text():
    raw = (
        "The council approved the budget on Tuesday.\n"
        "This article originally appeared in The Daily Bugle.\n"
        "Information from Reuters was used in this story.\n"
        "© 2025 Example News. All rights reserved.\n"
    )
    assert paragraphs(raw) == ["The council approved the budget on Tuesday."]
    assert [rule for rule, _ in rules(raw)] == ["syndication credit", "wire credit", "copyright line"]


def test_bylines_are_removed_only_when_they_name_people():
    assert furniture_rule("By Jane Roe and John Doe") == "byline"
    assert furniture_rule("By Friday, the talks had stalled.") is None


def test_literal_html_in_plain_text_stays_text():
    raw = (
        "The author spoke at <strong>Ḵ</strong>unéix Hall on Wednesday.\n"
        "<script>alert(1)</script> was posted.\n"
    )
    assert paragraphs(raw) == [
        "The author spoke at <strong>Ḵ</strong>unéix Hall on Wednesday.",
        "<script>alert(1)</script> was posted.",
    ]


def test_every_body_span_maps_back_to_the_same_raw_characters():
    raw = (
        "\ufeffSelect Language:\r\n  The council met.  \r\n\r\n![]()\r\nIt voted 5-2 on Tuesday.\r\n"
        "(Photo by Jane Roe)\r\nThe mayor said she was pleased.\r\nMost Read\r\nOther story\r\n"
    )
    cleaned = clean(raw)
    assert cleaned.body == "The council met.\n\nIt voted 5-2 on Tuesday.\n\nThe mayor said she was pleased."
    for phrase in ["The council met.", "voted 5-2", "The mayor said she was pleased."]:
        start = cleaned.body.index(phrase)
        raw_start, raw_end = cleaned.to_raw(start, start + len(phrase))
        assert raw[raw_start:raw_end] == phrase
    assert cleaned.to_raw(0, 16) == (21, 37)


def test_hard_wrapped_lines_join_into_paragraphs_without_rewriting_them():
    raw = (
        "The city council voted on Tuesday to approve a budget that\n"
        "raises spending on roads by four percent, the mayor\n"
        "said after the meeting.\n"
        "\n"
        "Opponents of the plan said it would force higher taxes\n"
        "within two years and promised to challenge it.\n"
    )
    cleaned = clean(raw)
    first, second = cleaned.body.split("\n\n")
    assert first == raw[: raw.index("\n\n")]
    assert second.startswith("Opponents") and second.endswith("challenge it.")
    start = cleaned.body.index("Opponents")
    assert cleaned.to_raw(start, len(cleaned.body)) == (raw.index("Opponents"), len(raw) - 1)


def test_single_line_breaks_end_paragraphs_in_unwrapped_text():
    raw = "Officials met on Monday\nThe vote was delayed.\n"
    assert paragraphs(raw) == ["Officials met on Monday", "The vote was delayed."]


def test_empty_and_furniture_only_text_has_no_body():
    assert clean("").body == ""
    assert clean("Select Language:\n© 2025 Example News. All rights reserved.\n").body == ""
