"""Back office for the analysis: model versions and stored analyses, read-only (they are records)."""

from django.contrib import admin

from reliability.models import ArticleAnalysis, ModelVersion, SentenceAnalysis


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyAdmin):
    list_display = ["version", "created_at", "training_examples", "is_current", "macro_f1"]
    list_filter = ["is_current"]
    readonly_fields = ["version", "created_at", "training_examples", "data_sha256", "metrics", "card"]

    @admin.display(description="combined macro-F1")
    def macro_f1(self, version):
        return version.metrics.get("systems", {}).get("combined", {}).get("label_macro_f1", "—")


class SentenceAnalysisInline(admin.TabularInline):
    model = SentenceAnalysis
    fields = ["sentence", "is_claim", "label", "confidence", "decided_by"]
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


@admin.register(SentenceAnalysis)
class SentenceAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "label", "is_claim", "confidence", "decided_by", "analyser"]
    list_filter = ["label", "is_claim", "decided_by", "analysis__analyser"]
    list_select_related = ["sentence", "analysis"]
    search_fields = ["sentence__text"]
    readonly_fields = [
        "analysis",
        "sentence",
        "is_claim",
        "claim_score",
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
