"""The review queue asks first about the claims whose label would teach the model most."""

import html
import importlib
import json
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.ingest import ingest_files
from reliability.analysis import uncertainty
from reliability.models import ArticleAnalysis, SentenceAnalysis
from reliability.refresh import analyse_and_score
from reliability.review.pages import Cursor, next_in_queue, queue_progress

pytestmark = pytest.mark.django_db

SURE = {"named_person": 0.97, "none": 0.02, "vague": 0.01}
TORN = {"anonymous": 0.48, "vague": 0.46, "none": 0.06}


def claim(text):
    return SentenceAnalysis.objects.select_related("sentence").get(sentence__text__startswith=text)


def model_output(text, probabilities, claim_score=0.95):
    """Give a stored claim the model output it would have had, and the uncertainty store() gives it."""
    row = claim(text)
    row.probabilities, row.claim_score, row.decided_by = probabilities, claim_score, "model"
    row.uncertainty = uncertainty.score(row)
    row.save()
    return row


def served_text(page):
    """The sentence the queue page serves, as the reader sees it (without the source and cue marks)."""
    quoted = page.content.decode().split("<blockquote>")[1].split("</blockquote>")[0]
    return html.unescape(re.sub(r"<[^>]+>", "", quoted))


def served_sentence_id(page):
    return int(page.content.decode().split('action="/queue/')[1].split("/")[0])


# The function


@pytest.mark.parametrize(
    "probabilities, claim_score, confidence, expected",
    [
        (TORN, 0.95, 0.48, 0.98),  # two labels 2 points apart: nearly a coin toss
        (SURE, 0.99, 0.97, 0.05),  # 97% against 2%, and surely a claim
        (SURE, 0.5, 0.97, 1.0),  # sure of the label, but the claim flag sits on the threshold
        (SURE, 0.6, 0.97, 0.8),  # the claim flag's doubt wins when it is the larger
        ({"none": 1.0}, 1.0, 1.0, 0.0),
        ({}, 0.8, 0.7, 0.3),  # rules only: the rules' own doubt
        ({}, 0.2, 0.5, 0.5),
    ],
)
def test_uncertainty_of_a_sentences_model_output(probabilities, claim_score, confidence, expected):
    row = SentenceAnalysis(probabilities=probabilities, claim_score=claim_score, confidence=confidence)
    assert uncertainty.score(row) == expected


def test_the_reason_names_what_the_model_is_torn_between():
    def why(probabilities, claim_score=0.95, confidence=0.5, label="none"):
        row = SentenceAnalysis(
            probabilities=probabilities, claim_score=claim_score, confidence=confidence, label=label
        )
        return uncertainty.why(row)

    assert why(TORN) == "The model is unsure between anonymous (48%) and vague (46%)."
    assert why(SURE, claim_score=0.55) == "The model is unsure this is a claim at all (claim score 55%)."
    assert (
        why({}, confidence=0.65, label="media_report")
        == "No model yet: the rules are 65% sure of media report."
    )


def test_analyses_are_stored_with_their_uncertainty(news, trained_model):
    analyse_and_score(trained_model)
    rows = SentenceAnalysis.objects.filter(analysis__analyser__startswith="model")
    assert rows.count() == 9
    assert all(row.probabilities and row.uncertainty == uncertainty.score(row) for row in rows)
    assert len({row.uncertainty for row in rows}) > 1
    rules_only = SentenceAnalysis.objects.exclude(pk__in=rows)
    assert all(row.uncertainty == round(1 - row.confidence, 4) for row in rules_only)


def test_the_data_migration_fills_rows_stored_before_it(news):
    model_output("The council approved", TORN)
    SentenceAnalysis.objects.update(uncertainty=0)
    fill_uncertainty = importlib.import_module(
        "reliability.migrations.0007_fill_uncertainty"
    ).fill_uncertainty

    fill_uncertainty(apps, SimpleNamespace(connection=connection))

    assert claim("The council approved").uncertainty == 0.98
    assert claim("Mayor Lena Ortiz").uncertainty == round(1 - claim("Mayor Lena Ortiz").confidence, 4)
    assert not SentenceAnalysis.objects.filter(uncertainty=0).exclude(confidence=1).exists()


def test_fill_works_through_every_batch(news):
    SentenceAnalysis.objects.update(uncertainty=0)
    assert uncertainty.fill(SentenceAnalysis, batch=2) == 9
    assert all(row.uncertainty == uncertainty.score(row) for row in SentenceAnalysis.objects.all())


# The order


def test_the_most_uncertain_claim_comes_first(editor_client, news):
    for row in SentenceAnalysis.objects.select_related("sentence"):
        model_output(row.sentence.text, SURE)
    model_output("The wing holds", TORN)

    page = editor_client.get("/queue/")

    assert "The wing holds 20,000 books" in served_text(page)
    assert "The model is unsure between anonymous (48%) and vague (46%)." in page.content.decode()


def test_a_claim_the_model_is_sure_of_comes_after_one_it_is_unsure_of(news):
    sure = model_output("The ferry company told", SURE, claim_score=0.99)
    unsure = model_output("Councillor Ruth Abernathy", TORN)
    served, cursor = [], Cursor()
    while True:
        item, cursor = next_in_queue(cursor)
        if item is None:
            break
        served.append(item.pk)
    assert served.index(unsure.pk) < served.index(sure.pk)


# Diversity

HARBOUR = [
    {
        "url": "https://tide.example/1",
        "outlet": "Tide Times",
        "title": "Ferry back on Monday",
        "published_at": "2025-08-12T09:00:00Z",
        "text": "The ferry service will resume on Monday, the harbour master said.\n\n"
        "The ferry service will resume on Monday morning, the harbour master said.\n\n"
        "Tickets cost four dollars, the operator said.",
    },
    {
        "url": "https://gull.example/1",
        "outlet": "Gull Gazette",
        "title": "Market hall reopens",
        "published_at": "2025-08-12T10:00:00Z",
        "text": "The market hall reopened on Tuesday after repairs, the council said.",
    },
    {
        "url": "https://wire.example/1",
        "outlet": "Wire Weekly",
        "title": "Ferry resumes",
        "published_at": "2025-08-13T10:00:00Z",
        "text": "The ferry service will resume on Monday morning, the harbour master said today.",
    },
]


@pytest.fixture
def harbour(write, model_dir):
    """Near-duplicate claims, in one article and across two, with one other claim between them in
    uncertainty: first, its twin in the same article, the wire copy, then the market hall."""
    list(ingest_files([write("harbour.jsonl", "\n".join(json.dumps(item) for item in HARBOUR))]))
    analyse_and_score(None)
    SentenceAnalysis.objects.update(uncertainty=0.1)
    rows = SentenceAnalysis.objects.filter(is_claim=True).select_related("sentence")
    claims = SimpleNamespace(
        first=rows.get(sentence__text__startswith="The ferry service will resume on Monday,"),
        twin=rows.get(sentence__article__outlet__name="Tide Times", sentence__text__contains="morning"),
        wire=rows.get(sentence__article__outlet__name="Wire Weekly"),
        other=rows.get(sentence__article__outlet__name="Gull Gazette"),
    )
    for row, value in ((claims.first, 0.9), (claims.twin, 0.89), (claims.wire, 0.88), (claims.other, 0.8)):
        SentenceAnalysis.objects.filter(pk=row.pk).update(uncertainty=value)
    return claims


def skip(client, item, cursor, headers=None):
    return client.post(
        f"/queue/{item.sentence_id}/decide/", {"action": "skip", "cursor": cursor}, headers=headers
    )


def cursor_of(page):
    return page.content.decode().split('name="cursor" value="')[1].split('"')[0]


def test_two_near_duplicates_of_one_article_are_not_served_back_to_back(editor_client, harbour):
    page = editor_client.get("/queue/")
    assert harbour.first.sentence.text in served_text(page)

    page = skip(editor_client, harbour.first, cursor_of(page))
    assert "The market hall reopened" in served_text(page)  # not its twin, nor the wire copy

    page = skip(editor_client, harbour.other, cursor_of(page), headers={"HX-Request": "true"})
    assert "<h1>" not in page.content.decode()  # with htmx, only the queue's fragment
    assert harbour.twin.sentence.text in served_text(page)  # passed over once, then asked next


def test_after_a_decision_the_next_claim_is_not_a_near_duplicate_either(editor_client, harbour):
    page = editor_client.post(
        f"/queue/{harbour.first.sentence_id}/decide/",
        {"action": "label", "value": "named_person", "seen": harbour.first.label},
    )
    assert page.status_code == 200 and "Labelled named person." in page.content.decode()
    assert "The market hall reopened" in served_text(page)
    item, _ = next_in_queue(previous=harbour.other.sentence)
    assert item.pk == harbour.twin.pk


def test_a_near_duplicate_from_another_outlet_is_kept_apart_too(harbour, editor):
    harbour.twin.sentence.overrides.create(field="accept", reason="test", editor=editor)
    item, _ = next_in_queue(previous=harbour.first.sentence)
    assert item.pk == harbour.other.pk  # the wire copy has nearly the words of the claim just seen
    item, _ = next_in_queue(previous=harbour.other.sentence)
    assert item.pk == harbour.first.pk


def test_when_every_candidate_is_alike_the_top_one_is_still_served(harbour):
    SentenceAnalysis.objects.exclude(pk__in=[harbour.first.pk, harbour.twin.pk]).update(is_claim=False)
    item, _ = next_in_queue(previous=harbour.first.sentence)
    assert item.pk == harbour.first.pk


def test_skipping_through_the_queue_serves_every_claim_once(editor_client, harbour):
    claims = set(SentenceAnalysis.objects.filter(is_claim=True).values_list("sentence_id", flat=True))
    page, served = editor_client.get("/queue/"), []
    while "Nothing left to review" not in page.content.decode():
        served.append(served_sentence_id(page))
        assert len(served) <= len(claims), "the queue came round again"
        page = editor_client.post(
            f"/queue/{served[-1]}/decide/", {"action": "skip", "cursor": cursor_of(page)}
        )
    assert sorted(served) == sorted(claims)


def test_each_request_is_one_query_however_long_the_queue(harbour, django_assert_num_queries):
    with django_assert_num_queries(1):
        next_in_queue(Cursor.parse(f"0.95:{harbour.first.pk}:{harbour.first.pk}"), harbour.first.sentence)


def test_a_garbled_cursor_starts_a_fresh_pass(editor_client, harbour):
    page = editor_client.get("/queue/", {"after": "not:a:cursor"})
    assert page.status_code == 200 and harbour.first.sentence.text in served_text(page)


def test_progress_counts_reviewed_claims_among_the_claims(editor_client, harbour):
    claims = SentenceAnalysis.objects.filter(is_claim=True).count()
    assert queue_progress() == (0, claims)
    editor_client.post(f"/queue/{harbour.first.sentence_id}/decide/", {"action": "accept"})
    assert queue_progress() == (1, claims)
    assert f"1 of {claims} claims reviewed." in editor_client.get("/queue/").content.decode()


def counted_claims():
    return {analysis.pk: analysis.claims for analysis in ArticleAnalysis.objects.all()}


def claims_of_each_analysis():
    return {
        analysis.pk: analysis.sentences.filter(is_claim=True).count()
        for analysis in ArticleAnalysis.objects.all()
    }


def test_progress_counts_the_claims_of_the_analysis_each_article_rests_on(news, trained_model):
    analyse_and_score(trained_model)  # a second analysis of every article, which its figures now rest on
    assert counted_claims() == claims_of_each_analysis()
    assert queue_progress()[1] == SentenceAnalysis.objects.current().filter(is_claim=True).count()


def test_the_data_migration_counts_the_claims_of_analyses_stored_before_it(news):
    ArticleAnalysis.objects.update(claims=0)
    count_claims = importlib.import_module(
        "reliability.migrations.0017_claims_counted_and_near_copies_kept"
    ).count_claims

    count_claims(apps, SimpleNamespace(connection=connection))

    assert counted_claims() == claims_of_each_analysis()
    assert queue_progress()[1] == SentenceAnalysis.objects.filter(is_claim=True).count() > 0
