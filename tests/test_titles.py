"""An article given no title is shown by its body's first line wherever it is listed, not as
"(untitled)"; its stored title stays empty, as the source gave it."""

import pytest

from articles.models import Article
from reliability.models import OutletScore

pytestmark = pytest.mark.django_db


def test_an_untitled_article_is_shown_by_its_first_line(editor_client, seeds):
    untitled = Article.objects.select_related("outlet").filter(title="")
    assert untitled.count() == 2
    for article in untitled:
        derived = article.display_title
        assert derived and article.body.startswith(derived.rstrip("…"))
        page = editor_client.get(f"/articles/{article.pk}/").content.decode()
        assert f"<h1>{derived} <small" in page and "(untitled)" not in page
        outlet = editor_client.get(f"/outlets/{article.outlet.slug}/").content.decode()
        assert f">{derived}</a>" in outlet and "(untitled)" not in outlet
        score = OutletScore.objects.filter(outlet=article.outlet, window="all").latest("computed_at")
        by_headline = [item for criterion in score.criteria for item in criterion["evidence"]]
        assert {item["text"] for item in by_headline if not item["sentence"]} <= {derived}
    assert Article.objects.filter(title="").count() == 2  # derived when shown, never stored
