"""An editor makes a dashboard token in the admin, and a dashboard (no session, only the key) pulls outlet
scores and claims with it as JSON and CSV."""

import csv
import io
import json
import urllib.request

from playwright.sync_api import expect

from reliability.api.models import DashboardToken
from tests.browser.conftest import shoot


def fetch(url, key):
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"})
    with urllib.request.urlopen(request) as response:
        return response.headers["Content-Type"], response.read().decode()


def test_a_token_made_in_the_admin_pulls_scores_and_claims(sign_in, live_server):
    page = sign_in()
    page.goto(f"{live_server.url}/admin/api/dashboardtoken/add/")
    page.fill("input[name=name]", "Newsroom Metabase")
    page.click("input[name=_save]")
    message = page.locator(".messagelist .warning")
    expect(message).to_contain_text("will not be shown again")
    shoot(page, "admin-token")
    key = message.locator("code").first.inner_text()
    assert DashboardToken.objects.get(name="Newsroom Metabase").prefix == key[:8]

    kind, body = fetch(f"{live_server.url}/api/v1/outlets/", key)
    outlets = {row["slug"]: row["scores"]["all"]["overall"] for row in json.loads(body)["results"]}
    assert (
        kind == "application/json"
        and len(outlets) == 4
        and all(0 <= score <= 100 for score in outlets.values())
    )

    kind, body = fetch(f"{live_server.url}/api/v1/claims/?format=csv&outlet=newsmax", key)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert kind.startswith("text/csv") and rows and {row["outlet"] for row in rows} == {"newsmax"}

    page.reload()
    expect(page.locator("body")).not_to_contain_text(key)  # shown once, never again
