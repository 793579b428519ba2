"""A real `manage.py db_worker` process on PostgreSQL: ingest and score through it, kill it mid-job, and
run the editors' teaching cycle (correct, retrain, compare, promote) through it.

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
from django.db.models import Count, Q
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Sentence
from reliability import jobs, tasks
from reliability.models import (
    ArticleAnalysis,
    ArticleTally,
    EditorialSettings,
    Job,
    JobBatch,
    ModelVersion,
    OutletScore,
    SentenceAnalysis,
    Totals,
    default_label_weights,
)
from tests.conftest import NEWS
from tests.test_promotion import UNTAUGHT
from tests.test_retrain import LEDGER, install, save_shipped

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
    # Batches of 50 articles, and a batch whose worker says nothing for 5 seconds is taken for dead.
    env = process_env(JOB_BATCH_SIZE="50", JOB_BATCH_LEASE_SECONDS="5")
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
    """Articles different enough to make stories of their own, over a few outlets and eight years (all
    in the past: ingest refuses a date more than a day ahead)."""
    rng = random.Random(7)
    people = ["Lena Ortiz", "Ruth Abernathy", "Tomas Varga", "Ines Mbeki", "Karl Duval", "Ada Sorensen"]
    things = ["harbour", "library", "bridge", "tramway", "clinic", "stadium", "market", "school", "ferry"]
    places = ["Northport", "Eastvale", "Lowmarsh", "Kingsford", "Ashbury", "Westmere", "Brackley"]
    start = datetime(2016, 1, 1, 9, tzinfo=UTC)
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


def analyse_in_batches(write, count):
    """`count` articles ingested and a queued job to analyse and score them, in batches of 50."""
    from articles.ingest import ingest_files

    path = write("many.jsonl", "\n".join(json.dumps(item) for item in many_articles(count)))
    assert {outcome.status for outcome in ingest_files([path])} == {"created"}
    job = jobs.start("analyse", "Analyse and score new articles", tasks.analyse_new_articles)
    assert job.status == "queued" and not job.batches.exists()  # planned by a worker, not here
    return job


def assert_analysed_and_scored_once(job):
    """Every article analysed once, every sentence once, every outlet scored once per window, by one
    final step."""
    job.refresh_from_db()
    assert job.status == "done", job.message
    articles, sentences = Article.objects.count(), Sentence.objects.count()
    assert (job.done, job.total, job.result["analysed"], job.result["analysis_failed"]) == (
        articles,
        articles,
        articles,
        0,
    )
    assert ArticleAnalysis.objects.count() == articles and SentenceAnalysis.objects.count() == sentences
    assert not ArticleAnalysis.objects.values("article").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert ArticleTally.objects.count() == articles
    per_window = OutletScore.objects.values("outlet", "window").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in per_window) == [1] * 4 * 3  # four outlets, three windows, once each
    # Each step after a stage (the next stage planned, then the final step) ran once.
    steps = DBTaskResult.objects.filter(task_path=jobs.advance_job.module_path).order_by("enqueued_at")
    assert [(step.args_kwargs["args"][1], step.status) for step in steps] == [
        (stage, TaskResultStatus.SUCCESSFUL) for stage in (0, 1, 2)
    ]


def test_two_workers_share_one_job_and_its_final_step_runs_once(
    worker, database_backend, editor_client, write
):
    job = analyse_in_batches(write, 600)
    first, second = worker(), worker()
    finished(job, "two workers to finish the job", database_backend.glob("worker-*.log"))

    # 12 batches of 50 articles analysed, 12 of 50 stories linked, one of the 4 outlets scored.
    stages = job.batches.values("stage").annotate(n=Count("pk"), done=Count("pk", filter=Q(status="done")))
    assert [(row["stage"], row["n"], row["done"]) for row in stages.order_by("stage")] == [
        (0, 12, 12),
        (1, 12, 12),
        (2, 1, 1),
    ]
    analysing = job.batches.filter(stage=0).values_list("worker", flat=True)
    took = {worker.split(":")[1] for worker in analysing}
    assert took == {str(first.pid), str(second.pid)}  # each worker took some of the batches
    assert_analysed_and_scored_once(job)
    assert "600 of 600" in editor_client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_worker_killed_mid_batch_loses_nothing_its_batch_runs_again_on_the_other(
    worker, database_backend, editor_client, write
):
    job = analyse_in_batches(write, 600)
    doomed, survivor = worker(), worker()
    logs = database_backend.glob("worker-*.log")
    held = JobBatch.objects.filter(job=job, status="running", done__gt=0, worker__endswith=f":{doomed.pid}")
    wait_for(held.exists, "the doomed worker to be half-way through a batch", logs=logs)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    killed = held.get()
    assert 0 < killed.done < killed.total  # left half done: its rows so far are stored

    # The other worker takes the batch over once its lease has run out, and the job finishes.
    finished(job, "the surviving worker to finish the job", logs)
    killed.refresh_from_db()
    assert (killed.status, killed.attempts, killed.worker.split(":")[1]) == ("done", 2, str(survivor.pid))
    assert_analysed_and_scored_once(job)
    assert job.attempts == 1  # nobody had to run it again


@pytest.fixture(scope="session")
def shipped_model_files(tmp_path_factory, trained_model):
    """The model fitted on the shipped data, saved once per session: saving takes seconds."""
    return save_shipped(tmp_path_factory.mktemp("shipped-model"), trained_model)


def notes(outlet, texts, day):
    """JSON lines of `outlet`'s articles, one sentence a paragraph, ten sentences an article."""
    host = outlet.lower().replace(" ", "")
    return [
        json.dumps(
            {
                "url": f"https://{host}.example/{number}",
                "outlet": outlet,
                "title": f"{outlet} notes {number}",
                "published_at": f"2025-08-{day + number:02d}T09:00:00Z",
                "text": "\n\n".join(texts[start : start + 10]),
            }
        )
        for number, start in enumerate(range(0, len(texts), 10))
    ]


def finished(job, what, logs):
    """The job, once the worker has run it; it must have succeeded."""
    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(), what, logs=logs)
    job.refresh_from_db()
    assert job.status == "done", job.message
    return job


def outlets_by_name(api):
    return {outlet["name"]: outlet for outlet in api.get("/api/v1/outlets/").json()["results"]}


def all_time(api):
    """Each outlet's all-time score as a dashboard reads it: the model behind it, the figure shown and
    the outlet's own mean label weight (attribution quality before shrinking toward the corpus)."""
    found = {}
    for name, outlet in outlets_by_name(api).items():
        scores = outlet["scores"]["all"]
        quality = next(item for item in scores["criteria"] if item["name"] == "attribution_quality")
        found[name] = {
            "model": scores["model_version"],
            "overall": scores["overall"],
            "quality": quality["raw"],
        }
    return found


def models_and_quality(scores):
    return {name: (figures["model"], figures["quality"]) for name, figures in scores.items()}


def claims_of(api, slug):
    return api.get("/api/v1/claims/", {"outlet": slug, "page_size": 1000}).json()["results"]


def test_editors_correct_retrain_compare_and_promote_through_the_worker_and_the_scores_follow(
    worker, database_backend, editor_client, editor, token_api, shipped_model_files
):
    """An editor corrects labels, retrains, compares, promotes and sees the scores update, every
    background step run by the worker, read back as a dashboard reads it."""
    shipped = install(shipped_model_files, settings.MODEL_DIR)  # current, as after `train_model`
    # These editors value a record above an organisation's word (by default both weigh 0.9), so moving
    # a claim from one to the other moves its outlet's score.
    EditorialSettings.objects.create(
        version=1,
        note="A record outweighs its keeper",
        label_weights={**default_label_weights(), "document": 1.0},
    )
    worker()
    logs = [str(path) for path in database_backend.glob("worker-*.log")]
    # Ledger Weekly's sentences are the ones editors will correct; Quillon Post's resemble them and
    # nobody touches them, so only a model can move their labels.
    lines = notes("Ledger Weekly", LEDGER, day=10) + notes("Quillon Post", UNTAUGHT, day=1)
    upload = SimpleUploadedFile("ledgers.jsonl", "\n".join(lines).encode())
    assert editor_client.post("/jobs/ingest/", {"file": upload}).status_code == 302
    ingested = finished(Job.objects.get(kind="ingest"), "the worker to ingest and score", logs)
    assert (ingested.result["created"], ingested.result["analysed"]) == (6, 6)
    assert ingested.result["analyser"] == "model shipped"  # the worker follows MODEL_DIR's pointer

    outlets = outlets_by_name(token_api)
    ledger, quillon = outlets["Ledger Weekly"]["slug"], outlets["Quillon Post"]["slug"]
    shipped_scores = all_time(token_api)
    assert models_and_quality(shipped_scores) == {
        "Ledger Weekly": ("shipped", 0.9),
        "Quillon Post": ("shipped", 0.9),
    }
    # The shipped model calls the Quillon ledger an organisation; these editors call it a record.
    shipped_labels = [
        (claim["attribution"]["label"], claim["analyser"])
        for claim in claims_of(token_api, ledger) + claims_of(token_api, quillon)
    ]
    assert shipped_labels == [("named_organization", "model shipped")] * (len(LEDGER) + len(UNTAUGHT))

    # An editor corrects every Ledger Weekly sentence in the article page's panel (htmx posts its form).
    for claim in claims_of(token_api, ledger):
        form = {"field": "label", "value": "document", "seen": "named_organization"}
        changed = editor_client.post(
            f"/sentences/{claim['id']}/change/",
            {**form, "reason": "The ledger is a record"},
            HTTP_HX_REQUEST="true",
        )
        assert changed.status_code == 200, changed.content.decode()
    # Each change queued its article's rescoring for the worker.
    rescores = DBTaskResult.objects.filter(task_path=tasks.rescore_article.module_path)
    wait_for(
        lambda: rescores.filter(finished_at__isnull=False).count() == len(LEDGER),
        "the worker to rescore after each change",
        logs=logs,
    )
    assert set(rescores.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    totals = Totals.objects.get(outlet__name="Ledger Weekly")
    assert (totals.document, totals.named_organization) == (len(LEDGER), 0)
    corrected = [
        (claim["attribution"]["label"], claim["model"]["label"], claim["reviewed"], claim["overridden"])
        for claim in claims_of(token_api, ledger)
    ]
    assert corrected == [("document", "named_organization", True, True)] * len(LEDGER)
    corrected_scores = all_time(token_api)
    assert models_and_quality(corrected_scores) == {
        "Ledger Weekly": ("shipped", 1.0),
        "Quillon Post": ("shipped", 0.9),
    }
    assert corrected_scores["Ledger Weekly"]["overall"] > shipped_scores["Ledger Weekly"]["overall"]

    # Retrain from the model page: the request only queues the job (no candidate to show yet) and sends
    # the editor back to the page, which follows the job's progress.
    retraining = editor_client.post("/model/retrain/")
    job = Job.objects.get(kind="retrain")
    assert retraining.status_code == 302 and retraining["Location"] == f"/model/?job={job.pk}"
    retrained = finished(job, "the worker to retrain", logs)
    assert (retrained.result["promoted"], retrained.result["candidate"]["editors"]) == (False, 1.0)
    candidate = ModelVersion.objects.get(version=retrained.result["version"])
    assert (candidate.status, candidate.trained_by, candidate.is_current) == ("candidate", editor, False)
    evaluation = candidate.evaluation
    held = evaluation["sizes"]["editors_held_out"]
    assert (evaluation["against"], evaluation["sizes"]["editors"]) == ("shipped", len(LEDGER))
    assert 0 < held < len(LEDGER) and candidate.editor_examples == len(LEDGER) - held
    editors_figures = (evaluation["candidate"]["editors"], evaluation["current"]["editors"])
    assert [(figures["count"], figures["label_macro_f1"]) for figures in editors_figures] == [
        (held, 1.0),
        (held, 0.0),
    ]
    assert evaluation["candidate"]["shipped"]["label_macro_f1"] > 0
    assert evaluation["current"]["shipped"]["label_macro_f1"] > 0
    assert evaluation["current"]["shipped_stand_in"] is True  # the shipped model saw the shipped slice
    curve = evaluation["curve"]
    assert (len(curve), curve[0]["editors_f1"], curve[-1]["editors_f1"]) == (5, 0.0, 1.0)
    page = editor_client.get(f"/model/?version={candidate.version}").content.decode()
    assert f"Model {candidate.version} (candidate) beside shipped" in page
    assert f"<td>{held}</td><td><strong>1.000</strong> (better)</td><td>0.000</td>" in page
    assert ModelVersion.objects.get(is_current=True) == shipped

    # Promote, confirming on the page that asks first; the reanalysis is queued for the worker.
    confirm = editor_client.get(f"/model/{candidate.version}/promote/").content.decode()
    assert f"Promote model {candidate.version}?" in confirm and "in place of model shipped" in confirm
    assert editor_client.post(f"/model/{candidate.version}/promote/").status_code == 302
    reanalysis = Job.objects.get(kind="reanalyse")
    assert reanalysis.arguments == {"version": candidate.version}
    reanalysis = finished(reanalysis, "the worker to reanalyse after the promotion", logs)
    assert (reanalysis.result["version"], reanalysis.result["analysed"]) == (candidate.version, 6)

    # What a dashboard reads now.
    promoted_scores = all_time(token_api)
    assert models_and_quality(promoted_scores) == {
        "Ledger Weekly": (candidate.version, 1.0),
        "Quillon Post": (candidate.version, 1.0),
    }
    assert promoted_scores["Quillon Post"]["overall"] > corrected_scores["Quillon Post"]["overall"]
    analyser = f"model {candidate.version}"
    untouched = [
        (claim["attribution"]["label"], claim["model"]["label"], claim["reviewed"], claim["analyser"])
        for claim in claims_of(token_api, quillon)
    ]
    assert untouched == [("document", "document", False, analyser)] * len(UNTAUGHT)
    kept = [
        (claim["attribution"]["label"], claim["reviewed"], claim["analyser"])
        for claim in claims_of(token_api, ledger)
    ]
    assert kept == [("document", True, analyser)] * len(LEDGER)
    versions = token_api.get("/api/v1/model-versions/").json()["results"]
    assert {version["version"]: (version["status"], version["promoted_by"]) for version in versions} == {
        candidate.version: ("current", "edna"),
        "shipped": ("retired", None),
    }


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
