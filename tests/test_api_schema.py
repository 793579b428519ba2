"""The OpenAPI schema is valid, and a bounded schemathesis run against it, as a dashboard (token) and as
an editor (session with CSRF), finds no server error and no response that breaks the schema."""

import collections
import itertools
import re
import secrets
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from reliability.api.access import TokenRateThrottle

pytestmark = pytest.mark.django_db
# Valid requests must get answers the schema describes; invalid ones, whatever they get, never a 5xx.
MODES = {
    GenerationMode.POSITIVE: [not_a_server_error, response_schema_conformance, content_type_conformance],
    GenerationMode.NEGATIVE: [not_a_server_error],
}
EXAMPLES = 15  # per operation and caller: bounded, so the run takes seconds, not minutes


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO())
    schema = target.read_text()
    for path in (
        "/api/v1/claims/",
        "/api/v1/outlets/{slug}/",
        "/api/v1/overrides/labels/",
        "/api/v1/scores/",
    ):
        assert f"{path}:" in schema
    assert "text/csv" in schema and "application/jsonl" in schema and "dashboardToken" in schema


DOCS = ["/api/schema/", "/api/docs/", "/api/redoc/"]


@pytest.mark.parametrize("url", DOCS)
def test_the_schema_and_its_docs_are_401_to_anonymous_callers(client, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("url", DOCS)
def test_the_schema_and_its_docs_answer_a_dashboard_token_and_a_viewer(client, token_key, viewer, url):
    assert client.get(url, headers={"Authorization": f"Token {token_key}"}).status_code == 200
    client.force_login(viewer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_run_only_script_files_of_this_server(client, viewer, url):
    client.force_login(viewer)
    response = client.get(url)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"].split()[0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["default-src"] == policy["connect-src"] == "'self'"  # no other host is reached
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts and all(" src=" in attributes for attributes in scripts)


def test_swagger_uis_start_up_script_is_a_file_of_its_own(client, viewer):
    client.force_login(viewer)
    page = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode() and "/api/schema/" in script.content.decode()


@pytest.fixture
def callers(token_key, editor, monkeypatch):
    """Credentials of a dashboard and of a signed-in editor whose CSRF token matches its cookie."""
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "100000/minute"})
    browser = Client()
    browser.force_login(editor)
    csrf = secrets.token_hex(16)
    session = browser.cookies["sessionid"].value
    return {
        "token": {"headers": {"Authorization": f"Token {token_key}"}},
        "editor": {"headers": {"X-CSRFToken": csrf}, "cookies": {"sessionid": session, "csrftoken": csrf}},
    }


def probe(operation, mode, callers, calls):
    """A bounded, repeatable hypothesis run of one operation as every caller; status codes go to calls."""

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        for credentials in callers.values():
            calls.append(case.call_and_validate(checks=MODES[mode], **credentials).status_code)

    call()


@pytest.fixture
def app():
    """The WSGI application, kept from closing the test's database connection after each request (as
    Django's own test client does), since the test's data lives in that connection's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_no_server_errors_and_no_schema_violations(news, callers, app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers=callers["token"]["headers"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20
    calls = []
    for operation, mode in itertools.product(operations, MODES):
        probe(operation, mode, callers, calls)
    assert len(calls) > 400 and {200, 400, 404} <= set(calls), collections.Counter(calls)
