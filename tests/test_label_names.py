"""Labels are written one way wherever people read them: the vocabulary's words ("named organisation"),
never the code ("named_organization") nor another spelling."""

import re

import pytest
from django.utils.html import strip_tags

from reliability.analysis.vocabulary import LABEL_NAMES, LABELS
from reliability.models import SentenceAnalysis

pytestmark = pytest.mark.django_db
CODES = [label for label in LABELS if "_" in label]


def visible(response):
    """The text a reader sees: tags, attributes and the inline CSRF header left out."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return strip_tags(page)


def test_no_page_shows_a_labels_code(editor_client, seeds):
    row = SentenceAnalysis.objects.current().filter(is_claim=True).select_related("sentence").first()
    pages = [
        "/",
        "/queue/",
        "/model/",
        f"/articles/{row.sentence.article_id}/?sentence={row.sentence_id}",
        f"/sentences/{row.sentence_id}/panel/",
    ]
    for url in pages:
        text = visible(editor_client.get(url))
        for code in CODES:
            assert code not in text, (url, code)
    panel = visible(editor_client.get(f"/sentences/{row.sentence_id}/panel/"))
    for name in LABEL_NAMES.values():  # every choice of the label menu, in words
        assert name in panel
    assert "named organization" not in panel


def test_a_queue_decision_and_its_undo_name_the_label_in_words(editor_client, seeds):
    from reliability.review.pages import next_in_queue

    item, _ = next_in_queue()
    decided = editor_client.post(
        f"/queue/{item.sentence_id}/decide/",
        {"action": "label", "value": "named_organization", "seen": item.label},
    )
    assert "Labelled named organisation." in visible(decided)
    undone = visible(editor_client.post("/queue/undo/"))
    assert "→ named organisation" in undone and "named_organization" not in undone
