"""The API's objects. Claims, outlets and score history are built as plain dicts (claims.py, scores.py)
and these serializers describe them for the OpenAPI schema; the schema tests hold the two together."""

from rest_framework import serializers
from rest_framework.fields import empty

from articles.models import Article
from reliability.models import (
    CLAIM_CLASS_CHOICES,
    LABEL_CHOICES,
    WINDOWS,
    ClaimLink,
    LabelOverride,
    ModelVersion,
    ScoreOverride,
    Story,
)
from reliability.overrides import REASON_LENGTH, Invalid, clean_reason
from reliability.scoring import CRITERIA

MAX_ID = 2**63 - 1  # the largest id either database stores; a larger one can only be a 404 or a 400


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset into the article's cleaned body.")
    end = serializers.IntegerField()
    text = serializers.CharField()


class AttributionSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=LABEL_CHOICES, help_text="As editors see it (overrides applied).")
    confidence = serializers.FloatField()
    source = SpanSerializer(allow_null=True)
    cue = SpanSerializer(allow_null=True)
    justified = serializers.BooleanField(help_text="An anonymous source whose anonymity the text justifies.")


class ModelDecisionSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=LABEL_CHOICES)
    is_claim = serializers.BooleanField()
    claim_class = serializers.ChoiceField(
        choices=CLAIM_CLASS_CHOICES,
        help_text="check_worthy exactly when is_claim, else unimportant or non_factual.",
    )
    decided_by = serializers.CharField(help_text="rules, model or both.")


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The sentence's id.")
    article = serializers.IntegerField()
    outlet = serializers.CharField(help_text="The slug of the outlet that wrote it.")
    story = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    order = serializers.IntegerField(help_text="The sentence's place in the article, from 0.")
    start = serializers.IntegerField(help_text="Offset into the cleaned body: body[start:end] is the text.")
    end = serializers.IntegerField()
    raw_start = serializers.IntegerField(help_text="Offset into the raw text as ingested.")
    raw_end = serializers.IntegerField()
    text = serializers.CharField()
    is_claim = serializers.BooleanField(help_text="As editors see it.")
    claim_score = serializers.FloatField()
    attribution = AttributionSerializer()
    model = ModelDecisionSerializer(help_text="What the analysis said, before editors' overrides.")
    reviewed = serializers.BooleanField(help_text="An editor has decided on it.")
    overridden = serializers.BooleanField(help_text="An editor changed the label, claim flag or source.")
    unsupported = serializers.BooleanField()
    corroborated_by = serializers.ListField(child=serializers.IntegerField(), help_text="Claims' ids.")
    contradicted_by = serializers.ListField(child=serializers.IntegerField(), help_text="Claims' ids.")
    evidence = serializers.ListField(child=serializers.CharField(), help_text="The rules that fired.")
    probabilities = serializers.DictField(child=serializers.FloatField(), help_text="The model's, per label.")
    analyser = serializers.CharField()
    analysed_at = serializers.DateTimeField()


class CriterionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[name for name, _, _ in CRITERIA])
    title = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    value = serializers.FloatField(help_text="Shrunk toward the corpus mean, 0 to 1.")
    low = serializers.FloatField()
    high = serializers.FloatField()
    raw = serializers.FloatField(allow_null=True, help_text="The outlet's own figure, before shrinking.")
    n = serializers.IntegerField(help_text="How many of out_of it rests on.")
    out_of = serializers.ChoiceField(
        choices=["claims", "own_sentences", "articles"],
        allow_null=True,
        help_text="What it is a share of: claims, sentences in the outlet's own voice, or articles.",
    )
    weight = serializers.FloatField()
    points = serializers.FloatField(
        allow_null=True, help_text="Its part of the overall score, 0 to 100; the parts add up to it."
    )


class EvidenceCriterionSerializer(CriterionSerializer):
    evidence = serializers.ListField(
        child=serializers.DictField(), help_text="The claims, sentences or headlines behind it, worst first."
    )
    corpus = serializers.FloatField(allow_null=True, help_text="The corpus's own figure.")
    points_against_corpus = serializers.FloatField(
        allow_null=True,
        help_text="What it adds to (or, below 0, takes from) the score against an outlet at the corpus's "
        "figures: 100 · weight · (its goodness − the corpus's) / the weights' sum. With corpus_baseline, "
        "they add up to the model's score.",
    )
    direction = serializers.CharField(
        allow_null=True, help_text="better than the corpus, worse than the corpus or level with the corpus."
    )


class ScoreChangeSerializer(serializers.Serializer):
    cause = serializers.CharField(
        help_text="articles, override, model, links, corpus, settings or unexplained."
    )
    points = serializers.FloatField(
        help_text="Its part of the change in the overall score; the parts add up."
    )
    detail = serializers.CharField()


class ScoreOverrideNoteSerializer(serializers.Serializer):
    value = serializers.FloatField()
    reason = serializers.CharField()
    editor = serializers.CharField()
    created_at = serializers.DateTimeField()


class WindowScoreSerializer(serializers.Serializer):
    overall = serializers.FloatField(
        allow_null=True,
        help_text="0–100 as shown: an editor's override, else the model's; null when there is no score.",
    )
    model_overall = serializers.FloatField(
        allow_null=True, help_text="The model's own figure; null for a window without claims."
    )
    no_score = serializers.CharField(
        allow_null=True, help_text="Why there is no score (a window without claims), else null."
    )
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    few_claims = serializers.BooleanField()
    articles = serializers.IntegerField()
    claims = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    settings_version = serializers.IntegerField()
    model_version = serializers.CharField(allow_null=True)
    analyser = serializers.CharField()
    override = ScoreOverrideNoteSerializer(allow_null=True)
    criteria = CriterionSerializer(many=True)
    changes = ScoreChangeSerializer(many=True, help_text="What moved it since the previous snapshot.")


class WindowsSerializer(serializers.Serializer):
    all = WindowScoreSerializer(allow_null=True)
    _90d = WindowScoreSerializer(allow_null=True)
    _30d = WindowScoreSerializer(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["90d"], fields["30d"] = fields.pop("_90d"), fields.pop("_30d")
        return fields


class OutletSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    articles = serializers.IntegerField()
    claims = serializers.IntegerField()
    scores = WindowsSerializer()
    updated_at = serializers.DateTimeField()


class WindowScoreWithEvidenceSerializer(WindowScoreSerializer):
    criteria = EvidenceCriterionSerializer(many=True)
    summary = serializers.CharField(
        allow_null=True, help_text="The outlet page's summary in plain words; null when there is no score."
    )
    corpus_baseline = serializers.FloatField(
        allow_null=True, help_text="The score of an outlet at the corpus's figure on every criterion."
    )


class WindowsWithEvidenceSerializer(WindowsSerializer):
    all = WindowScoreWithEvidenceSerializer(allow_null=True)
    _90d = WindowScoreWithEvidenceSerializer(allow_null=True)
    _30d = WindowScoreWithEvidenceSerializer(allow_null=True)


class OutletDetailSerializer(OutletSerializer):
    scores = WindowsWithEvidenceSerializer()


class HistoryCriterionSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    raw = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(allow_null=True)
    weight = serializers.FloatField(allow_null=True)


class HistoryCriteriaSerializer(serializers.Serializer):
    def get_fields(self):
        return {name: HistoryCriterionSerializer() for name, _, _ in CRITERIA}


class ScoreSnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outlet = serializers.CharField()
    window = serializers.ChoiceField(choices=WINDOWS)
    computed_at = serializers.DateTimeField()
    overall = serializers.FloatField(
        help_text="The model's figure at the time (overrides: /overrides/scores/)."
    )
    low = serializers.FloatField()
    high = serializers.FloatField()
    few_claims = serializers.BooleanField()
    articles = serializers.IntegerField()
    claims = serializers.IntegerField()
    settings_version = serializers.IntegerField()
    model_version = serializers.CharField(allow_null=True)
    analyser = serializers.CharField()
    criteria = HistoryCriteriaSerializer()
    changes = ScoreChangeSerializer(many=True, help_text="What moved it since the previous snapshot.")


class StorySerializer(serializers.ModelSerializer):
    articles = serializers.IntegerField(source="article_total")
    outlets = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["id", "title", "first_seen", "last_seen", "curated", "articles", "outlets"]

    def get_outlets(self, story) -> list[str]:
        return sorted({member.article.outlet.slug for member in story.members.all()})


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    carried_by = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    credits = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)
    story = serializers.IntegerField(source="story_membership.story_id", allow_null=True, default=None)
    sentences = serializers.IntegerField(source="sentence_total")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "carried_by",
            "credits",
            "published_at",
            "ingested_at",
            "updated_at",
            "language",
            "source_format",
            "story",
            "sentences",
            "content_hash",
        ]


class ContradictionSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="sentence_id")
    outlet = serializers.CharField(source="sentence.article.outlet.slug")
    text = serializers.CharField(source="sentence.text")
    other_claim = serializers.IntegerField(source="other_id")
    other_outlet = serializers.CharField(source="other.article.outlet.slug")
    other_text = serializers.CharField(source="other.text")

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "story",
            "field",
            "claim",
            "outlet",
            "text",
            "value",
            "other_claim",
            "other_outlet",
            "other_text",
            "other_value",
            "similarity",
        ]


class LabelOverrideSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="sentence_id")
    article = serializers.IntegerField(source="sentence.article_id")
    outlet = serializers.CharField(source="sentence.article.outlet.slug")
    editor = serializers.CharField(source="editor.username")

    class Meta:
        model = LabelOverride
        fields = [
            "id",
            "claim",
            "article",
            "outlet",
            "field",
            "old_value",
            "new_value",
            "reason",
            "editor",
            "created_at",
        ]


class ReasonField(serializers.CharField):
    """An override's reason, refused or kept exactly as the review pages do (overrides.clean_reason)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=REASON_LENGTH, **kwargs)  # the limit shows in the schema

    def run_validation(self, data=empty):
        is_empty, value = self.validate_empty_values(data)
        if is_empty:
            return value
        try:
            return clean_reason(self.to_internal_value(value))
        except Invalid as invalid:
            raise serializers.ValidationError(str(invalid)) from None


class LabelOverrideInputSerializer(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The sentence's id.")
    field = serializers.ChoiceField(choices=LabelOverride.FIELDS, default=LabelOverride.LABEL)
    value = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A label; yes/no for is_claim; start-end offsets (or empty) for source; empty for accept.",
    )
    reason = ReasonField(help_text="Kept with the change for good.")
    seen = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=200,
        help_text="The value you saw; if someone changed it since, the change is refused with 409.",
    )


class ScoreOverrideSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.slug")
    editor = serializers.CharField(source="editor.username")
    based_on = serializers.IntegerField(source="based_on_id", help_text="The snapshot it overrides.")

    class Meta:
        model = ScoreOverride
        fields = [
            "id",
            "outlet",
            "window",
            "based_on",
            "old_value",
            "new_value",
            "reason",
            "editor",
            "created_at",
        ]


class ScoreOverrideInputSerializer(serializers.Serializer):
    outlet = serializers.SlugField()
    window = serializers.ChoiceField(choices=WINDOWS, default="all")
    value = serializers.FloatField(min_value=0, max_value=100)
    reason = ReasonField()
    seen = serializers.FloatField(
        required=False, allow_null=True, help_text="The score you saw (409 if it moved)."
    )


class ModelVersionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=["current", "candidate", "retired"], read_only=True)
    trained_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    promoted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ModelVersion
        fields = [
            "version",
            "status",
            "created_at",
            "trained_by",
            "training_examples",
            "editor_examples",
            "data_sha256",
            "is_current",
            "promoted_at",
            "promoted_by",
            "metrics",
            "evaluation",
        ]


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField(allow_null=True)
