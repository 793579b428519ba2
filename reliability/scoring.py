"""Outlet scores: criteria from counts, shrunk toward the corpus, with intervals and evidence.

Every criterion is a proportion (a rate, or the mean label weight in [0, 1]) of something the outlet
wrote: of its claims, of its sentences in its own voice, or of its articles. It is estimated as
(x + k·m) / (n + k): x of the outlet's n, pulled toward the corpus mean m with the strength of k
claims' worth (the editorial prior; for sentences and articles, as many as the corpus has for k
claims). Its interval is Wilson's on those same shrunk counts. An outlet with fewer claims than the
settings' threshold is marked as resting on few claims.

What the criteria measure follows what raters check in the copy (Media Bias/Fact Check, NewsGuard)
and what predicts their ratings from articles (Baly et al., EMNLP 2018): reporting of its own rather
than relayed, several identifiable sources, claims on the record and not resting on other outlets'
reporting, no judging words or rumour in its own voice, headlines that neither shout nor promise what
the article does not report.
"""

import heapq
import itertools
import math
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.fields.json import KT
from django.utils import timezone

from articles.models import Sentence
from reliability.analysis.features import judging
from reliability.analysis.language import rumour, sensational, support, unsupported
from reliability.models import (
    COUNT_FIELDS,
    ArticleTally,
    ClaimLink,
    EditorialSettings,
    LabelOverride,
    ModelVersion,
    OutletScore,
    SentenceAnalysis,
    Totals,
)
from reliability.signals_out.changes import notify_score_changes
from reliability.stories import article_day
from reliability.support import current_rows

Z = 1.96  # 95% intervals
WINDOW_DAYS = {"all": None, "90d": 90, "30d": 30}
EVIDENCE_PER_CRITERION = 5
EVIDENCE_ARTICLES = 100
# (criterion, what an editor reads, higher is better?)
CRITERIA = [
    ("own_reporting", "Articles with reporting of its own", True),
    ("sourcing_breadth", "Articles citing two or more identifiable sources", True),
    ("attribution_quality", "Attribution quality (mean label weight)", True),
    ("unsupported_rate", "Unsupported claims", False),
    ("anonymous_rate", "Anonymous sourcing", False),
    ("vague_rate", "Vague sourcing", False),
    ("media_rate", "Claims resting on other outlets' reporting", False),
    ("loaded_language", "Judging words in its own voice", False),
    ("rumour_rate", "Rumour passed on without a source", False),
    ("sensational_headlines", "Sensational headlines", False),
    ("unsupported_headlines", "Headlines the article does not bear out", False),
    ("contradiction_rate", "Contradicted by most outlets that cover it", False),
]
# What each criterion is a share of (the counts' key); the others are shares of claims.
OUT_OF = {
    "own_reporting": "articles",
    "sourcing_breadth": "articles",
    "loaded_language": "own_sentences",
    "rumour_rate": "own_sentences",
    "sensational_headlines": "articles",
    "unsupported_headlines": "articles",
}
OWN_REPORTING_CLAIMS = 5  # check-worthy claims in its own voice that make an article reporting, not relaying
IDENTIFIABLE = ("named_person", "named_organization", "document")
SOURCED_ARTICLE = 2  # distinct identifiable sources


def current_settings():
    settings = EditorialSettings.objects.order_by("-version").first()
    return settings or EditorialSettings.objects.create(version=1, note="Defaults")


def wilson(successes, n, z=Z):
    """Wilson score interval of a proportion; successes may be fractional (weights in [0, 1])."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_quality(counts, settings):
    """Sum of label weights over the claims, with the bonus for justified anonymity."""
    weights = settings.label_weights
    total = sum(counts[label] * weights.get(label, 0.0) for label in weights)
    return min(total + counts["justified"] * settings.justified_anonymity_bonus, float(counts["claims"]))


def criterion_successes(counts, settings):
    """x for each criterion, out of counts[OUT_OF.get(criterion, 'claims')]."""
    return {
        "own_reporting": counts["reported"],
        "sourcing_breadth": counts["sourced"],
        "attribution_quality": weighted_quality(counts, settings),
        "unsupported_rate": counts["unsupported"],
        "anonymous_rate": counts["anonymous"],
        "vague_rate": counts["vague"],
        "media_rate": counts["media_report"],
        "loaded_language": counts["loaded"],
        "rumour_rate": counts["rumour"],
        "sensational_headlines": counts["sensational_headline"],
        "unsupported_headlines": counts["unsupported_headline"],
        "contradiction_rate": counts["contradicted"],
    }


@dataclass
class Criterion:
    name: str
    title: str
    higher_is_better: bool
    value: float  # shrunk estimate
    low: float
    high: float
    raw: float | None  # the outlet's own figure, before shrinking (None with no claims)
    n: int
    out_of: str  # what it is a share of: claims, own_sentences or articles
    weight: float
    evidence: list = field(default_factory=list)
    points: float | None = None  # its part of the overall score (overall() fills it in)

    @property
    def goodness(self):
        return (
            (self.value, self.low, self.high)
            if self.higher_is_better
            else (1 - self.value, 1 - self.high, 1 - self.low)
        )


def criteria(counts, corpus, settings):
    """Each criterion's shrunk value and interval for an outlet's counts (with "articles"), given the
    corpus counts (with "articles")."""
    ours, means = criterion_successes(counts, settings), corpus_means(corpus, settings)
    found = []
    for name, title, higher_is_better in CRITERIA:
        out_of = OUT_OF.get(name, "claims")
        n, k = counts.get(out_of, 0), _prior(settings.prior_strength, corpus, out_of)
        mean = means[name]
        x, total = ours[name] + k * mean, n + k
        low, high = wilson(x, total)
        value = x / total if total else mean
        found.append(
            Criterion(
                name,
                title,
                higher_is_better,
                round(value, 4),
                round(min(low, value), 4),
                round(max(high, value), 4),
                round(ours[name] / n, 4) if n else None,
                n,
                out_of,
                settings.criterion_weights.get(name, 0.0),
            )
        )
    return found


def corpus_means(corpus, settings):
    """{criterion: the corpus's own figure}, what every outlet's is shrunk toward; with nothing to
    count it is the best figure, so an empty corpus pulls no outlet down."""
    theirs = criterion_successes(corpus, settings)
    return {
        name: theirs[name] / corpus[OUT_OF.get(name, "claims")]
        if corpus.get(OUT_OF.get(name, "claims"))
        else (1.0 if higher_is_better else 0.0)
        for name, _, higher_is_better in CRITERIA
    }


def _prior(strength, corpus, out_of):
    """The prior's weight in units of out_of: as many as the corpus has for `strength` claims."""
    if out_of == "claims" or not corpus.get("claims"):
        return strength
    return strength * corpus.get(out_of, 0) / corpus["claims"]


def overall(found):
    """0–100 from the weighted goodness of the criteria, with the interval their bounds give; each
    criterion's points are its part of the value."""
    total = sum(criterion.weight for criterion in found) or 1.0
    for criterion in found:
        criterion.points = round(100 * criterion.weight * criterion.goodness[0] / total, 2)
    value, low, high = (
        100 * sum(criterion.weight * criterion.goodness[i] for criterion in found) / total for i in range(3)
    )
    return round(value, 2), round(min(low, value), 2), round(max(high, value), 2)


def window_counts(outlet, window, today=None):
    """The outlet's summed counts over a window: the running totals for all time, else tallies by day."""
    days = WINDOW_DAYS[window]
    if days is None:
        totals = Totals.objects.filter(scope=f"outlet {outlet.pk}").first()
        return (totals.counts(), totals.articles) if totals else (dict.fromkeys(COUNT_FIELDS, 0), 0)
    since = (today or timezone.now().date()) - timedelta(days=days)
    rows = ArticleTally.objects.filter(outlet=outlet, day__gte=since)
    sums = rows.aggregate(articles=Count("pk"), **{name: Sum(name) for name in COUNT_FIELDS})
    return {name: sums[name] or 0 for name in COUNT_FIELDS}, sums["articles"]


def corpus_counts():
    """The corpus's counts and articles: the sum of the outlets' running totals (one row per outlet)."""
    sums = Totals.objects.aggregate(**{name: Sum(name) for name in [*COUNT_FIELDS, "articles"]})
    return {name: sums[name] or 0 for name in [*COUNT_FIELDS, "articles"]}


def evidence_articles(outlet, window, today=None):
    """The analyses of the outlet's EVIDENCE_ARTICLES latest articles in the window, newest first: what
    a score is explained from, so explaining it costs the same however long the outlet's history is."""
    tallies = ArticleTally.objects.filter(outlet=outlet)  # an outlet or its id
    if WINDOW_DAYS[window]:
        tallies = tallies.filter(
            day__gte=(today or timezone.now().date()) - timedelta(days=WINDOW_DAYS[window])
        )
    return tuple(tallies.order_by("-day", "-pk").values_list("analysis_id", flat=True)[:EVIDENCE_ARTICLES])


def explain(snapshots):
    """The snapshots, each with the claims behind its criteria, worked out on its first reading and kept.

    The evidence is drawn from the outlet's latest articles in the window as of the snapshot's day,
    read when first asked (evidence_articles): for the score on show, the articles it was computed
    from. Windows whose latest articles are the same (a busy outlet's year and all time) share the
    work; two readers at once work out the same evidence, and the first one's is kept.
    """
    worked_out = {}
    for snapshot in snapshots:
        if snapshot is None or snapshot.explained:
            continue
        latest = evidence_articles(snapshot.outlet_id, snapshot.window, snapshot.computed_at.date())
        key = (latest, snapshot.settings_id)
        if key not in worked_out:
            worked_out[key] = evidence(latest, snapshot.settings)
        for criterion in snapshot.criteria:
            criterion["evidence"] = worked_out[key][criterion["name"]]
        snapshot.explained = True
        OutletScore.objects.filter(pk=snapshot.pk, explained=False).update(
            criteria=snapshot.criteria, explained=True
        )
    return snapshots


def evidence(latest, settings):
    """The claims behind each criterion, worst first, as small dicts an editor can follow, drawn from
    these analyses (evidence_articles).

    The sentences are read in one query and chosen here: a query per criterion cost twice as much (the
    outlet page's first reading after a rescore waits for this).
    """
    tallies = ArticleTally.objects.filter(analysis__in=latest)
    rows = [
        _Said(*row)
        for row in SentenceAnalysis.objects.filter(analysis__in=latest)
        .filter(Q(is_claim=True) | Q(label="none"))
        .order_by()
        .values_list(
            "sentence_id",
            "sentence__article_id",
            "sentence__order",
            "sentence__text",
            "label",
            "justified",
            "claim_score",
            "is_claim",
        )
    ]
    claims = [row for row in rows if row.is_claim]
    sentences = [row.sentence for row in claims]
    corroborated = linked_sentences(ClaimLink.CORROBORATES, sentences)
    contradicting = ClaimLink.objects.filter(kind=ClaimLink.CONTRADICTS).order_by().values_list("pk")
    contradicted = ClaimLink.objects.filter(
        pk__in=[
            pk for end in ("sentence", "other") for (pk,) in contradicting.filter(**{f"{end}__in": sentences})
        ]
    )
    weights = {label: float(weight) for label, weight in settings.label_weights.items()}
    chosen = {
        "attribution_quality": (claims, lambda row: (weights[row.label], *_surest_first(row))),
        "unsupported_rate": (
            [row for row in claims if row.label in ("none", "vague") and row.sentence not in corroborated],
            _surest_first,
        ),
        "anonymous_rate": (
            [row for row in claims if row.label == "anonymous"],
            lambda row: (row.justified, *_surest_first(row)),
        ),
        "vague_rate": ([row for row in claims if row.label == "vague"], _surest_first),
        "media_rate": ([row for row in claims if row.label == "media_report"], _surest_first),
    }
    found = {
        name: [_item(row) for row in heapq.nsmallest(EVIDENCE_PER_CRITERION, these, key=order)]
        for name, (these, order) in chosen.items()
    }
    own_voice = sorted((row for row in rows if row.label == "none"), key=_surest_first)
    found["loaded_language"] = _own_voice(own_voice, judging)
    found["rumour_rate"] = _own_voice(own_voice, rumour)
    found.update(_article_evidence(tallies.select_related("article")))
    found["contradiction_rate"] = [
        _contradiction(link, set(sentences)) for link in _contradictions(contradicted)
    ]
    return found


class _Said(NamedTuple):
    """What the evidence shows of a sentence and its analysis."""

    sentence: int
    article: int
    order: int
    text: str
    label: str
    justified: bool
    claim_score: float
    is_claim: bool


def _surest_first(row):
    """The surest claims first, ties in the order of the text."""
    return (-row.claim_score, row.article, row.order)


def linked_voices(kind, articles):
    """{sentence: the independent voices on the other end of its links of this kind}, for the sentences
    of these articles: a claim counts as contradicted only when more voices contradict it than back it.

    Read by article, not by sentence: a batch of stories has tens of thousands of claims, and a list of
    them all sent as the query's parameters costs more than the query. The sentences are a subquery, not
    a join, so that each end is looked up by its index (SQLite scanned every link of the kind to join).
    """
    found = {}
    sentences = Sentence.objects.filter(article__in=articles).values("pk")
    # The two names alone, read by the database: a story's claims have a thousand links, whose whole
    # records (the outlets folded into each voice) would be parsed for nothing.
    links = ClaimLink.objects.filter(kind=kind).order_by()
    for sentence, other, voice in links.filter(sentence__in=sentences).values_list(
        "sentence", "other", KT("independence__other_voice")
    ):
        found.setdefault(sentence, set()).add(voice or f"#{other}")
    for sentence, other, voice in links.filter(other__in=sentences).values_list(
        "sentence", "other", KT("independence__voice")
    ):
        found.setdefault(other, set()).add(voice or f"#{sentence}")
    return found


def linked_sentences(kind, sentences):
    """Which of these sentences have a link of this kind, either way round: the keys of linked_voices,
    without reading who stands on the other end."""
    links = ClaimLink.objects.filter(kind=kind).order_by()  # no join for the default ordering
    found = set(links.filter(sentence__in=sentences).values_list("sentence", flat=True))
    found.update(links.filter(other__in=sentences).values_list("other", flat=True))
    return found


def _own_voice(rows, test):
    """The first sentences in its own voice that pass the test (judging, rumour), read in order."""
    return [
        _item(row)
        for row in itertools.islice((row for row in rows if test(row.text)), EVIDENCE_PER_CRITERION)
    ]


def _article_evidence(tallies):
    """The articles behind the per-article criteria, worst first, each shown by its headline."""
    chosen = {
        "own_reporting": tallies.filter(reported=0).order_by("none", "-day", "-pk"),
        "sourcing_breadth": tallies.filter(sourced=0).order_by("-claims", "-day", "-pk"),
        "sensational_headlines": tallies.filter(sensational_headline=1).order_by("-day", "-pk"),
        "unsupported_headlines": tallies.filter(unsupported_headline=1).order_by("-day", "-pk"),
    }
    notes = {
        "own_reporting": lambda tally: f"{tally.none} claims in its own voice",
        "sourcing_breadth": lambda tally: f"{tally.claims} claims, too few identifiable sources",
        "sensational_headlines": lambda tally: sensational(tally.article.title),
        "unsupported_headlines": lambda tally: (
            f"the body uses {support(tally.article.title, tally.article.body):.0%} of its key words"
        ),
    }
    return {
        name: [
            {
                "sentence": None,
                "article": tally.article_id,
                "text": tally.article.display_title[:300],
                "note": notes[name](tally),
            }
            for tally in rows[:EVIDENCE_PER_CRITERION]
        ]
        for name, rows in chosen.items()
    }


def _contradictions(links):
    return list(
        links.select_related("sentence__article__outlet", "other__article__outlet").order_by("-pk")[
            :EVIDENCE_PER_CRITERION
        ]
    )


def _item(row):
    return {
        "sentence": row.sentence,
        "article": row.article,
        "text": row.text[:300],
        "label": row.label,
        "justified": row.justified,
    }


def _contradiction(link, ours):
    ours_first = link.sentence_id in ours
    ours, theirs = (link.sentence, link.other) if ours_first else (link.other, link.sentence)
    value, other_value = (link.value, link.other_value) if ours_first else (link.other_value, link.value)
    return {
        "sentence": ours.pk,
        "article": ours.article_id,
        "text": ours.text[:300],
        "field": link.field,
        "value": value,
        "other_value": other_value,
        "other_outlet": theirs.article.outlet.name,
        "other_sentence": theirs.pk,
        "other_text": theirs.text[:300],
    }


def score_outlet(outlet, window, settings, corpus, version, analyser="", today=None):
    """Compute and store a snapshot of the outlet's score over the window, given the corpus counts
    (corpus_counts) and the current model version.

    The claims behind each criterion are left out: `explain` works them out when the snapshot is first
    read, so a rescore after each new article costs the counts alone.
    """
    counts, articles = window_counts(outlet, window, today)
    found = criteria({**counts, "articles": articles}, corpus, settings)
    value, low, high = overall(found)
    previous = (
        OutletScore.objects.filter(outlet=outlet, window=window)
        .select_related("settings", "model_version")
        .order_by("-computed_at", "-pk")
        .first()
    )
    state = Inputs(counts, corpus, settings, version, articles)
    return OutletScore.objects.create(
        outlet=outlet,
        window=window,
        settings=settings,
        model_version=version,
        analyser=analyser,
        articles=articles,
        claims=counts["claims"],
        overall=value,
        overall_low=low,
        overall_high=high,
        few_claims=counts["claims"] < settings.small_outlet_claims,
        criteria=[{**asdict(criterion), "goodness": criterion.goodness} for criterion in found],
        explained=False,
        counts=counts,
        corpus=corpus,
        changes=changes(previous, state, value),
    )


# What moved a score, as an editor reads it (the causes of OutletScore.changes).
CHANGE_CAUSES = {
    "articles": "New or changed articles",
    "override": "Editors' label overrides",
    "model": "A new model version",
    "links": "Other outlets now back or contradict its claims",
    "corpus": "Other outlets moved the corpus average",
    "settings": "Editorial settings",
    "unexplained": "Not recorded",
}


@dataclass
class Inputs:
    """What a snapshot's overall score is computed from."""

    counts: dict
    corpus: dict
    settings: EditorialSettings
    model_version: ModelVersion | None
    articles: int


def changes(previous, new, value):
    """What moved the score from the previous snapshot to `value`, in parts that add up to the change.

    The score is recomputed under intermediate states, changing one input at a time: the outlet's own
    counts (new or changed articles, editors' label overrides, a new model's reading), then the corpus it
    is shrunk toward (other outlets' articles), then the editorial settings. Each part is the step its
    input made, so the parts sum to the whole change exactly.
    """
    if previous is None:
        return []
    if not previous.counts or not previous.corpus:  # a snapshot from before changes were recorded
        moved = round(value - previous.overall, 2)
        if not moved:
            return []
        return [{"cause": "unexplained", "points": moved, "detail": "the earlier snapshot kept no inputs"}]
    old = Inputs(
        _full(previous.counts, COUNT_FIELDS),
        _full(previous.corpus, [*COUNT_FIELDS, "articles"]),
        previous.settings,
        previous.model_version,
        previous.articles,
    )
    steps = [
        (*_own_cause(previous, old, new), new.counts != old.counts, old.corpus, old.settings),
        (
            "corpus",
            "other outlets' claims moved the corpus average the score is shrunk toward",
            new.corpus != old.corpus,
            new.corpus,
            old.settings,
        ),
        (
            "settings",
            f"editorial settings v{old.settings.version} → v{new.settings.version}: {new.settings.note}",
            new.settings.pk != old.settings.pk,
            new.corpus,
            new.settings,
        ),
    ]
    parts, before = [], previous.overall
    for cause, detail, happened, corpus, settings in steps:
        after = overall(criteria({**new.counts, "articles": new.articles}, corpus, settings))[0]
        points = round(after - before, 2)
        if happened or points:
            parts.append({"cause": cause, "points": points, "detail": detail})
        before = after
    return parts


def _full(counts, names):
    return {name: counts.get(name, 0) for name in names}


def _own_cause(previous, old, new):
    """(cause, detail) of a change in the outlet's own counts: what happened since the last snapshot."""
    overrides = LabelOverride.objects.filter(
        sentence__article__outlet=previous.outlet_id, created_at__gt=previous.computed_at
    ).count()
    model_changed = old.model_version != new.model_version
    said = []
    if new.articles != old.articles:
        said.append(f"{new.articles - old.articles:+d} articles")
    if new.counts["claims"] != old.counts["claims"]:
        said.append(f"{new.counts['claims'] - old.counts['claims']:+d} claims")
    if overrides:
        said.append(f"{overrides} label override{'s' * (overrides != 1)} by editors")
    if model_changed:
        said.append(f"model {old.model_version or 'none'} → {new.model_version or 'none'}")
    if not said:  # nothing of its own happened: other outlets' claims now back or contradict its claims
        return "links", "claims newly corroborated or contradicted by other outlets"
    if new.articles != old.articles:
        cause = "articles"
    elif model_changed:
        cause = "model"
    elif overrides:
        cause = "override"
    else:
        cause = "articles"
    return cause, "; ".join(said)


def rescore(outlets, analyser="", today=None):
    """New snapshots for every window of each outlet."""
    settings = current_settings()
    # Read once for all: nothing below changes the totals or the model.
    corpus = corpus_counts()
    version = ModelVersion.objects.filter(is_current=True).first()
    snapshots = []
    for outlet in outlets:
        with transaction.atomic():  # an outlet's windows are one step: one commit, not one per window
            snapshots += [
                score_outlet(outlet, window, settings, corpus, version, analyser, today)
                for window in WINDOW_DAYS
            ]
    notify_score_changes(snapshots)  # webhooks for all-time scores that moved past a threshold
    return snapshots


def article_counts(article, rows, corroborated, contradicted):
    """One article's counts from its current sentence rows, its headline and the story's links."""
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    sources = set()
    for row in rows:
        if row.label == "none":
            counts["own_sentences"] += 1
            counts["loaded"] += judging(row.text)
            counts["rumour"] += rumour(row.text)
        if not row.is_claim:
            continue
        counts["claims"] += 1
        counts[row.label] += 1
        counts["justified"] += row.justified and row.label == "anonymous"
        is_corroborated = row.sentence_id in corroborated
        counts["corroborated"] += is_corroborated
        counts["unsupported"] += row.label in ("none", "vague") and not is_corroborated
        counts["contradicted"] += row.sentence_id in contradicted
        if row.label in IDENTIFIABLE and row.source_start is not None:
            sources.add(article.body[row.source_start : row.source_end].casefold())
    counts["reported"] = int(counts["none"] >= OWN_REPORTING_CLAIMS)
    counts["sourced"] = int(len(sources) >= SOURCED_ARTICLE)
    counts["sensational_headline"] = int(sensational(article.title) is not None)
    counts["unsupported_headline"] = int(bool(article.title) and unsupported(article.title, article.body))
    return counts


def retally(articles, rows=None):
    """Refresh these articles' tallies and the running totals; returns the outlets whose figures moved.

    rows: the articles' current_rows, when the caller has just read them all (link_story)."""
    articles = list(articles)
    per_article = current_rows(articles) if rows is None else rows
    backing = linked_voices(ClaimLink.CORROBORATES, articles)
    corroborated = set(backing)
    contradicted = {
        sentence
        for sentence, against in linked_voices(ClaimLink.CONTRADICTS, articles).items()
        if len(against) > len(backing.get(sentence, set()) - against)  # one claim may match and disagree
    }
    tallied = {tally.article_id: tally for tally in ArticleTally.objects.filter(article__in=articles)}
    changed = []
    for article in articles:
        rows = per_article.get(article.pk)
        if rows is None:
            continue  # not analysed yet
        counts = article_counts(article, rows, corroborated, contradicted)
        analysis_id = rows[0].analysis_id if rows else _latest_analysis(article)
        # Most of a story's articles come out as they were: those need no lock and no write.
        if not _unchanged(tallied.get(article.pk), article, analysis_id, counts):
            changed.append((article, analysis_id, counts))
    return _store_tallies(changed) if changed else []


def _unchanged(tally, article, analysis_id, counts):
    """Whether the article's tally (None: it has none) already holds these counts of this analysis."""
    return (
        tally is not None
        and tally.outlet_id == article.outlet_id
        and tally.analysis_id == analysis_id
        and tally.counts() == counts
    )


def _latest_analysis(article):
    return article.analyses.order_by("-created_at", "-pk").values_list("pk", flat=True).first()


@transaction.atomic
def _store_tallies(changed):
    """Replace the articles' tallies, [(article, analysis id, counts)], and move the running totals by the
    differences, in one transaction; returns the outlets whose figures moved.

    The tallies are locked and written together, and each outlet's totals moved once by the sum of its
    articles' changes (in the order of their scopes, so workers storing at once never wait on each other
    in a circle): a batch's thousand articles cost a few queries, not a few each.
    """
    old = {
        tally.article_id: tally
        for tally in ArticleTally.objects.select_for_update()
        .filter(article__in=[article for article, _, _ in changed])
        .order_by("pk")
    }
    deltas, tallies, outlets = {}, [], {}
    for article, analysis_id, counts in changed:
        before = old.get(article.pk)
        if _unchanged(before, article, analysis_id, counts):
            continue  # another run stored the same meanwhile
        if before is not None:
            _move(deltas, before.outlet_id, {name: -value for name, value in before.counts().items()}, -1)
        _move(deltas, article.outlet_id, counts, 1)
        tallies.append(
            ArticleTally(
                article=article,
                outlet_id=article.outlet_id,
                analysis_id=analysis_id,
                day=article_day(article),
                **counts,
            )
        )
        outlets[article.outlet_id] = article.outlet
    ArticleTally.objects.bulk_create(
        tallies,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["outlet", "analysis", "day", *COUNT_FIELDS],
        batch_size=500,
    )
    for outlet_id in sorted(deltas, key=lambda outlet_id: f"outlet {outlet_id}"):
        delta, articles = deltas[outlet_id]
        _add(f"outlet {outlet_id}", outlet_id, delta, articles)
    return list(outlets.values())


def _move(deltas, outlet_id, counts, articles):
    """Add counts (and a number of articles) to an outlet's sum of changes, {outlet id: (delta, articles)}."""
    delta, before = deltas.get(outlet_id, (dict.fromkeys(COUNT_FIELDS, 0), 0))
    deltas[outlet_id] = ({name: delta[name] + counts[name] for name in COUNT_FIELDS}, before + articles)


@transaction.atomic
def forget_tally(article):
    """Take the article's tally out of its outlet's running totals and delete it.

    Call it before deleting the analysis the tally rests on: the cascade would delete the tally alone and
    leave the totals counting it. The next retally adds the article back (refresh.stale_articles finds it
    if that never happens).
    """
    old = ArticleTally.objects.select_for_update().filter(article=article).first()
    if old is not None:
        _take_out(old)
        old.delete()


def _take_out(tally):
    _add(f"outlet {tally.outlet_id}", tally.outlet_id, {k: -v for k, v in tally.counts().items()}, -1)


def _add(scope, outlet_id, delta, articles):
    Totals.objects.get_or_create(scope=scope, defaults={"outlet_id": outlet_id})
    Totals.objects.filter(scope=scope).update(
        articles=F("articles") + articles, **{name: F(name) + change for name, change in delta.items()}
    )
