"""An editor teaches the model in a real browser: corrects a label, retrains, compares, promotes, and
sees the outlet's score recomputed with the new model."""

import re

from playwright.sync_api import expect

from articles.models import Sentence
from reliability.models import ModelVersion, OutletScore
from tests.browser.conftest import shoot
from tests.test_retrain import LEDGER, ingest, ledger_sentences, teach

UNTAUGHT = [
    f"The {place} will reopen next month, the Quillon ledger shows." for place in ("ferry pier", "town hall")
]
RETRAIN_SECONDS = 180


def test_an_editor_corrects_retrains_compares_and_promotes(sign_in, live_server, write):
    from django.contrib.auth import get_user_model

    ingest(write, "Ledger Weekly", LEDGER)
    ingest(write, "Quillon Post", UNTAUGHT, day=1)
    teach(get_user_model().objects.get(username="otto"), ledger_sentences())  # a colleague's labels
    before = OutletScore.objects.filter(outlet__name="Quillon Post", window="all").latest("computed_at")
    sentence = Sentence.objects.get(text=UNTAUGHT[0])
    page = sign_in("edna")

    page.goto(f"{live_server.url}/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.locator("#panel input[name=reason]").fill("The ledger is a record")
    page.locator("#panel").get_by_role("button", name="document").click()
    expect(page.locator("#panel")).to_contain_text("named organisation → document")

    page.get_by_role("link", name="Model", exact=True).click()
    expect(page.get_by_role("heading", name="Model", exact=True)).to_be_visible()
    # Retraining runs in the request (inline tasks): on a busy machine it takes longer than Playwright's
    # 30 seconds. How long it takes is a benchmark's business, not this flow's. Meanwhile the page says
    # it is at work and stays in use.
    page.locator("#retrain").click()
    expect(page.locator("#retraining")).to_be_visible()
    expect(page.locator("#retrain")).to_be_disabled()
    expect(page.get_by_role("link", name="Outlets")).to_be_enabled()
    expect(page.get_by_role("heading", name=re.compile(r"\(candidate\) beside rules only$"))).to_be_visible(
        timeout=RETRAIN_SECONDS * 1000
    )
    candidate = ModelVersion.objects.get(is_current=False)
    expect(
        page.get_by_role("heading", name=f"Model {candidate.version} (candidate) beside rules only")
    ).to_be_visible()
    expect(page.locator("#retraining")).to_be_hidden()
    panel = page.locator(".job-panel")
    expect(panel.locator("progress")).to_be_visible()
    expect(panel.locator(".outcome")).to_contain_text(
        f"Retrained: candidate {candidate.version}, label macro-F1"
    )
    expect(page.locator("table.headline")).to_contain_text("editors' held-out labels")
    expect(page.get_by_text("wins on both", exact=True)).to_be_visible()
    expect(page.locator("svg.curve")).to_be_visible()
    shoot(page, "model")

    page.locator("#promote").click()
    expect(page.get_by_role("heading", name=f"Promote model {candidate.version}?")).to_be_visible()
    page.locator("#confirm").click()
    expect(page.locator(".job-panel .outcome")).to_contain_text(f"Promoted model {candidate.version}: ")
    expect(page.locator("table.versions")).to_contain_text("current")
    expect(page.locator("table.jobs")).to_contain_text(f"Analyse the articles with model {candidate.version}")

    page.goto(f"{live_server.url}/outlets/quillon-post/")
    expect(page.get_by_text(re.compile(f"analyses of model {candidate.version}"))).to_be_visible()
    after = OutletScore.objects.filter(outlet__name="Quillon Post", window="all").latest("computed_at")
    assert after.model_version == candidate and after.criteria != before.criteria
