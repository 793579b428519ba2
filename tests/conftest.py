"""Shared fixtures: a folder to write input files into, the people who use the back office, and the app
served by gunicorn's worker processes."""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def pytest_report_header(config):
    from tests.browser.conftest import SCREENSHOTS

    return f"browser tests save screenshots to {SCREENSHOTS}"


@pytest.fixture
def write(tmp_path):
    """write("name.txt", text_or_bytes) puts a file in a fresh folder and returns its path."""

    def write_file(name, content):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def editor(db):
    call_command("create_editor", username="edna", password="a-long-editor-password", stdout=None)
    return get_user_model().objects.get(username="edna")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def trained_model():
    """A model fitted on the shipped training data, once per test run (not saved anywhere)."""
    from reliability.analysis.fitting import fit
    from reliability.training.dataset import load_examples
    from reliability.training.evaluate import prepare

    prepared = prepare(load_examples())
    return fit(prepared.rows, prepared.classes, prepared.labels)


@pytest.fixture
def model_dir(settings, tmp_path):
    """An empty MODEL_DIR for the test, with the loaded-model cache cleared before and after."""
    from reliability.analysis.model import load_current

    settings.MODEL_DIR = tmp_path / "models"
    load_current.cache_clear()
    yield settings.MODEL_DIR
    load_current.cache_clear()


@pytest.fixture
def seeds(model_dir):
    """The four seed articles, analysed by the rules alone and scored."""
    from reliability.refresh import analyse_and_score

    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)


@pytest.fixture
def viewer(db):
    call_command(
        "create_editor", username="vera", password="a-long-viewer-password", role="viewer", stdout=None
    )
    return get_user_model().objects.get(username="vera")


@pytest.fixture
def token_key(db):
    """The key of a fresh read-only dashboard token."""
    from reliability.api.models import DashboardToken

    return DashboardToken.issue("Test dashboard")[1]


@pytest.fixture
def token_api(token_key):
    """An API client that calls as a dashboard, with a token."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return client


NEWS = [
    {
        "url": "https://courier.example/1",
        "outlet": "Careful Courier",
        "title": "Harbour talks set for Friday",
        "published_at": "2025-08-10T09:00:00Z",
        "text": "Mayor Lena Ortiz said the harbour talks will start at 10:30 a.m. local time on Friday.\n\n"
        "The council approved a budget of 40 million dollars for the harbour, according to the published "
        "council minutes.\n\nThe ferry company told reporters that service will resume on Monday.",
    },
    {
        "url": "https://courier.example/2",
        "outlet": "Careful Courier",
        "title": "Library wing opens",
        "published_at": "2025-08-20T09:00:00Z",
        "text": "Councillor Ruth Abernathy said the central library opened a new wing on Saturday.\n\n"
        "The wing holds 20,000 books, the library said in a statement.",
    },
    {
        "url": "https://rag.example/1",
        "outlet": "Rumour Rag",
        "title": "Harbour talks on Friday",
        "published_at": "2025-08-11T09:00:00Z",
        "text": "The harbour talks will start at 11:30 a.m. local time on Friday.\n\n"
        "Experts say the harbour budget of 40 million dollars is far too small.\n\n"
        "A celebrity chef is secretly planning a rooftop casino at the harbour, sources say.\n\n"
        "The ferry service will resume on Monday.",
    },
]


@pytest.fixture
def news(write, model_dir):
    """Two outlets on one harbour story (they disagree on the start time) and a library story, ingested,
    analysed by the rules alone and scored."""
    import json

    from articles.ingest import ingest_files
    from reliability.refresh import analyse_and_score

    list(ingest_files([write("news.jsonl", "\n".join(json.dumps(item) for item in NEWS))]))
    analyse_and_score(None)


@pytest.fixture
def rules_fail_on(monkeypatch):
    """rules_fail_on("phrase"): from then on the rules raise on an article with a sentence holding the
    phrase (as a bug on odd real text would), and read the others as usual. Returns the list of the
    articles' sentences they raised on, one entry per try."""
    from reliability.analysis.rules import analyse_article

    def fail_on(phrase):
        tried = []

        def rules(texts, *args):
            if any(phrase in text for text in texts):
                tried.append(texts)
                raise ValueError("max() arg is an empty sequence")
            return analyse_article(texts, *args)

        monkeypatch.setattr("reliability.analysis.article.analyse_article", rules)
        return tried

    return fail_on


# Ingest refuses all of these; an article stored some other way (an old row, a script, the shell) may
# still hold them. A raw write may try year 10000 and 1 BC, which Python's datetime cannot hold.
UNREADABLE_MOMENTS = {"postgresql": ["10000-01-01 11:59:59+00", "0001-12-31 10:00:00+00 BC"]}


@pytest.fixture(params=["far future", "far past"])
def odd_article(request, news):
    """The harbour story of Careful Courier with the strangest row the database takes, bypassing
    ingest: a published_at at the edge of what Python can hold (or past it, where the database allows
    it) and a title of control, bidi and zero-width characters, over its column's length where the
    column allows it (SQLite)."""
    from datetime import UTC, datetime

    from django.db import IntegrityError, connection, transaction

    from articles.models import Article

    far_future = request.param == "far future"
    article = Article.objects.get(title="Harbour talks set for Friday")
    article.published_at = datetime(9999, 12, 29, tzinfo=UTC) if far_future else datetime(1, 1, 2, tzinfo=UTC)
    article.title = "\x1b[31m\u202eHarbour\u200b\x07 talks"
    if connection.vendor == "sqlite":
        article.title += " and more" * 100
    article.save()
    for moment in UNREADABLE_MOMENTS.get(connection.vendor, [])[:: 1 if far_future else -1][:1]:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE articles_article SET published_at = %s WHERE id = %s", [moment, article.pk]
                )
        except IntegrityError:
            pass  # the database refuses it: nothing that cannot be read is stored
    return article


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers(url):
    from urllib.parse import urlsplit

    address = urlsplit(url)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Served:
    """The app under gunicorn: its base URL, and manage.py against its database."""

    url: str
    env: dict

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@contextmanager
def gunicorn_with_three_workers(folder, **env):
    """The app under gunicorn with 3 worker processes, as in production, on a free port and its own SQLite
    file; disputes may be sent at once and each dashboard token may make 20 calls a day."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
        },
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MODEL_DIR": str(folder / "models"),
        "DISPUTES_MIN_FILL_SECONDS": "0",
        "API_TOKEN_RATE": "20/day",
        **env,
    }
    served = Served(f"http://127.0.0.1:{port}", env)
    served.manage("migrate", "--no-input", "-v", "0")
    served.manage("createcachetable")  # as scripts/setup does; nothing to do with Redis
    log = (folder / "gunicorn.log").open("w")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [gunicorn, "reliability.wsgi", "--workers=3", f"--bind=127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(60):
            try:
                urlopen(f"{served.url}/accounts/login/", timeout=2)
                break
            except OSError:
                assert process.poll() is None, (folder / "gunicorn.log").read_text()
                time.sleep(0.5)
        yield served
    finally:
        process.terminate()
        process.wait(20)
        log.close()


@pytest.fixture(scope="session")
def three_workers(tmp_path_factory):
    """gunicorn's 3 workers counting in Redis, under a key prefix of this run's own (so other runs on the
    same Redis do not count towards its limits)."""
    if not redis_answers(REDIS_URL):
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}: CI runs these tests against it")
        pytest.skip(f"Redis does not answer at {REDIS_URL} (redis-server --daemonize yes): skipped")
    folder = tmp_path_factory.mktemp("gunicorn-redis")
    with gunicorn_with_three_workers(
        folder, CACHE_URL=REDIS_URL, CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}"
    ) as served:
        yield served


@pytest.fixture(scope="session")
def three_workers_without_redis(tmp_path_factory):
    """gunicorn's 3 workers counting in the database cache, the fallback without CACHE_URL."""
    with gunicorn_with_three_workers(tmp_path_factory.mktemp("gunicorn-database")) as served:
        yield served
