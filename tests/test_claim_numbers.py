"""One claim number everywhere: the sentence's id, shown with the claim in the article, its panel, the
queue, the dispute form and double review, so the number an editor or publisher reads is the one the
forms take."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from reliability.models import SentenceAnalysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief_client(db):
    call_command("create_editor", username="cleo", password="a-long-password-123", role="chief", stdout=None)
    client = Client()
    client.force_login(get_user_model().objects.get(username="cleo"))
    return client


def a_late_claim():
    """A claim whose number is not its place in its article, as in any article but the first."""
    rows = (
        SentenceAnalysis.objects.current().filter(is_claim=True).select_related("sentence__article__outlet")
    )
    return next(
        row.sentence for row in rows.order_by("-sentence_id") if row.sentence.pk != row.sentence.order + 1
    )


def test_the_claim_number_is_shown_with_the_claim_and_taken_by_every_form(news, chief_client):
    sentence = a_late_claim()
    number, slug = sentence.pk, sentence.article.outlet.slug

    article = chief_client.get(f"/articles/{sentence.article_id}/").content.decode()
    assert f"[claim {number}: " in article
    panel = chief_client.get(f"/sentences/{number}/panel/").content.decode()
    assert f"<h2>Claim {number} " in panel
    dispute_link = f"/disputes/new/?outlet={slug}&amp;claim={number}"
    assert f'href="{dispute_link}"' in panel
    form = chief_client.get(dispute_link.replace("&amp;", "&")).content.decode()
    assert f'name="claim" value="{number}"' in form

    chief_client.post("/double-review/require/", {"kind": "claim", "target": str(number)})
    assert f"claim {number}</span>" in chief_client.get("/double-review/").content.decode()
    assert "Claim number or outlet slug" in chief_client.get("/double-review/").content.decode()


def test_the_queue_shows_the_number_of_the_claim_it_asks_about(news, editor_client):
    from reliability.review.pages import next_in_queue

    item, _ = next_in_queue()
    assert f"<strong>Claim {item.sentence_id}</strong>" in editor_client.get("/queue/").content.decode()
