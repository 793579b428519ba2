"""Editors record overrides through the API under the review pages' rules: a reason always, a valid
value, 409 when someone changed it first, and scores recomputed; bad payloads store nothing."""

import json
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from articles.models import Sentence
from reliability.models import LabelOverride, OutletScore, ScoreOverride, Totals

pytestmark = pytest.mark.django_db
LABELS = "/api/v1/overrides/labels/"
SCORES = "/api/v1/overrides/scores/"


@pytest.fixture
def editor_api(news, editor):
    client = APIClient()
    client.force_login(editor)
    return client


def ferry():
    return Sentence.objects.get(text__startswith="The ferry service")


def test_a_label_change_is_recorded_and_rescores_the_outlet(editor_api):
    before = Totals.objects.get(outlet__slug="rumour-rag")
    snapshots = OutletScore.objects.count()
    response = editor_api.post(
        LABELS,
        {"claim": ferry().pk, "value": "anonymous", "reason": "Desk source.", "seen": "none"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["claim"], body["field"], body["old_value"], body["new_value"], body["editor"]) == (
        ferry().pk,
        "label",
        "none",
        "anonymous",
        "edna",
    )
    after = Totals.objects.get(outlet__slug="rumour-rag")
    assert (after.anonymous, after.none) == (before.anonymous + 1, before.none - 1)
    assert OutletScore.objects.count() > snapshots
    claim = editor_api.get(f"/api/v1/claims/{ferry().pk}/").json()
    assert claim["attribution"]["label"] == "anonymous" and claim["model"]["label"] == "none"
    assert claim["overridden"] and claim["reviewed"]


def test_the_claim_flag_and_the_source_span_can_be_changed(editor_api):
    sentence = ferry()
    for field, value in [("is_claim", "no"), ("source", f"{sentence.start}-{sentence.start + 9}")]:
        change = {"claim": sentence.pk, "field": field, "value": value, "reason": "Checked."}
        assert editor_api.post(LABELS, change, format="json").status_code == 201
    claim = editor_api.get(f"/api/v1/claims/{sentence.pk}/").json()
    assert claim["is_claim"] is False
    assert claim["attribution"]["source"]["text"] == "The ferry"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": "anonymous", "reason": "  "}, "reason"),
        ({"value": "gossip", "reason": "Typo?"}, "named_person"),
        ({"field": "is_claim", "value": "maybe", "reason": "Unsure."}, "yes or no"),
        ({"field": "source", "value": "0-99999", "reason": "Too wide."}, "inside the sentence"),
        ({"field": "colour", "value": "red", "reason": "No such field."}, "colour"),
        ({"value": "anonymous"}, "reason"),
    ],
)
def test_an_invalid_change_is_a_400_and_stores_nothing(editor_api, change, message):
    response = editor_api.post(LABELS, {"claim": ferry().pk, **change}, format="json")
    assert response.status_code == 400 and message in response.content.decode()
    assert not LabelOverride.objects.exists()


def test_a_change_to_a_label_someone_else_changed_first_is_a_409(editor_api):
    first = {"claim": ferry().pk, "value": "anonymous", "reason": "First.", "seen": "none"}
    assert editor_api.post(LABELS, first, format="json").status_code == 201
    second = {"claim": ferry().pk, "value": "vague", "reason": "Second.", "seen": "none"}
    response = editor_api.post(LABELS, second, format="json")
    assert response.status_code == 409
    assert response.json()["current"] == "anonymous" and response.json()["by"] == "edna"
    assert LabelOverride.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [b"{not json", b"[1, 2]", b'{"claim": "ferry", "value": "none", "reason": "x"}', b"", b"\xff\xfe"],
)
def test_malformed_payloads_are_400s(editor_api, payload):
    response = editor_api.post(LABELS, payload, content_type="application/json")
    assert response.status_code == 400
    assert not LabelOverride.objects.exists()


@pytest.mark.parametrize("depth", [65, 100_000])
def test_json_nested_deeper_than_anything_the_api_takes_is_a_400(editor_api, settings, depth):
    settings.API_MAX_JSON_BYTES = 1_000_000  # the depth is refused, not only the length
    payload = '{"claim": ' + "[" * depth + "]" * depth + ', "reason": "[{ in text are not nesting"}'
    response = editor_api.post(LABELS, payload, content_type="application/json")
    assert response.status_code == 400 and "nested more than 64" in response.json()["detail"]


def test_a_body_longer_than_anything_the_api_takes_is_a_400(editor_api):
    payload = json.dumps({"claim": ferry().pk, "value": "none", "reason": "x", "padding": "x" * 70_000})
    response = editor_api.post(LABELS, payload, content_type="application/json")
    assert response.status_code == 400 and "over 65,536 bytes" in response.json()["detail"]
    assert not LabelOverride.objects.exists()


def test_a_form_body_over_the_upload_limit_is_a_400(editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    change = {
        "claim": ferry().pk,
        "value": "anonymous",
        "reason": "x",
        "seen": "none",
        "padding": "x" * 20_000,
    }
    response = editor_api.post(LABELS, urlencode(change), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400  # Django's own refusal (RequestDataTooBig), before DRF parses it
    assert not LabelOverride.objects.exists()


def test_brackets_inside_strings_are_not_nesting(editor_api):
    change = {"claim": ferry().pk, "value": "anonymous", "reason": "[" * 100 + '"{' * 100, "seen": "none"}
    assert editor_api.post(LABELS, change, format="json").status_code == 201


def test_an_unknown_claim_or_outlet_is_a_404(editor_api):
    assert (
        editor_api.post(LABELS, {"claim": 99999, "value": "none", "reason": "x"}, format="json").status_code
        == 404
    )
    change = {"outlet": "nobody", "value": 50, "reason": "x"}
    assert editor_api.post(SCORES, change, format="json").status_code == 404


def test_a_score_override_shows_beside_the_models_figure(editor_api):
    model = (
        OutletScore.objects.filter(outlet__slug="rumour-rag", window="all").order_by("-pk").first().overall
    )
    change = {"outlet": "rumour-rag", "value": 12.5, "reason": "Invented quotes last year.", "seen": model}
    response = editor_api.post(SCORES, change, format="json")
    assert response.status_code == 201 and response.json()["old_value"] == model
    scores = editor_api.get("/api/v1/outlets/rumour-rag/").json()["scores"]["all"]
    assert (scores["overall"], scores["model_overall"]) == (12.5, model)
    assert scores["override"]["reason"] == "Invented quotes last year."


@pytest.mark.parametrize(("value", "status"), [(150, 400), (-1, 400), ("high", 400)])
def test_a_score_outside_0_to_100_is_refused(editor_api, value, status):
    change = {"outlet": "rumour-rag", "value": value, "reason": "x"}
    assert editor_api.post(SCORES, change, format="json").status_code == status
    assert not ScoreOverride.objects.exists()


def test_a_stale_score_override_is_a_409(editor_api):
    assert (
        editor_api.post(
            SCORES, {"outlet": "rumour-rag", "value": 40, "reason": "a"}, format="json"
        ).status_code
        == 201
    )
    stale = {"outlet": "rumour-rag", "value": 30, "reason": "b", "seen": 99.0}
    response = editor_api.post(SCORES, stale, format="json")
    assert response.status_code == 409 and response.json()["current"] == "40.0"


def test_the_audit_log_lists_and_filters_overrides(editor_api):
    change = {"claim": ferry().pk, "value": "anonymous", "reason": "Desk source."}
    editor_api.post(LABELS, change, format="json")
    editor_api.post(SCORES, {"outlet": "rumour-rag", "value": 40, "reason": "a"}, format="json")
    labels = editor_api.get(f"{LABELS}?outlet=rumour-rag&editor=edna&field=label").json()["results"]
    assert [(row["new_value"], row["reason"]) for row in labels] == [("anonymous", "Desk source.")]
    assert editor_api.get(f"{LABELS}?outlet=careful-courier").json()["results"] == []
    assert editor_api.get(f"{LABELS}?since=2100-01-01").json()["results"] == []
    assert [row["new_value"] for row in editor_api.get(f"{SCORES}?outlet=rumour-rag").json()["results"]] == [
        40.0
    ]
