"""The API's views: read-only lists for dashboards, overrides for editors. Each view parses the request,
calls the builders in claims.py and scores.py or a serializer, and answers; freshness and exports are
shared by the base class."""

import itertools

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.response import Response

from articles.models import Article, Outlet, Sentence
from reliability.api import claims, exports, filters, freshness, pages, scores, serializers
from reliability.models import (
    ArticleAnalysis,
    ClaimLink,
    LabelOverride,
    ModelVersion,
    OutletScore,
    ScoreOverride,
    Story,
    StoryArticle,
)
from reliability.overrides import Conflict, Invalid, change_sentence, override_score
from reliability.review.access import CHANGE_LABELS, CHANGE_SCORES
from reliability.tasks import rescore_article


def _sources(*pairs):
    return [(model.objects.all() if isinstance(model, type) else model, field) for model, field in pairs]


OUTLET_DATA = [(Outlet, "updated_at"), (OutletScore, "computed_at"), (ScoreOverride, "created_at")]
CLAIM_DATA = [
    (Article, "updated_at"),
    (ArticleAnalysis, "created_at"),
    (LabelOverride, "created_at"),
    (ClaimLink, None),
    (StoryArticle, None),
    (Outlet, "updated_at"),
]


class ApiView(viewsets.GenericViewSet):
    """ETag/Last-Modified on every read; lists with `export_columns` also stream CSV and JSON lines."""

    data_sources = []  # (model or queryset, change-time field or None) the resource is built from
    export_columns = None
    lookup_value_regex = r"[0-9]{1,18}"  # ids; longer numbers than any id are not found, not an error

    def get_renderers(self):
        found = [renderers.JSONRenderer()]
        if self.export_columns and getattr(self, "action", None) == "list":
            found += [exports.CSVRenderer(), exports.JSONLinesRenderer()]
        return found

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        if request.method in ("GET", "HEAD"):
            key = f"{request.get_full_path()}|{request.accepted_renderer.format}"
            self.validators = freshness.validators(self.basename, _sources(*self.data_sources), key)
            if freshness.not_modified(request, *self.validators):
                raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=status.HTTP_304_NOT_MODIFIED)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and getattr(response, "accepted_renderer", None):
            response.accepted_renderer = renderers.JSONRenderer()  # errors are JSON whatever was asked
            response.accepted_media_type = "application/json"
        if getattr(self, "validators", None) and response.status_code in (200, 304):
            freshness.stamp(response, *self.validators)
            response["Vary"] = "Accept, Authorization, Cookie"
        return response

    def export_format(self):
        fmt = self.request.accepted_renderer.format
        return fmt if fmt in exports.FORMATS else None

    def rows(self, values):
        raise NotImplementedError

    def list_rows(self, queryset, values_fields, key):
        """A page of completed rows as JSON, or the whole filtered list streamed as CSV or JSON lines."""
        values = self.filter_queryset(queryset).values(*values_fields)
        fmt = self.export_format()
        if fmt:
            chunked = exports.chunks(values, key)
            first = next(chunked, [])  # the query runs now: a database error is an error, not a cut-off file
            batches = (self.rows(chunk) for chunk in itertools.chain([first], chunked))
            return exports.stream(fmt, batches, self.export_columns, self.basename)
        page = self.paginate_queryset(values)
        return self.get_paginated_response(list(self.rows(page)))


class NotModified(Exception):
    pass


EXPORT_PARAMETERS = [
    OpenApiParameter(
        "format",
        str,
        enum=["json", "csv", "jsonl"],
        description="json (default): a page; csv or jsonl: the whole filtered list, streamed.",
    )
]


def export_responses(serializer):
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiTypes.STR,
        (200, "application/jsonl"): OpenApiTypes.STR,
    }


@extend_schema_view(
    list=extend_schema(
        summary="Claims with attribution, support and evidence",
        parameters=EXPORT_PARAMETERS,
        responses=export_responses(serializers.ClaimSerializer(many=True)),
    ),
    retrieve=extend_schema(summary="One claim", responses=serializers.ClaimSerializer),
)
class ClaimViewSet(ApiView):
    """Every sentence of each article's current analysis; `is_claim=true` keeps the claims only."""

    basename = "claims"
    data_sources = CLAIM_DATA
    filterset_class = filters.ClaimFilter
    pagination_class = type("ClaimCursor", (pages.Cursor,), {"ordering": "sentence_id"})
    serializer_class = serializers.ClaimSerializer
    export_columns = [
        "id", "article", "outlet", "story", "published_at", "order", "start", "end", "raw_start", "raw_end",
        "text", "is_claim", "claim_score", "attribution.label", "attribution.confidence",
        "attribution.source.start", "attribution.source.end", "attribution.source.text",
        "attribution.cue.start", "attribution.cue.end", "attribution.cue.text", "attribution.justified",
        "model.label", "model.is_claim", "model.claim_class", "model.decided_by", "reviewed", "overridden",
        "unsupported", "corroborated_by", "contradicted_by", "evidence", "probabilities", "analyser",
        "analysed_at",
    ]  # fmt: skip

    def get_queryset(self):
        return claims.current_analyses()

    def rows(self, values):
        return claims.claim_rows(values)

    def list(self, request):
        return self.list_rows(self.get_queryset(), claims.FIELDS, "sentence_id")

    def retrieve(self, request, pk):
        values = list(self.get_queryset().filter(sentence_id=pk).values(*claims.FIELDS))
        if not values:
            return Response({"detail": "No analysed sentence has this id."}, status=status.HTTP_404_NOT_FOUND)
        return Response(next(self.rows(values)))


HISTORY_COLUMNS = [
    "id", "outlet", "window", "computed_at", "overall", "low", "high", "few_claims", "articles", "claims",
    "settings_version", "model_version", "analyser",
    *[f"criteria.{name}.{part}" for name in scores.CRITERION_NAMES for part in ("value", "low", "high", "n")],
    "changes",
]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        summary="Score history: every snapshot of every outlet's score",
        parameters=EXPORT_PARAMETERS,
        responses=export_responses(serializers.ScoreSnapshotSerializer(many=True)),
    ),
)
class ScoreHistoryViewSet(ApiView):
    basename = "scores"
    data_sources = [(OutletScore, "computed_at"), (Outlet, "updated_at")]
    filterset_class = filters.ScoreFilter
    pagination_class = pages.Cursor
    serializer_class = serializers.ScoreSnapshotSerializer
    export_columns = HISTORY_COLUMNS

    def get_queryset(self):
        return OutletScore.objects.all()

    def rows(self, values):
        return scores.history_rows(values)

    def list(self, request):
        return self.list_rows(self.get_queryset(), scores.HISTORY_FIELDS, "pk")


@extend_schema_view(
    list=extend_schema(summary="Outlets with their current scores and criteria"),
    retrieve=extend_schema(
        summary="One outlet, with the claims behind each criterion",
        responses=serializers.OutletDetailSerializer,
    ),
)
class OutletViewSet(ApiView):
    basename = "outlets"
    data_sources = [*OUTLET_DATA, (Article, "updated_at"), (ArticleAnalysis, "created_at")]
    serializer_class = serializers.OutletSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    filterset_class = filters.OutletFilter

    def get_queryset(self):
        return scores.outlets_with_latest().filter(article_total__gt=0).order_by("name")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(scores.outlet_rows(page))

    def retrieve(self, request, slug):
        outlet = get_object_or_404(scores.outlets_with_latest(), slug=slug)
        return Response(scores.outlet_rows([outlet], evidence=True)[0])


class ReadOnlyModelView(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiView):
    pass


@extend_schema_view(list=extend_schema(summary="Stories: articles of different outlets about one event"))
class StoryViewSet(ReadOnlyModelView):
    basename = "stories"
    data_sources = [(Story, "updated_at"), (StoryArticle, None), (Article, "updated_at")]
    serializer_class = serializers.StorySerializer
    filterset_class = filters.StoryFilter
    queryset = (
        Story.objects.annotate(article_total=Count("members"))
        .prefetch_related(Prefetch("members", StoryArticle.objects.select_related("article__outlet")))
        .order_by("-last_seen", "-pk")
    )


@extend_schema_view(list=extend_schema(summary="Articles"))
class ArticleViewSet(ReadOnlyModelView):
    basename = "articles"
    data_sources = [(Article, "updated_at"), (StoryArticle, None), (Outlet, "updated_at")]
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    pagination_class = pages.Cursor
    queryset = (
        Article.objects.select_related("outlet", "carried_by", "story_membership")
        .prefetch_related("credits")
        .annotate(sentence_total=Count("sentences"))
        .defer("body", "raw_text", "furniture")
    )


@extend_schema_view(list=extend_schema(summary="Contradictions: claims of two outlets that disagree"))
class ContradictionViewSet(ReadOnlyModelView):
    basename = "contradictions"
    data_sources = [(ClaimLink, None), (Outlet, "updated_at")]
    serializer_class = serializers.ContradictionSerializer
    filterset_class = filters.ContradictionFilter
    pagination_class = pages.Cursor
    queryset = ClaimLink.objects.filter(kind=ClaimLink.CONTRADICTS).select_related(
        "sentence__article__outlet", "other__article__outlet"
    )


@extend_schema_view(list=extend_schema(summary="Model versions"))
class ModelVersionViewSet(ReadOnlyModelView):
    basename = "model-versions"
    data_sources = [(ModelVersion, "promoted_at"), (ModelVersion.objects.filter(is_current=True), None)]
    serializer_class = serializers.ModelVersionSerializer
    queryset = ModelVersion.objects.select_related("trained_by", "promoted_by").order_by("-created_at", "-pk")
    lookup_field = "version"
    lookup_value_regex = ModelVersion.VERSION_PATTERN


def _conflict(conflict):
    return Response(
        {
            "detail": str(conflict),
            "current": conflict.current,
            "by": str(conflict.by) if conflict.by else None,
            "at": conflict.at,
        },
        status=status.HTTP_409_CONFLICT,
    )


WRITE_RESPONSES = {
    400: OpenApiResponse(description="Invalid: a reason is missing, or the value is not allowed."),
    403: OpenApiResponse(description="Only editors may record overrides."),
    404: OpenApiResponse(description="No such claim or outlet."),
    409: serializers.ConflictSerializer,
}


class OverrideView(mixins.CreateModelMixin, ReadOnlyModelView):
    """An audit log that editors add to; overrides are never edited or deleted, and the review pages'
    rules apply (reason, valid value, 409 when someone changed it first)."""

    pagination_class = type("NewestFirst", (pages.Cursor,), {"ordering": "-pk"})
    input_serializer = None

    def record(self, data, editor):
        """Record the override described by the validated input; returns it."""
        raise NotImplementedError

    def create(self, request):
        given = self.input_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            override = self.record(given.validated_data, request.user)
        except Conflict as conflict:
            return _conflict(conflict)
        except Invalid as invalid:
            return Response({"detail": str(invalid)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(override).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="The editors' label changes (audit log)"),
    create=extend_schema(
        summary="Change a claim's label, claim flag or source, or accept it (editors)",
        request=serializers.LabelOverrideInputSerializer,
        responses={201: serializers.LabelOverrideSerializer, **WRITE_RESPONSES},
    ),
)
class LabelOverrideViewSet(OverrideView):
    basename = "label-overrides"
    data_sources = [(LabelOverride, "created_at")]
    serializer_class = serializers.LabelOverrideSerializer
    input_serializer = serializers.LabelOverrideInputSerializer
    filterset_class = filters.LabelOverrideFilter
    write_permission = CHANGE_LABELS
    queryset = LabelOverride.objects.select_related("sentence__article__outlet", "editor")

    def record(self, data, editor):
        sentence = get_object_or_404(Sentence.objects.select_related("article"), pk=data["claim"])
        override = change_sentence(
            sentence, data["field"], data["value"], data["reason"], editor, seen=data.get("seen")
        )
        if override.field != LabelOverride.ACCEPT:
            rescore_article.enqueue(sentence.article_id)
        return override


@extend_schema_view(
    list=extend_schema(summary="The editors' score overrides (audit log)"),
    create=extend_schema(
        summary="Override an outlet's overall score (editors)",
        request=serializers.ScoreOverrideInputSerializer,
        responses={201: serializers.ScoreOverrideSerializer, **WRITE_RESPONSES},
    ),
)
class ScoreOverrideViewSet(OverrideView):
    basename = "score-overrides"
    data_sources = [(ScoreOverride, "created_at")]
    serializer_class = serializers.ScoreOverrideSerializer
    input_serializer = serializers.ScoreOverrideInputSerializer
    filterset_class = filters.ScoreOverrideFilter
    write_permission = CHANGE_SCORES
    queryset = ScoreOverride.objects.select_related("outlet", "editor")

    def record(self, data, editor):
        outlet = get_object_or_404(Outlet, slug=data["outlet"])
        return override_score(
            outlet, data["window"], data["value"], data["reason"], editor, seen=data.get("seen")
        )
