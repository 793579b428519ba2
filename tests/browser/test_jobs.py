"""The jobs page in a real browser: upload a file to ingest, and a running job's row updating itself."""

import json

from playwright.sync_api import expect

from articles.models import Article
from reliability.models import Job
from tests.browser.conftest import shoot
from tests.conftest import NEWS


def test_an_editor_uploads_a_file_and_sees_the_job_done(sign_in, live_server, settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    path = tmp_path / "harbour.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in NEWS), encoding="utf-8")
    before = Article.objects.count()
    page = sign_in()
    page.get_by_role("link", name="Jobs").click()
    expect(page.get_by_role("heading", name="Jobs", exact=True)).to_be_visible()
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and ingest").click()
    row = page.locator("tr.job").first
    expect(row).to_contain_text("Ingest harbour.jsonl")
    expect(row.locator(".status")).to_have_text("done")
    expect(row).to_contain_text("created: 3")
    assert Article.objects.count() == before + 3
    shoot(page, "jobs")


def test_a_bad_upload_shows_why(sign_in, live_server, settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.7")
    page = sign_in()
    page.goto(f"{live_server.url}/jobs/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and ingest").click()
    expect(page.get_by_role("alert")).to_contain_text("notes.pdf: choose a .htm, .html, .jsonl")
    assert not Job.objects.exists()


def test_a_running_jobs_row_follows_its_progress_until_it_is_done(sign_in, live_server):
    job = Job.objects.create(kind="ingest", title="Ingest wire.jsonl", status=Job.RUNNING, done=2, total=8)
    page = sign_in()
    page.goto(f"{live_server.url}/jobs/")
    row = page.locator(f"#job-{job.pk}")
    expect(row.locator(".count")).to_have_text("2 of 8")
    Job.objects.filter(pk=job.pk).update(done=5)
    expect(row.locator(".count")).to_have_text("5 of 8")  # polled, no reload
    Job.objects.filter(pk=job.pk).update(done=8, status=Job.FAILED, message="feed went away")
    expect(row.locator(".status")).to_have_text("failed")
    expect(row.get_by_role("alert")).to_have_text("feed went away")
    expect(row).not_to_have_attribute("hx-trigger", "every 1s")
