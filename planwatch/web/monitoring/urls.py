from django.urls import path

from planwatch.web.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("assignments/<int:assignment_id>/<str:period>/", views.report, name="report"),
    path("template.xlsx", views.template_xlsx, name="template"),
    path("upload/", views.upload_xlsx, name="upload"),
    path("observations/<int:observation_id>/submit/", views.submit, name="submit"),
    path("observations/<int:observation_id>/evidence/", views.evidence, name="evidence"),
    path("review/", views.review_queue, name="review_queue"),
    path("plans/<int:plan_id>/runs/new/", views.run_create, name="run_create"),
    path("plans/<int:plan_id>/assign/", views.assign, name="assign"),
    path("runs/", views.runs_index, name="runs"),
    path("runs/batch/", views.runs_batch, name="runs_batch"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("indicators/<int:indicator_id>/shares/", views.shares_save, name="shares"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="run_compare"),
    path(
        "review/<int:observation_id>/approve/",
        views.decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "review/<int:observation_id>/reject/", views.decide, {"decision": "reject"}, name="reject"
    ),
]
