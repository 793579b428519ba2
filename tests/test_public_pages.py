"""Public outlet pages: off by default, and then nothing but the dispute form and log is open to an
anonymous visitor; on, each outlet's page shows its score, criteria and claims, and nothing private."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article, Outlet, Sentence
from reliability.disputes.deciding import change_status
from reliability.disputes.models import Dispute
from reliability.models import EditorialSettings, OutletScore
from reliability.overrides import change_sentence, override_score
from reliability.scoring import current_settings, explain
from tests.test_admin import settings_form

pytestmark = pytest.mark.django_db

# What an anonymous visitor may open whatever the settings say; the public outlet pages are 404 when off.
OPEN = {"login", "logout", "disputes:new", "disputes:log"}
PUBLISHED = {"public:outlets", "public:outlet"}


def private_urls(slug, article, claim):
    """Every other page, form and API endpoint, with real ids where it takes one."""
    ids = {"slug": slug, "pk": claim}
    by_name = {
        "review:dashboard": {},
        "review:outlet": {"slug": slug},
        "review:score-override": {"slug": slug},
        "review:article": {"pk": article},
        "review:panel": {"pk": claim},
        "review:change": {"pk": claim},
        "review:queue": {},
        "review:decide": {"pk": claim},
        "review:undo": {},
        "review:article-undo": {"pk": article},
        "review:model": {},
        "review:retrain": {},
        "review:promote": {"version": "20250101-000000"},
        "review:jobs": {},
        "review:job": {"pk": 1},
        "review:run-again": {"pk": 1},
        "review:job-progress": {"pk": 1},
        "review:ingest": {},
        "review:rescore": {},
        "disputes:queue": {},
        "disputes:detail": {"pk": 1},
        "disputes:decide": {"pk": 1},
        "doublereview:list": {},
        "doublereview:require": {},
        "doublereview:label": {"pk": 1},
        "doublereview:adjudication": {},
        "doublereview:decide": {"pk": 1},
        "doublereview:agreement": {},
        "signals-outlet": {"slug": slug},
        "signals-claim": {"pk": claim},
        "schema": {},
        "swagger-ui": {},
        "redoc": {},
    }
    for name in api_names():
        route = (
            "version" if name == "model-versions-detail" else ("slug" if name == "outlets-detail" else "pk")
        )
        by_name[name] = {route: "1" if route == "version" else ids[route]} if name.endswith("-detail") else {}
    return {name: reverse(name, kwargs=kwargs) for name, kwargs in by_name.items()}


def url_names(resolver=None, namespace=""):
    """The name of every URL the project serves but the back office's (which has its own sign-in)."""
    found = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def api_names():
    return {name for name in url_names() if name.endswith(("-list", "-detail"))}


def publish(on=True):
    latest = current_settings()
    return EditorialSettings.objects.create(
        version=latest.version + 1,
        note="Outlet pages public" if on else "Private again",
        public_outlet_pages=on,
    )


def refused(response):
    """An anonymous visitor was sent to sign in, or turned away."""
    if response.status_code == 302:
        return response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    return response.status_code in (401, 403, 405)


def test_the_setting_is_off_by_default_and_the_public_pages_are_not_found(news, editor_client):
    assert current_settings().public_outlet_pages is False
    anonymous = Client()
    assert anonymous.get("/public/outlets/").status_code == 404
    assert anonymous.get("/public/outlets/careful-courier/").status_code == 404
    assert editor_client.get("/public/outlets/careful-courier/").status_code == 404  # not even for editors
    assert "/public/outlets/" not in editor_client.get("/outlets/careful-courier/").content.decode()
    assert "/public/outlets/" not in anonymous.get("/disputes/outlet/careful-courier/").content.decode()


def test_with_the_setting_off_nothing_private_is_reachable_anonymously(news):
    claim = Sentence.objects.filter(article__outlet__slug="careful-courier").first()
    urls = private_urls("careful-courier", claim.article_id, claim.pk)
    assert url_names() - OPEN - PUBLISHED == set(urls)  # a page added later is listed here too
    anonymous = Client()
    for name, url in [*urls.items(), ("admin", "/admin/")]:
        responses = [anonymous.get(url), anonymous.post(url, {})]
        assert all(refused(response) for response in responses), (name, url)
        assert any(response.status_code != 405 for response in responses), (name, url)


def test_an_editor_turns_the_pages_on_in_the_settings_form(news, editor_client):
    current_settings()
    page = editor_client.get("/admin/reliability/editorialsettings/add/").content.decode()
    assert 'name="public_outlet_pages"' in page
    url = "/admin/reliability/editorialsettings/add/"
    assert editor_client.post(url, settings_form(public_outlet_pages="on")).status_code == 302
    assert Client().get("/public/outlets/careful-courier/").status_code == 200
    assert editor_client.post(url, settings_form()).status_code == 302  # a later version turns it off
    assert Client().get("/public/outlets/careful-courier/").status_code == 404


def test_the_public_page_shows_the_score_criteria_and_every_claim_number_behind_it(news):
    publish()
    snapshot = OutletScore.objects.filter(outlet__slug="rumour-rag", window="all").latest("computed_at")
    explain([snapshot])
    page = Client().get("/public/outlets/rumour-rag/").content.decode()
    assert f"Score: {snapshot.overall:.0f} out of 100" in page
    assert f"95% interval {snapshot.overall_low:.0f}–{snapshot.overall_high:.0f}" in page
    assert '<p class="summary">' in page and '<table class="criteria">' in page
    numbers = {item["sentence"] for item in evidence(snapshot) if item["sentence"]}
    assert numbers
    for number in numbers:
        assert f'<li id="claim-{number}"><strong>Claim {number}</strong>' in page
        assert f'href="#claim-{number}">claim {number}</a>' in page
        assert f'href="/disputes/new/?outlet=rumour-rag&amp;claim={number}"' in page
    assert page.count('<li id="claim-') == len(numbers)  # each claim listed once
    assert 'href="/disputes/outlet/rumour-rag/"' in page
    number = min(numbers)
    form = Client().get(f"/disputes/new/?outlet=rumour-rag&claim={number}").content.decode()
    assert f'name="claim" value="{number}"' in form
    assert "Rumour Rag" in Client().get("/public/outlets/").content.decode()


def evidence(snapshot):
    return [item for criterion in snapshot.criteria for item in criterion["evidence"]]


@pytest.fixture
def private_data(news):
    """Things only the newsroom may see, each with a string to look for: an editor's name, the reasons
    for a score and a label override, the outlet's notes, a sender's details and an editor's note on a
    dispute under review."""
    call_command("create_editor", username="zelda_hidden_editor", password="a-long-password-123", stdout=None)
    zelda = get_user_model().objects.get(username="zelda_hidden_editor")
    outlet = Outlet.objects.get(slug="rumour-rag")
    outlet.notes = "PRIVATE-NOTE-c0de about the owner"
    outlet.save()
    override_score(outlet, "all", 12, "PRIVATE-REASON-7f3a from the desk", zelda, seen=None)
    weasel = Sentence.objects.get(text__startswith="Experts say")
    change_sentence(weasel, "label", "anonymous", "PRIVATE-LABEL-REASON-91b2", zelda, seen=None)
    dispute = Dispute.objects.create(
        outlet=outlet,
        claim=weasel,
        what_is_wrong="PRIVATE-COMPLAINT-4d2a",
        requested_correction="PRIVATE-CORRECTION-77aa",
        contact_name="PRIVATE-SENDER-5e11",
        contact_email="private-sender-5e11@example.com",
    )
    change_status(dispute, "under_review", "PRIVATE-EVENT-NOTE-a9a9", zelda)
    change_status(dispute, "upheld", "Upheld: the experts are unnamed.", zelda)
    return ["zelda_hidden_editor", "PRIVATE-", "private-sender", "edna"]


PUBLIC_LINKS = re.compile(
    r"^(#[\w-]+|/|/static/[\w./-]+|/public/outlets/[\w/-]*|/disputes/(new|outlet)/[^\"]*)$"
)


def test_the_public_pages_show_nothing_private(private_data, editor):
    publish()
    anonymous = Client()
    pages = {
        url: anonymous.get(url).content.decode()
        for url in ("/public/outlets/", "/public/outlets/rumour-rag/", "/disputes/outlet/rumour-rag/")
    }
    for url, page in pages.items():
        for secret in private_data:
            assert secret not in page, (url, secret)
        links = re.findall(r'(?:href|src|action)="([^"]*)"', page)
        assert all(PUBLIC_LINKS.match(link) for link in links), (url, links)
    outlet = pages["/public/outlets/rumour-rag/"]
    assert 'Score: 12 out of 100 <span class="badge">set by the editors</span>' in outlet
    assert "Upheld: the experts are unnamed." in outlet  # the decision is public, who made it is not
    weasel = Sentence.objects.get(text__startswith="Experts say")
    listed = f'<li id="claim-{weasel.pk}"><strong>Claim {weasel.pk}</strong> <span class="label">'
    assert f"{listed}(label: anonymous)" in outlet  # the label on show, the editor's change applied


def test_the_public_page_is_linked_from_the_log_and_the_editors_page(news, editor_client):
    publish()
    assert (
        'href="/public/outlets/careful-courier/"'
        in Client().get("/disputes/outlet/careful-courier/").content.decode()
    )
    editors_page = editor_client.get("/outlets/careful-courier/").content.decode()
    assert 'href="/public/outlets/careful-courier/"' in editors_page
    assert 'href="#claim-' not in editors_page and "?sentence=" in editors_page  # its claims open for review
    publish(on=False)
    assert Client().get("/public/outlets/careful-courier/").status_code == 404


def test_a_placeholder_for_an_outlet_not_yet_known_has_no_public_page(news, editor_client):
    publish()
    article = Article.objects.filter(outlet__slug="rumour-rag").first()
    article.outlet = Outlet.objects.create(
        name="Unknown outlet: Harbour talks", slug="unknown-harbour", kind="unknown"
    )
    article.save()
    assert Client().get("/public/outlets/unknown-harbour/").status_code == 404
    assert "unknown-harbour" not in Client().get("/public/outlets/").content.decode()
    assert (
        "/public/outlets/unknown-harbour/"
        not in editor_client.get("/outlets/unknown-harbour/").content.decode()
    )


def test_a_publisher_finds_any_claims_number_by_its_words(news):
    publish()
    ferry = Sentence.objects.get(text__startswith="The ferry service")
    page = Client().get("/public/outlets/rumour-rag/", {"q": "ferry SERVICE"}).content.decode()
    found = re.search(r'<ul class="found">(.*?)</ul>', page, re.S).group(1)
    assert f"<strong>Claim {ferry.pk}</strong>" in found
    assert f'href="/disputes/new/?outlet=rumour-rag&amp;claim={ferry.pk}"' in found
    courier = Sentence.objects.get(text__startswith="The ferry company")  # the other outlet's
    assert f"Claim {courier.pk}<" not in found
    nothing = Client().get("/public/outlets/rumour-rag/", {"q": "<b>zeppelin</b>"}).content.decode()
    assert "No claim of Rumour Rag holds “&lt;b&gt;zeppelin&lt;/b&gt;”" in nothing
    publish(on=False)
    assert Client().get("/public/outlets/rumour-rag/", {"q": "ferry"}).status_code == 404
