"""The jobs page: background work with its progress; editors upload files for ingest and rescore outlets."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reliability import jobs, tasks
from reliability.models import Job
from reliability.review.access import CHANGE_LABELS, editor_required, is_editor, viewer_required


def _page(request, error="", status=200):
    context = {
        "jobs": jobs.recent(),
        "editor": is_editor(request.user),
        "error": error,
        "suffixes": ",".join(jobs.UPLOAD_SUFFIXES),
    }
    return render(request, "review/jobs.html", context, status=status)


@viewer_required
def job_list(request):
    return _page(request)


@viewer_required
def job(request, pk):
    """One job's row: what a queued or running row polls every second; a page of its own without htmx."""
    found = jobs.for_page(get_object_or_404(Job.objects.select_related("created_by"), pk=pk))
    context = {"job": found, "jobs": [found], "editor": is_editor(request.user)}
    template = "review/_job_row.html" if request.htmx else "review/job.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_POST
@editor_required(CHANGE_LABELS)
def ingest(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, "Choose a file to ingest.", status=400)
    try:
        stored = jobs.save_upload(uploaded, tasks.ingest_upload)
    except jobs.UploadRefused as refused:
        return _page(request, str(refused), status=400)
    jobs.start("ingest", f"Ingest {uploaded.name}", tasks.ingest_upload, user=request.user, upload=stored)
    return redirect("review:jobs")


@require_POST
@editor_required(CHANGE_LABELS)
def rescore(request):
    jobs.start("rescore", "Rescore all outlets", tasks.rescore_all_outlets, user=request.user)
    return redirect("review:jobs")


@require_POST
@editor_required(CHANGE_LABELS)
def run_again(request, pk):
    job = get_object_or_404(Job, pk=pk)
    if not jobs.can_run_again(job):
        return _page(request, f"“{job.title}” is {job.status} and cannot be run again now.", status=409)
    jobs.run_again(job)
    return redirect("review:jobs")
