"""Changing a label in the article view, in a real browser: the sentence in the text shows its new label
at once (no reload), and the panel confirms the change with the outlet's score before and after."""

from playwright.sync_api import expect

from articles.models import Sentence
from reliability.models import OutletScore, SentenceAnalysis


def all_time(outlet):
    return OutletScore.objects.filter(outlet=outlet, window="all").latest("computed_at", "pk").overall


def test_a_relabelled_sentence_changes_in_place_with_the_scores_move(sign_in, live_server):
    row = SentenceAnalysis.objects.current().filter(is_claim=True, label="vague").select_related("sentence")
    sentence = row.first().sentence
    outlet = Sentence.objects.select_related("article__outlet").get(pk=sentence.pk).article.outlet
    before = all_time(outlet)
    page = sign_in()
    page.goto(f"{live_server.url}/articles/{sentence.article_id}/")
    marked = page.locator(f"#s{sentence.pk}")
    expect(marked.locator(".tag")).to_have_text(f"[claim {sentence.pk}: vague]")
    marked.click()
    expect(page.locator("#panel h2")).to_contain_text(f"Claim {sentence.pk}")
    page.fill("#panel input[name=reason]", "The minister is named")
    page.click('#panel button[value="label:named_person"]')

    expect(page.locator("#panel .message")).to_contain_text(
        f"Saved: claim {sentence.pk}'s label vague → named person"
    )
    after = all_time(outlet)
    assert after != before
    expect(page.locator("#panel .score-moved")).to_have_text(f"Score {before:.0f} → {after:.0f}")
    expect(marked.locator(".tag")).to_have_text(f"[claim {sentence.pk}: named person, reviewed]")
    expect(marked).to_have_class("sentence label-named_person selected")
