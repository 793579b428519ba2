from django.urls import path

from reliability.disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("outlet/<slug:slug>/", views.log, name="log"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.decide, name="decide"),
]
