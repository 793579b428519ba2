"""Background work: inline by default (TASKS in settings), a database worker in production.

The long tasks run as Jobs (reliability/jobs.py) with their progress; each is built from idempotent
steps, so running one again after its worker died finishes it without duplicating anything.
"""

from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django_tasks import task

from reliability import jobs
from reliability.analysis.model import current_or_none
from reliability.models import WINDOWS, Job
from reliability.refresh import analyse_and_score, rescore_outlets
from reliability.storage import analyser_name, failures, pending_articles

# A job's result lists at most this many of the documents that could not be ingested, as many notes of
# what was removed from the others to store them, and as many of the articles that could not be analysed.
FAILURES_SHOWN = 20


def follow_analysis(progress, total, analyse):
    """A job's progress and result for analysing `total` articles and scoring what was analysed.

    analyse(advance) does the work, calling advance(1) after each article, and returns (ids of the
    articles analysed, the failures recorded, the snapshots made). The last step says "N analysed, M
    failed"; the result counts them and lists the failed articles with the reason.
    """
    counter = {"done": 0}

    def advance(count):
        counter["done"] += count
        # Stories, links and scores follow the last article, and take a while on a large batch.
        message = "Analysing articles" if counter["done"] < total else "Grouping stories and scoring outlets"
        progress.step(counter["done"], total, message)

    progress.step(0, total, "Analysing articles")
    analysed, failed, snapshots = analyse(advance)
    progress.step(total, total, f"{len(analysed)} analysed, {len(failed)} failed; scored the outlets")
    return {
        "analysed": len(analysed),
        "analysis_failed": len(failed),
        "analysis_failures": [str(failure) for failure in failed[:FAILURES_SHOWN]],
        "snapshots": len(snapshots),
    }


def _analyse_and_score(progress):
    """Analyse what the current analyser has not seen (one step per article), then refresh the scores.

    An article whose analysis fails is recorded with the reason, the others go on; the result counts and
    lists the failed ones, and the next run tries them again.
    """
    model = current_or_none(lambda message: None)
    analyser = analyser_name(model)

    def analyse(advance):
        analysed, snapshots = analyse_and_score(model, progress=advance)
        return analysed, failures(analyser), snapshots

    return {**follow_analysis(progress, pending_articles(analyser).count(), analyse), "analyser": analyser}


@task()
def analyse_new_articles(job_id=None):
    """Analyse every article the current model (or the rules alone) has not analysed, then rescore.

    Called with no job (`score --enqueue`), it makes its own, so the jobs page shows its progress.
    """
    if job_id is None:
        job_id = Job.objects.create(kind="analyse", title="Analyse and score new articles").pk
    with jobs.running(job_id) as progress:
        progress.result = _analyse_and_score(progress)
    return progress.result


@task()
def ingest_upload(job_id):
    """Ingest an uploaded file (saved under UPLOAD_DIR), then analyse and score what came in.

    Ingest is idempotent by content (an article already stored is a duplicate, not a second row).
    """
    from articles.ingest import ingest_files

    with jobs.running(job_id) as progress:
        job = Job.objects.get(pk=job_id)
        path = settings.UPLOAD_DIR / job.arguments["upload"]
        counts, failures, notes = {"created": 0, "duplicate": 0, "failed": 0}, [], []
        for number, outcome in enumerate(ingest_files([path]), start=1):
            counts[outcome.status] += 1
            if outcome.status == "failed" and len(failures) < FAILURES_SHOWN:
                failures.append(f"{Path(outcome.source_name).name}: {outcome.reason}")
            notes += [f"{Path(outcome.source_name).name}: {note}" for note in outcome.notes]
            progress.step(number, message="Ingesting")
        progress.result = {
            **counts,
            "failures": failures,
            "notes": notes[:FAILURES_SHOWN],
            **_analyse_and_score(progress),
        }
    return progress.result


@task()
def rescore_all_outlets(job_id):
    """Recount every outlet's articles and add a score snapshot per window, one outlet at a time.

    Run again, it skips the outlets already rescored since the job was made.
    """
    from articles.models import Outlet

    with jobs.running(job_id) as progress:
        job = Job.objects.get(pk=job_id)
        outlets = list(Outlet.objects.order_by("pk"))
        # An outlet counts as rescored once it has a fresh snapshot for every window (each is its own write).
        already = set(
            Outlet.objects.filter(scores__computed_at__gte=job.created_at)
            .annotate(windows=Count("scores__window", distinct=True))
            .filter(windows=len(WINDOWS))
            .values_list("pk", flat=True)
        )
        for number, outlet in enumerate(outlets, start=1):
            if outlet.pk not in already:
                rescore_outlets([outlet])
            progress.step(number, len(outlets), f"Rescored {outlet.name}")
        progress.result = {"outlets": len(outlets), "skipped": len(already)}
    return progress.result


@task()
def rescore_article(article_id):
    """After an editor's change to one of its sentences: relink its story, retally, rescore."""
    from articles.models import Article
    from reliability.refresh import refresh_outlets

    return len(refresh_outlets(Article.objects.filter(pk=article_id)))
