"""A publisher, not signed in, reads an outlet's public page once the newsroom publishes it: the score,
the summary, the points, and a claim found by its number and disputed from there."""

from playwright.sync_api import expect

from reliability.models import EditorialSettings, OutletScore
from reliability.scoring import current_settings, explain
from tests.browser.conftest import shoot


def test_a_publisher_reads_the_public_page_and_finds_a_claim_by_its_number(browser, live_server, seeded):
    latest = current_settings()
    EditorialSettings.objects.create(version=latest.version + 1, note="Publish", public_outlet_pages=True)
    snapshot = OutletScore.objects.filter(outlet__slug="newsmax", window="all").latest("computed_at", "pk")
    explain([snapshot])
    number = next(item["sentence"] for c in snapshot.criteria for item in c["evidence"] if item["sentence"])

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/public/outlets/")
    page.click("text=Newsmax")
    page.wait_for_url(f"{live_server.url}/public/outlets/newsmax/")
    expect(page.locator("h2#score-title")).to_contain_text(f"Score: {snapshot.overall:.0f} out of 100")
    expect(page.locator("p.summary")).to_contain_text("would score")
    expect(page.locator("table.criteria td.points").first).to_contain_text("the corpus")
    shoot(page, "public-outlet-1366")

    page.locator(f'table.criteria a[href="#claim-{number}"]').first.click()
    claim = page.locator(f"#claim-{number}")
    expect(claim).to_be_in_viewport()
    expect(claim).to_contain_text(f"Claim {number}")
    expect(claim).to_contain_text("label: ")
    claim.locator(f"text=Dispute claim {number}").click()
    expect(page.locator("#id_claim")).to_have_value(str(number))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/outlets/newsmax/")
    shoot(page, "public-outlet-390")
    expect(page.locator("main")).not_to_contain_text("edna")
    context.close()
