"""The jobs page: background work with its progress; editors upload files for ingest and rescore outlets.

A form that starts a job (here, and retraining and promotion on the model page) is answered at once:
with htmx by the job's progress panel, which polls until the job is done; without, by the page that
started it, naming the job (?job=) so that the page shows the panel.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from reliability import jobs, tasks
from reliability.models import Job
from reliability.review.access import CHANGE_LABELS, editor_required, is_editor, viewer_required


def shown_job(request):
    """The job the page was sent back with (?job=), ready for its progress panel, or None."""
    pk = request.GET.get("job", "")
    found = Job.objects.filter(pk=pk).first() if pk.isdigit() else None
    return jobs.for_page(found) if found else None


def progress_panel(request, job, error="", status=200):
    """The job's progress panel; once the job is over, it triggers job-done so the page refreshes."""
    job = jobs.for_page(job) if job is not None else None
    response = render(request, "review/_job_status.html", {"started": job, "error": error}, status=status)
    if job is not None and not job.polls:
        trigger_client_event(response, "job-done", {"kind": job.kind})
    return response


def started(request, job, page):
    """The answer to the form that started the job on `page` (a URL name)."""
    if request.htmx:
        return progress_panel(request, job)
    return redirect(f"{reverse(page)}?{urlencode({'job': job.pk})}")


def _page(request, error="", status=200):
    context = {
        "jobs": jobs.recent(),
        "editor": is_editor(request.user),
        "error": error,
        "started": shown_job(request),
        "suffixes": ",".join(jobs.UPLOAD_SUFFIXES),
    }
    return render(request, "review/jobs.html", context, status=status)


def _refused(request, error, status):
    """A form refused: with htmx its message in the panel's place, else the page with it."""
    if request.htmx:
        return progress_panel(request, None, error, status)
    return _page(request, error, status)


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


@viewer_required
def progress(request, pk):
    """A job's progress panel, as the page that started the job polls it."""
    return progress_panel(request, get_object_or_404(Job, pk=pk))


@require_POST
@editor_required(CHANGE_LABELS)
def ingest(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _refused(request, "Choose a file to ingest.", 400)
    try:
        stored = jobs.save_upload(uploaded, tasks.ingest_upload)
    except jobs.UploadRefused as refused:
        return _refused(request, str(refused), 400)
    title = f"Ingest {uploaded.name}"
    job = jobs.start("ingest", title, tasks.ingest_upload, user=request.user, upload=stored)
    return started(request, job, "review:jobs")


@require_POST
@editor_required(CHANGE_LABELS)
def rescore(request):
    job = jobs.start("rescore", "Rescore all outlets", tasks.rescore_all_outlets, user=request.user)
    return started(request, job, "review:jobs")


@require_POST
@editor_required(CHANGE_LABELS)
def run_again(request, pk):
    job = get_object_or_404(Job, pk=pk)
    if not jobs.can_run_again(job):
        return _page(request, f"“{job.title}” is {job.status} and cannot be run again now.", status=409)
    jobs.run_again(job)
    return redirect("review:jobs")
