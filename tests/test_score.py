"""`manage.py score`: stored analyses, once per article and analyser, kept across model versions."""

import io

import pytest
from django.core.management import call_command

from articles.ingest import ingest_files
from reliability.analysis import model as saved
from reliability.models import ArticleAnalysis, SentenceAnalysis
from reliability.storage import RULES_ONLY, analyse_pending

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(write):
    list(
        ingest_files(
            [
                write("a.txt", "Police said the road reopened on Monday.\n\nThe bridge closed in May."),
                write(
                    "b.txt",
                    "According to court filings, the firm owed $4 million.\n\nObservers say it will fail.",
                ),
            ]
        )
    )


def score():
    out = io.StringIO()
    call_command("score", "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_score_stores_every_sentence_once_and_a_second_run_does_nothing(articles, model_dir):
    assert score() == "Analysed 2 article(s) with rules only; 0 failed; 0 skipped. Scored 2 outlet(s).\n"
    rows = SentenceAnalysis.objects.select_related("sentence__article")
    assert sorted((row.sentence.text, row.label) for row in rows) == [
        ("According to court filings, the firm owed $4 million.", "document"),
        ("Observers say it will fail.", "vague"),
        ("Police said the road reopened on Monday.", "named_organization"),
        ("The bridge closed in May.", "none"),
    ]
    police = rows.get(label="named_organization")
    assert (police.span_text("source"), police.span_text("cue")) == ("Police", "said")
    assert police.evidence[0] == "cue: verb: said"
    assert score() == "Analysed 0 article(s) with rules only; 0 failed; 0 skipped. Scored 0 outlet(s).\n"
    assert SentenceAnalysis.objects.count() == 4


def test_a_new_model_version_adds_analyses_and_keeps_the_old(articles, model_dir, trained_model):
    score()
    saved.save(trained_model, {"version": "v2"})
    assert score() == "Analysed 2 article(s) with model v2; 0 failed; 0 skipped. Scored 2 outlet(s).\n"
    assert sorted(ArticleAnalysis.objects.values_list("analyser", flat=True)) == [
        "model v2",
        "model v2",
        RULES_ONLY,
        RULES_ONLY,
    ]
    assert SentenceAnalysis.objects.count() == 8


def test_a_failure_mid_article_leaves_no_half_written_analysis(articles, model_dir, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SentenceAnalysis.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        analyse_pending(None)
    assert ArticleAnalysis.objects.count() == 0
    monkeypatch.undo()
    assert len(analyse_pending(None)) == 2


def test_score_can_run_as_a_task(articles, model_dir):
    out = io.StringIO()
    call_command("score", "--enqueue", stdout=out)
    assert "(SUCCESSFUL)" in out.getvalue()
    assert ArticleAnalysis.objects.count() == 2
