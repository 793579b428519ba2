"""Refreshing after a new article costs what moved, not what is there: the articles of its story whose
figures did not move are read together, neither locked nor rewritten one by one."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest import ingest_files
from articles.models import Article
from reliability.models import ArticleTally, Story
from reliability.refresh import analyse_and_score
from reliability.scoring import retally

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
