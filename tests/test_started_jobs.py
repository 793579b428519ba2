"""A form that starts a long job is answered at once with the job's progress panel, which polls until
the job is done and then shows what it did; viewers start none."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reliability import tasks
from reliability.models import Job
from tests.conftest import NEWS

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Keeps what is enqueued and runs nothing: as a worker backend before a worker takes the task.
NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
WORKER_HERE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def no_worker(settings):
    settings.TASKS = NO_WORKER


def test_a_rescore_started_with_htmx_answers_with_its_panel_showing_the_result(editor_client, news):
    response = editor_client.post("/jobs/rescore/", headers=HTMX)

    job = Job.objects.get(kind="rescore")
    panel = response.content.decode()
    assert response.status_code == 200 and f'id="job-{job.pk}-panel"' in panel
    assert '<progress value="2" max="2"' in panel and "Rescored 2 outlets." in panel
    assert "hx-trigger" not in panel  # done: it no longer polls
    assert json.loads(response["HX-Trigger"]) == {"job-done": {"kind": "rescore"}}


def test_a_job_waiting_for_a_worker_is_answered_at_once_with_a_panel_that_polls(
    editor_client, news, settings, no_worker
):
    response = editor_client.post("/jobs/rescore/", headers=HTMX)

    job = Job.objects.get(kind="rescore")
    panel = response.content.decode()
    assert job.status == Job.QUEUED and "HX-Trigger" not in response
    assert f'hx-get="/jobs/{job.pk}/progress/" hx-trigger="every 1s"' in panel
    settings.TASKS = WORKER_HERE
    tasks.rescore_all_outlets.call(job.pk)  # a worker takes it and the batches it queues

    polled = editor_client.get(f"/jobs/{job.pk}/progress/", headers=HTMX)

    assert "Rescored 2 outlets." in polled.content.decode() and "every 1s" not in polled.content.decode()
    assert "job-done" in polled["HX-Trigger"]


def test_without_htmx_the_form_goes_back_to_its_page_which_shows_the_panel(editor_client, news, no_worker):
    response = editor_client.post("/jobs/rescore/")

    job = Job.objects.get(kind="rescore")
    assert response["Location"] == f"/jobs/?job={job.pk}"
    page = editor_client.get(response["Location"]).content.decode()
    assert f'<div id="job-{job.pk}-panel" class="job-panel job job-queued" role="status"' in page


def test_an_upload_refused_with_htmx_says_why_in_the_panels_place(editor_client, settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.7")

    response = editor_client.post("/jobs/ingest/", {"file": upload}, headers=HTMX)

    assert response.status_code == 400
    assert response.content.decode().startswith('<p class="error" role="alert">notes.pdf: choose a')
    assert not Job.objects.exists()


def test_an_upload_started_with_htmx_ends_in_what_it_ingested(editor_client, settings, tmp_path, model_dir):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    upload = SimpleUploadedFile("harbour.jsonl", "\n".join(json.dumps(item) for item in NEWS).encode())

    panel = editor_client.post("/jobs/ingest/", {"file": upload}, headers=HTMX).content.decode()

    assert "Ingested: 3 new, 0 already stored, 0 failed; 3 analysed" in panel


def test_retraining_is_answered_at_once_on_the_model_page(editor_client, no_worker):
    response = editor_client.post("/model/retrain/", headers=HTMX)

    job = Job.objects.get(kind="retrain")
    assert job.status == Job.QUEUED and f'hx-get="/jobs/{job.pk}/progress/"' in response.content.decode()
    again = editor_client.post("/model/retrain/")
    second = Job.objects.filter(kind="retrain").latest("pk")
    assert again["Location"] == f"/model/?job={second.pk}"
    assert f'id="job-{second.pk}-panel"' in editor_client.get(again["Location"]).content.decode()


def test_viewers_start_no_job_and_only_follow_them(viewer, client, news, no_worker):
    client.force_login(viewer)
    job = Job.objects.create(kind="rescore", title="Rescore all outlets", status=Job.RUNNING, done=1, total=2)

    assert client.post("/jobs/rescore/", headers=HTMX).status_code == 403
    assert client.post("/model/retrain/", headers=HTMX).status_code == 403
    assert client.get(f"/jobs/{job.pk}/progress/", headers=HTMX).status_code == 200
    assert Job.objects.count() == 1


def test_the_progress_panel_is_for_signed_in_users(client, db):
    job = Job.objects.create(kind="rescore", title="Rescore all outlets")
    assert client.get(f"/jobs/{job.pk}/progress/")["Location"].startswith("/accounts/login/")
