"""`manage.py score`: stored analyses, once per article and analyser, kept across model versions."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles import bulk
from articles.ingest import ingest_files
from articles.models import Article
from reliability.analysis import model as saved
from reliability.analysis.article import Failed, analyse_bodies
from reliability.models import WINDOWS, AnalysisFailure, ArticleAnalysis, OutletScore, SentenceAnalysis
from reliability.storage import RULES_ONLY, analyse_pending, record_failure, store

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
    assert sorted((row.sentence.text, row.label, row.claim_class) for row in rows) == [
        ("According to court filings, the firm owed $4 million.", "document", "check_worthy"),
        ("Observers say it will fail.", "vague", "check_worthy"),
        ("Police said the road reopened on Monday.", "named_organization", "check_worthy"),
        ("The bridge closed in May.", "none", "check_worthy"),
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


def test_a_failure_while_storing_leaves_no_half_written_analysis_and_is_recorded(
    articles, model_dir, monkeypatch
):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "insert", explode)
    assert analyse_pending(None) == []
    assert ArticleAnalysis.objects.count() == 0
    assert sorted(AnalysisFailure.objects.values_list("analyser", "error", "message")) == [
        (RULES_ONLY, "RuntimeError", "disk full"),
        (RULES_ONLY, "RuntimeError", "disk full"),
    ]
    monkeypatch.undo()
    assert len(analyse_pending(None)) == 2
    assert AnalysisFailure.objects.count() == 0  # cleared by the analyses stored


def test_an_analysis_stored_again_writes_nothing_and_a_stored_failure_goes_with_the_first(articles):
    police = Article.objects.get(body__startswith="Police")
    [analysed] = analyse_bodies([police.body])
    record_failure(police, RULES_ONLY, None, Failed(RuntimeError("disk full")))
    assert store(police, analysed, RULES_ONLY, None) == 1
    assert store(police, analysed, RULES_ONLY, None) == 0  # another run got there first
    assert police.analyses.get().claims == sum(item.decision.is_claim for item in analysed)
    assert SentenceAnalysis.objects.count() == len(analysed) == 2
    assert not AnalysisFailure.objects.exists()


def run_score():
    """`manage.py score`: (exit status, standard output, standard error). A CommandError's returncode is
    the status manage.py exits with (run_from_argv, which would also close the test's connection)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("score", "--no-progress", stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        status = error.returncode
    return status, out.getvalue(), err.getvalue()


def test_an_article_whose_analysis_raises_is_reported_and_the_others_are_analysed_and_scored(
    articles, model_dir, monkeypatch, rules_fail_on
):
    tried = rules_fail_on("court filings")
    police = Article.objects.get(body__startswith="Police")
    court = Article.objects.get(body__startswith="According to court filings")

    status, out, err = run_score()

    assert status == 1
    assert out == "Analysed 1 article(s) with rules only; 1 failed; 0 skipped. Scored 1 outlet(s).\n"
    assert (
        f"Analysis failed for article {court.pk} ({court}): ValueError: max() arg is an empty sequence\n"
    ) in err
    assert (
        "CommandError: 1 of 2 article(s) could not be analysed (see above); the next run tries them again."
        in err
    )
    assert len(tried) == 1  # tried once in the run, not again and again
    assert sorted(SentenceAnalysis.objects.values_list("sentence__text", flat=True)) == [
        "Police said the road reopened on Monday.",
        "The bridge closed in May.",
    ]
    assert not court.analyses.exists()
    failure = AnalysisFailure.objects.get()
    assert (failure.article, failure.analyser, failure.model_version, failure.error, failure.message) == (
        court,
        RULES_ONLY,
        None,
        "ValueError",
        "max() arg is an empty sequence",
    )
    assert set(OutletScore.objects.values_list("outlet", "window")) == {
        (police.outlet_id, window) for window, _ in WINDOWS
    }

    monkeypatch.undo()  # the bug fixed: the next run tries the article again
    status, out, _ = run_score()
    assert status == 0
    assert out == "Analysed 1 article(s) with rules only; 0 failed; 0 skipped. Scored 1 outlet(s).\n"
    assert court.analyses.count() == 1 and not AnalysisFailure.objects.exists()
    assert OutletScore.objects.filter(outlet=court.outlet).exists()


def test_score_can_run_as_a_task(articles, model_dir):
    out = io.StringIO()
    call_command("score", "--enqueue", stdout=out)
    assert out.getvalue().endswith("in batches (done): see the jobs page.\n")
    assert ArticleAnalysis.objects.count() == 2


def test_an_article_whose_sentences_no_longer_match_its_body_fails_with_the_reason(articles, model_dir):
    court = Article.objects.get(body__startswith="According to court filings")
    Article.objects.filter(pk=court.pk).update(body=court.body.replace("Observers", "Many observers"))
    status, out, err = run_score()
    assert (status, out) == (
        1,
        "Analysed 1 article(s) with rules only; 1 failed; 0 skipped. Scored 1 outlet(s).\n",
    )
    assert (
        f"Analysis failed for article {court.pk} ({court}): LookupError: no stored sentence at 55-87 of the "
        "body: the article's sentences were split otherwise when it was ingested\n"
    ) in err
    assert (
        not court.analyses.exists() and not SentenceAnalysis.objects.filter(sentence__article=court).exists()
    )
