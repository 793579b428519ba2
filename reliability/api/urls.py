"""/api/v1/ and the API's documentation: the OpenAPI schema, Swagger UI and Redoc (served offline)."""

from functools import wraps

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
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

# The documentation pages may load only what this server serves (Redoc would fetch its logo from a CDN).
DOCS_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'"
)


def offline(view):
    @wraps(view)
    def served(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return served


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", offline(SpectacularSwaggerView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc/", offline(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]
