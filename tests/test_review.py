"""The review pages with the Django test client: what each role sees and may do."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Outlet, Sentence
from reliability.models import LabelOverride, OutletScore, ScoreOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client):
    call_command(
        "create_editor", username="vera", password="a-long-viewer-password", role="viewer", stdout=None
    )
    client.force_login(get_user_model().objects.get(username="vera"))
    return client


def sentence_with(text):
    return Sentence.objects.get(text__contains=text)


PAGES = ["/", "/queue/", "/outlets/newsmax/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, seeds, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_viewers_and_editors_see_the_pages(viewer_client, seeds, url):
    assert viewer_client.get(url).status_code == 200


def script_sources(response):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["script-src"].split()


@pytest.mark.parametrize("url", [*PAGES, "/model/", "/jobs/", "/disputes/", "/disputes/new/", "/admin/"])
def test_every_page_has_a_policy_that_runs_only_our_own_script_files(editor_client, seeds, url):
    response = editor_client.get(url)
    assert response.status_code == 200
    assert script_sources(response)[0] == "'self'" and "'unsafe-inline'" not in script_sources(response)
    assert "'unsafe-eval'" not in script_sources(response)
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page)  # each script is a file
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page)  # no inline event handlers either


def test_the_sign_in_page_has_the_policy_too(client):
    assert "'unsafe-inline'" not in script_sources(client.get("/accounts/login/"))


def test_no_template_has_an_inline_script_or_event_handler():
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), template
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text), template


def test_the_dashboard_lists_outlets_with_scores_intervals_and_charts(editor_client, seeds):
    page = editor_client.get("/").content.decode()
    assert "Newsmax" in page and "The New York Times" in page
    assert page.count('class="sparkline"') == 4 and page.count('class="mix"') == 4
    assert "few claims" in page


def test_the_dashboard_filters_and_sorts_in_place(editor_client, seeds):
    response = editor_client.get("/?q=news&sort=name", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Newsmax" in page and "New York Times" not in page
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]


def test_an_article_shows_literal_tags_as_text(editor_client, seeds):
    article = Article.objects.create(
        outlet=Outlet.objects.get(name="Newsmax"),
        title="Tags",
        body="Officials said <strong>no</strong> deal.",
        raw_text="Officials said <strong>no</strong> deal.",
        content_hash="x" * 64,
    )
    Sentence.objects.create(
        article=article,
        order=0,
        start=0,
        end=len(article.body),
        raw_start=0,
        raw_end=len(article.body),
        text=article.body,
    )
    page = editor_client.get(f"/articles/{article.pk}/").content.decode()
    assert "&lt;strong&gt;no&lt;/strong&gt;" in page and "<strong>no</strong>" not in page


def test_no_page_fails_on_a_stored_article_ingest_would_refuse(editor_client, odd_article):
    for url in ["/", "/outlets/careful-courier/", f"/articles/{odd_article.pk}/"]:
        assert editor_client.get(url).status_code == 200, url


def test_the_side_panel_shows_rules_and_other_outlets(editor_client, seeds):
    sentence = sentence_with("The talks are scheduled to start at 11:30")
    page = editor_client.get(
        f"/sentences/{sentence.pk}/panel/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Rules that fired" in page
    assert "Contradicts" in page and "10:30 a.m. local time" in page and "Newsmax" in page


def test_an_editor_changes_a_label_with_a_reason_and_the_score_moves(editor_client, seeds):
    sentence = sentence_with("Observers say")
    outlet = sentence.article.outlet
    before = OutletScore.objects.filter(outlet=outlet, window="all").latest("computed_at").overall
    response = editor_client.post(
        f"/sentences/{sentence.pk}/change/",
        {
            "field": "label",
            "value": "named_person",
            "reason": "Named in the paragraph before",
            "seen": "vague",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    change = LabelOverride.objects.get()
    assert (change.old_value, change.new_value, change.editor.username) == ("vague", "named_person", "edna")
    after = OutletScore.objects.filter(outlet=outlet, window="all").latest("computed_at").overall
    assert after > before


def test_a_change_without_a_reason_is_refused(editor_client, seeds):
    sentence = sentence_with("Observers say")
    response = editor_client.post(
        f"/sentences/{sentence.pk}/change/",
        {"field": "label", "value": "none", "reason": " ", "seen": "vague"},
    )
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    assert not LabelOverride.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"), [("x" * 1001, "Keep the reason to 1,000 characters"), ("a\x00b", "NUL")]
)
def test_a_reason_the_api_refuses_is_refused_by_the_page_with_the_same_message(
    editor_client, seeds, reason, message
):
    sentence = sentence_with("Observers say")
    change = {"field": "label", "value": "none", "reason": reason, "seen": "vague"}
    page = editor_client.post(f"/sentences/{sentence.pk}/change/", change)
    api = editor_client.post(
        "/api/v1/overrides/labels/", {"claim": sentence.pk, **change}, content_type="application/json"
    )
    assert page.status_code == api.status_code == 400
    assert message in api.json()["reason"][0] and api.json()["reason"][0] in page.content.decode()
    assert not LabelOverride.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": "x" * 100_000}, "Keep the reason to 1,000 characters"),
        ({"seen": "forty"}, "not a number"),
        ({"window": "7d"}, "Choose a window"),
    ],
)
def test_a_score_override_the_page_cannot_keep_is_a_message(editor_client, seeds, change, message):
    response = editor_client.post(
        "/outlets/newsmax/override/", {"window": "all", "value": "40", "reason": "Reuters copy", **change}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ScoreOverride.objects.exists()


@pytest.mark.parametrize("url", ["/model/?version=%00", "/model/%00/promote/", f"/model/?version={'v' * 41}"])
def test_a_model_version_no_model_could_have_is_not_found(editor_client, seeds, url):
    assert editor_client.get(url).status_code == 404


def test_the_second_of_two_editors_gets_a_conflict_showing_the_current_value(editor_client, client, seeds):
    sentence = sentence_with("Observers say")
    editor_client.post(
        f"/sentences/{sentence.pk}/change/",
        {"field": "label", "value": "anonymous", "reason": "first", "seen": "vague"},
    )
    call_command("create_editor", username="otto", password="another-long-password", stdout=None)
    client.force_login(get_user_model().objects.get(username="otto"))
    response = client.post(
        f"/sentences/{sentence.pk}/change/",
        {"field": "label", "value": "none", "reason": "second", "seen": "vague"},
    )
    assert response.status_code == 409
    assert "Someone changed this first: it is now &#x27;anonymous&#x27; by edna" in response.content.decode()
    assert LabelOverride.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/sentences/{pk}/change/", {"field": "label", "value": "none", "reason": "x", "seen": "vague"}),
        ("/outlets/newsmax/override/", {"value": "50", "reason": "x"}),
        ("/queue/{pk}/decide/", {"action": "accept"}),
        ("/queue/undo/", {}),
    ],
)
def test_writes_are_forbidden_to_viewers_and_anonymous_visitors(viewer_client, client, seeds, url, data):
    url = url.format(pk=sentence_with("Observers say").pk)
    assert viewer_client.post(url, data).status_code == 403
    viewer_client.logout()
    response = viewer_client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LabelOverride.objects.exists() and not ScoreOverride.objects.exists()


def test_a_score_override_is_kept_beside_the_models_figure(editor_client, seeds):
    score = OutletScore.objects.filter(outlet__slug="newsmax", window="all").latest("computed_at")
    response = editor_client.post(
        "/outlets/newsmax/override/",
        {"window": "all", "value": "40", "reason": "Reuters copy", "seen": f"{score.overall:.1f}"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Shown score: <strong>40</strong>" in page and f"model's own figure is {score.overall:.0f}" in page
    stale = editor_client.post(
        "/outlets/newsmax/override/",
        {"window": "all", "value": "45", "reason": "late", "seen": f"{score.overall:.1f}"},
    )
    assert stale.status_code == 409 and "it is now &#x27;40.0&#x27;" in stale.content.decode()
    assert "override" in editor_client.get("/").content.decode()


def test_the_queue_serves_the_least_certain_claim_and_keyset_pages_on(editor_client, seeds):
    page = editor_client.get("/queue/").content.decode()
    assert "claims reviewed" in page and 'data-key="1"' in page
    from reliability.review.pages import queue_items

    first, second = queue_items(limit=2)
    assert first.uncertainty >= second.uncertainty
    assert queue_items(after=(first.uncertainty, first.pk))[0].pk == second.pk


def test_accept_skip_and_undo_in_the_queue(editor_client, seeds):
    from reliability.review.pages import queue_items

    first = queue_items()[0]
    editor_client.post(
        f"/queue/{first.sentence_id}/decide/", {"action": "label", "value": "vague", "seen": first.label}
    )
    assert LabelOverride.objects.get().new_value == "vague"
    assert queue_items()[0].pk != first.pk
    editor_client.post("/queue/undo/")
    undo = LabelOverride.objects.first()
    assert undo.reason.startswith("Undo:") and undo.new_value == first.label
    assert LabelOverride.objects.count() == 2  # nothing is deleted


def test_an_outlet_page_links_its_disputes_log_json_ld_and_api(editor_client, seeds):
    page = editor_client.get("/outlets/newsmax/").content.decode()
    links = ["/disputes/outlet/newsmax/", "/disputes/new/?outlet=newsmax", "/signals/outlets/newsmax.jsonld"]
    for link in [*links, "/api/v1/outlets/newsmax/"]:
        assert f'href="{link}"' in page
    assert editor_client.get("/disputes/outlet/newsmax/").status_code == 200
