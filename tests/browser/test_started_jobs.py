"""Long actions in a real browser: the page that started a job shows its progress bar, follows it, and
ends in what the job did, refreshing what changed; the page stays in use meanwhile."""

import json

from playwright.sync_api import expect

from reliability.models import Job
from tests.browser.conftest import shoot
from tests.conftest import NEWS


def test_a_rescore_shows_its_progress_bar_and_ends_in_the_outlets_rescored(sign_in, live_server):
    page = sign_in()
    page.goto(f"{live_server.url}/jobs/")
    page.get_by_role("button", name="Rescore all outlets").click()
    panel = page.locator(".job-panel")
    expect(panel.locator("progress")).to_be_visible()
    expect(panel.locator(".outcome")).to_have_text(f"Rescored {Job.objects.get().result['outlets']} outlets.")
    expect(page.locator("#recent-jobs tr.job")).to_have_count(1)  # the table refreshed itself
    assert page.url == f"{live_server.url}/jobs/"  # no page load: htmx swapped the panel in
    shoot(page, "jobs-rescored")


def test_an_upload_shows_its_progress_bar_and_ends_in_what_it_ingested(
    sign_in, live_server, settings, tmp_path
):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    path = tmp_path / "harbour.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in NEWS), encoding="utf-8")
    page = sign_in()
    page.goto(f"{live_server.url}/jobs/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and ingest").click()
    panel = page.locator(".job-panel")
    expect(panel.locator("progress")).to_have_attribute("max", "3")
    expect(panel.locator(".outcome")).to_contain_text("Ingested: 3 new, 0 already stored, 0 failed")


def test_the_panel_follows_a_job_a_worker_runs_until_it_is_done(sign_in, live_server):
    job = Job.objects.create(kind="rescore", title="Rescore all outlets", status=Job.RUNNING, done=2, total=8)
    page = sign_in()
    page.goto(f"{live_server.url}/jobs/?job={job.pk}")
    panel = page.locator(f"#job-{job.pk}-panel")
    expect(panel.locator(".count")).to_have_text("2 of 8")
    Job.objects.filter(pk=job.pk).update(done=5)
    expect(panel.locator(".count")).to_have_text("5 of 8")  # polled, no reload
    Job.objects.filter(pk=job.pk).update(done=8, status=Job.DONE, result={"outlets": 8, "skipped": 0})
    expect(panel.locator(".outcome")).to_have_text("Rescored 8 outlets.")
    expect(panel).not_to_have_attribute("hx-trigger", "every 1s")
