from django.urls import path

from planwatch.web.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.open_item, name="open"),
    path("<int:item_id>/", views.detail, name="detail"),
    path("<int:item_id>/reply/", views.reply, name="reply"),
    path("<int:item_id>/close/", views.close, name="close"),
]
