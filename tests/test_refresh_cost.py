"""Refreshing after a new article costs what moved, not what is there: the articles of its story whose
figures did not move are read together, neither locked nor rewritten one by one."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest import ingest_files
from articles.models import Article
from reliability.models import ArticleTally, Story, Totals
from reliability.refresh import analyse_and_score, group_articles, link_and_retally
from reliability.scoring import retally
from reliability.storage import analyse_pending

pytestmark = pytest.mark.django_db

FLOOD = (
    "Floodwater from the Severn River swept through Tewkesbury on Monday, forcing {count} residents of "
    "Tewkesbury from their homes. The Environment Agency said the Severn River peaked at 5.2 metres near "
    "the Tewkesbury Abbey. Sandbags were handed out at the Tewkesbury leisure centre."
)


@pytest.fixture
def story(write, model_dir):
    """Eight outlets' articles on one flood, analysed, linked and tallied."""
    lines = [
        json.dumps(
            {
                "url": f"https://outlet{number}.example/flood",
                "outlet": f"Outlet {number}",
                "title": "Floodwater from the Severn River",
                "published_at": f"2025-03-10T{number:02d}:00:00Z",
                "text": FLOOD.format(count=300 + number),
            }
        )
        for number in range(8)
    ]
    list(ingest_files([write("flood.jsonl", "\n".join(lines))]))
    analyse_and_score(None)
    assert Story.objects.count() == 1 and ArticleTally.objects.count() == 8
    return list(Article.objects.order_by("pk").select_related("outlet"))


def queries_retallying(articles):
    with CaptureQueriesContext(connection) as captured:
        assert retally(articles) == []  # nothing moved: no outlet to rescore
    return len(captured)


def test_retallying_a_story_whose_figures_did_not_move_costs_the_same_for_eight_articles_as_for_four(story):
    tallies = list(ArticleTally.objects.order_by("pk").values())
    assert queries_retallying(story) == queries_retallying(story[:4])
    assert list(ArticleTally.objects.order_by("pk").values()) == tallies


TOPICS = [
    "The city council of Leeds approved a budget of 40 million pounds for new bus lanes on Tuesday.",
    "A magnitude 6.1 earthquake struck off the coast of Chile, the geological survey said on Tuesday.",
    "Shares in the carmaker fell 12 percent after it recalled 80,000 vehicles over faulty brakes.",
    "The national orchestra will tour Japan in May, playing nine concerts in five cities.",
    "Farmers in Kenya reported the worst maize harvest in a decade after the rains failed.",
    "A new bridge over the Danube in Novi Sad opened to traffic after four years of building.",
]


def test_linking_stories_costs_the_same_queries_for_four_as_for_one_and_the_totals_add_up(write, model_dir):
    lines = [
        json.dumps(
            {
                "url": f"https://daily.example/{number}",
                "outlet": "Daily Example",
                "title": text.split(",")[0],
                "published_at": f"2025-04-{5 * number + 1:02d}T09:00:00Z",  # days apart: six stories
                "text": text,
            }
        )
        for number, text in enumerate(TOPICS)
    ]
    list(ingest_files([write("topics.jsonl", "\n".join(lines))]))
    analyse_pending(None)
    stories = group_articles(Article.objects.select_related("outlet"))
    assert len(stories) == 6

    def queries_linking(ids):
        with CaptureQueriesContext(connection) as captured:
            outlets = link_and_retally(ids)
        assert [outlet.name for outlet in outlets] == ["Daily Example"]
        return len(captured)

    queries_linking(stories[:1])  # the first makes the outlet's totals
    assert queries_linking(stories[1:2]) == queries_linking(stories[2:])
    tallies = ArticleTally.objects.all()
    totals = Totals.objects.get(outlet__name="Daily Example")
    assert totals.articles == tallies.count() == 6
    assert totals.claims == sum(tally.claims for tally in tallies) > 0
