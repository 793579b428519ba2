"""The project's URLs: the back office for now; review pages and the API join here."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Source reliability: back office"
admin.site.site_title = "Source reliability"
admin.site.index_title = "Outlets, articles and sentences"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
