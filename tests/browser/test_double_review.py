"""Double review in a real browser: a chief requires it, two editors label blind, the chief decides."""

from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Sentence
from reliability.doublereview.models import DoubleReview
from reliability.models import LabelOverride
from tests.browser.conftest import PASSWORD, shoot


def test_two_editors_label_blind_and_the_chief_decides(sign_in, live_server):
    call_command("create_editor", username="cleo", password=PASSWORD, role="chief", stdout=None)
    sentence = Sentence.objects.order_by("pk").first()
    chief = sign_in("cleo")
    chief.goto(f"{live_server.url}/double-review/")
    chief.select_option("select[name=kind]", "claim")
    chief.fill("input[name=target]", str(sentence.pk))
    chief.get_by_role("button", name="Require double review").click()
    review = DoubleReview.objects.get()
    label_url = f"{live_server.url}/double-review/{review.pk}/"

    first = sign_in("edna")
    first.goto(f"{live_server.url}/double-review/")
    first.get_by_role("link", name="Label").click()
    first.get_by_label("anonymous").check()
    first.get_by_role("button", name="Record my label").click()
    expect(first.locator("ul.waiting")).to_contain_text("your label: anonymous")

    second = sign_in("otto")
    second.goto(label_url)
    # Blind: no choice is made for the second editor, and nothing says who labelled or what.
    expect(second.locator("input[name=value]:checked")).to_have_count(0)
    expect(second.locator("main")).not_to_contain_text("edna")
    expect(second.locator("main")).not_to_contain_text("Your label")
    shoot(second, "double-review-blind")
    second.get_by_label("vague").check()
    second.get_by_role("button", name="Record my label").click()
    expect(second.locator("ul.to-label")).to_contain_text("Nothing waiting")

    chief.goto(f"{live_server.url}/double-review/adjudication/")
    item = chief.locator(f"#review-{review.pk}")
    expect(item).to_contain_text("edna: anonymous")
    expect(item).to_contain_text("otto: vague")
    item.locator("select[name=value]").select_option("vague")
    item.locator("input[name=reason]").fill("No source is named.")
    item.get_by_role("button", name="Decide").click()
    expect(chief.locator("ul.adjudication")).to_contain_text("No disagreements")
    assert LabelOverride.objects.get().reason == "Double review decided: No source is named."

    chief.goto(f"{live_server.url}/double-review/agreement/")
    expect(chief.locator("#agreement-claim")).to_contain_text("1 labelled twice, 0 agreed")
    shoot(chief, "double-review-agreement")
