"""Outlets and claims as JSON-LD: who may read them, the media type, the values they carry, and their
validity against a small local table of schema.org types and properties (no network)."""

import json

import pytest
from django.db.models import Q

from reliability.api.claims import current_analyses
from reliability.models import ClaimLink, OutletScore
from reliability.scoring import CRITERIA

pytestmark = pytest.mark.django_db

# The schema.org properties these documents may use, per type (a subset of schema.org, inherited
# properties included): a misspelt property or a property on the wrong type fails the check.
THING = {"@id", "@type", "name", "url", "identifier", "alternateName", "sameAs", "description"}
CREATIVE_WORK = THING | {
    "author",
    "datePublished",
    "citation",
    "hasPart",
    "isBasedOn",
    "publisher",
    "headline",
}
SCHEMA = {
    "Organization": THING | {"review"},
    "NewsMediaOrganization": THING | {"review", "subjectOf"},
    "Review": CREATIVE_WORK | {"reviewAspect", "reviewRating", "itemReviewed"},
    "ClaimReview": CREATIVE_WORK | {"reviewAspect", "reviewRating", "itemReviewed", "claimReviewed"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance"},
    "NewsArticle": CREATIVE_WORK,
    "Dataset": CREATIVE_WORK,
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "author"},
}
REQUIRED = {
    "ClaimReview": {"claimReviewed", "itemReviewed", "reviewRating", "author", "url"},
    "Rating": {"bestRating", "worstRating"},
    "Claim": {"author", "appearance"},
}


def check(node, path="$"):
    """Every object with a @type is of a known type, uses only that type's properties and, unless it only
    points at another document, has its required ones; returns the types seen."""
    seen = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            seen += check(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind is not None:
            assert kind in SCHEMA, f"{path}: unknown type {kind}"
            assert set(node) - {"@context"} <= SCHEMA[kind], (
                f"{path}: {set(node) - SCHEMA[kind]} not on {kind}"
            )
            reference = set(node) <= {"@id", "@type"}  # points at a node described in its own document
            assert reference or REQUIRED.get(kind, set()) <= set(node), (
                f"{path}: {kind} lacks {REQUIRED[kind] - set(node)}"
            )
            seen.append(kind)
        for key, value in node.items():
            seen += check(value, f"{path}.{key}")
    return seen


def get_jsonld(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["@context"] == "https://schema.org"
    return document


def a_claim(outlet="careful-courier"):
    row = current_analyses().filter(is_claim=True, sentence__article__outlet__slug=outlet)
    return row.select_related("sentence__article").order_by("sentence_id").first()


def test_an_outlet_is_a_news_organisation_reviewed_per_window(news, token_api):
    document = get_jsonld(token_api, "/signals/outlets/careful-courier.jsonld")
    assert document["@type"] == "NewsMediaOrganization"
    assert document["@id"] == "http://testserver/signals/outlets/careful-courier.jsonld"
    assert document["name"] == "Careful Courier"
    assert document["url"] == "http://testserver/outlets/careful-courier/"
    assert document["subjectOf"]["url"] == "http://testserver/api/v1/outlets/careful-courier/"

    reviews = {review["name"]: review for review in document["review"]}
    # The news is from August 2025: the 90- and 30-day windows have no claims, so no score and no review.
    assert set(reviews) == {"Source reliability, all time"}
    latest = OutletScore.objects.filter(outlet__slug="careful-courier", window="all").first()
    overall = reviews["Source reliability, all time"]
    assert overall["reviewRating"]["ratingValue"] == latest.overall
    assert (overall["reviewRating"]["worstRating"], overall["reviewRating"]["bestRating"]) == (0, 100)
    assert [part["identifier"] for part in overall["hasPart"]] == [name for name, _, _ in CRITERIA]
    assert overall["author"] == {
        "@type": "Organization",
        "name": "Source reliability",
        "url": "http://testserver/",
    }

    kinds = check(document)
    assert kinds.count("Review") == 1 + len(CRITERIA)


def test_an_outlets_evidence_links_resolve_to_claim_reviews_and_articles(news, token_api):
    document = get_jsonld(token_api, "/signals/outlets/careful-courier.jsonld")
    cited = [ref for review in document["review"] for part in review["hasPart"] for ref in part["citation"]]
    claims = {ref["@id"] for ref in cited if ref["@type"] == "ClaimReview"}
    articles = {ref["@id"]: ref["headline"] for ref in cited if ref["@type"] == "NewsArticle"}
    assert claims, "the all-time criteria cite the claims behind them"
    assert articles, "the per-article criteria cite the articles, by headline"
    assert len(claims) + len(set(articles)) == len({ref["@id"] for ref in cited})
    for url in claims:
        assert url.startswith("http://testserver/signals/claims/")
        claim = get_jsonld(token_api, url.removeprefix("http://testserver"))
        assert claim["@type"] == "ClaimReview"
    for url, headline in articles.items():
        assert url.startswith("http://testserver/api/v1/articles/")
        found = token_api.get(url.removeprefix("http://testserver"))
        assert found.status_code == 200 and found.json()["title"] == headline


def test_a_claim_is_a_claim_review_of_its_sentence(news, token_api):
    row = a_claim()
    article = row.sentence.article
    document = get_jsonld(token_api, f"/signals/claims/{row.sentence_id}.jsonld")
    assert check(document)[0] == "ClaimReview"
    linked = ClaimLink.objects.filter(Q(sentence=row.sentence) | Q(other=row.sentence))
    others = {link.other_id if link.sentence_id == row.sentence_id else link.sentence_id for link in linked}
    assert others, "the harbour claim is linked to the other outlet's"
    assert {ref["@id"] for ref in document["citation"]} == {
        f"http://testserver/signals/claims/{other}.jsonld" for other in others
    }
    assert document["claimReviewed"] == row.sentence.text
    assert document["url"] == f"http://testserver/articles/{article.pk}/"
    assert document["author"]["name"] == "Source reliability"
    claim = document["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {
        "@type": "NewsMediaOrganization",
        "@id": "http://testserver/signals/outlets/careful-courier.jsonld",
        "name": "Careful Courier",
    }
    assert claim["appearance"]["url"] == article.url
    assert claim["appearance"]["headline"] == article.title
    assert document["isBasedOn"]["url"] == f"http://testserver/api/v1/claims/{row.sentence_id}/"


def test_a_claims_rating_is_its_attribution_weight_and_follows_an_editors_correction(news, token_api, editor):
    from reliability.models import LabelOverride, default_label_weights

    row = a_claim()
    rating = get_jsonld(token_api, f"/signals/claims/{row.sentence_id}.jsonld")["reviewRating"]
    assert rating["ratingValue"] == default_label_weights()[row.label]
    assert rating["ratingExplanation"].startswith("Attribution: ")

    LabelOverride.objects.create(
        sentence=row.sentence,
        field="label",
        old_value=row.label,
        new_value="vague",
        reason="No one is named.",
        editor=editor,
    )
    rating = get_jsonld(token_api, f"/signals/claims/{row.sentence_id}.jsonld")["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"]) == (0.15, "vague")
    assert "as corrected by an editor" in rating["ratingExplanation"]


def test_viewers_read_it_and_anonymous_visitors_do_not(news, client, viewer):
    row = a_claim()
    urls = ["/signals/outlets/careful-courier.jsonld", f"/signals/claims/{row.sentence_id}.jsonld"]
    for url in urls:
        assert client.get(url).status_code in (401, 403)
    client.force_login(viewer)
    for url in urls:
        assert client.get(url)["Content-Type"] == "application/ld+json"


def test_unknown_outlets_and_sentences_that_are_no_claims_are_not_found(news, token_api):
    assert token_api.get("/signals/outlets/no-such-outlet.jsonld").status_code == 404
    assert token_api.get("/signals/claims/999999.jsonld").status_code == 404
    not_a_claim = current_analyses().filter(is_claim=False).first()
    if not_a_claim is not None:
        assert token_api.get(f"/signals/claims/{not_a_claim.sentence_id}.jsonld").status_code == 404
