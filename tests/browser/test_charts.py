"""The charts in a real browser: every outlet compared on the dashboard, the editor choosing the
scatter's criteria with the form, a dot leading to its outlet's page and its history."""

from playwright.sync_api import expect

from tests.browser.conftest import shoot


def test_an_editor_compares_outlets_picks_two_criteria_and_follows_a_dot(sign_in, live_server):
    page = sign_in()
    forest = page.locator("svg.forest")
    expect(forest).to_be_visible()
    expect(forest.locator("g.outlet")).not_to_have_count(0)
    expect(page.locator("svg.scatter title").first).to_have_text(
        "Unsupported claims against Claims with named sources"
    )
    page.select_option("select[name=y]", "anonymous_rate")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("svg.scatter title").first).to_have_text(
        "Anonymous sourcing against Claims with named sources"
    )
    assert "y=anonymous_rate" in page.url
    shoot(page, "dashboard-charts")

    first = forest.locator("g.outlet a").first
    href = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(f"{live_server.url}{href}")
    history = page.locator("svg.history")
    expect(history).to_be_visible()
    expect(history.locator("g.point")).not_to_have_count(0)
    page.locator("details.figures summary").first.click()
    expect(page.locator("details.figures table").first).to_be_visible()
    expect(page.locator(".mix-legend li")).to_have_count(7)
    shoot(page, "outlet-history")
