"""The API's documentation in a real browser with the network cut off: Swagger UI and Redoc render the
documented operations from our own static files, asking nothing of any other host, for a signed-in
viewer (anonymous callers get 401, as from the API)."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, shoot, watch_policy


@pytest.fixture
def offline_page(browser, live_server, transactional_db):
    """A page that may reach the test server only; anything else is refused and recorded, as is anything
    the content security policy blocks."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    ours, refused = urlsplit(live_server.url).netloc, []

    def only_ours(route):
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    watch_policy(page, refused)
    call_command("create_editor", username="vera", password=PASSWORD, role="viewer", stdout=None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "vera")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    yield page, refused
    context.close()


def test_swagger_ui_shows_the_documented_api_offline(offline_page, live_server, transactional_db):
    page, refused = offline_page
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Source reliability API").first).to_be_visible()
    for path in ("/api/v1/claims/", "/api/v1/outlets/{slug}/", "/api/v1/overrides/labels/"):
        expect(page.locator(f'.opblock-summary-path[data-path="{path}"]').first).to_be_visible()
    shoot(page, "api-docs")
    assert refused == []


def test_redoc_shows_the_documented_api_offline(offline_page, live_server, transactional_db):
    page, refused = offline_page
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.get_by_role("heading", name="Claims with attribution, support and evidence")).to_be_visible()
    shoot(page, "api-redoc")
    # Redoc's own logo points at its CDN: the policy blocks it (and the page hides its place), nothing else.
    assert [message for message in refused if "https://cdn.redoc.ly/redoc/logo-mini.svg" not in message] == []
