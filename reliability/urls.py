"""The project's URLs: sign-in, the editors' review pages, the back office, the REST API and the
public outlet pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.autodiscover()  # SimpleAdminConfig in settings: the admin modules are found here, not at start
admin.site.site_header = "Source reliability: back office"
admin.site.site_title = "Source reliability"
admin.site.index_title = "Outlets, articles and sentences"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("reliability.api.urls")),
    path("signals/", include("reliability.signals_out.urls")),
    path("double-review/", include("reliability.doublereview.urls")),
    path("disputes/", include("reliability.disputes.urls")),
    path("public/outlets/", include("reliability.public.urls")),
    path("", include("reliability.review.urls")),
]
