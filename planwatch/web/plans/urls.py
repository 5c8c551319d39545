from django.urls import path

from planwatch.web.plans import views

app_name = "plans"
urlpatterns = [
    path("import/", views.import_plan, name="import"),
    path("<id:plan_id>/review/", views.review, name="review"),
    path("<id:plan_id>/review/<id:indicator_id>/", views.review_indicator, name="review_indicator"),
    path(
        "<id:plan_id>/review/projects/<id:project_id>/",
        views.review_project,
        name="review_project",
    ),
    path(
        "<id:plan_id>/review/projects/<id:project_id>/delete/",
        views.delete_project,
        name="delete_project",
    ),
    path("<id:plan_id>/review/tasks/<id:task_id>/", views.review_task, name="review_task"),
    path("<id:plan_id>/review/tasks/<id:task_id>/delete/", views.delete_task, name="delete_task"),
    path("<id:plan_id>/publish/", views.publish, name="publish"),
    path("<id:plan_id>/upper/", views.link_upper, name="link_upper"),
    path("targets/<id:target_id>/adjust/", views.adjust_target, name="adjust_target"),
]
