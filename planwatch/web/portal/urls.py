from django.urls import path

from planwatch.web.portal import views

app_name = "portal"
urlpatterns = [path("", views.home, name="home")]
