"""Long work in the background (ingest, rescoring, retraining, reanalysis) as Jobs an editor can follow.

A job is a `Job` row and a django-tasks task that takes the job's id. `start` makes the row and
enqueues the task (with the inline backend the task has run by the time `start` returns); the task
wraps its work in `running`, which records the attempt, the progress and the outcome:

    job = jobs.start("rescore", "Rescore all outlets", rescore_all_outlets, user=request.user)

    @task()
    def rescore_all_outlets(job_id):
        with jobs.running(job_id) as progress:
            for done, outlet in enumerate(outlets, start=1):
                rescore_outlets([outlet])
                progress.step(done, total=len(outlets))
            progress.result = {"outlets": len(outlets)}

Jobs are built from idempotent steps, each written in its own transaction (an article ingested, an
article's analysis stored, a tally replaced, an outlet rescored), so nothing is ever half-written and a
job run again skips what is already done. That is what makes `run_again` safe: a worker killed
mid-job leaves its task "running" for good (django-tasks-db never retries it: its worker only picks up
tasks still READY), and an editor runs the job again from the jobs page; a failed job the same way.
"""

import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django_tasks.backends.immediate import ImmediateBackend

from articles.reading import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, Failure, read_file
from reliability.analysis.model import current_or_none
from reliability.models import Job
from reliability.storage import analyser_name, pending_articles

# Progress is written at most this often (plus once at the end): the jobs page polls every second.
WRITE_EVERY_SECONDS = 0.5
# A running job with no progress for this long is offered to be run again: its worker has most likely
# died. (A queued job is not: it is waiting for a worker, and running it again would queue it twice.)
STALE_AFTER = timedelta(minutes=10)


def start(kind, title, task, user=None, **arguments):
    """A queued Job, with `task` enqueued for it (run already, with the inline backend)."""
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        task_path=task.module_path,
        arguments=arguments,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _enqueue(job, task)
    job.refresh_from_db()
    return job


def _enqueue(job, task):
    result = task.enqueue(job.pk)
    # Only this column: a worker may already be writing the job's progress.
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


class Progress:
    """What a running task reports: how far it is, and (at the end) its result."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.done, self.total, self.message = 0, None, ""
        self.result = {}
        self._written_at = 0.0

    def step(self, done, total=None, message=""):
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.message = message
        now = time.monotonic()
        # The last step is always written: what follows it (scoring after analysis) may take a while.
        finished = self.total is not None and done >= self.total
        if finished or now - self._written_at >= WRITE_EVERY_SECONDS:
            self._write()
            self._written_at = now

    def _write(self, **more):
        Job.objects.filter(pk=self.job_id).update(
            done=self.done,
            total=self.total,
            message=self.message[:2000],
            progressed_at=timezone.now(),
            **more,
        )


@contextmanager
def running(job_id):
    """Mark the job running (one attempt more) for the block; done on a clean exit, failed (with the
    error's message, re-raised) otherwise. Progress and result are written as the block left them."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.RUNNING, attempts=F("attempts") + 1, started_at=now, progressed_at=now, finished_at=None
    )
    progress = Progress(job_id)
    try:
        yield progress
    except BaseException as error:
        if isinstance(error, SystemExit | KeyboardInterrupt):  # the worker told to stop mid-job
            progress.message = "Stopped: its worker was shut down. Run it again to finish it."
        else:
            progress.message = str(error) or type(error).__name__
        progress._write(status=Job.FAILED, result=progress.result, finished_at=timezone.now())
        raise
    if progress.total is not None:
        progress.done = max(progress.done, progress.total)
    progress._write(status=Job.DONE, result=progress.result, finished_at=timezone.now())


def is_stale(job, now=None):
    """Running, with no progress for STALE_AFTER: its worker has most likely died."""
    last = job.progressed_at or job.started_at
    if job.status != Job.RUNNING or last is None:
        return False
    return (now or timezone.now()) - last >= STALE_AFTER


def can_run_again(job, now=None):
    return (job.status == Job.FAILED or is_stale(job, now)) and bool(job.task_path)


def task_of(job):
    """The task that runs this job, from the path recorded when it was started."""
    return import_string(job.task_path) if job.task_path else None


def run_again(job):
    """Enqueue the job's task once more; its idempotent steps finish what the last attempt left."""
    task = task_of(job)
    if task is None:
        raise LookupError(f"No task is known for job {job.pk} ({job.kind}).")
    Job.objects.filter(pk=job.pk).update(status=Job.QUEUED, message="", finished_at=None)
    _enqueue(job, task)
    job.refresh_from_db()
    return job


def recent(limit=30):
    return [for_page(job) for job in Job.objects.select_related("created_by")[:limit]]


def _shown(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def for_page(job):
    """The job with what its row shows: a one-line summary of its result, and whether it may run again."""
    job.summary = " · ".join(
        f"{name.replace('_', ' ')}: {_shown(value)}"
        for name, value in job.result.items()
        if isinstance(value, int | float | str)  # lists and nested figures belong on their own pages
    )
    job.failures = job.result.get("failures", [])  # documents not ingested
    job.notes = job.result.get("notes", [])  # what was removed from a document's fields to store it
    job.analysis_failures = job.result.get("analysis_failures", [])  # articles not analysed, with why
    job.polls = job.status in (Job.QUEUED, Job.RUNNING)
    job.may_run_again = can_run_again(job)
    return job


class UploadRefused(ValueError):
    """An uploaded file that cannot be ingested; the message says why, for the editor."""


UPLOAD_SUFFIXES = sorted((TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES) - {""})


def runs_inline(task):
    """Whether enqueueing the task runs it there and then (the inline backend): inside the request."""
    return isinstance(task.get_backend(), ImmediateBackend)


def documents_in(path):
    """How many documents ingesting the file means: a JSON lines file's non-blank lines, else one."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _refuse_inline_bulk(name, path):
    """An upload whose job would run in this request (the inline backend) may bring at most
    INGEST_INLINE_MAX_ARTICLES articles to ingest and analyse, counting those already waiting for
    analysis (the job analyses them too): more is a worker's work, or the commands'."""
    limit = settings.INGEST_INLINE_MAX_ARTICLES
    documents = documents_in(path)
    if documents > limit:
        waiting = 0  # not worth a query: the file alone is too much
    else:
        waiting = pending_articles(analyser_name(current_or_none(lambda message: None))).count()
    if documents + waiting <= limit:
        return
    path.unlink()
    total = documents + waiting
    detail = f" ({documents:,} in the file, {waiting:,} stored and waiting for analysis)" if waiting else ""
    raise UploadRefused(
        f"{name}: {total:,} articles to ingest and analyse{detail}, more than the {limit:,} a request may "
        "take on while jobs run without a worker. Ingest the file with `manage.py ingest` and "
        "`manage.py score`, or run a worker (TASKS_BACKEND=database and `manage.py db_worker`; README, "
        "Background jobs)."
    )


def save_upload(uploaded, task):
    """Keep an uploaded file under UPLOAD_DIR for `task`, an ingest job's; returns its name there.

    A file of the wrong type, empty, too large, or with nothing readable in it is refused before
    anything is stored, with the reason; so is one too large to be ingested inside the request when
    the task would run in it (the inline backend).
    """
    name = get_valid_filename(uploaded.name or "upload") or "upload"
    suffix = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused(f"{uploaded.name}: choose a {', '.join(UPLOAD_SUFFIXES)} file.")
    if not uploaded.size:
        raise UploadRefused(f"{uploaded.name}: the file is empty.")
    limit = settings.INGEST_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        megabytes = limit // (1024 * 1024)
        raise UploadRefused(f"{uploaded.name}: the file is over the {megabytes} MB upload limit.")
    settings.UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    stored = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}-{name}"
    path = settings.UPLOAD_DIR / stored
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    # Read it as the job will: a file with no readable article at all is refused now, not later.
    failures, readable = [], False
    for item in read_file(path):
        if not isinstance(item, Failure):
            readable = True
            break
        failures.append(item.reason)
    if not readable:
        path.unlink()
        reason = failures[0] if failures else "no articles in it"
        raise UploadRefused(f"{uploaded.name}: {reason}.")
    if runs_inline(task):
        _refuse_inline_bulk(uploaded.name, path)
    return stored
