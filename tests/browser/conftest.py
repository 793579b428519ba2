"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live test server."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "artifacts" / "screenshots")
)
PASSWORD = "a-long-browser-password"

# Playwright's sync API runs an event loop in the test's thread, and the test database is set up and
# flushed around it; those are still plain synchronous calls, so Django's async guard is lifted for the
# test process (never in a deployment: `check --deploy` refuses it, see test_settings).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium) — browser tests skipped")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    from reliability.analysis.model import load_current
    from reliability.refresh import analyse_and_score

    settings.MODEL_DIR = tmp_path / "models"
    load_current.cache_clear()
    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)
    for username in ("edna", "otto"):
        call_command("create_editor", username=username, password=PASSWORD, stdout=None)
    yield
    load_current.cache_clear()


def watch_policy(page, refused):
    """Note in `refused` whatever the page's content security policy blocks (Chromium says so on the
    console): a policy that blocks htmx or our script would break the pages without an error."""
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )


@pytest.fixture
def sign_in(browser, live_server, seeded):
    contexts, refused = [], []

    def signed_in(username="edna"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        watch_policy(page, refused)
        page.goto(f"{live_server.url}/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield signed_in
    for context in contexts:
        context.close()
    assert refused == []


def shoot(page, name):
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
