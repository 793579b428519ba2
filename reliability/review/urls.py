from django.urls import path

from reliability.review import articles, jobs, models, outlets, queue

app_name = "review"
urlpatterns = [
    path("", outlets.dashboard, name="dashboard"),
    path("outlets/<slug:slug>/", outlets.outlet, name="outlet"),
    path("outlets/<slug:slug>/override/", outlets.override, name="score-override"),
    path("articles/<int:pk>/", articles.article, name="article"),
    path("articles/<int:pk>/undo/", articles.undo_last, name="article-undo"),
    path("sentences/<int:pk>/panel/", articles.panel, name="panel"),
    path("sentences/<int:pk>/change/", articles.change, name="change"),
    path("queue/", queue.queue, name="queue"),
    path("queue/<int:pk>/decide/", queue.decide, name="decide"),
    path("queue/undo/", queue.undo_change, name="undo"),
    path("model/", models.model_page, name="model"),
    path("model/retrain/", models.retrain, name="retrain"),
    path("model/<str:version>/promote/", models.confirm, name="promote"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", jobs.job, name="job"),
    path("jobs/<int:pk>/progress/", jobs.progress, name="job-progress"),
    path("jobs/<int:pk>/again/", jobs.run_again, name="run-again"),
    path("jobs/ingest/", jobs.ingest, name="ingest"),
    path("jobs/rescore/", jobs.rescore, name="rescore"),
]
