from django.urls import path

from planwatch.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<id:job_id>/", views.job_detail, name="detail"),
]
