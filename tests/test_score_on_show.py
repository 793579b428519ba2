"""The score on show: one figure for an outlet and window on every page and in the API (an editor's
override, marked as such, with the model's figure beside it), and none for a window without claims."""

import re

import pytest
from django.utils.html import strip_tags

from reliability.models import ModelVersion, OutletScore

pytestmark = pytest.mark.django_db


def latest(slug, window):
    return OutletScore.objects.filter(outlet__slug=slug, window=window).latest("computed_at", "pk")


def heading(page):
    return strip_tags(re.search(r'<h2 id="label-title">(.*?)</h2>', page, re.S).group(1))


def dashboard_score(page, slug):
    row = re.search(rf'href="/outlets/{slug}/">.*?</th>\s*<td class="score">(.*?)</td>', page, re.S)
    return strip_tags(row.group(1)).split()


def test_an_override_is_the_score_on_the_dashboard_the_outlet_heading_and_the_api(editor_client, seeds):
    model = latest("newsmax", "all").overall
    editor_client.post(
        "/outlets/newsmax/override/",
        {"window": "all", "value": "55", "reason": "Relies on wire copy", "seen": f"{model:.1f}"},
    )

    assert dashboard_score(editor_client.get("/").content.decode(), "newsmax")[:2] == ["55", "override"]
    title = heading(editor_client.get("/outlets/newsmax/").content.decode())
    assert title.startswith("Score: 55 editor's override")
    assert f"the model's figure: {model:.0f};" in title
    api = editor_client.get("/api/v1/outlets/newsmax/").json()["scores"]["all"]
    assert (api["overall"], api["model_overall"], api["override"]["value"]) == (55, model, 55)
    listed = {row["slug"]: row for row in editor_client.get("/api/v1/outlets/").json()["results"]}
    assert listed["newsmax"]["scores"]["all"]["overall"] == 55


def test_a_window_without_claims_has_no_score_on_the_page_or_in_the_api(editor_client, seeds):
    empty = latest("newsmax", "30d")
    assert empty.claims == 0  # the seeds are from August 2025: nothing in the last 30 days

    page = editor_client.get("/outlets/newsmax/?window=30d").content.decode()
    assert "No claims in this window, so no score." in page
    assert 'id="label-title"' not in page and 'class="criteria"' not in page
    assert 'name="value"' not in page  # nothing to override either
    api = editor_client.get("/api/v1/outlets/newsmax/").json()["scores"]["30d"]
    assert (api["overall"], api["model_overall"], api["low"], api["high"]) == (None, None, None, None)
    assert api["no_score"] == "No claims in this window, so no score."
    assert api["criteria"] == [] and api["claims"] == 0
    refused = editor_client.post(
        "/outlets/newsmax/override/", {"window": "30d", "value": "50", "reason": "A guess"}
    )
    assert refused.status_code == 400
    assert (
        '<p class="error" role="alert">No claims in this window, so no score. There is nothing to override.'
        in (refused.content.decode())
    )
    scored = editor_client.get("/api/v1/outlets/newsmax/").json()["scores"]["all"]
    assert scored["overall"] == latest("newsmax", "all").overall and scored["no_score"] is None


def test_the_outlet_page_names_the_model_behind_the_score_once(editor_client, seeds):
    version = ModelVersion.objects.create(version="20261201-090000", training_examples=1, data_sha256="0")
    OutletScore.objects.filter(pk=latest("newsmax", "all").pk).update(
        model_version=version, analyser=f"model {version.version}"
    )
    page = editor_client.get("/outlets/newsmax/").content.decode()
    assert "from the analyses of model 20261201-090000." in page
    assert page.count("model 20261201-090000") == 1
