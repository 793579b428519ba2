"""What the review pages show, as plain data: the views only parse requests and render these."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Outlet, Sentence
from reliability.analysis.rules import LIST_ITEM
from reliability.analysis.vocabulary import LABELS, label_name
from reliability.independence import corroboration
from reliability.models import (
    ArticleTally,
    ClaimLink,
    LabelOverride,
    ModelVersion,
    OutletScore,
    ScoreOverride,
    SentenceAnalysis,
    Totals,
    newest_per_outlet,
)
from reliability.overrides import ShownScore, displayed_score, displayed_scores, view, views
from reliability.publishing import is_published
from reliability.review import charts
from reliability.scoring import CHANGE_CAUSES, CRITERIA, explain
from reliability.summary import breakdown, summary

SORTS = {
    "score": lambda row: (row.value is None, -(row.value or 0)),
    "-score": lambda row: (row.value is None, row.value or 0),
    "name": lambda row: row.outlet.name.lower(),
    "claims": lambda row: -row.claims,
}
HISTORY_POINTS = 30
ARTICLES = 50  # listed on an outlet's page, of those it wrote and of those it carried
CHANGELOG_ENTRIES = 10
# One key per label, best first, the same in the review queue and the article view.
LABEL_KEYS = list(enumerate(LABELS, start=1))


@dataclass
class OutletRow:
    outlet: Outlet
    score: ShownScore
    articles: int
    carried: int
    claims: int
    history: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def value(self):
        return self.score.value

    @property
    def missing(self):
        return why_no_score(self.score, self.articles)

    @property
    def sparkline(self):
        return charts.sparkline(self.history)

    @property
    def mix(self):
        return charts.label_mix(self.labels)


def why_no_score(score, written):
    """Why an outlet shows no score, or "": an outlet that only carries others' articles (a syndication
    partner) has nothing of its own to score; their claims count for the outlets that wrote them."""
    if score.value is None and not written:
        return "Nothing of its own to score: the articles it carries were written by other outlets."
    return score.missing


def label_counts(totals):
    """{label: claims} of an outlet's Totals (None: no claims yet)."""
    return {label: getattr(totals, label) for label in charts.LABEL_COLOURS} if totals else {}


def outlet_rows(sort="score", query=""):
    """The dashboard's rows: every outlet with an article it wrote or carried."""
    outlets = Outlet.objects.annotate(
        article_total=Count("articles", distinct=True), carried_total=Count("carried_articles", distinct=True)
    ).filter(Q(article_total__gt=0) | Q(carried_total__gt=0))
    if query:
        outlets = outlets.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    outlets = list(outlets)
    # A few queries for the whole table, none per outlet.
    shown = displayed_scores(outlets)
    totals = {totals.outlet_id: totals for totals in Totals.objects.filter(outlet__in=outlets)}
    history = {}
    newest = newest_per_outlet(OutletScore.objects.filter(outlet__in=outlets, window="all"), HISTORY_POINTS)
    for outlet_id, overall in newest.order_by("computed_at", "pk").values_list("outlet_id", "overall"):
        history.setdefault(outlet_id, []).append(overall)
    rows = []
    for outlet in outlets:
        counts = totals.get(outlet.pk)
        labels = label_counts(counts)
        rows.append(
            OutletRow(
                outlet,
                shown[outlet.pk],
                outlet.article_total,
                outlet.carried_total,
                counts.claims if counts else 0,
                history.get(outlet.pk, []),
                labels,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["score"]))


# What the scatter can put on either axis: a share of claims with named sources (from the label
# counts), or any criterion of the score (its shrunk value, as scored).
NAMED = ("named_person", "named_organization")
AXES = {"named_sources": "Claims with named sources", **{name: title for name, title, _ in CRITERIA}}
SCATTER = ("named_sources", "unsupported_rate")  # the axes shown first


def axis_value(row, axis):
    """The row's share on the scatter's axis, or None where it has none (no claims, no snapshot)."""
    if axis == "named_sources":
        labelled = sum(row.labels.values())
        return sum(row.labels.get(label, 0) for label in NAMED) / labelled if labelled else None
    if row.score.model_value is None:
        return None
    return next((item["value"] for item in row.score.snapshot.criteria if item["name"] == axis), None)


def scatter_axes(x, y):
    """The two axes asked for, each one the scatter knows or its default."""
    return (x if x in AXES else SCATTER[0]), (y if y in AXES else SCATTER[1])


def comparison_charts(rows, x, y):
    """The dashboard's two charts of every outlet: scores with their intervals, and one criterion (x)
    against another (y)."""
    dots, points = [], []
    for row in rows:
        url = reverse("review:outlet", args=[row.outlet.slug])
        if row.value is not None:
            snapshot, model = row.score.snapshot, row.score.model_value
            note = (
                ""
                if row.score.override is None
                else "override" + (f"; the model says {model:.0f}" if model is not None else "")
            )
            low, high = (snapshot.overall_low, snapshot.overall_high) if model is not None else (None, None)
            dots.append(charts.OutletDot(row.outlet.name, url, row.value, low, high, note))
        shares = axis_value(row, x), axis_value(row, y)
        if None not in shares:
            points.append(charts.ScatterDot(row.outlet.name, url, *shares))
    return {
        "forest": charts.forest(dots),
        "scatter": charts.scatter(points, AXES[x], AXES[y]),
        "axes": AXES,
        "x": x,
        "y": y,
        "legend": charts.label_legend(),
    }


def history_chart(scores, overrides):
    """The outlet's score history (snapshots oldest first) with its overrides and the models made
    current over its span: one query, for the promotions."""
    points = [
        charts.HistoryPoint(
            score.computed_at, score.overall, score.overall_low, score.overall_high, score.claims
        )
        for score in scores
    ]
    marks = [
        charts.Mark(override.created_at, f"Editor's override: {override.new_value:.0f}", override.new_value)
        for override in overrides
    ]
    if scores:
        promoted = ModelVersion.objects.filter(
            promoted_at__range=(scores[0].computed_at, scores[-1].computed_at)
        ).values_list("promoted_at", "version")
        marks += [charts.Mark(when, f"model {version}") for when, version in promoted]
    return charts.history(points, marks)


def outlet_page(outlet, window="all"):
    score = displayed_score(outlet, window)
    explain([score.snapshot])
    found = breakdown(score.snapshot)
    newest_first = ("-published_at", "-pk")
    articles = list(outlet.articles.select_related("carried_by").order_by(*newest_first)[:ARTICLES])
    carried = list(outlet.carried_articles.select_related("outlet").order_by(*newest_first)[:ARTICLES])
    newest = OutletScore.objects.filter(outlet=outlet, window=window).order_by("-computed_at", "-pk")
    scores = list(newest[:HISTORY_POINTS])[::-1]  # oldest first; the chart shows no more
    # The override history shows who set each override and the model's figure it replaced.
    overrides = list(
        ScoreOverride.objects.filter(outlet=outlet, window=window).select_related("editor", "based_on")
    )
    return {
        "outlet": outlet,
        "window": window,
        "mix": charts.label_mix(label_counts(Totals.objects.filter(outlet=outlet).first())),
        "score": score,
        "snapshot": score.snapshot,
        "override": score.override,
        "overrides": overrides,
        "chart": history_chart(scores, overrides),
        "legend": charts.label_legend(),
        "changelog": changelog(scores),
        "articles": articles,
        "carried": carried,
        "missing": why_no_score(score, len(articles)),
        "breakdown": found,
        "summary": summary(score, found),
        "published": is_published(outlet),
    }


def changelog(scores, limit=CHANGELOG_ENTRIES):
    """The latest snapshots that moved, newest first, each with its parts in readable words."""
    entries = []
    for previous, score in reversed(list(zip([None, *scores], scores, strict=False))):
        if score.changes and previous is not None:
            parts = [
                {**part, "title": CHANGE_CAUSES.get(part["cause"], part["cause"])} for part in score.changes
            ]
            entries.append({"score": score, "previous": previous, "parts": parts})
    return entries[:limit]


@dataclass
class ReviewSentence:
    sentence: Sentence
    label: str
    is_claim: bool
    reviewed: bool
    confidence: float | None
    html: str  # the sentence's text, escaped, with the source and cue marked


def _marked(text, offset, spans):
    """Escape the text, wrapping each (start, end, css class, title) span (article offsets) in <mark>."""
    pieces, position = [], 0
    for start, end, css, title in sorted(spans):
        start, end = max(start - offset, position), min(end - offset, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<mark class="{}" title="{}">{}</mark>', css, title, text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))


def review_sentence(current):
    row, sentence = current.analysis, current.sentence
    spans = []
    if current.source:
        spans.append((*current.source, "source", "source"))
    if current.cue and current.label != "none":
        spans.append((*current.cue, "cue", "cue"))
    html = _marked(sentence.text, sentence.start, spans)
    return ReviewSentence(
        sentence, current.label, current.is_claim, current.reviewed, row.confidence if row else None, html
    )


def article_page(article):
    sentences = [review_sentence(current) for current in views(article.sentences.order_by("order"))]
    paragraphs, previous_end = [[]], None
    for item in sentences:
        if previous_end is not None and "\n\n" in article.body[previous_end : item.sentence.start]:
            paragraphs.append([])
        paragraphs[-1].append(item)
        previous_end = item.sentence.end
    furniture = [
        {"rule": item["rule"], "text": article.raw_text[item["start"] : item["end"]]}
        for item in article.furniture
    ]
    return {"article": article, "paragraphs": paragraphs, "furniture": furniture, "label_keys": LABEL_KEYS}


def described_change(change):
    """What a change did, in words, naming the claim by its number."""
    if change.field == LabelOverride.ACCEPT:
        return f"accepting claim {change.sentence_id} as {label_name(change.new_value)}"
    old, new = value_in_words(change, change.old_value), value_in_words(change, change.new_value)
    return f"claim {change.sentence_id}'s {change.get_field_display()} {old} → {new}"


def value_in_words(change, value):
    """One of a change's values as an editor reads it: a label's name, a span's words in quotes."""
    if change.field not in (LabelOverride.SOURCE, LabelOverride.CUE):
        return label_name(value)
    if not value:
        return "none"
    sentence = change.sentence
    start, end = (int(offset) - sentence.start for offset in value.split("-"))
    return f"“{sentence.text[start:end]}”"


def score_moved(before, after):
    """What a change did to an outlet's score on show, in words ("Score 70 → 68"), from its ShownScore
    before and after; with a background worker the new score is not there yet, and it says so."""
    if after.snapshot == before.snapshot:
        return f"Score {_figure(before.value)}, being recomputed."
    if after.override is not None:
        model = f"the model's figure {_figure(before.model_value)} → {_figure(after.model_value)}"
        return f"Score {_figure(after.value)} (editor's override; {model})"
    return f"Score {_figure(before.value)} → {_figure(after.value)}"


def _figure(value):
    return "none" if value is None else f"{value:.0f}"


def sentence_panel(sentence):
    current = view(sentence)
    row = current.analysis
    links = ClaimLink.objects.filter(Q(sentence=sentence) | Q(other=sentence)).select_related(
        "sentence__article__outlet", "other__article__outlet"
    )
    related = []
    for link in links:
        other = link.other if link.sentence_id == sentence.pk else link.sentence
        ours_first = link.sentence_id == sentence.pk
        related.append(
            {
                "kind": link.kind,
                "field": link.field,
                "ours": link.value if ours_first else link.other_value,
                "theirs": link.other_value if ours_first else link.value,
                "sentence": other,
                "outlet": other.article.outlet,
            }
        )
    probabilities = sorted((row.probabilities if row else {}).items(), key=lambda item: -item[1])
    return {
        "current": current,
        "item": review_sentence(current),
        "analysis": row,
        "probabilities": probabilities,
        "related": related,
        "independence": corroboration(sentence, links),
        "overrides": sentence.overrides.select_related("editor"),
        "label_keys": LABEL_KEYS,
        # The value of each field the editor sees, sent back with a change to catch a conflict.
        "seen": {
            field: current.value(field) for field, _ in LabelOverride.FIELDS if field != LabelOverride.ACCEPT
        },
    }


@dataclass
class Surroundings:
    before: Sentence | None
    after: Sentence | None
    inherits_from: Sentence | None  # for an item of a list, the sentence introducing it


def surroundings(sentence, evidence=()):
    """The context a claim is read in: the sentences before and after it in its article and, for an
    item of a list, the sentence ending in a colon that introduced the list (the item's source is that
    sentence's)."""
    near = Sentence.objects.filter(
        article_id=sentence.article_id, order__in=(sentence.order - 1, sentence.order + 1)
    )
    by_order = {other.order: other for other in near}
    introduced = None
    if LIST_ITEM in evidence:
        introduced = (
            Sentence.objects.filter(
                article_id=sentence.article_id, order__lt=sentence.order, text__regex=r":\s*$"
            )
            .order_by("-order")
            .first()
        )
    return Surroundings(by_order.get(sentence.order - 1), by_order.get(sentence.order + 1), introduced)


# How many claims, from the top of what is left, the queue looks at to find one unlike the last.
CANDIDATES = 10
# How alike two sentences' words must be (Jaccard) to count as the same claim said twice.
NEAR_DUPLICATE = 0.8
# Uncertainty is at most 1 and ids start at 1: every claim comes after this position.
START = (1.0, 0)


@dataclass(frozen=True)
class Cursor:
    """Where a pass through the queue is: every claim up to `position` (uncertainty, id) has been
    served, and so have the claims in `served` beyond it (served early, to keep near-duplicates apart)."""

    position: tuple[float, int] | None = None
    served: tuple[int, ...] = ()

    def __str__(self):
        if self.position is None:
            return ""
        uncertainty, pk = self.position
        return f"{uncertainty!r}:{pk}" + (f":{'.'.join(map(str, self.served))}" if self.served else "")

    @classmethod
    def parse(cls, value):
        """The cursor a form or link sent back; a fresh pass when it is missing or garbled."""
        try:
            uncertainty, pk, *rest = value.split(":")
            served = tuple(int(item) for item in rest[0].split(".")) if rest and rest[0] else ()
            # At most CANDIDATES remembered: a longer list (a forged cursor) would widen the query;
            # a claim forgotten is at worst asked about twice.
            return cls((float(uncertainty), int(pk)), served[:CANDIDATES])
        except (AttributeError, ValueError):
            return cls()


def unreviewed_claims(after=None, skipped=()):
    """The latest analyses' claims with no editor's decision standing (an undone one is none), but
    those `skipped` in this session, most uncertain first (keyset on the (-uncertainty, id) index, so
    the hundred-thousandth claim is as quick to reach as the first)."""
    rows = (
        SentenceAnalysis.objects.current()
        .filter(is_claim=True)
        .exclude(sentence__in=LabelOverride.objects.standing().values("sentence"))
        .exclude(sentence__in=skipped)
        .select_related("sentence__article__outlet")
        .order_by("-uncertainty", "id")
    )
    if after:
        uncertainty, pk = after
        # The first condition is implied by the second; it is there so the database can start the
        # index scan at the cursor instead of reading (and dropping) every claim before it.
        rows = rows.filter(
            Q(uncertainty__lte=uncertainty),
            Q(uncertainty__lt=uncertainty) | Q(uncertainty=uncertainty, id__gt=pk),
        )
    return rows


def queue_items(after=None, limit=1):
    """Claims most worth a look first, `limit` of them in plain queue order after `after`."""
    return list(unreviewed_claims(after)[:limit])


def next_in_queue(cursor=Cursor(), previous=None, skipped=()):
    """The claim to ask about next, and the cursor to send back after it.

    Uncertainty sampling alone asks about one unsure family again and again (the sentences of one
    article, or one wire story carried by several outlets, are unsure for the same reason), and a run of
    the same question teaches little. So of the CANDIDATES claims at the top of what is left, the first
    not from the article of the claim just decided or skipped (`previous`), nor with nearly its words,
    is served; if all of them are, the top one is (diversity never empties the queue). A claim passed
    over comes back on the next request, as the one served instead is unlike it. One bounded query per
    request, whatever the size of the queue.
    """
    position, served = cursor.position or START, set(cursor.served)
    candidates = list(unreviewed_claims(position, skipped)[: CANDIDATES + len(served)])
    fresh = [row for row in candidates if row.pk not in served]
    if not fresh:
        return None, cursor
    item = next((row for row in fresh if not _alike(row.sentence, previous)), fresh[0])
    served.add(item.pk)
    # The position moves over the claims served in a row from the top; the others are remembered.
    for row in candidates:
        if row.pk not in served:
            break
        position = (row.uncertainty, row.pk)
        served.discard(row.pk)
    return item, Cursor(position, tuple(row.pk for row in candidates if row.pk in served))


def _alike(sentence, previous):
    if previous is None:
        return False
    if sentence.article_id == previous.article_id:
        return True
    words, other = _words(sentence.text), _words(previous.text)
    return bool(words | other) and len(words & other) / len(words | other) >= NEAR_DUPLICATE


def _words(text):
    return set(re.findall(r"\w+", text.lower()))


def queue_progress():
    """(claims reviewed, claims): both counted over the latest analyses' claims, so one is never more
    than the other; a claim whose only decision was undone is not reviewed."""
    # Neither reads every claim: each analysis stored its claims' count, and the reviewed claims are
    # found from the editors' decisions, which are far fewer.
    claims = ArticleTally.objects.aggregate(claims=Sum("analysis__claims"))["claims"] or 0
    reviewed = (
        SentenceAnalysis.objects.current()
        .filter(is_claim=True, sentence__in=LabelOverride.objects.standing().values("sentence"))
        .count()
    )
    return reviewed, claims


def last_change(editor):
    return LabelOverride.objects.filter(editor=editor).select_related("sentence").first()


def article_for(sentence_id):
    return Article.objects.get(sentences__pk=sentence_id)
