"""Store analyses in the database: each article analysed once per analyser, in one transaction.

An article whose analysis (or the storing of it) raises is recorded as failed, with the reason, in a
transaction of its own, and the others go on. A run tries each pending article once; a failed one stays
pending, so the next run (and a new model) tries it again.
"""

from django.db import transaction
from django.utils import timezone

from articles import bulk
from articles.models import Article, Sentence
from reliability.analysis import uncertainty
from reliability.analysis.article import Failed, analyse_bodies, attempt
from reliability.models import AnalysisFailure, ArticleAnalysis, ModelVersion, SentenceAnalysis
from reliability.support import ClaimText

RULES_ONLY = "rules only"
BATCH = 50


def analyser_name(model):
    return f"model {model.version}" if model else RULES_ONLY


def pending_articles(analyser):
    return Article.objects.exclude(analyses__analyser=analyser).order_by("pk")


def model_version(model):
    return ModelVersion.objects.filter(version=model.version).first() if model else None


def _analysed(ids, model):
    """(article, its analysed sentences or Failed) for the articles with these ids, BATCH at a time."""
    for offset in range(0, len(ids), BATCH):
        articles = list(Article.objects.filter(pk__in=ids[offset : offset + BATCH]).select_related("outlet"))
        yield from zip(articles, analyse_bodies([article.body for article in articles], model), strict=True)


def analyse_each(ids, model, write, progress=None):
    """Analyse the articles with these ids and write each one's analysis with write(article, sentences,
    analyser, version), which returns whether it wrote anything (not if another run did meanwhile).

    An article whose analysis or writing raises is recorded as failed and the others go on; each is tried
    once. progress(1) after each article. Returns (ids of the articles written, the failures recorded).
    """
    analyser, version = analyser_name(model), model_version(model)
    done, failed = [], []
    for article, sentences in _analysed(ids, model):
        # what writing it returned, or why analysing or writing it failed
        outcome = (
            sentences
            if isinstance(sentences, Failed)
            else attempt(write, article, sentences, analyser, version)
        )
        if isinstance(outcome, Failed):
            failed.append(record_failure(article, analyser, version, outcome))
        elif outcome:
            done.append(article.pk)
        if progress:
            progress(1)
    return done, failed


def analyse_pending(model, progress=None):
    """Analyse every article the analyser has not seen; returns the ids of those it analysed.

    One whose analysis or storing raises is recorded as failed (`failures` lists them after the run).
    """
    ids = list(pending_articles(analyser_name(model)).values_list("pk", flat=True))
    return analyse_each(ids, model, store, progress)[0]


# The fields of an analysed sentence's row, as sentence_row() gives them.
SENTENCE_FIELDS = ("analysis", "sentence", *SentenceAnalysis.DECISION_FIELDS, "uncertainty")


@transaction.atomic
def store(article, analysed, analyser, version):
    """Write one article's analysis; 0 if another run stored it meanwhile (safe to run twice). An earlier
    failure of the article is cleared with it."""
    claims = sum(item.decision.is_claim for item in analysed)
    analysis = bulk.insert_new(
        ArticleAnalysis,
        {
            "article": article.pk,
            "analyser": analyser,
            "model_version": version.pk if version else None,
            "created_at": timezone.now(),
            "claims": claims,
        },
        unique=("article", "analyser"),
    )
    if analysis is None:
        return 0
    stored = {(start, end): pk for start, end, pk in article.sentences.values_list("start", "end", "pk")}
    bulk.insert(
        SentenceAnalysis, SENTENCE_FIELDS, [sentence_row(analysis, stored, item) for item in analysed]
    )
    AnalysisFailure.objects.filter(article=article).delete()
    return 1


def sentence_row(analysis, stored, item):
    """The row of SENTENCE_FIELDS for an analysed sentence, its values converted as the model's fields
    convert them (a model's decisions may hold numpy numbers)."""
    if (item.start, item.end) not in stored:
        raise LookupError(
            f"no stored sentence at {item.start}-{item.end} of the body: the article's sentences were "
            "split otherwise when it was ingested"
        )
    decision = item.decision
    source, cue = decision.source, decision.cue
    return (
        analysis,
        stored[(item.start, item.end)],
        bool(decision.is_claim),
        float(decision.claim_score),
        decision.claim_class,
        decision.label,
        float(decision.confidence),
        item.start + source[0] if source else None,
        item.start + source[1] if source else None,
        item.start + cue[0] if cue else None,
        item.start + cue[1] if cue else None,
        bool(decision.justified),
        decision.decided_by,
        decision.evidence,
        decision.probabilities,
        float(uncertainty.score(decision)),
    )


@transaction.atomic
def record_failure(article, analyser, version, failed):
    """Record why the article's analysis failed, in place of any earlier failure of it; returns the record."""
    return AnalysisFailure.objects.update_or_create(
        article=article,
        defaults={
            "analyser": analyser,
            "model_version": version,
            "error": type(failed.error).__name__[:200],
            "message": str(failed.error),
            "failed_at": timezone.now(),
        },
    )[0]


def failures(analyser):
    """The recorded failures of the articles the analyser has still not analysed: after a run, the
    articles that run could not analyse, in order."""
    return list(
        AnalysisFailure.objects.filter(analyser=analyser, article__in=pending_articles(analyser))
        .select_related("article")
        .order_by("article_id")
    )


def corpus_claims():
    """Stored sentences as claims for corroboration: the latest analysis's claims, else every sentence."""
    claims = []
    latest = {}
    for analysis in ArticleAnalysis.objects.order_by("created_at").values("article_id", "pk"):
        latest[analysis["article_id"]] = analysis["pk"]
    flagged = set(
        SentenceAnalysis.objects.filter(analysis_id__in=latest.values(), is_claim=True).values_list(
            "sentence_id", flat=True
        )
    )
    for sentence in Sentence.objects.select_related("article__outlet").only(
        "text", "article__outlet__name", "article_id"
    ):
        if sentence.article_id in latest and sentence.pk not in flagged:
            continue
        claims.append(ClaimText(sentence.article.outlet.name, sentence.text))
    return claims
