"""Reviewing as fast as the keyboard allows, in a real browser: moving from claim to claim, a key per
label, accept and undo, one reason; setting the source and cue by selecting words with the mouse or
the keyboard; and the queue's context, pace, skip list and session changes."""

import re

from playwright.sync_api import expect

from articles.models import Sentence
from reliability.models import LabelOverride, SentenceAnalysis
from reliability.overrides import view
from tests.browser.conftest import shoot

OBSERVERS = "Observers say that choosing Alaska"


def claims_of(article_id):
    rows = SentenceAnalysis.objects.current().filter(sentence__article_id=article_id, is_claim=True)
    return list(rows.order_by("sentence__order").values_list("sentence_id", flat=True))


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def test_claims_are_reviewed_with_the_keyboard_alone(sign_in, live_server):
    sentence = Sentence.objects.get(text__startswith=OBSERVERS)
    first, second, third = claims_of(sentence.article_id)[:3]
    page = sign_in()
    page.set_viewport_size({"width": 1000, "height": 320})  # short: moving on has to scroll
    page.goto(f"{live_server.url}/articles/{sentence.article_id}/")
    moves = (("j", first), ("j", second), ("k", first), ("ArrowDown", second), ("ArrowDown", third))
    for key, expected in moves:
        page.keyboard.press(key)
        expect(page.locator("#panel h2")).to_contain_text(f"Claim {expected}")
        assert focused_id(page) == f"s{expected}"
        expect(page.locator(f"#s{expected}")).to_have_class(re.compile(r"\bselected\b"))
        expect(page.locator(f"#s{expected}")).to_be_in_viewport()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#panel h2")).to_contain_text(f"Claim {second}")
    model_label = view(Sentence.objects.get(pk=second)).label
    new_label, key = ("anonymous", "5") if model_label != "anonymous" else ("vague", "6")
    expect(page.locator(f'#panel button[data-key="{key}"] kbd')).to_have_text(key)

    page.keyboard.press(key)  # no reason yet: the form says so and nothing is stored
    expect(page.locator("#panel input[name=reason]")).to_be_focused()
    assert not LabelOverride.objects.exists()
    page.keyboard.type("Described, not named")
    page.keyboard.press("Enter")  # back to the keys
    page.keyboard.press(key)
    expect(page.locator("#panel .message")).to_contain_text(f"Saved: claim {second}'s label")
    assert view(Sentence.objects.get(pk=second)).label == new_label
    assert LabelOverride.objects.get().reason == "Described, not named"
    expect(page.locator(f"#s{second} .tag")).to_contain_text(f"{new_label}, reviewed")

    page.keyboard.press("u")
    expect(page.locator("#panel .message")).to_contain_text(
        f"Undid claim {second}'s label {model_label.replace('_', ' ')} → {new_label}"
    )
    expect(page.locator("#panel .message")).to_contain_text(f"it is {model_label.replace('_', ' ')} again")
    assert view(Sentence.objects.get(pk=second)).label == model_label
    expect(page.locator(f"#s{second} .tag")).not_to_contain_text("reviewed")

    page.keyboard.press("j")
    expect(page.locator("#panel h2")).to_contain_text(f"Claim {third}")
    page.keyboard.press("a")  # accepting needs no reason
    expect(page.locator("#panel .message")).to_contain_text(f"Saved: accepting claim {third}")
    assert LabelOverride.objects.filter(sentence_id=third, field="accept").exists()
    shoot(page, "article-keys")


def word_box(page, words):
    """Where `words` are drawn in the panel's sentence text: (x, y) of their start and of their end."""
    return page.evaluate(
        """words => {
            const text = document.querySelector("[data-sentence-text]");
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const boxes = range.getClientRects();  // one per line the words are drawn on
                const first = boxes[0], last = boxes[boxes.length - 1];
                return [first.left, first.top + first.height / 2, last.right, last.top + last.height / 2];
            }
        }""",
        words,
    )


def test_the_source_is_set_by_dragging_the_mouse_over_its_words(sign_in, live_server):
    sentence = Sentence.objects.select_related("article").get(text__startswith=OBSERVERS)
    page = sign_in()
    page.goto(f"{live_server.url}/articles/{sentence.article_id}/?sentence={sentence.pk}")
    left, top, right, bottom = word_box(page, "Washington and Moscow")
    page.mouse.move(left + 1, top)
    page.mouse.down()
    page.mouse.move(right - 1, bottom, steps=5)
    page.mouse.up()
    expect(page.locator('#panel [data-selection="text"]')).to_have_value("Washington and Moscow")
    page.fill("#panel input[name=reason]", "The two capitals are the source")
    page.click('#panel button[value="source"]')

    expect(page.locator("#panel .message")).to_contain_text(
        f"claim {sentence.pk}'s source span “Observers” → “Washington and Moscow”"
    )
    change = LabelOverride.objects.get()
    start, end = map(int, change.new_value.split("-"))
    at = sentence.text.index("Washington and Moscow")
    assert (start, end) == (sentence.start + at, sentence.start + at + len("Washington and Moscow"))
    assert sentence.article.body[start:end] == "Washington and Moscow"
    expect(page.locator("#panel blockquote mark.source")).to_have_text("Washington and Moscow")
    expect(page.locator(f"#s{sentence.pk} mark.source")).to_have_text("Washington and Moscow")
    shoot(page, "article-source-selected")


def test_the_cue_is_set_by_selecting_its_words_with_shift_and_the_arrow_keys(sign_in, live_server):
    sentence = Sentence.objects.select_related("article").get(text__startswith=OBSERVERS)
    page = sign_in()
    page.goto(f"{live_server.url}/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.locator("body").press("r")
    page.keyboard.type("The cue runs to 'that'")
    page.keyboard.press("Shift+Tab")  # from the reason back to the sentence's text
    expect(page.locator("#panel [data-sentence-text]")).to_be_focused()
    for _ in range(len("Observers ")):
        page.keyboard.press("ArrowRight")
    for _ in range(len("say that")):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.locator('#panel [data-selection="text"]')).to_have_value("say that")
    page.keyboard.press("c")

    expect(page.locator("#panel .message")).to_contain_text(
        f"claim {sentence.pk}'s cue span “say” → “say that”"
    )
    change = LabelOverride.objects.get()
    assert (change.field, change.new_value) == ("cue", f"{sentence.start + 10}-{sentence.start + 18}")
    assert sentence.article.body[sentence.start + 10 : sentence.start + 18] == "say that"
    expect(page.locator("#panel blockquote mark.cue")).to_have_text("say that")
    expect(page.locator(f"#s{sentence.pk} mark.cue")).to_have_text("say that")


def served(page):
    link = page.locator(".queue-item a").first.get_attribute("href")
    return int(link.split("sentence=")[1].split("#")[0])


def reviewed(page):
    return int(re.match(r"(\d+) of", page.locator("#queue .progress").inner_text()).group(1))


def press(page, key):
    """Press a key and wait until the queue has swapped in the answer."""
    page.locator("#queue .progress").evaluate("element => element.setAttribute('data-old', '')")
    page.keyboard.press(key)
    expect(page.locator("#queue .progress[data-old]")).to_have_count(0)


def test_the_queue_shows_context_pace_skips_and_the_sessions_changes(sign_in, live_server):
    page = sign_in()
    page.goto(f"{live_server.url}/queue/")
    claim = Sentence.objects.get(pk=served(page))
    before = Sentence.objects.filter(article=claim.article, order=claim.order - 1).first()
    if before:
        expect(page.locator(".in-context .around").first).to_have_text(before.text)
    start = reviewed(page)

    press(page, "s")
    skipped = claim.pk
    expect(page.locator(".message")).to_have_text("Skipped: not asked again in this session.")
    first = served(page)
    press(page, "a")
    second = served(page)
    press(page, "7" if view(Sentence.objects.get(pk=second)).label != "none" else "6")
    expect(page.locator(".pace")).to_contain_text("per minute this session")
    expect(page.locator(".pace")).to_contain_text("left for the queue at that rate")
    assert reviewed(page) == start + 2
    changes = page.locator(".session-changes li")
    expect(changes).to_have_count(2)
    expect(changes.first).to_contain_text(f"claim {second},")
    expect(changes.nth(1)).to_contain_text(f"claim {first},")

    for _ in range(3):
        page.reload()
        assert served(page) != skipped

    changes.nth(1).locator("button").focus()  # the older change's own undo, with the keyboard
    page.keyboard.press("Enter")
    expect(page.locator(".message")).to_contain_text(f"Undid accepting claim {first}")
    assert reviewed(page) == start + 1  # the counter goes back down
    expect(page.locator(".session-changes li")).to_have_count(1)
    assert not view(Sentence.objects.get(pk=first)).reviewed
    press(page, "u")
    expect(page.locator(".message")).to_contain_text(f"Undid claim {second}'s label")
    assert reviewed(page) == start
    expect(page.locator(".session-changes li")).to_have_count(0)
    expect(page.locator(".session-changes")).to_contain_text("None yet.")
    shoot(page, "queue-session")
