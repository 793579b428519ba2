"""What the criteria read in an outlet's articles: its own reporting and sourcing, its own voice, its
headlines; what they show an editor; and that nothing of an outlet's name or address enters a score."""

import json

import pytest

from articles.ingest import ingest_files
from articles.models import Article, Outlet
from reliability.models import ArticleTally, OutletScore
from reliability.refresh import analyse_and_score
from reliability.scoring import explain

pytestmark = pytest.mark.django_db

REPORTED = [
    "The council approved a budget of 40 million dollars on Tuesday.",
    "The harbour bridge closed for repairs on Monday after inspectors found cracks in two supports.",
    "Ferry fares rose by 12 percent in March, the third rise in two years.",
    "The new tram line carried 18,000 passengers in its first week.",
    "Flooding closed the Northgate school for nine days in January.",
    "Mayor Lena Ortiz said the repairs would cost 3 million dollars.",
    "Transport Minister Karl Brenner said the tram would reach the airport by 2027.",
]
RELAYED = [
    "Some say the mayor is reportedly planning a secret casino on the rooftop.",
    "The disgraceful scheme was allegedly drawn up by her cousin.",
    "The Daily Planet reported that the plan was shelved.",
]


def line(outlet, number, title, sentences, domain):
    return json.dumps(
        {
            "url": f"https://{domain}/{number}",
            "outlet": outlet,
            "title": title,
            "published_at": "2025-08-14",
            "text": "\n\n".join([*sentences, f"Crews have worked {number + 2} nights in a row."]),
        }
    )


def corpus(write, names=("Harbour Herald", "Gossip Gazette"), domains=("herald.example", "gossip.example")):
    herald, gossip = names
    files = [
        write(
            "herald.jsonl",
            "\n".join(
                line(herald, n, "Council approves budget as bridge repairs begin", REPORTED, domains[0])
                for n in range(3)
            ),
        ),
        write(
            "gossip.jsonl",
            "\n".join(
                line(gossip, n, "SHOCKING: Pop star's secret wedding EXPOSED!", RELAYED, domains[1])
                for n in range(3)
            ),
        ),
    ]
    list(ingest_files(files))
    analyse_and_score(None)
    return [
        OutletScore.objects.filter(outlet__name=name, window="all").order_by("-pk").first() for name in names
    ]


def criterion(score, name):
    explain([score])  # the evidence is worked out when first read
    return next(item for item in score.criteria if item["name"] == name)


def test_an_article_is_tallied_for_its_reporting_sourcing_voice_and_headline(write, model_dir):
    corpus(write)
    herald = ArticleTally.objects.filter(outlet__name="Harbour Herald").first()
    gossip = ArticleTally.objects.filter(outlet__name="Gossip Gazette").first()
    assert (herald.reported, herald.sourced) == (1, 1)  # five claims of its own, two named speakers
    assert (herald.none, herald.vague) == (5, 1)  # "inspectors found" is a vague source
    assert (herald.sensational_headline, herald.unsupported_headline) == (0, 0)
    assert (herald.loaded, herald.rumour) == (0, 0)
    assert (gossip.reported, gossip.sourced) == (0, 0)
    assert (gossip.sensational_headline, gossip.unsupported_headline) == (1, 1)  # the body has no wedding
    assert gossip.own_sentences == 2
    assert gossip.rumour == 1  # "reportedly" is in a sentence attributed to "some", "allegedly" is not
    assert gossip.loaded == 1  # "disgraceful", in its own voice


def test_the_criteria_order_the_outlets_and_show_points_that_add_up(write, model_dir):
    herald, gossip = corpus(write)
    assert herald.overall > gossip.overall
    for score in (herald, gossip):
        assert sum(item["points"] for item in score.criteria) == pytest.approx(score.overall, abs=0.1)
    assert criterion(herald, "own_reporting")["raw"] == 1.0
    assert criterion(gossip, "own_reporting")["raw"] == 0.0
    headlines = criterion(gossip, "sensational_headlines")
    assert (headlines["raw"], headlines["n"], headlines["out_of"]) == (1.0, 3, "articles")
    assert criterion(gossip, "media_rate")["raw"] > 0


def test_headlines_are_the_evidence_of_the_headline_criteria(write, model_dir, editor_client):
    _, gossip = corpus(write)
    shown = criterion(gossip, "sensational_headlines")["evidence"]
    ids = set(Article.objects.filter(outlet__name="Gossip Gazette").values_list("pk", flat=True))
    assert [item["note"] for item in shown] == ["exclamation"] * 3
    assert {item["article"] for item in shown} == ids and all(item["sentence"] is None for item in shown)
    page = editor_client.get(f"/outlets/{Outlet.objects.get(name='Gossip Gazette').slug}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sensational headlines" in text and "(lower is better)" in text
    assert "SHOCKING: Pop star&#x27;s secret wedding EXPOSED!" in text
    assert "sentence=None" not in text
    assert "of 3 articles" in text
    assert text.count('<td class="points"') == len(gossip.criteria)  # each one's points against the corpus


def test_renaming_every_outlet_and_its_addresses_changes_no_score(write, model_dir):
    first = [score.overall for score in corpus(write)]
    Article.objects.all().delete()
    Outlet.objects.all().delete()
    renamed = corpus(write, names=("Zed Post", "Alpha Daily"), domains=("zed.example.org", "a.example.net"))
    assert [score.overall for score in renamed] == first
    assert [score.criteria for score in renamed] != [] and all(score.claims for score in renamed)


THIRD = {
    "url": "https://tribune.example/1",
    "outlet": "Third Tribune",
    "title": "Harbour talks begin Friday",
    "published_at": "2025-08-10T12:00:00Z",
    "text": "The harbour talks will start at 10:30 a.m. local time on Friday, Mayor Lena Ortiz said.\n\n"
    "Dock workers are expected to attend.",
}


def harbour_tallies():
    tallies = ArticleTally.objects.filter(article__title__startswith="Harbour").select_related("outlet")
    return {tally.outlet.name: tally.contradicted for tally in tallies}


def test_a_claim_counts_as_contradicted_when_more_outlets_contradict_it_than_back_it(news, write):
    assert harbour_tallies() == {"Careful Courier": 1, "Rumour Rag": 1}  # one against one
    list(ingest_files([write("third.jsonl", json.dumps(THIRD))]))
    analyse_and_score(None)
    # The tribune backs the courier's 10:30 and, with it, contradicts the rag's 11:30.
    assert harbour_tallies() == {"Careful Courier": 0, "Rumour Rag": 1, "Third Tribune": 0}
