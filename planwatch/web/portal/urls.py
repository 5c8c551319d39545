from django.urls import path

from planwatch.web.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<id:plan_id>/", views.plan_detail, name="plan"),
    path("plans/indicators/<id:indicator_id>/", views.indicator_detail, name="indicator"),
]
