"""Stories: grouping by similarity within a window of days, and editors' merges and splits."""

import json
from datetime import date
from types import SimpleNamespace

import numpy as np
import pytest

from articles.ingest import ingest_files
from articles.models import Article
from reliability.models import ClaimLink, Story
from reliability.refresh import analyse_and_score, refresh_story
from reliability.stories import NEIGHBOURS, _nearest, hashed, merge, split, vectors

pytestmark = pytest.mark.django_db

FLOOD = (
    "Floodwater from the Severn River swept through Tewkesbury on {day}, forcing 300 residents of "
    "Tewkesbury from their homes. The Environment Agency said the Severn River peaked at 5.2 metres near "
    "the Tewkesbury Abbey. Sandbags were handed out at the Tewkesbury leisure centre."
)
BUDGET = (
    "The Danish parliament in Copenhagen passed the 2026 budget on {day} after a late deal between the "
    "Social Democrats and the Liberals. Finance Minister Nicolai Wammen said the Copenhagen budget raises "
    "defence spending. The Folketing vote was 94 to 81."
)


def article(outlet, template, date, day):
    return json.dumps(
        {
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{date}",
            "outlet": outlet,
            "title": template.split(".")[0][:60],
            "published_at": date,
            "text": template.format(day=day),
        }
    )


@pytest.fixture
def corpus(write, model_dir):
    lines = [
        article("Severn Star", FLOOD, "2025-03-10", "Monday"),
        article("Gloucester Gazette", FLOOD, "2025-03-11", "Tuesday"),
        article("Nordic Wire", BUDGET, "2025-03-10", "Monday"),
        article("Baltic Post", BUDGET, "2025-03-12", "Wednesday"),
        article("Severn Echo", FLOOD, "2025-04-20", "Sunday"),  # same words, six weeks later
    ]
    list(ingest_files([write("bulk.jsonl", "\n".join(lines))]))
    analyse_and_score(None)


def outlets_by_story():
    return sorted(
        sorted(member.article.outlet.name for member in story.members.select_related("article__outlet"))
        for story in Story.objects.all()
    )


def test_articles_about_one_event_share_a_story_within_the_window(corpus):
    assert outlets_by_story() == [
        ["Baltic Post", "Nordic Wire"],
        ["Gloucester Gazette", "Severn Star"],
        ["Severn Echo"],
    ]


def test_claims_of_different_outlets_in_a_story_corroborate_each_other(corpus):
    links = ClaimLink.objects.filter(kind=ClaimLink.CORROBORATES).select_related("sentence", "other")
    pairs = {(link.sentence.article.outlet.name, link.other.article.outlet.name) for link in links}
    assert ("Severn Star", "Gloucester Gazette") in pairs
    assert not any("Severn Echo" in pair for pair in pairs)


def test_an_editor_can_merge_and_split_stories(corpus):
    late = Story.objects.get(members__article__outlet__name="Severn Echo")
    early = Story.objects.get(members__article__outlet__name="Severn Star")
    kept = merge([early, late])
    refresh_story(kept)
    assert outlets_by_story()[1] == ["Gloucester Gazette", "Severn Echo", "Severn Star"]
    assert kept.curated and Story.objects.count() == 2
    assert ClaimLink.objects.filter(story=kept, sentence__article__outlet__name="Severn Echo").exists() or (
        ClaimLink.objects.filter(story=kept, other__article__outlet__name="Severn Echo").exists()
    )
    echo = Article.objects.get(outlet__name="Severn Echo").story_membership
    new = split([echo], "Later flooding")
    assert new.title == "Later flooding" and new.curated
    assert outlets_by_story()[2] == ["Severn Echo"]


def test_a_new_article_joins_its_story_without_regrouping_the_rest(corpus, write):
    before = {story.pk for story in Story.objects.all()}
    line = article("Cotswold Courier", FLOOD, "2025-03-12", "Wednesday")
    list(ingest_files([write("more.jsonl", line)]))
    analyse_and_score(None)
    assert {story.pk for story in Story.objects.all()} == before
    assert outlets_by_story()[1] == ["Cotswold Courier", "Gloucester Gazette", "Severn Star"]


def test_an_article_from_before_a_story_widens_its_first_seen(corpus, write):
    list(ingest_files([write("more.jsonl", article("Cotswold Courier", FLOOD, "2025-03-09", "Saturday"))]))
    analyse_and_score(None)
    story = Story.objects.get(members__article__outlet__name="Cotswold Courier")
    assert outlets_by_story()[1] == ["Cotswold Courier", "Gloucester Gazette", "Severn Star"]
    assert (story.first_seen.date(), story.last_seen.date()) == (date(2025, 3, 9), date(2025, 3, 11))


def test_a_days_neighbours_are_those_a_nearest_neighbours_index_finds_to_the_bit():
    """Grouping put articles in the story of their nearest neighbours by a NearestNeighbors index; the
    sparse product that replaced it must give the same distances and the same order, ties included."""
    from sklearn.neighbors import NearestNeighbors

    texts = [FLOOD.format(day="Monday")] * 8 + [BUDGET.format(day=day) for day in ("Monday", "Tuesday")]
    texts += [FLOOD.format(day="Friday")[:90], "1234 5678.", BUDGET[:60] + FLOOD[:80]] * 2
    window = [SimpleNamespace(title=f"Title {n % 3}", body=text) for n, text in enumerate(texts)]
    queries = slice(len(window) - 7, None)
    index = NearestNeighbors(n_neighbors=NEIGHBOURS + 1, metric="cosine").fit(hashed(window))
    expected = index.kneighbors(hashed(window)[queries])
    matrix = vectors(window)
    found = _nearest(matrix[queries], matrix, NEIGHBOURS + 1)
    assert all(np.array_equal(one, other) for one, other in zip(found, expected, strict=True))
    assert len(set(expected[0][0])) < NEIGHBOURS + 1  # there were ties to break
