"""Background tasks of retraining: train and measure a candidate; analyse articles after a promotion."""

from django_tasks import task

from reliability import jobs
from reliability.models import Job


@task()
def retrain_model(job_id):
    """Train a candidate on the shipped sentences and editors' labels and measure it (a Job)."""
    from reliability.training.retrain import retrain

    job = Job.objects.select_related("created_by").get(pk=job_id)
    with jobs.running(job_id) as progress:
        steps = {"done": 0}

        def step(message):
            steps["done"] += 1
            progress.step(steps["done"], message=message)

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


@task()
def reanalyse_after_promotion(job_id):
    """Make the promoted model's analysis the latest of every article, then rescore (a Job).

    A job whose model is no longer current (promoted over meanwhile) stops: its analyses would
    push the newer model's aside. An article whose analysis fails keeps its earlier one; the result
    counts and lists the failed ones, and running the job again tries them again.
    """
    from reliability.analysis.model import load
    from reliability.models import ModelVersion
    from reliability.refresh import articles_behind, bring_forward
    from reliability.storage import analyser_name
    from reliability.tasks import follow_analysis

    version = Job.objects.get(pk=job_id).arguments["version"]
    with jobs.running(job_id) as progress:
        if not ModelVersion.objects.filter(version=version, is_current=True).exists():
            progress.message = f"Skipped: model {version} is no longer current."
            progress.result = {"skipped": True}
            return progress.result
        model = load(version)
        total = len(articles_behind(analyser_name(model)))
        reanalysis = follow_analysis(progress, total, lambda advance: bring_forward(model, progress=advance))
        progress.result = {"version": version, **reanalysis}
    return progress.result
