from django.urls import path

from reliability.doublereview import views

app_name = "doublereview"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("require/", views.require, name="require"),
    path("<int:pk>/", views.label, name="label"),
    path("adjudication/", views.adjudication, name="adjudication"),
    path("adjudication/<int:pk>/", views.decide, name="decide"),
    path("agreement/", views.agreement_page, name="agreement"),
]
