from django.urls import path

from planwatch.web.projects import views

app_name = "projects"
urlpatterns = [
    path("<int:assignment_id>/<str:period>/", views.report, name="report"),
    path("review/<int:report_id>/approve/", views.decide, {"decision": "approve"}, name="approve"),
    path("review/<int:report_id>/reject/", views.decide, {"decision": "reject"}, name="reject"),
]
