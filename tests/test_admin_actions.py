"""The back office's actions do what they say: reanalyse, rescore outlets, issue and revoke tokens."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from articles.ingest import ingest_files
from articles.models import Article, Outlet, Sentence
from reliability.analysis import model as saved
from reliability.api.models import DashboardToken, hash_key
from reliability.models import (
    ArticleAnalysis,
    ArticleTally,
    LabelOverride,
    OutletScore,
    SentenceAnalysis,
    Totals,
)
from reliability.refresh import analyse_and_score
from reliability.scoring import COUNT_FIELDS
from reliability.storage import RULES_ONLY

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
OUTLETS = "/admin/articles/outlet/"
TOKENS = "/admin/api/dashboardtoken/"
ON_THE_RECORD = "Mayor Lena Ortiz said the harbour talks will start on Friday."


def news_item(outlet, number, text):
    return json.dumps(
        {
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{number}",
            "outlet": outlet,
            "title": f"{outlet} report {number}",
            "published_at": "2025-08-14",
            "text": text,
        }
    )


@pytest.fixture
def harbour(write, model_dir):
    """Two outlets on one harbour story, ingested, analysed by the rules alone and scored."""
    items = [
        news_item("Careful Courier", 1, f"{ON_THE_RECORD}\n\nThe ferry company said service resumes Monday."),
        news_item("Rumour Rag", 1, "The harbour talks will start on Friday, sources say."),
        news_item("Rumour Rag", 2, "A celebrity chef is secretly planning a rooftop casino at the harbour."),
    ]
    list(ingest_files([write("harbour.jsonl", "\n".join(items))]))
    analyse_and_score(None)


def act(client, url, action, objects):
    """Run an admin action on these objects as the list page does; returns the page it lands on."""
    return client.post(url, {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True)


def shown(response):
    return [str(message) for message in response.context["messages"]]


def assert_totals_add_up():
    for outlet in Outlet.objects.all():
        totals = Totals.objects.get(outlet=outlet)
        tallies = ArticleTally.objects.filter(outlet=outlet)
        assert totals.articles == tallies.count() == outlet.articles.count()
        for name in COUNT_FIELDS:
            assert getattr(totals, name) == sum(getattr(tally, name) for tally in tallies), name


def test_reanalysing_replaces_the_analysers_earlier_analysis_and_rescores(editor_client, harbour):
    articles = list(Article.objects.all())
    before = set(ArticleAnalysis.objects.values_list("pk", flat=True))
    rows, snapshots = SentenceAnalysis.objects.count(), OutletScore.objects.count()
    response = act(editor_client, ARTICLES, "reanalyse_articles", articles)
    assert shown(response)[-1].startswith(f"Reanalysed 3 article(s) with {RULES_ONLY};")
    after = set(ArticleAnalysis.objects.values_list("pk", flat=True))
    assert len(after) == len(before) and not after & before  # each replaced, none added beside
    assert SentenceAnalysis.objects.count() == rows
    assert set(ArticleTally.objects.values_list("analysis_id", flat=True)) == after
    assert OutletScore.objects.count() == snapshots + 2 * 3  # both outlets, every window
    assert_totals_add_up()


def test_reanalysing_some_articles_of_an_outlet_keeps_its_totals_right(editor_client, harbour):
    rag = Outlet.objects.get(name="Rumour Rag")
    totals = Totals.objects.get(outlet=rag).counts()
    act(editor_client, ARTICLES, "reanalyse_articles", rag.articles.all()[:1])
    act(editor_client, ARTICLES, "reanalyse_articles", rag.articles.all()[:1])
    assert Totals.objects.get(outlet=rag).counts() == totals  # same text, same rules: same figures
    assert_totals_add_up()


def test_editors_overrides_still_apply_after_reanalysis(editor_client, editor, harbour):
    from reliability.overrides import change_sentence
    from reliability.refresh import refresh_outlets

    sentence = Sentence.objects.get(text=ON_THE_RECORD)
    assert SentenceAnalysis.objects.get(sentence=sentence).label == "named_person"
    change_sentence(
        sentence, LabelOverride.LABEL, "anonymous", "The mayor spoke off the record", editor, None
    )
    refresh_outlets([sentence.article])
    act(editor_client, ARTICLES, "reanalyse_articles", [sentence.article])
    assert SentenceAnalysis.objects.get(sentence=sentence).label == "named_person"  # never saved over
    tally = ArticleTally.objects.get(article=sentence.article)
    assert (tally.anonymous, tally.named_person) == (1, 0)
    assert_totals_add_up()


def test_reanalysing_with_a_new_model_adds_its_analysis_beside_the_rules(
    editor_client, harbour, trained_model
):
    saved.save(trained_model, {"version": "v2"})
    articles = list(Article.objects.all())
    response = act(editor_client, ARTICLES, "reanalyse_articles", articles)
    assert shown(response)[-1].startswith("Reanalysed 3 article(s) with model v2;")
    assert (
        sorted(ArticleAnalysis.objects.values_list("analyser", flat=True))
        == ["model v2"] * 3 + [RULES_ONLY] * 3
    )
    act(editor_client, ARTICLES, "reanalyse_articles", articles)
    assert ArticleAnalysis.objects.filter(analyser="model v2").count() == 3  # replaced, not added again
    assert set(ArticleTally.objects.values_list("analysis__analyser", flat=True)) == {"model v2"}
    assert_totals_add_up()


def test_an_article_whose_reanalysis_cannot_be_stored_keeps_its_analysis_and_the_others_go_on(
    editor_client, harbour
):
    chef = Article.objects.get(body__startswith="A celebrity chef")
    kept = chef.analyses.get()
    # Its body edited behind ingestion's back: the stored sentences no longer match it.
    Article.objects.filter(pk=chef.pk).update(body=chef.body.replace("A celebrity chef", "A chef"))
    others = set(ArticleAnalysis.objects.exclude(article=chef).values_list("pk", flat=True))

    response = act(editor_client, ARTICLES, "reanalyse_articles", Article.objects.all())

    assert shown(response)[-2] == (
        f"Analysis failed for article {chef.pk} ({chef}): LookupError: no stored sentence at 0-60 of the "
        "body: the article's sentences were split otherwise when it was ingested"
    )
    assert shown(response)[-1].startswith(f"Reanalysed 2 article(s) with {RULES_ONLY};")
    assert list(chef.analyses.all()) == [kept] and ArticleTally.objects.get(article=chef).analysis == kept
    assert chef.analysis_failure.error == "LookupError"
    assert not set(ArticleAnalysis.objects.exclude(article=chef).values_list("pk", flat=True)) & others
    assert_totals_add_up()


def test_rescoring_outlets_recounts_their_articles_and_adds_a_snapshot_per_window(
    editor_client, editor, harbour
):
    courier = Outlet.objects.get(name="Careful Courier")
    sentence = Sentence.objects.get(text=ON_THE_RECORD)
    # An override recorded without the usual refresh, so only the rescore's recount can take it in.
    LabelOverride.objects.create(
        sentence=sentence,
        field="label",
        old_value="named_person",
        new_value="vague",
        reason="x",
        editor=editor,
    )
    before = {outlet.name: outlet.scores.count() for outlet in Outlet.objects.all()}
    response = act(editor_client, OUTLETS, "rescore", [courier])
    assert shown(response)[-1] == (
        "Rescored 1 outlet(s): recounted their articles and added 3 score snapshot(s)."
    )
    assert courier.scores.count() == before["Careful Courier"] + 3
    assert set(courier.scores.order_by("-pk").values_list("window", flat=True)[:3]) == {"all", "90d", "30d"}
    assert Outlet.objects.get(name="Rumour Rag").scores.count() == before["Rumour Rag"]
    assert ArticleTally.objects.get(article=sentence.article).vague == 1
    assert_totals_add_up()


def key_in(messages):
    found = [re.search(r"Token ([\w-]+)", message) for message in messages]
    return next(match.group(1) for match in found if match)


def api_status(key):
    return Client().get("/api/v1/outlets/", headers={"Authorization": f"Token {key}"}).status_code


def test_an_editor_issues_a_token_whose_key_is_shown_once_and_works(editor_client, editor):
    form = editor_client.get(f"{TOKENS}add/").content.decode()
    assert 'name="name"' in form and 'name="revoked_at"' not in form  # the add form asks only for a name
    response = editor_client.post(f"{TOKENS}add/", {"name": "Newsroom Metabase"}, follow=True)
    messages = shown(response)
    key = key_in(messages)
    assert any("will not be shown again" in message for message in messages)
    assert f'curl -H "Authorization: Token {key}" http://testserver/api/v1/outlets/' in "".join(messages)
    token = DashboardToken.objects.get()
    assert (token.name, token.created_by, token.prefix) == ("Newsroom Metabase", editor, key[:8])
    assert token.key_hash == hash_key(key)
    assert key not in json.dumps(list(DashboardToken.objects.values()), default=str)  # only the hash kept
    for page in (editor_client.get(TOKENS), editor_client.get(f"{TOKENS}{token.pk}/change/")):
        assert page.status_code == 200 and key not in page.content.decode()  # never shown again
    assert api_status(key) == 200


def test_a_revoked_token_stops_working_and_is_kept(editor_client):
    token, key = DashboardToken.issue("Old dashboard")
    response = act(editor_client, TOKENS, "revoke", [token])
    assert shown(response)[-1] == "Revoked 1 token(s); they no longer work and are kept for the record."
    token.refresh_from_db()
    assert not token.is_active
    assert api_status(key) == 401
    assert editor_client.post(f"{TOKENS}{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DashboardToken.objects.filter(pk=token.pk).exists()


def test_viewers_get_nothing_for_tokens(client):
    call_command(
        "create_editor", username="vera", password="a-long-viewer-password", role="viewer", stdout=None
    )
    client.force_login(get_user_model().objects.get(username="vera"))
    assert client.get(TOKENS).status_code == 403
    assert client.post(f"{TOKENS}add/", {"name": "Mine"}).status_code == 403
    assert not DashboardToken.objects.exists()
