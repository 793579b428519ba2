"""Pages and API lists make as many queries for a dozen outlets of long articles as for three outlets of
short ones: nothing is read per outlet, article, claim or link."""

import json
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.ingest import ingest_files
from articles.models import Article, Outlet, Sentence
from reliability.analysis.model import load_current
from reliability.api.models import DashboardToken
from reliability.overrides import change_sentence, override_score
from reliability.refresh import analyse_and_score

pytestmark = pytest.mark.django_db

SMALL, LARGE = (3, 2), (12, 6)  # (outlets, articles each)
PLACES = ["harbour", "library", "stadium", "airport", "hospital", "railway"]
NAMES = "Abernathy Baptiste Castellano Dimitrov Eriksen Fonseca Gallagher Haddad Ibrahim Jovanovic".split()
THINGS = "bridge tunnel roof wing terminal platform garden fountain tower depot pier clinic plaza".split()
MONTHS = "January February March April May June July August September October November".split()
# A named source, an anonymous one, a weasel and a rumour in the outlet's own voice.
LINES = [
    "Councillor {name} said the {place} {thing} will cost {count} million dollars.",
    "Officials who asked not to be named said the {place} {thing} may be delayed until {month}.",
    "Experts say the {place} {thing} needs {count} more workers.",
    "The {thing} at the {place} reportedly closed in {month}!",
]


def article(outlet, number):
    """Article `number` of outlet `outlet`: story `number`, which every outlet tells with the same
    lead claims (odd outlets give another start time: a contradiction) and words of its own (so no
    outlet's copy is a near-duplicate of another's), the longer the later the article."""
    place, words = PLACES[number], random.Random(outlet * 100 + number)
    own = [
        line.format(
            place=place,
            name=words.choice(NAMES),
            thing=words.choice(THINGS),
            month=words.choice(MONTHS),
            count=words.randint(2, 90),
        )
        for _ in range(number + 1)
        for line in LINES
    ]
    lead = f"Mayor Lena Ortiz said the {place} talks will start at {10 + outlet % 2}:30 a.m. on Friday."
    return {
        "url": f"https://outlet{outlet}.example/{number}",
        "outlet": f"Outlet {outlet}",
        "title": f"{place.title()} talks set for Friday",
        "published_at": f"2025-08-{10 + number:02d}T{outlet:02d}:00:00Z",
        "text": "\n\n".join(
            [lead, f"The {place} ferry company told reporters that service will resume on Monday.", *own]
        ),
    }


def corpus(write, editor, outlets, articles):
    """Make the corpus `outlets` × `articles` (adding to a smaller one), analyse and score it; an editor
    relabels the lead of every article and overrides every outlet's score once more."""
    items = [article(outlet, number) for outlet in range(outlets) for number in range(articles)]
    list(ingest_files([write(f"news-{outlets}.jsonl", "\n".join(json.dumps(item) for item in items))]))
    analyse_and_score(None)
    for lead in Sentence.objects.filter(order=0, overrides__isnull=True):
        change_sentence(lead, "label", "anonymous", "Desk source", editor, seen=None)
    for outlet in Outlet.objects.filter(articles__isnull=False).distinct():
        override_score(outlet, "all", 50 + outlets, "Known to the desk", editor, seen=None)
    analyse_and_score(None)


def queries(client, url):
    """The queries of a request for the url once it has been asked for before: the first request for
    an API list after a change also records the data's new stamp (freshness.changed_at)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = {
    "dashboard": "/",
    "dashboard sorted by name": "/?sort=name",
    "outlet": "/outlets/outlet-0/",
    "outlet, last 90 days": "/outlets/outlet-0/?window=90d",
    "article": "/articles/{article}/",
    "article with a claim open": "/articles/{article}/?sentence={claim}",
    "claim panel": "/sentences/{claim}/panel/",
    "next in the queue": "/queue/",
}


def pages():
    """The pages' urls at the corpus's current size: the longest article of the first outlet, its lead
    claim open."""
    longest = Article.objects.filter(outlet__name="Outlet 0").order_by("-published_at").first()
    claim = longest.sentences.get(order=0)
    return {name: url.format(article=longest.pk, claim=claim.pk) for name, url in PAGES.items()}


LISTS = {
    "outlets": "/api/v1/outlets/",
    "outlets by score": "/api/v1/outlets/?ordering=-score",
    "outlet": "/api/v1/outlets/outlet-0/",
    "articles": "/api/v1/articles/",
    "claims": "/api/v1/claims/",
    "corroborated vague claims": "/api/v1/claims/?label=vague&corroborated=true",
    "scores": "/api/v1/scores/",
    "stories": "/api/v1/stories/",
    "contradictions": "/api/v1/contradictions/",
    "label overrides": "/api/v1/overrides/labels/",
    "score overrides": "/api/v1/overrides/scores/",
}


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, tmp_path_factory):
    """{size: {page or list: queries}} at SMALL and LARGE: the pages read by an editor (who sees the
    most: the forms too), the lists by a dashboard's token. The corpus is built once for the module
    (building it costs seconds) and rolled back after it."""
    folder = tmp_path_factory.mktemp("query-counts")

    def write(name, text):
        (folder / name).write_text(text, encoding="utf-8")
        return folder / name

    found = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MODEL_DIR=folder / "models"),
        transaction.atomic(),
    ):
        load_current.cache_clear()
        call_command("create_editor", username="edna", password="a-long-editor-password", stdout=None)
        editor = get_user_model().objects.get(username="edna")
        reader, dashboard = Client(), APIClient()
        reader.force_login(editor)
        dashboard.credentials(HTTP_AUTHORIZATION=f"Token {DashboardToken.issue('Counting')[1]}")
        for size in (SMALL, LARGE):
            corpus(write, editor, *size)
            found[size] = {name: queries(reader, url) for name, url in pages().items()}
            found[size].update({f"api {name}": queries(dashboard, url) for name, url in LISTS.items()})
        transaction.set_rollback(True)
    load_current.cache_clear()
    return found


@pytest.mark.parametrize("page", PAGES)
def test_a_page_makes_as_many_queries_for_many_outlets_and_claims_as_for_a_few(counts, page):
    assert counts[LARGE][page] == counts[SMALL][page]


@pytest.mark.parametrize("name", LISTS)
def test_an_api_list_makes_as_many_queries_for_many_outlets_and_claims_as_for_a_few(counts, name):
    assert counts[LARGE][f"api {name}"] == counts[SMALL][f"api {name}"]
