"""What the analysis stores: model versions, and each sentence as each analyser version saw it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article, Sentence
from reliability.analysis.vocabulary import CHECK_WORTHY, LABEL_NAMES, NON_FACTUAL, UNIMPORTANT

LABEL_CHOICES = list(LABEL_NAMES.items())
CLAIM_CLASS_CHOICES = [
    (CHECK_WORTHY, "check-worthy factual claim"),
    (UNIMPORTANT, "unimportant factual"),
    (NON_FACTUAL, "non-factual"),
]


class ModelVersion(models.Model):
    """One trained model; its file and card live in MODEL_DIR under the same version."""

    # What a version can look like, so a link with anything else (a NUL, which PostgreSQL cannot even
    # compare) is a 404 without a query.
    VERSION_PATTERN = r"[-.\w]{1,40}"
    version = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    training_examples = models.PositiveIntegerField()
    data_sha256 = models.CharField("training-data hash", max_length=64)
    metrics = models.JSONField(default=dict, blank=True)
    card = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(default=False)
    editor_examples = models.PositiveIntegerField(
        default=0, help_text="How many of the training sentences are editors' labels."
    )
    evaluation = models.JSONField(
        default=dict, blank=True, help_text="Measured beside the model current when it was trained."
    )
    trained_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    promoted_at = models.DateTimeField(null=True, blank=True, help_text="When it last became current.")
    promoted_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_model"
            ),
        ]

    def __str__(self):
        return f"model {self.version}" + (" (current)" if self.is_current else "")

    @property
    def status(self):
        if self.is_current:
            return "current"
        return "retired" if self.promoted_at else "candidate"


class ArticleAnalysis(models.Model):
    """An article analysed in full by one analyser; written with its sentences' rows, or not at all."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="analyses")
    analyser = models.CharField(max_length=60)  # "model 20261123-101500" or "rules only"
    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many of its sentence rows are claims, written with them: the review queue's counter adds these
    # up rather than counting every claim of the corpus on each request.
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "analyser"], name="one_analysis_per_analyser")
        ]

    def __str__(self):
        return f"{self.article} by {self.analyser}"


class AnalysisFailure(models.Model):
    """An article whose analysis raised, the last time it was tried: by which analyser, when and why.

    Written in a transaction of its own, so it never stands beside half-written analysis rows; removed
    when an analysis of the article is stored.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="analysis_failure")
    analyser = models.CharField(max_length=60)
    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL)
    error = models.CharField("exception", max_length=200)
    message = models.TextField(blank=True)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"article {self.article_id} ({self.article}): {self.reason}"

    @property
    def reason(self):
        return f"{self.error}: {self.message}" if self.message else self.error


class SentenceAnalysisQuerySet(models.QuerySet):
    def current(self):
        """Rows of the analysis each article's figures rest on (the one its tally counts). EXISTS rather
        than IN: with IN, SQLite gathers and sorts every current row before any LIMIT or keyset step."""
        return self.filter(models.Exists(ArticleTally.objects.filter(analysis=models.OuterRef("analysis"))))


class SentenceAnalysis(models.Model):
    """One sentence as one analyser saw it. Offsets of spans are into the article's body."""

    analysis = models.ForeignKey(ArticleAnalysis, on_delete=models.CASCADE, related_name="sentences")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="analyses")
    is_claim = models.BooleanField()
    claim_score = models.FloatField()
    claim_class = models.CharField(max_length=12, choices=CLAIM_CLASS_CHOICES)  # is_claim: check_worthy
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
    # How much an editor's label would teach the model (0 to 1): the review queue asks the most first.
    uncertainty = models.FloatField(default=0.0)

    objects = SentenceAnalysisQuerySet.as_manager()

    # What the analyser decided of the sentence, in the order of the fields above: what storing writes
    # and the API reads of a row besides whose it is.
    DECISION_FIELDS = (
        "is_claim",
        "claim_score",
        "claim_class",
        "label",
        "confidence",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "justified",
        "decided_by",
        "evidence",
        "probabilities",
    )

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
        indexes = [
            models.Index(fields=["label", "is_claim"]),
            models.Index(fields=["confidence", "id"]),
            models.Index(fields=["-uncertainty", "id"]),
        ]

    def __str__(self):
        return f"{self.sentence}: {self.label}"

    def span_text(self, which):
        start, end = getattr(self, f"{which}_start"), getattr(self, f"{which}_end")
        return None if start is None else self.sentence.article.body[start:end]


def default_label_weights():
    return {
        "named_person": 1.0,
        "named_organization": 0.9,
        "document": 0.9,
        "media_report": 0.6,
        "anonymous": 0.4,
        "vague": 0.15,
        "none": 0.0,
    }


def default_criterion_weights():
    """Fitted by `manage.py calibrate` to Media Bias/Fact Check's factual-reporting ratings of 24 US
    outlets (../shared/validation/allsides-mbfc/; the README gives the figures). A criterion fitted to
    0 still shows, with its evidence: editors may weigh it."""
    return {
        "own_reporting": 0.162,
        "sourcing_breadth": 0.131,
        "attribution_quality": 0.04,
        "unsupported_rate": 0.04,
        "anonymous_rate": 0.075,
        "vague_rate": 0.148,
        "media_rate": 0.094,
        "loaded_language": 0.061,
        "rumour_rate": 0.076,
        "sensational_headlines": 0.092,
        "unsupported_headlines": 0.041,
        "contradiction_rate": 0.04,
    }


class EditorialSettings(models.Model):
    """Weights and thresholds editors choose; each change is a new version, the newest is in force."""

    version = models.PositiveIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    note = models.CharField("why this change", max_length=500)
    label_weights = models.JSONField(default=default_label_weights)
    justified_anonymity_bonus = models.FloatField(
        default=0.2,
        help_text="Added to an anonymous claim's weight when the text says why the source is unnamed.",
    )
    criterion_weights = models.JSONField(default=default_criterion_weights)
    prior_strength = models.FloatField(
        default=20, help_text="How many claims' worth of the corpus mean every outlet's figures start from."
    )
    small_outlet_claims = models.PositiveIntegerField(
        default=30, help_text="Below this many claims an outlet's score is marked as resting on few claims."
    )
    auto_promote = models.BooleanField(
        default=False,
        help_text="Make a retrained model current by itself when it beats the current one on both the "
        "editors' held-out labels and the team's training data.",
    )
    public_outlet_pages = models.BooleanField(
        default=False,
        help_text="Publish a read-only page per outlet, for anyone without signing in: its score, the "
        "criteria and the claims behind them, the dispute form and the public log of disputes. Editors' "
        "names, override reasons and everything else of the review pages stay private.",
    )
    story_window_days = models.PositiveIntegerField(default=3)
    story_similarity = models.FloatField(default=0.2)
    claim_similarity = models.FloatField(default=0.3)

    class Meta:
        ordering = ["-version"]
        verbose_name_plural = "editorial settings"

    def __str__(self):
        return f"settings v{self.version}: {self.note}"

    def clean(self):
        errors = {}
        labels = {label for label, _ in LABEL_CHOICES}
        if not _weights_ok(self.label_weights, labels):
            errors["label_weights"] = (
                f"Give a weight between 0 and 1 for each of: {', '.join(sorted(labels))}."
            )
        criteria = set(default_criterion_weights())
        if not _weights_ok(self.criterion_weights, criteria) or not sum(self.criterion_weights.values()):
            errors["criterion_weights"] = (
                f"Give a weight between 0 and 1 for each of: {', '.join(sorted(criteria))}; not all zero."
            )
        for name in ("justified_anonymity_bonus", "story_similarity", "claim_similarity"):
            if not 0 <= getattr(self, name) <= 1:
                errors[name] = "Must be between 0 and 1."
        if self.prior_strength < 0:
            errors["prior_strength"] = "Must not be negative."
        if errors:
            raise ValidationError(errors)


def _weights_ok(weights, names):
    return (
        isinstance(weights, dict)
        and set(weights) == names
        and all(isinstance(value, int | float) and 0 <= value <= 1 for value in weights.values())
    )


class Story(models.Model):
    """Articles of different outlets about the same event, grouped automatically or by an editor."""

    title = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    curated = models.BooleanField(
        default=False, help_text="An editor merged or split it; grouping leaves it alone."
    )
    # Which of its articles nearly repeat an earlier one's text, and the texts that was found for:
    # {"texts": independence.texts_stamp, "copies": {copy id: [original id, similarity]}}.
    near_copies = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["last_seen"])]

    def __str__(self):
        return self.title


class StoryArticle(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="story_membership")
    similarity = models.FloatField(default=1.0)
    added_by = models.CharField(max_length=20, default="grouping")

    class Meta:
        ordering = ["story", "article"]

    def __str__(self):
        return f"{self.article} in {self.story}"


class ClaimLink(models.Model):
    """Two claims of different outlets in one story: one corroborates the other, or they disagree."""

    CORROBORATES = "corroborates"
    CONTRADICTS = "contradicts"
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="links")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="links_to")
    kind = models.CharField(max_length=20, choices=[(CORROBORATES, CORROBORATES), (CONTRADICTS, CONTRADICTS)])
    similarity = models.FloatField()
    field = models.CharField(
        max_length=20, blank=True
    )  # what they disagree on: number, time, date, place, person
    value = models.CharField(max_length=200, blank=True)
    other_value = models.CharField(max_length=200, blank=True)
    # Whose voices the two claims are and which outlets were folded into them, and why:
    # {"voice": name, "other_voice": name, "folded": [{"outlet", "into", "why"}]} (see independence.py).
    independence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["story", "sentence"]
        constraints = [
            models.UniqueConstraint(fields=["sentence", "other", "kind", "field"], name="one_link_per_pair"),
            models.CheckConstraint(condition=Q(sentence__lt=models.F("other")), name="link_pair_ordered"),
        ]
        # A claim's links of a kind, from either end (the kind alone would scan every link of it).
        indexes = [
            models.Index(fields=["kind", "field"]),
            models.Index(fields=["sentence", "kind"]),
            models.Index(fields=["other", "kind"]),
        ]

    def __str__(self):
        return f"{self.sentence_id} {self.kind} {self.other_id}"


# What the outlet writes in its own voice (sentences outside any attribution) and how its articles read.
ARTICLE_COUNT_FIELDS = [
    "own_sentences",
    "loaded",
    "rumour",
    "reported",
    "sourced",
    "sensational_headline",
    "unsupported_headline",
]
COUNT_FIELDS = [
    "claims",
    *[label for label, _ in LABEL_CHOICES],
    "justified",
    "unsupported",
    "contradicted",
    "corroborated",
    *ARTICLE_COUNT_FIELDS,
]


class Counts(models.Model):
    """Counts behind an outlet's figures: how many claims, of which label, unsupported, ...; how many
    sentences in its own voice, of which judging or passing on rumour; and how many articles report,
    cite several sources, or carry a sensational or unsupported headline (0 or 1 in one article's tally)."""

    claims = models.PositiveIntegerField(default=0)
    named_person = models.PositiveIntegerField(default=0)
    named_organization = models.PositiveIntegerField(default=0)
    document = models.PositiveIntegerField(default=0)
    media_report = models.PositiveIntegerField(default=0)
    anonymous = models.PositiveIntegerField(default=0)
    vague = models.PositiveIntegerField(default=0)
    none = models.PositiveIntegerField(default=0)
    justified = models.PositiveIntegerField("anonymous, justified", default=0)
    unsupported = models.PositiveIntegerField(default=0)
    contradicted = models.PositiveIntegerField(default=0)
    corroborated = models.PositiveIntegerField(default=0)
    own_sentences = models.PositiveIntegerField("sentences in its own voice", default=0)
    loaded = models.PositiveIntegerField("own-voice sentences with judging words", default=0)
    rumour = models.PositiveIntegerField("own-voice sentences passing on rumour", default=0)
    reported = models.PositiveIntegerField("articles with reporting of its own", default=0)
    sourced = models.PositiveIntegerField("articles citing two or more identifiable sources", default=0)
    sensational_headline = models.PositiveIntegerField("articles with a sensational headline", default=0)
    unsupported_headline = models.PositiveIntegerField(
        "articles whose body does not bear out the headline", default=0
    )

    class Meta:
        abstract = True

    def counts(self):
        return {name: getattr(self, name) for name in COUNT_FIELDS}


class ArticleTally(Counts):
    """One article's contribution to its outlet's figures, replaced whenever it changes."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="tally")
    outlet = models.ForeignKey("articles.Outlet", on_delete=models.CASCADE, related_name="tallies")
    analysis = models.ForeignKey(ArticleAnalysis, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["outlet", "day"])]

    def __str__(self):
        return f"tally of {self.article}"


class Totals(Counts):
    """An outlet's running all-time totals, kept by adding each of its tallies' changes."""

    scope = models.CharField(max_length=40, unique=True)  # "outlet <id>"
    outlet = models.OneToOneField(
        "articles.Outlet", null=True, blank=True, on_delete=models.CASCADE, related_name="totals"
    )
    articles = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "totals"

    def __str__(self):
        return f"totals of {self.outlet or 'the corpus'}"


WINDOWS = [("all", "all time"), ("90d", "last 90 days"), ("30d", "last 30 days")]


class OutletScore(models.Model):
    """A snapshot of an outlet's figures over a window; new snapshots are added, none replaced."""

    outlet = models.ForeignKey("articles.Outlet", on_delete=models.CASCADE, related_name="scores")
    window = models.CharField(max_length=3, choices=WINDOWS)
    computed_at = models.DateTimeField(auto_now_add=True)
    settings = models.ForeignKey(EditorialSettings, on_delete=models.PROTECT)
    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.PROTECT)
    analyser = models.CharField(max_length=60)
    articles = models.PositiveIntegerField()
    claims = models.PositiveIntegerField()
    overall = models.FloatField()
    overall_low = models.FloatField()
    overall_high = models.FloatField()
    few_claims = models.BooleanField(help_text="Rests on fewer claims than the settings' threshold; shrunk.")
    criteria = models.JSONField(default=list)
    # Whether the criteria hold their evidence yet: scoring.explain works it out when first read.
    explained = models.BooleanField(default=False)
    # What the score was computed from, so the next snapshot can say what moved it.
    counts = models.JSONField(default=dict, blank=True)
    corpus = models.JSONField(default=dict, blank=True)
    # What moved the score since the previous snapshot of the window, in overall points that add up to
    # the change: [{"cause", "points", "detail"}] (see scoring.changes); empty for a first snapshot.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        indexes = [
            models.Index(fields=["outlet", "window", "-computed_at"]),
            models.Index(fields=["computed_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=0) & Q(overall__lte=100), name="overall_0_100"),
            models.CheckConstraint(
                condition=Q(overall_low__lte=models.F("overall")) & Q(overall__lte=models.F("overall_high")),
                name="overall_within_interval",
            ),
        ]

    def __str__(self):
        return f"{self.outlet} {self.window}: {self.overall:.0f}"


class LabelOverrideQuerySet(models.QuerySet):
    def standing(self):
        """The decisions that stand: neither an undo nor undone. A sentence with one is reviewed."""
        return self.filter(undoes__isnull=True, undone_by__isnull=True)


class LabelOverride(models.Model):
    """An editor's decision on a sentence: a new label, claim flag, source or cue span, or acceptance.

    Never deleted or edited: an undo is a new override restoring the earlier value, pointing at the
    change it undoes. Spans are "start-end" offsets into the article body, like the analysis's.
    """

    LABEL, CLAIM, SOURCE, CUE, ACCEPT = "label", "is_claim", "source", "cue", "accept"
    FIELDS = [
        (LABEL, "label"),
        (CLAIM, "claim flag"),
        (SOURCE, "source span"),
        (CUE, "cue span"),
        (ACCEPT, "accepted as is"),
    ]
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="overrides")
    field = models.CharField(max_length=10, choices=FIELDS)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=1000)
    editor = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="label_overrides")
    created_at = models.DateTimeField(auto_now_add=True)
    # One to one: a change is undone at most once, and an undo says which change it took back.
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )

    objects = LabelOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sentence", "field", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"{self.sentence_id} {self.field}: {self.old_value} → {self.new_value}"


class ScoreOverride(models.Model):
    """An editor's own figure for an outlet's overall score, with the reason; the model's stays beside it."""

    outlet = models.ForeignKey("articles.Outlet", on_delete=models.CASCADE, related_name="score_overrides")
    window = models.CharField(max_length=3, choices=WINDOWS)
    based_on = models.ForeignKey(OutletScore, on_delete=models.PROTECT, related_name="overrides")
    old_value = models.FloatField()
    new_value = models.FloatField()
    reason = models.CharField(max_length=1000)
    editor = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="score_overrides")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_value__gte=0) & Q(new_value__lte=100), name="override_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.outlet} {self.window}: {self.old_value:.0f} → {self.new_value:.0f}"


def newest_per_outlet(rows, count=1):
    """Each outlet's `count` newest of these OutletScore or ScoreOverride rows (newest by the model's
    ordering), in one query however many outlets: a window function numbers each outlet's rows."""
    place = Window(RowNumber(), partition_by=F("outlet_id"), order_by=rows.model._meta.ordering)
    return rows.annotate(place=place).filter(place__lte=count)


class Job(models.Model):
    """Long work done in the background (ingest, rescoring, retraining, reanalysis), with its progress.

    Jobs are safe to run again: each step they take is idempotent and written in its own transaction,
    so a job whose worker died is finished by running it again.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    task_path = models.CharField(max_length=200, blank=True, help_text="The task that runs it.")
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True, help_text="Its last sign of life.")
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    stage = models.PositiveIntegerField(default=0, help_text="The stage of batches it is at.")
    finish_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When its next step was queued, once its stage's batches were done."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.status})"


class JobBatch(models.Model):
    """One share of a long Job (some articles, some lines of an upload, some outlets) that any worker may
    take; the job's progress is the sum of its batches'. A batch whose worker stops writing for the lease
    (JOB_BATCH_LEASE_SECONDS) is queued again; `attempts` tells its runs apart, so a run that was taken
    over writes nothing more."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="batches")
    stage = models.PositiveIntegerField(default=0)
    index = models.PositiveIntegerField()
    items = models.JSONField(default=dict, help_text="What it works on: article ids, lines, outlet ids.")
    status = models.CharField(max_length=10, choices=Job.STATUSES, default=Job.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    ran_in = models.PositiveIntegerField(default=0, help_text="The job's attempt it last ran in.")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="The host and process that took it last.")
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True, help_text="Its last sign of life.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "stage", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "stage", "index"], name="one_batch_per_index")]

    def __str__(self):
        return f"{self.job.title}, batch {self.index + 1} ({self.status})"
