from django.urls import path

from reliability.public import views

app_name = "public"
urlpatterns = [
    path("", views.outlet_list, name="outlets"),
    path("<slug:slug>/", views.outlet, name="outlet"),
]
