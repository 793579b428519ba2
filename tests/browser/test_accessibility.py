"""axe-core on every main page, signed in and anonymous, on a wide screen and a phone; and the screenshots."""

from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Outlet
from reliability.disputes.models import UPHELD, Dispute
from tests.browser.conftest import shoot, watch_policy

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Served to the page as if from the app itself, so the page's content security policy ("scripts from
# this server only") stays on while axe runs: the check sees the pages as users get them.
AXE_PATH = "/__test__/axe.min.js"
WIDTHS = {1366: 900, 390: 844}


def editor_pages():
    article = Article.objects.get(outlet__name="Newsmax")
    sentence = article.sentences.order_by("order").first()
    return {
        "dashboard": "/",
        "outlet": "/outlets/newsmax/",
        "article": f"/articles/{article.pk}/?sentence={sentence.pk}",
        "queue": "/queue/",
        "model": "/model/",
        "jobs": "/jobs/",
        "disputes-queue": "/disputes/",
        "double-review": "/double-review/",
    }


ANONYMOUS_PAGES = {"sign-in": "/accounts/login/", "dispute-form": "/disputes/new/", "dispute-log": None}


def a_decided_dispute():
    outlet = Outlet.objects.get(slug="newsmax")
    return Dispute.objects.create(
        outlet=outlet,
        what_is_wrong="The score counts a quoted minister as anonymous.",
        requested_correction="Count the minister as a named person.",
        contact_name="Pat Publisher",
        contact_email="pat@example.org",
        status=UPHELD,
        decision="Upheld: the minister is named two paragraphs earlier; the label is corrected.",
        decided_by=User.objects.get(username="edna"),
        decided_at=timezone.now(),
    )


def check(page, live_server, name, path, width):
    """Open the page, run axe, save a screenshot; return axe's violations and its count of rules passed."""
    page.route(f"{live_server.url}{AXE_PATH}", lambda route: route.fulfill(path=AXE))
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main h1")).to_be_visible()
    # Nothing may be wider than the screen: a table scrolls inside its wrapper instead.
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
    page.add_script_tag(url=f"{live_server.url}{AXE_PATH}")
    result = page.evaluate("axe.run().then(r => ({violations: r.violations, passed: r.passes.length}))")
    shoot(page, f"{name}-{width}")
    return result


@pytest.mark.parametrize("width", WIDTHS)
def test_the_main_pages_have_no_serious_accessibility_violations(browser, sign_in, live_server, width):
    a_decided_dispute()
    editor = sign_in()
    anonymous = browser.new_context()
    visitor = anonymous.new_page()
    refused = []
    watch_policy(visitor, refused)
    pages = [(editor, name, path) for name, path in editor_pages().items()]
    pages += [(visitor, name, path or "/disputes/outlet/newsmax/") for name, path in ANONYMOUS_PAGES.items()]
    serious = {}
    for page, name, path in pages:
        page.set_viewport_size({"width": width, "height": WIDTHS[width]})
        result = check(page, live_server, name, path, width)
        counts = Counter(violation["impact"] for violation in result["violations"])
        print(f"axe {name} at {width}px: {dict(counts) or 'no violations'} ({result['passed']} rules passed)")
        found = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if found:
            serious[name] = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]]) for v in found]
    anonymous.close()
    assert refused == []
    assert serious == {}


FOCUSED = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  return {
    id: element.outerHTML.slice(0, 80),
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def test_every_control_shows_where_the_keyboard_is(sign_in, live_server):
    sentence = Article.objects.get(outlet__name="Newsmax").sentences.order_by("order").first()
    page = sign_in()
    unringed, visited = [], 0
    for path in (f"/articles/{sentence.article_id}/?sentence={sentence.pk}", "/jobs/"):
        page.goto(f"{live_server.url}{path}")
        first = None
        for _ in range(200):  # the article page has some 60 stops: links, sentences, fields, buttons
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["id"] == first or focused["id"].startswith("<body"):
                break
            first = first or focused["id"]
            visited += 1
            if not focused["ring"]:
                unringed.append(focused["id"])
    assert visited > 40
    assert unringed == []
