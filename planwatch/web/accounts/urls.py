from django.urls import path

from planwatch.web.accounts import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", admin_views.PasswordChangeView.as_view(), name="password"),
    path("users/", admin_views.users, name="users"),
    path("units/new/", admin_views.create_unit, name="create_unit"),
    path("users/<int:user_id>/grant/", admin_views.grant, name="grant"),
    path("users/<int:user_id>/unlock/", admin_views.unlock, name="unlock"),
    path("grants/<int:grant_id>/revoke/", admin_views.revoke, name="revoke"),
    path("tokens/", admin_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", admin_views.revoke_token, name="revoke_token"),
]
