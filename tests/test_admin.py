"""The back office: editors see what was ingested and move articles to the outlet that wrote them."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.ingest import ingest_files
from articles.models import Article, Outlet


@pytest.fixture
def seeds(db):
    call_command("load_seeds", no_progress=True, stdout=None)


def seed(prefix):
    return Article.objects.get(source_name__contains=f"/{prefix}_")


def test_anonymous_visitors_are_sent_to_sign_in(client, seeds):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editors_see_the_seeds_with_their_outlets(editor_client, seeds):
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Trump to meet Putin at Joint Base Elmendorf-Richardson in Anchorage" in page
    assert "The New York Times" in page and "Juneau Empire" in page and "Newsmax" in page
    outlets = editor_client.get(
        reverse("admin:articles_outlet_changelist") + "?kind=unknown"
    ).content.decode()
    assert outlets.count(">Unknown outlet: ") == 2


def test_search_finds_sentences_and_filters_by_outlet(editor_client, seeds):
    newsmax = Outlet.objects.get(name="Newsmax")
    url = reverse("admin:articles_sentence_changelist")
    page = editor_client.get(
        url, {"q": "Flightradar", "article__outlet__id__exact": newsmax.pk}
    ).content.decode()
    assert "According to Flightradar tracking data" in page
    assert "1 sentence" in page


def test_article_text_is_escaped_in_the_back_office(editor_client, seeds):
    page = editor_client.get(reverse("admin:articles_article_change", args=[seed("001").pk])).content.decode()
    assert "&lt;strong&gt;" in page
    assert "<strong>Ḵ</strong>" not in page


def test_reassigning_an_unknown_outlet_moves_the_article_and_removes_the_empty_outlet(editor_client, seeds):
    article = seed("003")
    unknown = article.outlet
    sentences = list(article.sentences.values_list("pk", "text"))
    target = Outlet.objects.create(name="Example Wire News", slug="example-wire-news")
    url = reverse("admin:articles_article_changelist")
    form = editor_client.post(url, {"action": "reassign_outlet", "_selected_action": [article.pk]})
    assert "Choose the outlet that wrote these articles" in form.content.decode()
    done = editor_client.post(
        url,
        {"action": "reassign_outlet", "_selected_action": [article.pk], "apply": "1", "outlet": target.pk},
        follow=True,
    )
    assert "Moved 1 article(s) to Example Wire News." in done.content.decode()
    article.refresh_from_db()
    assert article.outlet == target
    assert not Outlet.objects.filter(pk=unknown.pk).exists()
    assert list(article.sentences.values_list("pk", "text")) == sentences


def test_changing_the_outlet_on_the_article_page_also_tidies_up(editor_client, seeds):
    article = seed("000")
    unknown = article.outlet
    target = Outlet.objects.get(name="Newsmax")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(
        url,
        {
            "title": "",
            "outlet": target.pk,
            "carried_by": "",
            "url": "",
            "published_at_0": "2025-08-15",
            "published_at_1": "00:00:00",
            "sentences-TOTAL_FORMS": "0",
            "sentences-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.outlet == target
    assert not Outlet.objects.filter(pk=unknown.pk).exists()


@pytest.mark.django_db
def test_stored_analyses_show_in_the_admin_with_their_spans_escaped(admin_client, write, model_dir):
    from reliability.models import SentenceAnalysis
    from reliability.storage import analyse_pending

    list(ingest_files([write("a.txt", "Officials said the <i>bridge</i> closed on Monday.")]))
    analyse_pending(None)
    row = SentenceAnalysis.objects.get()
    page = admin_client.get(f"/admin/reliability/sentenceanalysis/{row.pk}/change/")
    assert page.status_code == 200
    assert "&lt;i&gt;bridge&lt;/i&gt;" in page.content.decode()
    assert "<i>bridge</i>" not in page.content.decode()
    listing = admin_client.get("/admin/reliability/sentenceanalysis/?label__exact=anonymous")
    assert listing.status_code == 200 and "1 sentence analysis" in listing.content.decode()


@pytest.mark.django_db
def test_scores_links_and_stories_show_in_the_admin(admin_client, model_dir):
    from reliability.models import ClaimLink, OutletScore, Story
    from reliability.refresh import analyse_and_score

    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)
    score = OutletScore.objects.filter(outlet__name="Newsmax", window="all").latest("computed_at")
    page = admin_client.get(f"/admin/reliability/outletscore/{score.pk}/change/").content.decode()
    assert "Contradicted by most outlets that cover it" in page and "Unsupported claims" in page
    assert "Russian aircraft arrived in Alaska" in page  # a claim behind a criterion
    links = admin_client.get("/admin/reliability/claimlink/?kind__exact=contradicts").content.decode()
    assert "11:30 a.m. local time" in links and "Ted Stevens International Airport" in links
    story = Story.objects.get()
    assert "4</td>" in admin_client.get("/admin/reliability/story/").content.decode()
    assert ClaimLink.objects.filter(story=story).exists()


@pytest.mark.django_db
def test_merging_stories_in_the_admin_relinks_them(admin_client, write, model_dir):

    from reliability.models import Story
    from reliability.refresh import analyse_and_score

    lines = [
        json.dumps(
            {
                "url": f"https://{name}.example/1",
                "outlet": name,
                "title": title,
                "published_at": day,
                "text": text,
            }
        )
        for name, title, day, text in [
            (
                "north",
                "Ferry strike",
                "2025-01-01",
                "Ferry crews in Aldport walked out on Monday, the union said.",
            ),
            (
                "south",
                "Dairy prices",
                "2025-01-01",
                "Milk prices in Brenford rose 4 percent, dairy farmers said.",
            ),
        ]
    ]
    list(ingest_files([write("two.jsonl", "\n".join(lines))]))
    analyse_and_score(None)
    assert Story.objects.count() == 2
    response = admin_client.post(
        "/admin/reliability/story/",
        {"action": "merge_stories", "_selected_action": [story.pk for story in Story.objects.all()]},
    )
    assert response.status_code == 302
    assert Story.objects.count() == 1 and Story.objects.get().curated


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["labeloverride", "scoreoverride"])
def test_the_audit_log_is_read_only_even_for_superusers(admin_client, editor, model_dir, model):
    from reliability.models import LabelOverride, ScoreOverride
    from reliability.overrides import change_sentence, override_score
    from reliability.refresh import analyse_and_score

    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)
    change = (
        change_sentence(Article.objects.first().sentences.first(), "label", "vague", "check", editor, None)
        if model == "labeloverride"
        else override_score(Outlet.objects.get(name="Newsmax"), "all", 50, "check", editor, None)
    )
    url = f"/admin/reliability/{model}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(f"{url}add/").status_code == 403
    assert admin_client.post(f"{url}add/", {"reason": "added"}).status_code == 403
    assert admin_client.post(f"{url}{change.pk}/change/", {"reason": "edited"}).status_code == 403
    assert admin_client.post(f"{url}{change.pk}/delete/", {"post": "yes"}).status_code == 403
    log = LabelOverride if model == "labeloverride" else ScoreOverride
    assert list(log.objects.values_list("reason", flat=True)) == ["check"]


def settings_form(**changes):
    """The settings form as an editor sends it: each weight in a field of its own."""
    from reliability.models import default_criterion_weights, default_label_weights

    return {
        "note": "Anonymous sourcing counts for less",
        **{f"label_weight_{label}": weight for label, weight in default_label_weights().items()},
        "justified_anonymity_bonus": 0.2,
        **{f"criterion_weight_{name}": weight for name, weight in default_criterion_weights().items()},
        "prior_strength": 20,
        "small_outlet_claims": 30,
        "story_window_days": 3,
        "story_similarity": 0.2,
        "claim_similarity": 0.3,
        **changes,
    }


def test_an_invalid_weight_is_refused_with_a_message_and_stores_nothing(editor_client, editor):
    from reliability.models import EditorialSettings
    from reliability.scoring import current_settings

    current_settings()
    url = "/admin/reliability/editorialsettings/add/"
    response = editor_client.post(url, settings_form(label_weight_anonymous=1.5))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 1" in response.content.decode()
    assert list(EditorialSettings.objects.values_list("version", flat=True)) == [1]
    unexplained = editor_client.post(url, settings_form(note=""))
    assert unexplained.status_code == 200 and EditorialSettings.objects.count() == 1  # a reason is required
    assert editor_client.post(url, settings_form()).status_code == 302
    saved = EditorialSettings.objects.get(version=2)
    assert (saved.created_by, saved.note) == (editor, "Anonymous sourcing counts for less")


def test_editorial_settings_are_a_form_of_number_fields_not_json(editor_client, editor):
    from reliability.models import EditorialSettings, default_criterion_weights, default_label_weights
    from reliability.scoring import current_settings

    current_settings()
    url = "/admin/reliability/editorialsettings/add/"
    page = editor_client.get(url).content.decode()
    assert "<textarea" not in page.split('name="note"')[1]  # no JSON to edit
    assert 'name="label_weight_anonymous" value="0.4"' in page and "“named organisation”" in page
    assert "Vague sourcing" in page and 'name="criterion_weight_vague_rate" value="0.148"' in page
    assert editor_client.post(url, settings_form(label_weight_anonymous=0.3)).status_code == 302
    saved = EditorialSettings.objects.get(version=2)
    assert saved.label_weights == {**default_label_weights(), "anonymous": 0.3}
    assert saved.criterion_weights == default_criterion_weights()
    nothing = {f"criterion_weight_{name}": 0 for name in default_criterion_weights()}
    refused = editor_client.post(url, settings_form(**nothing))
    assert refused.status_code == 200 and "not all zero" in refused.content.decode()
    assert EditorialSettings.objects.count() == 2


@pytest.mark.django_db
def test_every_registered_model_lists_filters_and_searches(admin_client, model_dir):
    from django.contrib import admin

    from reliability.refresh import analyse_and_score

    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert admin_client.get(url, {"q": "news"}).status_code == 200, url


def test_editors_see_tallies_and_domains_but_not_the_apis_bookkeeping(editor_client, seeds):
    assert editor_client.get("/admin/reliability/articletally/").status_code == 200
    assert editor_client.get("/admin/articles/outletdomain/", {"q": "newsmax"}).status_code == 200
    assert editor_client.get("/admin/api/datastamp/").status_code == 403


@pytest.mark.django_db
def test_an_article_whose_analysis_failed_is_filtered_and_shows_the_reason(
    editor_client, write, model_dir, rules_fail_on
):
    from reliability.storage import analyse_pending

    paths = [
        write("wolves.txt", "Wolves in the park\n\nWolves were seen in the city park overnight."),
        write("bridge.txt", "Bridge closes\n\nThe bridge closed on Monday, police said."),
    ]
    wolves, bridge = (outcome.article for outcome in ingest_files(paths))
    rules_fail_on("Wolves")
    analyse_pending(None)
    url = reverse("admin:articles_article_changelist")

    def row(article):  # the title cell of the article's row in the list
        return f">{article.title}</a></th>"

    failed = editor_client.get(url, {"analysis_failed": "yes"}).content.decode()
    assert row(wolves) in failed and row(bridge) not in failed
    assert '<img src="/static/admin/img/icon-yes.svg" alt="True">' in failed
    fine = editor_client.get(url, {"analysis_failed": "no"}).content.decode()
    assert row(bridge) in fine and row(wolves) not in fine
    assert '<img src="/static/admin/img/icon-no.svg" alt="False">' in fine

    page = editor_client.get(reverse("admin:articles_article_change", args=[wolves.pk])).content.decode()
    assert "Failed (rules only, " in page
    assert "): ValueError: max() arg is an empty sequence — the next analysis run tries it again." in page


@pytest.mark.django_db
def test_a_credit_line_naming_no_publication_shows_as_the_articles_credit_note(editor_client, write):
    raw = "The council met to vote on the budget.\n\nThis article originally appeared on July 12, 2019.\n"
    [outcome] = ingest_files([write("a.txt", raw)])
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[outcome.article.pk])
    ).content.decode()
    assert '<div class="readonly">This article originally appeared on July 12, 2019.</div>' in page
    assert not Outlet.objects.filter(name__icontains="July").exists()


@pytest.mark.django_db
def test_reanalysing_an_article_whose_analysis_raises_says_so_and_keeps_its_analysis(
    editor_client, write, model_dir, rules_fail_on
):
    from reliability.models import ArticleAnalysis
    from reliability.storage import analyse_pending

    wolves, bridge = (
        outcome.article
        for outcome in ingest_files(
            [
                write("wolves.txt", "Wolves in the park\n\nWolves were seen in the city park overnight."),
                write("bridge.txt", "Bridge closes\n\nThe bridge closed on Monday, police said."),
            ]
        )
    )
    analyse_pending(None)
    before = set(ArticleAnalysis.objects.filter(article=wolves).values_list("pk", flat=True))
    rules_fail_on("Wolves")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reanalyse_articles", "_selected_action": [wolves.pk, bridge.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]][1:]  # after the rules-only warning
    assert messages[0] == (
        f"Analysis failed for article {wolves.pk} (Wolves in the park): "
        "ValueError: max() arg is an empty sequence"
    )
    assert messages[1].startswith("Reanalysed 1 article(s) with rules only;")
    assert set(ArticleAnalysis.objects.filter(article=wolves).values_list("pk", flat=True)) == before


def test_the_article_list_and_page_show_a_stored_article_ingest_would_refuse(editor_client, odd_article):
    assert editor_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    page = editor_client.get(reverse("admin:articles_article_change", args=[odd_article.pk]))
    assert page.status_code == 200
