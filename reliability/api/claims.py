"""Claims as the API gives them: each sentence of an article's current analysis, editors' overrides
applied, with its attribution, support and evidence.

Rows are read as plain values and completed a chunk at a time (the chunk's overrides and links in two
queries), so a page of 100 and an export of a million rows cost the same per row.
"""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from reliability.api.exports import iso
from reliability.models import ClaimLink, LabelOverride, SentenceAnalysis
from reliability.overrides import apply
from reliability.support import UNSUPPORTED_LABELS

NEIGHBOURS = 4  # ids in a chunk's range per id in the chunk, at most, for links to be read by range

FIELDS = [
    "sentence_id",
    "sentence__article_id",
    "sentence__article__outlet__slug",
    "sentence__article__published_at",
    "sentence__article__story_membership__story_id",
    "sentence__order",
    "sentence__start",
    "sentence__end",
    "sentence__raw_start",
    "sentence__raw_end",
    "sentence__text",
    *SentenceAnalysis.DECISION_FIELDS,
    "analysis__analyser",
    "analysis__created_at",
]


def current_analyses():
    """Each sentence as its article's current analysis (the one its outlet's scores count) saw it."""
    return SentenceAnalysis.objects.current()


def _latest_override(field):
    return Subquery(
        LabelOverride.objects.filter(sentence=OuterRef("sentence_id"), field=field)
        .order_by("-created_at", "-pk")
        .values("new_value")[:1]
    )


def _linked(kind):
    return Exists(ClaimLink.objects.filter(kind=kind, sentence=OuterRef("sentence_id"))) | Exists(
        ClaimLink.objects.filter(kind=kind, other=OuterRef("sentence_id"))
    )


def with_current_values(rows):
    """Annotate the values a filter needs as editors see them: label, claim flag, support."""
    return rows.annotate(
        current_label=Coalesce(_latest_override(LabelOverride.LABEL), F("label")),
        claim_override=_latest_override(LabelOverride.CLAIM),
        current_is_claim=Case(
            When(claim_override="yes", then=Value(True)),
            When(claim_override="no", then=Value(False)),
            default=F("is_claim"),
            output_field=BooleanField(),
        ),
        is_corroborated=_linked(ClaimLink.CORROBORATES),
        is_contradicted=_linked(ClaimLink.CONTRADICTS),
    )


def unsupported_q():
    return Q(current_is_claim=True, current_label__in=UNSUPPORTED_LABELS, is_corroborated=False)


def _span(start, end, sentence_start, text):
    if start is None:
        return None
    return {"start": start, "end": end, "text": text[start - sentence_start : end - sentence_start]}


def _among(field, sentence_ids):
    """A filter for rows whose `field` is one of these sentences, or, when the sentences are neighbours
    (an export's chunk is), one of their id range: the rows found for the others are never asked for."""
    # Listing 2000 ids costs Django ten times what the query does; a range is two parameters. A range
    # only where it is dense, so a page of scattered claims never reads the links of the whole table.
    low, high = min(sentence_ids, default=0), max(sentence_ids, default=0)
    if high - low < NEIGHBOURS * len(sentence_ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": sentence_ids})


def _links(sentence_ids):
    """{sentence id: {kind: [the other sentences' ids]}} for links touching these sentences (and maybe
    for some others)."""
    found = {}
    links = ClaimLink.objects.filter(_among("sentence", sentence_ids) | _among("other", sentence_ids))
    for first, second, kind in links.order_by("pk").values_list("sentence_id", "other_id", "kind"):
        found.setdefault(first, {}).setdefault(kind, []).append(second)
        found.setdefault(second, {}).setdefault(kind, []).append(first)
    return found


def _overrides(sentence_ids):
    found = {}
    overrides = LabelOverride.objects.filter(_among("sentence", sentence_ids))
    for override in overrides.order_by("-created_at", "-pk"):
        found.setdefault(override.sentence_id, []).append(override)
    return found


class _Times(dict):
    """Times as ISO 8601 text, each printed once: an article's sentences share its two times."""

    def __missing__(self, moment):
        self[moment] = text = iso(moment)  # equal times print alike: the database gives them all in UTC
        return text


def claim_rows(values):
    """Complete a chunk of `FIELDS` value dicts into the API's claim objects, in the same order.

    A generator: an export writes each object and lets it go, so a chunk's objects never pile up for
    the garbage collector to walk again and again.
    """
    ids = [value["sentence_id"] for value in values]
    links, overrides, times = _links(ids), _overrides(ids), _Times()
    for value in values:
        yield _row(value, links.get(value["sentence_id"], {}), overrides.get(value["sentence_id"], []), times)


def _row(value, links, overrides, times):
    text, offset = value["sentence__text"], value["sentence__start"]
    model = (
        value["label"],
        value["is_claim"],
        (value["source_start"], value["source_end"]) if value["source_start"] is not None else None,
        (value["cue_start"], value["cue_end"]) if value["cue_start"] is not None else None,
    )
    label, is_claim, source, cue, reviewed = apply(*model, overrides)
    corroborated_by = links.get(ClaimLink.CORROBORATES, [])
    contradicted_by = links.get(ClaimLink.CONTRADICTS, [])
    return {
        "id": value["sentence_id"],
        "article": value["sentence__article_id"],
        "outlet": value["sentence__article__outlet__slug"],
        "story": value["sentence__article__story_membership__story_id"],
        "published_at": times[value["sentence__article__published_at"]],
        "order": value["sentence__order"],
        "start": offset,
        "end": value["sentence__end"],
        "raw_start": value["sentence__raw_start"],
        "raw_end": value["sentence__raw_end"],
        "text": text,
        "is_claim": is_claim,
        "claim_score": value["claim_score"],
        "attribution": {
            "label": label,
            "confidence": value["confidence"],
            "source": _span(*(source or (None, None)), offset, text),
            "cue": _span(*(cue or (None, None)), offset, text) if label != "none" else None,
            "justified": value["justified"],
        },
        "model": {
            "label": value["label"],
            "is_claim": value["is_claim"],
            "claim_class": value["claim_class"],
            "decided_by": value["decided_by"],
        },
        "reviewed": reviewed,
        "overridden": (label, is_claim, source, cue) != model,
        "unsupported": is_claim and label in UNSUPPORTED_LABELS and not corroborated_by,
        "corroborated_by": corroborated_by,
        "contradicted_by": contradicted_by,
        "evidence": value["evidence"],
        "probabilities": value["probabilities"],
        "analyser": value["analysis__analyser"],
        "analysed_at": times[value["analysis__created_at"]],
    }
