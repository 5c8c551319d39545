from django.urls import path

from planwatch.web.plans import views

app_name = "plans"
urlpatterns = [
    path("import/", views.import_plan, name="import"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/review/", views.review, name="review"),
    path(
        "<int:plan_id>/review/<int:indicator_id>/", views.review_indicator, name="review_indicator"
    ),
    path(
        "<int:plan_id>/review/projects/<int:project_id>/",
        views.review_project,
        name="review_project",
    ),
    path(
        "<int:plan_id>/review/projects/<int:project_id>/delete/",
        views.delete_project,
        name="delete_project",
    ),
    path("<int:plan_id>/review/tasks/<int:task_id>/", views.review_task, name="review_task"),
    path("<int:plan_id>/review/tasks/<int:task_id>/delete/", views.delete_task, name="delete_task"),
    path("<int:plan_id>/publish/", views.publish, name="publish"),
    path("<int:plan_id>/assign/", views.assign, name="assign"),
    path("<int:plan_id>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:plan_id>/upper/", views.link_upper, name="link_upper"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path("targets/<int:target_id>/adjust/", views.adjust_target, name="adjust_target"),
]
