"""The model page: the current model beside its candidates, the learning curve, retraining, promotion."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from reliability import jobs
from reliability.analysis.vocabulary import LABELS
from reliability.models import Job, ModelVersion
from reliability.promotion import Refused, promote
from reliability.review.access import editor_required, viewer_required
from reliability.review.charts import learning_curve
from reliability.review.jobs import shown_job, started
from reliability.scoring import current_settings
from reliability.training.tasks import retrain_model

CHANGE_MODEL = "reliability.change_modelversion"
MODEL_JOBS = ("retrain", "reanalyse")
TEST_SETS = [("editors", "editors' held-out labels"), ("shipped", "shipped held-out sentences")]


def version_or_404(version):
    if not re.fullmatch(ModelVersion.VERSION_PATTERN, version):
        raise Http404("No model has this version.")
    return get_object_or_404(ModelVersion, version=version)


def comparison(version):
    """What the page shows of a version's evaluation: headline figures, per-label F1 and shaded
    confusion matrices of the version (as candidate) and the model current when it was trained."""
    evaluation = version.evaluation
    if not evaluation:
        return None
    candidate, current = evaluation["candidate"], evaluation["current"]
    headline = [
        {
            "title": title,
            "count": (candidate[name] or {}).get("count", 0),
            "candidate": _f1(candidate[name]),
            "current": _f1(current[name]),
            "better": _f1(candidate[name]) is not None
            and _f1(current[name]) is not None
            and _f1(candidate[name]) > _f1(current[name]),
        }
        for name, title in TEST_SETS
    ]
    per_label = [
        {
            "label": label,
            "sets": [
                {
                    "candidate": candidate[name]["per_label"][label]["f1"] if candidate[name] else None,
                    "current": current[name]["per_label"][label]["f1"] if current[name] else None,
                    "support": candidate[name]["per_label"][label]["support"] if candidate[name] else 0,
                }
                for name, _ in TEST_SETS
            ],
        }
        for label in LABELS
    ]
    matrices = [
        {"title": f"{who} on the {title}", "rows": shaded(figures[name]["confusion"])}
        for name, title in TEST_SETS
        for who, figures in (("Candidate", candidate), ("Current", current))
        if figures[name]
    ]
    return {
        "evaluation": evaluation,
        "sizes": evaluation["sizes"],
        "against": evaluation["against"],
        "stand_in": current.get("shipped_stand_in"),
        "headline": headline,
        "per_label": per_label,
        "matrices": matrices,
        "curve": learning_curve(evaluation.get("curve", [])),
        "wins": evaluation.get("wins", False),
    }


def _f1(figures):
    return figures["label_macro_f1"] if figures else None


def shaded(matrix):
    """Rows of (label, [(count, cell style)]): each cell shaded by its share of the row (the true label),
    the diagonal (right) in blue, the rest (mistakes) in orange; the counts stay written out."""
    rows = []
    for label, row in zip(LABELS, matrix, strict=True):
        total = sum(row) or 1
        cells = []
        for column, count in enumerate(row):
            colour = "33, 102, 172" if column == LABELS.index(label) else "230, 97, 1"
            share = round(count / total * 0.8, 2)
            cells.append((count, format_html("background: rgba({}, {})", colour, share)))
        rows.append((label, cells))
    return rows


def _page_context(request, shown=None, error=""):
    versions = list(ModelVersion.objects.select_related("trained_by", "promoted_by"))
    current = next((version for version in versions if version.is_current), None)
    if shown is None:
        candidates = [version for version in versions if version.status == "candidate"]
        shown = candidates[0] if candidates else current
    model_jobs = [
        jobs.for_page(job) for job in Job.objects.filter(kind__in=MODEL_JOBS).select_related("created_by")[:5]
    ]
    return {
        "versions": versions,
        "current": current,
        "shown": shown,
        "comparison": comparison(shown) if shown else None,
        "jobs": model_jobs,
        # While a retraining or reanalysis runs in a worker, the page reloads its body until it is done.
        "polling": any(job.polls for job in model_jobs),
        "can_change": request.user.has_perm(CHANGE_MODEL),
        "editor": request.user.has_perm(CHANGE_MODEL),
        "error": error,
        "started": shown_job(request),
        "auto_promote": current_settings().auto_promote,
    }


@viewer_required
def model_page(request):
    version = request.GET.get("version")
    shown = version_or_404(version) if version else None
    return render(request, "review/model.html", _page_context(request, shown))


@require_POST
@editor_required(CHANGE_MODEL)
def retrain(request):
    job = jobs.start("retrain", "Retrain the model from editors' labels", retrain_model, user=request.user)
    return started(request, job, "review:model")


@editor_required(CHANGE_MODEL)
def confirm(request, version):
    """Promote a candidate or restore an earlier version: a page that asks first, then does it."""
    version = version_or_404(version)
    context = {
        "version": version,
        "current": ModelVersion.objects.filter(is_current=True).first(),
        "comparison": comparison(version),
    }
    if request.method == "POST":
        try:
            job = promote(version, request.user)
        except Refused as refused:
            return render(
                request, "review/model_confirm.html", {**context, "error": str(refused)}, status=400
            )
        return started(request, job, "review:model")
    return render(request, "review/model_confirm.html", context)
