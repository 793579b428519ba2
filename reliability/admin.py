"""Back office for the analysis: model versions, stored analyses, tallies, scores and the editors' audit
log are read-only (they are records); stories and editorial settings are edited here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import Count
from django.utils.html import format_html_join

from reliability.analysis.vocabulary import LABEL_NAMES
from reliability.models import (
    AnalysisFailure,
    ArticleAnalysis,
    ArticleTally,
    ClaimLink,
    EditorialSettings,
    LabelOverride,
    ModelVersion,
    OutletScore,
    ScoreOverride,
    SentenceAnalysis,
    Story,
    StoryArticle,
    Totals,
)
from reliability.refresh import refresh_story
from reliability.scoring import CRITERIA, explain
from reliability.stories import merge, split


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records: nobody, superusers included, adds, changes or deletes them here. Deleting would also
    break what rests on them (an analysis takes its tally along and the running totals go wrong)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyAdmin):
    """Read-only records, with the actions of the model page (README, "Teaching the model")."""

    list_display = [
        "version",
        "status",
        "created_at",
        "training_examples",
        "editor_examples",
        "macro_f1",
        "held_out_f1",
        "trained_by",
        "promoted_at",
        "promoted_by",
    ]
    list_filter = ["is_current"]
    readonly_fields = [
        "version",
        "status",
        "created_at",
        "training_examples",
        "editor_examples",
        "data_sha256",
        "trained_by",
        "promoted_at",
        "promoted_by",
        "metrics",
        "evaluation",
        "card",
    ]
    actions = ["retrain_now", "promote_selected", "restore_selected"]

    @admin.display(description="combined macro-F1 (cross-validated)")
    def macro_f1(self, version):
        return version.metrics.get("systems", {}).get("combined", {}).get("label_macro_f1", "—")

    @admin.display(description="macro-F1 held out: editors' / shipped")
    def held_out_f1(self, version):
        figures = version.metrics.get("held_out", {}).get("candidate")
        if not figures:
            return "—"
        return " / ".join(
            "—" if figures.get(name) is None else f"{figures[name]:.3f}" for name in ("editors", "shipped")
        )

    def has_model_permission(self, request):
        return request.user.has_perm("reliability.change_modelversion")

    @admin.action(
        description="Retrain now (a new candidate; the selection is not used)", permissions=["model"]
    )
    def retrain_now(self, request, queryset):
        from reliability import jobs
        from reliability.training.tasks import retrain_model

        job = jobs.start(
            "retrain", "Retrain the model from editors' labels", retrain_model, user=request.user
        )
        version = job.result.get("version")
        if job.status == job.FAILED:
            self.message_user(request, f"Retraining failed: {job.message}", messages.ERROR)
        else:
            self.message_user(
                request, f"Retraining: {job.status}" + (f", candidate {version}." if version else ".")
            )

    @admin.action(description="Promote the selected candidate (make it current)", permissions=["model"])
    def promote_selected(self, request, queryset):
        self._make_current(request, queryset)

    @admin.action(description="Restore the selected earlier version", permissions=["model"])
    def restore_selected(self, request, queryset):
        self._make_current(request, queryset)

    def _make_current(self, request, queryset):
        from reliability.promotion import Refused, promote

        if queryset.count() != 1:
            self.message_user(request, "Select exactly one model version.", messages.ERROR)
            return
        version = queryset.get()
        try:
            job = promote(version, request.user)
        except Refused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        self.message_user(request, f"Model {version.version} is current; {job.title}: {job.status}.")


class SentenceAnalysisInline(admin.TabularInline):
    model = SentenceAnalysis
    fields = ["sentence", "is_claim", "claim_class", "label", "confidence", "decided_by"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ArticleAnalysis)
class ArticleAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["article", "analyser", "created_at"]
    list_filter = ["analyser"]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    inlines = [SentenceAnalysisInline]


@admin.register(AnalysisFailure)
class AnalysisFailureAdmin(ReadOnlyAdmin):
    """Articles whose last analysis failed, and why; the next analysis run tries each again."""

    list_display = ["article", "analyser", "error", "message", "failed_at"]
    list_filter = ["analyser", "error"]
    list_select_related = ["article"]
    search_fields = ["article__title", "error", "message"]


@admin.register(SentenceAnalysis)
class SentenceAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "label", "is_claim", "claim_class", "confidence", "decided_by", "analyser"]
    list_filter = ["label", "is_claim", "claim_class", "decided_by", "analysis__analyser"]
    list_select_related = ["sentence", "analysis"]
    search_fields = ["sentence__text"]
    readonly_fields = [
        "analysis",
        "sentence",
        "is_claim",
        "claim_score",
        "claim_class",
        "label",
        "confidence",
        "source_text",
        "cue_text",
        "justified",
        "decided_by",
        "evidence",
        "probabilities",
    ]
    exclude = ["source_start", "source_end", "cue_start", "cue_end"]

    @admin.display(description="analyser")
    def analyser(self, row):
        return row.analysis.analyser

    @admin.display(description="source")
    def source_text(self, row):
        return row.span_text("source") or "—"

    @admin.display(description="cue")
    def cue_text(self, row):
        return row.span_text("cue") or "—"


# The two weight tables as one number field each, so editors never edit JSON: (form field, key) per table.
LABEL_WEIGHT_FIELDS = {f"label_weight_{label}": label for label in LABEL_NAMES}
CRITERION_WEIGHT_FIELDS = {f"criterion_weight_{name}": name for name, _, _ in CRITERIA}
WEIGHT_TABLES = [("label_weights", LABEL_WEIGHT_FIELDS), ("criterion_weights", CRITERION_WEIGHT_FIELDS)]
OTHER_SETTINGS = [
    "justified_anonymity_bonus",
    "prior_strength",
    "small_outlet_claims",
    "story_window_days",
    "story_similarity",
    "claim_similarity",
    "auto_promote",
    "public_outlet_pages",
]


class EditorialSettingsForm(forms.ModelForm):
    """The settings with each weight a number field of its own; the model's clean() still checks the
    tables. The weight fields are added per label and criterion, so a new one needs no change here."""

    class Meta:
        model = EditorialSettings
        fields = ["note", *OTHER_SETTINGS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        titles = {name: title for name, title, _ in CRITERIA}
        for table, fields in WEIGHT_TABLES:
            weights = self.initial.get(table) or getattr(self.instance, table)
            for field, key in fields.items():
                if table == "label_weights":
                    label, help_text = f"“{LABEL_NAMES[key]}”", "0 to 1: what a claim so attributed is worth."
                else:
                    label, help_text = (
                        titles[key],
                        "0 to 1: its part of the overall score.",
                    )
                self.fields[field] = forms.FloatField(
                    label=label, min_value=0, max_value=1, help_text=help_text, initial=weights.get(key)
                )

    def clean(self):
        cleaned = super().clean()
        # Set before the model's own clean(), which runs after this and checks the tables whole (a field
        # refused on its own already has its message).
        for table, fields in WEIGHT_TABLES:
            if all(cleaned.get(field) is not None for field in fields):
                setattr(self.instance, table, {key: cleaned[field] for field, key in fields.items()})
        return cleaned

    def _update_errors(self, errors):
        # The model's errors name a whole table, which this form shows field by field: above the form.
        for table, _ in WEIGHT_TABLES:
            if table in getattr(errors, "error_dict", {}):
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(table))
        super()._update_errors(errors)


@admin.register(EditorialSettings)
class EditorialSettingsAdmin(admin.ModelAdmin):
    """Settings are versioned: an edit is saved as a new version; earlier versions stay as they were."""

    form = EditorialSettingsForm
    fieldsets = [
        (None, {"fields": ["version", "created_at", "created_by", "note"]}),
        ("Label weights", {"fields": list(LABEL_WEIGHT_FIELDS)}),
        ("Criterion weights", {"fields": list(CRITERION_WEIGHT_FIELDS)}),
        ("Scoring, stories and the model", {"fields": OTHER_SETTINGS}),
    ]
    list_display = ["version", "created_at", "created_by", "note"]
    list_select_related = ["created_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form as it is: the admin's own factory would refuse the weight fields the form adds.
        return self.form

    search_fields = ["note"]
    readonly_fields = ["version", "created_at", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        current = EditorialSettings.objects.order_by("-version").first()
        if current is None:
            return super().get_changeform_initial_data(request)
        fields = [f.name for f in EditorialSettings._meta.fields if f.editable and f.name != "note"]
        return {name: getattr(current, name) for name in fields}

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            latest = EditorialSettings.objects.select_for_update().order_by("-version").first()
            obj.pk = None  # a change is a new version
            obj.version = (latest.version if latest else 0) + 1
            obj.created_by = request.user
            obj.save()
        self.message_user(request, f"Saved as settings version {obj.version}; new scores will use it.")


class StoryArticleInline(admin.TabularInline):
    model = StoryArticle
    fields = ["article", "similarity", "added_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "first_seen", "last_seen", "article_count", "curated"]
    list_filter = ["curated"]
    search_fields = ["title"]
    fields = ["title", "first_seen", "last_seen", "curated"]
    readonly_fields = ["first_seen", "last_seen", "curated"]
    inlines = [StoryArticleInline]
    actions = ["merge_stories"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("members"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, story):
        return story.article_total

    @admin.action(description="Merge the selected stories into the oldest")
    def merge_stories(self, request, queryset):
        stories = list(queryset.order_by("first_seen", "pk"))
        if len(stories) < 2:
            self.message_user(request, "Select at least two stories to merge.", messages.WARNING)
            return
        keep = merge(stories)
        refresh_story(keep)
        self.message_user(request, f"Merged {len(stories)} stories into “{keep}”; links and scores updated.")


@admin.register(StoryArticle)
class StoryArticleAdmin(admin.ModelAdmin):
    list_display = ["article", "story", "similarity", "added_by"]
    list_select_related = ["article", "story"]
    search_fields = ["article__title", "story__title"]
    readonly_fields = ["article", "story", "similarity", "added_by"]
    actions = ["split_off"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Split the selected articles off into a new story")
    def split_off(self, request, queryset):
        memberships = list(queryset.select_related("article", "story"))
        old_stories = {membership.story for membership in memberships}
        story = split(memberships, title=memberships[0].article.title or "Split story")
        for affected in [story, *(s for s in old_stories if Story.objects.filter(pk=s.pk).exists())]:
            refresh_story(affected)
        self.message_user(request, f"Moved {len(memberships)} article(s) to the new story “{story}”.")


@admin.register(ClaimLink)
class ClaimLinkAdmin(ReadOnlyAdmin):
    list_display = ["kind", "field", "value", "other_value", "sentence", "other", "similarity"]
    list_filter = ["kind", "field"]
    list_select_related = ["sentence", "other"]
    search_fields = ["sentence__text", "other__text"]


@admin.register(OutletScore)
class OutletScoreAdmin(ReadOnlyAdmin):
    list_display = ["outlet", "window", "overall", "interval", "claims", "few_claims", "computed_at"]
    list_filter = ["window", "few_claims", "outlet"]
    list_select_related = ["outlet"]
    readonly_fields = [
        "outlet",
        "window",
        "computed_at",
        "settings",
        "model_version",
        "analyser",
        "articles",
        "claims",
        "overall",
        "overall_low",
        "overall_high",
        "few_claims",
        "explanation",
    ]
    exclude = ["criteria"]

    @admin.display(description="95% interval")
    def interval(self, score):
        return f"{score.overall_low:.0f}–{score.overall_high:.0f}"

    @admin.display(description="criteria and evidence, worst first")
    def explanation(self, score):
        explain([score])
        return format_html_join(
            "",
            "<h4>{}: {} (interval {}–{}, {} claims{})</h4><ul>{}</ul>",
            (
                (
                    criterion["title"],
                    f"{criterion['value']:.1%}",
                    f"{criterion['low']:.1%}",
                    f"{criterion['high']:.1%}",
                    criterion["n"],
                    f"; outlet's own {criterion['raw']:.1%}" if criterion["raw"] is not None else "",
                    format_html_join("", "<li>{}</li>", ((item["text"],) for item in criterion["evidence"])),
                )
                for criterion in score.criteria
            ),
        )


@admin.register(ArticleTally)
class ArticleTallyAdmin(ReadOnlyAdmin):
    list_display = ["article", "outlet", "day", "claims", "unsupported", "anonymous", "vague", "analyser"]
    list_filter = ["outlet", "analysis__analyser"]
    list_select_related = ["article", "outlet", "analysis"]
    search_fields = ["article__title", "outlet__name"]
    date_hierarchy = "day"

    @admin.display(description="analyser", ordering="analysis__analyser")
    def analyser(self, tally):
        return tally.analysis.analyser


@admin.register(Totals)
class TotalsAdmin(ReadOnlyAdmin):
    list_display = ["scope", "articles", "claims", "unsupported", "anonymous", "vague", "contradicted"]


@admin.register(LabelOverride)
class LabelOverrideAdmin(ReadOnlyAdmin):
    """The editors' audit log: read-only for everyone, never deleted."""

    list_display = ["created_at", "editor", "field", "old_value", "new_value", "reason", "sentence"]
    list_filter = ["field", "editor"]
    list_select_related = ["editor", "sentence"]
    search_fields = ["reason", "sentence__text"]


@admin.register(ScoreOverride)
class ScoreOverrideAdmin(ReadOnlyAdmin):
    """The editors' audit log of scores: read-only for everyone, never deleted."""

    list_display = ["created_at", "editor", "outlet", "window", "old_value", "new_value", "reason"]
    list_filter = ["window", "editor"]
    list_select_related = ["editor", "outlet"]
    search_fields = ["reason", "outlet__name"]
