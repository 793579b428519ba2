"""What the analysis stores: model versions, and each sentence as each analyser version saw it."""

from django.db import models
from django.db.models import Q

from articles.models import Article, Sentence

LABEL_CHOICES = [
    ("named_person", "named person"),
    ("named_organization", "named organisation"),
    ("document", "document"),
    ("media_report", "media report"),
    ("anonymous", "anonymous"),
    ("vague", "vague"),
    ("none", "none"),
]


class ModelVersion(models.Model):
    """One trained model; its file and card live in MODEL_DIR under the same version."""

    version = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    training_examples = models.PositiveIntegerField()
    data_sha256 = models.CharField("training-data hash", max_length=64)
    metrics = models.JSONField(default=dict, blank=True)
    card = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_model"
            ),
        ]

    def __str__(self):
        return f"model {self.version}" + (" (current)" if self.is_current else "")


class ArticleAnalysis(models.Model):
    """An article analysed in full by one analyser; written with its sentences' rows, or not at all."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="analyses")
    analyser = models.CharField(max_length=60)  # "model 20261123-101500" or "rules only"
    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "analyser"], name="one_analysis_per_analyser")
        ]

    def __str__(self):
        return f"{self.article} by {self.analyser}"


class SentenceAnalysis(models.Model):
    """One sentence as one analyser saw it. Offsets of spans are into the article's body."""

    analysis = models.ForeignKey(ArticleAnalysis, on_delete=models.CASCADE, related_name="sentences")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="analyses")
    is_claim = models.BooleanField()
    claim_score = models.FloatField()
    label = models.CharField(max_length=20, choices=LABEL_CHOICES)
    confidence = models.FloatField()
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    justified = models.BooleanField("anonymity justified", default=False)
    decided_by = models.CharField(max_length=10)
    evidence = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["analysis", "sentence__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "sentence"], name="one_row_per_sentence_and_analysis"
            ),
            models.CheckConstraint(
                condition=Q(source_start__isnull=True) | Q(source_start__lt=models.F("source_end")),
                name="source_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True) | Q(cue_start__lt=models.F("cue_end")),
                name="cue_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(claim_score__gte=0) & Q(claim_score__lte=1), name="claim_score_0_1"
            ),
        ]
        indexes = [models.Index(fields=["label", "is_claim"])]

    def __str__(self):
        return f"{self.sentence}: {self.label}"

    def span_text(self, which):
        start, end = getattr(self, f"{which}_start"), getattr(self, f"{which}_end")
        return None if start is None else self.sentence.article.body[start:end]
