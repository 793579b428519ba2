"""Outlets and claims as JSON-LD (schema.org), built from the REST API's own objects so both say the same.

An outlet is a NewsMediaOrganization with one Review per window (the score as a 0–100 Rating, its
criteria as parts, the claims behind each criterion cited); a claim is a ClaimReview of the sentence,
rated by how well it is attributed (the editorial settings' weight for its label) and supported.
`link(name, *args)` gives an absolute URL for a named route, so these stay plain functions.
"""

from reliability.analysis.vocabulary import LABEL_NAMES
from reliability.models import WINDOWS

CONTEXT = "https://schema.org"
MEDIA_TYPE = "application/ld+json"
WINDOW_NAMES = dict(WINDOWS)


OUT_OF_WORDS = {"claims": "claims", "articles": "articles", "own_sentences": "sentences in its own voice"}


def organisation(name, url):
    """Us, the reviewer."""
    return {"@type": "Organization", "name": name, "url": url}


def _evidence_ref(link, proof):
    """A claim's review, or, for what a whole article is judged on (its headline, its sourcing), the
    article."""
    if proof.get("sentence") is None:
        article = link("articles-detail", proof["article"])
        return {"@type": "NewsArticle", "@id": article, "headline": proof["text"]}
    return {"@type": "ClaimReview", "@id": link("signals-claim", proof["sentence"])}


def _criterion(item, link):
    goodness = item["value"] if item["higher_is_better"] else 1 - item["value"]
    share = f"{item['value']:.0%} (95% interval {item['low']:.0%}–{item['high']:.0%})"
    better = "higher is better" if item["higher_is_better"] else "lower is better"
    return {
        "@type": "Review",
        "reviewAspect": item["title"],
        "identifier": item["name"],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": round(100 * goodness, 1),
            "worstRating": 0,
            "bestRating": 100,
            "ratingExplanation": (
                f"{share} over {item['n']} {OUT_OF_WORDS[item.get('out_of') or 'claims']}, {better}; "
                f"weight {item['weight']:g}."
            ),
        },
        "citation": [_evidence_ref(link, proof) for proof in item.get("evidence", [])],
    }


def _window_review(window, figures, reviewer, link):
    model, counts = figures["model_overall"], f"{figures['claims']} claims in {figures['articles']} articles"
    if model is None:  # a window without claims: only an editor's figure can stand here
        explanation = f"The model gives no score: {counts}."
    else:
        few = ", too few claims to stand alone, so shrunk towards the corpus" if figures["few_claims"] else ""
        interval = f"{figures['low']:g}–{figures['high']:g}"
        explanation = f"{model:g} of 100 (interval {interval}) from {counts}{few}."
    if figures["override"]:
        explanation += f" Set by an editor to {figures['overall']:g}: {figures['override']['reason']}"
    return {
        "@type": "Review",
        "name": f"Source reliability, {WINDOW_NAMES[window]}",
        "reviewAspect": "source reliability",
        "author": reviewer,
        "datePublished": figures["computed_at"],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": figures["overall"],
            "worstRating": 0,
            "bestRating": 100,
            "ratingExplanation": explanation,
        },
        "hasPart": [_criterion(item, link) for item in figures["criteria"]],
    }


def outlet_document(row, reviewer, link):
    """JSON-LD for one outlet of the API (scores.outlet_rows with evidence)."""
    return {
        "@context": CONTEXT,
        "@type": "NewsMediaOrganization",
        "@id": link("signals-outlet", row["slug"]),
        "identifier": row["slug"],
        "name": row["name"],
        "url": link("review:outlet", row["slug"]),
        "subjectOf": {"@type": "Dataset", "url": link("outlets-detail", row["slug"])},
        "review": [
            _window_review(window, figures, reviewer, link)
            for window, figures in row["scores"].items()
            if figures is not None and figures["overall"] is not None  # a window with no score has no review
        ],
    }


def _support(claim):
    attribution = claim["attribution"]
    parts = [f"Attribution: {LABEL_NAMES[attribution['label']]}"]
    if attribution["source"]:
        parts[0] += f" ({attribution['source']['text']})"
    if attribution["justified"] and attribution["label"] == "anonymous":
        parts.append("the anonymity is justified")
    if claim["corroborated_by"]:
        parts.append(f"corroborated by {len(claim['corroborated_by'])} claim(s) elsewhere")
    if claim["contradicted_by"]:
        parts.append(f"contradicted by {len(claim['contradicted_by'])} claim(s) elsewhere")
    if claim["unsupported"]:
        parts.append("unsupported")
    if claim["overridden"]:
        parts.append("as corrected by an editor")
    return "; ".join(parts) + "."


def claim_document(claim, outlet_name, article, weights, reviewer, link):
    """A ClaimReview for one claim of the API (claims.claim_rows), given its outlet's name, its article
    and the editorial settings' label weights."""
    label = claim["attribution"]["label"]
    outlet = {
        "@type": "NewsMediaOrganization",
        "@id": link("signals-outlet", claim["outlet"]),
        "name": outlet_name,
    }
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": link("signals-claim", claim["id"]),
        "url": link("review:article", claim["article"]),
        "claimReviewed": claim["text"],
        "datePublished": claim["analysed_at"],
        "author": reviewer,
        "itemReviewed": {
            "@type": "Claim",
            "author": outlet,
            "datePublished": claim["published_at"],
            "appearance": {
                "@type": "NewsArticle",
                "url": article.url or link("review:article", claim["article"]),
                "headline": article.display_title,
                "publisher": outlet,
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": weights.get(label, 0.0),
            "worstRating": 0,
            "bestRating": 1,
            "alternateName": LABEL_NAMES[label],
            "ratingExplanation": _support(claim),
        },
        "isBasedOn": {"@type": "Dataset", "url": link("claims-detail", claim["id"])},
        "citation": [
            _evidence_ref(link, {"sentence": other})
            for other in claim["corroborated_by"] + claim["contradicted_by"]
        ],
    }
