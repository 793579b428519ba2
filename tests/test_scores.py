"""Outlet scores: order known by construction, intervals, shrinkage, explanations, history, increments."""

import json

import pytest
from django.core.exceptions import ValidationError

from articles.ingest import ingest_files
from articles.models import Outlet
from reliability.models import ArticleTally, EditorialSettings, OutletScore, Totals
from reliability.refresh import analyse_and_score
from reliability.scoring import COUNT_FIELDS, corpus_counts, current_settings, explain, wilson

pytestmark = pytest.mark.django_db

EVENTS = [
    ("the Harbour Bridge", "will close for repairs on", "Monday"),
    ("the city council", "approved a budget of 40 million dollars on", "Tuesday"),
    ("the river ferry", "resumed service on", "Wednesday"),
    ("the Northgate school", "reopened after the floods on", "Thursday"),
    ("the tram line", "was extended to the airport on", "Friday"),
    ("the central library", "opened a new wing on", "Saturday"),
]
SPEAKERS = ["Mayor Lena Ortiz", "Transport Minister Karl Brenner", "Councillor Ruth Abernathy"]


def careful(number, event):
    subject, happened, day = event
    speaker = SPEAKERS[number % len(SPEAKERS)]
    return f"{speaker} said {subject} {happened} {day}."


RUMOURS = [
    "a celebrity chef is secretly planning a rooftop casino",
    "the old lighthouse will be sold to a foreign billionaire",
    "a famous band will play a free concert in the quarry",
    "the zoo is hiding a second panda",
    "a cruise ship will moor permanently in the marina",
    "the mayor's cousin owns the new parking company",
]


def rumour(number, event):
    return f"Sources say {RUMOURS[number % len(RUMOURS)]}, story number {number}."


def bulk(write, outlet, sentences_per_article, make, articles=4):
    lines = []
    for article in range(articles):
        body = "\n\n".join(
            make(article * 10 + i, EVENTS[(article + i) % len(EVENTS)]) for i in range(sentences_per_article)
        )
        lines.append(
            json.dumps(
                {
                    "url": f"https://{outlet.lower().replace(' ', '')}.example/{article}",
                    "outlet": outlet,
                    "title": f"{outlet} report {article}",
                    "published_at": "2025-08-14",
                    "text": body,
                }
            )
        )
    return write(f"{outlet}.jsonl", "\n".join(lines))


def middle(number, event):
    return (
        careful(number, event) if number % 2 else f"{event[0].capitalize()} {event[1]} {event[2]} for sure."
    )


@pytest.fixture
def three_outlets(write, model_dir):
    files = [
        bulk(write, "Careful Courier", 6, careful),
        bulk(write, "Middle Mirror", 6, middle),
        bulk(write, "Rumour Rag", 6, rumour),
    ]
    list(ingest_files(files))
    analyse_and_score(None)
    return {outlet.name: latest(outlet) for outlet in Outlet.objects.all()}


def latest(outlet, window="all"):
    return OutletScore.objects.filter(outlet=outlet, window=window).order_by("-computed_at", "-pk").first()


def criterion(score, name):
    explain([score])  # the evidence is worked out when first read
    return next(item for item in score.criteria if item["name"] == name)


def test_outlets_come_out_in_the_order_their_sourcing_deserves(three_outlets):
    careful_, middle_, rumour_ = (
        three_outlets[name] for name in ("Careful Courier", "Middle Mirror", "Rumour Rag")
    )
    assert careful_.overall > middle_.overall > rumour_.overall
    assert criterion(rumour_, "unsupported_rate")["raw"] == 1.0  # vague, and no other outlet says it
    assert criterion(rumour_, "vague_rate")["raw"] == 1.0
    assert criterion(careful_, "attribution_quality")["raw"] == 1.0  # all on the record
    assert criterion(careful_, "unsupported_rate")["raw"] == 0.0
    assert criterion(middle_, "attribution_quality")["raw"] == 0.5


def test_every_figure_carries_its_sample_size_and_an_interval(three_outlets):
    for score in three_outlets.values():
        assert score.claims == 24 and score.articles == 4
        assert score.overall_low <= score.overall <= score.overall_high
        out_of = {"claims": 24, "articles": 4, "own_sentences": score.counts["own_sentences"]}
        for item in score.criteria:
            assert item["n"] == out_of[item["out_of"]]
            assert item["low"] <= item["value"] <= item["high"]
        assert score.few_claims is True  # 24 claims is under the default threshold of 30
    assert score.settings == current_settings()


def test_small_outlets_are_shrunk_toward_the_corpus_mean(three_outlets):
    careful_ = criterion(three_outlets["Careful Courier"], "attribution_quality")
    assert careful_["raw"] == 1.0 and careful_["value"] < 1.0  # pulled toward the corpus
    corpus = corpus_counts()
    assert corpus["claims"] == 72


def test_explanations_list_the_claims_behind_each_criterion_worst_first(three_outlets):
    rag = criterion(three_outlets["Rumour Rag"], "vague_rate")
    assert len(rag["evidence"]) == 5
    assert all(
        item["label"] == "vague" and item["text"].startswith("Sources say") for item in rag["evidence"]
    )
    quality = criterion(three_outlets["Middle Mirror"], "attribution_quality")
    assert [item["label"] for item in quality["evidence"]] == ["none"] * 5


def test_scores_are_snapshots_and_history_is_kept(three_outlets, write):
    outlet = Outlet.objects.get(name="Rumour Rag")
    before = OutletScore.objects.filter(outlet=outlet, window="all").count()
    list(ingest_files([bulk(write, "Rumour Rag", 3, careful, articles=1)]))
    analyse_and_score(None)
    scores = OutletScore.objects.filter(outlet=outlet, window="all").order_by("computed_at", "pk")
    assert scores.count() == before + 1
    assert scores.last().overall > scores[before - 1].overall  # on-the-record copy lifts it
    assert {score.window for score in OutletScore.objects.filter(outlet=outlet)} == {"all", "90d", "30d"}


def test_running_totals_always_equal_a_full_recount(three_outlets, write):
    from articles.outlets import reassign_articles
    from reliability.refresh import refresh_outlets

    rag, careful_ = Outlet.objects.get(name="Rumour Rag"), Outlet.objects.get(name="Careful Courier")
    moved = list(rag.articles.all()[:2])
    reassign_articles(moved, careful_)
    refresh_outlets(moved)
    for outlet in (rag, careful_):
        totals = Totals.objects.get(outlet=outlet)
        tallies = ArticleTally.objects.filter(outlet=outlet)
        assert totals.articles == tallies.count() == outlet.articles.count()
        for name in COUNT_FIELDS:
            assert getattr(totals, name) == sum(getattr(tally, name) for tally in tallies), name


def test_wilson_interval_matches_the_textbook_value():
    low, high = wilson(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    assert wilson(0, 0) == (0.0, 1.0)


def test_editorial_settings_are_validated():
    settings = current_settings()
    settings.label_weights = {**settings.label_weights, "vague": 1.5}
    with pytest.raises(ValidationError, match="between 0 and 1"):
        settings.full_clean()
    settings.label_weights = {"named_person": 1.0}
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_a_settings_change_is_a_new_version_that_new_scores_record(three_outlets, admin_client):
    first = current_settings()
    data = {
        "note": "Vague sourcing counts for nothing",
        **{f"label_weight_{label}": weight for label, weight in first.label_weights.items()},
        "label_weight_vague": 0.0,
        "justified_anonymity_bonus": 0.2,
        **{f"criterion_weight_{name}": weight for name, weight in first.criterion_weights.items()},
        "prior_strength": 20,
        "small_outlet_claims": 30,
        "story_window_days": 3,
        "story_similarity": 0.2,
        "claim_similarity": 0.3,
    }
    response = admin_client.post(f"/admin/reliability/editorialsettings/{first.pk}/change/", data)
    assert response.status_code == 302
    assert list(EditorialSettings.objects.values_list("version", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert first.label_weights["vague"] == 0.15  # the old version is untouched
    from reliability.scoring import rescore

    rescore(Outlet.objects.filter(name="Rumour Rag"))
    assert latest(Outlet.objects.get(name="Rumour Rag")).settings.version == 2


def test_a_rescore_leaves_the_evidence_to_its_first_reader_who_keeps_it(three_outlets, token_api):
    rag = three_outlets["Rumour Rag"]
    assert rag.explained is False
    assert all(item["evidence"] == [] for item in rag.criteria)  # adding an article pays for counts only
    answer = token_api.get("/api/v1/outlets/rumour-rag/")
    assert answer.status_code == 200
    shown = {item["name"]: item["evidence"] for item in answer.json()["scores"]["all"]["criteria"]}
    assert [item["text"][:11] for item in shown["vague_rate"]] == ["Sources say"] * 5
    rag.refresh_from_db()
    assert rag.explained is True  # kept: the next reader reads it
    assert {item["name"]: item["evidence"] for item in rag.criteria} == shown
