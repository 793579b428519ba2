"""Finding who wrote, carried and helped with an article."""

import pytest

from articles.cleaning import clean
from articles.models import Outlet, OutletDomain
from articles.outlets import (
    attribute,
    copyright_holder,
    domain_of,
    get_or_create_outlet,
    read_credits,
    syndication_source,
    wire_credits,
)


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("© 2025 Newsmax. All rights reserved.", "Newsmax"),
        ("Copyright 2024 The Associated Press. All rights reserved.", "The Associated Press"),
        ("(c) 2019-2024 Daily Planet | All rights reserved", "Daily Planet"),
        ("All rights reserved.", ""),
    ],
)
def test_copyright_holder(line, holder):
    assert copyright_holder(line) == holder


WIRED = "This story originally appeared in Wired and appears here as part of our Climate Desk Partnership."


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("This article originally appeared in The New York Times.", "The New York Times"),
        (
            "This article is republished from The Conversation under a Creative Commons license.",
            "The Conversation",
        ),
        ("This story was originally published by ProPublica on May 3, 2024.", "ProPublica"),
        (WIRED, "Wired"),
        ("This article originally appeared on VICE News.", "VICE News"),
        ("This article first appeared in Stars and Stripes.", "Stars and Stripes"),
        ("This story originally appeared in U.S. News & World Report.", "U.S. News & World Report"),
        ("This article originally appeared in the Guardian on Tuesday.", "The Guardian"),
        ("This piece originally appeared at The 19th, an independent newsroom.", "The 19th"),
    ],
)
def test_syndication_source(line, source):
    assert syndication_source(line) == source


# Real lines that name a date or go on with a clause, not a publication.
NO_PUBLICATION = [
    "This article originally appeared on July 12, 2019.",
    "This story was originally published in May 2018 but has been updated with additional information "
    "regarding the delivery of Mueller's report to Attorney General Bill Barr.",
    "This article was originally published in 2019.",
    "This article originally appeared in print on page A12.",
    "This article originally appeared on the website of our partners.",
]


@pytest.mark.parametrize("line", NO_PUBLICATION)
def test_a_line_naming_no_publication_gives_no_source(line):
    assert syndication_source(line) == ""


@pytest.mark.parametrize("line", NO_PUBLICATION)
def test_a_line_naming_no_publication_is_kept_as_a_credit_note_and_makes_no_outlet(line, db):
    raw = f"The council met on Tuesday.\n{line}\n"
    credits = read_credits(clean(raw), publisher="Gazette")
    who = attribute(credits, "label")
    assert (credits.notes, credits.syndicated_from) == ([line], "")
    assert (who.outlet.name, who.carried_by) == ("Gazette", None)
    assert list(Outlet.objects.values_list("name", flat=True)) == ["Gazette"]


def test_ingest_stores_the_credit_note_and_the_outlets_the_lines_name(write, db):
    from articles.ingest import ingest_files

    lines = "\n".join(
        [
            "The council met on Tuesday to vote on the harbour budget.",
            WIRED,
            "Jane Doe contributed to this report.",
            "Information from Reuters was used in this story.",
        ]
    )
    [outcome] = ingest_files([write("a.txt", lines + "\n© 2025 Gazette. All rights reserved.\n")])
    article = outcome.article
    assert (article.outlet.name, article.carried_by.name) == ("Wired", "Gazette")
    assert [outlet.name for outlet in article.credits.all()] == ["Reuters"]
    assert article.credit_note == "Jane Doe contributed to this report."
    assert sorted(Outlet.objects.values_list("name", flat=True)) == ["Gazette", "Reuters", "Wired"]


def test_wire_credits_name_wires_not_reporters():
    assert wire_credits("Information from Reuters was used in this story.") == ["Reuters"]
    assert wire_credits("The Associated Press and AFP contributed to this report.") == [
        "The Associated Press",
        "Agence France-Presse",
    ]
    assert wire_credits("Jane Doe contributed to this report.") == []
    assert wire_credits("Information from a news release was used in this report.") == []


def test_domain_of_drops_www_and_case():
    assert domain_of("https://WWW.Example.com:443/news/1") == "example.com"


def test_the_page_outlet_comes_from_the_url_domain(db):
    credits = read_credits(clean("The council met on Tuesday.\n"), url="https://www.dailybugle.example/x")
    who = attribute(credits, "label")
    assert who.outlet.name == "dailybugle.example"
    assert list(who.outlet.domains.values_list("domain", flat=True)) == ["dailybugle.example"]
    assert who.carried_by is None


def test_a_known_domain_finds_its_outlet_whatever_the_name_given(db):
    bugle = Outlet.objects.create(name="The Daily Bugle", slug="the-daily-bugle")
    OutletDomain.objects.create(outlet=bugle, domain="dailybugle.example")
    assert get_or_create_outlet("Bugle Online", "dailybugle.example") == bugle
    assert get_or_create_outlet("daily bugle") == bugle
    assert Outlet.objects.count() == 1


def test_syndicated_copy_is_written_by_the_source_and_carried_by_the_page(db):
    raw = "The council met on Tuesday.\nThis article originally appeared in The Daily Bugle.\n"
    who = attribute(read_credits(clean(raw), publisher="Gazette"), "label")
    assert (who.outlet.name, who.carried_by.name) == ("The Daily Bugle", "Gazette")


def test_wire_help_is_a_credit_not_authorship(db):
    raw = (
        "The council met.\n"
        "Information from Reuters was used in this story.\n"
        "© 2025 Gazette. All rights reserved.\n"
    )
    who = attribute(read_credits(clean(raw)), "label")
    assert who.outlet.name == "Gazette"
    assert [(outlet.name, outlet.kind) for outlet in who.credited] == [("Reuters", "wire")]


def test_an_article_naming_no_publisher_gets_its_own_unknown_outlet(db):
    first = attribute(read_credits(clean("The council met.\n")), "Council meets")
    second = attribute(read_credits(clean("The mayor spoke.\n")), "Council meets")
    assert first.outlet.kind == second.outlet.kind == Outlet.Kind.UNKNOWN
    assert first.outlet.name == "Unknown outlet: Council meets"
    assert second.outlet.name == "Unknown outlet 2: Council meets"
