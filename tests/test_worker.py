"""A real `manage.py db_worker` process on PostgreSQL: ingest and score through it, and kill it mid-job.

These run on PostgreSQL only (the worker is another process on the same test database; SQLite's
in-memory test database is not shared). In CI, with DATABASE_URL pointing at PostgreSQL, a skip here
would hide a broken production setup, so a mismatch fails instead.
"""

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Sentence
from reliability import jobs, tasks
from reliability.models import ArticleAnalysis, ArticleTally, Job, OutletScore, SentenceAnalysis
from tests.conftest import NEWS

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_TIMEOUT = 120  # seconds a job may take through the worker before the test gives up


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor == "postgresql":
        return
    wanted = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if os.environ.get("CI") and wanted:
        pytest.fail(f"DATABASE_URL names PostgreSQL but the tests run on {connection.vendor}")
    pytest.skip("needs PostgreSQL: the worker is a separate process sharing the test database")


@pytest.fixture
def database_backend(settings, tmp_path):
    """Tasks queued in the database, uploads and models in the test's folder (no model: rules alone)."""
    from reliability.analysis.model import load_current

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.MODEL_DIR = tmp_path / "models"
    load_current.cache_clear()
    yield tmp_path
    load_current.cache_clear()


def process_env(**more):
    """The environment of another process on the test database, with this test's folders."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "UPLOAD_DIR": str(settings.UPLOAD_DIR),
        "MODEL_DIR": str(settings.MODEL_DIR),
        "PYTHONUNBUFFERED": "1",
        **more,
    }


@pytest.fixture
def worker(database_backend):
    """start() runs `manage.py db_worker` against the test database; every worker is stopped after."""
    env = process_env()
    started = []

    def start():
        log = (database_backend / f"worker-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def wait_for(condition, what, timeout=WORKER_TIMEOUT, logs=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    shown = "".join(Path(log).read_text() for log in logs or [])
    pytest.fail(f"timed out waiting for {what}\n{shown}")


def test_ingest_and_score_through_the_worker_then_read_the_scores_from_the_api(
    worker, database_backend, editor_client, token_api
):
    upload = SimpleUploadedFile("harbour.jsonl", "\n".join(json.dumps(item) for item in NEWS).encode())
    assert editor_client.post("/jobs/ingest/", {"file": upload}).status_code == 302
    job = Job.objects.get()
    assert job.status == "queued" and Article.objects.count() == 0  # nothing runs in the web process
    assert token_api.get("/api/v1/outlets/").json()["count"] == 0

    worker()
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
        "the worker to finish the ingest job",
        logs=database_backend.glob("worker-*.log"),
    )
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert (job.result["created"], job.result["analysed"], job.attempts) == (3, 3, 1)

    outlets = token_api.get("/api/v1/outlets/").json()["results"]
    by_name = {outlet["name"]: outlet for outlet in outlets}
    assert sorted(by_name) == ["Careful Courier", "Rumour Rag"]
    for outlet in outlets:
        assert set(outlet["scores"]) == {"all", "90d", "30d"}
        latest = OutletScore.objects.filter(outlet__slug=outlet["slug"], window="all").latest("computed_at")
        assert outlet["scores"]["all"]["overall"] == latest.overall and latest.claims > 0
        assert latest.analyser == "rules only"
    # The careful outlet names its sources; the rumour outlet leans on "sources say" and "experts say".
    assert (
        by_name["Careful Courier"]["scores"]["all"]["overall"]
        > by_name["Rumour Rag"]["scores"]["all"]["overall"]
    )
    assert editor_client.get("/jobs/").content.decode().count("job job-done") == 1


def many_articles(count):
    """Articles different enough to make stories of their own, over a few outlets and two years."""
    rng = random.Random(7)
    people = ["Lena Ortiz", "Ruth Abernathy", "Tomas Varga", "Ines Mbeki", "Karl Duval", "Ada Sorensen"]
    things = ["harbour", "library", "bridge", "tramway", "clinic", "stadium", "market", "school", "ferry"]
    places = ["Northport", "Eastvale", "Lowmarsh", "Kingsford", "Ashbury", "Westmere", "Brackley"]
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for number in range(count):
        person, thing, place = rng.choice(people), rng.choice(things), rng.choice(places)
        text = "\n\n".join(
            [
                f"{person} said the {thing} in {place} will open on day {number} of the plan.",
                f"The council approved {number + 40} million dollars for the {thing}, according to minutes.",
                f"Sources say the {thing} project {number} is years late.",
                f"Experts say the cost of {number * 3} million is too high for {place}.",
            ]
        )
        yield {
            "url": f"https://outlet{number % 4}.example/{number}",
            "outlet": f"Outlet {number % 4}",
            "title": f"{thing.title()} {number} in {place}",
            "published_at": (start + timedelta(days=number * 5)).isoformat(),
            "text": text,
        }


def test_a_worker_killed_mid_job_and_a_new_worker_finish_it_with_no_duplicate_rows(
    worker, database_backend, editor_client, write
):
    from articles.ingest import ingest_files

    path = write("many.jsonl", "\n".join(json.dumps(item) for item in many_articles(600)))
    assert {outcome.status for outcome in ingest_files([path])} == {"created"}
    articles, sentences = Article.objects.count(), Sentence.objects.count()
    job = jobs.start("analyse", "Analyse and score new articles", tasks.analyse_new_articles)
    assert job.status == "queued"

    first = worker()
    logs = database_backend.glob("worker-*.log")
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, status="running", done__gt=0).exists(),
        "the first worker to report progress",
        logs=logs,
    )
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    job.refresh_from_db()
    assert job.status == "running" and 0 < job.done < job.total == articles  # left half done, for good
    analysed_before = ArticleAnalysis.objects.count()
    assert 0 < analysed_before < articles
    assert OutletScore.objects.count() == 0

    # django-tasks-db never picks up a task left RUNNING; the editor runs the stale job again.
    assert not jobs.can_run_again(job)
    Job.objects.filter(pk=job.pk).update(progressed_at=timezone.now() - jobs.STALE_AFTER)
    assert '<button type="submit"' in editor_client.get("/jobs/").content.decode()
    assert editor_client.post(f"/jobs/{job.pk}/again/").status_code == 302
    worker()
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
        "the second worker to finish the job",
        logs=database_backend.glob("worker-*.log"),
    )
    job.refresh_from_db()
    assert job.status == "done", job.message
    left = articles - analysed_before
    # The second attempt's progress counts what was left; its result says what it analysed.
    assert (job.attempts, job.done, job.total, job.result["analysed"]) == (2, left, left, left)

    assert Article.objects.count() == articles and Sentence.objects.count() == sentences
    assert ArticleAnalysis.objects.count() == articles
    assert SentenceAnalysis.objects.count() == sentences
    assert ArticleTally.objects.count() == articles
    assert not ArticleAnalysis.objects.values("article").annotate(n=Count("pk")).filter(n__gt=1).exists()
    per_window = OutletScore.objects.values("outlet", "window").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in per_window) == [1] * 4 * 3  # four outlets, three windows, once each


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production(database_backend):
    """scripts/production (gunicorn and a worker, DEBUG off) on the test database; its base URL."""
    port = free_port()
    env = process_env(
        DEBUG="0",
        SECRET_KEY="p" + "8Zq!x7-r2LwE9s_Kd0vT4#yNb6mUe1^Hc3jFa5GhQ" * 2,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback: no TLS proxy in front here
        STATIC_ROOT=str(database_backend / "static"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DJANGO_ALLOW_ASYNC_UNSAFE="",
    )
    log = (database_backend / "production.log").open("w")
    process = subprocess.Popen(
        ["scripts/production"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: gunicorn's workers and the db_worker stop with it
    )
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return urlopen(f"{url}/accounts/login/", timeout=2).status == 200
        except OSError:
            return process.poll() is not None  # it stopped: fail below with its log

    wait_for(answers, "scripts/production to serve", logs=[log.name])
    assert process.poll() is None, Path(log.name).read_text()
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def test_the_production_run_serves_static_files_and_scores_through_its_worker(production, write, token_key):
    from articles.ingest import ingest_files

    login = urlopen(f"{production}/accounts/login/").read().decode()
    stylesheet = re.search(r'href="(/static/review\.[0-9a-f]{12}\.css)"', login).group(1)
    served = urlopen(f"{production}{stylesheet}")
    assert served.status == 200 and b".job-forms" in served.read()
    assert "immutable" in served.headers["Cache-Control"]  # whitenoise, hashed names from collectstatic

    list(ingest_files([write("news.jsonl", "\n".join(json.dumps(item) for item in NEWS))]))
    job = jobs.start("analyse", "Analyse and score new articles", tasks.analyse_new_articles)
    wait_for(lambda: Job.objects.filter(pk=job.pk, status="done").exists(), "the production worker")
    request = Request(f"{production}/api/v1/outlets/", headers={"Authorization": f"Token {token_key}"})
    outlets = json.loads(urlopen(request).read())["results"]
    assert sorted(outlet["name"] for outlet in outlets) == ["Careful Courier", "Rumour Rag"]
    assert all(outlet["scores"]["all"]["claims"] > 0 for outlet in outlets)
