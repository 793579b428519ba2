"""A publisher disputes a score through the public form, an editor decides it, and the decision appears in
the outlet's public log."""

from django.core.cache import cache
from playwright.sync_api import expect

from reliability.disputes.models import Dispute
from reliability.models import OutletScore, ScoreOverride
from tests.browser.conftest import shoot


def test_a_dispute_is_filed_decided_and_published(browser, sign_in, live_server, settings):
    cache.clear()  # the per-address limit: the live server sees every test as 127.0.0.1
    settings.DISPUTES_MIN_FILL_SECONDS = 0  # a robot-fast hand; the limit itself is tested without a browser
    scores = OutletScore.objects.count()

    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    publisher = context.new_page()
    publisher.goto(f"{live_server.url}/disputes/new/?outlet=newsmax")
    publisher.fill("#id_what_is_wrong", "Our story credits Reuters <b>by name</b>; it is not anonymous.")
    publisher.fill("#id_requested_correction", "Raise the named-source share.")
    publisher.fill("#id_contact_name", "Nora Newsmax")
    publisher.fill("#id_contact_email", "nora@newsmax.example")
    shoot(publisher, "dispute-form")
    publisher.click("text=Send the dispute")
    publisher.wait_for_url(f"{live_server.url}/disputes/outlet/newsmax/")
    dispute = Dispute.objects.get()
    expect(publisher.locator(".messages")).to_contain_text(f"Dispute #{dispute.pk} was received")
    expect(publisher.locator("main")).to_contain_text("1 dispute awaiting a decision")

    editor = sign_in()
    editor.click("nav >> text=Disputes")
    expect(editor.locator("table.disputes")).to_contain_text("Nora Newsmax")
    editor.click(f"text=#{dispute.pk}")
    expect(editor.locator("main")).to_contain_text("Our story credits Reuters <b>by name</b>")
    editor.select_option("#status", "upheld")
    editor.click("button:has-text('Change the status')")
    expect(editor.locator(".error")).to_contain_text("Write the decision")
    editor.select_option("#status", "upheld")
    editor.fill("#note", "The Reuters credit names its source; the score will be corrected.")
    editor.click("button:has-text('Change the status')")
    expect(editor.locator("h1")).to_contain_text("Upheld")
    expect(editor.locator(".override-hint a")).to_have_attribute("href", "/outlets/newsmax/#score-override")
    shoot(editor, "dispute-upheld")

    publisher.reload()
    log = publisher.locator("table.disputes")
    row = log.locator(f"#d{dispute.pk} td")  # about, received, outcome, decision, decided
    expect(row.nth(2)).to_have_text("Upheld")
    expect(row.nth(3)).to_have_text("The Reuters credit names its source; the score will be corrected.")
    expect(publisher.locator("main")).not_to_contain_text("nora@newsmax.example")
    shoot(publisher, "dispute-log")
    assert OutletScore.objects.count() == scores and ScoreOverride.objects.count() == 0
    context.close()
