"""Background work: inline by default (TASKS in settings), a database worker in production.

The long tasks run as Jobs (reliability/jobs.py) with their progress, in batches that any number of
workers share; each batch is built from idempotent steps, so running one again after its worker died
finishes it without duplicating anything, and the final step (stories, links, scores) runs once.
"""

from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django_tasks import task

from articles.reading import JSONL_SUFFIXES
from reliability import jobs
from reliability.analysis.model import current_or_none, load_once
from reliability.models import WINDOWS, ArticleAnalysis, Job
from reliability.refresh import group_articles, link_and_retally, rescore_outlets, stale_articles
from reliability.scoring import rescore
from reliability.storage import analyse_each, analyser_name, pending_articles, store

# A job's result lists at most this many of the documents that could not be ingested, as many notes of
# what was removed from the others to store them, and as many of the articles that could not be analysed.
FAILURES_SHOWN = 20
# Outlets rescored per batch: each takes a while (its windows' evidence), and there are few of them.
OUTLETS_PER_BATCH = 5


def chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def model_of(job):
    """The model the job analyses with (None: the rules alone), as recorded when it was planned."""
    version = job.arguments.get("version")
    return load_once(version) if version else None


def record_model(job):
    """Record the current model (None: the rules alone) in the job's arguments: every batch, on any
    worker, then analyses with the same one. Returns its analyser name."""
    model = current_or_none(lambda message: None)
    job.arguments = {**job.arguments, "version": model.version if model else None}
    Job.objects.filter(pk=job.pk).update(arguments=job.arguments)
    return analyser_name(model)


def stepper(progress, message):
    """progress(count) for the plain functions that report each step: one more step of the batch."""
    return lambda count: progress.step(progress.done + count, message=message)


def analyse_batch(job, ids, write, progress):
    """Analyse these articles with the job's model, writing each with write(); one step per article.

    What it counts as analysed is what this attempt of the job stored, by this run or by an earlier run
    of the batch whose worker died (its analyses stay, and are not made again).
    """
    model = model_of(job)
    _, failed = analyse_each(ids, model, write, stepper(progress, "Analysing articles"))
    analyses = ArticleAnalysis.objects.filter(article__in=ids, analyser=analyser_name(model))
    return {
        "analysed": analyses.filter(created_at__gte=job.started_at).count(),
        "analysis_failed": len(failed),
        "analysis_failures": [str(failure) for failure in failed[:FAILURES_SHOWN]],
    }


def plan_stories(job, previous):
    """Once the articles are analysed: group those not yet tallied into stories; batches of them."""
    ids = group_articles(stale_articles().select_related("outlet"))
    return [({"stories": part}, len(part)) for part in chunks(ids, settings.JOB_BATCH_SIZE)]


def link_batch(job, items, progress):
    outlets = link_and_retally(items["stories"], stepper(progress, "Linking claims across outlets"))
    return {"outlets": [outlet.pk for outlet in outlets]}


def plan_scores(job, previous):
    """Batches of the outlets whose figures moved while the stories were linked."""
    ids = sorted({pk for result in previous for pk in result["outlets"]})
    return [({"outlets": part}, len(part)) for part in chunks(ids, OUTLETS_PER_BATCH)]


def score_batch(job, items, progress):
    """A score snapshot for every window of each of these outlets."""
    from articles.models import Outlet

    analyser, snapshots = analyser_name(model_of(job)), 0
    for number, outlet in enumerate(Outlet.objects.filter(pk__in=items["outlets"]).order_by("pk"), start=1):
        snapshots += len(rescore([outlet], analyser))
        progress.step(number, message=f"Scored {outlet.name}")
    return {"snapshots": snapshots}


# After the articles of a job are analysed: stories and their links in parallel batches, then scores.
AFTER_ANALYSIS = [
    jobs.Stage("Grouping stories and linking claims", plan_stories, link_batch),
    jobs.Stage("Scoring outlets", plan_scores, score_batch),
]


def finish_analysis(job, results, progress):
    """The result of a job that analysed articles: what it analysed, what failed (listed), the
    snapshots made."""
    analysed = sum(result.get("analysed", 0) for result in results)
    failed = sum(result.get("analysis_failed", 0) for result in results)
    progress.message = f"{analysed} analysed, {failed} failed; scored the outlets"
    return {
        "analysed": analysed,
        "analysis_failed": failed,
        "analysis_failures": [
            failure for result in results for failure in result.get("analysis_failures", [])
        ][:FAILURES_SHOWN],
        "snapshots": sum(result.get("snapshots", 0) for result in results),
        "analyser": analyser_name(model_of(job)),
    }


def some_failed(result):
    """A batch with articles it could not analyse: running the job again tries them again."""
    return result.get("analysis_failed", 0) > 0


def plan_pending(job, previous):
    """Batches of the articles the current model (or the rules alone) has not analysed."""
    ids = list(pending_articles(record_model(job)).values_list("pk", flat=True))
    return [({"articles": part}, len(part)) for part in chunks(ids, settings.JOB_BATCH_SIZE)]


ANALYSE = jobs.Batches(
    kind="analyse",
    stages=[
        jobs.Stage(
            "Analysing articles",
            plan_pending,
            lambda job, items, progress: analyse_batch(job, items["articles"], store, progress),
        ),
        *AFTER_ANALYSIS,
    ],
    finish=finish_analysis,
    again=some_failed,
)


@task()
def analyse_new_articles(job_id):
    """Analyse every article the current model (or the rules alone) has not analysed, then rescore."""
    jobs.run_in_batches(job_id)


def plan_upload(job, previous):
    """Batches of lines of an uploaded JSON lines file (one batch for a text or HTML file)."""
    record_model(job)
    path = settings.UPLOAD_DIR / job.arguments["upload"]
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return [({"lines": None}, 1)]
    with path.open("rb") as handle:
        numbers = [number for number, line in enumerate(handle, start=1) if line.strip()]
    return [({"lines": [part[0], part[-1]]}, len(part)) for part in chunks(numbers, settings.JOB_BATCH_SIZE)]


def ingest_batch(job, items, progress):
    """Ingest the batch's documents of the upload, then analyse those the job's model has not analysed.

    Ingest is idempotent by content (an article already stored is a duplicate, not a second row). One
    step per document: when it failed or needs no analysis, else when it is analysed.
    """
    from articles.ingest import ingest_files

    path = settings.UPLOAD_DIR / job.arguments["upload"]
    if not path.exists():  # not a bad document: this worker cannot see the file (hosts share UPLOAD_DIR)
        raise FileNotFoundError(f"{path} is not on {jobs.WORKER}: every worker must share UPLOAD_DIR")
    counts, failures, notes, articles = {"created": 0, "duplicate": 0, "failed": 0}, [], [], []
    for outcome in ingest_files([path], items["lines"]):
        counts[outcome.status] += 1
        if outcome.status == "failed":
            failures.append(f"{Path(outcome.source_name).name}: {outcome.reason}")
        else:
            articles.append(outcome.article.pk)
        notes += [f"{Path(outcome.source_name).name}: {note}" for note in outcome.notes]
        progress.step(progress.done + (outcome.status == "failed"), message="Ingesting")
    pending = set(
        pending_articles(analyser_name(model_of(job))).filter(pk__in=articles).values_list("pk", flat=True)
    )
    progress.step(progress.done + len(articles) - len(pending))
    analysis = analyse_batch(job, [pk for pk in articles if pk in pending], store, progress)
    return {**counts, "failures": failures[:FAILURES_SHOWN], "notes": notes[:FAILURES_SHOWN], **analysis}


def finish_upload(job, results, progress):
    counts = {
        name: sum(result.get(name, 0) for result in results) for name in ("created", "duplicate", "failed")
    }
    listed = {
        name: [line for result in results for line in result.get(name, [])][:FAILURES_SHOWN]
        for name in ("failures", "notes")
    }
    return {**counts, **listed, **finish_analysis(job, results, progress)}


INGEST = jobs.Batches(
    kind="ingest",
    stages=[jobs.Stage("Ingesting and analysing", plan_upload, ingest_batch), *AFTER_ANALYSIS],
    finish=finish_upload,
    again=some_failed,
)


@task()
def ingest_upload(job_id):
    """Ingest an uploaded file (saved under UPLOAD_DIR), then analyse and score what came in."""
    jobs.run_in_batches(job_id)


def plan_outlets(job, previous):
    from articles.models import Outlet

    ids = list(Outlet.objects.order_by("pk").values_list("pk", flat=True))
    return [({"outlets": part}, len(part)) for part in chunks(ids, OUTLETS_PER_BATCH)]


def rescore_batch(job, items, progress):
    """Recount these outlets' articles and add a score snapshot per window, one outlet at a time,
    skipping those already rescored since the job was made (by an earlier run of the batch)."""
    from articles.models import Outlet

    outlets = Outlet.objects.filter(pk__in=items["outlets"]).order_by("pk")
    # An outlet counts as rescored once it has a fresh snapshot for every window (each is its own write).
    already = set(
        outlets.filter(scores__computed_at__gte=job.created_at)
        .annotate(windows=Count("scores__window", distinct=True))
        .filter(windows=len(WINDOWS))
        .values_list("pk", flat=True)
    )
    for number, outlet in enumerate(outlets, start=1):
        if outlet.pk not in already:
            rescore_outlets([outlet])
        progress.step(number, message=f"Rescored {outlet.name}")
    return {"outlets": len(items["outlets"]), "skipped": len(already)}


RESCORE = jobs.Batches(
    kind="rescore",
    stages=[jobs.Stage("Rescoring outlets", plan_outlets, rescore_batch)],
    finish=lambda job, results, progress: {
        name: sum(result[name] for result in results) for name in ("outlets", "skipped")
    },
)


@task()
def rescore_all_outlets(job_id):
    """Recount every outlet's articles and add a score snapshot per window, a few outlets a batch.

    Run again, it skips the outlets already rescored since the job was made.
    """
    jobs.run_in_batches(job_id)


@task()
def rescore_article(article_id):
    """After an editor's change to one of its sentences: relink its story, retally, rescore."""
    from articles.models import Article
    from reliability.refresh import refresh_outlets

    return len(refresh_outlets(Article.objects.filter(pk=article_id)))
