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

A long job is split into stages of batches (`Batches`, `Stage`, `run_in_batches`) so that any number of
workers share it: its first task plans the first stage's batches (JobBatch rows) and queues one task
per batch; each worker claims tasks with `SELECT ... FOR UPDATE SKIP LOCKED` (django-tasks-db), so two
never take the same one. The worker finishing a stage's last batch, deciding under a lock on the Job
row, queues the next step once: the next stage's plan (analysed articles, then their stories linked,
then their outlets scored) or, after the last stage, the final step. A batch whose worker died (no
progress for its lease) is queued again by the next batch to finish, or by the job's watch task that
comes back every lease until the job is done; what it stored is skipped, so nothing is duplicated.
"""

import os
import socket
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from articles.reading import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, Failure, read_file
from reliability.models import Job, JobBatch

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

    def __init__(self, job_id, done=0, total=None):
        self.job_id = job_id
        self.done, self.total, self.message = done, total, ""
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


def failure_message(error):
    if isinstance(error, SystemExit | KeyboardInterrupt):  # the worker told to stop mid-job
        return "Stopped: its worker was shut down. Run it again to finish it."
    return str(error) or type(error).__name__


@contextmanager
def running(job_id):
    """Mark the job running (one attempt more) for the block; done on a clean exit, failed (with the
    error's message, re-raised) otherwise. Progress and result are written as the block left them."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.RUNNING, attempts=F("attempts") + 1, started_at=now, progressed_at=now, finished_at=None
    )
    with _outcome(Progress(job_id)) as progress:
        yield progress


@contextmanager
def _outcome(progress):
    """The job done with the block's result on a clean exit, failed with the error's message otherwise."""
    try:
        yield progress
    except BaseException as error:
        progress.message = failure_message(error)
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


# The host and process a batch ran in, shown on the jobs page: workers may run on several hosts.
WORKER = f"{socket.gethostname()}:{os.getpid()}"
# Job kinds that run in batches, by Job.kind (each module defining one registers it on import).
BATCHED = {}


@dataclass(frozen=True)
class Stage:
    """One stage of a batched job: all its batches are done before the next stage is planned.

    plan(job, previous) returns [(items, total)], the JSON a batch works on and its count of steps, from
    the results of the previous stage's batches ([] for the first stage); run(job, items, progress) does
    one batch, progress.step(done) as it goes, and returns its result (JSON). Both must be safe to run
    again over what an earlier run did (a batch is run again after its worker died).
    """

    name: str
    plan: Callable
    run: Callable


@dataclass(frozen=True)
class Batches:
    """How one kind of long job is split into stages of batches, and finished.

    finish(job, results, progress) runs once, after the last stage, with the results of the batches this
    attempt of the job ran (every stage, in order), and returns the job's result. again(result): whether
    a batch done should run again when the job is run again (some of its articles could not be analysed).
    """

    kind: str
    stages: list
    finish: Callable
    again: Callable = lambda result: False

    def __post_init__(self):
        BATCHED[self.kind] = self


def _lease():
    return timedelta(seconds=settings.JOB_BATCH_LEASE_SECONDS)


def _queues_for_later(a_task):
    """Whether the backend keeps tasks for a worker (django-tasks-db), not runs them here and now."""
    return a_task.get_backend().supports_defer


def _enqueue_with(calls):
    """Enqueue (task, args) pairs. Called inside the transaction that decided them: a database backend's
    rows commit with that decision, all or nothing. The inline backend would run them inside it, so they
    are handed back to be run once it is over."""
    if calls and _queues_for_later(calls[0][0]):
        for a_task, args in calls:
            a_task.enqueue(*args)
        return []
    return calls


def _run_inline(calls):
    for a_task, args in calls:
        a_task.enqueue(*args)


def _sum_of_batches(field):
    """The sum of the field over the batches of the job's current stage, as an update expression."""
    return Coalesce(
        Subquery(
            JobBatch.objects.filter(job=OuterRef("pk"), stage=OuterRef("stage"))
            .order_by()
            .values("job")
            .annotate(total=Sum(field))
            .values("total")
        ),
        0,
    )


def _taken_over(job):
    """(task, args) to queue again each running batch of the job whose worker has stopped writing."""
    stale = job.batches.filter(status=Job.RUNNING, progressed_at__lt=timezone.now() - _lease())
    ids = list(stale.values_list("pk", flat=True))
    stale.update(status=Job.QUEUED, message="Its worker stopped answering: queued again.")
    return [(run_batch, (pk,)) for pk in ids]


def _next_when_done(job):
    """(task, args) of the job's next step (the next stage's plan, or the final step) if every batch of
    its stage is done and it is not queued yet; marked queued in the same transaction, under the lock on
    the job, so it is queued once."""
    if (
        job.finish_queued_at is not None
        or job.batches.filter(stage=job.stage).exclude(status=Job.DONE).exists()
    ):
        return []
    Job.objects.filter(pk=job.pk).update(finish_queued_at=timezone.now())
    return [(advance_job, (job.pk, job.stage))]


def _create_batches(job, stage, planned):
    JobBatch.objects.bulk_create(
        JobBatch(job=job, stage=stage, index=index, items=items, total=total)
        for index, (items, total) in enumerate(planned)
    )


def run_in_batches(job_id):
    """A batched job's first task (and what running it again runs): plan its first stage the first time,
    queue the batches of its stage not done (new, failed, or taken over from a dead worker), or its next
    step if all are.

    With a worker backend, a watch task comes back every lease to queue again the batches of workers
    that died, until the job is done. A plan that fails fails the job, with the reason.
    """
    try:
        inline = _plan_and_queue(job_id)
    except BaseException as error:
        _failed(job_id, error)
        raise
    _run_inline(inline)


def _plan_and_queue(job_id):
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        steps, now = BATCHED[job.kind], timezone.now()
        if not job.batches.exists():
            _create_batches(job, 0, steps.stages[0].plan(job, []))
        # A batch done whose articles failed runs again; the stages after it are planned anew.
        done = job.batches.filter(status=Job.DONE)
        redo = [pk for pk, result in done.values_list("pk", "result") if steps.again(result)]
        stage = min(job.batches.filter(pk__in=redo).values_list("stage", flat=True), default=job.stage)
        job.batches.filter(stage__gt=stage).delete()
        # Every batch not done is queued, but one a live worker holds. A batch queued twice is harmless:
        # the later run takes it over, the earlier one writes nothing more, and what is stored is skipped.
        todo = job.batches.filter(stage=stage).exclude(status=Job.DONE).exclude(
            status=Job.RUNNING, progressed_at__gte=now - _lease()
        ) | job.batches.filter(pk__in=redo)
        calls = [(run_batch, (pk,)) for pk in todo.values_list("pk", flat=True)]
        todo.update(status=Job.QUEUED, message="")
        Job.objects.filter(pk=job_id).update(stage=stage)
        Job.objects.filter(pk=job_id).update(
            status=Job.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            progressed_at=now,
            finished_at=None,
            message="",
            finish_queued_at=None,
            total=_sum_of_batches("total"),
            done=_sum_of_batches("done"),
        )
        job.refresh_from_db()
        calls += _next_when_done(job)
        if _queues_for_later(run_batch):
            watch_job.using(run_after=now + _lease()).enqueue(job_id, job.attempts)
        return _enqueue_with(calls)


class BatchProgress(Progress):
    """A batch's progress, written to its row (only while this run still holds it) and summed into the
    job's; every write is also the batch's sign of life."""

    def __init__(self, batch, attempt):
        super().__init__(batch.job_id, total=batch.total)
        self.batch_id, self.attempt = batch.pk, attempt

    def _write(self, **more):
        now = timezone.now()
        JobBatch.objects.filter(pk=self.batch_id, attempts=self.attempt).update(
            done=self.done, message=self.message[:2000], progressed_at=now, **more
        )
        Job.objects.filter(pk=self.job_id).update(
            done=_sum_of_batches("done"), message=self.message[:2000], progressed_at=now
        )


def _claim(batch_id):
    """Take the batch for this run: it and its attempt number, or Nones if it is done already."""
    now = timezone.now()
    with transaction.atomic():
        batch = JobBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == Job.DONE:
            return None, None
        batch.attempts += 1
        batch.ran_in = Job.objects.values_list("attempts", flat=True).get(pk=batch.job_id)
        batch.status, batch.worker, batch.done, batch.message = Job.RUNNING, WORKER, 0, ""
        batch.started_at, batch.progressed_at, batch.finished_at = now, now, None
        batch.save()
    return batch, batch.attempts


def _failed(job_id, error, batch_id=None, attempt=None):
    """The job failed with the error's message (unless the batch that failed was taken over)."""
    message = failure_message(error)
    with transaction.atomic():
        if batch_id is not None and not JobBatch.objects.filter(pk=batch_id, attempts=attempt).update(
            status=Job.FAILED, message=message[:2000], finished_at=timezone.now()
        ):
            return
        Job.objects.filter(pk=job_id).update(status=Job.FAILED, message=message, progressed_at=timezone.now())


@task()
def run_batch(batch_id):
    """One batch of a job, on whichever worker took it; the last of its stage to finish queues the
    job's next step."""
    batch, attempt = _claim(batch_id)
    if batch is None:
        return None
    job = Job.objects.get(pk=batch.job_id)
    import_string(job.task_path)  # its module defines (registers) the job's Batches
    try:
        result = BATCHED[job.kind].stages[batch.stage].run(job, batch.items, BatchProgress(batch, attempt))
    except BaseException as error:
        _failed(job.pk, error, batch_id, attempt)
        raise
    with transaction.atomic():
        # Every batch's end takes this lock: of two finishing together, the second sees the first done.
        job = Job.objects.select_for_update().get(pk=job.pk)
        finished = (
            JobBatch.objects.filter(pk=batch_id, attempts=attempt)
            .exclude(status=Job.DONE)
            .update(status=Job.DONE, done=F("total"), result=result, finished_at=timezone.now())
        )
        calls = _taken_over(job)
        if finished:
            Job.objects.filter(pk=job.pk).update(done=_sum_of_batches("done"), progressed_at=timezone.now())
            calls += _next_when_done(job)
        inline = _enqueue_with(calls)
    _run_inline(inline)
    return result


@task()
def watch_job(job_id, attempt):
    """Queue again the batches whose worker died; come back after a lease until the job is done.

    A watch of an earlier attempt of the job (it was run again since) stops: the new attempt has its own.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.attempts != attempt or job.status != Job.RUNNING:
            return
        calls = _taken_over(job) + _next_when_done(job)
        watch_job.using(run_after=timezone.now() + _lease()).enqueue(job_id, attempt)
        inline = _enqueue_with(calls)
    _run_inline(inline)


@task()
def advance_job(job_id, stage):
    """Once every batch of the job's stage is done: plan and queue the next stage's batches, or, after
    the last stage, run the final step: the job done with its result, or failed."""
    job = Job.objects.get(pk=job_id)
    import_string(job.task_path)
    steps = BATCHED[job.kind]
    if job.stage != stage:
        return None  # advanced already (this step was queued again by a run again)
    if stage + 1 == len(steps.stages):
        return _finish(job, steps)
    following = steps.stages[stage + 1]
    Job.objects.filter(pk=job_id).update(message=following.name, progressed_at=timezone.now())
    previous = list(job.batches.filter(stage=stage).order_by("index").values_list("result", flat=True))
    try:
        planned = following.plan(job, previous)  # may take a while (grouping stories): not under a lock
    except BaseException as error:
        _failed(job_id, error)
        raise
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.stage != stage:
            return None
        _create_batches(job, stage + 1, planned)
        Job.objects.filter(pk=job_id).update(stage=stage + 1, finish_queued_at=None, done=0)
        # Apart: in one UPDATE the sum would read the stage the row had before it.
        Job.objects.filter(pk=job_id).update(total=_sum_of_batches("total"))
        job.refresh_from_db()
        calls = [
            (run_batch, (pk,)) for pk in job.batches.filter(stage=stage + 1).values_list("pk", flat=True)
        ]
        inline = _enqueue_with(calls + _next_when_done(job))
    _run_inline(inline)
    return len(planned)


def _finish(job, steps):
    # What this attempt of the job did: run again, a job reports what the new attempt had left to do.
    ran = job.batches.filter(ran_in=job.attempts).order_by("stage", "index")
    results = list(ran.values_list("result", flat=True))
    # Done, the job's count is its first stage's (the articles, lines or outlets it was started for).
    first = job.batches.filter(stage=0).aggregate(total=Coalesce(Sum("total"), 0))["total"]
    with _outcome(Progress(job.pk, done=first, total=first)) as progress:
        progress.message = "Finishing"
        Job.objects.filter(pk=job.pk).update(message=progress.message, progressed_at=timezone.now())
        progress.result = steps.finish(job, results, progress)
        progress._write(status=Job.DONE, result=progress.result, finished_at=timezone.now())
    return progress.result


def batches_in_words(job, counts, workers):
    """For the row of a job not done yet, how far its stage's batches are: "stage 1: 3 of 14 batches
    done · 2 running (on host:1234, host:1240)"; "" for one done, or not in batches."""
    total = sum(counts.values())
    if not total or job.status == Job.DONE:
        return ""
    words = [f"stage {job.stage + 1}: {counts.get(Job.DONE, 0)} of {total} batches done"]
    if counts.get(Job.RUNNING):
        words.append(f"{counts[Job.RUNNING]} running (on {', '.join(sorted(workers))})")
    if counts.get(Job.FAILED):
        words.append(f"{counts[Job.FAILED]} failed")
    return " · ".join(words)


def _batches_of(jobs):
    """Each job's batch counts by status and the workers on its running batches, in two queries."""
    counts, workers = {job.pk: {} for job in jobs}, {job.pk: set() for job in jobs}
    jobs = [job.pk for job in jobs if job.pk is not None]
    current = JobBatch.objects.filter(job__in=jobs, stage=F("job__stage"))
    rows = current.order_by().values("job", "status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["job"]][row["status"]] = row["n"]
    running = current.filter(status=Job.RUNNING).values_list("job", "worker")
    for job_id, worker in running:
        workers[job_id].add(worker)
    return counts, workers


def recent(limit=30):
    found = list(Job.objects.select_related("created_by")[:limit])
    counts, workers = _batches_of(found)
    return [for_page(job, counts[job.pk], workers[job.pk]) for job in found]


def _shown(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def for_page(job, batch_counts=None, workers=()):
    """The job with what its row shows: a one-line summary of its result, how far its batches are, and
    whether it may run again. batch_counts and workers as _batches_of gives them (read here if None)."""
    if batch_counts is None:
        counts, found = _batches_of([job])
        batch_counts, workers = counts[job.pk], found[job.pk]
    job.batches_line = batches_in_words(job, batch_counts, workers)
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
    job.outcome = outcome(job)
    return job


def _f1(value):
    return "—" if value is None else f"{value:.2f}"


def _retrained(result):
    figures = result.get("candidate", {})
    words = (
        f"Retrained: candidate {result['version']}, label macro-F1 {_f1(figures.get('editors'))} on the "
        f"editors' held-out labels and {_f1(figures.get('shipped'))} on the shipped ones"
    )
    if result.get("promoted"):
        return words + "; it wins on both and was promoted."
    return words + ("; it wins on both." if result.get("wins") else ".")


def _reanalysed(result):
    if result.get("skipped"):
        return "Skipped: the model is no longer current."
    failed = f", {result['analysis_failed']} could not be" if result.get("analysis_failed") else ""
    return (
        f"Promoted model {result['version']}: {result['analysed']} articles analysed with it{failed}; "
        "outlets rescored."
    )


def _ingested(result):
    return (
        f"Ingested: {result['created']} new, {result['duplicate']} already stored, {result['failed']} "
        f"failed; {result['analysed']} analysed and their outlets rescored."
    )


# What a finished job of each kind did, in one sentence for the page that started it.
OUTCOMES = {
    "retrain": _retrained,
    "reanalyse": _reanalysed,
    "rescore": lambda result: f"Rescored {result['outlets']} outlets.",
    "ingest": _ingested,
}


def outcome(job):
    """What a job done did, in words ("Rescored 24 outlets."); "" until it is done (or with no result)."""
    if job.status != Job.DONE or job.kind not in OUTCOMES or not job.result:
        return ""
    return OUTCOMES[job.kind](job.result)


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
    INGEST_INLINE_MAX_ARTICLES articles to ingest and analyse (its job analyses what it ingests, not
    what else is waiting): more is a worker's work, or the commands'."""
    limit = settings.INGEST_INLINE_MAX_ARTICLES
    documents = documents_in(path)
    if documents <= limit:
        return
    path.unlink()
    raise UploadRefused(
        f"{name}: {documents:,} articles to ingest and analyse, more than the {limit:,} a request may "
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
