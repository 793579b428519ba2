"""The API's lists as a dashboard reads them: claim objects with exact offsets, each filter, cursor
pagination, outlets with their scores, score history, stories, articles and contradictions."""

import pytest

from articles.models import Article, Outlet, Sentence
from reliability.models import OutletScore, Story
from reliability.overrides import change_sentence, override_score
from tests.conftest import NEWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(news, token_api):
    return token_api


def get(api, url, status=200):
    response = api.get(url)
    assert response.status_code == status, response.content
    return response.json()


def texts(api, url):
    """The start of each claim's text, for every page of a claims query."""
    found, page = [], get(api, url)
    while True:
        found += [row["text"][:20] for row in page["results"]]
        if not page["next"]:
            return found
        page = get(api, page["next"])


def test_a_claim_has_exact_offsets_its_attribution_and_its_support(api):
    mayor = Sentence.objects.get(text__startswith="Mayor Lena Ortiz")
    rival = Sentence.objects.get(text__startswith="The harbour talks will start")
    claim = get(api, f"/api/v1/claims/{mayor.pk}/")
    body = Article.objects.get(pk=claim["article"]).body
    assert body[claim["start"] : claim["end"]] == claim["text"] == NEWS[0]["text"].split("\n\n")[0]
    assert (claim["start"], claim["raw_start"], claim["outlet"], claim["order"]) == (
        0,
        0,
        "careful-courier",
        0,
    )
    assert claim["attribution"]["label"] == "named_person"
    assert claim["attribution"]["source"] == {"start": 0, "end": 16, "text": "Mayor Lena Ortiz"}
    assert claim["attribution"]["cue"]["text"] == "said"
    assert claim["contradicted_by"] == [rival.pk] and claim["corroborated_by"] == [rival.pk]
    assert claim["unsupported"] is False and claim["published_at"] == "2025-08-10T09:00:00Z"


def test_a_later_claims_offsets_point_into_the_body(api):
    sentence = Sentence.objects.get(text__startswith="The council approved")
    claim = get(api, f"/api/v1/claims/{sentence.pk}/")
    start = NEWS[0]["text"].index("The council approved")
    assert (claim["start"], claim["raw_start"]) == (start, start)
    source = claim["attribution"]["source"]
    assert claim["attribution"]["label"] == "document"
    assert NEWS[0]["text"][source["start"] : source["end"]] == "the published council minutes"


def test_an_unknown_claim_is_404(api):
    assert get(api, "/api/v1/claims/999999/", status=404)["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=rumour-rag&label=vague", ["Experts say the harbo", "A celebrity chef is s"]),
        ("outlet=rumour-rag&unsupported=true", ["A celebrity chef is s"]),
        ("contradicted=true", ["Mayor Lena Ortiz said", "The harbour talks wil"]),
        ("outlet=careful-courier&corroborated=false", ["Councillor Ruth Abern", "The wing holds 20,000"]),
        ("since=2025-08-15", ["Councillor Ruth Abern", "The wing holds 20,000"]),
        (
            "until=2025-08-10T23:59:59Z",
            ["Mayor Lena Ortiz said", "The council approved ", "The ferry company tol"],
        ),
        ("is_claim=false", []),
        ("since=2025-08-19T17:00:00-15:50", ["Councillor Ruth Abern", "The wing holds 20,000"]),
        ("since=2025-08-19T18:00:00-17:50", []),  # an offset PostgreSQL itself would refuse
    ],
)
def test_claim_filters(api, query, expected):
    assert texts(api, f"/api/v1/claims/?{query}") == [text[:20] for text in expected]


def test_claims_filter_by_story_and_article(api):
    library = Article.objects.get(title="Library wing opens")
    story = library.story_membership.story_id
    assert len(texts(api, f"/api/v1/claims/?story={story}")) == 2
    assert len(texts(api, f"/api/v1/claims/?article={library.pk}")) == 2


@pytest.mark.parametrize(
    "query",
    [
        "label=rumour",
        "since=yesterday",
        "unsupported=perhaps",
        "story=first",
        "story=99999999999999999999",
        "window=forever",
        "until=0001-01-01T00:00:00%2B05:00",
    ],
)
def test_a_malformed_filter_is_a_400_that_says_what_is_wrong(api, query):
    url = "/api/v1/scores/" if query.startswith("window") else "/api/v1/claims/"
    problem = get(api, f"{url}?{query}", status=400)
    assert query.split("=")[0] in problem


def test_cursor_pages_cover_every_claim_once_in_order(api):
    first = get(api, "/api/v1/claims/?page_size=4")
    assert len(first["results"]) == 4 and first["previous"] is None and "cursor=" in first["next"]
    everything = texts(api, "/api/v1/claims/?page_size=4")
    assert len(everything) == len(set(everything)) == Sentence.objects.count() == 9
    ids = [row["id"] for row in get(api, "/api/v1/claims/?page_size=1000")["results"]]
    assert ids == sorted(ids)


def test_a_garbled_cursor_is_a_404_not_an_error(api):
    assert get(api, "/api/v1/claims/?cursor=garbage", status=404)["detail"]


def test_outlets_carry_their_scores_in_each_window_with_criteria(api):
    outlets = {row["slug"]: row for row in get(api, "/api/v1/outlets/")["results"]}
    assert set(outlets) == {"careful-courier", "rumour-rag"}
    rag = outlets["rumour-rag"]
    latest = OutletScore.objects.filter(outlet__slug="rumour-rag", window="all").order_by("-pk").first()
    assert (rag["articles"], rag["claims"]) == (1, 4)
    assert rag["scores"]["all"]["overall"] == rag["scores"]["all"]["model_overall"] == latest.overall
    assert set(rag["scores"]) == {"all", "90d", "30d"}
    assert [item["name"] for item in rag["scores"]["all"]["criteria"]] == [
        "own_reporting",
        "sourcing_breadth",
        "attribution_quality",
        "unsupported_rate",
        "anonymous_rate",
        "vague_rate",
        "media_rate",
        "loaded_language",
        "rumour_rate",
        "sensational_headlines",
        "unsupported_headlines",
        "contradiction_rate",
    ]
    assert outlets["careful-courier"]["scores"]["all"]["overall"] > rag["scores"]["all"]["overall"]
    assert "evidence" not in rag["scores"]["all"]["criteria"][0]


def test_an_outlet_page_lists_the_claims_behind_each_criterion(api):
    rag = get(api, "/api/v1/outlets/rumour-rag/")
    unsupported = next(
        item for item in rag["scores"]["all"]["criteria"] if item["name"] == "unsupported_rate"
    )
    assert [item["text"][:16] for item in unsupported["evidence"]] == ["A celebrity chef"]
    assert get(api, "/api/v1/outlets/no-such-outlet/", status=404)


def test_outlets_filter_by_kind(api):
    assert get(api, "/api/v1/outlets/?kind=wire")["results"] == []
    assert len(get(api, "/api/v1/outlets/?kind=publisher")["results"]) == 2


def test_score_history_filters_by_outlet_window_and_time(api):
    rows = get(api, "/api/v1/scores/?outlet=rumour-rag&window=all")["results"]
    snapshots = OutletScore.objects.filter(outlet__slug="rumour-rag", window="all").order_by("pk")
    assert [row["id"] for row in rows] == [snapshot.pk for snapshot in snapshots]
    assert rows[-1]["criteria"]["unsupported_rate"]["n"] == 4
    assert get(api, "/api/v1/scores/?since=2100-01-01")["results"] == []


def test_stories_list_their_outlets_and_filter_by_outlet(api):
    stories = get(api, "/api/v1/stories/")["results"]
    harbour = next(story for story in stories if len(story["outlets"]) == 2)
    assert harbour["outlets"] == ["careful-courier", "rumour-rag"] and harbour["articles"] == 2
    assert [story["id"] for story in get(api, "/api/v1/stories/?outlet=rumour-rag")["results"]] == [
        harbour["id"]
    ]
    assert Story.objects.count() == len(stories) == 2


def test_articles_filter_by_outlet_story_and_date(api):
    rag = get(api, "/api/v1/articles/?outlet=rumour-rag")["results"]
    assert [(row["title"], row["sentences"], row["outlet"]) for row in rag] == [
        ("Harbour talks on Friday", 4, "rumour-rag")
    ]
    assert [row["title"] for row in get(api, "/api/v1/articles/?since=2025-08-15")["results"]] == [
        "Library wing opens"
    ]
    story = rag[0]["story"]
    assert len(get(api, f"/api/v1/articles/?story={story}")["results"]) == 2


def test_contradictions_give_both_sides_and_their_values(api):
    [link] = get(api, "/api/v1/contradictions/?outlet=rumour-rag")["results"]
    sides = {link["outlet"]: link["value"], link["other_outlet"]: link["other_value"]}
    assert link["field"] == "time"
    assert sides == {"careful-courier": "10:30 a.m. local time", "rumour-rag": "11:30 a.m. local time"}
    assert get(api, "/api/v1/contradictions/?field=number")["results"] == []


def test_the_remaining_filters(api, editor):
    harbour = Article.objects.get(title="Harbour talks on Friday").story_membership.story
    assert [row["id"] for row in get(api, "/api/v1/stories/?curated=false")["results"]] != []
    assert get(api, "/api/v1/stories/?curated=true")["results"] == []
    assert len(get(api, "/api/v1/stories/?since=2025-08-15")["results"]) == 1
    assert len(get(api, "/api/v1/articles/?language=en")["results"]) == 3
    assert get(api, "/api/v1/articles/?language=fr")["results"] == []
    assert len(get(api, f"/api/v1/contradictions/?story={harbour.pk}")["results"]) == 1
    assert get(api, "/api/v1/contradictions/?until=2025-08-01")["results"] == []
    ferry = Sentence.objects.get(text__startswith="The ferry service")
    change_sentence(ferry, "label", "anonymous", "Desk source.", editor, seen=None)
    assert [row["claim"] for row in get(api, f"/api/v1/overrides/labels/?claim={ferry.pk}")["results"]] == [
        ferry.pk
    ]
    assert get(api, f"/api/v1/overrides/labels/?claim={ferry.pk + 1}")["results"] == []
    assert get(api, "/api/v1/overrides/scores/?window=30d&editor=nobody")["results"] == []


def test_model_versions_say_which_is_current_and_who_promoted_it(api, editor):
    from django.utils import timezone

    from reliability.models import ModelVersion

    ModelVersion.objects.create(
        version="v1", training_examples=10, data_sha256="a" * 64, promoted_at=timezone.now()
    )
    ModelVersion.objects.create(
        version="v2", training_examples=12, data_sha256="b" * 64, is_current=True, promoted_by=editor,
        promoted_at=timezone.now(), editor_examples=2,
    )  # fmt: skip
    ModelVersion.objects.create(version="v3", training_examples=14, data_sha256="c" * 64, trained_by=editor)
    rows = {row["version"]: row for row in get(api, "/api/v1/model-versions/")["results"]}
    assert {version: row["status"] for version, row in rows.items()} == {
        "v1": "retired",
        "v2": "current",
        "v3": "candidate",
    }
    assert (rows["v2"]["promoted_by"], rows["v2"]["editor_examples"], rows["v3"]["trained_by"]) == (
        "edna",
        2,
        "edna",
    )
    assert get(api, "/api/v1/model-versions/v3/")["status"] == "candidate"


def test_outlets_and_stories_sort_on_request(api, editor):
    def slugs(query):
        return [row["slug"] for row in get(api, f"/api/v1/outlets/?{query}")["results"]]

    assert slugs("ordering=score") == ["rumour-rag", "careful-courier"]
    assert slugs("ordering=-score") == ["careful-courier", "rumour-rag"]
    assert slugs("ordering=-name") == ["rumour-rag", "careful-courier"]
    override_score(
        Outlet.objects.get(slug="careful-courier"), "all", 1, "Test of sorting.", editor, seen=None
    )
    assert slugs("ordering=score") == ["careful-courier", "rumour-rag"]  # the score on show
    stories = get(api, "/api/v1/stories/?ordering=-articles")["results"]
    assert [story["articles"] for story in stories] == [2, 1]
    assert "ordering" in get(api, "/api/v1/outlets/?ordering=colour", status=400)


def test_score_history_says_what_moved_each_score(api):
    from reliability.models import EditorialSettings
    from reliability.refresh import rescore_outlets

    rag = Outlet.objects.get(slug="rumour-rag")
    current = EditorialSettings.objects.order_by("-version").first()
    current.pk, current.version, current.note = None, current.version + 1, "Weigh vagueness more"
    current.criterion_weights = {**current.criterion_weights, "vague_rate": 0.5}
    current.save()
    rescore_outlets([rag])
    rows = get(api, "/api/v1/scores/?outlet=rumour-rag&window=all")["results"]
    before, after = rows[-2], rows[-1]
    assert [part["cause"] for part in after["changes"]] == ["settings"]
    assert round(sum(part["points"] for part in after["changes"]), 2) == round(
        after["overall"] - before["overall"], 2
    )
    shown = get(api, "/api/v1/outlets/rumour-rag/")["scores"]["all"]["changes"]
    assert shown == after["changes"]


def test_articles_list_a_stored_article_ingest_would_refuse(token_api, odd_article):
    rows = get(token_api, "/api/v1/articles/")["results"]
    assert odd_article.pk in [row["id"] for row in rows]
