"""Who may use the REST API: anonymous callers get 401, dashboard tokens and viewers read, editors also
record overrides; tokens are throttled and can be revoked."""

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from articles.models import Sentence
from reliability.api.access import TokenRateThrottle
from reliability.api.models import DashboardToken
from reliability.models import LabelOverride, ScoreOverride

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/outlets/",
    "/api/v1/outlets/careful-courier/",
    "/api/v1/scores/",
    "/api/v1/scores/?format=csv",
    "/api/v1/stories/",
    "/api/v1/articles/",
    "/api/v1/claims/",
    "/api/v1/claims/?format=jsonl",
    "/api/v1/contradictions/",
    "/api/v1/overrides/labels/",
    "/api/v1/overrides/scores/",
    "/api/v1/model-versions/",
]


def label_change():
    sentence = Sentence.objects.get(text__startswith="The ferry service")
    return {"claim": sentence.pk, "field": "label", "value": "anonymous", "reason": "The rag's own source."}


def score_change():
    return {"outlet": "rumour-rag", "window": "all", "value": 12, "reason": "Known for invented quotes."}


WRITES = [("/api/v1/overrides/labels/", label_change), ("/api/v1/overrides/scores/", score_change)]


@pytest.fixture
def token_client(token_api):
    return token_api


@pytest.fixture
def viewer_api(viewer):
    client = APIClient()
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_login(editor)
    return client


@pytest.mark.parametrize("url", READS)
def test_anonymous_callers_are_told_to_authenticate(news, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", READS)
def test_dashboard_tokens_read_everything(news, token_client, url):
    assert token_client.get(url).status_code == 200


@pytest.mark.parametrize("url", READS)
def test_viewers_and_editors_read_everything(news, viewer_api, editor_api, url):
    assert viewer_api.get(url).status_code == 200
    assert editor_api.get(url).status_code == 200


def test_bearer_is_accepted_as_well_as_token(news, token_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_key}")
    assert client.get("/api/v1/outlets/").status_code == 200


@pytest.mark.parametrize("header", ["Token not-a-key", "Token", "Token two words"])
def test_a_wrong_token_is_refused(news, token_key, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/outlets/")
    assert response.status_code == 401 and "detail" in response.json()


def test_a_revoked_token_stops_working(news, token_client):
    DashboardToken.objects.get().revoke()
    assert token_client.get("/api/v1/outlets/").status_code == 401


def test_a_token_records_when_it_was_last_used(news, token_client):
    assert DashboardToken.objects.get().last_used_at is None
    token_client.get("/api/v1/outlets/")
    assert DashboardToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(("url", "payload"), WRITES)
def test_tokens_and_viewers_may_not_write(news, token_client, viewer_api, url, payload):
    for client in (token_client, viewer_api):
        assert client.post(url, payload(), format="json").status_code == 403
    assert APIClient().post(url, payload(), format="json").status_code == 401
    assert not LabelOverride.objects.exists() and not ScoreOverride.objects.exists()


@pytest.mark.parametrize(("url", "payload"), WRITES)
def test_editors_record_overrides(news, editor_api, url, payload):
    assert editor_api.post(url, payload(), format="json").status_code == 201
    assert LabelOverride.objects.count() + ScoreOverride.objects.count() == 1


def test_nothing_but_overrides_can_be_written(news, editor_api):
    for url in ("/api/v1/outlets/", "/api/v1/claims/", "/api/v1/scores/"):
        assert editor_api.post(url, {}, format="json").status_code in (403, 405)
    claim = Sentence.objects.first().pk
    for method in ("put", "patch", "delete"):
        assert getattr(editor_api, method)(f"/api/v1/claims/{claim}/").status_code in (403, 405)


def test_a_signed_in_user_without_a_role_sees_nothing(news):
    user = get_user_model().objects.create_user("stranger", password="a-long-stranger-password")
    client = APIClient()
    client.force_login(user)
    assert client.get("/api/v1/outlets/").status_code == 403


def test_editors_sessions_need_the_csrf_token_to_write(news, editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/overrides/scores/", score_change(), format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not ScoreOverride.objects.exists()


def test_tokens_are_throttled(news, token_client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    now = [600.0]  # the start of a minute's window
    monkeypatch.setattr(TokenRateThrottle, "timer", staticmethod(lambda: now[0]))
    codes = [token_client.get("/api/v1/model-versions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    now[0] = 659.0
    refused = token_client.get("/api/v1/model-versions/")
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    now[0] = 660.0  # the next minute: a new budget
    assert token_client.get("/api/v1/model-versions/").status_code == 200
    editor_signed_in = APIClient()
    editor_signed_in.force_login(get_user_model().objects.create_user("e2", is_staff=True))
    assert (
        editor_signed_in.get("/api/v1/model-versions/").status_code == 403
    )  # no role: refused, not throttled


def test_the_schema_and_its_documentation_are_offline(client, viewer):
    client.force_login(viewer)  # anonymous callers get 401 (test_api_schema)
    assert client.get("/api/schema/").status_code == 200
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host


def test_create_api_token_prints_a_working_key(news):
    from io import StringIO

    out = StringIO()
    call_command("create_api_token", "Grafana", "--key-only", stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get("/api/v1/outlets/").status_code == 200
    assert DashboardToken.objects.get().name == "Grafana"


def test_a_tokens_rate_holds_across_gunicorns_worker_processes(three_workers):
    key = three_workers.manage("create_api_token", "Busy dashboard", "--key-only").strip()

    def call(_):
        url = f"{three_workers.url}/api/v1/model-versions/"
        return requests.get(url, headers={"Authorization": f"Token {key}"}, timeout=30).status_code

    with ThreadPoolExecutor(12) as calling:  # many at once, spread over the three processes
        codes = list(calling.map(call, range(60)))
    assert Counter(codes) == {200: 20, 429: 40}  # API_TOKEN_RATE is 20/day there
