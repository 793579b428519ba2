"""The seeds end to end: one story, its corroborations and contradictions, and the outlets' scores."""

import pytest
from django.core.management import call_command

from articles.models import Outlet
from reliability.analysis import model as saved
from reliability.models import ClaimLink, OutletScore, Story
from reliability.refresh import analyse_and_score
from reliability.scoring import explain

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["rules only", "rules and model"])
def scored_seeds(request, model_dir):
    if request.param == "rules and model":
        saved.save(request.getfixturevalue("trained_model"), {"version": "seeds"})
    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(saved.current_or_none(lambda message: None))


def all_time(name_start):
    outlet = Outlet.objects.get(name__startswith=name_start)
    return OutletScore.objects.filter(outlet=outlet, window="all").latest("computed_at")


def criterion(score, name):
    explain([score])  # the evidence is worked out when first read
    return next(item for item in score.criteria if item["name"] == name)


def test_the_four_seeds_are_one_story_with_corroborations(scored_seeds):
    [story] = Story.objects.all()
    assert story.members.count() == 4
    assert ClaimLink.objects.filter(kind=ClaimLink.CORROBORATES).exists()


def test_the_seeds_contradictions_on_start_time_and_landing_place_are_recorded(scored_seeds):
    found = {
        (link.field, frozenset((link.value, link.other_value)))
        for link in ClaimLink.objects.filter(kind=ClaimLink.CONTRADICTS)
    }
    assert ("time", frozenset({"11:30 a.m. local time", "10:30 a.m. local time"})) in found
    assert (
        "place",
        frozenset({"Ted Stevens International Airport", "Joint Base Elmendorf-Richardson"}),
    ) in found


def test_the_unnamed_red_carpet_outlet_scores_lowest(scored_seeds):
    authors = Outlet.objects.filter(articles__isnull=False).distinct()
    scores = {outlet.name: all_time(outlet.name).overall for outlet in authors}
    red_carpet = next(name for name in scores if "red carpet" in name)
    assert min(scores, key=scores.get) == red_carpet
    score = all_time(red_carpet)
    assert criterion(score, "vague_rate")["raw"] > 0
    assert [item["text"][:13] for item in criterion(score, "vague_rate")["evidence"]][:2] == [
        "Observers say",
        "According to ",
    ]


def test_anonymous_and_media_sourcing_of_the_times_and_newsmax_show(scored_seeds):
    times = all_time("The New York Times")
    anonymous = criterion(times, "anonymous_rate")
    assert anonymous["raw"] > 0
    assert any("White House official familiar" in item["text"] for item in anonymous["evidence"])
    newsmax = Outlet.objects.get(name="Newsmax")
    assert newsmax.totals.media_report >= 2  # RIA Novosti, Russian Telegram channels
    times_outlet = Outlet.objects.get(name="The New York Times")
    assert times_outlet.totals.anonymous >= 2 and times_outlet.totals.media_report >= 2  # CNN, the Times
