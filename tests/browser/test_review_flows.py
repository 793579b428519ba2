"""Editors' flows in a real browser: sign in, read, change labels by keyboard, conflicts, escaping."""

import re

from playwright.sync_api import expect

from articles.models import Article, Sentence
from reliability.models import LabelOverride, OutletScore
from tests.browser.conftest import shoot


def all_time_score(outlet):
    return OutletScore.objects.filter(outlet=outlet, window="all").latest("computed_at").overall


def test_sign_in_and_see_the_outlets_with_their_charts(sign_in):
    page = sign_in()
    expect(page.get_by_role("heading", name="Outlets")).to_be_visible()
    # The four outlets that wrote the seeds, scored, and the Juneau Empire, which carried one of them.
    expect(page.locator("table.outlets tbody tr")).to_have_count(5)
    expect(page.locator("svg.sparkline")).to_have_count(4)
    page.fill("#q", "newsmax")
    expect(page.locator("table.outlets tbody tr")).to_have_count(1)
    shoot(page, "dashboard")


def test_an_outlet_page_shows_its_nutrition_label(sign_in, live_server):
    page = sign_in()
    page.goto(f"{live_server.url}/outlets/newsmax/")
    expect(page.get_by_role("heading", name=re.compile(r"^Score: \d+"))).to_be_visible()
    expect(page.get_by_role("rowheader", name="Contradicted by most outlets that cover it")).to_be_visible()
    shoot(page, "outlet")


def test_a_label_changed_with_the_keyboard_moves_the_outlets_score(sign_in, live_server):
    page = sign_in()
    page.goto(f"{live_server.url}/queue/")
    expect(page.locator(".progress")).to_contain_text("0 of")
    shoot(page, "queue")
    label = page.locator(".queue-item strong[class^=label-]").inner_text()
    sentence_id = int(
        page.locator(".queue-item a").first.get_attribute("href").split("sentence=")[1].split("#")[0]
    )
    sentence = Sentence.objects.select_related("article__outlet").get(pk=sentence_id)
    before = all_time_score(sentence.article.outlet)
    key, new_label = ("6", "vague") if label != "vague" else ("1", "named_person")
    page.locator("body").press(key)
    expect(page.locator(".message")).to_have_text(f"Labelled {new_label.replace('_', ' ')}.")
    expect(page.locator(".progress")).to_contain_text("1 of")
    assert LabelOverride.objects.get().new_value == new_label
    assert all_time_score(sentence.article.outlet) != before
    page.locator("body").press("u")
    expect(page.locator(".message")).to_contain_text(f"Undid claim {sentence_id}'s label")


def test_two_editors_changing_one_label_the_second_sees_a_conflict(sign_in, live_server):
    sentence = Sentence.objects.get(text__startswith="Observers say")
    url = f"{live_server.url}/articles/{sentence.article_id}/?sentence={sentence.pk}"
    first, second = sign_in("edna"), sign_in("otto")
    for page in (first, second):
        page.goto(url)
        expect(page.locator("#panel h2")).to_be_visible()
    first.fill("#panel input[name=reason]", "Observers are named later")
    first.click('#panel button[value="label:anonymous"]')
    expect(first.locator("#panel")).to_contain_text("vague → anonymous")
    second.fill("#panel input[name=reason]", "No source at all")
    second.click('#panel button[value="label:none"]')
    expect(second.locator("#panel .error")).to_contain_text(
        "Someone changed this first: it is now 'anonymous' by edna"
    )
    shoot(second, "conflict")
    assert LabelOverride.objects.count() == 1


def test_the_side_panel_opens_with_the_keyboard_and_accepts_with_one_key(sign_in, live_server):
    article = Article.objects.get(outlet__name="Newsmax")
    page = sign_in()
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    first_sentence = page.locator("a.sentence").first
    first_sentence.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_contain_text("Rules that fired")
    page.locator("body").press("a")
    expect(page.locator("#panel")).to_contain_text("accepted as is")
    shoot(page, "article")


def test_literal_tags_in_an_article_show_as_text(sign_in, live_server):
    article = Article.objects.get(outlet__name="The New York Times")
    page = sign_in()
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.get_by_text("Page furniture removed").click()
    expect(page.locator(".furniture")).to_contain_text("<strong>Ḵ</strong>unéix")
    assert page.locator(".furniture strong").count() == 0
