"""The review queue's undo in a real browser: each `u` takes back the session's previous change and
brings its claim back, however many changes there were."""

from playwright.sync_api import expect

from articles.models import Sentence
from reliability.models import LabelOverride
from reliability.overrides import view


def shown(page):
    """The number of the claim the queue shows."""
    link = page.locator(".queue-item a").first.get_attribute("href")
    return int(link.split("sentence=")[1].split("#")[0])


def press(page, key):
    """Press a key and wait until the queue has swapped in the answer (the marked counter is gone)."""
    page.locator("#queue .progress").evaluate("element => element.setAttribute('data-old', '')")
    page.locator("body").press(key)
    expect(page.locator("#queue .progress[data-old]")).to_have_count(0)
    expect(page.locator("#queue .progress")).to_have_count(1)


def test_repeated_undo_walks_back_through_the_sessions_changes(sign_in, live_server):
    page = sign_in()
    failures = []
    page.on("response", lambda response: response.status >= 500 and failures.append(response.url))
    page.goto(f"{live_server.url}/queue/")
    seen, labels = [], []
    for key in "aa5s":
        seen.append(shown(page))
        labels.append(view(Sentence.objects.get(pk=seen[-1])).label)
        press(page, key)
    first, second, third, _skipped = seen
    model_label = labels[2]

    press(page, "u")  # takes back the label 5 gave the third claim, which comes back
    expect(page.locator(".message")).to_contain_text(f"Undid claim {third}'s label")
    assert shown(page) == third and view(Sentence.objects.get(pk=third)).label == model_label
    press(page, "6")  # the third claim labelled again
    press(page, "u")
    expect(page.locator(".message")).to_contain_text(f"Undid claim {third}'s label")
    assert shown(page) == third and view(Sentence.objects.get(pk=third)).label == model_label
    press(page, "u")  # the crash was here: the same change undone twice
    expect(page.locator(".message")).to_contain_text(f"Undid accepting claim {second}")
    assert shown(page) == second
    press(page, "u")
    expect(page.locator(".message")).to_contain_text(f"Undid accepting claim {first}")
    assert shown(page) == first
    press(page, "u")
    expect(page.locator(".message")).to_have_text("Nothing to undo in this session.")

    assert failures == [] and page.locator(".error").count() == 0
    # Nothing deleted: 2 accepts, 2 labels, each taken back.
    assert LabelOverride.objects.count() == 8
