"""/signals/: outlets and claims as JSON-LD."""

from django.urls import path

from reliability.signals_out import views

urlpatterns = [
    path("outlets/<slug:slug>.jsonld", views.OutletJSONLD.as_view(), name="signals-outlet"),
    path("claims/<int:pk>.jsonld", views.ClaimJSONLD.as_view(), name="signals-claim"),
]
