"""Background tasks of retraining: train and measure a candidate; analyse articles after a promotion."""

from functools import partial

from django.conf import settings
from django_tasks import task

from reliability import jobs
from reliability.models import Job, ModelVersion
from reliability.refresh import articles_behind, replace_analysis
from reliability.storage import analyser_name
from reliability.tasks import AFTER_ANALYSIS, analyse_batch, chunks, finish_analysis, model_of, some_failed


@task()
def retrain_model(job_id):
    """Train a candidate on the shipped sentences and editors' labels and measure it (a Job)."""
    from reliability.training.retrain import STEPS, retrain

    job = Job.objects.select_related("created_by").get(pk=job_id)
    with jobs.running(job_id) as progress:
        steps = {"done": 0}

        def step(message):
            steps["done"] += 1
            progress.step(steps["done"], total=STEPS, message=message)

        version, promoted = retrain(job.created_by, progress=step, job_id=job_id)
        evaluation = version.evaluation
        progress.message = f"Saved candidate {version.version}" + (", promoted" if promoted else "")
        progress.result = {
            "version": version.version,
            "wins": evaluation.get("wins", False),
            "promoted": promoted is not None,
            "candidate": {
                name: figures and figures["label_macro_f1"]
                for name, figures in evaluation.get("candidate", {}).items()
            },
        }
    return progress.result


def is_current(job):
    return ModelVersion.objects.filter(version=job.arguments["version"], is_current=True).exists()


def plan_reanalysis(job, previous):
    """Batches of the articles whose latest analysis is not the promoted model's (none if it is no
    longer current: promoted over meanwhile, its analyses would push the newer model's aside)."""
    if not is_current(job):
        return []
    ids = articles_behind(analyser_name(model_of(job)))
    return [({"articles": part}, len(part)) for part in chunks(ids, settings.JOB_BATCH_SIZE)]


def reanalyse_batch(job, items, progress):
    """Make the model's analysis the latest of these articles (skipped if it is no longer current)."""
    if not is_current(job):
        return {"skipped": True}
    write = partial(replace_analysis, unless_newest=True)
    return analyse_batch(job, items["articles"], write, progress)


def finish_reanalysis(job, results, progress):
    version = job.arguments["version"]
    if not is_current(job):
        progress.message = f"Skipped: model {version} is no longer current."
        return {"skipped": True}
    reanalysis = finish_analysis(job, results, progress)
    del reanalysis["analyser"]
    return {"version": version, **reanalysis}


REANALYSE = jobs.Batches(
    kind="reanalyse",
    stages=[jobs.Stage("Analysing articles", plan_reanalysis, reanalyse_batch), *AFTER_ANALYSIS],
    finish=finish_reanalysis,
    again=some_failed,
)


@task()
def reanalyse_after_promotion(job_id):
    """Make the promoted model's analysis the latest of every article, in batches, then rescore (a Job).

    A job whose model is no longer current (promoted over meanwhile) stops: its analyses would push the
    newer model's aside. An article whose analysis fails keeps its earlier one; the result counts and
    lists the failed ones, and running the job again tries them again.
    """
    jobs.run_in_batches(job_id)
