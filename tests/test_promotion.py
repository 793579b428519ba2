"""Promotion and restore: the model made current, articles analysed again in the background, scores
moved; an earlier version restored brings its predictions and scores back; who may do it."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Outlet
from reliability import jobs
from reliability.analysis.model import load_current
from reliability.models import (
    AnalysisFailure,
    ArticleAnalysis,
    ArticleTally,
    EditorialSettings,
    Job,
    ModelVersion,
    OutletScore,
    Totals,
)
from reliability.overrides import change_sentence, view
from reliability.promotion import Refused, promote, restore
from reliability.scoring import explain
from reliability.training.retrain import retrain
from tests.test_retrain import LEDGER, ingest, install, ledger_sentences, save_shipped, teach

pytestmark = pytest.mark.django_db

# Sentences like the editors' but new to the model: no editor labels them, so only a model can move them.
UNTAUGHT = [
    f"The {subject} will {action} next month, the Quillon ledger shows."
    for subject in ("ferry pier", "bus depot", "town hall", "sea wall")
    for action in ("reopen", "shut")
]


@pytest.fixture(scope="session")
def shipped_model_files(tmp_path_factory, trained_model):
    return save_shipped(tmp_path_factory.mktemp("shipped-model"), trained_model)


@pytest.fixture
def taught(write, editor, model_dir, shipped_model_files):
    """A current model fitted on the shipped data; Ledger Weekly's ledger sentences labelled document
    by an editor, Quillon Post's not; everything analysed by the current model and scored."""
    install(shipped_model_files, model_dir)
    ingest(write, "Ledger Weekly", LEDGER)
    ingest(write, "Quillon Post", UNTAUGHT, day=1)
    teach(editor, ledger_sentences())
    return ModelVersion.objects.get(is_current=True)


def labels_seen(outlet):
    return [view(sentence).label for sentence in ledger_sentences(outlet)]


def latest_score(outlet):
    return (
        OutletScore.objects.filter(outlet__name=outlet, window="all").order_by("-computed_at", "-pk").first()
    )


def test_promotion_reanalyses_in_the_background_and_moves_the_scores(taught, editor):
    before = latest_score("Quillon Post")
    assert set(labels_seen("Quillon Post")) == {"named_organization"}
    candidate, _ = retrain(editor, curve=False)

    job = promote(candidate, editor)

    candidate.refresh_from_db()
    taught.refresh_from_db()
    assert (job.kind, job.status, job.result["version"]) == ("reanalyse", "done", candidate.version)
    assert (candidate.status, candidate.promoted_by, taught.status) == ("current", editor, "retired")
    assert load_current().version == candidate.version
    assert set(labels_seen("Quillon Post")) == {"document"}
    after = latest_score("Quillon Post")
    assert after.model_version == candidate and after.pk != before.pk
    explain([after])  # the evidence on show is the new model's reading
    quality = next(item for item in after.criteria if item["name"] == "attribution_quality")
    assert {item["label"] for item in quality["evidence"]} == {"document"}
    quillon = ArticleTally.objects.get(article__outlet__name="Quillon Post")
    assert (quillon.document, quillon.named_organization) == (len(UNTAUGHT), 0)
    # Earlier analyses stay for history, beside the new ones.
    assert ArticleAnalysis.objects.filter(analyser=f"model {taught.version}").count() == 6
    assert ArticleAnalysis.objects.filter(analyser=f"model {candidate.version}").count() == 6


def test_editors_overrides_win_over_the_promoted_model(taught, editor):
    untaught = ledger_sentences("Quillon Post")[0]
    change_sentence(untaught, "label", "anonymous", "The ledger's keeper asked not to be named", editor, None)
    candidate, _ = retrain(editor, curve=False)

    promote(candidate, editor)

    assert labels_seen("Quillon Post") == ["anonymous"] + ["document"] * (len(UNTAUGHT) - 1)
    quillon = ArticleTally.objects.get(article__outlet__name="Quillon Post")
    assert (quillon.anonymous, quillon.document) == (1, len(UNTAUGHT) - 1)


def test_restoring_an_earlier_version_brings_its_predictions_and_scores_back(taught, editor):
    before = latest_score("Quillon Post")
    candidate, _ = retrain(editor, curve=False)
    promote(candidate, editor)

    job = restore(taught, editor)

    taught.refresh_from_db()
    candidate.refresh_from_db()
    assert job.status == "done" and job.result["analysed"] == 6
    assert (taught.status, taught.promoted_by, candidate.status) == ("current", editor, "retired")
    assert load_current().version == taught.version
    assert set(labels_seen("Quillon Post")) == {"named_organization"}
    restored = latest_score("Quillon Post")
    assert restored.model_version == taught and restored.pk != before.pk
    assert (restored.overall, restored.criteria) == (before.overall, before.criteria)
    # The candidate's analyses stay for history; the restored model's are the latest again.
    assert ArticleAnalysis.objects.filter(analyser=f"model {candidate.version}").count() == 6


def test_an_article_whose_analysis_fails_after_a_promotion_keeps_its_analysis_and_the_job_counts_it(
    taught, editor, editor_client, monkeypatch, rules_fail_on
):
    candidate, _ = retrain(editor, curve=False)
    quillon = Article.objects.get(outlet__name="Quillon Post")
    rules_fail_on("ferry pier")

    job = promote(candidate, editor)

    reason = f"article {quillon.pk} ({quillon}): ValueError: max() arg is an empty sequence"
    assert (job.status, job.message) == ("done", "5 analysed, 1 failed; scored the outlets")
    assert (job.result["analysed"], job.result["analysis_failed"]) == (5, 1)
    assert job.result["analysis_failures"] == [reason]
    ledger = ArticleTally.objects.filter(article__outlet__name="Ledger Weekly")
    assert list(ledger.values_list("analysis__analyser", flat=True)) == [f"model {candidate.version}"] * 5
    failure = AnalysisFailure.objects.get()
    assert (failure.article, failure.analyser, failure.model_version, failure.reason) == (
        quillon,
        f"model {candidate.version}",
        candidate,
        "ValueError: max() arg is an empty sequence",
    )
    # The retired model's analysis is still the one its figures rest on, and the one editors see.
    assert ArticleTally.objects.get(article=quillon).analysis.analyser == f"model {taught.version}"
    assert set(labels_seen("Quillon Post")) == {"named_organization"}
    page = editor_client.get("/jobs/").content.decode()
    assert "5 analysed, 1 failed; scored the outlets" in page and f"<li>{reason}</li>" in page

    monkeypatch.undo()  # the bug fixed: running the job again analyses the article it missed
    again = jobs.run_again(job)

    assert (again.message, again.result["analysed"]) == ("1 analysed, 0 failed; scored the outlets", 1)
    assert ArticleTally.objects.get(article=quillon).analysis.analyser == f"model {candidate.version}"
    assert set(labels_seen("Quillon Post")) == {"document"}
    assert not AnalysisFailure.objects.exists()


def test_an_article_whose_analysis_cannot_be_stored_on_a_restore_keeps_the_analysis_on_show(taught, editor):
    candidate, _ = retrain(editor, curve=False)
    promote(candidate, editor)
    quillon = Article.objects.get(outlet__name="Quillon Post")
    # Its body edited behind ingestion's back: the stored sentences no longer match it.
    Article.objects.filter(pk=quillon.pk).update(body=quillon.body.replace("ferry pier", "pier"))
    totals = Totals.objects.get(outlet__name="Quillon Post").counts()

    job = restore(taught, editor)

    assert (job.status, job.message) == ("done", "5 analysed, 1 failed; scored the outlets")
    assert job.result["analysis_failures"] == [
        f"article {quillon.pk} ({quillon}): LookupError: no stored sentence at 0-58 of the body: the "
        "article's sentences were split otherwise when it was ingested"
    ]
    # The restored model's earlier analysis of it stays beside the candidate's, which stays on show.
    assert sorted(quillon.analyses.values_list("analyser", flat=True)) == sorted(
        [f"model {taught.version}", f"model {candidate.version}"]
    )
    assert ArticleTally.objects.get(article=quillon).analysis.analyser == f"model {candidate.version}"
    assert set(labels_seen("Quillon Post")) == {"document"}
    assert Totals.objects.get(outlet__name="Quillon Post").counts() == totals
    ledger = ArticleTally.objects.filter(article__outlet__name="Ledger Weekly")
    assert list(ledger.values_list("analysis__analyser", flat=True)) == [f"model {taught.version}"] * 5


def test_a_reanalysis_run_again_analyses_nothing_twice(taught, editor):
    candidate, _ = retrain(editor, curve=False)
    job = promote(candidate, editor)
    analyses = ArticleAnalysis.objects.count()

    again = jobs.run_again(job)

    assert (again.status, again.result["analysed"]) == ("done", 0)
    assert ArticleAnalysis.objects.count() == analyses


def test_the_current_model_cannot_be_promoted_again(taught, editor):
    with pytest.raises(Refused, match="already current"):
        promote(taught, editor)


@pytest.mark.parametrize("auto_promote", [True, False])
def test_a_winning_candidate_is_promoted_by_itself_only_when_the_settings_say_so(
    write, editor, model_dir, auto_promote
):
    EditorialSettings.objects.create(version=1, note="Teach", auto_promote=auto_promote)
    ingest(write, "Ledger Weekly", LEDGER)  # no model yet: the rules alone are current
    teach(editor, ledger_sentences())

    candidate, job = retrain(editor, curve=False)

    candidate.refresh_from_db()
    assert candidate.evaluation["against"] == "rules only" and candidate.evaluation["wins"] is True
    assert candidate.is_current is auto_promote
    assert (job is not None) is auto_promote
    assert candidate.promoted_by is None
    latest = latest_score("Ledger Weekly")
    assert latest.analyser == (f"model {candidate.version}" if auto_promote else "rules only")


def test_promote_command_restores_an_earlier_version(taught, editor):
    candidate, _ = retrain(editor, curve=False)
    promote(candidate, editor)
    out = io.StringIO()

    call_command("promote", taught.version, stdout=out)

    assert f"Model {taught.version} is current" in out.getvalue()
    assert ModelVersion.objects.get(is_current=True) == taught


def test_viewers_see_the_model_page_but_cannot_retrain_or_promote(client, viewer, taught, editor):
    candidate, _ = retrain(editor, curve=False)
    client.force_login(viewer)

    page = client.get("/model/")

    assert page.status_code == 200
    assert f"Model {candidate.version} (candidate) beside {taught.version}" in page.content.decode()
    assert b'id="retrain"' not in page.content and b'id="promote"' not in page.content
    assert client.post("/model/retrain/").status_code == 403
    assert client.post(f"/model/{candidate.version}/promote/").status_code == 403
    assert Job.objects.filter(kind="retrain").count() == 0
    assert ModelVersion.objects.get(is_current=True) == taught


def test_an_editor_retrains_and_promotes_from_the_model_page(editor_client, taught):
    response = editor_client.post("/model/retrain/", headers={"HX-Request": "true"})

    candidate = ModelVersion.objects.get(is_current=False)
    panel = response.content.decode()
    assert response.status_code == 200
    assert f"Retrained: candidate {candidate.version}, label macro-F1" in panel
    assert "job-done" in response["HX-Trigger"]  # the page reloads its body, now with the candidate
    page = editor_client.get("/model/").content.decode()
    assert 'id="retrain"' in page and f'href="/model/{candidate.version}/promote/"' in page
    assert '<svg class="curve"' in page
    confirm = editor_client.get(f"/model/{candidate.version}/promote/")
    assert f"Promote model {candidate.version}?" in confirm.content.decode()
    assert ModelVersion.objects.get(is_current=True) == taught  # asking changes nothing

    done = editor_client.post(f"/model/{candidate.version}/promote/")

    job = Job.objects.get(kind="reanalyse")
    assert done.status_code == 302 and done["Location"] == f"/model/?job={job.pk}"
    assert f"Promoted model {candidate.version}: " in editor_client.get(done["Location"]).content.decode()
    assert ModelVersion.objects.get(is_current=True) == candidate
    assert Outlet.objects.get(name="Quillon Post").scores.first().model_version == candidate


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/model/").status_code == 302


def test_train_model_records_when_its_model_became_current(model_dir):
    call_command("train_model", folds=0, stdout=io.StringIO(), stderr=io.StringIO())

    trained = ModelVersion.objects.get()
    assert (trained.status, trained.promoted_by) == ("current", None) and trained.promoted_at is not None


def admin_action(client, action, versions=()):
    return client.post(
        "/admin/reliability/modelversion/",
        {"action": action, "_selected_action": [version.pk for version in versions]},
        follow=True,
    )


def test_editors_retrain_promote_and_restore_in_the_admin(editor_client, taught):
    listing = editor_client.get("/admin/reliability/modelversion/").content.decode()
    assert "Retrain now" in listing and "Restore the selected earlier version" in listing

    retrained = admin_action(editor_client, "retrain_now", [taught])
    candidate = ModelVersion.objects.get(is_current=False)
    assert f"Retraining: done, candidate {candidate.version}." in retrained.content.decode()

    promoted = admin_action(editor_client, "promote_selected", [candidate])
    assert f"Model {candidate.version} is current" in promoted.content.decode()
    assert ModelVersion.objects.get(is_current=True) == candidate

    admin_action(editor_client, "restore_selected", [taught])
    assert ModelVersion.objects.get(is_current=True) == taught
    two = admin_action(editor_client, "promote_selected", [taught, candidate])
    assert "Select exactly one model version." in two.content.decode()


def test_viewers_get_no_model_actions_in_the_admin(client, viewer, taught, editor):
    candidate, _ = retrain(editor, curve=False)
    client.force_login(viewer)
    listing = client.get("/admin/reliability/modelversion/")
    assert listing.status_code == 200 and "Retrain now" not in listing.content.decode()
    admin_action(client, "promote_selected", [candidate])
    assert ModelVersion.objects.get(is_current=True) == taught


def test_the_model_page_reloads_itself_while_a_model_job_runs(editor_client):
    Job.objects.create(kind="retrain", title="Retrain the model", status=Job.RUNNING)
    assert 'hx-trigger="every 2s" hx-select="#model-body"' in editor_client.get("/model/").content.decode()

    Job.objects.update(status=Job.DONE)

    assert 'hx-trigger="every 2s"' not in editor_client.get("/model/").content.decode()


def test_a_reanalysis_cut_short_is_finished_by_running_it_again(taught, editor, monkeypatch):
    from reliability.training import tasks as training_tasks

    candidate, _ = retrain(editor, curve=False)
    write = training_tasks.replace_analysis
    written = []

    def stop_on_the_third(*args, **kwargs):
        written.append(args)
        if len(written) == 3:
            raise SystemExit(1)  # the worker told to stop mid-batch
        return write(*args, **kwargs)

    monkeypatch.setattr(training_tasks, "replace_analysis", stop_on_the_third)
    job = promote(candidate, editor)
    stopped = "Stopped: its worker was shut down. Run it again to finish it."
    assert (job.status, job.message) == ("failed", stopped)
    assert ArticleAnalysis.objects.filter(analyser=f"model {candidate.version}").count() == 2
    monkeypatch.undo()

    job = jobs.run_again(job)

    # The articles the first run never reached; its two are retallied.
    assert (job.status, job.result["analysed"], job.result["analysis_failed"]) == ("done", 4, 0)
    assert ArticleAnalysis.objects.filter(analyser=f"model {candidate.version}").count() == 6
    assert ArticleAnalysis.objects.filter(analyser=f"model {taught.version}").count() == 6
    assert ArticleTally.objects.filter(analysis__analyser=f"model {candidate.version}").count() == 6
    quillon = Totals.objects.get(outlet__name="Quillon Post")
    assert (quillon.articles, quillon.document, quillon.claims) == (1, len(UNTAUGHT), len(UNTAUGHT))
    assert Totals.objects.get(outlet__name="Ledger Weekly").articles == 5
