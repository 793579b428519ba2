"""Property tests: any text analyses without error, and every offset slices the input exactly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.analysis.contract import FileText, analyse_files

NEWSY = st.sampled_from(
    [
        "said",
        "according to",
        "“",
        "”",
        '"',
        ":",
        "\n",
        "\n\n",
        ".",
        "?",
        "Mr.",
        "U.S.",
        "—",
        "he",
        "Officials",
        "More in News",
        "© 2025",
        " ",
        ",",
        "a.m.",
        "<strong>",
        "\r\n",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(min_size=1, max_size=12), NEWSY), max_size=60).map("".join))
def test_any_text_analyses_and_every_offset_slices_the_input(text):
    [result] = analyse_files([FileText("x", text)])
    for sentence in result["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert sentence["text"].strip()
        for span in sentence["attribution"].values():
            if isinstance(span, dict):
                assert text[span["start"] : span["end"]] == span["text"]
