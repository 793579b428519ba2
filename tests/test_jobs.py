"""Background jobs: progress, failure, running again without duplicates, and the jobs page."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import task

from articles.models import Article, Outlet, Sentence
from reliability import jobs, tasks
from reliability.models import ArticleAnalysis, ArticleTally, Job, JobBatch, OutletScore, SentenceAnalysis
from tests.conftest import NEWS

pytestmark = pytest.mark.django_db

SEEN = []  # what the counting task saw of its own Job row after each step


@task()
def counting(job_id):
    with jobs.running(job_id) as progress:
        for done in range(1, 6):
            progress.step(done, total=5, message=f"step {done}")
            SEEN.append(Job.objects.values_list("done", "total", "status").get(pk=job_id))
        progress.result = {"counted": 5}


@task()
def many_steps(job_id):
    with jobs.running(job_id) as progress:
        for done in range(1, 1001):
            progress.step(done, total=1000)


@task()
def failing(job_id):
    with jobs.running(job_id) as progress:
        progress.step(2, total=10)
        raise ValueError("the feed at news.example is down")


@task()
def stopped(job_id):
    with jobs.running(job_id):
        raise SystemExit(1)  # what db_worker does on a second Ctrl-C or SIGTERM during a task


@pytest.fixture
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def news_jsonl(items=NEWS):
    return "\n".join(json.dumps(item) for item in items).encode()


def counts():
    return {
        "articles": Article.objects.count(),
        "sentences": Sentence.objects.count(),
        "analyses": ArticleAnalysis.objects.count(),
        "sentence analyses": SentenceAnalysis.objects.count(),
        "tallies": ArticleTally.objects.count(),
    }


def test_progress_is_recorded_as_the_task_goes_and_the_result_is_kept(monkeypatch, editor):
    monkeypatch.setattr(jobs, "WRITE_EVERY_SECONDS", 0)
    SEEN.clear()
    job = jobs.start("count", "Count to five", counting, user=editor, upto=5)
    assert [(done, 5, "running") for done in range(1, 6)] == SEEN
    assert (job.status, job.done, job.total, job.message) == ("done", 5, 5, "step 5")
    assert job.result == {"counted": 5}
    assert job.arguments == {"upto": 5}
    assert (job.created_by, job.attempts) == (editor, 1)
    assert job.task_id
    assert job.started_at <= job.finished_at


def test_progress_writes_are_cheap():
    with CaptureQueriesContext(connection) as queries:
        job = jobs.start("count", "A thousand steps", many_steps)
    updates = [query for query in queries if query["sql"].startswith("UPDATE")]
    assert len(updates) <= 5  # started, a first step, task id, finished; not a thousand
    assert (job.status, job.done, job.total) == ("done", 1000, 1000)


def test_a_failed_job_keeps_its_message_and_its_progress():
    job = jobs.start("fail", "Fetch the feed", failing)
    assert job.status == "failed"
    assert job.message == "the feed at news.example is down"
    assert (job.done, job.total) == (2, 10)
    assert job.finished_at is not None


def test_a_job_whose_worker_was_told_to_stop_says_so_and_may_run_again():
    job = jobs.start("stop", "Stop midway", stopped)
    assert job.status == "failed"
    assert job.message == "Stopped: its worker was shut down. Run it again to finish it."
    assert jobs.can_run_again(job)


def test_an_upload_is_ingested_analysed_and_scored_in_a_job(editor_client, uploads, model_dir):
    upload = SimpleUploadedFile("harbour.jsonl", news_jsonl(), content_type="application/json")
    response = editor_client.post("/jobs/ingest/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/?job={job.pk}"
    assert (job.kind, job.title, job.status, job.created_by.username) == (
        "ingest",
        "Ingest harbour.jsonl",
        "done",
        "edna",
    )
    assert job.result["created"] == 3 and job.result["analysed"] == 3 and job.result["failed"] == 0
    assert (job.done, job.total) == (3, 3)
    assert sorted(Outlet.objects.filter(scores__window="all").values_list("name", flat=True)) == [
        "Careful Courier",
        "Rumour Rag",
    ]
    assert [path.name for path in uploads.iterdir()] == [job.arguments["upload"]]
    page = editor_client.get(response["Location"]).content.decode()
    assert "Ingest harbour.jsonl" in page and "created: 3" in page
    assert "Ingested: 3 new, 0 already stored, 0 failed; 3 analysed" in page  # the started job's panel


def test_bad_lines_of_an_upload_fail_alone_and_the_job_says_how_many(editor_client, uploads, model_dir):
    bad = [
        {**NEWS[0], "published_at": "2024-02-30T25:61:00Z"},
        {**NEWS[1], "outlet": "Careful Courier\u0000", "url": "https://courier.example/" + "a" * 2000},
    ]
    cleaned = {**NEWS[2], "title": "Harbour\u200b talks on Friday\u202e"}
    upload = SimpleUploadedFile("news.jsonl", news_jsonl([NEWS[0], *bad, NEWS[1], cleaned]))
    editor_client.post("/jobs/ingest/", {"file": upload})
    job = Job.objects.get()
    assert (job.status, job.result["created"], job.result["failed"]) == ("done", 3, 2)
    stored = job.arguments["upload"]
    assert job.result["failures"] == [
        f"{stored}:2: published_at '2024-02-30T25:61:00Z' is not a real date (day is out of range for month)",
        f"{stored}:3: url is 2,024 characters, over the 2,000-character limit",
    ]
    assert job.result["notes"] == [f"{stored}:5: title: removed 2 invisible or control characters"]
    assert Article.objects.filter(title="Harbour talks on Friday").exists()
    page = editor_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "failed: 2" in page and "url is 2,024 characters" in page
    assert "Ingested with changes" in page and ":5: title: removed 2 invisible" in page


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "report.pdf",
            b"%PDF-1.7 ...",
            "report.pdf: choose a .htm, .html, .jsonl, .md, .ndjson, .text, .txt",
        ),
        ("empty.txt", b"", "empty.txt: the file is empty."),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "photo.txt: binary file, not text."),
        ("feed.jsonl", b"{not json}\n[1, 2]\n", "feed.jsonl: "),
    ],
)
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_is_stored(
    editor_client, uploads, name, content, reason
):
    response = editor_client.post("/jobs/ingest/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert Job.objects.count() == 0 and Article.objects.count() == 0
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_an_upload_too_large_is_refused(editor_client, uploads, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.txt", b"Word " * 300_000)
    response = editor_client.post("/jobs/ingest/", {"file": upload})
    assert response.status_code == 400
    assert "big.txt: the file is over the 1 MB upload limit." in response.content.decode()
    assert Job.objects.count() == 0


def many_articles(count):
    return "\n".join(
        json.dumps(
            {"url": f"https://courier.example/{number}", "text": f"The council met for the {number}th time."}
        )
        for number in range(count)
    ).encode()


def test_with_jobs_inline_a_3000_article_upload_is_refused_at_once_and_nothing_is_kept(
    editor_client, uploads, monkeypatch
):
    ingested = []
    monkeypatch.setattr("articles.ingest.ingest_document", ingested.append)  # no document may be read
    upload = SimpleUploadedFile("archive.jsonl", many_articles(3000))
    response = editor_client.post("/jobs/ingest/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "archive.jsonl: 3,000 articles to ingest and analyse, more than the 50 a request may" in page
    assert "TASKS_BACKEND=database" in page and "manage.py ingest" in page
    assert ingested == [] and Job.objects.count() == 0 and Article.objects.count() == 0
    assert list(uploads.iterdir()) == []


def test_with_jobs_inline_an_upload_job_analyses_its_own_articles_not_the_others_waiting(
    editor_client, uploads, settings, write
):
    from articles.ingest import ingest_files

    settings.INGEST_INLINE_MAX_ARTICLES = 5
    list(ingest_files([write("stored.jsonl", news_jsonl())]))  # 3 articles, not analysed
    response = editor_client.post(
        "/jobs/ingest/", {"file": SimpleUploadedFile("more.jsonl", many_articles(6))}
    )
    assert response.status_code == 400
    assert "6 articles to ingest and analyse, more than the 5" in response.content.decode()
    assert Job.objects.count() == 0 and Article.objects.count() == 3

    five = SimpleUploadedFile("five.jsonl", many_articles(5))
    assert editor_client.post("/jobs/ingest/", {"file": five}).status_code == 302
    job = Job.objects.get()
    assert (job.status, job.result["created"], job.result["analysed"]) == ("done", 5, 5)


def test_with_a_worker_a_large_upload_is_queued_and_the_request_ingests_nothing(
    editor_client, uploads, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = editor_client.post(
        "/jobs/ingest/", {"file": SimpleUploadedFile("archive.jsonl", many_articles(3000))}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.status, job.task_path) == ("queued", tasks.ingest_upload.module_path)
    assert Article.objects.count() == 0
    assert [path.name for path in uploads.iterdir()] == [job.arguments["upload"]]


def test_an_ingest_job_whose_worker_stopped_midway_run_again_leaves_no_duplicates(
    editor_client, uploads, model_dir, monkeypatch
):
    """The worker told to stop after the first article's analysis (what db_worker does on SIGTERM: an
    error of one article would be recorded and passed over), then two more runs."""
    from reliability import storage

    stored = storage.store
    calls = []

    def stop_on_the_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise SystemExit(1)
        return stored(*args)

    monkeypatch.setattr(tasks, "store", stop_on_the_second)
    editor_client.post("/jobs/ingest/", {"file": SimpleUploadedFile("news.jsonl", news_jsonl())})
    job = Job.objects.get()
    assert (job.status, job.message) == (
        "failed",
        "Stopped: its worker was shut down. Run it again to finish it.",
    )
    assert counts()["articles"] == 3 and counts()["analyses"] == 1
    monkeypatch.undo()

    page = editor_client.get("/jobs/").content.decode()
    assert "Run again" in page
    response = editor_client.post(f"/jobs/{job.pk}/again/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["created"], job.result["duplicate"]) == ("done", 2, 0, 3)
    once = counts()
    assert once == {"articles": 3, "sentences": 9, "analyses": 3, "sentence analyses": 9, "tallies": 3}
    snapshots = OutletScore.objects.count()

    # Running it yet again (a worker that died after finishing but before saying so) changes nothing.
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING, progressed_at=timezone.now() - timedelta(hours=1)
    )
    assert editor_client.post(f"/jobs/{job.pk}/again/").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 3)
    assert counts() == once
    assert OutletScore.objects.count() == snapshots  # nothing new to analyse, so nothing rescored


def test_a_rescore_job_run_again_skips_the_outlets_it_already_rescored(editor_client, news):
    careful, rag = Outlet.objects.get(name="Careful Courier"), Outlet.objects.get(name="Rumour Rag")
    job = Job.objects.create(kind="rescore", title="Rescore all outlets")
    # The first attempt rescored one outlet (a snapshot per window), then its worker died.
    from reliability.refresh import rescore_outlets

    rescore_outlets([careful])
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING,
        progressed_at=timezone.now() - timedelta(hours=1),
        task_path=tasks.rescore_all_outlets.module_path,
    )
    assert editor_client.post(f"/jobs/{job.pk}/again/").status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.result == {"outlets": 2, "skipped": 1}
    fresh = OutletScore.objects.filter(computed_at__gte=job.created_at)
    assert sorted(fresh.values_list("outlet__name", "window")) == sorted(
        (outlet.name, window) for outlet in (careful, rag) for window in ("all", "90d", "30d")
    )


def test_a_running_job_is_not_offered_to_run_again_until_it_is_stale(editor_client):
    job = Job.objects.create(
        kind="count",
        title="Count",
        status=Job.RUNNING,
        progressed_at=timezone.now(),
        task_path=counting.module_path,
    )
    assert not jobs.can_run_again(job)
    assert editor_client.post(f"/jobs/{job.pk}/again/").status_code == 409
    assert jobs.can_run_again(job, now=timezone.now() + jobs.STALE_AFTER)
    queued = Job.objects.create(
        kind="count", title="Count", task_path=counting.module_path
    )  # waiting, not lost
    assert not jobs.can_run_again(queued, now=timezone.now() + 2 * jobs.STALE_AFTER)
    done = Job.objects.create(kind="count", title="Count", status=Job.DONE)
    assert editor_client.post(f"/jobs/{done.pk}/again/").status_code == 409


def test_editors_start_a_rescore_from_the_jobs_page(editor_client, news):
    before = OutletScore.objects.count()
    assert editor_client.post("/jobs/rescore/").status_code == 302
    job = Job.objects.get(kind="rescore")
    assert (job.status, job.done, job.total, job.result) == ("done", 2, 2, {"outlets": 2, "skipped": 0})
    assert OutletScore.objects.count() == before + 2 * 3


def test_a_queued_or_running_job_polls_itself_and_a_finished_one_does_not(editor_client):
    running = Job.objects.create(kind="count", title="Counting", status=Job.RUNNING, done=3, total=10)
    finished = Job.objects.create(kind="count", title="Counted", status=Job.DONE, done=10, total=10)
    page = editor_client.get("/jobs/").content.decode()
    assert (
        f'<tr id="job-{running.pk}" class="job job-running" hx-get="/jobs/{running.pk}/" '
        f'hx-trigger="every 1s" hx-swap="outerHTML">'
    ) in page
    assert f'<a href="/jobs/{running.pk}/">Counting</a>' in page
    assert f'<tr id="job-{finished.pk}" class="job job-done">' in page
    assert '<progress value="3" max="10"' in page

    row = editor_client.get(f"/jobs/{running.pk}/", headers={"HX-Request": "true"})
    assert row.content.decode().startswith(f'<tr id="job-{running.pk}"')
    assert "HX-Request" in row["Vary"]
    Job.objects.filter(pk=running.pk).update(status=Job.DONE, done=10)
    row = editor_client.get(f"/jobs/{running.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in row and '<progress value="10" max="10"' in row
    assert "<h1>Counting</h1>" in editor_client.get(f"/jobs/{running.pk}/").content.decode()


def test_a_failed_job_shows_its_message_on_the_page(editor_client):
    jobs.start("fail", "Fetch the feed", failing)
    page = editor_client.get("/jobs/").content.decode()
    assert '<p class="error" role="alert">the feed at news.example is down</p>' in page


def test_viewers_see_jobs_but_start_none(viewer_client, uploads):
    jobs.start("count", "Count to five", counting)
    page = viewer_client.get("/jobs/")
    assert page.status_code == 200 and "Count to five" in page.content.decode()
    assert "Upload and ingest" not in page.content.decode()
    assert 'href="/jobs/"' not in viewer_client.get("/").content.decode()  # the nav link is for editors
    assert viewer_client.post("/jobs/rescore/").status_code == 403
    upload = SimpleUploadedFile("news.jsonl", news_jsonl())
    assert viewer_client.post("/jobs/ingest/", {"file": upload}).status_code == 403
    job = Job.objects.get()
    assert viewer_client.post(f"/jobs/{job.pk}/again/").status_code == 403
    assert Job.objects.count() == 1 and Article.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/jobs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/jobs/rescore/").status_code == 302
    assert Job.objects.count() == 0


def test_editors_have_the_jobs_link_and_the_forms(editor_client):
    assert '<a href="/jobs/">Jobs</a>' in editor_client.get("/").content.decode()
    page = editor_client.get("/jobs/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "Rescore all outlets" in page


def test_score_enqueue_runs_as_a_job_with_progress(write, model_dir):
    from articles.ingest import ingest_files

    list(ingest_files([write("news.jsonl", news_jsonl().decode())]))
    call_command("score", "--enqueue", stdout=io.StringIO())
    job = Job.objects.get()
    assert (job.kind, job.status, job.done, job.total) == ("analyse", "done", 3, 3)
    assert job.result == {
        "analysed": 3,
        "analysis_failed": 0,
        "analysis_failures": [],
        "snapshots": 6,
        "analyser": "rules only",
    }
    assert job.message == "3 analysed, 0 failed; scored the outlets"


def test_an_article_whose_analysis_raises_is_listed_on_the_jobs_page_and_the_others_are_scored(
    editor_client, uploads, model_dir, rules_fail_on
):
    rules_fail_on("celebrity chef")
    editor_client.post("/jobs/ingest/", {"file": SimpleUploadedFile("news.jsonl", news_jsonl())})
    job = Job.objects.get()
    rag = Article.objects.get(title="Harbour talks on Friday")
    reason = f"article {rag.pk} (Harbour talks on Friday): ValueError: max() arg is an empty sequence"
    assert (job.status, job.message) == ("done", "2 analysed, 1 failed; scored the outlets")
    assert (job.result["created"], job.result["analysed"], job.result["analysis_failed"]) == (3, 2, 1)
    assert job.result["analysis_failures"] == [reason]
    assert not rag.analyses.exists() and rag.analysis_failure.error == "ValueError"
    assert sorted(Outlet.objects.filter(scores__window="all").values_list("name", flat=True)) == [
        "Careful Courier"
    ]
    page = editor_client.get("/jobs/").content.decode()
    assert "2 analysed, 1 failed; scored the outlets" in page
    assert "1 not analysed (tried again by the next run)" in page and f"<li>{reason}</li>" in page


def test_a_jobs_row_sums_up_its_result_in_words():
    result = {"promoted": True, "analysed": 1, "failures": ["x: empty"]}
    job = jobs.for_page(Job(status=Job.DONE, result=result))
    assert job.summary == "promoted: yes · analysed: 1"
    assert job.failures == ["x: empty"]


def test_a_long_job_that_still_makes_progress_is_not_stale():
    now = timezone.now()
    long_running = Job(
        status=Job.RUNNING, started_at=now - timedelta(hours=3), progressed_at=now - timedelta(minutes=1)
    )
    assert not jobs.is_stale(long_running, now)
    assert jobs.is_stale(long_running, now + jobs.STALE_AFTER)


def test_a_job_in_batches_shows_how_far_its_stage_is_and_which_workers_run_it(editor_client):
    job = Job.objects.create(kind="analyse", title="Analysing", status=Job.RUNNING, stage=1, done=5, total=9)
    JobBatch.objects.create(job=job, stage=0, index=0, status=Job.DONE, worker="alpha:7")  # an earlier stage
    for index, (status, worker) in enumerate(
        [(Job.DONE, "alpha:7"), (Job.RUNNING, "beta:12"), (Job.RUNNING, "alpha:7"), (Job.QUEUED, "")]
    ):
        JobBatch.objects.create(job=job, stage=1, index=index, status=status, worker=worker)
    line = "stage 2: 1 of 4 batches done · 2 running (on alpha:7, beta:12)"
    assert f'<span class="muted batches">{line}</span>' in editor_client.get("/jobs/").content.decode()
    row = editor_client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert line in row and '<progress value="5" max="9"' in row

    Job.objects.filter(pk=job.pk).update(status=Job.DONE)
    assert "batches done" not in editor_client.get("/jobs/").content.decode()  # done: its result says it


def test_an_upload_a_worker_cannot_see_fails_its_job_with_the_reason(uploads):
    """A worker on a host that does not share UPLOAD_DIR: the job fails naming the file and the host,
    rather than counting the file's documents as bad ones."""
    job = Job.objects.create(
        kind="ingest",
        title="Ingest news.jsonl",
        status=Job.FAILED,
        task_path=tasks.ingest_upload.module_path,
        arguments={"upload": "news.jsonl", "version": None},
    )
    JobBatch.objects.create(job=job, index=0, items={"lines": [1, 3]}, total=3)  # planned where it was

    job = jobs.run_again(job)

    assert (job.status, job.message) == (
        "failed",
        f"{uploads / 'news.jsonl'} is not on {jobs.WORKER}: every worker must share UPLOAD_DIR",
    )
    assert job.batches.get().status == "failed" and Article.objects.count() == 0


def test_a_job_whose_plan_fails_says_why(uploads):
    job = jobs.start("ingest", "Ingest gone.jsonl", tasks.ingest_upload, upload="gone.jsonl")
    assert job.status == "failed" and "No such file or directory" in job.message
    assert not job.batches.exists()
