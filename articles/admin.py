"""Back office: outlets, articles and sentences; moving articles to the outlet that wrote them, analysing
articles again and rescoring outlets."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.timezone import localtime

from reliability.analysis.model import current_or_none
from reliability.refresh import reanalyse, refresh_outlets, rescore_outlets
from reliability.storage import analyser_name

from .models import Article, Outlet, OutletDomain, Sentence
from .outlets import reassign_articles


class OutletDomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "domain_list", "article_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "domains__domain", "notes"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [OutletDomainInline]
    actions = ["rescore"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(n_articles=Count("articles")).prefetch_related("domains")
        )

    @admin.display(description="domains")
    def domain_list(self, outlet):
        return ", ".join(domain.domain for domain in outlet.domains.all())

    @admin.display(description="articles written", ordering="n_articles")
    def article_count(self, outlet):
        return outlet.n_articles

    @admin.action(description="Rescore selected outlets", permissions=["change"])
    def rescore(self, request, queryset):
        outlets = list(queryset)
        snapshots = rescore_outlets(outlets)
        self.message_user(
            request,
            f"Rescored {len(outlets)} outlet(s): recounted their articles and added "
            f"{len(snapshots)} score snapshot(s).",
            messages.SUCCESS,
        )


@admin.register(OutletDomain)
class OutletDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "outlet"]
    list_filter = ["outlet__kind"]
    list_select_related = ["outlet"]
    search_fields = ["domain", "outlet__name"]
    autocomplete_fields = ["outlet"]


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ["order", "text", "start", "end", "raw_start", "raw_end"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AnalysisFailedFilter(admin.SimpleListFilter):
    title = "analysis failed"
    parameter_name = "analysis_failed"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(analysis_failure__isnull=self.value() == "no")
        return queryset


def analysis_failure_of(article):
    """The article's recorded analysis failure, or None (it has none, or its last analysis succeeded)."""
    return getattr(article, "analysis_failure", None)


class ReassignForm(forms.Form):
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.exclude(kind=Outlet.Kind.UNKNOWN),
        help_text="The outlet that wrote the selected articles.",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "display_title",
        "outlet",
        "carried_by",
        "published_at",
        "ingested_at",
        "language",
        "sentence_count",
        "analysis_failed",
    ]
    list_filter = ["outlet__kind", "source_format", "language", AnalysisFailedFilter, "outlet"]
    list_select_related = ["outlet", "carried_by", "analysis_failure"]
    search_fields = ["title", "body", "url", "outlet__name", "source_name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["outlet", "carried_by", "credits"]
    provenance = ["ingested_at", "updated_at", "source_name", "source_format", "content_hash", "language"]
    readonly_fields = [*provenance, "credit_note", "analysis", "body", "raw_text", "removed_furniture"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "carried_by", "credits", "credit_note", "url", "published_at"]},
        ),
        ("Provenance", {"fields": provenance}),
        ("Analysis", {"fields": ["analysis"]}),
        ("Text", {"fields": ["body", "removed_furniture", "raw_text"]}),
    ]
    inlines = [SentenceInline]
    actions = ["reassign_outlet", "reanalyse_articles"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sentences=Count("sentences"))

    @admin.display(description="sentences", ordering="n_sentences")
    def sentence_count(self, article):
        return article.n_sentences

    @admin.display(description="analysis failed", boolean=True)
    def analysis_failed(self, article):
        return analysis_failure_of(article) is not None

    @admin.display(description="analysis")
    def analysis(self, article):
        failure = analysis_failure_of(article)
        if failure is None:
            return "no failure recorded"
        when = f"{localtime(failure.failed_at):%Y-%m-%d %H:%M}"
        return (
            f"Failed ({failure.analyser}, {when}): {failure.reason} — the next analysis run tries it again."
        )

    @admin.display(description="page furniture removed")
    def removed_furniture(self, article):
        items = [(item["rule"], article.raw_text[item["start"] : item["end"]]) for item in article.furniture]
        return format_html_join("", "<p><b>{}</b>: {}</p>", items) or "nothing"

    def save_model(self, request, obj, form, change):
        if change and "outlet" in form.changed_data:
            new_outlet = obj.outlet
            obj.outlet = Article.objects.get(pk=obj.pk).outlet  # so the move tidies up the old one
            super().save_model(request, obj, form, change)
            reassign_articles([obj], new_outlet)
            refresh_outlets([obj])
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Reassign selected articles to another outlet", permissions=["change"])
    def reassign_outlet(self, request, queryset):
        form = ReassignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            articles = list(queryset)
            moved = reassign_articles(articles, form.cleaned_data["outlet"])
            refresh_outlets(Article.objects.filter(pk__in=[article.pk for article in articles]))
            self.message_user(
                request, f"Moved {moved} article(s) to {form.cleaned_data['outlet']}.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reassign articles",
            "form": form,
            "articles": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/reassign.html", context)

    @admin.action(description="Reanalyse selected articles", permissions=["change"])
    def reanalyse_articles(self, request, queryset):
        model = current_or_none(lambda warning: self.message_user(request, warning, messages.WARNING))
        articles, failed, snapshots = reanalyse(queryset, model)
        for failure in failed:
            self.message_user(request, f"Analysis failed for {failure}", messages.ERROR)
        self.message_user(
            request,
            f"Reanalysed {len(articles)} article(s) with {analyser_name(model)}; "
            f"stories, links and tallies refreshed, {len(snapshots)} score snapshot(s) added.",
            messages.SUCCESS,
        )


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "order", "start", "end", "raw_start", "raw_end"]
    list_filter = ["article__outlet"]
    list_select_related = ["article"]
    search_fields = ["text"]
    readonly_fields = ["article", "order", "start", "end", "raw_start", "raw_end", "text"]

    def has_add_permission(self, request):
        return False
