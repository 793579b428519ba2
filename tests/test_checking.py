"""Checking each field at the door: real dates in bounds, clean names and titles, safe URLs, storable text."""

from datetime import UTC, datetime

import pytest

from articles import checking
from articles.reading import BadInput


def test_a_date_without_a_zone_is_utc_and_one_with_a_zone_is_moved_to_utc():
    assert checking.published("2025-08-14") == datetime(2025, 8, 14, tzinfo=UTC)
    assert checking.published("2025-08-14T09:30:00+02:00") == datetime(2025, 8, 14, 7, 30, tzinfo=UTC)
    assert checking.published("1900-01-01T00:00:00Z") == datetime(1900, 1, 1, tzinfo=UTC)
    assert checking.published("") is None


def test_names_are_nfc_with_spaces_collapsed_and_what_was_removed_noted():
    notes = []
    assert checking.outlet_name("  Le\u0301  Monde\u200f\n", notes) == "Lé Monde"
    assert notes == ["outlet: removed 1 invisible or control character"]
    assert checking.title("\u2066\u2069\ufeff\x9b", notes) == ""
    assert notes[1] == "title: removed 4 invisible or control characters"
    assert checking.outlet_name("The Gazette", notes) == "The Gazette" and len(notes) == 2


@pytest.mark.parametrize(
    "url",
    [
        "https://gazette.example/a b",
        "https://gazette.example/a'onmouseover=alert(1)",
        "https://gazette.example/<b>",
        "https://gazette.example/a\x07",
        "https://gazette.example/a\\b",
    ],
)
def test_urls_with_quotes_brackets_spaces_or_controls_are_refused(url):
    with pytest.raises(BadInput, match=r"holds a quote, angle bracket, space or control character$"):
        checking.url(url)


def test_a_plain_url_is_kept_and_the_limit_is_the_columns():
    assert checking.url(" https://gazette.example/news/bridge?id=3#top ") == (
        "https://gazette.example/news/bridge?id=3#top"
    )
    longest = "https://gazette.example/" + "a" * (checking.URL_LIMIT - 24)
    assert checking.url(longest) == longest
    with pytest.raises(BadInput, match="over the 2,000-character limit"):
        checking.url(longest + "a")


def test_text_is_kept_as_read_unless_it_holds_a_nul():
    assert checking.text("Line\x0bone.\r\n") == "Line\x0bone.\r\n"
    with pytest.raises(BadInput, match=r"^text holds a NUL character at offset 4$"):
        checking.text("Line\x00one.")
