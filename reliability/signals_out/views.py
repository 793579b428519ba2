"""JSON-LD for dashboards and fact-check aggregators: read as the REST API is (a dashboard token or a
signed-in viewer), served as application/ld+json."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Article
from reliability.api import claims, scores
from reliability.scoring import current_settings
from reliability.signals_out import jsonld


class JSONLDRenderer(renderers.JSONRenderer):
    media_type = jsonld.MEDIA_TYPE
    format = "jsonld"


class JSONLDView(APIView):
    # JSON too, so a client that asks for plain JSON (or an error) is answered rather than refused.
    renderer_classes = [JSONLDRenderer, renderers.JSONRenderer]

    def linker(self):
        request = self.request

        def link(name, *args):
            return request.build_absolute_uri(reverse(name, args=args))

        return link

    def reviewer(self):
        return jsonld.organisation(settings.SIGNALS_ORGANISATION, self.request.build_absolute_uri("/"))


@extend_schema(exclude=True)  # not part of the REST API's OpenAPI document; README describes it
class OutletJSONLD(JSONLDView):
    def get(self, request, slug):
        outlet = get_object_or_404(scores.outlets_with_latest(), slug=slug)
        row = scores.outlet_rows([outlet], evidence=True)[0]
        return Response(jsonld.outlet_document(row, self.reviewer(), self.linker()))


@extend_schema(exclude=True)
class ClaimJSONLD(JSONLDView):
    def get(self, request, pk):
        values = list(claims.current_analyses().filter(sentence_id=pk).values(*claims.FIELDS))
        rows = list(claims.claim_rows(values))
        if not rows or not rows[0]["is_claim"]:
            return Response({"detail": "No analysed claim has this id."}, status=404)
        claim = rows[0]
        article = Article.objects.select_related("outlet").get(pk=claim["article"])
        weights = current_settings().label_weights
        document = jsonld.claim_document(
            claim, article.outlet.name, article, weights, self.reviewer(), self.linker()
        )
        return Response(document)
