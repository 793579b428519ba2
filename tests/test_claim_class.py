"""Each stored sentence keeps its claim class (check-worthy, unimportant, non-factual); the API gives it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps

from articles.ingest import ingest_files
from articles.models import Sentence
from reliability.analysis import model as saved
from reliability.analysis.article import analyse_bodies
from reliability.analysis.vocabulary import CHECK_WORTHY, NON_FACTUAL
from reliability.models import SentenceAnalysis
from reliability.storage import analyse_pending

pytestmark = pytest.mark.django_db

BODY = "Will the bridge ever reopen?\n\nPolice said the road reopened on Monday."


def stored_classes():
    rows = SentenceAnalysis.objects.order_by("sentence__order")
    return list(rows.values_list("sentence__text", "is_claim", "claim_class"))


def test_a_question_is_stored_as_non_factual_and_a_claim_as_check_worthy(write, model_dir):
    list(ingest_files([write("a.txt", BODY)]))
    analyse_pending(None)
    assert stored_classes() == [
        ("Will the bridge ever reopen?", False, NON_FACTUAL),
        ("Police said the road reopened on Monday.", True, CHECK_WORTHY),
    ]


def test_the_models_claim_class_is_the_one_stored(write, model_dir, trained_model):
    saved.save(trained_model, {"version": "v2"})
    list(ingest_files([write("a.txt", BODY)]))
    analyse_pending(saved.load_current())
    [analysed] = analyse_bodies([BODY], trained_model)
    assert stored_classes() == [
        (sentence.text, sentence.decision.is_claim, sentence.decision.claim_class) for sentence in analysed
    ]


def test_the_migration_gives_rows_stored_before_a_class_from_their_claim_flag(write, model_dir):
    migration = importlib.import_module("reliability.migrations.0010_analysis_failures_and_claim_class")
    list(ingest_files([write("a.txt", BODY)]))
    analyse_pending(None)
    SentenceAnalysis.objects.update(claim_class=NON_FACTUAL)  # the column's value on rows stored before
    migration.fill_claim_class(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    assert [row[2] for row in stored_classes()] == [NON_FACTUAL, CHECK_WORTHY]


def test_the_api_gives_the_analysis_claim_class_beside_its_claim_flag(news, token_api):
    sentence = Sentence.objects.get(text__startswith="Experts say the harbour budget")
    claim = token_api.get(f"/api/v1/claims/{sentence.pk}/").json()
    assert claim["model"] == {
        "label": "vague",
        "is_claim": True,
        "claim_class": CHECK_WORTHY,
        "decided_by": "rules",
    }
