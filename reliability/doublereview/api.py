"""/api/v1/agreement/: the editors' agreement figures (Cohen's kappa) for dashboards, read-only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from reliability.doublereview import agreement
from reliability.doublereview.models import KINDS


class LabelKappaSerializer(serializers.Serializer):
    label = serializers.CharField()
    items = serializers.IntegerField()
    kappa = serializers.FloatField(allow_null=True)


class PairKappaSerializer(serializers.Serializer):
    editors = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)
    items = serializers.IntegerField()
    kappa = serializers.FloatField(allow_null=True)


class WeekKappaSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="ISO year and week of the second label, e.g. 2026-W05.")
    items = serializers.IntegerField()
    kappa = serializers.FloatField(allow_null=True)


class AgreementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    items = serializers.IntegerField(help_text="Double reviews both editors labelled.")
    agreed = serializers.IntegerField()
    kappa = serializers.FloatField(allow_null=True, help_text="Cohen's kappa over all of them.")
    per_label = LabelKappaSerializer(many=True, help_text="Each label against all the others.")
    per_pair = PairKappaSerializer(many=True)
    per_week = WeekKappaSerializer(many=True)


class AgreementViewSet(viewsets.GenericViewSet):
    basename = "agreement"
    serializer_class = AgreementSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Agreement between editors in double review, per kind of review",
        parameters=[
            OpenApiParameter(
                "kind", str, enum=[kind for kind, _ in KINDS], description="Only this kind of double review."
            )
        ],
    )
    def list(self, request):
        kind = request.query_params.get("kind")
        if kind is not None and kind not in dict(KINDS):
            raise ValidationError({"kind": [f"Choose one of: {', '.join(dict(KINDS))}."]})
        figures = [figure for figure in agreement.agreement() if kind in (None, figure["kind"])]
        return Response(AgreementSerializer(figures, many=True).data)
