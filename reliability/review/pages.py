"""What the review pages show, as plain data: the views only parse requests and render these."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Outlet, Sentence
from reliability.models import ClaimLink, LabelOverride, OutletScore, ScoreOverride, SentenceAnalysis, Totals
from reliability.overrides import displayed_score, view
from reliability.review import charts

SORTS = {
    "score": lambda row: (row.value is None, -(row.value or 0)),
    "-score": lambda row: (row.value is None, row.value or 0),
    "name": lambda row: row.outlet.name.lower(),
    "claims": lambda row: -row.claims,
}
HISTORY_POINTS = 30


@dataclass
class OutletRow:
    outlet: Outlet
    snapshot: OutletScore | None
    override: ScoreOverride | None
    articles: int
    claims: int
    history: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def value(self):
        if self.override:
            return self.override.new_value
        return self.snapshot.overall if self.snapshot else None

    @property
    def sparkline(self):
        return charts.sparkline(self.history)

    @property
    def mix(self):
        return charts.label_mix(self.labels)


def outlet_rows(sort="score", query=""):
    outlets = Outlet.objects.annotate(article_total=Count("articles")).filter(article_total__gt=0)
    if query:
        outlets = outlets.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    totals = {totals.outlet_id: totals for totals in Totals.objects.filter(outlet__in=outlets)}
    rows = []
    for outlet in outlets:
        snapshot, override = displayed_score(outlet)
        history = list(
            OutletScore.objects.filter(outlet=outlet, window="all")
            .order_by("-computed_at", "-pk")
            .values_list("overall", flat=True)[:HISTORY_POINTS]
        )[::-1]
        counts = totals.get(outlet.pk)
        labels = {label: getattr(counts, label) for label in charts.LABEL_COLOURS} if counts else {}
        rows.append(
            OutletRow(
                outlet,
                snapshot,
                override,
                outlet.article_total,
                counts.claims if counts else 0,
                history,
                labels,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["score"]))


def outlet_page(outlet, window="all"):
    snapshot, override = displayed_score(outlet, window)
    scores = list(OutletScore.objects.filter(outlet=outlet, window=window).order_by("computed_at", "pk"))
    overrides = list(ScoreOverride.objects.filter(outlet=outlet, window=window).select_related("editor"))
    return {
        "outlet": outlet,
        "window": window,
        "snapshot": snapshot,
        "override": override,
        "overrides": overrides,
        "chart": charts.history(scores[-HISTORY_POINTS:], overrides),
        "articles": outlet.articles.order_by("-published_at", "-pk")[:50],
    }


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
    if row and row.cue_start is not None and current.label != "none":
        spans.append((row.cue_start, row.cue_end, "cue", "cue"))
    html = _marked(sentence.text, sentence.start, spans)
    return ReviewSentence(
        sentence, current.label, current.is_claim, current.reviewed, row.confidence if row else None, html
    )


def article_page(article):
    sentences = [review_sentence(view(sentence)) for sentence in article.sentences.order_by("order")]
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
    return {"article": article, "paragraphs": paragraphs, "furniture": furniture}


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
        "overrides": sentence.overrides.select_related("editor"),
        "labels": charts.LABEL_COLOURS,
    }


def queue_items(after=None, limit=1):
    """Claims most worth a look first: the least confident, not yet reviewed; keyset-paginated by
    (confidence, id) so the hundred-thousandth claim is as quick to reach as the first."""
    rows = (
        SentenceAnalysis.objects.filter(is_claim=True)
        .exclude(sentence__overrides__isnull=False)
        .filter(analysis__in=_latest_analyses())
        .select_related("sentence__article__outlet")
        .order_by("confidence", "id")
    )
    if after:
        confidence, pk = after
        rows = rows.filter(Q(confidence__gt=confidence) | Q(confidence=confidence, id__gt=pk))
    return list(rows[:limit])


def _latest_analyses():
    from reliability.models import ArticleTally

    return ArticleTally.objects.values("analysis")


def queue_progress():
    reviewed = Sentence.objects.filter(overrides__isnull=False).distinct().count()
    claims = SentenceAnalysis.objects.filter(analysis__in=_latest_analyses(), is_claim=True).count()
    return reviewed, claims


def last_change(editor):
    return LabelOverride.objects.filter(editor=editor).select_related("sentence").first()


def article_for(sentence_id):
    return Article.objects.get(sentences__pk=sentence_id)
