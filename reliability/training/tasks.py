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
    push the newer model's aside.
    """
    from reliability.analysis.model import load
    from reliability.models import ModelVersion
    from reliability.refresh import bring_forward

    version = Job.objects.get(pk=job_id).arguments["version"]
    with jobs.running(job_id) as progress:
        if not ModelVersion.objects.filter(version=version, is_current=True).exists():
            progress.message = f"Skipped: model {version} is no longer current."
            progress.result = {"skipped": True}
            return progress.result
        done, snapshots = bring_forward(
            load(version), progress=lambda done, total: progress.step(done, total, "Analysing articles")
        )
        progress.result = {"version": version, "analysed": len(done), "snapshots": len(snapshots)}
    return progress.result
