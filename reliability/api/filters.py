"""Filters the API offers, with the same names on every list: outlet (slug), story (id), since and
until (ISO 8601 date or time, inclusive) on each list's own date; labels and flags on claims."""

from datetime import UTC

import django_filters as filters
from django import forms
from django.db.models import Q
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from articles.models import Article, Outlet
from reliability.api.claims import unsupported_q, with_current_values
from reliability.api.serializers import MAX_ID
from reliability.models import (
    LABEL_CHOICES,
    WINDOWS,
    ClaimLink,
    LabelOverride,
    OutletScore,
    ScoreOverride,
    Story,
)


class UtcField(IsoDateTimeField):
    """An ISO 8601 time, turned to UTC here: PostgreSQL refuses offsets beyond ±15:59 that Python allows."""

    def clean(self, value):
        moment = super().clean(value)
        try:
            return moment.astimezone(UTC) if moment else moment
        except OverflowError:
            raise forms.ValidationError("That time is out of range.") from None


class Moment(filters.IsoDateTimeFilter):
    field_class = UtcField


class SinceUntil(filters.FilterSet):
    """`since`/`until` on the field named by the subclass's `date_field`."""

    date_field = ""
    since = Moment(method="filter_since", help_text="On or after this time (ISO 8601).")
    until = Moment(method="filter_until", help_text="On or before this time (ISO 8601).")

    def filter_since(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_until(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})


@extend_schema_field(OpenApiTypes.BOOL)
class Flag(filters.TypedChoiceFilter):
    """true or false, and nothing else (a typo is a 400, not a silently unfiltered list)."""


def flag(help_text):
    return Flag(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_current",
        help_text=help_text,
    )


class IdFilter(filters.NumberFilter):
    """A whole number that fits an id column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


def outlet_filter(path):
    return filters.CharFilter(field_name=f"{path}__slug", help_text="The outlet's slug, as in /outlets/.")


class ClaimFilter(SinceUntil):
    date_field = "sentence__article__published_at"
    outlet = outlet_filter("sentence__article__outlet")
    story = IdFilter(field_name="sentence__article__story_membership__story_id")
    article = IdFilter(field_name="sentence__article_id")
    label = filters.ChoiceFilter(
        choices=LABEL_CHOICES, method="filter_current", help_text="The label as editors see it."
    )
    is_claim = flag("The claim flag as editors see it.")
    unsupported = flag("Claims labelled none or vague that no other outlet corroborates.")
    contradicted = flag("Another outlet disagrees.")
    corroborated = flag("Another outlet says the same.")

    def filter_current(self, queryset, name, value):
        if "current_label" not in queryset.query.annotations:
            queryset = with_current_values(queryset)
        condition = {
            "label": Q(current_label=value),
            "is_claim": Q(current_is_claim=value),
            "unsupported": unsupported_q(),
            "contradicted": Q(is_contradicted=True),
            "corroborated": Q(is_corroborated=True),
        }[name]
        if name in ("unsupported", "contradicted", "corroborated") and not value:
            condition = ~condition
        return queryset.filter(condition)


class OutletFilter(filters.FilterSet):
    ordering = filters.OrderingFilter(
        fields=[
            ("name", "name"),
            ("score", "score"),
            ("article_total", "articles"),
            ("created_at", "created_at"),
        ],
        help_text="name, score (all time, as shown), articles or created_at; a leading - reverses.",
    )

    class Meta:
        model = Outlet
        fields = ["kind"]


class ScoreFilter(SinceUntil):
    date_field = "computed_at"
    outlet = outlet_filter("outlet")
    window = filters.ChoiceFilter(choices=WINDOWS)

    class Meta:
        model = OutletScore
        fields = ["outlet", "window"]


class StoryFilter(SinceUntil):
    date_field = "last_seen"
    outlet = filters.CharFilter(method="filter_outlet", help_text="Stories this outlet's articles are in.")
    ordering = filters.OrderingFilter(
        fields=[("last_seen", "last_seen"), ("first_seen", "first_seen"), ("article_total", "articles")],
        help_text="last_seen (default, newest first with -), first_seen or articles.",
    )

    class Meta:
        model = Story
        fields = ["curated"]

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(members__article__outlet__slug=value).distinct()


class ArticleFilter(SinceUntil):
    date_field = "published_at"
    outlet = outlet_filter("outlet")
    story = IdFilter(field_name="story_membership__story_id")

    class Meta:
        model = Article
        fields = ["outlet", "story", "language"]


class ContradictionFilter(SinceUntil):
    date_field = "sentence__article__published_at"
    outlet = filters.CharFilter(method="filter_outlet", help_text="Either side's outlet.")
    story = IdFilter(field_name="story_id")

    class Meta:
        model = ClaimLink
        fields = ["story", "field"]

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(
            Q(sentence__article__outlet__slug=value) | Q(other__article__outlet__slug=value)
        )


class LabelOverrideFilter(SinceUntil):
    date_field = "created_at"
    outlet = outlet_filter("sentence__article__outlet")
    editor = filters.CharFilter(field_name="editor__username")
    claim = IdFilter(field_name="sentence_id")

    class Meta:
        model = LabelOverride
        fields = ["field"]


class ScoreOverrideFilter(SinceUntil):
    date_field = "created_at"
    outlet = outlet_filter("outlet")
    editor = filters.CharFilter(field_name="editor__username")

    class Meta:
        model = ScoreOverride
        fields = ["window"]
