"""What the public may read, when the newsroom publishes outlet pages: each outlet's score on show, its
criteria and the claims behind them, and nothing of the review behind it (no editor, no override's
reason or author, no note, no queue or job)."""

from articles.models import Sentence
from articles.outlets import listed_outlets
from reliability.models import EditorialSettings, SentenceAnalysis
from reliability.overrides import displayed_score, displayed_scores, views
from reliability.scoring import explain
from reliability.summary import breakdown, claims_behind, summary

FOUND_CLAIMS = 20  # at most, for words a publisher looks up
QUERY_LENGTH = (3, 200)  # the shortest and longest words looked up


def pages_are_public():
    """Whether the settings in force publish the outlet pages; off until an editor turns it on."""
    settings = EditorialSettings.objects.order_by("-version").only("public_outlet_pages").first()
    return settings is not None and settings.public_outlet_pages


def is_published(outlet):
    """Whether the outlet has a public page now: the pages are published and it is one of them."""
    return pages_are_public() and listed_outlets().filter(pk=outlet.pk).exists()


def public_outlets():
    """The outlets a publisher may dispute (listed_outlets: with an article of their own, and not a
    placeholder for an outlet not yet known), by name, each with its all-time score on show."""
    outlets = list(listed_outlets())
    shown = displayed_scores(outlets)
    return [(outlet, shown[outlet.pk]) for outlet in outlets]


def public_outlet(outlet):
    """The public page's figures for the outlet's all-time score: the score on show (an override is
    marked, with the model's figure, but not who set it or why), the summary, the points and the claims
    behind them, each once with its number and label."""
    score = displayed_score(outlet)
    explain([score.snapshot])
    found = breakdown(score.snapshot) if score.value is not None else None
    return {
        "outlet": outlet,
        "score": score,
        "snapshot": score.snapshot,
        "summary": summary(score, found),
        "breakdown": found,
        "claims": claims_behind(found.parts) if found else [],
    }


def find_claims(outlet, words):
    """The outlet's claims (in the analyses its figures rest on) whose text holds these words, each with
    its number and its label on show, in the order of the text: how a publisher finds a claim's number
    to dispute it. Nothing for words too short or too long to look up."""
    words = (words or "").strip()
    if not QUERY_LENGTH[0] <= len(words) <= QUERY_LENGTH[1]:
        return []
    rows = (
        SentenceAnalysis.objects.current()
        .filter(is_claim=True, sentence__article__outlet=outlet, sentence__text__icontains=words)
        .order_by("sentence__article_id", "sentence__order")
        .values_list("sentence_id", flat=True)[:FOUND_CLAIMS]
    )
    shown = views(Sentence.objects.filter(pk__in=list(rows)).order_by("article_id", "order"))
    return [{"sentence": item.sentence.pk, "text": item.sentence.text, "label": item.label} for item in shown]
