"""On a phone (390 px wide) the article's evidence panel is a sheet along the bottom of the screen."""

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import SCREENSHOTS


def test_on_a_phone_a_chosen_sentence_shows_its_evidence_in_view(sign_in, live_server):
    article = Article.objects.get(outlet__name="Newsmax")
    page = sign_in()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator(".sentence").nth(2).click()
    expect(page.locator("#panel h2")).to_contain_text("Claim")
    expect(page.locator("#panel")).to_be_in_viewport()
    page.screenshot(path=SCREENSHOTS / "article-sheet-390.png")
    # Scrolled to the end, the text's last sentence is above the sheet, not under it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator(".sentence").last.bounding_box()
    assert last["y"] + last["height"] <= page.locator("#panel").bounding_box()["y"]
