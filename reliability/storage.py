"""Store analyses in the database: each article analysed once per analyser, in one transaction."""

from django.db import transaction

from articles.models import Article, Sentence
from reliability.analysis import uncertainty
from reliability.analysis.article import analyse_bodies
from reliability.models import ArticleAnalysis, ModelVersion, SentenceAnalysis
from reliability.support import ClaimText

RULES_ONLY = "rules only"
BATCH = 50


def analyser_name(model):
    return f"model {model.version}" if model else RULES_ONLY


def pending_articles(analyser):
    return Article.objects.exclude(analyses__analyser=analyser).order_by("pk")


def model_version(model):
    return ModelVersion.objects.filter(version=model.version).first() if model else None


def analyse_in_batches(ids, model):
    """(article, its analysed sentences) for the articles with these ids, BATCH articles at a time."""
    for offset in range(0, len(ids), BATCH):
        articles = list(
            Article.objects.filter(pk__in=ids[offset : offset + BATCH])
            .select_related("outlet")
            .prefetch_related("sentences")
        )
        yield from zip(articles, analyse_bodies([article.body for article in articles], model), strict=True)


def analyse_pending(model, progress=None):
    """Analyse every article the analyser has not seen; returns the ids of those it analysed."""
    analyser, version = analyser_name(model), model_version(model)
    done = []
    ids = list(pending_articles(analyser).values_list("pk", flat=True))
    for article, sentences in analyse_in_batches(ids, model):
        if store(article, sentences, analyser, version):
            done.append(article.pk)
        if progress:
            progress(1)
    return done


@transaction.atomic
def store(article, analysed, analyser, version):
    """Write one article's analysis; 0 if another run stored it meanwhile (safe to run twice)."""
    analysis, created = ArticleAnalysis.objects.get_or_create(
        article=article, analyser=analyser, defaults={"model_version": version}
    )
    if not created:
        return 0
    stored = {(sentence.start, sentence.end): sentence for sentence in article.sentences.all()}
    rows = []
    for item in analysed:
        decision = item.decision
        source, cue = decision.source, decision.cue
        rows.append(
            SentenceAnalysis(
                analysis=analysis,
                sentence=stored[(item.start, item.end)],
                is_claim=decision.is_claim,
                claim_score=decision.claim_score,
                label=decision.label,
                confidence=decision.confidence,
                source_start=item.start + source[0] if source else None,
                source_end=item.start + source[1] if source else None,
                cue_start=item.start + cue[0] if cue else None,
                cue_end=item.start + cue[1] if cue else None,
                justified=decision.justified,
                decided_by=decision.decided_by,
                evidence=decision.evidence,
                probabilities=decision.probabilities,
                uncertainty=uncertainty.score(decision),
            )
        )
    SentenceAnalysis.objects.bulk_create(rows, batch_size=500)
    return 1


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
