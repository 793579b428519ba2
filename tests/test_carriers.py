"""An outlet that carries others' articles (a syndication partner): on the dashboard, and its page lists
what it carried beside what it wrote, and says why it has no score of its own."""

import pytest

from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db


def a_carried_article():
    return Article.objects.select_related("outlet", "carried_by").exclude(carried_by=None).get()


def test_a_carrier_is_on_the_dashboard_with_what_it_carried(editor_client, seeds):
    article = a_carried_article()
    carrier = article.carried_by
    assert not carrier.articles.exists()  # it wrote nothing itself

    page = editor_client.get("/").content.decode()
    assert f'href="/outlets/{carrier.slug}/">{carrier.name}</a>' in page
    assert "(and 1 carried)" in page
    assert "Nothing of its own to score" in page


def test_a_carriers_page_lists_what_it_carried_and_the_authors_page_what_it_wrote(editor_client, seeds):
    article = a_carried_article()
    carrier, author = article.carried_by, article.outlet

    page = editor_client.get(f"/outlets/{carrier.slug}/").content.decode()
    assert "Articles it carried" in page
    assert f'<a href="/articles/{article.pk}/">{article.display_title}</a>' in page
    assert f'written by <a href="/outlets/{author.slug}/">{author.name}</a>' in page
    assert "Nothing of its own to score: the articles it carries were written by other outlets." in page
    assert "No score yet" not in page

    written = editor_client.get(f"/outlets/{author.slug}/").content.decode()
    assert f'carried by <a href="/outlets/{carrier.slug}/">{carrier.name}</a>' in written


def test_an_outlet_with_neither_is_not_on_the_dashboard(editor_client, seeds):
    Outlet.objects.create(name="Quiet Gazette", slug="quiet-gazette")
    assert "Quiet Gazette" not in editor_client.get("/").content.decode()
