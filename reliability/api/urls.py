"""/api/v1/ and the API's documentation: the OpenAPI schema, Swagger UI and Redoc (served offline)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reliability.api import views
from reliability.doublereview.api import AgreementViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for prefix, viewset in [
    ("outlets", views.OutletViewSet),
    ("scores", views.ScoreHistoryViewSet),
    ("stories", views.StoryViewSet),
    ("articles", views.ArticleViewSet),
    ("claims", views.ClaimViewSet),
    ("contradictions", views.ContradictionViewSet),
    ("overrides/labels", views.LabelOverrideViewSet),
    ("overrides/scores", views.ScoreOverrideViewSet),
    ("model-versions", views.ModelVersionViewSet),
    ("agreement", AgreementViewSet),
]:
    router.register(prefix, viewset, basename=viewset.basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script as a file of its own (`?script`), not inline: the site's policy runs
    # no inline script. Redoc, given no settings, needs none.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
